/*
 * catalogue.c — indicator catalogues in YAML (see catalogue.h and rules/indicators.yaml).
 */
#include "catalogue.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/scrutiny.h"
#include "../core/config.h"
#include "../core/text.h"

extern const char sc_std_catalogue[]; /* generated from rules/indicators.yaml */

static const char *const ind_keys[] = { "id", "title", "unit", "polarity", "target", "rag", "england", "comparators",
                                        "aliases", "dfe", "definition", NULL };
static const char *const units[] = { "%", "days", "count", "rate per 10,000", "ratio", NULL };

static void dfe_free(dfe_map *v, int n)
{
    for (int i = 0; i < n; i++) {
        free(v[i].column);
        for (int k = 0; k < 2 * v[i].nwhere; k++) free(v[i].where[k]);
        free(v[i].where);
    }
    free(v);
}

static void def_free(indicator_def *d)
{
    free(d->id); free(d->title); free(d->unit); free(d->definition);
    for (int i = 0; i < d->naliases; i++) free(d->aliases[i]);
    dfe_free(d->dfe, d->ndfe);
    free(d->aliases);
}

void catalogue_free(catalogue *c)
{
    for (int i = 0; i < c->n; i++) def_free(&c->v[i]);
    free(c->v);
    memset(c, 0, sizeof *c);
}

const indicator_def *catalogue_find(const catalogue *c, const char *id)
{
    for (int i = 0; i < c->n; i++)
        if (!strcmp(c->v[i].id, id)) return &c->v[i];
    return NULL;
}

const char *catalogue_suggest(const catalogue *c, const char *id)
{
    const char *best = NULL;
    int bestd = 4;
    for (int i = 0; i < c->n; i++) {
        int d = text_distance(id, c->v[i].id);
        if (d < bestd) { bestd = d; best = c->v[i].id; }
    }
    return best;
}

static int set_str(char **slot, const ynode *n, const char *file, const char *what, char *errbuf, size_t errlen)
{
    int rc = cfg_want(n, Y_SCALAR, file, what, errbuf, errlen);
    if (rc != SC_OK) return rc;
    free(*slot);
    *slot = text_dup(n->s, strlen(n->s));
    return *slot ? SC_OK : SC_NOMEM;
}

static int set_num(double *slot, unsigned *has, unsigned bit, const ynode *n, const char *file, const char *what,
                   char *errbuf, size_t errlen)
{
    double v;
    if (n->kind != Y_SCALAR || ytree_scalar_type(n, &v) != 1)
        return cfg_error(errbuf, errlen, file, n->line, n->col, "%s must be a number", what);
    *slot = v;
    *has |= bit;
    return SC_OK;
}

static int set_list(char ***v, int *n, const ynode *l, const char *file, const char *what, char *errbuf, size_t errlen)
{
    int rc = cfg_want(l, Y_LIST, file, what, errbuf, errlen);
    for (int i = 0; rc == SC_OK && i < l->n; i++) rc = cfg_want(l->v[i], Y_SCALAR, file, what, errbuf, errlen);
    if (rc != SC_OK) return rc;
    for (int i = 0; i < *n; i++) free((*v)[i]);
    free(*v);
    *v = calloc((size_t)l->n + 1, sizeof **v);
    *n = 0;
    if (!*v) return SC_NOMEM;
    for (int i = 0; i < l->n; i++) {
        if (!((*v)[i] = text_dup(l->v[i]->s, strlen(l->v[i]->s)))) return SC_NOMEM;
        (*n)++;
    }
    return SC_OK;
}

/* dfe: a list of column names, or of { column: NAME, where: { FILTER: VALUE, ... } }. */
static int set_dfe(indicator_def *d, const ynode *l, const char *file, char *errbuf, size_t errlen)
{
    static const char *const keys[] = { "column", "where", NULL };
    int rc = cfg_want(l, Y_LIST, file, "dfe", errbuf, errlen);
    for (int i = 0; rc == SC_OK && i < l->n; i++) {
        const ynode *e = l->v[i];
        if (e->kind == Y_SCALAR) continue;
        rc = cfg_want(e, Y_MAP, file, "a dfe entry", errbuf, errlen);
        if (rc == SC_OK) rc = cfg_check_keys(e, file, keys, "a dfe entry", errbuf, errlen);
        const ynode *col = rc == SC_OK ? ytree_get(e, "column", NULL) : NULL, *w = rc == SC_OK ? ytree_get(e, "where", NULL) : NULL;
        if (rc == SC_OK && (!col || col->kind != Y_SCALAR))
            rc = cfg_error(errbuf, errlen, file, e->line, e->col, "a dfe entry needs 'column', a name");
        if (rc == SC_OK && w) rc = cfg_want(w, Y_MAP, file, "where", errbuf, errlen);
        for (int k = 0; rc == SC_OK && w && k < w->n; k++) rc = cfg_want(w->v[k], Y_SCALAR, file, "a filter value", errbuf, errlen);
    }
    if (rc != SC_OK) return rc;
    dfe_map *v = calloc((size_t)l->n + 1, sizeof *v);
    if (!v) return SC_NOMEM;
    dfe_free(d->dfe, d->ndfe);
    d->dfe = v;
    d->ndfe = 0;
    for (int i = 0; i < l->n; i++) {
        const ynode *e = l->v[i], *col = e->kind == Y_SCALAR ? e : ytree_get(e, "column", NULL);
        const ynode *w = e->kind == Y_MAP ? ytree_get(e, "where", NULL) : NULL;
        dfe_map *m = &v[d->ndfe++];
        if (!(m->column = text_dup(col->s, strlen(col->s)))) return SC_NOMEM;
        if (!w || !w->n) continue;
        if (!(m->where = calloc(2 * (size_t)w->n, sizeof *m->where))) return SC_NOMEM;
        for (int k = 0; k < w->n; k++) {
            m->where[2 * k] = text_dup(w->keys[k], strlen(w->keys[k]));
            m->where[2 * k + 1] = text_dup(w->v[k]->s, strlen(w->v[k]->s));
            m->nwhere++;
            if (!m->where[2 * k] || !m->where[2 * k + 1]) return SC_NOMEM;
        }
    }
    return SC_OK;
}

static int add_one(catalogue *c, const ynode *e, const char *file, char *errbuf, size_t errlen)
{
    int rc = cfg_want(e, Y_MAP, file, "an indicator", errbuf, errlen);
    if (rc == SC_OK) rc = cfg_check_keys(e, file, ind_keys, "an indicator", errbuf, errlen);
    if (rc != SC_OK) return rc;
    const ynode *id = ytree_get(e, "id", NULL);
    if (!id || id->kind != Y_SCALAR || !*id->s) return cfg_error(errbuf, errlen, file, e->line, e->col, "an indicator needs an 'id'");
    for (const char *p = id->s; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
            return cfg_error(errbuf, errlen, file, id->line, id->col, "an indicator id is lower-case letters, digits and '_'");
    indicator_def *d = (indicator_def *)catalogue_find(c, id->s);
    if (!d) {
        indicator_def *v = realloc(c->v, (size_t)(c->n + 1) * sizeof *v);
        if (!v) return SC_NOMEM;
        c->v = v;
        d = &v[c->n];
        memset(d, 0, sizeof *d);
        if (!(d->id = text_dup(id->s, strlen(id->s)))) return SC_NOMEM;
        c->n++;
    }
    for (int i = 0; rc == SC_OK && i < e->n; i++) {
        const char *k = e->keys[i];
        const ynode *v = e->v[i];
        if (!strcmp(k, "title")) rc = set_str(&d->title, v, file, "title", errbuf, errlen);
        else if (!strcmp(k, "definition")) rc = set_str(&d->definition, v, file, "definition", errbuf, errlen);
        else if (!strcmp(k, "unit")) {
            int ok = v->kind == Y_SCALAR;
            for (const char *const *u = units; ok && *u; u++) if (!strcmp(v->s, *u)) ok = 2;
            if (ok != 2) return cfg_error(errbuf, errlen, file, v->line, v->col, "unit must be one of %%, days, count, rate per 10,000, ratio");
            rc = set_str(&d->unit, v, file, "unit", errbuf, errlen);
        } else if (!strcmp(k, "polarity")) {
            if (v->kind != Y_SCALAR || (strcmp(v->s, "higher") && strcmp(v->s, "lower") && strcmp(v->s, "context")))
                return cfg_error(errbuf, errlen, file, v->line, v->col, "polarity must be higher, lower or context");
            d->polarity = !strcmp(v->s, "higher") ? POL_HIGHER : !strcmp(v->s, "lower") ? POL_LOWER : POL_CONTEXT;
        } else if (!strcmp(k, "target")) rc = set_num(&d->target, &d->has, IND_TARGET, v, file, "target", errbuf, errlen);
        else if (!strcmp(k, "england")) rc = set_num(&d->england, &d->has, IND_ENGLAND, v, file, "england", errbuf, errlen);
        else if (!strcmp(k, "rag")) {
            static const char *const rag_keys[] = { "green", "amber", NULL };
            rc = cfg_check_keys(v, file, rag_keys, "rag", errbuf, errlen);
            const ynode *g = ytree_get(v, "green", NULL), *a = ytree_get(v, "amber", NULL);
            if (rc == SC_OK && g) rc = set_num(&d->green, &d->has, IND_GREEN, g, file, "rag.green", errbuf, errlen);
            if (rc == SC_OK && a) rc = set_num(&d->amber, &d->has, IND_AMBER, a, file, "rag.amber", errbuf, errlen);
        } else if (!strcmp(k, "aliases")) rc = set_list(&d->aliases, &d->naliases, v, file, "aliases", errbuf, errlen);
        else if (!strcmp(k, "dfe")) rc = set_dfe(d, v, file, errbuf, errlen);
        else if (!strcmp(k, "comparators")) {
            char **tmp = NULL;
            int nt = 0;
            rc = set_list(&tmp, &nt, v, file, "comparators", errbuf, errlen);
            for (int j = 0; j < nt; j++) free(tmp[j]);
            free(tmp);
        }
    }
    if (rc == SC_OK && !d->title && !(d->title = text_dup(d->id, strlen(d->id)))) rc = SC_NOMEM;
    if (rc == SC_OK && !d->unit && !(d->unit = text_dup("%", 1))) rc = SC_NOMEM;
    return rc;
}

int catalogue_add(catalogue *c, const char *name, const char *text, size_t len, char *errbuf, size_t errlen)
{
    ynode *t = ytree_parse(name, text, len, errbuf, errlen);
    if (!t) return SC_PARSE;
    static const char *const top[] = { "indicators", NULL };
    int rc = cfg_check_keys(t, name, top, NULL, errbuf, errlen);
    const ynode *l = rc == SC_OK ? ytree_get(t, "indicators", NULL) : NULL;
    if (rc == SC_OK && !l) rc = cfg_error(errbuf, errlen, name, 1, 1, "expected 'indicators:', a list");
    if (rc == SC_OK) rc = cfg_want(l, Y_LIST, name, "indicators", errbuf, errlen);
    for (int i = 0; rc == SC_OK && i < l->n; i++) rc = add_one(c, l->v[i], name, errbuf, errlen);
    ytree_free(t);
    return rc;
}

int catalogue_add_standard(catalogue *c, char *errbuf, size_t errlen)
{
    if (c->loaded_std) return SC_OK;
    c->loaded_std = 1;
    return catalogue_add(c, "rules/indicators.yaml (built in)", sc_std_catalogue, strlen(sc_std_catalogue), errbuf, errlen);
}
