/* csv.c — RFC 4180 with positions (see csv.h). */
#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

void csv_open(csv_reader *r, const char *data, size_t len)
{
    memset(r, 0, sizeof *r);
    r->s = data;
    r->n = len;
    r->line = r->col = 1;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) r->i = 3;
}

void csv_close(csv_reader *r)
{
    free(r->f);
    free(r->buf);
    memset(r, 0, sizeof *r);
}

static int put(csv_reader *r, char c)
{
    if (r->blen + 1 >= r->bcap) {
        size_t nc = r->bcap ? r->bcap * 2 : 256;
        char *b = realloc(r->buf, nc);
        if (!b) return -1;
        r->buf = b;
        r->bcap = nc;
    }
    r->buf[r->blen++] = c;
    return 0;
}

/* Advances over one byte, keeping line and (character) column. */
static void step(csv_reader *r)
{
    unsigned char c = (unsigned char)r->s[r->i++];
    if (c == '\n') { r->line++; r->col = 1; }
    else if ((c & 0xC0) != 0x80) r->col++;
}

static int fail(csv_reader *r, int line, int col, const char *msg)
{
    snprintf(r->err, sizeof r->err, "%s", msg);
    r->err_line = line;
    r->err_col = col;
    return -1;
}

int csv_next(csv_reader *r)
{
    r->nf = 0;
    r->blen = 0;
    if (r->i >= r->n) return 0;
    for (;;) {
        if (r->nf == r->cap) {
            int nc = r->cap ? r->cap * 2 : 16;
            csv_field *f = realloc(r->f, (size_t)nc * sizeof *f);
            if (!f) return fail(r, r->line, r->col, "out of memory");
            r->f = f;
            r->cap = nc;
        }
        csv_field *f = &r->f[r->nf];
        f->line = r->line;
        f->col = r->col;
        size_t start = r->blen;
        if (r->i < r->n && r->s[r->i] == '"') {
            int ql = r->line, qc = r->col;
            step(r);
            for (;;) {
                if (r->i >= r->n) return fail(r, ql, qc, "unterminated quoted field");
                char c = r->s[r->i];
                if (c == '"') {
                    if (r->i + 1 < r->n && r->s[r->i + 1] == '"') { step(r); step(r); if (put(r, '"')) return fail(r, ql, qc, "out of memory"); continue; }
                    step(r);
                    break;
                }
                if (c == '\r' && r->i + 1 < r->n && r->s[r->i + 1] == '\n') { r->i++; continue; }
                step(r);
                if (put(r, c)) return fail(r, ql, qc, "out of memory");
            }
            if (r->i < r->n && r->s[r->i] != ',' && r->s[r->i] != '\n' && r->s[r->i] != '\r')
                return fail(r, r->line, r->col, "text after a closing quote");
        } else {
            while (r->i < r->n && r->s[r->i] != ',' && r->s[r->i] != '\n' && r->s[r->i] != '\r') {
                if (r->s[r->i] == '"') return fail(r, r->line, r->col, "a quote inside an unquoted field");
                if (put(r, r->s[r->i])) return fail(r, r->line, r->col, "out of memory");
                step(r);
            }
        }
        if (put(r, '\0')) return fail(r, r->line, r->col, "out of memory");
        f->len = r->blen - start - 1;
        f->text = (char *)(uintptr_t)start; /* an offset until the record is complete */
        r->nf++;
        if (r->i < r->n && r->s[r->i] == ',') { step(r); continue; }
        if (r->i < r->n && r->s[r->i] == '\r') r->i++;
        if (r->i < r->n && r->s[r->i] == '\n') step(r);
        else if (r->i < r->n) { r->line++; r->col = 1; } /* a lone CR */
        break;
    }
    for (int k = 0; k < r->nf; k++) r->f[k].text = r->buf + (uintptr_t)r->f[k].text;
    return 1;
}
