/* builtin.h — registers scrutiny's own loaders and sinks (see builtin.c). */
#ifndef SC_BUILTIN_H
#define SC_BUILTIN_H

#include "registry.h"

#include "../sink/sink.h"

/* The built-in sinks, in the order of the states builtin_init() takes. */
enum { BUILTIN_SINKS = 5 };

/* Registers the built-ins in a new registry; built-in sink k gets &states[k] (the caller's,
 * living as long as the registry) as its user data, each pointing at `run`. Returns 0 or -1. */
int builtin_init(registry *r, const sink_run *run, sink_state *states);

/* The minutes loader: the input's lines as they are (the host skips it for text that ends
 * with a newline, which it would copy unchanged). */
int builtin_minutes_load(void *ud, sc_input *in, const char *path, const char *data, size_t len);

#endif
