/*
 * registry.h — what is registered through the plugin ABI (include/scrutiny_plugin.h): loaders,
 * sinks and Lua modules, built-in or from shared objects, and the plugins themselves.
 * A registry owns copies of every name and list; plugin handles are closed with it.
 */
#ifndef SC_REGISTRY_H
#define SC_REGISTRY_H

#include <stddef.h>

#include "../../include/scrutiny_plugin.h"

typedef struct reg_loader {
    char *name;
    char **ext;
    int next;
    int (*sniff)(const char *data, size_t len);
    int (*load)(void *ud, sc_input *in, const char *path, const char *data, size_t len); /* NULL for a scorecard */
    void *ud;
    int plugin;
    sc_loader_kind kind;
} reg_loader;

typedef struct reg_sink {
    char *name;
    int (*begin)(void *ud, FILE *out);
    int (*write)(void *ud, FILE *out, const sc_finding *f);
    int (*end)(void *ud, FILE *out);
    void *ud;
    int plugin;
} reg_sink;

typedef struct reg_luamod {
    char *name; /* without "scrutiny." */
    sc_lua_open_fn open;
    int plugin;
} reg_luamod;

typedef struct reg_plugin {
    char *name, *version, *path; /* path NULL for built-ins */
    void *handle;
} reg_plugin;

typedef struct registry {
    reg_loader *loaders;
    int nloaders;
    reg_sink *sinks;
    int nsinks;
    reg_luamod *mods;
    int nmods;
    reg_plugin *plugins;
    int nplugins;
} registry;

/* A plugin being registered (the sc_plugin of the ABI). */
struct sc_plugin {
    registry *reg;
    int index;
    int refused; /* a registration failed */
};

/* How a plugin's module charges the running rule (api->charge): the engine keeps a pointer to
 * one of these in the Lua registry under REGISTRY_CHARGER, so the registry needs no engine. */
typedef struct registry_charger {
    void (*charge)(struct lua_State *L, double cost);
} registry_charger;
#define REGISTRY_CHARGER "scrutiny.charger"

/* The host's function table. */
const sc_host_api *registry_api(void);

/* Registers built-in definitions under a plugin record named `name`. */
int registry_builtin(registry *r, const char *name, sc_plugin_register_fn reg);

/* Loads a shared object. On failure returns non-zero with the reason in errbuf, having undone
 * whatever the plugin registered. */
int registry_load(registry *r, const char *path, char *errbuf, size_t errlen);

/* The loader claiming `path` (by extension, longest first) or its content (sniff), or NULL. */
const reg_loader *registry_loader_for(const registry *r, const char *path, const char *data, size_t len);
const reg_loader *registry_loader_named(const registry *r, const char *name);
const reg_sink *registry_sink(const registry *r, const char *name);
const reg_luamod *registry_luamod(const registry *r, const char *name);

void registry_free(registry *r);

#endif
