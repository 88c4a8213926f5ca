/*
 * lua_bugguard.c — defences against bugs of Lua 5.4.4, the version Debian 12 ships, that a rule
 * can reach (Lua's published list for 5.4.4, and what Debian's patches brought; the C-stack
 * overflow of nested coroutine.close is in lua_coguard.c). Each is fixed upstream in 5.4.6.
 *
 * - A metamethod __concat can crash the host: Debian's fix for CVE-2022-33099 (upstream
 *   42d40581) makes luaV_concat keep a pointer into the stack across the metamethod's call,
 *   and the stack may move meanwhile (grown by the call, or shrunk by a collection), so the VM
 *   writes through freed memory (upstream 603b2c64 fixed it later). No rule's metatable may
 *   hold __concat. setmetatable gives the table a copy of the metatable's metamethods, made
 *   when it is called and never reachable from Lua (getmetatable returns the original through
 *   __metatable), so __concat cannot be added to it afterwards either.
 * - Wrong code for bitwise operations (upstream c764ca71): in a function with more than 256
 *   constants, `1 ~ (2 or 3)` computes 0. A chunk with such a function and a bitwise operation
 *   on registers is refused when it is compiled (rule files, require, load).
 * - utf8.codes accepts spurious continuation bytes (upstream a1089b41): the rules' utf8.codes
 *   refuses a string that is not valid UTF-8 before it iterates.
 */
#include <lauxlib.h>
#include <stdint.h>
#include <string.h>

#include "engine.h"

static const char proxy_key = 0;     /* in a copy: its metatable is one we made */
static const char protected_key = 0; /* in a copy: the rule's metatable had its own __metatable */

/* setmetatable(t, mt) for rules: t gets a copy of mt's metamethods (string keys "__..."), with
 * __metatable = mt unless mt sets one; __gc (a finalizer would run outside every limit) and
 * __concat (above) are refused. Later changes to mt's metamethods do not reach t. */
int lbugguard_setmetatable(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    int t = lua_type(L, 2);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    lua_settop(L, 2);
    if (lua_getmetatable(L, 1)) { /* 3 */
        int ours = lua_rawgetp(L, 3, &proxy_key) != LUA_TNIL;
        int prot = ours ? lua_rawgetp(L, 3, &protected_key) != LUA_TNIL : (lua_pushliteral(L, "__metatable"), lua_rawget(L, 3) != LUA_TNIL);
        if (prot) return luaL_error(L, "cannot change a protected metatable");
        lua_settop(L, 2);
    }
    if (t == LUA_TNIL) {
        lua_setmetatable(L, 1);
        return 1; /* t */
    }
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "setmetatable: __gc finalizers are not allowed in rules");
    lua_pushliteral(L, "__concat");
    if (lua_rawget(L, 2) != LUA_TNIL)
        return luaL_error(L, "setmetatable: __concat metamethods are not allowed in rules (Lua 5.4.4 as Debian ships it can "
                             "crash when one runs)");
    lua_settop(L, 2);
    lua_newtable(L); /* 3: the copy */
    int prot = 0;
    lua_pushnil(L);
    while (lua_next(L, 2)) {
        size_t n;
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &n) : NULL;
        if (k && n > 2 && k[0] == '_' && k[1] == '_') {
            prot |= !strcmp(k, "__metatable");
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, 3);
        } else {
            lua_pop(L, 1);
        }
        engine_charge(L, 1); /* a metatable of many fields costs in proportion */
    }
    if (!prot) {
        lua_pushvalue(L, 2);
        lua_setfield(L, 3, "__metatable");
    } else {
        lua_pushboolean(L, 1);
        lua_rawsetp(L, 3, &protected_key);
    }
    lua_pushboolean(L, 1);
    lua_rawsetp(L, 3, &proxy_key);
    lua_setmetatable(L, 1);
    lua_settop(L, 1);
    return 1;
}

/* ---- compiled code ------------------------------------------------------------------------- */

typedef struct dump {
    unsigned char *b;
    size_t n, cap, at;
    int bad; /* 1: malformed, 2: a function the bug can miscompile */
} dump;

static int writer(lua_State *L, const void *p, size_t sz, void *ud)
{
    dump *d = ud;
    if (d->n + sz > d->cap) {
        size_t nc = (d->n + sz) * 2;
        void *ud2;
        lua_Alloc a = lua_getallocf(L, &ud2);
        unsigned char *nb = a(ud2, d->b, d->cap, nc);
        if (!nb) return 1;
        d->b = nb;
        d->cap = nc;
    }
    memcpy(d->b + d->n, p, sz);
    d->n += sz;
    return 0;
}

static size_t rd_size(dump *d)
{
    size_t x = 0;
    for (;;) {
        if (d->at >= d->n) { d->bad = 1; return 0; }
        unsigned char c = d->b[d->at++];
        x = (x << 7) | (c & 0x7f);
        if (c & 0x80) return x;
    }
}

static void skip(dump *d, size_t n)
{
    if (n > d->n - d->at) d->bad = 1;
    else d->at += n;
}

static void skip_string(dump *d)
{
    size_t n = rd_size(d);
    if (n) skip(d, n - 1);
}

/* One function of a stripped dump (ldump.c's order), and its nested ones. */
static void scan_function(dump *d, int depth)
{
    if (depth > 250) { d->bad = 1; return; }
    skip_string(d);                    /* source */
    rd_size(d);                        /* linedefined */
    rd_size(d);                        /* lastlinedefined */
    skip(d, 3);                        /* numparams, is_vararg, maxstacksize */
    size_t ncode = rd_size(d), code = d->at;
    if (ncode > (d->n - d->at) / 4) { d->bad = 1; return; }
    skip(d, ncode * 4);
    size_t nk = rd_size(d);
    for (size_t i = 0; i < nk && !d->bad; i++) {
        if (d->at >= d->n) { d->bad = 1; return; }
        switch (d->b[d->at++]) {
        case 0x03: case 0x13: skip(d, 8); break; /* integer, float */
        case 0x04: case 0x14: skip_string(d); break; /* short, long string */
        default: break;                           /* nil, false, true */
        }
    }
    /* the bug: an integer constant past index 255 cannot be an operand of a K instruction, and
     * codebitwise then emits a register instruction that reads the wrong operand */
    if (nk > 256) {
        for (size_t i = 0; i < ncode && !d->bad; i++) {
            uint32_t ins; /* stored in host order, the opcode in the low 7 bits */
            memcpy(&ins, d->b + code + 4 * i, sizeof ins);
            unsigned op = ins & 0x7f;
            if (op >= 41 && op <= 45) d->bad = 2; /* OP_BAND OP_BOR OP_BXOR OP_SHL OP_SHR */
        }
    }
    size_t nup = rd_size(d);
    skip(d, nup * 3);
    size_t np = rd_size(d);
    for (size_t i = 0; i < np && !d->bad; i++) scan_function(d, depth + 1);
    for (int part = 0; part < 4 && !d->bad; part++) rd_size(d); /* stripped debug info: counts of 0 */
}

int lbugguard_check_chunk(lua_State *L)
{
    dump d = { NULL, 0, 0, 0, 0 };
    int failed = lua_dump(L, writer, &d, 1);
    if (!failed) {
        d.at = 4 + 1 + 1 + 6 + 3 + 8 + 8 + 1; /* header (LUAC_DATA, sizes, LUAC_INT, LUAC_NUM), upvalues */
        if (d.at > d.n) d.bad = 1;
        else scan_function(&d, 0);
    }
    void *ud;
    lua_Alloc a = lua_getallocf(L, &ud);
    a(ud, d.b, d.cap, 0);
    if (failed) lua_pushliteral(L, "not enough memory to check the compiled chunk");
    else if (d.bad == 1) lua_pushliteral(L, "cannot read the compiled chunk");
    else if (d.bad == 2)
        lua_pushliteral(L, "a function with more than 256 constants uses a bitwise operator (& | ~ << >>) on a value "
                           "that is not a constant: Lua 5.4.4 may compile it to a wrong result; move that operation into a "
                           "function of its own");
    else return 0;
    return 1;
}

/* ---- utf8.codes ---------------------------------------------------------------------------- */

/* utf8.codes(s [, lax]): refuses a string utf8.len rejects (the library's own error message),
 * then iterates as the library does. Upvalue 1: the real codes; 2: utf8.len. */
static int g_codes(lua_State *L)
{
    luaL_checkstring(L, 1);
    int lax = lua_toboolean(L, 2);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 1);
    lua_pushinteger(L, -1);
    lua_pushboolean(L, lax);
    lua_call(L, 4, 1);
    if (lua_isnil(L, -1)) return luaL_error(L, "invalid UTF-8 code");
    lua_pop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

void lbugguard_wrap(lua_State *L)
{
    lua_getglobal(L, "utf8");
    lua_getfield(L, -1, "codes");
    lua_getfield(L, -2, "len");
    lua_pushcclosure(L, g_codes, 2);
    lua_setfield(L, -2, "codes");
    lua_pop(L, 1);
}
