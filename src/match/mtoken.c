/*
 * mtoken.c — the matcher's view of text: words folded (case, curly apostrophes, Latin
 * diacritics), stemmed once per distinct word, and looked up in the literal dictionary.
 *
 * Tokens are words (letters and digits, with apostrophes inside), numbers ("6,000", "28.5") and
 * single punctuation characters. Hyphens and dashes separate words ("follow-up" is "follow up");
 * quotation marks are dropped, so a quoted phrase in the minutes reads as its words.
 */
#include <ctype.h>
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "match_int.h"

uint64_t mx_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* ---- the dictionary ---------------------------------------------------------------------- */

int dict_find(const dict *d, const char *s, size_t len)
{
    if (!d->nslots) return -1;
    size_t mask = d->nslots - 1;
    for (size_t h = (size_t)mx_hash(s, len) & mask;; h = (h + 1) & mask) {
        int id = d->slots[h];
        if (id < 0) return -1;
        if (d->len[id] == len && !memcmp(d->s[id], s, len)) return id;
    }
}

static int dict_grow(dict *d)
{
    size_t ns = d->nslots ? d->nslots * 2 : 256;
    int *slots = malloc(ns * sizeof *slots);
    if (!slots) return -1;
    memset(slots, 0xff, ns * sizeof *slots);
    for (int id = 0; id < d->n; id++) {
        size_t h = (size_t)mx_hash(d->s[id], d->len[id]) & (ns - 1);
        while (slots[h] >= 0) h = (h + 1) & (ns - 1);
        slots[h] = id;
    }
    free(d->slots);
    d->slots = slots;
    d->nslots = ns;
    return 0;
}

int dict_add(dict *d, const char *s, size_t len)
{
    int id = dict_find(d, s, len);
    if (id >= 0) return id;
    if ((size_t)(d->n + 1) * 2 > d->nslots && dict_grow(d)) return -1;
    if (d->n == d->cap) {
        int nc = d->cap ? d->cap * 2 : 64;
        char **sv = realloc(d->s, (size_t)nc * sizeof *sv);
        if (!sv) return -1;
        d->s = sv;
        uint32_t *lv = realloc(d->len, (size_t)nc * sizeof *lv);
        if (!lv) return -1;
        d->len = lv;
        d->cap = nc;
    }
    char *c = text_dup(s, len);
    if (!c) return -1;
    id = d->n++;
    d->s[id] = c;
    d->len[id] = (uint32_t)len;
    size_t h = (size_t)mx_hash(s, len) & (d->nslots - 1);
    while (d->slots[h] >= 0) h = (h + 1) & (d->nslots - 1);
    d->slots[h] = id;
    return id;
}

void dict_free(dict *d)
{
    for (int i = 0; i < d->n; i++) free(d->s[i]);
    free(d->s);
    free(d->len);
    free(d->slots);
    memset(d, 0, sizeof *d);
}

/* ---- folding ----------------------------------------------------------------------------- */

/* Base letters of U+00C0..U+00FF ('\0': keep the character as it is). */
static const char latin1[64] = "AAAAAAACEEEEIIII" "DNOOOOO\0OUUUUY\0s" "aaaaaaaceeeeiiii" "dnooooo\0ouuuuy\0y";

size_t mx_fold_word(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    const unsigned char *t = (const unsigned char *)s;
    for (size_t i = 0; i < n && o + 4 < cap;) {
        if (t[i] < 0x80) { /* most words are ASCII: no decoding */
            out[o++] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
            i++;
            continue;
        }
        uint32_t cp;
        int k = utf8_decode(t + i, n - i, &cp);
        if (k == 0) { cp = t[i]; k = 1; }
        if (cp < 0x80) out[o++] = (char)tolower((int)cp);
        else if (cp >= 0xC0 && cp <= 0xFF && latin1[cp - 0xC0]) out[o++] = (char)tolower((unsigned char)latin1[cp - 0xC0]);
        else if (cp == 0x2019 || cp == 0x2018 || cp == 0x2032) out[o++] = '\'';
        else { memcpy(out + o, s + i, (size_t)k); o += (size_t)k; }
        i += (size_t)k;
    }
    out[o] = '\0';
    return o;
}

size_t mx_stem(matcher *m, const char *w, size_t n, char *out, size_t cap)
{
    const sb_symbol *st = sb_stemmer_stem(m->stemmer, (const sb_symbol *)w, (int)n);
    size_t sl = st ? (size_t)sb_stemmer_length(m->stemmer) : n;
    if (!st) st = (const sb_symbol *)w;
    if (sl >= cap) sl = cap - 1;
    memcpy(out, st, sl);
    out[sl] = '\0';
    return sl;
}

/* ---- the word cache ---------------------------------------------------------------------- */

void mx_wcache_clear(wcache *c)
{
    for (size_t i = 0; i < c->cap; i++) {
        free(c->key[i]);
        free(c->pref[i]);
    }
    free(c->key);
    free(c->klen);
    free(c->exact);
    free(c->stem);
    free(c->pref);
    free(c->npref);
    memset(c, 0, sizeof *c);
}

#define WCACHE_MAX (1u << 20) /* distinct words kept; past it the cache starts again */

void mx_wcache_trim(wcache *c)
{
    if (c->n >= WCACHE_MAX) mx_wcache_clear(c);
}

static int wcache_grow(wcache *c)
{
    size_t nc = c->cap ? c->cap * 2 : 4096;
    wcache g = { calloc(nc, sizeof(char *)), calloc(nc, sizeof(uint32_t)), calloc(nc, sizeof(int)),
                 calloc(nc, sizeof(int)), calloc(nc, sizeof(int *)), calloc(nc, sizeof(int)), 0, nc };
    if (!g.key || !g.klen || !g.exact || !g.stem || !g.pref || !g.npref) {
        free(g.key); free(g.klen); free(g.exact); free(g.stem); free(g.pref); free(g.npref);
        return -1;
    }
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->key[i]) continue;
        size_t h = (size_t)mx_hash(c->key[i], c->klen[i]) & (nc - 1);
        while (g.key[h]) h = (h + 1) & (nc - 1);
        g.key[h] = c->key[i];
        g.klen[h] = c->klen[i];
        g.exact[h] = c->exact[i];
        g.stem[h] = c->stem[i];
        g.pref[h] = c->pref[i];
        g.npref[h] = c->npref[i];
        g.n++;
    }
    free(c->key); free(c->klen); free(c->exact); free(c->stem); free(c->pref); free(c->npref);
    *c = g;
    return 0;
}

/* The prefix literals a folded word starts with, as an owned array (NULL when none). */
static int *prefixes_of(const matcher *m, const char *w, size_t n, int *count)
{
    int k = 0, *v = NULL;
    *count = 0;
    for (int i = 0; i < m->nprefix_lits; i++) {
        const literal *l = &m->lits[m->prefix_lits[i]];
        if (l->plen > n || memcmp(w, l->prefix, l->plen) != 0) continue;
        int *nv = realloc(v, (size_t)(k + 1) * sizeof *v);
        if (!nv) { free(v); *count = -1; return NULL; }
        v = nv;
        v[k++] = m->prefix_lits[i];
    }
    *count = k;
    return v;
}

/* Sets the token's exact and stem ids and its prefix literals from its folded form, whose
 * mx_hash is `hash`. */
static int look_up(matcher *m, mtok *t, uint64_t hash)
{
    const char *w = m->fold + t->foff;
    size_t n = t->flen;
    wcache *c = &m->words;
    size_t h = 0;
    if (c->cap) {
        h = (size_t)hash & (c->cap - 1);
        for (; c->key[h]; h = (h + 1) & (c->cap - 1))
            if (c->klen[h] == n && !memcmp(c->key[h], w, n)) {
                t->exact = c->exact[h];
                t->stem = c->stem[h];
                t->pref = c->pref[h];
                t->npref = c->npref[h];
                return 0;
            }
    }
    char st[256];
    int np;
    int *pref = prefixes_of(m, w, n, &np);
    if (np < 0) return -1;
    t->exact = dict_find(&m->lits_dict, w, n);
    t->stem = -1;
    if (n < 200 && t->type == 'w') t->stem = dict_find(&m->lits_dict, st, mx_stem(m, w, n, st, sizeof st));
    if ((c->n + 1) * 2 > c->cap) {
        if (wcache_grow(c)) { free(pref); return -1; }
        h = (size_t)hash & (c->cap - 1);
        while (c->key[h]) h = (h + 1) & (c->cap - 1);
    }
    c->key[h] = text_dup(w, n);
    if (!c->key[h]) { free(pref); return -1; }
    c->klen[h] = (uint32_t)n;
    c->exact[h] = t->exact;
    c->stem[h] = t->stem;
    c->pref[h] = pref;
    c->npref[h] = np;
    c->n++;
    t->pref = pref;
    t->npref = np;
    return 0;
}

/* ---- tokens ------------------------------------------------------------------------------ */

/* Is the character at s a letter of a word? ASCII letters and digits, and any non-ASCII
 * character except spaces, quotes, dashes and bullets. */
static int letter(uint32_t cp)
{
    if (cp < 0x80) return isalnum((int)cp);
    if (cp == 0xA0 || cp == 0xAB || cp == 0xBB || cp == 0xB7 || cp == 0xA3 || cp == 0x20AC) return 0;
    if (cp >= 0x2000 && cp <= 0x206F) return 0; /* general punctuation: dashes, quotes, bullets */
    return 1;
}

/* Appends a token at [a, b); its folded form, when not NULL, is already in m->fold from foff. */
static mtok *new_tok(matcher *m, uint32_t a, uint32_t b, char type, char cap)
{
    if (m->ntoks == m->captoks) {
        int nc = m->captoks ? m->captoks * 2 : 1024;
        mtok *v = realloc(m->toks, (size_t)nc * sizeof *v);
        if (!v) return NULL;
        m->toks = v;
        m->captoks = nc;
    }
    mtok *k = &m->toks[m->ntoks++];
    *k = (mtok){ a, b, (uint32_t)m->foldlen, 0, -1, -1, NULL, 0, type, cap };
    return k;
}

/* Room for n more folded bytes (and the folding's slack). */
static int fold_room(matcher *m, size_t n)
{
    if (m->foldlen + n + 8 <= m->foldcap) return 0;
    size_t nc = m->foldcap ? m->foldcap : 4096;
    while (nc < m->foldlen + n + 8) nc *= 2;
    char *f = realloc(m->fold, nc);
    if (!f) return -1;
    m->fold = f;
    m->foldcap = nc;
    return 0;
}

/* Appends a token; words and numbers are folded into m->fold and looked up. */
static int push_tok(matcher *m, const char *text, uint32_t a, uint32_t b, char type, char cap)
{
    mtok *k = new_tok(m, a, b, type, cap);
    if (!k) return -1;
    if (type == 'p') return 0;
    size_t n = b - a;
    if (fold_room(m, n)) return -1;
    k->flen = (uint32_t)mx_fold_word(text + a, n, m->fold + m->foldlen, n + 8);
    m->foldlen += k->flen;
    return look_up(m, k, mx_hash(m->fold + k->foff, k->flen));
}

/* A word of ASCII letters and digits from s, folded and hashed as it is read. Returns its end, or
 * 0 when the word goes on past an apostrophe or a non-ASCII byte (the general path reads it). */
static uint32_t ascii_word(matcher *m, const unsigned char *t, uint32_t s, uint32_t b)
{
    uint32_t i = s;
    while (i < b && model_alnum[t[i]]) i++;
    if (i < b && (t[i] >= 0x80 || t[i] == '\'')) return 0;
    if (fold_room(m, i - s)) return UINT32_MAX;
    mtok *k = new_tok(m, s, i, 'w', (char)(t[s] >= 'A' && t[s] <= 'Z'));
    if (!k) return UINT32_MAX;
    char *out = m->fold + m->foldlen;
    uint64_t h = 1469598103934665603ULL; /* mx_hash of the folded bytes */
    for (uint32_t j = s; j < i; j++) {
        unsigned char c = t[j] >= 'A' && t[j] <= 'Z' ? (unsigned char)(t[j] + 32) : t[j];
        *out++ = (char)c;
        h = (h ^ c) * 1099511628211ULL;
    }
    k->flen = i - s;
    m->foldlen += k->flen;
    return look_up(m, k, h) ? UINT32_MAX : i;
}

int mx_tokenize(matcher *m, const char *text, uint32_t a, uint32_t b)
{
    const unsigned char *t = (const unsigned char *)text;
    uint32_t i = a;
    while (i < b) {
        uint32_t cp = t[i];
        int k = 1;
        if (cp >= 0x80 && (k = utf8_decode(t + i, b - i, &cp)) == 0) { cp = 0xFFFD; k = 1; }
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == '"' || cp == '\'' ||
            cp == '-' || (cp >= 0x2010 && cp <= 0x201F) || cp == 0x2212) {
            i += (uint32_t)k;
            continue;
        }
        uint32_t s = i;
        if (cp < 0x80 && isdigit((int)cp)) { /* 6,000  28.5 */
            while (i < b && isdigit(t[i])) i++;
            while (i + 1 < b && (t[i] == ',' || t[i] == '.') && isdigit(t[i + 1])) {
                i++;
                while (i < b && isdigit(t[i])) i++;
            }
            while (i < b && isalpha(t[i])) i++; /* 3rd, 10th */
            if (push_tok(m, text, s, i, 'n', 0)) return -1;
        } else if (cp < 0x80 && model_alnum[cp] == 1 && (i = ascii_word(m, t, s, b)) != 0) {
            if (i == UINT32_MAX) return -1;
        } else if (letter(cp)) {
            i = s;
            char cap = (char)(cp < 0x80 ? isupper((int)cp) != 0 : (cp >= 0xC0 && cp <= 0xDE));
            for (;;) {
                if (i < b && t[i] < 0x80 && isalnum(t[i])) { /* an ASCII letter: no decoding */
                    i++;
                    continue;
                }
                uint32_t c2;
                int k2 = i < b ? utf8_decode(t + i, b - i, &c2) : 0;
                if (k2 == 0) break;
                if (letter(c2)) { i += (uint32_t)k2; continue; }
                /* an apostrophe inside a word: children's, o'clock */
                if ((c2 == '\'' || c2 == 0x2019) && i + (uint32_t)k2 < b) {
                    uint32_t c3;
                    int k3 = utf8_decode(t + i + k2, b - i - (uint32_t)k2, &c3);
                    if (k3 && c3 < 0x80 && isalpha((int)c3) && i > s) { i += (uint32_t)k2; continue; }
                }
                break;
            }
            if (push_tok(m, text, s, i, 'w', cap)) return -1;
        } else {
            i += (uint32_t)k;
            if (push_tok(m, text, s, i, 'p', 0)) return -1;
        }
    }
    return 0;
}
