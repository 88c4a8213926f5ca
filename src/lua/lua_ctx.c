/*
 * lua_ctx.c — the ctx object a check function receives: ctx.args, ctx.rule, ctx:flag{},
 * ctx:query(sql, ...).
 *
 * ctx:query is read-only by construction: while the statement is prepared an authorizer allows
 * only reading (SELECT, table reads, plain functions), so INSERT, DELETE, ATTACH, PRAGMA and
 * load_extension fail at prepare time; sqlite3_stmt_readonly() is checked as well, and a
 * progress handler holds the query to the rule's deadline.
 */
#include <lauxlib.h>
#include <sqlite3.h>
#include <string.h>

#include "engine.h"

#define CTX_MT "scrutiny.ctx"
#define MAX_ROWS 100000
#define MAX_MESSAGE 2000

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
    if (!e->doc) return luaL_error(L, "ctx:flag can only be called while a rule checks a document");
    rule *r = &e->rules[c->rule];
    lua_getfield(L, 2, "at");
    if (lua_isnil(L, -1)) return luaL_error(L, "ctx:flag: 'at' is required (the object the finding points to)");
    lobj *o = lmodel_check(L, -1);
    lua_getfield(L, 2, "message");
    size_t mlen;
    const char *msg = lua_tolstring(L, -1, &mlen);
    if (lua_type(L, -1) != LUA_TSTRING || mlen == 0) return luaL_error(L, "ctx:flag: 'message' must be a non-empty string");
    if (mlen > MAX_MESSAGE) return luaL_error(L, "ctx:flag: 'message' is longer than %d bytes", MAX_MESSAGE);
    if (strlen(msg) != mlen) return luaL_error(L, "ctx:flag: 'message' holds a NUL byte");
    sc_severity sev = r->severity;
    lua_getfield(L, 2, "severity");
    if (!lua_isnil(L, -1)) {
        int s = lua_type(L, -1) == LUA_TSTRING ? sc_severity_parse(lua_tostring(L, -1)) : -1;
        if (s < 0) return luaL_error(L, "ctx:flag: 'severity' must be one of info, notice, warning, high, critical");
        sev = (sc_severity)s;
    }
    const model_doc *d = e->doc;
    sc_span s = lmodel_span(e, o);
    size_t xl;
    const char *x = model_span_text(d, &s, &xl);
    int it = lmodel_item(e, o);
    const char *item = "";
    if (it >= 0) item = d->items.v[it].number ? d->items.v[it].number : d->items.v[it].title;
    char mbuf[256];
    if (findings_add(e->fs, r->id, sev, msg, d->path, e->doc_order, s.line, s.col, s.end_line, s.end_col, x, xl,
                     d->council, meeting_name(d, mbuf, sizeof mbuf), item) != SC_OK)
        return luaL_error(L, "out of memory");
    return 0;
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

static int progress(void *ud)
{
    engine *e = ud;
    e->instr_used += 1000;
    return e->instr_used > e->lim.instr_budget;
}

static void bind_value(lua_State *L, sqlite3_stmt *q, int i, int arg)
{
    switch (lua_type(L, arg)) {
    case LUA_TNIL: sqlite3_bind_null(q, i); break;
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
    default: luaL_argerror(L, arg, "query parameters must be nil, boolean, number or string");
    }
}

/* ctx:query(sql, ...) -> list of rows, each a table keyed by column name */
static int c_query(lua_State *L)
{
    engine *e = engine_from(L);
    luaL_checkudata(L, 1, CTX_MT);
    size_t n;
    const char *sql = luaL_checklstring(L, 2, &n);
    sqlite3 *db = store_db(e->st);
    sqlite3_stmt *q = NULL;
    const char *tail = NULL;
    sqlite3_set_authorizer(db, authorize, NULL);
    int rc = sqlite3_prepare_v2(db, sql, (int)n, &q, &tail);
    sqlite3_set_authorizer(db, NULL, NULL);
    if (rc != SQLITE_OK) {
        lua_pushfstring(L, "ctx:query: %s", sqlite3_errmsg(db));
        sqlite3_finalize(q);
        return lua_error(L);
    }
    if (!q) return luaL_error(L, "ctx:query: empty statement");
    while (tail && *tail && strchr(" \t\r\n;", *tail)) tail++;
    if ((tail && *tail) || !sqlite3_stmt_readonly(q)) {
        sqlite3_finalize(q);
        return luaL_error(L, "ctx:query: only one read-only statement is allowed");
    }
    int np = sqlite3_bind_parameter_count(q);
    if (np != lua_gettop(L) - 2) {
        sqlite3_finalize(q);
        return luaL_error(L, "ctx:query: the statement takes %d parameter(s), %d given", np, lua_gettop(L) - 2);
    }
    for (int i = 1; i <= np; i++) bind_value(L, q, i, i + 2);
    sqlite3_progress_handler(db, 1000, progress, e);
    lua_newtable(L);
    int row = 0, cols = sqlite3_column_count(q);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
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
    sqlite3_progress_handler(db, 0, NULL, NULL);
    if (row > MAX_ROWS) {
        sqlite3_finalize(q);
        return luaL_error(L, "ctx:query: more than %d rows; add a LIMIT", MAX_ROWS);
    }
    if (rc != SQLITE_DONE) {
        lua_pushfstring(L, "ctx:query: %s", rc == SQLITE_INTERRUPT ? "interrupted: instruction budget exceeded" : sqlite3_errmsg(db));
        sqlite3_finalize(q);
        return lua_error(L);
    }
    sqlite3_finalize(q);
    return 1;
}

static int c_index(lua_State *L)
{
    engine *e = engine_from(L);
    lctx *c = luaL_checkudata(L, 1, CTX_MT);
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "args")) lua_getiuservalue(L, 1, 1);
    else if (!strcmp(k, "rule")) lua_pushstring(L, e->rules[c->rule].id);
    else if (!strcmp(k, "severity")) lua_pushstring(L, sc_severity_name(e->rules[c->rule].severity));
    else lua_getfield(L, lua_upvalueindex(1), k);
    return 1;
}

static int c_newindex(lua_State *L) { return luaL_error(L, "ctx is read-only"); }

static const luaL_Reg ctx_methods[] = {
    { "flag", c_flag },
    { "query", c_query },
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
