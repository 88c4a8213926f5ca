/*
 * lua_ctx.c — the ctx object a check function receives: ctx.args, ctx.rule, ctx:flag{},
 * ctx:query(sql, ...), and facts kept across meetings: ctx:record(kind, fields),
 * ctx:facts(kind [, options]) and ctx:meetings(n). The SQL of facts is the store's (facts.c).
 *
 * ctx:query runs on the connection the store gives it (src/store/query.c: the current council's
 * rows only unless the rule declares query_scope = "all"; an authorizer from prepare to finalize
 * that allows reading the documented tables and an allow-list of functions; query_only), checks
 * sqlite3_stmt_readonly() as well, and a progress handler holds the query to the rule's deadline.
 */
#include <jansson.h>
#include <lauxlib.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine.h"

#define CTX_MT "scrutiny.ctx"
#define MAX_ROWS 100000
#define MAX_MESSAGE 2000
#define MAX_FLAGS_PER_CALL 1000   /* findings one call of a check may make */
#define MAX_FACTS_PER_CALL 1000   /* facts one call may record */
#define MAX_FACT_BYTES 65536      /* the fields of one fact, as JSON */

typedef struct lctx {
    int rule;
} lctx;

int lctx_new(lua_State *L, int r)
{
    lctx *c = lua_newuserdatauv(L, sizeof *c, 1);
    c->rule = r;
    luaL_setmetatable(L, CTX_MT);
    lua_insert(L, -2);
    lua_setiuservalue(L, -2, 1); /* the args table */
    return luaL_ref(L, LUA_REGISTRYINDEX);
}

static const char *meeting_name(const model_doc *d, char *buf, size_t n)
{
    if (*d->title) return d->title;
    snprintf(buf, n, "%s%s%s", d->committee, *d->committee && *d->date ? " " : "", d->date);
    return buf;
}

/* ctx:flag{ at = object, message = "...", severity = "high" } */
static int c_flag(lua_State *L)
{
    engine *e = engine_from(L);
    lctx *c = luaL_checkudata(L, 1, CTX_MT);
    luaL_checktype(L, 2, LUA_TTABLE);
    if (!e->active) return luaL_error(L, "ctx:flag can only be called while a rule checks a document");
    rule *r = &e->rules[c->rule];
    if (e->call_flags >= MAX_FLAGS_PER_CALL)
        return luaL_error(L, "ctx:flag: more than %d findings in one call", MAX_FLAGS_PER_CALL);
    lua_getfield(L, 2, "at");
    if (!lmodel_test(L, -1))
        return luaL_error(L, "ctx:flag: 'at' must be a model object (item, resolution, sentence, figure, point, ...)");
    lobj *o = lmodel_check(L, -1);
    lua_getfield(L, 2, "message");
    size_t mlen;
    const char *msg = lua_tolstring(L, -1, &mlen);
    if (lua_type(L, -1) != LUA_TSTRING || mlen == 0) return luaL_error(L, "ctx:flag: 'message' must be a non-empty string");
    if (mlen > MAX_MESSAGE) return luaL_error(L, "ctx:flag: 'message' is longer than %d bytes", MAX_MESSAGE);
    if (strlen(msg) != mlen) return luaL_error(L, "ctx:flag: 'message' holds a NUL byte");
    sc_severity sev = r->run_severity;
    lua_getfield(L, 2, "severity");
    if (!lua_isnil(L, -1)) {
        int s = lua_type(L, -1) == LUA_TSTRING ? sc_severity_parse(lua_tostring(L, -1)) : -1;
        if (s < 0) return luaL_error(L, "ctx:flag: 'severity' must be one of info, notice, warning, high, critical");
        sev = (sc_severity)s;
    }
    e->call_flags++;
    if (o->kind == OBJ_INDICATOR || o->kind == OBJ_POINT) return lind_flag(L, e, o, r->id, sev, msg);
    const model_doc *d = e->doc;
    sc_span s = lmodel_span(e, o);
    size_t xl;
    const char *x = model_span_text(d, &s, &xl);
    int it = lmodel_item(e, o);
    const char *item = "";
    if (it >= 0) item = d->items.v[it].number ? d->items.v[it].number : d->items.v[it].title;
    char mbuf[256];
    /* spans count in the input file already when a loader made the text (model_map_spans) */
    if (findings_add(e->fs, r->id, sev, msg, d->path, e->doc_order, s.line, s.col, s.end_line, s.end_col, x, xl,
                     d->council, meeting_name(d, mbuf, sizeof mbuf), item) != SC_OK)
        return luaL_error(L, "out of memory");
    return 0;
}

/* What a recorded fact holds of its own, for FACTS_HELD. */
static size_t fact_bytes(const store_fact *f) { return sizeof *f + strlen(f->kind) + strlen(f->fields) + 2; }

static int grow_facts(engine *e)
{
    size_t cap = e->facts.cap ? 2 * e->facts.cap : 64;
    store_fact *v = realloc(e->facts.v, cap * sizeof *v);
    if (!v) return -1;
    e->facts.v = v;
    e->facts.cap = cap;
    return 0;
}

/* ctx:record(kind, { at = object, due = "September 2018", ... }): keeps a fact about this
 * meeting for later runs. Fields are strings, numbers or booleans; `at` gives the span. */
static int c_record(lua_State *L)
{
    engine *e = engine_from(L);
    lctx *c = luaL_checkudata(L, 1, CTX_MT);
    size_t kl;
    const char *kind = luaL_checklstring(L, 2, &kl);
    luaL_checktype(L, 3, LUA_TTABLE);
    if (!e->doc) return luaL_error(L, "ctx:record can only be called while a rule checks minutes");
    if (kl == 0 || kl > 64) return luaL_error(L, "ctx:record: the kind must be 1 to 64 characters");
    if (memchr(kind, '/', kl)) return luaL_error(L, "ctx:record: the kind must not hold '/' (facts are kept as \"file/kind\")");
    if (e->call_facts >= MAX_FACTS_PER_CALL)
        return luaL_error(L, "ctx:record: more than %d facts in one call", MAX_FACTS_PER_CALL);
    lua_getfield(L, 3, "at");
    if (!lua_isnil(L, -1) && !lmodel_test(L, -1))
        return luaL_error(L, "ctx:record: 'at' must be a model object (item, resolution, sentence, figure, ...)");
    lobj *o = lua_isnil(L, -1) ? NULL : lmodel_check(L, -1);
    sc_span sp = o ? lmodel_span(e, o) : (sc_span){ 0, 0, 0, 0, 0, 0 };
    json_t *fields = json_object();
    if (!fields) return luaL_error(L, "out of memory");
    lua_pushnil(L);
    while (lua_next(L, 3)) {
        if (lua_type(L, -2) != LUA_TSTRING) { json_decref(fields); return luaL_error(L, "ctx:record: field names must be strings"); }
        const char *k = lua_tostring(L, -2);
        json_t *v = NULL;
        switch (lua_type(L, -1)) {
        case LUA_TSTRING: {
            size_t n;
            const char *sv = lua_tolstring(L, -1, &n);
            v = json_stringn(sv, n);
            break;
        }
        case LUA_TNUMBER: v = lua_isinteger(L, -1) ? json_integer(lua_tointeger(L, -1)) : json_real(lua_tonumber(L, -1)); break;
        case LUA_TBOOLEAN: v = json_boolean(lua_toboolean(L, -1)); break;
        default:
            if (strcmp(k, "at") != 0) {
                json_decref(fields);
                return luaL_error(L, "ctx:record: field '%s' must be a string, number or boolean", k);
            }
        }
        if (v && json_object_set_new(fields, k, v) != 0) { json_decref(fields); return luaL_error(L, "ctx:record: bad field '%s'", k); }
        lua_pop(L, 1);
    }
    char *js = json_dumps(fields, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(fields);
    if (!js) return luaL_error(L, "ctx:record: fields are not valid UTF-8");
    if (strlen(js) > MAX_FACT_BYTES) {
        free(js);
        return luaL_error(L, "ctx:record: the fields are longer than %d bytes", MAX_FACT_BYTES);
    }
    const model_doc *d = e->doc;
    int it = o ? lmodel_item(e, o) : -1;
    const char *item = it >= 0 ? (d->items.v[it].number ? d->items.v[it].number : d->items.v[it].title) : "";
    size_t tl = 0;
    const char *text = o ? model_span_text(d, &sp, &tl) : "";
    lua_pushfstring(L, "%s/%s", e->rules[c->rule].facts_ns, kind); /* the file's own kind */
    /* kept until the document is done (or the buffer is large, between calls): one transaction
     * for them all, not one each, and nothing to undo in the store when the call fails */
    char *k = strdup(lua_tostring(L, -1));
    if (!k || (e->facts.n == e->facts.cap && grow_facts(e))) {
        free(k);
        free(js);
        return luaL_error(L, "out of memory");
    }
    e->facts.v[e->facts.n++] = (store_fact){ e->doc_id, d->council, d->date, e->rules[c->rule].id, k, item,
                                             sp.line, sp.col, sp.end_line, sp.end_col, text, tl, js };
    e->facts.bytes += fact_bytes(&e->facts.v[e->facts.n - 1]);
    e->call_facts++;
    return 0;
}

void lctx_drop_facts(engine *e, size_t from)
{
    for (size_t i = from; i < e->facts.n; i++) {
        e->facts.bytes -= fact_bytes(&e->facts.v[i]);
        free((char *)e->facts.v[i].kind);
        free((char *)e->facts.v[i].fields);
    }
    if (from == 0) {
        free(e->facts.v);
        e->facts.v = NULL;
        e->facts.cap = 0;
    }
    e->facts.n = from;
}

int lctx_write_facts(engine *e, char *err, size_t errlen)
{
    int rc = store_facts_add(e->st, e->facts.v, e->facts.n, err, errlen);
    lctx_drop_facts(e, 0);
    return rc;
}

/* Pushes a JSON scalar as a Lua value. */
static void push_json(lua_State *L, json_t *v)
{
    if (json_is_string(v)) lua_pushlstring(L, json_string_value(v), json_string_length(v));
    else if (json_is_integer(v)) lua_pushinteger(L, (lua_Integer)json_integer_value(v));
    else if (json_is_real(v)) lua_pushnumber(L, json_real_value(v));
    else if (json_is_boolean(v)) lua_pushboolean(L, json_is_true(v));
    else lua_pushnil(L);
}

/* Row building runs in a protected call of its own, so that a memory error (or a limit) raised
 * while the rows are pushed cannot leave a statement under way or a JSON tree behind. */
typedef struct facts_job {
    store_cursor cur;
    const char *kind;
    json_t *fields; /* the row being read; freed by the caller when the job fails */
    int failed;     /* the query stopped with an error */
} facts_job;

static int facts_rows(lua_State *L)
{
    facts_job *j = lua_touserdata(L, 1); /* 2: the rule's rows of this kind by fact id */
    lua_newtable(L);
    int n = 0, s;
    store_fact_row r;
    while ((s = store_cursor_next(&j->cur, &r)) == 1) {
        if (lua_rawgeti(L, 2, r.id) == LUA_TTABLE) { /* read before, at an earlier meeting */
            lua_rawseti(L, -2, ++n);
            continue;
        }
        lua_pop(L, 1);
        store_cursor_fill(&j->cur, &r);
        j->fields = json_loads(r.fields, 0, NULL);
        if (!j->fields) continue;
        lua_createtable(L, 0, 12);
        lua_pushstring(L, j->kind);
        lua_setfield(L, -2, "kind");
        const char *const strs[][2] = { { "rule", r.rule }, { "council", r.council }, { "date", r.date },
                                        { "file", r.file }, { "item", r.item } };
        for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
            lua_pushstring(L, strs[i][1]);
            lua_setfield(L, -2, strs[i][0]);
        }
        const int nums[] = { r.line, r.col, r.end_line, r.end_col };
        static const char *const num_names[] = { "line", "column", "end_line", "end_column" };
        for (int i = 0; i < 4; i++) {
            lua_pushinteger(L, nums[i]);
            lua_setfield(L, -2, num_names[i]);
        }
        lua_pushlstring(L, r.text, r.text_len);
        lua_setfield(L, -2, "text");
        lua_newtable(L);
        const char *k;
        json_t *v;
        json_object_foreach(j->fields, k, v) {
            push_json(L, v);
            lua_setfield(L, -2, k);
        }
        lua_setfield(L, -2, "fields");
        lua_pushvalue(L, -1);
        lua_rawseti(L, 2, r.id);
        lua_rawseti(L, -2, ++n);
        json_decref(j->fields);
        j->fields = NULL;
    }
    j->failed = s < 0;
    for (int a = 1, b = n; a < b; a++, b--) { /* oldest first */
        lua_rawgeti(L, -1, a);
        lua_rawgeti(L, -2, b);
        lua_rawseti(L, -3, a);
        lua_rawseti(L, -2, b);
    }
    return 1;
}

/* The calling rule's rows of facts of `kind` read so far in this council, by fact id (pushed).
 * A council's earlier meetings do not change while it is checked, and a rule reading the
 * commitments of its last six meetings at each meeting would build every row six times: each
 * row is built once per rule and council, and the rule gets the same table again. */
static const char rows_key = 'r';

static void push_row_cache(lua_State *L, engine *e, int ri, const char *kind)
{
    const char *council = e->doc->council ? e->doc->council : "";
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &rows_key) != LUA_TTABLE || lua_getfield(L, -1, "council") != LUA_TSTRING ||
        strcmp(lua_tostring(L, -1), council) != 0) {
        lua_pop(L, 2);
        lua_newtable(L);
        lua_pushstring(L, council);
        lua_setfield(L, -2, "council");
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &rows_key);
    } else {
        lua_pop(L, 1);
    }
    if (lua_rawgeti(L, -1, ri + 1) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, ri + 1);
    }
    luaL_getsubtable(L, -1, kind);
    lua_replace(L, -3);
    lua_pop(L, 1);
}

static const char *const facts_options[] = { "since", "meetings", "limit", "where", NULL };

/* Reads the field conditions of table `t` into w (at most STORE_MAX_WHERE). The strings stay
 * in the table, which the caller keeps on the stack. */
static void read_where(lua_State *L, int t, store_where *w, int *n)
{
    *n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -2) != LUA_TSTRING) luaL_error(L, "ctx:facts: field names in 'where' must be strings");
        if (*n == STORE_MAX_WHERE) luaL_error(L, "ctx:facts: at most %d fields in 'where'", STORE_MAX_WHERE);
        store_where *x = &w[(*n)++];
        memset(x, 0, sizeof *x);
        x->field = lua_tostring(L, -2);
        switch (lua_type(L, -1)) {
        case LUA_TSTRING: x->type = STORE_WHERE_TEXT; x->s = lua_tolstring(L, -1, &x->slen); break;
        case LUA_TBOOLEAN: x->type = STORE_WHERE_BOOL; x->i = lua_toboolean(L, -1); break;
        case LUA_TNUMBER:
            if (lua_isinteger(L, -1)) { x->type = STORE_WHERE_INT; x->i = lua_tointeger(L, -1); }
            else { x->type = STORE_WHERE_REAL; x->d = lua_tonumber(L, -1); }
            break;
        default: luaL_error(L, "ctx:facts: the value of field '%s' must be a string, number or boolean", x->field);
        }
        lua_pop(L, 1);
    }
}

/* An integer option of ctx:facts or ctx:meetings in [1, max]. */
static int int_option(lua_State *L, int idx, const char *name, int max)
{
    int ok;
    lua_Integer v = lua_tointegerx(L, idx, &ok);
    if (!ok || v < 1 || v > max) luaL_error(L, "ctx:facts: '%s' must be a whole number from 1 to %d", name, max);
    return (int)v;
}

/* Reads ctx:facts' third argument into w. A table of options (since, meetings, limit, where)
 * when it names one of them; otherwise a table of field conditions, as `where` would be. */
static void read_window(lua_State *L, store_window *w, store_where *where)
{
    w->where = where;
    if (lua_isnoneornil(L, 3)) return;
    luaL_checktype(L, 3, LUA_TTABLE);
    int options = 0;
    for (int i = 0; facts_options[i] && !options; i++) options = lua_getfield(L, 3, facts_options[i]) != LUA_TNIL;
    lua_settop(L, 3);
    if (!options) {
        read_where(L, 3, where, &w->nwhere);
        return;
    }
    lua_pushnil(L);
    while (lua_next(L, 3)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        int known = 0;
        for (int i = 0; k && facts_options[i]; i++) known |= !strcmp(k, facts_options[i]);
        if (!known) luaL_error(L, "ctx:facts: unknown option '%s' (since, meetings, limit, where)", k ? k : luaL_typename(L, -1));
    }
    if (lua_getfield(L, 3, "since") != LUA_TNIL) { /* 4 */
        size_t n;
        w->since = lua_tolstring(L, 4, &n);
        if (lua_type(L, 4) != LUA_TSTRING || n < 4 || n > 32)
            luaL_error(L, "ctx:facts: 'since' must be a date such as \"2024-01-31\"");
    }
    if (lua_getfield(L, 3, "meetings") != LUA_TNIL) w->meetings = int_option(L, 5, "meetings", STORE_MAX_FACTS);
    if (lua_getfield(L, 3, "limit") != LUA_TNIL) w->limit = int_option(L, 6, "limit", STORE_MAX_FACTS);
    if (lua_getfield(L, 3, "where") != LUA_TNIL) { /* 7, kept on the stack with its strings */
        luaL_checktype(L, 7, LUA_TTABLE);
        read_where(L, 7, where, &w->nwhere);
    }
}

/* The stored kind of ctx:facts(kind): "kind" is the rule file's own ("file/kind" in the store);
 * another file's "file/kind" only when the rule declared it in rule{ reads = }. Facts are the
 * recording file's: no other file can make up or hide them. */
static const char *facts_kind(lua_State *L, const rule *r, const char *kind, char *buf, size_t n)
{
    const char *slash = strchr(kind, '/');
    if (!slash) {
        if ((size_t)snprintf(buf, n, "%s/%s", r->facts_ns, kind) >= n) luaL_error(L, "ctx:facts: the kind is too long");
        return buf;
    }
    size_t nl = (size_t)(slash - kind);
    if (strlen(r->facts_ns) == nl && !memcmp(r->facts_ns, kind, nl)) return kind;
    size_t kl = strlen(kind);
    for (const char *p = r->reads; *p;) { /* "a/b, c/" then "*" */
        size_t l = strcspn(p, ",");
        if ((l == kl && !memcmp(p, kind, kl)) || (l == nl + 2 && !memcmp(p, kind, nl + 1) && p[nl + 1] == '*')) return kind;
        p += l;
        while (*p == ',' || *p == ' ') p++;
    }
    lua_pushlstring(L, kind, nl);
    luaL_error(L, "ctx:facts: '%s' are facts of rule file '%s'; rule '%s' must declare them: rule{ reads = { \"%s\" } }",
               kind, lua_tostring(L, -1), r->id, kind);
    return NULL;
}

/* ctx:facts(kind [, options]): facts of this council recorded at earlier meetings (at any other
 * meeting when this one has no date), oldest first. Options narrow them in the store's index:
 * `since` (a date), `meetings` (the previous N meetings), `limit` (the newest N), `where`
 * (fields equal to values); a table without options is a `where`. */
static int c_facts(lua_State *L)
{
    engine *e = engine_from(L);
    lctx *c = luaL_checkudata(L, 1, CTX_MT);
    const char *kind = luaL_checkstring(L, 2);
    if (!e->doc) return luaL_error(L, "ctx:facts can only be called while a rule checks minutes");
    char stored[256];
    const char *skind = facts_kind(L, &e->rules[c->rule], kind, stored, sizeof stored);
    store_where where[STORE_MAX_WHERE];
    store_window w = { e->doc->council, skind, e->doc_id, e->doc->date, NULL, 0, 0, where, 0 };
    read_window(L, &w, where);
    push_row_cache(L, e, c->rule, kind); /* before the cursor opens: it may raise */
    facts_job j = { { NULL, 0 }, kind, NULL, 0 };
    char err[256];
    int rc = store_facts_open(e->st, &w, &j.cur, err, sizeof err);
    if (rc != SC_OK) return luaL_error(L, "ctx:facts: %s", err);
    lua_pushcfunction(L, facts_rows);
    lua_pushlightuserdata(L, &j);
    lua_rotate(L, -3, 2); /* facts_rows, job, rows */
    rc = lua_pcall(L, 2, 1, 0);
    json_decref(j.fields);
    if (rc == LUA_OK && j.failed) {
        lua_pushfstring(L, "ctx:facts: %s", sqlite3_errmsg(store_db(e->st)));
        rc = LUA_ERRRUN;
    }
    store_cursor_close(&j.cur);
    if (rc != LUA_OK) return lua_error(L);
    return 1;
}

static int meetings_rows(lua_State *L)
{
    facts_job *j = lua_touserdata(L, 1);
    lua_newtable(L);
    int n = 0, s;
    store_meeting_row r;
    while ((s = store_cursor_meeting(&j->cur, &r)) == 1) {
        lua_createtable(L, 0, 4);
        const char *const strs[][2] = { { "date", r.date }, { "committee", r.committee }, { "title", r.title },
                                        { "file", r.file } };
        for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
            lua_pushstring(L, strs[i][1]);
            lua_setfield(L, -2, strs[i][0]);
        }
        lua_rawseti(L, -2, ++n);
    }
    j->failed = s < 0;
    return 1;
}

/* ctx:meetings(n): the council's n meetings before this one (the latest n when it has no
 * date), newest first, each { date, committee, title, file }: one per date, whether or not a
 * rule recorded anything there. */
static int c_meetings(lua_State *L)
{
    engine *e = engine_from(L);
    luaL_checkudata(L, 1, CTX_MT);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_argcheck(L, n >= 1 && n <= STORE_MAX_FACTS, 2, "the number of meetings must be from 1 to 10000");
    if (!e->doc) return luaL_error(L, "ctx:meetings can only be called while a rule checks minutes");
    facts_job j = { { NULL, 0 }, NULL, NULL, 0 };
    char err[256];
    if (store_meetings_open(e->st, e->doc->council, e->doc->date, (int)n, &j.cur, err, sizeof err) != SC_OK)
        return luaL_error(L, "ctx:meetings: %s", err);
    lua_pushcfunction(L, meetings_rows);
    lua_pushlightuserdata(L, &j);
    int rc = lua_pcall(L, 1, 1, 0);
    if (rc == LUA_OK && j.failed) {
        lua_pushfstring(L, "ctx:meetings: %s", sqlite3_errmsg(store_db(e->st)));
        rc = LUA_ERRRUN;
    }
    store_cursor_close(&j.cur);
    if (rc != LUA_OK) return lua_error(L);
    return 1;
}

/* Holds a query to the rule's budget and deadline: a limit hit here stops the rule as the
 * count hook would. */
static int progress(void *ud)
{
    engine *e = ud;
    e->instr_used += 1000;
    if (!e->limit_hit) {
        if (e->instr_used > e->lim.instr_budget) e->limit_hit = "instruction budget";
        else if (engine_deadline_passed(e)) e->limit_hit = "time limit";
    }
    return e->limit_hit != NULL;
}

static int check_param(lua_State *L, int arg)
{
    int t = lua_type(L, arg);
    return t == LUA_TNIL || t == LUA_TBOOLEAN || t == LUA_TNUMBER || t == LUA_TSTRING;
}

static void bind_value(sqlite3_stmt *q, int i, lua_State *L, int arg)
{
    switch (lua_type(L, arg)) {
    case LUA_TBOOLEAN: sqlite3_bind_int(q, i, lua_toboolean(L, arg)); break;
    case LUA_TNUMBER:
        if (lua_isinteger(L, arg)) sqlite3_bind_int64(q, i, lua_tointeger(L, arg));
        else sqlite3_bind_double(q, i, lua_tonumber(L, arg));
        break;
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, arg, &n);
        sqlite3_bind_text(q, i, s, (int)n, SQLITE_TRANSIENT);
        break;
    }
    default: sqlite3_bind_null(q, i); break;
    }
}

typedef struct query_job {
    sqlite3_stmt *q;
    int rc;   /* of the last sqlite3_step */
    int rows; /* more than MAX_ROWS: stopped */
} query_job;

static int query_rows(lua_State *L)
{
    query_job *j = lua_touserdata(L, 1);
    sqlite3_stmt *q = j->q;
    lua_newtable(L);
    int row = 0, cols = sqlite3_column_count(q);
    while ((j->rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (++row > MAX_ROWS) break;
        lua_createtable(L, 0, cols);
        for (int c = 0; c < cols; c++) {
            switch (sqlite3_column_type(q, c)) {
            case SQLITE_INTEGER: lua_pushinteger(L, sqlite3_column_int64(q, c)); break;
            case SQLITE_FLOAT: lua_pushnumber(L, sqlite3_column_double(q, c)); break;
            case SQLITE_NULL: lua_pushnil(L); break;
            default: lua_pushlstring(L, (const char *)sqlite3_column_blob(q, c), (size_t)sqlite3_column_bytes(q, c));
            }
            lua_setfield(L, -2, sqlite3_column_name(q, c));
        }
        lua_rawseti(L, -2, row);
    }
    j->rows = row;
    return 1;
}

/* Runs the statement of ctx:query on `db` (whose authorizer store_query_begin installed) and
 * leaves the rows on the stack. Returns NULL, or the error message (pushed; *raw when it is an
 * error value to raise as it is). Raises nothing: the caller removes the authorizer first. */
static const char *run_query(lua_State *L, engine *e, sqlite3 *db, const char *sql, size_t n, int nargs, int *raw)
{
    *raw = 0;
    sqlite3_stmt *q = NULL;
    const char *tail = NULL;
    if (sqlite3_prepare_v2(db, sql, (int)n, &q, &tail) != SQLITE_OK) {
        sqlite3_finalize(q);
        return lua_pushfstring(L, "ctx:query: %s", sqlite3_errmsg(db));
    }
    if (!q) return lua_pushstring(L, "ctx:query: empty statement");
    while (tail && *tail && strchr(" \t\r\n;", *tail)) tail++;
    if ((tail && *tail) || !sqlite3_stmt_readonly(q)) {
        sqlite3_finalize(q);
        return lua_pushstring(L, "ctx:query: only one read-only statement is allowed");
    }
    int np = sqlite3_bind_parameter_count(q);
    if (np != nargs) {
        sqlite3_finalize(q);
        return lua_pushfstring(L, "ctx:query: the statement takes %d parameter(s), %d given", np, nargs);
    }
    for (int i = 1; i <= np; i++) bind_value(q, i, L, i + 2);
    /* a value the statement makes (randomblob, zeroblob, printf, group_concat ...) is held to
     * a fraction of the rule memory limit: SQLite's memory is not counted in it */
    int len_limit = (int)(e->lim.mem_limit / 16 < (1u << 30) ? e->lim.mem_limit / 16 : (1u << 30));
    int old_len = sqlite3_limit(db, SQLITE_LIMIT_LENGTH, len_limit > 1024 ? len_limit : 1024);
    sqlite3_progress_handler(db, 1000, progress, e);
    query_job j = { q, SQLITE_OK, 0 };
    lua_pushcfunction(L, query_rows);
    lua_pushlightuserdata(L, &j);
    int prc = lua_pcall(L, 1, 1, 0);
    sqlite3_progress_handler(db, 0, NULL, NULL);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, old_len);
    const char *err = NULL;
    if (prc != LUA_OK) { /* a memory error or a limit while the rows were built: raised as it is */
        err = "";
        *raw = 1;
    }
    else if (j.rows > MAX_ROWS) err = lua_pushfstring(L, "ctx:query: more than %d rows; add a LIMIT", MAX_ROWS);
    else if (j.rc != SQLITE_DONE) err = lua_pushfstring(L, "ctx:query: %s", j.rc == SQLITE_INTERRUPT ? "" : sqlite3_errmsg(db));
    sqlite3_finalize(q);
    return err;
}

/* ctx:query(sql, ...) -> list of rows, each a table keyed by column name. The rows are the
 * current council's unless both the ctx's rule and the running one declared query_scope = "all". */
static int c_query(lua_State *L)
{
    engine *e = engine_from(L);
    lctx *c = luaL_checkudata(L, 1, CTX_MT);
    size_t n;
    const char *sql = luaL_checklstring(L, 2, &n);
    int nargs = lua_gettop(L) - 2;
    for (int i = 3; i <= nargs + 2; i++)
        if (!check_param(L, i)) luaL_argerror(L, i, "query parameters must be nil, boolean, number or string");
    if (!e->active || e->cur_rule < 0) return luaL_error(L, "ctx:query can only be called while a rule checks a document");
    int all = e->rules[c->rule].query_all && e->rules[e->cur_rule].query_all;
    sqlite3 *db;
    char err[512];
    double t0 = engine_host_begin(e); /* copying the council's rows is the host's work, not the rule's */
    int rc = store_query_begin(e->st, all ? NULL : e->council ? e->council : "", &db, err, sizeof err);
    engine_host_end(e, t0);
    if (rc == SC_NOMEM) return luaL_error(L, "not enough memory");
    if (rc != SC_OK) return luaL_error(L, "ctx:query: %s", err);
    int raw;
    const char *msg = run_query(L, e, db, sql, n, nargs, &raw);
    store_query_end(e->st, db);
    if (raw) return lua_error(L);
    if (msg) {
        if (e->limit_hit) engine_charge(L, 0); /* stopped by the progress handler: a limit of the rule */
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    return 1;
}

static const lfield ctx_fields[] = {
    { "args", NULL, "table", "the rule's args as the configuration, --set and the council's settings leave them (nested tables are shared: do not change them)" },
    { "rule", NULL, "string", "the rule's id" },
    { "severity", NULL, "Severity", "the rule's severity (for the council under check)" },
    { NULL, NULL, NULL, NULL },
};

static const lmethod ctx_methods[] = {
    { "flag", c_flag, "Reports a finding at the span of `at` (the rule's severity unless `severity` is given).",
      { { "finding", "{ at: ModelObject|Indicator|Point, message: string, severity?: Severity }", NULL } }, NULL },
    { "query", c_query,
      "Runs one read-only SQL statement over the council under check (tables documents meetings\n"
      "items sections paragraphs resolutions speakers figures dates refs observations runs findings,\n"
      "view current_observations, holding that council's rows only; every council's with\n"
      "rule{ query_scope = \"all\" }); `?` parameters are bound from the extra arguments. Returns\n"
      "the rows, each a table keyed by column name.",
      { { "sql", "string", NULL }, { "...", "nil|boolean|number|string", NULL } }, "table[]" },
    { "record", c_record, "Keeps a fact about this meeting for later meetings of the same council (stored with --db).",
      { { "kind", "string", "1 to 64 characters, e.g. \"commitment\"" },
        { "fields", "table", "strings, numbers and booleans; `at` (a model object) gives the span" } },
      NULL },
    { "facts", c_facts,
      "Facts of this council recorded at earlier meetings (any other meeting when this one has no\n"
      "date), oldest first. Options narrow them in the store's index: the previous `meetings` N\n"
      "meetings, meetings `since` a date, the newest `limit` N, fields equal to `where`'s values; a\n"
      "table without options is a `where`. Another file's kinds are read as \"file/kind\" once the\n"
      "rule declares them (rule{ reads = }).",
      { { "kind", "string", NULL },
        { "options?", "{ meetings?: integer, since?: string, limit?: integer, where?: table }|table", NULL } },
      "Fact[]" },
    { "meetings", c_meetings,
      "The council's n meetings before this one (the latest n when it has no date), newest first,\n"
      "one per date, whether or not a rule recorded anything there.",
      { { "n", "integer", "1 to 10000" } }, "{ date: string, committee: string, title: string, file: string }[]" },
    { "indicator", lind_ctx_indicator, "The council's series of an indicator of the catalogue (this council unless `council` is given).",
      { { "id", "string", NULL }, { "council?", "string", NULL } }, "Indicator" },
    { NULL, NULL, NULL, { { NULL, NULL, NULL } }, NULL },
};

const lclass lctx_class = {
    "Ctx", NULL,
    "What a check function gets besides the object: its rule's args, id and severity, and the\n"
    "means to report and to remember. Read-only; a name it does not have is an error.",
    ctx_fields, ctx_methods, NULL, NULL, NULL,
};

static int c_index(lua_State *L)
{
    engine *e = engine_from(L);
    lctx *c = luaL_checkudata(L, 1, CTX_MT);
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "args")) {
        /* the council's own args when its configuration changes them */
        if (!e->active || e->run_args_ref == LUA_NOREF || lua_rawgeti(L, LUA_REGISTRYINDEX, e->run_args_ref) != LUA_TTABLE ||
            lua_rawgeti(L, -1, c->rule + 1) == LUA_TNIL)
            lua_getiuservalue(L, 1, 1);
    } else if (!strcmp(k, "rule")) lua_pushstring(L, e->rules[c->rule].id);
    else if (!strcmp(k, "severity"))
        lua_pushstring(L, sc_severity_name(e->active ? e->rules[c->rule].run_severity : e->rules[c->rule].severity));
    else if (lua_getfield(L, lua_upvalueindex(1), k) == LUA_TNIL) {
        const char *best = lclass_suggest(&lctx_class, k);
        return luaL_error(L, "ctx has no field '%s'%s%s%s", k, best ? " (did you mean '" : "", best ? best : "", best ? "'?)" : "");
    }
    return 1;
}

static int c_newindex(lua_State *L) { return luaL_error(L, "ctx is read-only"); }

void lctx_open(lua_State *L)
{
    luaL_newmetatable(L, CTX_MT);
    lua_newtable(L);
    for (const lmethod *m = ctx_methods; m->name; m++) {
        lua_pushcfunction(L, m->fn);
        lua_setfield(L, -2, m->name);
    }
    lua_pushcclosure(L, c_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, c_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}
