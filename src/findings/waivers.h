/*
 * waivers.h — waivers and baselines (see waivers.c). A `waivers` set owns its strings.
 */
#ifndef SC_WAIVERS_H
#define SC_WAIVERS_H

#include <stddef.h>

#include "findings.h"

typedef struct waiver {
    char *fingerprint, *rule, *council; /* rule may be a glob; NULL fields match anything */
    char *reason, *where;
    size_t hits; /* findings it matched (waivers_match) */
    int unknown; /* names no rule loaded (already reported) */
} waiver;

typedef struct waivers {
    waiver *v;
    int n;
    char **base; /* fingerprints of the baseline */
    size_t nbase;
} waivers;

typedef void (*waiver_warn_fn)(void *ud, const char *file, int line, int col, const char *msg);

/* Adds the waivers of a YAML file; expired ones (before `today`, YYYY-MM-DD) are reported
 * through `warn` and left out. Errors are "file:line:col: message". */
int waivers_load(waivers *w, const char *path, const char *today, char *errbuf, size_t errlen,
                 waiver_warn_fn warn, void *ud);

/* The same from `len` bytes of YAML named `path` (for messages). */
int waivers_parse(waivers *w, const char *path, const char *text, size_t len, const char *today, char *errbuf,
                  size_t errlen, waiver_warn_fn warn, void *ud);

/* Adds the fingerprints of an earlier JSON Lines output. */
int waivers_load_baseline(waivers *w, const char *path, char *errbuf, size_t errlen);

/* The same from `len` bytes named `path`. Errors are "path:line:col: message". */
int waivers_parse_baseline(waivers *w, const char *path, const char *data, size_t len, char *errbuf, size_t errlen);

/* The reason of the first waiver covering f (counted in its hits), or NULL. */
const char *waivers_match(waivers *w, const finding *f);

/* Is f in the baseline? */
int waivers_in_baseline(const waivers *w, const finding *f);

/* Today as YYYY-MM-DD ($SCRUTINY_TODAY when set, for tests). */
void waivers_today(char out[11]);

void waivers_free(waivers *w);

#endif
