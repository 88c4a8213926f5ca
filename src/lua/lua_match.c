/*
 * lua_match.c — pattern matches as Lua sees them.
 *
 *     for _, m in ipairs(item:match("promises")) do ... m.text, m.sentence, m.figure ... end
 *
 * obj:match(name) lists, in text order, the hits inside obj of the patterns in the calling
 * rule's set `name` (rule{ patterns = { name, ... } }). The hits were found once per document
 * by the matcher (rule_patterns.c); this only reads them back. A match is a model object of
 * type "match" with the usual position fields, `pattern` (its source) and one field per slot:
 * `m.figure`, `m.date`, `m.person` (the loader's objects), `m.meeting`, `m.body`, `m.month`
 * (matches over their words) or the name given in the pattern (`{figure:total}` is m.total).
 */
#include <lauxlib.h>
#include <string.h>

#include "../core/text.h"
#include "engine.h"

/* The hits [*h0, *h1) that may lie inside the object, and the bytes they must lie within. */
static void hit_range(engine *e, const lobj *o, int *h0, int *h1, uint32_t *off, uint32_t *end)
{
    const model_doc *d = e->doc;
    const int *sf = e->hits.sent_first;
    int s0 = 0, s1 = d->sents.n;
    *off = 0;
    *end = UINT32_MAX;
    switch (o->kind) {
    case OBJ_MEETING: break;
    case OBJ_ITEM: s0 = d->items.v[o->index].sent_first; s1 = s0 + d->items.v[o->index].sent_count; break;
    case OBJ_SENTENCE: s0 = o->index; s1 = o->index + 1; break;
    case OBJ_PARA: s0 = d->paras.v[o->index].sent_first; s1 = s0 + d->paras.v[o->index].sent_count; break;
    default: {
        int it = lmodel_item(e, o);
        if (it >= 0) { s0 = d->items.v[it].sent_first; s1 = s0 + d->items.v[it].sent_count; }
        sc_span sp = lmodel_span(e, o);
        *off = sp.off;
        *end = sp.end;
    }
    }
    if (!sf || e->hits.nsents != d->sents.n || s0 >= s1) { *h0 = *h1 = 0; return; }
    *h0 = sf[s0];
    *h1 = sf[s1];
}

/* Hit i as a match object, made once per document and cached like the loader's objects: a rule
 * that reads its matches in every sentence allocates nothing the second time. */
static void push_match(lua_State *L, engine *e, int i)
{
    int made;
    lobj *m = lmodel_cached(L, e, OBJ_MATCH, i, 0, &made);
    if (!made) return;
    const mx_hit *h = &e->hits.v[i];
    m->off = h->off;
    m->end = h->end;
    m->sentence = h->sent;
    m->hit = i + 1; /* m.keyword is its pattern's source, made when read */
}

/* Pushes the list of hits of rule r's set `set` inside object o. */
static void push_matches(lua_State *L, engine *e, int r, int set, const lobj *o)
{
    int h0, h1;
    uint32_t off, end;
    hit_range(e, o, &h0, &h1, &off, &end);
    uint32_t g = rpat_mark(e, r, set);
    if (!g) luaL_error(L, "out of memory");
    engine_charge(L, (double)(h1 - h0));
    lua_newtable(L);
    int n = 0;
    for (int i = h0; i < h1; i++) {
        const mx_hit *h = &e->hits.v[i];
        if (e->pat_mark[h->pat] != g || h->off < off || h->end > end) continue;
        push_match(L, e, i);
        lua_rawseti(L, -2, ++n);
    }
}

static int set_index(const rule *ru, const char *name)
{
    for (int s = 0; s < ru->pats.nsets; s++)
        if (!strcmp(ru->pats.sets[s], name)) return s;
    return -1;
}

int lmatch_method(lua_State *L)
{
    engine *e = engine_from(L);
    lobj *o = lmodel_check(L, 1);
    const char *name = luaL_checkstring(L, 2);
    if (e->cur_rule < 0 || !e->doc) return luaL_error(L, "match: only a rule's check can read its patterns' matches");
    const rule *ru = &e->rules[e->cur_rule];
    int s = set_index(ru, name);
    if (s < 0) {
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        for (int i = 0; i < ru->pats.nsets; i++) {
            if (i) luaL_addstring(&b, ", ");
            luaL_addstring(&b, ru->pats.sets[i]);
        }
        luaL_pushresult(&b);
        return luaL_error(L, "match: '%s' is not one of the patterns rule '%s' declares (%s)", name, ru->id,
                          ru->pats.nsets ? lua_tostring(L, -1) : "it declares none: rule{ patterns = { ... } }");
    }
    push_matches(L, e, e->cur_rule, s, o);
    return 1;
}

/* The third argument of a check: its rule's matches inside the object, by set name. Most checks
 * never read it, so a set's list is made when first read (and kept in the table); pairs lists
 * the sets that have matches, in the rule's order. The table's state (rule, object, document)
 * is kept beside it in a weak table of the registry. */
typedef struct { int rule; lobj o; } hits_state;

#define HITS_STATE "scrutiny.hits_state" /* registry: hits table -> state, weak keys */

static const hits_state *hits_of(lua_State *L, engine *e, int t)
{
    lua_getfield(L, LUA_REGISTRYINDEX, HITS_STATE);
    lua_pushvalue(L, t);
    lua_rawget(L, -2);
    const hits_state *st = lua_touserdata(L, -1);
    lua_pop(L, 2);
    if (!st || !e->doc || st->o.gen != e->gen) luaL_error(L, "matches read after their document was checked");
    return st;
}

/* Pushes set s of the hits table at t: its list (made and kept on first read), or nil. */
static void hits_set(lua_State *L, engine *e, int t, const hits_state *st, int s)
{
    const char *name = e->rules[st->rule].pats.sets[s];
    lua_pushstring(L, name);
    if (lua_rawget(L, t) != LUA_TNIL) return; /* made at an earlier read */
    lua_pop(L, 1);
    push_matches(L, e, st->rule, s, &st->o);
    if (lua_rawlen(L, -1) == 0) {
        lua_pop(L, 1);
        lua_pushnil(L);
        return;
    }
    lua_pushstring(L, name);
    lua_pushvalue(L, -2);
    lua_rawset(L, t);
}

static int hits_index(lua_State *L)
{
    engine *e = engine_from(L);
    const hits_state *st = hits_of(L, e, 1);
    int s = lua_type(L, 2) == LUA_TSTRING ? set_index(&e->rules[st->rule], lua_tostring(L, 2)) : -1;
    if (s < 0) return 0;
    hits_set(L, e, 1, st, s);
    return 1;
}

static int hits_next(lua_State *L)
{
    engine *e = engine_from(L);
    const hits_state *st = hits_of(L, e, 1);
    const rule *ru = &e->rules[st->rule];
    int s = 0; /* the set after key 2 */
    if (!lua_isnil(L, 2)) {
        if (lua_type(L, 2) != LUA_TSTRING || (s = set_index(ru, lua_tostring(L, 2))) < 0) return 0; /* not ours */
        s++;
    }
    for (; s < ru->pats.nsets; s++) {
        hits_set(L, e, 1, st, s);
        if (!lua_isnil(L, -1)) {
            lua_pushstring(L, ru->pats.sets[s]);
            lua_insert(L, -2);
            return 2;
        }
        lua_pop(L, 1);
    }
    return 0;
}

static int hits_pairs(lua_State *L)
{
    lua_pushcfunction(L, hits_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

void lmatch_push_hits(lua_State *L, engine *e, int r, obj_kind kind, int index)
{
    lua_newtable(L);
    int t = lua_gettop(L);
    if (luaL_newmetatable(L, "scrutiny.hits")) {
        lua_pushcfunction(L, hits_index);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, hits_pairs);
        lua_setfield(L, -2, "__pairs");
        lua_pushliteral(L, "matches");
        lua_setfield(L, -2, "__metatable"); /* locked, as the objects' */
    }
    lua_setmetatable(L, t);
    if (!luaL_getsubtable(L, LUA_REGISTRYINDEX, HITS_STATE)) {
        lua_createtable(L, 0, 1);
        lua_pushliteral(L, "k");
        lua_setfield(L, -2, "__mode");
        lua_setmetatable(L, -2);
    }
    lua_pushvalue(L, t);
    hits_state *st = lua_newuserdatauv(L, sizeof *st, 0);
    memset(st, 0, sizeof *st);
    st->rule = r;
    st->o.gen = e->gen;
    st->o.kind = kind;
    st->o.index = index;
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

/* The object a capture bound: the loader's figure, date or speaker, or a match over its words. */
static void push_capture(lua_State *L, engine *e, const mx_cap *c, int sentence)
{
    if (c->obj >= 0) {
        switch (c->kind) {
        case SLOT_FIGURE: case SLOT_PERCENT: case SLOT_MONEY: case SLOT_NUMBER:
            lmodel_push(L, e, OBJ_FIGURE, c->obj);
            return;
        case SLOT_DATE: case SLOT_MONTH: lmodel_push(L, e, OBJ_DATE, c->obj); return;
        case SLOT_PERSON: lmodel_push(L, e, OBJ_SPEAKER, c->obj); return;
        default: break;
        }
    }
    lobj *m = lua_newuserdatauv(L, sizeof *m, 1);
    memset(m, 0, sizeof *m);
    m->gen = e->gen;
    m->kind = OBJ_MATCH;
    m->off = c->off;
    m->end = c->end;
    m->sentence = sentence;
    lmodel_setmt(L, e);
}

static const char *cap_name(engine *e, const mx_hit *h, const mx_cap *c)
{
    const char *n = c->name >= 0 ? mx_cap_name(e->mx, h->pat, c->name) : NULL;
    return n ? n : mx_slot_name((mx_slot)c->kind);
}

static const mx_hit *hit_of(engine *e, const lobj *o)
{
    return o->hit && o->hit <= e->hits.n ? &e->hits.v[o->hit - 1] : NULL;
}

/* find_any's keyword (user value 1), or a pattern match's source */
static void f_keyword(lua_State *L, engine *e, const lobj *o)
{
    const mx_hit *h;
    if (lua_getiuservalue(L, 1, 1) == LUA_TSTRING || !(h = hit_of(e, o))) return;
    lua_pop(L, 1);
    lua_pushstring(L, mx_source(e->mx, h->pat));
}

static void f_sentence(lua_State *L, engine *e, const lobj *o) { lmodel_push(L, e, OBJ_SENTENCE, o->sentence); }

static void f_pattern(lua_State *L, engine *e, const lobj *o)
{
    const mx_hit *h = hit_of(e, o);
    if (h) lua_pushstring(L, mx_source(e->mx, h->pat));
    else lua_pushnil(L);
}

static void f_captures(lua_State *L, engine *e, const lobj *o) /* name -> object, the first of each name */
{
    lua_newtable(L);
    const mx_hit *h = hit_of(e, o);
    if (!h) return;
    const mx_cap *caps = e->hits.caps + h->cap_first;
    for (int i = h->cap_count - 1; i >= 0; i--) {
        push_capture(L, e, &caps[i], h->sent);
        lua_setfield(L, -2, cap_name(e, h, &caps[i]));
    }
}

const lfield lmatch_fields[] = {
    { "keyword", f_keyword, "string?", "the keyword that matched, as given (find_any), or the pattern's source; nil for a slot's capture" },
    { "sentence", f_sentence, "Sentence", "the sentence it is in" },
    { "pattern", f_pattern, "string?", "the source of the pattern that matched (nil for find_any)" },
    { "captures", f_captures, "table<string, ModelObject>", "the slots' captures by name (empty for find_any)" },
    { NULL, NULL, NULL, NULL },
};

/* The capture name the running rule's patterns can bind (slot names always can) that is
 * nearest to k: k itself (*dist 0), or one an edit or two away, or NULL. */
static const char *capture_name_near(engine *e, const char *k, int *dist)
{
    const char *best = NULL;
    *dist = 3;
#define CONSIDER(n)                                   \
    do {                                              \
        int d_ = text_distance(k, (n));               \
        if (d_ < *dist) { *dist = d_; best = (n); }   \
        if (d_ == 0) return best;                     \
    } while (0)
    for (int s = 0; s < SLOT__COUNT; s++) CONSIDER(mx_slot_name((mx_slot)s));
    if (e->cur_rule < 0 || e->cur_rule >= e->nrules) return best;
    const rpat *p = &e->rules[e->cur_rule].pats;
    for (int s = 0; s < p->nsets; s++)
        for (int i = 0; p->ids && i < p->nids[s]; i++) {
            const char *n;
            for (int c = 0; (n = mx_cap_name(e->mx, p->ids[s][i], c)); c++) CONSIDER(n);
        }
#undef CONSIDER
    return best;
}

static int capture_name_known(engine *e, const char *k)
{
    int d;
    return capture_name_near(e, k, &d) && d == 0;
}

const char *lmatch_suggest(engine *e, const char *k)
{
    int d;
    const char *n = capture_name_near(e, k, &d);
    return n && d < (int)strlen(k) ? n : NULL;
}

int lmatch_capture(lua_State *L, engine *e, const lobj *o, const char *k)
{
    const mx_hit *h = hit_of(e, o);
    if (h) {
        const mx_cap *caps = e->hits.caps + h->cap_first;
        for (int i = 0; i < h->cap_count; i++)
            if (!strcmp(cap_name(e, h, &caps[i]), k)) {
                push_capture(L, e, &caps[i], h->sent);
                return 1;
            }
    }
    /* a slot this match did not bind (an optional part, another pattern of the set) is nil */
    if (!capture_name_known(e, k)) return 0;
    lua_pushnil(L);
    return 1;
}

int lmatch_next_capture(lua_State *L, engine *e, const lobj *o, const char *k)
{
    const mx_hit *h = hit_of(e, o);
    if (!h) return 0;
    const mx_cap *caps = e->hits.caps + h->cap_first;
    int from = 0;
    if (k) {
        while (from < h->cap_count && strcmp(cap_name(e, h, &caps[from]), k) != 0) from++;
        from++;
    }
    for (int i = from; i < h->cap_count; i++) {
        const char *n = cap_name(e, h, &caps[i]);
        int seen = 0; /* the first capture of a name is the field */
        for (int j = 0; j < i && !seen; j++) seen = !strcmp(cap_name(e, h, &caps[j]), n);
        if (seen) continue;
        lua_pushstring(L, n);
        push_capture(L, e, &caps[i], h->sent);
        return 1;
    }
    return 0;
}
