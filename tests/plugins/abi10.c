/* A plugin as built against plugin ABI 1.0, before set_meta, charge and register_loader_kind
 * were appended: it sees the host's table through the 1.0 layout, frozen here, and must still
 * load and work. Its loader reads "*.old" files: each line "N|text" is text from input line N
 * (lines out of order, as a converter moving a header would). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scrutiny.h"

typedef struct sc_plugin sc_plugin;
typedef struct sc_input sc_input;
struct lua_State;

typedef struct loader_def_1_0 {
    const char *name;
    const char *const *extensions;
    int (*sniff)(const char *data, size_t len);
    int (*load)(void *ud, sc_input *in, const char *path, const char *data, size_t len);
    void *ud;
} loader_def_1_0;

typedef struct host_api_1_0 {
    unsigned abi_major, abi_minor;
    size_t struct_size;
    int (*register_loader)(sc_plugin *p, const loader_def_1_0 *def);
    int (*register_sink)(sc_plugin *p, const void *def);
    int (*register_lua_module)(sc_plugin *p, const char *name, int (*open)(struct lua_State *L));
    void *(*alloc)(size_t n);
    void (*free)(void *ptr);
    void (*report)(sc_input *in, sc_diag_level level, int line, int col, const char *message);
    int (*emit_line)(sc_input *in, const char *text, size_t len, int src_line, int src_col);
} host_api_1_0;

typedef struct plugin_info_1_0 {
    unsigned abi_major, abi_minor;
    const char *name;
    const char *version;
} plugin_info_1_0;

static const host_api_1_0 *api;

static int load(void *ud, sc_input *in, const char *path, const char *data, size_t len)
{
    (void)ud;
    (void)path;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && data[i] != '\n') continue;
        const char *bar = memchr(data + start, '|', i - start);
        if (bar) {
            int src = atoi(data + start);
            size_t off = (size_t)(bar + 1 - data);
            if (api->emit_line(in, bar + 1, i - off, src, (int)(off - start) + 1)) return -1;
        } else if (i > start) {
            api->report(in, SC_DIAG_ERROR, 0, 0, "a line without 'N|'");
            return -1;
        }
        start = i + 1;
    }
    return 0;
}

const plugin_info_1_0 sc_plugin_meta = { 1, 0, "abi-1-0", "1.0" };

int sc_plugin_register(const host_api_1_0 *host, sc_plugin *p);
int sc_plugin_register(const host_api_1_0 *host, sc_plugin *p)
{
    static const char *const ext[] = { ".old", NULL };
    api = host;
    if (host->abi_major != 1 || host->struct_size < sizeof *host) return -1;
    loader_def_1_0 def = { "abi-1-0", ext, NULL, load, NULL };
    return api->register_loader(p, &def);
}
