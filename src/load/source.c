/*
 * source.c — turns raw bytes into the sanitized text every span points into.
 *
 * Line ends become '\n' (CRLF, lone CR and form feed alike), a UTF-8 BOM is dropped, invalid
 * UTF-8 bytes become U+FFFD and other control characters a space, so that one byte of input
 * never shifts columns of the characters after it. Spans then count in this text; its line
 * numbers match the input's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "../core/text.h"
#include "load.h"

/* Minutes lines are paragraphs; a megabyte without a line break is a data file or an attack. */
#define MAX_LINE_CHARS (1 << 20)

void load_report(const load_diag *dg, sc_diag_level lv, int line, int col, const char *fmt, ...)
{
    if (!dg || !dg->fn) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    dg->fn(dg->ud, lv, dg->path, line, col, msg);
}

static int fail(const load_diag *dg, char *errbuf, size_t errlen, int line, int col, const char *msg)
{
    if (errbuf && errlen) snprintf(errbuf, errlen, "%s:%d:%d: %s", dg ? dg->path : "?", line, col, msg);
    load_report(dg, SC_DIAG_ERROR, line, col, "%s", msg);
    return SC_PARSE;
}

/* The end of the run of printable ASCII (0x20..0x7E) from s[i]: a byte below 0x20, 0x7F or one
 * with the high bit set ends it. Sixteen bytes at a time with SSE2, else eight. */
static size_t plain_run(const unsigned char *s, size_t i, size_t len)
{
#ifdef __SSE2__
    const __m128i below = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
    for (; i + 16 <= len; i += 16) {
        /* as signed bytes, those with the high bit set are below 0x20 too */
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned stop = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(v, below), _mm_cmpeq_epi8(v, del)));
        if (stop) return i + (size_t)__builtin_ctz(stop);
    }
#else
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    for (; i + 8 <= len; i += 8) {
        uint64_t v, del;
        memcpy(&v, s + i, 8);
        del = v ^ (0x7F * ones);
        if ((((v - 0x20 * ones) & ~v) | v | ((del - ones) & ~del)) & high) break;
    }
#endif
    while (i < len && s[i] >= 0x20 && s[i] < 0x7F) i++;
    return i;
}

int load_sanitize(model_doc *d, const char *data, size_t len, const load_diag *dg,
                  char *errbuf, size_t errlen)
{
    const unsigned char *s = (const unsigned char *)data;
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return fail(dg, errbuf, errlen, 1, 1, "UTF-16 text is not supported; convert the file to UTF-8");
    size_t i = 0;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        load_report(dg, SC_DIAG_NOTE, 1, 1, "UTF-8 byte order mark ignored");
        i = 3;
    }
    /* One pass into one buffer: every input byte gives at most one output byte, except an
     * invalid one (three bytes of U+FFFD), so the buffer grows only for those. */
    size_t cap = len - i + 1, w = 0;
    char *o = malloc(cap);
    if (!o) return SC_NOMEM;
    int line = 1, col = 1, bad = 0, bad_line = 0, bad_col = 0, crlf = 0;
    /* the line table as the lines go by: where the current line starts, the characters before
     * it, and whether it holds a character of more than one byte */
    size_t line_w = 0;
    uint32_t line_chars = 0;
    int multi = 0;
    d->lines.n = 0;
    while (i < len) {
        /* a run of printable ASCII, the bulk of any minutes */
        size_t r = plain_run(s, i, len);
        if (r > i) {
            if ((size_t)col + (r - i) - 1 > MAX_LINE_CHARS) {
                free(o);
                return fail(dg, errbuf, errlen, line, col > MAX_LINE_CHARS ? col : MAX_LINE_CHARS + 1,
                            "line longer than 1,048,576 characters: not minutes text");
            }
            memcpy(o + w, s + i, r - i);
            w += r - i;
            col += (int)(r - i);
            i = r;
            continue;
        }
        unsigned c = s[i];
        if (c == 0) {
            free(o);
            return fail(dg, errbuf, errlen, line, col, "binary file: NUL byte");
        }
        if (c == '\r' || c == '\n' || c == '\f') {
            if (c == '\r' && i + 1 < len && s[i + 1] == '\n') { i++; crlf = 1; }
            if (model_add_line(d, (uint32_t)line_w, (uint32_t)(w - line_w), line_chars, !multi)) { free(o); return SC_NOMEM; }
            line_chars += (uint32_t)col; /* its characters and the newline */
            line_w = w + 1;
            multi = 0;
            o[w++] = '\n';
            i++;
            line++;
            col = 1;
            continue;
        }
        if (c < 0x20 || c == 0x7F) { /* tab stays; other controls read as a space */
            o[w++] = c == '\t' ? '\t' : ' ';
            i++;
            col++;
            continue;
        }
        if (col > MAX_LINE_CHARS) {
            free(o);
            return fail(dg, errbuf, errlen, line, col, "line longer than 1,048,576 characters: not minutes text");
        }
        multi = 1;
        uint32_t cp;
        int n = utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            if (!bad++) { bad_line = line; bad_col = col; }
            if (w + 3 + (len - i - 1) + 1 > cap) {
                size_t nc = cap * 2 > w + 3 + (len - i) ? cap * 2 : w + 3 + (len - i);
                char *g = realloc(o, nc);
                if (!g) { free(o); return SC_NOMEM; }
                o = g;
                cap = nc;
            }
            memcpy(o + w, "\xEF\xBF\xBD", 3);
            w += 3;
            i++;
        } else {
            memcpy(o + w, s + i, (size_t)n);
            w += (size_t)n;
            i += (size_t)n;
        }
        col++;
    }
    o[w] = '\0';
    if (model_add_line(d, (uint32_t)line_w, (uint32_t)(w - line_w), line_chars, !multi)) { free(o); return SC_NOMEM; }
    if (bad)
        load_report(dg, SC_DIAG_WARNING, bad_line, bad_col,
                    "invalid UTF-8: %d byte%s replaced by U+FFFD", bad, bad == 1 ? "" : "s");
    if (crlf) load_report(dg, SC_DIAG_NOTE, 1, 1, "CRLF line ends read as LF");
    d->text = o;
    d->len = w;
    if (model_index_blocks(d)) return SC_NOMEM;
    size_t content = 0;
    for (size_t k = 0; k < d->len; k++) {
        int sl;
        if (d->text[k] == '\n') continue;
        if (text_is_space(d->text + k, d->len - k, &sl)) { k += (size_t)sl - 1; continue; }
        content++;
        break;
    }
    if (!content) return fail(dg, errbuf, errlen, 1, 1, "empty file: no text to read");
    return SC_OK;
}
