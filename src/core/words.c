/*
 * words.c — the word index of a document's folded text.
 *
 * find_any and has_any used to scan an object's text once per keyword. The index lists every
 * word start once, sorted by the word, so a keyword is two binary searches to the words it can
 * start at, and then only the places it occurs. It is built once per document, on the first
 * search of a text of 4 KB or more (shorter texts are scanned: cheaper than the searches):
 * O(words) hashing and a radix sort of the distinct words.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* isalnum in the C locale, as a table (letters 1, digits 2): the index is built byte by byte,
 * and the matcher's tokenizer reads words with it */
const unsigned char model_alnum[256] = {
    ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
    ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1,
    ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

static int alnum(char c) { return model_alnum[(unsigned char)c] != 0; }

/* Word a against bytes w[0..n): memcmp order, a shorter word first. */
static int cmp_bytes(const char *fold, const model_word *a, const char *w, size_t n)
{
    size_t m = a->len < n ? a->len : n;
    int c = memcmp(fold + a->pos, w, m);
    if (c) return c;
    return a->len < n ? -1 : a->len > n ? 1 : 0;
}

/* The first 8 bytes of a word as a number that sorts as the bytes do: words hold no NUL, so the
 * zero padding puts a shorter word before the longer ones it starts. */
static uint64_t word_key(const char *w, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < 8; i++) k = k << 8 | (i < n ? (unsigned char)w[i] : 0);
    return k;
}

/* Sorts the distinct words perm[0..n) (ids into uniq) in memcmp order: an LSD radix sort on the
 * first 8 bytes, then each run of equal keys (words that share them) by insertion. A comparison
 * sort with memcmp was a fifth of a meeting-scope rule's time on its first search. */
static int sort_uniq(const char *fold, const model_word *uniq, uint32_t *perm, size_t n)
{
    uint64_t *key = malloc((n + 1) * sizeof *key), *key2 = malloc((n + 1) * sizeof *key2);
    uint32_t *perm2 = malloc((n + 1) * sizeof *perm2);
    if (!key || !key2 || !perm2) { free(key); free(key2); free(perm2); return -1; }
    for (size_t i = 0; i < n; i++) key[i] = word_key(fold + uniq[perm[i]].pos, uniq[perm[i]].len);
    for (int shift = 0; shift < 64; shift += 8) {
        size_t count[257] = { 0 };
        for (size_t i = 0; i < n; i++) count[((key[i] >> shift) & 0xff) + 1]++;
        if (count[((key[0] >> shift) & 0xff) + 1] == n) continue; /* one byte value: nothing moves */
        for (int b = 0; b < 256; b++) count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++) {
            size_t to = count[(key[i] >> shift) & 0xff]++;
            key2[to] = key[i];
            perm2[to] = perm[i];
        }
        uint64_t *tk = key; key = key2; key2 = tk;
        memcpy(perm, perm2, n * sizeof *perm);
    }
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && key[b] == key[a]) b++;
        for (size_t i = a + 1; i < b; i++) { /* longer words sharing their first 8 bytes */
            uint32_t x = perm[i];
            size_t j = i;
            while (j > a && cmp_bytes(fold, &uniq[perm[j - 1]], fold + uniq[x].pos, uniq[x].len) > 0) {
                perm[j] = perm[j - 1];
                j--;
            }
            perm[j] = x;
        }
        a = b;
    }
    free(key); free(key2); free(perm2);
    return 0;
}

static uint32_t hash_word(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Sorts the word starts v[0..n), given in text order, by word and then place. A document says
 * few words many times: the distinct words are found by hashing and only they are sorted; then
 * each place, in text order, goes to the end of its word's run. */
static int sort_words(const char *fold, model_word *v, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    uint32_t *slot = calloc(cap, sizeof *slot); /* distinct word id + 1; 0 = empty */
    uint32_t *id = malloc((n + 1) * sizeof *id);  /* per place: its word */
    uint32_t *at = calloc(n + 1, sizeof *at);     /* per word: its count, then where its run goes */
    uint32_t *perm = malloc((n + 1) * sizeof *perm);
    model_word *uniq = malloc((n + 1) * sizeof *uniq), *out = malloc((n + 1) * sizeof *out);
    int rc = -1;
    if (!slot || !id || !at || !perm || !uniq || !out) goto done;
    size_t nu = 0;
    for (size_t k = 0; k < n; k++) {
        const char *w = fold + v[k].pos;
        for (size_t h = hash_word(w, v[k].len) & (cap - 1);; h = (h + 1) & (cap - 1)) {
            uint32_t u = slot[h];
            if (!u) {
                uniq[nu] = v[k];
                slot[h] = (uint32_t)++nu;
                id[k] = (uint32_t)nu - 1;
                break;
            }
            if (uniq[u - 1].len == v[k].len && !memcmp(fold + uniq[u - 1].pos, w, v[k].len)) {
                id[k] = u - 1;
                break;
            }
        }
        at[id[k]]++;
    }
    for (size_t i = 0; i < nu; i++) perm[i] = (uint32_t)i;
    if (nu && sort_uniq(fold, uniq, perm, nu)) goto done;
    uint32_t sum = 0;
    for (size_t i = 0; i < nu; i++) {
        uint32_t c = at[perm[i]];
        at[perm[i]] = sum;
        sum += c;
    }
    for (size_t k = 0; k < n; k++) out[at[id[k]]++] = v[k];
    memcpy(v, out, n * sizeof *v);
    rc = 0;
done:
    free(slot); free(id); free(at); free(perm); free(uniq); free(out);
    return rc;
}

int model_words(model_doc *d)
{
    if (d->words) return 0;
    if (model_fold(d)) return -1;
    size_t n = 0, cap = d->fold_len / 4 + 16, k = 0;
    model_word *v = malloc(cap * sizeof *v);
    if (!v) return -1;
    for (size_t p = 0; p < d->fold_len;) { /* one pass: each word's start and length */
        if (!alnum(d->fold[p])) { p++; continue; }
        size_t q = p + 1;
        while (q < d->fold_len && alnum(d->fold[q])) q++;
        if (k == cap) {
            model_word *nv = realloc(v, (cap *= 2) * sizeof *v);
            if (!nv) { free(v); return -1; }
            v = nv;
        }
        v[k++] = (model_word){ (uint32_t)p, (uint32_t)(q - p) };
        p = q;
    }
    n = k;
    if (sort_words(d->fold, v, n)) {
        free(v);
        return -1;
    }
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
