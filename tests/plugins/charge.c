/* A plugin of ABI 1.1: a Lua module whose functions pay for their C work into the rule's budget
 * (api->charge), and a loader of kind scorecard claiming "*.scores" files for the host's own
 * scorecard reader.
 *   require "scrutiny.costly"
 *   costly.spend(n)     charges n instructions
 *   costly.spin(s)      works in C for up to s seconds, charging nothing but the time
 */
#define _POSIX_C_SOURCE 200809L
#include <lauxlib.h>
#include <lua.h>
#include <time.h>

#include "scrutiny_plugin.h"

static const sc_host_api *api;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int spend(lua_State *L)
{
    api->charge(L, luaL_checknumber(L, 1));
    lua_pushboolean(L, 1);
    return 1;
}

static int spin(lua_State *L)
{
    double until = now() + luaL_checknumber(L, 1);
    while (now() < until) api->charge(L, 0); /* the deadline is checked even at no cost */
    lua_pushboolean(L, 1);
    return 1;
}

static int open_costly(lua_State *L)
{
    static const luaL_Reg fns[] = { { "spend", spend }, { "spin", spin }, { NULL, NULL } };
    luaL_newlib(L, fns);
    return 1;
}

const sc_plugin_info sc_plugin_meta = { SC_PLUGIN_ABI_MAJOR, SC_PLUGIN_ABI_MINOR, "costly", "1.1" };

int sc_plugin_register(const sc_host_api *host, sc_plugin *p);
int sc_plugin_register(const sc_host_api *host, sc_plugin *p)
{
    static const char *const ext[] = { ".scores", NULL };
    api = host;
    sc_loader_def scores = { "scores", ext, NULL, NULL, NULL };
    return api->register_lua_module(p, "costly", open_costly) || api->register_loader_kind(p, &scores, SC_LOADER_SCORECARD);
}
