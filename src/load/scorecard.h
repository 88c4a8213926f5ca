/*
 * scorecard.h — scorecard files (CSV: long, wide, or DfE tidy) into observations: one value of
 * one indicator for one council and period, with its target and comparators and the cell it
 * came from. A scorecard owns its strings; free it with scorecard_free.
 */
#ifndef SC_SCORECARD_H
#define SC_SCORECARD_H

#include <stddef.h>
#include <stdio.h>

#include "catalogue.h"
#include "load.h"
#include "period.h"

enum { OBS_VALUE = 1, OBS_TARGET = 2, OBS_ENGLAND = 4, OBS_SN = 8, OBS_REGION = 16 };

typedef struct obs {
    char *council, *indicator;
    period per;
    double value, target, england, sn, region;
    unsigned has;  /* OBS_* */
    char *missing; /* when the value is a suppression marker: what it means ("suppressed", ...) */
    char *cell;    /* the value cell as written */
    int line, col, end_col;
} obs;

typedef struct scorecard {
    char *path;
    const char *shape; /* "long", "wide", "dfe" or "yaml" */
    obs *v;
    int n, cap;
} scorecard;

/* Parses a CSV scorecard. Indicator ids must be in the catalogue (DfE columns are mapped
 * through it). On error nothing is returned: *out is NULL and each problem (up to 20) has been
 * reported through dg as file:line:col. */
int scorecard_parse(const char *path, const char *data, size_t len, const catalogue *cat, const load_diag *dg,
                    scorecard **out /* OUT */, char *errbuf, size_t errlen);

/* The same from a YAML scorecard (council:, observations: [{indicator, period, value, ...}]). */
int scorecard_parse_yaml(const char *path, const char *data, size_t len, const catalogue *cat, const load_diag *dg,
                         scorecard **out /* OUT */, char *errbuf, size_t errlen);

void scorecard_free(scorecard *s);

/* One line per observation with its cell's place: what `scrutiny-run --dump` prints. */
void scorecard_dump(const scorecard *sc, FILE *out);

/* One council's series of one indicator, as rules see it: the current value of each period,
 * oldest first, each with the cell it came from. */
typedef struct ipoint {
    period per;
    double value, target, england, sn, region;
    unsigned has;
    char *missing, *cell, *file;
    int line, col, end_col;
} ipoint;

typedef struct iseries {
    char *council, *indicator;
    const indicator_def *def; /* NULL when the catalogue does not know it */
    ipoint *p;
    int n;
} iseries;

void iseries_clear(iseries *s);

/* Reads a value cell: 0 a number (*v), 1 a suppression marker or empty (*why: its meaning),
 * -1 not a number. Accepts "28.5", "28.5%", "1,234", " 12 ". */
int scorecard_cell(const char *s, double *v, const char **why);

#endif
