/*
 * sink_sarif.c — SARIF 2.1.0 for code scanning dashboards (see sink.h).
 *
 * One run: tool.driver carries every rule (id, a CamelCase name, the title as short description,
 * the rule's documentation as full description and help, its tags); each finding is a result
 * whose region counts columns in characters (run.columnKind unicodeCodePoints) with the quoted
 * text as snippet, and whose partialFingerprints hold the finding's fingerprint, which does not
 * move with line numbers. Results are streamed one by one between begin() and end().
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "sink.h"

#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

/* critical and high are errors, warning a warning, notice and info notes. */
static const char *level_of(sc_severity s)
{
    return s >= SC_SEV_HIGH ? "error" : s == SC_SEV_WARNING ? "warning" : "note";
}

/* "outcomes.noted-only" -> "OutcomesNotedOnly": SARIF's reportingDescriptor.name is an identifier. */
static json_t *camel_name(const char *id)
{
    sbuf b = {0};
    int up = 1;
    for (const char *p = id; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) { up = 1; continue; }
        sbuf_addc(&b, up && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : (char)c);
        up = 0;
    }
    json_t *j = sink_json_str(b.s ? b.s : id);
    sbuf_free(&b);
    return j;
}

/* A file name as a URI reference: relative paths stay relative, absolute ones become file:///;
 * every byte outside RFC 3986's unreserved set and '/' is percent-encoded. */
static json_t *path_uri(const char *path)
{
    sbuf b = {0};
    if (path[0] == '/') sbuf_adds(&b, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            sbuf_addc(&b, (char)*p);
        else
            sbuf_printf(&b, "%%%02X", *p);
    }
    json_t *j = json_string(b.s ? b.s : "");
    sbuf_free(&b);
    return j;
}

static json_t *text_msg(const char *s)
{
    return json_pack("{s:o}", "text", sink_json_str(s && *s ? s : "-"));
}

/* A location: the file, and the region when the line is known (end column made exclusive). */
static json_t *location(const char *file, int line, int col, int end_line, int end_col, const char *snippet)
{
    json_t *phys = json_pack("{s:{s:o}}", "artifactLocation", "uri", path_uri(file));
    if (phys && line > 0) {
        json_t *r = json_pack("{s:i,s:i}", "startLine", line, "startColumn", col > 0 ? col : 1);
        if (r && end_line >= line && end_col > 0 && (end_line > line || end_col >= col)) {
            json_object_set_new(r, "endLine", json_integer(end_line));
            json_object_set_new(r, "endColumn", json_integer(end_col + 1));
        }
        if (r && snippet && *snippet) json_object_set_new(r, "snippet", text_msg(snippet));
        json_object_set_new(phys, "region", r);
    }
    return json_pack("{s:o}", "physicalLocation", phys);
}

/* A rule's documentation is wrapped at 100 columns: lines of a paragraph join with a space,
 * blank lines stay paragraph breaks (owned by the caller). */
static char *unwrap(const char *doc)
{
    sbuf b = {0};
    for (const char *p = doc; *p; p++) {
        if (*p != '\n') { sbuf_addc(&b, *p); continue; }
        if (p[1] == '\n') { sbuf_adds(&b, "\n\n"); while (p[1] == '\n') p++; }
        else if (p[1]) sbuf_addc(&b, ' ');
    }
    return b.oom ? (sbuf_free(&b), NULL) : b.s ? sbuf_take(&b) : text_dup("", 0);
}

static json_t *rule_json(const sink_rule *r)
{
    const char *title = r->title && *r->title ? r->title : r->id;
    char *flat = unwrap(r->doc && *r->doc ? r->doc : title);
    const char *doc = flat ? flat : title;
    sbuf md = {0};
    sbuf_printf(&md, "**%s** (`%s`, %s)\n\n%s\n", title, r->id, sc_severity_name(r->severity), doc);
    json_t *j = json_pack("{s:o,s:o,s:o,s:o,s:{s:o,s:s},s:{s:s},s:{s:o,s:s,s:s}}",
                          "id", sink_json_str(r->id), "name", camel_name(r->id), "shortDescription", text_msg(title),
                          "fullDescription", text_msg(doc), "help", "text", sink_json_str(doc), "markdown",
                          md.s ? md.s : doc, "defaultConfiguration", "level", level_of(r->severity), "properties",
                          "tags", sink_json_tags(r->tags), "severity", sc_severity_name(r->severity), "scope",
                          r->scope ? r->scope : "item");
    if (j && !r->enabled) json_object_set_new(json_object_get(j, "defaultConfiguration"), "enabled", json_false());
    sbuf_free(&md);
    free(flat);
    return j;
}

/* Writes `j` (consumed) without its closing brace, so the caller can go on. */
static int open_object(FILE *out, json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!s) return SC_NOMEM;
    size_t n = strlen(s);
    fwrite(s, 1, n - 1, out);
    free(s);
    return ferror(out) ? SC_IO : SC_OK;
}

int sink_sarif_begin(void *ud, FILE *out)
{
    sink_state *st = ud;
    st->n = 0;
    json_t *rules = json_array();
    for (size_t i = 0; rules && st->run && i < st->run->nrules; i++)
        json_array_append_new(rules, rule_json(&st->run->rules[i]));
    json_t *tool = json_pack("{s:{s:s,s:s,s:s,s:o}}", "driver", "name", "scrutiny", "version", SC_VERSION,
                             "semanticVersion", SC_VERSION, "rules", rules);
    if (!tool) return SC_NOMEM;
    fprintf(out, "{\"$schema\":\"%s\",\"version\":\"2.1.0\",\"runs\":[", SARIF_SCHEMA);
    int rc = open_object(out, json_pack("{s:o,s:s}", "tool", tool, "columnKind", "unicodeCodePoints"));
    if (rc == SC_OK) fputs(",\"results\":[", out);
    return rc != SC_OK ? rc : ferror(out) ? SC_IO : SC_OK;
}

int sink_sarif_write(void *ud, FILE *out, const sc_finding *f)
{
    sink_state *st = ud;
    json_t *props = json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "severity", sc_severity_name(f->severity), "council",
                              sink_json_str(f->council), "committee", sink_json_str(f->committee), "date",
                              sink_json_str(f->date), "meeting", sink_json_str(f->meeting), "item",
                              sink_json_str(f->item), "tags", sink_json_tags(f->tags));
    if (props && f->based_on) json_object_set_new(props, "based_on", sink_json_str(f->based_on));
    json_t *r = json_pack("{s:o,s:s,s:o,s:[o],s:{s:s},s:o}", "ruleId", sink_json_str(f->rule), "level",
                          level_of(f->severity), "message", text_msg(f->message), "locations",
                          location(f->file, f->line, f->column, f->end_line, f->end_column, f->excerpt),
                          "partialFingerprints", "scrutiny/v1", f->fingerprint, "properties", props);
    if (!r) return SC_NOMEM;
    for (size_t i = 0; st->run && i < st->run->nrules; i++)
        if (!strcmp(st->run->rules[i].id, f->rule)) {
            json_object_set_new(r, "ruleIndex", json_integer((json_int_t)i));
            break;
        }
    if (f->waived) /* shown with --show-waived: a suppression GitHub displays as dismissed */
        json_object_set_new(r, "suppressions", json_pack("[{s:s,s:o}]", "kind", "external", "justification",
                                                         sink_json_str(f->waived)));
    if (st->n++) fputc(',', out);
    int rc = json_dumpf(r, out, JSON_COMPACT);
    json_decref(r);
    return rc || ferror(out) ? SC_IO : SC_OK;
}

/* Closes the results; the run's errors and warnings are the invocation's notifications. */
int sink_sarif_end(void *ud, FILE *out)
{
    sink_state *st = ud;
    json_t *notes = json_array();
    int ok = 1;
    for (size_t i = 0; notes && st->run && i < st->run->ndiags; i++) {
        const sink_diag *d = &st->run->diags[i];
        if (d->level == SC_DIAG_ERROR) ok = 0;
        json_t *n = json_pack("{s:s,s:o}", "level", d->level == SC_DIAG_ERROR ? "error" : "warning", "message",
                              text_msg(d->message));
        if (n && d->file) json_object_set_new(n, "locations", json_pack("[o]", location(d->file, d->line, d->column, 0, 0, NULL)));
        json_array_append_new(notes, n);
    }
    json_t *inv = json_pack("[{s:b,s:o}]", "executionSuccessful", ok, "toolExecutionNotifications", notes);
    if (!inv) return SC_NOMEM;
    fputs("],\"invocations\":", out);
    int rc = json_dumpf(inv, out, JSON_COMPACT);
    json_decref(inv);
    fputs("}]}\n", out);
    return rc || ferror(out) ? SC_IO : SC_OK;
}
