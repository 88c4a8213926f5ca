/*
 * fuzz_expr.c — libFuzzer harness for the selection / escalation expression language: the input is
 * parsed both as a selection (counts 0) and as an escalation condition (counts 1); what parses is
 * evaluated and its atoms listed, and the contract of a failure (message, column in range) is
 * checked. The two halves of the input also exercise expr_glob as pattern and subject.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Deterministic, varied counts, including 0 and negatives, from the atom alone. */
static long count_by_length(void *ud, const char *atom)
{
    (void)ud;
    return (long)(strlen(atom) % 7) - 1;
}

static void one(const char *src, size_t size, int counts)
{
    char err[128], atoms[EXPR_MAX_SRC + 1];
    int col = -1;
    expr *e = expr_parse(src, counts, err, sizeof err, &col);
    if (!e) {
        /* an error always says something and points inside the input or just past its end */
        if (!err[0] || col < 1 || (size_t)col > size + 1) __builtin_trap();
        return;
    }
    if (err[0] || col != 0) __builtin_trap();
    int r = expr_eval(e, count_by_length, NULL);
    if (r != 0 && r != 1) __builtin_trap();
    int n = expr_atoms(e, atoms, sizeof atoms);
    if (n < 1 || n > EXPR_MAX_ATOMS || strlen(atoms) > strlen(src)) __builtin_trap();
    expr_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf) return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    size_t len = strlen(buf); /* an embedded NUL ends the expression */
    one(buf, len, 0);
    one(buf, len, 1);
    if (len <= 512) { /* keep the quadratic worst case of the glob cheap */
        size_t half = len / 2;
        char *pat = malloc(half + 1);
        if (pat) {
            memcpy(pat, buf, half);
            pat[half] = '\0';
            expr_glob(pat, buf + half);
            free(pat);
        }
    }
    free(buf);
    return 0;
}
