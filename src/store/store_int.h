/*
 * store_int.h — the store's handle, shared by the files of src/store (not a public header).
 */
#ifndef SC_STORE_INT_H
#define SC_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

enum { ST_ITEM, ST_SECTION, ST_PARA, ST_RES, ST_SPK, ST_FIG, ST_DATE, ST_REF, ST_COUNT };

/* statements of facts.c, prepared on first use and kept */
enum { SF_ADD, SF_FORGET, SF_CUTOFF, SF_DATED, SF_UNDATED, SF_MEETINGS, SF_COUNT };

struct store {
    sqlite3 *db;
    sqlite3_stmt *ins[ST_COUNT];
    sqlite3_stmt *facts[SF_COUNT];
    sqlite3_stmt *series; /* store_series: prepared on first use (once per indicator and document) */
    int persistent; /* a file (--db), not memory */
};

#endif
