/*
 * words.c — the word index of a document's folded text.
 *
 * find_any and has_any used to scan an object's text once per keyword. The index lists every
 * word start once, sorted by the word, so a keyword is two binary searches to the words it can
 * start at, and then only the places it occurs. It is built once per document, on the first
 * search of a text of 4 KB or more (shorter texts are scanned: cheaper than the searches):
 * O(words x log words) comparisons of short words (a comparison stops at the first differing
 * byte of the shorter word).
 */
#define _GNU_SOURCE /* qsort_r */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static int alnum(char c) { return isalnum((unsigned char)c) != 0; }

/* Word a against bytes w[0..n): memcmp order, a shorter word first. */
static int cmp_bytes(const char *fold, const model_word *a, const char *w, size_t n)
{
    size_t m = a->len < n ? a->len : n;
    int c = memcmp(fold + a->pos, w, m);
    if (c) return c;
    return a->len < n ? -1 : a->len > n ? 1 : 0;
}

static int cmp_words(const void *x, const void *y, void *ud)
{
    const char *fold = ud;
    const model_word *a = x, *b = y;
    int c = cmp_bytes(fold, a, fold + b->pos, b->len);
    if (c) return c;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

int model_words(model_doc *d)
{
    if (d->words) return 0;
    if (model_fold(d)) return -1;
    size_t n = 0;
    for (size_t p = 0; p < d->fold_len; p++)
        if (alnum(d->fold[p]) && (p == 0 || !alnum(d->fold[p - 1]))) n++;
    model_word *v = malloc((n + 1) * sizeof *v);
    if (!v) return -1;
    size_t k = 0;
    for (size_t p = 0; p < d->fold_len; p++) {
        if (!alnum(d->fold[p]) || (p > 0 && alnum(d->fold[p - 1]))) continue;
        size_t q = p;
        while (q < d->fold_len && alnum(d->fold[q])) q++;
        v[k++] = (model_word){ (uint32_t)p, (uint32_t)(q - p) };
        p = q - 1;
    }
    qsort_r(v, n, sizeof *v, cmp_words, d->fold);
    d->words = v;
    d->nwords = n;
    return 0;
}

/* Compares word i with w[0..n) as a prefix (0 when the word starts with it) or exactly. */
static int cmp_key(const model_doc *d, size_t i, const char *w, size_t n, int exact)
{
    const model_word *a = &d->words[i];
    if (exact) return cmp_bytes(d->fold, a, w, n);
    size_t m = a->len < n ? a->len : n;
    int c = memcmp(d->fold + a->pos, w, m);
    if (c) return c;
    return a->len < n ? -1 : 0;
}

void model_words_range(const model_doc *d, const char *w, size_t n, int exact, size_t *lo, size_t *hi)
{
    size_t a = 0, b = d->nwords;
    while (a < b) { /* first word not below the key */
        size_t mid = a + (b - a) / 2;
        if (cmp_key(d, mid, w, n, exact) < 0) a = mid + 1;
        else b = mid;
    }
    *lo = a;
    b = d->nwords;
    while (a < b) { /* first word above it */
        size_t mid = a + (b - a) / 2;
        if (cmp_key(d, mid, w, n, exact) <= 0) a = mid + 1;
        else b = mid;
    }
    *hi = a;
}

size_t model_words_run_end(const model_doc *d, size_t i, size_t hi)
{
    const model_word *w = &d->words[i];
    size_t a = i + 1, b = hi;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (cmp_bytes(d->fold, &d->words[mid], d->fold + w->pos, w->len) <= 0) a = mid + 1;
        else b = mid;
    }
    return a;
}
