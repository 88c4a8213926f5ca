/*
 * fuzz_catalogue.c — libFuzzer harness for indicator catalogues (indicators: [{id, title, unit,
 * polarity, target, rag, aliases, dfe, ...}]). The input is added twice to a fresh catalogue,
 * so the second pass overrides every definition the first made; what loads is then used to map
 * a small DfE tidy file with filter columns. A refusal names "file:line:col" inside the input;
 * every definition that loads has an id, a title and a unit.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "load/catalogue.h"
#include "load/scorecard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.catalogue.yaml"

static const char dfe_csv[] =
    "time_period,time_identifier,geographic_level,country_name,region_name,la_name,care_leaver_age,breakdown,"
    "care_leaver_percent,rereferral_percent\n"
    "202324,Reporting year,National,England,,,19 to 21 years,In suitable accommodation,88,21.5\n"
    "202324,Reporting year,National,England,,,Total,Total,100,21.5\n"
    "202324,Reporting year,Regional,England,South West,,Total,Total,99,20.1\n"
    "202324,Reporting year,Local authority,England,South West,Ashcombe,19 to 21 years,In suitable accommodation,86,c\n"
    "202324,Reporting year,Local authority,England,South West,Ashcombe,Total,Total,97,17.2\n";

static void check_defs(const catalogue *c)
{
    for (int i = 0; i < c->n; i++) {
        const indicator_def *d = &c->v[i];
        if (!d->id || !*d->id || !d->title || !d->unit) __builtin_trap();
        for (const char *p = d->id; *p; p++)
            if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_')) __builtin_trap();
        if (catalogue_find(c, d->id) != d) __builtin_trap(); /* ids are unique */
        for (int k = 0; k < d->naliases; k++) if (!d->aliases[k]) __builtin_trap();
        for (int k = 0; k < d->ndfe; k++) {
            if (!d->dfe[k].column) __builtin_trap();
            for (int w = 0; w < 2 * d->dfe[k].nwhere; w++) if (!d->dfe[k].where[w]) __builtin_trap();
        }
    }
}

static void on_diag(void *ud, sc_diag_level lv, const char *file, int line, int col, const char *msg)
{
    (void)ud; (void)lv;
    if (!file || !msg || line < 0 || col < 0) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    catalogue c = { 0 };
    char err[512];
    err[0] = '\0';
    int rc = catalogue_add(&c, NAME, s, size, err, sizeof err);
    if (rc == 4 && !fz_located(err, NAME, s, size)) __builtin_trap();
    if (rc == 0) {
        check_defs(&c);
        int n = c.n;
        err[0] = '\0';
        if (catalogue_add(&c, NAME, s, size, err, sizeof err) != 0 || c.n != n) __builtin_trap(); /* idempotent */
        check_defs(&c);
        if (c.n > 0) {
            load_diag dg = { on_diag, NULL, "fuzz.csv" };
            scorecard *sc = NULL;
            if (scorecard_parse("fuzz.csv", dfe_csv, sizeof dfe_csv - 1, &c, &dg, &sc, err, sizeof err) == 0) {
                for (int i = 0; i < sc->n; i++)
                    if (!catalogue_find(&c, sc->v[i].indicator) || sc->v[i].line < 2 || sc->v[i].line > 6) __builtin_trap();
                scorecard_free(sc);
            } else if (sc) {
                __builtin_trap();
            }
        }
    }
    catalogue_free(&c);
    return 0;
}
