/* sink_jsonl.c — JSON Lines through jansson (see sink.h). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "sink.h"

/* A JSON string; bytes that are not UTF-8 (only possible in file names) become U+FFFD. */
static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
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

int sink_jsonl_write(void *ud, FILE *out, const sc_finding *f)
{
    (void)ud;
    json_t *o = json_object();
    if (!o) return SC_NOMEM;
    json_object_set_new(o, "rule", jstr(f->rule));
    json_object_set_new(o, "severity", json_string(sc_severity_name(f->severity)));
    json_object_set_new(o, "message", jstr(f->message));
    json_object_set_new(o, "file", jstr(f->file));
    json_object_set_new(o, "line", json_integer(f->line));
    json_object_set_new(o, "column", json_integer(f->column));
    json_object_set_new(o, "end_line", json_integer(f->end_line));
    json_object_set_new(o, "end_column", json_integer(f->end_column));
    json_object_set_new(o, "excerpt", jstr(f->excerpt));
    json_object_set_new(o, "council", jstr(f->council));
    json_object_set_new(o, "meeting", jstr(f->meeting));
    json_object_set_new(o, "item", jstr(f->item));
    json_object_set_new(o, "fingerprint", json_string(f->fingerprint));
    if (f->waived) json_object_set_new(o, "waived", jstr(f->waived));
    if (f->based_on) { /* an escalation: the findings it rests on */
        json_t *a = json_array();
        for (const char *p = f->based_on; a && *p;) {
            const char *end = strstr(p, "; ");
            size_t n = end ? (size_t)(end - p) : strlen(p);
            char *one = text_dup(p, n);
            if (one) json_array_append_new(a, jstr(one));
            free(one);
            p += n + (end ? 2 : 0);
        }
        json_object_set_new(o, "based_on", a);
    }
    int rc = json_dumpf(o, out, JSON_COMPACT);
    json_decref(o);
    if (rc != 0) return SC_IO;
    fputc('\n', out);
    return ferror(out) ? SC_IO : SC_OK;
}
