/*
 * merge.c — sc_merge_jsonl: the JSON Lines outputs of shards (--shard I/N) of one run, merged
 * into the bytes one process writes.
 *
 * One run writes its findings council by council, councils in strcmp order, then its errors and
 * warnings. A shard holds whole councils, so the merge reorders whole council blocks and copies
 * every line as it was written (no re-encoding: the bytes stay the sink's). Errors and warnings
 * about the inputs are reported by every shard (each one reads every input): the records the
 * shards share at the start are written once, then each shard's other records in the order the
 * files are given, a record several shards give once, and last the stale waivers every shard
 * reports (a waiver one shard matched is not stale).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../include/scrutiny.h"
#include "core/text.h"

/* The run's warning for a waiver that matched nothing (src/host/run.c): in a shard it may only
 * mean that the waiver's council is in another shard. */
#define STALE_WAIVER "this waiver matched no finding of the run"

/* One line of a shard's output: where it lies in the file's text. */
typedef struct line {
    const char *s;
    size_t len; /* with its '\n' */
    char *council; /* findings only (owned) */
    int severity;  /* findings only */
    int error;     /* an error record (not a warning) */
    int stale;     /* the warning of a waiver that matched no finding */
} line;

typedef struct shard {
    const char *path;
    char *text;
    line *findings, *records; /* findings, then errors and warnings */
    size_t nfindings, nrecords;
} shard;

/* A run of consecutive findings of one council in one shard. */
typedef struct block {
    const line *first;
    size_t n;
    const char *council;
    const char *path;
} block;

/* "file:line:1: what", or "file: what" for the file as a whole (line 0). */
static void set_err(char *err, size_t errlen, const char *path, size_t lineno, const char *what)
{
    if (!err || !errlen) return;
    if (lineno) snprintf(err, errlen, "%s:%zu:1: %s", path, lineno, what);
    else snprintf(err, errlen, "%s: %s", path, what);
}

static int push(line **v, size_t *n, size_t *cap, line l)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        line *nv = realloc(*v, nc * sizeof *nv);
        if (!nv) return -1;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = l;
    return 0;
}

static void shard_free(shard *s)
{
    for (size_t i = 0; i < s->nfindings; i++) free(s->findings[i].council);
    free(s->findings);
    free(s->records);
    free(s->text);
}

/* Reads one shard's output and sorts its lines into findings and records, checking that it is
 * whole (every line ends in a newline) and in the order a run writes. */
static int read_shard(shard *s, char *err, size_t errlen)
{
    FILE *f = fopen(s->path, "rb");
    size_t len, capf = 0, capr = 0;
    if (!f) {
        set_err(err, errlen, s->path, 0, "cannot be read");
        return SC_IO;
    }
    int r = text_read_stream(f, (size_t)1 << 40, &s->text, &len);
    fclose(f);
    if (r) {
        set_err(err, errlen, s->path, 0, "cannot be read");
        return SC_IO;
    }
    size_t lineno = 0;
    for (size_t at = 0; at < len;) {
        const char *p = s->text + at, *nl = memchr(p, '\n', len - at);
        lineno++;
        if (!nl) {
            set_err(err, errlen, s->path, lineno, "the last line has no newline: the shard's output was cut short");
            return SC_PARSE;
        }
        line l = { p, (size_t)(nl - p) + 1, NULL, 0, 0, 0 };
        at += l.len;
        json_error_t je;
        json_t *o = json_loadb(p, l.len - 1, 0, &je);
        const char *type = json_string_value(json_object_get(o, "type"));
        if (!json_is_object(o) || !type) {
            json_decref(o);
            set_err(err, errlen, s->path, lineno, "not a JSON Lines record of scrutiny-run -f jsonl");
            return SC_PARSE;
        }
        int rc = 0;
        if (!strcmp(type, "finding")) {
            const char *council = json_string_value(json_object_get(o, "council"));
            const char *sev = json_string_value(json_object_get(o, "severity"));
            if (s->nrecords) rc = SC_PARSE, set_err(err, errlen, s->path, lineno, "a finding after the errors and warnings: not the output of one run");
            else if (!council || !sev || (l.severity = sc_severity_parse(sev)) < 0)
                rc = SC_PARSE, set_err(err, errlen, s->path, lineno, "a finding without a council or a known severity");
            else if (!(l.council = text_dup(council, strlen(council))) || push(&s->findings, &s->nfindings, &capf, l))
                rc = SC_NOMEM, free(l.council);
        } else {
            const char *msg = json_string_value(json_object_get(o, "message"));
            l.error = !strcmp(type, "error");
            l.stale = !l.error && msg && strstr(msg, STALE_WAIVER) != NULL;
            if (push(&s->records, &s->nrecords, &capr, l)) rc = SC_NOMEM;
        }
        json_decref(o);
        if (rc == SC_NOMEM) set_err(err, errlen, s->path, lineno, "out of memory");
        if (rc) return rc;
    }
    return SC_OK;
}

static int same(const line *a, const line *b)
{
    return a->len == b->len && !memcmp(a->s, b->s, a->len);
}

/* Is record k of shard i also among the records (from `common` on) before it, in its shard or
 * an earlier one? */
static int seen(const shard *sh, size_t i, size_t k, size_t common)
{
    for (size_t j = 0; j <= i; j++)
        for (size_t m = common; m < (j == i ? k : sh[j].nrecords); m++)
            if (same(&sh[j].records[m], &sh[i].records[k])) return 1;
    return 0;
}

/* Is record `l` among the records (from `common` on) of every shard? */
static int in_every(const shard *sh, size_t n, const line *l, size_t common)
{
    for (size_t j = 0; j < n; j++) {
        size_t m = common;
        while (m < sh[j].nrecords && !same(&sh[j].records[m], l)) m++;
        if (m == sh[j].nrecords) return 0;
    }
    return 1;
}

static int cmp_block(const void *a, const void *b)
{
    return strcmp(((const block *)a)->council, ((const block *)b)->council);
}

sc_status sc_merge_jsonl(const char *const *paths, size_t n, FILE *out, size_t counts[5], size_t *nerrors, char *err, size_t errlen)
{
    if (err && errlen) err[0] = '\0';
    if (nerrors) *nerrors = 0;
    if (counts) memset(counts, 0, 5 * sizeof *counts);
    shard *sh = calloc(n ? n : 1, sizeof *sh);
    block *bl = NULL;
    size_t nbl = 0, cap = 0;
    int rc = sh ? SC_OK : SC_NOMEM;
    for (size_t i = 0; rc == SC_OK && i < n; i++) {
        sh[i].path = paths[i];
        rc = read_shard(&sh[i], err, errlen);
    }
    /* each shard's council blocks, in the order its run wrote them */
    for (size_t i = 0; rc == SC_OK && i < n; i++) {
        for (size_t k = 0; rc == SC_OK && k < sh[i].nfindings; k++) {
            const line *l = &sh[i].findings[k];
            if (counts) counts[l->severity]++;
            if (k && !strcmp(l->council, l[-1].council)) { bl[nbl - 1].n++; continue; }
            if (k && strcmp(l->council, l[-1].council) < 0) {
                set_err(err, errlen, sh[i].path, k + 1, "councils out of order: not the output of one run");
                rc = SC_PARSE;
                break;
            }
            if (nbl == cap) {
                size_t nc = cap ? cap * 2 : 64;
                block *nb = realloc(bl, nc * sizeof *nb);
                if (!nb) { rc = SC_NOMEM; break; }
                bl = nb;
                cap = nc;
            }
            bl[nbl++] = (block){ l, 1, l->council, sh[i].path };
        }
    }
    if (rc == SC_OK && nbl > 1) qsort(bl, nbl, sizeof *bl, cmp_block);
    for (size_t b = 1; rc == SC_OK && b < nbl; b++)
        if (!strcmp(bl[b].council, bl[b - 1].council)) {
            if (err && errlen)
                snprintf(err, errlen, "%s: council '%s' is also in %s: the shards overlap (the same --shard twice, or "
                         "outputs of different runs?)", bl[b].path, bl[b].council, bl[b - 1].path);
            rc = SC_USAGE;
        }
    for (size_t b = 0; rc == SC_OK && b < nbl; b++)
        for (size_t k = 0; k < bl[b].n; k++) fwrite(bl[b].first[k].s, 1, bl[b].first[k].len, out);
    /* errors and warnings: those every shard starts with (about the inputs) once, then the rest */
    size_t common = 0;
    for (; rc == SC_OK && n && common < sh[0].nrecords; common++) {
        const line *l = &sh[0].records[common];
        size_t i = 1;
        for (; i < n; i++)
            if (common >= sh[i].nrecords || sh[i].records[common].len != l->len || memcmp(sh[i].records[common].s, l->s, l->len))
                break;
        if (i < n) break;
        fwrite(l->s, 1, l->len, out);
        if (nerrors) *nerrors += (size_t)l->error;
    }
    /* the rest once each (a rule stopped in several shards is stopped once in one run); a waiver
     * is stale only when no shard matched it, and such warnings come last, as in one run */
    for (int last = 0; last < 2; last++)
        for (size_t i = 0; rc == SC_OK && i < n; i++)
            for (size_t k = common; k < sh[i].nrecords; k++) {
                const line *l = &sh[i].records[k];
                if (l->stale != last || seen(sh, i, k, common) || (l->stale && !in_every(sh, n, l, common))) continue;
                fwrite(l->s, 1, l->len, out);
                if (nerrors) *nerrors += (size_t)l->error;
            }
    if (rc == SC_OK && (fflush(out) != 0 || ferror(out))) {
        if (err && errlen) snprintf(err, errlen, "writing the merged findings failed");
        rc = SC_IO;
    }
    if (rc == SC_NOMEM && err && errlen && !err[0]) snprintf(err, errlen, "out of memory");
    for (size_t i = 0; sh && i < n; i++) shard_free(&sh[i]);
    free(sh);
    free(bl);
    return rc;
}
