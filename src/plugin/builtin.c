/*
 * builtin.c — scrutiny's own loaders and sinks, registered through the plugin ABI like any
 * plugin's: the minutes text loader (which emits its input unchanged, line for line), the
 * scorecard loader (parsed natively; its entry claims the file types), and the text and jsonl
 * sinks.
 */
#include <string.h>

#include "../sink/sink.h"
#include "builtin.h"

/* Minutes text is already what the parser reads: each line goes out as it came in. */
static int minutes_load(void *ud, sc_input *in, const char *path, const char *data, size_t len)
{
    (void)ud;
    (void)path;
    const sc_host_api *api = registry_api();
    size_t start = 0;
    int line = 1;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && data[i] != '\n') continue;
        if (i == len && start == len && len > 0) break; /* a final newline ends the last line */
        if (api->emit_line(in, data + start, i - start, line, 1)) return -1;
        start = i + 1;
        line++;
    }
    return 0;
}

int builtin_scorecard_load(void *ud, sc_input *in, const char *path, const char *data, size_t len)
{
    /* never called: the host reads scorecards itself when this entry claims a file */
    (void)ud; (void)in; (void)path; (void)data; (void)len;
    return -1;
}

static int builtin_register(const sc_host_api *api, sc_plugin *p)
{
    static const char *const minutes_ext[] = { ".txt", ".md", ".text", NULL };
    static const char *const scorecard_ext[] = { ".csv", ".scorecard.yaml", NULL };
    sc_loader_def minutes = { "minutes", minutes_ext, NULL, minutes_load, NULL };
    sc_loader_def scorecard = { "scorecard", scorecard_ext, NULL, builtin_scorecard_load, NULL };
    sc_sink_def text = { "text", NULL, sink_text_write, NULL, NULL };
    sc_sink_def jsonl = { "jsonl", NULL, sink_jsonl_write, NULL, NULL };
    return api->register_loader(p, &minutes) || api->register_loader(p, &scorecard) || api->register_sink(p, &text) ||
           api->register_sink(p, &jsonl);
}

int builtin_init(registry *r) { return registry_builtin(r, "builtin", builtin_register); }
