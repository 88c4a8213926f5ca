/*
 * expr.c — parser and evaluator for selections and escalation conditions (see expr.h).
 *
 * Recursive descent over a lexer with one token of lookahead; recursion is bounded by
 * EXPR_MAX_DEPTH. The whole expression — header, node array and the distinct atom strings — is one
 * allocation sized from the source length: every node consumes at least one source byte (an atom,
 * a 'not', the first 'and'/'or' of a chain), and distinct atoms are separated in the source by at
 * least one byte, so n nodes and n + 1 bytes of strings always suffice. A failed parse frees that
 * one block; evaluation never allocates. 'and'/'or' chains are n-ary nodes whose children are
 * linked by `next`, so tree depth follows nesting, not the length of a chain.
 */
#include "expr.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N_ATOM, N_NOT, N_AND, N_OR };
enum { OP_NONE, OP_GE, OP_GT, OP_LE, OP_LT, OP_EQ, OP_NE };
enum { T_END, T_ATOM, T_AND, T_OR, T_NOT, T_LP, T_RP, T_CMP, T_ERR };

typedef struct node {
    unsigned char kind, op; /* N_*; OP_* for a compared atom */
    int a;                  /* N_ATOM: atom index; otherwise the first child */
    int next;               /* next sibling in an 'and'/'or' chain, or -1 */
    long num;               /* the integer of a comparison */
} node;

struct expr {
    int root, nnodes, cap;
    int natoms;
    int atom[EXPR_MAX_ATOMS]; /* offsets of the distinct atoms in pool */
    char *pool;
    size_t pool_len, pool_cap;
    node nodes[]; /* cap nodes, then pool_cap bytes of pool */
};

typedef struct tok {
    int kind, op;
    size_t off, len;
} tok;

typedef struct parser {
    const char *src;
    size_t len, pos; /* pos: where the lexer resumes, just after `t` */
    tok t;           /* the lookahead */
    expr *e;
    int counts, failed, occurrences;
    char *errbuf;
    size_t errlen;
    int *err_col;
} parser;

static const char *const op_text[] = { "", ">=", ">", "<=", "<", "==", "!=" };

/* Records the first error only: later ones are consequences of it. */
__attribute__((format(printf, 3, 4))) static void fail(parser *p, size_t off, const char *fmt, ...)
{
    if (p->failed) return;
    p->failed = 1;
    if (p->errbuf && p->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->errbuf, p->errlen, fmt, ap);
        va_end(ap);
    }
    if (p->err_col) *p->err_col = (int)utf8_count(p->src, off) + 1;
}

static int is_atom_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '*' || c == '?' || c == ':' || c == '-';
}

static int is_keyword(const char *s, size_t n, const char *kw)
{
    return n == strlen(kw) && text_istarts(s, n, kw);
}

/* Quotes a token for a message; long atoms are cut so the message stays one short line. */
static int tok_show(const parser *p, const tok *t, char *out, size_t n)
{
    if (t->kind == T_END) return snprintf(out, n, "end of expression");
    if (t->len > 40) return snprintf(out, n, "'%.37s...'", p->src + t->off);
    return snprintf(out, n, "'%.*s'", (int)t->len, p->src + t->off);
}

static void lex_bad_char(parser *p, size_t i)
{
    const unsigned char *s = (const unsigned char *)p->src;
    uint32_t cp;
    int k = utf8_decode(s + i, p->len - i, &cp);
    if (s[i] == '=') fail(p, i, "unexpected character '=' (use '==')");
    else if (s[i] == '&') fail(p, i, "unexpected character '&' (use '&&' or 'and')");
    else if (s[i] == '|') fail(p, i, "unexpected character '|' (use '||' or 'or')");
    else if (s[i] >= 0x20 && s[i] < 0x7F) fail(p, i, "unexpected character '%c'", s[i]);
    else if (k > 1) fail(p, i, "unexpected character '%.*s'", k, p->src + i);
    else fail(p, i, "unexpected byte 0x%02X", s[i]);
}

/* Reads the next token into p->t; a bad character yields T_ERR with the error recorded. */
static void advance(parser *p)
{
    const char *s = p->src;
    size_t n = p->len, i = p->pos;
    int sl;
    while (i < n && text_is_space(s + i, n - i, &sl)) i += (size_t)sl;
    tok t = { T_END, OP_NONE, i, 0 };
    if (i < n) {
        char c = s[i], d = i + 1 < n ? s[i + 1] : '\0';
        t.len = 1;
        if (is_atom_char((unsigned char)c)) {
            while (i + t.len < n && is_atom_char((unsigned char)s[i + t.len])) t.len++;
            t.kind = is_keyword(s + i, t.len, "and")   ? T_AND
                     : is_keyword(s + i, t.len, "or")  ? T_OR
                     : is_keyword(s + i, t.len, "not") ? T_NOT
                                                       : T_ATOM;
        } else if (c == '(') t.kind = T_LP;
        else if (c == ')') t.kind = T_RP;
        else if (c == '&' && d == '&') t.kind = T_AND, t.len = 2;
        else if (c == '|' && d == '|') t.kind = T_OR, t.len = 2;
        else if (c == '!' && d != '=') t.kind = T_NOT;
        else if (c == '>' || c == '<' || (c == '=' && d == '=') || c == '!') {
            t.kind = T_CMP;
            if (d == '=') t.len = 2;
            t.op = c == '=' ? OP_EQ : c == '!' ? OP_NE : c == '>' ? (d == '=' ? OP_GE : OP_GT) : (d == '=' ? OP_LE : OP_LT);
        } else {
            lex_bad_char(p, i);
            t.kind = T_ERR;
        }
    }
    p->t = t;
    p->pos = i + t.len;
}

static int new_node(parser *p, int kind, size_t off)
{
    expr *e = p->e;
    if (e->nnodes >= e->cap) { /* unreachable by the sizing argument above; kept as a guard */
        fail(p, off, "expression too complex");
        return -1;
    }
    node *nd = &e->nodes[e->nnodes];
    memset(nd, 0, sizeof *nd);
    nd->kind = (unsigned char)kind;
    nd->next = -1;
    return e->nnodes++;
}

/* Index of the atom t in the distinct-atom table, adding it on first sight; -1 on error. */
static int intern(parser *p, const tok *t)
{
    expr *e = p->e;
    const char *s = p->src + t->off;
    if (++p->occurrences > EXPR_MAX_ATOMS) {
        fail(p, t->off, "more than %d atoms", EXPR_MAX_ATOMS);
        return -1;
    }
    for (int i = 0; i < e->natoms; i++) {
        const char *a = e->pool + e->atom[i];
        if (strncmp(a, s, t->len) == 0 && a[t->len] == '\0') return i;
    }
    if (e->pool_len + t->len + 1 > e->pool_cap) {
        fail(p, t->off, "expression too complex");
        return -1;
    }
    e->atom[e->natoms] = (int)e->pool_len;
    memcpy(e->pool + e->pool_len, s, t->len);
    e->pool_len += t->len;
    e->pool[e->pool_len++] = '\0';
    return e->natoms++;
}

/* Called where an atom, 'not' or '(' must start: explains what came instead. */
static int expected_atom(parser *p)
{
    char what[64];
    tok_show(p, &p->t, what, sizeof what);
    if (p->t.kind == T_END) fail(p, p->t.off, "unexpected end of expression");
    else if (p->t.kind == T_RP) fail(p, p->t.off, "unexpected ')'");
    else fail(p, p->t.off, "expected an atom, found %s", what);
    return -1;
}

static int parse_or(parser *p, int depth);

static int parse_primary(parser *p, int depth)
{
    char what[64];
    if (p->t.kind == T_LP) {
        size_t open = p->t.off;
        if (depth >= EXPR_MAX_DEPTH) {
            fail(p, open, "nesting deeper than %d levels", EXPR_MAX_DEPTH);
            return -1;
        }
        advance(p);
        int r = parse_or(p, depth + 1);
        if (r < 0) return -1;
        if (p->t.kind != T_RP) {
            tok_show(p, &p->t, what, sizeof what);
            if (p->t.kind == T_END)
                fail(p, p->t.off, "missing ')' for the '(' at column %d", (int)utf8_count(p->src, open) + 1);
            else fail(p, p->t.off, "missing ')': expected 'and', 'or' or ')', found %s", what);
            return -1;
        }
        advance(p);
        return r;
    }
    if (p->t.kind != T_ATOM) return expected_atom(p);
    int i = new_node(p, N_ATOM, p->t.off);
    if (i < 0) return -1;
    int a = intern(p, &p->t);
    if (a < 0) return -1;
    p->e->nodes[i].a = a;
    advance(p);
    if (p->t.kind != T_CMP) return i;
    if (!p->counts) {
        fail(p, p->t.off, "comparisons are only allowed in escalation conditions");
        return -1;
    }
    int op = p->t.op;
    advance(p);
    const char *s = p->src + p->t.off;
    size_t n = p->t.kind == T_ATOM ? p->t.len : 0, digits = 0;
    while (digits < n && s[digits] >= '0' && s[digits] <= '9') digits++;
    if (n == 0 || digits != n) {
        tok_show(p, &p->t, what, sizeof what);
        fail(p, p->t.off, "expected a number after '%s', found %s", op_text[op], what);
        return -1;
    }
    if (n > 9) {
        fail(p, p->t.off, "number too large (at most 9 digits)");
        return -1;
    }
    long v = 0;
    for (size_t k = 0; k < n; k++) v = v * 10 + (s[k] - '0');
    p->e->nodes[i].op = (unsigned char)op;
    p->e->nodes[i].num = v;
    advance(p);
    return i;
}

static int parse_unary(parser *p, int depth)
{
    if (p->t.kind != T_NOT) return parse_primary(p, depth);
    if (depth >= EXPR_MAX_DEPTH) {
        fail(p, p->t.off, "nesting deeper than %d levels", EXPR_MAX_DEPTH);
        return -1;
    }
    int i = new_node(p, N_NOT, p->t.off);
    if (i < 0) return -1;
    advance(p);
    int c = parse_unary(p, depth + 1);
    if (c < 0) return -1;
    p->e->nodes[i].a = c;
    return i;
}

/* One level of a left-associative chain: `sub (op sub)*` becomes one n-ary node. */
static int parse_chain(parser *p, int depth, int tkind, int nkind, int (*sub)(parser *, int))
{
    int first = sub(p, depth);
    if (first < 0 || p->t.kind != tkind) return first;
    int i = new_node(p, nkind, p->t.off);
    if (i < 0) return -1;
    p->e->nodes[i].a = first;
    int tail = first;
    while (p->t.kind == tkind) {
        advance(p);
        int c = sub(p, depth);
        if (c < 0) return -1;
        p->e->nodes[tail].next = c;
        tail = c;
    }
    return i;
}

static int parse_and(parser *p, int depth) { return parse_chain(p, depth, T_AND, N_AND, parse_unary); }
static int parse_or(parser *p, int depth) { return parse_chain(p, depth, T_OR, N_OR, parse_and); }

expr *expr_parse(const char *src, int counts, char *errbuf, size_t errlen, int *err_col)
{
    parser p = { 0 };
    p.src = src ? src : "";
    p.counts = counts;
    p.errbuf = errbuf;
    p.errlen = errlen;
    p.err_col = err_col;
    if (errbuf && errlen) errbuf[0] = '\0';
    if (err_col) *err_col = 0;

    size_t n = 0; /* bounded strlen: do not walk a huge input to refuse it */
    while (n <= EXPR_MAX_SRC && p.src[n]) n++;
    p.len = n;
    if (n > EXPR_MAX_SRC) {
        fail(&p, EXPR_MAX_SRC, "expression longer than %d bytes", EXPR_MAX_SRC);
        return NULL;
    }

    size_t cap = n ? n : 1;
    expr *e = malloc(sizeof *e + cap * sizeof(node) + n + 1);
    if (!e) {
        if (errbuf && errlen) snprintf(errbuf, errlen, "out of memory");
        return NULL;
    }
    memset(e, 0, sizeof *e);
    e->cap = (int)cap;
    e->pool = (char *)(e->nodes + cap);
    e->pool_cap = n + 1;
    p.e = e;

    advance(&p);
    if (p.t.kind == T_END) fail(&p, p.t.off, "empty expression");
    else {
        e->root = parse_or(&p, 0);
        if (!p.failed && p.t.kind != T_END) {
            char what[64];
            tok_show(&p, &p.t, what, sizeof what);
            if (p.t.kind == T_RP) fail(&p, p.t.off, "unexpected ')'");
            else if (p.t.kind == T_CMP) fail(&p, p.t.off, "a comparison can only follow an atom, found %s", what);
            else fail(&p, p.t.off, "expected 'and' or 'or', found %s", what);
        }
    }
    if (p.failed) {
        free(e);
        return NULL;
    }
    return e;
}

void expr_free(expr *e) { free(e); }

/* No short-circuit, by contract (see expr.h): `&=` and `|=` evaluate every child. */
static int eval(const expr *e, int i, expr_count_fn count, void *ud)
{
    const node *nd = &e->nodes[i];
    int r;
    switch (nd->kind) {
    case N_ATOM: {
        long c = count(ud, e->pool + e->atom[nd->a]);
        switch (nd->op) {
        case OP_GE: return c >= nd->num;
        case OP_GT: return c > nd->num;
        case OP_LE: return c <= nd->num;
        case OP_LT: return c < nd->num;
        case OP_EQ: return c == nd->num;
        case OP_NE: return c != nd->num;
        default: return c >= 1;
        }
    }
    case N_NOT: return !eval(e, nd->a, count, ud);
    case N_AND:
        r = 1;
        for (int c = nd->a; c >= 0; c = e->nodes[c].next) r &= eval(e, c, count, ud);
        return r;
    default:
        r = 0;
        for (int c = nd->a; c >= 0; c = e->nodes[c].next) r |= eval(e, c, count, ud);
        return r;
    }
}

int expr_eval(const expr *e, expr_count_fn count, void *ud)
{
    if (!e || !count) return 0;
    return eval(e, e->root, count, ud);
}

/* On a mismatch after a '*', let that star swallow one more byte and retry from just after it.
 * Only the last star matters: an earlier one can never need to swallow more, because whatever the
 * later star would have matched it can match itself. */
int expr_glob(const char *pattern, const char *s)
{
    const char *p = pattern, *star = NULL, *mark = NULL;
    while (*s) {
        if (*p == '*') {
            star = p++;
            mark = s;
        } else if (*p && (*p == '?' || *p == *s)) {
            p++;
            s++;
        } else if (star) {
            p = star + 1;
            s = ++mark;
        } else {
            return 0;
        }
    }
    while (*p == '*') p++;
    return *p == '\0';
}

int expr_atoms(const expr *e, char *buf, size_t len)
{
    if (len) buf[0] = '\0';
    if (!e) return 0;
    size_t at = 0;
    for (int i = 0; i < e->natoms && len; i++) {
        const char *a = e->pool + e->atom[i];
        int w = snprintf(buf + at, len - at, "%s%s", i ? "\n" : "", a);
        if (w < 0 || (size_t)w >= len - at) break; /* cut; snprintf has already terminated it */
        at += (size_t)w;
    }
    return e->natoms;
}
