/*
 * host.c — the public API of scrutiny.h: inputs -> loader -> store -> engine -> findings -> sink.
 *
 * A document is parsed when it is added (so a bad file is reported at once and nothing of it is
 * stored) and stored once per content hash. The run queue keeps only store ids: each document is
 * read back and parsed again when its turn comes, so memory stays flat however large the corpus
 * and a run over a persistent --db needs no input files at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "../include/scrutiny.h"
#include "core/config.h"
#include "core/dir.h"
#include "core/expr.h"
#include "core/text.h"
#include "findings/escalate.h"
#include "findings/findings.h"
#include "findings/waivers.h"
#include "load/load.h"
#include "load/scorecard.h"
#include "lua/engine.h"
#include "plugin/builtin.h"
#include "plugin/registry.h"
#include "sink/sink.h"
#include "store/store.h"

typedef struct queued {
    int64_t id;
    char *path;
    char date[32]; /* the meeting's, filled when the run starts */
    char *council; /* the meeting's (owned), filled when the run starts */
    int scorecard;
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
};

/* An input a loader is turning into minutes text (the sc_input of the plugin ABI). */
struct sc_input {
    sc_host *h;
    const char *path;
    sbuf text;
    int *ml, *mc; /* input line and column of each text line */
    int n, cap;
    int identity; /* every line came from the same line, column 1 */
    int errors;
};

static const char *const status_names[] = {
    "ok", "error", "out of memory", "input/output error", "parse error",
    "rule error", "database error", "usage error", "not found",
};

const char *sc_strerror(int status)
{
    if (status < 0 || (size_t)status >= sizeof status_names / sizeof *status_names) return "unknown status";
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

static int fail(sc_host *h, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(sc_host *h, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->err, sizeof h->err, fmt, ap);
    va_end(ap);
    return rc;
}

static void report(sc_host *h, sc_diag_level lv, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(sc_host *h, sc_diag_level lv, const char *file, const char *fmt, ...)
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

int sc_host_open(sc_host **out, const sc_options *opts, char *errbuf, size_t errlen)
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
    int rc = store_open(&h->st, o.db_path, errbuf, errlen);
    if (rc != SC_OK) goto fail;
    engine_limits lim = {
        o.instr_budget > 0 ? o.instr_budget : 100000000LL,
        o.deadline_s > 0 ? o.deadline_s : 1.0,
        o.mem_limit > 0 ? o.mem_limit : (size_t)256 << 20,
    };
    rc = engine_open(&h->eng, &lim, h->st, &h->fs, record_diag, h, errbuf, errlen);
    if (rc != SC_OK) goto fail;
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
    free(h->dup_of[0]);
    free(h->dup_of[1]);
    for (size_t i = 0; i < h->ndiags; i++) { free(h->diags[i].file); free(h->diags[i].message); }
    free(h->diags);
    free(h->sink_rules);
    for (int k = 0; k < BUILTIN_SINKS; k++) sink_state_free(&h->sink_states[k]);
    free(h);
}

const char *sc_host_errmsg(const sc_host *h) { return h ? h->err : "no host"; }

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

int sc_host_load_rules(sc_host *h, const char *path)
{
    h->err[0] = '\0';
    struct stat sb;
    if (stat(path, &sb) != 0) {
        report(h, SC_DIAG_ERROR, path, "cannot read rule file: %s", strerror(errno));
        return SC_NOTFOUND;
    }
    if (!S_ISDIR(sb.st_mode)) {
        int rc = engine_load_file(h->eng, path);
        if (rc != SC_OK) fail(h, rc, "%s: the rule file has errors", path);
        return rc;
    }
    char **names;
    size_t n;
    int lr = dir_list(path, ".lua", &names, &n);
    if (lr == -2) return fail(h, SC_NOMEM, "out of memory");
    if (lr) {
        report(h, SC_DIAG_ERROR, path, "cannot open folder: %s", strerror(errno));
        return SC_IO;
    }
    if (n == 0) { /* a wrong folder would otherwise run nothing and pass */
        dir_list_free(names, n);
        report(h, SC_DIAG_ERROR, path, "no rule files (*.lua) in this folder");
        return SC_NOTFOUND;
    }
    int rc = SC_OK;
    for (size_t i = 0; i < n && rc != SC_NOMEM; i++) {
        int r = engine_load_file(h->eng, names[i]);
        if (r != SC_OK) rc = r;
    }
    dir_list_free(names, n);
    if (rc != SC_OK) return fail(h, rc, "%s: some rule files have errors", path);
    return load_pack_config(h, path);
}

static size_t seen_slot(const int64_t *set, size_t cap, int64_t id)
{
    size_t i = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull) & (cap - 1);
    while (set[i] && set[i] != id) i = (i + 1) & (cap - 1);
    return i;
}

/* The slot of `id` in the set of queued ids, grown first so that one more fits: *slot holds `id`
 * when it is queued already, 0 where it goes. -1 when out of memory. Store ids are rowids
 * (>= 1), so 0 marks an empty slot. The set keeps enqueue linear in the corpus. */
static int seen_lookup(sc_host *h, int64_t id, size_t *slot)
{
    if ((h->nq + 1) * 2 > h->nseen) {
        size_t nc = h->nseen ? h->nseen * 2 : 256;
        int64_t *v = calloc(nc, sizeof *v);
        if (!v) return -1;
        for (size_t i = 0; i < h->nseen; i++)
            if (h->seen[i]) v[seen_slot(v, nc, h->seen[i])] = h->seen[i];
        free(h->seen);
        h->seen = v;
        h->nseen = nc;
    }
    *slot = seen_slot(h->seen, h->nseen, id);
    return 0;
}

/* Queues stored document `id` for the run, once, marked by the kind the store gives it. */
static int enqueue(sc_host *h, int64_t id, const char *path)
{
    size_t slot;
    if (seen_lookup(h, id, &slot)) return SC_NOMEM;
    if (h->seen[slot]) { /* the same content twice is one document: said once the run starts */
        if (!h->ndup++)
            for (size_t i = 0; i < h->nq; i++)
                if (h->q[i].id == id) {
                    h->dup_of[0] = text_dup(path, strlen(path));
                    h->dup_of[1] = text_dup(h->q[i].path, strlen(h->q[i].path));
                }
        return SC_OK;
    }
    char kind[64];
    if (store_kind(h->st, id, kind, sizeof kind)) return fail(h, SC_DB, "database: %s", sqlite3_errmsg(store_db(h->st)));
    if (h->nq == h->capq) {
        size_t nc = h->capq ? h->capq * 2 : 64;
        queued *v = realloc(h->q, nc * sizeof *v);
        if (!v) return SC_NOMEM;
        h->q = v;
        h->capq = nc;
    }
    h->q[h->nq].council = NULL;
    if (!(h->q[h->nq].path = text_dup(path, strlen(path)))) return SC_NOMEM;
    h->q[h->nq].scorecard = !strcmp(kind, "scorecard");
    h->q[h->nq++].id = id;
    h->seen[slot] = id;
    return SC_OK;
}

typedef struct diag_relay {
    sc_host *h;
    int errors;
    const sc_input *in; /* positions are in its text: map them back to the input */
} diag_relay;

static void relay(void *ud, sc_diag_level lv, const char *file, int line, int col, const char *msg)
{
    diag_relay *r = ud;
    if (lv == SC_DIAG_ERROR) r->errors++;
    if (r->in && !r->in->identity && line >= 1 && line <= r->in->n) {
        col = r->in->mc[line - 1] + (col > 0 ? col - 1 : 0);
        line = r->in->ml[line - 1];
    }
    if (r->h->diag) r->h->diag(r->h->diag_ud, lv, file, line, col, msg);
}

void host_input_report(sc_input *in, sc_diag_level level, int line, int col, const char *message)
{
    if (!in) return;
    if (level == SC_DIAG_ERROR) in->errors++;
    if (in->h->diag) in->h->diag(in->h->diag_ud, level, in->path, line, col, message);
}

int host_input_emit(sc_input *in, const char *text, size_t len, int src_line, int src_col)
{
    if (in->n == in->cap) {
        int nc = in->cap ? in->cap * 2 : 256;
        int *a = realloc(in->ml, (size_t)nc * sizeof *a);
        if (a) in->ml = a;
        int *b = realloc(in->mc, (size_t)nc * sizeof *b);
        if (b) in->mc = b;
        if (!a || !b) return -1;
        in->cap = nc;
    }
    if (src_line != in->n + 1 || src_col != 1) in->identity = 0;
    in->ml[in->n] = src_line;
    in->mc[in->n++] = src_col < 1 ? 1 : src_col;
    sbuf_add(&in->text, text, len);
    sbuf_addc(&in->text, '\n');
    return in->text.oom ? -1 : 0;
}

/* Runs `loader` over an input and parses the minutes text it emits. On success *out is the
 * document, its spans mapped back to the input when the loader moved lines. */
static int parse_input(sc_host *h, const reg_loader *loader, const char *name, const char *data, size_t len,
                       model_doc **out, int *errors)
{
    sc_input in = { h, name, { 0 }, NULL, NULL, 0, 0, 1, 0 };
    *out = NULL;
    int rc = SC_OK;
    if (loader->load(loader->ud, &in, name, data, len) != 0 || in.errors || in.text.oom) {
        if (!in.errors) host_input_report(&in, SC_DIAG_ERROR, 0, 0, in.text.oom ? "out of memory" : "the loader failed");
        snprintf(h->err, sizeof h->err, "%s: the %s loader could not read it", name, loader->name);
        rc = SC_PARSE;
    } else {
        diag_relay r = { h, 0, &in };
        load_diag dg = { relay, &r, name };
        rc = load_minutes(name, in.text.s ? in.text.s : "", in.text.len, &dg, out, h->err, sizeof h->err);
        if (rc == SC_OK && !in.identity) {
            (*out)->map_line = in.ml;
            (*out)->map_col = in.mc;
            (*out)->nmap = in.n;
            in.ml = in.mc = NULL;
        }
    }
    if (rc != SC_OK) (*errors)++;
    sbuf_free(&in.text);
    free(in.ml);
    free(in.mc);
    return rc;
}

static int is_yaml_scorecard(const char *name)
{
    size_t l = strlen(name);
    return l > 15 && !strcmp(name + l - 15, ".scorecard.yaml");
}

static int parse_scorecard(sc_host *h, const char *name, const char *data, size_t len, scorecard **sc)
{
    diag_relay r = { h, 0, NULL };
    load_diag dg = { relay, &r, name };
    return is_yaml_scorecard(name) ? scorecard_parse_yaml(name, data, len, &h->eng->cat, &dg, sc, h->err, sizeof h->err)
                                   : scorecard_parse(name, data, len, &h->eng->cat, &dg, sc, h->err, sizeof h->err);
}

static int add_scorecard(sc_host *h, const char *name, const char *data, size_t len, uint64_t hi, uint64_t lo)
{
    scorecard *sc = NULL;
    int rc = parse_scorecard(h, name, data, len, &sc);
    if (rc != SC_OK) return rc;
    int64_t id;
    rc = store_ingest_scorecard(h->st, sc, hi, lo, data, len, &id, h->err, sizeof h->err);
    scorecard_free(sc);
    if (rc != SC_OK) {
        report(h, SC_DIAG_ERROR, name, "%s", h->err);
        return rc;
    }
    h->stored++;
    return enqueue(h, id, name);
}

int sc_host_add_buffer(sc_host *h, const char *name, const char *data, size_t len)
{
    h->err[0] = '\0';
    XXH128_hash_t hash = XXH3_128bits(data, len);
    int64_t id;
    int found = store_find(h->st, hash.high64, hash.low64, &id);
    if (found < 0) return fail(h, SC_DB, "database: %s", sqlite3_errmsg(store_db(h->st)));
    if (found) return enqueue(h, id, name);
    const reg_loader *loader = registry_loader_for(&h->reg, name, data, len);
    if (!loader) loader = registry_loader_named(&h->reg, "minutes"); /* stdin, or no extension */
    if (loader->load == builtin_scorecard_load) return add_scorecard(h, name, data, len, hash.high64, hash.low64);
    model_doc *d = NULL;
    int errors = 0;
    int rc = parse_input(h, loader, name, data, len, &d, &errors);
    if (rc != SC_OK) return rc;
    d->hash_hi = hash.high64;
    d->hash_lo = hash.low64;
    rc = store_ingest(h->st, d, loader->name, data, len, &id, h->err, sizeof h->err);
    model_doc_free(d);
    if (rc != SC_OK) {
        report(h, SC_DIAG_ERROR, name, "%s", h->err);
        return rc;
    }
    h->stored++;
    return enqueue(h, id, name);
}

static int too_large(sc_host *h, const char *path)
{
    char msg[160];
    snprintf(msg, sizeof msg, "input is larger than the limit of %zu MiB (--max-input)", h->max_input >> 20);
    snprintf(h->err, sizeof h->err, "%s:1:1: %s", path, msg);
    if (h->diag) h->diag(h->diag_ud, SC_DIAG_ERROR, path, 1, 1, msg);
    return SC_PARSE;
}

enum { FIFO_WAIT_MS = 5000 }; /* how long a named pipe may wait for its writer's first bytes */

/* Opens an input named on the command line: a regular file, or a pipe (-i <(command)) whose
 * writer shows up within FIFO_WAIT_MS. A pipe nobody writes to would block the run for ever, and
 * a device (a terminal, /dev/zero) is not minutes. NULL after reporting. */
static FILE *open_input(sc_host *h, const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        report(h, SC_DIAG_ERROR, path, "cannot open: %s", strerror(errno));
        if (fd >= 0) close(fd);
        return NULL;
    }
    if (S_ISFIFO(sb.st_mode)) {
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, FIFO_WAIT_MS) == 0) {
            report(h, SC_DIAG_ERROR, path, "a pipe with no writer for %d s: not read", FIFO_WAIT_MS / 1000);
            close(fd);
            return NULL;
        }
    } else if (!S_ISREG(sb.st_mode)) {
        report(h, SC_DIAG_ERROR, path, "not a regular file or a pipe: not read");
        close(fd);
        return NULL;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        report(h, SC_DIAG_ERROR, path, "cannot open: %s", strerror(errno));
        close(fd);
    }
    return f;
}

static int add_file(sc_host *h, const char *path)
{
    int is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : open_input(h, path);
    if (!f) return SC_IO;
    struct stat sb;
    if (!is_stdin && fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && (uint64_t)sb.st_size > h->max_input) {
        fclose(f);
        return too_large(h, path);
    }
    char *data;
    size_t len;
    errno = 0;
    int bad = text_read_stream(f, h->max_input, &data, &len);
    int err = errno;
    if (!is_stdin) fclose(f);
    if (bad == -2) return too_large(h, is_stdin ? "<stdin>" : path);
    if (bad) {
        report(h, SC_DIAG_ERROR, path, "cannot read: %s", err ? strerror(err) : "out of memory");
        return SC_IO;
    }
    int rc = sc_host_add_buffer(h, is_stdin ? "<stdin>" : path, data, len);
    free(data);
    return rc;
}

/* Inputs a folder contributes: files whose extension a loader claims (minutes *.txt, *.md,
 * *.text; scorecards *.csv, *.scorecard.yaml; a plugin's types); a README.* beside them
 * documents the folder and is not read. */
static int is_input_name(const sc_host *h, const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    if (text_istarts(base, strlen(base), "readme.")) return 0;
    return registry_loader_for(&h->reg, name, NULL, 0) != NULL;
}

static int add_dir(sc_host *h, const char *path, int depth)
{
    if (depth > 32) {
        report(h, SC_DIAG_ERROR, path, "folders nested too deep");
        return SC_IO;
    }
    char **names;
    size_t n;
    int lr = dir_list(path, NULL, &names, &n);
    if (lr == -2) return fail(h, SC_NOMEM, "out of memory");
    if (lr) {
        report(h, SC_DIAG_ERROR, path, "cannot open folder: %s", strerror(errno));
        return SC_IO;
    }
    int rc = SC_OK;
    for (size_t i = 0; i < n && rc != SC_NOMEM; i++) {
        struct stat sb;
        if (stat(names[i], &sb) != 0) continue;
        int r = SC_OK;
        if (S_ISDIR(sb.st_mode)) r = add_dir(h, names[i], depth + 1);
        else if (S_ISREG(sb.st_mode) && is_input_name(h, names[i])) {
            h->found++;
            r = add_file(h, names[i]);
        }
        if (r != SC_OK && rc == SC_OK) rc = r;
    }
    dir_list_free(names, n);
    return rc;
}

int sc_host_add_input(sc_host *h, const char *path)
{
    h->err[0] = '\0';
    struct stat sb;
    if (strcmp(path, "-") && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        size_t before = h->found;
        int rc = add_dir(h, path, 0);
        if (rc == SC_OK && h->found == before) {
            sbuf types = {0};
            for (int i = 0; i < h->reg.nloaders; i++)
                for (char **x = h->reg.loaders[i].ext; x && *x; x++) sbuf_printf(&types, "%s*%s", types.len ? ", " : "", *x);
            report(h, SC_DIAG_ERROR, path, "no minutes or scorecards in this folder (looked for %s; README.* is skipped)",
                   types.s ? types.s : "");
            sbuf_free(&types);
            return SC_NOTFOUND;
        }
        return rc;
    }
    return add_file(h, path);
}

static int queue_stored(void *ud, int64_t id, const char *path, const char *content, size_t len)
{
    (void)content;
    (void)len;
    return enqueue(ud, id, path);
}

int sc_host_add_stored(sc_host *h)
{
    h->err[0] = '\0';
    return store_each(h->st, queue_stored, h, h->err, sizeof h->err);
}

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
        if (!x) return fail(h, SC_PARSE, "%s: escalation '%s': %s", l->v[k].where, l->v[k].id, err);
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
                return fail(h, SC_PARSE, "%s: escalation '%s': '%s' names no rule%s%s%s", l->v[k].where, l->v[k].id, a,
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

/* A diagnostic about "file:line:col" (a configuration's position of something). */
static void diag_at(sc_host *h, sc_diag_level lv, const char *where, const char *msg)
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
        if (waivable && findings_set_waived(f, why) != SC_OK) return fail(h, SC_NOMEM, "out of memory");
    }
    int rc = escalate_run(&h->fs, e->escs.v, e->escs.n, rule_tags, e, engine_check_escalation, e, h->err, sizeof h->err);
    if (rc == SC_OK) rc = score_run(&h->fs, &e->escs.score);
    if (rc == SC_NOMEM) fail(h, rc, "out of memory");
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
        if (prc < 0) return fail(h, SC_NOMEM, "out of memory");
        if (prc > 0) return fail(h, SC_DB, "database: %s", sqlite3_errmsg(store_db(h->st)));
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

/* The loader a stored document was read with (minutes when the plugin is gone). */
static const reg_loader *stored_loader(sc_host *h, int64_t id)
{
    char kind[64];
    store_kind(h->st, id, kind, sizeof kind);
    const reg_loader *l = registry_loader_named(&h->reg, kind);
    if (!l || l->load == builtin_scorecard_load) l = registry_loader_named(&h->reg, "minutes");
    return l;
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
    for (size_t i = from; i < to; i++) {
        finding *f = &h->fs.v[i];
        const queued *q = f->doc_order < h->nq ? &h->q[f->doc_order] : NULL;
        if (q && f->doc_order != last) {
            if (store_committee(h->st, q->id, committee, sizeof committee))
                return fail(h, SC_DB, "database: %s", sqlite3_errmsg(store_db(h->st)));
            last = f->doc_order;
        }
        const char *title, *tags;
        rule_words(h, f->rule, &title, &tags);
        if (findings_describe(f, q && !q->scorecard ? q->date : NULL, q && !q->scorecard ? committee : NULL, title, tags))
            return fail(h, SC_NOMEM, "out of memory");
    }
    return SC_OK;
}

/* Appends file `path` to b, with its name (nothing when it cannot be read). */
static void add_file_to(sbuf *b, const char *path)
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
    for (int d = 0; d < h->eng->ndirs; d++) {
        for (int sub = 0; sub < 2; sub++) {
            sbuf dir = {0};
            sbuf_printf(&dir, "%s%s", h->eng->dirs[d], sub ? "/lib" : "");
            char **names;
            size_t n;
            if (!dir.oom && dir_list(dir.s, NULL, &names, &n) == 0) {
                for (size_t k = 0; k < n; k++) {
                    size_t l = strlen(names[k]);
                    if ((l > 4 && !strcmp(names[k] + l - 4, ".lua")) || (l > 5 && !strcmp(names[k] + l - 5, ".yaml")))
                        add_file_to(&b, names[k]);
                }
                dir_list_free(names, n);
            }
            sbuf_free(&dir);
        }
    }
    for (int r = 0; r < h->eng->nrules; r++) /* a rule file outside those folders */
        if (r == 0 || strcmp(h->eng->rules[r].file, h->eng->rules[r - 1].file)) sbuf_printf(&b, "\n%s", h->eng->rules[r].file);
    if (b.oom) { sbuf_free(&b); return fail(h, SC_NOMEM, "out of memory"); }
    XXH128_hash_t x = XXH3_128bits(b.s ? b.s : "", b.len);
    snprintf(h->ruleset, sizeof h->ruleset, "%016llx%016llx", (unsigned long long)x.high64, (unsigned long long)x.low64);
    sbuf_free(&b);
    return SC_OK;
}

/* Checks queued minutes document i: read back, parse, run the rules, keep its facts. With a
 * --db store, a document already checked with this rule set is not checked again: its findings
 * are reported from the store, unless an earlier meeting of its council was checked in this run
 * (*dirty), whose facts it may read. Returns SC_OK (rule errors counted in *errors) or a fatal
 * status. */
static int check_doc(sc_host *h, size_t i, int *errors, int *dirty)
{
    if (h->ruleset[0] && !*dirty) {
        int c = store_checked(h->st, h->q[i].id, h->ruleset);
        if (c < 0) return fail(h, SC_DB, "database: %s", sqlite3_errmsg(store_db(h->st)));
        if (c) {
            int rc = store_reuse_findings(h->st, h->q[i].id, h->ruleset, &h->fs, h->q[i].path, i);
            if (rc == SC_NOMEM) return fail(h, rc, "out of memory");
            if (rc != SC_OK) return fail(h, rc, "database: %s", sqlite3_errmsg(store_db(h->st)));
            h->reused++;
            return SC_OK;
        }
    }
    *dirty = 1;
    char *data;
    size_t len;
    int rc = store_content(h->st, h->q[i].id, &data, &len, h->err, sizeof h->err);
    if (rc != SC_OK) return rc;
    model_doc *d = NULL;
    rc = parse_input(h, stored_loader(h, h->q[i].id), h->q[i].path, data, len, &d, errors);
    free(data);
    if (rc != SC_OK) return SC_OK;
    int began = store_begin(h->st) == 0; /* facts recorded by the rules land with the document */
    size_t from = h->fs.n;
    int e = engine_run_doc(h->eng, d, h->q[i].id, i);
    model_doc_free(d);
    /* a document whose rules all ran is done with this rule set; one with an error is not */
    if (e == 0 && h->ruleset[0] && store_keep_checked(h->st, h->q[i].id, h->ruleset, &h->fs, from)) {
        if (began) store_commit(h->st);
        return fail(h, SC_DB, "database: %s", sqlite3_errmsg(store_db(h->st)));
    }
    if (began && store_commit(h->st) != 0) return fail(h, SC_DB, "database: saving facts: %s", sqlite3_errmsg(store_db(h->st)));
    if (e < 0) return fail(h, SC_NOMEM, "out of memory");
    *errors += e;
    return SC_OK;
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
            if (!v) return fail(h, SC_NOMEM, "out of memory");
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

static void tell_progress(sc_host *h, size_t done, size_t total)
{
    if (h->progress) h->progress(h->progress_ud, done, total, h->reported + h->fs.n);
}

int sc_host_run(sc_host *h)
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
        report(h, SC_DIAG_WARNING, NULL, "%zu input%s repeat%s the content of another and %s checked once (%s is the same as %s)",
               h->ndup, h->ndup == 1 ? "" : "s", h->ndup == 1 ? "s" : "", h->ndup == 1 ? "is" : "are",
               h->dup_of[0] ? h->dup_of[0] : "?", h->dup_of[1] ? h->dup_of[1] : "?");
        h->ndup = 0;
    }
    for (int i = 0; i < h->waive.n; i++) h->waive.v[i].hits = 0;
    size_t nmin = 0;
    for (size_t i = 0; i < h->nq; i++) {
        char council[512];
        if (store_meeting_of(h->st, h->q[i].id, council, sizeof council, h->q[i].date, sizeof h->q[i].date))
            return fail(h, SC_DB, "database: %s", sqlite3_errmsg(store_db(h->st)));
        free(h->q[i].council);
        if (!(h->q[i].council = text_dup(council, strlen(council)))) return fail(h, SC_NOMEM, "out of memory");
        nmin += !h->q[i].scorecard;
    }
    if (h->nq > 1) qsort(h->q, h->nq, sizeof *h->q, cmp_queued);
    pairs ps = { NULL, 0, 0, 0 };
    int rc = gather_pairs(h, &ps);
    if (rc == SC_OK && h->nstreams && prepare_sink_run(h) != SC_OK) rc = fail(h, SC_NOMEM, "out of memory");
    for (int k = 0; rc == SC_OK && k < h->nstreams; k++) {
        stream_out *o = &h->streams[k];
        o->bad = o->sk->begin ? o->sk->begin(o->sk->ud, o->out) : 0;
    }
    /* council by council: its meetings, then its indicator series; a streaming run finishes
     * and writes each council's findings before the next council starts */
    int errors = 0;
    int64_t run = 0;
    size_t i = 0, k = 0;
    while (rc == SC_OK && (i < nmin || k < ps.n)) {
        const char *c = i < nmin && (k >= ps.n || strcmp(h->q[i].council, ps.v[k].council) <= 0) ? h->q[i].council
                                                                                            : ps.v[k].council;
        int dirty = 0;
        for (; rc == SC_OK && i < nmin && !strcmp(h->q[i].council, c); i++) {
            rc = check_doc(h, i, &errors, &dirty);
            tell_progress(h, i + 1, nmin);
        }
        for (; rc == SC_OK && k < ps.n && !strcmp(ps.v[k].council, c); k++) {
            int e = engine_run_series(h->eng, ps.v[k].council, ps.v[k].indicator, ps.v[k].order);
            if (e < 0) rc = fail(h, SC_NOMEM, "out of memory");
            else errors += e;
        }
        if (rc == SC_OK) rc = finish_findings(h, &errors, &run);
    }
    pairs_free(&ps);
    /* the run's findings, council by council as they were finished */
    findings_clear(&h->fs);
    h->fs = h->kept;
    memset(&h->kept, 0, sizeof h->kept);
    if (rc == SC_OK)
        for (int w = 0; w < h->waive.n; w++)
            if (!h->waive.v[w].hits && !h->waive.v[w].unknown)
                diag_at(h, SC_DIAG_WARNING, h->waive.v[w].where, "this waiver matched no finding of the run: is it stale?");
    int bad = 0;
    h->run.diags = h->diags; /* what was reported since begin() */
    h->run.ndiags = h->ndiags;
    for (int s = 0; s < h->nstreams; s++) {
        stream_out *o = &h->streams[s];
        if (!o->bad && o->sk->end) o->bad = o->sk->end(o->sk->ud, o->out);
        bad |= o->bad;
    }
    if (rc != SC_OK) return rc;
    if (bad) return fail(h, SC_IO, "writing findings: %s", errno ? strerror(errno) : "the sink failed");
    if (errors) return fail(h, SC_RULE, "%d rule error%s during the run", errors, errors == 1 ? "" : "s");
    return SC_OK;
}

int sc_host_apply_config(sc_host *h, const sc_config *cfg)
{
    h->err[0] = '\0';
    const ynode *root = config_root(cfg);
    add_file_to(&h->setup, sc_config_path(cfg));
    int rc = settings_apply(h->eng, root, sc_config_path(cfg), h->err, sizeof h->err);
    if (rc == SC_OK) rc = esc_list_load(&h->eng->escs, root, sc_config_path(cfg), h->err, sizeof h->err);
    const ynode *sel = ytree_get(root, "select", NULL);
    if (rc == SC_OK && sel)
        rc = settings_select(h->eng, sel->s, sc_config_path(cfg), sel->line, sel->col + (sel->quoted ? 1 : 0), h->err,
                             sizeof h->err);
    return rc;
}

int sc_host_add_catalogue(sc_host *h, const char *path)
{
    h->err[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) return fail(h, SC_IO, "%s: cannot open: %s", path, strerror(errno));
    char *data;
    size_t len;
    int bad = text_read_stream(f, (size_t)16 << 20, &data, &len);
    fclose(f);
    if (bad) return fail(h, SC_IO, "%s: cannot read", path);
    int rc = catalogue_add(&h->eng->cat, path, data, len, h->err, sizeof h->err);
    sbuf_printf(&h->setup, "\ncatalogue %s\n", path);
    sbuf_add(&h->setup, data, len);
    free(data);
    return rc;
}

int sc_host_set(sc_host *h, const char *assignment)
{
    h->err[0] = '\0';
    sbuf_printf(&h->setup, "\nset %s", assignment);
    return settings_set(h->eng, assignment, h->err, sizeof h->err);
}

int sc_host_select(sc_host *h, const char *expression)
{
    h->err[0] = '\0';
    sbuf_printf(&h->setup, "\nselect %s", expression);
    return settings_select(h->eng, expression, NULL, 0, 0, h->err, sizeof h->err);
}

static void warn_waiver(void *ud, const char *file, int line, int col, const char *msg)
{
    sc_host *h = ud;
    if (h->diag) h->diag(h->diag_ud, SC_DIAG_WARNING, file, line, col, msg);
}

int sc_host_load_waivers(sc_host *h, const char *path)
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
        diag_at(h, SC_DIAG_WARNING, h->waive.v[i].where, msg);
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

int sc_host_load_baseline(sc_host *h, const char *path)
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
                              r->prof_calls, r->prof_skipped, r->prof_matches, r->prof_time };
    return &h->info;
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

int sc_host_write(sc_host *h, const char *format, FILE *out)
{
    h->err[0] = '\0';
    const reg_sink *sk = registry_sink(&h->reg, format);
    if (!sk) {
        sbuf names = {0};
        for (int i = 0; i < h->reg.nsinks; i++) sbuf_printf(&names, "%s%s", i ? ", " : "", h->reg.sinks[i].name);
        int rc = fail(h, SC_NOTFOUND, "unknown format '%s' (%s)", format, names.s ? names.s : "");
        sbuf_free(&names);
        return rc;
    }
    if (prepare_sink_run(h) != SC_OK) return fail(h, SC_NOMEM, "out of memory");
    int bad = sk->begin ? sk->begin(sk->ud, out) : 0;
    for (size_t i = 0; !bad && i < h->fs.n; i++) bad = sk->write(sk->ud, out, &h->fs.v[i].pub);
    if (!bad && sk->end) bad = sk->end(sk->ud, out);
    if (bad) return fail(h, SC_IO, "writing findings (%s): %s", format, errno ? strerror(errno) : "the sink failed");
    return SC_OK;
}

int sc_host_has_format(const sc_host *h, const char *format) { return registry_sink(&h->reg, format) != NULL; }

int sc_host_stream(sc_host *h, const char *format, FILE *out)
{
    h->err[0] = '\0';
    /* the built-in sinks that write each finding as it comes; the others keep or reorder the
     * whole run (html, sarif), or are a plugin's, whose findings must live until its end() */
    const reg_sink *sk = registry_sink(&h->reg, format);
    if (!sk || (sk->write != sink_text_write && sk->write != sink_jsonl_write && sk->write != sink_csv_write))
        return fail(h, SC_USAGE, "format '%s' cannot be written while the run goes on", format);
    stream_out *v = realloc(h->streams, (size_t)(h->nstreams + 1) * sizeof *v);
    if (!v) return fail(h, SC_NOMEM, "out of memory");
    h->streams = v;
    h->streams[h->nstreams++] = (stream_out){ sk, out, 0 };
    return SC_OK;
}

size_t sc_host_count(const sc_host *h, sc_severity severity, int waived)
{
    return (int)severity >= 0 && (int)severity < 5 ? h->counts[waived ? 1 : 0][severity] : 0;
}

void sc_host_on_progress(sc_host *h, sc_progress_fn fn, void *ud)
{
    h->progress = fn;
    h->progress_ud = ud;
}

int sc_host_load_plugin(sc_host *h, const char *path)
{
    h->err[0] = '\0';
    add_file_to(&h->setup, path);
    return registry_load(&h->reg, path, h->err, sizeof h->err) ? SC_ERROR : SC_OK;
}

size_t sc_host_plugin_count(const sc_host *h) { return (size_t)h->reg.nplugins; }

int sc_host_plugin(const sc_host *h, size_t i, sc_plugin_view *out)
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

int sc_host_dump(sc_host *h, FILE *out)
{
    h->err[0] = '\0';
    for (size_t i = 0; i < h->nq; i++) {
        char *data;
        size_t len;
        int rc = store_content(h->st, h->q[i].id, &data, &len, h->err, sizeof h->err);
        if (rc != SC_OK) return rc;
        if (h->q[i].scorecard) {
            scorecard *sc = NULL;
            rc = parse_scorecard(h, h->q[i].path, data, len, &sc);
            free(data);
            if (rc != SC_OK) return rc;
            scorecard_dump(sc, out);
            scorecard_free(sc);
            continue;
        }
        model_doc *d = NULL;
        int errors = 0;
        rc = parse_input(h, stored_loader(h, h->q[i].id), h->q[i].path, data, len, &d, &errors);
        free(data);
        if (rc != SC_OK) return rc;
        load_dump(d, out);
        model_doc_free(d);
    }
    return ferror(out) ? fail(h, SC_IO, "writing: %s", strerror(errno)) : SC_OK;
}
