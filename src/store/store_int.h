/*
 * store_int.h — the store's handle, shared by the files of src/store (not a public header).
 */
#ifndef SC_STORE_INT_H
#define SC_STORE_INT_H

#include <pthread.h>
#include <sqlite3.h>

#include "store.h"

enum { ST_ITEM, ST_SECTION, ST_PARA, ST_RES, ST_SPK, ST_FIG, ST_DATE, ST_REF, ST_COUNT };

/* statements of store.c run once or more per document, prepared on first use and kept */
enum { SD_FIND, SD_ADD_DOC, SD_ADD_MEETING, SD_PEER_DOC, SD_MEETING_OF_DOC, SD_TITLE, SD_CHECKED, SD_KEEP, SD_COMMITTEE, SD_COUNCIL_DATE, SD_KIND, SD_CONTENT, SD_DATE, SD_ADD_FINDING,
       SD_BEGIN, SD_COMMIT, SD_FORGET, SD_FORGET_LAST = SD_FORGET + 8, SD_COUNT };

/* statements of facts.c, prepared on first use and kept */
enum { SF_ADD, SF_CUTOFF, SF_DATED, SF_UNDATED, SF_MEETINGS, SF_COUNT };

struct store {
    sqlite3 *db;
    sqlite3_stmt *ins[ST_COUNT];
    sqlite3_stmt *facts[SF_COUNT];
    sqlite3_stmt *docs[SD_COUNT];
    sqlite3_stmt *series; /* store_series: prepared on first use (once per indicator and document) */
    int persistent; /* a file (--db), not memory */
    int council_only; /* a peer in memory holding the council under check only (store_peer_council) */
    char *path;     /* the file's, for peers */
    pthread_mutex_t *wlock; /* shared with the peers of a file: one writer at a time (NULL alone) */
    int owns_wlock;
    /* ctx:query (query.c): the private connection holding one council's rows, which council,
     * and the corpus's state when they were copied */
    sqlite3 *qdb;
    char *qcouncil;
    unsigned long long gen, qgen; /* gen: bumped by every change to the tables a query reads */
    long long qdv;                /* PRAGMA data_version then: another process's commits */
    store_query_fn on_query; /* store_on_query */
    void *on_query_ud;
    int dropped_facts; /* facts of an older version dropped by the upgrade (migration 7) */
};

/* The writer lock: taken around every write when peers share a --db file (store_open_peer), so
 * the run's threads take turns as the one writer instead of waiting in SQLite's busy handler. */
static inline void wlock(store *st)
{
    if (st->wlock) pthread_mutex_lock(st->wlock);
}

static inline void wunlock(store *st)
{
    if (st->wlock) pthread_mutex_unlock(st->wlock);
}

/* Statement `which` (SD_*) of store.c, prepared on first use and kept; reset and unbound. NULL
 * on error. */
sqlite3_stmt *store_kept(store *st, int which);

/* The schema, as the list of migrations (store.c). */
extern const char *const store_migrations[];
extern const int store_nmigrations;

/* query.c: settings a connection gets before rules query it; closing the private connection. */
int store_query_harden(sqlite3 *db);
void store_query_close(store *st);

#endif
