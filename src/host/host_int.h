/*
 * host_int.h — what the files of the host (host.c lifecycle and settings, inputs.c documents in,
 * run.c the run and its outputs) share: the sc_host structure and a few helpers. Private to
 * libscrutiny; the public view is include/scrutiny.h.
 */
#ifndef SC_HOST_INT_H
#define SC_HOST_INT_H

#include <stdint.h>
#include <stdio.h>

#include "../../include/scrutiny.h"
#include "../core/text.h"
#include "../findings/findings.h"
#include "../findings/waivers.h"
#include "../load/load.h"
#include "../lua/engine.h"
#include "../plugin/builtin.h"
#include "../plugin/registry.h"
#include "../sink/sink.h"
#include "../store/store.h"

typedef struct queued {
    int64_t id;
    char *path;
    char date[32]; /* the meeting's, filled when the run starts */
    char *council; /* the meeting's (owned), filled when the run starts */
    int scorecard;
    const reg_loader *loader;  /* minutes: the loader that reads it */
    int reread;                /* the store did not keep its bytes: read from `path` again */
    uint64_t hash_hi, hash_lo; /* then what they must hash to */
} queued;

/* An output that receives findings council by council during sc_host_run (sc_host_stream). */
typedef struct stream_out {
    const reg_sink *sk;
    FILE *out;
    int bad;
} stream_out;

/* A (council, indicator) series the queued scorecards hold, run once; `order` is the queue
 * position of the first scorecard that holds it. */
typedef struct pair {
    char *council, *indicator;
    size_t order;
} pair;

/* A step of the host's set-up that decides what an engine does, kept so that each thread of a
 * parallel run (workers.c) sets up its own engine the same way. */
typedef enum { HOP_RULE_FILE, HOP_CONFIG, HOP_SET, HOP_SELECT, HOP_CATALOGUE, HOP_RULE_BUFFER } host_op_kind;
typedef struct host_op {
    host_op_kind kind;
    char *arg;  /* owned: a path, an assignment, an expression, or a rule file's name */
    char *text; /* owned, HOP_RULE_BUFFER only: the rule file's text, len bytes */
    size_t len;
} host_op;

enum { MAX_DIAGS = 10000 }; /* errors and warnings kept for the outputs; the callback sees all */

struct sc_host {
    char err[1024];
    sc_diag_fn diag;   /* record_diag: keeps the diagnostic, then calls the caller's */
    void *diag_ud;
    sc_diag_fn user_diag;
    void *user_diag_ud;
    sink_diag *diags;
    size_t ndiags, capdiags;
    sink_run run;      /* what the built-in sinks read beside the findings */
    sink_rule *sink_rules;
    sink_state sink_states[BUILTIN_SINKS];
    store *st;
    engine *eng;
    findings fs;
    queued *q;
    size_t nq, capq;
    int64_t *seen; /* open-addressing set of the queued store ids (0 = empty), capacity nseen */
    size_t nseen;
    size_t stored;
    size_t found;      /* input files met in folders, to tell an empty folder */
    size_t ndup;       /* inputs whose content was queued already */
    char *dup_of[2];   /* the first such: the repeat and the input it repeats */
    size_t max_input;
    sc_rule_info info; /* what sc_host_rule() last returned */
    sbuf info_patterns; /* its patterns string */
    waivers waive;
    int show_waived;
    sc_severity min_severity;
    registry reg;
    stream_out *streams; /* sc_host_stream: findings leave as each council is done */
    int nstreams;
    size_t counts[2][5]; /* findings of the last run by [waived][severity], streamed or kept */
    size_t reported;     /* findings streamed so far in this run */
    findings kept;       /* finished councils' findings when not streaming */
    sc_progress_fn progress;
    void *progress_ud;
    sbuf setup;          /* what besides the rule files decides findings: settings, catalogues, plugins */
    char ruleset[33];    /* hash of the rule set, with a --db store ("" in memory) */
    size_t reused;       /* documents of the last run reported from the store unchecked */
    unsigned shard, nshards; /* sc_host_shard: run only the councils of shard `shard` (1-based) of `nshards` */
    host_op *ops;        /* the set-up so far, for the engines of threads */
    int nops;
    int jobs;            /* threads that check councils (sc_host_jobs; 1: this one) */
};

/* What checks documents: the host's own engine and store, or those of a thread of the run. */
typedef struct checker {
    sc_host *h;        /* read only while threads run: the queue, registry, rule set, limits */
    engine *eng;
    store *st;
    findings *fs;      /* where the engine's findings go (the engine's e->fs) */
    sc_diag_fn diag;   /* h->diag, or the thread's record of diagnostics */
    void *diag_ud;
    char err[1024];
    size_t reused;     /* documents reported from the store unchecked */
    int errors;        /* rule errors (and documents that could not be read) */
    /* A store in memory gets a model's rows (items, paragraphs ...) only once a rule queries
     * (ctx:query): until then `rows` is 0 and `pend` lists the queue positions of the council's
     * documents checked without them, which the first query adds (host_model_rows). A --db
     * store gets them always: the file outlives the run. */
    int rows;
    size_t *pend;
    size_t npend, cappend;
    const model_doc *cur; /* the document under check (pend's last), NULL between documents */
} checker;

/* run.c: sets c up on its store (c->st, c->h): model rows as above. */
void host_checker_init(checker *c);

/* run.c: releases what host_checker_init set up (not c->eng, c->st). */
void host_checker_free(checker *c);

/* run.c: checks queued minutes document i with c (see the comment there). SC_OK or a fatal status
 * (c->err says why). */
int host_check_doc(checker *c, size_t i, int *dirty);

/* run.c: c is done with `council`: a store in memory forgets its rows and facts. SC_OK or
 * SC_DB (c->err says why). */
int host_council_done(checker *c, const char *council);

/* host.c: records a step of the set-up (arg copied). */
void host_log(sc_host *h, host_op_kind kind, const char *arg);

/* workers.c: sets up engine e (a thread's, on its own store) as the host's was: rule files,
 * configurations, settings, selections, catalogues, in order. SC_OK or an error in errbuf. */
int host_replay(const sc_host *h, engine *e, char *errbuf, size_t errlen);

/* host.c: h->err from a format, returning rc. */
int host_fail(sc_host *h, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* host.c: an error or warning about `file` (may be NULL) through the diagnostic callback; an
 * error also becomes h->err. */
void host_report(sc_host *h, sc_diag_level lv, const char *file, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* host.c: a diagnostic about "file:line:col" (a configuration's position of something). */
void host_diag_at(sc_host *h, sc_diag_level lv, const char *where, const char *msg);

/* host.c: appends file `path` to b, with its name (nothing when it cannot be read). */
void host_add_file_to(sbuf *b, const char *path);

/* inputs.c: runs `loader` over an input (name, data, len borrowed) and parses the minutes text it
 * emits: whole, or (meeting_only) only as far as its meeting (load_meeting). Diagnostics go to
 * diag (may be NULL); on failure errbuf says why. On success *out is the document (the caller's),
 * its spans mapped back to the input when the loader moved lines. Thread-safe. */
int host_parse(const reg_loader *loader, const char *name, const char *data, size_t len, int meeting_only, sc_diag_fn diag,
               void *ud, model_doc **out, char *errbuf, size_t errlen);

/* inputs.c: the raw bytes of queued document q into *data (the caller's, NUL-terminated): from
 * store st, or read again from its file, which must not have changed (an error, through diag,
 * when it has). SC_OK, SC_IO, SC_NOMEM or SC_DB. Thread-safe with a store of the thread's own. */
int host_content(store *st, const queued *q, size_t max_input, sc_diag_fn diag, void *ud, char **data, size_t *len,
                 char *errbuf, size_t errlen);

#endif
