/*
 * host.c — the host's lifecycle and settings: open and close, status and severity names,
 * diagnostics, rules, configuration, catalogues, waivers, rule and plugin listings.
 * Documents come in through inputs.c; run.c checks them and writes the findings.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/config.h"
#include "../core/dir.h"
#include "../core/expr.h"
#include "../lua/lua_api.h"
#include "host_int.h"

static const char *const status_names[] = {
    "ok", "error", "out of memory", "input/output error", "parse error",
    "rule error", "database error", "usage error", "not found",
};

const char *sc_libversion(void) { return SC_VERSION; }

sc_status sc_write_lua_api(FILE *out) { return lapi_write_luals(out) ? SC_IO : SC_OK; }

int sc_libversion_number(void) { return SC_VERSION_NUMBER; }

const char *sc_strerror(sc_status status)
{
    if ((int)status < 0 || (size_t)status >= sizeof status_names / sizeof *status_names) return "unknown status";
    return status_names[status];
}

static const char *const sev_names[] = { "info", "notice", "warning", "high", "critical" };

const char *sc_severity_name(sc_severity s)
{
    return (int)s >= 0 && (int)s < 5 ? sev_names[s] : NULL;
}

int sc_severity_parse(const char *name)
{
    for (int i = 0; i < 5; i++)
        if (name && !strcmp(name, sev_names[i])) return i;
    return -1;
}

int host_fail(sc_host *h, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->err, sizeof h->err, fmt, ap);
    va_end(ap);
    return rc;
}

void host_report(sc_host *h, sc_diag_level lv, const char *file, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (lv == SC_DIAG_ERROR) snprintf(h->err, sizeof h->err, "%s%s%s", file ? file : "", file ? ": " : "", msg);
    if (h->diag) h->diag(h->diag_ud, lv, file, 0, 0, msg);
}

/* Every error and warning passes here: kept (up to MAX_DIAGS) for the JSON Lines and SARIF
 * outputs, then handed to the caller's callback. */
static void record_diag(void *ud, sc_diag_level lv, const char *file, int line, int col, const char *msg)
{
    sc_host *h = ud;
    if (lv != SC_DIAG_NOTE && h->ndiags < MAX_DIAGS) {
        if (h->ndiags == h->capdiags) {
            size_t nc = h->capdiags ? h->capdiags * 2 : 16;
            sink_diag *v = realloc(h->diags, nc * sizeof *v);
            if (v) { h->diags = v; h->capdiags = nc; }
        }
        if (h->ndiags < h->capdiags) {
            sink_diag *d = &h->diags[h->ndiags];
            d->level = lv;
            d->file = file ? text_dup(file, strlen(file)) : NULL;
            d->line = line;
            d->column = col;
            d->message = text_dup(msg ? msg : "", msg ? strlen(msg) : 0);
            if (d->message && (d->file || !file)) h->ndiags++;
            else { free(d->file); free(d->message); }
        }
    }
    if (h->user_diag) h->user_diag(h->user_diag_ud, lv, file, line, col, msg);
}

sc_status sc_host_open(sc_host **out, const sc_options *opts, char *errbuf, size_t errlen)
{
    *out = NULL;
    sc_options o = { 0 };
    if (opts) o = *opts;
    sc_host *h = calloc(1, sizeof *h);
    char local[512];
    if (!errbuf || !errlen) { errbuf = local; errlen = sizeof local; }
    if (!h) { snprintf(errbuf, errlen, "out of memory"); return SC_NOMEM; }
    h->user_diag = o.diag;
    h->user_diag_ud = o.diag_ud;
    h->diag = record_diag;
    h->diag_ud = h;
    h->max_input = o.max_input ? o.max_input : (size_t)64 << 20;
    h->jobs = 1;
    int rc = store_open(&h->st, o.db_path, errbuf, errlen);
    if (rc != SC_OK) goto fail;
    if (store_dropped_facts(h->st))
        host_report(h, SC_DIAG_WARNING, o.db_path,
                    "%d fact%s kept by an older version under a bare kind were dropped: facts now belong to the rule file "
                    "that records them, and any file could have written those; checking the stored documents again "
                    "(--db without -i) records them anew",
                    store_dropped_facts(h->st), store_dropped_facts(h->st) == 1 ? "" : "s");
    engine_limits lim = {
        o.instr_budget > 0 ? o.instr_budget : 100000000LL,
        o.deadline_s > 0 ? o.deadline_s : 1.0,
        o.mem_limit > 0 ? o.mem_limit : (size_t)256 << 20,
        o.instr_budget > 0,
    };
    rc = engine_open(&h->eng, &lim, h->st, &h->fs, record_diag, h, errbuf, errlen);
    if (rc != SC_OK) goto fail;
    if ((rc = engine_set_pack(h->eng, o.pack_dir)) != SC_OK) {
        snprintf(errbuf, errlen, "out of memory");
        goto fail;
    }
    if (builtin_init(&h->reg, &h->run, h->sink_states) != 0) {
        snprintf(errbuf, errlen, "cannot register the built-in loaders and sinks");
        rc = SC_NOMEM;
        goto fail;
    }
    h->eng->reg = &h->reg;
    *out = h;
    return SC_OK;
fail:
    sc_host_close(h);
    return rc;
}

void sc_host_close(sc_host *h)
{
    if (!h) return;
    engine_close(h->eng);
    sbuf_free(&h->info_patterns);
    store_close(h->st);
    registry_free(&h->reg);
    findings_clear(&h->fs);
    findings_clear(&h->kept);
    sbuf_free(&h->setup);
    waivers_free(&h->waive);
    for (size_t i = 0; i < h->nq; i++) { free(h->q[i].path); free(h->q[i].council); }
    free(h->streams);
    free(h->q);
    free(h->seen);
    for (int i = 0; i < h->nops; i++) { free(h->ops[i].arg); free(h->ops[i].text); }
    free(h->ops);
    free(h->dup_of[0]);
    free(h->dup_of[1]);
    for (size_t i = 0; i < h->ndiags; i++) { free(h->diags[i].file); free(h->diags[i].message); }
    free(h->diags);
    free(h->sink_rules);
    for (int k = 0; k < BUILTIN_SINKS; k++) sink_state_free(&h->sink_states[k]);
    free(h);
}

const char *sc_host_errmsg(const sc_host *h) { return h ? h->err : "no host"; }

sc_status sc_host_load_rules_buffer(sc_host *h, const char *name, const char *text, size_t len)
{
    h->err[0] = '\0';
    if (!name || !*name || (!text && len)) return host_fail(h, SC_USAGE, "rules from memory need a name and their text");
    /* what decides findings besides the documents (the ruleset hash of a --db store) */
    sbuf_printf(&h->setup, "\nrules %s\n", name);
    if (len) sbuf_add(&h->setup, text, len);
    int rc = engine_load_buffer(h->eng, name, text, len);
    if (rc != SC_OK) return host_fail(h, rc, "%s: the rule file has errors", name);
    host_log(h, HOP_RULE_BUFFER, name); /* the threads of a run load it too */
    host_op *op = h->nops ? &h->ops[h->nops - 1] : NULL;
    if (op && op->kind == HOP_RULE_BUFFER && !op->text && (op->text = text_dup(len ? text : "", len))) op->len = len;
    return SC_OK;
}

/* A rules folder may carry its own scrutiny.yaml: the pack's defaults for its rules. */
static int load_pack_config(sc_host *h, const char *dir)
{
    static const char *const user_only[] = { "inputs", "rule_paths", "db", "format", "output", "fail_on", "limits" };
    sbuf p = {0};
    sbuf_printf(&p, "%s/scrutiny.yaml", dir);
    struct stat sb;
    if (p.oom || stat(p.s, &sb) != 0) { sbuf_free(&p); return SC_OK; }
    sc_config *cfg = NULL;
    int rc = sc_config_open(&cfg, p.s, h->err, sizeof h->err);
    for (size_t i = 0; rc == SC_OK && i < sizeof user_only / sizeof *user_only; i++) {
        int k;
        if (ytree_get(config_root(cfg), user_only[i], &k))
            rc = cfg_error(h->err, sizeof h->err, p.s, config_root(cfg)->key_line[k], config_root(cfg)->key_col[k],
                           "'%s' belongs in the user's scrutiny.yaml, not in a rule pack's", user_only[i]);
    }
    if (rc == SC_OK) rc = sc_host_apply_config(h, cfg);
    if (rc != SC_OK && h->diag) h->diag(h->diag_ud, SC_DIAG_ERROR, NULL, 0, 0, h->err);
    sc_config_close(cfg);
    sbuf_free(&p);
    return rc;
}

sc_status sc_host_add_rule_path(sc_host *h, const char *path)
{
    h->err[0] = '\0';
    struct stat sb;
    int is_dir = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
    if (engine_add_rule_path(h->eng, path, is_dir) != SC_OK) return host_fail(h, SC_NOMEM, "out of memory");
    return SC_OK;
}

sc_status sc_host_load_rules(sc_host *h, const char *path)
{
    h->err[0] = '\0';
    struct stat sb;
    if (stat(path, &sb) != 0) {
        host_report(h, SC_DIAG_ERROR, path, "cannot read rule file: %s", strerror(errno));
        return SC_NOTFOUND;
    }
    if (!S_ISDIR(sb.st_mode)) {
        int rc = engine_load_file(h->eng, path);
        if (rc != SC_OK) host_fail(h, rc, "%s: the rule file has errors", path);
        else host_log(h, HOP_RULE_FILE, path);
        return rc;
    }
    char **names;
    size_t n;
    int lr = dir_list(path, ".lua", &names, &n);
    if (lr == -2) return host_fail(h, SC_NOMEM, "out of memory");
    if (lr) {
        host_report(h, SC_DIAG_ERROR, path, "cannot open folder: %s", strerror(errno));
        return SC_IO;
    }
    if (n == 0) { /* a wrong folder would otherwise run nothing and pass */
        dir_list_free(names, n);
        host_report(h, SC_DIAG_ERROR, path, "no rule files (*.lua) in this folder");
        return SC_NOTFOUND;
    }
    int rc = SC_OK;
    for (size_t i = 0; i < n && rc != SC_NOMEM; i++) {
        int r = engine_load_file(h->eng, names[i]);
        if (r != SC_OK) rc = r;
        else host_log(h, HOP_RULE_FILE, names[i]);
    }
    dir_list_free(names, n);
    if (rc != SC_OK) return host_fail(h, rc, "%s: some rule files have errors", path);
    return load_pack_config(h, path);
}

/* A diagnostic about "file:line:col" (a configuration's position of something). */
void host_diag_at(sc_host *h, sc_diag_level lv, const char *where, const char *msg)
{
    int line = 0, col = 0;
    const char *c2 = strrchr(where, ':'), *c1 = NULL;
    for (const char *p = c2 ? c2 - 1 : NULL; p && p >= where && !c1; p--)
        if (*p == ':') c1 = p;
    char file[512];
    if (c1 && sscanf(c1, ":%d:%d", &line, &col) == 2) snprintf(file, sizeof file, "%.*s", (int)(c1 - where), where);
    else snprintf(file, sizeof file, "%s", where), line = col = 0;
    h->diag(h->diag_ud, lv, file, line, col, msg);
}


void host_log(sc_host *h, host_op_kind kind, const char *arg)
{
    host_op *v = realloc(h->ops, (size_t)(h->nops + 1) * sizeof *v);
    if (!v) return; /* the run then stays on one thread (host_replay fails) */
    h->ops = v;
    v[h->nops] = (host_op){ kind, text_dup(arg, strlen(arg)), NULL, 0 };
    if (v[h->nops].arg) h->nops++;
}

void sc_host_jobs(sc_host *h, int n) { h->jobs = n < 1 ? 1 : n > 64 ? 64 : n; }

/* Appends file `path` to b, with its name (nothing when it cannot be read). */
void host_add_file_to(sbuf *b, const char *path)
{
    FILE *f = fopen(path, "rb");
    char *data;
    size_t len;
    if (!f) return;
    if (!text_read_stream(f, (size_t)16 << 20, &data, &len)) {
        sbuf_printf(b, "\n%s\n", path);
        sbuf_add(b, data, len);
        free(data);
    }
    fclose(f);
}

sc_status sc_host_apply_config(sc_host *h, const sc_config *cfg)
{
    h->err[0] = '\0';
    const ynode *root = config_root(cfg);
    host_add_file_to(&h->setup, sc_config_path(cfg));
    host_log(h, HOP_CONFIG, sc_config_path(cfg));
    int rc = settings_apply(h->eng, root, sc_config_path(cfg), h->err, sizeof h->err);
    if (rc == SC_OK) rc = esc_list_load(&h->eng->escs, root, sc_config_path(cfg), h->err, sizeof h->err);
    const ynode *sel = ytree_get(root, "select", NULL);
    if (rc == SC_OK && sel)
        rc = settings_select(h->eng, sel->s, sc_config_path(cfg), sel->line, sel->col + (sel->quoted ? 1 : 0), h->err,
                             sizeof h->err);
    return rc;
}

sc_status sc_host_add_catalogue(sc_host *h, const char *path)
{
    h->err[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) return host_fail(h, SC_IO, "%s: cannot open: %s", path, strerror(errno));
    char *data;
    size_t len;
    int bad = text_read_stream(f, (size_t)16 << 20, &data, &len);
    fclose(f);
    if (bad) return host_fail(h, SC_IO, "%s: cannot read", path);
    int rc = catalogue_add(&h->eng->cat, path, data, len, h->err, sizeof h->err);
    if (rc == SC_OK) host_log(h, HOP_CATALOGUE, path);
    sbuf_printf(&h->setup, "\ncatalogue %s\n", path);
    sbuf_add(&h->setup, data, len);
    free(data);
    return rc;
}

sc_status sc_host_set(sc_host *h, const char *assignment)
{
    h->err[0] = '\0';
    sbuf_printf(&h->setup, "\nset %s", assignment);
    host_log(h, HOP_SET, assignment);
    return settings_set(h->eng, assignment, h->err, sizeof h->err);
}

sc_status sc_host_select(sc_host *h, const char *expression)
{
    h->err[0] = '\0';
    sbuf_printf(&h->setup, "\nselect %s", expression);
    host_log(h, HOP_SELECT, expression);
    return settings_select(h->eng, expression, NULL, 0, 0, h->err, sizeof h->err);
}

static void warn_waiver(void *ud, const char *file, int line, int col, const char *msg)
{
    sc_host *h = ud;
    if (h->diag) h->diag(h->diag_ud, SC_DIAG_WARNING, file, line, col, msg);
}

sc_status sc_host_load_waivers(sc_host *h, const char *path)
{
    h->err[0] = '\0';
    char today[11];
    waivers_today(today);
    int rc = waivers_load(&h->waive, path, today, h->err, sizeof h->err, warn_waiver, h);
    if (rc != SC_OK) return rc;
    /* a waiver for a rule that does not exist is a typo or a stale entry */
    for (int i = 0; i < h->waive.n; i++) {
        const char *want = h->waive.v[i].rule;
        if (!want) continue;
        int hit = expr_glob(want, "score.level");
        for (int r = 0; r < h->eng->nrules && !hit; r++) hit = expr_glob(want, h->eng->rules[r].id);
        for (int k = 0; k < h->eng->escs.n && !hit; k++) hit = expr_glob(want, h->eng->escs.v[k].id);
        if (hit) continue;
        h->waive.v[i].unknown = 1;
        const char *best = NULL;
        int bestd = 4;
        for (int r = 0; r < h->eng->nrules; r++) {
            int d = text_distance(want, h->eng->rules[r].id);
            if (d < bestd) { bestd = d; best = h->eng->rules[r].id; }
        }
        char msg[400];
        snprintf(msg, sizeof msg, "no rule loaded is '%s'%s%s%s: this waiver silences nothing", want,
                 best ? " (did you mean '" : "", best ? best : "", best ? "'?)" : "");
        host_diag_at(h, SC_DIAG_WARNING, h->waive.v[i].where, msg);
    }
    /* a waiver of a rule that is not waivable is a mistake worth saying */
    for (int i = 0; i < h->waive.n; i++)
        for (int r = 0; h->waive.v[i].rule && r < h->eng->nrules; r++)
            if (h->eng->rules[r].unwaivable && expr_glob(h->waive.v[i].rule, h->eng->rules[r].id) && h->diag) {
                char msg[300];
                snprintf(msg, sizeof msg, "rule '%s' is not waivable: this waiver does not silence it", h->eng->rules[r].id);
                h->diag(h->diag_ud, SC_DIAG_WARNING, h->waive.v[i].where, 0, 0, msg);
            }
    return SC_OK;
}

sc_status sc_host_load_baseline(sc_host *h, const char *path)
{
    h->err[0] = '\0';
    return waivers_load_baseline(&h->waive, path, h->err, sizeof h->err);
}

void sc_host_show_waived(sc_host *h, int show) { h->show_waived = show != 0; }

void sc_host_min_severity(sc_host *h, sc_severity min) { h->min_severity = min; }

size_t sc_host_finding_count(const sc_host *h) { return h->fs.n; }

const sc_finding *sc_host_finding(const sc_host *h, size_t i) { return i < h->fs.n ? &h->fs.v[i].pub : NULL; }

size_t sc_host_document_count(const sc_host *h) { return h->nq; }

size_t sc_host_stored_count(const sc_host *h) { return h->stored; }

size_t sc_host_reused_count(const sc_host *h) { return h->reused; }

size_t sc_host_rule_count(const sc_host *h) { return (size_t)h->eng->nrules; }

const sc_rule_info *sc_host_rule(sc_host *h, size_t i)
{
    if (i >= (size_t)h->eng->nrules) return NULL;
    if (engine_refresh_args(h->eng, (int)i) != SC_OK) return NULL;
    const rule *r = &h->eng->rules[i];
    sbuf_free(&h->info_patterns);
    sbuf_adds(&h->info_patterns, "");
    for (int s = 0; s < r->pats.nsets; s++)
        sbuf_printf(&h->info_patterns, "%s%s (%d)", s ? ", " : "", r->pats.sets[s], r->pats.nids[s]);
    if (h->info_patterns.oom) return NULL;
    h->info = (sc_rule_info){ r->id, r->title, r->severity,
                              r->scope == SCOPE_MEETING ? "meeting" : r->scope == SCOPE_INDICATOR ? "indicator" : "item",
                              r->tags, r->doc, r->args, r->file, r->line, !r->off, r->reads, h->info_patterns.s, r->pats.always,
                              r->prof_calls, r->prof_skipped, r->prof_matches, r->prof_time,
                              r->query_all ? "all" : "council" };
    return &h->info;
}

void sc_host_on_progress(sc_host *h, sc_progress_fn fn, void *ud)
{
    h->progress = fn;
    h->progress_ud = ud;
}

sc_status sc_host_load_plugin(sc_host *h, const char *path)
{
    h->err[0] = '\0';
    host_add_file_to(&h->setup, path);
    return registry_load(&h->reg, path, h->err, sizeof h->err) ? SC_ERROR : SC_OK;
}

size_t sc_host_plugin_count(const sc_host *h) { return (size_t)h->reg.nplugins; }

sc_status sc_host_plugin(const sc_host *h, size_t i, sc_plugin_view *out)
{
    if (i >= (size_t)h->reg.nplugins) return SC_NOTFOUND;
    const reg_plugin *p = &h->reg.plugins[i];
    sbuf k = {0};
    for (int j = 0; j < h->reg.nloaders; j++)
        if (h->reg.loaders[j].plugin == (int)i) sbuf_printf(&k, "%sloader:%s", k.len ? ", " : "", h->reg.loaders[j].name);
    for (int j = 0; j < h->reg.nsinks; j++)
        if (h->reg.sinks[j].plugin == (int)i) sbuf_printf(&k, "%ssink:%s", k.len ? ", " : "", h->reg.sinks[j].name);
    for (int j = 0; j < h->reg.nmods; j++)
        if (h->reg.mods[j].plugin == (int)i) sbuf_printf(&k, "%slua:scrutiny.%s", k.len ? ", " : "", h->reg.mods[j].name);
    snprintf(out->kinds, sizeof out->kinds, "%s", k.s ? k.s : "");
    sbuf_free(&k);
    out->name = p->name;
    out->version = p->version;
    out->file = p->path ? p->path : "(built in)";
    return SC_OK;
}
