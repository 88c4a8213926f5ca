/*
 * sink.h — the built-in writers of findings, registered through the plugin ABI as the sinks
 * "text", "jsonl", "csv", "sarif" and "html" (src/plugin/builtin.c). Each write() takes one
 * finding (borrowed) and a stream it does not close; it returns 0, or non-zero when the stream
 * reports an error.
 *
 * Formats that describe the run as a whole (the rules, the errors, indicator series) read it
 * from a sink_run the host owns and fills before each write pass (sc_host_write); each sink's
 * user data is its own state, which points at that sink_run and is reset by begin().
 */
#ifndef SC_SINK_H
#define SC_SINK_H

#include <stddef.h>
#include <stdio.h>

#include "../../include/scrutiny.h"

/* A rule as the sinks describe it; strings borrowed from the engine. */
typedef struct sink_rule {
    const char *id, *title, *doc, *tags, *scope;
    sc_severity severity;
    int enabled;
} sink_rule;

/* An error or warning reported while the run loaded or checked something (owned by the host). */
typedef struct sink_diag {
    sc_diag_level level;
    char *file; /* NULL when it concerns no file */
    int line, column;
    char *message;
} sink_diag;

/* One period of an indicator series, for the trend charts of the HTML report. */
typedef struct sink_point {
    const char *period;
    double value, target, england;
    int has_value, has_target, has_england;
} sink_point;

/* The series of (council, indicator): filled by sink_run.series, freed by its `release`. */
typedef struct sink_series {
    const char *title, *unit;
    int polarity;      /* 1 higher is better, -1 lower is better, 0 neither */
    sink_point *p;
    int n;
    void *priv;        /* the host's */
} sink_series;

typedef struct sink_run {
    const sink_rule *rules;
    size_t nrules;
    const sink_diag *diags;
    size_t ndiags;
    size_t documents;  /* documents checked */
    /* The series of an indicator finding's council and indicator: 0 and *out filled (release
     * it with release()), or -1 when there is none. */
    int (*series)(void *ud, const char *council, const char *indicator, sink_series *out);
    void (*release)(void *ud, sink_series *s);
    void *series_ud;
} sink_run;

/* Per-format state (the sink's user data). */
typedef struct sink_state {
    const sink_run *run;
    size_t n;                     /* findings written since begin() */
    sc_finding **kept;            /* html: copies of the findings, written at end() */
    size_t nkept, capkept;
} sink_state;

/* Frees what a sink state holds (the state itself is the caller's). */
void sink_state_free(sink_state *st);

/* path:line:col: severity [rule-id] message — one line each, grep-friendly. */
int sink_text_write(void *ud, FILE *out, const sc_finding *f);

/* One JSON object per line. Findings: rule, severity, message, file, line, column, end_line,
 * end_column, excerpt, council, meeting, item, fingerprint (+ waived, based_on when set), title,
 * tags, committee, date, type "finding". Then each error and warning of the run: type "error"
 * or "warning", message, and file, line, column when known. */
int sink_jsonl_write(void *ud, FILE *out, const sc_finding *f);
int sink_jsonl_end(void *ud, FILE *out);

/* RFC 4180 CSV: a header row, then one row per finding; CRLF line ends. */
int sink_csv_begin(void *ud, FILE *out);
int sink_csv_write(void *ud, FILE *out, const sc_finding *f);

/* SARIF 2.1.0: one run whose tool.driver lists the rules, one result per finding, the run's
 * errors as toolExecutionNotifications. */
int sink_sarif_begin(void *ud, FILE *out);
int sink_sarif_write(void *ud, FILE *out, const sc_finding *f);
int sink_sarif_end(void *ud, FILE *out);

/* A self-contained HTML report (inline CSS, SVG and script; nothing fetched). */
int sink_html_begin(void *ud, FILE *out);
int sink_html_write(void *ud, FILE *out, const sc_finding *f);
int sink_html_end(void *ud, FILE *out);

/* Shared by the JSON formats: a JSON string of s, bytes that are not UTF-8 as U+FFFD (new ref). */
struct json_t;
struct json_t *sink_json_str(const char *s);

/* Splits "a, b" tags into a JSON array (new ref). */
struct json_t *sink_json_tags(const char *tags);

#endif
