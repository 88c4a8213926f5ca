/*
 * match_int.h — what the three files of the matcher share: the compiled program, the string
 * dictionary of literals and the word cache. Not part of any public interface.
 */
#ifndef SC_MATCH_INT_H
#define SC_MATCH_INT_H

#include "match.h"

/* Instructions of a compiled pattern. Jumps only go forward, so a program is a DAG. */
enum { OP_WORD, OP_SLOT, OP_ANY, OP_SPLIT, OP_JMP, OP_MATCH, OP_SET };

typedef struct pinstr {
    uint8_t op;
    int8_t name; /* OP_SLOT: capture name index or -1 */
    int32_t x, y; /* WORD: literal; SET: word set; SLOT: mx_slot; SPLIT: first choice, second; JMP: target */
} pinstr;

enum { LIT_STEM, LIT_EXACT, LIT_PREFIX };

typedef struct literal {
    uint8_t kind;
    int sid;       /* dictionary id of the stem or the folded word */
    char *prefix;  /* LIT_PREFIX: owned folded prefix */
    size_t plen;
} literal;

typedef struct pattern {
    char *src;        /* owned source */
    size_t srclen;
    pinstr *prog;
    int nprog;
    int width;        /* most tokens a match can span */
    int veto;         /* id of the `unless` pattern, or -1 */
    char **cap_names; /* owned: names of {slot:name} captures */
    int ncap_names;
} pattern;

/* A set of single-word alternatives, "(share|circulate|send)": one token instruction instead of a
 * chain of choices. Its keys, sorted, are dictionary id * 4 + 0 (exact) or + 1 (stem), or prefix
 * literal id * 4 + 2. */
typedef struct wset {
    int *keys;
    int n;
    uint64_t mask[4]; /* bit wset_bit(key) of each key: most tokens are turned away by one test */
} wset;

/* A key's bit in a set's mask (a multiplicative hash: ids are small and consecutive). */
static inline unsigned wset_bit(int key) { return ((uint32_t)key * 2654435761u) >> 24; }

/* A string dictionary: interned byte strings -> dense ids (open addressing). */
typedef struct dict {
    char **s;
    uint32_t *len;
    int n, cap;
    int *slots; /* hash table of ids, -1 empty */
    size_t nslots;
} dict;

int dict_find(const dict *d, const char *s, size_t len);
int dict_add(dict *d, const char *s, size_t len); /* id, or -1 when out of memory */
void dict_free(dict *d);
uint64_t mx_hash(const char *s, size_t len);

/* A token of a sentence. */
typedef struct mtok {
    uint32_t off, end;    /* bytes of the document text */
    uint32_t foff, flen;  /* folded form in the run's fold buffer */
    int exact, stem;      /* dictionary ids, -1 when no literal uses them */
    const int *pref;      /* the prefix literals (word*) the word starts with, owned by the cache */
    int npref;
    char type;            /* 'w' word, 'n' number, 'p' punctuation */
    char cap;             /* first letter upper case */
} mtok;

/* The word cache: folded word -> (exact id, stem id). Cleared when the dictionary grows. */
typedef struct wcache {
    char **key;
    uint32_t *klen;
    int *exact, *stem;
    int **pref, *npref; /* per word: the prefix literals it starts with (owned) */
    size_t n, cap; /* open addressing; cap a power of two */
} wcache;

struct matcher {
    pattern *pats;
    int npats, cappats;
    dict lits_dict;  /* stems and exact words of literals */
    dict lit_keys;   /* kind + string -> literal id, so each literal is stored once */
    literal *lits;
    int nlits, caplits;
    dict srcs;       /* pattern sources -> pattern id */
    dict set_keys;   /* a set's keys (as bytes) -> set id, so each set is stored once */
    wset *sets;
    int nsets, capsets;
    wcache words;
    struct sb_stemmer *stemmer;
    /* index: patterns by the literal dictionary id (stem or exact) or slot they may start with */
    int index_dirty;
    int *by_exact_first, *by_exact;   /* CSR over lits_dict ids */
    int *by_stem_first, *by_stem;
    int *by_slot_first, *by_slot;     /* CSR over mx_slot */
    int *by_pref_first, *by_pref;     /* CSR over literal ids: patterns starting with word* */
    int *prefix_lits, nprefix_lits;   /* ids of the prefix literals */
    int *always, nalways;             /* patterns that may start anywhere (a gap) */
    /* required words: per pattern (CSR), groups of literals of which every match holds one;
     * a pattern is not tried in a sentence that lacks a group (YARA's atoms, at word level) */
    int *need_first;                  /* pattern -> its groups [need_first[p], need_first[p+1]) */
    int *group_first, *group_lit;     /* group -> its keys, as indexes of seen */
    struct seen_key { uint32_t sent; int last; } *seen; /* per key: the last sentence it was seen in, and
                                       * its last token there; exact dictionary ids first, then
                                       * stems (+ SEEN_STEM), then prefix literals (+ SEEN_PREF) */
    uint32_t *need_at;                /* per pattern: sentence need_last was worked out for (<< 1) */
    int *need_last;                   /* per pattern: the last token a match can start at, as the last
                                       * word of some required group lies there (-1: none holds one) */
    uint32_t sgen;                    /* sentence counter for the seen stamps */
    int no_needs;                     /* tests: try every pattern as if its groups were met */
    /* run scratch */
    mtok *toks;
    int ntoks, captoks;
    char *fold;
    size_t foldlen, foldcap;
    uint32_t *stamp;                  /* memo of failed (pc, pos) per anchored attempt */
    size_t nstamp;
    uint32_t gen;
    int *tried, *blocked, *vetoed;    /* per pattern, per sentence */
    int *slot_end;                    /* per token of the sentence: where a {meeting} (even index) and a
                                       * {body} (odd) starting there end, -1 none, -2 not worked out */
    int capslot_end;
    size_t bytes;
};

/* mtoken.c: folds and tokenizes text [a, b) of `text` into m->toks (appending); the folded
 * forms go to m->fold. Looks up each word's exact and stem ids. Returns 0 or -1 (memory). */
int mx_tokenize(matcher *m, const char *text, uint32_t a, uint32_t b);
/* Folds one word: lower case, Latin diacritics to their base letter, curly apostrophe to '.
 * Writes at most cap bytes to out; returns the length. */
size_t mx_fold_word(const char *s, size_t n, char *out, size_t cap);
/* The stem of a folded word (into out, NUL-terminated); returns its length. */
size_t mx_stem(matcher *m, const char *w, size_t n, char *out, size_t cap);
void mx_wcache_clear(wcache *c);
/* Empties the cache when it has grown past its bound (between sentences, never during one:
 * tokens point into it). */
void mx_wcache_trim(wcache *c);

/* The key a literal has in a set (and in a required group). */
int mx_lit_key(const matcher *m, int lit);
/* Interns the set of `n` keys (sorted here) and returns its id, or -1 when out of memory. */
int mx_set_add(matcher *m, int *keys, int n);
/* Does token t hold a word of set `id`? */
int mx_set_has(const matcher *m, int id, const mtok *t);

/* pattern.c: parses and compiles one source into *p. */
int mx_parse(matcher *m, pattern *p, const char *src, size_t len, char *errbuf, size_t errlen, int *errcol);
void mx_pattern_free(pattern *p);

#endif
