/* sink_csv.c — findings as RFC 4180 CSV (see sink.h). */
#include <stdio.h>
#include <string.h>

#include "sink.h"

static const char *const header[] = {
    "rule", "title", "tags", "severity", "message", "file", "line", "column", "end_line", "end_column",
    "council", "committee", "date", "meeting", "item", "excerpt", "fingerprint", "waived",
};

/* One field: quoted when it holds a comma, quote, CR or LF (quotes doubled). A field that a
 * spreadsheet would run as a formula (leading = + @, or - not before a digit) gets a leading
 * apostrophe: excerpts are text from minutes, not trusted formulas. */
static void field(FILE *out, const char *s, int last)
{
    if (!s) s = "";
    int formula = s[0] == '=' || s[0] == '+' || s[0] == '@' || s[0] == '\t' || s[0] == '\r' ||
                  (s[0] == '-' && !(s[1] >= '0' && s[1] <= '9') && s[1] != '.' && s[1] != '\0');
    if (strpbrk(s, ",\"\r\n") || formula) {
        fputc('"', out);
        if (formula) fputc('\'', out);
        for (const char *p = s; *p; p++) {
            if (*p == '"') fputc('"', out);
            fputc(*p, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    fputs(last ? "\r\n" : ",", out);
}

static void number(FILE *out, int n) { fprintf(out, "%d,", n); }

int sink_csv_begin(void *ud, FILE *out)
{
    (void)ud;
    size_t n = sizeof header / sizeof *header;
    for (size_t i = 0; i < n; i++) field(out, header[i], i + 1 == n);
    return ferror(out) ? SC_IO : SC_OK;
}

int sink_csv_write(void *ud, FILE *out, const sc_finding *f)
{
    (void)ud;
    field(out, f->rule, 0);
    field(out, f->title, 0);
    field(out, f->tags, 0);
    field(out, sc_severity_name(f->severity), 0);
    field(out, f->message, 0);
    field(out, f->file, 0);
    number(out, f->line);
    number(out, f->column);
    number(out, f->end_line);
    number(out, f->end_column);
    field(out, f->council, 0);
    field(out, f->committee, 0);
    field(out, f->date, 0);
    field(out, f->meeting, 0);
    field(out, f->item, 0);
    field(out, f->excerpt, 0);
    field(out, f->fingerprint, 0);
    field(out, f->waived, 1);
    return ferror(out) ? SC_IO : SC_OK;
}
