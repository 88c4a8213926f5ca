/*
 * lua_indicator.c — indicators as rules see them: one council's series of one indicator, its
 * points, and the helpers a review needs (latest, at, previous, trend, streak_off_target, rag,
 * vs, before). "Better" and "worse" always follow the indicator's polarity, so a rule written
 * for re-referrals (lower is better) reads the same as one for timeliness (higher is better).
 *
 * Series are loaded from the store into the engine's cache for the unit of work under check
 * (an indicator run, or a minutes document asking through figure.indicator / ctx:indicator);
 * objects are userdata of kind OBJ_INDICATOR (index = series) and OBJ_POINT (index = series,
 * off = point) and go stale with the unit.
 */
#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "engine.h"

void lind_clear(engine *e)
{
    for (int i = 0; i < e->nseries; i++) iseries_clear(&e->series[i]);
    e->nseries = 0;
}

int lind_series(engine *e, const char *council, const char *id)
{
    for (int i = 0; i < e->nseries; i++)
        if (!strcmp(e->series[i].council, council) && !strcmp(e->series[i].indicator, id)) return i;
    if (e->nseries == e->capseries) {
        int nc = e->capseries ? e->capseries * 2 : 8;
        iseries *v = realloc(e->series, (size_t)nc * sizeof *v);
        if (!v) return -1;
        e->series = v;
        e->capseries = nc;
    }
    iseries *s = &e->series[e->nseries];
    if (store_series(e->st, council, id, s) != SC_OK) {
        iseries_clear(s);
        return -1;
    }
    s->def = catalogue_find(&e->cat, id);
    return e->nseries++;
}

static void push_obj(lua_State *L, engine *e, obj_kind kind, int series, int point)
{
    lobj *o = lua_newuserdatauv(L, sizeof *o, 0);
    memset(o, 0, sizeof *o);
    o->gen = e->gen;
    o->kind = kind;
    o->index = series;
    o->off = (uint32_t)point;
    lmodel_setmt(L, e);
}

static int polarity(const iseries *s) { return s->def ? s->def->polarity : POL_CONTEXT; }

/* The point's target, or the catalogue's default. */
static int target_of(const iseries *s, const ipoint *p, double *t)
{
    if (p->has & OBS_TARGET) { *t = p->target; return 1; }
    if (s->def && (s->def->has & IND_TARGET)) { *t = s->def->target; return 1; }
    return 0;
}

/* Positive when a is better than b, by the indicator's polarity (0 for context). */
static double better(const iseries *s, double a, double b)
{
    return polarity(s) == POL_HIGHER ? a - b : polarity(s) == POL_LOWER ? b - a : 0;
}

/* Index of the last point with a value at or before `upto`, or -1. */
static int last_valued(const iseries *s, int upto)
{
    for (int i = upto; i >= 0; i--)
        if (s->p[i].has & OBS_VALUE) return i;
    return -1;
}

static const iseries *check_ind(lua_State *L, engine *e, int idx, lobj **out)
{
    lobj *o = lmodel_check(L, idx);
    if (o->kind != OBJ_INDICATOR) luaL_argerror(L, idx, "indicator expected");
    if (out) *out = o;
    return &e->series[o->index];
}

static int m_latest(lua_State *L)
{
    engine *e = engine_from(L);
    lobj *o;
    const iseries *s = check_ind(L, e, 1, &o);
    int i = last_valued(s, s->n - 1);
    if (i < 0) lua_pushnil(L);
    else push_obj(L, e, OBJ_POINT, o->index, i);
    return 1;
}

static int m_previous(lua_State *L)
{
    engine *e = engine_from(L);
    lobj *o;
    const iseries *s = check_ind(L, e, 1, &o);
    int i = last_valued(s, s->n - 1);
    i = i > 0 ? last_valued(s, i - 1) : -1;
    if (i < 0) lua_pushnil(L);
    else push_obj(L, e, OBJ_POINT, o->index, i);
    return 1;
}

static int m_at(lua_State *L)
{
    engine *e = engine_from(L);
    lobj *o;
    const iseries *s = check_ind(L, e, 1, &o);
    size_t n;
    const char *t = luaL_checklstring(L, 2, &n);
    period want;
    if (period_parse(t, n, &want)) return luaL_error(L, "at: '%s' is not a period", t);
    for (int i = 0; i < s->n; i++)
        if (s->p[i].per.key == want.key && s->p[i].per.kind == want.kind) {
            push_obj(L, e, OBJ_POINT, o->index, i);
            return 1;
        }
    lua_pushnil(L);
    return 1;
}

/* indicator:before("2024-03-14"): the latest point with a value whose period ended before the
 * date — what a meeting on that date could have been discussing. */
static int m_before(lua_State *L)
{
    engine *e = engine_from(L);
    lobj *o;
    const iseries *s = check_ind(L, e, 1, &o);
    const char *d = luaL_checkstring(L, 2);
    int y, m, day;
    if (sscanf(d, "%4d-%2d-%2d", &y, &m, &day) != 3) return luaL_error(L, "before: '%s' is not a date (YYYY-MM-DD)", d);
    int month = y * 12 + m - 1;
    for (int i = s->n - 1; i >= 0; i--)
        if ((s->p[i].has & OBS_VALUE) && s->p[i].per.key + period_months(&s->p[i].per) - 1 < month) {
            push_obj(L, e, OBJ_POINT, o->index, i);
            return 1;
        }
    lua_pushnil(L);
    return 1;
}

/* indicator:trend(n): over the last n valued points, { direction = "worsening" | "improving" |
 * "flat" | "mixed", change = last - first, steps = n - 1, from = point, to = point }. Worsening
 * and improving mean every step moved that way. */
static int m_trend(lua_State *L)
{
    engine *e = engine_from(L);
    lobj *o;
    const iseries *s = check_ind(L, e, 1, &o);
    int n = (int)luaL_optinteger(L, 2, 4);
    if (n < 2) return luaL_argerror(L, 2, "at least 2 periods");
    int idx[64], k = 0;
    for (int i = s->n - 1; i >= 0 && k < n && k < 64; i--)
        if (s->p[i].has & OBS_VALUE) idx[k++] = i;
    if (k < n) {
        lua_pushnil(L);
        return 1;
    }
    int worse = 0, improve = 0, flat = 0;
    for (int j = k - 1; j > 0; j--) {
        double d = better(s, s->p[idx[j - 1]].value, s->p[idx[j]].value);
        if (d < 0) worse++;
        else if (d > 0) improve++;
        else flat++;
    }
    const char *dir = worse == k - 1 ? "worsening" : improve == k - 1 ? "improving" : flat == k - 1 ? "flat" : "mixed";
    if (polarity(s) == POL_CONTEXT) dir = "unknown";
    lua_createtable(L, 0, 5);
    lua_pushstring(L, dir);
    lua_setfield(L, -2, "direction");
    lua_pushnumber(L, s->p[idx[0]].value - s->p[idx[k - 1]].value);
    lua_setfield(L, -2, "change");
    lua_pushinteger(L, k - 1);
    lua_setfield(L, -2, "steps");
    push_obj(L, e, OBJ_POINT, o->index, idx[k - 1]);
    lua_setfield(L, -2, "from");
    push_obj(L, e, OBJ_POINT, o->index, idx[0]);
    lua_setfield(L, -2, "to");
    return 1;
}

/* indicator:streak_off_target(): how many of the latest periods in a row are worse than their
 * target (by polarity), and the first point of that run. Periods without a value end it. */
static int m_streak(lua_State *L)
{
    engine *e = engine_from(L);
    lobj *o;
    const iseries *s = check_ind(L, e, 1, &o);
    int n = 0, first = -1;
    for (int i = s->n - 1; i >= 0; i--) {
        double t;
        if (!(s->p[i].has & OBS_VALUE) || !target_of(s, &s->p[i], &t) || better(s, s->p[i].value, t) >= 0) break;
        n++;
        first = i;
    }
    lua_pushinteger(L, n);
    if (first >= 0) push_obj(L, e, OBJ_POINT, o->index, first);
    else lua_pushnil(L);
    return 2;
}

static const char *rag_of(const iseries *s, const ipoint *p)
{
    if (!(p->has & OBS_VALUE) || !s->def || !(s->def->has & IND_GREEN) || polarity(s) == POL_CONTEXT) return NULL;
    if (better(s, p->value, s->def->green) >= 0) return "green";
    if ((s->def->has & IND_AMBER) && better(s, p->value, s->def->amber) >= 0) return "amber";
    return "red";
}

/* indicator:rag([point]): "green", "amber" or "red" from the catalogue's bands (latest point). */
static int m_rag(lua_State *L)
{
    engine *e = engine_from(L);
    lobj *o;
    const iseries *s = check_ind(L, e, 1, &o);
    int i = last_valued(s, s->n - 1);
    if (!lua_isnoneornil(L, 2)) {
        lobj *p = lmodel_check(L, 2);
        if (p->kind != OBJ_POINT || p->index != o->index) return luaL_argerror(L, 2, "a point of this indicator");
        i = (int)p->off;
    }
    const char *r = i >= 0 ? rag_of(s, &s->p[i]) : NULL;
    if (r) lua_pushstring(L, r);
    else lua_pushnil(L);
    return 1;
}

/* indicator:vs("england" [, point]): how much better (+) or worse (-) than the comparator the
 * latest value is, in the indicator's unit; nil when either is missing. */
static int m_vs(lua_State *L)
{
    engine *e = engine_from(L);
    lobj *o;
    const iseries *s = check_ind(L, e, 1, &o);
    const char *c = luaL_checkstring(L, 2);
    int i = last_valued(s, s->n - 1);
    if (!lua_isnoneornil(L, 3)) {
        lobj *p = lmodel_check(L, 3);
        if (p->kind != OBJ_POINT || p->index != o->index) return luaL_argerror(L, 3, "a point of this indicator");
        i = (int)p->off;
    }
    if (i < 0 || !(s->p[i].has & OBS_VALUE) || polarity(s) == POL_CONTEXT) { lua_pushnil(L); return 1; }
    const ipoint *p = &s->p[i];
    double ref;
    if (!strcmp(c, "england")) {
        if (p->has & OBS_ENGLAND) ref = p->england;
        else if (s->def && (s->def->has & IND_ENGLAND)) ref = s->def->england;
        else { lua_pushnil(L); return 1; }
    } else if (!strcmp(c, "statistical_neighbours")) {
        if (!(p->has & OBS_SN)) { lua_pushnil(L); return 1; }
        ref = p->sn;
    } else if (!strcmp(c, "region")) {
        if (!(p->has & OBS_REGION)) { lua_pushnil(L); return 1; }
        ref = p->region;
    } else if (!strcmp(c, "target")) {
        if (!target_of(s, p, &ref)) { lua_pushnil(L); return 1; }
    } else {
        return luaL_argerror(L, 2, "england, statistical_neighbours, region or target");
    }
    lua_pushnumber(L, better(s, p->value, ref));
    return 1;
}

static void push_num(lua_State *L, unsigned has, unsigned bit, double v)
{
    if (has & bit) lua_pushnumber(L, v);
    else lua_pushnil(L);
}

static void push_str(lua_State *L, const char *v)
{
    if (v) lua_pushstring(L, v);
    else lua_pushnil(L);
}

#define SERIES(e, o) (&(e)->series[(o)->index])
#define POINT(e, o) (&(e)->series[(o)->index].p[(o)->off])
#define DEF(e, o) (SERIES(e, o)->def)

static void i_type(lua_State *L, engine *e, const lobj *o) { (void)e; lua_pushstring(L, o->kind == OBJ_INDICATOR ? "indicator" : "point"); }
static void i_id(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, SERIES(e, o)->indicator); }
static void i_council(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, SERIES(e, o)->council); }
static void i_title(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, DEF(e, o) ? DEF(e, o)->title : SERIES(e, o)->indicator); }
static void i_unit(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, DEF(e, o) ? DEF(e, o)->unit : ""); }
static void i_polarity(lua_State *L, engine *e, const lobj *o)
{
    static const char *const pol[] = { "lower", "context", "higher" };
    lua_pushstring(L, pol[polarity(SERIES(e, o)) + 1]);
}
static void i_target(lua_State *L, engine *e, const lobj *o) { push_num(L, DEF(e, o) ? DEF(e, o)->has : 0, IND_TARGET, DEF(e, o) ? DEF(e, o)->target : 0); }
static void i_england(lua_State *L, engine *e, const lobj *o) { push_num(L, DEF(e, o) ? DEF(e, o)->has : 0, IND_ENGLAND, DEF(e, o) ? DEF(e, o)->england : 0); }
static void i_definition(lua_State *L, engine *e, const lobj *o) { push_str(L, DEF(e, o) ? DEF(e, o)->definition : NULL); }
static void i_series(lua_State *L, engine *e, const lobj *o)
{
    const iseries *s = SERIES(e, o);
    lua_createtable(L, s->n, 0);
    for (int i = 0; i < s->n; i++) {
        push_obj(L, e, OBJ_POINT, o->index, i);
        lua_rawseti(L, -2, i + 1);
    }
}

static void p_period(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, POINT(e, o)->per.label); }
static void p_kind(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, period_kind_name(POINT(e, o)->per.kind)); }
static void p_value(lua_State *L, engine *e, const lobj *o) { push_num(L, POINT(e, o)->has, OBS_VALUE, POINT(e, o)->value); }
static void p_missing(lua_State *L, engine *e, const lobj *o) { push_str(L, POINT(e, o)->missing); }
static void p_target(lua_State *L, engine *e, const lobj *o)
{
    double t;
    if (target_of(SERIES(e, o), POINT(e, o), &t)) lua_pushnumber(L, t);
    else lua_pushnil(L);
}
static void p_england(lua_State *L, engine *e, const lobj *o) { push_num(L, POINT(e, o)->has, OBS_ENGLAND, POINT(e, o)->england); }
static void p_sn(lua_State *L, engine *e, const lobj *o) { push_num(L, POINT(e, o)->has, OBS_SN, POINT(e, o)->sn); }
static void p_region(lua_State *L, engine *e, const lobj *o) { push_num(L, POINT(e, o)->has, OBS_REGION, POINT(e, o)->region); }
static void p_text(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, POINT(e, o)->cell); }
static void p_file(lua_State *L, engine *e, const lobj *o) { lua_pushstring(L, POINT(e, o)->file); }
static void p_line(lua_State *L, engine *e, const lobj *o) { lua_pushinteger(L, POINT(e, o)->line); }
static void p_column(lua_State *L, engine *e, const lobj *o) { lua_pushinteger(L, POINT(e, o)->col); }
static void p_end_column(lua_State *L, engine *e, const lobj *o) { lua_pushinteger(L, POINT(e, o)->end_col); }
static void p_indicator(lua_State *L, engine *e, const lobj *o) { push_obj(L, e, OBJ_INDICATOR, o->index, 0); }

static const lfield ind_fields[] = {
    { "type", i_type, "\"indicator\"", NULL },
    { "id", i_id, "string", "the catalogue's id" },
    { "title", i_title, "string", NULL },
    { "unit", i_unit, "string", NULL },
    { "polarity", i_polarity, "\"higher\"|\"lower\"|\"context\"", "which way is better" },
    { "target", i_target, "number?", "the catalogue's default target" },
    { "england", i_england, "number?", "the catalogue's England figure" },
    { "council", i_council, "string", NULL },
    { "definition", i_definition, "string?", NULL },
    { "series", i_series, "Point[]", "oldest first, one period kind" },
    { NULL, NULL, NULL, NULL },
};

static const lmethod ind_methods[] = {
    { "latest", m_latest, "The latest point with a value.", { { NULL, NULL, NULL } }, "Point?" },
    { "previous", m_previous, "The point with a value before the latest.", { { NULL, NULL, NULL } }, "Point?" },
    { "at", m_at, "The point of a period.", { { "period", "string", "\"Q3 2023/24\", \"2023/24\", \"2023-12\"" } }, "Point?" },
    { "before", m_before, "The latest point whose period ended before a date (YYYY-MM-DD).", { { "date", "string", NULL } }, "Point?" },
    { "trend", m_trend, "Over the latest n points with a value: worsening or improving when every step moved that way.",
      { { "n?", "integer", "periods (default 4)" } },
      "{ direction: \"worsening\"|\"improving\"|\"flat\"|\"mixed\"|\"unknown\", change: number, steps: integer, from: Point, to: Point }?" },
    { "streak_off_target", m_streak, "Latest periods in a row worse than target, and the first of them.", { { NULL, NULL, NULL } },
      "integer, Point?" },
    { "rag", m_rag, "Green, amber or red from the catalogue's bands (the latest point by default).",
      { { "point?", "Point", NULL } }, "\"green\"|\"amber\"|\"red\"|nil" },
    { "vs", m_vs, "How much better (+) or worse (-) than a comparator, by polarity (the latest point by default).",
      { { "comparator", "\"england\"|\"statistical_neighbours\"|\"region\"|\"target\"", NULL }, { "point?", "Point", NULL } },
      "number?" },
    { NULL, NULL, NULL, { { NULL, NULL, NULL } }, NULL },
};

static const lfield point_fields[] = {
    { "type", i_type, "\"point\"", NULL },
    { "period", p_period, "string", "canonical label" },
    { "kind", p_kind, "\"year\"|\"financial_year\"|\"quarter\"|\"month\"", NULL },
    { "value", p_value, "number?", "nil when suppressed or missing" },
    { "missing", p_missing, "string?", "what a suppression marker meant" },
    { "target", p_target, "number?", "the point's target, or the catalogue's" },
    { "england", p_england, "number?", NULL },
    { "statistical_neighbours", p_sn, "number?", NULL },
    { "region", p_region, "number?", NULL },
    { "text", p_text, "string", "the scorecard cell as written" },
    { "file", p_file, "string", "the scorecard file" },
    { "line", p_line, "integer", "the scorecard row's line" },
    { "column", p_column, "integer", NULL },
    { "end_line", p_line, "integer", NULL },
    { "end_column", p_end_column, "integer", NULL },
    { "indicator", p_indicator, "Indicator", NULL },
    { NULL, NULL, NULL, NULL },
};

const lclass lind_indicator_class = {
    "Indicator", NULL,
    "A council's series of one indicator of the catalogue: what an indicator rule (scope =\n"
    "\"indicator\") checks, and what figure.indicator and ctx:indicator give. Better and worse\n"
    "follow its polarity.",
    ind_fields, ind_methods, NULL, NULL, NULL,
};

const lclass lind_point_class = {
    "Point", NULL, "One period's row of a series: a place on the scorecard that ctx:flag can point at.",
    point_fields, NULL, NULL, NULL, NULL,
};

int lind_flag(lua_State *L, engine *e, const lobj *o, const char *rule_id, sc_severity sev, const char *msg)
{
    const iseries *s = &e->series[o->index];
    int i = o->kind == OBJ_POINT ? (int)o->off : last_valued(s, s->n - 1);
    if (i < 0) i = s->n - 1;
    if (i < 0) return luaL_error(L, "ctx:flag: indicator %s has no values for %s", s->indicator, s->council);
    const ipoint *p = &s->p[i];
    if (findings_add(e->fs, rule_id, sev, msg, p->file, e->doc_order, p->line, p->col, p->line, p->end_col, p->cell,
                     strlen(p->cell), s->council, p->per.label, s->indicator) != SC_OK)
        return luaL_error(L, "out of memory");
    return 0;
}

/* The period a sentence names, in the frame of the meeting's date: "quarter 3" is Q3 of the
 * financial year the meeting falls in, "2019/20" that year. */
static int sentence_period(const model_doc *d, int sent, period *out)
{
    int fy = -1, y, m, dd;
    if (sscanf(d->date, "%4d-%2d-%2d", &y, &m, &dd) == 3) fy = m >= 4 ? y : y - 1;
    const model_sentence *s = &d->sents.v[sent];
    for (int i = 0; i < d->dates.n; i++) {
        const model_date *dt = &d->dates.v[i];
        if (dt->span.off < s->span.off || dt->span.off >= s->span.end) continue;
        char label[32];
        if (dt->kind == DATE_QUARTER && fy >= 0) {
            snprintf(label, sizeof label, "%s %04d/%02d", dt->iso, fy, (fy + 1) % 100);
            if (!period_parse(label, strlen(label), out)) return 1;
        } else if (dt->kind == DATE_FIN_YEAR || dt->kind == DATE_MONTH) {
            if (!period_parse(dt->iso, strlen(dt->iso), out)) return 1;
        }
    }
    return 0;
}

/* What lind_figure needs again and again: the catalogue's aliases folded once, and per figure
 * of the document under check the indicator found for it (so three rules reading f.indicator
 * over every figure do the search once). */
struct lind_cache {
    char **alias;      /* folded aliases */
    size_t *alias_len;
    int *alias_def;    /* catalogue index of each */
    int nalias;
    int by_byte[257];  /* aliases by first byte: by_alias[by_byte[b] .. by_byte[b + 1]), in order */
    int *by_alias;
    int cat_n;         /* catalogue size they were made for */
    int *fig_def;      /* per figure: catalogue index + 1, 0 = not looked up, -1 = none */
    int nfig;
    uint32_t gen;      /* the document generation fig_def belongs to */
};

void lind_free(engine *e)
{
    struct lind_cache *c = e->icache;
    if (!c) return;
    for (int i = 0; i < c->nalias; i++) free(c->alias[i]);
    free(c->alias);
    free(c->alias_len);
    free(c->alias_def);
    free(c->by_alias);
    free(c->fig_def);
    free(c);
    e->icache = NULL;
}

static struct lind_cache *cache_for(engine *e)
{
    struct lind_cache *c = e->icache;
    if (!c && !(c = e->icache = calloc(1, sizeof *c))) return NULL;
    if (c->cat_n != e->cat.n || !c->alias) { /* (re)fold the aliases */
        for (int i = 0; i < c->nalias; i++) free(c->alias[i]);
        free(c->alias); free(c->alias_len); free(c->alias_def); free(c->by_alias);
        c->alias = NULL; c->alias_len = NULL; c->alias_def = NULL; c->by_alias = NULL;
        c->nalias = 0;
        int n = 0;
        for (int i = 0; i < e->cat.n; i++) n += e->cat.v[i].naliases;
        c->alias = calloc((size_t)n + 1, sizeof *c->alias);
        c->alias_len = calloc((size_t)n + 1, sizeof *c->alias_len);
        c->alias_def = calloc((size_t)n + 1, sizeof *c->alias_def);
        c->by_alias = calloc((size_t)n + 1, sizeof *c->by_alias);
        if (!c->alias || !c->alias_len || !c->alias_def || !c->by_alias) return NULL;
        for (int i = 0; i < e->cat.n; i++)
            for (int k = 0; k < e->cat.v[i].naliases; k++) {
                const char *a = e->cat.v[i].aliases[k];
                size_t len = strlen(a);
                char *f = malloc(len + 1);
                if (!f) return NULL;
                c->alias_len[c->nalias] = model_fold_bytes(a, len, f, NULL);
                c->alias_def[c->nalias] = i;
                c->alias[c->nalias++] = f;
            }
        memset(c->by_byte, 0, sizeof c->by_byte);
        for (int k = 0; k < c->nalias; k++)
            if (c->alias_len[k]) c->by_byte[(unsigned char)c->alias[k][0] + 1]++;
        for (int b = 0; b < 256; b++) c->by_byte[b + 1] += c->by_byte[b];
        int fill[256];
        memcpy(fill, c->by_byte, sizeof fill);
        for (int k = 0; k < c->nalias; k++)
            if (c->alias_len[k]) c->by_alias[fill[(unsigned char)c->alias[k][0]]++] = k;
        c->cat_n = e->cat.n;
    }
    const model_doc *d = e->doc;
    if (c->gen != e->gen || c->nfig < d->figs.n) {
        free(c->fig_def);
        c->fig_def = calloc((size_t)d->figs.n + 1, sizeof *c->fig_def);
        if (!c->fig_def) { c->nfig = 0; return NULL; }
        c->nfig = d->figs.n;
        c->gen = e->gen;
    }
    return c;
}

/* The catalogue alias in the figure's sentence nearest before the figure (or, when none comes
 * before it, nearest after): "the vacancy rate stood at 23%, and agency staff filled 31%" gives
 * 23% to vacancies and 31% to agency. Returns the catalogue index, or -1. */
static int figure_def(engine *e, struct lind_cache *c, int fig)
{
    model_doc *d = e->doc;
    if (c->fig_def[fig]) return c->fig_def[fig] > 0 ? c->fig_def[fig] - 1 : -1;
    const model_figure *f = &d->figs.v[fig];
    const sc_span *ss = &d->sents.v[f->sentence].span;
    size_t a = model_fold_pos(d, ss->off), z = model_fold_pos(d, ss->end);
    int best = -1;
    long best_d = 0;
    /* every word start of the sentence against the aliases beginning with its byte: the
     * distance depends on the place only, so at one place the first alias in catalogue order
     * wins, as when each alias was searched in turn */
    for (size_t p = a; p < z; p++) {
        if (p > 0 && model_alnum[(unsigned char)d->fold[p - 1]]) continue;
        unsigned char b = (unsigned char)d->fold[p];
        for (int j = c->by_byte[b]; j < c->by_byte[b + 1]; j++) {
            int k = c->by_alias[j];
            size_t fl = c->alias_len[k];
            if (p + fl > z || (fl > 1 && d->fold[p + 1] != c->alias[k][1]) || memcmp(d->fold + p, c->alias[k], fl) != 0)
                continue;
            long at = (long)d->fold_map[p], dist = at <= (long)f->span.off ? (long)f->span.off - at : 1000000 + at - (long)f->span.off;
            if (best < 0 || dist < best_d) { best = c->alias_def[k]; best_d = dist; }
        }
    }
    c->fig_def[fig] = best < 0 ? -1 : best + 1;
    return best;
}

void lind_figure(lua_State *L, engine *e, int fig, int want_period)
{
    model_doc *d = e->doc;
    const model_figure *f = &d->figs.v[fig];
    if (want_period) {
        period p;
        if (sentence_period(d, f->sentence, &p)) lua_pushstring(L, p.label);
        else lua_pushnil(L);
        return;
    }
    struct lind_cache *c;
    if (model_fold(d) || !(c = cache_for(e))) { lua_pushnil(L); return; }
    int best = figure_def(e, c, fig);
    if (best < 0) { lua_pushnil(L); return; }
    int si = lind_series(e, d->council, e->cat.v[best].id);
    if (si < 0) { lua_pushnil(L); return; }
    push_obj(L, e, OBJ_INDICATOR, si, 0);
}

int lind_ctx_indicator(lua_State *L)
{
    engine *e = engine_from(L);
    const char *id = luaL_checkstring(L, 2);
    const char *council = luaL_optstring(L, 3, e->council);
    if (!e->active || !council) return luaL_error(L, "ctx:indicator can only be called while a rule checks something");
    if (!catalogue_find(&e->cat, id)) {
        const char *s = catalogue_suggest(&e->cat, id);
        return luaL_error(L, "ctx:indicator: no indicator '%s' in the catalogue%s%s%s", id, s ? " (did you mean '" : "",
                          s ? s : "", s ? "'?)" : "");
    }
    int si = lind_series(e, council, id);
    if (si < 0) return luaL_error(L, "ctx:indicator: cannot read the series of %s", id);
    push_obj(L, e, OBJ_INDICATOR, si, 0);
    return 1;
}
