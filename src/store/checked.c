/*
 * checked.c — what a --db store keeps of a checked document for later runs (see store.h): the
 * rule set it was checked with and the findings its rules made, one row per document and rule
 * set with the findings packed in one blob, read back whole when the document comes again.
 *
 * A re-run of a corpus reports tens of thousands of stored findings; kept a row each, reading
 * them back cost more than everything else the re-run did for them (54,000 findings: 320 M
 * instructions of 1,110 M, most in SQLite's virtual machine). The blob is "SCF1", then per
 * finding: its severity (1 byte), a mask (1 byte) of the strings that are the previous
 * finding's, line, col, end_line and end_col (4 bytes each, little-endian), then each string
 * not in the mask as its length (a varint), its bytes and a NUL. The strings, in order: rule,
 * message, excerpt, council, meeting, item, fingerprint. A blob that does not read back whole
 * (a damaged file) is as good as none: the document is checked again.
 */
#include <stdint.h>
#include <string.h>

#include "../../include/scrutiny.h"
#include "../core/text.h"
#include "store_int.h"

enum { NSTR = 7 };
static const char magic[4] = { 'S', 'C', 'F', '1' };

static void strings_of(const sc_finding *f, const char *s[NSTR])
{
    s[0] = f->rule;
    s[1] = f->message;
    s[2] = f->excerpt;
    s[3] = f->council;
    s[4] = f->meeting;
    s[5] = f->item;
    s[6] = f->fingerprint;
    for (int k = 0; k < NSTR; k++)
        if (!s[k]) s[k] = "";
}

static void put_u32(sbuf *b, int v)
{
    uint32_t u = (uint32_t)v;
    char x[4] = { (char)(u & 0xFF), (char)((u >> 8) & 0xFF), (char)((u >> 16) & 0xFF), (char)(u >> 24) };
    sbuf_add(b, x, 4);
}

static void put_len(sbuf *b, size_t n)
{
    char x[10];
    int k = 0;
    for (; n >= 0x80; n >>= 7) x[k++] = (char)((n & 0x7F) | 0x80);
    x[k++] = (char)n;
    sbuf_add(b, x, (size_t)k);
}

/* fs->v[from ..] packed into b (b->oom when out of memory). */
static void pack(sbuf *b, const findings *fs, size_t from)
{
    const char *prev[NSTR] = { 0 };
    sbuf_add(b, magic, sizeof magic);
    for (size_t i = from; i < fs->n; i++) {
        const sc_finding *f = &fs->v[i].pub;
        const char *s[NSTR];
        strings_of(f, s);
        unsigned mask = 0;
        for (int k = 0; k < NSTR; k++)
            if (prev[k] && !strcmp(prev[k], s[k])) mask |= 1u << k;
        sbuf_addc(b, (char)f->severity);
        sbuf_addc(b, (char)mask);
        put_u32(b, f->line);
        put_u32(b, f->column);
        put_u32(b, f->end_line);
        put_u32(b, f->end_column);
        for (int k = 0; k < NSTR; k++) {
            if (mask & 1u << k) continue;
            size_t n = strlen(s[k]);
            put_len(b, n);
            sbuf_add(b, s[k], n + 1);
            prev[k] = s[k];
        }
    }
}

typedef struct reader {
    const unsigned char *p, *end;
} reader;

static int get_u32(reader *r, int *v)
{
    if (r->end - r->p < 4) return -1;
    uint32_t u = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
    *v = u <= INT32_MAX ? (int)u : -(int)(UINT32_MAX - u) - 1;
    r->p += 4;
    return 0;
}

/* A string: its length, its bytes, its NUL, all inside the blob; *s points at it there. */
static int get_str(reader *r, const char **s, size_t *len)
{
    size_t n = 0;
    for (int shift = 0;; shift += 7) {
        if (r->p == r->end || shift > 28) return -1;
        unsigned c = *r->p++;
        n |= (size_t)(c & 0x7F) << shift;
        if (!(c & 0x80)) break;
    }
    if ((size_t)(r->end - r->p) <= n || r->p[n] != '\0') return -1;
    *s = (const char *)r->p;
    *len = n;
    r->p += n + 1;
    return 0;
}

/* Reads blob b[0 .. n): with fs NULL only whether it reads back whole (SC_OK, else SC_DB);
 * else its findings appended to fs, found at `path` (SC_OK or SC_NOMEM). */
static int unpack(const unsigned char *b, size_t n, findings *fs, const char *path, size_t doc_order)
{
    reader r = { b, b + n };
    if (n < sizeof magic || memcmp(b, magic, sizeof magic)) return SC_DB;
    r.p += sizeof magic;
    const char *s[NSTR] = { 0 };
    size_t len[NSTR] = { 0 };
    while (r.p < r.end) {
        if (r.end - r.p < 2) return SC_DB;
        unsigned sev = r.p[0], mask = r.p[1];
        r.p += 2;
        int line, col, end_line, end_col;
        if (sev > SC_SEV_CRITICAL || mask >> NSTR || get_u32(&r, &line) || get_u32(&r, &col) || get_u32(&r, &end_line) ||
            get_u32(&r, &end_col))
            return SC_DB;
        for (int k = 0; k < NSTR; k++) {
            if (mask & 1u << k) {
                if (!s[k]) return SC_DB; /* the previous finding's, and there is none */
            } else if (get_str(&r, &s[k], &len[k])) {
                return SC_DB;
            }
        }
        if (!fs) continue;
        if (findings_add_known(fs, s[0], (sc_severity)sev, s[1], path, doc_order, line, col, end_line, end_col, s[2],
                               len[2], s[3], s[4], s[5], s[6]) != SC_OK)
            return SC_NOMEM;
        fs->v[fs->n - 1].reused = 1;
    }
    return SC_OK;
}

int store_keep_checked(store *st, int64_t doc, const char *ruleset, const findings *fs, size_t from)
{
    sbuf b = { 0 };
    pack(&b, fs, from);
    if (b.oom) {
        sbuf_free(&b);
        return SC_NOMEM;
    }
    sqlite3_stmt *q = store_kept(st, SD_KEEP);
    int rc = SC_DB;
    if (q) {
        sqlite3_bind_int64(q, 1, doc);
        sqlite3_bind_text(q, 2, ruleset, -1, SQLITE_STATIC);
        sqlite3_bind_blob64(q, 3, b.s, b.len, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_DONE) rc = SC_OK;
        sqlite3_reset(q);
        sqlite3_clear_bindings(q); /* the blob goes now */
    }
    sbuf_free(&b);
    return rc;
}

int store_reuse_findings(store *st, int64_t doc, const char *ruleset, findings *fs, const char *path, size_t doc_order,
                         int *found)
{
    *found = 0;
    sqlite3_stmt *q = store_kept(st, SD_CHECKED);
    if (!q) return SC_DB;
    sqlite3_bind_int64(q, 1, doc);
    sqlite3_bind_text(q, 2, ruleset, -1, SQLITE_STATIC);
    int rc = SC_OK, s = sqlite3_step(q);
    if (s == SQLITE_ROW) {
        const unsigned char *b = sqlite3_column_blob(q, 0);
        size_t n = (size_t)sqlite3_column_bytes(q, 0);
        if (b && unpack(b, n, NULL, NULL, 0) == SC_OK) { /* whole, or the document is checked again */
            rc = unpack(b, n, fs, path, doc_order);
            *found = rc == SC_OK;
        }
    } else if (s != SQLITE_DONE) {
        rc = SC_DB;
    }
    sqlite3_reset(q);
    return rc;
}
