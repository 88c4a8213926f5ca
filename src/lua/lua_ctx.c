/*
 * lua_ctx.c — the ctx object a check function receives: ctx.args, ctx.rule, ctx:flag{},
 * ctx:query(sql, ...), and facts kept across meetings: ctx:record(kind, fields) and
 * ctx:facts(kind [, filter]).
 *
 * ctx:query is read-only by construction: while the statement is prepared an authorizer allows
 * only reading (SELECT, table reads, plain functions), so INSERT, DELETE, ATTACH, PRAGMA and
 * load_extension fail at prepare time; sqlite3_stmt_readonly() is checked as well, and a
 * progress handler holds the query to the rule's deadline.
 */
#include <jansson.h>
#include <lauxlib.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

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
    if (!luaL_testudata(L, -1, LMODEL_MT))
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
    int line, col, end_line, end_col;
    model_source_pos(d, s.line, s.col, &line, &col); /* into the input file when a loader made the text */
    model_source_pos(d, s.end_line, s.end_col, &end_line, &end_col);
    if (findings_add(e->fs, r->id, sev, msg, d->path, e->doc_order, line, col, end_line, end_col, x, xl,
                     d->council, meeting_name(d, mbuf, sizeof mbuf), item) != SC_OK)
        return luaL_error(L, "out of memory");
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
    if (e->call_facts >= MAX_FACTS_PER_CALL)
        return luaL_error(L, "ctx:record: more than %d facts in one call", MAX_FACTS_PER_CALL);
    lua_getfield(L, 3, "at");
    if (!lua_isnil(L, -1) && !luaL_testudata(L, -1, LMODEL_MT))
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
    sqlite3 *db = store_db(e->st);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(db,
                                "INSERT OR IGNORE INTO facts(document_id, council, meeting_date, rule, kind, item, line, col,"
                                " end_line, end_col, text, fields) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
                                -1, &q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, e->doc_id);
        sqlite3_bind_text(q, 2, d->council, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, d->date, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, e->rules[c->rule].id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, kind, (int)kl, SQLITE_STATIC);
        sqlite3_bind_text(q, 6, item, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 7, sp.line);
        sqlite3_bind_int(q, 8, sp.col);
        sqlite3_bind_int(q, 9, sp.end_line);
        sqlite3_bind_int(q, 10, sp.end_col);
        sqlite3_bind_text(q, 11, text, (int)tl, SQLITE_STATIC);
        sqlite3_bind_text(q, 12, js, -1, SQLITE_STATIC);
        rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        sqlite3_finalize(q);
        if (rc == SQLITE_OK && sqlite3_changes(db) > 0) {
            if (e->call_facts++ == 0) e->call_first_fact = sqlite3_last_insert_rowid(db);
        }
    }
    free(js);
    if (rc != SQLITE_OK) return luaL_error(L, "ctx:record: %s", sqlite3_errmsg(db));
    return 0;
}

void lctx_forget_facts(engine *e, int r)
{
    sqlite3 *db = store_db(e->st);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "DELETE FROM facts WHERE id >= ?1 AND document_id = ?2 AND rule = ?3", -1, &q, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(q, 1, e->call_first_fact);
    sqlite3_bind_int64(q, 2, e->doc_id);
    sqlite3_bind_text(q, 3, e->rules[r].id, -1, SQLITE_STATIC);
    sqlite3_step(q);
    sqlite3_finalize(q);
    e->call_facts = 0;
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
 * while the rows are pushed cannot leave a prepared statement or a JSON tree behind. */
typedef struct facts_job {
    sqlite3_stmt *q;
    const char *kind;
    int has_filter;
    json_t *fields; /* the row being read; freed by the caller when the job fails */
} facts_job;

static int facts_rows(lua_State *L)
{
    facts_job *j = lua_touserdata(L, 1);
    sqlite3_stmt *q = j->q;
    lua_newtable(L);
    int n = 0;
    static const char *const names[] = { "rule", "council", "date", "file", "item", "line", "column", "end_line", "end_column", "text" };
    while (sqlite3_step(q) == SQLITE_ROW) {
        j->fields = json_loads((const char *)sqlite3_column_text(q, 10), 0, NULL);
        json_t *fields = j->fields;
        int keep = fields != NULL;
        if (keep && j->has_filter) {
            lua_pushnil(L);
            while (lua_next(L, 2)) {
                json_t *v = lua_type(L, -2) == LUA_TSTRING ? json_object_get(fields, lua_tostring(L, -2)) : NULL;
                if (v) push_json(L, v);
                else lua_pushnil(L);
                if (!lua_rawequal(L, -1, -2)) keep = 0;
                lua_pop(L, 2);
            }
        }
        if (keep) {
            lua_createtable(L, 0, 12);
            lua_pushstring(L, j->kind);
            lua_setfield(L, -2, "kind");
            for (int i = 0; i < 10; i++) {
                if (sqlite3_column_type(q, i) == SQLITE_INTEGER) lua_pushinteger(L, sqlite3_column_int64(q, i));
                else lua_pushstring(L, (const char *)sqlite3_column_text(q, i));
                lua_setfield(L, -2, names[i]);
            }
            lua_newtable(L);
            const char *k;
            json_t *v;
            json_object_foreach(fields, k, v) {
                push_json(L, v);
                lua_setfield(L, -2, k);
            }
            lua_setfield(L, -2, "fields");
            lua_rawseti(L, -2, ++n);
        }
        j->fields = NULL;
        json_decref(fields);
    }
    return 1;
}

/* ctx:facts(kind [, filter]): facts of this council recorded at earlier meetings (at any other
 * meeting when this one has no date), oldest first; `filter` keeps those whose fields equal it. */
static int c_facts(lua_State *L)
{
    engine *e = engine_from(L);
    luaL_checkudata(L, 1, CTX_MT);
    const char *kind = luaL_checkstring(L, 2);
    int has_filter = !lua_isnoneornil(L, 3);
    if (has_filter) luaL_checktype(L, 3, LUA_TTABLE);
    if (!e->doc) return luaL_error(L, "ctx:facts can only be called while a rule checks minutes");
    sqlite3 *db = store_db(e->st);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "SELECT f.rule, f.council, f.meeting_date, d.path, f.item, f.line, f.col, f.end_line, f.end_col,"
                           " f.text, f.fields FROM facts f JOIN documents d ON d.id = f.document_id"
                           " WHERE f.council = ?1 AND f.kind = ?2 AND f.document_id <> ?3"
                           " AND (?4 = '' OR (f.meeting_date <> '' AND f.meeting_date < ?4))"
                           " ORDER BY f.meeting_date, f.id LIMIT 10000",
                           -1, &q, NULL) != SQLITE_OK)
        return luaL_error(L, "ctx:facts: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(q, 1, e->doc->council, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, e->doc_id);
    sqlite3_bind_text(q, 4, e->doc->date, -1, SQLITE_STATIC);
    facts_job j = { q, kind, has_filter, NULL };
    lua_pushcfunction(L, facts_rows);
    lua_pushlightuserdata(L, &j);
    if (has_filter) lua_pushvalue(L, 3);
    else lua_pushnil(L);
    int rc = lua_pcall(L, 2, 1, 0);
    json_decref(j.fields);
    sqlite3_finalize(q);
    if (rc != LUA_OK) return lua_error(L);
    return 1;
}

static int authorize(void *ud, int action, const char *a, const char *b, const char *c, const char *d)
{
    (void)ud; (void)b; (void)c; (void)d;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_FUNCTION:
        return a && (!strcmp(a, "load_extension") || !strcmp(a, "readfile") || !strcmp(a, "writefile") ||
                     !strcmp(a, "fts3_tokenizer")) ? SQLITE_DENY : SQLITE_OK;
    default:
        return SQLITE_DENY;
    }
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

/* ctx:query(sql, ...) -> list of rows, each a table keyed by column name */
static int c_query(lua_State *L)
{
    engine *e = engine_from(L);
    luaL_checkudata(L, 1, CTX_MT);
    size_t n;
    const char *sql = luaL_checklstring(L, 2, &n);
    int nargs = lua_gettop(L) - 2;
    for (int i = 3; i <= nargs + 2; i++)
        if (!check_param(L, i)) luaL_argerror(L, i, "query parameters must be nil, boolean, number or string");
    sqlite3 *db = store_db(e->st);
    sqlite3_stmt *q = NULL;
    const char *tail = NULL;
    sqlite3_set_authorizer(db, authorize, NULL);
    int rc = sqlite3_prepare_v2(db, sql, (int)n, &q, &tail);
    sqlite3_set_authorizer(db, NULL, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(q);
        return luaL_error(L, "ctx:query: %s", sqlite3_errmsg(db));
    }
    if (!q) return luaL_error(L, "ctx:query: empty statement");
    while (tail && *tail && strchr(" \t\r\n;", *tail)) tail++;
    if ((tail && *tail) || !sqlite3_stmt_readonly(q)) {
        sqlite3_finalize(q);
        return luaL_error(L, "ctx:query: only one read-only statement is allowed");
    }
    int np = sqlite3_bind_parameter_count(q);
    if (np != nargs) {
        sqlite3_finalize(q);
        return luaL_error(L, "ctx:query: the statement takes %d parameter(s), %d given", np, nargs);
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
    if (prc != LUA_OK) {
        sqlite3_finalize(q);
        return lua_error(L);
    }
    if (j.rows > MAX_ROWS) {
        sqlite3_finalize(q);
        return luaL_error(L, "ctx:query: more than %d rows; add a LIMIT", MAX_ROWS);
    }
    if (j.rc != SQLITE_DONE) {
        lua_pushstring(L, j.rc == SQLITE_INTERRUPT ? "" : sqlite3_errmsg(db));
        sqlite3_finalize(q);
        if (e->limit_hit) { /* stopped by the progress handler: a limit of the rule */
            engine_charge(L, 0);
        }
        return luaL_error(L, "ctx:query: %s", lua_tostring(L, -1));
    }
    sqlite3_finalize(q);
    return 1;
}

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
    else lua_getfield(L, lua_upvalueindex(1), k);
    return 1;
}

static int c_newindex(lua_State *L) { return luaL_error(L, "ctx is read-only"); }

static const luaL_Reg ctx_methods[] = {
    { "flag", c_flag },
    { "query", c_query },
    { "record", c_record },
    { "facts", c_facts },
    { "indicator", lind_ctx_indicator },
    { NULL, NULL },
};

void lctx_open(lua_State *L)
{
    luaL_newmetatable(L, CTX_MT);
    luaL_newlib(L, ctx_methods);
    lua_pushcclosure(L, c_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, c_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}
