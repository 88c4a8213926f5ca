/*
 * wordset.h — word lists looked up by hash, ASCII case ignored.
 *
 * The loader reads every token against dozens of lists (units, roles, verbs, number words).
 * A wordset holds all of them at once: each word is stored once with a bit per list it belongs
 * to, so a token is hashed once and then tested against any list with one AND. The words are
 * borrowed (string literals); a set is filled once and then only read, from any thread.
 */
#ifndef SC_WORDSET_H
#define SC_WORDSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct wordset_entry {
    const char *word; /* lower case; NULL marks a free slot */
    uint32_t len;
    uint32_t sets;    /* a bit per list holding the word */
    int value;        /* what the word stands for (a number word's number), 0 when none */
    const char *kind; /* a name that goes with the word, or NULL */
} wordset_entry;

#define WORDSET_SLOTS 1024 /* a power of two, at least twice the words */

typedef struct wordset {
    wordset_entry v[WORDSET_SLOTS];
    int n;
} wordset;

/* Adds `word` (lower case, borrowed) to the lists in `sets`; a word already there joins them
 * too. A non-zero value and a non-NULL kind are kept. Returns 0, or -1 when the set is full. */
int wordset_add(wordset *w, const char *word, uint32_t sets, int value, const char *kind);

/* As wordset_add, for the word word[0..n) (the first word of a phrase, say). */
int wordset_add_n(wordset *w, const char *word, size_t n, uint32_t sets, int value, const char *kind);

/* Adds each of words[0..count) to `sets`. Returns 0, or -1 when the set is full. */
int wordset_add_all(wordset *w, const char *const *words, size_t count, uint32_t sets);

/* The entry of s[0..n) in any case, or NULL when the word is in no list. */
const wordset_entry *wordset_find(const wordset *w, const char *s, size_t n);

/* The hash wordset_find computes, for a caller that reads the word byte by byte anyway (a
 * tokenizer): start from WORDSET_HASH_START, add each byte with wordset_hash_byte, then look
 * the word up with wordset_find_hash. FNV-1a over the bytes in ASCII lower case. */
#define WORDSET_HASH_START 2166136261u
static inline uint32_t wordset_hash_byte(uint32_t h, unsigned char c)
{
    return (h ^ (c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c)) * 16777619u;
}
const wordset_entry *wordset_find_hash(const wordset *w, const char *s, size_t n, uint32_t h);

#endif
