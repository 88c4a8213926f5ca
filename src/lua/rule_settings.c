/*
 * rule_settings.c — what scrutiny.yaml and --set change in loaded rules: on/off, severity and
 * args, globally or for one council.
 *
 * Layers are applied in order — the pack's scrutiny.yaml when its folder loads, then the
 * user's configuration, then --set — each over the last, so the later wins. Council sections
 * keep only their differences (severity, on/off, arg changes); at run time the engine builds a
 * council's args from the rule's current args plus those differences, so a later global change
 * still reaches every council. An arg keeps the type of its default: a number stays a number,
 * a list a list; `{ append: [...] }` adds to a list instead of replacing it.
 */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/config.h"
#include "../core/expr.h"
#include "../core/text.h"
#include "engine.h"

static const char *const rule_keys[] = { "severity", "enabled", "args", NULL };
static const char *const council_keys[] = { "rules", "disable", "enable", NULL };

/* Index of rule `id`, or -1 with a "did you mean" error located at (line, col). */
static int find_rule(engine *e, const char *id, const char *file, int line, int col, char *errbuf, size_t errlen)
{
    for (int i = 0; i < e->nrules; i++)
        if (!strcmp(e->rules[i].id, id)) return i;
    const char *best = NULL;
    int bestd = 4;
    for (int i = 0; i < e->nrules; i++) {
        int d = text_distance(id, e->rules[i].id);
        if (d < bestd) { bestd = d; best = e->rules[i].id; }
    }
    cfg_error(errbuf, errlen, file, line, col, "no rule '%s'%s%s%s", id, best ? " (did you mean '" : "",
              best ? best : "", best ? "'?)" : "");
    return -1;
}

int settings_selector_matches(const rule *r, const char *sel)
{
    if (!strncmp(sel, "tag:", 4)) sel += 4;
    else if (expr_glob(sel, r->id)) return 1;
    /* a word is also a tag */
    size_t n = strlen(sel);
    for (const char *t = r->tags; *t;) {
        const char *end = strstr(t, ", ");
        size_t len = end ? (size_t)(end - t) : strlen(t);
        if (len == n && !memcmp(t, sel, n)) return 1;
        t += len + (end ? 2 : 0);
    }
    return 0;
}

/* "'x' names no rule or tag (did you mean 'y'?)" for a selector that matches nothing: the
 * nearest rule id, or for tag:NAME the nearest tag. */
static void unknown_selector(const engine *e, const char *sel, char *buf, size_t n)
{
    int is_tag = !strncmp(sel, "tag:", 4);
    const char *want = is_tag ? sel + 4 : sel, *best = NULL;
    size_t bestlen = 0;
    int bestd = 4;
    for (int r = 0; r < e->nrules; r++) {
        const rule *ru = &e->rules[r];
        int d = is_tag ? 99 : text_distance(want, ru->id);
        if (d < bestd) { bestd = d; best = ru->id; bestlen = strlen(best); }
        for (const char *t = ru->tags; *t;) { /* tags are "a, b" */
            const char *end = strstr(t, ", ");
            size_t len = end ? (size_t)(end - t) : strlen(t);
            char tag[64];
            snprintf(tag, sizeof tag, "%.*s", (int)(len < 63 ? len : 63), t);
            if ((d = text_distance(want, tag)) < bestd) { bestd = d; best = t; bestlen = len; }
            t += len + (end ? 2 : 0);
        }
    }
    const char *star = is_tag ? NULL : strchr(want, '*');
    if (star) { /* a glob: the nearest family, "outcome.*" -> "outcomes.*" */
        size_t pl = (size_t)(star - want);
        bestd = 3;
        best = NULL;
        for (int r = 0; r < e->nrules; r++) {
            const char *id = e->rules[r].id, *dot = strchr(id, '.');
            size_t fl = dot ? (size_t)(dot - id) + 1 : strlen(id);
            char fam[64], pre[64];
            snprintf(fam, sizeof fam, "%.*s", (int)(fl < 63 ? fl : 63), id);
            snprintf(pre, sizeof pre, "%.*s", (int)(pl < 63 ? pl : 63), want);
            int d = text_distance(pre, fam);
            if (d < bestd) { bestd = d; best = id; bestlen = fl; }
        }
    }
    snprintf(buf, n, "'%s' names no rule or tag%s%s%.*s%s%s", sel, best ? " (did you mean '" : "",
             best && is_tag ? "tag:" : "", (int)bestlen, best ? best : "", best && star ? "*" : "", best ? "'?)" : "");
}

/* Applies an on/off list (disable: / enable:). A selector that matches nothing is an error. */
static int switch_rules(engine *e, overlay *ov, const ynode *list, int on, const char *file, char *errbuf, size_t errlen)
{
    for (int i = 0; i < list->n; i++) {
        const ynode *s = list->v[i];
        int hits = 0;
        for (int r = 0; r < e->nrules; r++) {
            if (!settings_selector_matches(&e->rules[r], s->s)) continue;
            hits++;
            if (!ov) e->rules[r].off = !on;
            else {
                overlay *o = settings_overlay(e, ov->council, r);
                if (!o) return SC_NOMEM;
                o->enabled = on;
            }
        }
        if (!hits) {
            int dummy = find_rule(e, s->s, file, s->line, s->col, errbuf, errlen);
            (void)dummy;
            return SC_PARSE;
        }
    }
    return SC_OK;
}

/* Pushes a YAML value converted like `like` (the index of the default value). */
static int push_like(lua_State *L, const ynode *v, int like, const char *file, const char *what, char *errbuf, size_t errlen)
{
    like = lua_absindex(L, like);
    double num;
    int t = v->kind == Y_SCALAR ? ytree_scalar_type(v, &num) : -1;
    switch (lua_type(L, like)) {
    case LUA_TNUMBER:
        if (t != 1) return cfg_error(errbuf, errlen, file, v->line, v->col, "%s must be a number", what);
        if (num == (double)(lua_Integer)num) lua_pushinteger(L, (lua_Integer)num);
        else lua_pushnumber(L, num);
        return SC_OK;
    case LUA_TBOOLEAN:
        if (t != 2) return cfg_error(errbuf, errlen, file, v->line, v->col, "%s must be true or false", what);
        lua_pushboolean(L, num != 0);
        return SC_OK;
    case LUA_TSTRING:
        if (v->kind != Y_SCALAR) return cfg_error(errbuf, errlen, file, v->line, v->col, "%s must be a single value", what);
        lua_pushstring(L, v->s);
        return SC_OK;
    case LUA_TTABLE: {
        if (v->kind != Y_LIST) return cfg_error(errbuf, errlen, file, v->line, v->col, "%s must be a list", what);
        lua_createtable(L, v->n, 0);
        for (int i = 0; i < v->n; i++) {
            const ynode *x = v->v[i];
            if (x->kind != Y_SCALAR) return cfg_error(errbuf, errlen, file, x->line, x->col, "%s: list items must be single values", what);
            if (ytree_scalar_type(x, &num) == 1) lua_pushnumber(L, num);
            else lua_pushstring(L, x->s);
            lua_rawseti(L, -2, i + 1);
        }
        return SC_OK;
    }
    default:
        return cfg_error(errbuf, errlen, file, v->line, v->col, "%s cannot be set from the configuration", what);
    }
}

/* Appends the items of list `src` (index) to list `dst` (index). Raw reads and writes: the
 * lists may be a rule's own tables, and no rule code may run here (outside any rule call). */
static void append_list(lua_State *L, int dst, int src)
{
    dst = lua_absindex(L, dst);
    src = lua_absindex(L, src);
    lua_Integer n = (lua_Integer)lua_rawlen(L, dst), m = (lua_Integer)lua_rawlen(L, src);
    for (lua_Integer i = 1; i <= m; i++) {
        lua_rawgeti(L, src, i);
        lua_rawseti(L, dst, n + i);
    }
}

/* Pushes a copy of the args table at idx: lists are copied too, so a change to the copy never
 * reaches the original. */
static void copy_args(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_istable(L, -1)) {
            lua_newtable(L);
            append_list(L, -1, -2);
            lua_remove(L, -2);
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
}

/* Checks and applies `args:` of rule r to the args table at `args_idx` (the rule's own, or a
 * scratch copy for a council). With `diffs` non-zero (the absolute index of a list) each change
 * is also recorded there as { key, append, value } for replay at run time. */
static int apply_args(lua_State *L, engine *e, int r, int args_idx, const ynode *args, int diffs,
                      const char *file, char *errbuf, size_t errlen)
{
    args_idx = lua_absindex(L, args_idx);
    int rc = cfg_want(args, Y_MAP, file, "args", errbuf, errlen);
    for (int i = 0; rc == SC_OK && i < args->n; i++) {
        const char *key = args->keys[i];
        const ynode *v = args->v[i];
        char what[160];
        snprintf(what, sizeof what, "%s.%s", e->rules[r].id, key);
        lua_pushstring(L, key);
        lua_rawget(L, args_idx);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            /* suggest the nearest declared arg */
            const char *names[64];
            int n = 0;
            lua_pushnil(L);
            while (n < 63 && lua_next(L, args_idx)) {
                lua_pop(L, 1);
                if (lua_type(L, -1) == LUA_TSTRING) names[n++] = lua_tostring(L, -1);
            }
            if (n == 63) lua_pop(L, 1);
            names[n] = NULL;
            const char *s = cfg_suggest(key, names);
            return cfg_error(errbuf, errlen, file, args->key_line[i], args->key_col[i], "rule '%s' has no arg '%s'%s%s%s",
                             e->rules[r].id, key, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
        }
        int append = 0;
        const ynode *val = v;
        if (v->kind == Y_MAP) {
            const ynode *a = ytree_get(v, "append", NULL);
            if (!a || v->n != 1 || !lua_istable(L, -1))
                return cfg_error(errbuf, errlen, file, v->line, v->col, "%s: a mapping here can only be { append: [...] } on a list", what);
            append = 1;
            val = a;
        }
        rc = push_like(L, val, -1, file, what, errbuf, errlen);
        if (rc != SC_OK) return rc;
        if (diffs) { /* { key, append, value } */
            lua_createtable(L, 3, 0);
            lua_pushstring(L, key);
            lua_rawseti(L, -2, 1);
            lua_pushboolean(L, append);
            lua_rawseti(L, -2, 2);
            lua_pushvalue(L, -2);
            lua_rawseti(L, -2, 3);
            lua_rawseti(L, diffs, (lua_Integer)luaL_len(L, diffs) + 1);
        }
        if (append) append_list(L, -2, -1);
        else {
            lua_pushstring(L, key);
            lua_pushvalue(L, -2);
            lua_rawset(L, args_idx);
        }
        lua_pop(L, 2);
    }
    return rc;
}

static void push_base_args(lua_State *L, engine *e, int r)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, e->rules[r].ctx_ref);
    lua_getiuservalue(L, -1, 1);
    lua_remove(L, -2);
}

overlay *settings_overlay(engine *e, const char *council, int r)
{
    for (int i = 0; i < e->noverlays; i++)
        if (e->overlays[i].rule == r && !strcmp(e->overlays[i].council, council)) return &e->overlays[i];
    overlay *v = realloc(e->overlays, (size_t)(e->noverlays + 1) * sizeof *v);
    if (!v) return NULL;
    e->overlays = v;
    overlay *o = &v[e->noverlays];
    o->council = text_dup(council, strlen(council));
    if (!o->council) return NULL;
    o->rule = r;
    o->severity = -1;
    o->enabled = -1;
    lua_newtable(e->L);
    o->diffs_ref = luaL_ref(e->L, LUA_REGISTRYINDEX);
    e->noverlays++;
    return o;
}

/* rules: { id: { severity, enabled, args } } — globally (council NULL) or for one council. */
static int apply_rules(engine *e, const ynode *rules, const char *council, const char *file, char *errbuf, size_t errlen)
{
    lua_State *L = e->L;
    int rc = cfg_want(rules, Y_MAP, file, "rules", errbuf, errlen);
    for (int i = 0; rc == SC_OK && i < rules->n; i++) {
        int r = find_rule(e, rules->keys[i], file, rules->key_line[i], rules->key_col[i], errbuf, errlen);
        if (r < 0) return SC_PARSE;
        const ynode *s = rules->v[i];
        char what[160];
        snprintf(what, sizeof what, "rules.%s", rules->keys[i]);
        if ((rc = cfg_want(s, Y_MAP, file, what, errbuf, errlen)) != SC_OK) return rc;
        snprintf(what, sizeof what, "rule '%s'", rules->keys[i]);
        if ((rc = cfg_check_keys(s, file, rule_keys, what, errbuf, errlen)) != SC_OK) return rc;
        overlay *ov = council ? settings_overlay(e, council, r) : NULL;
        if (council && !ov) return SC_NOMEM;
        const ynode *v;
        if ((v = ytree_get(s, "severity", NULL))) {
            int sev = v->kind == Y_SCALAR ? sc_severity_parse(v->s) : -1;
            if (sev < 0) return cfg_error(errbuf, errlen, file, v->line, v->col, "severity must be one of info, notice, warning, high, critical");
            if (ov) ov->severity = sev;
            else e->rules[r].severity = (sc_severity)sev;
        }
        if ((v = ytree_get(s, "enabled", NULL))) {
            double b;
            if (v->kind != Y_SCALAR || ytree_scalar_type(v, &b) != 2) return cfg_error(errbuf, errlen, file, v->line, v->col, "enabled must be true or false");
            if (ov) ov->enabled = b != 0;
            else e->rules[r].off = b == 0;
        }
        if ((v = ytree_get(s, "args", NULL))) {
            int top = lua_gettop(L);
            push_base_args(L, e, r);
            if (ov) {
                copy_args(L, -1); /* checked against a scratch copy; replayed per document */
                lua_rawgeti(L, LUA_REGISTRYINDEX, ov->diffs_ref);
                rc = apply_args(L, e, r, -2, v, lua_gettop(L), file, errbuf, errlen);
            } else {
                rc = apply_args(L, e, r, -1, v, 0, file, errbuf, errlen);
            }
            lua_settop(L, top);
            if (rc != SC_OK) return rc;
        }
    }
    return rc;
}

int settings_apply(engine *e, const ynode *root, const char *file, char *errbuf, size_t errlen)
{
    int rc = SC_OK;
    const ynode *v;
    if ((v = ytree_get(root, "disable", NULL))) rc = switch_rules(e, NULL, v, 0, file, errbuf, errlen);
    if (rc == SC_OK && (v = ytree_get(root, "enable", NULL))) rc = switch_rules(e, NULL, v, 1, file, errbuf, errlen);
    if (rc == SC_OK && (v = ytree_get(root, "rules", NULL))) rc = apply_rules(e, v, NULL, file, errbuf, errlen);
    if (rc == SC_OK && (v = ytree_get(root, "councils", NULL))) {
        for (int i = 0; rc == SC_OK && i < v->n; i++) {
            const char *council = v->keys[i];
            const ynode *c = v->v[i];
            char what[200];
            snprintf(what, sizeof what, "council '%s'", council);
            if ((rc = cfg_want(c, Y_MAP, file, what, errbuf, errlen)) != SC_OK) break;
            if ((rc = cfg_check_keys(c, file, council_keys, what, errbuf, errlen)) != SC_OK) break;
            overlay tmp = { (char *)council, -1, -1, -1, LUA_NOREF };
            const ynode *x;
            if ((x = ytree_get(c, "disable", NULL)) && (rc = cfg_want(x, Y_LIST, file, "disable", errbuf, errlen)) == SC_OK)
                rc = switch_rules(e, &tmp, x, 0, file, errbuf, errlen);
            if (rc == SC_OK && (x = ytree_get(c, "enable", NULL)) && (rc = cfg_want(x, Y_LIST, file, "enable", errbuf, errlen)) == SC_OK)
                rc = switch_rules(e, &tmp, x, 1, file, errbuf, errlen);
            if (rc == SC_OK && (x = ytree_get(c, "rules", NULL))) rc = apply_rules(e, x, council, file, errbuf, errlen);
        }
    }
    return rc;
}

/* The command line outranks council sections: drop what they say of this rule's `key`. */
static void override_councils(engine *e, const char *rule_id, const char *key)
{
    lua_State *L = e->L;
    for (int i = 0; i < e->noverlays; i++) {
        overlay *o = &e->overlays[i];
        if (strcmp(e->rules[o->rule].id, rule_id) != 0) continue;
        if (!strcmp(key, "severity")) { o->severity = -1; continue; }
        if (!strcmp(key, "enabled")) { o->enabled = -1; continue; }
        lua_rawgeti(L, LUA_REGISTRYINDEX, o->diffs_ref);
        lua_newtable(L);
        lua_Integer n = luaL_len(L, -2), k = 0;
        for (lua_Integer j = 1; j <= n; j++) {
            lua_geti(L, -2, j);
            lua_rawgeti(L, -1, 1);
            int same = !strcmp(lua_tostring(L, -1), key);
            lua_pop(L, 1);
            if (same) lua_pop(L, 1);
            else lua_rawseti(L, -2, ++k);
        }
        luaL_unref(L, LUA_REGISTRYINDEX, o->diffs_ref);
        o->diffs_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        lua_pop(L, 1);
    }
}

int settings_set(engine *e, const char *assign, char *errbuf, size_t errlen)
{
    const char *eq = strchr(assign, '=');
    const char *dot = NULL;
    for (const char *p = assign; eq && p < eq; p++)
        if (*p == '.') dot = p;
    if (!eq || !dot || dot == assign || dot + 1 == eq) {
        snprintf(errbuf, errlen, "--set '%s': expected RULE.KEY=VALUE (KEY: severity, enabled or an arg)", assign);
        return SC_USAGE;
    }
    /* as YAML: "rules: { RULE: { KEY: VALUE } }" or with args: for an arg */
    char *rule_id = text_dup(assign, (size_t)(dot - assign));
    char *key = text_dup(dot + 1, (size_t)(eq - dot - 1));
    sbuf y = {0};
    int is_rule_key = key && (!strcmp(key, "severity") || !strcmp(key, "enabled"));
    if (rule_id && key) {
        sbuf_printf(&y, "rules:\n  \"%s\":\n", rule_id);
        if (is_rule_key) sbuf_printf(&y, "    %s: ", key);
        else sbuf_printf(&y, "    args:\n      %s: ", key);
        sbuf_adds(&y, eq + 1);
        sbuf_addc(&y, '\n');
    }
    int rc = SC_NOMEM;
    if (!y.oom && y.s) {
        char err[512];
        ynode *t = ytree_parse("--set", y.s, y.len, err, sizeof err);
        if (!t) {
            snprintf(errbuf, errlen, "--set '%s': the value is not valid YAML", assign);
            rc = SC_USAGE;
        } else {
            rc = settings_apply(e, t, "--set", err, sizeof err);
            if (rc == SC_OK) override_councils(e, rule_id, key);
            if (rc != SC_OK) {
                const char *msg = strstr(err, ": "); /* drop "--set:line:col" */
                snprintf(errbuf, errlen, "--set '%s': %s", assign, msg ? msg + 2 : err);
            }
            ytree_free(t);
        }
    }
    sbuf_free(&y);
    free(rule_id);
    free(key);
    return rc;
}

int settings_select(engine *e, const char *src, const char *file, int line, int col, char *errbuf, size_t errlen)
{
    int ecol = 0;
    char err[256];
    expr *x = expr_parse(src, 0, err, sizeof err, &ecol);
    if (!x) {
        if (file) return cfg_error(errbuf, errlen, file, line, col + ecol - 1, "select: %s", err);
        snprintf(errbuf, errlen, "--select: %s\n  %s\n  %*s^", err, src, ecol > 0 ? ecol - 1 : 0, "");
        return SC_USAGE;
    }
    /* every name must name something, and the whole must keep some rule: a selection of
     * nothing would run nothing and pass */
    char atoms[EXPR_MAX_SRC + 1], bad[300] = "";
    int na = expr_atoms(x, atoms, sizeof atoms), chosen = 0;
    char *save = NULL;
    for (char *a = na > 0 ? strtok_r(atoms, "\n", &save) : NULL; a && !*bad; a = strtok_r(NULL, "\n", &save)) {
        int hit = 0;
        for (int r = 0; r < e->nrules && !hit; r++) hit = settings_selector_matches(&e->rules[r], a);
        if (!hit) unknown_selector(e, a, bad, sizeof bad);
    }
    for (int r = 0; r < e->nrules && !*bad; r++) chosen += expr_eval(x, settings_count_rule, (void *)&e->rules[r]) != 0;
    if (!*bad && !chosen) snprintf(bad, sizeof bad, "'%s' selects none of the %d rules loaded", src, e->nrules);
    if (*bad) {
        expr_free(x);
        if (file) return cfg_error(errbuf, errlen, file, line, col, "select: %s", bad);
        snprintf(errbuf, errlen, "--select: %s", bad);
        return SC_USAGE;
    }
    for (int r = 0; r < e->nrules; r++) {
        const rule *ru = &e->rules[r];
        if (!expr_eval(x, settings_count_rule, (void *)ru)) e->rules[r].off = 1;
    }
    expr_free(x);
    return SC_OK;
}

long settings_count_rule(void *ud, const char *atom) { return settings_selector_matches(ud, atom); }

/* ---- run time -------------------------------------------------------------------------- */

void settings_begin_doc(engine *e, const char *council)
{
    lua_State *L = e->L;
    for (int r = 0; r < e->nrules; r++) {
        e->rules[r].run_severity = e->rules[r].severity;
        e->rules[r].run_off = e->rules[r].off;
    }
    lua_newtable(L); /* rule index + 1 -> this council's args */
    for (int i = 0; i < e->noverlays; i++) {
        overlay *o = &e->overlays[i];
        if (strcmp(o->council, council) != 0) continue;
        rule *r = &e->rules[o->rule];
        if (o->severity >= 0) r->run_severity = (sc_severity)o->severity;
        if (o->enabled >= 0) r->run_off = !o->enabled;
        lua_rawgeti(L, LUA_REGISTRYINDEX, o->diffs_ref);
        if (luaL_len(L, -1) == 0) { lua_pop(L, 1); continue; }
        push_base_args(L, e, o->rule);
        copy_args(L, -1);
        lua_remove(L, -2);
        lua_Integer n = luaL_len(L, -2);
        for (lua_Integer k = 1; k <= n; k++) { /* replay { key, append, value } */
            lua_geti(L, -2, k);
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            int append = lua_toboolean(L, -1);
            lua_pop(L, 1);
            lua_rawgeti(L, -2, 3);
            if (append) {
                lua_pushvalue(L, -2);
                lua_rawget(L, -5);
                append_list(L, -1, -2);
                lua_pop(L, 1);
            } else {
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                lua_rawset(L, -5);
                lua_pushnil(L);
            }
            lua_pop(L, 3);
        }
        lua_remove(L, -2);
        lua_rawseti(L, -2, o->rule + 1);
    }
    luaL_unref(L, LUA_REGISTRYINDEX, e->run_args_ref);
    e->run_args_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

void settings_free(engine *e)
{
    for (int i = 0; i < e->noverlays; i++) free(e->overlays[i].council);
    free(e->overlays);
    e->overlays = NULL;
    e->noverlays = 0;
}
