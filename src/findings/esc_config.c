/*
 * esc_config.c — escalations and scoring as scrutiny.yaml writes them, and the list a host
 * keeps of every escalation defined (in YAML or by escalation{} in Lua).
 *
 *   escalations:
 *     - id: escalate.workforce-pressure
 *       severity: high
 *       scope: meeting                   # item | meeting | council
 *       when: "workforce.* >= 3"
 *       message: "three or more workforce concerns in one meeting"
 *   scoring:
 *     points: { notice: 1, warning: 3, high: 5 }
 *     rules: { outcomes.noted-only: 4 }
 *     levels: [ { at: 6, level: monitor }, { at: 12, level: challenge, severity: high } ]
 */
#include "esc_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/config.h"
#include "../core/expr.h"
#include "../core/text.h"

static const char *const esc_keys[] = { "id", "severity", "scope", "when", "message", NULL };
static const char *const score_keys[] = { "points", "rules", "levels", NULL };
static const char *const level_keys[] = { "at", "level", "severity", NULL };

void esc_list_truncate(esc_list *l, int n)
{
    while (l->n > n) {
        esc_def *d = &l->v[--l->n];
        free((char *)d->id);
        free((char *)d->when);
        free((char *)d->message);
        free((char *)d->where);
    }
}

void esc_list_free(esc_list *l)
{
    esc_list_truncate(l, 0);
    free(l->v);
    for (int i = 0; i < l->score.nrules; i++) free((char *)l->score.rule_ids[i]);
    free(l->score.rule_ids);
    free(l->score.rule_points);
    for (int i = 0; i < l->score.nlevels; i++) free((char *)l->score.levels[i].name);
    free(l->score.levels);
    memset(l, 0, sizeof *l);
}

int esc_list_add(esc_list *l, const char *id, const char *when, const char *message, sc_severity sev,
                 esc_scope scope, const char *where, int check_ref)
{
    esc_def *v = realloc(l->v, (size_t)(l->n + 1) * sizeof *v);
    if (!v) return SC_NOMEM;
    l->v = v;
    esc_def *d = &v[l->n];
    d->id = text_dup(id, strlen(id));
    d->when = text_dup(when, strlen(when));
    d->message = text_dup(message ? message : "", message ? strlen(message) : 0);
    d->where = text_dup(where, strlen(where));
    d->severity = sev;
    d->scope = scope;
    d->check_ref = check_ref;
    if (!d->id || !d->when || !d->message || !d->where) {
        free((char *)d->id); free((char *)d->when); free((char *)d->message); free((char *)d->where);
        return SC_NOMEM;
    }
    l->n++;
    return SC_OK;
}

int esc_scope_parse(const char *s)
{
    if (!strcmp(s, "item")) return ESC_ITEM;
    if (!strcmp(s, "meeting")) return ESC_MEETING;
    if (!strcmp(s, "council")) return ESC_COUNCIL;
    return -1;
}

/* Checks `when`; its error is located at the node, column included. */
static int check_when(const ynode *w, const char *file, char *errbuf, size_t errlen)
{
    char err[256];
    int col = 0;
    expr *x = expr_parse(w->s, 1, err, sizeof err, &col);
    if (x) { expr_free(x); return SC_OK; }
    int quoted = w->quoted && w->line > 0; /* the text starts after the opening quote */
    return cfg_error(errbuf, errlen, file, w->line, w->col + col - 1 + quoted, "when: %s\n  %s\n  %*s^", err, w->s,
                     col > 0 ? col - 1 : 0, "");
}

static int parse_escalations(esc_list *l, const ynode *list, const char *file, char *errbuf, size_t errlen)
{
    for (int i = 0; i < list->n; i++) {
        const ynode *e = list->v[i];
        int rc = cfg_want(e, Y_MAP, file, "an escalation", errbuf, errlen);
        if (rc == SC_OK) rc = cfg_check_keys(e, file, esc_keys, "an escalation", errbuf, errlen);
        if (rc != SC_OK) return rc;
        const ynode *id = ytree_get(e, "id", NULL), *when = ytree_get(e, "when", NULL);
        const ynode *sev = ytree_get(e, "severity", NULL), *scope = ytree_get(e, "scope", NULL);
        const ynode *msg = ytree_get(e, "message", NULL);
        if (!id || id->kind != Y_SCALAR || !*id->s)
            return cfg_error(errbuf, errlen, file, e->line, e->col, "an escalation needs an 'id'");
        if (!when || when->kind != Y_SCALAR)
            return cfg_error(errbuf, errlen, file, e->line, e->col, "escalation '%s' needs 'when', a condition over rule ids", id->s);
        if ((rc = check_when(when, file, errbuf, errlen)) != SC_OK) return rc;
        int s = SC_SEV_HIGH, sc = ESC_MEETING;
        if (sev && (sev->kind != Y_SCALAR || (s = sc_severity_parse(sev->s)) < 0))
            return cfg_error(errbuf, errlen, file, sev->line, sev->col, "severity must be one of info, notice, warning, high, critical");
        if (scope && (scope->kind != Y_SCALAR || (sc = esc_scope_parse(scope->s)) < 0))
            return cfg_error(errbuf, errlen, file, scope->line, scope->col, "scope must be item, meeting or council");
        if (msg && msg->kind != Y_SCALAR) return cfg_error(errbuf, errlen, file, msg->line, msg->col, "message must be text");
        char where[512];
        snprintf(where, sizeof where, "%s:%d:%d", file, e->line, e->col);
        if ((rc = esc_list_add(l, id->s, when->s, msg ? msg->s : NULL, (sc_severity)s, (esc_scope)sc, where, 0)) != SC_OK) return rc;
    }
    return SC_OK;
}

static int parse_scoring(score_def *sd, const ynode *m, const char *file, char *errbuf, size_t errlen)
{
    int rc = cfg_check_keys(m, file, score_keys, "scoring", errbuf, errlen);
    if (rc != SC_OK) return rc;
    static const double defaults[5] = { 0, 1, 3, 5, 8 };
    memcpy(sd->severity_points, defaults, sizeof defaults);
    const ynode *pts = ytree_get(m, "points", NULL), *rules = ytree_get(m, "rules", NULL), *levels = ytree_get(m, "levels", NULL);
    double v;
    if (pts) {
        if ((rc = cfg_want(pts, Y_MAP, file, "scoring.points", errbuf, errlen)) != SC_OK) return rc;
        for (int i = 0; i < pts->n; i++) {
            int s = sc_severity_parse(pts->keys[i]);
            if (s < 0) return cfg_error(errbuf, errlen, file, pts->key_line[i], pts->key_col[i], "'%s' is not a severity", pts->keys[i]);
            if (pts->v[i]->kind != Y_SCALAR || ytree_scalar_type(pts->v[i], &v) != 1)
                return cfg_error(errbuf, errlen, file, pts->v[i]->line, pts->v[i]->col, "points must be a number");
            sd->severity_points[s] = v;
        }
    }
    if (rules) {
        if ((rc = cfg_want(rules, Y_MAP, file, "scoring.rules", errbuf, errlen)) != SC_OK) return rc;
        sd->rule_ids = calloc((size_t)rules->n + 1, sizeof *sd->rule_ids);
        sd->rule_points = calloc((size_t)rules->n + 1, sizeof *sd->rule_points);
        if (!sd->rule_ids || !sd->rule_points) return SC_NOMEM;
        for (int i = 0; i < rules->n; i++) {
            if (rules->v[i]->kind != Y_SCALAR || ytree_scalar_type(rules->v[i], &v) != 1)
                return cfg_error(errbuf, errlen, file, rules->v[i]->line, rules->v[i]->col, "points must be a number");
            if (!(sd->rule_ids[sd->nrules] = text_dup(rules->keys[i], strlen(rules->keys[i])))) return SC_NOMEM;
            sd->rule_points[sd->nrules++] = v;
        }
    }
    if (!levels) return cfg_error(errbuf, errlen, file, m->line, m->col, "scoring needs 'levels'");
    if ((rc = cfg_want(levels, Y_LIST, file, "scoring.levels", errbuf, errlen)) != SC_OK) return rc;
    sd->levels = calloc((size_t)levels->n + 1, sizeof *sd->levels);
    if (!sd->levels) return SC_NOMEM;
    for (int i = 0; i < levels->n; i++) {
        const ynode *l = levels->v[i];
        if ((rc = cfg_want(l, Y_MAP, file, "a level", errbuf, errlen)) != SC_OK) return rc;
        if ((rc = cfg_check_keys(l, file, level_keys, "a level", errbuf, errlen)) != SC_OK) return rc;
        const ynode *at = ytree_get(l, "at", NULL), *name = ytree_get(l, "level", NULL), *sev = ytree_get(l, "severity", NULL);
        if (!at || at->kind != Y_SCALAR || ytree_scalar_type(at, &v) != 1)
            return cfg_error(errbuf, errlen, file, l->line, l->col, "a level needs 'at', a number of points");
        if (!name || name->kind != Y_SCALAR) return cfg_error(errbuf, errlen, file, l->line, l->col, "a level needs a 'level' name");
        int s = SC_SEV_NOTICE;
        if (sev && (sev->kind != Y_SCALAR || (s = sc_severity_parse(sev->s)) < 0))
            return cfg_error(errbuf, errlen, file, sev->line, sev->col, "severity must be one of info, notice, warning, high, critical");
        score_level *lv = &sd->levels[sd->nlevels];
        lv->at = v;
        lv->severity = (sc_severity)s;
        if (!(lv->name = text_dup(name->s, strlen(name->s)))) return SC_NOMEM;
        sd->nlevels++;
    }
    return SC_OK;
}

int esc_list_load(esc_list *l, const ynode *root, const char *file, char *errbuf, size_t errlen)
{
    const ynode *e = ytree_get(root, "escalations", NULL), *s = ytree_get(root, "scoring", NULL);
    int rc = SC_OK;
    if (e) rc = cfg_want(e, Y_LIST, file, "escalations", errbuf, errlen);
    if (rc == SC_OK && e) rc = parse_escalations(l, e, file, errbuf, errlen);
    if (rc == SC_OK && s) {
        /* a later scoring section replaces an earlier one */
        for (int i = 0; i < l->score.nrules; i++) free((char *)l->score.rule_ids[i]);
        free(l->score.rule_ids);
        free(l->score.rule_points);
        for (int i = 0; i < l->score.nlevels; i++) free((char *)l->score.levels[i].name);
        free(l->score.levels);
        memset(&l->score, 0, sizeof l->score);
        rc = parse_scoring(&l->score, s, file, errbuf, errlen);
    }
    return rc;
}
