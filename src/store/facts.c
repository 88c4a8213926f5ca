/*
 * facts.c — the SQL of facts rules keep across meetings (see store.h): recording, forgetting
 * what a failed call recorded, and windows over a council's history.
 *
 * Every read is a range of an index: facts(council, kind, meeting_date) for facts and
 * meetings(council, date) for meetings, walked newest first and stopped at the limit, so a
 * meeting late in a long history costs what an early one does. The statements without field
 * conditions are prepared once and kept; a query with conditions is prepared for the call.
 */
#include <stdio.h>
#include <string.h>

#include "../../include/scrutiny.h"
#include "store_int.h"

#define FACT_COLS "f.id, f.rule, f.council, f.meeting_date, d.path, f.item, f.line, f.col, f.end_line, f.end_col, f.text, f.fields"

static const char *const fact_sql[SF_COUNT] = {
    [SF_ADD] = "INSERT OR IGNORE INTO facts(document_id, council, meeting_date, rule, kind, item, line, col,"
               " end_line, end_col, text, fields) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
    /* the date of the council's Nth meeting before ?2 (?3 = N - 1) */
    [SF_CUTOFF] = "SELECT DISTINCT date FROM meetings WHERE council = ?1 AND date <> '' AND date < ?2"
                  " ORDER BY date DESC LIMIT 1 OFFSET ?3",
    [SF_MEETINGS] = "SELECT m.date, m.committee, m.title, d.path FROM meetings m JOIN documents d ON d.id = m.document_id"
                    " WHERE m.id IN (SELECT min(id) FROM meetings WHERE council = ?1 AND date <> '' AND date < ?2"
                    " GROUP BY date ORDER BY date DESC LIMIT ?3) ORDER BY m.date DESC",
};

/* ?1 council, ?2 kind, ?3 document left out, ?4 upper date (exclusive), ?5 lower date,
 * ?6 limit; field conditions from ?7 on. A dated meeting sees dated meetings before it; an
 * undated one sees every other meeting. */
static void window_sql(char *buf, size_t n, int dated, const store_window *w)
{
    char cond[STORE_MAX_WHERE * 160] = "";
    size_t used = 0;
    for (int i = 0; i < w->nwhere; i++) {
        int p = 7 + 2 * i, v = p + 1;
        const char *test;
        switch (w->where[i].type) {
        case STORE_WHERE_TEXT: test = "= 'text'"; break;
        case STORE_WHERE_BOOL: test = w->where[i].i ? "= 'true'" : "= 'false'"; break;
        default: test = "IN ('integer', 'real')"; break;
        }
        if (w->where[i].type == STORE_WHERE_BOOL) /* the type says it all; ?v is left unbound */
            used += (size_t)snprintf(cond + used, sizeof cond - used, " AND json_type(f.fields, ?%d) %s", p, test);
        else
            used += (size_t)snprintf(cond + used, sizeof cond - used,
                                     " AND json_type(f.fields, ?%d) %s AND json_extract(f.fields, ?%d) = ?%d", p, test, p, v);
    }
    /* newest first, as the index is read backwards: no sort (the caller turns them round) */
    snprintf(buf, n,
             "SELECT " FACT_COLS " FROM facts f JOIN documents d ON d.id = f.document_id"
             " WHERE f.council = ?1 AND f.kind = ?2 AND f.document_id <> ?3 AND %s f.meeting_date >= ?5%s"
             " ORDER BY f.meeting_date DESC, f.id DESC LIMIT ?6",
             dated ? "f.meeting_date < ?4 AND f.meeting_date <> '' AND" : "?4 = '' AND", cond);
}

/* A statement of fact_sql, prepared once; reset and unbound for reuse. */
static sqlite3_stmt *kept(store *st, int which, const char *sql)
{
    if (!st->facts[which] &&
        sqlite3_prepare_v3(st->db, sql ? sql : fact_sql[which], -1, SQLITE_PREPARE_PERSISTENT, &st->facts[which], NULL) != SQLITE_OK)
        return NULL;
    sqlite3_reset(st->facts[which]);
    sqlite3_clear_bindings(st->facts[which]);
    return st->facts[which];
}

int store_facts_add(store *st, const store_fact *v, size_t n, char *errbuf, size_t errlen)
{
    if (n == 0) return SC_OK;
    if (store_begin(st)) {
        snprintf(errbuf, errlen, "database: keeping facts: %s", sqlite3_errmsg(st->db));
        return SC_DB;
    }
    sqlite3_stmt *q = kept(st, SF_ADD, NULL);
    int rc = q ? SQLITE_DONE : SQLITE_ERROR;
    for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
        const store_fact *f = &v[i];
        sqlite3_bind_int64(q, 1, f->doc);
        sqlite3_bind_text(q, 2, f->council, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, f->date, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, f->rule, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, f->kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 6, f->item, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 7, f->line);
        sqlite3_bind_int(q, 8, f->col);
        sqlite3_bind_int(q, 9, f->end_line);
        sqlite3_bind_int(q, 10, f->end_col);
        sqlite3_bind_text(q, 11, f->text, (int)f->text_len, SQLITE_STATIC);
        sqlite3_bind_text(q, 12, f->fields, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
        sqlite3_reset(q);
    }
    if (rc == SQLITE_DONE) {
        if (store_commit(st) == 0) return SC_OK;
        /* (store_commit has rolled back, which left sqlite3_errmsg with nothing to say) */
        snprintf(errbuf, errlen, "database: keeping facts: the transaction could not be committed");
        return SC_DB;
    }
    snprintf(errbuf, errlen, "database: keeping facts: %s", sqlite3_errmsg(st->db));
    store_rollback(st);
    return SC_DB;
}

/* The upper bound of "before this meeting" for the meetings table: an undated meeting has every
 * dated one before it ('~' sorts after every digit). */
static const char *upper_date(const char *date) { return *date ? date : "~"; }

/* Into buf, the date of the council's nth meeting before `date` ("" when it has fewer). */
static int cutoff(store *st, const char *council, const char *date, int n, char *buf, size_t len)
{
    buf[0] = '\0';
    sqlite3_stmt *q = kept(st, SF_CUTOFF, NULL);
    if (!q) return SC_DB;
    sqlite3_bind_text(q, 1, council, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, upper_date(date), -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, n - 1);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) snprintf(buf, len, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_reset(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SC_OK : SC_DB;
}

int store_facts_open(store *st, const store_window *w, store_cursor *c, char *errbuf, size_t errlen)
{
    c->q = NULL;
    c->owned = 0;
    if (w->nwhere < 0 || w->nwhere > STORE_MAX_WHERE) {
        snprintf(errbuf, errlen, "at most %d field conditions", STORE_MAX_WHERE);
        return SC_USAGE;
    }
    for (int i = 0; i < w->nwhere; i++)
        if (!*w->where[i].field || strpbrk(w->where[i].field, "\"\\") || strlen(w->where[i].field) > 64) {
            snprintf(errbuf, errlen, "field name '%.64s' cannot be queried (1 to 64 characters, no '\"' or '\\')", w->where[i].field);
            return SC_USAGE;
        }
    char lower[64] = "";
    if (w->meetings > 0 && cutoff(st, w->council, w->date, w->meetings, lower, sizeof lower) != SC_OK) goto db;
    if (w->since && strcmp(w->since, lower) > 0) snprintf(lower, sizeof lower, "%s", w->since);
    int dated = *w->date != '\0';
    char sql[2048 + STORE_MAX_WHERE * 160];
    window_sql(sql, sizeof sql, dated, w);
    if (w->nwhere == 0) {
        c->q = kept(st, dated ? SF_DATED : SF_UNDATED, sql);
    } else if (sqlite3_prepare_v2(st->db, sql, -1, &c->q, NULL) != SQLITE_OK) {
        sqlite3_finalize(c->q);
        c->q = NULL;
    } else {
        c->owned = 1;
    }
    if (!c->q) goto db;
    sqlite3_bind_text(c->q, 1, w->council, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->q, 2, w->kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(c->q, 3, w->doc);
    sqlite3_bind_text(c->q, 4, w->date, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->q, 5, lower, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(c->q, 6, w->limit > 0 && w->limit < STORE_MAX_FACTS ? w->limit : STORE_MAX_FACTS);
    for (int i = 0; i < w->nwhere; i++) {
        const store_where *x = &w->where[i];
        char path[80];
        snprintf(path, sizeof path, "$.\"%s\"", x->field);
        sqlite3_bind_text(c->q, 7 + 2 * i, path, -1, SQLITE_TRANSIENT);
        int v = 8 + 2 * i;
        switch (x->type) {
        case STORE_WHERE_TEXT: sqlite3_bind_text(c->q, v, x->s, (int)x->slen, SQLITE_TRANSIENT); break;
        case STORE_WHERE_REAL: sqlite3_bind_double(c->q, v, x->d); break;
        case STORE_WHERE_INT: sqlite3_bind_int64(c->q, v, x->i); break;
        case STORE_WHERE_BOOL: break;
        }
    }
    return SC_OK;
db:
    snprintf(errbuf, errlen, "%s", sqlite3_errmsg(st->db));
    return SC_DB;
}

int store_meetings_open(store *st, const char *council, const char *date, int n, store_cursor *c, char *errbuf,
                        size_t errlen)
{
    c->owned = 0;
    c->q = kept(st, SF_MEETINGS, NULL);
    if (!c->q) {
        snprintf(errbuf, errlen, "%s", sqlite3_errmsg(st->db));
        return SC_DB;
    }
    sqlite3_bind_text(c->q, 1, council, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->q, 2, upper_date(date), -1, SQLITE_STATIC);
    sqlite3_bind_int(c->q, 3, n);
    return SC_OK;
}

static const char *col(sqlite3_stmt *q, int i)
{
    const char *s = (const char *)sqlite3_column_text(q, i);
    return s ? s : "";
}

int store_cursor_next(store_cursor *c, store_fact_row *r)
{
    int rc = sqlite3_step(c->q);
    if (rc == SQLITE_DONE) return 0;
    if (rc != SQLITE_ROW) return -1;
    r->id = sqlite3_column_int64(c->q, 0);
    return 1;
}

int store_cursor_fact(store_cursor *c, store_fact_row *r)
{
    int rc = store_cursor_next(c, r);
    if (rc == 1) store_cursor_fill(c, r);
    return rc;
}

void store_cursor_fill(store_cursor *c, store_fact_row *r)
{
    r->rule = col(c->q, 1);
    r->council = col(c->q, 2);
    r->date = col(c->q, 3);
    r->file = col(c->q, 4);
    r->item = col(c->q, 5);
    r->line = sqlite3_column_int(c->q, 6);
    r->col = sqlite3_column_int(c->q, 7);
    r->end_line = sqlite3_column_int(c->q, 8);
    r->end_col = sqlite3_column_int(c->q, 9);
    r->text = col(c->q, 10);
    r->text_len = (size_t)sqlite3_column_bytes(c->q, 10);
    r->fields = col(c->q, 11);
}

int store_cursor_meeting(store_cursor *c, store_meeting_row *r)
{
    int rc = sqlite3_step(c->q);
    if (rc == SQLITE_DONE) return 0;
    if (rc != SQLITE_ROW) return -1;
    r->date = col(c->q, 0);
    r->committee = col(c->q, 1);
    r->title = col(c->q, 2);
    r->file = col(c->q, 3);
    return 1;
}

void store_cursor_close(store_cursor *c)
{
    if (!c->q) return;
    if (c->owned) sqlite3_finalize(c->q);
    else {
        sqlite3_reset(c->q);
        sqlite3_clear_bindings(c->q);
    }
    c->q = NULL;
}
