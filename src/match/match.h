/*
 * match.h — phrase patterns: one compiled matcher for every pattern of every rule, run once per
 * document over its sentences' tokens.
 *
 * A pattern is a sequence over words, not characters (rules/README.md gives the language):
 *
 *     (circulate|share|send) ...{0,6} [to] {body} unless "not"
 *
 * Words match by Snowball English stem after folding case, quotes and Latin diacritics, so
 * `circulate` matches "circulated" and "circulating"; a quoted word matches its folded form
 * exactly; `word*` matches words that start with it. `(a b|c)` are alternatives, `[a b]` is
 * optional, `...` skips up to 8 tokens and `...{m,n}` m to n tokens of the same sentence.
 * `{figure}`, `{percent}`, `{money}`, `{number}`, `{date}`, `{month}`, `{person}`, `{meeting}`,
 * `{body}` and `{any}` are slots bound to what the loader extracted (or, for meeting and body,
 * to a short grammar of their own); `{figure:total}` names the capture. `A unless B` drops a
 * match of A when B matches anywhere in the same sentence.
 *
 * Each pattern compiles to a small program of token instructions (no loops, so every pattern
 * has a bounded width). The matcher indexes patterns by the literals they can start with: for
 * each token it looks up the candidates by the token's stem and exact form (two hash lookups,
 * cached per distinct word) and runs only those, anchored, with memoised backtracking, so a
 * document costs O(tokens x candidates x width) whatever the number of patterns.
 *
 * Ownership: a matcher owns its patterns, strings and scratch; mx_run's results (mx_hits) are
 * owned by the caller and freed with mx_hits_free. Not thread-safe: one matcher per thread.
 */
#ifndef SC_MATCH_H
#define SC_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "../core/model.h"

/* Limits: a pattern set past these is refused at compile time, never a hang. */
#define MX_MAX_SOURCE 2000   /* bytes of one pattern */
#define MX_MAX_PROG 4000     /* instructions of one compiled pattern */
#define MX_MAX_PATTERNS 100000
#define MX_MAX_GAP 50        /* ...{m,n}: n at most */
#define MX_MAX_DEPTH 16      /* nesting of ( ) and [ ] */
#define MX_MAX_CAPS 8        /* slots in one pattern */
#define MX_DEFAULT_GAP 8     /* `...` alone */

typedef enum {
    SLOT_FIGURE = 0, SLOT_PERCENT, SLOT_MONEY, SLOT_NUMBER, SLOT_DATE, SLOT_MONTH, SLOT_PERSON,
    SLOT_MEETING, SLOT_BODY, SLOT_ANY, SLOT__COUNT
} mx_slot;

/* Name of a slot kind ("figure"). */
const char *mx_slot_name(mx_slot k);

typedef struct matcher matcher;

/* One slot capture of a hit: what it bound and where. obj is the index of the figure, date or
 * speaker in the document, or -1 for slots that bind only text (month, meeting, body, any). */
typedef struct mx_cap {
    uint8_t kind;   /* mx_slot */
    int8_t name;    /* index into the pattern's capture names, or -1 for the slot's own name */
    int obj;
    uint32_t off, end; /* bytes of the document text */
} mx_cap;

typedef struct mx_hit {
    int pat;           /* pattern id */
    int sent;          /* sentence index in the document */
    uint32_t off, end; /* bytes of the document text */
    int cap_first, cap_count; /* in mx_hits.caps */
} mx_hit;

/* Every hit of one document, ordered by sentence then start. */
typedef struct mx_hits {
    mx_hit *v;
    int n, cap;
    mx_cap *caps;
    int ncaps, capcaps;
    int *sent_first; /* per sentence: index of its first hit (n + 1 entries with the end) */
    int nsents;
} mx_hits;

/* Creates an empty matcher. Returns NULL when out of memory (or the stemmer is missing). */
matcher *mx_new(void);
/* Frees a matcher and everything it owns. NULL is a no-op. */
void mx_free(matcher *m);

/* Compiles `src` (borrowed, copied) and returns its pattern id, >= 0. The same source compiled
 * twice gives the same id. On a syntax error or a limit returns -1 and writes the message to
 * errbuf and the 1-based byte column in the pattern to *errcol (OUT). */
int mx_compile(matcher *m, const char *src, size_t len, char *errbuf, size_t errlen, int *errcol /* OUT */);

/* The id of an already compiled source, or -1. */
int mx_lookup(const matcher *m, const char *src, size_t len);

/* Source text of pattern `id` (owned by the matcher). */
const char *mx_source(const matcher *m, int id);

/* Capture name `k` of pattern `id` ("total" of {figure:total}), or NULL. */
const char *mx_cap_name(const matcher *m, int id, int k);

/* Number of patterns compiled. */
int mx_count(const matcher *m);

/* Bytes the matcher holds (patterns, index, caches), for memory limits. */
size_t mx_bytes(const matcher *m);

/* Runs every pattern over every sentence of `d` (borrowed). Fills *out (which must be zeroed or
 * reused from an earlier run). Returns 0, or -1 when out of memory. */
int mx_run(matcher *m, const model_doc *d, mx_hits *out);

/* Frees the arrays of a result. */
void mx_hits_free(mx_hits *h);

#endif
