/*
 * engine.c — Lua state, sandbox, limits, rule registration and the run loop (see engine.h).
 *
 * Sandbox: the state opens only base, string, table, math, utf8, coroutine and os; each rule
 * file runs in a fresh environment holding copies of an allow-list of those (os only time,
 * date and clock; no io, debug, package, dofile, loadfile, string.dump), so one file cannot
 * change what another sees. load() takes text chunks only and defaults to the caller's
 * environment; require() reads modules from the folders of the loaded rule files; the string
 * metatable is locked with __metatable.
 * Limits: a count hook charges every 1000 instructions against the call's budget and checks its
 * deadline; once a limit is hit the hook raises again at every firing, so a pcall inside the
 * rule cannot swallow it. The allocator caps the whole state's memory. A watchdog does not wait
 * for the thousandth instruction: a timer signals the thread at the call's deadline, and the
 * signal handler sets the hook to fire at the very next instruction (as lua.c does on SIGINT),
 * so one expensive instruction after another (comparisons of long strings) cannot run on.
 */
#define _GNU_SOURCE /* SIGEV_THREAD_ID, gettid */
#include "engine.h"

#include <ctype.h>
#include <lauxlib.h>
#include <lualib.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/expr.h"
#include "../core/text.h"
#include "../plugin/registry.h"

#define HOOK_EVERY 1000
#define MAX_REPORTED_ERRORS 3

engine *engine_from(lua_State *L) { return *(engine **)lua_getextraspace(L); }

void engine_report(engine *e, sc_diag_level lv, const char *file, int line, const char *fmt, ...)
{
    if (!e->diag) return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    e->diag(e->diag_ud, lv, file, line, 0, msg);
}

/* Processor time of the calling thread: a rule's time limit counts the work it does, so a busy
 * machine (or the other -j workers) cannot stop a rule that is within its limit. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- memory and time limits ---------------------------------------------------------------- */

/* Reading the thread's processor clock is a system call (no vDSO), and a rule is called for
 * every item: while the watchdog ticks, it counts the call's processor time and no clock is
 * read at all. */
static int past_deadline(engine *e)
{
    if (e->timed) return e->time_up;
    return now_s() > e->deadline;
}

static void *l_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    engine *e = ud;
    if (!ptr) osize = 0;
    if (nsize == 0) {
        free(ptr);
        e->mem_used -= osize;
        return NULL;
    }
    if (nsize > osize && e->cur_rule != -1) {
        /* only rule code (a check, a rule file loading, an escalation) is held to the cap: the
         * host's own allocations between calls are unprotected, and a failure there would end
         * the process through the panic handler */
        if (e->mem_used + e->findings_bytes + (nsize - osize) > e->lim.mem_limit) {
            if (!e->limit_hit) e->limit_hit = "memory limit";
            return NULL;
        }
        /* a loop of large string operations runs few instructions between two firings of the
         * count hook: large allocations check the deadline too */
        if (nsize - osize >= ((size_t)1 << 20) && past_deadline(e)) {
            if (!e->limit_hit) e->limit_hit = "time limit";
            return NULL;
        }
    }
    void *p = realloc(ptr, nsize);
    if (p) e->mem_used = e->mem_used - osize + nsize;
    return p;
}

static void hook(lua_State *L, lua_Debug *ar);

/* Raises the limit error; `level` is that of the rule's Lua function (0 in a hook, 1 in a C
 * function it called). */
static int raise_limit(lua_State *L, engine *e, int level)
{
    /* fire at every instruction from now on, in this thread and the main one, so the
     * error is raised again as soon as a pcall or coroutine.resume has caught it */
    lua_sethook(L, hook, LUA_MASKCOUNT, 1);
    if (L != e->L) lua_sethook(e->L, hook, LUA_MASKCOUNT, 1);
    luaL_where(L, level);
    lua_pushfstring(L, "rule stopped: %s exceeded", e->limit_hit);
    lua_concat(L, 2);
    return lua_error(L);
}

static void check_limits(engine *e)
{
    if (!e->limit_hit) {
        if (e->instr_used > e->lim.instr_budget) e->limit_hit = "instruction budget";
        else if (past_deadline(e)) e->limit_hit = "time limit";
    }
}

static void hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    engine *e = engine_from(L);
    if (e->cur_rule == -1) { /* a coroutine kept from an earlier call, or a late watchdog */
        lua_sethook(L, NULL, 0, 0);
        return;
    }
    e->instr_used += lua_gethookcount(L);
    check_limits(e);
    if (e->limit_hit) raise_limit(L, e, 0); /* in a hook, level 0 is the Lua function that was running */
}

void engine_charge(lua_State *L, double cost)
{
    engine *e = engine_from(L);
    if (e->cur_rule == -1) return;
    if (cost > 0) e->instr_used += cost > 1e15 ? (long long)1e15 : (long long)cost;
    check_limits(e);
    if (e->limit_hit) raise_limit(L, e, 1);
}

int engine_deadline_passed(engine *e) { return e->cur_rule != -1 && past_deadline(e); }

double engine_clock(void) { return now_s(); }

/* ---- the watchdog -------------------------------------------------------------------------- */

#define TICK_NS 1000000L /* the watchdog's tick, a millisecond of the thread's processor time */

#ifdef SIGEV_THREAD_ID
/* The watchdog: a timer on the thread's processor clock ticks every millisecond (in practice at
 * the kernel's scheduler tick, the missed ones counted as overruns) from a run's first document
 * to the end of the run (engine_rest): restarted per document, it would hardly ever fire in a
 * short one. A tick during a call adds to the call's time; past the time limit it sets the count hook
 * to fire at once, so a rule is stopped at its limit even when it is inside a long C function.
 * The same ticks are --profile's time: a sample of where processor time went. */
static _Thread_local engine *volatile armed; /* the engine whose document runs on this thread */
static int watchdog_signal;                  /* 0: none (the signal was taken by the application) */

static void on_watchdog(int sig)
{
    (void)sig;
    engine *e = armed;
    if (!e || !e->in_call) return;
    int over = timer_getoverrun(e->timer);
    e->call_ticks += 1 + (over > 0 ? over : 0);
    if (!e->time_up && (double)e->call_ticks * (TICK_NS / 1e9) >= e->lim.deadline_s) {
        e->time_up = 1;
        lua_sethook(e->run_L, hook, LUA_MASKCOUNT, 1);
        if (e->run_L != e->L) lua_sethook(e->L, hook, LUA_MASKCOUNT, 1);
    }
}

static void watchdog_install_once(void)
{
    int sig = SIGRTMIN + 7;
    struct sigaction sa, old;
    if (sigaction(sig, NULL, &old) != 0 || (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN)) return;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_watchdog;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL) == 0) watchdog_signal = sig;
}

/* Installs the handler once per process (hosts on several threads race here), unless the
 * application handles the signal itself. */
static int watchdog_install(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, watchdog_install_once);
    return watchdog_signal;
}

/* Starts the ticks on this thread (creating the timer for it when needed), unless they run. */
static void watchdog_start(engine *e)
{
    if (e->ticking) return;
    static _Thread_local long this_tid;
    if (!this_tid) this_tid = (long)gettid();
    long tid = this_tid;
    if (e->watchdog && e->timer_tid != tid) {
        timer_delete(e->timer);
        e->watchdog = 0;
    }
    if (!e->watchdog) {
        int sig = watchdog_install();
        if (!sig) return;
        struct sigevent sev;
        memset(&sev, 0, sizeof sev);
        sev.sigev_notify = SIGEV_THREAD_ID;
        sev.sigev_signo = sig;
        sev._sigev_un._tid = (pid_t)tid;
        clockid_t cpu; /* the thread's processor clock, as now_s() */
        if (pthread_getcpuclockid(pthread_self(), &cpu) != 0 || timer_create(cpu, &sev, &e->timer) != 0) return;
        e->watchdog = 1;
        e->timer_tid = tid;
    }
    armed = e;
    struct itimerspec its = { .it_interval = { 0, TICK_NS }, .it_value = { 0, TICK_NS } };
    e->ticking = timer_settime(e->timer, 0, &its, NULL) == 0;
    if (!e->ticking) armed = NULL;
}

static void watchdog_stop(engine *e)
{
    armed = NULL; /* first: a signal from now on changes nothing */
    if (e->ticking) {
        struct itimerspec off = { 0 };
        timer_settime(e->timer, 0, &off, NULL);
        e->ticking = 0;
    }
}

static void watchdog_free(engine *e)
{
    watchdog_stop(e);
    if (e->watchdog) timer_delete(e->timer);
    e->watchdog = 0;
}
#else
static void watchdog_start(engine *e) { (void)e; }
static void watchdog_stop(engine *e) { (void)e; }
static void watchdog_free(engine *e) { (void)e; }
#endif

static void arm(engine *e, int rule_index)
{
    e->cur_rule = rule_index;
    e->instr_used = 0;
    e->limit_hit = NULL;
    e->close_depth = 0;
    e->run_L = e->L;
    e->time_up = 0;
    e->call_ticks = 0;
    watchdog_start(e); /* (it ticks on through the run once started) */
    e->timed = e->ticking;
    /* A count hook makes Lua call it back at every instruction (to count down), which costs the
     * VM about a tenth of its speed: it is set only to count against an explicit budget, or when
     * no watchdog can stop the call at its time limit. Otherwise the watchdog sets it when the
     * time is up, and C work is charged to the budget as it starts (engine_charge). */
    if (e->lim.count_lua || !e->timed) lua_sethook(e->L, hook, LUA_MASKCOUNT, HOOK_EVERY);
    if (!e->timed) { /* no watchdog: the hook reads the clock */
        e->started = now_s();
        e->deadline = e->started + e->lim.deadline_s;
    }
    e->in_call = 1;
}

void engine_rest(engine *e) { watchdog_stop(e); }

static void disarm(engine *e)
{
    e->in_call = 0;
    if (!e->active) watchdog_stop(e); /* a call outside a document: the ticks stop with it */
    lua_sethook(e->L, NULL, 0, 0);
    e->cur_rule = -1;
}

/* The processor time of the call that just ended, in seconds. */
static double call_time(engine *e)
{
    return e->timed ? (double)e->call_ticks * (TICK_NS / 1e9) : now_s() - e->started;
}

double engine_host_begin(engine *e)
{
    if (e->timed) {
        e->in_call = 0;
        return 0;
    }
    return now_s();
}

void engine_host_end(engine *e, double t0)
{
    if (e->timed) e->in_call = 1;
    else e->deadline += now_s() - t0;
}

/* Does the first line of s hold a position, "chunk:12: "? */
static int has_position(const char *s)
{
    for (const char *p = s; *p && *p != '\n'; p++)
        if (p[0] == ':' && isdigit((unsigned char)p[1])) {
            const char *q = p + 1;
            while (isdigit((unsigned char)*q)) q++;
            if (q[0] == ':' && q[1] == ' ') return 1;
        }
    return 0;
}

/* Message handler: keeps string errors, names other values, and gives every message the
 * position of the innermost Lua function when it has none (error(x, 0), an error object that
 * is a table, errors raised by C code such as "C stack overflow"). */
static int msgh(lua_State *L)
{
    int is_string = lua_type(L, 1) == LUA_TSTRING;
    if (is_string) lua_settop(L, 1);
    else if (engine_from(L)->limit_hit /* hooks may be off here: no rule code */
             || !(luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING))
        lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    if (is_string && has_position(lua_tostring(L, -1))) return 1;
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
            lua_insert(L, -2);
            lua_concat(L, 2);
            break;
        }
    }
    return 1;
}

/* ---- the sandbox ------------------------------------------------------------------------- */

static const char *const base_allowed[] = {
    "assert", "error", "ipairs", "next", "pairs", "pcall", "xpcall", "rawequal", "rawlen",
    "rawget", "rawset", "select", "tonumber", "tostring", "type", "getmetatable",
    NULL,
};

/* Copies table `name` of the real globals into the table at the top, without `skip`. */
static void copy_lib(lua_State *L, const char *name, const char *const *only, const char *skip)
{
    lua_newtable(L);
    lua_getglobal(L, name);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        int keep = k && !(skip && !strcmp(k, skip));
        if (keep && only) {
            keep = 0;
            for (const char *const *o = only; *o; o++) keep |= !strcmp(k, *o);
        }
        if (keep) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, -5);
        } else {
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    lua_setfield(L, -2, name);
}

/* load(chunk [, name [, mode [, env]]]): text only; env defaults to the caller's environment. */
static int sb_load(lua_State *L)
{
    luaL_checkany(L, 1);
    int has_env = lua_gettop(L) >= 4;
    lua_settop(L, 4); /* fixed slots: what is pushed below must not be read as arguments */
    const char *mode = luaL_optstring(L, 3, "t");
    if (strcmp(mode, "t") != 0) return luaL_error(L, "load: only text chunks are allowed (mode \"t\")");
    lua_pushvalue(L, lua_upvalueindex(2)); /* the real load */
    lua_pushvalue(L, 1);
    if (lua_isnoneornil(L, 2)) lua_pushliteral(L, "=(load)");
    else lua_pushvalue(L, 2);
    lua_pushliteral(L, "t");
    if (has_env) lua_pushvalue(L, 4);
    else lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 4, 2);
    if (lua_isfunction(L, -2)) {
        lua_pop(L, 1);
        if (lbugguard_check_chunk(L)) { /* refused as a compile error is: nil and the message */
            lua_pushnil(L);
            lua_insert(L, -2);
            return 2;
        }
        lua_pushnil(L);
    }
    return 2;
}

static int sb_collectgarbage(lua_State *L)
{
    const char *opt = luaL_optstring(L, 1, "count");
    if (strcmp(opt, "count") != 0) return luaL_error(L, "collectgarbage: only \"count\" is allowed in rules");
    lua_pushnumber(L, (lua_Number)lua_gc(L, LUA_GCCOUNT, 0) + (lua_Number)lua_gc(L, LUA_GCCOUNTB, 0) / 1024.0);
    return 1;
}

static int sb_print(lua_State *L)
{
    engine *e = engine_from(L);
    sbuf b = {0};
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1) sbuf_addc(&b, '\t');
        sbuf_add(&b, s, len);
        lua_pop(L, 1);
    }
    luaL_where(L, 1);
    engine_report(e, SC_DIAG_NOTE, NULL, 0, "%sprint: %s", lua_tostring(L, -1), b.s ? b.s : "");
    sbuf_free(&b);
    return 0;
}

static int sb_require(lua_State *L);
static int def_rule(lua_State *L);
static int def_escalation(lua_State *L);

/* Pushes a new environment for the chunk `file`. */
static void new_env(lua_State *L, const char *file)
{
    lua_newtable(L);
    for (const char *const *p = base_allowed; *p; p++) {
        lua_getglobal(L, *p);
        lua_setfield(L, -2, *p);
    }
    static const char *const os_allowed[] = { "time", "date", "clock", "difftime", NULL };
    copy_lib(L, "string", NULL, "dump");
    copy_lib(L, "table", NULL, NULL);
    lua_pushcfunction(L, luaopen_math); /* a math library of its own: random's state is the file's */
    lua_call(L, 0, 1);
    lua_setfield(L, -2, "math");
    copy_lib(L, "utf8", NULL, NULL);
    copy_lib(L, "coroutine", NULL, NULL);
    copy_lib(L, "os", os_allowed, NULL);
    lua_pushliteral(L, LUA_VERSION);
    lua_setfield(L, -2, "_VERSION");
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "_G");
    lua_pushvalue(L, -1);
    lua_getglobal(L, "load");
    lua_pushcclosure(L, sb_load, 2);
    lua_setfield(L, -2, "load");
    lua_pushcfunction(L, lbugguard_setmetatable);
    lua_setfield(L, -2, "setmetatable");
    lua_pushcfunction(L, sb_collectgarbage);
    lua_setfield(L, -2, "collectgarbage");
    lua_pushcfunction(L, sb_print);
    lua_setfield(L, -2, "print");
    lua_newtable(L); /* this file's modules: a module's table is never shared with another file */
    lua_pushcclosure(L, sb_require, 1);
    lua_setfield(L, -2, "require");
    lua_pushstring(L, file);
    lua_pushcclosure(L, def_rule, 1);
    lua_setfield(L, -2, "rule");
    lua_pushcfunction(L, def_escalation);
    lua_setfield(L, -2, "escalation");
}

/* Runs the loaded chunk at the top with a new environment for `file`, under the limits.
 * Leaves its first result (or the error message) on the stack; returns the pcall status. */
static int run_chunk(lua_State *L, engine *e, const char *file)
{
    new_env(L, file);
    lua_setupvalue(L, -2, 1);
    int base = lua_gettop(L);
    lua_pushcfunction(L, msgh);
    lua_insert(L, base);
    int outer = e->cur_rule;
    int nested = outer != -1;
    if (!nested) arm(e, -2); /* -2: loading, no rule yet */
    int rc = lua_pcall(L, 0, 1, base);
    if (!nested) disarm(e);
    lua_remove(L, base);
    return rc;
}

/* require(name): a module from the rule folders, "a.b" read as a/b.lua; loaded once per rule
 * file (upvalue 1 holds the file's modules), so a file that changes a module's table changes
 * only its own copy. While a module loads its name is marked in the registry's
 * "scrutiny.loading", and requiring it again then (from any file) is a loop. */
static int sb_require(lua_State *L)
{
    engine *e = engine_from(L);
    size_t nl;
    const char *name = luaL_checklstring(L, 1, &nl);
    int bad = nl == 0 || strlen(name) != nl;
    for (const char *p = name; *p && !bad; p++)
        bad = !(isalnum((unsigned char)*p) || *p == '_' || (*p == '.' && p != name && p[1] && p[1] != '.'));
    if (bad) return luaL_error(L, "require: invalid module name '%s' (letters, digits, '_' and '.')", name);
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));                    /* 2: this file's modules */
    lua_getfield(L, LUA_REGISTRYINDEX, "scrutiny.loading"); /* 3: modules loading now */
    if (lua_getfield(L, 2, name) != LUA_TNIL) return 1;
    lua_pop(L, 1);
    if (lua_getfield(L, 3, name) != LUA_TNIL)
        return luaL_error(L, "require: module '%s' is required again while it loads (a require loop)", name);
    lua_pop(L, 1);
    if (!strncmp(name, "scrutiny.", 9)) { /* a plugin's module */
        const reg_luamod *m = e->reg ? registry_luamod(e->reg, name + 9) : NULL;
        if (!m) return luaL_error(L, "module '%s' not found: no plugin provides it (see --list-plugins)", name);
        lua_pushcfunction(L, (lua_CFunction)m->open);
        lua_call(L, 0, 1);
        lua_pushvalue(L, -1);
        lua_setfield(L, 2, name);
        return 1;
    }
    /* the rule folders in the order given, then the installed pack for its lib.* helpers */
    sbuf path = {0};
    int found = 0, pack = e->pack && !strncmp(name, "lib.", 4);
    for (int i = 0; i < e->ndirs + pack && !found; i++) {
        path.len = 0;
        sbuf_printf(&path, "%s/", i < e->ndirs ? e->dirs[i] : e->pack);
        for (const char *p = name; *p; p++) sbuf_addc(&path, *p == '.' ? '/' : *p);
        sbuf_adds(&path, ".lua");
        if (path.oom) break;
        FILE *f = fopen(path.s, "rb");
        if (f) {
            fclose(f);
            found = 1;
        }
    }
    if (!found) {
        sbuf_free(&path);
        return luaL_error(L, "module '%s' not found in the rule folders%s%s", name, pack ? " nor in the standard pack at " : "",
                          pack ? e->pack : "");
    }
    lua_pushstring(L, path.s); /* 4: the path, held by Lua from here on */
    sbuf_free(&path);
    const char *file = lua_tostring(L, 4);
    if (luaL_loadfilex(L, file, "t") != LUA_OK) return lua_error(L);
    if (lbugguard_check_chunk(L)) return luaL_error(L, "%s: %s", file, lua_tostring(L, -1));
    lua_pushboolean(L, 1);
    lua_setfield(L, 3, name);
    int rc = run_chunk(L, e, file);
    lua_pushnil(L);
    lua_setfield(L, 3, name);
    if (rc != LUA_OK) return lua_error(L);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, 2, name);
    return 1;
}

/* ---- rule{ } ----------------------------------------------------------------------------- */

const char *const engine_scope_names[] = { [SCOPE_ITEM] = "item", [SCOPE_MEETING] = "meeting", [SCOPE_INDICATOR] = "indicator", NULL };

/* What rule{} takes (and the RuleSpec class of the annotations): any other field is an error. */
const lfield engine_rule_fields[] = {
    { "id", NULL, "string", "unique id, letters, digits, '.', '_' and '-': \"family.name\"" },
    { "title", NULL, "string?", "one line; defaults to the id" },
    { "severity", NULL, "Severity?", "default \"warning\"" },
    { "tags", NULL, "string[]?", "the family first, then topical tags" },
    { "scope", NULL, "Scope?", "\"item\" (default): check runs once per item; \"meeting\": once per meeting; \"indicator\": once per council and indicator of the scorecards" },
    { "args", NULL, "table?", "defaults the check reads through ctx.args (keyword lists, thresholds, pattern sets)" },
    { "check", NULL, "fun(obj: Item|Meeting|Indicator, ctx: Ctx, matches: table<string, Match[]>)",
      "an Item; the Meeting when scope = \"meeting\"; an Indicator when scope = \"indicator\"; then ctx, and the matches of the rule's pattern sets by set name" },
    { "doc", NULL, "string?", "what the rule checks and why a scrutiny committee cares (--explain shows it)" },
    { "waivable", NULL, "boolean?", "false: no waiver may silence this rule's findings (default true)" },
    { "patterns", NULL, "string[]?", "names of args that hold phrase patterns; check runs only where one matched" },
    { "always", NULL, "boolean?", "with patterns: check every item anyway" },
    { "reads", NULL, "string[]?", "other rule files' fact kinds it reads, \"followup/commitment\"" },
    { "query_scope", NULL, "(\"council\"|\"all\")?", "what ctx:query reads: the council under check (default) or, with \"all\", every council" },
    { NULL, NULL, NULL, NULL },
};

static int rule_error(lua_State *L, const char *id, const char *fmt, const char *a)
{
    luaL_where(L, 1);
    lua_pushfstring(L, "rule '%s': ", id ? id : "?");
    lua_pushfstring(L, fmt, a);
    lua_concat(L, 3);
    return lua_error(L);
}

static void free_strings(rule *r)
{
    rpat_free(&r->pats);
    free(r->id);
    free(r->title);
    free(r->file);
    free(r->doc);
    free(r->tags);
    free(r->args);
    free(r->facts_ns);
    free(r->reads);
}

/* "a, b, c" from the list of strings at idx (validated before). */
static char *join_tags(lua_State *L, int idx)
{
    sbuf b = {0};
    sbuf_add(&b, "", 0);
    if (lua_istable(L, idx)) {
        lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
        for (lua_Integer i = 1; i <= n; i++) {
            const char *t = lua_rawgeti(L, idx, i) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
            if (i > 1) sbuf_adds(&b, ", ");
            sbuf_adds(&b, t);
            lua_pop(L, 1);
        }
    }
    return sbuf_take(&b);
}

/* A value as Lua source, short: strings quoted, lists of scalars in braces. Raw reads only: this
 * also runs outside rule calls (--list-rules, --explain), where no rule code may run. */
static void describe_value(lua_State *L, int idx, sbuf *b, int depth)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TSTRING: {
        sbuf_addc(b, '"');
        for (const char *p = lua_tostring(L, idx); *p; p++) {
            if (*p == '"' || *p == '\\') sbuf_addc(b, '\\');
            if (*p == '\n') sbuf_adds(b, "\\n");
            else sbuf_addc(b, *p);
        }
        sbuf_addc(b, '"');
        break;
    }
    case LUA_TNUMBER:
        lua_pushvalue(L, idx); /* lua_tolstring converts the copy: no __tostring */
        sbuf_adds(b, lua_tolstring(L, -1, NULL));
        lua_pop(L, 1);
        break;
    case LUA_TBOOLEAN: sbuf_adds(b, lua_toboolean(L, idx) ? "true" : "false"); break;
    case LUA_TTABLE: {
        if (depth > 2) { sbuf_adds(b, "{...}"); break; }
        lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
        if (n > 64) n = 64;
        sbuf_adds(b, "{ ");
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, idx, i);
            if (i > 1) sbuf_adds(b, ", ");
            describe_value(L, -1, b, depth + 1);
            lua_pop(L, 1);
        }
        sbuf_adds(b, n ? " }" : "}");
        break;
    }
    default: sbuf_adds(b, luaL_typename(L, idx));
    }
}

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* "name = value" lines for the args table at idx, sorted by name. */
static char *describe_args(lua_State *L, int idx)
{
    sbuf b = {0};
    sbuf_add(&b, "", 0);
    if (!lua_istable(L, idx)) return sbuf_take(&b);
    const char *names[64];
    int n = 0;
    lua_pushnil(L);
    while (n < 64 && lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) names[n++] = lua_tostring(L, -1); /* anchored by the table */
    }
    if (n == 64) lua_pop(L, 1); /* the key of the unfinished traversal */
    qsort(names, (size_t)n, sizeof *names, cmp_cstr);
    for (int i = 0; i < n; i++) {
        lua_pushstring(L, names[i]);
        lua_rawget(L, idx);
        sbuf_printf(&b, "%s = ", names[i]);
        describe_value(L, -1, &b, 0);
        sbuf_addc(&b, '\n');
        lua_pop(L, 1);
    }
    return sbuf_take(&b);
}

int engine_refresh_args(engine *e, int r)
{
    lua_State *L = e->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, e->rules[r].ctx_ref);
    lua_getiuservalue(L, -1, 1);
    char *d = describe_args(L, lua_gettop(L));
    lua_pop(L, 2);
    if (!d) return SC_NOMEM;
    free(e->rules[r].args);
    e->rules[r].args = d;
    return SC_OK;
}

/* The namespace of a rule file's facts: its name without the folder and ".lua". Facts outlive a
 * run (--db), so the name is what stays the same when the rule folder moves. */
static char *facts_ns(const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t n = strlen(base);
    if (n > 4 && !strcmp(base + n - 4, ".lua")) n -= 4;
    return text_dup(base, n);
}

/* Checks rule{ reads = { "file/kind", "file/any-kind", ... } } at idx ("file/" then "*": all). */
static int check_reads(lua_State *L, int idx, const char *id)
{
    if (lua_isnil(L, idx)) return 0;
    if (!lua_istable(L, idx)) return rule_error(L, id, "%s", "'reads' must be a list of fact kinds such as \"followup/commitment\"");
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    for (lua_Integer i = 1; i <= n; i++) {
        const char *k = lua_rawgeti(L, idx, i) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        const char *slash = k ? strchr(k, '/') : NULL;
        if (!slash || slash == k || !slash[1] || strchr(slash + 1, '/'))
            return rule_error(L, id, "%s", "'reads' must list fact kinds as \"file/kind\" (the rule file's name without .lua)");
        lua_pop(L, 1);
    }
    return 0;
}

static int def_rule(lua_State *L)
{
    engine *e = engine_from(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    if (e->active) return luaL_error(L, "rule{} can only be called while rule files load");
    lua_getfield(L, 1, "id");
    const char *id = lua_tostring(L, -1);
    if (lua_type(L, -1) != LUA_TSTRING || !*id) return rule_error(L, NULL, "%s", "'id' must be a non-empty string");
    for (const char *p = id; *p; p++)
        if (!(isalnum((unsigned char)*p) || strchr("._-", *p)))
            return rule_error(L, id, "%s", "'id' may hold only letters, digits, '.', '_' and '-'");
    /* unknown fields, with a suggestion */
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) return rule_error(L, id, "%s", "fields must have string names");
        const char *k = lua_tostring(L, -1);
        int known = 0;
        const char *best = NULL;
        int bestd = 3;
        for (const lfield *f = engine_rule_fields; f->name; f++) {
            if (!strcmp(k, f->name)) known = 1;
            int dd = text_distance(k, f->name);
            if (dd < bestd) { bestd = dd; best = f->name; }
        }
        if (!known) {
            lua_pushfstring(L, "unknown field '%s'%s%s%s", k, best ? " (did you mean '" : "", best ? best : "", best ? "'?)" : "");
            return rule_error(L, id, "%s", lua_tostring(L, -1));
        }
    }
    for (int i = 0; i < e->nrules; i++)
        if (!strcmp(e->rules[i].id, id)) {
            lua_pushfstring(L, "'%s' is already defined at %s:%d", id, e->rules[i].file, e->rules[i].line);
            return rule_error(L, id, "%s", lua_tostring(L, -1));
        }
    lua_getfield(L, 1, "title");
    if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING) return rule_error(L, id, "%s", "'title' must be a string");
    lua_getfield(L, 1, "severity");
    int sev = SC_SEV_WARNING;
    if (!lua_isnil(L, -1)) {
        sev = lua_type(L, -1) == LUA_TSTRING ? sc_severity_parse(lua_tostring(L, -1)) : -1;
        if (sev < 0) return rule_error(L, id, "%s", "'severity' must be one of info, notice, warning, high, critical");
    }
    lua_getfield(L, 1, "scope");
    rule_scope scope = SCOPE_ITEM;
    if (!lua_isnil(L, -1)) {
        const char *s = lua_tostring(L, -1);
        if (lua_type(L, -1) != LUA_TSTRING) return rule_error(L, id, "%s", "'scope' must be a string");
        int k = 0;
        while (engine_scope_names[k] && strcmp(s, engine_scope_names[k]) != 0) k++;
        if (!engine_scope_names[k]) return rule_error(L, id, "scope '%s' is not supported (item, meeting or indicator)", s);
        scope = (rule_scope)k;
    }
    lua_getfield(L, 1, "query_scope");
    int query_all = 0;
    if (!lua_isnil(L, -1)) {
        const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        if (!s || (strcmp(s, "all") != 0 && strcmp(s, "council") != 0))
            return rule_error(L, id, "%s", "'query_scope' must be \"council\" (the default: ctx:query reads the council under check) or \"all\"");
        query_all = !strcmp(s, "all");
    }
    lua_pop(L, 1);
    lua_getfield(L, 1, "tags");
    if (!lua_isnil(L, -1)) {
        if (!lua_istable(L, -1)) return rule_error(L, id, "%s", "'tags' must be a list of strings");
        lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_rawgeti(L, -1, i) != LUA_TSTRING) return rule_error(L, id, "%s", "'tags' must be a list of strings");
            lua_pop(L, 1);
        }
    }
    lua_getfield(L, 1, "doc");
    if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING) return rule_error(L, id, "%s", "'doc' must be a string");
    lua_getfield(L, 1, "args");
    if (!lua_isnil(L, -1) && !lua_istable(L, -1)) return rule_error(L, id, "%s", "'args' must be a table");
    lua_getfield(L, 1, "check");
    if (!lua_isfunction(L, -1)) return rule_error(L, id, "%s", "'check' must be a function");
    const char *file = lua_tostring(L, lua_upvalueindex(1));
    {
        char *ns = facts_ns(file);
        if (!ns) return luaL_error(L, "out of memory");
        for (int i = 0; i < e->nrules; i++)
            if (!strcmp(e->rules[i].facts_ns, ns) && strcmp(e->rules[i].file, file) != 0) {
                lua_pushfstring(L, "another rule file named '%s' is loaded (%s): facts belong to the file's name, rename one",
                                ns, e->rules[i].file);
                free(ns);
                return rule_error(L, id, "%s", lua_tostring(L, -1));
            }
        free(ns);
    }
    lua_getfield(L, 1, "reads");
    check_reads(L, lua_gettop(L), id);
    lua_pop(L, 1);
    rpat pats;
    {
        lua_Debug ar0;
        int line0 = lua_getstack(L, 1, &ar0) && lua_getinfo(L, "l", &ar0) ? ar0.currentline : 0;
        if (rpat_declare(L, e, 1, 8, lua_tostring(L, lua_upvalueindex(1)), line0, id, &pats)) return lua_error(L);
    }

    if (e->nrules == e->caprules) {
        int nc = e->caprules ? e->caprules * 2 : 16;
        rule *v = realloc(e->rules, (size_t)nc * sizeof *v);
        if (!v) { rpat_free(&pats); return luaL_error(L, "out of memory"); }
        e->rules = v;
        e->caprules = nc;
    }
    rule *r = &e->rules[e->nrules];
    memset(r, 0, sizeof *r);
    lua_Debug ar;
    r->line = lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar) ? ar.currentline : 0;
    const char *title = lua_tostring(L, 3);
    const char *doc = lua_tostring(L, 7);
    r->id = text_dup(id, strlen(id));
    r->title = text_dup(title ? title : id, strlen(title ? title : id));
    r->file = text_dup(file, strlen(file));
    r->doc = text_dup(doc ? doc : "", doc ? strlen(doc) : 0);
    r->tags = join_tags(L, 6);
    r->args = describe_args(L, 8);
    r->pats = pats;
    r->facts_ns = facts_ns(file);
    lua_getfield(L, 1, "reads");
    r->reads = join_tags(L, lua_gettop(L));
    lua_pop(L, 1);
    if (!r->id || !r->title || !r->file || !r->doc || !r->tags || !r->args || !r->facts_ns || !r->reads) {
        free_strings(r);
        return luaL_error(L, "out of memory");
    }
    r->severity = (sc_severity)sev;
    r->scope = scope;
    r->query_all = query_all;
    lua_getfield(L, 1, "waivable");
    if (!lua_isnil(L, -1) && !lua_isboolean(L, -1)) {
        free_strings(r);
        return rule_error(L, id, "%s", "'waivable' must be true or false");
    }
    r->unwaivable = lua_isboolean(L, -1) && !lua_toboolean(L, -1);
    lua_pop(L, 1);
    r->check_ref = luaL_ref(L, LUA_REGISTRYINDEX); /* pops check */
    /* args: a copy of the defaults, so the definition table stays the rule author's */
    lua_newtable(L);
    if (lua_istable(L, -2)) {
        lua_pushnil(L);
        while (lua_next(L, -3)) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, -4);
        }
    }
    r->ctx_ref = lctx_new(L, e->nrules);
    e->nrules++;
    return 0;
}

/* What escalation{} takes (the EscalationSpec class of the annotations). */
const lfield engine_escalation_fields[] = {
    { "id", NULL, "string", NULL },
    { "severity", NULL, "Severity?", "default \"high\"" },
    { "scope", NULL, "EscalationScope?", "default \"meeting\"; \"council\" groups a council's meetings" },
    { "when", NULL, "string?", "condition over rule ids, globs and tags, with counts: \"workforce.* >= 3 and outcomes.noted-only\"" },
    { "message", NULL, "string?", NULL },
    { "check", NULL, "(fun(findings: EscalationFinding[], info: { id: string, scope: EscalationScope }): boolean, string?)?",
      "fires when it returns true (and `when`, if given, holds); a second result is the message" },
    { NULL, NULL, NULL, NULL },
};

/* escalation{ id, severity, scope, when, message }: a finding over findings (see escalate.c). */
static int def_escalation(lua_State *L)
{
    engine *e = engine_from(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    if (e->active) return luaL_error(L, "escalation{} can only be called while rule files load");
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
        int known = 0;
        for (const lfield *f = engine_escalation_fields; f->name; f++) known |= !strcmp(k, f->name);
        if (!known) {
            const char *best = NULL;
            int bestd = 3;
            for (const lfield *f = engine_escalation_fields; f->name; f++) {
                int d = text_distance(k, f->name);
                if (d < bestd) { bestd = d; best = f->name; }
            }
            return luaL_error(L, "escalation: unknown field '%s'%s%s%s", k, best ? " (did you mean '" : "", best ? best : "",
                              best ? "'?)" : "");
        }
    }
    lua_getfield(L, 1, "id");
    lua_getfield(L, 1, "when");
    lua_getfield(L, 1, "severity");
    lua_getfield(L, 1, "scope");
    lua_getfield(L, 1, "message");
    lua_getfield(L, 1, "check");
    const char *id = lua_tostring(L, 2), *when = lua_tostring(L, 3);
    if (lua_type(L, 2) != LUA_TSTRING || !*id) return luaL_error(L, "escalation: 'id' must be a non-empty string");
    int has_check = lua_isfunction(L, 7);
    if (!lua_isnil(L, 7) && !has_check) return luaL_error(L, "escalation '%s': 'check' must be a function", id);
    if (!has_check && lua_type(L, 3) != LUA_TSTRING)
        return luaL_error(L, "escalation '%s': 'when' must be a condition such as \"workforce.* >= 3\" (or give 'check')", id);
    if (!lua_isnil(L, 3) && lua_type(L, 3) != LUA_TSTRING) return luaL_error(L, "escalation '%s': 'when' must be a string", id);
    if (!when) when = "";
    if (*when) {
        char err[256];
        int col;
        expr *x = expr_parse(when, 1, err, sizeof err, &col);
        if (!x) return luaL_error(L, "escalation '%s': when: %s at column %d", id, err, col);
        expr_free(x);
    }
    int sev = SC_SEV_HIGH, scope = ESC_MEETING;
    if (!lua_isnil(L, 4) && (lua_type(L, 4) != LUA_TSTRING || (sev = sc_severity_parse(lua_tostring(L, 4))) < 0))
        return luaL_error(L, "escalation '%s': 'severity' must be one of info, notice, warning, high, critical", id);
    if (!lua_isnil(L, 5) && (lua_type(L, 5) != LUA_TSTRING || (scope = esc_scope_parse(lua_tostring(L, 5))) < 0))
        return luaL_error(L, "escalation '%s': 'scope' must be item, meeting or council", id);
    if (!lua_isnil(L, 6) && lua_type(L, 6) != LUA_TSTRING) return luaL_error(L, "escalation '%s': 'message' must be a string", id);
    for (int i = 0; i < e->nrules; i++)
        if (!strcmp(e->rules[i].id, id)) return luaL_error(L, "escalation '%s': a rule has that id", id);
    for (int i = 0; i < e->escs.n; i++)
        if (!strcmp(e->escs.v[i].id, id)) return luaL_error(L, "escalation '%s' is already defined at %s", id, e->escs.v[i].where);
    luaL_where(L, 1);
    char where[512];
    snprintf(where, sizeof where, "%s", lua_tostring(L, -1));
    size_t wl = strlen(where);
    while (wl && (where[wl - 1] == ':' || where[wl - 1] == ' ')) where[--wl] = '\0';
    int ref = 0;
    if (has_check) {
        lua_pushvalue(L, 7);
        ref = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    if (esc_list_add(&e->escs, id, when, lua_tostring(L, 6), (sc_severity)sev, (esc_scope)scope, where, ref) != SC_OK) {
        if (ref) luaL_unref(L, LUA_REGISTRYINDEX, ref);
        return luaL_error(L, "out of memory");
    }
    return 0;
}

/* Runs an escalation's check(findings, info) on one group, under the rule limits. */
int engine_check_escalation(void *ud, const esc_def *d, const findings *fs, const size_t *members, size_t n,
                            char *msg, size_t msglen)
{
    engine *e = ud;
    lua_State *L = e->L;
    lua_pushcfunction(L, msgh);
    int base = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, d->check_ref);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        const sc_finding *f = &fs->v[members[i]].pub;
        lua_createtable(L, 0, 12);
        lua_pushstring(L, f->rule); lua_setfield(L, -2, "rule");
        lua_pushstring(L, sc_severity_name(f->severity)); lua_setfield(L, -2, "severity");
        lua_pushstring(L, f->message); lua_setfield(L, -2, "message");
        lua_pushstring(L, f->file); lua_setfield(L, -2, "file");
        lua_pushinteger(L, f->line); lua_setfield(L, -2, "line");
        lua_pushinteger(L, f->column); lua_setfield(L, -2, "column");
        lua_pushstring(L, f->excerpt); lua_setfield(L, -2, "excerpt");
        lua_pushstring(L, f->council); lua_setfield(L, -2, "council");
        lua_pushstring(L, f->meeting); lua_setfield(L, -2, "meeting");
        lua_pushstring(L, f->item); lua_setfield(L, -2, "item");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_createtable(L, 0, 2);
    lua_pushstring(L, d->id); lua_setfield(L, -2, "id");
    static const char *const scopes[] = { "item", "meeting", "council" };
    lua_pushstring(L, scopes[d->scope]); lua_setfield(L, -2, "scope");
    arm(e, -3);
    int rc = lua_pcall(L, 2, 2, base);
    disarm(e);
    int result;
    if (rc != LUA_OK) {
        e->rule_errors++;
        engine_report(e, SC_DIAG_ERROR, NULL, 0, "%s [escalation %s, defined at %s]", lua_tostring(L, -1), d->id, d->where);
        result = -1;
        lua_pop(L, 1);
    } else {
        result = lua_toboolean(L, -2);
        if (result && lua_type(L, -1) == LUA_TSTRING) snprintf(msg, msglen, "%s", lua_tostring(L, -1));
        lua_pop(L, 2);
    }
    lua_pop(L, 1);
    return result;
}

static void free_rule(lua_State *L, rule *r)
{
    luaL_unref(L, LUA_REGISTRYINDEX, r->check_ref);
    luaL_unref(L, LUA_REGISTRYINDEX, r->ctx_ref);
    free_strings(r);
}

/* ---- lifecycle ----------------------------------------------------------------------------- */

int engine_open(engine **out, const engine_limits *lim, store *st, findings *fs,
                sc_diag_fn diag, void *diag_ud, char *errbuf, size_t errlen)
{
    *out = NULL;
    engine *e = calloc(1, sizeof *e);
    if (!e) return SC_NOMEM;
    e->lim = *lim;
    e->st = st;
    e->fs = fs;
    e->diag = diag;
    e->diag_ud = diag_ud;
    e->cur_rule = -1;
    for (int k = 0; k <= OBJ_POINT; k++) e->cache_ref[k] = LUA_NOREF;
    e->run_args_ref = LUA_NOREF;
    e->L = lua_newstate(l_alloc, e);
    if (!e->L) {
        free(e);
        snprintf(errbuf, errlen, "cannot create the Lua state");
        return SC_NOMEM;
    }
    lua_State *L = e->L;
    e->run_L = L;
    *(engine **)lua_getextraspace(L) = e;
    static const registry_charger charger = { engine_charge }; /* api->charge of plugin modules */
    lua_pushlightuserdata(L, (void *)&charger);
    lua_setfield(L, LUA_REGISTRYINDEX, REGISTRY_CHARGER);
    static const luaL_Reg libs[] = {
        { LUA_GNAME, luaopen_base },        { LUA_STRLIBNAME, luaopen_string },
        { LUA_TABLIBNAME, luaopen_table },  { LUA_MATHLIBNAME, luaopen_math },
        { LUA_UTF8LIBNAME, luaopen_utf8 },  { LUA_COLIBNAME, luaopen_coroutine },
        { LUA_OSLIBNAME, luaopen_os },
    };
    for (size_t i = 0; i < sizeof libs / sizeof *libs; i++) {
        luaL_requiref(L, libs[i].name, libs[i].func, 1);
        lua_pop(L, 1);
    }
    lua_getglobal(L, "string"); /* the string metatable's __index is this very table */
    lpatguard_wrap(L);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump"); /* ("").dump reached it through the metatable */
    lua_pop(L, 1);
    lcguard_wrap(L);
    lcoguard_wrap(L);
    lbugguard_wrap(L); /* after lcguard_wrap: utf8.codes checks through the charged utf8.len */
    /* lock the string metatable: getmetatable("") returns a string, not the table */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "scrutiny.loading");
    lmodel_open(L);
    lctx_open(L);
    if (catalogue_add_standard(&e->cat, errbuf, errlen) != SC_OK) {
        engine_close(e);
        return SC_PARSE;
    }
    *out = e;
    return SC_OK;
}

void engine_close(engine *e)
{
    if (!e) return;
    for (int i = 0; i < e->nrules; i++) free_strings(&e->rules[i]);
    settings_free(e);
    esc_list_free(&e->escs);
    lind_clear(e);
    free(e->series);
    catalogue_free(&e->cat);
    watchdog_free(e);
    lind_free(e);
    mx_free(e->mx);
    mx_hits_free(&e->hits);
    free(e->pat_mark);
    free(e->pitems.first);
    free(e->pitems.item);
    free(e->pitems.hits);
    free(e->pitems.fill);
    free(e->want);
    lctx_drop_facts(e, 0);
    lua_close(e->L);
    for (int i = 0; i < e->ndirs; i++) free(e->dirs[i]);
    free(e->dirs);
    free(e->pack);
    free(e->rules);
    free(e);
}

/* Appends folder dir[0..n) to the search path of require() unless it is there already. */
static int add_dir_n(engine *e, const char *dir, size_t n)
{
    while (n > 1 && dir[n - 1] == '/') n--; /* "rules/" is "rules" */
    for (int i = 0; i < e->ndirs; i++)
        if (strlen(e->dirs[i]) == n && !memcmp(e->dirs[i], dir, n)) return 0;
    char **v = realloc(e->dirs, (size_t)(e->ndirs + 1) * sizeof *v);
    if (!v) return -1;
    e->dirs = v;
    if (!(v[e->ndirs] = text_dup(dir, n))) return -1;
    e->ndirs++;
    return 0;
}

/* The folder of rule file `path`. */
static int add_dir(engine *e, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return add_dir_n(e, ".", 1);
    while (slash > path && slash[-1] == '/') slash--; /* "rules//x.lua" */
    return slash == path ? add_dir_n(e, "/", 1) : add_dir_n(e, path, (size_t)(slash - path));
}

int engine_add_rule_path(engine *e, const char *path, int is_dir)
{
    return (is_dir ? add_dir_n(e, path, strlen(path)) : add_dir(e, path)) ? SC_NOMEM : SC_OK;
}

int engine_set_pack(engine *e, const char *dir)
{
    free(e->pack);
    e->pack = NULL;
    if (dir && *dir && !(e->pack = text_dup(dir, strlen(dir)))) return SC_NOMEM;
    return SC_OK;
}

/* A rule file from `path`, or from text[0..len) named `path` when text is not NULL (then its
 * folder is not searched by require). */
static int load_rules(engine *e, const char *path, const char *text, size_t len)
{
    lua_State *L = e->L;
    int before = e->nrules, esc_before = e->escs.n;
    int rc;
    if (!text) {
        if (add_dir(e, path)) return SC_NOMEM;
        rc = luaL_loadfilex(L, path, "t");
    } else {
        sbuf chunk = {0};
        sbuf_printf(&chunk, "@%s", path);
        if (chunk.oom) return SC_NOMEM;
        rc = luaL_loadbufferx(L, text, len, chunk.s, "t");
        sbuf_free(&chunk);
    }
    if (rc == LUA_OK && lbugguard_check_chunk(L)) {
        lua_pushfstring(L, "%s: %s", path, lua_tostring(L, -1));
        lua_replace(L, -3);
        lua_pop(L, 1);
        rc = LUA_ERRSYNTAX;
    }
    if (rc == LUA_OK) rc = run_chunk(L, e, path);
    if (rc != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        if (rc == LUA_ERRMEM) /* no position comes with a memory error */
        {
            if (e->limit_hit && strcmp(e->limit_hit, "memory limit") != 0)
                engine_report(e, SC_DIAG_ERROR, NULL, 0, "%s: rule file stopped while loading: %s exceeded", path, e->limit_hit);
            else
                engine_report(e, SC_DIAG_ERROR, NULL, 0, "%s: rule file stopped while loading: memory limit of %zu MiB exceeded",
                              path, e->lim.mem_limit >> 20);
        }
        else
            engine_report(e, SC_DIAG_ERROR, NULL, 0, "%s", msg ? msg : "error loading rule file");
        lua_pop(L, 1);
        while (e->nrules > before) free_rule(L, &e->rules[--e->nrules]);
        for (int i = esc_before; i < e->escs.n; i++)
            if (e->escs.v[i].check_ref) luaL_unref(L, LUA_REGISTRYINDEX, e->escs.v[i].check_ref);
        esc_list_truncate(&e->escs, esc_before); /* nor its escalations */
        return SC_RULE;
    }
    lua_pop(L, 1);
    if (e->nrules == before && e->escs.n == esc_before)
        engine_report(e, SC_DIAG_WARNING, path, 0, "defines no rule or escalation");
    return SC_OK;
}

int engine_load_file(engine *e, const char *path) { return load_rules(e, path, NULL, 0); }

int engine_load_buffer(engine *e, const char *name, const char *text, size_t len)
{
    return load_rules(e, name, text ? text : "", len);
}

static int drop_from(void *ud, const finding *f) { return f >= (const finding *)ud; }

/* Bytes the findings from index `from` on hold (the strings a rule chose and the record). */
static size_t findings_size(const findings *fs, size_t from)
{
    size_t n = 0;
    for (size_t i = from; i < fs->n; i++) {
        const finding *f = &fs->v[i];
        n += sizeof *f + 64;
        const char *const strs[] = { f->message, f->excerpt, f->file, f->council, f->meeting, f->item };
        for (size_t k = 0; k < sizeof strs / sizeof *strs; k++) n += strs[k] ? strlen(strs[k]) + 1 : 0;
    }
    return n;
}

/* Rule r's call failed for lack of memory. When memory kept between calls fills the limit and
 * another rule kept most of it, that rule is the one to stop: the rules of its file are disabled
 * and their functions dropped, so what they kept is collected. Returns 1 when r is not to blame. */
static int blame_keeper(engine *e, int r)
{
    lua_State *L = e->L;
    lua_gc(L, LUA_GCCOLLECT);
    int k = -1;
    for (int i = 0; i < e->nrules; i++)
        if (!e->rules[i].disabled && (k < 0 || e->rules[i].kept > e->rules[k].kept)) k = i;
    if (k < 0 || k == r || e->rules[k].kept < (long long)(e->lim.mem_limit / 4) ||
        e->mem_used + e->findings_bytes < e->lim.mem_limit / 2)
        return 0;
    const rule *hog = &e->rules[k];
    engine_report(e, SC_DIAG_ERROR, NULL, 0,
                  "%s:%d: rule stopped: it keeps %lld MiB between calls, filling the memory limit of %zu MiB [rule %s; "
                  "the rules of %s are disabled for the rest of the run]",
                  hog->file, hog->line, hog->kept >> 20, e->lim.mem_limit >> 20, hog->id, hog->file);
    for (int i = 0; i < e->nrules; i++)
        if (!strcmp(e->rules[i].file, hog->file) && i != k) {
            e->rules[i].disabled = 1;
            luaL_unref(L, LUA_REGISTRYINDEX, e->rules[i].check_ref);
            e->rules[i].check_ref = LUA_NOREF;
        }
    e->rules[k].disabled = 1;
    luaL_unref(L, LUA_REGISTRYINDEX, e->rules[k].check_ref);
    e->rules[k].check_ref = LUA_NOREF;
    lua_gc(L, LUA_GCCOLLECT);
    return 1;
}

/* Bytes of recorded facts a document's check holds before writing them (it writes the rest at
 * its end): one call records at most about 64 MiB, and rules keep what they record small. */
#define FACTS_HELD (4u << 20)

/* Writes the facts recorded so far to the store: 0, or 1 (an error, reported) when it fails. */
static int keep_facts(engine *e)
{
    char err[512];
    if (lctx_write_facts(e, err, sizeof err) == SC_OK) return 0;
    e->rule_errors++;
    engine_report(e, SC_DIAG_ERROR, NULL, 0, "%s: %s", e->doc ? e->doc->path : "?", err);
    return 1;
}

/* Calls rule r on the object (kind, index) of the current document. */
static int call_rule(engine *e, int r, obj_kind kind, int index)
{
    lua_State *L = e->L;
    rule *ru = &e->rules[r];
    lua_pushcfunction(L, msgh);
    int base = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ru->check_ref);
    lmodel_push(L, e, kind, index);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ru->ctx_ref);
    int nargs = 2;
    if (ru->pats.nsets && e->doc) { /* the rule's matches inside the object */
        lmatch_push_hits(L, e, r, kind, index);
        nargs = 3;
    }
    size_t nfound = e->fs->n, nfacts = e->facts.n;
    e->call_flags = e->call_facts = 0;
    size_t m0 = e->mem_used;
    arm(e, r);
    int rc = lua_pcall(L, nargs, 0, base);
    const char *limit = e->limit_hit;
    disarm(e);
    ru->prof_calls++;
    ru->prof_time += call_time(e);
    if (rc == LUA_OK && e->fs->n > nfound) { /* findings count against the memory limit */
        size_t add = findings_size(e->fs, nfound);
        if (e->mem_used + e->findings_bytes + add > e->lim.mem_limit) {
            limit = "memory limit";
            rc = LUA_ERRMEM;
            lua_pushliteral(L, "findings over the memory limit");
        } else {
            e->findings_bytes += add;
        }
    }
    if (rc == LUA_OK) {
        ru->kept += (long long)e->mem_used - (long long)m0;
        lua_pop(L, 1);
        return e->facts.bytes > FACTS_HELD ? keep_facts(e) : 0;
    }
    /* a call that fails leaves nothing behind: neither its findings nor its facts */
    if (e->fs->n > nfound) findings_filter(e->fs, drop_from, &e->fs->v[nfound]);
    lctx_drop_facts(e, nfacts);
    const char *msg = lua_tostring(L, -1);
    /* a stack overflow is a limit too: each try costs up to the deadline, stop at the first */
    if (!limit && msg && strstr(msg, "stack overflow")) limit = "stack size";
    e->rule_errors++;
    sc_span at = kind == OBJ_ITEM ? e->doc->items.v[index].head : (sc_span){ 1, 1, 1, 1, 0, 0 };
    char where[600];
    if (e->doc) snprintf(where, sizeof where, "%s:%d", e->doc->path, at.line);
    else snprintf(where, sizeof where, "%s, %s", e->council ? e->council : "?",
                  e->nseries ? e->series[0].indicator : "?");
    if (limit && rc == LUA_ERRMEM && !strcmp(limit, "memory limit") && blame_keeper(e, r)) {
        limit = NULL; /* not this rule's doing: an error of this call only */
        msg = "not enough memory left by another rule";
    }
    if (limit) {
        ru->disabled = 1;
        if (rc == LUA_ERRMEM && !strcmp(limit, "memory limit")) /* no position comes with a memory error: name the rule's */
            engine_report(e, SC_DIAG_ERROR, NULL, 0,
                          "%s:%d: rule stopped: memory limit of %zu MiB exceeded [rule %s on %s; rule disabled for the rest of the run]",
                          ru->file, ru->line, e->lim.mem_limit >> 20, ru->id, where);
        else if (rc == LUA_ERRMEM)
            engine_report(e, SC_DIAG_ERROR, NULL, 0, "%s:%d: rule stopped: %s exceeded [rule %s on %s; rule disabled for the rest of the run]",
                          ru->file, ru->line, limit, ru->id, where);
        else
            engine_report(e, SC_DIAG_ERROR, NULL, 0, "%s [rule %s on %s; rule disabled for the rest of the run]",
                          msg ? msg : limit, ru->id, where);
    } else if (ru->errors++ < MAX_REPORTED_ERRORS) {
        engine_report(e, SC_DIAG_ERROR, NULL, 0, "%s [rule %s on %s]%s", msg ? msg : "error", ru->id, where,
                      ru->errors == MAX_REPORTED_ERRORS ? " (further errors of this rule are not shown)" : "");
    }
    lua_pop(L, 2);
    /* a limit hit may leave much garbage behind: collect before the next rule */
    if (limit) lua_gc(L, LUA_GCCOLLECT);
    return 1;
}

/* Starts a unit of work (a document or a series): new generation, empty caches. */
static void begin_unit(engine *e, const char *council, size_t order)
{
    e->doc_order = order;
    e->gen++;
    e->active = 1;
    e->council = council;
    lind_clear(e);
    settings_begin_doc(e, council);
}

static void end_unit(engine *e)
{
    lctx_drop_facts(e, 0); /* (written already, unless the check failed: they point into its document) */
    for (int k = 0; k <= OBJ_POINT; k++) {
        luaL_unref(e->L, LUA_REGISTRYINDEX, e->cache_ref[k]);
        e->cache_ref[k] = LUA_NOREF;
    }
    e->active = 0;
    e->doc = NULL;
    e->council = NULL;
    lind_clear(e);
}

int engine_run_doc(engine *e, model_doc *d, int64_t doc_id, size_t doc_order)
{
    e->doc_id = doc_id;
    e->doc = d;
    begin_unit(e, d->council, doc_order);
    int errors = rpat_begin_doc(e);
    if (errors < 0) {
        end_unit(e);
        return -1;
    }
    if (d->items.n + 1 > e->nwant) {
        unsigned char *w = realloc(e->want, (size_t)d->items.n + 1);
        if (!w) { end_unit(e); return -1; }
        e->want = w;
        e->nwant = d->items.n + 1;
    }
    for (int r = 0; r < e->nrules; r++) {
        rule *ru = &e->rules[r];
        if (ru->disabled || ru->run_off || ru->scope == SCOPE_INDICATOR) continue;
        /* a rule with patterns runs only where they matched, unless it says `always` */
        int gated = ru->pats.nsets && !ru->pats.always;
        int hit = gated ? rpat_items(e, r, e->want) : 0;
        if (hit < 0) { end_unit(e); return -1; }
        if (ru->scope == SCOPE_MEETING) {
            if (gated && !hit) ru->prof_skipped++;
            else errors += call_rule(e, r, OBJ_MEETING, 0);
            continue;
        }
        for (int it = 0; it < d->items.n && !ru->disabled; it++) {
            if (gated && !e->want[it]) { ru->prof_skipped++; continue; }
            errors += call_rule(e, r, OBJ_ITEM, it);
        }
    }
    errors += keep_facts(e);
    end_unit(e);
    return errors;
}

void engine_findings_taken(engine *e) { e->findings_bytes = 0; }

int engine_run_series(engine *e, const char *council, const char *indicator, size_t order)
{
    e->doc_id = 0;
    begin_unit(e, council, order);
    int errors = 0;
    if (lind_series(e, council, indicator) != 0) {
        end_unit(e);
        return -1;
    }
    for (int r = 0; r < e->nrules; r++) {
        if (e->rules[r].disabled || e->rules[r].run_off || e->rules[r].scope != SCOPE_INDICATOR) continue;
        errors += call_rule(e, r, OBJ_INDICATOR, 0);
    }
    end_unit(e);
    return errors;
}
