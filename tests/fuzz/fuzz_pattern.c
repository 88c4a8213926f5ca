/*
 * fuzz_pattern.c — libFuzzer harness for phrase patterns (src/match). The input's first line is
 * a pattern, the rest minutes text: the pattern is compiled (a failure must say something and
 * point inside the pattern or just past it), then run over the text as a document, and every
 * hit must lie inside the text and inside its sentence, with captures inside the hit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load/load.h"
#include "match/match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *ud, sc_diag_level level, const char *file, int line, int col, const char *message)
{
    (void)ud; (void)level; (void)file; (void)line; (void)col; (void)message;
}

static matcher *m;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!m && !(m = mx_new())) return 0;
    if (mx_count(m) > 256) { mx_free(m); m = mx_new(); if (!m) return 0; } /* keep the set bounded */
    const char *nl = memchr(data, '\n', size);
    size_t plen = nl ? (size_t)(nl - (const char *)data) : size;
    char err[512];
    int col = -1;
    int id = mx_compile(m, (const char *)data, plen, err, sizeof err, &col);
    if (id < 0) {
        if (!err[0] || col < 0 || (size_t)col > plen + 1) __builtin_trap();
        return 0;
    }
    if (mx_lookup(m, (const char *)data, plen) != id || !mx_source(m, id)) __builtin_trap();
    if (!nl) return 0;
    const char *text = nl + 1;
    size_t tlen = size - plen - 1;
    load_diag dg = { quiet, NULL, "fuzz.txt" };
    model_doc *d = NULL;
    if (load_minutes("fuzz.txt", text, tlen, &dg, &d, err, sizeof err) != 0 || !d) return 0;
    mx_hits h = { 0 };
    if (mx_run(m, d, &h) == 0) {
        for (int i = 0; i < h.n; i++) {
            const mx_hit *x = &h.v[i];
            if (x->sent < 0 || x->sent >= d->sents.n || x->off >= x->end || x->end > d->len) __builtin_trap();
            const sc_span *s = &d->sents.v[x->sent].span;
            if (x->off < s->off || x->end > s->end) __builtin_trap();
            for (int k = 0; k < x->cap_count; k++) {
                const mx_cap *c = &h.caps[x->cap_first + k];
                if (c->off < x->off || c->end > x->end || c->off >= c->end) __builtin_trap();
            }
        }
    }
    mx_hits_free(&h);
    model_doc_free(d);
    return 0;
}
