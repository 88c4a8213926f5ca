/* wordset.c — word lists looked up by hash (see wordset.h). */
#include "wordset.h"

#include <string.h>

static void key_of(wordset_key *k, const char *s, size_t n)
{
    wordset_key_clear(k);
    for (size_t i = 0; i < n; i++) wordset_key_put(k, i, (unsigned char)s[i]);
}

static uint32_t slot_of(const wordset_key *k, size_t n)
{
    uint64_t h = (k->q[0] * 0x9E3779B97F4A7C15u) ^ (k->q[1] * 0xC2B2AE3D27D4EB4Fu) ^ n;
    h ^= h >> 29;
    return (uint32_t)(h * 0xBF58476D1CE4E5B9u >> 40) & (WORDSET_SLOTS - 1);
}

static int same(const wordset_entry *e, const wordset_key *k, size_t n)
{
    return e->len == n && e->key.q[0] == k->q[0] && e->key.q[1] == k->q[1];
}

int wordset_add(wordset *w, const char *word, uint32_t sets, int value, const char *kind)
{
    return wordset_add_n(w, word, strlen(word), sets, value, kind);
}

int wordset_add_n(wordset *w, const char *word, size_t n, uint32_t sets, int value, const char *kind)
{
    if (n == 0 || n > WORDSET_MAX) return -1;
    wordset_key k;
    key_of(&k, word, n);
    for (uint32_t i = slot_of(&k, n);; i = (i + 1) & (WORDSET_SLOTS - 1)) {
        if (w->slot[i] && !same(&w->v[w->slot[i] - 1], &k, n)) continue;
        if (!w->slot[i]) {
            if (w->n == WORDSET_WORDS) return -1;
            w->v[w->n] = (wordset_entry){ .key = k, .word = word, .len = (uint32_t)n };
            w->slot[i] = (uint16_t)++w->n;
        }
        wordset_entry *e = &w->v[w->slot[i] - 1];
        e->sets |= sets;
        if (value) e->value = value;
        if (kind) e->kind = kind;
        return 0;
    }
}

int wordset_add_all(wordset *w, const char *const *words, size_t count, uint32_t sets)
{
    for (size_t k = 0; k < count; k++)
        if (wordset_add(w, words[k], sets, 0, NULL)) return -1;
    return 0;
}

const wordset_entry *wordset_find(const wordset *w, const char *s, size_t n)
{
    if (n == 0 || n > WORDSET_MAX) return NULL;
    wordset_key k;
    key_of(&k, s, n);
    return wordset_find_key(w, &k, n);
}

const wordset_entry *wordset_find_key(const wordset *w, const wordset_key *k, size_t n)
{
    if (n == 0 || n > WORDSET_MAX) return NULL;
    for (uint32_t i = slot_of(k, n);; i = (i + 1) & (WORDSET_SLOTS - 1)) {
        if (!w->slot[i]) return NULL;
        const wordset_entry *e = &w->v[w->slot[i] - 1];
        if (same(e, k, n)) return e;
    }
}
