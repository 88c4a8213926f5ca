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

/* The connection, owned by the store. */
sqlite3 *store_db(store *st);

/* The connection a rule's query runs on (query.c), for one statement: `council`'s rows only, on a
 * private copy, or the whole corpus when council is NULL (rule{ query_scope = "all" }). The
 * connection is the store's; it has an authorizer (reading the documented tables only, an
 * allow-list of functions) and PRAGMA query_only until store_query_end(), which must follow
 * once the statement is finalized. Returns SC_OK, or SC_DB / SC_NOMEM with errbuf set. */
int store_query_begin(store *st, const char *council, sqlite3 **db /* OUT */, char *errbuf, size_t errlen);
void store_query_end(store *st, sqlite3 *db);

/* 1 when the store is a file (it outlives the run), 0 when it is in memory. */
int store_persistent(const store *st);

/* Facts an older version kept under a bare kind (before facts belonged to their rule file),
 * dropped when store_open upgraded the file; 0 when none. */
int store_dropped_facts(const store *st);

/* Looks a content hash up: 1 when stored (*id set, and the loader's name into kind when it is
 * not NULL, as store_kind), 0 when not, -1 on error. */
int store_find(store *st, uint64_t hi, uint64_t lo, int64_t *id, char *kind, size_t kn);

/* Stores a document's raw bytes and its meeting (m->path, council, committee, date, title, from
 * load_meeting; all borrowed) in one transaction; `kind` names the loader that reads it
 * ("minutes", or a plugin loader's name). `raw` NULL keeps the bytes out of the store (a store in
 * memory whose document is read again from its file). *id is the document's, also when the
 * content was there already. */
int store_add_document(store *st, uint64_t hi, uint64_t lo, const char *kind, const char *raw, size_t rawlen,
                       const model_doc *m, int64_t *id /* OUT */, char *errbuf, size_t errlen);

/* Stores the parsed model of document `id` (d borrowed) in the tables rules query, in one
 * transaction, unless it is there already (a --db corpus checked before). A peer's store in
 * memory gets the document's and meeting's rows here, under the same id. `rows` 0 stores only
 * the meeting's title the whole parse found, not the model's rows: a run in memory whose rules
 * have not queried (ctx:query) adds them when one first does (store_on_query). */
int store_add_model(store *st, int64_t id, const char *kind, const model_doc *d, int rows, char *errbuf, size_t errlen);

/* What a store calls before a rule's query reads it (store_query_begin), on the same thread:
 * fn(ud, errbuf, errlen) adds the model rows the query may read and were left out (store_add_model
 * with rows 0), and returns SC_OK, or an error that fails the query with errbuf. fn NULL: none. */
typedef int (*store_query_fn)(void *ud, char *errbuf, size_t errlen);
void store_on_query(store *st, store_query_fn fn, void *ud);

/* A store in memory forgets a council once it is checked: its facts and the model's rows (not
 * its documents and meetings, which a later run of the same host starts from), so memory follows
 * one council, not the corpus. A peer that holds one council at a time (store_open_peer, not
 * whole) forgets everything. 0 or -1. */
int store_forget_council(store *st, const char *council);

/* Opens a second store for a thread of the run (one connection per thread): on the same file as
 * `main` (WAL; the two take turns as writer through a lock they share), or, for a store in
 * memory, a new one in memory. That one holds, with `whole`, main's documents (and the bytes it
 * keeps), meetings and observations as main holds them when a run starts (a rule reads every
 * council: query_scope "all"); else none of them until store_peer_council gives it a council's
 * (so the threads' stores do not each hold the corpus). A thread checks whole councils and adds
 * their models (store_add_model). Close it with store_close before `main`. Not thread-safe
 * itself: call it before the threads start. */
int store_open_peer(store *main, store **out /* OUT */, int whole, char *errbuf, size_t errlen);

/* Gives peer (store_open_peer in memory, not whole) main's documents, meetings and observations
 * of `council`, before its meetings are checked; store_forget_council drops them. Nothing for
 * another peer. main's connection is read: the caller keeps other threads off it. SC_OK or SC_DB. */
int store_peer_council(store *peer, store *main, const char *council, char *errbuf, size_t errlen);

/* Calls fn for every stored document in id order; stops early when fn returns non-zero and
 * returns that value. The path is valid only during the call. */
typedef int (*store_doc_fn)(void *ud, int64_t id, const char *path);
int store_each(store *st, store_doc_fn fn, void *ud, char *errbuf, size_t errlen);

/* Records findings of a run in one transaction: a new run when *run is 0 (its id is then left
 * in *run), else more findings of run *run (a run streams them council by council). Findings
 * reported again from the store (store_reuse_findings: their document unchanged) are left out:
 * the run that made them holds them. */
int store_save_findings(store *st, const findings *fs, int rules, int documents, int64_t *run /* IN/OUT */,
                        char *errbuf, size_t errlen);

/* The council and the date ("" when unknown) of document `id`'s meeting into the buffers
 * ("" for a document without one, such as a scorecard). Returns 0, or -1 on error. */
int store_meeting_of(store *st, int64_t id, char *council, size_t cn, char *date, size_t dn);

/* Copies the raw content of document `id` into a new buffer (*out, owned by the caller). */
int store_content(store *st, int64_t id, char **out /* OUT */, size_t *len, char *errbuf, size_t errlen);

/* The meeting date ("" when unknown) of document `id` into buf. Returns 0, or -1 on error. */
int store_date(store *st, int64_t id, char *buf, size_t n);

/* The committee of stored document `id`'s meeting ("" when none) into buf. 0, or -1 on a database error. */
int store_committee(store *st, int64_t id, char *buf, size_t n);

/* A read transaction around a run of lookups (store_meeting_of for every queued document): one
 * snapshot, and the file's locks taken once rather than by each statement. Nothing may be
 * written before store_read_end. 0, or -1 on error. */
int store_read_begin(store *st);
int store_read_end(store *st);

/* A write transaction (with the write lock of a store shared by threads): 0 or -1. A commit
 * that fails rolls back; store_rollback gives up a transaction under way. */
int store_begin(store *st);
int store_commit(store *st);
void store_rollback(store *st);

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

/* --- incremental runs -------------------------------------------------------------------------- */

/* Records that `doc` was checked with `ruleset`, and the findings fs->v[from ..] its rules made
 * (replacing what that rule set had there). Call inside the document's transaction. SC_OK,
 * SC_NOMEM or SC_DB. */
int store_keep_checked(store *st, int64_t doc, const char *ruleset, const findings *fs, size_t from);

/* Was `doc` checked with `ruleset`? When it was (*found 1), appends to fs the findings recorded
 * then, as found at `path` (copied), marked reused. *found 0 when it was not, or when what was
 * kept does not read back whole: the document is to be checked. SC_OK, SC_NOMEM or SC_DB. */
int store_reuse_findings(store *st, int64_t doc, const char *ruleset, findings *fs, const char *path, size_t doc_order,
                         int *found /* OUT */);

/* --- facts (ctx:record, ctx:facts, ctx:meetings); the SQL is in facts.c ------------------------ */

/* A fact a rule keeps about a meeting; every string is borrowed. `fields` is a JSON object. */
typedef struct store_fact {
    int64_t doc;
    const char *council, *date, *rule, *kind, *item;
    int line, col, end_line, end_col;
    const char *text;
    size_t text_len;
    const char *fields;
} store_fact;

/* Records n facts (borrowed) in one transaction: all of them, or none and SC_DB with errbuf
 * set. A fact recorded before is left as it is. */
int store_facts_add(store *st, const store_fact *v, size_t n, char *errbuf, size_t errlen);

/* A condition on one field of a fact's JSON: equal to a string, a number or a boolean. */
typedef enum { STORE_WHERE_TEXT, STORE_WHERE_INT, STORE_WHERE_REAL, STORE_WHERE_BOOL } store_where_type;
typedef struct store_where {
    const char *field; /* borrowed; not containing '"' or '\\' */
    store_where_type type;
    const char *s;     /* TEXT: borrowed, slen bytes */
    size_t slen;
    int64_t i;         /* INT, and BOOL (0 or 1) */
    double d;          /* REAL */
} store_where;

#define STORE_MAX_WHERE 8
#define STORE_MAX_FACTS 10000 /* rows one query returns at most */

/* Which facts a query returns: those of one council and kind recorded at meetings before the
 * one being checked, narrowed by a lower date, a number of meetings and field conditions. The
 * bounds are ranges of the index facts(council, kind, meeting_date), so a query costs the log
 * of the table plus the rows it returns. */
typedef struct store_window {
    const char *council, *kind;
    int64_t doc;        /* the document under check: its own facts are left out */
    const char *date;   /* its meeting date; "" (no date): every other meeting's facts */
    const char *since;  /* NULL, or facts of meetings on or after this date */
    int meetings;       /* > 0: only the council's previous N meetings (the meetings table) */
    int limit;          /* the newest N facts (1 .. STORE_MAX_FACTS; 0 means the maximum) */
    const store_where *where;
    int nwhere;         /* 0 .. STORE_MAX_WHERE */
} store_window;

/* A query under way. Rows it yields are valid until the next step or store_cursor_close. */
typedef struct store_cursor {
    sqlite3_stmt *q;
    int owned; /* finalize (an ad hoc statement) rather than reset (a kept one) */
} store_cursor;

typedef struct store_fact_row {
    int64_t id; /* the fact's id: stable while its council is checked */
    const char *rule, *council, *date, *file, *item, *text, *fields;
    size_t text_len;
    int line, col, end_line, end_col;
} store_fact_row;

typedef struct store_meeting_row {
    const char *date, *committee, *title, *file;
} store_meeting_row;

/* Opens the facts of window w, newest first (meeting date, then the order recorded, both
 * descending: the index read backwards, no sort). Returns
 * SC_OK, SC_USAGE (a bad field name, message in errbuf) or SC_DB. */
int store_facts_open(store *st, const store_window *w, store_cursor *c /* OUT */, char *errbuf, size_t errlen);

/* Opens the council's n meetings before `date` (all dated meetings when date is ""), newest
 * first, one per date (the document stored first on that date). */
int store_meetings_open(store *st, const char *council, const char *date, int n, store_cursor *c /* OUT */,
                        char *errbuf, size_t errlen);

/* The next row: 1, 0 at the end, -1 on an error (or a query interrupted by a progress handler). */
int store_cursor_fact(store_cursor *c, store_fact_row *r /* OUT */);
/* The same in two steps, for a reader that keeps rows it has seen: store_cursor_next moves to
 * the next row (1, 0 or -1 as above) and sets r->id; store_cursor_fill reads the rest of it. */
int store_cursor_next(store_cursor *c, store_fact_row *r /* OUT */);
void store_cursor_fill(store_cursor *c, store_fact_row *r /* OUT */);
int store_cursor_meeting(store_cursor *c, store_meeting_row *r /* OUT */);

/* Ends a query; a cursor never opened (q NULL) is a no-op. */
void store_cursor_close(store_cursor *c);

#endif
