/*
 * registry.c — the host side of the plugin ABI (see registry.h and scrutiny_plugin.h).
 *
 * Loading a plugin: dlopen with RTLD_NOW | RTLD_LOCAL (missing symbols fail at once, and one
 * plugin's symbols never satisfy another's), check sc_plugin_info against our ABI, call
 * sc_plugin_register. Everything a plugin registers carries its index, so a failed plugin is
 * removed without a trace before its handle is closed.
 */
#include "registry.h"

#include <dlfcn.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "input.h"

static char *dup0(const char *s) { return s ? text_dup(s, strlen(s)) : NULL; }

static int reg_loader_kind_fn(sc_plugin *p, const sc_loader_def *def, sc_loader_kind kind)
{
    registry *r = p->reg;
    /* the host calls a minutes loader's load; a scorecard's input is read by the host itself */
    int bad = !def || !def->name || !*def->name || (kind == SC_LOADER_MINUTES ? !def->load : kind == SC_LOADER_SCORECARD ? def->load != NULL : 1);
    if (bad || registry_loader_named(r, def->name)) { p->refused = 1; return -1; }
    reg_loader *v = realloc(r->loaders, (size_t)(r->nloaders + 1) * sizeof *v);
    if (!v) return -1;
    r->loaders = v;
    reg_loader *l = &v[r->nloaders];
    memset(l, 0, sizeof *l);
    l->name = dup0(def->name);
    for (const char *const *e = def->extensions; e && *e; e++) l->next++;
    l->ext = calloc((size_t)l->next + 1, sizeof *l->ext);
    for (int i = 0; l->ext && i < l->next; i++) l->ext[i] = dup0(def->extensions[i]);
    l->sniff = def->sniff;
    l->load = def->load;
    l->ud = def->ud;
    l->plugin = p->index;
    l->kind = kind;
    r->nloaders++;
    return l->name && l->ext ? 0 : -1;
}

static int reg_loader_fn(sc_plugin *p, const sc_loader_def *def) { return reg_loader_kind_fn(p, def, SC_LOADER_MINUTES); }

static int reg_sink_fn(sc_plugin *p, const sc_sink_def *def)
{
    registry *r = p->reg;
    if (!def || !def->name || !*def->name || !def->write || registry_sink(r, def->name)) { p->refused = 1; return -1; }
    reg_sink *v = realloc(r->sinks, (size_t)(r->nsinks + 1) * sizeof *v);
    if (!v) return -1;
    r->sinks = v;
    reg_sink *s = &v[r->nsinks];
    *s = (reg_sink){ dup0(def->name), def->begin, def->write, def->end, def->ud, p->index };
    r->nsinks++;
    return s->name ? 0 : -1;
}

static int reg_mod_fn(sc_plugin *p, const char *name, sc_lua_open_fn open)
{
    registry *r = p->reg;
    if (!name || !*name || !open || registry_luamod(r, name)) { p->refused = 1; return -1; }
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_')) { p->refused = 1; return -1; }
    reg_luamod *v = realloc(r->mods, (size_t)(r->nmods + 1) * sizeof *v);
    if (!v) return -1;
    r->mods = v;
    v[r->nmods] = (reg_luamod){ dup0(name), open, p->index };
    r->nmods++;
    return v[r->nmods - 1].name ? 0 : -1;
}

static void *api_alloc(size_t n) { return malloc(n ? n : 1); }
static void api_free(void *ptr) { free(ptr); }

static void api_charge(lua_State *L, double cost)
{
    if (!L) return;
    lua_getfield(L, LUA_REGISTRYINDEX, REGISTRY_CHARGER);
    const registry_charger *c = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (c) c->charge(L, cost);
}


static const sc_host_api api = {
    SC_PLUGIN_ABI_MAJOR, SC_PLUGIN_ABI_MINOR, sizeof(sc_host_api),
    reg_loader_fn, reg_sink_fn, reg_mod_fn,
    api_alloc, api_free,
    input_report, input_emit,
    input_set_meta, api_charge, reg_loader_kind_fn,
};

const sc_host_api *registry_api(void) { return &api; }

static int new_plugin(registry *r, const char *name, const char *version, const char *path, void *handle)
{
    reg_plugin *v = realloc(r->plugins, (size_t)(r->nplugins + 1) * sizeof *v);
    if (!v) return -1;
    r->plugins = v;
    v[r->nplugins] = (reg_plugin){ dup0(name), dup0(version ? version : "?"), dup0(path), handle };
    return r->nplugins++;
}

/* Removes everything plugin `k` registered (it is always the last one). */
static void undo(registry *r, int k)
{
    int n = 0;
    for (int i = 0; i < r->nloaders; i++) {
        if (r->loaders[i].plugin == k) {
            free(r->loaders[i].name);
            for (int j = 0; j < r->loaders[i].next; j++) free(r->loaders[i].ext[j]);
            free(r->loaders[i].ext);
        } else r->loaders[n++] = r->loaders[i];
    }
    r->nloaders = n;
    n = 0;
    for (int i = 0; i < r->nsinks; i++) {
        if (r->sinks[i].plugin == k) free(r->sinks[i].name);
        else r->sinks[n++] = r->sinks[i];
    }
    r->nsinks = n;
    n = 0;
    for (int i = 0; i < r->nmods; i++) {
        if (r->mods[i].plugin == k) free(r->mods[i].name);
        else r->mods[n++] = r->mods[i];
    }
    r->nmods = n;
    reg_plugin *p = &r->plugins[k];
    free(p->name); free(p->version); free(p->path);
    r->nplugins--;
}

int registry_builtin(registry *r, const char *name, sc_plugin_register_fn fn)
{
    int k = new_plugin(r, name, SC_VERSION, NULL, NULL);
    if (k < 0) return -1;
    sc_plugin p = { r, k, 0 };
    if (fn(&api, &p) != 0 || p.refused) {
        undo(r, k);
        return -1;
    }
    return 0;
}

int registry_load(registry *r, const char *path, char *errbuf, size_t errlen)
{
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(errbuf, errlen, "%s: cannot load plugin: %s", path, dlerror());
        return -1;
    }
    const sc_plugin_info *info = dlsym(h, "sc_plugin_meta");
    sc_plugin_register_fn fn;
    *(void **)&fn = dlsym(h, "sc_plugin_register");
    if (!info || !fn) {
        snprintf(errbuf, errlen, "%s: not a scrutiny plugin (no sc_plugin_meta or sc_plugin_register)", path);
        dlclose(h);
        return -1;
    }
    if (info->abi_major != SC_PLUGIN_ABI_MAJOR || info->abi_minor > SC_PLUGIN_ABI_MINOR) {
        snprintf(errbuf, errlen, "%s: plugin '%s' needs plugin ABI %u.%u; this scrutiny provides %d.%d", path,
                 info->name ? info->name : "?", info->abi_major, info->abi_minor, SC_PLUGIN_ABI_MAJOR, SC_PLUGIN_ABI_MINOR);
        dlclose(h);
        return -1;
    }
    for (int i = 0; i < r->nplugins; i++)
        if (info->name && !strcmp(r->plugins[i].name, info->name)) {
            snprintf(errbuf, errlen, "%s: a plugin named '%s' is already loaded", path, info->name);
            dlclose(h);
            return -1;
        }
    int k = new_plugin(r, info->name ? info->name : path, info->version, path, h);
    if (k < 0) { dlclose(h); snprintf(errbuf, errlen, "out of memory"); return -1; }
    sc_plugin p = { r, k, 0 };
    int rc = fn(&api, &p);
    if (rc != 0 || p.refused) {
        snprintf(errbuf, errlen, "%s: plugin '%s' failed to register (%s); it was unloaded", path, r->plugins[k].name,
                 p.refused ? "a registration was refused" : "sc_plugin_register returned an error");
        undo(r, k);
        dlclose(h);
        return -1;
    }
    return 0;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    if (b > a) return 0;
    for (size_t i = 0; i < b; i++)
        if ((s[a - b + i] | 0x20) != (suf[i] | 0x20)) return 0;
    return 1;
}

const reg_loader *registry_loader_for(const registry *r, const char *path, const char *data, size_t len)
{
    const reg_loader *best = NULL;
    size_t best_len = 0;
    for (int i = 0; i < r->nloaders; i++)
        for (int j = 0; j < r->loaders[i].next; j++)
            if (ends_with(path, r->loaders[i].ext[j]) && strlen(r->loaders[i].ext[j]) > best_len) {
                best = &r->loaders[i];
                best_len = strlen(r->loaders[i].ext[j]);
            }
    if (best || !data) return best;
    int best_score = 0;
    for (int i = 0; i < r->nloaders; i++) {
        int s = r->loaders[i].sniff ? r->loaders[i].sniff(data, len) : 0;
        if (s > best_score) { best_score = s; best = &r->loaders[i]; }
    }
    return best;
}

const reg_loader *registry_loader_named(const registry *r, const char *name)
{
    for (int i = 0; i < r->nloaders; i++)
        if (!strcmp(r->loaders[i].name, name)) return &r->loaders[i];
    return NULL;
}

const reg_sink *registry_sink(const registry *r, const char *name)
{
    for (int i = 0; i < r->nsinks; i++)
        if (!strcmp(r->sinks[i].name, name)) return &r->sinks[i];
    return NULL;
}

const reg_luamod *registry_luamod(const registry *r, const char *name)
{
    for (int i = 0; i < r->nmods; i++)
        if (!strcmp(r->mods[i].name, name)) return &r->mods[i];
    return NULL;
}

void registry_free(registry *r)
{
    while (r->nplugins > 0) {
        void *h = r->plugins[r->nplugins - 1].handle;
        undo(r, r->nplugins - 1);
        if (h) dlclose(h);
    }
    free(r->loaders);
    free(r->sinks);
    free(r->mods);
    free(r->plugins);
    memset(r, 0, sizeof *r);
}
