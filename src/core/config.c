/*
 * config.c — scrutiny.yaml: reading, checking the shape of every key, and the settings the
 * CLI needs before a host exists (inputs, database, output, limits).
 *
 * What refers to rules (rules:, disable:, enable:, councils:, select:, escalations:) is checked
 * when it is applied to a host whose rules are loaded (src/lua/rule_settings.c), because only
 * then are rule ids and their args known. Every message names file:line:col, and an unknown key
 * comes with the nearest known one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/scrutiny.h"
#include "config.h"
#include "text.h"

static const char *const top_keys[] = { "inputs", "rule_paths", "db", "format", "output", "fail_on", "select",
                                        "limits", "rules", "disable", "enable", "councils", "escalations",
                                        "scoring", "waivers", "baseline", "plugins", "catalogues", NULL };
static const char *const limit_keys[] = { "instructions", "time", "memory_mb", "max_input_mb", NULL };

int cfg_error(char *errbuf, size_t errlen, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = snprintf(errbuf, errlen, "%s:%d:%d: ", file, line, col);
    if (k >= 0 && (size_t)k < errlen) vsnprintf(errbuf + k, errlen - (size_t)k, fmt, ap);
    va_end(ap);
    return SC_PARSE;
}

const char *cfg_suggest(const char *word, const char *const *known)
{
    const char *best = NULL;
    int bestd = 3;
    for (const char *const *k = known; *k; k++) {
        int d = text_distance(word, *k);
        if (d < bestd) { bestd = d; best = *k; }
    }
    return best;
}

int cfg_check_keys(const ynode *map, const char *file, const char *const *known, const char *where,
                   char *errbuf, size_t errlen)
{
    if (map->kind != Y_MAP) return cfg_want(map, Y_MAP, file, where ? where : "this", errbuf, errlen);
    for (int i = 0; i < map->n; i++) {
        int ok = 0;
        for (const char *const *k = known; *k; k++) ok |= !strcmp(map->keys[i], *k);
        if (ok) continue;
        const char *s = cfg_suggest(map->keys[i], known);
        return cfg_error(errbuf, errlen, file, map->key_line[i], map->key_col[i], "unknown key '%s'%s%s%s%s%s",
                         map->keys[i], where ? " in " : "", where ? where : "", s ? " (did you mean '" : "",
                         s ? s : "", s ? "'?)" : "");
    }
    return SC_OK;
}

int cfg_want(const ynode *n, ykind kind, const char *file, const char *what, char *errbuf, size_t errlen)
{
    static const char *const names[] = { "a single value", "a list", "a mapping" };
    if (n->kind == kind) return SC_OK;
    return cfg_error(errbuf, errlen, file, n->line, n->col, "%s must be %s, not %s", what, names[kind], names[n->kind]);
}

static int want_strings(const ynode *n, const char *file, const char *what, char *errbuf, size_t errlen)
{
    int rc = cfg_want(n, Y_LIST, file, what, errbuf, errlen);
    for (int i = 0; rc == SC_OK && i < n->n; i++) rc = cfg_want(n->v[i], Y_SCALAR, file, what, errbuf, errlen);
    return rc;
}

static int want_number(const ynode *n, const char *file, const char *what, double min, double max, double *out,
                       char *errbuf, size_t errlen)
{
    double v;
    if (n->kind != Y_SCALAR || ytree_scalar_type(n, &v) != 1 || v < min || v > max)
        return cfg_error(errbuf, errlen, file, n->line, n->col, "%s must be a number from %g to %g", what, min, max);
    *out = v;
    return SC_OK;
}

struct sc_config {
    char *path;
    ynode *root;
};

/* The shape of everything that does not need rules loaded. */
static int check(const sc_config *c, char *errbuf, size_t errlen)
{
    const ynode *r = c->root;
    const char *f = c->path;
    int rc = cfg_want(r, Y_MAP, f, "the configuration", errbuf, errlen);
    if (rc == SC_OK) rc = cfg_check_keys(r, f, top_keys, NULL, errbuf, errlen);
    for (int i = 0; rc == SC_OK && i < r->n; i++) {
        const char *k = r->keys[i];
        const ynode *v = r->v[i];
        double num;
        if (!strcmp(k, "inputs") || !strcmp(k, "rule_paths") || !strcmp(k, "disable") || !strcmp(k, "enable") ||
            !strcmp(k, "plugins") || !strcmp(k, "catalogues"))
            rc = want_strings(v, f, k, errbuf, errlen);
        else if (!strcmp(k, "db") || !strcmp(k, "output") || !strcmp(k, "select") || !strcmp(k, "waivers") ||
                 !strcmp(k, "baseline"))
            rc = cfg_want(v, Y_SCALAR, f, k, errbuf, errlen);
        else if (!strcmp(k, "format")) {
            rc = cfg_want(v, Y_SCALAR, f, k, errbuf, errlen); /* the sinks registered are known only later */
        } else if (!strcmp(k, "fail_on")) {
            rc = cfg_want(v, Y_SCALAR, f, k, errbuf, errlen);
            if (rc == SC_OK && sc_severity_parse(v->s) < 0 && strcmp(v->s, "never"))
                rc = cfg_error(errbuf, errlen, f, v->line, v->col,
                               "fail_on must be one of info, notice, warning, high, critical, never, not '%s'", v->s);
        } else if (!strcmp(k, "limits")) {
            rc = cfg_want(v, Y_MAP, f, k, errbuf, errlen);
            if (rc == SC_OK) rc = cfg_check_keys(v, f, limit_keys, "limits", errbuf, errlen);
            for (int j = 0; rc == SC_OK && j < v->n; j++) {
                if (!strcmp(v->keys[j], "instructions")) rc = want_number(v->v[j], f, "limits.instructions", 1000, 1e15, &num, errbuf, errlen);
                else if (!strcmp(v->keys[j], "time")) rc = want_number(v->v[j], f, "limits.time", 0.001, 86400, &num, errbuf, errlen);
                else rc = want_number(v->v[j], f, v->keys[j], 1, 1 << 20, &num, errbuf, errlen);
            }
        } else if (!strcmp(k, "rules") || !strcmp(k, "councils") || !strcmp(k, "scoring")) {
            rc = cfg_want(v, Y_MAP, f, k, errbuf, errlen);
        } else if (!strcmp(k, "escalations")) {
            rc = cfg_want(v, Y_LIST, f, k, errbuf, errlen);
        }
    }
    return rc;
}

sc_status sc_config_open(sc_config **out, const char *path, char *errbuf, size_t errlen)
{
    *out = NULL;
    sc_config *c = calloc(1, sizeof *c);
    if (!c || !(c->path = text_dup(path, strlen(path)))) {
        free(c);
        snprintf(errbuf, errlen, "out of memory");
        return SC_NOMEM;
    }
    c->root = ytree_load(path, errbuf, errlen);
    int rc = c->root ? check(c, errbuf, errlen) : SC_PARSE;
    if (rc != SC_OK) {
        sc_config_close(c);
        return rc;
    }
    *out = c;
    return SC_OK;
}

void sc_config_close(sc_config *c)
{
    if (!c) return;
    ytree_free(c->root);
    free(c->path);
    free(c);
}

const char *sc_config_get(const sc_config *c, const char *key)
{
    const ynode *n = ytree_get(c->root, key, NULL);
    return n && n->kind == Y_SCALAR ? n->s : NULL;
}

size_t sc_config_count(const sc_config *c, const char *key)
{
    const ynode *n = ytree_get(c->root, key, NULL);
    return n && n->kind == Y_LIST ? (size_t)n->n : 0;
}

const char *sc_config_item(const sc_config *c, const char *key, size_t i)
{
    const ynode *n = ytree_get(c->root, key, NULL);
    return n && n->kind == Y_LIST && i < (size_t)n->n ? n->v[i]->s : NULL;
}

void sc_config_limits(const sc_config *c, sc_options *o)
{
    const ynode *l = ytree_get(c->root, "limits", NULL);
    double v;
    const ynode *n;
    if ((n = ytree_get(l, "instructions", NULL)) && ytree_scalar_type(n, &v) == 1) o->instr_budget = (long long)v;
    if ((n = ytree_get(l, "time", NULL)) && ytree_scalar_type(n, &v) == 1) o->deadline_s = v;
    if ((n = ytree_get(l, "memory_mb", NULL)) && ytree_scalar_type(n, &v) == 1) o->mem_limit = (size_t)(v * 1048576.0);
    if ((n = ytree_get(l, "max_input_mb", NULL)) && ytree_scalar_type(n, &v) == 1) o->max_input = (size_t)(v * 1048576.0);
}

const char *sc_config_path(const sc_config *c) { return c->path; }

const ynode *config_root(const sc_config *c) { return c->root; }
