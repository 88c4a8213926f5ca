/* sink_jsonl.c — JSON Lines through jansson (see sink.h). */
#include <jansson.h>
#include <stdint.h>
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

/* A finding is written by hand rather than through jansson's objects (a third of a run that
 * reports stored findings went there), byte for byte as json_dumpf(JSON_COMPACT) writes it:
 * '"' and '\\' and control characters escaped (\b \f \n \r \t, else \u00XX in upper case),
 * everything else as it is, bytes that are not UTF-8 as U+FFFD (as sink_json_str). The line is
 * built in one buffer that grows by what each string could need at most, so a byte costs a
 * table lookup and a store. */
typedef struct jline {
    char *s;
    size_t len, cap;
    int oom;
} jline;

/* Room for n more bytes at s + len, or NULL (oom set). */
static char *room(jline *b, size_t n)
{
    if (b->oom) return NULL;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n) cap *= 2;
        char *v = realloc(b->s, cap);
        if (!v) { b->oom = 1; return NULL; }
        b->s = v;
        b->cap = cap;
    }
    return b->s + b->len;
}

static void put_raw(jline *b, const char *s, size_t n)
{
    char *w = room(b, n);
    if (!w) return;
    memcpy(w, s, n);
    b->len += n;
}

/* 0: the byte stands as it is; 1: escaped; 2: the start of a character beyond ASCII */
static const unsigned char kind[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* Does any of the 8 bytes of x need more than a copy (a control byte, '"', '\\', or one >= 0x80)? */
static int word_special(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
    return (((x - ones * 0x20) | (q - ones) | (bs - ones)) & ~x & high) != 0 || (x & high) != 0;
}

/* n bytes of s as a JSON string. */
static void put_strn(jline *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    char *w = room(b, 6 * n + 2); /* a control byte takes 6; U+FFFD takes 3 for 1 */
    if (!w) return;
    const unsigned char *p = (const unsigned char *)s;
    *w++ = '"';
    for (size_t i = 0; i < n;) {
        uint64_t x;
        if (i + 8 <= n && (memcpy(&x, p + i, 8), !word_special(x))) { /* eight plain bytes at once */
            memcpy(w, p + i, 8);
            w += 8;
            i += 8;
            continue;
        }
        unsigned c = p[i];
        if (!kind[c]) { *w++ = (char)c; i++; continue; }
        if (kind[c] == 2) {
            uint32_t cp;
            int k = utf8_decode(p + i, n - i, &cp);
            if (k) { memcpy(w, p + i, (size_t)k); w += k; i += (size_t)k; }
            else { memcpy(w, "\xEF\xBF\xBD", 3); w += 3; i++; }
            continue;
        }
        *w++ = '\\';
        switch (c) {
        case '"': *w++ = '"'; break;
        case '\\': *w++ = '\\'; break;
        case '\b': *w++ = 'b'; break;
        case '\f': *w++ = 'f'; break;
        case '\n': *w++ = 'n'; break;
        case '\r': *w++ = 'r'; break;
        case '\t': *w++ = 't'; break;
        default: memcpy(w, "u00", 3); w[3] = hex[c >> 4]; w[4] = hex[c & 15]; w += 5;
        }
        i++;
    }
    *w++ = '"';
    b->len = (size_t)(w - b->s);
}

static void put_str(jline *b, const char *s) { put_strn(b, s ? s : "", s ? strlen(s) : 0); }

/* A list "a, b" (split at `sep`) as an array of strings. */
static void put_list(jline *b, const char *s, const char *sep, int trim)
{
    put_raw(b, "[", 1);
    int first = 1;
    size_t seplen = strlen(sep);
    for (const char *p = s ? s : ""; *p;) {
        if (trim) while (*p == ' ' || *p == ',') p++;
        const char *end = strstr(p, sep);
        size_t n = end ? (size_t)(end - p) : strlen(p);
        size_t m = n;
        if (trim) while (m && p[m - 1] == ' ') m--;
        if (m || !trim) {
            if (!first) put_raw(b, ",", 1);
            put_strn(b, p, m);
            first = 0;
        }
        p += n + (end ? seplen : 0);
        if (!end) break;
    }
    put_raw(b, "]", 1);
}

/* A key as written before its value (a literal: its length is known). */
#define KEY(b, lit) put_raw(b, lit, sizeof lit - 1)

static void put_num(jline *b, int v)
{
    char d[16];
    int k = sizeof d;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do d[--k] = (char)('0' + u % 10); while ((u /= 10) && k > 1);
    if (v < 0) d[--k] = '-';
    put_raw(b, d + k, sizeof d - (size_t)k);
}

int sink_jsonl_write(void *ud, FILE *out, const sc_finding *f)
{
    (void)ud;
    jline b = {0};
    KEY(&b, "{\"rule\":");
    put_str(&b, f->rule);
    KEY(&b, ",\"severity\":");
    put_str(&b, sc_severity_name(f->severity));
    KEY(&b, ",\"message\":");
    put_str(&b, f->message);
    KEY(&b, ",\"file\":");
    put_str(&b, f->file);
    KEY(&b, ",\"line\":");
    put_num(&b, f->line);
    KEY(&b, ",\"column\":");
    put_num(&b, f->column);
    KEY(&b, ",\"end_line\":");
    put_num(&b, f->end_line);
    KEY(&b, ",\"end_column\":");
    put_num(&b, f->end_column);
    KEY(&b, ",\"excerpt\":");
    put_str(&b, f->excerpt);
    KEY(&b, ",\"council\":");
    put_str(&b, f->council);
    KEY(&b, ",\"meeting\":");
    put_str(&b, f->meeting);
    KEY(&b, ",\"item\":");
    put_str(&b, f->item);
    KEY(&b, ",\"fingerprint\":");
    put_str(&b, f->fingerprint);
    if (f->waived) {
        KEY(&b, ",\"waived\":");
        put_str(&b, f->waived);
    }
    if (f->based_on) { /* an escalation: the findings it rests on */
        KEY(&b, ",\"based_on\":");
        put_list(&b, f->based_on, "; ", 0);
    }
    /* added after 0.1.0, after the older keys so that their order stays */
    KEY(&b, ",\"title\":");
    put_str(&b, f->title);
    KEY(&b, ",\"tags\":");
    put_list(&b, f->tags, ",", 1);
    KEY(&b, ",\"committee\":");
    put_str(&b, f->committee);
    KEY(&b, ",\"date\":");
    put_str(&b, f->date);
    KEY(&b, ",\"type\":\"finding\"}\n");
    int rc = b.oom ? SC_NOMEM : fwrite(b.s, 1, b.len, out) == b.len ? SC_OK : SC_IO;
    free(b.s);
    return rc;
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
