/*
 * fuzz_waivers.c — libFuzzer harness for waiver files (waivers: [{fingerprint | rule, council,
 * reason, approved_by, expires}]), read from memory with a pinned "today" so expiry is
 * exercised both ways. A refusal and every expiry warning name "file:line:col" inside the input;
 * every waiver kept has a reason, its place, and exactly one of fingerprint and rule, and is
 * then matched against findings made from its own fields (so a rule glob meets a subject).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "findings/waivers.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.waivers.yaml"

typedef struct input { const char *s; size_t n; int warned; } input;

static void on_warn(void *ud, const char *file, int line, int col, const char *msg)
{
    input *in = ud;
    if (!file || strcmp(file, NAME) != 0 || !msg || !*msg || !fz_located_at(line, col, in->s, in->n)) __builtin_trap();
    in->warned++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    waivers w = { 0 };
    input in = { s, size, 0 };
    char err[512];
    err[0] = '\0';
    int rc = waivers_parse(&w, NAME, s, size, "2024-06-01", err, sizeof err, on_warn, &in);
    if (rc == 4 && !fz_located(err, NAME, s, size)) __builtin_trap();
    if (rc == 0) {
        for (int i = 0; i < w.n; i++) {
            const waiver *x = &w.v[i];
            if (!x->reason || !*x->reason || !x->where || !x->fingerprint == !x->rule) __builtin_trap();
            char where[600];
            snprintf(where, sizeof where, "%s: waiver", x->where); /* where is "file:line:col" */
            if (!fz_located(where, NAME, s, size)) __builtin_trap();
            if (x->fingerprint && strlen(x->fingerprint) != 16) __builtin_trap();
            finding f = { 0 };
            f.fingerprint = x->fingerprint ? x->fingerprint : (char *)"0123456789abcdef";
            f.rule = x->rule ? x->rule : (char *)"outcomes.noted-only";
            f.council = x->council ? x->council : (char *)"Northshire County Council";
            (void)waivers_match(&w, &f); /* the first match may be another waiver's */
            if (x->fingerprint && !x->council && !waivers_match(&w, &f)) __builtin_trap();
            (void)waivers_in_baseline(&w, &f);
        }
    }
    waivers_free(&w);
    return 0;
}
