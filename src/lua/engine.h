/*
 * engine.h — the Lua 5.4 rule engine: one sandboxed state per host, one environment per rule
 * file, limits on every rule call.
 *
 * The engine owns its lua_State. It borrows the store (for ctx:query), the findings list (where
 * ctx:flag appends) and, during engine_run_doc(), the document being checked: model objects
 * handed to Lua carry the engine's generation number and refuse to be read once the document is
 * gone, so a rule that keeps an item in a global gets an error, not freed memory.
 */
#ifndef SC_ENGINE_H
#define SC_ENGINE_H

#include <signal.h>

#include <lua.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../../include/scrutiny.h"
#include "../core/model.h"
#include "../findings/esc_config.h"
#include "../findings/findings.h"
#include "../load/catalogue.h"
#include "../load/scorecard.h"
#include "../match/match.h"
#include "../store/store.h"

typedef enum { SCOPE_ITEM = 0, SCOPE_MEETING = 1, SCOPE_INDICATOR = 2 } rule_scope;

/* The kinds of model objects Lua sees (lua_model.c). */
typedef enum {
    OBJ_MEETING, OBJ_ITEM, OBJ_SECTION, OBJ_PARA, OBJ_SENTENCE, OBJ_RESOLUTION, OBJ_SPEAKER,
    OBJ_FIGURE, OBJ_DATE, OBJ_REF, OBJ_MATCH, OBJ_INDICATOR, OBJ_POINT
} obj_kind;

/* A rule's phrase patterns (rule_patterns.c): the args that hold them and their compiled ids. */
typedef struct rpat {
    char **sets;               /* owned names of the args */
    int nsets;
    int **ids, *nids;           /* compiled, for the document under check (a council may extend them) */
    int always;                 /* check every item even where nothing matched */
} rpat;

typedef struct rule {
    char *id, *title, *file;
    char *tags;     /* "a, b": for listings */
    char *doc;      /* "" when the rule has none */
    char *args;     /* the defaults, one "name = value" per line */
    char *facts_ns; /* the name of its file without ".lua": its facts are kept as "NS/kind" */
    char *reads;    /* other files' fact kinds it declared (rule{ reads = }), "ns/kind, ..." */
    sc_severity severity;
    rule_scope scope;
    int line;       /* of the rule{ } call */
    int check_ref;  /* registry reference of the check function */
    int ctx_ref;    /* registry reference of the rule's ctx object */
    int errors;     /* errors raised so far (reports stop after a few) */
    int disabled;   /* set after it hit a limit */
    long long kept; /* memory its calls left behind, summed (a hog keeps data between calls) */
    int off;        /* turned off by the configuration or --select */
    int unwaivable; /* rule{ waivable = false }: waivers do not apply */
    int query_all;  /* rule{ query_scope = "all" }: ctx:query reads every council */
    sc_severity run_severity; /* for the document under check (a council may override) */
    int run_off;
    rpat pats;
    /* --profile */
    long long prof_calls, prof_skipped, prof_matches;
    double prof_time;
} rule;

/* A council's differences from a rule's settings (rule_settings.c). */
typedef struct overlay {
    char *council;
    int rule;
    int severity;  /* -1: unchanged */
    int enabled;   /* -1: unchanged */
    int diffs_ref; /* registry: list of { key, append, value } arg changes */
} overlay;

typedef struct engine_limits {
    long long instr_budget; /* per rule call: C work charged to it, and Lua instructions when count_lua */
    double deadline_s;      /* per rule call */
    size_t mem_limit;       /* bytes for the whole state */
    int count_lua;          /* count Lua instructions (a count hook, ~8% of the VM's speed): set for an
                               explicit budget; without it the time limit bounds the Lua code */
} engine_limits;

typedef struct engine {
    lua_State *L;
    engine_limits lim;
    size_t mem_used;
    size_t findings_bytes;  /* what rules' findings hold: counted against the memory limit too */
    store *st;
    findings *fs;
    sc_diag_fn diag;
    void *diag_ud;
    rule *rules;
    int nrules, caprules;
    char **dirs; /* rule folders, in the order given or loaded: where require() looks */
    int ndirs;
    char *pack;  /* the installed standard pack: require "lib.X" looks there last (or NULL) */
    /* the document under check */
    model_doc *doc;
    size_t doc_order;
    int64_t doc_id; /* its id in the store, for facts */
    uint32_t gen;
    int cache_ref[OBJ_POINT + 1]; /* registry references of this document's objects by kind, made on first use */
    /* the call under way */
    int cur_rule;
    long long instr_used;
    double started, deadline; /* on engine_clock(), when the watchdog does not tick */
    volatile sig_atomic_t time_up;    /* the watchdog counted the call past its time limit */
    volatile sig_atomic_t in_call;    /* the watchdog counts ticks for the call under way */
    volatile sig_atomic_t call_ticks; /* milliseconds of processor time the call has taken */
    int timed;             /* the watchdog ticks for this call: no clock is read */
    int ticking;           /* the watchdog's timer runs (from a run's first call to engine_rest) */
    const char *limit_hit; /* set by the hook when a limit stops the call */
    lua_State *volatile run_L; /* the thread running rule code now (main or a coroutine) */
    int close_depth;       /* coroutine closes under way, one inside another */
    int watchdog;          /* 1 once the timer below exists */
    timer_t timer;         /* signals that thread at the call's deadline (the watchdog) */
    long timer_tid;        /* the thread it signals */
    int call_flags;        /* findings the call under way made (ctx:flag) */
    int call_facts;        /* facts it recorded (ctx:record) */
    struct fslot {         /* o_index's cache, by kind and by the address of a field's name */
        const char *key;   /* an interned name: alive as long as the class's name table is */
        const struct lfield *field;
        lua_CFunction method;
    } fcache[OBJ_POINT + 1][32];
    size_t short_len;      /* strings up to this long are interned (Lua 5.4: 40), found at open */
    int obj_mt_ref;        /* registry: the model objects' metatable, found by name once ... */
    const void *obj_mt;    /* ... and known by address (lmodel_open) */
    struct {               /* facts recorded while a document is checked, written together */
        store_fact *v;     /* kind and fields owned (malloc); the rest the document's or a rule's */
        size_t n, cap, bytes;
    } facts;
    int rule_errors;       /* errors raised by rules during this host's runs */
    overlay *overlays;
    int noverlays;
    int run_args_ref;      /* registry: rule index + 1 -> args for the document's council */
    esc_list escs;         /* escalations from escalation{} and configurations, and scoring */
    catalogue cat;         /* indicators: the standard catalogue and a council's additions */
    int active;            /* a document or a series is under check: model objects may be read */
    const char *council;   /* the council of what is under check */
    iseries *series;       /* series loaded for this unit of work (indicator runs, ctx:indicator) */
    struct registry *reg;  /* Lua modules of plugins: require "scrutiny.NAME" (borrowed) */
    int nseries, capseries;
    /* phrase patterns of every rule, and their hits in the document under check */
    matcher *mx;
    mx_hits hits;
    uint32_t *pat_mark, mark_gen;
    int npat_mark;
    struct {               /* per pattern, the items the document's hits of it fall in (rpat_items) */
        int *first;        /* pattern p's items: item[first[p] .. first[p + 1]), distinct, in order */
        int *item;         /* (d->items.n for a hit outside any item) */
        int *hits;         /* per pattern: its hits */
        int *fill;         /* per pattern, while they are made: the next place in item[] */
        int np, cap;       /* patterns, and the size of item[] */
    } pitems;
    unsigned char *want; /* per item (+1 for the meeting): a rule's patterns matched there */
    struct lind_cache *icache; /* lua_indicator.c: figures' indicators in the document under check */
    int nwant;
} engine;

int engine_open(engine **out /* OUT */, const engine_limits *lim, store *st, findings *fs,
                sc_diag_fn diag, void *diag_ud, char *errbuf, size_t errlen);
void engine_close(engine *e);

/* Loads one rule file into its own environment. Errors are reported through the diagnostic
 * callback and returned as SC_RULE; rules the file defined before the error are dropped. */
int engine_load_file(engine *e, const char *path);
/* The same for a rule file held in memory, text[0..len) (borrowed), named `name`. */
int engine_load_buffer(engine *e, const char *name, const char *text, size_t len);

/* Adds a rules folder (is_dir) or a rule file's folder to the path require() searches, after
 * those added before; engine_load_file adds its file's folder too. SC_OK or SC_NOMEM. */
int engine_add_rule_path(engine *e, const char *path, int is_dir);
/* The installed standard pack (copied; NULL for none): require "lib.X" reads its lib/X.lua when
 * no rule folder has it. SC_OK or SC_NOMEM. */
int engine_set_pack(engine *e, const char *dir);

/* Runs every indicator-scope rule over one council's series of one indicator (read from the
 * store). Returns the number of rule errors raised, or -1 when out of memory. */
int engine_run_series(engine *e, const char *council, const char *indicator, size_t order);

/* Runs every rule over one document (borrowed for the call). Returns the number of rule
 * errors raised, or -1 when out of memory. */
int engine_run_doc(engine *e, model_doc *d, int64_t doc_id, size_t doc_order);

/* The host has taken the findings out of e->fs (written out, or moved to its own list): they no
 * longer count against the rules' memory limit, which then bounds what one unit of work (a
 * council) holds, not what a whole run found. */
void engine_findings_taken(engine *e);

/* escalate_check_fn for escalation{ check = function(findings, info) ... end }. */
int engine_check_escalation(void *engine, const esc_def *d, const findings *fs, const size_t *members, size_t n,
                            char *msg, size_t msglen);

/* Re-describes rule r's args (rule->args) from their current values. */
int engine_refresh_args(engine *e, int r);

/* ---- shared between the binding files ---- */

engine *engine_from(lua_State *L);

/* Charges `cost` instructions of work done in C to the call under way and raises the limit
 * error when the budget is spent or the deadline passed (no-op outside rule calls). */
void engine_charge(lua_State *L, double cost);
/* Is a rule call under way and past its deadline? */
int engine_deadline_passed(engine *e);
/* Stops the clock that counts rule calls' time (it runs from a run's first document on). */
void engine_rest(engine *e);
/* From engine_host_begin to engine_host_end (given what begin returned) the call's time does
 * not count: the host works for the rule (copying a council's rows for ctx:query). */
double engine_host_begin(engine *e);
void engine_host_end(engine *e, double t0);
/* The clock the deadline is on (the thread's processor time, in seconds). */
double engine_clock(void);

/* lua_cguard.c: replaces library functions whose work in C the count hook cannot see
 * (table.sort, table.move, table.insert, table.remove, table.concat, string.rep) with versions
 * that charge that work to the call, or refuse it. */
void lcguard_wrap(lua_State *L);

/* Reports a diagnostic through the host's callback. */
void engine_report(engine *e, sc_diag_level lv, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* lua_model.c: model objects as userdata (obj_kind above). */

typedef struct lobj {
    uint32_t gen;
    obj_kind kind;
    int index;         /* into the document's array of that kind (0 for the meeting) */
    uint32_t off, end; /* OBJ_MATCH: the matched bytes; OBJ_POINT: off is the point's index */
    int sentence;      /* OBJ_MATCH only */
    int hit;           /* OBJ_MATCH of a pattern: index + 1 into engine.hits; 0 for find_any */
} lobj;

#define LMODEL_MT "scrutiny.object"

/* The Lua face of each object type is a class: tables of fields and methods, each with its
 * LuaLS type and documentation. __index and pairs() read them, and rules/types/scrutiny.d.lua
 * is written from them (lua_api.c), so the annotations cannot drift from what rules see. */
typedef struct lfield {
    const char *name;
    /* pushes the value (nil when this object has none); the object is at stack index 1 */
    void (*get)(lua_State *L, engine *e, const lobj *o);
    const char *type; /* LuaLS: "string", "Item[]", "string?" when it may be nil */
    const char *doc;
} lfield;

typedef struct lparam {
    const char *name; /* "opts?" when optional */
    const char *type;
    const char *doc;
} lparam;

typedef struct lmethod {
    const char *name;
    lua_CFunction fn;
    const char *doc;
    lparam params[4];    /* up to the first with name NULL */
    const char *returns; /* LuaLS return types ("Match[]", "integer, Point?"), NULL for none */
} lmethod;

typedef struct lclass {
    const char *name;             /* LuaLS class: "Item" */
    const struct lclass *parent;  /* fields and methods it inherits, or NULL */
    const char *doc;
    const lfield *fields;         /* own fields, in pairs() order, ended by { NULL } (NULL: none) */
    const lmethod *methods;       /* own methods, ended by { NULL } (NULL: none) */
    const char *extra_doc;        /* LuaLS "[string]: T" line for fields no table lists, or NULL */
    /* Fields no table lists (a match's named captures): pushes the value and returns 1 when `k`
     * is one this object may have (nil when it has none), 0 when it is no field of the class. */
    int (*extra)(lua_State *L, engine *e, const lobj *o, const char *k);
    /* pairs(): pushes the name and value of the extra field after `k` (NULL: the first) and
     * returns 1, or returns 0 after the last. */
    int (*extra_next)(lua_State *L, engine *e, const lobj *o, const char *k);
} lclass;

/* The name of class c (or its parents) nearest to k (an edit or two away), or NULL. */
const char *lclass_suggest(const lclass *c, const char *k);

/* Names of obj_kind values (obj.type), section, figure and date kinds, each ended by NULL. */
extern const char *const lmodel_kind_names[], *const lmodel_sec_kinds[], *const lmodel_fig_kinds[],
    *const lmodel_date_kinds[];
/* rule{ scope = }, indexed by rule_scope, ended by NULL (engine.c). */
extern const char *const engine_scope_names[];

/* ModelObject, the fields and methods every document object has (lua_model.c). */
extern const lclass lmodel_object_class;
/* The class of each kind, indexed by obj_kind (lua_model.c). */
extern const lclass *const lmodel_classes[OBJ_POINT + 1];

void lmodel_open(lua_State *L);
/* Pushes the (cached) object of a kind and index of the current document. */
void lmodel_push(lua_State *L, engine *e, obj_kind kind, int index);
/* Pushes the object cached under (kind, index) for the document under check, or makes it (with
 * `nuv` user values, fields zero but gen, kind and index) and caches it; *made says which, so the
 * caller fills in a new one. The object belongs to Lua. */
lobj *lmodel_cached(lua_State *L, engine *e, obj_kind kind, int index, int nuv, int *made);
/* Checks that the value at idx is a live model object; raises otherwise. */
lobj *lmodel_check(lua_State *L, int idx);
/* The model object at idx (live or not), or NULL when it is something else. */
lobj *lmodel_test(lua_State *L, int idx);
/* Gives the userdata at the top of the stack the model objects' metatable. */
void lmodel_setmt(lua_State *L, engine *e);
/* Span of a live object. */
sc_span lmodel_span(engine *e, const lobj *o);
/* Item index an object belongs to (-1 for the meeting). */
int lmodel_item(engine *e, const lobj *o);

/* lua_bugguard.c: defences against Lua 5.4.4 bugs a rule can reach. setmetatable for rules (a
 * copy of the metamethods, no __gc or __concat); a check of the compiled function at the top
 * (0, or 1 with a message pushed above it; never raises); utf8.codes made strict. */
int lbugguard_setmetatable(lua_State *L);
int lbugguard_check_chunk(lua_State *L);
void lbugguard_wrap(lua_State *L);

/* lua_coguard.c: replaces xpcall and coroutine.resume, wrap and close with versions that keep
 * rule code from running with hooks off, record the running thread in e->run_L, and bound the
 * nesting of closes. */
void lcoguard_wrap(lua_State *L);

/* lua_patguard.c: replaces find, match, gmatch and gsub of the table at the top of the stack
 * with versions that refuse calls whose backtracking could outlast the limits. */
void lpatguard_wrap(lua_State *L);

/* What rule{} and escalation{} take: names, LuaLS types, documentation (get is NULL). */
extern const lfield engine_rule_fields[], engine_escalation_fields[];

/* rule_settings.c: configuration applied to loaded rules. */
struct ynode;
int settings_apply(engine *e, const struct ynode *root, const char *file, char *errbuf, size_t errlen);
int settings_set(engine *e, const char *assign, char *errbuf, size_t errlen);
int settings_select(engine *e, const char *src, const char *file, int line, int col, char *errbuf, size_t errlen);
int settings_selector_matches(const rule *r, const char *selector);
long settings_count_rule(void *rule_ptr, const char *atom);
overlay *settings_overlay(engine *e, const char *council, int r);
/* Before a document: each rule's severity, on/off and args for the document's council. */
void settings_begin_doc(engine *e, const char *council);
void settings_free(engine *e);

/* lua_indicator.c: indicators and their series points. */
/* The classes Indicator and Point. */
extern const lclass lind_indicator_class, lind_point_class;
/* Index of the series of (council, id) in the engine's cache, loading it; -1 on error. */
int lind_series(engine *e, const char *council, const char *id);
/* Pushes figure.indicator (or nil) and figure.period (or nil) for figure f of the document. */
void lind_figure(lua_State *L, engine *e, int fig, int want_period);
/* ctx:indicator(id [, council]). */
int lind_ctx_indicator(lua_State *L);
/* Empties the series cache (between units of work). */
void lind_clear(engine *e);
/* Frees the figure -> indicator cache (engine_close). */
void lind_free(engine *e);
/* The finding a flag at an indicator or point object makes. */
int lind_flag(lua_State *L, engine *e, const lobj *o, const char *rule_id, sc_severity sev, const char *msg);

/* rule_patterns.c: rule{ patterns = {...} }. */
/* Reads and compiles the patterns a rule definition (table at `def`, args at `args`) declares.
 * Returns 0, or -1 with an error message pushed. */
int rpat_declare(lua_State *L, engine *e, int def, int args, const char *file, int line, const char *id, rpat *out /* OUT */);
void rpat_free(rpat *p);
/* Before a document: each rule's patterns for its council, then one run of the matcher.
 * Returns the number of rules disabled for a bad pattern in their args, or -1 (memory). */
int rpat_begin_doc(engine *e);
/* Marks the items of the document where rule r's patterns matched in want[0..items] (the last
 * entry: outside any item); returns how many, or -1 when out of memory. */
int rpat_items(engine *e, int r, unsigned char *want);
/* Stamps rule r's patterns (all sets, or set `set`) in e->pat_mark; returns the stamp. */
uint32_t rpat_mark(engine *e, int r, int set);

/* lua_match.c: obj:match(name) and the fields of pattern matches. */
int lmatch_method(lua_State *L);
/* Fields of matches beside those every object has (keyword, sentence, pattern, captures). */
extern const lfield lmatch_fields[];
/* lclass.extra and extra_next of matches: their slots' captures by name. */
int lmatch_capture(lua_State *L, engine *e, const lobj *o, const char *k);
int lmatch_next_capture(lua_State *L, engine *e, const lobj *o, const char *k);
/* The capture name of the running rule's patterns nearest to k (for "did you mean"), or NULL. */
const char *lmatch_suggest(engine *e, const char *k);
/* Pushes the hit table passed to a check: set name -> matches inside object (kind, index). */
void lmatch_push_hits(lua_State *L, engine *e, int r, obj_kind kind, int index);

/* lua_ctx.c: the ctx object handed to check functions; its class Ctx. */
extern const lclass lctx_class;
void lctx_open(lua_State *L);
/* Creates the ctx of rule `r` with its args table (at the top of the stack, popped). */
int lctx_new(lua_State *L, int r);
/* Drops the facts recorded from facts.v[from] on (a failed call's, or after a write). */
void lctx_drop_facts(engine *e, size_t from);
/* Writes the facts recorded so far to the store and drops them: SC_OK, or SC_DB with err set
 * (they are dropped either way). */
int lctx_write_facts(engine *e, char *err, size_t errlen);

#endif
