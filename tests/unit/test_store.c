/*
 * test_store.c — windows over a council's facts and meetings (store_facts_open,
 * store_meetings_open): which rows, in which order, and that a window late in a long history
 * reads only its own rows (counted in SQLite's virtual-machine steps, not in time).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scrutiny.h"
#include "load/load.h"
#include "store/store.h"

/* A stored document with one meeting of `council` on `date`; returns its id. */
static int64_t add_meeting(store *st, const char *council, const char *date)
{
    sqlite3 *db = store_db(st);
    char sql[512];
    static int n;
    snprintf(sql, sizeof sql, "INSERT INTO documents(hash, path, content) VALUES('h%d', '%s_%s.txt', '')", ++n, council, date);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    int64_t doc = sqlite3_last_insert_rowid(db);
    snprintf(sql, sizeof sql, "INSERT INTO meetings(document_id, council, committee, date, title) VALUES(%lld, '%s', 'C', '%s', 'T %s')",
             (long long)doc, council, date, date);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    return doc;
}

static void add_fact(store *st, int64_t doc, const char *council, const char *date, const char *kind, int line,
                     const char *fields)
{
    store_fact f = { doc, council, date, "t.rule", kind, "1", line, 1, line, 5, "some text", 9, fields };
    char err[256];
    assert_int_equal(store_facts_add(st, &f, 1, err, sizeof err), SC_OK);
}

/* The facts a window returns, as "date:line" joined by spaces. */
/* The window's facts as "date:line ...", oldest first as ctx:facts gives them: the cursor reads
 * them newest first (checked here on the way), this turns them round. */
static void window(store *st, const store_window *w, char *out, size_t n)
{
    store_cursor c;
    char err[256];
    assert_int_equal(store_facts_open(st, w, &c, err, sizeof err), SC_OK);
    store_fact_row r;
    char rows[64][32], last[32] = "";
    int k = 0, s;
    while ((s = store_cursor_fact(&c, &r)) == 1) {
        assert_true(k < 64);
        snprintf(rows[k], sizeof rows[k], "%s:%d", r.date, r.line);
        if (*last && strcmp(r.date, last) > 0) fail_msg("%s after %s: not newest first", r.date, last);
        snprintf(last, sizeof last, "%s", r.date);
        k++;
    }
    assert_int_equal(s, 0);
    store_cursor_close(&c);
    size_t used = 0;
    out[0] = '\0';
    while (k-- > 0) used += (size_t)snprintf(out + used, n - used, "%s%s", used ? " " : "", rows[k]);
}

/* Hartwell: five meetings, facts at each; a fact of another council and of another kind. */
static store *history(int64_t *docs)
{
    store *st;
    char err[256];
    assert_int_equal(store_open(&st, NULL, err, sizeof err), SC_OK);
    static const char *const dates[] = { "2024-01-10", "2024-02-14", "2024-03-13", "2024-04-10", "2024-05-15" };
    for (int i = 0; i < 5; i++) {
        docs[i] = add_meeting(st, "Hartwell", dates[i]);
        add_fact(st, docs[i], "Hartwell", dates[i], "concern", 10 + i, i % 2 ? "{\"topic\":\"caseloads\",\"n\":2}" : "{\"topic\":\"recruitment\",\"n\":1,\"open\":true}");
    }
    add_fact(st, docs[1], "Hartwell", "2024-02-14", "concern", 30, "{\"topic\":\"agency\",\"n\":1.5,\"open\":false}");
    int64_t other = add_meeting(st, "Ashcombe", "2024-02-01");
    add_fact(st, other, "Ashcombe", "2024-02-01", "concern", 99, "{\"topic\":\"recruitment\"}");
    add_fact(st, docs[2], "Hartwell", "2024-03-13", "commitment", 50, "{}");
    return st;
}

static void facts_before_this_meeting(void **state)
{
    (void)state;
    int64_t docs[5];
    store *st = history(docs);
    char got[512];
    store_window w = { "Hartwell", "concern", docs[3], "2024-04-10", NULL, 0, 0, NULL, 0 };
    window(st, &w, got, sizeof got);
    assert_string_equal(got, "2024-01-10:10 2024-02-14:11 2024-02-14:30 2024-03-13:12");
    /* an undated meeting sees every other meeting */
    int64_t undated = add_meeting(st, "Hartwell", "");
    store_window u = { "Hartwell", "concern", undated, "", NULL, 0, 0, NULL, 0 };
    window(st, &u, got, sizeof got);
    assert_string_equal(got, "2024-01-10:10 2024-02-14:11 2024-02-14:30 2024-03-13:12 2024-04-10:13 2024-05-15:14");
    store_close(st);
}

static void facts_windows(void **state)
{
    (void)state;
    int64_t docs[5];
    store *st = history(docs);
    char got[512];
    store_window w = { "Hartwell", "concern", docs[4], "2024-05-15", NULL, 2, 0, NULL, 0 };
    window(st, &w, got, sizeof got); /* the previous two meetings */
    assert_string_equal(got, "2024-03-13:12 2024-04-10:13");
    w.meetings = 9; /* more than there are: all of them */
    window(st, &w, got, sizeof got);
    assert_string_equal(got, "2024-01-10:10 2024-02-14:11 2024-02-14:30 2024-03-13:12 2024-04-10:13");
    w.meetings = 0;
    w.since = "2024-02-14";
    window(st, &w, got, sizeof got);
    assert_string_equal(got, "2024-02-14:11 2024-02-14:30 2024-03-13:12 2024-04-10:13");
    w.meetings = 2; /* the narrower bound wins */
    window(st, &w, got, sizeof got);
    assert_string_equal(got, "2024-03-13:12 2024-04-10:13");
    w.meetings = 0;
    w.since = NULL;
    w.limit = 3; /* the newest three, still oldest first */
    window(st, &w, got, sizeof got);
    assert_string_equal(got, "2024-02-14:30 2024-03-13:12 2024-04-10:13");
    store_close(st);
}

static void facts_where(void **state)
{
    (void)state;
    int64_t docs[5];
    store *st = history(docs);
    char got[512];
    store_where text = { "topic", STORE_WHERE_TEXT, "recruitment", 11, 0, 0 };
    store_window w = { "Hartwell", "concern", docs[4], "2024-05-15", NULL, 0, 0, &text, 1 };
    window(st, &w, got, sizeof got);
    assert_string_equal(got, "2024-01-10:10 2024-03-13:12");
    store_where num = { "n", STORE_WHERE_INT, NULL, 0, 2, 0 };
    w.where = &num;
    window(st, &w, got, sizeof got);
    assert_string_equal(got, "2024-02-14:11 2024-04-10:13");
    store_where real = { "n", STORE_WHERE_REAL, NULL, 0, 0, 1.5 };
    w.where = &real;
    window(st, &w, got, sizeof got);
    assert_string_equal(got, "2024-02-14:30");
    store_where flag[2] = { { "open", STORE_WHERE_BOOL, NULL, 0, 1, 0 }, { "n", STORE_WHERE_INT, NULL, 0, 1, 0 } };
    w.where = flag;
    w.nwhere = 2; /* true is not the number 1, and both must hold */
    window(st, &w, got, sizeof got);
    assert_string_equal(got, "2024-01-10:10 2024-03-13:12");
    flag[0].i = 0;
    w.nwhere = 1;
    window(st, &w, got, sizeof got);
    assert_string_equal(got, "2024-02-14:30");
    store_where str1 = { "n", STORE_WHERE_TEXT, "1", 1, 0, 0 }; /* the string "1" is not the number */
    w.where = &str1;
    window(st, &w, got, sizeof got);
    assert_string_equal(got, "");
    store_where bad = { "a\"b", STORE_WHERE_TEXT, "x", 1, 0, 0 };
    w.where = &bad;
    store_cursor c;
    char err[256];
    assert_int_equal(store_facts_open(st, &w, &c, err, sizeof err), SC_USAGE);
    assert_non_null(strstr(err, "cannot be queried"));
    store_close(st);
}

static void meetings_window(void **state)
{
    (void)state;
    int64_t docs[5];
    store *st = history(docs);
    add_meeting(st, "Hartwell", "2024-03-13"); /* a second document on one date is one meeting */
    store_cursor c;
    char err[256], got[512];
    assert_int_equal(store_meetings_open(st, "Hartwell", "2024-05-15", 3, &c, err, sizeof err), SC_OK);
    store_meeting_row r;
    size_t used = 0;
    got[0] = '\0';
    while (store_cursor_meeting(&c, &r) == 1) used += (size_t)snprintf(got + used, sizeof got - used, "%s %s;", r.date, r.file);
    store_cursor_close(&c);
    assert_string_equal(got, "2024-04-10 Hartwell_2024-04-10.txt;2024-03-13 Hartwell_2024-03-13.txt;2024-02-14 Hartwell_2024-02-14.txt;");
    assert_int_equal(store_meetings_open(st, "Hartwell", "", 2, &c, err, sizeof err), SC_OK);
    used = 0;
    got[0] = '\0';
    while (store_cursor_meeting(&c, &r) == 1) used += (size_t)snprintf(got + used, sizeof got - used, "%s;", r.date);
    store_cursor_close(&c);
    assert_string_equal(got, "2024-05-15;2024-04-10;");
    store_close(st);
}

/* SQLite's virtual-machine steps for one window over the last meetings of a history of
 * `meetings` meetings with three facts each. */
static int window_steps(int meetings)
{
    store *st;
    char err[256];
    assert_int_equal(store_open(&st, NULL, err, sizeof err), SC_OK);
    int64_t doc = 0;
    char date[16];
    for (int i = 0; i < meetings; i++) {
        snprintf(date, sizeof date, "%04d-%02d-01", 2000 + i / 12, i % 12 + 1);
        doc = add_meeting(st, "Hartwell", date);
        for (int k = 0; k < 3; k++) add_fact(st, doc, "Hartwell", date, "concern", k + 1, "{\"topic\":\"caseloads\"}");
    }
    store_window w = { "Hartwell", "concern", doc, date, NULL, 3, 0, NULL, 0 };
    store_cursor c;
    assert_int_equal(store_facts_open(st, &w, &c, err, sizeof err), SC_OK);
    store_fact_row r;
    int rows = 0;
    while (store_cursor_fact(&c, &r) == 1) rows++;
    assert_int_equal(rows, 9);
    int steps = sqlite3_stmt_status(c.q, SQLITE_STMTSTATUS_VM_STEP, 0);
    assert_int_equal(sqlite3_stmt_status(c.q, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0), 0);
    store_cursor_close(&c);
    store_close(st);
    return steps;
}

static void windows_do_not_grow_with_history(void **state)
{
    (void)state;
    int small = window_steps(20), large = window_steps(2000);
    if (large > small + small / 2) fail_msg("a window read %d steps over 2000 meetings, %d over 20", large, small);
}

static long count(store *st, const char *sql)
{
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    long n = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

/* A document is stored with its meeting when added (its bytes, or none when its file is read
 * again), its model when checked (once, with the title the whole parse found); a store in memory
 * forgets a checked council's model rows and facts; a peer in memory starts with the main
 * store's meetings (a rule reads every council) or gets one council's at a time, and adds the
 * model under the same id. */
static void documents_streamed(void **state)
{
    (void)state;
    static const char text[] = "---\ncouncil: Hartwell County Council\ndate: 2024-03-14\n---\nAgenda item\n\n"
                               "Fostering Report\n\nMinutes:\nThe Panel noted that 12 carers were approved.\n";
    char err[256];
    model_doc *m, *d;
    assert_int_equal(load_meeting("h.txt", text, sizeof text - 1, NULL, &m, err, sizeof err), SC_OK);
    assert_int_equal(load_minutes("h.txt", text, sizeof text - 1, NULL, &d, err, sizeof err), SC_OK);
    store *st, *peer;
    assert_int_equal(store_open(&st, NULL, err, sizeof err), SC_OK);
    int64_t id, again;
    assert_int_equal(store_add_document(st, 1, 2, "minutes", NULL, 0, m, &id, err, sizeof err), SC_OK);
    assert_int_equal(store_add_document(st, 1, 2, "minutes", NULL, 0, m, &again, err, sizeof err), SC_OK);
    assert_int_equal(again, id);
    assert_int_equal(count(st, "SELECT count(*) FROM items"), 0);
    assert_int_equal(count(st, "SELECT length(content) FROM documents"), 0);
    /* without its rows (no rule has queried yet), then with them, once */
    assert_int_equal(store_add_model(st, id, "minutes", d, 0, err, sizeof err), SC_OK);
    assert_int_equal(count(st, "SELECT count(*) FROM items"), 0);
    assert_int_equal(count(st, "SELECT count(*) FROM paragraphs"), 0);
    for (int k = 0; k < 2; k++) assert_int_equal(store_add_model(st, id, "minutes", d, 1, err, sizeof err), SC_OK);
    assert_int_equal(count(st, "SELECT count(*) FROM paragraphs"), 1);
    assert_int_equal(count(st, "SELECT count(*) FROM items"), 1);
    assert_int_equal(count(st, "SELECT count(*) FROM meetings WHERE council = 'Hartwell County Council' AND date = '2024-03-14'"), 1);
    add_fact(st, id, "Hartwell County Council", "2024-03-14", "k", 3, "{}");
    assert_int_equal(store_forget_council(st, "Hartwell County Council"), 0);
    assert_int_equal(count(st, "SELECT count(*) FROM items"), 0);
    assert_int_equal(count(st, "SELECT count(*) FROM facts"), 0);
    assert_int_equal(count(st, "SELECT count(*) FROM meetings"), 1);
    /* a peer for a run whose rules read every council: the main store's meetings from the start */
    assert_int_equal(store_open_peer(st, &peer, 1, err, sizeof err), SC_OK);
    assert_int_equal(store_add_model(peer, id, "minutes", d, 1, err, sizeof err), SC_OK);
    assert_int_equal(count(peer, "SELECT count(*) FROM meetings"), 1); /* the main store's, before any check */
    assert_int_equal(count(peer, "SELECT count(*) FROM documents d JOIN meetings m ON m.document_id = d.id JOIN items i"
                                 " ON i.meeting_id = m.id WHERE d.id = (SELECT max(id) FROM documents)"), 1);
    store_close(peer);
    /* else a council at a time: nothing until it is given one, that one's rows only, then nothing again */
    assert_int_equal(store_add_document(st, 3, 4, "minutes", NULL, 0, m, &again, err, sizeof err), SC_OK);
    assert_int_equal(sqlite3_exec(store_db(st), "UPDATE meetings SET council = 'Ashby Council' WHERE document_id = (SELECT max(id) FROM documents)",
                                  NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(store_open_peer(st, &peer, 0, err, sizeof err), SC_OK);
    assert_int_equal(count(peer, "SELECT count(*) FROM meetings"), 0);
    assert_int_equal(store_peer_council(peer, st, "Hartwell County Council", err, sizeof err), SC_OK);
    assert_int_equal(count(peer, "SELECT count(*) FROM meetings WHERE council = 'Hartwell County Council'"), 1);
    assert_int_equal(count(peer, "SELECT count(*) FROM documents"), 1);
    assert_int_equal(store_add_model(peer, id, "minutes", d, 1, err, sizeof err), SC_OK);
    assert_int_equal(count(peer, "SELECT count(*) FROM meetings"), 1); /* the one given, not another */
    assert_int_equal(count(peer, "SELECT count(*) FROM items"), 1);
    add_fact(peer, id, "Hartwell County Council", "2024-03-14", "k", 3, "{}");
    assert_int_equal(store_forget_council(peer, "Hartwell County Council"), 0);
    static const char *const tables[] = { "documents", "meetings", "items", "paragraphs", "facts", "observations" };
    for (size_t k = 0; k < sizeof tables / sizeof *tables; k++) {
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[k]);
        if (count(peer, sql)) fail_msg("the peer still holds %ld rows of %s", count(peer, sql), tables[k]);
    }
    assert_int_equal(store_peer_council(peer, st, "Ashby Council", err, sizeof err), SC_OK);
    assert_int_equal(count(peer, "SELECT count(*) FROM meetings WHERE council = 'Ashby Council'"), 1);
    assert_int_equal(count(peer, "SELECT count(*) FROM documents"), 1);
    store_close(peer);
    assert_int_equal(count(st, "SELECT count(*) FROM meetings"), 2); /* the run's store keeps them */
    store_close(st);
    model_doc_free(m);
    model_doc_free(d);
}

/* Removes a --db file and its WAL and shared-memory files. */
static void remove_db(const char *path)
{
    char side[64];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* Two runs creating one new --db file at once. The other run (played here by a second
 * connection) sets the application id and creates the tables while this one is between its
 * reads of the id and of the schema: read apart, an id of 0 beside a full schema looked like
 * another program's file and the run was refused (crash.sh saw it once under load). */
static const char *race_path;
static int race_done;

static int race_trace(unsigned type, void *ud, void *p, void *x)
{
    (void)type; (void)ud; (void)x;
    const char *sql = sqlite3_sql((sqlite3_stmt *)p);
    if (race_done || !sql || strcmp(sql, "SELECT count(*) FROM sqlite_master") != 0) return 0;
    race_done = 1;
    sqlite3 *other;
    if (sqlite3_open(race_path, &other) == SQLITE_OK) /* fails (busy) once the reads are one transaction */
        sqlite3_exec(other, "PRAGMA application_id = 1396920916; PRAGMA user_version = 1; CREATE TABLE documents(id);"
                            "CREATE TABLE facts(id); CREATE TABLE runs(id)", NULL, NULL, NULL);
    sqlite3_close(other);
    return 0;
}

static int race_hook(sqlite3 *db, char **err, const void *api)
{
    (void)err; (void)api;
    sqlite3_trace_v2(db, SQLITE_TRACE_STMT, race_trace, NULL);
    return SQLITE_OK;
}

static void new_corpus_created_by_two_runs(void **state)
{
    (void)state;
    char path[] = "/tmp/sc-race-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    race_path = path;
    race_done = 0;
    sqlite3_auto_extension((void (*)(void))race_hook);
    store *st = NULL;
    char err[512] = "";
    int rc = store_open(&st, path, err, sizeof err);
    sqlite3_reset_auto_extension();
    assert_true(race_done);
    if (rc != SC_OK) fail_msg("%s", err);
    store_close(st);
    remove_db(path);
}

/* A rule's statement that SQLite prepares again by itself (another process changed the schema
 * between prepare and step) is authorized again: here `documents` became a view over facts, which
 * no query may read. The authorizer was once removed right after prepare. */
static void query_reprepare_authorized(void **state)
{
    (void)state;
    char path[] = "/tmp/sc-reprep-XXXXXX", err[256];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    store *st;
    assert_int_equal(store_open(&st, path, err, sizeof err), SC_OK);
    int64_t doc = add_meeting(st, "Hartwell", "2024-01-10");
    add_fact(st, doc, "Hartwell", "2024-01-10", "secret", 3, "{}");
    sqlite3 *db, *other;
    assert_int_equal(store_query_begin(st, NULL, &db, err, sizeof err), SC_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM documents", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "PRAGMA foreign_keys = OFF; ALTER TABLE documents RENAME TO d0;"
                                         "CREATE VIEW documents AS SELECT id FROM facts", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    store_query_end(st, db);
    if (rc == SQLITE_ROW) fail_msg("the statement prepared again read facts");
    assert_int_equal(rc & 0xff, SQLITE_AUTH);
    store_close(st);
    remove_db(path);
}

static int progress_count(void *ud)
{
    (*(long *)ud)++;
    return 0;
}

/* SQLite's work (progress callbacks every 100 instructions) to copy one council's rows for
 * ctx:query out of a store of `councils` councils, each with a meeting of 20 paragraphs. */
static long copy_work(int councils)
{
    store *st;
    char err[256], name[32];
    assert_int_equal(store_open(&st, NULL, err, sizeof err), SC_OK);
    sqlite3 *db = store_db(st);
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (int i = 0; i < councils; i++) {
        snprintf(name, sizeof name, "Council %d", i);
        int64_t doc = add_meeting(st, name, "2024-01-10");
        char sql[256];
        for (int k = 0; k < 20; k++) {
            snprintf(sql, sizeof sql, "INSERT INTO paragraphs(meeting_id, bullet, text) VALUES((SELECT id FROM meetings WHERE document_id = %lld), 0, 'p')",
                     (long long)doc);
            assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
        }
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    long work = 0;
    sqlite3_progress_handler(db, 100, progress_count, &work);
    sqlite3 *q;
    assert_int_equal(store_query_begin(st, "Council 3", &q, err, sizeof err), SC_OK);
    sqlite3_progress_handler(db, 0, NULL, NULL);
    sqlite3_stmt *c;
    assert_int_equal(sqlite3_prepare_v2(q, "SELECT count(*) FROM paragraphs", -1, &c, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(c), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(c, 0), 20);
    sqlite3_finalize(c);
    store_query_end(st, q);
    store_close(st);
    return work;
}

/* Copying a council's rows for ctx:query reads that council's rows, not the corpus. */
static void query_copy_does_not_grow_with_corpus(void **state)
{
    (void)state;
    long small = copy_work(10), large = copy_work(1000);
    if (large > small * 2 + 50) fail_msg("copying one council read %ld units among 1000 councils, %ld among 10", large, small);
}

/* A long string of n bytes ('a' .. 'z' over and over), owned by the caller. */
static char *long_text(size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) s[i] = (char)('a' + i % 26);
    s[n] = '\0';
    return s;
}

static void kept_blob(store *st, int64_t doc, const char *sql_value)
{
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE checked SET findings = %s WHERE document_id = %lld", sql_value, (long long)doc);
    assert_int_equal(sqlite3_exec(store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);
}

/* What a --db store keeps of a checked document reads back as it was made: every string (quotes,
 * curly quotes, empty ones, 200 and 20,000 bytes), every number, the fingerprint; found at the
 * path and place of the run that reads it. Another rule set finds nothing; a damaged record is
 * as good as none (the document is checked again), never a crash or half the findings. */
static void checked_findings_read_back(void **state)
{
    (void)state;
    store *st;
    char err[256];
    assert_int_equal(store_open(&st, NULL, err, sizeof err), SC_OK);
    int64_t doc = add_meeting(st, "Hartwell", "2024-01-10");
    char *mid = long_text(200), *big = long_text(20000);
    findings fs = { 0 };
    /* the first is another document's: only fs->v[1 ..] are kept */
    assert_int_equal(findings_add(&fs, "x.other", SC_SEV_INFO, "m", "a.txt", 0, 1, 1, 1, 2, "e", 1, "C", "M", "I"), SC_OK);
    assert_int_equal(findings_add(&fs, "t.one", SC_SEV_WARNING, "said \"75%\" \xe2\x80\x9cthen\xe2\x80\x9d", "a.txt", 0, 3, 5, 3,
                                  9, "an excerpt\twith a tab", 21, "Hartwell", "Meeting of 10 January 2024", "Item 1"), SC_OK);
    assert_int_equal(findings_add(&fs, "t.one", SC_SEV_CRITICAL, mid, "a.txt", 0, 70000, 0, 70001, 123456, "", 0,
                                  "Hartwell", "Meeting of 10 January 2024", ""), SC_OK);
    assert_int_equal(findings_add(&fs, "t.two", SC_SEV_INFO, big, "a.txt", 0, 4, 1, 4, 2, big, 20000, "Hartwell",
                                  "Meeting of 10 January 2024", "Item 1"), SC_OK);
    assert_int_equal(store_keep_checked(st, doc, "rs1", &fs, 1), SC_OK);

    findings out = { 0 };
    int found = -1;
    assert_int_equal(store_reuse_findings(st, doc, "rs1", &out, "b/a.txt", 7, &found), SC_OK);
    assert_int_equal(found, 1);
    assert_int_equal(out.n, 3);
    for (size_t i = 0; i < out.n; i++) {
        const sc_finding *a = &fs.v[i + 1].pub, *b = &out.v[i].pub;
        assert_string_equal(b->rule, a->rule);
        assert_int_equal(b->severity, a->severity);
        assert_string_equal(b->message, a->message);
        assert_string_equal(b->file, "b/a.txt");
        assert_int_equal(b->line, a->line);
        assert_int_equal(b->column, a->column);
        assert_int_equal(b->end_line, a->end_line);
        assert_int_equal(b->end_column, a->end_column);
        assert_string_equal(b->excerpt, a->excerpt);
        assert_string_equal(b->council, a->council);
        assert_string_equal(b->meeting, a->meeting);
        assert_string_equal(b->item, a->item);
        assert_string_equal(b->fingerprint, a->fingerprint);
        assert_int_equal(out.v[i].doc_order, 7);
        assert_true(out.v[i].reused);
    }
    findings_clear(&out);
    assert_int_equal(store_reuse_findings(st, doc, "rs2", &out, "b/a.txt", 7, &found), SC_OK);
    assert_int_equal(found, 0);
    /* checked again with no finding: found, and nothing */
    assert_int_equal(store_keep_checked(st, doc, "rs1", &fs, fs.n), SC_OK);
    assert_int_equal(store_reuse_findings(st, doc, "rs1", &out, "b/a.txt", 7, &found), SC_OK);
    assert_int_equal(found, 1);
    assert_int_equal(out.n, 0);
    /* damaged: cut short, another format, a finding that repeats a string before any, a severity past critical */
    assert_int_equal(store_keep_checked(st, doc, "rs1", &fs, 1), SC_OK);
    static const char *const damage[] = { "substr(findings, 1, length(findings) - 3)", "x'53434632'", "x'5343463102010100000001000000010000000200000000'",
                                          "x'5343463109000100000001000000010000000200000000'", "x''" };
    for (size_t k = 0; k < sizeof damage / sizeof *damage; k++) {
        kept_blob(st, doc, damage[k]);
        found = -1;
        assert_int_equal(store_reuse_findings(st, doc, "rs1", &out, "b/a.txt", 7, &found), SC_OK);
        if (found != 0 || out.n != 0) fail_msg("damage %zu: found %d, %zu findings", k, found, out.n);
    }
    findings_clear(&fs);
    free(mid);
    free(big);
    store_close(st);
}

/* Pages store_find reads from a --db file (a cold connection) to look up a stored document of
 * `size` bytes, and the kind it gives. */
static int find_pages(size_t size, char *kind, size_t kn)
{
    char path[] = "/tmp/sc-find-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    store *st;
    char err[512];
    assert_int_equal(store_open(&st, path, err, sizeof err), SC_OK);
    char *raw = long_text(size);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(store_db(st), "INSERT INTO documents(hash, path, content, kind) VALUES(?, 'a.txt', ?, 'minutes')",
                                        -1, &q, NULL), SQLITE_OK);
    char hex[33];
    snprintf(hex, sizeof hex, "%016llx%016llx", 1ULL, 2ULL); /* the store's spelling of hash (1, 2) */
    sqlite3_bind_text(q, 1, hex, -1, SQLITE_STATIC);
    sqlite3_bind_blob(q, 2, raw, (int)size, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(q), SQLITE_DONE);
    sqlite3_finalize(q);
    free(raw);
    store_close(st);
    assert_int_equal(store_open(&st, path, err, sizeof err), SC_OK);
    int before, hi, after;
    sqlite3_db_status(store_db(st), SQLITE_DBSTATUS_CACHE_MISS, &before, &hi, 0);
    int64_t id = 0;
    assert_int_equal(store_find(st, 1, 2, &id, kind, kn), 1);
    assert_true(id > 0);
    sqlite3_db_status(store_db(st), SQLITE_DBSTATUS_CACHE_MISS, &after, &hi, 0);
    store_close(st);
    remove_db(path);
    return after - before;
}

/* Looking a stored document up by its hash, with its kind, reads the index, not the document's
 * bytes (the kind comes after them in the row: every input of a re-run read its stored copy). */
static void find_reads_no_content(void **state)
{
    (void)state;
    char kind[16] = "";
    int small = find_pages(100, kind, sizeof kind), large = find_pages(1 << 20, kind, sizeof kind);
    assert_string_equal(kind, "minutes");
    if (large > small + 2) fail_msg("a 1 MB document: %d pages read to find it, %d for 100 bytes", large, small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(facts_before_this_meeting),
        cmocka_unit_test(facts_windows),
        cmocka_unit_test(facts_where),
        cmocka_unit_test(meetings_window),
        cmocka_unit_test(windows_do_not_grow_with_history),
        cmocka_unit_test(documents_streamed),
        cmocka_unit_test(new_corpus_created_by_two_runs),
        cmocka_unit_test(query_reprepare_authorized),
        cmocka_unit_test(query_copy_does_not_grow_with_corpus),
        cmocka_unit_test(checked_findings_read_back),
        cmocka_unit_test(find_reads_no_content),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
