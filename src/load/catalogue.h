/*
 * catalogue.h — indicator definitions: the standard catalogue built into scrutiny (generated
 * from rules/indicators.yaml) and any a council adds; a later definition of the same id
 * overrides the fields it sets. A catalogue owns its strings.
 */
#ifndef SC_CATALOGUE_H
#define SC_CATALOGUE_H

#include <stddef.h>

enum { POL_CONTEXT = 0, POL_HIGHER = 1, POL_LOWER = -1 };
enum { IND_TARGET = 1, IND_GREEN = 2, IND_AMBER = 4, IND_ENGLAND = 8 };

/* A DfE tidy-file column that holds an indicator, and the values its filter columns must have
 * (pairs key, value; a filter column not named here must read "Total"). */
typedef struct dfe_map {
    char *column;
    char **where;
    int nwhere; /* pairs */
} dfe_map;

typedef struct indicator_def {
    char *id, *title, *unit, *definition;
    int polarity;
    double target, green, amber, england;
    unsigned has; /* IND_* */
    char **aliases;
    int naliases;
    dfe_map *dfe;
    int ndfe;
} indicator_def;

typedef struct catalogue {
    indicator_def *v;
    int n;
    int loaded_std;
} catalogue;

/* Adds the definitions of a YAML text named `name` (for messages). */
int catalogue_add(catalogue *c, const char *name, const char *text, size_t len, char *errbuf, size_t errlen);

/* Adds the built-in standard catalogue once. */
int catalogue_add_standard(catalogue *c, char *errbuf, size_t errlen);

const indicator_def *catalogue_find(const catalogue *c, const char *id);


/* Nearest id to `id` (for "did you mean"), or NULL. */
const char *catalogue_suggest(const catalogue *c, const char *id);

void catalogue_free(catalogue *c);

#endif
