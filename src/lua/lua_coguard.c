/*
 * lua_coguard.c — rule code that Lua would run where the count hook cannot stop it.
 *
 * When the hook raises the limit error, Lua calls the innermost xpcall message handler from
 * inside the hook, where hooks are off: a handler that loops would run forever. A coroutine
 * that dies of that error keeps hooks off, and Lua 5.4.4 then runs its to-be-closed variables
 * (coroutine.close, or coroutine.wrap after the error) with hooks still off. So:
 *   - xpcall's handler is called only while no limit has been hit in the call;
 *   - a coroutine that died while a limit was hit is marked, and never closed;
 *   - resume, wrap and close keep the engine's record of the running thread (for the
 *     watchdog, which must set the hook of the thread that runs), and count how deeply closes
 *     nest: Lua 5.4.4 does not count the C stack across coroutine.close (a chain of closes
 *     from __close overflows it and kills the process; fixed in 5.4.6 by lua_closethread).
 */
#include <lauxlib.h>
#include <string.h>

#include "engine.h"

/* Closes nested in closes. Each level may hold up to LUAI_MAXCCALLS (200) C calls that Lua
 * counts from a stale base: a few levels fit the C stack, thousands do not. */
#define MAX_CLOSE_NESTING 8

#define STOPPED_KEY "scrutiny.stopped" /* registry: weak set of threads that died of a limit */

/* ---- xpcall ------------------------------------------------------------------------------ */

/* The rule's message handler (upvalue 1), skipped once a limit is hit. */
static int guarded_handler(lua_State *L)
{
    if (engine_from(L)->limit_hit) {
        lua_settop(L, 1);
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int finish_xpcall(lua_State *L, int status, lua_KContext extra)
{
    if (status != LUA_OK && status != LUA_YIELD) {
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - (int)extra;
}

/* xpcall(f, msgh, ...): Lua's, with msgh behind guarded_handler. */
static int g_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);
    lua_pushboolean(L, 1); /* the first result when f returns */
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2); /* true and f below f's arguments */
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_xpcall);
    return finish_xpcall(L, status, 2);
}

/* ---- coroutines -------------------------------------------------------------------------- */

static lua_State *getco(lua_State *L)
{
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "thread");
    return co;
}

static int is_stopped(lua_State *L, lua_State *co)
{
    lua_getfield(L, LUA_REGISTRYINDEX, STOPPED_KEY);
    lua_pushthread(co);
    lua_xmove(co, L, 1);
    int stopped = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return stopped;
}

/* lua_resume with the engine's running thread set to co while it runs. Returns the number of
 * results moved to L, or -1 with the error message on L. */
static int resume(lua_State *L, lua_State *co, int narg)
{
    engine *e = engine_from(L);
    if (!lua_checkstack(co, narg)) {
        lua_pushliteral(L, "too many arguments to resume");
        return -1;
    }
    lua_xmove(L, co, narg);
    lua_State *outer = e->run_L;
    e->run_L = co;
    int nres, status = lua_resume(co, L, narg, &nres);
    e->run_L = outer;
    if (status == LUA_OK || status == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            lua_pushliteral(L, "too many results to resume");
            return -1;
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    lua_xmove(co, L, 1);
    if (e->limit_hit) { /* it died with hooks off: its __close must never run */
        lua_sethook(L, lua_gethook(co), LUA_MASKCOUNT, 1); /* and the resumer stops at once too */
        lua_getfield(L, LUA_REGISTRYINDEX, STOPPED_KEY);
        lua_pushthread(co);
        lua_xmove(co, L, 1);
        lua_pushboolean(L, 1);
        lua_rawset(L, -3);
        lua_pop(L, 1);
    }
    return -1;
}

/* lua_resetthread, counted and with the running thread set; leaves the status's message on co. */
static int reset(lua_State *L, lua_State *co)
{
    engine *e = engine_from(L);
    if (e->close_depth >= MAX_CLOSE_NESTING)
        return luaL_error(L, "coroutine.close: closes nested more than %d deep", MAX_CLOSE_NESTING);
    lua_State *outer = e->run_L;
    e->close_depth++;
    e->run_L = co;
    int status = lua_resetthread(co);
    e->run_L = outer;
    e->close_depth--;
    return status;
}

static int g_resume(lua_State *L)
{
    lua_State *co = getco(L);
    int r = resume(L, co, lua_gettop(L) - 1);
    if (r < 0) {
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_insert(L, -(r + 1));
    return r + 1;
}

static int wrapped(lua_State *L)
{
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int r = resume(L, co, lua_gettop(L));
    if (r >= 0) return r;
    int stat = lua_status(co);
    if (stat != LUA_OK && stat != LUA_YIELD && !is_stopped(L, co)) { /* close its tbc variables */
        stat = reset(L, co);
        lua_xmove(co, L, 1);
    }
    if (stat != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

static int g_wrap(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    lua_pushcclosure(L, wrapped, 1);
    return 1;
}

static int g_close(lua_State *L)
{
    lua_State *co = getco(L);
    lua_pushvalue(L, lua_upvalueindex(1)); /* coroutine.status: what Lua itself would say */
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    const char *st = lua_tostring(L, -1);
    if (strcmp(st, "dead") != 0 && strcmp(st, "suspended") != 0) return luaL_error(L, "cannot close a %s coroutine", st);
    if (is_stopped(L, co)) {
        lua_pushboolean(L, 0);
        lua_pushliteral(L, "coroutine.close: the coroutine was stopped by a limit; its to-be-closed variables are not run");
        return 2;
    }
    if (reset(L, co) == LUA_OK) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushboolean(L, 0);
    lua_xmove(co, L, 1);
    return 2;
}

void lcoguard_wrap(lua_State *L)
{
    lua_newtable(L);
    lua_newtable(L);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, STOPPED_KEY);
    lua_pushcfunction(L, g_xpcall);
    lua_setglobal(L, "xpcall");
    lua_getglobal(L, "coroutine");
    lua_pushcfunction(L, g_resume);
    lua_setfield(L, -2, "resume");
    lua_pushcfunction(L, g_wrap);
    lua_setfield(L, -2, "wrap");
    lua_getfield(L, -1, "status");
    lua_pushcclosure(L, g_close, 1);
    lua_setfield(L, -2, "close");
    lua_pop(L, 1);
}
