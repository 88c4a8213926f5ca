/*
 * frontmatter.c — optional YAML front matter at the top of a minutes file:
 *
 *   ---
 *   council: Northshire County Council
 *   committee: Children's Services Scrutiny Committee
 *   date: 2024-03-14
 *   title: Meeting of 14 March 2024
 *   ---
 *
 * Read with libyaml's event parser; positions in its errors are mapped back to file lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../core/text.h"
#include "load.h"

static int is_fence(const model_doc *d, int li, const char *fence)
{
    const model_line *l = &d->lines.v[li];
    size_t n = text_rtrim(d->text + l->off, l->len);
    return n == strlen(fence) && memcmp(d->text + l->off, fence, n) == 0;
}

static int set_field(model_doc *d, const char *key, const char *val)
{
    char **slot = NULL;
    unsigned char *src = NULL;
    if (!strcmp(key, "council")) slot = &d->council, src = &d->council_src;
    else if (!strcmp(key, "committee")) slot = &d->committee, src = &d->committee_src;
    else if (!strcmp(key, "date")) slot = &d->date, src = &d->date_src;
    else if (!strcmp(key, "title") || !strcmp(key, "meeting")) slot = &d->title, src = &d->title_src;
    if (!slot) return 1;
    free(*slot);
    *slot = slot == &d->council || slot == &d->committee ? text_dup_name(val, strlen(val)) : text_dup(val, strlen(val));
    /* an empty value leaves the field to the weaker sources */
    *src = *val ? META_FRONT : META_NONE;
    return *slot ? 0 : -1;
}

/* A date must read YYYY-MM-DD with a real month and day. */
static int valid_date(const char *s)
{
    int y, m, dd;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) != 3 || strlen(s) != 10) return 0;
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m >= 1 && m <= 12 && dd >= 1 && dd <= mdays[m - 1];
}

int load_frontmatter(model_doc *d, const load_diag *dg, char *errbuf, size_t errlen)
{
    d->body_line = 0;
    if (d->lines.n < 2 || !is_fence(d, 0, "---")) goto defaults;
    int close = -1;
    for (int li = 1; li < d->lines.n; li++)
        if (is_fence(d, li, "---") || is_fence(d, li, "...")) { close = li; break; }
    if (close < 0) {
        snprintf(errbuf, errlen, "%s:1:1: front matter opened with '---' is never closed", dg->path);
        load_report(dg, SC_DIAG_ERROR, 1, 1, "front matter opened with '---' is never closed");
        return SC_PARSE;
    }
    const char *y = d->text + d->lines.v[1].off;
    size_t ylen = d->lines.v[close].off - d->lines.v[1].off;

    yaml_parser_t p;
    yaml_event_t ev;
    int rc = SC_OK, depth = 0, expect_key = 1, done = 0;
    char key[64] = "";
    int key_line = 0, key_col = 0;
    if (!yaml_parser_initialize(&p)) return SC_NOMEM;
    yaml_parser_set_input_string(&p, (const unsigned char *)y, ylen);
    while (!done) {
        if (!yaml_parser_parse(&p, &ev)) {
            int line = (int)p.problem_mark.line + 2, col = (int)p.problem_mark.column + 1;
            snprintf(errbuf, errlen, "%s:%d:%d: front matter: %s", dg->path, line, col,
                     p.problem ? p.problem : "invalid YAML");
            load_report(dg, SC_DIAG_ERROR, line, col, "front matter: %s", p.problem ? p.problem : "invalid YAML");
            rc = SC_PARSE;
            break;
        }
        int line = (int)ev.start_mark.line + 2, col = (int)ev.start_mark.column + 1;
        const char *bad = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = 1; break;
        case YAML_MAPPING_START_EVENT:
            if (depth++ > 0) bad = "values must be plain text, not mappings";
            break;
        case YAML_MAPPING_END_EVENT: depth--; break;
        case YAML_SEQUENCE_START_EVENT: bad = "values must be plain text, not lists"; break;
        case YAML_ALIAS_EVENT: bad = "aliases are not allowed in front matter"; break;
        case YAML_SCALAR_EVENT: {
            const char *v = (const char *)ev.data.scalar.value;
            if (depth != 1) { bad = "front matter must be a mapping of keys to values"; break; }
            if (expect_key) {
                snprintf(key, sizeof key, "%s", v);
                key_line = line;
                key_col = col;
            } else {
                int r = set_field(d, key, v);
                if (r < 0) { rc = SC_NOMEM; done = 1; }
                else if (r > 0)
                    load_report(dg, SC_DIAG_WARNING, key_line, key_col,
                                "front matter: unknown key '%s' ignored (known: council, committee, date, title)", key);
                else if (!strcmp(key, "date") && !valid_date(v))
                    load_report(dg, SC_DIAG_WARNING, line, col,
                                "front matter: date '%s' is not YYYY-MM-DD", v);
            }
            expect_key = !expect_key;
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_DOCUMENT_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
        case YAML_STREAM_START_EVENT:
        case YAML_NO_EVENT: break;
        }
        yaml_event_delete(&ev);
        if (bad) {
            snprintf(errbuf, errlen, "%s:%d:%d: front matter: %s", dg->path, line, col, bad);
            load_report(dg, SC_DIAG_ERROR, line, col, "front matter: %s", bad);
            rc = SC_PARSE;
            break;
        }
    }
    yaml_parser_delete(&p);
    if (rc != SC_OK) return rc;
    d->body_line = close + 1;
defaults:
    if (!d->council && !(d->council = text_dup("", 0))) return SC_NOMEM;
    if (!d->committee && !(d->committee = text_dup("", 0))) return SC_NOMEM;
    if (!d->date && !(d->date = text_dup("", 0))) return SC_NOMEM;
    if (!d->title && !(d->title = text_dup("", 0))) return SC_NOMEM;
    return SC_OK;
}

int load_apply_preset(model_doc *d, const load_preset *preset, int npreset, const load_diag *dg)
{
    for (int i = 0; i < npreset; i++) {
        int r = set_field(d, preset[i].key, preset[i].value);
        if (r < 0) return SC_NOMEM;
        if (r > 0) load_report(dg, SC_DIAG_WARNING, 0, 0, "the loader set an unknown meeting field '%s'", preset[i].key);
        else if (!strcmp(preset[i].key, "date") && *preset[i].value && !valid_date(preset[i].value))
            load_report(dg, SC_DIAG_WARNING, 0, 0, "the loader's date '%s' is not YYYY-MM-DD", preset[i].value);
    }
    return SC_OK;
}
