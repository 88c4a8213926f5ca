/*
 * sink.h — the built-in writers of findings, registered through the plugin ABI as the sinks
 * "text" and "jsonl" (src/plugin/builtin.c). Each write() takes one finding (borrowed) and a
 * stream it does not close; it returns 0, or non-zero when the stream reports an error.
 */
#ifndef SC_SINK_H
#define SC_SINK_H

#include <stdio.h>

#include "../../include/scrutiny.h"

/* path:line:col: severity [rule-id] message — one line each, grep-friendly. */
int sink_text_write(void *ud, FILE *out, const sc_finding *f);

/* One JSON object per line: rule, severity, message, file, line, column, end_line, end_column,
 * excerpt, council, meeting, item, fingerprint (+ based_on, waived when set). */
int sink_jsonl_write(void *ud, FILE *out, const sc_finding *f);

#endif
