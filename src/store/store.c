/*
 * store.c — SQLite schema, migrations and ingest (see store.h).
 *
 * Migrations are an append-only list of SQL scripts; PRAGMA user_version records how many have
 * run. Each applies inside one transaction with the version bump, so a crash mid-upgrade leaves
 * the old version intact. Model tables carry both meeting_id and item_id (NULL for text before
 * the first item, such as a PRESENT: list) and the span of each object.
 */
#include "store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../include/scrutiny.h"
#include "../core/text.h"
#include "../load/scorecard.h"
#include "store_int.h"

#define BUSY_SECONDS 30 /* how long a run waits for another one holding the database */

#define SPAN_COLS "line INTEGER, col INTEGER, end_line INTEGER, end_col INTEGER"
#define OWNER_COLS "meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE, item_id INTEGER REFERENCES items(id) ON DELETE CASCADE"

const char *const store_migrations[] = {
    /* 1: the corpus */
    "CREATE TABLE documents(id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, path TEXT NOT NULL,"
    " content BLOB NOT NULL, loaded_at TEXT NOT NULL DEFAULT (datetime('now')));"
    "CREATE TABLE meetings(id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id)"
    " ON DELETE CASCADE, council TEXT NOT NULL, committee TEXT NOT NULL, date TEXT NOT NULL, title TEXT NOT NULL);"
    "CREATE TABLE items(id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, number TEXT, title TEXT NOT NULL, purpose TEXT, " SPAN_COLS ");"
    "CREATE TABLE sections(id INTEGER PRIMARY KEY, " OWNER_COLS ", kind TEXT NOT NULL, name TEXT NOT NULL, " SPAN_COLS ");"
    "CREATE TABLE paragraphs(id INTEGER PRIMARY KEY, " OWNER_COLS ", section TEXT, label TEXT, bullet INTEGER NOT NULL,"
    " text TEXT NOT NULL, " SPAN_COLS ");"
    "CREATE TABLE resolutions(id INTEGER PRIMARY KEY, " OWNER_COLS ", label TEXT, owner TEXT, text TEXT NOT NULL, " SPAN_COLS ");"
    "CREATE TABLE speakers(id INTEGER PRIMARY KEY, " OWNER_COLS ", name TEXT NOT NULL, kind TEXT NOT NULL, " SPAN_COLS ");"
    "CREATE TABLE figures(id INTEGER PRIMARY KEY, " OWNER_COLS ", value REAL NOT NULL, kind TEXT NOT NULL,"
    " unit TEXT NOT NULL, text TEXT NOT NULL, sentence TEXT NOT NULL, " SPAN_COLS ");"
    "CREATE TABLE dates(id INTEGER PRIMARY KEY, " OWNER_COLS ", kind TEXT NOT NULL, iso TEXT NOT NULL, text TEXT NOT NULL, " SPAN_COLS ");"
    "CREATE TABLE refs(id INTEGER PRIMARY KEY, " OWNER_COLS ", kind TEXT NOT NULL, number TEXT NOT NULL, text TEXT NOT NULL, " SPAN_COLS ");"
    "CREATE TABLE runs(id INTEGER PRIMARY KEY, started_at TEXT NOT NULL DEFAULT (datetime('now')),"
    " rules INTEGER NOT NULL, documents INTEGER NOT NULL);"
    "CREATE TABLE findings(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " rule TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL, file TEXT NOT NULL, " SPAN_COLS ","
    " excerpt TEXT NOT NULL, council TEXT NOT NULL, meeting TEXT NOT NULL, item TEXT NOT NULL);"
    "CREATE INDEX items_meeting ON items(meeting_id);"
    "CREATE INDEX meetings_council ON meetings(council, date);"
    "CREATE INDEX findings_run ON findings(run_id);",
    /* 2: facts rules keep for later runs (ctx:record / ctx:facts) */
    "CREATE TABLE facts(id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " council TEXT NOT NULL, meeting_date TEXT NOT NULL, rule TEXT NOT NULL, kind TEXT NOT NULL, item TEXT NOT NULL,"
    " " SPAN_COLS ", text TEXT NOT NULL, fields TEXT NOT NULL, recorded_at TEXT NOT NULL DEFAULT (datetime('now')),"
    " UNIQUE(document_id, rule, kind, line, col, fields));"
    "CREATE INDEX facts_council ON facts(council, kind, meeting_date);",
    /* 3: what an escalated finding rests on */
    "ALTER TABLE findings ADD COLUMN based_on TEXT;",
    /* 4: scorecards; every load of a value is kept, the latest is current */
    "ALTER TABLE documents ADD COLUMN kind TEXT NOT NULL DEFAULT 'minutes';"
    "CREATE TABLE observations(id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " council TEXT NOT NULL, indicator TEXT NOT NULL, period TEXT NOT NULL, period_kind TEXT NOT NULL,"
    " period_key INTEGER NOT NULL, value REAL, missing TEXT, target REAL, england REAL, statistical_neighbours REAL,"
    " region REAL, line INTEGER NOT NULL, col INTEGER NOT NULL, end_col INTEGER NOT NULL, cell TEXT NOT NULL);"
    "CREATE INDEX observations_series ON observations(council, indicator, period_key, id);"
    "CREATE VIEW current_observations AS SELECT o.* FROM observations o WHERE o.id = (SELECT max(p.id) FROM observations p"
    " WHERE p.council = o.council AND p.indicator = o.indicator AND p.period_key = o.period_key AND p.period_kind = o.period_kind);",
    /* 5: lookups by document (store_date for every queued meeting, store_pairs for every
     * scorecard) scanned the whole table each time: quadratic in the corpus */
    "CREATE INDEX meetings_document ON meetings(document_id);"
    "CREATE INDEX observations_document ON observations(document_id);",
    /* 6: incremental runs: the documents checked with a rule set (a hash of the rules, settings,
     * catalogues and version) and the findings its rules made there, reported again unchecked */
    "CREATE TABLE checked(document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " ruleset TEXT NOT NULL, PRIMARY KEY(document_id, ruleset));"
    "CREATE TABLE checked_findings(document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " ruleset TEXT NOT NULL, rule TEXT NOT NULL, severity INTEGER NOT NULL, message TEXT NOT NULL, " SPAN_COLS ","
    " excerpt TEXT NOT NULL, council TEXT NOT NULL, meeting TEXT NOT NULL, item TEXT NOT NULL);"
    "CREATE INDEX checked_findings_document ON checked_findings(document_id, ruleset);",
    /* 7: facts belong to the rule file that recorded them ("FILE/kind"). One kept under a bare
     * kind, by a version before that, cannot be given to a file: any file could have written it
     * (that was the forgery). It is dropped, and its document is no longer counted as checked, so
     * the next run over the stored documents records it again under its file. */
    "DELETE FROM checked_findings WHERE document_id IN (SELECT document_id FROM facts WHERE instr(kind, '/') = 0);"
    "DELETE FROM checked WHERE document_id IN (SELECT document_id FROM facts WHERE instr(kind, '/') = 0);"
    "DELETE FROM facts WHERE instr(kind, '/') = 0;",
    /* 8: ctx:query copies one council's rows (query.c): found by meeting, not by a scan of the
     * corpus for every council */
    "CREATE INDEX IF NOT EXISTS sections_meeting ON sections(meeting_id); CREATE INDEX IF NOT EXISTS paragraphs_meeting ON paragraphs(meeting_id);"
    "CREATE INDEX IF NOT EXISTS resolutions_meeting ON resolutions(meeting_id); CREATE INDEX IF NOT EXISTS speakers_meeting ON speakers(meeting_id);"
    "CREATE INDEX IF NOT EXISTS figures_meeting ON figures(meeting_id); CREATE INDEX IF NOT EXISTS dates_meeting ON dates(meeting_id);"
    "CREATE INDEX IF NOT EXISTS refs_meeting ON refs(meeting_id); CREATE INDEX IF NOT EXISTS findings_council ON findings(council);",
    /* 9: a re-run reports a document's findings with the fingerprints they were made with (NULL
     * in rows kept before: worked out again) */
    "ALTER TABLE checked_findings ADD COLUMN fingerprint TEXT;",
    /* 10: a checked document's findings in one blob beside the rule set (checked.c), not a row
     * each: a re-run read them back slower than it did anything else. The rows of before are
     * dropped, so their documents are checked again once. */
    "DROP TABLE checked_findings; DROP TABLE checked;"
    "CREATE TABLE checked(document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " ruleset TEXT NOT NULL, findings BLOB NOT NULL, PRIMARY KEY(document_id, ruleset));",
    /* 11: a document's kind by its hash without reading its row (store_find): the kind comes
     * after the content, and every input of a re-run read its stored bytes to get there */
    "CREATE INDEX IF NOT EXISTS documents_hash_kind ON documents(hash, kind);",
};
const int store_nmigrations = (int)(sizeof store_migrations / sizeof *store_migrations);

static const char *const insert_sql[ST_COUNT] = {
    "INSERT INTO items(meeting_id, seq, number, title, purpose, line, col, end_line, end_col) VALUES(?,?,?,?,?,?,?,?,?)",
    "INSERT INTO sections(meeting_id, item_id, kind, name, line, col, end_line, end_col) VALUES(?,?,?,?,?,?,?,?)",
    "INSERT INTO paragraphs(meeting_id, item_id, section, label, bullet, text, line, col, end_line, end_col) VALUES(?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO resolutions(meeting_id, item_id, label, owner, text, line, col, end_line, end_col) VALUES(?,?,?,?,?,?,?,?,?)",
    "INSERT INTO speakers(meeting_id, item_id, name, kind, line, col, end_line, end_col) VALUES(?,?,?,?,?,?,?,?)",
    "INSERT INTO figures(meeting_id, item_id, value, kind, unit, text, sentence, line, col, end_line, end_col) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO dates(meeting_id, item_id, kind, iso, text, line, col, end_line, end_col) VALUES(?,?,?,?,?,?,?,?,?)",
    "INSERT INTO refs(meeting_id, item_id, kind, number, text, line, col, end_line, end_col) VALUES(?,?,?,?,?,?,?,?,?)",
};

/* Statements a run steps once or more per document (store_int.h SD_*): prepared once, kept. */
static const char *const doc_sql[SD_COUNT] = {
    /* the index that holds the kind: the row's kind comes after its content, which SQLite
     * would read through to get there */
    [SD_FIND] = "SELECT id, kind FROM documents INDEXED BY documents_hash_kind WHERE hash = ?",
    [SD_ADD_DOC] = "INSERT INTO documents(hash, path, content, kind) VALUES(?,?,?,?)",
    [SD_ADD_MEETING] = "INSERT INTO meetings(document_id, council, committee, date, title) VALUES(?,?,?,?,?)",
    [SD_PEER_DOC] = "INSERT OR IGNORE INTO documents(id, hash, path, content, kind) VALUES(?,?,?,x'',?)",
    [SD_MEETING_OF_DOC] = "SELECT m.id, EXISTS(SELECT 1 FROM items i WHERE i.meeting_id = m.id) FROM meetings m"
                          " WHERE m.document_id = ? ORDER BY m.id LIMIT 1",
    [SD_TITLE] = "UPDATE meetings SET title = ? WHERE id = ?",
    [SD_CHECKED] = "SELECT findings FROM checked WHERE document_id = ? AND ruleset = ?",
    [SD_KEEP] = "INSERT OR REPLACE INTO checked(document_id, ruleset, findings) VALUES(?,?,?)",
    [SD_COMMITTEE] = "SELECT committee FROM meetings WHERE document_id = ?",
    [SD_COUNCIL_DATE] = "SELECT council, date FROM meetings WHERE document_id = ?",
    [SD_KIND] = "SELECT kind FROM documents WHERE id = ?",
    [SD_CONTENT] = "SELECT content FROM documents WHERE id = ?",
    [SD_DATE] = "SELECT date FROM meetings WHERE document_id = ?",
    [SD_ADD_FINDING] = "INSERT INTO findings(run_id, rule, severity, message, file, line, col, end_line, end_col,"
                       " excerpt, council, meeting, item, based_on) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [SD_BEGIN] = "BEGIN IMMEDIATE",
    [SD_COMMIT] = "COMMIT",
    /* store_forget_council: facts, then the model's rows (the meetings stay: they are small,
     * and they order a later run of the same host) */
#define OF_COUNCIL " WHERE meeting_id IN (SELECT id FROM meetings WHERE council = ?1)"
    [SD_FORGET] = "DELETE FROM facts WHERE council = ?1",
    [SD_FORGET + 1] = "DELETE FROM refs" OF_COUNCIL,
    [SD_FORGET + 2] = "DELETE FROM dates" OF_COUNCIL,
    [SD_FORGET + 3] = "DELETE FROM figures" OF_COUNCIL,
    [SD_FORGET + 4] = "DELETE FROM speakers" OF_COUNCIL,
    [SD_FORGET + 5] = "DELETE FROM resolutions" OF_COUNCIL,
    [SD_FORGET + 6] = "DELETE FROM paragraphs" OF_COUNCIL,
    [SD_FORGET + 7] = "DELETE FROM sections" OF_COUNCIL,
    [SD_FORGET_LAST] = "DELETE FROM items" OF_COUNCIL,
#undef OF_COUNCIL
};

/* Statement `which` of doc_sql, prepared on first use; reset and unbound. NULL on error. */
sqlite3_stmt *store_kept(store *st, int which)
{
    if (!st->docs[which] &&
        sqlite3_prepare_v3(st->db, doc_sql[which], -1, SQLITE_PREPARE_PERSISTENT, &st->docs[which], NULL) != SQLITE_OK)
        return NULL;
    sqlite3_reset(st->docs[which]);
    sqlite3_clear_bindings(st->docs[which]);
    return st->docs[which];
}

/* Steps kept statement q once and resets it (a SELECT's row must be read before this): its
 * sqlite3_step code. A statement left unreset would hold the file's read transaction open. */
static int step_once(sqlite3_stmt *q)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    return rc;
}

static int db_fail(store *st, char *errbuf, size_t errlen, const char *what)
{
    snprintf(errbuf, errlen, "database: %s: %s", what, st->db ? sqlite3_errmsg(st->db) : "cannot open");
    return SC_DB;
}

/* sqlite3_exec that waits out SQLITE_BUSY: the busy handler is not consulted for every lock
 * (switching to WAL while another process creates the file returns BUSY at once). */
static int exec_wait(sqlite3 *db, const char *sql)
{
    time_t give_up = time(NULL) + BUSY_SECONDS;
    for (;;) {
        int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
        if (((rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_LOCKED) || time(NULL) >= give_up) return rc;
        sqlite3_sleep(10);
    }
}

/* BEGIN IMMEDIATE and COMMIT on kept statements (SQLite parses them again on every exec):
 * SQLITE_OK or the error; BEGIN waits out SQLITE_BUSY as exec_wait does. */
static int begin_write(store *st)
{
    sqlite3_stmt *q = store_kept(st, SD_BEGIN);
    if (!q) return sqlite3_errcode(st->db);
    time_t give_up = time(NULL) + BUSY_SECONDS;
    for (;;) {
        int rc = step_once(q);
        if (rc == SQLITE_DONE) return SQLITE_OK;
        if (((rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_LOCKED) || time(NULL) >= give_up) return rc;
        sqlite3_sleep(10);
    }
}

static int commit_write(store *st)
{
    sqlite3_stmt *q = store_kept(st, SD_COMMIT);
    return q && step_once(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
}

static int pragma_int(sqlite3 *db, const char *sql, int *v)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) return -1;
    int rc = sqlite3_step(q);
    *v = rc == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int read_version(store *st, int *version)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK) return -1;
    *version = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
    sqlite3_finalize(q);
    return 0;
}

/* Runs the migrations still missing, one transaction each. The version is read again inside
 * the write transaction, so two processes opening a new file never both create the schema. */
static int migrate(store *st, char *errbuf, size_t errlen)
{
    int latest = store_nmigrations;
    for (;;) {
        int version;
        if (read_version(st, &version)) return db_fail(st, errbuf, errlen, "reading the schema version");
        if (version > latest) {
            snprintf(errbuf, errlen, "database: schema version %d is newer than this scrutiny knows (%d)", version, latest);
            return SC_DB;
        }
        if (version == latest) return SC_OK;
        if (exec_wait(st->db, "BEGIN IMMEDIATE") != SQLITE_OK) return db_fail(st, errbuf, errlen, "upgrading the schema");
        if (read_version(st, &version)) {
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            return db_fail(st, errbuf, errlen, "reading the schema version");
        }
        if (version == latest) { /* another process got there first */
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            return SC_OK;
        }
        if (version == 6 && pragma_int(st->db, "SELECT count(*) FROM facts WHERE instr(kind, '/') = 0", &st->dropped_facts)) {
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            return db_fail(st, errbuf, errlen, "reading the facts");
        }
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d;", version + 1);
        if (sqlite3_exec(st->db, store_migrations[version], NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(st->db, bump, NULL, NULL, NULL) != SQLITE_OK) {
            db_fail(st, errbuf, errlen, "upgrading the schema");
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            return SC_DB;
        }
        if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
            return db_fail(st, errbuf, errlen, "upgrading the schema");
    }
}

#define APPLICATION_ID 0x53435254 /* "SCRT" in the file header: this file is a scrutiny corpus */

/* Is the file at `path` ours to change? A scrutiny corpus carries our application_id; an empty
 * file is made one; a corpus from before the id (its tables there) gets it. Anything else, say
 * another program's database given to --db by mistake, is left exactly as it was: no WAL, no
 * tables added. */
static int check_corpus(store *st, const char *path, char *errbuf, size_t errlen)
{
    int app, version, tables, ours;
    /* the four in one read transaction: another run creating the same file sets the id, then
     * the tables; read apart, an id of 0 beside its tables looked like another program's file */
    int failed = exec_wait(st->db, "BEGIN") != SQLITE_OK;
    failed = failed || pragma_int(st->db, "PRAGMA application_id", &app) || pragma_int(st->db, "PRAGMA user_version", &version) ||
             pragma_int(st->db, "SELECT count(*) FROM sqlite_master", &tables) ||
             pragma_int(st->db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('documents', 'facts', 'runs')",
                        &ours);
    if (failed) {
        if (sqlite3_errcode(st->db) == SQLITE_NOTADB) snprintf(errbuf, errlen, "database: %s: not a SQLite database", path);
        else db_fail(st, errbuf, errlen, path);
    }
    if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, failed ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
    if (failed) return SC_DB;
    if (app == APPLICATION_ID) return SC_OK;
    if (app != 0 || (tables > 0 && !(version > 0 && ours == 3))) {
        snprintf(errbuf, errlen,
                 "database: %s is not a scrutiny corpus (application_id %d, %d schema objects): left unchanged; "
                 "give --db a new file or one scrutiny made", path, app, tables);
        return SC_DB;
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d", APPLICATION_ID);
    if (exec_wait(st->db, sql) != SQLITE_OK) return db_fail(st, errbuf, errlen, path);
    return SC_OK;
}

int store_open(store **out, const char *path, char *errbuf, size_t errlen)
{
    *out = NULL;
    store *st = calloc(1, sizeof *st);
    if (!st) return SC_NOMEM;
    int rc = SC_DB;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path ? path : ":memory:", &st->db, flags, NULL) != SQLITE_OK) {
        snprintf(errbuf, errlen, "database: cannot open '%s': %s", path ? path : ":memory:",
                 st->db ? sqlite3_errmsg(st->db) : "out of memory");
        goto fail;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, BUSY_SECONDS * 1000); /* a concurrent run waits rather than failing */
    sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    if (sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
        db_fail(st, errbuf, errlen, "setting up");
        goto fail;
    }
    if (path && (rc = check_corpus(st, path, errbuf, errlen)) != SC_OK) goto fail;
    rc = SC_DB;
    if (path && exec_wait(st->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL") != SQLITE_OK) {
        if (sqlite3_errcode(st->db) == SQLITE_NOTADB)
            snprintf(errbuf, errlen, "database: %s: not a SQLite database", path);
        else
            db_fail(st, errbuf, errlen, path);
        goto fail;
    }
    if ((rc = migrate(st, errbuf, errlen)) != SC_OK) goto fail;
    if (store_query_harden(st->db) != SQLITE_OK) {
        rc = db_fail(st, errbuf, errlen, "setting up");
        goto fail;
    }
    for (int i = 0; i < ST_COUNT; i++)
        if (sqlite3_prepare_v3(st->db, insert_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &st->ins[i], NULL) != SQLITE_OK) {
            rc = db_fail(st, errbuf, errlen, "preparing statements");
            goto fail;
        }
    st->persistent = path != NULL;
    if (path && !(st->path = text_dup(path, strlen(path)))) {
        rc = SC_NOMEM;
        goto fail;
    }
    *out = st;
    return SC_OK;
fail:
    store_close(st);
    return rc;
}

void store_close(store *st)
{
    if (!st) return;
    for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(st->ins[i]);
    for (int i = 0; i < SF_COUNT; i++) sqlite3_finalize(st->facts[i]);
    for (int i = 0; i < SD_COUNT; i++) sqlite3_finalize(st->docs[i]);
    sqlite3_finalize(st->series);
    store_query_close(st);
    sqlite3_close(st->db);
    if (st->owns_wlock) {
        pthread_mutex_destroy(st->wlock);
        free(st->wlock);
    }
    free(st->path);
    free(st);
}

sqlite3 *store_db(store *st) { return st->db; }

int store_persistent(const store *st) { return st->persistent; }

int store_dropped_facts(const store *st) { return st->dropped_facts; }

static void hash_hex(char out[33], uint64_t hi, uint64_t lo)
{
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)hi, (unsigned long long)lo);
}

int store_find(store *st, uint64_t hi, uint64_t lo, int64_t *id, char *kind, size_t kn)
{
    char hex[33];
    hash_hex(hex, hi, lo);
    sqlite3_stmt *q = store_kept(st, SD_FIND);
    if (!q) return -1;
    sqlite3_bind_text(q, 1, hex, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    int found = rc == SQLITE_ROW;
    if (found) *id = sqlite3_column_int64(q, 0);
    if (found && kind) snprintf(kind, kn, "%s", sqlite3_column_text(q, 1) ? (const char *)sqlite3_column_text(q, 1) : "");
    sqlite3_reset(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? found : -1;
}

/* Binds the owner columns and the span; returns the next parameter index. */
static int bind_owner(sqlite3_stmt *q, int64_t meeting, const int64_t *item_ids, int item)
{
    sqlite3_bind_int64(q, 1, meeting);
    if (item >= 0) sqlite3_bind_int64(q, 2, item_ids[item]);
    else sqlite3_bind_null(q, 2);
    return 3;
}

static void bind_span(sqlite3_stmt *q, int k, const sc_span *s)
{
    sqlite3_bind_int(q, k, s->line);
    sqlite3_bind_int(q, k + 1, s->col);
    sqlite3_bind_int(q, k + 2, s->end_line);
    sqlite3_bind_int(q, k + 3, s->end_col);
}

static void bind_span_text(sqlite3_stmt *q, int k, const model_doc *d, const sc_span *s)
{
    size_t n;
    const char *t = model_span_text(d, s, &n);
    sqlite3_bind_text(q, k, t, (int)n, SQLITE_STATIC);
}

static void bind_opt(sqlite3_stmt *q, int k, const char *s)
{
    if (s) sqlite3_bind_text(q, k, s, -1, SQLITE_STATIC);
    else sqlite3_bind_null(q, k);
}

static int step(sqlite3_stmt *q)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_DONE ? 0 : -1;
}

static const char *const sec_kinds[] = { "preamble", "minutes", "resolved", "supporting",
                                         "additional", "present", "apologies", "other" };
static const char *const fig_kinds[] = { "percent", "count", "words", "money" };
static const char *const date_kinds[] = { "day", "month", "year", "financial_year", "quarter", "relative" };

/* The meeting row of document `id` (its id into *meeting when not NULL). 0 or -1. */
static int add_meeting(store *st, int64_t id, const model_doc *m, int64_t *meeting)
{
    sqlite3_stmt *q = store_kept(st, SD_ADD_MEETING);
    if (!q) return -1;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_text(q, 2, m->council ? m->council : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, m->committee ? m->committee : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, m->date ? m->date : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, m->title ? m->title : "", -1, SQLITE_STATIC);
    int rc = step_once(q);
    if (meeting) *meeting = sqlite3_last_insert_rowid(st->db);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int insert_model(store *st, const model_doc *d, int64_t meeting, int64_t *items)
{
    sqlite3_stmt *q;
    for (int i = 0; i < d->items.n; i++) {
        const model_item *m = &d->items.v[i];
        q = st->ins[ST_ITEM];
        sqlite3_bind_int64(q, 1, meeting);
        sqlite3_bind_int(q, 2, i + 1);
        bind_opt(q, 3, m->number);
        sqlite3_bind_text(q, 4, m->title, -1, SQLITE_STATIC);
        bind_opt(q, 5, m->purpose);
        bind_span(q, 6, &m->span);
        if (step(q)) return -1;
        items[i] = sqlite3_last_insert_rowid(st->db);
    }
    for (int i = 0; i < d->secs.n; i++) {
        const model_section *s = &d->secs.v[i];
        q = st->ins[ST_SECTION];
        int k = bind_owner(q, meeting, items, s->item);
        sqlite3_bind_text(q, k, sec_kinds[s->kind], -1, SQLITE_STATIC);
        sqlite3_bind_text(q, k + 1, s->name, -1, SQLITE_STATIC);
        bind_span(q, k + 2, &s->span);
        if (step(q)) return -1;
    }
    for (int i = 0; i < d->paras.n; i++) {
        const model_para *p = &d->paras.v[i];
        q = st->ins[ST_PARA];
        int k = bind_owner(q, meeting, items, p->item);
        bind_opt(q, k, p->section >= 0 ? sec_kinds[d->secs.v[p->section].kind] : NULL);
        bind_opt(q, k + 1, p->label);
        sqlite3_bind_int(q, k + 2, p->bullet);
        bind_span_text(q, k + 3, d, &p->span);
        bind_span(q, k + 4, &p->span);
        if (step(q)) return -1;
    }
    for (int i = 0; i < d->ress.n; i++) {
        const model_resolution *r = &d->ress.v[i];
        q = st->ins[ST_RES];
        int k = bind_owner(q, meeting, items, r->item);
        bind_opt(q, k, r->label);
        bind_opt(q, k + 1, r->owner);
        bind_span_text(q, k + 2, d, &r->body);
        bind_span(q, k + 3, &r->span);
        if (step(q)) return -1;
    }
    for (int i = 0; i < d->spks.n; i++) {
        const model_speaker *s = &d->spks.v[i];
        q = st->ins[ST_SPK];
        int k = bind_owner(q, meeting, items, s->item);
        sqlite3_bind_text(q, k, s->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, k + 1, s->kind == SPK_COUNCILLOR ? "councillor" : "officer", -1, SQLITE_STATIC);
        bind_span(q, k + 2, &s->span);
        if (step(q)) return -1;
    }
    for (int i = 0; i < d->figs.n; i++) {
        const model_figure *f = &d->figs.v[i];
        q = st->ins[ST_FIG];
        int k = bind_owner(q, meeting, items, f->item);
        sqlite3_bind_double(q, k, f->value);
        sqlite3_bind_text(q, k + 1, fig_kinds[f->kind], -1, SQLITE_STATIC);
        sqlite3_bind_text(q, k + 2, f->unit, -1, SQLITE_STATIC);
        bind_span_text(q, k + 3, d, &f->span);
        bind_span_text(q, k + 4, d, &d->sents.v[f->sentence].span);
        bind_span(q, k + 5, &f->span);
        if (step(q)) return -1;
    }
    for (int i = 0; i < d->dates.n; i++) {
        const model_date *dt = &d->dates.v[i];
        q = st->ins[ST_DATE];
        int k = bind_owner(q, meeting, items, dt->item);
        sqlite3_bind_text(q, k, date_kinds[dt->kind], -1, SQLITE_STATIC);
        sqlite3_bind_text(q, k + 1, dt->iso, -1, SQLITE_STATIC);
        bind_span_text(q, k + 2, d, &dt->span);
        bind_span(q, k + 3, &dt->span);
        if (step(q)) return -1;
    }
    for (int i = 0; i < d->refs.n; i++) {
        const model_ref *r = &d->refs.v[i];
        q = st->ins[ST_REF];
        int k = bind_owner(q, meeting, items, r->item);
        sqlite3_bind_text(q, k, r->kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, k + 1, r->number, -1, SQLITE_STATIC);
        bind_span_text(q, k + 2, d, &r->span);
        bind_span(q, k + 3, &r->span);
        if (step(q)) return -1;
    }
    return 0;
}

/* A failed write transaction under the writer lock: the reason into errbuf, the transaction
 * rolled back, the lock released. Returns SC_DB. */
static int abandon(store *st, char *errbuf, size_t errlen, const char *what)
{
    db_fail(st, errbuf, errlen, what);
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    wunlock(st);
    return SC_DB;
}

int store_add_document(store *st, uint64_t hi, uint64_t lo, const char *kind, const char *raw, size_t rawlen,
                       const model_doc *m, int64_t *id, char *errbuf, size_t errlen)
{
    char hex[33];
    hash_hex(hex, hi, lo);
    st->gen++; /* a copy of a council's rows for ctx:query is out of date */
    wlock(st);
    if (begin_write(st) != SQLITE_OK) {
        wunlock(st);
        return db_fail(st, errbuf, errlen, "starting a transaction");
    }
    /* another process may have stored the same content since store_find() */
    int found = store_find(st, hi, lo, id, NULL, 0);
    if (found != 0) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        wunlock(st);
        return found < 0 ? db_fail(st, errbuf, errlen, "looking a document up") : SC_OK;
    }
    sqlite3_stmt *q = store_kept(st, SD_ADD_DOC);
    if (!q) goto fail;
    sqlite3_bind_text(q, 1, hex, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, m->path, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(q, 3, raw ? raw : "", raw ? rawlen : 0, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, kind, -1, SQLITE_STATIC);
    if (step_once(q) != SQLITE_DONE) goto fail;
    sqlite3_clear_bindings(q); /* raw is the caller's */
    *id = sqlite3_last_insert_rowid(st->db);
    if (add_meeting(st, *id, m, NULL) || commit_write(st) != SQLITE_OK) goto fail;
    wunlock(st);
    return SC_OK;
fail:
    return abandon(st, errbuf, errlen, m->path);
}

int store_add_model(store *st, int64_t id, const char *kind, const model_doc *d, int rows, char *errbuf, size_t errlen)
{
    int64_t *items = NULL;
    if (rows && !(items = calloc((size_t)d->items.n + 1, sizeof *items))) return SC_NOMEM;
    st->gen++;
    char hex[33];
    hash_hex(hex, d->hash_hi, d->hash_lo);
    int64_t meeting = 0;
    wlock(st);
    if (begin_write(st) != SQLITE_OK) {
        wunlock(st);
        free(items);
        return db_fail(st, errbuf, errlen, "starting a transaction");
    }
    /* a peer's store in memory meets the document here first (under the main store's id) */
    sqlite3_stmt *q = store_kept(st, SD_PEER_DOC);
    if (!q) goto fail;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_text(q, 2, hex, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, d->path, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, kind, -1, SQLITE_STATIC);
    if (step_once(q) != SQLITE_DONE) goto fail;
    if (!(q = store_kept(st, SD_MEETING_OF_DOC))) goto fail;
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q), has_items = 0;
    if (rc == SQLITE_ROW) {
        meeting = sqlite3_column_int64(q, 0);
        has_items = sqlite3_column_int(q, 1);
    }
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) goto fail;
    if (!meeting && add_meeting(st, id, d, &meeting)) goto fail;
    /* the title the whole parse found (load_meeting may leave it to the parse: demote_preamble) */
    if (!has_items) {
        if (!(q = store_kept(st, SD_TITLE))) goto fail;
        sqlite3_bind_text(q, 1, d->title ? d->title : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, meeting);
        if (step_once(q) != SQLITE_DONE) goto fail;
    }
    if (rows && !has_items && insert_model(st, d, meeting, items)) goto fail;
    if (commit_write(st) != SQLITE_OK) goto fail;
    wunlock(st);
    free(items);
    return SC_OK;
fail:
    free(items);
    return abandon(st, errbuf, errlen, d->path);
}

/* What a peer holding one council forgets of it: every row, children first (no cascade to
 * follow row by row). */
static const char *const forget_all =
    "DELETE FROM facts; DELETE FROM refs; DELETE FROM dates; DELETE FROM figures; DELETE FROM speakers;"
    "DELETE FROM resolutions; DELETE FROM paragraphs; DELETE FROM sections; DELETE FROM items;"
    "DELETE FROM observations; DELETE FROM meetings; DELETE FROM documents;";

int store_forget_council(store *st, const char *council)
{
    st->gen++;
    if (st->council_only) return sqlite3_exec(st->db, forget_all, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    int rc = 0;
    wlock(st);
    if (begin_write(st) != SQLITE_OK) rc = -1;
    for (int i = SD_FORGET; !rc && i <= SD_FORGET_LAST; i++) {
        sqlite3_stmt *q = store_kept(st, i);
        if (!q) { rc = -1; break; }
        sqlite3_bind_text(q, 1, council, -1, SQLITE_STATIC);
        if (step_once(q) != SQLITE_DONE) rc = -1;
    }
    if (!rc && commit_write(st) != SQLITE_OK) rc = -1;
    if (rc) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    wunlock(st);
    return rc;
}

static void bind_num(sqlite3_stmt *q, int k, unsigned has, unsigned bit, double v)
{
    if (has & bit) sqlite3_bind_double(q, k, v);
    else sqlite3_bind_null(q, k);
}

static int ingest_scorecard(store *st, const scorecard *sc, uint64_t hi, uint64_t lo, const char *raw, size_t rawlen,
                            int64_t *id, char *errbuf, size_t errlen);

int store_ingest_scorecard(store *st, const scorecard *sc, uint64_t hi, uint64_t lo, const char *raw, size_t rawlen,
                           int64_t *id, char *errbuf, size_t errlen)
{
    wlock(st);
    int rc = ingest_scorecard(st, sc, hi, lo, raw, rawlen, id, errbuf, errlen);
    wunlock(st);
    return rc;
}

static int ingest_scorecard(store *st, const scorecard *sc, uint64_t hi, uint64_t lo, const char *raw, size_t rawlen,
                            int64_t *id, char *errbuf, size_t errlen)
{
    char hex[33];
    hash_hex(hex, hi, lo);
    st->gen++;
    if (exec_wait(st->db, "BEGIN IMMEDIATE") != SQLITE_OK) return db_fail(st, errbuf, errlen, "starting a transaction");
    int found = store_find(st, hi, lo, id, NULL, 0);
    if (found != 0) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return found < 0 ? db_fail(st, errbuf, errlen, "looking a document up") : SC_OK;
    }
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, "INSERT INTO documents(hash, path, content, kind) VALUES(?,?,?,'scorecard')", -1, &q, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_text(q, 1, hex, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, sc->path, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(q, 3, raw, rawlen, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE) goto fail;
    sqlite3_finalize(q);
    q = NULL;
    *id = sqlite3_last_insert_rowid(st->db);
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO observations(document_id, council, indicator, period, period_kind, period_key, value,"
                           " missing, target, england, statistical_neighbours, region, line, col, end_col, cell)"
                           " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &q, NULL) != SQLITE_OK)
        goto fail;
    for (int i = 0; i < sc->n; i++) {
        const obs *o = &sc->v[i];
        sqlite3_bind_int64(q, 1, *id);
        sqlite3_bind_text(q, 2, o->council, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, o->indicator, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, o->per.label, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, period_kind_name(o->per.kind), -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 6, o->per.key);
        bind_num(q, 7, o->has, OBS_VALUE, o->value);
        bind_opt(q, 8, o->missing);
        bind_num(q, 9, o->has, OBS_TARGET, o->target);
        bind_num(q, 10, o->has, OBS_ENGLAND, o->england);
        bind_num(q, 11, o->has, OBS_SN, o->sn);
        bind_num(q, 12, o->has, OBS_REGION, o->region);
        sqlite3_bind_int(q, 13, o->line);
        sqlite3_bind_int(q, 14, o->col);
        sqlite3_bind_int(q, 15, o->end_col);
        sqlite3_bind_text(q, 16, o->cell, -1, SQLITE_STATIC);
        if (step(q)) goto fail;
    }
    sqlite3_finalize(q);
    q = NULL;
    if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) goto fail;
    return SC_OK;
fail:
    db_fail(st, errbuf, errlen, sc->path);
    sqlite3_finalize(q);
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return SC_DB;
}

static char *col_dup(sqlite3_stmt *q, int c)
{
    const char *t = (const char *)sqlite3_column_text(q, c);
    return t ? text_dup(t, strlen(t)) : NULL;
}

int store_series(store *st, const char *council, const char *indicator, iseries *out)
{
    memset(out, 0, sizeof *out);
    out->council = text_dup(council, strlen(council));
    out->indicator = text_dup(indicator, strlen(indicator));
    if (!out->council || !out->indicator) return SC_NOMEM;
    /* one granularity per series: the kind of period most of the values have (quarters when
     * tied), so a DfE annual figure never sits between two quarters of a trend */
    if (!st->series &&
        sqlite3_prepare_v3(st->db,
                           "SELECT o.period, o.period_kind, o.period_key, o.value, o.target, o.england, o.statistical_neighbours,"
                           " o.region, o.missing, o.cell, d.path, o.line, o.col, o.end_col FROM current_observations o"
                           " JOIN documents d ON d.id = o.document_id WHERE o.council = ?1 AND o.indicator = ?2"
                           " AND o.period_kind = (SELECT period_kind FROM current_observations WHERE council = ?1 AND indicator = ?2"
                           " GROUP BY period_kind ORDER BY count(*) DESC, period_kind = 'quarter' DESC LIMIT 1)"
                           " ORDER BY o.period_key",
                           -1, SQLITE_PREPARE_PERSISTENT, &st->series, NULL) != SQLITE_OK)
        return SC_DB;
    sqlite3_stmt *q = st->series;
    sqlite3_bind_text(q, 1, council, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, indicator, -1, SQLITE_STATIC);
    int rc = SC_OK, cap = 0;
    while (rc == SC_OK && sqlite3_step(q) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            ipoint *v = realloc(out->p, (size_t)cap * sizeof *v);
            if (!v) { rc = SC_NOMEM; break; }
            out->p = v;
        }
        ipoint *pt = &out->p[out->n];
        memset(pt, 0, sizeof *pt);
        const char *label = (const char *)sqlite3_column_text(q, 0);
        if (!label || period_parse(label, strlen(label), &pt->per)) continue;
        static const unsigned bits[] = { OBS_VALUE, OBS_TARGET, OBS_ENGLAND, OBS_SN, OBS_REGION };
        double *slots[] = { &pt->value, &pt->target, &pt->england, &pt->sn, &pt->region };
        for (int k = 0; k < 5; k++)
            if (sqlite3_column_type(q, 3 + k) != SQLITE_NULL) { *slots[k] = sqlite3_column_double(q, 3 + k); pt->has |= bits[k]; }
        pt->missing = col_dup(q, 8);
        pt->cell = col_dup(q, 9);
        pt->file = col_dup(q, 10);
        pt->line = sqlite3_column_int(q, 11);
        pt->col = sqlite3_column_int(q, 12);
        pt->end_col = sqlite3_column_int(q, 13);
        out->n++;
        if (!pt->cell || !pt->file) rc = SC_NOMEM;
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc;
}

int store_pairs(store *st, int64_t doc, store_pair_fn fn, void *ud)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT DISTINCT council, indicator FROM observations WHERE document_id = ? ORDER BY 1, 2",
                           -1, &q, NULL) != SQLITE_OK)
        return SC_DB;
    sqlite3_bind_int64(q, 1, doc);
    int rc = 0;
    while (!rc && sqlite3_step(q) == SQLITE_ROW)
        rc = fn(ud, (const char *)sqlite3_column_text(q, 0), (const char *)sqlite3_column_text(q, 1));
    sqlite3_finalize(q);
    return rc;
}

/* One text column of one row selected by id (kept statement `which`), into buf ("" when
 * absent). Returns 0 or -1. */
static int text_by_id(store *st, int which, int64_t id, char *buf, size_t n)
{
    sqlite3_stmt *q = store_kept(st, which);
    buf[0] = '\0';
    if (!q) return -1;
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && sqlite3_column_text(q, 0)) snprintf(buf, n, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_reset(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_kind(store *st, int64_t id, char *buf, size_t n)
{
    return text_by_id(st, SD_KIND, id, buf, n);
}

int store_each(store *st, store_doc_fn fn, void *ud, char *errbuf, size_t errlen)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT id, path FROM documents ORDER BY id", -1, &q, NULL) != SQLITE_OK)
        return db_fail(st, errbuf, errlen, "listing documents");
    int rc = 0, s;
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
        rc = fn(ud, sqlite3_column_int64(q, 0), (const char *)sqlite3_column_text(q, 1));
        if (rc) break;
    }
    if (!rc && s != SQLITE_DONE) rc = db_fail(st, errbuf, errlen, "listing documents");
    sqlite3_finalize(q);
    return rc;
}

int store_content(store *st, int64_t id, char **out, size_t *len, char *errbuf, size_t errlen)
{
    sqlite3_stmt *q = store_kept(st, SD_CONTENT);
    *out = NULL;
    if (!q) return db_fail(st, errbuf, errlen, "reading a document");
    sqlite3_bind_int64(q, 1, id);
    int rc = SC_DB;
    if (sqlite3_step(q) == SQLITE_ROW) {
        const char *c = sqlite3_column_blob(q, 0);
        *len = (size_t)sqlite3_column_bytes(q, 0);
        *out = malloc(*len + 1);
        if (*out) {
            if (*len) memcpy(*out, c, *len);
            (*out)[*len] = '\0';
            rc = SC_OK;
        } else rc = SC_NOMEM;
    } else {
        db_fail(st, errbuf, errlen, "reading a document");
    }
    sqlite3_reset(q);
    return rc;
}

int store_meeting_of(store *st, int64_t id, char *council, size_t cn, char *date, size_t dn)
{
    sqlite3_stmt *q = store_kept(st, SD_COUNCIL_DATE);
    council[0] = date[0] = '\0';
    if (!q) return -1;
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        snprintf(council, cn, "%s", sqlite3_column_text(q, 0) ? (const char *)sqlite3_column_text(q, 0) : "");
        snprintf(date, dn, "%s", sqlite3_column_text(q, 1) ? (const char *)sqlite3_column_text(q, 1) : "");
    }
    sqlite3_reset(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_date(store *st, int64_t id, char *buf, size_t n)
{
    return text_by_id(st, SD_DATE, id, buf, n);
}

int store_committee(store *st, int64_t id, char *buf, size_t n)
{
    return text_by_id(st, SD_COMMITTEE, id, buf, n);
}

int store_read_begin(store *st)
{
    return exec_wait(st->db, "BEGIN") == SQLITE_OK ? 0 : -1;
}

int store_read_end(store *st)
{
    return sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int store_begin(store *st)
{
    wlock(st);
    if (begin_write(st) == SQLITE_OK) return 0;
    wunlock(st);
    return -1;
}

int store_commit(store *st)
{
    int rc = commit_write(st) == SQLITE_OK ? 0 : -1;
    if (rc) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL); /* the lock is not kept past here */
    wunlock(st);
    return rc;
}

void store_rollback(store *st)
{
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    wunlock(st);
}

long store_count(store *st)
{
    sqlite3_stmt *q;
    long n = -1;
    if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM documents", -1, &q, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(q) == SQLITE_ROW) n = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

static int save_findings(store *st, const findings *fs, int rules, int documents, int64_t *runp, char *errbuf,
                         size_t errlen);

int store_save_findings(store *st, const findings *fs, int rules, int documents, int64_t *runp, char *errbuf,
                        size_t errlen)
{
    wlock(st);
    int rc = save_findings(st, fs, rules, documents, runp, errbuf, errlen);
    wunlock(st);
    return rc;
}

static int save_findings(store *st, const findings *fs, int rules, int documents, int64_t *runp, char *errbuf,
                         size_t errlen)
{
    sqlite3_stmt *q = NULL;
    size_t fresh = 0;
    for (size_t i = 0; i < fs->n; i++) fresh += !fs->v[i].reused;
    if (*runp && !fresh) return SC_OK; /* all reported from the corpus: nothing to write */
    st->gen++;
    if (begin_write(st) != SQLITE_OK)
        return db_fail(st, errbuf, errlen, "starting a transaction");
    int64_t run = *runp;
    if (!run) {
        if (sqlite3_prepare_v2(st->db, "INSERT INTO runs(rules, documents) VALUES(?,?)", -1, &q, NULL) != SQLITE_OK) goto fail;
        sqlite3_bind_int(q, 1, rules);
        sqlite3_bind_int(q, 2, documents);
        if (sqlite3_step(q) != SQLITE_DONE) goto fail;
        sqlite3_finalize(q);
        q = NULL;
        run = sqlite3_last_insert_rowid(st->db);
    }
    if (!(q = store_kept(st, SD_ADD_FINDING))) goto fail;
    for (size_t i = 0; i < fs->n; i++) {
        const sc_finding *f = &fs->v[i].pub;
        if (fs->v[i].reused) continue; /* the run that made it holds it */
        sqlite3_bind_int64(q, 1, run);
        sqlite3_bind_text(q, 2, f->rule, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, sc_severity_name(f->severity), -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, f->message, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, f->file, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 6, f->line);
        sqlite3_bind_int(q, 7, f->column);
        sqlite3_bind_int(q, 8, f->end_line);
        sqlite3_bind_int(q, 9, f->end_column);
        sqlite3_bind_text(q, 10, f->excerpt, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 11, f->council, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 12, f->meeting, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 13, f->item, -1, SQLITE_STATIC);
        if (f->based_on) sqlite3_bind_text(q, 14, f->based_on, -1, SQLITE_STATIC);
        else sqlite3_bind_null(q, 14);
        if (step(q)) goto fail;
    }
    q = NULL;
    if (commit_write(st) != SQLITE_OK) goto fail;
    *runp = run;
    return SC_OK;
fail:
    db_fail(st, errbuf, errlen, "saving findings");
    if (q && q != st->docs[SD_ADD_FINDING]) sqlite3_finalize(q);
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return SC_DB;
}

/* Copies the rows `select` returns from main (?1 bound to council when not NULL) into peer with
 * `insert` (as many parameters as columns). 0 or -1. */
static int copy_rows(store *main, store *peer, const char *council, const char *select, const char *insert)
{
    sqlite3_stmt *q = NULL, *ins = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(main->db, select, -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(peer->db, insert, -1, &ins, NULL) != SQLITE_OK)
        goto done;
    if (council) sqlite3_bind_text(q, 1, council, -1, SQLITE_STATIC);
    int s;
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(q); c++) sqlite3_bind_value(ins, c + 1, sqlite3_column_value(q, c));
        if (step(ins)) goto done;
    }
    rc = s == SQLITE_DONE ? 0 : -1;
done:
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    return rc;
}

/* main's documents (bytes only of buffers), meetings and observations into peer: all of them, or
 * (council not NULL) that council's. */
static int copy_corpus(store *main, store *peer, const char *council)
{
    const char *docs = council ? " WHERE id IN (SELECT document_id FROM meetings WHERE council = ?1"
                                 " UNION SELECT document_id FROM observations WHERE council = ?1)"
                               : "";
    const char *of_council = council ? " WHERE council = ?1" : "";
    char sel[3][512];
    snprintf(sel[0], sizeof sel[0], "SELECT id, hash, path, content, kind FROM documents%s", docs);
    snprintf(sel[1], sizeof sel[1], "SELECT id, document_id, council, committee, date, title FROM meetings%s", of_council);
    snprintf(sel[2], sizeof sel[2],
             "SELECT id, document_id, council, indicator, period, period_kind, period_key, value, missing, target,"
             " england, statistical_neighbours, region, line, col, end_col, cell FROM observations%s", of_council);
    peer->gen++;
    return sqlite3_exec(peer->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
                   copy_rows(main, peer, council, sel[0], "INSERT INTO documents(id, hash, path, content, kind) VALUES(?,?,?,?,?)") ||
                   copy_rows(main, peer, council, sel[1],
                             "INSERT INTO meetings(id, document_id, council, committee, date, title) VALUES(?,?,?,?,?,?)") ||
                   copy_rows(main, peer, council, sel[2],
                             "INSERT INTO observations(id, document_id, council, indicator, period, period_kind, period_key, value,"
                             " missing, target, england, statistical_neighbours, region, line, col, end_col, cell)"
                             " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)") ||
                   sqlite3_exec(peer->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK
               ? -1
               : 0;
}

int store_open_peer(store *main, store **out, int whole, char *errbuf, size_t errlen)
{
    *out = NULL;
    if (main->persistent && !main->wlock) {
        if (!(main->wlock = malloc(sizeof *main->wlock))) return SC_NOMEM;
        pthread_mutex_init(main->wlock, NULL);
        main->owns_wlock = 1;
    }
    store *peer;
    int rc = store_open(&peer, main->persistent ? main->path : NULL, errbuf, errlen);
    if (rc != SC_OK) return rc;
    if (main->persistent) {
        peer->wlock = main->wlock;
        *out = peer;
        return SC_OK;
    }
    peer->council_only = !whole;
    if (whole && copy_corpus(main, peer, NULL)) {
        rc = db_fail(peer, errbuf, errlen, "copying the corpus");
        sqlite3_exec(peer->db, "ROLLBACK", NULL, NULL, NULL);
        store_close(peer);
        return rc;
    }
    *out = peer;
    return SC_OK;
}

int store_peer_council(store *peer, store *main, const char *council, char *errbuf, size_t errlen)
{
    if (!peer->council_only) return SC_OK;
    if (!copy_corpus(main, peer, council)) return SC_OK;
    int rc = db_fail(peer, errbuf, errlen, "copying a council");
    sqlite3_exec(peer->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}
