/*
 * expr.h — the small boolean language of rule selections (`--select "outcomes.* and not tag:info"`)
 * and escalation conditions (`"workforce.* >= 3 and outcomes.noted-only"`).
 *
 * An atom is a glob over rule ids ('*', '?'), `tag:NAME`, or a bare word; what an atom matches is
 * the caller's business, told through a counting callback, so one parser serves both uses. Atoms
 * combine with not/and/or (case-insensitive, or `!`, `&&`, `||`; precedence not > and > or) and
 * parentheses; in escalation conditions an atom may be compared with an integer. The library owns
 * nothing it hands out except the parsed expression, which the caller frees with expr_free; the
 * source string and the error buffer are borrowed only for the duration of a call.
 *
 * Grammar:
 *   expr    := or
 *   or      := and ("or" and)*
 *   and     := unary ("and" unary)*
 *   unary   := "not" unary | primary
 *   primary := "(" expr ")" | atom [cmp integer]      cmp: >= > <= < == !=
 *   atom    := [A-Za-z0-9_.*?:-]+ except the keywords; integer: 1 to 9 decimal digits
 */
#ifndef SC_EXPR_H
#define SC_EXPR_H

#include <stddef.h>

/* Limits; exceeding one is a parse error, never a crash. */
#define EXPR_MAX_SRC 4096  /* bytes of source */
#define EXPR_MAX_DEPTH 64  /* nested '(' and 'not' together */
#define EXPR_MAX_ATOMS 256 /* atom occurrences */

typedef struct expr expr; /* opaque parsed expression */

/* Parses `src`. `counts` non-zero allows comparisons (escalations); zero refuses them with an error
 * (selection). On success returns a new expression owned by the caller (free with expr_free). On
 * error returns NULL, writes a one-line message to errbuf and the 1-based column of the offending
 * character to *err_col (the column of the end of input for "unexpected end"). Columns count
 * characters (a NO-BREAK SPACE, accepted as a space, is one). Out of memory gives column 0.
 * errbuf may be NULL when errlen is 0, err_col may be NULL; src is not retained. */
expr *expr_parse(const char *src, int counts, char *errbuf, size_t errlen, int *err_col);

void expr_free(expr *e); /* NULL is a no-op */

/* Count of items matching an atom (a glob, "tag:x", or a bare word), from the caller. The atom
 * string is owned by the expression and valid until expr_free. */
typedef long (*expr_count_fn)(void *ud, const char *atom);

/* Evaluates: 1 true, 0 false. The callback is called once per atom occurrence (no caching needed).
 * There is no short-circuit: every occurrence is counted, in source order, so the cost and the
 * calls are the same whatever the outcome. An atom alone is true when its count is >= 1. */
int expr_eval(const expr *e, expr_count_fn count, void *ud);

/* Glob match over whole strings: '*' any run (including empty), '?' exactly one byte. Bytes compare
 * exactly (case-sensitive). No backtracking blow-up: greedy with restart from the last '*', no
 * recursion, at worst O(strlen(pattern) * strlen(s)) steps. Returns 1 on a match, else 0. */
int expr_glob(const char *pattern, const char *s);

/* Writes the atoms of e, each once, in first-appearance order, separated by '\n', into buf (for
 * validating them against known rule ids). Returns the number of atoms. Like snprintf the output
 * is cut to fit and NUL-terminated when len > 0; EXPR_MAX_SRC + 1 bytes always suffice. */
int expr_atoms(const expr *e, char *buf, size_t len);

#endif
