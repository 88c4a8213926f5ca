/*
 * re.c — the `re` plugin: PCRE2 regular expressions for rule authors.
 *
 *   local re = require "scrutiny.re"
 *   local rx = re.compile([[(?<n>\d+(?:\.\d+)?)\s*(?:%|per cent)]], "i")
 *   local m = rx:match(sentence.text)        -- m[0], m[1], m.n, m.start, m.stop; or nil
 *   for m in rx:gmatch(text) do ... end
 *   local s, e = rx:find(text)
 *   re.match(text, pattern [, flags]), re.find(...), re.gmatch(...)   -- compiled once, cached
 *
 * Flags: i caseless, m multiline, s dot matches newline, x extended. Patterns and subjects are
 * UTF-8. Every match runs with a match limit, a depth limit and a heap limit, so a catastrophic
 * pattern fails with an error instead of hanging the run; the host's time limit does not reach
 * inside PCRE2, these do.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <lauxlib.h>
#include <lua.h>
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "scrutiny_plugin.h"

#define RX_MT "scrutiny.re.pattern"
#define CACHE_MAX 256

static const sc_host_api *api; /* the host's table (the same for every host of the process) */

static const uint32_t MATCH_LIMIT = 1000000, DEPTH_LIMIT = 10000, HEAP_LIMIT_KIB = 20480;

typedef struct rx {
    pcre2_code *code;
    uint32_t ncap;
} rx;

static int rx_gc(lua_State *L)
{
    rx *r = luaL_checkudata(L, 1, RX_MT);
    if (r->code) pcre2_code_free(r->code); /* one closer: __gc and repeated calls agree */
    r->code = NULL;
    return 0;
}

static uint32_t parse_flags(lua_State *L, const char *f)
{
    uint32_t o = PCRE2_UTF | PCRE2_UCP;
    for (; *f; f++) {
        switch (*f) {
        case 'i': o |= PCRE2_CASELESS; break;
        case 'm': o |= PCRE2_MULTILINE; break;
        case 's': o |= PCRE2_DOTALL; break;
        case 'x': o |= PCRE2_EXTENDED; break;
        case 'u': break; /* always UTF-8 */
        default: luaL_error(L, "re: unknown flag '%c' (i, m, s, x)", *f);
        }
    }
    return o;
}

/* Compiles (or takes from the cache) and leaves the pattern userdata on the stack. */
static rx *compile(lua_State *L, const char *pat, size_t plen, const char *flags)
{
    uint32_t opts = parse_flags(L, flags);
    lua_getfield(L, LUA_REGISTRYINDEX, "scrutiny.re.cache");
    lua_pushfstring(L, "%s\n", flags);
    lua_pushlstring(L, pat, plen);
    lua_concat(L, 2);
    lua_pushvalue(L, -1);
    if (lua_rawget(L, -3) != LUA_TNIL) {
        lua_replace(L, -3);
        lua_pop(L, 1);
        return lua_touserdata(L, -1);
    }
    lua_pop(L, 1);
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat, plen, opts, &err, &off, NULL);
    if (!code) {
        PCRE2_UCHAR msg[200];
        pcre2_get_error_message(err, msg, sizeof msg);
        luaL_error(L, "re: bad pattern at offset %d: %s", (int)off, (const char *)msg);
        return NULL;
    }
    rx *r = lua_newuserdatauv(L, sizeof *r, 0);
    r->code = code;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &r->ncap);
    luaL_setmetatable(L, RX_MT);
    /* cache: stack is cache, key, rx */
    lua_Integer n = 0;
    lua_pushnil(L);
    while (lua_next(L, -4)) { n++; lua_pop(L, 1); }
    if (n >= CACHE_MAX) { /* full: start afresh rather than track recency */
        lua_newtable(L);
        lua_setfield(L, LUA_REGISTRYINDEX, "scrutiny.re.cache");
        lua_getfield(L, LUA_REGISTRYINDEX, "scrutiny.re.cache");
        lua_replace(L, -4);
    }
    lua_pushvalue(L, -2);
    lua_pushvalue(L, -2);
    lua_rawset(L, -5);
    lua_replace(L, -3);
    lua_pop(L, 1);
    return r;
}

/* Runs one match from byte `start`; pushes the match table and returns 1, or returns 0. */
static int run(lua_State *L, rx *r, const char *s, size_t n, size_t start, size_t *next)
{
    if (!r->code) luaL_error(L, "re: the pattern was closed");
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->code, NULL);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    if (!md || !mc) {
        pcre2_match_data_free(md);
        pcre2_match_context_free(mc);
        return luaL_error(L, "re: out of memory");
    }
    pcre2_set_match_limit(mc, MATCH_LIMIT);
    pcre2_set_depth_limit(mc, DEPTH_LIMIT);
    pcre2_set_heap_limit(mc, HEAP_LIMIT_KIB);
    int rc = pcre2_match(r->code, (PCRE2_SPTR)s, n, start, 0, md, mc);
    pcre2_match_context_free(mc);
    /* the bytes the match went over, paid into the rule's budget (a byte costs 1/64 of a Lua
     * instruction, as the sandbox charges string work); charge may raise, so after freeing */
    double cost = (double)((rc >= 0 ? pcre2_get_ovector_pointer(md)[1] : n) - start) / 64;
    if (rc == PCRE2_ERROR_NOMATCH) {
        pcre2_match_data_free(md);
        api->charge(L, cost);
        return 0;
    }
    if (rc < 0) {
        PCRE2_UCHAR msg[200];
        pcre2_get_error_message(rc, msg, sizeof msg);
        pcre2_match_data_free(md);
        api->charge(L, cost);
        if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
            return luaL_error(L, "re: pattern too costly, stopped: %s", (const char *)msg);
        return luaL_error(L, "re: %s", (const char *)msg);
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    lua_createtable(L, (int)r->ncap, 4);
    for (uint32_t i = 0; i <= r->ncap; i++) {
        if (ov[2 * i] == PCRE2_UNSET) lua_pushboolean(L, 0);
        else lua_pushlstring(L, s + ov[2 * i], ov[2 * i + 1] - ov[2 * i]);
        lua_rawseti(L, -2, (lua_Integer)i);
    }
    lua_pushinteger(L, (lua_Integer)ov[0] + 1);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)ov[1]);
    lua_setfield(L, -2, "stop");
    /* named groups */
    uint32_t count, size;
    PCRE2_SPTR table;
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMETABLE, &table);
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *e = table + i * size;
        int g = (e[0] << 8) | e[1];
        lua_rawgeti(L, -1, g);
        lua_setfield(L, -2, (const char *)e + 2);
    }
    *next = ov[1] > ov[0] ? ov[1] : ov[1] + 1; /* an empty match moves on by one */
    pcre2_match_data_free(md);
    api->charge(L, cost);
    return 1;
}

static size_t init_of(lua_State *L, int idx, size_t n)
{
    lua_Integer i = luaL_optinteger(L, idx, 1);
    if (i < 1) i = 1;
    return (size_t)i - 1 > n ? n : (size_t)i - 1;
}

static int rx_match(lua_State *L)
{
    rx *r = luaL_checkudata(L, 1, RX_MT);
    size_t n, next;
    const char *s = luaL_checklstring(L, 2, &n);
    if (!run(L, r, s, n, init_of(L, 3, n), &next)) lua_pushnil(L);
    return 1;
}

static int rx_find(lua_State *L)
{
    rx *r = luaL_checkudata(L, 1, RX_MT);
    size_t n, next;
    const char *s = luaL_checklstring(L, 2, &n);
    if (!run(L, r, s, n, init_of(L, 3, n), &next)) { lua_pushnil(L); return 1; }
    lua_getfield(L, -1, "start");
    lua_getfield(L, -2, "stop");
    return 2;
}

static int gmatch_step(lua_State *L)
{
    rx *r = luaL_checkudata(L, lua_upvalueindex(1), RX_MT);
    size_t n, next;
    const char *s = lua_tolstring(L, lua_upvalueindex(2), &n);
    size_t pos = (size_t)lua_tointeger(L, lua_upvalueindex(3));
    if (pos > n || !run(L, r, s, n, pos, &next)) return 0;
    lua_pushinteger(L, (lua_Integer)next);
    lua_replace(L, lua_upvalueindex(3));
    return 1;
}

static int rx_gmatch(lua_State *L)
{
    luaL_checkudata(L, 1, RX_MT);
    luaL_checkstring(L, 2);
    lua_settop(L, 2);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, gmatch_step, 3);
    return 1;
}

static int re_compile(lua_State *L)
{
    size_t pl;
    const char *p = luaL_checklstring(L, 1, &pl);
    compile(L, p, pl, luaL_optstring(L, 2, ""));
    return 1;
}

/* re.match(subject, pattern [, flags [, init]]), re.find, re.gmatch: compiled once, cached. */
static rx *cached(lua_State *L)
{
    lua_settop(L, 4); /* subject, pattern, flags, init: the compiled pattern goes above them */
    size_t pl;
    const char *p = luaL_checklstring(L, 2, &pl);
    return compile(L, p, pl, luaL_optstring(L, 3, ""));
}

static int re_match(lua_State *L)
{
    size_t n, next;
    const char *s = luaL_checklstring(L, 1, &n);
    rx *r = cached(L);
    if (!run(L, r, s, n, init_of(L, 4, n), &next)) lua_pushnil(L);
    return 1;
}

static int re_find(lua_State *L)
{
    size_t n, next;
    const char *s = luaL_checklstring(L, 1, &n);
    rx *r = cached(L);
    if (!run(L, r, s, n, init_of(L, 4, n), &next)) { lua_pushnil(L); return 1; }
    lua_getfield(L, -1, "start");
    lua_getfield(L, -2, "stop");
    return 2;
}

static int re_gmatch(lua_State *L)
{
    luaL_checkstring(L, 1);
    cached(L);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, gmatch_step, 3);
    return 1;
}

static int open_re(lua_State *L)
{
    if (luaL_newmetatable(L, RX_MT)) {
        static const luaL_Reg methods[] = { { "match", rx_match }, { "find", rx_find }, { "gmatch", rx_gmatch }, { NULL, NULL } };
        luaL_newlib(L, methods);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, rx_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushliteral(L, "locked");
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "scrutiny.re.cache");
    static const luaL_Reg fns[] = { { "compile", re_compile }, { "match", re_match }, { "find", re_find },
                                    { "gmatch", re_gmatch }, { NULL, NULL } };
    luaL_newlib(L, fns);
    return 1;
}

const sc_plugin_info sc_plugin_meta = { SC_PLUGIN_ABI_MAJOR, SC_PLUGIN_ABI_MINOR, "re", "1.1" };

int sc_plugin_register(const sc_host_api *host, sc_plugin *p);
int sc_plugin_register(const sc_host_api *host, sc_plugin *p)
{
    api = host;
    return api->register_lua_module(p, "re", open_re);
}
