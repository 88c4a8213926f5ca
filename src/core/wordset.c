/* wordset.c — word lists looked up by hash (see wordset.h). */
#include "wordset.h"

#include <string.h>

/* ASCII A-Z to a-z in each byte of v, other bytes as they are: a byte's high bit is set in
 * `upper` when it is below 0x80 and between 'A' and 'Z'. */
static uint64_t lower8(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t low7 = v & ~high;
    uint64_t upper = ((low7 + (0x80 - 'A') * ones) ^ (low7 + (0x80 - 'Z' - 1) * ones)) & ~v & high;
    return v | (upper >> 2);
}

/* The key of s[0..n), n <= WORDSET_MAX: copied, then put in lower case eight bytes at a time. */
static void key_of(wordset_key *k, const char *s, size_t n)
{
    wordset_key_clear(k);
    memcpy(k->b, s, n);
    k->q[0] = lower8(k->q[0]);
    k->q[1] = lower8(k->q[1]);
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
    for (uint32_t i = wordset_slot_(&k, n);; i = (i + 1) & (WORDSET_SLOTS - 1)) {
        if (w->slot[i] && !wordset_same_(&w->v[w->slot[i] - 1], &k, n)) continue;
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
