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
#define _GNU_SOURCE /* memmem */
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

/* %bxy from every start position: a start at x scans to its balancing y, or to the end when
 * there is none. `total` is the sum of the scans, `longest` the longest one. */
static void balance_cost(int x, int y, const unsigned char *s, size_t n, double *total, double *longest)
{
    double sum = 0, best = 0;
    size_t depth = 0, outer = 0;
    for (size_t i = 0; i < n; i++) {
        if (x == y) { /* a scan ends at the next y */
            if (s[i] == x) {
                if (depth && (double)(i - outer) > best) best = (double)(i - outer);
                outer = i;
                depth = 1;
            }
        } else if (s[i] == y && depth) {
            if (--depth == 0 && (double)(i - outer) > best) best = (double)(i - outer);
        } else if (s[i] == x) {
            if (depth++ == 0) outer = i;
        }
        sum += (double)depth; /* every scan still open goes over byte i */
    }
    if (depth && (double)(n - outer) > best) best = (double)(n - outer);
    *total = sum + (double)n;
    *longest = best + 1;
}

/* Upper bound of matcher steps for pattern p on subject s; saturates at `cap`. The bound is
 * (start positions) x (items) x product over quantified items of (longest run + 1), where a
 * %bxy counts what its scans cost. `quick` takes every run as the whole subject, which needs no
 * scan of it: most calls are on short subjects, well under the cap even so. */
static double estimate(const char *p, size_t pl, const unsigned char *s, size_t n, double cap, int quick)
{
    const char *pe = p + pl;
    double cost = 1, items = 0;
    int first = 1, anchored = 0;
    if (p < pe && *p == '^') { p++; anchored = 1; }
    else cost = (double)n + 1; /* unanchored: every start position */
    while (p < pe && cost * (items > 0 ? items : 1) < cap) {
        int was_first = first;
        first = 0;
        items++;
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
            if (p[1] == 'b') { /* %bxy: a scan over the subject from each place it is tried */
                if (p + 3 >= pe) return cost; /* malformed: Lua reports it */
                double total = (double)n * ((double)n + 1) / 2 + (double)n, longest = (double)n + 1;
                if (!quick) balance_cost((unsigned char)p[2], (unsigned char)p[3], s, n, &total, &longest);
                if (was_first && !anchored) cost = total; /* the scans from every start */
                else cost *= longest;
                p += 4;
                continue;
            }
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
            cost *= (double)(quick ? n : longest_run(&it, s, n)) + 1;
            p++;
        } else if (p < pe && *p == '?') {
            cost *= 2;
            p++;
        }
    }
    return cost * (items > 0 ? items : 1);
}

static int has_specials(const char *p, size_t n)
{
    static const unsigned char special[256] = { ['^'] = 1, ['$'] = 1, ['*'] = 1, ['+'] = 1, ['?'] = 1,
                                                ['.'] = 1, ['('] = 1, ['['] = 1, ['%'] = 1, ['-'] = 1 };
    for (size_t i = 0; i < n; i++)
        if (special[(unsigned char)p[i]]) return 1;
    return 0;
}

/* string.find(s, p, init, plain) for a plain search: memmem is linear where Lua's search is
 * (length of s) x (length of p) on repetitive text. Same results as Lua's. */
static int plain_find(lua_State *L, const char *s, size_t n, const char *p, size_t pl)
{
    lua_Integer init = luaL_optinteger(L, 3, 1);
    size_t start;
    if (init > 0) start = (size_t)init - 1;
    else if (init == 0 || (init < 0 && (size_t)-(init + 1) >= n)) start = 0;
    else start = n + (size_t)init;
    if (start > n) {
        luaL_pushfail(L);
        return 1;
    }
    const char *hit = memmem(s + start, n - start, p, pl);
    if (!hit) {
        luaL_pushfail(L);
        return 1;
    }
    lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
    lua_pushinteger(L, (lua_Integer)(hit - s) + (lua_Integer)pl);
    return 2;
}

/* Wrapper: upvalue 1 is the original function; `plain_arg` is the index of find's `plain`. */
static int guarded(lua_State *L, int plain_arg)
{
    size_t n, pl;
    const char *s = luaL_checklstring(L, 1, &n);
    const char *p = luaL_checklstring(L, 2, &pl);
    int plain = plain_arg && lua_toboolean(L, plain_arg);
    if (plain_arg && (plain || !has_specials(p, pl))) {
        int r = plain_find(L, s, n, p, pl);
        engine_charge(L, (double)n / 64); /* also checks the deadline */
        return r;
    }
    { /* patterns, and the literal patterns of match, gmatch and gsub (matched byte by byte) */
        engine *e = engine_from(L);
        double cap = (double)e->lim.instr_budget * 2;
        double cost = estimate(p, pl, (const unsigned char *)s, n, cap * 2, 1);
        if (cost > cap) cost = estimate(p, pl, (const unsigned char *)s, n, cap * 2, 0);
        if (cost > cap) {
            char nums[64], shown[96];
            snprintf(nums, sizeof nums, "it could take more than %.3g steps", cap);
            snprintf(shown, sizeof shown, "%.*s%s", pl > 64 ? 64 : (int)pl, p, pl > 64 ? "..." : "");
            return luaL_error(L, "pattern '%s' is too costly on a subject of %d bytes (%s); "
                                 "use item:find_any for keywords, or anchor or narrow the pattern",
                              shown, (int)n, nums);
        }
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    engine_charge(L, (double)n / 64); /* also checks the deadline after a long match */
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
