/*
 * csv.h — an RFC 4180 reader that keeps where every field starts, for messages that name
 * file:line:column. Quoted fields may hold commas, doubled quotes and line breaks; CRLF and LF
 * both end records; a UTF-8 BOM is skipped.
 */
#ifndef SC_CSV_H
#define SC_CSV_H

#include <stddef.h>

typedef struct csv_field {
    char *text;     /* owned by the reader until the next record; unquoted, NUL-terminated */
    size_t len;
    int line, col;  /* where the field starts (1-based; col counts characters) */
} csv_field;

typedef struct csv_reader {
    const char *s;
    size_t n, i;
    int line, col;
    csv_field *f;
    int nf, cap;
    char *buf;      /* field texts of the current record */
    size_t blen, bcap;
    char err[160];
    int err_line, err_col;
} csv_reader;

void csv_open(csv_reader *r, const char *data, size_t len);
void csv_close(csv_reader *r);

/* Reads the next record into r->f / r->nf. Returns 1 for a record, 0 at the end, -1 on an
 * error (r->err, r->err_line, r->err_col): an unterminated quote, or text after a closing quote. */
int csv_next(csv_reader *r);

#endif
