/*
 * workers.h — a run on several threads (workers.c): councils checked in parallel, finished in
 * order on the calling thread.
 */
#ifndef SC_HOST_WORKERS_H
#define SC_HOST_WORKERS_H

#include "host_int.h"

/* One council of the run: its minutes h->q[first .. end) and series pairs[pfirst .. pend). */
typedef struct host_unit {
    const char *council;
    size_t first, end;
    const pair *pairs;
    size_t pfirst, pend;
    int perdoc; /* its findings are finished document by document (run.c by_document) */
} host_unit;

/* Called on the calling thread for each council in order, with its findings (to be moved out
 * of *fs): a council's findings at once, or (perdoc) each document's but the last as it is
 * done, then the rest with `last` 1. Returns SC_OK, or a status that ends the run. */
typedef int (*host_unit_done)(void *ud, size_t k, findings *fs, int last);

/* Checks the councils u[0 .. nu) on `threads` threads (each with an engine set up as h's and a
 * store of its own), replays each council's diagnostics through h->diag and hands its findings
 * to done(), in order. Rule errors are added to *errors. SC_OK or a fatal status (h->err). */
int host_run_threads(sc_host *h, const host_unit *u, size_t nu, int threads, host_unit_done done, void *ud, int *errors);

#endif
