/*
 * run.c — sc_host_run and the outputs: the queued documents are checked council by council
 * (meetings in date order, then indicator series), each council's findings finished (waivers,
 * escalations, scores, order) and kept or streamed to the sinks; sc_host_write writes a run.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "../core/dir.h"
#include "../core/expr.h"
#include "../findings/escalate.h"
#include "../load/scorecard.h"
#include "host_int.h"
#include "workers.h"

static const char *rule_tags(void *ud, const char *id)
{
    engine *e = ud;
    for (int i = 0; i < e->nrules; i++)
        if (!strcmp(e->rules[i].id, id)) return e->rules[i].tags;
    return NULL;
}

/* Every atom of every escalation must name something: a rule (id, glob or tag) or an
 * escalation defined before it. */
static int check_escalations(sc_host *h)
{
    const esc_list *l = &h->eng->escs;
    for (int k = 0; k < l->n; k++) {
        char err[256], atoms[EXPR_MAX_SRC + 1];
        int col;
        if (!*l->v[k].when) continue; /* a check function alone */
        expr *x = expr_parse(l->v[k].when, 1, err, sizeof err, &col);
        if (!x) return host_fail(h, SC_PARSE, "%s: escalation '%s': %s", l->v[k].where, l->v[k].id, err);
        int na = expr_atoms(x, atoms, sizeof atoms);
        expr_free(x);
        char *save = NULL;
        for (char *a = na > 0 ? strtok_r(atoms, "\n", &save) : NULL; a; a = strtok_r(NULL, "\n", &save)) {
            int hit = 0;
            for (int r = 0; r < h->eng->nrules && !hit; r++) hit = settings_selector_matches(&h->eng->rules[r], a);
            for (int j = 0; j < k && !hit; j++) hit = expr_glob(a, l->v[j].id);
            if (!hit) {
                const char *best = NULL;
                int bestd = 4;
                for (int r = 0; r < h->eng->nrules; r++) {
                    int d = text_distance(a, h->eng->rules[r].id);
                    if (d < bestd) { bestd = d; best = h->eng->rules[r].id; }
                }
                return host_fail(h, SC_PARSE, "%s: escalation '%s': '%s' names no rule%s%s%s", l->v[k].where, l->v[k].id, a,
                            best ? " (did you mean '" : "", best ? best : "", best ? "'?)" : "");
            }
        }
    }
    return SC_OK;
}

static int drop_waived(void *ud, const finding *f)
{
    const sc_host *h = ud;
    return (f->waived && !h->show_waived) || f->pub.severity < h->min_severity || waivers_in_baseline(&h->waive, f);
}

/* Waivers mark findings (rules that are not waivable excepted), escalations and scores build on
 * the rest, then waived (unless shown) and baseline findings leave the results. */
static int escalate_all(sc_host *h)
{
    engine *e = h->eng;
    for (size_t i = 0; i < h->fs.n; i++) {
        finding *f = &h->fs.v[i];
        const char *why = waivers_match(&h->waive, f);
        if (!why) continue;
        int waivable = 1;
        for (int r = 0; r < e->nrules; r++)
            if (!strcmp(e->rules[r].id, f->rule)) waivable = !e->rules[r].unwaivable;
        if (waivable && findings_set_waived(f, why) != SC_OK) return host_fail(h, SC_NOMEM, "out of memory");
    }
    int rc = escalate_run(&h->fs, e->escs.v, e->escs.n, rule_tags, e, engine_check_escalation, e, h->err, sizeof h->err);
    if (rc == SC_OK) rc = score_run(&h->fs, &e->escs.score);
    if (rc == SC_NOMEM) host_fail(h, rc, "out of memory");
    if (rc == SC_OK) findings_filter(&h->fs, drop_waived, h);
    return rc;
}

typedef struct pairs {
    pair *v;
    size_t n, cap;
    size_t order;
} pairs;

static int collect_pair(void *ud, const char *council, const char *indicator)
{
    pairs *ps = ud;
    if (ps->n == ps->cap) {
        size_t nc = ps->cap ? ps->cap * 2 : 64;
        pair *v = realloc(ps->v, nc * sizeof *v);
        if (!v) return -1;
        ps->v = v;
        ps->cap = nc;
    }
    pair *p = &ps->v[ps->n];
    p->council = text_dup(council, strlen(council));
    p->indicator = text_dup(indicator, strlen(indicator));
    p->order = ps->order;
    ps->n++;
    return p->council && p->indicator ? 0 : -1;
}

static int cmp_pair_key(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    int c = strcmp(x->council, y->council);
    if (!c) c = strcmp(x->indicator, y->indicator);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* A council's series in the order the scorecards first hold them. */
static int cmp_pair_run(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    int c = strcmp(x->council, y->council);
    if (!c) c = (x->order > y->order) - (x->order < y->order);
    return c ? c : strcmp(x->indicator, y->indicator);
}

static void pairs_free(pairs *ps)
{
    for (size_t i = 0; i < ps->n; i++) { free(ps->v[i].council); free(ps->v[i].indicator); }
    free(ps->v);
}

/* Each (council, indicator) of the queued scorecards once, grouped by council. */
static int gather_pairs(sc_host *h, pairs *ps)
{
    for (size_t i = 0; i < h->nq; i++) {
        if (!h->q[i].scorecard) continue;
        ps->order = i;
        int prc = store_pairs(h->st, h->q[i].id, collect_pair, ps);
        if (prc < 0) return host_fail(h, SC_NOMEM, "out of memory");
        if (prc > 0) return host_fail(h, SC_DB, "database: %s", sqlite3_errmsg(store_db(h->st)));
    }
    if (ps->n < 2) return SC_OK;
    qsort(ps->v, ps->n, sizeof *ps->v, cmp_pair_key);
    size_t k = 0;
    for (size_t i = 0; i < ps->n; i++) {
        if (k && !strcmp(ps->v[k - 1].council, ps->v[i].council) && !strcmp(ps->v[k - 1].indicator, ps->v[i].indicator)) {
            free(ps->v[i].council);
            free(ps->v[i].indicator);
            continue;
        }
        ps->v[k++] = ps->v[i];
    }
    ps->n = k;
    qsort(ps->v, ps->n, sizeof *ps->v, cmp_pair_run);
    return SC_OK;
}

/* Minutes council by council, each council's meetings in date order (so facts recorded at one
 * are there for the later ones); scorecards last. */
static int cmp_queued(const void *a, const void *b)
{
    const queued *x = a, *y = b;
    if (x->scorecard != y->scorecard) return x->scorecard - y->scorecard;
    int c = strcmp(x->council, y->council);
    if (!c) c = strcmp(x->date, y->date);
    return c ? c : strcmp(x->path, y->path);
}

/* The rule behind a finding's id: a rule's title and tags, an escalation's message. */
static void rule_words(const sc_host *h, const char *id, const char **title, const char **tags)
{
    *title = *tags = NULL;
    for (int r = 0; r < h->eng->nrules; r++)
        if (!strcmp(h->eng->rules[r].id, id)) { *title = h->eng->rules[r].title; *tags = h->eng->rules[r].tags; return; }
    const esc_list *l = &h->eng->escs;
    for (int k = 0; k < l->n; k++)
        if (!strcmp(l->v[k].id, id)) { *title = *l->v[k].message ? l->v[k].message : l->v[k].when; *tags = "escalation"; return; }
    if (!strcmp(id, "score.level")) { *title = "The meeting's findings add up to a level of concern"; *tags = "scoring"; }
}

/* Findings [from, to) learn their meeting's date and committee and their rule's title and tags
 * (the public view's date, committee, title, tags). */
static int describe_findings(sc_host *h, size_t from, size_t to)
{
    size_t last = (size_t)-1;
    char committee[512] = "";
    const char *last_rule = NULL, *title = NULL, *tags = NULL;
    for (size_t i = from; i < to; i++) {
        finding *f = &h->fs.v[i];
        const queued *q = f->doc_order < h->nq ? &h->q[f->doc_order] : NULL;
        if (q && f->doc_order != last) {
            if (store_committee(h->st, q->id, committee, sizeof committee))
                return host_fail(h, SC_DB, "database: %s", sqlite3_errmsg(store_db(h->st)));
            last = f->doc_order;
        }
        if (!last_rule || strcmp(last_rule, f->rule)) { /* a rule's findings come one after another */
            rule_words(h, f->rule, &title, &tags);
            last_rule = f->rule;
        }
        if (findings_describe(f, q && !q->scorecard ? q->date : NULL, q && !q->scorecard ? committee : NULL, title, tags))
            return host_fail(h, SC_NOMEM, "out of memory");
    }
    return SC_OK;
}

/* h->ruleset: a hash of what decides a document's findings besides its content: the version,
 * every rule file and Lua module beside them (lib/), the packs' and users' settings, catalogues
 * and plugins. Only a --db store keeps findings across runs, so only it needs one. */
static int hash_ruleset(sc_host *h)
{
    h->ruleset[0] = '\0';
    if (!store_persistent(h->st)) return SC_OK;
    sbuf b = {0};
    sbuf_adds(&b, SC_VERSION);
    if (h->setup.len) sbuf_add(&b, h->setup.s, h->setup.len);
    for (int d = 0; d < h->eng->ndirs + (h->eng->pack != NULL); d++) {
        for (int sub = d == h->eng->ndirs; sub < 2; sub++) { /* the pack: only its lib/ is read */
            sbuf dir = {0};
            sbuf_printf(&dir, "%s%s", d < h->eng->ndirs ? h->eng->dirs[d] : h->eng->pack, sub ? "/lib" : "");
            char **names;
            size_t n;
            if (!dir.oom && dir_list(dir.s, NULL, &names, &n) == 0) {
                for (size_t k = 0; k < n; k++) {
                    size_t l = strlen(names[k]);
                    if ((l > 4 && !strcmp(names[k] + l - 4, ".lua")) || (l > 5 && !strcmp(names[k] + l - 5, ".yaml")))
                        host_add_file_to(&b, names[k]);
                }
                dir_list_free(names, n);
            }
            sbuf_free(&dir);
        }
    }
    for (int r = 0; r < h->eng->nrules; r++) /* a rule file outside those folders */
        if (r == 0 || strcmp(h->eng->rules[r].file, h->eng->rules[r - 1].file)) sbuf_printf(&b, "\n%s", h->eng->rules[r].file);
    if (b.oom) { sbuf_free(&b); return host_fail(h, SC_NOMEM, "out of memory"); }
    XXH128_hash_t x = XXH3_128bits(b.s ? b.s : "", b.len);
    snprintf(h->ruleset, sizeof h->ruleset, "%016llx%016llx", (unsigned long long)x.high64, (unsigned long long)x.low64);
    sbuf_free(&b);
    return SC_OK;
}

/* The whole parse of queued document q: its bytes read back (from the store or its file) and
 * parsed, the content hash set. Diagnostics go to diag (NULL: none, a document parsed again).
 * SC_OK, or SC_NOMEM, SC_DB, or another error (reported through diag) with errbuf set. */
static int parse_whole(checker *c, const queued *q, sc_diag_fn diag, void *ud, model_doc **out, char *errbuf, size_t errlen)
{
    char *data;
    size_t len;
    *out = NULL;
    int rc = host_content(c->st, q, c->h->max_input, diag, ud, &data, &len, errbuf, errlen);
    if (rc != SC_OK) return rc;
    rc = host_parse(q->loader, q->path, data, len, 0, diag, ud, out, errbuf, errlen);
    if (rc == SC_OK) {
        XXH128_hash_t x = XXH3_128bits(data, len);
        (*out)->hash_hi = x.high64;
        (*out)->hash_lo = x.low64;
    }
    free(data);
    return rc;
}

/* store_on_query: the first query of a run in memory adds the rows of the documents its council
 * has checked so far (parsed again, but for the one under check), and every later document gets
 * its rows as it is parsed. */
static int model_rows(void *ud, char *errbuf, size_t errlen)
{
    checker *c = ud;
    if (c->rows) return SC_OK;
    size_t k = 0;
    int rc = SC_OK;
    for (; rc == SC_OK && k < c->npend; k++) {
        const queued *q = &c->h->q[c->pend[k]];
        model_doc *d = NULL;
        int last = k + 1 == c->npend && c->cur;
        if (!last) rc = parse_whole(c, q, NULL, NULL, &d, errbuf, errlen);
        if (rc == SC_OK) rc = store_add_model(c->st, q->id, q->loader->name, last ? c->cur : d, 1, errbuf, errlen);
        model_doc_free(d);
    }
    if (rc != SC_OK) { /* the documents done keep their rows; the next query tries the rest */
        k--;
        memmove(c->pend, c->pend + k, (c->npend - k) * sizeof *c->pend);
        c->npend -= k;
        return rc == SC_NOMEM || rc == SC_DB ? rc : SC_IO;
    }
    c->npend = 0;
    c->rows = 1;
    return SC_OK;
}

void host_checker_init(checker *c)
{
    c->rows = store_persistent(c->st);
    store_on_query(c->st, model_rows, c);
}

void host_checker_free(checker *c)
{
    if (c->st) store_on_query(c->st, NULL, NULL);
    free(c->pend);
    c->pend = NULL;
    c->npend = c->cappend = 0;
}

int host_council_done(checker *c, const char *council)
{
    c->npend = 0;
    if (store_persistent(c->st) || !store_forget_council(c->st, council)) return SC_OK;
    snprintf(c->err, sizeof c->err, "database: %s", sqlite3_errmsg(store_db(c->st)));
    return SC_DB;
}

/* Checks queued minutes document i with checker c: read back, parsed (the one whole parse), its
 * model stored for ctx:query, the rules run, its facts kept. With a --db store, a document
 * already checked with this rule set is not checked again: its findings are reported from the
 * store, unless an earlier meeting of its council was checked in this run (*dirty), whose facts
 * it may read. Returns SC_OK (rule errors and unreadable documents counted in c->errors, and
 * reported) or a fatal status. */
int host_check_doc(checker *c, size_t i, int *dirty)
{
    sc_host *h = c->h;
    const queued *q = &h->q[i];
    if (h->ruleset[0] && !*dirty) {
        int found;
        int rc = store_reuse_findings(c->st, q->id, h->ruleset, c->fs, q->path, i, &found);
        if (rc == SC_NOMEM) goto oom;
        if (rc != SC_OK) goto db;
        if (found) {
            c->reused++;
            return SC_OK;
        }
    }
    *dirty = 1;
    /* the one whole parse of the document; its model goes to the store for ctx:query */
    model_doc *d = NULL;
    int rc = parse_whole(c, q, c->diag, c->diag_ud, &d, c->err, sizeof c->err);
    if (rc == SC_NOMEM) goto oom;
    if (rc == SC_DB) return rc;
    if (rc != SC_OK) { /* reported: the other documents go on */
        c->errors++;
        return SC_OK;
    }
    if (!c->rows && c->npend == c->cappend) {
        size_t nc = c->cappend ? c->cappend * 2 : 64;
        size_t *v = realloc(c->pend, nc * sizeof *v);
        if (!v) {
            model_doc_free(d);
            goto oom;
        }
        c->pend = v;
        c->cappend = nc;
    }
    rc = store_add_model(c->st, q->id, q->loader->name, d, c->rows, c->err, sizeof c->err);
    if (rc != SC_OK) {
        model_doc_free(d);
        return rc;
    }
    if (!c->rows) c->pend[c->npend++] = i;
    size_t from = c->fs->n;
    c->cur = d;
    int e = engine_run_doc(c->eng, d, q->id, i);
    c->cur = NULL;
    model_doc_free(d);
    if (e < 0) goto oom;
    c->errors += e;
    /* a document whose rules all ran is done with this rule set; one with an error is not */
    if (e == 0 && h->ruleset[0]) {
        if (store_begin(c->st)) goto db;
        rc = store_keep_checked(c->st, q->id, h->ruleset, c->fs, from);
        if (rc != SC_OK) {
            store_commit(c->st);
            if (rc == SC_NOMEM) goto oom;
            goto db;
        }
        if (store_commit(c->st)) goto db;
    }
    return SC_OK;
db:
    snprintf(c->err, sizeof c->err, "database: %s", sqlite3_errmsg(store_db(c->st)));
    return SC_DB;
oom:
    snprintf(c->err, sizeof c->err, "out of memory");
    return SC_NOMEM;
}

/* The findings gathered so far (one council's when streaming, else the run's) are finished:
 * waivers, escalations and scores, descriptions, order; then counted, saved with the run and,
 * when streaming, written and released. */
static int finish_findings(sc_host *h, int *errors, int64_t *run)
{
    int rc = escalate_all(h);
    if (rc == SC_RULE) (*errors)++; /* a check function failed; the rest stands */
    else if (rc != SC_OK) return rc;
    if ((rc = describe_findings(h, 0, h->fs.n)) != SC_OK) return rc;
    findings_sort(&h->fs);
    for (size_t i = 0; i < h->fs.n; i++) {
        const sc_finding *f = &h->fs.v[i].pub;
        if ((int)f->severity >= 0 && (int)f->severity < 5) h->counts[f->waived ? 1 : 0][f->severity]++;
    }
    /* a store in memory ends with the run: the findings would only fill it */
    if (store_persistent(h->st)) rc = store_save_findings(h->st, &h->fs, h->eng->nrules, (int)h->nq, run, h->err, sizeof h->err);
    if (rc != SC_OK) return rc;
    if (!h->nstreams) { /* kept for sc_host_finding: moved whole (their public views point at their strings) */
        if (h->kept.n + h->fs.n > h->kept.cap) {
            size_t nc = (h->kept.n + h->fs.n) * 2;
            finding *v = realloc(h->kept.v, nc * sizeof *v);
            if (!v) return host_fail(h, SC_NOMEM, "out of memory");
            h->kept.v = v;
            h->kept.cap = nc;
        }
        if (h->fs.n) memcpy(h->kept.v + h->kept.n, h->fs.v, h->fs.n * sizeof *h->fs.v);
        h->kept.n += h->fs.n;
        h->fs.n = 0;
        return SC_OK;
    }
    for (int k = 0; k < h->nstreams; k++) {
        stream_out *o = &h->streams[k];
        for (size_t i = 0; !o->bad && i < h->fs.n; i++) o->bad = o->sk->write(o->sk->ud, o->out, &h->fs.v[i].pub);
        if (!o->bad && fflush(o->out) != 0) o->bad = 1;
    }
    h->reported += h->fs.n;
    findings_clear(&h->fs);
    return SC_OK;
}

static int prepare_sink_run(sc_host *h);

sc_status sc_host_shard(sc_host *h, unsigned index, unsigned count)
{
    h->err[0] = '\0';
    if (count == 0 || index < 1 || index > count)
        return host_fail(h, SC_USAGE, "shard %u of %u: the shard is a number from 1 to the count", index, count);
    h->shard = index;
    h->nshards = count;
    return SC_OK;
}

/* Is council `c` in this host's shard? 64-bit FNV-1a of its name, modulo the shard count. */
static int in_shard(const sc_host *h, const char *c)
{
    if (h->nshards <= 1) return 1;
    unsigned long long x = 14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)c; *p; p++) x = (x ^ *p) * 1099511628211ULL;
    return x % h->nshards == h->shard - 1;
}

static void tell_progress(sc_host *h, size_t done, size_t total)
{
    if (h->progress) h->progress(h->progress_ud, done, total, h->reported + h->fs.n);
}

/* Are council q[first .. end)'s findings finished and written document by document (issue 13:
 * findings reach the outputs as each document is done)? Only when that gives the bytes a
 * council at once gives: its findings are ordered by file, so the documents' paths must ascend
 * in the order they are checked (a date in the name does that), and no series (a scorecard's
 * path sorts anywhere), no escalation over the council or with a check function (they read the
 * council's findings together). The rules' memory limit still counts the council's findings. */
static int by_document(const sc_host *h, size_t first, size_t end, int series)
{
    if (series || end - first < 2) return 0;
    const esc_list *l = &h->eng->escs;
    for (int k = 0; k < l->n; k++)
        if (l->v[k].scope == ESC_COUNCIL || l->v[k].check_ref) return 0;
    for (size_t i = first + 1; i < end; i++)
        if (strcmp(h->q[i - 1].path, h->q[i].path) >= 0) return 0;
    return 1;
}

/* The councils of the run in order, each with its minutes (h->q[0 .. nmin), sorted) and series. */
static int make_units(sc_host *h, size_t nmin, const pairs *ps, host_unit **out, size_t *n)
{
    size_t i = 0, k = 0, cap = 0;
    *out = NULL;
    *n = 0;
    while (i < nmin || k < ps->n) {
        const char *c = i < nmin && (k >= ps->n || strcmp(h->q[i].council, ps->v[k].council) <= 0) ? h->q[i].council
                                                                                             : ps->v[k].council;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            host_unit *v = realloc(*out, cap * sizeof *v);
            if (!v) return host_fail(h, SC_NOMEM, "out of memory");
            *out = v;
        }
        host_unit *u = &(*out)[*n];
        u->council = c;
        u->pairs = ps->v;
        for (u->first = i; i < nmin && !strcmp(h->q[i].council, c); i++) {}
        u->end = i;
        for (u->pfirst = k; k < ps->n && !strcmp(ps->v[k].council, c); k++) {}
        u->pend = k;
        u->perdoc = by_document(h, u->first, u->end, u->pend > u->pfirst);
        if (in_shard(h, c)) (*n)++; /* another shard's council is passed over */
    }
    return SC_OK;
}

typedef struct finishing {
    sc_host *h;
    const host_unit *units;
    int *errors;
    int64_t *run;
    size_t docs;  /* minutes checked so far */
    size_t total;
    size_t part;  /* documents of the current council finished one by one */
} finishing;

/* host_unit_done: a council a thread checked (or a document of it) is finished here, as in a
 * run on one thread. */
static int finish_unit(void *ud, size_t k, findings *fs, int last)
{
    finishing *f = ud;
    sc_host *h = f->h;
    findings_clear(&h->fs);
    h->fs = *fs;
    memset(fs, 0, sizeof *fs);
    const host_unit *u = &f->units[k];
    if (last) f->docs += u->end - u->first - f->part;
    else f->part++, f->docs++;
    if (last) f->part = 0;
    if (u->end > u->first) tell_progress(h, f->docs, f->total);
    return finish_findings(h, f->errors, f->run);
}

static sc_status run_all(sc_host *h);

sc_status sc_host_run(sc_host *h)
{
    sc_status rc = run_all(h);
    engine_rest(h->eng); /* the rules' clock stops ticking until the next run */
    return rc;
}

static sc_status run_all(sc_host *h)
{
    h->err[0] = '\0';
    findings_clear(&h->fs);
    findings_clear(&h->kept);
    memset(h->counts, 0, sizeof h->counts);
    h->reported = h->reused = 0;
    if (hash_ruleset(h) != SC_OK) return SC_NOMEM;
    int crc = check_escalations(h);
    if (crc != SC_OK) return crc;
    if (h->ndup) {
        host_report(h, SC_DIAG_WARNING, NULL, "%zu input%s repeat%s the content of another and %s checked once (%s is the same as %s)",
               h->ndup, h->ndup == 1 ? "" : "s", h->ndup == 1 ? "s" : "", h->ndup == 1 ? "is" : "are",
               h->dup_of[0] ? h->dup_of[0] : "?", h->dup_of[1] ? h->dup_of[1] : "?");
        h->ndup = 0;
    }
    for (int i = 0; i < h->waive.n; i++) h->waive.v[i].hits = 0;
    size_t nmin = 0;
    int batch = h->nq > 1, rrc = SC_OK; /* one snapshot, the file's locks taken once, for every lookup */
    if (batch && store_read_begin(h->st)) rrc = host_fail(h, SC_DB, "database: %s", sqlite3_errmsg(store_db(h->st)));
    for (size_t i = 0; rrc == SC_OK && i < h->nq; i++) {
        char council[512];
        if (store_meeting_of(h->st, h->q[i].id, council, sizeof council, h->q[i].date, sizeof h->q[i].date))
            rrc = host_fail(h, SC_DB, "database: %s", sqlite3_errmsg(store_db(h->st)));
        free(h->q[i].council);
        if (rrc == SC_OK && !(h->q[i].council = text_dup(council, strlen(council)))) rrc = host_fail(h, SC_NOMEM, "out of memory");
        nmin += !h->q[i].scorecard;
    }
    if (batch && store_read_end(h->st) && rrc == SC_OK) rrc = host_fail(h, SC_DB, "database: %s", sqlite3_errmsg(store_db(h->st)));
    if (rrc != SC_OK) return rrc;
    if (h->nq > 1) qsort(h->q, h->nq, sizeof *h->q, cmp_queued);
    pairs ps = { NULL, 0, 0, 0 };
    int rc = gather_pairs(h, &ps);
    if (rc == SC_OK && h->nstreams && prepare_sink_run(h) != SC_OK) rc = host_fail(h, SC_NOMEM, "out of memory");
    for (int k = 0; rc == SC_OK && k < h->nstreams; k++) {
        stream_out *o = &h->streams[k];
        o->bad = o->sk->begin ? o->sk->begin(o->sk->ud, o->out) : 0;
    }
    /* council by council: its meetings, then its indicator series; a streaming run finishes
     * and writes each council's findings before the next council starts */
    int errors = 0;
    int64_t run = 0;
    size_t i = 0, k = 0;
    checker ck = { .h = h, .eng = h->eng, .st = h->st, .fs = &h->fs, .diag = h->diag, .diag_ud = h->diag_ud };
    host_checker_init(&ck);
    host_unit *units = NULL;
    size_t nunits = 0;
    if (rc == SC_OK && h->jobs > 1 && (rc = make_units(h, nmin, &ps, &units, &nunits)) == SC_OK && nunits > 1) {
        finishing fin = { h, units, &errors, &run, 0, nmin, 0 };
        rc = host_run_threads(h, units, nunits, h->jobs < (int)nunits ? h->jobs : (int)nunits, finish_unit, &fin, &errors);
        i = nmin;
        k = ps.n;
    }
    free(units);
    while (rc == SC_OK && (i < nmin || k < ps.n)) {
        const char *c = i < nmin && (k >= ps.n || strcmp(h->q[i].council, ps.v[k].council) <= 0) ? h->q[i].council
                                                                                            : ps.v[k].council;
        int dirty = 0, mine = in_shard(h, c); /* another shard's council is passed over */
        size_t end = i;
        while (end < nmin && !strcmp(h->q[end].council, c)) end++;
        int perdoc = mine && by_document(h, i, end, k < ps.n && !strcmp(ps.v[k].council, c));
        for (; rc == SC_OK && i < end; i++) {
            if (mine && (rc = host_check_doc(&ck, i, &dirty)) != SC_OK) snprintf(h->err, sizeof h->err, "%s", ck.err);
            tell_progress(h, i + 1, nmin);
            /* the document's findings go out now; the council's last ones with the council */
            if (rc == SC_OK && perdoc && i + 1 < end) rc = finish_findings(h, &errors, &run);
        }
        if (rc != SC_OK) break;
        for (; rc == SC_OK && k < ps.n && !strcmp(ps.v[k].council, c); k++) {
            int e = mine ? engine_run_series(h->eng, ps.v[k].council, ps.v[k].indicator, ps.v[k].order) : 0;
            if (e < 0) rc = host_fail(h, SC_NOMEM, "out of memory");
            else errors += e;
        }
        if (rc == SC_OK && mine) rc = finish_findings(h, &errors, &run);
        engine_findings_taken(h->eng); /* the council's findings left h->fs */
        /* a store in memory keeps no council it is done with (the next council's rules read
         * their own council's rows) */
        if (rc == SC_OK && mine && (rc = host_council_done(&ck, c)) != SC_OK) snprintf(h->err, sizeof h->err, "%s", ck.err);
    }
    host_checker_free(&ck);
    errors += ck.errors;
    h->reused += ck.reused;
    pairs_free(&ps);
    /* the run's findings, council by council as they were finished */
    findings_clear(&h->fs);
    h->fs = h->kept;
    memset(&h->kept, 0, sizeof h->kept);
    if (rc == SC_OK)
        for (int w = 0; w < h->waive.n; w++)
            if (!h->waive.v[w].hits && !h->waive.v[w].unknown)
                host_diag_at(h, SC_DIAG_WARNING, h->waive.v[w].where, "this waiver matched no finding of the run: is it stale?");
    int bad = 0;
    h->run.diags = h->diags; /* what was reported since begin() */
    h->run.ndiags = h->ndiags;
    for (int s = 0; s < h->nstreams; s++) {
        stream_out *o = &h->streams[s];
        if (!o->bad && o->sk->end) o->bad = o->sk->end(o->sk->ud, o->out);
        bad |= o->bad;
    }
    if (rc != SC_OK) return rc;
    if (bad) return host_fail(h, SC_IO, "writing findings: %s", errno ? strerror(errno) : "the sink failed");
    if (errors) return host_fail(h, SC_RULE, "%d rule error%s during the run", errors, errors == 1 ? "" : "s");
    return SC_OK;
}

static int series_of(void *ud, const char *council, const char *indicator, sink_series *out)
{
    sc_host *h = ud;
    iseries *s = calloc(1, sizeof *s);
    memset(out, 0, sizeof *out);
    if (!s) return -1;
    if (store_series(h->st, council, indicator, s) != 0 || s->n == 0 || !(out->p = calloc((size_t)s->n, sizeof *out->p))) {
        iseries_clear(s);
        free(s);
        return -1;
    }
    const indicator_def *def = catalogue_find(&h->eng->cat, indicator);
    out->title = def && def->title ? def->title : indicator;
    out->unit = def && def->unit ? def->unit : "";
    out->polarity = !def ? 0 : def->polarity == POL_HIGHER ? 1 : def->polarity == POL_LOWER ? -1 : 0;
    for (int i = 0; i < s->n; i++) {
        const ipoint *p = &s->p[i];
        sink_point *o = &out->p[i];
        o->period = p->per.label;
        o->has_value = (p->has & OBS_VALUE) != 0;
        o->value = p->value;
        o->has_england = (p->has & OBS_ENGLAND) != 0;
        o->england = p->england;
        o->has_target = (p->has & OBS_TARGET) != 0;
        o->target = p->target;
        if (!o->has_target && def && (def->has & IND_TARGET)) { o->has_target = 1; o->target = def->target; }
        if (!o->has_england && def && (def->has & IND_ENGLAND)) { o->has_england = 1; o->england = def->england; }
    }
    out->n = s->n;
    out->priv = s;
    return 0;
}

static void series_release(void *ud, sink_series *out)
{
    (void)ud;
    if (out->priv) iseries_clear(out->priv);
    free(out->priv);
    free(out->p);
    memset(out, 0, sizeof *out);
}

/* What the sinks read beside the findings: the rules (then escalations and scoring, which
 * findings name too), the errors and warnings so far, the indicator series. */
static int prepare_sink_run(sc_host *h)
{
    const esc_list *l = &h->eng->escs;
    size_t n = (size_t)h->eng->nrules + (size_t)l->n + 1;
    sink_rule *v = realloc(h->sink_rules, n * sizeof *v);
    if (!v) return SC_NOMEM;
    h->sink_rules = v;
    size_t k = 0;
    for (int r = 0; r < h->eng->nrules; r++) {
        const rule *x = &h->eng->rules[r];
        v[k++] = (sink_rule){ x->id, x->title, x->doc, x->tags, x->scope == SCOPE_MEETING ? "meeting" : x->scope == SCOPE_ITEM ? "item" : "indicator", x->severity, !x->off };
    }
    for (int e = 0; e < l->n; e++) {
        const char *title = *l->v[e].message ? l->v[e].message : l->v[e].when;
        v[k++] = (sink_rule){ l->v[e].id, title, "", "escalation", "escalation", l->v[e].severity, 1 };
    }
    if (l->score.nlevels > 0)
        v[k++] = (sink_rule){ "score.level", "The meeting's findings add up to a level of concern", "", "scoring", "meeting", SC_SEV_WARNING, 1 };
    h->run = (sink_run){ v, k, h->diags, h->ndiags, h->nq, series_of, series_release, h };
    return SC_OK;
}

sc_status sc_host_write(sc_host *h, const char *format, FILE *out)
{
    h->err[0] = '\0';
    const reg_sink *sk = registry_sink(&h->reg, format);
    if (!sk) {
        sbuf names = {0};
        for (int i = 0; i < h->reg.nsinks; i++) sbuf_printf(&names, "%s%s", i ? ", " : "", h->reg.sinks[i].name);
        int rc = host_fail(h, SC_NOTFOUND, "unknown format '%s' (%s)", format, names.s ? names.s : "");
        sbuf_free(&names);
        return rc;
    }
    if (prepare_sink_run(h) != SC_OK) return host_fail(h, SC_NOMEM, "out of memory");
    int bad = sk->begin ? sk->begin(sk->ud, out) : 0;
    for (size_t i = 0; !bad && i < h->fs.n; i++) bad = sk->write(sk->ud, out, &h->fs.v[i].pub);
    if (!bad && sk->end) bad = sk->end(sk->ud, out);
    if (bad) return host_fail(h, SC_IO, "writing findings (%s): %s", format, errno ? strerror(errno) : "the sink failed");
    return SC_OK;
}

int sc_host_has_format(const sc_host *h, const char *format) { return registry_sink(&h->reg, format) != NULL; }

sc_status sc_host_stream(sc_host *h, const char *format, FILE *out)
{
    h->err[0] = '\0';
    /* the built-in sinks that write each finding as it comes; the others keep or reorder the
     * whole run (html, sarif), or are a plugin's, whose findings must live until its end() */
    const reg_sink *sk = registry_sink(&h->reg, format);
    if (!sk || (sk->write != sink_text_write && sk->write != sink_jsonl_write && sk->write != sink_csv_write))
        return host_fail(h, SC_USAGE, "format '%s' cannot be written while the run goes on", format);
    stream_out *v = realloc(h->streams, (size_t)(h->nstreams + 1) * sizeof *v);
    if (!v) return host_fail(h, SC_NOMEM, "out of memory");
    h->streams = v;
    h->streams[h->nstreams++] = (stream_out){ sk, out, 0 };
    return SC_OK;
}

size_t sc_host_count(const sc_host *h, sc_severity severity, int waived)
{
    return (int)severity >= 0 && (int)severity < 5 ? h->counts[waived ? 1 : 0][severity] : 0;
}
