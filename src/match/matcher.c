/*
 * matcher.c — the compiled set of patterns and the run over a document.
 *
 * Patterns are indexed by what they can start with (a stem, an exact word or a slot kind). For
 * each token of a sentence the candidates are read off the index and each is tried anchored at
 * the token: a backtracking walk of its program, memoised on (instruction, position) so that no
 * pattern costs more than instructions x width per start. A run of single-word alternatives is
 * one instruction (a sorted set of word keys), not a chain of choices. A pattern's matches do not overlap;
 * its `unless` pattern, matching anywhere in the sentence, drops them.
 */
#include <libstemmer.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "match_int.h"

#define SLOT_MAX_TOKENS 32 /* a slot wider than this is not bound (prog_width assumes it) */
#define MAX_DEPTH 400      /* backtracking frames of one attempt */

/* A slot object of the sentence under match, by token range. */
typedef struct slotent {
    int a, b; /* tokens [a, b) */
    uint8_t kind;
    int obj;
} slotent;

typedef struct attempt {
    matcher *m;
    const pattern *p;
    int start, t_end;
    size_t w1;        /* width + 1: memo row length */
    const slotent *slots;
    const int *slot_first; /* per token of the sentence: first slot starting there */
    int depth;
    mx_cap caps[MX_MAX_CAPS];
    int ncaps;
} attempt;

matcher *mx_new(void)
{
    matcher *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->stemmer = sb_stemmer_new("english", NULL);
    if (!m->stemmer) { free(m); return NULL; }
    m->index_dirty = 1;
    return m;
}

static void free_index(matcher *m)
{
    free(m->by_exact_first); free(m->by_exact);
    free(m->by_stem_first); free(m->by_stem);
    free(m->by_slot_first); free(m->by_slot);
    free(m->by_pref_first); free(m->by_pref);
    free(m->always);
    free(m->need_first); free(m->group_first); free(m->group_lit);
    free(m->seen); free(m->need_at); free(m->need_last);
    m->seen = NULL;
    m->need_last = NULL;
    m->need_first = m->group_first = m->group_lit = NULL;
    m->need_at = NULL;
    m->by_exact_first = m->by_exact = m->by_stem_first = m->by_stem = NULL;
    m->by_slot_first = m->by_slot = m->by_pref_first = m->by_pref = m->always = NULL;
    m->nalways = 0;
}

void mx_free(matcher *m)
{
    if (!m) return;
    for (int i = 0; i < m->npats; i++) mx_pattern_free(&m->pats[i]);
    free(m->pats);
    for (int i = 0; i < m->nlits; i++) free(m->lits[i].prefix);
    free(m->lits);
    free(m->prefix_lits);
    dict_free(&m->lits_dict);
    dict_free(&m->lit_keys);
    dict_free(&m->srcs);
    dict_free(&m->set_keys);
    for (int i = 0; i < m->nsets; i++) free(m->sets[i].keys);
    free(m->sets);
    mx_wcache_clear(&m->words);
    free_index(m);
    free(m->toks);
    free(m->fold);
    free(m->stamp);
    free(m->tried);
    free(m->blocked);
    free(m->vetoed);
    free(m->slot_end);
    if (m->stemmer) sb_stemmer_delete(m->stemmer);
    free(m);
}

int mx_lookup(const matcher *m, const char *src, size_t len) { return dict_find(&m->srcs, src, len); }
const char *mx_source(const matcher *m, int id) { return id >= 0 && id < m->npats ? m->pats[id].src : NULL; }
int mx_count(const matcher *m) { return m->npats; }

const char *mx_cap_name(const matcher *m, int id, int k)
{
    if (id < 0 || id >= m->npats || k < 0 || k >= m->pats[id].ncap_names) return NULL;
    return m->pats[id].cap_names[k];
}

size_t mx_bytes(const matcher *m)
{
    size_t b = sizeof *m + (size_t)m->cappats * sizeof(pattern) + (size_t)m->caplits * sizeof(literal);
    for (int i = 0; i < m->npats; i++) b += m->pats[i].srclen + (size_t)m->pats[i].nprog * sizeof(pinstr);
    b += (size_t)m->capsets * sizeof(wset) + m->set_keys.nslots * sizeof(int);
    for (int i = 0; i < m->nsets; i++) b += (size_t)m->sets[i].n * 2 * sizeof(int);
    b += m->words.cap * (sizeof(char *) + sizeof(uint32_t) + 2 * sizeof(int) + 16);
    b += (m->lits_dict.nslots + m->srcs.nslots + m->lit_keys.nslots) * sizeof(int);
    b += m->nstamp * sizeof(uint32_t) + (size_t)m->captoks * sizeof(mtok) + m->foldcap;
    if (m->need_first) { /* the required groups and their stamps */
        int ng = m->need_first[m->npats];
        b += ((size_t)m->npats * 2 + (size_t)ng + (size_t)m->group_first[ng] + 4) * sizeof(int);
        b += ((size_t)m->lits_dict.n * 2 + (size_t)m->nlits + 3) * (sizeof(uint32_t) + sizeof(int)); /* seen, last */
        b += (size_t)m->npats * sizeof(int); /* need_last */
    }
    return b;
}

int mx_compile(matcher *m, const char *src, size_t len, char *errbuf, size_t errlen, int *errcol)
{
    *errcol = 0;
    int id = dict_find(&m->srcs, src, len);
    if (id >= 0) return id;
    if (m->npats >= MX_MAX_PATTERNS) {
        snprintf(errbuf, errlen, "more than %d patterns", MX_MAX_PATTERNS);
        return -1;
    }
    pattern p;
    memset(&p, 0, sizeof p);
    if (mx_parse(m, &p, src, len, errbuf, errlen, errcol)) {
        mx_pattern_free(&p);
        return -1;
    }
    if (p.veto >= 0 && m->pats[p.veto].veto >= 0) {
        mx_pattern_free(&p);
        snprintf(errbuf, errlen, "only one 'unless' in a pattern (join the exceptions as '(a|b)')");
        *errcol = 1;
        return -1;
    }
    p.src = text_dup(src, len);
    p.srclen = len;
    if (m->npats == m->cappats) {
        int nc = m->cappats ? m->cappats * 2 : 64;
        pattern *v = realloc(m->pats, (size_t)nc * sizeof *v);
        if (!v) { mx_pattern_free(&p); snprintf(errbuf, errlen, "out of memory"); return -1; }
        m->pats = v;
        m->cappats = nc;
    }
    if (!p.src || dict_add(&m->srcs, src, len) != m->npats) {
        mx_pattern_free(&p);
        snprintf(errbuf, errlen, "out of memory");
        return -1;
    }
    m->pats[m->npats] = p;
    m->index_dirty = 1;
    return m->npats++;
}

/* ---- word sets ------------------------------------------------------------------------------- */

int mx_lit_key(const matcher *m, int lit)
{
    const literal *l = &m->lits[lit];
    return l->kind == LIT_PREFIX ? lit * 4 + 2 : l->sid * 4 + (l->kind == LIT_STEM);
}

static int cmp_int(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

int mx_set_add(matcher *m, int *keys, int n)
{
    qsort(keys, (size_t)n, sizeof *keys, cmp_int);
    int k = 0; /* "(report|reports)" stem alike */
    for (int i = 0; i < n; i++)
        if (k == 0 || keys[k - 1] != keys[i]) keys[k++] = keys[i];
    size_t bytes = (size_t)k * sizeof *keys;
    int id = dict_find(&m->set_keys, (const char *)keys, bytes);
    if (id >= 0) return id;
    if (m->nsets == m->capsets) {
        int nc = m->capsets ? m->capsets * 2 : 32;
        wset *v = realloc(m->sets, (size_t)nc * sizeof *v);
        if (!v) return -1;
        m->sets = v;
        m->capsets = nc;
    }
    int *copy = malloc(bytes);
    if (!copy) return -1;
    memcpy(copy, keys, bytes);
    if (dict_add(&m->set_keys, (const char *)keys, bytes) != m->nsets) { free(copy); return -1; }
    m->sets[m->nsets] = (wset){ copy, k, { 0, 0, 0, 0 } };
    for (int i = 0; i < k; i++) m->sets[m->nsets].mask[wset_bit(copy[i]) >> 6] |= 1ull << (wset_bit(copy[i]) & 63);
    return m->nsets++;
}

static int set_find(const wset *w, int key)
{
    unsigned b = wset_bit(key);
    if (!(w->mask[b >> 6] >> (b & 63) & 1)) return 0;
    int lo = 0, hi = w->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (w->keys[mid] < key) lo = mid + 1;
        else hi = mid;
    }
    return lo < w->n && w->keys[lo] == key;
}

int mx_set_has(const matcher *m, int id, const mtok *t)
{
    const wset *w = &m->sets[id];
    if (t->exact >= 0 && set_find(w, t->exact * 4)) return 1;
    if (t->stem >= 0 && set_find(w, t->stem * 4 + 1)) return 1;
    for (int j = 0; j < t->npref; j++)
        if (set_find(w, t->pref[j] * 4 + 2)) return 1;
    return 0;
}

/* ---- the index ----------------------------------------------------------------------------- */

typedef struct firstkey {
    int table; /* 0 exact, 1 stem, 2 slot, 3 always, 4 prefix */
    int key;
} firstkey;

/* Appends k to out[0..n) unless it is there; returns the new count. */
static int add_key(firstkey *out, int n, firstkey k)
{
    for (int i = 0; i < n; i++)
        if (out[i].table == k.table && out[i].key == k.key) return n;
    out[n] = k;
    return n + 1;
}

/* The keys a program can start with (walks SPLIT and JMP from pc). */
static int first_keys(const matcher *m, const pattern *p, int pc, firstkey *out, int n, int max)
{
    while (n < max) {
        const pinstr *in = &p->prog[pc];
        if (in->op == OP_JMP) { pc = in->x; continue; }
        if (in->op == OP_SPLIT) {
            n = first_keys(m, p, in->x, out, n, max);
            pc = in->y;
            continue;
        }
        if (in->op == OP_SET) {
            const wset *w = &m->sets[in->x];
            for (int i = 0; i < w->n && n < max; i++) {
                int t = w->keys[i] & 3;
                n = add_key(out, n, (firstkey){ t == 2 ? 4 : t, w->keys[i] >> 2 });
            }
            if (n < max) return n;
            break;
        }
        firstkey k = { 3, 0 };
        if (in->op == OP_WORD) {
            const literal *l = &m->lits[in->x];
            if (l->kind == LIT_EXACT) k = (firstkey){ 0, l->sid };
            else if (l->kind == LIT_STEM) k = (firstkey){ 1, l->sid };
            else k = (firstkey){ 4, in->x };
        } else if (in->op == OP_SLOT) {
            k = (firstkey){ 2, in->x };
        }
        return add_key(out, n, k);
    }
    out[max - 1] = (firstkey){ 3, 0 }; /* too many starts: try it everywhere */
    return max;
}

static int build_csr(int nkeys, const int *keys, const int *vals, int n, int **first_out, int **v_out)
{
    int *first = calloc((size_t)nkeys + 1, sizeof *first);
    int *v = malloc(((size_t)n + 1) * sizeof *v);
    if (!first || !v) { free(first); free(v); return -1; }
    for (int i = 0; i < n; i++) first[keys[i] + 1]++;
    for (int k = 0; k < nkeys; k++) first[k + 1] += first[k];
    int *fill = malloc(((size_t)nkeys + 1) * sizeof *fill);
    if (!fill) { free(first); free(v); return -1; }
    memcpy(fill, first, ((size_t)nkeys + 1) * sizeof *fill);
    for (int i = 0; i < n; i++) v[fill[keys[i]]++] = vals[i];
    free(fill);
    *first_out = first;
    *v_out = v;
    return 0;
}

/* Words so common that a group holding one rules out few sentences. */
static const char *const common_words[] = { "the", "a", "an", "to", "of", "and", "or", "be", "is", "was", "were",
                                            "been", "are", "would", "will", "should", "could", "can", "that", "in",
                                            "on", "for", "with", "by", "at", "it", "as", "this", "had", "has",
                                            "have", "not", "from", NULL };

/* What checking a group of first keys costs in sentences let through: a common word lets
 * through nearly every sentence. Slot and "anywhere" keys make the group useless (-1). */
static int group_cost(const matcher *m, const firstkey *k, int n)
{
    int cost = 0;
    for (int i = 0; i < n; i++) {
        if (k[i].table == 2 || k[i].table == 3) return -1;
        int c = 1;
        if (k[i].table != 4) {
            const char *w = m->lits_dict.s[k[i].key];
            for (int j = 0; common_words[j]; j++)
                if (!strcmp(w, common_words[j])) c = 20;
        }
        cost += c;
    }
    return cost;
}

/* The pcs every path from 0 to MATCH passes (jumps only go forward: pc is one unless an edge
 * jumps over it), other than 0, whose first keys are all words: each gives a group. Keeps the
 * `max` cheapest groups in out (as pcs); returns how many. */
static int required_pcs(const matcher *m, const pattern *p, int *out, int max)
{
    int n = p->nprog, cover = 0, nout = 0, costs[8];
    int *delta = calloc((size_t)n + 2, sizeof *delta);
    if (!delta) return 0;
    for (int pc = 0; pc < n; pc++) {
        const pinstr *in = &p->prog[pc];
        int t[2], nt = 0;
        if (in->op == OP_JMP) t[nt++] = in->x;
        else if (in->op == OP_SPLIT) { t[nt++] = in->x; t[nt++] = in->y; }
        for (int i = 0; i < nt; i++)
            if (t[i] > pc + 1) { delta[pc + 1]++; delta[t[i]]--; }
    }
    firstkey fk[64];
    if (max > 8) max = 8;
    for (int pc = 0; pc < n && max > 0; pc++) {
        cover += delta[pc];
        if (cover || pc == 0 || p->prog[pc].op == OP_MATCH) continue;
        const pinstr *in = &p->prog[pc];
        if (in->op != OP_WORD && in->op != OP_SET && in->op != OP_SPLIT && in->op != OP_JMP) continue;
        int nk = first_keys(m, p, pc, fk, 0, 64);
        int c = nk < 64 ? group_cost(m, fk, nk) : -1;
        if (c < 0) continue;
        int at; /* insertion by cost, dropping the dearest */
        if (nout < max) at = nout++;
        else if (c < costs[max - 1]) at = max - 1;
        else continue;
        while (at > 0 && costs[at - 1] > c) { costs[at] = costs[at - 1]; out[at] = out[at - 1]; at--; }
        costs[at] = c;
        out[at] = pc;
    }
    free(delta);
    return nout;
}

/* Where the stem and prefix keys start in m->seen (exact dictionary ids come first). */
#define SEEN_STEM(m, id) ((size_t)(m)->lits_dict.n + 1 + (size_t)(id))
#define SEEN_PREF(m, lit) (2 * ((size_t)(m)->lits_dict.n + 1) + (size_t)(lit))

/* Builds need_* and group_* for every pattern, and sizes the seen stamps. */
static int build_needs(matcher *m)
{
    int ng = 0, nl = 0, capl = 256;
    m->need_first = malloc(((size_t)m->npats + 1) * sizeof(int));
    m->group_first = malloc(((size_t)m->npats * 3 + 1) * sizeof(int));
    m->group_lit = malloc((size_t)capl * sizeof(int));
    m->need_at = calloc((size_t)m->npats + 1, sizeof(uint32_t));
    m->need_last = calloc((size_t)m->npats + 1, sizeof(int));
    m->seen = calloc(SEEN_PREF(m, m->nlits) + 1, sizeof *m->seen);
    if (!m->need_first || !m->group_first || !m->group_lit || !m->need_at || !m->need_last || !m->seen) return -1;
    m->sgen = 0;
    firstkey fk[64];
    for (int p = 0; p < m->npats; p++) {
        m->need_first[p] = ng;
        int pcs[3];
        int k = required_pcs(m, &m->pats[p], pcs, 3);
        for (int g = 0; g < k; g++) {
            int nk = first_keys(m, &m->pats[p], pcs[g], fk, 0, 64);
            m->group_first[ng++] = nl;
            for (int i = 0; i < nk; i++) {
                if (nl == capl) {
                    int *v = realloc(m->group_lit, (size_t)capl * 2 * sizeof *v);
                    if (!v) return -1;
                    m->group_lit = v;
                    capl *= 2;
                }
                /* exact and stem keys are dictionary ids, prefix keys literal ids */
                m->group_lit[nl++] = fk[i].table == 0 ? fk[i].key
                                     : fk[i].table == 1 ? (int)SEEN_STEM(m, fk[i].key) : (int)SEEN_PREF(m, fk[i].key);
            }
        }
    }
    m->need_first[m->npats] = ng;
    m->group_first[ng] = nl;
    return 0;
}

/* The last token of the current sentence (stamped m->sgen) at which a match of p can start: a
 * match holds a word of each required group at or after its start, so it starts no later than
 * the last such word of the group whose words end first. -1 when a group has no word here. */
static int need_limit(matcher *m, int p)
{
    if (m->no_needs) return INT_MAX;
    if ((m->need_at[p] >> 1) == m->sgen) return m->need_last[p];
    int lim = INT_MAX;
    for (int g = m->need_first[p]; lim >= 0 && g < m->need_first[p + 1]; g++) {
        int best = -1;
        for (int i = m->group_first[g]; i < m->group_first[g + 1]; i++) {
            const struct seen_key *k = &m->seen[m->group_lit[i]];
            if (k->sent == m->sgen && k->last > best) best = k->last;
        }
        if (best < lim) lim = best;
    }
    m->need_at[p] = m->sgen << 1;
    m->need_last[p] = lim;
    return lim;
}

static int build_index(matcher *m)
{
    free_index(m);
    int n[5] = { 0 }, caps[5] = { 0 };
    int *keys[5] = { NULL }, *vals[5] = { NULL };
    int rc = -1;
    firstkey fk[64];
    for (int p = 0; p < m->npats; p++) {
        int nk = first_keys(m, &m->pats[p], 0, fk, 0, 64);
        for (int i = 0; i < nk; i++) {
            int t = fk[i].table;
            if (n[t] == caps[t]) {
                int nc = caps[t] ? caps[t] * 2 : 256;
                int *kv = realloc(keys[t], (size_t)nc * sizeof *kv);
                if (!kv) goto done;
                keys[t] = kv;
                int *vv = realloc(vals[t], (size_t)nc * sizeof *vv);
                if (!vv) goto done;
                vals[t] = vv;
                caps[t] = nc;
            }
            keys[t][n[t]] = fk[i].key;
            vals[t][n[t]++] = p;
        }
    }
    int nd = m->lits_dict.n;
    if (build_csr(nd, keys[0], vals[0], n[0], &m->by_exact_first, &m->by_exact) ||
        build_csr(nd, keys[1], vals[1], n[1], &m->by_stem_first, &m->by_stem) ||
        build_csr(SLOT__COUNT, keys[2], vals[2], n[2], &m->by_slot_first, &m->by_slot) ||
        build_csr(m->nlits, keys[4], vals[4], n[4], &m->by_pref_first, &m->by_pref))
        goto done;
    m->always = vals[3];
    vals[3] = NULL;
    m->nalways = n[3];
    int *t1 = realloc(m->tried, ((size_t)m->npats + 1) * sizeof(int));
    if (!t1) goto done;
    m->tried = t1;
    int *t2 = realloc(m->blocked, ((size_t)m->npats + 1) * sizeof(int));
    if (!t2) goto done;
    m->blocked = t2;
    int *t3 = realloc(m->vetoed, ((size_t)m->npats + 1) * sizeof(int));
    if (!t3) goto done;
    m->vetoed = t3;
    if (build_needs(m)) goto done;
    m->index_dirty = 0;
    rc = 0;
done:
    for (int t = 0; t < 5; t++) { free(keys[t]); free(vals[t]); }
    return rc;
}

/* ---- slots ----------------------------------------------------------------------------------- */

static int tok_is(const matcher *m, int i, const char *w)
{
    const mtok *k = &m->toks[i];
    size_t n = strlen(w);
    return k->type == 'w' && k->flen == n && !memcmp(m->fold + k->foff, w, n);
}

static int tok_in(const matcher *m, int i, const char *const *list)
{
    for (; *list; list++)
        if (tok_is(m, i, *list)) return 1;
    return 0;
}

static int tok_month(const matcher *m, int i)
{
    const mtok *k = &m->toks[i];
    return k->type == 'w' && k->cap && text_month(m->fold + k->foff, k->flen);
}

static const char *const determiners[] = { "the", "a", "an", "its", "this", "their", "that", "each", "every",
                                           "any", "our", "his", "her", NULL };
static const char *const meeting_mods[] = { "next", "future", "following", "subsequent", "later", "forthcoming",
                                            "special", "further", "appropriate", "relevant", "same", "first", "last",
                                            "scheduled", "planned", "autumn", "spring", "summer", "winter", "public",
                                            "formal", "informal", "full", "annual", "extraordinary", "budget",
                                            "committee", "panel", "board", "cabinet", "council", "members", "member",
                                            "development", "workshop", "informal", "new", "municipal", "upcoming",
                                            "appropriate", "suitable", "another", "second", "third", NULL };
static const char *const meeting_heads[] = { "meeting", "meetings", "session", "sessions", "cycle", NULL };
static const char *const body_heads[] = { "committee", "committees", "panel", "panels", "board", "boards", "cabinet",
                                          "council", "forum", "group", "partnership", "commission", "members",
                                          "councillors", "assembly", "executive", "trust", "subcommittee", NULL };
static const char *const body_links[] = { "of", "and", "for", "on", "&", "sub", NULL };

/* "the next meeting", "a future meeting", "the April Committee meeting", "its September meeting". */
static int meeting_end(const matcher *m, int i, int end)
{
    int j = i;
    if (j < end && tok_in(m, j, determiners)) j++;
    else if (!(j < end && (tok_is(m, j, "next") || tok_is(m, j, "future") || tok_is(m, j, "subsequent")))) return -1;
    for (int k = 0; k < 6 && j < end; k++, j++) {
        if (tok_in(m, j, meeting_heads)) return j + 1;
        const mtok *t = &m->toks[j];
        if (!(tok_in(m, j, meeting_mods) || tok_month(m, j) || t->cap || t->type == 'n')) return -1;
    }
    return -1;
}

/* "the Corporate Parenting Board", "the Committee", "Members", "the Children and Young People
 * Scrutiny Panel": a determiner, capitalised words and links, ending in a body's head word. */
static int body_end(const matcher *m, int i, int end)
{
    int j = i, last = -1;
    if (j < end && tok_in(m, j, determiners)) j++;
    for (int k = 0; k < 10 && j < end; k++, j++) {
        const mtok *t = &m->toks[j];
        if (tok_in(m, j, body_heads)) { last = j + 1; continue; }
        if (t->type == 'w' && (t->cap || (k > 0 && tok_in(m, j, body_links)))) continue;
        if (t->type == 'p' && j > i && m->fold[t->foff] == '&') continue;
        break;
    }
    /* a lower-case head counts only straight after the determiner ("the committee") */
    return last;
}

/* meeting_end or body_end over the whole sentence, worked out once per token: several patterns
 * try the same slot at the same place. */
static int slot_end_at(matcher *m, int kind, int i)
{
    int *v = &m->slot_end[2 * i + (kind == SLOT_BODY)];
    if (*v == -2) *v = kind == SLOT_BODY ? body_end(m, i, m->ntoks) : meeting_end(m, i, m->ntoks);
    return *v;
}

/* Can a slot of `kind` start at token pos? (slots: the sentence's slot objects by token) */
static int slot_here(matcher *m, const slotent *slots, const int *first, int kind, int pos)
{
    switch (kind) {
    case SLOT_MEETING: case SLOT_BODY: return slot_end_at(m, kind, pos) > 0;
    case SLOT_ANY: return m->toks[pos].type != 'p';
    default:
        for (int k = first[pos]; k < first[pos + 1]; k++)
            if (slots[k].kind == kind) return 1;
        if (kind == SLOT_MONTH) return tok_month(m, pos);
        return (kind == SLOT_NUMBER || kind == SLOT_FIGURE) && m->toks[pos].type == 'n';
    }
}

/* The slot objects of sentence tokens [0, ntoks): figures, dates and speakers of the document
 * whose bytes fall in [a, b), each mapped to its token range. */
typedef struct slotlist {
    slotent *v;
    int n, cap;
    int *first; /* per token (ntoks + 1) */
    int capfirst;
} slotlist;

static int tok_at(const matcher *m, uint32_t off)
{
    int lo = 0, hi = m->ntoks;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (m->toks[mid].off < off) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static int add_slot(slotlist *s, const matcher *m, sc_span sp, uint8_t kind, int obj)
{
    int a = tok_at(m, sp.off), b = tok_at(m, sp.end);
    if (a >= b || b - a > SLOT_MAX_TOKENS) return 0;
    if (s->n == s->cap) {
        int nc = s->cap ? s->cap * 2 : 32;
        slotent *v = realloc(s->v, (size_t)nc * sizeof *v);
        if (!v) return -1;
        s->v = v;
        s->cap = nc;
    }
    s->v[s->n++] = (slotent){ a, b, kind, obj };
    return 0;
}

static int cmp_slot(const void *x, const void *y)
{
    const slotent *a = x, *b = y;
    if (a->a != b->a) return a->a < b->a ? -1 : 1;
    if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
    return a->obj < b->obj ? -1 : a->obj > b->obj;
}

/* Cursor per object kind: objects are in text order, so each sentence resumes where the last
 * one stopped. */
typedef struct cursors { int fig, date, spk; } cursors;

static int collect_slots(slotlist *s, const matcher *m, const model_doc *d, uint32_t a, uint32_t b, cursors *c)
{
    s->n = 0;
    while (c->fig < d->figs.n && d->figs.v[c->fig].span.off < a) c->fig++;
    for (int i = c->fig; i < d->figs.n && d->figs.v[i].span.off < b; i++) {
        const model_figure *f = &d->figs.v[i];
        uint8_t k = f->kind == FIG_PERCENT ? SLOT_PERCENT : f->kind == FIG_MONEY ? SLOT_MONEY : SLOT_NUMBER;
        if (add_slot(s, m, f->span, SLOT_FIGURE, i) || add_slot(s, m, f->span, k, i)) return -1;
    }
    while (c->date < d->dates.n && d->dates.v[c->date].span.off < a) c->date++;
    for (int i = c->date; i < d->dates.n && d->dates.v[i].span.off < b; i++) {
        if (add_slot(s, m, d->dates.v[i].span, SLOT_DATE, i)) return -1;
        if (d->dates.v[i].kind == DATE_MONTH && add_slot(s, m, d->dates.v[i].span, SLOT_MONTH, i)) return -1;
    }
    while (c->spk < d->spks.n && d->spks.v[c->spk].span.off < a) c->spk++;
    for (int i = c->spk; i < d->spks.n && d->spks.v[i].span.off < b; i++)
        if (add_slot(s, m, d->spks.v[i].span, SLOT_PERSON, i)) return -1;
    if (s->n > 1) qsort(s->v, (size_t)s->n, sizeof *s->v, cmp_slot);
    if (m->ntoks + 1 > s->capfirst) {
        int nc = m->ntoks + 1 + 64;
        int *f = realloc(s->first, (size_t)nc * sizeof *f);
        if (!f) return -1;
        s->first = f;
        s->capfirst = nc;
    }
    for (int t = 0, k = 0; t <= m->ntoks; t++) {
        while (k < s->n && s->v[k].a < t) k++;
        s->first[t] = k;
    }
    return 0;
}

/* ---- matching -------------------------------------------------------------------------------- */

static int lit_ok(const matcher *m, int lit, const mtok *t)
{
    const literal *l = &m->lits[lit];
    switch (l->kind) {
    case LIT_STEM: return t->stem == l->sid;
    case LIT_EXACT: return t->exact == l->sid;
    default: return t->type != 'p' && t->flen >= l->plen && !memcmp(m->fold + t->foff, l->prefix, l->plen);
    }
}

static int step(attempt *r, int pc, int pos);

/* Can token instruction x (a word, a set or a slot) start at pos? */
static int opens_at(attempt *r, const pinstr *x, int pos)
{
    if (pos >= r->t_end) return 0;
    const mtok *t = &r->m->toks[pos];
    switch (x->op) {
    case OP_WORD: return lit_ok(r->m, x->x, t);
    case OP_SET: return mx_set_has(r->m, x->x, t);
    default: return slot_here(r->m, r->slots, r->slot_first, x->x, pos);
    }
}

/* The figure that starts at token pos, or -1. */
static int number_obj(const attempt *r, int pos)
{
    for (int k = r->slot_first[pos]; k < r->slot_first[pos + 1]; k++)
        if (r->slots[k].kind == SLOT_FIGURE) return r->slots[k].obj;
    return -1;
}

/* Tries slot instruction `in` at pos with the slot ending at e, then the rest of the program. */
static int try_slot(attempt *r, const pinstr *in, int pc, int pos, int e, int obj)
{
    if (r->ncaps >= MX_MAX_CAPS) return step(r, pc + 1, e);
    r->caps[r->ncaps++] = (mx_cap){ (uint8_t)in->x, in->name, obj, (uint32_t)pos, (uint32_t)e };
    int res = step(r, pc + 1, e);
    if (res < 0) r->ncaps--;
    return res;
}

static int step(attempt *r, int pc, int pos)
{
    matcher *m = r->m;
    const pinstr *v = r->p->prog;
    for (;;) {
        const pinstr *in = &v[pc];
        switch (in->op) {
        case OP_MATCH: return pos;
        case OP_WORD: case OP_SET:
            if (!opens_at(r, in, pos)) return -1;
            pc++, pos++;
            continue;
        case OP_ANY:
            if (pos >= r->t_end) return -1;
            pc++, pos++;
            continue;
        case OP_JMP: pc = in->x; continue;
        case OP_SPLIT: /* an alternative that starts with a word or slot not here fails at once:
                        * take the other one without a recursion or a stamp ("... {meeting}") */
            if ((v[in->x].op == OP_WORD || v[in->x].op == OP_SET || v[in->x].op == OP_SLOT) &&
                !opens_at(r, &v[in->x], pos)) {
                pc = in->y;
                continue;
            }
            break;
        default: break;
        }
        if (pos - r->start >= (int)r->w1) return -1;
        size_t key = (size_t)pc * r->w1 + (size_t)(pos - r->start);
        if (m->stamp[key] == m->gen || r->depth >= MAX_DEPTH) return -1;
        r->depth++;
        int saved = r->ncaps, res = -1;
        if (in->op == OP_SPLIT) {
            res = step(r, in->x, pos);
            if (res < 0) { r->ncaps = saved; res = step(r, in->y, pos); }
        } else if (pos < r->t_end) { /* OP_SLOT */
            int e;
            switch (in->x) {
            case SLOT_MEETING: case SLOT_BODY:
                if ((e = slot_end_at(m, in->x, pos)) > 0) res = try_slot(r, in, pc, pos, e, -1);
                break;
            case SLOT_ANY:
                if (m->toks[pos].type != 'p') res = try_slot(r, in, pc, pos, pos + 1, -1);
                break;
            default:
                for (int k = r->slot_first[pos]; res < 0 && k < r->slot_first[pos + 1]; k++)
                    if (r->slots[k].kind == in->x) res = try_slot(r, in, pc, pos, r->slots[k].b, r->slots[k].obj);
                if (res < 0 && in->x == SLOT_MONTH && tok_month(m, pos)) res = try_slot(r, in, pc, pos, pos + 1, -1);
                /* a number alone is a figure too: the loader reads "14 out of 90" as one figure,
                 * which `{figure} out of {figure}` takes apart */
                if (res < 0 && (in->x == SLOT_NUMBER || in->x == SLOT_FIGURE) && m->toks[pos].type == 'n')
                    res = try_slot(r, in, pc, pos, pos + 1, number_obj(r, pos));
            }
        }
        r->depth--;
        if (res < 0) {
            m->stamp[key] = m->gen;
            r->ncaps = saved;
        }
        return res;
    }
}

static int push_hit(mx_hits *h, const matcher *m, int pat, int sent, int a, int b, const attempt *r)
{
    if (h->n == h->cap) {
        int nc = h->cap ? h->cap * 2 : 64;
        mx_hit *v = realloc(h->v, (size_t)nc * sizeof *v);
        if (!v) return -1;
        h->v = v;
        h->cap = nc;
    }
    if (h->ncaps + r->ncaps > h->capcaps) {
        int nc = h->capcaps ? h->capcaps * 2 : 64;
        while (nc < h->ncaps + r->ncaps) nc *= 2;
        mx_cap *v = realloc(h->caps, (size_t)nc * sizeof *v);
        if (!v) return -1;
        h->caps = v;
        h->capcaps = nc;
    }
    mx_hit *x = &h->v[h->n++];
    x->pat = pat;
    x->sent = sent;
    x->off = m->toks[a].off;
    x->end = m->toks[b - 1].end;
    x->cap_first = h->ncaps;
    x->cap_count = r->ncaps;
    for (int i = 0; i < r->ncaps; i++) {
        mx_cap c = r->caps[i];
        int ca = (int)c.off, cb = (int)c.end;
        c.off = m->toks[ca].off;
        c.end = m->toks[cb - 1].end;
        h->caps[h->ncaps++] = c;
    }
    return 0;
}

/* Runs pattern p anchored at token pos; records a hit when it matches. */
static int try_at(matcher *m, attempt *r, int p, int pos, int base, mx_hits *out, int sent)
{
    const pattern *pt = &m->pats[p];
    if (pos > need_limit(m, p)) return 0;
    if (m->tried[p] == base + pos + 1 || m->blocked[p] > base + pos) return 0;
    m->tried[p] = base + pos + 1;
    int width = pt->width < r->t_end - pos ? pt->width : r->t_end - pos;
    size_t need = (size_t)pt->nprog * (size_t)(width + 1);
    if (need > m->nstamp) {
        uint32_t *s = realloc(m->stamp, need * sizeof *s);
        if (!s) return -1;
        memset(s + m->nstamp, 0, (need - m->nstamp) * sizeof *s);
        m->stamp = s;
        m->nstamp = need;
    }
    if (++m->gen == 0) { /* wrapped: forget every old stamp */
        memset(m->stamp, 0, m->nstamp * sizeof *m->stamp);
        m->gen = 1;
    }
    r->p = pt;
    r->start = pos;
    r->w1 = (size_t)width + 1;
    r->depth = 0;
    r->ncaps = 0;
    int end = step(r, 0, pos);
    if (end <= pos) return 0;
    m->blocked[p] = base + end;
    m->vetoed[p] = sent + 1; /* for the patterns whose `unless` this is */
    return push_hit(out, m, p, sent, pos, end, r);
}

static int run_sentence(matcher *m, const model_doc *d, int sent, slotlist *sl, cursors *cur, int base, mx_hits *out)
{
    const model_sentence *s = &d->sents.v[sent];
    m->ntoks = 0;
    m->foldlen = 0;
    mx_wcache_trim(&m->words);
    if (mx_tokenize(m, d->text, s->span.off, s->span.end)) return -1;
    if (m->ntoks == 0) return 0;
    if (++m->sgen >= 1u << 31) { /* wrapped: forget every old stamp */
        memset(m->seen, 0, (SEEN_PREF(m, m->nlits) + 1) * sizeof *m->seen);
        memset(m->need_at, 0, ((size_t)m->npats + 1) * sizeof *m->need_at);
        m->sgen = 1;
    }
    for (int i = 0; i < m->ntoks; i++) { /* the words this sentence holds, for the required groups */
        const mtok *t = &m->toks[i];
        if (t->exact >= 0) m->seen[t->exact] = (struct seen_key){ m->sgen, i };
        if (t->stem >= 0) m->seen[SEEN_STEM(m, t->stem)] = (struct seen_key){ m->sgen, i };
        for (int j = 0; j < t->npref; j++) m->seen[SEEN_PREF(m, t->pref[j])] = (struct seen_key){ m->sgen, i };
    }
    if (collect_slots(sl, m, d, s->span.off, s->span.end, cur)) return -1;
    if (2 * m->ntoks > m->capslot_end) {
        int nc = 2 * m->ntoks + 64;
        int *v = realloc(m->slot_end, (size_t)nc * sizeof *v);
        if (!v) return -1;
        m->slot_end = v;
        m->capslot_end = nc;
    }
    for (int i = 0; i < 2 * m->ntoks; i++) m->slot_end[i] = -2;
    attempt r = { m, NULL, 0, m->ntoks, 0, sl->v, sl->first, 0, { { 0, 0, 0, 0, 0 } }, 0 };
    int first_hit = out->n, kinds[SLOT__COUNT], nkinds = 0; /* the slots some pattern starts with */
    for (int kind = 0; kind < SLOT__COUNT; kind++)
        if (m->by_slot_first[kind] < m->by_slot_first[kind + 1]) kinds[nkinds++] = kind;
    for (int pos = 0; pos < m->ntoks; pos++) {
        const mtok *t = &m->toks[pos];
        if (t->exact >= 0)
            for (int k = m->by_exact_first[t->exact]; k < m->by_exact_first[t->exact + 1]; k++)
                if (try_at(m, &r, m->by_exact[k], pos, base, out, sent)) return -1;
        if (t->stem >= 0)
            for (int k = m->by_stem_first[t->stem]; k < m->by_stem_first[t->stem + 1]; k++)
                if (try_at(m, &r, m->by_stem[k], pos, base, out, sent)) return -1;
        for (int j = 0; j < t->npref; j++)
            for (int k = m->by_pref_first[t->pref[j]]; k < m->by_pref_first[t->pref[j] + 1]; k++)
                if (try_at(m, &r, m->by_pref[k], pos, base, out, sent)) return -1;
        for (int j = 0; j < nkinds; j++) {
            int kind = kinds[j];
            if (!slot_here(m, sl->v, sl->first, kind, pos)) continue;
            for (int k = m->by_slot_first[kind]; k < m->by_slot_first[kind + 1]; k++)
                if (try_at(m, &r, m->by_slot[k], pos, base, out, sent)) return -1;
        }
        for (int k = 0; k < m->nalways; k++)
            if (try_at(m, &r, m->always[k], pos, base, out, sent)) return -1;
    }
    /* vetoes: a pattern whose `unless` matched in this sentence loses its matches here */
    int w = first_hit;
    for (int i = first_hit; i < out->n; i++) {
        int v = m->pats[out->v[i].pat].veto;
        if (v >= 0 && m->vetoed[v] == sent + 1) continue;
        out->v[w++] = out->v[i];
    }
    out->n = w;
    /* hits in text order within the sentence (the index visits patterns by start token already,
     * but several patterns may start at one token: order those by pattern id) */
    return 0;
}

int mx_run(matcher *m, const model_doc *d, mx_hits *out)
{
    out->n = 0;
    out->ncaps = 0;
    if (m->index_dirty && build_index(m)) return -1;
    int *sf = realloc(out->sent_first, ((size_t)d->sents.n + 1) * sizeof *sf);
    if (!sf) return -1;
    out->sent_first = sf;
    out->nsents = d->sents.n;
    for (int p = 0; p < m->npats; p++) m->tried[p] = m->blocked[p] = m->vetoed[p] = 0;
    slotlist sl = { NULL, 0, 0, NULL, 0 };
    cursors cur = { 0, 0, 0 };
    int rc = 0, base = 0;
    for (int s = 0; s < d->sents.n && rc == 0; s++) {
        sf[s] = out->n;
        if (m->npats == 0) continue;
        rc = run_sentence(m, d, s, &sl, &cur, base, out);
        base += m->ntoks + 1;
    }
    sf[d->sents.n] = out->n;
    free(sl.v);
    free(sl.first);
    return rc;
}

void mx_hits_free(mx_hits *h)
{
    free(h->v);
    free(h->caps);
    free(h->sent_first);
    memset(h, 0, sizeof *h);
}
