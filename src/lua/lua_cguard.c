/*
 * lua_cguard.c — library functions whose work the count hook cannot see.
 *
 * The hook counts Lua instructions; a C function runs to its end between two of them. Some do
 * work that the rule chooses without paying for it: table.move({}, 1, 1e15, 2) and
 * string.rep("", 1e15) loop 10^15 times without allocating, table.sort compares in C (and a
 * comparison of two long strings is itself long), table.insert and table.remove shift the whole
 * array, table.concat reads every index of a range however it is filled, string.upper, lower,
 * reverse, byte, utf8.len, utf8.codepoint and tonumber read the whole of a string that may be
 * hundreds of megabytes. Each wrapper charges
 * that work to the call's instruction budget before it starts (refusing it when the budget
 * cannot pay), and table.sort compares through a closure that charges every comparison and
 * checks the deadline, so a sort is stopped while it runs.
 */
#include <lauxlib.h>
#include <stdint.h>
#include <string.h>

#include "engine.h"

/* Calls the original (upvalue 1) with the arguments as they are; returns its results. The
 * library's functions are C functions without upvalues (upvalue 2 holds one as a light
 * userdata): they run in the wrapper's own call, as if Lua had called them, without a second
 * call through the VM. */
static int call_original(lua_State *L)
{
    lua_CFunction f = (lua_CFunction)(uintptr_t)lua_touserdata(L, lua_upvalueindex(2));
    if (f) return f(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* string.rep(s, n [, sep]) */
static int g_rep(lua_State *L)
{
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n > 0 && l + lsep == 0) { /* n copies of nothing: Lua would still loop n times */
        lua_pushliteral(L, "");
        return 1;
    }
    /* charge the copying; a result larger than the memory limit fails to allocate, reported as such */
    double total = (double)(l + lsep) * (double)n;
    if (n > 0 && total <= (double)engine_from(L)->lim.mem_limit) engine_charge(L, total / 64);
    return call_original(L);
}

/* Functions that read their first argument, a string, whole. */
static int g_bylen(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TSTRING) engine_charge(L, (double)lua_rawlen(L, 1) / 64);
    return call_original(L);
}

/* table.move(a1, f, e, t [, a2]) */
static int g_move(lua_State *L)
{
    lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
    if (e >= f) engine_charge(L, (double)e - (double)f + 1);
    return call_original(L);
}

/* table.concat(t [, sep [, i [, j]]]) */
static int g_concat(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_Integer i = luaL_optinteger(L, 3, 1);
    lua_Integer j = lua_isnoneornil(L, 4) ? luaL_len(L, 1) : luaL_checkinteger(L, 4);
    if (j >= i) engine_charge(L, (double)j - (double)i + 1);
    return call_original(L);
}

/* table.insert(t, [pos,] v): the elements after pos move up. */
static int g_insert(lua_State *L)
{
    if (lua_gettop(L) == 3) {
        luaL_checkany(L, 1);
        lua_Integer n = luaL_len(L, 1), pos = luaL_checkinteger(L, 2);
        if (n >= pos) engine_charge(L, (double)n - (double)pos + 1);
    }
    return call_original(L);
}

/* table.remove(t [, pos]): the elements after pos move down. */
static int g_remove(lua_State *L)
{
    if (lua_gettop(L) >= 2) {
        luaL_checkany(L, 1);
        lua_Integer n = luaL_len(L, 1), pos = luaL_optinteger(L, 2, n);
        if (n >= pos) engine_charge(L, (double)n - (double)pos + 1);
    }
    return call_original(L);
}

/* The comparison table.sort makes: the rule's function (upvalue 1) or '<'. */
static int metered_lt(lua_State *L)
{
    double cost = 1;
    if (lua_isnil(L, lua_upvalueindex(1))) {
        if (lua_type(L, 1) == LUA_TSTRING && lua_type(L, 2) == LUA_TSTRING) {
            size_t a = lua_rawlen(L, 1), b = lua_rawlen(L, 2);
            cost += (double)(a < b ? a : b) / 64;
        }
        int lt = lua_compare(L, 1, 2, LUA_OPLT);
        engine_charge(L, cost);
        lua_pushboolean(L, lt);
        return 1;
    }
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    engine_charge(L, cost);
    return 1;
}

/* table.sort(t [, comp]) */
static int g_sort(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    lua_pushcclosure(L, metered_lt, 1); /* pops the comparator (or nil) */
    return call_original(L);
}

/* Pushes the C function at idx as a light userdata when it has no upvalues (it may be called
 * directly), else nil. */
static void push_direct(lua_State *L, int idx)
{
    lua_CFunction f = lua_tocfunction(L, idx);
    if (f && lua_getupvalue(L, idx, 1)) { /* a closure: it reads its upvalues, so no */
        lua_pop(L, 1);
        f = NULL;
    }
    if (f) lua_pushlightuserdata(L, (void *)(uintptr_t)f);
    else lua_pushnil(L);
}

static void wrap(lua_State *L, const char *lib, const char *name, lua_CFunction f)
{
    lua_getglobal(L, lib);
    lua_getfield(L, -1, name);
    push_direct(L, -1);
    lua_pushcclosure(L, f, 2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

void lcguard_wrap(lua_State *L)
{
    wrap(L, "string", "rep", g_rep);
    wrap(L, "table", "move", g_move);
    wrap(L, "table", "concat", g_concat);
    wrap(L, "table", "insert", g_insert);
    wrap(L, "table", "remove", g_remove);
    wrap(L, "table", "sort", g_sort);
    static const char *const by_length[][2] = {
        { "string", "upper" }, { "string", "lower" }, { "string", "reverse" }, { "string", "byte" },
        { "utf8", "len" },     { "utf8", "codepoint" },
    };
    for (size_t i = 0; i < sizeof by_length / sizeof *by_length; i++) wrap(L, by_length[i][0], by_length[i][1], g_bylen);
    lua_getglobal(L, "tonumber");
    push_direct(L, -1);
    lua_pushcclosure(L, g_bylen, 2);
    lua_setglobal(L, "tonumber");
}
