/*
 * wordset.h — word lists looked up by hash, ASCII case ignored.
 *
 * The loader reads every token against dozens of lists (units, roles, verbs, number words).
 * A wordset holds all of them at once: each word is stored once with a bit per list it belongs
 * to, so a token is looked up once and then tested against any list with one AND. A word is
 * kept as its key, its bytes in lower case padded with zeros to WORDSET_MAX: a tokenizer that
 * writes the key as it reads the word gets the hash and the comparison from two 64-bit words,
 * with no pass over the bytes again. The words are borrowed (string literals); a set is filled
 * once and then only read, from any thread.
 */
#ifndef SC_WORDSET_H
#define SC_WORDSET_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define WORDSET_MAX 16 /* bytes of the longest word a list may hold */

/* A word in ASCII lower case, zero-padded: build with wordset_key_of, or byte by byte with
 * wordset_key_clear and wordset_key_put. */
typedef union wordset_key {
    unsigned char b[WORDSET_MAX];
    uint64_t q[2];
} wordset_key;

typedef struct wordset_entry {
    wordset_key key;  /* the word's key */
    const char *word; /* lower case */
    uint32_t len;
    uint32_t sets;    /* a bit per list holding the word */
    int value;        /* what the word stands for (a number word's number), 0 when none */
    const char *kind; /* a name that goes with the word, or NULL */
} wordset_entry;

#define WORDSET_WORDS 1024 /* the most words a set holds */
#define WORDSET_SLOTS 4096 /* a power of two, four times the words: a lookup seldom probes twice */

typedef struct wordset {
    wordset_entry v[WORDSET_WORDS]; /* the words, in the order they came */
    int n;
    uint16_t slot[WORDSET_SLOTS];   /* 1 + the index in v of the word hashed here, 0 when free */
} wordset;

/* Adds `word` (lower case, borrowed, at most WORDSET_MAX bytes) to the lists in `sets`; a word
 * already there joins them too. A non-zero value and a non-NULL kind are kept. Returns 0, or -1
 * when the set is full or the word too long. */
int wordset_add(wordset *w, const char *word, uint32_t sets, int value, const char *kind);

/* As wordset_add, for the word word[0..n) (the first word of a phrase, say). */
int wordset_add_n(wordset *w, const char *word, size_t n, uint32_t sets, int value, const char *kind);

/* Adds each of words[0..count) to `sets`. Returns 0, or -1 when the set is full. */
int wordset_add_all(wordset *w, const char *const *words, size_t count, uint32_t sets);

/* The entry of s[0..n) in any case, or NULL when the word is in no list. */
const wordset_entry *wordset_find(const wordset *w, const char *s, size_t n);

/* The key of a word read byte by byte: clear it, then put byte number i (0-based) of the word
 * for each i below WORDSET_MAX; a longer word is in no list (wordset_find_key says so). */
static inline void wordset_key_clear(wordset_key *k) { k->q[0] = k->q[1] = 0; }
static inline void wordset_key_put(wordset_key *k, size_t i, unsigned char c)
{
    if (i < WORDSET_MAX) k->b[i] = c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Reads the run of ASCII letters at s, at most `max` bytes (max <= WORDSET_MAX), into key k,
 * which holds nothing else: returns the run's length. `avail` is how many bytes may be read
 * at s (past the run too); with WORDSET_MAX of them, SSE2 reads the run at once. */
static inline size_t wordset_key_letters(wordset_key *k, const char *s, size_t max, size_t avail)
{
#ifdef __SSE2__
    if (avail >= WORDSET_MAX) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
        const __m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20)); /* a letter's lower case */
        const __m128i off = _mm_sub_epi8(low, _mm_set1_epi8('a'));
        const __m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(off, _mm_set1_epi8(25)), off);
        unsigned other = ~(unsigned)_mm_movemask_epi8(letter) | (1u << WORDSET_MAX);
        size_t n = (size_t)__builtin_ctz(other);
        if (n > max) n = max;
        const __m128i keep = _mm_cmpgt_epi8(_mm_set1_epi8((char)n),
                                            _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
        _mm_storeu_si128((__m128i *)(void *)k->b, _mm_and_si128(low, keep));
        return n;
    }
#endif
    (void)avail;
    wordset_key_clear(k);
    size_t n = 0;
    while (n < max && (unsigned char)(((unsigned char)s[n] | 0x20) - 'a') < 26) {
        k->b[n] = (unsigned char)(s[n] | 0x20);
        n++;
    }
    return n;
}

/* The slot a key hashes to, and whether an entry is the word: for wordset_find_key. */
static inline uint32_t wordset_slot_(const wordset_key *k, size_t n)
{
    uint64_t h = (k->q[0] ^ (k->q[1] * 0xC2B2AE3D27D4EB4Fu) ^ n) * 0x9E3779B97F4A7C15u;
    return (uint32_t)(h >> 52) & (WORDSET_SLOTS - 1);
}
static inline int wordset_same_(const wordset_entry *e, const wordset_key *k, size_t n)
{
    return e->len == n && e->key.q[0] == k->q[0] && e->key.q[1] == k->q[1];
}

/* The entry of the n-byte word whose key is k (as wordset_find), or NULL. Inline: the
 * tokenizer asks for every word. */
static inline const wordset_entry *wordset_find_key(const wordset *w, const wordset_key *k, size_t n)
{
    if (n == 0 || n > WORDSET_MAX) return NULL;
    for (uint32_t i = wordset_slot_(k, n);; i = (i + 1) & (WORDSET_SLOTS - 1)) {
        if (!w->slot[i]) return NULL;
        const wordset_entry *e = &w->v[w->slot[i] - 1];
        if (wordset_same_(e, k, n)) return e;
    }
}

#endif
