/*
 * text.h — small text utilities shared by every module: a growable byte buffer, UTF-8 decoding,
 * character classes for the Latin text of minutes, and string helpers.
 */
#ifndef SC_TEXT_H
#define SC_TEXT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* A growable NUL-terminated buffer. Zero-initialise; free with sbuf_free. On allocation failure
 * `oom` is set and further appends do nothing, so callers check once at the end. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
    int oom;
} sbuf;

void sbuf_add(sbuf *b, const char *s, size_t n);
void sbuf_adds(sbuf *b, const char *s);
void sbuf_addc(sbuf *b, char c);
void sbuf_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_free(sbuf *b);
/* Returns the buffer's string, transferring ownership to the caller (never NULL unless oom). */
char *sbuf_take(sbuf *b);

/* Reads stream f whole into *out (owned by the caller, NUL-terminated), up to `limit` bytes:
 * 0, -1 on a read error or out of memory, -2 past the limit (reading stops there, so a huge
 * file or an endless device costs at most `limit` of memory). */
int text_read_stream(FILE *f, size_t limit, char **out, size_t *len);

/* Decodes one UTF-8 character from s[0..n). Returns its byte length (>= 1) and stores the code
 * point, or returns 0 when the bytes are not valid UTF-8 (overlong, surrogate, truncated). */
int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Number of UTF-8 characters in s[0..n) of valid UTF-8. */
size_t utf8_count(const char *s, size_t n);

/* True for space, tab and U+00A0 (NO-BREAK SPACE) at s; *len gets its byte length. Inline, as
 * the trims below: the parsers ask at every byte of a name or a sentence's end. */
static inline int text_is_space(const char *s, size_t n, int *len)
{
    if (n >= 1 && (s[0] == ' ' || s[0] == '\t')) { *len = 1; return 1; }
    if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) { *len = 2; return 1; }
    return 0;
}

/* Owned copy of s[0..n), or NULL when out of memory. */
char *text_dup(const char *s, size_t n);

/* Owned copy of s[0..n) with leading/trailing spaces (incl. NBSP) removed and inner runs of
 * spaces collapsed to one ' '. */
char *text_dup_clean(const char *s, size_t n);
/* The same written to out (room for n + 1 bytes), NUL-terminated; returns its length. */
size_t text_clean_to(char *out, const char *s, size_t n);

/* As text_dup_clean, with curly quotes made straight: the one spelling of a council's or a
 * committee's name, so "Bishop’s Wendle" in one file and "Bishop's Wendle" in another (or in a
 * scorecard) are one council. */
char *text_dup_name(const char *s, size_t n);

/* ASCII lower case without the locale: these run for every token against word tables. */
static inline unsigned char text_lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

/* ASCII case-insensitive prefix test: does s[0..n) start with `word`? Inline: the parsers call
 * it at every word, and the first byte settles most calls. */
static inline int text_istarts(const char *s, size_t n, const char *word)
{
    for (size_t i = 0;; i++) {
        if (!word[i]) return 1;
        if (i >= n || text_lower((unsigned char)s[i]) != text_lower((unsigned char)word[i])) return 0;
    }
}

/* ASCII case-insensitive equality: is s[0..n) exactly `word`? */
static inline int text_ieq(const char *s, size_t n, const char *word)
{
    for (size_t i = 0;; i++) {
        if (!word[i]) return i == n;
        if (i >= n || text_lower((unsigned char)s[i]) != text_lower((unsigned char)word[i])) return 0;
    }
}

/* Is c one of the bytes of `set`, a string literal? strchr(set, c) without the call (and false
 * for c == '\0'): the literal's length is known when compiling, so the test unrolls into a few
 * comparisons. */
#define text_in(set, c) text_in_n("" set, sizeof("" set) - 1, (c))
static inline int text_in_n(const char *set, size_t n, char c)
{
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 16
#endif
    for (size_t i = 0; i < n; i++)
        if (set[i] == c) return 1;
    return 0;
}

/* The offset of the first '.', '!' or '?' in s[i..n), n when there is none. Sentence ends
 * are far apart, so the search reads sixteen bytes at a time (eight without SSE2). */
size_t text_find_stop(const char *s, size_t i, size_t n);

/* A bit for each of s[0..16) that is the byte c (bit k for s[k]): a loop over the set bits
 * visits the places of a rare byte, sixteen bytes a step. All sixteen must be readable. */
static inline unsigned text_mask16(const char *s, char c)
{
#ifdef __SSE2__
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)s), _mm_set1_epi8(c)));
#else
    unsigned m = 0;
    for (int k = 0; k < 16; k++) m |= (unsigned)(s[k] == c) << k;
    return m;
#endif
}

/* Length of s[0..n) after trimming trailing spaces (ASCII and NBSP). */
static inline size_t text_rtrim(const char *s, size_t n)
{
    for (;;) {
        if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
        else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0) n -= 2;
        else return n;
    }
}

/* Bytes of leading spaces (ASCII and NBSP) in s[0..n). */
static inline size_t text_ltrim(const char *s, size_t n)
{
    size_t i = 0;
    int sl;
    while (i < n && text_is_space(s + i, n - i, &sl)) i += (size_t)sl;
    return i;
}

/* Month 1..12 of the word s[0..n) when it is a month's name or abbreviation, any case:
 * "January", "jan", "Sept"; else 0. */
int text_month(const char *s, size_t n);

/* Edit distance between two short strings (for "did you mean" suggestions); large for long ones. */
int text_distance(const char *a, const char *b);

#endif
