/*
 * lua_patguard.c — a cost guard in front of string.find, match, gmatch and gsub.
 *
 * Lua's pattern matcher runs in C, where the count hook never fires, and it backtracks: ".-.-.-b"
 * over a long run of "a" takes time growing as the subject length to the fourth power, so one
 * call can hang a run however small the instruction budget. Before a call the guard bounds the
 * work from above: each quantified single-character class (x*, x+, x-) can expand at most over
 * the longest run of subject characters in that class, so the steps are at most
 *     (start positions) x product over quantified items of (longest run + 1)
 * and a call whose bound exceeds the budget is refused with a message, before it starts. Plain
 * finds and patterns without quantifiers pass straight through. The bound is loose for '.',
 * which matches every byte: such patterns over very long subjects are refused even when they
 * would have matched early; rules should use item:find_any for keywords.
 */
#include <ctype.h>
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"

/* Does class letter `cl` (as after '%') match byte c? */
static int class_match(int c, int cl)
{
    int r;
    switch (tolower(cl)) {
    case 'a': r = isalpha(c); break;
    case 'c': r = iscntrl(c); break;
    case 'd': r = isdigit(c); break;
    case 'g': r = isgraph(c); break;
    case 'l': r = islower(c); break;
    case 'p': r = ispunct(c); break;
    case 's': r = isspace(c); break;
    case 'u': r = isupper(c); break;
    case 'w': r = isalnum(c); break;
    case 'x': r = isxdigit(c); break;
    default: return cl == c;
    }
    if (isupper(cl)) r = !r;
    return r != 0;
}

/* Does the set [p, ep) (between the brackets, ep at ']') match byte c? */
static int set_match(int c, const char *p, const char *ep)
{
    int neg = 0;
    if (*p == '^') { neg = 1; p++; }
    while (p < ep) {
        if (*p == '%' && p + 1 < ep) {
            if (class_match(c, (unsigned char)p[1])) return !neg;
            p += 2;
        } else if (p + 2 < ep && p[1] == '-') {
            if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2]) return !neg;
            p += 3;
        } else {
            if ((unsigned char)*p == c) return !neg;
            p++;
        }
    }
    return neg;
}

typedef struct {
    char kind; /* '.', '%', '[' or 'c' (literal) */
    int cl;
    const char *set, *set_end;
} item;

static int item_match(const item *it, int c)
{
    switch (it->kind) {
    case '.': return 1;
    case '%': return class_match(c, it->cl);
    case '[': return set_match(c, it->set, it->set_end);
    default: return c == it->cl;
    }
}

/* Longest run of subject bytes the item matches. */
static size_t longest_run(const item *it, const unsigned char *s, size_t n)
{
    if (it->kind == '.') return n;
    size_t best = 0, cur = 0;
    for (size_t i = 0; i < n; i++) {
        cur = item_match(it, s[i]) ? cur + 1 : 0;
        if (cur > best) best = cur;
    }
    return best;
}

/* Upper bound of matcher steps for pattern p on subject s; saturates at `cap`. */
static double estimate(const char *p, size_t pl, const unsigned char *s, size_t n, double cap)
{
    const char *pe = p + pl;
    double cost = 1;
    if (p < pe && *p == '^') p++;
    else cost = (double)n + 1; /* unanchored: every start position */
    while (p < pe && cost < cap) {
        item it = { 'c', 0, NULL, NULL };
        switch (*p) {
        case '(': case ')': p++; continue;
        case '.': it.kind = '.'; p++; break;
        case '[': {
            const char *q = p + 1;
            if (q < pe && *q == '^') q++;
            do { /* the first ']' of a set is a literal */
                if (q < pe && *q == '%') q++;
                q++;
            } while (q < pe && *q != ']');
            if (q >= pe) return cost; /* malformed: Lua reports it */
            it.kind = '[';
            it.set = p + 1;
            it.set_end = q;
            p = q + 1;
            break;
        }
        case '%':
            if (p + 1 >= pe) return cost;
            if (p[1] == 'b') { p += 4; continue; }       /* %bxy: balanced, linear */
            if (p[1] == 'f') {                             /* %f[set]: a frontier, no width */
                const char *q = p + 3;
                while (q < pe && *q != ']') q += *q == '%' ? 2 : 1;
                p = q + 1;
                continue;
            }
            if (isdigit((unsigned char)p[1])) { cost *= (double)n + 1; p += 2; continue; } /* back-reference */
            it.kind = '%';
            it.cl = (unsigned char)p[1];
            p += 2;
            break;
        default:
            it.cl = (unsigned char)*p;
            p++;
        }
        if (p < pe && (*p == '*' || *p == '+' || *p == '-')) {
            cost *= (double)longest_run(&it, s, n) + 1;
            p++;
        } else if (p < pe && *p == '?') {
            cost *= 2;
            p++;
        }
    }
    return cost;
}

static int has_specials(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strchr("^$*+?.([%-", p[i])) return 1;
    return 0;
}

/* Wrapper: upvalue 1 is the original function; `plain_arg` is the index of find's `plain`. */
static int guarded(lua_State *L, int plain_arg)
{
    size_t n, pl;
    const char *s = luaL_checklstring(L, 1, &n);
    const char *p = luaL_checklstring(L, 2, &pl);
    int plain = plain_arg && lua_toboolean(L, plain_arg);
    if (!plain && has_specials(p, pl)) {
        engine *e = engine_from(L);
        double cap = (double)e->lim.instr_budget * 2;
        double cost = estimate(p, pl, (const unsigned char *)s, n, cap * 2);
        if (cost > cap) {
            char nums[64];
            snprintf(nums, sizeof nums, "it could take more than %.3g steps", cap);
            return luaL_error(L, "pattern '%s' is too costly on a subject of %d bytes (%s); "
                                 "use item:find_any for keywords, or anchor or narrow the pattern",
                              p, (int)n, nums);
        }
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

static int g_find(lua_State *L) { return guarded(L, 4); }
static int g_other(lua_State *L) { return guarded(L, 0); }

void lpatguard_wrap(lua_State *L)
{
    static const char *const names[] = { "find", "match", "gmatch", "gsub" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        lua_getfield(L, -1, names[i]);
        lua_pushcclosure(L, i == 0 ? g_find : g_other, 1);
        lua_setfield(L, -2, names[i]);
    }
}
