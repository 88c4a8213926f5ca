/*
 * ruletest.h — the expectations of a rule fixture (NAME.expect.yaml), read by ruletest.c and
 * exposed for the fuzz harness:
 *
 *   expect:
 *     - { rule: outcomes.noted-only, line: 12, message: "only noted" }
 *     - { rule: indicators.off-target-streak, line: 4, file: NAME.csv }
 *   silent: [ workforce.agency ]
 */
#ifndef SC_RULETEST_H
#define SC_RULETEST_H

#include <stddef.h>

#include "core/text.h"

typedef struct expectation {
    char *rule, *message;
    char *file; /* NULL, or the name of the fixture's file the finding must be in ("NAME.csv") */
    int line;
    int yline, ycol; /* where it stands in the .expect.yaml */
    int hit;
} expectation;

typedef struct spec {
    expectation *exp;
    int nexp;
    char **silent;
    int nsilent;
} spec;

/* Parses `len` bytes of an expectations file named `path` (for messages) into *s. Returns 0, or
 * -1 with "path:line:col: message" appended to err (nothing in err when out of memory); on
 * error *s is empty. */
int ruletest_spec_parse(const char *path, const char *data, size_t len, spec *s, sbuf *err);

void ruletest_spec_free(spec *s);

#endif
