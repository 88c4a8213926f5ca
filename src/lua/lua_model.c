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

static const char *const kind_names[] = { "meeting", "item", "section", "paragraph", "sentence", "resolution",
                                          "speaker", "figure", "date", "reference", "match", "indicator", "point" };
static const char *const sec_kinds[] = { "preamble", "minutes", "resolved", "supporting",
                                         "additional", "present", "apologies", "other" };
static const char *const fig_kinds[] = { "percent", "count", "words", "money" };
static const char *const date_kinds[] = { "day", "month", "year", "financial_year", "quarter", "relative" };

lobj *lmodel_check(lua_State *L, int idx)
{
    lobj *o = luaL_testudata(L, idx, OBJ_MT);
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

void lmodel_push(lua_State *L, engine *e, obj_kind kind, int index)
{
    lua_Integer key = (lua_Integer)kind << 32 | (lua_Integer)(uint32_t)index;
    lua_rawgeti(L, LUA_REGISTRYINDEX, e->cache_ref);
    if (lua_rawgeti(L, -1, key) != LUA_TNIL) {
        lua_remove(L, -2);
        return;
    }
    lua_pop(L, 1);
    lobj *o = lua_newuserdatauv(L, sizeof *o, 0);
    memset(o, 0, sizeof *o);
    o->gen = e->gen;
    o->kind = kind;
    o->index = index;
    luaL_setmetatable(L, OBJ_MT);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, key);
    lua_remove(L, -2);
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
    int it = lmodel_item(e, o);
    int sfirst = it >= 0 ? d->items.v[it].sent_first : 0, scount = it >= 0 ? d->items.v[it].sent_count : d->sents.n;
    lua_Integer nkw = luaL_len(L, 2);
    /* the hits and the folded keyword live in userdata on the stack: they count against the
     * memory limit, and nothing leaks when a limit or an error ends the call midway */
    lua_settop(L, 3);
    size_t nh = 0, ch = 16;
    hit *hits = lua_newuserdatauv(L, ch * sizeof *hits, 0); /* slot 4 */
    for (lua_Integer k = 1; k <= nkw; k++) {
        /* the scan below is C the count hook cannot see: charge it (and check the deadline) */
        engine_charge(L, (double)(fb - fa) / 16 + 1);
        lua_geti(L, 2, k);
        size_t kl;
        const char *kw = lua_tolstring(L, -1, &kl);
        if (lua_type(L, -1) != LUA_TSTRING) return luaL_error(L, "find_any: keyword %d is not a string", (int)k);
        char *fk = lua_newuserdatauv(L, kl + 1, 0);
        size_t fl = model_fold_bytes(kw, kl, fk, NULL);
        while (fl && fk[fl - 1] == ' ') fl--;
        size_t st = 0;
        while (st < fl && fk[st] == ' ') st++;
        if (fl <= st) { lua_pop(L, 2); continue; }
        /* jump to each place the keyword's first byte occurs (memchr is vectorised), then
         * compare the rest: a byte-by-byte memcmp at every position dominated rule runs */
        const size_t nl = fl - st;
        /* each place the first byte occurs costs a comparison of up to nl bytes: a long keyword
         * over repetitive text is (text) x (keyword) work, charged as it goes */
        double work = 0;
        for (size_t p = fa; p + nl <= fb; p++) {
            const char *c = memchr(d->fold + p, (unsigned char)fk[st], fb - nl + 1 - p);
            if (!c) break;
            p = (size_t)(c - d->fold);
            work += (double)nl / 64 + 1;
            if (work >= 4096) {
                engine_charge(L, work);
                work = 0;
            }
            if (nl > 1 && memcmp(d->fold + p + 1, fk + st + 1, nl - 1) != 0) continue;
            if (p > 0 && isalnum((unsigned char)d->fold[p - 1])) continue;
            size_t q = p + (fl - st);
            if (whole && q < d->fold_len && isalnum((unsigned char)d->fold[q])) continue;
            if (first_only) {
                lua_pushboolean(L, 1);
                return 1;
            }
            if (nh == ch) {
                if (nh >= MAX_MATCHES) return luaL_error(L, "find_any: more than %d matches", MAX_MATCHES);
                hit *v = lua_newuserdatauv(L, 2 * ch * sizeof *v, 0);
                memcpy(v, hits, nh * sizeof *v);
                lua_replace(L, 4);
                hits = v;
                ch *= 2;
            }
            hits[nh++] = (hit){ p, (int)k, fl - st };
        }
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
        luaL_setmetatable(L, OBJ_MT);
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

static const luaL_Reg methods[] = {
    { "sentences", m_sentences },
    { "find_any", m_find_any },
    { "has_any", m_has_any },
    { "section", m_section },
    { "match", lmatch_method },
    { NULL, NULL },
};

/* ---- fields ------------------------------------------------------------------------------ */

static int common_field(lua_State *L, engine *e, const lobj *o, const char *k)
{
    sc_span s = lmodel_span(e, o);
    if (!strcmp(k, "type")) lua_pushstring(L, kind_names[o->kind]);
    else if (!strcmp(k, "line")) lua_pushinteger(L, s.line);
    else if (!strcmp(k, "column")) lua_pushinteger(L, s.col);
    else if (!strcmp(k, "end_line")) lua_pushinteger(L, s.end_line);
    else if (!strcmp(k, "end_column")) lua_pushinteger(L, s.end_col);
    /* byte positions in the text (1-based, last byte inclusive), for string.sub: columns count
     * characters, so subtracting them slices wrongly after a curly quote */
    else if (!strcmp(k, "offset")) lua_pushinteger(L, (lua_Integer)s.off + 1);
    else if (!strcmp(k, "end_offset")) lua_pushinteger(L, (lua_Integer)s.end);
    else if (!strcmp(k, "text")) push_text(L, e->doc, &s);
    else if (!strcmp(k, "file")) lua_pushstring(L, e->doc->path);
    else if (!strcmp(k, "meeting")) lmodel_push(L, e, OBJ_MEETING, 0);
    else if (!strcmp(k, "item") && o->kind != OBJ_ITEM && o->kind != OBJ_MEETING) {
        int it = lmodel_item(e, o);
        if (it >= 0) lmodel_push(L, e, OBJ_ITEM, it);
        else lua_pushnil(L);
    } else return 0;
    return 1;
}

static int kind_field(lua_State *L, engine *e, const lobj *o, const char *k)
{
    const model_doc *d = e->doc;
    switch (o->kind) {
    case OBJ_MEETING:
        if (!strcmp(k, "council")) lua_pushstring(L, d->council);
        else if (!strcmp(k, "committee")) lua_pushstring(L, d->committee);
        else if (!strcmp(k, "date")) lua_pushstring(L, d->date);
        else if (!strcmp(k, "title")) lua_pushstring(L, d->title);
        else if (!strcmp(k, "path")) lua_pushstring(L, d->path);
        else if (!strcmp(k, "items")) push_list(L, e, OBJ_ITEM, 0, d->items.n);
        else if (!strcmp(k, "present")) PUSH_OWNED(spks, OBJ_SPEAKER, -1);
        else if (!strcmp(k, "paragraphs")) PUSH_OWNED(paras, OBJ_PARA, -1);
        else if (!strcmp(k, "sections")) PUSH_OWNED(secs, OBJ_SECTION, -1);
        else return 0;
        return 1;
    case OBJ_ITEM: {
        const model_item *m = &d->items.v[o->index];
        if (!strcmp(k, "number")) push_opt(L, m->number);
        else if (!strcmp(k, "title")) lua_pushstring(L, m->title);
        else if (!strcmp(k, "purpose")) push_opt(L, m->purpose);
        else if (!strcmp(k, "index")) lua_pushinteger(L, o->index + 1);
        else if (!strcmp(k, "sections")) push_list(L, e, OBJ_SECTION, m->sec_first, m->sec_count);
        else if (!strcmp(k, "paragraphs")) push_list(L, e, OBJ_PARA, m->para_first, m->para_count);
        else if (!strcmp(k, "resolutions")) push_list(L, e, OBJ_RESOLUTION, m->res_first, m->res_count);
        else if (!strcmp(k, "speakers")) push_list(L, e, OBJ_SPEAKER, m->spk_first, m->spk_count);
        else if (!strcmp(k, "figures")) push_list(L, e, OBJ_FIGURE, m->fig_first, m->fig_count);
        else if (!strcmp(k, "dates")) push_list(L, e, OBJ_DATE, m->date_first, m->date_count);
        else if (!strcmp(k, "references")) push_list(L, e, OBJ_REF, m->ref_first, m->ref_count);
        else return 0;
        return 1;
    }
    case OBJ_SECTION: {
        const model_section *s = &d->secs.v[o->index];
        if (!strcmp(k, "kind")) lua_pushstring(L, sec_kinds[s->kind]);
        else if (!strcmp(k, "name")) lua_pushstring(L, s->name);
        else if (!strcmp(k, "paragraphs")) {
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
        } else return 0;
        return 1;
    }
    case OBJ_PARA: {
        const model_para *p = &d->paras.v[o->index];
        if (!strcmp(k, "label")) push_opt(L, p->label);
        else if (!strcmp(k, "bullet")) lua_pushboolean(L, p->bullet);
        else if (!strcmp(k, "heading")) lua_pushboolean(L, p->heading);
        else if (!strcmp(k, "body")) push_text(L, d, &p->body);
        else if (!strcmp(k, "section")) push_opt(L, p->section >= 0 ? sec_kinds[d->secs.v[p->section].kind] : NULL);
        else return 0;
        return 1;
    }
    case OBJ_SENTENCE: {
        const model_sentence *s = &d->sents.v[o->index];
        if (!strcmp(k, "paragraph")) lmodel_push(L, e, OBJ_PARA, s->para);
        else if (!strcmp(k, "figures")) {
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
        } else return 0;
        return 1;
    }
    case OBJ_RESOLUTION: {
        const model_resolution *r = &d->ress.v[o->index];
        if (!strcmp(k, "label") || !strcmp(k, "number")) push_opt(L, r->label);
        else if (!strcmp(k, "owner")) push_opt(L, r->owner);
        else if (!strcmp(k, "body")) push_text(L, d, &r->body);
        else return 0;
        return 1;
    }
    case OBJ_SPEAKER:
        if (!strcmp(k, "name")) lua_pushstring(L, d->spks.v[o->index].name);
        else if (!strcmp(k, "kind")) lua_pushstring(L, d->spks.v[o->index].kind == SPK_COUNCILLOR ? "councillor" : "officer");
        else return 0;
        return 1;
    case OBJ_FIGURE: {
        const model_figure *f = &d->figs.v[o->index];
        if (!strcmp(k, "value")) lua_pushnumber(L, f->value);
        else if (!strcmp(k, "kind")) lua_pushstring(L, fig_kinds[f->kind]);
        else if (!strcmp(k, "unit")) lua_pushstring(L, f->unit);
        else if (!strcmp(k, "sentence")) lmodel_push(L, e, OBJ_SENTENCE, f->sentence);
        else return 0;
        return 1;
    }
    case OBJ_DATE:
        if (!strcmp(k, "kind")) lua_pushstring(L, date_kinds[d->dates.v[o->index].kind]);
        else if (!strcmp(k, "iso")) lua_pushstring(L, d->dates.v[o->index].iso);
        else return 0;
        return 1;
    case OBJ_REF:
        if (!strcmp(k, "kind")) lua_pushstring(L, d->refs.v[o->index].kind);
        else if (!strcmp(k, "number")) lua_pushstring(L, d->refs.v[o->index].number);
        else return 0;
        return 1;
    case OBJ_MATCH:
        if (lmatch_field(L, e, o, k)) return 1;
        if (!strcmp(k, "keyword")) lua_getiuservalue(L, 1, 1);
        else if (!strcmp(k, "sentence")) lmodel_push(L, e, OBJ_SENTENCE, o->sentence);
        else return 0;
        return 1;
    case OBJ_INDICATOR:
    case OBJ_POINT: return 0;
    }
    return 0;
}

static int o_index(lua_State *L)
{
    engine *e = engine_from(L);
    /* only Lua calls this, as __index of the objects' metatable, which rules cannot reach (it
     * is locked): argument 1 is one of ours, so the registry lookup of luaL_testudata is skipped */
    lobj *o = lua_touserdata(L, 1);
    if (!o || !e->active || o->gen != e->gen) o = lmodel_check(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (o->kind == OBJ_INDICATOR || o->kind == OBJ_POINT) {
        if (lind_field(L, e, o, k)) return 1;
        lua_getfield(L, lua_upvalueindex(2), k); /* indicator methods */
        return 1;
    }
    if (o->kind == OBJ_FIGURE && (!strcmp(k, "indicator") || !strcmp(k, "period"))) {
        lind_figure(L, e, o->index, k[0] == 'p');
        return 1;
    }
    if (kind_field(L, e, o, k) || common_field(L, e, o, k)) return 1;
    lua_getfield(L, lua_upvalueindex(1), k); /* a method, or nil */
    return 1;
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

void lmodel_open(lua_State *L)
{
    luaL_newmetatable(L, OBJ_MT);
    luaL_newlib(L, methods);
    lind_push_methods(L);
    lua_pushcclosure(L, o_index, 2);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, o_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, o_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}
