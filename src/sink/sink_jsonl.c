/* sink_jsonl.c — JSON Lines through jansson (see sink.h). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "sink.h"

/* A JSON string; bytes that are not UTF-8 (only possible in file names) become U+FFFD. */
json_t *sink_json_str(const char *s)
{
    json_t *j = json_string(s ? s : "");
    if (j) return j;
    sbuf b = {0};
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (k) sbuf_add(&b, s + i, (size_t)k);
        else sbuf_add(&b, "\xEF\xBF\xBD", 3);
        i += k ? (size_t)k : 1;
    }
    j = json_string(b.s ? b.s : "");
    sbuf_free(&b);
    return j;
}

json_t *sink_json_tags(const char *tags)
{
    json_t *a = json_array();
    for (const char *p = tags ? tags : ""; a && *p;) {
        while (*p == ' ' || *p == ',') p++;
        size_t n = strcspn(p, ",");
        while (n && p[n - 1] == ' ') n--;
        if (n) {
            char *one = text_dup(p, n);
            if (one) json_array_append_new(a, sink_json_str(one));
            free(one);
        }
        p += strcspn(p, ",");
    }
    return a;
}

static int put_line(json_t *o, FILE *out)
{
    int rc = json_dumpf(o, out, JSON_COMPACT);
    json_decref(o);
    if (rc != 0) return SC_IO;
    fputc('\n', out);
    return ferror(out) ? SC_IO : SC_OK;
}

int sink_jsonl_write(void *ud, FILE *out, const sc_finding *f)
{
    (void)ud;
    json_t *o = json_object();
    if (!o) return SC_NOMEM;
    json_object_set_new(o, "rule", sink_json_str(f->rule));
    json_object_set_new(o, "severity", json_string(sc_severity_name(f->severity)));
    json_object_set_new(o, "message", sink_json_str(f->message));
    json_object_set_new(o, "file", sink_json_str(f->file));
    json_object_set_new(o, "line", json_integer(f->line));
    json_object_set_new(o, "column", json_integer(f->column));
    json_object_set_new(o, "end_line", json_integer(f->end_line));
    json_object_set_new(o, "end_column", json_integer(f->end_column));
    json_object_set_new(o, "excerpt", sink_json_str(f->excerpt));
    json_object_set_new(o, "council", sink_json_str(f->council));
    json_object_set_new(o, "meeting", sink_json_str(f->meeting));
    json_object_set_new(o, "item", sink_json_str(f->item));
    json_object_set_new(o, "fingerprint", json_string(f->fingerprint));
    if (f->waived) json_object_set_new(o, "waived", sink_json_str(f->waived));
    if (f->based_on) { /* an escalation: the findings it rests on */
        json_t *a = json_array();
        for (const char *p = f->based_on; a && *p;) {
            const char *end = strstr(p, "; ");
            size_t n = end ? (size_t)(end - p) : strlen(p);
            char *one = text_dup(p, n);
            if (one) json_array_append_new(a, sink_json_str(one));
            free(one);
            p += n + (end ? 2 : 0);
        }
        json_object_set_new(o, "based_on", a);
    }
    /* added after 0.1.0, after the older keys so that their order stays */
    json_object_set_new(o, "title", sink_json_str(f->title));
    json_object_set_new(o, "tags", sink_json_tags(f->tags));
    json_object_set_new(o, "committee", sink_json_str(f->committee));
    json_object_set_new(o, "date", sink_json_str(f->date));
    json_object_set_new(o, "type", json_string("finding"));
    return put_line(o, out);
}

/* The run's errors and warnings follow the findings, in the order they were reported. */
int sink_jsonl_end(void *ud, FILE *out)
{
    const sink_state *st = ud;
    for (size_t i = 0; st && st->run && i < st->run->ndiags; i++) {
        const sink_diag *d = &st->run->diags[i];
        json_t *o = json_object();
        if (!o) return SC_NOMEM;
        json_object_set_new(o, "type", json_string(d->level == SC_DIAG_ERROR ? "error" : "warning"));
        json_object_set_new(o, "message", sink_json_str(d->message));
        if (d->file) json_object_set_new(o, "file", sink_json_str(d->file));
        if (d->file && d->line > 0) {
            json_object_set_new(o, "line", json_integer(d->line));
            json_object_set_new(o, "column", json_integer(d->column > 0 ? d->column : 1));
        }
        int rc = put_line(o, out);
        if (rc != SC_OK) return rc;
    }
    return SC_OK;
}
