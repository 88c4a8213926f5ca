/*
 * fuzz_scorecard.c — libFuzzer harness for scorecards: the CSV reader, period and cell parsing
 * and the three shapes against the standard catalogue. Every refusal must be located.
 */
#include <stdint.h>
#include <string.h>

#include "load/scorecard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static catalogue cat;
    char err[256];
    if (!cat.loaded_std && catalogue_add_standard(&cat, err, sizeof err) != 0) __builtin_trap();
    scorecard *sc = NULL;
    err[0] = '\0';
    load_diag dg = { NULL, NULL, "fuzz.csv" };
    int rc = scorecard_parse("fuzz.csv", (const char *)data, size, &cat, &dg, &sc, err, sizeof err);
    if (rc == 0) {
        for (int i = 0; i < sc->n; i++)
            if (!sc->v[i].council || !sc->v[i].indicator || !sc->v[i].cell || sc->v[i].line < 1) __builtin_trap();
        scorecard_free(sc);
    } else if (rc == 4 && strncmp(err, "fuzz.csv:", 9) != 0) {
        __builtin_trap(); /* a parse error always names the place */
    }
    period p;
    (void)period_parse((const char *)data, size < 64 ? size : 64, &p);
    return 0;
}
