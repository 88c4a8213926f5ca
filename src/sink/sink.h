/*
 * sink.h — writers of findings. Each takes the sorted list (borrowed) and a stream it does not
 * close; it returns SC_OK, or SC_IO when the stream reports an error.
 */
#ifndef SC_SINK_H
#define SC_SINK_H

#include <stdio.h>

#include "../findings/findings.h"

/* path:line:col: severity [rule-id] message — one line each, grep-friendly. */
int sink_text(const findings *fs, FILE *out);

/* One JSON object per line: rule, severity, message, file, line, column, end_line, end_column,
 * excerpt, council, meeting, item. */
int sink_jsonl(const findings *fs, FILE *out);

#endif
