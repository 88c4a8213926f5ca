/*
 * markdown.c — a minimal out-of-tree scrutiny plugin: a sink writing findings as a Markdown
 * table (`scrutiny-run --plugin ./markdown.so --format markdown ...`). Built by this folder's
 * Makefile against the installed header (pkg-config --cflags scrutiny).
 */
#include <scrutiny_plugin.h>

/* Table cells cannot hold '|' or line breaks. */
static void cell(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '|') fputs("\\|", out);
        else if (*s == '\n') fputc(' ', out);
        else fputc(*s, out);
    }
}

static int begin(void *ud, FILE *out)
{
    (void)ud;
    fputs("| Severity | Rule | Where | Finding |\n|---|---|---|---|\n", out);
    return ferror(out);
}

static int write_finding(void *ud, FILE *out, const sc_finding *f)
{
    /* a plugin reaches the host only through its table, so it names severities itself */
    static const char *const names[] = { "info", "notice", "warning", "high", "critical" };
    (void)ud;
    fprintf(out, "| %s | `%s` | %s:%d | ", (unsigned)f->severity < 5 ? names[f->severity] : "?", f->rule, f->file, f->line);
    cell(out, f->message);
    fputs(" |\n", out);
    return ferror(out);
}

const sc_plugin_info sc_plugin_meta = { SC_PLUGIN_ABI_MAJOR, SC_PLUGIN_ABI_MINOR, "markdown", "1.0" };

int sc_plugin_register(const sc_host_api *api, sc_plugin *p);
int sc_plugin_register(const sc_host_api *api, sc_plugin *p)
{
    sc_sink_def def = { "markdown", begin, write_finding, NULL, NULL };
    return api->register_sink(p, &def);
}
