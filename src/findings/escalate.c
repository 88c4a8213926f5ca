/*
 * escalate.c — escalations and scores: findings that stand on other findings.
 *
 * An escalation groups the run's findings by scope (an item, a meeting, or a council across
 * its meetings) and fires in every group where its condition holds, e.g.
 * "workforce.* >= 3 and outcomes.noted-only". Each atom of the condition counts the group's
 * findings whose rule id it globs or whose rule carries it as a tag. The escalated finding
 * points at the latest finding it rests on and names all of them, so its evidence is theirs.
 * Escalations run in definition order and each sees the ones before it, so they can chain.
 * Scoring sums points per meeting (by severity, or per rule) and maps the sum to a level.
 */
#include "escalate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/expr.h"
#include "../core/text.h"

typedef struct group_ctx {
    const findings *fs;
    const size_t *members; /* indexes into fs */
    size_t n;
    escalate_tags_fn tags;
    void *tags_ud;
} group_ctx;

/* Does the atom select finding f (its rule id by glob, or a tag of its rule)? */
static int atom_matches(const group_ctx *g, const finding *f, const char *atom)
{
    const char *tag = !strncmp(atom, "tag:", 4) ? atom + 4 : atom;
    if (tag == atom && expr_glob(atom, f->rule)) return 1;
    const char *tags = g->tags ? g->tags(g->tags_ud, f->rule) : NULL;
    size_t n = strlen(tag);
    for (const char *t = tags; t && *t;) {
        const char *end = strstr(t, ", ");
        size_t len = end ? (size_t)(end - t) : strlen(t);
        if (len == n && !memcmp(t, tag, n)) return 1;
        t += len + (end ? 2 : 0);
    }
    return 0;
}

static long count_atom(void *ud, const char *atom)
{
    const group_ctx *g = ud;
    long k = 0;
    for (size_t i = 0; i < g->n; i++) k += atom_matches(g, &g->fs->v[g->members[i]], atom);
    return k;
}

/* The key of a finding's group for a scope ("" when it has none at that scope). */
static void group_key(const finding *f, esc_scope scope, sbuf *b)
{
    b->len = 0;
    sbuf_add(b, "", 0);
    if (scope == ESC_COUNCIL) {
        if (*f->council) sbuf_adds(b, f->council);
        return;
    }
    sbuf_adds(b, f->file);
    if (scope == ESC_ITEM) {
        if (!*f->item) { b->len = 0; b->s[0] = '\0'; return; }
        sbuf_addc(b, '\n');
        sbuf_adds(b, f->item);
    }
}

static int cmp_pos(const finding *a, const finding *b)
{
    int c = strcmp(a->file, b->file);
    if (c) return c;
    if (a->pub.line != b->pub.line) return a->pub.line < b->pub.line ? -1 : 1;
    return a->pub.column - b->pub.column;
}

/* Adds the escalated finding for one group; `members` are the findings it may rest on. */
static int fire(findings *fs, const esc_def *d, const group_ctx *g, const expr *x, const char *message)
{
    char atoms[EXPR_MAX_SRC + 1] = "";
    int na = x ? expr_atoms(x, atoms, sizeof atoms) : 0;
    sbuf basis = {0};
    const finding *at = NULL;
    int nbasis = 0;
    for (size_t i = 0; i < g->n; i++) {
        const finding *f = &fs->v[g->members[i]];
        int hit = !x; /* a check function without `when` rests on the whole group */
        for (char *a = atoms; na > 0 && *a && !hit;) {
            char *nl = strchr(a, '\n');
            if (nl) *nl = '\0';
            hit = atom_matches(g, f, a);
            if (nl) { *nl = '\n'; a = nl + 1; } else break;
        }
        if (!hit) continue;
        if (nbasis++) sbuf_adds(&basis, "; ");
        sbuf_printf(&basis, "%s@%s:%d:%d", f->rule, f->file, f->pub.line, f->pub.column);
        if (!at || cmp_pos(f, at) > 0) at = f;
    }
    if (!at || basis.oom) { sbuf_free(&basis); return basis.oom ? SC_NOMEM : SC_OK; }
    sbuf msg = {0};
    const char *text = message && *message ? message : d->message && *d->message ? d->message : *d->when ? d->when : d->id;
    sbuf_printf(&msg, "%s (rests on %d finding%s)", text, nbasis, nbasis == 1 ? "" : "s");
    finding copy = *at; /* `at` may move when the list grows */
    int rc = msg.oom ? SC_NOMEM
                     : findings_add(fs, d->id, d->severity, msg.s, copy.file, copy.doc_order, copy.pub.line, copy.pub.column,
                                    copy.pub.end_line, copy.pub.end_column, copy.excerpt, strlen(copy.excerpt), copy.council,
                                    copy.meeting, d->scope == ESC_COUNCIL ? "" : copy.item);
    if (rc == SC_OK) rc = findings_set_basis(&fs->v[fs->n - 1], basis.s);
    sbuf_free(&msg);
    sbuf_free(&basis);
    return rc;
}

int escalate_run(findings *fs, const esc_def *defs, int ndefs, escalate_tags_fn tags, void *tags_ud,
                 escalate_check_fn check, void *check_ud, char *errbuf, size_t errlen)
{
    sbuf key = {0}, other = {0};
    int rc = SC_OK;
    size_t *members = NULL;
    char *done = NULL;
    for (int k = 0; (rc == SC_OK || rc == SC_RULE) && k < ndefs; k++) {
        const esc_def *d = &defs[k];
        int col;
        char err[256];
        expr *x = *d->when ? expr_parse(d->when, 1, err, sizeof err, &col) : NULL;
        if (!x && *d->when) {
            snprintf(errbuf, errlen, "%s: escalation '%s': %s at column %d", d->where, d->id, err, col);
            rc = SC_PARSE;
            break;
        }
        size_t n = fs->n; /* groups over the findings so far, this escalation's own excluded */
        free(members);
        free(done);
        members = malloc((n + 1) * sizeof *members);
        done = calloc(n + 1, 1);
        if (!members || !done) { expr_free(x); rc = SC_NOMEM; break; }
        int prev = rc;
        rc = SC_OK;
        for (size_t i = 0; rc == SC_OK && i < n; i++) {
            if (done[i]) continue;
            if (fs->v[i].waived) { done[i] = 1; continue; } /* a waived finding escalates nothing */
            group_key(&fs->v[i], d->scope, &key);
            if (key.oom) { rc = SC_NOMEM; break; }
            size_t m = 0;
            if (!*key.s) { done[i] = 1; continue; }
            for (size_t j = i; j < n; j++) {
                if (done[j] || fs->v[j].waived) continue;
                group_key(&fs->v[j], d->scope, &other);
                if (other.oom) { rc = SC_NOMEM; break; }
                if (!strcmp(key.s, other.s)) { members[m++] = j; done[j] = 1; }
            }
            group_ctx g = { fs, members, m, tags, tags_ud };
            if (rc != SC_OK || (x && !expr_eval(x, count_atom, &g))) continue;
            char msg[1024] = "";
            int go = 1;
            if (d->check_ref && check) {
                go = check(check_ud, d, fs, members, m, msg, sizeof msg);
                if (go < 0) { rc = SC_RULE; go = 0; }
            }
            if (go) rc = fire(fs, d, &g, x, msg);
        }
        expr_free(x);
        if (rc == SC_OK) rc = prev; /* a failed check is remembered, the other escalations still run */
    }
    free(members);
    free(done);
    sbuf_free(&key);
    sbuf_free(&other);
    return rc;
}

int score_run(findings *fs, const score_def *sd)
{
    if (!sd || sd->nlevels == 0) return SC_OK;
    size_t n = fs->n;
    char *done = calloc(n + 1, 1);
    if (!done) return SC_NOMEM;
    int rc = SC_OK;
    for (size_t i = 0; rc == SC_OK && i < n; i++) {
        if (done[i]) continue;
        double total = 0;
        const finding *last = NULL;
        sbuf basis = {0};
        int nb = 0;
        for (size_t j = i; j < n; j++) {
            const finding *f = &fs->v[j];
            if (done[j] || strcmp(f->file, fs->v[i].file) != 0) continue;
            done[j] = 1;
            if (f->waived) continue;
            double pts = sd->severity_points[f->pub.severity];
            for (int r = 0; r < sd->nrules; r++)
                if (expr_glob(sd->rule_ids[r], f->rule)) pts = sd->rule_points[r];
            if (pts <= 0) continue;
            total += pts;
            if (nb++) sbuf_adds(&basis, "; ");
            sbuf_printf(&basis, "%s@%s:%d:%d", f->rule, f->file, f->pub.line, f->pub.column);
            if (!last || cmp_pos(f, last) > 0) last = f;
        }
        int lv = -1;
        for (int l = 0; l < sd->nlevels; l++)
            if (total >= sd->levels[l].at && (lv < 0 || sd->levels[l].at >= sd->levels[lv].at)) lv = l;
        if (lv >= 0 && last && !basis.oom) {
            char msg[320];
            snprintf(msg, sizeof msg, "meeting score %g: %s", total, sd->levels[lv].name);
            finding copy = *last;
            rc = findings_add(fs, "score.level", sd->levels[lv].severity, msg, copy.file, copy.doc_order, copy.pub.line,
                              copy.pub.column, copy.pub.end_line, copy.pub.end_column, copy.excerpt, strlen(copy.excerpt),
                              copy.council, copy.meeting, "");
            if (rc == SC_OK) rc = findings_set_basis(&fs->v[fs->n - 1], basis.s);
        } else if (basis.oom) rc = SC_NOMEM;
        sbuf_free(&basis);
    }
    free(done);
    return rc;
}
