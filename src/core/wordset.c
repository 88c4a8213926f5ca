/* wordset.c — word lists looked up by hash (see wordset.h). */
#include "wordset.h"

#include <string.h>

static inline unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

static uint32_t hash(const char *s, size_t n)
{
    uint32_t h = WORDSET_HASH_START;
    for (size_t i = 0; i < n; i++) h = wordset_hash_byte(h, (unsigned char)s[i]);
    return h;
}

static int same(const wordset_entry *e, const char *s, size_t n)
{
    if (e->len != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != (unsigned char)e->word[i]) return 0;
    return 1;
}

int wordset_add(wordset *w, const char *word, uint32_t sets, int value, const char *kind)
{
    return wordset_add_n(w, word, strlen(word), sets, value, kind);
}

int wordset_add_n(wordset *w, const char *word, size_t n, uint32_t sets, int value, const char *kind)
{
    for (uint32_t i = hash(word, n) & (WORDSET_SLOTS - 1);; i = (i + 1) & (WORDSET_SLOTS - 1)) {
        wordset_entry *e = &w->v[i];
        if (e->word && !same(e, word, n)) continue;
        if (!e->word) {
            if (2 * (w->n + 1) > WORDSET_SLOTS) return -1;
            e->word = word;
            e->len = (uint32_t)n;
            w->n++;
        }
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
    return wordset_find_hash(w, s, n, hash(s, n));
}

const wordset_entry *wordset_find_hash(const wordset *w, const char *s, size_t n, uint32_t h)
{
    for (uint32_t i = h & (WORDSET_SLOTS - 1);; i = (i + 1) & (WORDSET_SLOTS - 1)) {
        const wordset_entry *e = &w->v[i];
        if (!e->word) return NULL;
        if (same(e, s, n)) return e;
    }
}
