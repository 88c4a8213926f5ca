/*
 * config.h — internal side of scrutiny.yaml (the public side is sc_config_* in scrutiny.h):
 * the parsed tree for the modules that apply rule settings, and the helpers every config
 * reader uses for located, suggestive error messages.
 */
#ifndef SC_CONFIG_H
#define SC_CONFIG_H

#include <stdarg.h>
#include <stddef.h>

#include "../../include/scrutiny.h"
#include "yamltree.h"

/* The tree of a loaded configuration (owned by it). */
const ynode *config_root(const sc_config *c);

/* Writes "file:line:col: message" to errbuf and returns SC_PARSE. */
int cfg_error(char *errbuf, size_t errlen, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The known word nearest to `word` (edit distance < 3), or NULL. `known` ends with NULL. */
const char *cfg_suggest(const char *word, const char *const *known);

/* Every key of `map` must be in `known`; else an error naming the nearest. */
int cfg_check_keys(const ynode *map, const char *file, const char *const *known, const char *where,
                   char *errbuf, size_t errlen);

/* `n` must be of `kind`; else "what must be a list, not a mapping". */
int cfg_want(const ynode *n, ykind kind, const char *file, const char *what, char *errbuf, size_t errlen);

#endif
