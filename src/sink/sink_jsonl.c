/* sink_jsonl.c — JSON Lines through jansson (see sink.h). */
#include <jansson.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
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
 * everything else as it is, bytes that are not UTF-8 as U+FFFD (as sink_json_str). The line's
 * greatest length is known before it is written (6 bytes for each byte of its strings), so it
 * is built unchecked in one buffer, on the stack when it fits; runs of plain bytes are found
 * sixteen at a time (eight without SSE2) and copied at once. */

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

/* The first byte of p[i .. n) that needs more than a copy (a control byte, '"', '\\', or one
 * >= 0x80), or n. */
static size_t plain_run(const unsigned char *p, size_t i, size_t n)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        /* signed: a byte >= 0x80 is below 0x20 too */
        __m128i m = _mm_or_si128(_mm_cmplt_epi8(x, space), _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)));
        unsigned mask = (unsigned)_mm_movemask_epi8(m);
        if (mask) return i + (size_t)__builtin_ctz(mask);
    }
    if (i < n && n >= 16) { /* the rest: the string's last sixteen bytes, those before i left out */
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + n - 16));
        __m128i m = _mm_or_si128(_mm_cmplt_epi8(x, space), _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)));
        unsigned mask = (unsigned)_mm_movemask_epi8(m) >> (i - (n - 16));
        return mask ? i + (size_t)__builtin_ctz(mask) : n;
    }
#else
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
        if (((((x - ones * 0x20) | (q - ones) | (bs - ones)) & ~x) | x) & high) break;
    }
#endif
    while (i < n && !kind[p[i]]) i++;
    return i;
}

/* n bytes of s as a JSON string at w (room for 6 * n + 2); returns the end. */
static char *put_strn(char *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)s;
    *w++ = '"';
    for (size_t i = 0;;) {
        size_t j = plain_run(p, i, n);
        memcpy(w, p + i, j - i);
        w += j - i;
        if ((i = j) == n) break;
        unsigned c = p[i];
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
    return w;
}

/* A list "a, b" (split at `sep`) as an array of strings (room for 6 * strlen(s) + 2). */
static char *put_list(char *w, const char *s, const char *sep, int trim)
{
    *w++ = '[';
    int first = 1;
    size_t seplen = strlen(sep);
    for (const char *p = s ? s : ""; *p;) {
        if (trim) while (*p == ' ' || *p == ',') p++;
        const char *end = strstr(p, sep);
        size_t n = end ? (size_t)(end - p) : strlen(p);
        size_t m = n;
        if (trim) while (m && p[m - 1] == ' ') m--;
        if (m || !trim) {
            if (!first) *w++ = ',';
            w = put_strn(w, p, m);
            first = 0;
        }
        p += n + (end ? seplen : 0);
        if (!end) break;
    }
    *w++ = ']';
    return w;
}

static char *put_num(char *w, int v)
{
    char d[16];
    int k = sizeof d;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do d[--k] = (char)('0' + u % 10); while ((u /= 10) && k > 1);
    if (v < 0) d[--k] = '-';
    memcpy(w, d + k, sizeof d - (size_t)k);
    return w + (sizeof d - (size_t)k);
}

/* A key and its value's opening, as written before the value (a literal: its length is known). */
#define KEY(w, lit) (memcpy(w, lit, sizeof lit - 1), (w) += sizeof lit - 1)
/* A key and string k of the finding (NULL as ""). */
#define FIELD(w, lit, k) (KEY(w, lit), (w) = put_strn(w, s[k] ? s[k] : "", len[k]))

enum { NSTR = 15, LINE_STACK = 8192 };

int sink_jsonl_write(void *ud, FILE *out, const sc_finding *f)
{
    (void)ud;
    const char *s[NSTR] = { f->rule, sc_severity_name(f->severity), f->message, f->file, f->excerpt, f->council,
                            f->meeting, f->item, f->fingerprint, f->waived, f->based_on, f->title, f->tags,
                            f->committee, f->date };
    size_t len[NSTR], bound = 512; /* keys, numbers, quotes, commas */
    for (int k = 0; k < NSTR; k++) {
        len[k] = s[k] ? strlen(s[k]) : 0;
        bound += 6 * len[k] + 4; /* a list's element: 6 a byte (the separators too), quotes and a comma */
    }
    char stack[LINE_STACK], *buf = bound <= sizeof stack ? stack : malloc(bound), *w = buf;
    if (!buf) return SC_NOMEM;
    FIELD(w, "{\"rule\":", 0);
    FIELD(w, ",\"severity\":", 1);
    FIELD(w, ",\"message\":", 2);
    FIELD(w, ",\"file\":", 3);
    KEY(w, ",\"line\":");
    w = put_num(w, f->line);
    KEY(w, ",\"column\":");
    w = put_num(w, f->column);
    KEY(w, ",\"end_line\":");
    w = put_num(w, f->end_line);
    KEY(w, ",\"end_column\":");
    w = put_num(w, f->end_column);
    FIELD(w, ",\"excerpt\":", 4);
    FIELD(w, ",\"council\":", 5);
    FIELD(w, ",\"meeting\":", 6);
    FIELD(w, ",\"item\":", 7);
    FIELD(w, ",\"fingerprint\":", 8);
    if (f->waived) FIELD(w, ",\"waived\":", 9);
    if (f->based_on) { /* an escalation: the findings it rests on */
        KEY(w, ",\"based_on\":");
        w = put_list(w, f->based_on, "; ", 0);
    }
    /* added after 0.1.0, after the older keys so that their order stays */
    FIELD(w, ",\"title\":", 11);
    KEY(w, ",\"tags\":");
    w = put_list(w, f->tags, ",", 1);
    FIELD(w, ",\"committee\":", 13);
    FIELD(w, ",\"date\":", 14);
    KEY(w, ",\"type\":\"finding\"}\n");
    size_t n = (size_t)(w - buf);
    int rc = fwrite(buf, 1, n, out) == n ? SC_OK : SC_IO;
    if (buf != stack) free(buf);
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
