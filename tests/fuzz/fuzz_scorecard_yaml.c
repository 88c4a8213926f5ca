/*
 * fuzz_scorecard_yaml.c — libFuzzer harness for YAML scorecards (council:, observations:) against
 * the standard catalogue: the YAML tree, the shape checks and the value cells. A refusal names
 * "file:line:col" inside the input, in errbuf and in every diagnostic; what loads has each
 * observation's cell inside the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_util.h"
#include "load/scorecard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.scorecard.yaml"

typedef struct input { const char *s; size_t n; } input;

static void on_diag(void *ud, sc_diag_level lv, const char *file, int line, int col, const char *msg)
{
    const input *in = ud;
    if (!file || strcmp(file, NAME) != 0 || !msg || !*msg) __builtin_trap();
    if (lv != SC_DIAG_ERROR) return;
    if (line == 0 && col == 0) {
        if (!fz_located(msg, NAME, in->s, in->n)) __builtin_trap(); /* the YAML error carries its place */
    } else if (!fz_located_at(line, col, in->s, in->n)) {
        __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static catalogue cat;
    char err[512];
    if (!cat.loaded_std && catalogue_add_standard(&cat, err, sizeof err) != 0) __builtin_trap();
    const char *s = (const char *)data;
    input in = { s, size };
    load_diag dg = { on_diag, &in, NAME };
    scorecard *sc = NULL;
    err[0] = '\0';
    int rc = scorecard_parse_yaml(NAME, s, size, &cat, &dg, &sc, err, sizeof err);
    if (rc == 0) {
        if (!sc || sc->n < 1 || strcmp(sc->shape, "yaml") != 0) __builtin_trap();
        for (int i = 0; i < sc->n; i++) {
            const obs *o = &sc->v[i];
            if (!o->council || !o->indicator || !o->cell || !catalogue_find(&cat, o->indicator)) __builtin_trap();
            if (!fz_located_at(o->line, o->col, s, size) || o->end_col < o->col - 1) __builtin_trap();
        }
        FILE *null = fopen("/dev/null", "w");
        if (null) {
            scorecard_dump(sc, null);
            fclose(null);
        }
        scorecard_free(sc);
    } else {
        if (sc) __builtin_trap();
        if (rc == 4 && !fz_located(err, NAME, s, size)) __builtin_trap(); /* a parse error names the place */
    }
    return 0;
}
