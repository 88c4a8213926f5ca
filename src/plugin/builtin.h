/* builtin.h — registers scrutiny's own loaders and sinks (see builtin.c). */
#ifndef SC_BUILTIN_H
#define SC_BUILTIN_H

#include "registry.h"

/* Registers the built-ins in a new registry. Returns 0 or -1. */
int builtin_init(registry *r);

/* The scorecard loader's entry point: the host recognises it and parses the file itself. */
int builtin_scorecard_load(void *ud, sc_input *in, const char *path, const char *data, size_t len);

#endif
