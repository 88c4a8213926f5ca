/*
 * store.h — the SQLite corpus: documents keyed by content hash, the parsed model in tables
 * rules can query, and findings of each run.
 *
 * A store owns its connection. Every document is written in one transaction, so after a crash
 * a document is wholly present or absent. The schema is created and upgraded through
 * PRAGMA user_version (see the migrations table in store.c).
 */
#ifndef SC_STORE_H
#define SC_STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/model.h"
#include "../findings/findings.h"

typedef struct store store;

/* Opens (creating and migrating) the store at `path`, or in memory when NULL. On failure *out
 * is NULL and errbuf says why. */
int store_open(store **out /* OUT */, const char *path, char *errbuf, size_t errlen);
void store_close(store *st);

/* The connection, owned by the store (for read-only queries from rules). */
sqlite3 *store_db(store *st);

/* Looks a content hash up: 1 when stored (and *id set), 0 when not, -1 on error. */
int store_find(store *st, uint64_t hi, uint64_t lo, int64_t *id);

/* Stores a parsed document and its raw bytes (both borrowed) in one transaction; `kind` names
 * the loader that reads it ("minutes", or a plugin loader's name). */
int store_ingest(store *st, const model_doc *d, const char *kind, const char *raw, size_t rawlen, int64_t *id,
                 char *errbuf, size_t errlen);

/* Calls fn for every stored document in id order; stops early when fn returns non-zero and
 * returns that value. The strings and content are valid only during the call. */
typedef int (*store_doc_fn)(void *ud, int64_t id, const char *path, const char *content, size_t len);
int store_each(store *st, store_doc_fn fn, void *ud, char *errbuf, size_t errlen);

/* Records a run and its findings in one transaction. */
int store_save_findings(store *st, const findings *fs, int rules, int documents, char *errbuf, size_t errlen);

/* Copies the raw content of document `id` into a new buffer (*out, owned by the caller). */
int store_content(store *st, int64_t id, char **out /* OUT */, size_t *len, char *errbuf, size_t errlen);

/* The meeting date ("" when unknown) of document `id` into buf. Returns 0, or -1 on error. */
int store_date(store *st, int64_t id, char *buf, size_t n);

/* A write transaction around the facts rules record while they check one document. */
int store_begin(store *st);
int store_commit(store *st);

/* Stores a parsed scorecard (a document of kind 'scorecard') and its observations, in one
 * transaction; a no-op when the content is already stored. */
struct scorecard;
int store_ingest_scorecard(store *st, const struct scorecard *sc, uint64_t hi, uint64_t lo, const char *raw,
                           size_t rawlen, int64_t *id, char *errbuf, size_t errlen);

/* The current series of (council, indicator), oldest period first, into *out (cleared first;
 * free with iseries_clear). out->def is left to the caller. */
struct iseries;
int store_series(store *st, const char *council, const char *indicator, struct iseries *out);

/* Calls fn for each (council, indicator) a scorecard document holds, in order; stops when fn
 * returns non-zero and returns that. */
typedef int (*store_pair_fn)(void *ud, const char *council, const char *indicator);
int store_pairs(store *st, int64_t doc, store_pair_fn fn, void *ud);

/* The loader name ("minutes", "scorecard", a plugin's) of document `id`. */
int store_kind(store *st, int64_t id, char *buf, size_t n);

/* Number of stored documents, or -1 on error. */
long store_count(store *st);

#endif
