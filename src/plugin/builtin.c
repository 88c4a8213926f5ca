/*
 * builtin.c — scrutiny's own loaders and sinks, registered through the plugin ABI like any
 * plugin's: the minutes text loader (which emits its input unchanged, line for line), the
 * scorecard loader (of kind SC_LOADER_SCORECARD: it claims the file types, the host parses
 * them), and the text, jsonl, csv, sarif and html sinks.
 */
#include <string.h>

#include "../sink/sink.h"
#include "builtin.h"

/* Minutes text is already what the parser reads: each line goes out as it came in. */
int builtin_minutes_load(void *ud, sc_input *in, const char *path, const char *data, size_t len)
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

static int builtin_register(const sc_host_api *api, sc_plugin *p)
{
    static const char *const minutes_ext[] = { ".txt", ".md", ".text", NULL };
    static const char *const scorecard_ext[] = { ".csv", ".scorecard.yaml", NULL };
    sc_loader_def minutes = { "minutes", minutes_ext, NULL, builtin_minutes_load, NULL };
    sc_loader_def scorecard = { "scorecard", scorecard_ext, NULL, NULL, NULL }; /* read by the host */
    static const sc_sink_def sinks[BUILTIN_SINKS] = {
        { "text", NULL, sink_text_write, NULL, NULL },
        { "jsonl", NULL, sink_jsonl_write, sink_jsonl_end, NULL },
        { "csv", sink_csv_begin, sink_csv_write, NULL, NULL },
        { "sarif", sink_sarif_begin, sink_sarif_write, sink_sarif_end, NULL },
        { "html", sink_html_begin, sink_html_write, sink_html_end, NULL },
    };
    int bad = api->register_loader(p, &minutes) || api->register_loader_kind(p, &scorecard, SC_LOADER_SCORECARD);
    for (int k = 0; k < BUILTIN_SINKS && !bad; k++) bad = api->register_sink(p, &sinks[k]);
    return bad;
}

int builtin_init(registry *r, const sink_run *run, sink_state *states)
{
    int first = r->nsinks;
    if (registry_builtin(r, "builtin", builtin_register)) return -1;
    /* the ABI has no way to pass user data to a register function: give each built-in sink its
     * state now, in registration order */
    for (int k = 0; k < BUILTIN_SINKS && first + k < r->nsinks; k++) {
        states[k].run = run;
        r->sinks[first + k].ud = &states[k];
    }
    return 0;
}
