/* text.c — buffers, UTF-8 and string helpers (see text.h). */
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static int grow(sbuf *b, size_t need)
{
    if (b->oom) return -1;
    if (b->len + need + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + need + 1) cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) { b->oom = 1; return -1; }
    b->s = s;
    b->cap = cap;
    return 0;
}

void sbuf_add(sbuf *b, const char *s, size_t n)
{
    if (grow(b, n)) return;
    if (n) memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sbuf_adds(sbuf *b, const char *s) { sbuf_add(b, s, strlen(s)); }
void sbuf_addc(sbuf *b, char c) { sbuf_add(b, &c, 1); }

void sbuf_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || grow(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sbuf_free(sbuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

char *sbuf_take(sbuf *b)
{
    if (!b->s) sbuf_add(b, "", 0);
    if (b->oom) { sbuf_free(b); return NULL; }
    char *s = b->s;
    memset(b, 0, sizeof *b);
    return s;
}

int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0) return 0;
    unsigned c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    int len;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) { len = 2; v = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; v = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if ((size_t)len > n) return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

/* Eight bytes at a time: a continuation byte is 10xxxxxx, so its bit 7 is set and bit 6 clear;
 * columns are counted this way for every span of every document. */
size_t utf8_count(const char *s, size_t n)
{
    const uint64_t high = 0x8080808080808080u;
    size_t k = n, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        uint64_t cont = (v & ~(v << 1)) & high;
        k -= (size_t)(((cont >> 7) * 0x0101010101010101u) >> 56);
    }
    for (; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) == 0x80) k--;
    return k;
}

size_t text_find_stop(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'), query = _mm_set1_epi8('?');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, bang)), _mm_cmpeq_epi8(v, query));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask) return i + (size_t)__builtin_ctz(mask);
    }
#else
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    for (; i + 8 <= n; i += 8) {
        uint64_t v, a, b, c;
        memcpy(&v, s + i, 8);
        a = v ^ ('.' * ones);
        b = v ^ ('!' * ones);
        c = v ^ ('?' * ones);
        /* a zero byte in a, b or c sets its high bit (and at worst a byte after it too) */
        if (!((((a - ones) & ~a) | ((b - ones) & ~b) | ((c - ones) & ~c)) & high)) continue;
        for (size_t k = i; k < i + 8; k++)
            if (s[k] == '.' || s[k] == '!' || s[k] == '?') return k;
    }
#endif
    for (; i < n; i++)
        if (s[i] == '.' || s[i] == '!' || s[i] == '?') return i;
    return n;
}

char *text_dup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

size_t text_clean_to(char *out, const char *s, size_t n)
{
    size_t i = text_ltrim(s, n);
    n = text_rtrim(s, n);
    /* most names hold no tab, NBSP or double space: then they are copied as they are */
    size_t k = i;
    while (k < n && s[k] != '\t' && (unsigned char)s[k] != 0xC2 && !(s[k] == ' ' && k + 1 < n && s[k + 1] == ' ')) k++;
    if (k >= n) {
        size_t m = n > i ? n - i : 0;
        memcpy(out, s + i, m);
        out[m] = '\0';
        return m;
    }
    char *w = out;
    int pending = 0, sl;
    while (i < n) {
        if (text_is_space(s + i, n - i, &sl)) { pending = 1; i += (size_t)sl; continue; }
        if (pending) *w++ = ' ';
        pending = 0;
        *w++ = s[i++];
    }
    *w = '\0';
    return (size_t)(w - out);
}

char *text_dup_clean(const char *s, size_t n)
{
    size_t i = text_ltrim(s, n), e = text_rtrim(s, n);
    char *v = malloc(e > i ? e - i + 1 : 1);
    if (!v) return NULL;
    text_clean_to(v, s, n);
    return v;
}

char *text_dup_name(const char *s, size_t n)
{
    char *v = text_dup_clean(s, n);
    if (!v) return NULL;
    char *w = v;
    for (const char *r = v; *r;) {
        const unsigned char *u = (const unsigned char *)r;
        if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x98 || u[2] == 0x99)) { *w++ = '\''; r += 3; }
        else if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x9C || u[2] == 0x9D)) { *w++ = '"'; r += 3; }
        else *w++ = *r++;
    }
    *w = '\0';
    return v;
}

int text_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 63 || m > 63) return 99;
    int row[64];
    for (size_t j = 0; j <= m; j++) row[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            int up = row[j];
            int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            int best = diag + cost;
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

int text_read_stream(FILE *f, size_t limit, char **out, size_t *len)
{
    /* straight into the buffer, which doubles as it fills (to limit + 1 bytes at most, one
     * past the limit to know it was passed): no copy through a chunk on the stack */
    size_t cap = limit < 65536 ? limit + 1 : 65536, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) return -1;
    for (;;) {
        if (n == cap) {
            size_t nc = cap > limit / 2 ? limit + 1 : cap * 2;
            char *g = realloc(buf, nc + 1);
            if (!g) { free(buf); return -1; }
            buf = g;
            cap = nc;
        }
        size_t want = cap - n, r = fread(buf + n, 1, want, f);
        n += r;
        if (n > limit) { free(buf); return -2; }
        if (r < want) break; /* fread stops short only at the end or on an error: no read more */
    }
    if (ferror(f)) { free(buf); return -1; }
    buf[n] = '\0';
    *len = n;
    *out = buf;
    return 0;
}

int text_month(const char *s, size_t n)
{
    static const char *const names[] = { "january", "february", "march", "april", "may", "june", "july",
                                         "august", "september", "october", "november", "december" };
    static const unsigned char lens[] = { 7, 8, 5, 5, 3, 4, 4, 6, 9, 7, 8, 8 };
    if (n < 3 || n > 9) return 0;
    unsigned char c = text_lower((unsigned char)s[0]);
    for (int m = 0; m < 12; m++) {
        if (names[m][0] != c) continue; /* the first letter rules out all but a few */
        if (n == lens[m] || n == 3 || (n == 4 && m == 8)) { /* the name, its first three letters, "Sept" */
            size_t q = 1;
            while (q < n && text_lower((unsigned char)s[q]) == (unsigned char)names[m][q]) q++;
            if (q == n) return m + 1;
        }
    }
    return 0;
}
