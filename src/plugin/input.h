/*
 * input.h — the sc_input of the plugin ABI: the minutes text a loader emits line by line, with
 * the input line and column each text line came from, and the problems it reports. The host
 * owns one per loader call (on its stack); the loader only sees the opaque handle.
 */
#ifndef SC_INPUT_H
#define SC_INPUT_H

#include "../../include/scrutiny_plugin.h"
#include "../core/text.h"

/* The meeting fields a loader may set (set_meta), in this order in sc_input.meta. */
enum { INPUT_META_N = 4 };
extern const char *const input_meta_keys[INPUT_META_N];

struct sc_input {
    sc_diag_fn diag; /* where report() goes, with `path` as the file */
    void *diag_ud;
    const char *path; /* borrowed */
    sbuf text;
    int *ml, *mc; /* input line and column of each text line */
    int n, cap;
    int identity; /* every line came from the same line, column 1 */
    int errors;
    char *meta[INPUT_META_N]; /* set_meta values (owned), by input_meta_keys; NULL: not set */
};

/* An empty input named `path` (borrowed for its life), reporting through diag(ud, ...). */
void input_init(sc_input *in, const char *path, sc_diag_fn diag, void *ud);
void input_free(sc_input *in);

/* The ABI's report and emit_line (see scrutiny_plugin.h). */
void input_report(sc_input *in, sc_diag_level level, int line, int col, const char *message);
int input_emit(sc_input *in, const char *text, size_t len, int src_line, int src_col);

/* The ABI's set_meta: 0, 1 for an unknown key, -1 out of memory. */
int input_set_meta(sc_input *in, const char *key, const char *value);

/* Moves a line and column of the emitted text to the input's (unchanged for text lines the
 * input does not have, or when every line is its own). */
void input_map(const sc_input *in, int *line, int *col);

#endif
