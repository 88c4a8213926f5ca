/*
 * inputs.c — documents into the host: files, folders, pipes, stdin and buffers are read, run
 * through their loader and stored once per content hash with their meeting, then queued. Minutes
 * are read here only as far as their meeting (load_meeting: what orders the run, and what refuses
 * a bad file at once); the whole parse happens once, when the document's turn comes (run.c). A
 * store in memory keeps no regular file's bytes: the run reads the file again (and refuses it if
 * it changed), so memory does not grow with the corpus; a --db store keeps them, and a later run
 * over it needs no input files at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "../core/dir.h"
#include "../load/scorecard.h"
#include "../plugin/input.h"
#include "host_int.h"

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

/* Queues stored document `id` for the run, once, marked by its kind (NULL: the store's). */
static int enqueue(sc_host *h, int64_t id, const char *path, const char *known_kind)
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
    if (known_kind) snprintf(kind, sizeof kind, "%s", known_kind);
    else if (store_kind(h->st, id, kind, sizeof kind)) return host_fail(h, SC_DB, "database: %s", sqlite3_errmsg(store_db(h->st)));
    if (h->nq == h->capq) {
        size_t nc = h->capq ? h->capq * 2 : 64;
        queued *v = realloc(h->q, nc * sizeof *v);
        if (!v) return SC_NOMEM;
        h->q = v;
        h->capq = nc;
    }
    memset(&h->q[h->nq], 0, sizeof h->q[h->nq]);
    if (!(h->q[h->nq].path = text_dup(path, strlen(path)))) return SC_NOMEM;
    h->q[h->nq].scorecard = !strcmp(kind, "scorecard");
    const reg_loader *l = registry_loader_named(&h->reg, kind); /* minutes when the plugin is gone */
    h->q[h->nq].loader = l && l->kind == SC_LOADER_MINUTES ? l : registry_loader_named(&h->reg, "minutes");
    h->q[h->nq++].id = id;
    h->seen[slot] = id;
    return SC_OK;
}

typedef struct diag_relay {
    sc_diag_fn fn;
    void *ud;
    int errors;
    const sc_input *in; /* positions are in its text: map them back to the input */
} diag_relay;

static void relay(void *ud, sc_diag_level lv, const char *file, int line, int col, const char *msg)
{
    diag_relay *r = ud;
    if (lv == SC_DIAG_ERROR) r->errors++;
    if (r->in) input_map(r->in, &line, &col);
    if (r->fn) r->fn(r->ud, lv, file, line, col, msg);
}

int host_parse(const reg_loader *loader, const char *name, const char *data, size_t len, int meeting_only, sc_diag_fn diag,
               void *ud, model_doc **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    if (loader->load == builtin_minutes_load && len && data[len - 1] == '\n') {
        /* the minutes loader would copy these bytes line by line, unchanged */
        diag_relay r = { diag, ud, 0, NULL };
        load_diag dg = { relay, &r, name };
        return load_document(name, data, len, NULL, 0, meeting_only, &dg, out, errbuf, errlen);
    }
    sc_input in;
    input_init(&in, name, diag, ud);
    int rc = SC_OK;
    if (loader->load(loader->ud, &in, name, data, len) != 0 || in.errors || in.text.oom) {
        if (!in.errors) input_report(&in, SC_DIAG_ERROR, 0, 0, in.text.oom ? "out of memory" : "the loader failed");
        snprintf(errbuf, errlen, "%s: the %s loader could not read it", name, loader->name);
        rc = SC_PARSE;
    } else {
        diag_relay r = { diag, ud, 0, &in };
        load_diag dg = { relay, &r, name };
        load_preset preset[INPUT_META_N];
        int np = 0;
        for (int k = 0; k < INPUT_META_N; k++)
            if (in.meta[k]) preset[np++] = (load_preset){ input_meta_keys[k], in.meta[k] };
        rc = load_document(name, in.text.s ? in.text.s : "", in.text.len, preset, np, meeting_only, &dg, out, errbuf, errlen);
        if (rc == SC_OK && !in.identity) { /* from now on every span counts in the input */
            (*out)->map_line = in.ml;
            (*out)->map_col = in.mc;
            (*out)->nmap = in.n;
            in.ml = in.mc = NULL;
            model_map_spans(*out);
        }
    }
    input_free(&in);
    return rc;
}

static int parse(sc_host *h, const reg_loader *loader, const char *name, const char *data, size_t len, int meeting_only,
                 model_doc **out)
{
    return host_parse(loader, name, data, len, meeting_only, meeting_only ? NULL : h->diag, h->diag_ud, out, h->err,
                      sizeof h->err);
}

static int is_yaml_scorecard(const char *name)
{
    size_t l = strlen(name);
    return l > 15 && !strcmp(name + l - 15, ".scorecard.yaml");
}

static int parse_scorecard(sc_host *h, const char *name, const char *data, size_t len, scorecard **sc)
{
    diag_relay r = { h->diag, h->diag_ud, 0, NULL };
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
        host_report(h, SC_DIAG_ERROR, name, "%s", h->err);
        return rc;
    }
    h->stored++;
    return enqueue(h, id, name, "scorecard");
}

/* Stores and queues a document. Minutes are parsed here only as far as their meeting (which
 * orders the run, and refuses a bad file at once); the whole parse waits for the document's turn
 * in the run, once. `reread`: the bytes come from a regular file, which a store in memory does
 * not keep (the run reads the file again), so memory does not grow with the corpus. */
static int add_content(sc_host *h, const char *name, const char *data, size_t len, int reread)
{
    XXH128_hash_t hash = XXH3_128bits(data, len);
    int64_t id;
    char kind[64];
    int found = store_find(h->st, hash.high64, hash.low64, &id, kind, sizeof kind);
    if (found < 0) return host_fail(h, SC_DB, "database: %s", sqlite3_errmsg(store_db(h->st)));
    if (found) return enqueue(h, id, name, kind);
    const reg_loader *loader = registry_loader_for(&h->reg, name, data, len);
    if (!loader) loader = registry_loader_named(&h->reg, "minutes"); /* stdin, or no extension */
    if (loader->kind == SC_LOADER_SCORECARD) return add_scorecard(h, name, data, len, hash.high64, hash.low64);
    model_doc *d = NULL;
    int rc = parse(h, loader, name, data, len, 1, &d);
    if (rc == SC_PARSE) { /* parsed again, to report why (and what came before it) */
        rc = parse(h, loader, name, data, len, 0, &d);
        if (rc == SC_OK) { /* load_meeting refuses nothing load_minutes takes; should it, the run says so */
            model_doc_free(d);
            d = NULL;
            rc = parse(h, loader, name, data, len, 1, &d);
        }
    }
    if (rc != SC_OK) return rc;
    reread = reread && !store_persistent(h->st);
    rc = store_add_document(h->st, hash.high64, hash.low64, loader->name, reread ? NULL : data, len, d, &id, h->err,
                            sizeof h->err);
    model_doc_free(d);
    if (rc != SC_OK) {
        host_report(h, SC_DIAG_ERROR, name, "%s", h->err);
        return rc;
    }
    h->stored++;
    rc = enqueue(h, id, name, NULL); /* its kind, or another process's for the same bytes */
    if (rc == SC_OK && reread) {
        queued *q = &h->q[h->nq - 1];
        q->reread = 1;
        q->hash_hi = hash.high64;
        q->hash_lo = hash.low64;
    }
    return rc;
}

sc_status sc_host_add_buffer(sc_host *h, const char *name, const char *data, size_t len)
{
    h->err[0] = '\0';
    return add_content(h, name, data, len, 0);
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
        host_report(h, SC_DIAG_ERROR, path, "cannot open: %s", strerror(errno));
        if (fd >= 0) close(fd);
        return NULL;
    }
    if (S_ISFIFO(sb.st_mode)) {
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, FIFO_WAIT_MS) == 0) {
            host_report(h, SC_DIAG_ERROR, path, "a pipe with no writer for %d s: not read", FIFO_WAIT_MS / 1000);
            close(fd);
            return NULL;
        }
    } else if (!S_ISREG(sb.st_mode)) {
        host_report(h, SC_DIAG_ERROR, path, "not a regular file or a pipe: not read");
        close(fd);
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK); /* a file's reads never wait */
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        host_report(h, SC_DIAG_ERROR, path, "cannot open: %s", strerror(errno));
        close(fd);
    } else {
        setvbuf(f, NULL, _IONBF, 0); /* read whole into one buffer: stdio's own (and its fstat) adds nothing */
    }
    return f;
}

static int add_file(sc_host *h, const char *path)
{
    int is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : open_input(h, path);
    if (!f) return SC_IO;
    struct stat sb;
    int regular = !is_stdin && fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode);
    if (regular && (uint64_t)sb.st_size > h->max_input) {
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
        host_report(h, SC_DIAG_ERROR, path, "cannot read: %s", err ? strerror(err) : "out of memory");
        return SC_IO;
    }
    h->err[0] = '\0';
    int rc = add_content(h, is_stdin ? "<stdin>" : path, data, len, !is_stdin && regular);
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
        host_report(h, SC_DIAG_ERROR, path, "folders nested too deep");
        return SC_IO;
    }
    char **names;
    size_t n;
    int lr = dir_list(path, NULL, &names, &n);
    if (lr == -2) return host_fail(h, SC_NOMEM, "out of memory");
    if (lr) {
        host_report(h, SC_DIAG_ERROR, path, "cannot open folder: %s", strerror(errno));
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

sc_status sc_host_add_input(sc_host *h, const char *path)
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
            host_report(h, SC_DIAG_ERROR, path, "no minutes or scorecards in this folder (looked for %s; README.* is skipped)",
                   types.s ? types.s : "");
            sbuf_free(&types);
            return SC_NOTFOUND;
        }
        return rc;
    }
    return add_file(h, path);
}

static int queue_stored(void *ud, int64_t id, const char *path) { return enqueue(ud, id, path, NULL); }

sc_status sc_host_add_stored(sc_host *h)
{
    h->err[0] = '\0';
    return store_each(h->st, queue_stored, h, h->err, sizeof h->err);
}

sc_status sc_host_dump(sc_host *h, FILE *out)
{
    h->err[0] = '\0';
    for (size_t i = 0; i < h->nq; i++) {
        char *data;
        size_t len;
        int rc = host_content(h->st, &h->q[i], h->max_input, h->diag, h->diag_ud, &data, &len, h->err, sizeof h->err);
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
        rc = parse(h, h->q[i].loader, h->q[i].path, data, len, 0, &d);
        free(data);
        if (rc != SC_OK) return rc;
        load_dump(d, out);
        model_doc_free(d);
    }
    return ferror(out) ? host_fail(h, SC_IO, "writing: %s", strerror(errno)) : SC_OK;
}


int host_content(store *st, const queued *q, size_t max_input, sc_diag_fn diag, void *ud, char **data, size_t *len,
                 char *errbuf, size_t errlen)
{
    if (!q->reread) return store_content(st, q->id, data, len, errbuf, errlen);
    FILE *f = fopen(q->path, "rb");
    if (f) setvbuf(f, NULL, _IONBF, 0); /* as open_input */
    errno = 0;
    int bad = f ? text_read_stream(f, max_input, data, len) : -1;
    int err = errno;
    if (f) fclose(f);
    XXH128_hash_t x = bad ? (XXH128_hash_t){ 0, 0 } : XXH3_128bits(*data, *len);
    if (!bad && x.high64 == q->hash_hi && x.low64 == q->hash_lo) return SC_OK;
    if (!bad) free(*data);
    *data = NULL;
    snprintf(errbuf, errlen, "%s: %s: not checked", q->path,
             bad ? (err ? strerror(err) : "cannot read it again") : "the file changed while the run was going on");
    if (diag) diag(ud, SC_DIAG_ERROR, q->path, 0, 0, errbuf + strlen(q->path) + 2);
    return SC_IO;
}
