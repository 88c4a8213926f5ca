/*
 * waivers.c — silencing findings on purpose, with a record of who agreed and until when, and
 * baselines (only what is new since an earlier run).
 *
 *   waivers:
 *     - fingerprint: 3f9c2a1b77d0e412      # one finding, wherever its lines move
 *       reason: "report received at the chairs' briefing"
 *       approved_by: "Head of Democratic Services"
 *       expires: 2025-03-31
 *     - rule: workforce.sickness            # a whole rule, for one council (or all without it)
 *       council: Hartwell County Council
 *       reason: "tracked by the HR committee"
 *       approved_by: "Chair"
 *       expires: 2025-06-30
 *
 * A waiver past its expiry date no longer applies and is reported, so silence cannot outlive
 * the agreement behind it.
 */
#include "waivers.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/config.h"
#include "../core/expr.h"
#include "../core/text.h"

static const char *const waiver_keys[] = { "fingerprint", "rule", "council", "reason", "approved_by", "expires", NULL };

void waivers_free(waivers *w)
{
    for (int i = 0; i < w->n; i++) {
        waiver *x = &w->v[i];
        free(x->fingerprint); free(x->rule); free(x->council); free(x->reason); free(x->where);
    }
    free(w->v);
    for (size_t i = 0; i < w->nbase; i++) free(w->base[i]);
    free(w->base);
    memset(w, 0, sizeof *w);
}

static int valid_date(const char *s)
{
    int y, m, d;
    char tail;
    return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static char *dup_opt(const ynode *n) { return n ? text_dup(n->s, strlen(n->s)) : NULL; }

static int add_waivers(waivers *w, ynode *root, const char *path, const char *today, char *errbuf, size_t errlen,
                       waiver_warn_fn warn, void *ud);

int waivers_load(waivers *w, const char *path, const char *today, char *errbuf, size_t errlen,
                 waiver_warn_fn warn, void *ud)
{
    ynode *root = ytree_load(path, errbuf, errlen);
    if (!root) return SC_PARSE;
    return add_waivers(w, root, path, today, errbuf, errlen, warn, ud);
}

int waivers_parse(waivers *w, const char *path, const char *text, size_t len, const char *today, char *errbuf,
                  size_t errlen, waiver_warn_fn warn, void *ud)
{
    ynode *root = ytree_parse(path, text, len, errbuf, errlen);
    if (!root) return SC_PARSE;
    return add_waivers(w, root, path, today, errbuf, errlen, warn, ud);
}

/* The waivers of a parsed file; frees root. */
static int add_waivers(waivers *w, ynode *root, const char *path, const char *today, char *errbuf, size_t errlen,
                       waiver_warn_fn warn, void *ud)
{
    int rc = cfg_want(root, Y_MAP, path, "a waivers file", errbuf, errlen);
    static const char *const top[] = { "waivers", NULL };
    if (rc == SC_OK) rc = cfg_check_keys(root, path, top, NULL, errbuf, errlen);
    const ynode *list = rc == SC_OK ? ytree_get(root, "waivers", NULL) : NULL;
    if (rc == SC_OK && !list) rc = cfg_error(errbuf, errlen, path, 1, 1, "expected 'waivers:', a list");
    if (rc == SC_OK) rc = cfg_want(list, Y_LIST, path, "waivers", errbuf, errlen);
    for (int i = 0; rc == SC_OK && i < list->n; i++) {
        const ynode *e = list->v[i];
        if ((rc = cfg_want(e, Y_MAP, path, "a waiver", errbuf, errlen)) != SC_OK) break;
        if ((rc = cfg_check_keys(e, path, waiver_keys, "a waiver", errbuf, errlen)) != SC_OK) break;
        for (int k = 0; rc == SC_OK && k < e->n; k++) rc = cfg_want(e->v[k], Y_SCALAR, path, e->keys[k], errbuf, errlen);
        if (rc != SC_OK) break;
        const ynode *fp = ytree_get(e, "fingerprint", NULL), *rule = ytree_get(e, "rule", NULL);
        const ynode *council = ytree_get(e, "council", NULL), *reason = ytree_get(e, "reason", NULL);
        const ynode *who = ytree_get(e, "approved_by", NULL), *exp = ytree_get(e, "expires", NULL);
        if (!fp == !rule) { rc = cfg_error(errbuf, errlen, path, e->line, e->col, "a waiver names either a 'fingerprint' or a 'rule'"); break; }
        if (!reason || !*reason->s) { rc = cfg_error(errbuf, errlen, path, e->line, e->col, "a waiver needs a 'reason'"); break; }
        if (!who || !*who->s) { rc = cfg_error(errbuf, errlen, path, e->line, e->col, "a waiver needs 'approved_by'"); break; }
        if (!exp) { rc = cfg_error(errbuf, errlen, path, e->line, e->col, "a waiver needs 'expires' (YYYY-MM-DD)"); break; }
        if (!valid_date(exp->s)) { rc = cfg_error(errbuf, errlen, path, exp->line, exp->col, "expires must be a date, YYYY-MM-DD"); break; }
        if (fp && (strlen(fp->s) != 16 || strspn(fp->s, "0123456789abcdef") != 16)) {
            rc = cfg_error(errbuf, errlen, path, fp->line, fp->col, "a fingerprint is 16 hex digits, as in the JSON Lines output");
            break;
        }
        char where[512];
        snprintf(where, sizeof where, "%s:%d:%d", path, e->line, e->col);
        if (strcmp(exp->s, today) < 0) { /* expired: reported, not applied */
            char msg[600];
            snprintf(msg, sizeof msg, "waiver expired on %s and no longer applies (%s)", exp->s, reason->s);
            if (warn) warn(ud, path, e->line, e->col, msg);
            continue;
        }
        waiver *v = realloc(w->v, (size_t)(w->n + 1) * sizeof *v);
        if (!v) { rc = SC_NOMEM; break; }
        w->v = v;
        waiver *x = &v[w->n++];
        memset(x, 0, sizeof *x);
        x->fingerprint = dup_opt(fp);
        x->rule = dup_opt(rule);
        x->council = dup_opt(council);
        x->reason = text_dup(reason->s, strlen(reason->s));
        x->where = text_dup(where, strlen(where));
        if ((fp && !x->fingerprint) || (rule && !x->rule) || (council && !x->council) || !x->reason || !x->where) rc = SC_NOMEM;
    }
    ytree_free(root);
    return rc;
}

int waivers_load_baseline(waivers *w, const char *path, char *errbuf, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) { snprintf(errbuf, errlen, "%s: cannot open the baseline", path); return SC_IO; }
    char *data;
    size_t len;
    int bad = text_read_stream(f, SIZE_MAX, &data, &len);
    fclose(f);
    if (bad) {
        snprintf(errbuf, errlen, "%s: cannot read the baseline", path);
        return SC_IO;
    }
    int rc = waivers_parse_baseline(w, path, data, len, errbuf, errlen);
    free(data);
    return rc;
}

int waivers_parse_baseline(waivers *w, const char *path, const char *data, size_t len, char *errbuf, size_t errlen)
{
    int no = 0, rc = SC_OK;
    for (size_t at = 0; rc == SC_OK && at < len;) {
        const char *line = data + at, *nl = memchr(line, '\n', len - at);
        size_t n = nl ? (size_t)(nl - line) + 1 : len - at;
        at += n;
        no++;
        size_t k = 0;
        while (k < n && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r' || line[k] == '\n')) k++;
        if (k == n) continue; /* a blank line (CRLF too) */
        json_error_t je;
        json_t *o = json_loadb(line, n, 0, &je);
        const char *fp = o ? json_string_value(json_object_get(o, "fingerprint")) : NULL;
        const char *type = o ? json_string_value(json_object_get(o, "type")) : NULL;
        if (type && strcmp(type, "finding")) { /* an error or warning record of that run */
            json_decref(o);
            continue;
        }
        if (!fp) {
            snprintf(errbuf, errlen, "%s:%d:%d: %s", path, no, o ? 1 : je.column > 0 ? je.column : 1,
                     o ? "a baseline line needs a \"fingerprint\" (JSON Lines from scrutiny-run --format jsonl)" : je.text);
            rc = SC_PARSE;
        } else {
            char **v = realloc(w->base, (w->nbase + 1) * sizeof *v);
            if (!v || !(v[w->nbase] = text_dup(fp, strlen(fp)))) rc = SC_NOMEM;
            if (v) w->base = v;
            if (rc == SC_OK) w->nbase++;
        }
        json_decref(o);
    }
    return rc;
}

const char *waivers_match(waivers *w, const finding *f)
{
    for (int i = 0; i < w->n; i++) {
        waiver *x = &w->v[i];
        if (x->fingerprint && strcmp(x->fingerprint, f->fingerprint) != 0) continue;
        if (x->rule && !expr_glob(x->rule, f->rule)) continue;
        if (x->council && strcmp(x->council, f->council) != 0) continue;
        x->hits++;
        return x->reason;
    }
    return NULL;
}

int waivers_in_baseline(const waivers *w, const finding *f)
{
    for (size_t i = 0; i < w->nbase; i++)
        if (!strcmp(w->base[i], f->fingerprint)) return 1;
    return 0;
}

void waivers_today(char out[11])
{
    const char *env = getenv("SCRUTINY_TODAY"); /* tests pin the date */
    if (env && valid_date(env)) {
        memcpy(out, env, 10);
        out[10] = '\0';
        return;
    }
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}
