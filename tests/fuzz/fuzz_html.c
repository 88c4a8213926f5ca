/*
 * fuzz_html.c — libFuzzer harness for the moderngov-html plugin (built in from its source, see
 * the Makefile): libxml2's HTML parser, the walk over ModernGov's markup and the minutes text it
 * emits, which then goes through the host's minutes parser as a .html input does. The harness
 * is the host's side of the plugin ABI: it checks that every emitted line is one line (no
 * newline inside), that it comes from a line of the input at column 1, that a refusal is
 * reported, and that the minutes parsed from a short text (up to 4 KB; longer ones would spend the
 * run in the minutes parser, which fuzz_minutes covers) are located inside that text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "load/load.h"
#include "scrutiny_plugin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int sc_plugin_register(const sc_host_api *host, sc_plugin *p);

struct sc_input {
    const char *data;
    size_t size;
    int lines;     /* of the input */
    char *text;    /* emitted so far */
    size_t len, cap;
    int n, errors;
    char meta[2][512]; /* committee, date, as set_meta gave them */
};

static int (*html_load)(void *ud, sc_input *in, const char *path, const char *data, size_t len);
static int (*html_sniff)(const char *data, size_t len);

static int reg_loader(sc_plugin *p, const sc_loader_def *def)
{
    (void)p;
    if (strcmp(def->name, "moderngov-html") != 0 || !def->load) __builtin_trap();
    html_load = def->load;
    html_sniff = def->sniff;
    return 0;
}

static int reg_sink(sc_plugin *p, const sc_sink_def *def) { (void)p; (void)def; return -1; }
static int reg_mod(sc_plugin *p, const char *name, sc_lua_open_fn open) { (void)p; (void)name; (void)open; return -1; }

static void report(sc_input *in, sc_diag_level level, int line, int col, const char *message)
{
    if (!in || !message || !*message) __builtin_trap();
    if ((line || col) && !fz_inside(in->data, in->size, line, col)) __builtin_trap();
    if (level == SC_DIAG_ERROR) in->errors++;
}

static int emit_line(sc_input *in, const char *text, size_t len, int src_line, int src_col)
{
    if (memchr(text, '\n', len) || memchr(text, '\0', len)) __builtin_trap(); /* one line, one map entry */
    if (src_line < 1 || src_line > in->lines || src_col != 1) __builtin_trap();
    if (in->len + len + 2 > in->cap) {
        size_t nc = (in->len + len + 2) * 2;
        char *t = realloc(in->text, nc);
        if (!t) return -1;
        in->text = t;
        in->cap = nc;
    }
    memcpy(in->text + in->len, text, len);
    in->len += len;
    in->text[in->len++] = '\n';
    in->text[in->len] = '\0';
    in->n++;
    return 0;
}

static int set_meta(sc_input *in, const char *key, const char *value)
{
    if (!in || !key || !value) __builtin_trap();
    int k = !strcmp(key, "committee") ? 0 : !strcmp(key, "date") ? 1 : -1;
    if (k < 0) __builtin_trap(); /* the plugin sets no other field */
    snprintf(in->meta[k], sizeof in->meta[k], "%s", value);
    return 0;
}

static const sc_host_api api = {
    SC_PLUGIN_ABI_MAJOR, SC_PLUGIN_ABI_MINOR, sizeof(sc_host_api), reg_loader, reg_sink, reg_mod,
    malloc, free, report, emit_line, set_meta, NULL, NULL,
};

static void on_diag(void *ud, sc_diag_level lv, const char *file, int line, int col, const char *msg)
{
    const sc_input *in = ud;
    (void)lv;
    if (!file || !msg) __builtin_trap();
    if (line > in->n + 1) __builtin_trap(); /* a place in the emitted text */
    (void)col;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!html_load && (sc_plugin_register(&api, NULL) != 0 || !html_load)) __builtin_trap();
    const char *s = (const char *)data;
    if (html_sniff) (void)html_sniff(s, size);
    sc_input in = { s, size, fz_lines(s, size), NULL, 0, 0, 0, 0, { "", "" } };
    int rc = html_load(NULL, &in, "fuzz.html", s, size);
    if (rc != 0 && !in.errors) __builtin_trap(); /* a refusal is reported */
    if (rc == 0 && !in.errors && in.len <= 4096) { /* large texts are fuzz_minutes' ground */
        model_doc *d = NULL;
        char err[256];
        load_diag dg = { on_diag, &in, "fuzz.html" };
        load_preset meta[2] = { { "committee", in.meta[0] }, { "date", in.meta[1] } };
        if (load_document("fuzz.html", in.text ? in.text : "", in.len, meta, 2, 0, &dg, &d, err, sizeof err) == SC_OK) {
            FILE *null = fopen("/dev/null", "w");
            if (null) {
                load_dump(d, null);
                fclose(null);
            }
            model_doc_free(d);
        }
    }
    free(in.text);
    return 0;
}
