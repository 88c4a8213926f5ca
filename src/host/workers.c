/*
 * workers.c — a run on several threads (sc_host_jobs): councils are the unit of work, because a
 * council's meetings must be checked in date order (facts look back) and rules read only their
 * own council's rows. Each thread has its own engine (one Lua state, set up on the thread by
 * replaying the host's set-up) and its own store connection (store_open_peer, opened here: the
 * same --db file, one writer at a time, or a store in memory of its own). It takes the next
 * council, checks its meetings and series, and leaves the findings and the diagnostics it made in
 * the council's slot (document by document when the council's findings are finished so: a part
 * per meeting but the last). This thread takes the slots in council order, and their parts as
 * they come, and finishes each as a one-thread run does (waivers, escalations, scores, order,
 * outputs), replaying the diagnostics first: so every output, and what the callback sees, is the
 * same as on one thread.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../core/config.h"
#include "../core/yamltree.h"
#include "host_int.h"
#include "workers.h"

int host_replay(const sc_host *h, engine *e, char *errbuf, size_t errlen)
{
    int rc = SC_OK;
    for (int i = 0; rc == SC_OK && i < h->nops; i++) {
        const host_op *op = &h->ops[i];
        switch (op->kind) {
        case HOP_RULE_FILE:
            rc = engine_load_file(e, op->arg);
            if (rc != SC_OK) snprintf(errbuf, errlen, "%s: the rule file has errors", op->arg);
            break;
        case HOP_CONFIG: {
            sc_config *cfg = NULL;
            rc = sc_config_open(&cfg, op->arg, errbuf, errlen);
            if (rc == SC_OK) rc = settings_apply(e, config_root(cfg), op->arg, errbuf, errlen);
            const ynode *sel = rc == SC_OK ? ytree_get(config_root(cfg), "select", NULL) : NULL;
            if (sel)
                rc = settings_select(e, sel->s, op->arg, sel->line, sel->col + (sel->quoted ? 1 : 0), errbuf, errlen);
            sc_config_close(cfg);
            break;
        }
        case HOP_RULE_BUFFER:
            rc = op->text ? engine_load_buffer(e, op->arg, op->text, op->len) : SC_NOMEM;
            if (rc != SC_OK) snprintf(errbuf, errlen, "%s: the rule file has errors", op->arg);
            break;
        case HOP_SET: rc = settings_set(e, op->arg, errbuf, errlen); break;
        case HOP_SELECT: rc = settings_select(e, op->arg, NULL, 0, 0, errbuf, errlen); break;
        case HOP_CATALOGUE: {
            FILE *f = fopen(op->arg, "rb");
            char *data;
            size_t len;
            rc = f && !text_read_stream(f, (size_t)16 << 20, &data, &len) ? SC_OK : SC_IO;
            if (f) fclose(f);
            if (rc == SC_OK) {
                rc = catalogue_add(&e->cat, op->arg, data, len, errbuf, errlen);
                free(data);
            } else {
                snprintf(errbuf, errlen, "%s: cannot read", op->arg);
            }
            break;
        }
        }
    }
    return rc;
}

/* A diagnostic a thread made, kept for this thread to report in council order. */
typedef struct wdiag {
    sc_diag_level level;
    char *file, *msg;
    int line, col;
} wdiag;

/* A document's findings and the diagnostics made up to them, left while its council goes on
 * (host_unit perdoc). */
typedef struct part {
    findings fs;
    wdiag *d;
    size_t nd;
} part;

/* What a thread leaves for one council. */
typedef struct slot {
    findings fs;
    wdiag *d;
    size_t nd, capd;
    part *parts;     /* under the pool's lock: documents done so far (perdoc) */
    size_t nparts, capparts;
    int errors;
    size_t reused;
    int rc;          /* SC_OK, or a fatal status (err says why) */
    char err[1024];
    int done;
} slot;

typedef struct pool pool;

typedef struct worker {
    pool *p;
    checker ck;
    findings fs;   /* the engine's: moved to the council's slot when it is done */
    slot *cur;     /* where diagnostics go now (NULL while setting up: dropped) */
    pthread_t thread;
    int started;
    int ready;     /* its engine is set up: 1, or -1 when that failed (open_rc, err say why) */
    int open_rc;
    char err[1024];
} worker;

struct pool {
    sc_host *h;
    const host_unit *u;
    size_t nu;
    slot *s;
    size_t next;     /* the next council a thread takes */
    size_t taken;    /* councils this thread has finished */
    size_t ahead;    /* how far threads may run ahead of it */
    int stop;
    int opened;      /* threads whose engine is set up (or failed to be) */
    int go;          /* every engine is set up: councils may be taken */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_mutex_t store_mu; /* the run's store: this thread finishing councils, or a thread copying one */
};

static void keep_diag(void *ud, sc_diag_level lv, const char *file, int line, int col, const char *msg)
{
    worker *w = ud;
    slot *s = w->cur;
    if (!s) return;
    if (s->nd == s->capd) {
        size_t nc = s->capd ? s->capd * 2 : 16;
        wdiag *v = realloc(s->d, nc * sizeof *v);
        if (!v) return;
        s->d = v;
        s->capd = nc;
    }
    wdiag *d = &s->d[s->nd];
    d->level = lv;
    d->file = file ? text_dup(file, strlen(file)) : NULL;
    d->msg = text_dup(msg ? msg : "", msg ? strlen(msg) : 0);
    d->line = line;
    d->col = col;
    if (d->msg && (d->file || !file)) s->nd++;
    else { free(d->file); free(d->msg); }
}

/* Hands the findings and diagnostics of the document w just checked to the finishing thread.
 * SC_OK or SC_NOMEM. */
static int publish(worker *w, slot *s)
{
    pool *p = w->p;
    part pt = { w->fs, s->d, s->nd };
    pthread_mutex_lock(&p->mu);
    if (s->nparts == s->capparts) {
        size_t nc = s->capparts ? s->capparts * 2 : 16;
        part *v = realloc(s->parts, nc * sizeof *v);
        if (!v) {
            pthread_mutex_unlock(&p->mu);
            w->ck.err[0] = '\0';
            return SC_NOMEM;
        }
        s->parts = v;
        s->capparts = nc;
    }
    s->parts[s->nparts++] = pt;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    memset(&w->fs, 0, sizeof w->fs); /* the engine's list starts again, empty */
    s->d = NULL;
    s->nd = s->capd = 0;
    return SC_OK;
}

/* Checks council k on w: its meetings in order, then its series. */
static void check_council(worker *w, size_t k)
{
    pool *p = w->p;
    const host_unit *u = &p->u[k];
    slot *s = &p->s[k];
    w->cur = s;
    w->ck.errors = 0;
    w->ck.reused = 0;
    int dirty = 0;
    pthread_mutex_lock(&p->store_mu); /* a store in memory: the council's rows from the run's */
    int rc = store_peer_council(w->ck.st, p->h->st, u->council, w->ck.err, sizeof w->ck.err);
    pthread_mutex_unlock(&p->store_mu);
    for (size_t i = u->first; rc == SC_OK && i < u->end; i++)
        if ((rc = host_check_doc(&w->ck, i, &dirty)) == SC_OK && u->perdoc && i + 1 < u->end) rc = publish(w, s);
    if (rc != SC_OK) snprintf(s->err, sizeof s->err, "%s", rc == SC_NOMEM && !w->ck.err[0] ? "out of memory" : w->ck.err);
    for (size_t j = u->pfirst; rc == SC_OK && j < u->pend; j++) {
        int e = engine_run_series(w->ck.eng, u->pairs[j].council, u->pairs[j].indicator, u->pairs[j].order);
        if (e < 0) {
            rc = SC_NOMEM;
            snprintf(s->err, sizeof s->err, "out of memory");
        } else {
            w->ck.errors += e;
        }
    }
    if (rc == SC_OK && (rc = host_council_done(&w->ck, u->council)) != SC_OK) snprintf(s->err, sizeof s->err, "%s", w->ck.err);
    s->fs = w->fs;
    memset(&w->fs, 0, sizeof w->fs);
    engine_findings_taken(w->ck.eng);
    s->errors = w->ck.errors;
    s->reused = w->ck.reused;
    s->rc = rc;
    w->cur = NULL;
}

static int engine_setup(pool *p, worker *w, char *errbuf, size_t errlen);

static void *work(void *arg)
{
    worker *w = arg;
    pool *p = w->p;
    /* the threads set their engines up at once, each its own (loading the rules is the longest
     * step before the first council) */
    int rc = engine_setup(p, w, w->err, sizeof w->err);
    pthread_mutex_lock(&p->mu);
    w->ready = rc == SC_OK ? 1 : -1;
    w->open_rc = rc;
    p->opened++;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    if (rc != SC_OK) return NULL;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->stop && (!p->go || (p->next < p->nu && p->next >= p->taken + p->ahead))) pthread_cond_wait(&p->cv, &p->mu);
        if (p->stop || p->next >= p->nu) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        size_t k = p->next++;
        pthread_mutex_unlock(&p->mu);
        check_council(w, k);
        pthread_mutex_lock(&p->mu);
        p->s[k].done = 1;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
}

static void worker_free(worker *w)
{
    host_checker_free(&w->ck);
    engine_close(w->ck.eng);
    store_close(w->ck.st);
    findings_clear(&w->fs);
}

/* Opens thread i's store, on this thread: a peer reads the run's store, whose connection is this
 * thread's. */
static int worker_open(pool *p, worker *w, char *errbuf, size_t errlen)
{
    sc_host *h = p->h;
    memset(w, 0, sizeof *w);
    w->p = p;
    w->ck.h = h;
    w->ck.fs = &w->fs;
    w->ck.diag = keep_diag;
    w->ck.diag_ud = w;
    int whole = 0; /* a rule that reads every council (query_scope "all") sees them on any thread */
    for (int r = 0; r < h->eng->nrules; r++) whole |= h->eng->rules[r].query_all;
    int rc = store_open_peer(h->st, &w->ck.st, whole, errbuf, errlen);
    if (rc == SC_OK) host_checker_init(&w->ck);
    return rc;
}

/* Sets up w's engine as the host's was, on w's thread. */
static int engine_setup(pool *p, worker *w, char *errbuf, size_t errlen)
{
    sc_host *h = p->h;
    int rc = engine_open(&w->ck.eng, &h->eng->lim, w->ck.st, &w->fs, keep_diag, w, errbuf, errlen);
    /* require()'s folders as the host has them: those given first, in their order */
    if (rc == SC_OK) rc = engine_set_pack(w->ck.eng, h->eng->pack);
    for (int i = 0; rc == SC_OK && i < h->eng->ndirs; i++) rc = engine_add_rule_path(w->ck.eng, h->eng->dirs[i], 1);
    if (rc == SC_OK) {
        w->ck.eng->reg = &h->reg;
        rc = host_replay(h, w->ck.eng, errbuf, errlen);
    }
    return rc;
}

/* Reports diagnostics a thread kept, through the host's callback. */
static void replay(sc_host *h, const wdiag *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (h->diag) h->diag(h->diag_ud, d[i].level, d[i].file, d[i].line, d[i].col, d[i].msg);
}

static void wdiags_free(wdiag *d, size_t n)
{
    for (size_t i = 0; i < n; i++) { free(d[i].file); free(d[i].msg); }
    free(d);
}

int host_run_threads(sc_host *h, const host_unit *u, size_t nu, int threads, host_unit_done done, void *ud, int *errors)
{
    pool p = { .h = h, .u = u, .nu = nu, .ahead = (size_t)threads * 4, .mu = PTHREAD_MUTEX_INITIALIZER,
               .cv = PTHREAD_COND_INITIALIZER, .store_mu = PTHREAD_MUTEX_INITIALIZER };
    worker *w = calloc((size_t)threads, sizeof *w);
    p.s = calloc(nu, sizeof *p.s);
    if (!w || !p.s) {
        free(w);
        free(p.s);
        return host_fail(h, SC_NOMEM, "out of memory");
    }
    int rc = SC_OK, n = 0;
    for (; rc == SC_OK && n < threads; n++)
        if ((rc = worker_open(&p, &w[n], h->err, sizeof h->err)) != SC_OK) worker_free(&w[n]);
    if (rc != SC_OK) n--;
    int started = 0;
    for (int i = 0; rc == SC_OK && i < n; i++) {
        if (pthread_create(&w[i].thread, NULL, work, &w[i]) != 0) rc = host_fail(h, SC_NOMEM, "cannot start a thread");
        else w[i].started = 1, started++;
    }
    /* no council is taken before every engine is set up: an error in one (the first thread's,
     * as when they were set up one after another) fails the run */
    pthread_mutex_lock(&p.mu);
    while (p.opened < started) pthread_cond_wait(&p.cv, &p.mu);
    for (int i = 0; rc == SC_OK && i < n; i++)
        if (w[i].ready < 0) {
            snprintf(h->err, sizeof h->err, "%s", w[i].err);
            rc = w[i].open_rc;
        }
    p.go = rc == SC_OK;
    pthread_cond_broadcast(&p.cv);
    pthread_mutex_unlock(&p.mu);
    /* the councils in order, as the threads finish them (and their documents one by one) */
    for (size_t k = 0; rc == SC_OK && k < nu; k++) {
        slot *s = &p.s[k];
        for (size_t used = 0; rc == SC_OK;) {
            pthread_mutex_lock(&p.mu);
            while (!s->done && s->nparts == used) pthread_cond_wait(&p.cv, &p.mu);
            part pt = { { NULL, 0, 0 }, NULL, 0 };
            int have = used < s->nparts;
            if (have) {
                pt = s->parts[used];
                memset(&s->parts[used++], 0, sizeof pt);
            } else {
                p.taken = k + 1;
                pthread_cond_broadcast(&p.cv);
            }
            pthread_mutex_unlock(&p.mu);
            if (!have) break;
            replay(h, pt.d, pt.nd);
            wdiags_free(pt.d, pt.nd);
            pthread_mutex_lock(&p.store_mu);
            rc = done(ud, k, &pt.fs, 0);
            pthread_mutex_unlock(&p.store_mu);
            findings_clear(&pt.fs);
        }
        if (rc != SC_OK) break;
        replay(h, s->d, s->nd);
        *errors += s->errors;
        h->reused += s->reused;
        if (s->rc != SC_OK) rc = host_fail(h, s->rc, "%s", s->err);
        else {
            pthread_mutex_lock(&p.store_mu);
            rc = done(ud, k, &s->fs, 1);
            pthread_mutex_unlock(&p.store_mu);
        }
    }
    pthread_mutex_lock(&p.mu);
    p.stop = 1;
    pthread_cond_broadcast(&p.cv);
    pthread_mutex_unlock(&p.mu);
    for (int i = 0; i < n; i++) {
        if (w[i].started) pthread_join(w[i].thread, NULL);
        /* --profile: what the threads' rules did, on the host's rules */
        for (int r = 0; w[i].ck.eng && r < h->eng->nrules && r < w[i].ck.eng->nrules; r++) {
            rule *a = &h->eng->rules[r];
            const rule *b = &w[i].ck.eng->rules[r];
            if (strcmp(a->id, b->id)) continue;
            a->prof_calls += b->prof_calls;
            a->prof_skipped += b->prof_skipped;
            a->prof_matches += b->prof_matches;
            a->prof_time += b->prof_time;
        }
        worker_free(&w[i]);
    }
    for (size_t k = 0; k < nu; k++) {
        findings_clear(&p.s[k].fs);
        wdiags_free(p.s[k].d, p.s[k].nd);
        for (size_t j = 0; j < p.s[k].nparts; j++) {
            findings_clear(&p.s[k].parts[j].fs);
            wdiags_free(p.s[k].parts[j].d, p.s[k].parts[j].nd);
        }
        free(p.s[k].parts);
    }
    free(p.s);
    free(w);
    pthread_mutex_destroy(&p.mu);
    pthread_mutex_destroy(&p.store_mu);
    pthread_cond_destroy(&p.cv);
    return rc;
}
