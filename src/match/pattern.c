/*
 * pattern.c — parses one phrase pattern into a tree and compiles the tree into a program of
 * token instructions (match_int.h). The grammar:
 *
 *     pattern := alts [ "unless" alts ]
 *     alts    := seq { "|" seq }
 *     seq     := elem { elem }
 *     elem    := word | word* | "quoted words" | ( alts ) | [ alts ] | ... [{m,n}] | {slot[:name]}
 *
 * Errors name the byte column in the pattern where the parser stopped.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match_int.h"

enum { N_SEQ, N_ALT, N_OPT, N_WORD, N_SLOT, N_GAP };

typedef struct node {
    int type;
    int a, b;           /* WORD: literal; SLOT: kind, name; GAP: min, max */
    struct node **kids; /* SEQ, ALT: children; OPT: one child */
    int nkids, capkids;
} node;

typedef struct parser {
    matcher *m;
    pattern *p;
    const char *s;
    size_t n, i;
    int depth;
    char *err;
    size_t errlen;
    int errcol;
    int failed;
} parser;

static const char *const slot_names[SLOT__COUNT] = { "figure", "percent", "money", "number", "date",
                                                     "month", "person", "meeting", "body", "any" };

const char *mx_slot_name(mx_slot k) { return (unsigned)k < SLOT__COUNT ? slot_names[k] : "?"; }

static node *fail(parser *ps, size_t at, const char *msg)
{
    if (!ps->failed) {
        ps->failed = 1;
        snprintf(ps->err, ps->errlen, "%s", msg);
        ps->errcol = (int)at + 1;
    }
    return NULL;
}

static void node_free(node *n)
{
    if (!n) return;
    for (int i = 0; i < n->nkids; i++) node_free(n->kids[i]);
    free(n->kids);
    free(n);
}

static node *node_new(parser *ps, int type)
{
    node *n = calloc(1, sizeof *n);
    if (!n) return fail(ps, ps->i, "out of memory");
    n->type = type;
    return n;
}

static int add_kid(parser *ps, node *n, node *k)
{
    if (n->nkids == n->capkids) {
        int nc = n->capkids ? n->capkids * 2 : 4;
        node **v = realloc(n->kids, (size_t)nc * sizeof *v);
        if (!v) { node_free(k); fail(ps, ps->i, "out of memory"); return -1; }
        n->kids = v;
        n->capkids = nc;
    }
    n->kids[n->nkids++] = k;
    return 0;
}

static void skip_space(parser *ps)
{
    while (ps->i < ps->n && isspace((unsigned char)ps->s[ps->i])) ps->i++;
}

/* A byte that may be part of a word of a pattern: letters, digits, apostrophes, hyphens and
 * any non-ASCII byte (UTF-8 letters; curly apostrophes fold to '). */
static int word_byte(unsigned char c) { return isalnum(c) || c == '\'' || c == '-' || c >= 0x80 || c == '&'; }

/* Interns a literal of `kind` over folded text w[0..n) and returns its id. */
static int literal_id(parser *ps, int kind, const char *w, size_t n)
{
    matcher *m = ps->m;
    char key[256];
    if (n + 2 > sizeof key) { fail(ps, ps->i, "word too long"); return -1; }
    key[0] = (char)('0' + kind);
    memcpy(key + 1, w, n);
    int k = dict_find(&m->lit_keys, key, n + 1);
    if (k >= 0) return k;
    literal l = { (uint8_t)kind, -1, NULL, 0 };
    if (kind == LIT_PREFIX) {
        l.prefix = malloc(n + 1);
        if (!l.prefix) { fail(ps, ps->i, "out of memory"); return -1; }
        memcpy(l.prefix, w, n);
        l.prefix[n] = '\0';
        l.plen = n;
    } else {
        int before = m->lits_dict.n;
        l.sid = dict_add(&m->lits_dict, w, n);
        if (l.sid < 0) { fail(ps, ps->i, "out of memory"); return -1; }
        if (m->lits_dict.n != before) { /* cached lookups may now hit, and the index is too small */
            mx_wcache_clear(&m->words);
            m->index_dirty = 1;
        }
    }
    if (m->nlits == m->caplits) {
        int nc = m->caplits ? m->caplits * 2 : 64;
        literal *v = realloc(m->lits, (size_t)nc * sizeof *v);
        if (!v) { free(l.prefix); fail(ps, ps->i, "out of memory"); return -1; }
        m->lits = v;
        m->caplits = nc;
    }
    if (kind == LIT_PREFIX) { /* words already cached do not know this prefix yet */
        int *v = realloc(m->prefix_lits, (size_t)(m->nprefix_lits + 1) * sizeof *v);
        if (!v) { free(l.prefix); fail(ps, ps->i, "out of memory"); return -1; }
        m->prefix_lits = v;
        mx_wcache_clear(&m->words);
        m->index_dirty = 1;
    }
    k = dict_add(&m->lit_keys, key, n + 1);
    if (k != m->nlits) { free(l.prefix); fail(ps, ps->i, "out of memory"); return -1; }
    if (kind == LIT_PREFIX) m->prefix_lits[m->nprefix_lits++] = k;
    m->lits[m->nlits++] = l;
    return k;
}

/* One word of the source, s[a..b): folded, split at hyphens, each part a literal in `seq`. */
static int add_words(parser *ps, node *seq, size_t a, size_t b, int quoted)
{
    int prefix = !quoted && b > a && ps->s[b - 1] == '*';
    if (prefix) b--;
    size_t i = a;
    while (i < b) {
        while (i < b && ps->s[i] == '-') i++;
        size_t j = i;
        while (j < b && ps->s[j] != '-') j++;
        if (j == i) break;
        char f[200], st[200];
        size_t fl = mx_fold_word(ps->s + i, j - i, f, sizeof f);
        if (fl == 0 || fl >= sizeof f) { fail(ps, i, fl ? "word too long" : "not a word"); return -1; }
        int last = j >= b;
        int id;
        if (quoted || isdigit((unsigned char)f[0])) id = literal_id(ps, LIT_EXACT, f, fl);
        else if (prefix && last) id = literal_id(ps, LIT_PREFIX, f, fl);
        else {
            size_t sl = mx_stem(ps->m, f, fl, st, sizeof st);
            id = literal_id(ps, LIT_STEM, st, sl);
        }
        if (id < 0) return -1;
        node *w = node_new(ps, N_WORD);
        if (!w) return -1;
        w->a = id;
        if (add_kid(ps, seq, w)) return -1;
        i = j;
    }
    return 0;
}

static node *parse_alts(parser *ps, char close, size_t open_at);

/* {slot} or {slot:name}; ps->i is at '{'. */
static node *parse_slot(parser *ps)
{
    size_t at = ps->i++;
    size_t a = ps->i;
    while (ps->i < ps->n && (isalnum((unsigned char)ps->s[ps->i]) || ps->s[ps->i] == '_')) ps->i++;
    size_t b = ps->i;
    int kind = -1;
    for (int k = 0; k < SLOT__COUNT; k++)
        if (strlen(slot_names[k]) == b - a && !memcmp(ps->s + a, slot_names[k], b - a)) kind = k;
    if (kind < 0) {
        char msg[200];
        snprintf(msg, sizeof msg, "unknown slot '{%.*s}' (figure, percent, money, number, date, month, person, "
                 "meeting, body or any)", (int)(b - a) > 40 ? 40 : (int)(b - a), ps->s + a);
        return fail(ps, a, msg);
    }
    int name = -1;
    if (ps->i < ps->n && ps->s[ps->i] == ':') {
        size_t c = ++ps->i;
        while (ps->i < ps->n && (isalnum((unsigned char)ps->s[ps->i]) || ps->s[ps->i] == '_')) ps->i++;
        if (ps->i == c || isdigit((unsigned char)ps->s[c])) return fail(ps, c, "a capture name after ':' (letters, digits, '_')");
        pattern *p = ps->p;
        if (p->ncap_names >= MX_MAX_CAPS) return fail(ps, c, "too many named captures");
        char **v = realloc(p->cap_names, (size_t)(p->ncap_names + 1) * sizeof *v);
        if (!v) return fail(ps, c, "out of memory");
        p->cap_names = v;
        v[p->ncap_names] = malloc(ps->i - c + 1);
        if (!v[p->ncap_names]) return fail(ps, c, "out of memory");
        memcpy(v[p->ncap_names], ps->s + c, ps->i - c);
        v[p->ncap_names][ps->i - c] = '\0';
        name = p->ncap_names++;
    }
    if (ps->i >= ps->n || ps->s[ps->i] != '}') return fail(ps, ps->i, "expected '}' to close the slot");
    ps->i++;
    (void)at;
    node *n = node_new(ps, N_SLOT);
    if (!n) return NULL;
    n->a = kind;
    n->b = name;
    return n;
}

static int read_int(parser *ps, int *v)
{
    size_t a = ps->i;
    long x = 0;
    while (ps->i < ps->n && isdigit((unsigned char)ps->s[ps->i]) && x <= MX_MAX_GAP) x = x * 10 + (ps->s[ps->i++] - '0');
    if (ps->i == a) { fail(ps, a, "expected a number"); return -1; }
    if (x > MX_MAX_GAP) {
        char msg[80];
        snprintf(msg, sizeof msg, "a gap may skip at most %d tokens", MX_MAX_GAP);
        fail(ps, a, msg);
        return -1;
    }
    *v = (int)x;
    return 0;
}

/* `...`, `...{n}` or `...{m,n}`; ps->i is after the dots. */
static node *parse_gap(parser *ps)
{
    int lo = 0, hi = MX_DEFAULT_GAP;
    if (ps->i < ps->n && ps->s[ps->i] == '{') {
        ps->i++;
        if (read_int(ps, &lo)) return NULL;
        hi = lo;
        if (ps->i < ps->n && ps->s[ps->i] == ',') {
            ps->i++;
            if (read_int(ps, &hi)) return NULL;
        }
        if (ps->i >= ps->n || ps->s[ps->i] != '}') return fail(ps, ps->i, "expected '}' after the gap's bounds");
        ps->i++;
        if (hi < lo) return fail(ps, ps->i - 1, "a gap's maximum is below its minimum");
    }
    node *n = node_new(ps, N_GAP);
    if (!n) return NULL;
    n->a = lo;
    n->b = hi;
    return n;
}

/* A sequence up to '|', the closing bracket or "unless". */
static node *parse_seq(parser *ps, char close)
{
    node *seq = node_new(ps, N_SEQ);
    if (!seq) return NULL;
    for (;;) {
        skip_space(ps);
        if (ps->i >= ps->n) break;
        char c = ps->s[ps->i];
        size_t at = ps->i;
        node *k = NULL;
        if (c == '|' || c == ')' || c == ']') {
            if (c != '|' && c != close) { node_free(seq); return fail(ps, at, c == ')' ? "unmatched ')'" : "unmatched ']'"); }
            break;
        } else if (c == '(' || c == '[') {
            if (++ps->depth > MX_MAX_DEPTH) { node_free(seq); return fail(ps, at, "brackets nested too deeply"); }
            ps->i++;
            k = parse_alts(ps, c == '(' ? ')' : ']', at);
            ps->depth--;
            if (!k) { node_free(seq); return NULL; }
            if (ps->i >= ps->n) { node_free(k); node_free(seq); return fail(ps, at, c == '(' ? "'(' is not closed" : "'[' is not closed"); }
            ps->i++;
            if (c == '[') {
                node *o = node_new(ps, N_OPT);
                if (!o || add_kid(ps, o, k)) { node_free(o); node_free(seq); return NULL; }
                k = o;
            }
        } else if (c == '.') {
            if (ps->n - ps->i < 3 || memcmp(ps->s + ps->i, "...", 3) != 0) { node_free(seq); return fail(ps, at, "a gap is written '...'"); }
            ps->i += 3;
            k = parse_gap(ps);
        } else if (c == '{') {
            k = parse_slot(ps);
        } else if (c == '"') {
            size_t a = ++ps->i;
            while (ps->i < ps->n && ps->s[ps->i] != '"') ps->i++;
            if (ps->i >= ps->n) { node_free(seq); return fail(ps, at, "the quote is not closed"); }
            size_t b = ps->i++;
            /* each word inside the quotes is an exact literal */
            for (size_t i = a; i < b;) {
                while (i < b && isspace((unsigned char)ps->s[i])) i++;
                size_t j = i;
                while (j < b && !isspace((unsigned char)ps->s[j])) j++;
                if (j > i) {
                    for (size_t q = i; q < j; q++)
                        if (!word_byte((unsigned char)ps->s[q])) { node_free(seq); return fail(ps, q, "only words go inside quotes"); }
                    if (add_words(ps, seq, i, j, 1)) { node_free(seq); return NULL; }
                }
                i = j;
            }
            if (b == a) { node_free(seq); return fail(ps, at, "empty quotes"); }
            continue;
        } else if (word_byte((unsigned char)c)) {
            size_t a = ps->i;
            while (ps->i < ps->n && word_byte((unsigned char)ps->s[ps->i])) ps->i++;
            if (ps->i < ps->n && ps->s[ps->i] == '*') ps->i++;
            if (close == 0 && ps->i - a == 6 && !memcmp(ps->s + a, "unless", 6)) { ps->i = a; break; }
            if (add_words(ps, seq, a, ps->i, 0)) { node_free(seq); return NULL; }
            continue;
        } else {
            char msg[80];
            snprintf(msg, sizeof msg, "unexpected '%c' (quote a word to match it as written)", c);
            node_free(seq);
            return fail(ps, at, isprint((unsigned char)c) ? msg : "unexpected character");
        }
        if (!k || add_kid(ps, seq, k)) { node_free(seq); return NULL; }
    }
    return seq;
}

static int empty_seq(const node *n) { return n->type == N_SEQ && n->nkids == 0; }

static node *parse_alts(parser *ps, char close, size_t open_at)
{
    node *alt = node_new(ps, N_ALT);
    if (!alt) return NULL;
    for (;;) {
        size_t at = ps->i;
        node *s = parse_seq(ps, close);
        if (!s) { node_free(alt); return NULL; }
        if (empty_seq(s)) { node_free(s); node_free(alt); return fail(ps, at, "an empty alternative"); }
        if (add_kid(ps, alt, s)) { node_free(alt); return NULL; }
        if (ps->i < ps->n && ps->s[ps->i] == '|') { ps->i++; continue; }
        break;
    }
    if (close && (ps->i >= ps->n || ps->s[ps->i] != close)) {
        node_free(alt);
        return fail(ps, open_at, close == ')' ? "'(' is not closed" : "'[' is not closed");
    }
    return alt;
}

/* ---- code generation -------------------------------------------------------------------- */

typedef struct gen {
    parser *ps;
    pinstr *v;
    int n, cap;
} gen;

static int emit(gen *g, int op, int x, int y, int name)
{
    if (g->n >= MX_MAX_PROG) { fail(g->ps, 0, "pattern too large once compiled"); return -1; }
    if (g->n == g->cap) {
        int nc = g->cap ? g->cap * 2 : 32;
        pinstr *v = realloc(g->v, (size_t)nc * sizeof *v);
        if (!v) { fail(g->ps, 0, "out of memory"); return -1; }
        g->v = v;
        g->cap = nc;
    }
    g->v[g->n] = (pinstr){ (uint8_t)op, (int8_t)name, x, y };
    return g->n++;
}

/* The literal of an alternative that is one word, or -1. */
static int single_word(const node *n)
{
    if (n->type == N_SEQ && n->nkids == 1) n = n->kids[0];
    return n->type == N_WORD ? n->a : -1;
}

static int compile(gen *g, const node *n)
{
    switch (n->type) {
    case N_SEQ:
        for (int i = 0; i < n->nkids; i++)
            if (compile(g, n->kids[i])) return -1;
        return 0;
    case N_ALT: {
        if (n->nkids == 1) return compile(g, n->kids[0]);
        int jumps[256], nj = 0;
        if (n->nkids > 256) { fail(g->ps, 0, "too many alternatives in one group (256 at most)"); return -1; }
        for (int i = 0; i < n->nkids;) {
            /* a run of single words is one set: each takes one token and goes on the same way,
             * so which of them matched never changes the match */
            int j = i;
            while (j < n->nkids && single_word(n->kids[j]) >= 0) j++;
            int next = j - i >= 2 ? j : i + 1, split = -1;
            if (next < n->nkids && (split = emit(g, OP_SPLIT, 0, 0, -1)) < 0) return -1;
            if (split >= 0) g->v[split].x = g->n;
            if (next == j && j - i >= 2) {
                int keys[256], set;
                for (int k = i; k < j; k++) keys[k - i] = mx_lit_key(g->ps->m, single_word(n->kids[k]));
                if ((set = mx_set_add(g->ps->m, keys, j - i)) < 0) { fail(g->ps, 0, "out of memory"); return -1; }
                if (emit(g, OP_SET, set, 0, -1) < 0) return -1;
            } else if (compile(g, n->kids[i])) {
                return -1;
            }
            if (next < n->nkids) {
                if ((jumps[nj++] = emit(g, OP_JMP, 0, 0, -1)) < 0) return -1;
                g->v[split].y = g->n;
            }
            i = next;
        }
        for (int j = 0; j < nj; j++) g->v[jumps[j]].x = g->n;
        return 0;
    }
    case N_OPT: { /* greedy: the words if they are there */
        int split = emit(g, OP_SPLIT, 0, 0, -1);
        if (split < 0) return -1;
        g->v[split].x = g->n;
        if (compile(g, n->kids[0])) return -1;
        g->v[split].y = g->n;
        return 0;
    }
    case N_WORD: return emit(g, OP_WORD, n->a, 0, -1) < 0 ? -1 : 0;
    case N_SLOT: return emit(g, OP_SLOT, n->a, 0, n->b) < 0 ? -1 : 0;
    case N_GAP: { /* lazy: as few tokens as will do */
        for (int i = 0; i < n->a; i++)
            if (emit(g, OP_ANY, 0, 0, -1) < 0) return -1;
        int splits[MX_MAX_GAP], ns = 0;
        for (int i = n->a; i < n->b; i++) {
            if ((splits[ns++] = emit(g, OP_SPLIT, 0, 0, -1)) < 0) return -1;
            g->v[splits[ns - 1]].y = g->n;
            if (emit(g, OP_ANY, 0, 0, -1) < 0) return -1;
        }
        for (int i = 0; i < ns; i++) g->v[splits[i]].x = g->n;
        return 0;
    }
    }
    return -1;
}

/* Does the first or last element of a sequence reduce to a gap? Such gaps match nothing
 * useful (the match would just grow), so they are refused. */
static int edge_gap(const node *n, int last)
{
    while (n && (n->type == N_SEQ || n->type == N_ALT) && n->nkids > 0) {
        if (n->type == N_ALT) {
            for (int i = 0; i < n->nkids; i++)
                if (edge_gap(n->kids[i], last)) return 1;
            return 0;
        }
        n = n->kids[last ? n->nkids - 1 : 0];
    }
    return n && n->type == N_GAP;
}

/* Longest token count of a program from pc to MATCH (a DAG: jumps go forward). */
static int prog_width(const pinstr *v, int n)
{
    int w[MX_MAX_PROG + 1];
    for (int pc = n - 1; pc >= 0; pc--) {
        const pinstr *in = &v[pc];
        switch (in->op) {
        case OP_MATCH: w[pc] = 0; break;
        case OP_WORD: case OP_SET: case OP_ANY: w[pc] = 1 + w[pc + 1]; break;
        case OP_SLOT: w[pc] = (in->x == SLOT_ANY ? 1 : 32) + w[pc + 1]; break;
        case OP_JMP: w[pc] = w[in->x]; break;
        case OP_SPLIT: w[pc] = w[in->x] > w[in->y] ? w[in->x] : w[in->y]; break;
        }
    }
    return w[0];
}

/* Can the program reach MATCH without consuming a token? */
static int matches_empty(const pinstr *v, int pc, int depth)
{
    if (depth > MX_MAX_PROG) return 1;
    for (;;) {
        switch (v[pc].op) {
        case OP_MATCH: return 1;
        case OP_JMP: pc = v[pc].x; break;
        case OP_SPLIT: return matches_empty(v, v[pc].x, depth + 1) || matches_empty(v, v[pc].y, depth + 1);
        default: return 0;
        }
    }
}

static int compile_part(parser *ps, node *tree, pinstr **prog, int *nprog, size_t at)
{
    gen g = { ps, NULL, 0, 0 };
    if (edge_gap(tree, 0) || edge_gap(tree, 1)) {
        node_free(tree);
        fail(ps, at, "a pattern cannot start or end with a gap '...'");
        return -1;
    }
    int rc = compile(&g, tree);
    node_free(tree);
    if (rc || emit(&g, OP_MATCH, 0, 0, -1) < 0) { free(g.v); return -1; }
    if (matches_empty(g.v, 0, 0)) {
        free(g.v);
        fail(ps, at, "the pattern can match no words at all (everything in it is optional)");
        return -1;
    }
    *prog = g.v;
    *nprog = g.n;
    return 0;
}

int mx_parse(matcher *m, pattern *p, const char *src, size_t len, char *errbuf, size_t errlen, int *errcol)
{
    parser ps = { m, p, src, len, 0, 0, errbuf, errlen, 0, 0 };
    p->veto = -1;
    if (len > MX_MAX_SOURCE) {
        snprintf(errbuf, errlen, "pattern longer than %d bytes", MX_MAX_SOURCE);
        *errcol = MX_MAX_SOURCE + 1;
        return -1;
    }
    if (memchr(src, '\0', len)) {
        snprintf(errbuf, errlen, "pattern holds a NUL byte");
        *errcol = (int)((const char *)memchr(src, '\0', len) - src) + 1;
        return -1;
    }
    skip_space(&ps);
    size_t start = ps.i;
    node *tree = parse_alts(&ps, 0, 0);
    if (tree && ps.i < ps.n && ps.s[ps.i] != 'u') { /* a stray closer */
        node_free(tree);
        tree = fail(&ps, ps.i, ps.s[ps.i] == ')' ? "unmatched ')'" : "unmatched ']'");
    }
    if (!tree) {
        if (!ps.failed) fail(&ps, ps.i, "empty pattern");
        *errcol = ps.errcol;
        return -1;
    }
    if (compile_part(&ps, tree, &p->prog, &p->nprog, start)) { *errcol = ps.errcol; return -1; }
    p->width = prog_width(p->prog, p->nprog);
    if (ps.i < ps.n) { /* "unless": the rest is the veto, compiled as a pattern of its own */
        size_t at = ps.i;
        ps.i += 6;
        skip_space(&ps);
        if (ps.i >= ps.n) { fail(&ps, at, "nothing after 'unless'"); *errcol = ps.errcol; return -1; }
        char vmsg[512];
        int vcol = 0;
        int v = mx_compile(m, src + ps.i, len - ps.i, vmsg, sizeof vmsg, &vcol);
        if (v < 0) {
            snprintf(errbuf, errlen, "%s", vmsg);
            *errcol = (int)ps.i + vcol;
            return -1;
        }
        p->veto = v;
    }
    return 0;
}

void mx_pattern_free(pattern *p)
{
    free(p->src);
    free(p->prog);
    for (int i = 0; i < p->ncap_names; i++) free(p->cap_names[i]);
    free(p->cap_names);
}
