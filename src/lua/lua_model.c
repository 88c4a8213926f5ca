/*
 * lua_model.c — model objects as read-only userdata.
 *
 * An object is (generation, kind, index) into the document under check; fields are read from
 * the C model on access, so nothing is built for objects a rule never touches. Each object is
 * made once per document and cached, so `a == b` holds for the same resolution reached two
 * ways. Lists (item.resolutions, ...) are fresh tables on each access: a rule may sort or
 * change its copy without disturbing the next rule. Once the document is done the generation
 * moves on and old objects raise "stale object" instead of reading freed memory.
 */
#include <ctype.h>
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "engine.h"

#define OBJ_MT LMODEL_MT
#define MAX_MATCHES (1 << 20) /* find_any results in one call */
#define INDEX_FROM 4096    /* bytes of text from which find_any uses the word index */

const char *const lmodel_kind_names[] = { "meeting", "item", "section", "paragraph", "sentence", "resolution", "speaker",
                                          "figure", "date", "reference", "match", "indicator", "point", NULL };
const char *const lmodel_sec_kinds[] = { "preamble", "minutes", "resolved", "supporting", "additional", "present",
                                         "apologies", "other", NULL };
const char *const lmodel_fig_kinds[] = { "percent", "count", "words", "money", NULL };
const char *const lmodel_date_kinds[] = { "day", "month", "year", "financial_year", "quarter", "relative", NULL };
#define kind_names lmodel_kind_names
#define sec_kinds lmodel_sec_kinds
#define fig_kinds lmodel_fig_kinds
#define date_kinds lmodel_date_kinds

/* (luaL_testudata and luaL_setmetatable would find the metatable by name, a string lookup in
 * the registry, at every one of the hundreds of thousands of objects a run makes and reads) */
lobj *lmodel_test(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return NULL;
    const void *mt = lua_topointer(L, -1);
    lua_pop(L, 1);
    return mt == engine_from(L)->obj_mt ? lua_touserdata(L, idx) : NULL;
}

void lmodel_setmt(lua_State *L, engine *e)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, e->obj_mt_ref);
    lua_setmetatable(L, -2);
}

lobj *lmodel_check(lua_State *L, int idx)
{
    lobj *o = lmodel_test(L, idx);
    if (!o) {
        luaL_typeerror(L, idx, "model object");
        return NULL;
    }
    engine *e = engine_from(L);
    if (!e->active || o->gen != e->gen)
        luaL_error(L, "stale %s object: it belongs to a document that is no longer being checked", kind_names[o->kind]);
    return o;
}

sc_span lmodel_span(engine *e, const lobj *o)
{
    const model_doc *d = e->doc;
    switch (o->kind) {
    case OBJ_MEETING: {
        sc_span s = model_span(d, 0, d->len > 0 ? (uint32_t)d->lines.v[0].len : 0);
        if (d->items.n) s = d->items.v[0].head;
        return s;
    }
    case OBJ_ITEM: return d->items.v[o->index].span;
    case OBJ_SECTION: return d->secs.v[o->index].span;
    case OBJ_PARA: return d->paras.v[o->index].span;
    case OBJ_SENTENCE: return d->sents.v[o->index].span;
    case OBJ_RESOLUTION: return d->ress.v[o->index].span;
    case OBJ_SPEAKER: return d->spks.v[o->index].span;
    case OBJ_FIGURE: return d->figs.v[o->index].span;
    case OBJ_DATE: return d->dates.v[o->index].span;
    case OBJ_REF: return d->refs.v[o->index].span;
    case OBJ_MATCH: return model_span(d, o->off, o->end);
    case OBJ_INDICATOR:
    case OBJ_POINT: break;
    }
    return model_span(d, 0, 0);
}

int lmodel_item(engine *e, const lobj *o)
{
    const model_doc *d = e->doc;
    switch (o->kind) {
    case OBJ_MEETING: return -1;
    case OBJ_ITEM: return o->index;
    case OBJ_SECTION: return d->secs.v[o->index].item;
    case OBJ_PARA: return d->paras.v[o->index].item;
    case OBJ_SENTENCE: return d->sents.v[o->index].item;
    case OBJ_RESOLUTION: return d->ress.v[o->index].item;
    case OBJ_SPEAKER: return d->spks.v[o->index].item;
    case OBJ_FIGURE: return d->figs.v[o->index].item;
    case OBJ_DATE: return d->dates.v[o->index].item;
    case OBJ_REF: return d->refs.v[o->index].item;
    case OBJ_MATCH: return d->sents.v[o->sentence].item;
    case OBJ_INDICATOR:
    case OBJ_POINT: break;
    }
    return -1;
}

/* How many objects of `kind` the document under check has: the size of its cache's array. */
static int kind_count(const engine *e, obj_kind kind)
{
    const model_doc *d = e->doc;
    if (kind == OBJ_MATCH) return e->hits.n;
    if (!d) return 0;
    switch (kind) {
    case OBJ_MEETING: return 1;
    case OBJ_ITEM: return d->items.n;
    case OBJ_SECTION: return d->secs.n;
    case OBJ_PARA: return d->paras.n;
    case OBJ_SENTENCE: return d->sents.n;
    case OBJ_RESOLUTION: return d->ress.n;
    case OBJ_SPEAKER: return d->spks.n;
    case OBJ_FIGURE: return d->figs.n;
    case OBJ_DATE: return d->dates.n;
    case OBJ_REF: return d->refs.n;
    default: return 0;
    }
}

/* The cache is a table per kind, indexed by index + 1 and sized to the document, so that reading
 * and adding objects stays in the table's array part (one table keyed by kind and index was a
 * hash that grew, and rehashed, with every document). */
lobj *lmodel_cached(lua_State *L, engine *e, obj_kind kind, int index, int nuv, int *made)
{
    if (e->cache_ref[kind] == LUA_NOREF) {
        lua_createtable(L, kind_count(e, kind), 0);
        e->cache_ref[kind] = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, e->cache_ref[kind]);
    lua_Integer key = (lua_Integer)index + 1;
    if (lua_rawgeti(L, -1, key) != LUA_TNIL) {
        lua_replace(L, -2);
        *made = 0;
        return lua_touserdata(L, -1);
    }
    lua_pop(L, 1);
    lobj *o = lua_newuserdatauv(L, sizeof *o, nuv);
    memset(o, 0, sizeof *o);
    o->gen = e->gen;
    o->kind = kind;
    o->index = index;
    lmodel_setmt(L, e);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, key);
    lua_replace(L, -2);
    *made = 1;
    return o;
}

void lmodel_push(lua_State *L, engine *e, obj_kind kind, int index)
{
    int made;
    lmodel_cached(L, e, kind, index, 0, &made);
}

static void push_text(lua_State *L, const model_doc *d, const sc_span *s)
{
    size_t n;
    const char *t = model_span_text(d, s, &n);
    lua_pushlstring(L, t, n);
}

static void push_opt(lua_State *L, const char *s)
{
    if (s) lua_pushstring(L, s);
    else lua_pushnil(L);
}

/* A fresh list of objects of `kind`, indexes [first, first + count) filtered by `keep`. */
static void push_list(lua_State *L, engine *e, obj_kind kind, int first, int count)
{
    lua_createtable(L, count > 0 ? count : 0, 0);
    for (int i = 0; i < count; i++) {
        lmodel_push(L, e, kind, first + i);
        lua_rawseti(L, -2, i + 1);
    }
}

/* Objects of a kind whose `item` is it (-1: the meeting's own), scanning the whole array. */
#define PUSH_OWNED(arr, kind, it)                                          \
    do {                                                                   \
        lua_newtable(L);                                                   \
        int k_ = 0;                                                        \
        for (int i_ = 0; i_ < d->arr.n; i_++)                              \
            if (d->arr.v[i_].item == (it)) {                               \
                lmodel_push(L, e, kind, i_);                               \
                lua_rawseti(L, -2, ++k_);                                  \
            }                                                              \
    } while (0)

/* ---- methods ------------------------------------------------------------------------------ */

static int m_sentences(lua_State *L)
{
    engine *e = engine_from(L);
    lobj *o = lmodel_check(L, 1);
    const model_doc *d = e->doc;
    if (o->kind == OBJ_ITEM) push_list(L, e, OBJ_SENTENCE, d->items.v[o->index].sent_first, d->items.v[o->index].sent_count);
    else if (o->kind == OBJ_PARA) push_list(L, e, OBJ_SENTENCE, d->paras.v[o->index].sent_first, d->paras.v[o->index].sent_count);
    else return luaL_error(L, "sentences: not available on a %s", kind_names[o->kind]);
    return 1;
}

/* Sentence holding byte `off` among [first, first + count), or -1. */
static int sentence_at(const model_doc *d, int first, int count, uint32_t off)
{
    int lo = first, hi = first + count - 1, best = -1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (d->sents.v[mid].span.off <= off) { best = mid; lo = mid + 1; }
        else hi = mid - 1;
    }
    return best;
}

/* Folded keywords by their text: rules pass the same lists on every call, and folding is UTF-8
 * decoding byte by byte. The cache forgets everything when it grows past KEYWORDS_KEPT, so rules
 * that make keywords from text cannot grow it without bound. */
#define KEYWORDS_KEPT 4096
static const char keywords_key = 'k';

static void keyword_cache(lua_State *L)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &keywords_key) == LUA_TTABLE) {
        lua_rawgeti(L, -1, 0); /* the count of entries */
        lua_Integer n = lua_tointeger(L, -1);
        lua_pop(L, 1);
        if (n < KEYWORDS_KEPT) return;
    }
    lua_pop(L, 1);
    lua_createtable(L, 0, 64);
    lua_pushinteger(L, 0);
    lua_rawseti(L, -2, 0);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &keywords_key);
}

/* The keyword at stack index kw folded as the text is, spaces trimmed at both ends; pushed on
 * the stack (it keeps the bytes alive), its length in *len (0: nothing to find). */
static const char *folded_keyword(lua_State *L, int cache, int kw, size_t *len)
{
    lua_pushvalue(L, kw);
    if (lua_rawget(L, cache) == LUA_TSTRING) return lua_tolstring(L, -1, len);
    lua_pop(L, 1);
    size_t kl;
    const char *k = lua_tolstring(L, kw, &kl);
    char *fk = lua_newuserdatauv(L, kl + 1, 0);
    size_t fl = model_fold_bytes(k, kl, fk, NULL);
    while (fl && fk[fl - 1] == ' ') fl--;
    size_t st = 0;
    while (st < fl && fk[st] == ' ') st++;
    lua_pushlstring(L, fk + st, fl > st ? fl - st : 0);
    lua_remove(L, -2);
    if (kl > 256) return lua_tolstring(L, -1, len); /* long ones are rare: not worth their memory */
    lua_pushvalue(L, kw);
    lua_pushvalue(L, -2);
    lua_rawset(L, cache);
    lua_rawgeti(L, cache, 0);
    lua_Integer n = lua_tointeger(L, -1) + 1;
    lua_pop(L, 1);
    lua_pushinteger(L, n);
    lua_rawseti(L, cache, 0);
    return lua_tolstring(L, -1, len);
}

typedef struct { size_t pos; int kw; size_t len; } hit;

static int hit_cmp(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    return x->kw - y->kw;
}

/* obj:find_any{ "recruit", "vacanc" } or obj:find_any("agency", { whole = true }): case-,
 * quote- and hyphen-folded search from word starts; returns matches in text order. With
 * `first_only` (has_any) it returns true at the first hit, and false, making no objects. */
static int find_any(lua_State *L, int first_only)
{
    engine *e = engine_from(L);
    lobj *o = lmodel_check(L, 1);
    model_doc *d = e->doc;
    int whole = 0;
    if (lua_istable(L, 3)) {
        lua_getfield(L, 3, "whole");
        whole = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    if (lua_type(L, 2) == LUA_TSTRING) {
        lua_createtable(L, 1, 0);
        lua_pushvalue(L, 2);
        lua_rawseti(L, -2, 1);
        lua_replace(L, 2);
    }
    luaL_checktype(L, 2, LUA_TTABLE);
    if (model_fold(d)) return luaL_error(L, "out of memory");
    sc_span sp = lmodel_span(e, o);
    if (o->kind == OBJ_MEETING) sp = model_span(d, 0, (uint32_t)d->len); /* the whole document */
    size_t fa = model_fold_pos(d, sp.off), fb = model_fold_pos(d, sp.end);
    /* the word index (built on the first search of a long text) pays from a few pages up:
     * below that, scanning costs less than its binary searches */
    if (fb - fa >= INDEX_FROM && model_words(d)) return luaL_error(L, "out of memory");
    int it = lmodel_item(e, o);
    int sfirst = it >= 0 ? d->items.v[it].sent_first : 0, scount = it >= 0 ? d->items.v[it].sent_count : d->sents.n;
    lua_Integer nkw = luaL_len(L, 2);
    /* the hits and the folded keyword live in userdata on the stack: they count against the
     * memory limit, and nothing leaks when a limit or an error ends the call midway */
    lua_settop(L, 3);
    size_t nh = 0, ch = 16;
    hit *hits = lua_newuserdatauv(L, ch * sizeof *hits, 0); /* slot 4 */
    keyword_cache(L); /* slot 5 */
    for (lua_Integer k = 1; k <= nkw; k++) {
        lua_geti(L, 2, k);
        lua_tolstring(L, -1, NULL); /* a number is its text */
        if (lua_type(L, -1) != LUA_TSTRING) return luaL_error(L, "find_any: keyword %d is not a string", (int)k);
        size_t nl;
        const char *key = folded_keyword(L, 5, 6, &nl);
        if (!nl) { lua_pop(L, 2); continue; }
        /* work done in C the count hook cannot see is charged as it goes (and the deadline
         * checked): a long keyword over repetitive text is (places) x (keyword) work */
        double work = 0;
#define FOUND(p_)                                                                                    \
        do {                                                                                         \
            size_t q_ = (p_) + nl;                                                                   \
            if (whole && q_ < d->fold_len && isalnum((unsigned char)d->fold[q_])) break;             \
            if (first_only) { lua_pushboolean(L, 1); return 1; }                                     \
            if (nh == ch) {                                                                          \
                if (nh >= MAX_MATCHES) return luaL_error(L, "find_any: more than %d matches", MAX_MATCHES); \
                hit *v_ = lua_newuserdatauv(L, 2 * ch * sizeof *v_, 0);                              \
                memcpy(v_, hits, nh * sizeof *v_);                                                   \
                lua_replace(L, 4);                                                                   \
                hits = v_;                                                                           \
                ch *= 2;                                                                             \
            }                                                                                        \
            hits[nh++] = (hit){ (p_), (int)k, nl };                                                  \
        } while (0)
        if (isalnum((unsigned char)key[0]) && fb - fa >= INDEX_FROM) {
            /* the keyword starts a word: look its first word up in the index and compare the
             * rest only where that word occurs ("hard to fill": the words "hard"; "recruit":
             * the words starting "recruit") */
            size_t w0 = 1;
            while (w0 < nl && isalnum((unsigned char)key[w0])) w0++;
            size_t lo, hi;
            model_words_range(d, key, w0, w0 < nl, &lo, &hi);
            for (size_t i = lo; i < hi;) {
                size_t end = model_words_run_end(d, i, hi), a = i, b = end;
                while (a < b) { /* a run is in text order: skip to the object */
                    size_t mid = a + (b - a) / 2;
                    if (d->words[mid].pos < fa) a = mid + 1;
                    else b = mid;
                }
                work += 32;
                for (; a < end && d->words[a].pos + nl <= fb; a++) {
                    size_t p = d->words[a].pos;
                    work += (double)nl / 64 + 1;
                    if (nl > w0 && memcmp(d->fold + p + w0, key + w0, nl - w0) != 0) continue;
                    FOUND(p);
                }
                if (work >= 4096) {
                    engine_charge(L, work);
                    work = 0;
                }
                i = end;
            }
        } else {
            /* a short text, or a keyword that starts with a sign ("£", "%"): jump to each place
             * its first byte occurs (memchr is vectorised), then compare the rest */
            engine_charge(L, (double)(fb - fa) / 16 + 1);
            for (size_t p = fa; p + nl <= fb; p++) {
                const char *c = memchr(d->fold + p, (unsigned char)key[0], fb - nl + 1 - p);
                if (!c) break;
                p = (size_t)(c - d->fold);
                work += (double)nl / 64 + 1;
                if (work >= 4096) {
                    engine_charge(L, work);
                    work = 0;
                }
                if (nl > 1 && memcmp(d->fold + p + 1, key + 1, nl - 1) != 0) continue;
                if (p > 0 && isalnum((unsigned char)d->fold[p - 1])) continue;
                FOUND(p);
            }
        }
#undef FOUND
        engine_charge(L, work + 1);
        lua_pop(L, 2);
    }
    if (first_only) {
        lua_pushboolean(L, 0);
        return 1;
    }
    if (nh > 1) qsort(hits, nh, sizeof *hits, hit_cmp);
    engine_charge(L, (double)nh);
    lua_createtable(L, (int)nh, 0);
    for (size_t i = 0; i < nh; i++) {
        uint32_t a = d->fold_map[hits[i].pos];
        uint32_t last = d->fold_map[hits[i].pos + hits[i].len - 1];
        uint32_t cp;
        int cl = utf8_decode((const unsigned char *)d->text + last, d->len - last, &cp);
        lobj *m = lua_newuserdatauv(L, sizeof *m, 1);
        memset(m, 0, sizeof *m);
        m->gen = e->gen;
        m->kind = OBJ_MATCH;
        m->off = a;
        m->end = last + (uint32_t)(cl > 0 ? cl : 1);
        m->sentence = sentence_at(d, sfirst, scount, a);
        if (m->sentence < 0) m->sentence = sfirst < d->sents.n ? sfirst : 0;
        lmodel_setmt(L, e);
        lua_geti(L, 2, hits[i].kw);
        lua_setiuservalue(L, -2, 1);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int m_find_any(lua_State *L) { return find_any(L, 0); }

/* obj:has_any{...}: true when find_any would find something. */
static int m_has_any(lua_State *L) { return find_any(L, 1); }

/* item:section("resolved"): the first section of a kind, or nil. */
static int m_section(lua_State *L)
{
    engine *e = engine_from(L);
    lobj *o = lmodel_check(L, 1);
    const char *want = luaL_checkstring(L, 2);
    if (o->kind != OBJ_ITEM) return luaL_error(L, "section: not available on a %s", kind_names[o->kind]);
    const model_item *m = &e->doc->items.v[o->index];
    for (int i = m->sec_first; i < m->sec_first + m->sec_count; i++)
        if (!strcmp(sec_kinds[e->doc->secs.v[i].kind], want)) {
            lmodel_push(L, e, OBJ_SECTION, i);
            return 1;
        }
    lua_pushnil(L);
    return 1;
}

/* ---- fields ------------------------------------------------------------------------------ */

#define DOC(e) ((e)->doc)
#define ITEM(e, o) (&(e)->doc->items.v[(o)->index])

static void f_type(lua_State *L, engine *e, const lobj *o) { (void)e; lua_pushstring(L, kind_names[o->kind]); }
static void f_text(lua_State *L, engine *e, const lobj *o)
{
    sc_span s = lmodel_span(e, o);
    push_text(L, e->doc, &s);
}
static void f_file(lua_State *L, engine *e, const lobj *o) { (void)o; lua_pushstring(L, e->doc->path); }
static void f_line(lua_State *L, engine *e, const lobj *o) { lua_pushinteger(L, lmodel_span(e, o).line); }
static void f_column(lua_State *L, engine *e, const lobj *o) { lua_pushinteger(L, lmodel_span(e, o).col); }
static void f_end_line(lua_State *L, engine *e, const lobj *o) { lua_pushinteger(L, lmodel_span(e, o).end_line); }
static void f_end_column(lua_State *L, engine *e, const lobj *o) { lua_pushinteger(L, lmodel_span(e, o).end_col); }
/* byte positions in the text (1-based, last byte inclusive), for string.sub: columns count
 * characters, so subtracting them slices wrongly after a curly quote */
static void f_offset(lua_State *L, engine *e, const lobj *o) { lua_pushinteger(L, (lua_Integer)lmodel_span(e, o).off + 1); }
static void f_end_offset(lua_State *L, engine *e, const lobj *o) { lua_pushinteger(L, (lua_Integer)lmodel_span(e, o).end); }
static void f_item(lua_State *L, engine *e, const lobj *o)
{
    int it = o->kind == OBJ_ITEM ? -1 : lmodel_item(e, o);
    if (it >= 0) lmodel_push(L, e, OBJ_ITEM, it);
    else lua_pushnil(L);
}
static void f_meeting(lua_State *L, engine *e, const lobj *o) { (void)o; lmodel_push(L, e, OBJ_MEETING, 0); }

/* meeting */
static void mt_council(lua_State *L, engine *e, const lobj *o) { (void)o; lua_pushstring(L, DOC(e)->council); }
static void mt_committee(lua_State *L, engine *e, const lobj *o) { (void)o; lua_pushstring(L, DOC(e)->committee); }
static void mt_date(lua_State *L, engine *e, const lobj *o) { (void)o; lua_pushstring(L, DOC(e)->date); }
static void mt_title(lua_State *L, engine *e, const lobj *o) { (void)o; lua_pushstring(L, DOC(e)->title); }
static void mt_path(lua_State *L, engine *e, const lobj *o) { (void)o; lua_pushstring(L, DOC(e)->path); }
static void mt_items(lua_State *L, engine *e, const lobj *o) { (void)o; push_list(L, e, OBJ_ITEM, 0, DOC(e)->items.n); }
static void mt_present(lua_State *L, engine *e, const lobj *o) { const model_doc *d = DOC(e); (void)o; PUSH_OWNED(spks, OBJ_SPEAKER, -1); }
static void mt_paragraphs(lua_State *L, engine *e, const lobj *o) { const model_doc *d = DOC(e); (void)o; PUSH_OWNED(paras, OBJ_PARA, -1); }
static void mt_sections(lua_State *L, engine *e, const lobj *o) { const model_doc *d = DOC(e); (void)o; PUSH_OWNED(secs, OBJ_SECTION, -1); }

/* item */
static void it_number(lua_State *L, engine *e, const lobj *o) { push_opt(L, ITEM(e, o)->number); }
static void it_title(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, ITEM(e, o)->title); }
static void it_purpose(lua_State *L, engine *e, const lobj *o) { push_opt(L, ITEM(e, o)->purpose); }
static void it_index(lua_State *L, engine *e, const lobj *o) { (void)e; lua_pushinteger(L, o->index + 1); }
static void it_sections(lua_State *L, engine *e, const lobj *o) { push_list(L, e, OBJ_SECTION, ITEM(e, o)->sec_first, ITEM(e, o)->sec_count); }
static void it_paragraphs(lua_State *L, engine *e, const lobj *o) { push_list(L, e, OBJ_PARA, ITEM(e, o)->para_first, ITEM(e, o)->para_count); }
static void it_resolutions(lua_State *L, engine *e, const lobj *o) { push_list(L, e, OBJ_RESOLUTION, ITEM(e, o)->res_first, ITEM(e, o)->res_count); }
/* The paragraphs of the "minutes" section that are not resolutions (a paragraph that starts
 * where one of the item's resolutions starts): what was said, as rules read it. */
static void it_discussion(lua_State *L, engine *e, const lobj *o)
{
    const model_doc *d = DOC(e);
    const model_item *it = ITEM(e, o);
    lua_createtable(L, it->para_count, 0);
    int n = 0;
    for (int i = it->para_first; i < it->para_first + it->para_count; i++) {
        const model_para *p = &d->paras.v[i];
        if (p->section < 0 || d->secs.v[p->section].kind != SEC_MINUTES) continue;
        int res = 0;
        for (int r = it->res_first; r < it->res_first + it->res_count && !res; r++) res = d->ress.v[r].span.off == p->span.off;
        if (res) continue;
        lmodel_push(L, e, OBJ_PARA, i);
        lua_rawseti(L, -2, ++n);
    }
}
static void it_speakers(lua_State *L, engine *e, const lobj *o) { push_list(L, e, OBJ_SPEAKER, ITEM(e, o)->spk_first, ITEM(e, o)->spk_count); }
static void it_figures(lua_State *L, engine *e, const lobj *o) { push_list(L, e, OBJ_FIGURE, ITEM(e, o)->fig_first, ITEM(e, o)->fig_count); }
static void it_dates(lua_State *L, engine *e, const lobj *o) { push_list(L, e, OBJ_DATE, ITEM(e, o)->date_first, ITEM(e, o)->date_count); }
static void it_references(lua_State *L, engine *e, const lobj *o) { push_list(L, e, OBJ_REF, ITEM(e, o)->ref_first, ITEM(e, o)->ref_count); }

/* section */
static void sc_kind(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, sec_kinds[DOC(e)->secs.v[o->index].kind]); }
static void sc_name(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, DOC(e)->secs.v[o->index].name); }
static void sc_paragraphs(lua_State *L, engine *e, const lobj *o)
{
    const model_doc *d = DOC(e);
    const model_section *s = &d->secs.v[o->index];
    lua_newtable(L);
    int n = 0;
    /* a section's paragraphs are among its item's */
    int from = 0, to = d->paras.n;
    if (s->item >= 0) {
        from = d->items.v[s->item].para_first;
        to = from + d->items.v[s->item].para_count;
    }
    for (int i = from; i < to; i++)
        if (d->paras.v[i].section == o->index) {
            lmodel_push(L, e, OBJ_PARA, i);
            lua_rawseti(L, -2, ++n);
        }
}

/* paragraph */
#define PARA(e, o) (&(e)->doc->paras.v[(o)->index])
static void pa_label(lua_State *L, engine *e, const lobj *o) { push_opt(L, PARA(e, o)->label); }
static void pa_bullet(lua_State *L, engine *e, const lobj *o) { lua_pushboolean(L, PARA(e, o)->bullet); }
static void pa_heading(lua_State *L, engine *e, const lobj *o) { lua_pushboolean(L, PARA(e, o)->heading); }
static void pa_body(lua_State *L, engine *e, const lobj *o) { push_text(L, DOC(e), &PARA(e, o)->body); }
static void pa_section(lua_State *L, engine *e, const lobj *o)
{
    int s = PARA(e, o)->section;
    push_opt(L, s >= 0 ? sec_kinds[DOC(e)->secs.v[s].kind] : NULL);
}

/* sentence */
static void se_paragraph(lua_State *L, engine *e, const lobj *o) { lmodel_push(L, e, OBJ_PARA, DOC(e)->sents.v[o->index].para); }
static void se_figures(lua_State *L, engine *e, const lobj *o)
{
    const model_doc *d = DOC(e);
    const model_sentence *s = &d->sents.v[o->index];
    lua_newtable(L);
    int n = 0, from = 0, to = d->figs.n;
    if (s->item >= 0) { /* a sentence's figures are among its item's */
        from = d->items.v[s->item].fig_first;
        to = from + d->items.v[s->item].fig_count;
    }
    for (int i = from; i < to; i++)
        if (d->figs.v[i].sentence == o->index) {
            lmodel_push(L, e, OBJ_FIGURE, i);
            lua_rawseti(L, -2, ++n);
        }
}

/* resolution */
#define RES(e, o) (&(e)->doc->ress.v[(o)->index])
static void re_label(lua_State *L, engine *e, const lobj *o) { push_opt(L, RES(e, o)->label); }
static void re_owner(lua_State *L, engine *e, const lobj *o) { push_opt(L, RES(e, o)->owner); }
static void re_body(lua_State *L, engine *e, const lobj *o) { push_text(L, DOC(e), &RES(e, o)->body); }

/* speaker */
static void sp_name(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, DOC(e)->spks.v[o->index].name); }
static void sp_kind(lua_State *L, engine *e, const lobj *o)
{
    lua_pushstring(L, DOC(e)->spks.v[o->index].kind == SPK_COUNCILLOR ? "councillor" : "officer");
}

/* figure */
#define FIG(e, o) (&(e)->doc->figs.v[(o)->index])
static void fi_value(lua_State *L, engine *e, const lobj *o) { lua_pushnumber(L, FIG(e, o)->value); }
static void fi_kind(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, fig_kinds[FIG(e, o)->kind]); }
static void fi_unit(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, FIG(e, o)->unit); }
static void fi_sentence(lua_State *L, engine *e, const lobj *o) { lmodel_push(L, e, OBJ_SENTENCE, FIG(e, o)->sentence); }
static void fi_indicator(lua_State *L, engine *e, const lobj *o) { lind_figure(L, e, o->index, 0); }
static void fi_period(lua_State *L, engine *e, const lobj *o) { lind_figure(L, e, o->index, 1); }

/* date, reference */
static void da_kind(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, date_kinds[DOC(e)->dates.v[o->index].kind]); }
static void da_iso(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, DOC(e)->dates.v[o->index].iso); }
static void rf_kind(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, DOC(e)->refs.v[o->index].kind); }
static void rf_number(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, DOC(e)->refs.v[o->index].number); }

#define END_FIELDS { NULL, NULL, NULL, NULL }
#define END_METHODS { NULL, NULL, NULL, { { NULL, NULL, NULL } }, NULL }
#define NO_PARAMS { { NULL, NULL, NULL } }

static const lfield object_fields[] = {
    { "type", f_type, "ObjectType", NULL },
    { "text", f_text, "string", "the source text of the span" },
    { "file", f_file, "string", "path of the minutes file" },
    { "line", f_line, "integer", "first line of the span (1-based)" },
    { "column", f_column, "integer", "first column of the span (1-based, in characters)" },
    { "end_line", f_end_line, "integer", NULL },
    { "end_column", f_end_column, "integer", NULL },
    { "offset", f_offset, "integer", "first byte of the span in the document (1-based), for string.sub" },
    { "end_offset", f_end_offset, "integer", "last byte of the span in the document" },
    { "item", f_item, "Item?", "the item the object belongs to (nil on an item, the meeting, and meeting-level objects)" },
    { "meeting", f_meeting, "Meeting", NULL },
    END_FIELDS,
};

#define WORDS_PARAMS { { "words", "string|string[]", NULL }, { "opts?", "{ whole?: boolean }", NULL } }

static const lmethod object_methods[] = {
    { "find_any", m_find_any,
      "Matches of any of `words` in this object's span, in text order: from word starts, ignoring\n"
      "case, curly versus straight quotes and hyphens (\"re-referral\" finds \"re referral\"). Keywords\n"
      "are stems unless `{ whole = true }`. A single string is taken as a list of one.",
      WORDS_PARAMS, "Match[]" },
    { "has_any", m_has_any, "Whether `find_any` would find anything.", WORDS_PARAMS, "boolean" },
    { "match", lmatch_method,
      "The matches inside this object of the calling rule's pattern set `name` (rule{ patterns = { name } }),\n"
      "in text order.",
      { { "name", "string", NULL } }, "Match[]" },
    END_METHODS,
};

const lclass lmodel_object_class = {
    "ModelObject", NULL,
    "Fields every object of the minutes has: where it is and what it says. Objects are read-only and\n"
    "valid only while their document is being checked; reading a field no object of the type has is\n"
    "an error, and pairs(obj) lists the fields it has.",
    object_fields, object_methods, NULL, NULL, NULL,
};

static const lfield meeting_fields[] = {
    { "council", mt_council, "string", "from the front matter or the title block, or \"\"" },
    { "committee", mt_committee, "string", NULL },
    { "date", mt_date, "string", "ISO date, or \"\"" },
    { "title", mt_title, "string", NULL },
    { "path", mt_path, "string", NULL },
    { "items", mt_items, "Item[]", NULL },
    { "present", mt_present, "Speaker[]", "people listed as present" },
    { "paragraphs", mt_paragraphs, "Paragraph[]", "paragraphs outside any item" },
    { "sections", mt_sections, "Section[]", "sections outside any item" },
    END_FIELDS,
};

static const lfield item_fields[] = {
    { "number", it_number, "string?", "\"6\", \"219\", nil when the heading has none" },
    { "title", it_title, "string", NULL },
    { "purpose", it_purpose, "string?", "the text between the heading and the first section (\"To consider ...\")" },
    { "index", it_index, "integer", "position in the meeting, from 1" },
    { "sections", it_sections, "Section[]", NULL },
    { "paragraphs", it_paragraphs, "Paragraph[]", "every paragraph, the resolutions' included" },
    { "resolutions", it_resolutions, "Resolution[]", NULL },
    { "discussion", it_discussion, "Paragraph[]", "the paragraphs of the minutes section that are not resolutions, in text order" },
    { "speakers", it_speakers, "Speaker[]", NULL },
    { "figures", it_figures, "Figure[]", NULL },
    { "dates", it_dates, "Date[]", NULL },
    { "references", it_references, "Reference[]", NULL },
    END_FIELDS,
};

static const lmethod item_methods[] = {
    { "sentences", m_sentences, "The item's sentences, in text order.", NO_PARAMS, "Sentence[]" },
    { "section", m_section, "The item's first section of a kind, or nil.", { { "kind", "SectionKind", NULL } }, "Section?" },
    END_METHODS,
};

static const lfield section_fields[] = {
    { "kind", sc_kind, "SectionKind", NULL },
    { "name", sc_name, "string", "the heading as written (\"\" for an implied Minutes section)" },
    { "paragraphs", sc_paragraphs, "Paragraph[]", NULL },
    END_FIELDS,
};

static const lfield para_fields[] = {
    { "label", pa_label, "string?", "\"1\", \"a\", \"ii\", \"6.2\", nil when unlabelled" },
    { "bullet", pa_bullet, "boolean", NULL },
    { "heading", pa_heading, "boolean", "a sub-heading inside the item (\"Agency Staff\"); it has no sentences" },
    { "body", pa_body, "string", "the text after the label or bullet" },
    { "section", pa_section, "SectionKind?", "the kind of section it is in, nil before the first section" },
    END_FIELDS,
};

static const lmethod para_methods[] = {
    { "sentences", m_sentences, "The paragraph's sentences (none for a sub-heading).", NO_PARAMS, "Sentence[]" },
    END_METHODS,
};

static const lfield sentence_fields[] = {
    { "paragraph", se_paragraph, "Paragraph", NULL },
    { "figures", se_figures, "Figure[]", NULL },
    END_FIELDS,
};

static const lfield resolution_fields[] = {
    { "label", re_label, "string?", "\"1\", \"a\", \"ii\", \"·\", nil when unlabelled" },
    { "number", re_label, "string?", "the same as label" },
    { "body", re_body, "string", "the resolution without its label" },
    { "owner", re_owner, "string?", "from an \"Action:\" line that follows it" },
    END_FIELDS,
};

static const lfield speaker_fields[] = {
    { "name", sp_name, "string", "\"Councillor Potts\", \"The Head of Safeguarding\"" },
    { "kind", sp_kind, "SpeakerKind", NULL },
    END_FIELDS,
};

static const lfield figure_fields[] = {
    { "value", fi_value, "number", "28.5 for \"28.5%\", 6 for \"six\"" },
    { "kind", fi_kind, "FigureKind", NULL },
    { "unit", fi_unit, "string", "\"%\", \"£\", or the word after the figure (\"vacancies\")" },
    { "sentence", fi_sentence, "Sentence", NULL },
    { "indicator", fi_indicator, "Indicator?", "the catalogue indicator the sentence names nearest before the figure (its aliases), as this council's series" },
    { "period", fi_period, "string?", "the period the sentence names (\"Q3 2023/24\", \"2023/24\", \"2024-03\"), in the frame of the meeting's date" },
    END_FIELDS,
};

static const lfield date_fields[] = {
    { "kind", da_kind, "DateKind", NULL },
    { "iso", da_iso, "string", NULL },
    END_FIELDS,
};

static const lfield ref_fields[] = {
    { "kind", rf_kind, "string", "\"minute\", \"item\", \"recommendation\", \"appendix\"" },
    { "number", rf_number, "string", NULL },
    END_FIELDS,
};

#define CLASS(var, name, doc, fields, methods) \
    static const lclass var = { name, &lmodel_object_class, doc, fields, methods, NULL, NULL, NULL }

CLASS(meeting_class, "Meeting", "The meeting: the document under check.", meeting_fields, NULL);
CLASS(item_class, "Item", "An agenda item: its heading, sections and everything found in them. Lists are fresh tables\non each access.",
      item_fields, item_methods);
CLASS(section_class, "Section", "A heading such as \"Minutes:\" or \"RESOLVED\" and the paragraphs under it. Its span is the heading.",
      section_fields, NULL);
CLASS(para_class, "Paragraph", NULL, para_fields, para_methods);
CLASS(sentence_class, "Sentence", NULL, sentence_fields, NULL);
CLASS(resolution_class, "Resolution", NULL, resolution_fields, NULL);
CLASS(speaker_class, "Speaker", NULL, speaker_fields, NULL);
CLASS(figure_class, "Figure", NULL, figure_fields, NULL);
CLASS(date_class, "Date",
      "\"21 June 2017\" has iso \"2017-06-21\"; \"September 2018\" \"2018-09\"; \"2018/19\" \"2018/19\";\n"
      "\"quarter 3\" \"Q3\"; \"end of March\" \"--03\" (a month of no stated year); \"in six months' time\" \"P6M\"\n"
      "(an ISO 8601 duration from the meeting); \"a future meeting\" \"\".",
      date_fields, NULL);
CLASS(ref_class, "Reference", NULL, ref_fields, NULL);

static const lclass match_class = {
    "Match", &lmodel_object_class,
    "What find_any and obj:match return: the matched text, its sentence and, for a pattern, a field\n"
    "per slot: m.figure, m.date, m.person (the loader's objects), m.meeting, m.body, m.month (matches\n"
    "over their words) or the capture's name ({figure:total} is m.total). A slot the match did not\n"
    "bind is nil; a name no pattern of the rule binds is an error.",
    lmatch_fields, NULL, "[string] ModelObject", lmatch_capture, lmatch_next_capture,
};

const lclass *const lmodel_classes[OBJ_POINT + 1] = {
    [OBJ_MEETING] = &meeting_class, [OBJ_ITEM] = &item_class,       [OBJ_SECTION] = &section_class,
    [OBJ_PARA] = &para_class,       [OBJ_SENTENCE] = &sentence_class, [OBJ_RESOLUTION] = &resolution_class,
    [OBJ_SPEAKER] = &speaker_class, [OBJ_FIGURE] = &figure_class,   [OBJ_DATE] = &date_class,
    [OBJ_REF] = &ref_class,         [OBJ_MATCH] = &match_class,     [OBJ_INDICATOR] = &lind_indicator_class,
    [OBJ_POINT] = &lind_point_class,
};

/* ---- access -------------------------------------------------------------------------------- */

/* The n-th field of a class in pairs() order (the parent's first), or NULL past the last. */
static const lfield *field_at(const lclass *c, int n)
{
    if (c->parent) {
        const lfield *f = field_at(c->parent, n);
        if (f) return f;
        for (const lfield *p = c->parent->fields; p && p->name; p++) n--;
    }
    for (const lfield *p = c->fields; p && p->name; p++)
        if (n-- == 0) return p;
    return NULL;
}

const char *lclass_suggest(const lclass *cls, const char *k)
{
    const char *best = NULL;
    int bd = 3;
    for (const lclass *c = cls; c; c = c->parent) {
        for (const lfield *f = c->fields; f && f->name; f++) {
            int d = text_distance(k, f->name);
            if (d < bd) { bd = d; best = f->name; }
        }
        for (const lmethod *m = c->methods; m && m->name; m++) {
            int d = text_distance(k, m->name);
            if (d < bd) { bd = d; best = m->name; }
        }
    }
    return best && bd < (int)strlen(k) ? best : NULL; /* "x" is not a typo of "text" */
}

/* "item has no field 'resolution' (did you mean 'resolutions'?)", raised at the rule's line. */
static int unknown_field(lua_State *L, const lobj *o, int key)
{
    const char *k = lua_type(L, key) == LUA_TSTRING ? lua_tostring(L, key) : NULL;
    if (!k) return luaL_error(L, "%s has no field [%s]", kind_names[o->kind], luaL_typename(L, key));
    const char *best = lclass_suggest(lmodel_classes[o->kind], k);
    if (!best && o->kind == OBJ_MATCH) best = lmatch_suggest(engine_from(L), k); /* m.totl: 'total' */
    return luaL_error(L, "%s has no field '%s'%s%s%s", kind_names[o->kind], k, best ? " (did you mean '" : "",
                      best ? best : "", best ? "'?)" : "");
}

/* upvalue kind + 1: the class's names, a field's lfield as light userdata, a method's function */
static int o_index(lua_State *L)
{
    engine *e = engine_from(L);
    /* only Lua calls this, as __index of the objects' metatable, which rules cannot reach (it
     * is locked): argument 1 is one of ours, so the registry lookup of luaL_testudata is skipped */
    lobj *o = lua_touserdata(L, 1);
    if (!o || !e->active || o->gen != e->gen) o = lmodel_check(L, 1);
    /* a name read before is known by its address (short strings are interned, and a name of the
     * class stays alive in its table), which spares the table lookup of most reads */
    size_t kl = 0;
    const char *k = lua_type(L, 2) == LUA_TSTRING ? lua_tolstring(L, 2, &kl) : NULL;
    struct fslot *slot = k ? &e->fcache[o->kind][((uintptr_t)k >> 4) & 31] : NULL;
    if (slot && slot->key == k) {
        if (slot->field) slot->field->get(L, e, o);
        else lua_pushcfunction(L, slot->method);
        return 1;
    }
    lua_pushvalue(L, 2);
    int t = lua_rawget(L, lua_upvalueindex(o->kind + 1));
    int cache = slot && kl <= e->short_len;
    if (t == LUA_TLIGHTUSERDATA) {
        const lfield *f = lua_touserdata(L, -1);
        if (cache) *slot = (struct fslot){ k, f, NULL };
        lua_settop(L, 2);
        f->get(L, e, o);
        return 1;
    }
    if (t != LUA_TNIL) { /* a method */
        if (cache && lua_tocfunction(L, -1)) *slot = (struct fslot){ k, NULL, lua_tocfunction(L, -1) };
        return 1;
    }
    lua_settop(L, 2);
    const lclass *c = lmodel_classes[o->kind];
    if (c->extra && lua_type(L, 2) == LUA_TSTRING && c->extra(L, e, o, lua_tostring(L, 2))) return 1;
    return unknown_field(L, o, 2);
}

/* pairs(obj): the fields it has (not those that are nil here) in the class's order, then its
 * extra fields (a match's captures). The iterator finds its place from the key it is given. */
static int o_next(lua_State *L)
{
    engine *e = engine_from(L);
    lobj *o = lmodel_check(L, 1);
    const lclass *c = lmodel_classes[o->kind];
    const char *k = lua_isnil(L, 2) ? NULL : luaL_checkstring(L, 2);
    int n = 0, extra = 0;
    if (k) {
        const lfield *f;
        while ((f = field_at(c, n)) && strcmp(f->name, k) != 0) n++;
        if (f) n++;
        else extra = 1; /* past the listed fields: k is an extra one */
    }
    lua_settop(L, 2);
    if (!extra)
        for (const lfield *f; (f = field_at(c, n)); n++) {
            f->get(L, e, o);
            if (lua_isnil(L, -1)) {
                lua_pop(L, 1);
                continue;
            }
            lua_pushstring(L, f->name);
            lua_insert(L, -2);
            return 2;
        }
    const char *prev = extra ? k : NULL;
    while (c->extra_next && c->extra_next(L, e, o, prev)) {
        const char *name = lua_tostring(L, -2);
        const lfield *f = NULL;
        for (int i = 0; (f = field_at(c, i)) && strcmp(f->name, name) != 0; i++) {}
        if (!f) return 2;
        lua_pop(L, 1); /* a capture a listed field hides ({figure:text}): its name stays as prev */
        prev = name;
    }
    lua_pushnil(L);
    return 1;
}

static int o_pairs(lua_State *L)
{
    lmodel_check(L, 1);
    lua_pushcfunction(L, o_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

static int o_newindex(lua_State *L)
{
    lobj *o = luaL_checkudata(L, 1, OBJ_MT);
    return luaL_error(L, "%s objects are read-only", kind_names[o->kind]);
}

static int o_tostring(lua_State *L)
{
    lobj *o = luaL_checkudata(L, 1, OBJ_MT);
    engine *e = engine_from(L);
    if (!e->active || o->gen != e->gen) {
        lua_pushfstring(L, "%s (stale)", kind_names[o->kind]);
        return 1;
    }
    if (o->kind == OBJ_INDICATOR || o->kind == OBJ_POINT) {
        const iseries *sr = &e->series[o->index];
        if (o->kind == OBJ_INDICATOR) lua_pushfstring(L, "indicator %s (%s)", sr->indicator, sr->council);
        else lua_pushfstring(L, "point %s %s", sr->indicator, sr->p[o->off].per.label);
        return 1;
    }
    sc_span s = lmodel_span(e, o);
    lua_pushfstring(L, "%s %s:%d:%d", kind_names[o->kind], e->doc->path, s.line, s.col);
    return 1;
}

/* The names of class c and its parents into the table at the top. */
static void add_names(lua_State *L, const lclass *c)
{
    if (c->parent) add_names(L, c->parent);
    for (const lfield *f = c->fields; f && f->name; f++) {
        lua_pushlightuserdata(L, (void *)f);
        lua_setfield(L, -2, f->name);
    }
    for (const lmethod *m = c->methods; m && m->name; m++) {
        lua_pushcfunction(L, m->fn);
        lua_setfield(L, -2, m->name);
    }
}

void lmodel_open(lua_State *L)
{
    luaL_newmetatable(L, OBJ_MT);
    for (int k = 0; k <= OBJ_POINT; k++) {
        lua_newtable(L);
        add_names(L, lmodel_classes[k]);
    }
    lua_pushcclosure(L, o_index, OBJ_POINT + 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, o_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushcfunction(L, o_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, o_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    engine *e = engine_from(L);
    e->obj_mt = lua_topointer(L, -1);
    /* o_index knows names by address only if equal names are one string: Lua 5.4 interns
     * strings up to 40 bytes (LUAI_MAXSHORTLEN, not in its headers), which is checked here */
    char a[40], b[40];
    memset(a, 'n', sizeof a);
    memcpy(b, a, sizeof b);
    lua_pushlstring(L, a, sizeof a);
    lua_pushlstring(L, b, sizeof b);
    e->short_len = lua_tostring(L, -1) == lua_tostring(L, -2) ? sizeof a : 0;
    lua_pop(L, 2);
    e->obj_mt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}
