/*
 * scrutiny_plugin.h — the plugin ABI of scrutiny.
 *
 * A plugin is a shared object exporting two symbols:
 *
 *   const sc_plugin_info sc_plugin_meta = { SC_PLUGIN_ABI_MAJOR, SC_PLUGIN_ABI_MINOR, "name", "1.0" };
 *   int sc_plugin_register(const sc_host_api *api, sc_plugin *p);
 *
 * The host refuses a plugin whose major version differs from its own, or whose minor version is
 * newer, naming both (read from sc_plugin_meta). sc_plugin_register() registers what the plugin offers (loaders, sinks, Lua
 * modules) through `api` and returns 0; a non-zero return (or a registration the host refused)
 * unloads the plugin and undoes everything it registered. The built-in minutes and scorecard
 * loaders and the text and jsonl sinks register through this same table.
 *
 * Ownership across the ABI:
 *   - every `const char *` and definition struct passed to the host is copied; the plugin may
 *     free or reuse it when the call returns;
 *   - strings the host passes to plugin callbacks (paths, data, findings) are borrowed for the
 *     duration of the call;
 *   - memory from api->alloc must be freed with api->free; the host never frees plugin memory;
 *   - `sc_plugin *` and `sc_input *` handles belong to the host and are valid only during the
 *     call that received them.
 * The table only grows: new entries are appended, older plugins keep working within a major.
 * A plugin built for minor N may use the entries of N and before: the host refuses a plugin whose
 * minor is newer than its own, so no further check is needed.
 *
 * Versions: 1.0 the first table; 1.1 appends set_meta, charge and register_loader_kind.
 *
 * Positions: findings, facts, the store and the `line`/`column` fields rules read all count in
 * the input file a loader read (the line and column emit_line gave for each text line), never in
 * the text it emitted. Only `offset`/`end_offset` (byte positions for string.sub) are in the
 * emitted text.
 */
#ifndef SCRUTINY_PLUGIN_H
#define SCRUTINY_PLUGIN_H

#include <stddef.h>

#include "scrutiny.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SC_PLUGIN_ABI_MAJOR 1
#define SC_PLUGIN_ABI_MINOR 1

typedef struct sc_plugin_info {
    unsigned abi_major, abi_minor;
    const char *name;
    const char *version;
} sc_plugin_info;

typedef struct sc_plugin sc_plugin; /* the host's record of a plugin being registered */
typedef struct sc_input sc_input;   /* an input a loader is converting */
struct lua_State;

/* What a loader makes of its input (ABI 1.1, register_loader_kind). */
typedef enum sc_loader_kind {
    SC_LOADER_MINUTES = 0,   /* load() emits minutes text, as with register_loader */
    SC_LOADER_SCORECARD = 1, /* the input is a scorecard the host reads itself (CSV in the long,
                                wide or DfE tidy shapes; YAML for *.scorecard.yaml): the loader only
                                claims extensions, and its `load` must be NULL */
} sc_loader_kind;

/* A loader turns an input file into minutes text the host parses as usual. It emits the text
 * line by line, each with the line and column of the input it came from, so spans, findings and
 * the store point into the original file. */
typedef struct sc_loader_def {
    const char *name;
    const char *const *extensions;                         /* NULL-terminated, e.g. { ".html", NULL } */
    int (*sniff)(const char *data, size_t len);            /* optional: > 0 claims content without a known extension */
    int (*load)(void *ud, sc_input *in, const char *path, const char *data, size_t len); /* 0, or non-zero after report() */
    void *ud;
} sc_loader_def;

/* A sink receives the findings of a run in their final order. */
typedef struct sc_sink_def {
    const char *name;                                       /* the --format name */
    int (*begin)(void *ud, FILE *out);                      /* optional */
    int (*write)(void *ud, FILE *out, const sc_finding *f); /* 0, or non-zero on a write error */
    int (*end)(void *ud, FILE *out);                        /* optional */
    void *ud;
} sc_sink_def;

/* A Lua module: `require "scrutiny.NAME"` inside the sandbox calls open(L), which must push
 * one value (the module). Its functions run under the rule limits. */
typedef int (*sc_lua_open_fn)(struct lua_State *L);

typedef struct sc_host_api {
    unsigned abi_major, abi_minor;
    size_t struct_size; /* sizeof(sc_host_api) of the host: entries past it do not exist */

    int (*register_loader)(sc_plugin *p, const sc_loader_def *def);
    int (*register_sink)(sc_plugin *p, const sc_sink_def *def);
    int (*register_lua_module)(sc_plugin *p, const char *name, sc_lua_open_fn open);

    void *(*alloc)(size_t n);
    void (*free)(void *ptr);

    /* Reports a problem with an input (line/col 1-based, 0 when unknown), or with the plugin
     * itself when `in` is NULL. */
    void (*report)(sc_input *in, sc_diag_level level, int line, int col, const char *message);

    /* Loader output: one line of minutes text and where it came from. Returns 0, or non-zero
     * when out of memory. */
    int (*emit_line)(sc_input *in, const char *text, size_t len, int src_line, int src_col);

    /* ---- appended in 1.1 ---- */

    /* Sets a field of the meeting the input holds: "council", "committee", "date" (YYYY-MM-DD)
     * or "title", as front matter would, but as a plain value (no YAML: colons, quotes and '#'
     * are text). It wins over front matter in the emitted text and over the title block. A later
     * call for the same key replaces the value; "" unsets it. Returns 0, 1 for an unknown key
     * (nothing set), -1 when out of memory. Only during load(). */
    int (*set_meta)(sc_input *in, const char *key, const char *value);

    /* Charges `cost` Lua instructions to the budget of the rule whose call runs the module
     * function (call it from a lua_CFunction of a module of register_lua_module, for work the
     * instruction count cannot see: long loops in C, big allocations). When the call's
     * instruction budget or time limit is used up it raises a Lua error, like lua_error: it does
     * not return, so release what the function holds first. Outside a rule call it does nothing. */
    void (*charge)(struct lua_State *L, double cost);

    /* register_loader with a kind (see sc_loader_kind). */
    int (*register_loader_kind)(sc_plugin *p, const sc_loader_def *def, sc_loader_kind kind);
} sc_host_api;

/* What a plugin exports (see the top of this file). */
typedef int (*sc_plugin_register_fn)(const sc_host_api *api, sc_plugin *p);

#ifdef __cplusplus
}
#endif
#endif
