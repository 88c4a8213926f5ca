/*
 * rule_patterns.c — rules that declare phrase patterns.
 *
 *     rule{ id = ..., patterns = { "promises", "offers" }, args = { promises = { "...", ... } }, ... }
 *
 * `patterns` names args that hold pattern sources (a string or a list of strings), so --set,
 * scrutiny.yaml and `append` extend them like any other arg. Every pattern of every rule is
 * compiled into the engine's one matcher when the rule loads (a council's own args when its
 * first document comes); each document is matched once, and a rule whose check is not `always`
 * is called only for the items (or, for meeting rules, the meetings) where one of its patterns
 * matched. obj:match(name) in lua_match.c reads the hits back.
 */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "../match/match.h"
#include "engine.h"

/* Line and column of `pat` inside the rule file (its first occurrence at or after line
 * `from`), so an error can point into the file; 0 when it is not found as written. */
static void locate(const char *file, int from, const char *pat, size_t plen, int *line, int *col)
{
    *line = *col = 0;
    FILE *f = fopen(file, "rb");
    if (!f) return;
    char *text = NULL;
    size_t len = 0;
    int rc = text_read_stream(f, 16u << 20, &text, &len);
    fclose(f);
    if (rc != 0 || !plen) { free(text); return; }
    int ln = 1;
    const char *p = text, *ls = text;
    for (; p + plen <= text + len; p++) {
        if (*p == '\n') { ln++; ls = p + 1; continue; }
        if (ln >= from && !memcmp(p, pat, plen)) {
            *line = ln;
            *col = (int)(p - ls) + 1;
            break;
        }
    }
    free(text);
}

/* Pushes "file:line:col: rule 'id': pattern error: msg" with the pattern and a caret under the
 * column. `where` is the rule file's name and line of the rule{} call, or a configuration. */
static void push_error(lua_State *L, const char *file, int rule_line, const char *id, const char *set,
                       const char *pat, size_t plen, const char *msg, int errcol)
{
    int line = 0, col = 0;
    if (file) locate(file, rule_line, pat, plen, &line, &col);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    if (line) lua_pushfstring(L, "%s:%d:%d: ", file, line, col + (errcol > 0 ? errcol - 1 : 0));
    else lua_pushfstring(L, "%s:%d: ", file ? file : "?", rule_line);
    luaL_addvalue(&b);
    lua_pushfstring(L, "rule '%s': pattern in '%s': %s\n    ", id, set, msg);
    luaL_addvalue(&b);
    size_t shown = plen > 200 ? 200 : plen;
    for (size_t i = 0; i < shown; i++) luaL_addchar(&b, pat[i] == '\n' || pat[i] == '\t' ? ' ' : pat[i]);
    luaL_addstring(&b, "\n    ");
    for (int i = 1; i < errcol && i <= (int)shown; i++) luaL_addchar(&b, ' ');
    luaL_addchar(&b, '^');
    luaL_pushresult(&b);
}

/* Compiles the pattern value at idx (a string or a list of strings) into ids. Returns 0, or -1
 * with an error message pushed. */
static int compile_value(lua_State *L, engine *e, int idx, const char *file, int line, const char *id,
                         const char *set, int **ids_out, int *n_out)
{
    idx = lua_absindex(L, idx);
    int single = lua_type(L, idx) == LUA_TSTRING;
    if (!single && !lua_istable(L, idx)) {
        lua_pushfstring(L, "%s:%d: rule '%s': args.%s must be a pattern or a list of patterns", file, line, id, set);
        return -1;
    }
    lua_Integer n = single ? 1 : (lua_Integer)lua_rawlen(L, idx);
    int *ids = malloc((size_t)(n > 0 ? n : 1) * sizeof *ids);
    if (!ids) { lua_pushliteral(L, "out of memory"); return -1; }
    int before = mx_count(e->mx);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, "scrutiny.pattern_ids"); /* by source string: one matcher per state */
    int cache = lua_gettop(L);
    for (lua_Integer k = 1; k <= n; k++) {
        if (single) lua_pushvalue(L, idx);
        else lua_rawgeti(L, idx, k);
        if (lua_type(L, -1) != LUA_TSTRING) {
            free(ids);
            lua_pushfstring(L, "%s:%d: rule '%s': args.%s[%d] is not a string", file, line, id, set, (int)k);
            lua_remove(L, cache);
            return -1;
        }
        /* the same strings come back for every document: their ids by the Lua string, which
         * is hashed once, before the matcher's own lookup by source */
        lua_pushvalue(L, -1);
        if (lua_rawget(L, cache) == LUA_TNUMBER) {
            ids[k - 1] = (int)lua_tointeger(L, -1);
            lua_pop(L, 2);
            continue;
        }
        lua_pop(L, 1);
        size_t plen;
        const char *pat = lua_tolstring(L, -1, &plen);
        char msg[400];
        int col = 0;
        int pid = mx_compile(e->mx, pat, plen, msg, sizeof msg, &col);
        if (pid < 0) {
            free(ids);
            push_error(L, file, line, id, set, pat, plen, msg, col);
            lua_remove(L, -2);
            lua_remove(L, cache);
            return -1;
        }
        lua_pushinteger(L, pid);
        lua_rawset(L, cache);
        ids[k - 1] = pid;
    }
    lua_pop(L, 1); /* the cache */
    if (mx_count(e->mx) > before && mx_bytes(e->mx) > e->lim.mem_limit / 2) {
        free(ids);
        lua_pushfstring(L, "%s:%d: rule '%s': compiled patterns take %d KiB, over half the memory limit", file, line, id,
                        (int)(mx_bytes(e->mx) >> 10));
        return -1;
    }
    *ids_out = ids;
    *n_out = (int)n;
    return 0;
}

void rpat_free(rpat *p)
{
    for (int i = 0; i < p->nsets; i++) {
        free(p->sets[i]);
        free(p->ids[i]);
    }
    free(p->sets);
    free(p->ids);
    free(p->nids);
    memset(p, 0, sizeof *p);
}

int rpat_declare(lua_State *L, engine *e, int def, int args, const char *file, int line, const char *id, rpat *out)
{
    memset(out, 0, sizeof *out);
    lua_getfield(L, def, "always");
    if (!lua_isnil(L, -1) && !lua_isboolean(L, -1)) {
        lua_pushfstring(L, "%s:%d: rule '%s': 'always' must be true or false", file, line, id);
        lua_remove(L, -2);
        return -1;
    }
    out->always = lua_toboolean(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, def, "patterns");
    if (lua_isnil(L, -1)) { lua_pop(L, 1); return 0; }
    int list = lua_gettop(L);
    if (!lua_istable(L, list)) {
        lua_pushfstring(L, "%s:%d: rule '%s': 'patterns' must list the names of args that hold patterns", file, line, id);
        lua_remove(L, -2);
        return -1;
    }
    if (!e->mx && !(e->mx = mx_new())) { lua_pop(L, 1); lua_pushliteral(L, "out of memory"); return -1; }
    int n = (int)lua_rawlen(L, list);
    out->sets = calloc((size_t)n + 1, sizeof *out->sets);
    out->ids = calloc((size_t)n + 1, sizeof *out->ids);
    out->nids = calloc((size_t)n + 1, sizeof *out->nids);
    if (!out->sets || !out->ids || !out->nids) goto oom;
    for (int i = 1; i <= n; i++) {
        if (lua_rawgeti(L, list, i) != LUA_TSTRING) {
            lua_pushfstring(L, "%s:%d: rule '%s': 'patterns' must list the names of args that hold patterns", file, line, id);
            goto fail;
        }
        const char *set = lua_tostring(L, -1);
        out->sets[i - 1] = text_dup(set, strlen(set));
        if (!out->sets[i - 1]) goto oom;
        out->nsets = i;
        if (!lua_istable(L, args) || lua_getfield(L, args, set) == LUA_TNIL) {
            lua_pushfstring(L, "%s:%d: rule '%s': 'patterns' names '%s', which is not one of its args", file, line, id, set);
            goto fail;
        }
        if (compile_value(L, e, -1, file, line, id, set, &out->ids[i - 1], &out->nids[i - 1])) goto fail;
        lua_pop(L, 2);
    }
    lua_pop(L, 1);
    return 0;
oom:
    lua_settop(L, list - 1);
    rpat_free(out);
    lua_pushliteral(L, "out of memory");
    return -1;
fail: /* the message is on top */
    lua_replace(L, list);
    lua_settop(L, list);
    rpat_free(out);
    return -1;
}

static int index_items(engine *e);

int rpat_begin_doc(engine *e)
{
    lua_State *L = e->L;
    int any = 0, errors = 0;
    lua_rawgeti(L, LUA_REGISTRYINDEX, e->run_args_ref); /* rule index + 1 -> this council's args */
    int runargs = lua_gettop(L);
    for (int r = 0; r < e->nrules; r++) {
        rule *ru = &e->rules[r];
        rpat *p = &ru->pats;
        if (!p->nsets || ru->disabled || ru->run_off) continue;
        /* the args in force: the council's, else the rule's own as the configuration left them */
        if (!lua_istable(L, runargs) || lua_rawgeti(L, runargs, r + 1) != LUA_TTABLE) {
            lua_settop(L, runargs);
            lua_rawgeti(L, LUA_REGISTRYINDEX, ru->ctx_ref);
            lua_getiuservalue(L, -1, 1);
            lua_remove(L, -2);
        }
        for (int s = 0; s < p->nsets && !ru->disabled; s++) {
            int *ids = NULL, n = 0;
            lua_getfield(L, -1, p->sets[s]);
            if (compile_value(L, e, -1, ru->file, ru->line, ru->id, p->sets[s], &ids, &n)) {
                /* a bad pattern from a configuration or --set: the rule cannot run */
                engine_report(e, SC_DIAG_ERROR, NULL, 0, "%s%s%s%s [rule disabled]", lua_tostring(L, -1),
                              e->council && *e->council ? " (args for council '" : "", e->council ? e->council : "",
                              e->council && *e->council ? "')" : "");
                e->rule_errors++;
                errors++;
                ru->disabled = 1;
                lua_pop(L, 2);
                break;
            }
            lua_pop(L, 1);
            free(p->ids[s]);
            p->ids[s] = ids;
            p->nids[s] = n;
        }
        lua_settop(L, runargs);
        any = any || !ru->disabled;
    }
    lua_settop(L, runargs - 1);
    e->hits.n = 0;
    if (!any || !e->doc) return errors;
    return mx_run(e->mx, e->doc, &e->hits) || index_items(e) ? -1 : errors;
}

/* The item of hit h (d->items.n outside any item). */
static int hit_item(const model_doc *d, const mx_hit *h)
{
    int it = d->sents.v[h->sent].item;
    return it < 0 ? d->items.n : it;
}

/* e->pitems for the document's hits: one pass over them here, where each rule would pass over
 * them all to find its items: each run of a pattern's hits in one item, in text order. */
static int index_items(engine *e)
{
    const model_doc *d = e->doc;
    int np = mx_count(e->mx), nh = e->hits.n;
    if (np > e->pitems.np || !e->pitems.first) {
        int **arrays[] = { &e->pitems.first, &e->pitems.hits, &e->pitems.fill };
        for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++) {
            int *v = realloc(*arrays[k], ((size_t)np + 1) * sizeof *v);
            if (!v) return -1;
            *arrays[k] = v;
        }
        e->pitems.np = np;
    }
    if (nh > e->pitems.cap) {
        int *v = realloc(e->pitems.item, (size_t)nh * sizeof *v);
        if (!v) return -1;
        e->pitems.item = v;
        e->pitems.cap = nh;
    }
    int *first = e->pitems.first, *hits = e->pitems.hits, *fill = e->pitems.fill, *item = e->pitems.item;
    memset(first, 0, ((size_t)np + 1) * sizeof *first);
    memset(hits, 0, (size_t)np * sizeof *hits);
    for (int p = 0; p < np; p++) fill[p] = -1; /* for now: the last item counted */
    for (int i = 0; i < nh; i++) { /* count each pattern's hits and its runs of one item */
        const mx_hit *h = &e->hits.v[i];
        int it = hit_item(d, h);
        hits[h->pat]++;
        if (fill[h->pat] != it) {
            fill[h->pat] = it;
            first[h->pat + 1]++;
        }
    }
    for (int p = 0; p < np; p++) {
        first[p + 1] += first[p];
        fill[p] = first[p];
    }
    for (int i = 0; i < nh; i++) { /* each run's item, once */
        const mx_hit *h = &e->hits.v[i];
        int it = hit_item(d, h), p = h->pat;
        if (fill[p] == first[p] || item[fill[p] - 1] != it) item[fill[p]++] = it;
    }
    return 0;
}

/* Stamps the patterns of rule r's sets (or of one set, when set >= 0) in e->pat_mark. */
uint32_t rpat_mark(engine *e, int r, int set)
{
    int np = mx_count(e->mx);
    if (np > e->npat_mark) {
        uint32_t *v = realloc(e->pat_mark, (size_t)np * sizeof *v);
        if (!v) return 0;
        memset(v + e->npat_mark, 0, (size_t)(np - e->npat_mark) * sizeof *v);
        e->pat_mark = v;
        e->npat_mark = np;
    }
    if (++e->mark_gen == 0) {
        memset(e->pat_mark, 0, (size_t)e->npat_mark * sizeof *e->pat_mark);
        e->mark_gen = 1;
    }
    const rpat *p = &e->rules[r].pats;
    for (int s = 0; s < p->nsets; s++) {
        if (set >= 0 && s != set) continue;
        for (int k = 0; k < p->nids[s]; k++) e->pat_mark[p->ids[s][k]] = e->mark_gen;
    }
    return e->mark_gen;
}

int rpat_items(engine *e, int r, unsigned char *want)
{
    const model_doc *d = e->doc;
    memset(want, 0, (size_t)d->items.n + 1);
    uint32_t g = rpat_mark(e, r, -1);
    if (!g) return -1;
    int n = 0;
    if (!e->hits.n) return 0;
    const rpat *p = &e->rules[r].pats;
    for (int s = 0; s < p->nsets; s++)
        for (int k = 0; k < p->nids[s]; k++) {
            int pid = p->ids[s][k];
            if (e->pat_mark[pid] != g) continue; /* in two of the rule's sets: counted once */
            e->pat_mark[pid] = 0;
            for (int j = e->pitems.first[pid]; j < e->pitems.first[pid + 1]; j++) {
                int it = e->pitems.item[j]; /* (d->items.n: outside any item, counts for the meeting) */
                if (!want[it]) n++;
                want[it] = 1;
            }
            e->rules[r].prof_matches += e->pitems.hits[pid];
        }
    return n;
}
