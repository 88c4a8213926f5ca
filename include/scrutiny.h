/*
 * scrutiny.h — the embedding API of libscrutiny.
 *
 * A host (sc_host) owns everything it hands out: strings and findings returned by sc_host_*
 * functions stay valid until the next call that changes the host (load, run) or until
 * sc_host_close(). Input strings are always copied; the caller keeps ownership of its buffers.
 * Functions that can fail return an sc_status; sc_host_errmsg() then holds the detail, usually
 * in the form "file:line:col: message". Closing NULL does nothing.
 *
 * Threads. Hosts share nothing: each thread may open and use its own hosts at the same time as
 * the others. One host is used by one thread at a time (its calls are not synchronised; hand
 * it to another thread only between calls). The callbacks a host is given (diagnostics,
 * progress, sinks) run on the thread that called it, one at a time: a run on several threads
 * (sc_host_jobs) hands its workers' diagnostics back to that thread, in order. Plugins are
 * shared by the hosts of a process that load the same file, and their loaders and Lua modules
 * also run on a run's worker threads: they may run on several threads at once and must keep
 * no unguarded global state. The only process-wide state of the library is the rule
 * watchdog's signal handler (SIGRTMIN+7, installed once, thread-safely, unless the application
 * handles that signal).
 */
#ifndef SCRUTINY_H
#define SCRUTINY_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What libscrutiny exports: these functions only (it is built with -fvisibility=hidden). */
#if defined(__GNUC__) || defined(__clang__)
#define SC_API __attribute__((visibility("default")))
#else
#define SC_API
#endif

/* The version of this header. sc_libversion() is the library's: they differ when a program
 * runs against a library other than the one it was built with. */
#define SC_VERSION "0.1.0"
#define SC_VERSION_MAJOR 0
#define SC_VERSION_MINOR 1
#define SC_VERSION_PATCH 0
#define SC_VERSION_NUMBER (SC_VERSION_MAJOR * 1000000 + SC_VERSION_MINOR * 1000 + SC_VERSION_PATCH)

/* Status codes. Append only: numbers never change. */
typedef enum sc_status {
    SC_OK = 0,       /* success */
    SC_ERROR = 1,    /* generic failure */
    SC_NOMEM = 2,    /* out of memory */
    SC_IO = 3,       /* a file could not be read or written */
    SC_PARSE = 4,    /* an input (minutes, front matter) is malformed */
    SC_RULE = 5,     /* a rule file failed to load, or a rule raised an error */
    SC_DB = 6,       /* the SQLite store failed */
    SC_USAGE = 7,    /* bad argument from the caller */
    SC_NOTFOUND = 8, /* no such file, rule or format */
} sc_status;

/* Severities, in increasing order. */
typedef enum sc_severity {
    SC_SEV_INFO = 0,
    SC_SEV_NOTICE = 1,
    SC_SEV_WARNING = 2,
    SC_SEV_HIGH = 3,
    SC_SEV_CRITICAL = 4,
} sc_severity;

/* Diagnostic levels passed to the diagnostic callback. */
typedef enum sc_diag_level { SC_DIAG_NOTE = 0, SC_DIAG_WARNING = 1, SC_DIAG_ERROR = 2 } sc_diag_level;

/* Called for every warning or error about an input or a rule, as it happens. `file` may be NULL;
 * `line`/`col` are 0 when unknown. All strings are borrowed for the duration of the call. */
typedef void (*sc_diag_fn)(void *ud, sc_diag_level level, const char *file, int line, int col,
                           const char *message);

/* Options for sc_host_open(). Zero-initialise, then set what you need. Strings are copied. */
typedef struct sc_options {
    const char *db_path;        /* SQLite file for the corpus; NULL means in memory */
    sc_diag_fn diag;            /* optional diagnostic callback */
    void *diag_ud;              /* user data for `diag` */
    long long instr_budget;     /* budget per rule call; 0 = default: C work charged to 100 million,
                                   Lua instructions not counted (the time limit bounds them); > 0
                                   also counts them (a count hook: Lua runs ~10% slower) */
    double deadline_s;          /* processor seconds per rule call; 0 = default (1 s) */
    size_t mem_limit;           /* bytes for the Lua state; 0 = default (256 MiB) */
    size_t max_input;           /* bytes per input document; 0 = default (64 MiB) */
    /* Appended after 0.1.0. */
    const char *pack_dir;       /* the installed standard pack, or NULL: require "lib.NAME" reads its
                                   lib/NAME.lua when no rules folder has one (scrutiny-run passes
                                   $SCRUTINY_RULES or the folder of its install) */
} sc_options;

/* A finding. Every string is owned by the host. `council`, `meeting` and `item` are "" when
 * unknown. Lines and columns are 1-based; columns count characters, not bytes. */
typedef struct sc_finding {
    const char *rule;
    sc_severity severity;
    const char *message;
    const char *file;
    int line, column, end_line, end_column;
    const char *excerpt;
    const char *council;
    const char *meeting;
    const char *item;
    const char *based_on; /* NULL, or for an escalation the findings it rests on: "rule@file:line:col; ..." */
    const char *fingerprint; /* 16 hex digits from rule, council, meeting, item and the folded excerpt:
                                stable when the minutes are re-formatted or lines move */
    const char *waived;      /* NULL, or the reason of the waiver silencing it (with show_waived) */
    /* Appended after 0.1.0 (a plugin built earlier never reads them): "" when unknown. */
    const char *date;        /* the meeting's ISO date; "" for indicator findings (`meeting` holds the period) */
    const char *committee;   /* the meeting's committee */
    const char *title;       /* the rule's title */
    const char *tags;        /* the rule's tags, "outcomes, resolutions" */
} sc_finding;

typedef struct sc_host sc_host;

/* ---- configuration (scrutiny.yaml) ------------------------------------------------------- */

typedef struct sc_config sc_config;

/* Reads and checks a configuration file. On failure *out is NULL and errbuf holds
 * "file:line:col: message". Free with sc_config_close (NULL is a no-op). */
SC_API sc_status sc_config_open(sc_config **out /* OUT */, const char *path, char *errbuf, size_t errlen);
SC_API void sc_config_close(sc_config *c);

/* A single setting ("db", "format", "output", "fail_on", "select"), or NULL when unset. The
 * string belongs to the configuration. */
SC_API const char *sc_config_get(const sc_config *c, const char *key);

/* A list setting ("inputs", "rule_paths"): its length, and item i (owned by the config). */
SC_API size_t sc_config_count(const sc_config *c, const char *key);
SC_API const char *sc_config_item(const sc_config *c, const char *key, size_t i);

/* Copies the limits the configuration sets into opts, leaving the others as they are. */
SC_API void sc_config_limits(const sc_config *c, sc_options *opts);

/* The file the configuration came from. */
SC_API const char *sc_config_path(const sc_config *c);

/* Opens a host. On success *out owns a new host to free with sc_host_close(). On failure *out
 * is NULL, nothing is leaked, and if `errbuf` is not NULL it receives the reason. */
SC_API sc_status sc_host_open(sc_host **out /* OUT */, const sc_options *opts, char *errbuf, size_t errlen);

/* Frees the host and everything it owns. NULL is a no-op. */
SC_API void sc_host_close(sc_host *h);

/* Detail of the last failure, owned by the host; "" after success. */
SC_API const char *sc_host_errmsg(const sc_host *h);

/* The library's version: SC_VERSION and SC_VERSION_NUMBER of the header it was built with.
 * The string is static. */
SC_API const char *sc_libversion(void);
SC_API int sc_libversion_number(void);

/* Static name of a status code ("ok", "out of memory", ...). */
SC_API const char *sc_strerror(sc_status status);

/* Static lower-case name of a severity, or NULL. */
SC_API const char *sc_severity_name(sc_severity s);

/* Parses "info", "notice", "warning", "high", "critical". Returns -1 when unknown. */
SC_API int sc_severity_parse(const char *name);

/* Loads a rule file, or every *.lua in a folder (sorted by name). A rule file with an error is
 * reported through the diagnostic callback and SC_RULE is returned after the rest are loaded. */
SC_API sc_status sc_host_load_rules(sc_host *h, const char *path);

/* Loads rules from memory: `text` (len bytes, copied) is a rule file named `name`, which stands
 * for its path in messages, findings and --list-rules and names its facts as a file's name does
 * (NAME.lua keeps kinds as "NAME/kind"). `require` finds modules in the folders of rule files
 * loaded from paths. Errors are reported as for sc_host_load_rules (SC_RULE), with positions
 * in `text`. An empty name, or NULL text with len > 0, is SC_USAGE. */
SC_API sc_status sc_host_load_rules_buffer(sc_host *h, const char *name, const char *text, size_t len);

/* Adds a rules folder, or a rule file's folder, to the folders require() searches, without
 * loading anything. require "a.b" reads a/b.lua from the first folder that has it, in the order
 * the folders were added, then (for "lib.*") from opts.pack_dir. sc_host_load_rules adds its
 * path too, after the others: add every path first so that a file may require a module from a
 * folder named after it. */
SC_API sc_status sc_host_add_rule_path(sc_host *h, const char *path);

/* Adds minutes or scorecards: a file, a folder (recursively: *.txt, *.md, *.text minutes; *.csv
 * scorecards in long, wide or DfE tidy shape), or "-" for stdin (minutes). Each document
 * is parsed, stored (a no-op when its content is already stored) and queued for the next run.
 * Bad documents are reported and skipped; the call then returns SC_PARSE or SC_IO. */
SC_API sc_status sc_host_add_input(sc_host *h, const char *path);

/* Adds minutes from memory under the display name `name`; `data` is copied. */
SC_API sc_status sc_host_add_buffer(sc_host *h, const char *name, const char *data, size_t len);

/* Queues every document already in the store (for a run over a persistent corpus). */
SC_API sc_status sc_host_add_stored(sc_host *h);

/* Applies what a configuration says of rules — rules: (severity, enabled, args), disable:,
 * enable:, councils:, select: — to the rules loaded so far; later calls override earlier
 * ones. Unknown rule ids and args are errors with file:line:col and a suggestion. `cfg` is
 * borrowed. A rules folder's own scrutiny.yaml is applied when the folder is loaded. */
SC_API sc_status sc_host_apply_config(sc_host *h, const sc_config *cfg);

/* Adds an indicator catalogue (YAML, `indicators:` list; see rules/indicators.yaml, which is
 * built in): new indicators, or fields that override the standard ones of the same id. */
SC_API sc_status sc_host_add_catalogue(sc_host *h, const char *path);

/* --set: "RULE.KEY=VALUE", KEY being severity, enabled or an arg; VALUE is read as YAML
 * ("40", "high", "[a, b]", "{append: [c]}"). Applied after every configuration. */
SC_API sc_status sc_host_set(sc_host *h, const char *assignment);

/* --select: turns off every rule the expression does not select (ids, globs, tag:NAME or a tag,
 * and/or/not, parentheses). A bad expression is SC_USAGE with the column in the message. */
SC_API sc_status sc_host_select(sc_host *h, const char *expression);

/* Waivers (YAML, see README): silence a finding by fingerprint, or a rule (for one council or all),
 * with a reason, who approved it and an expiry date. Expired waivers stop working and are
 * reported as warnings; rules with `waivable = false` ignore waivers. Errors name file:line:col. */
SC_API sc_status sc_host_load_waivers(sc_host *h, const char *path);

/* Findings whose fingerprint is in this earlier JSON Lines output are dropped (a baseline). */
SC_API sc_status sc_host_load_baseline(sc_host *h, const char *path);

/* Keep waived findings in the results, marked with the waiver's reason. */
SC_API void sc_host_show_waived(sc_host *h, int show);

/* Leave findings below `min` out of the results (a display filter: escalations and scores are
 * worked out from every finding first). The default is SC_SEV_INFO: everything. */
SC_API void sc_host_min_severity(sc_host *h, sc_severity min);

/* Runs every loaded rule over the queued documents council by council (councils in name order,
 * each council's meetings in date order, then its indicator series), finishing each council's
 * findings (waivers, escalations, scores) before the next, in deterministic order: council, then
 * file, line, column, rule id. Returns SC_RULE when a rule raised an error (the other rules
 * still ran and their findings are kept). */
SC_API sc_status sc_host_run(sc_host *h);

/* Findings of the last run. The pointer is owned by the host. */
SC_API size_t sc_host_finding_count(const sc_host *h);
SC_API const sc_finding *sc_host_finding(const sc_host *h, size_t i);

/* Number of documents queued, and of documents newly stored by this host. */
SC_API size_t sc_host_document_count(const sc_host *h);
SC_API size_t sc_host_stored_count(const sc_host *h);

/* Documents of the last run that a --db store had checked with the same rule set (rules, their
 * settings, catalogues, plugins, version) and content: reported from the store, not checked. */
SC_API size_t sc_host_reused_count(const sc_host *h);

/* A loaded rule, as rule{} defined it. Strings are owned by the host. */
typedef struct sc_rule_info {
    const char *id;
    const char *title;
    sc_severity severity;
    const char *scope; /* "item" or "meeting" */
    const char *tags;  /* "outcomes, follow-up" */
    const char *doc;   /* "" when the rule has none */
    const char *args;  /* the defaults, one "name = value" line each */
    const char *file;
    int line;
    int enabled;       /* 0 when the configuration or --select turned it off */
    const char *reads; /* other rule files' fact kinds it reads (rule{ reads = }): "followup/commitment, ..." */
    /* appended in 0.2: phrase patterns and what the runs so far cost */
    const char *patterns; /* "promises (17), offers (9)": the args that hold its patterns; "" for none */
    int always;           /* called for every item even where its patterns did not match */
    long long calls;      /* check calls */
    long long skipped;    /* items (or meetings) skipped because none of its patterns matched */
    long long matches;    /* pattern matches in what it was called for */
    double seconds;       /* processor time in its check (the thread's, as the time limit), counted in
                             * millisecond ticks: a sample, close over many calls */
    /* appended in 0.3 */
    const char *query_scope; /* what its ctx:query reads: "council" (the one under check) or "all" */
} sc_rule_info;

/* Number of rules loaded, and rule i in load order (NULL past the end). The returned struct is
 * the host's and is overwritten by the next sc_host_rule() call. */
SC_API size_t sc_host_rule_count(const sc_host *h);
SC_API const sc_rule_info *sc_host_rule(sc_host *h, size_t i);

/* Rule tests: every *.lua of the folder `dir` runs on each fixture of dir/tests/: the files that
 * share a name NAME, minutes (NAME.txt, .md, .text) and scorecards (NAME.csv,
 * NAME.scorecard.yaml), alone or together, whose findings are compared with NAME.expect.yaml:
 *     expect:                      # each must be found; a rule listed here has no other finding
 *       - { rule: ID, line: N, message: "substring", file: NAME.csv }   # message, file optional
 *     silent: [ ID, ... ]          # these rules must find nothing
 * A folder dir/tests/NAME.history/, when present, holds earlier meetings (and scorecards) that
 * are loaded and checked first (for rules that read facts of earlier meetings); only findings in
 * the fixture's own files are compared. Every rule must appear in some `expect` (a positive
 * fixture) and some `silent`. Rules find opts->pack_dir's lib/ helpers as in a run.
 * Writes "ok - ..." / "not ok - ..." lines and a last line "N passed, N failed" to `out`.
 * Returns SC_OK when everything passed, SC_ERROR when a check failed, or another status when
 * the folder cannot be read; `opts` as for sc_host_open (NULL for defaults). */
SC_API sc_status sc_test_rules(const char *dir, const sc_options *opts, FILE *out, int *passed /* OUT */, int *failed /* OUT */);

/* Writes a listing of every queued document as the loader parsed it: items, sections,
 * resolutions, speakers, figures, dates and references with their line:column. */
SC_API sc_status sc_host_dump(sc_host *h, FILE *out);

/* Writes the LuaLS annotations of what rule files see (rules/types/scrutiny.d.lua), generated
 * from the Lua binding tables, to `out` (borrowed). SC_IO when writing failed. */
SC_API sc_status sc_write_lua_api(FILE *out);

/* Plugins (see scrutiny_plugin.h). sc_host_load_plugin loads a shared object; a refused or
 * failed plugin leaves nothing behind and the reason in sc_host_errmsg. */
SC_API sc_status sc_host_load_plugin(sc_host *h, const char *path);

/* What is registered: plugin i's name, version, file ("(built in)" for scrutiny's own) and
 * kinds ("loader:minutes, sink:text"). Strings are owned by the host. */
typedef struct sc_plugin_view {
    const char *name, *version, *file;
    char kinds[512];
} sc_plugin_view;
SC_API size_t sc_host_plugin_count(const sc_host *h);
SC_API sc_status sc_host_plugin(const sc_host *h, size_t i, sc_plugin_view *out /* OUT */);

/* Is `format` a registered sink ("text", "jsonl", or a plugin's)? */
SC_API int sc_host_has_format(const sc_host *h, const char *format);

/* Writes the findings of the last run to `out` in `format` (a registered sink). */
SC_API sc_status sc_host_write(sc_host *h, const char *format, FILE *out);

/* Makes the next sc_host_run write its findings to `out` (borrowed, not closed) in `format`
 * council by council, as each council's meetings and series are checked, instead of keeping
 * them: memory then follows the largest council, not the corpus. A council's meetings are
 * written one by one as each is checked when that gives the same bytes: their file names
 * ascend with their dates, the council has no series, and no escalation reads the council
 * whole (scope "council", or a check function). Councils come in name order,
 * each one's findings in the order of sc_host_run; sc_host_finding_count is then 0 after the
 * run (sc_host_count counts them). Built-in "text", "jsonl" and "csv" stream; another format
 * gives SC_USAGE and is written with sc_host_write after the run. May be called for several
 * outputs. */
SC_API sc_status sc_host_stream(sc_host *h, const char *format, FILE *out);

/* Findings of the last run of one severity, streamed or kept; `waived` non-zero counts the
 * waived ones shown with --show-waived, zero the others. */
SC_API size_t sc_host_count(const sc_host *h, sc_severity severity, int waived);

/* Checks councils on n threads in the next sc_host_run (1, the default: this thread only; at
 * most 64). Each thread has its own Lua state, set up as the host's, under the same limits (the
 * memory cap is per thread), and its own connection to the store; a council's meetings stay on
 * one thread, in date order. Findings, their order, the errors and warnings and every output
 * are the same as with one thread, except where a rule is stopped by a limit: it is disabled
 * for the rest of its thread's councils, not of the run. */
SC_API void sc_host_jobs(sc_host *h, int n);

/* Called after each minutes document of sc_host_run is checked: documents done, documents in
 * the run, findings so far. */
typedef void (*sc_progress_fn)(void *ud, size_t done, size_t total, size_t findings);
SC_API void sc_host_on_progress(sc_host *h, sc_progress_fn fn, void *ud);

/* ---- shards: one run split across processes or machines --------------------------------- */

/* Makes the next sc_host_run check only the councils of shard `index` of `count` (1 <= index <=
 * count): those whose name's 64-bit FNV-1a hash (offset basis 14695981039346656037, prime
 * 1099511628211, over the council's UTF-8 bytes; "" for a meeting of no known council) is
 * index - 1 modulo count. Every document of a council is in the same shard, so facts across
 * meetings, escalations and scores come out as in one run. Inputs are still read (and reported)
 * whole; the other councils are left out of the run. (1, 1) is the whole run. SC_USAGE when index
 * is not in 1..count. */
SC_API sc_status sc_host_shard(sc_host *h, unsigned index, unsigned count);

/* Merges the JSON Lines outputs (-f jsonl) of the shards of one run, `paths[0..n)`, into `out`
 * (borrowed): the bytes one process writes for the whole run. Findings are copied line by line
 * and ordered council by council as one run orders them; errors and warnings that every shard
 * starts with (those about the inputs, which each shard reads) are written once, then the shards'
 * other errors and warnings in the order of `paths` (a record several give, once), and last the
 * waivers that matched nothing in any shard (one a shard matched is not stale). Rules that fail
 * during the run are the exception: each shard shows the first errors of a rule, so the records
 * can differ from one run's (the findings and the exit status do not). `counts` (NULL or 5 entries) receives the
 * findings per severity, `*nerrors` (NULL or a count) the error records. A file that is cut short,
 * not jsonl, or whose councils overlap another's is refused with "file:line:col: message" in
 * errbuf, and nothing is written. */
SC_API sc_status sc_merge_jsonl(const char *const *paths, size_t n, FILE *out, size_t counts[5] /* OUT */,
                                 size_t *nerrors /* OUT */, char *errbuf, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
