/*
 * query.c — the connections ctx:query runs on (see store.h).
 *
 * A rule's query sees one council unless its rule says otherwise. The scoping is physical, not a
 * filter a query could step round: the query runs on a second, private in-memory connection that
 * holds a copy of the current council's rows under the documented table names, and nothing
 * else. There is no other council's row in that connection to reach, whatever the SQL (base
 * table names, CTEs, subqueries and sqlite_master all read the same copy). The copy is made at
 * the council's first query and again when the corpus changed since (this process's ingests
 * and saved findings, or another process's commits to a --db file).
 *
 * A rule that declares query_scope = "all" reads the whole corpus on the store's own connection.
 *
 * On both connections a statement runs under an authorizer that stays installed from prepare to
 * finalize, so a statement SQLite prepares again by itself (after a schema change, even one made
 * by another process) is checked again: reading only, the documented tables only (not facts,
 * checked or sqlite_master), and an allow-list of functions. PRAGMA query_only is on while it
 * runs, so even a statement the authorizer let through could not write; and
 * sqlite3_stmt_readonly() is checked by the caller.
 *
 * Why not a separate read-only connection to the corpus for "all": the default store is a
 * private :memory: database that no second connection can open, and sharing it (memdb VFS)
 * would cap every in-memory corpus at memdb's size limit; on a --db file, a read-only connection
 * would also not see the facts and rows of the transaction under way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../include/scrutiny.h"
#include "store_int.h"

/* The tables a query may read, and how the copy of one council picks their rows (?1: the
 * council). current_observations is a view over observations. */
static const struct {
    const char *name, *where;
} tables[] = {
    /* the council's minutes; not scorecards, whose text may hold every council's values */
    { "documents", "id IN (SELECT document_id FROM meetings WHERE council = ?1)" },
    { "meetings", "council = ?1" },
    { "items", "meeting_id IN (SELECT id FROM meetings WHERE council = ?1)" },
    { "sections", "meeting_id IN (SELECT id FROM meetings WHERE council = ?1)" },
    { "paragraphs", "meeting_id IN (SELECT id FROM meetings WHERE council = ?1)" },
    { "resolutions", "meeting_id IN (SELECT id FROM meetings WHERE council = ?1)" },
    { "speakers", "meeting_id IN (SELECT id FROM meetings WHERE council = ?1)" },
    { "figures", "meeting_id IN (SELECT id FROM meetings WHERE council = ?1)" },
    { "dates", "meeting_id IN (SELECT id FROM meetings WHERE council = ?1)" },
    { "refs", "meeting_id IN (SELECT id FROM meetings WHERE council = ?1)" },
    { "observations", "council = ?1" },
    { "runs", "id IN (SELECT run_id FROM findings WHERE council = ?1)" },
    { "findings", "council = ?1" },
    { "current_observations", NULL },
    { "json_each", NULL }, /* table-valued functions */
    { "json_tree", NULL },
};

/* Functions a query may call: SQLite's plain scalar, aggregate, window, date, math and JSON
 * functions. Anything else (fts3_tokenizer hands out and overwrites a code pointer,
 * load_extension loads code, and what a plugin or a later SQLite adds) is refused. */
static const char *const functions[] = {
    "abs", "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "avg", "ceil", "ceiling", "char", "coalesce",
    "concat", "concat_ws", "cos", "cosh", "count", "cume_dist", "date", "datetime", "degrees", "dense_rank", "exp",
    "first_value", "floor", "format", "glob", "group_concat", "hex", "ifnull", "iif", "instr", "json", "json_array",
    "json_array_length", "json_each", "json_extract", "json_group_array", "json_group_object", "json_insert",
    "json_object", "json_patch", "json_quote", "json_remove", "json_replace", "json_set", "json_tree", "json_type",
    "json_valid", "julianday", "lag", "last_value", "lead", "length", "like", "likelihood", "likely", "ln", "log",
    "log10", "log2", "lower", "ltrim", "max", "min", "mod", "nth_value", "ntile", "nullif", "octet_length",
    "percent_rank", "pi", "pow", "power", "printf", "quote", "radians", "random", "randomblob", "rank", "replace",
    "round", "row_number", "rtrim", "sign", "sin", "sinh", "sqrt", "strftime", "string_agg", "substr", "substring",
    "sum", "tan", "tanh", "time", "timediff", "total", "trim", "trunc", "typeof", "unhex", "unicode", "unixepoch",
    "unlikely", "upper", "zeroblob", "->", "->>",
};

#define NTABLES (sizeof tables / sizeof *tables)

/* The authorizer of a rule's statement. c is the database of a read: "main" only (there is no
 * other; ATTACH is refused). */
static int authorize(void *ud, int action, const char *a, const char *b, const char *c, const char *d)
{
    (void)ud; (void)d;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_READ: /* a: table, b: column ("" when no column is read: count(*)), c: database */
        if (!a || (c && strcmp(c, "main") != 0)) return SQLITE_DENY;
        for (size_t i = 0; i < NTABLES; i++)
            if (!strcmp(a, tables[i].name)) return SQLITE_OK;
        /* a row count without a database is a CTE's (or a table's inside a view), by a name the
         * rule chose: any name but those of what may not be read */
        if (!c && b && !*b && strcmp(a, "facts") && strcmp(a, "checked") &&
            strcmp(a, "dbstat") && strncmp(a, "sqlite_", 7) && strncmp(a, "pragma_", 7))
            return SQLITE_OK;
        return SQLITE_DENY;
    case SQLITE_FUNCTION: /* a: NULL, b: the function's name */
        for (size_t i = 0; b && i < sizeof functions / sizeof *functions; i++)
            if (!strcasecmp(b, functions[i])) return SQLITE_OK;
        return SQLITE_DENY;
    default:
        return SQLITE_DENY;
    }
}

/* Settings both connections get once: no extensions, defensive, and the table-valued JSON
 * functions connected before any authorizer (connecting one writes its schema, which a rule's
 * statement may not). */
static int harden(sqlite3 *db)
{
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    return sqlite3_exec(db, "SELECT count(*) FROM json_each('[]'), json_tree('[]')", NULL, NULL, NULL);
}

int store_query_harden(sqlite3 *db) { return harden(db); }

/* The private connection, with the schema of a corpus (empty). */
static int open_scoped(store *st)
{
    if (st->qdb) return SQLITE_OK;
    int rc = sqlite3_open_v2(":memory:", &st->qdb, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) return rc;
    for (int i = 0; i < store_nmigrations; i++)
        if ((rc = sqlite3_exec(st->qdb, store_migrations[i], NULL, NULL, NULL)) != SQLITE_OK) return rc;
    /* what no query may read is not even there */
    if ((rc = sqlite3_exec(st->qdb, "DROP TABLE facts; DROP TABLE checked", NULL, NULL, NULL)) != SQLITE_OK)
        return rc;
    sqlite3_db_config(st->qdb, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    return harden(st->qdb);
}

/* Another process's commits to the file since the last look change PRAGMA data_version. */
static int data_version(store *st, long long *v)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "PRAGMA data_version", -1, &q, NULL) != SQLITE_OK) return -1;
    int rc = sqlite3_step(q);
    *v = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* Copies table t's rows of `council` from the corpus into the private connection. */
static int copy_table(store *st, size_t t, const char *council)
{
    char sql[512];
    sqlite3_stmt *from = NULL, *to = NULL;
    snprintf(sql, sizeof sql, "SELECT * FROM main.%s WHERE %s", tables[t].name, tables[t].where);
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &from, NULL);
    if (rc != SQLITE_OK) goto done;
    sqlite3_bind_text(from, 1, council, -1, SQLITE_STATIC);
    int n = sqlite3_column_count(from), used = snprintf(sql, sizeof sql, "INSERT INTO main.%s VALUES(", tables[t].name);
    for (int i = 0; i < n && used < (int)sizeof sql - 4; i++) used += snprintf(sql + used, sizeof sql - (size_t)used, "%s?", i ? "," : "");
    snprintf(sql + used, sizeof sql - (size_t)used, ")");
    if ((rc = sqlite3_prepare_v2(st->qdb, sql, -1, &to, NULL)) != SQLITE_OK) goto done;
    while ((rc = sqlite3_step(from)) == SQLITE_ROW) {
        for (int i = 0; i < n; i++) sqlite3_bind_value(to, i + 1, sqlite3_column_value(from, i));
        if (sqlite3_step(to) != SQLITE_DONE) { rc = sqlite3_errcode(st->qdb); goto done; }
        sqlite3_reset(to);
    }
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
done:
    sqlite3_finalize(from);
    sqlite3_finalize(to);
    return rc;
}

/* Makes the private connection hold `council`'s rows, copying them when it held another
 * council's or the corpus changed since. */
static int refresh(store *st, const char *council, char *errbuf, size_t errlen)
{
    long long dv;
    if (data_version(st, &dv)) {
        snprintf(errbuf, errlen, "%s", sqlite3_errmsg(st->db));
        return SC_DB;
    }
    if (st->qcouncil && !strcmp(st->qcouncil, council) && st->qgen == st->gen && st->qdv == dv) return SC_OK;
    free(st->qcouncil);
    st->qcouncil = NULL;
    sqlite3 *bad = st->qdb;
    int rc = open_scoped(st);
    if (rc == SQLITE_OK) {
        bad = st->qdb;
        sqlite3_set_authorizer(st->qdb, NULL, NULL);
        rc = sqlite3_exec(st->qdb, "PRAGMA query_only = 0; BEGIN", NULL, NULL, NULL);
        for (size_t t = 0; rc == SQLITE_OK && t < NTABLES && tables[t].where; t++) {
            char del[64];
            snprintf(del, sizeof del, "DELETE FROM main.%s", tables[t].name);
            if ((rc = sqlite3_exec(st->qdb, del, NULL, NULL, NULL)) == SQLITE_OK) {
                bad = st->db;
                rc = copy_table(st, t, council);
                if (rc == SQLITE_OK) bad = st->qdb;
            }
        }
        if (rc == SQLITE_OK) rc = sqlite3_exec(st->qdb, "COMMIT", NULL, NULL, NULL);
        else sqlite3_exec(st->qdb, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_exec(st->qdb, "PRAGMA query_only = 1", NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK) {
        snprintf(errbuf, errlen, "copying the council's rows: %s", bad ? sqlite3_errmsg(bad) : "out of memory");
        return rc == SQLITE_NOMEM ? SC_NOMEM : SC_DB;
    }
    if (!(st->qcouncil = strdup(council))) return SC_NOMEM;
    st->qgen = st->gen;
    st->qdv = dv;
    return SC_OK;
}

int store_query_begin(store *st, const char *council, sqlite3 **db, char *errbuf, size_t errlen)
{
    *db = NULL;
    if (st->on_query) {
        int rc = st->on_query(st->on_query_ud, errbuf, errlen);
        if (rc != SC_OK) return rc;
    }
    if (council) {
        int rc = refresh(st, council, errbuf, errlen);
        if (rc != SC_OK) return rc;
        *db = st->qdb;
    } else {
        if (sqlite3_exec(st->db, "PRAGMA query_only = 1", NULL, NULL, NULL) != SQLITE_OK) {
            snprintf(errbuf, errlen, "%s", sqlite3_errmsg(st->db));
            return SC_DB;
        }
        *db = st->db;
    }
    sqlite3_set_authorizer(*db, authorize, NULL);
    return SC_OK;
}

void store_on_query(store *st, store_query_fn fn, void *ud)
{
    st->on_query = fn;
    st->on_query_ud = ud;
}

void store_query_end(store *st, sqlite3 *db)
{
    sqlite3_set_authorizer(db, NULL, NULL);
    if (db == st->db) sqlite3_exec(st->db, "PRAGMA query_only = 0", NULL, NULL, NULL);
}

void store_query_close(store *st)
{
    sqlite3_close(st->qdb);
    st->qdb = NULL;
    free(st->qcouncil);
    st->qcouncil = NULL;
}
