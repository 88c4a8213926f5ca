/*
 * main.c — scrutiny-run, a client of include/scrutiny.h only.
 *
 *   scrutiny-run [options] RULES...     rule files or folders of *.lua
 *
 * Exit status: 0 no finding at or above --fail-on, 1 some, 2 an error (bad argument, input,
 * rule or database). Output goes to a temporary file renamed into place, so -o FILE is either
 * the whole result or untouched.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef SC_PLUGIN_DIR
#define SC_PLUGIN_DIR "/usr/local/lib/scrutiny/plugins"
#endif
#ifndef SC_RULES_DIR /* the installed standard pack, the rules when none are given */
#define SC_RULES_DIR "/usr/local/share/scrutiny/rules"
#endif

#include "../../include/scrutiny.h"
#include "outfile.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_ERROR = 2 };

static const char *prog = "scrutiny-run";
static int quiet, force_progress;
static int nerrors, nwarnings; /* reported through diag(), for the closing summary */

static void usage(FILE *out)
{
    fprintf(out,
            "usage: %s [options] [RULES...]\n"
            "Checks council committee minutes against Lua rules and prints the findings.\n"
            "RULES are rule files or folders of *.lua files; without them (and without rule_paths in\n"
            "scrutiny.yaml) the standard pack: $SCRUTINY_RULES, default " SC_RULES_DIR ".\n"
            "\n"
            "  -c, --config FILE       scrutiny.yaml to read (default: ./scrutiny.yaml when present, without\n"
            "                          its plugins, db, output, inputs, waivers and baseline)\n"
            "      --no-config         do not read ./scrutiny.yaml\n"
            "  -i, --input PATH        minutes file, folder (recursive: *.txt, *.md) or - for stdin; repeatable\n"
            "      --db FILE           keep the corpus in this SQLite file; without -i, check what it holds\n"
            "      --inputs-from FILE  read input paths from FILE (- for stdin), one a line or NUL-separated\n"
            "      --stdin-filename N  name the minutes read from -i - (its extension picks the loader)\n"
            "  -f, --format FORMAT     text (default), jsonl, csv, sarif, html, or a plugin's; repeatable, each\n"
            "                          -f pairs with the -o given in the same order\n"
            "  -o, --output FILE       write findings to FILE instead of standard output\n"
            "      --output-format=FORMAT:FILE  one more output (FORMAT alone: standard output); repeatable\n"
            "      --fail-on SEVERITY  exit 1 when a finding is at or above SEVERITY (default info; never: exit 0)\n"
            "      --min-severity SEV  leave out findings below SEV (after escalations are worked out)\n"
            "  -s, --select EXPR       run only the rules EXPR selects: ids, globs, tag:NAME, and/or/not, ( )\n"
            "      --set RULE.KEY=VAL  change a rule's severity, enabled or an arg (VAL read as YAML); repeatable\n"
            "      --waivers FILE      waivers (YAML): fingerprints or rules silenced, with reason, approver, expiry\n"
            "      --baseline FILE     report only findings not in this earlier JSON Lines output\n"
            "      --show-waived       keep waived findings, marked with the waiver's reason\n"
            "      --shard I/N         check only the councils of shard I of N (1 <= I <= N; a council's meetings\n"
            "                          are all in one shard); merge the shards' -f jsonl outputs with --merge\n"
            "      --merge FILE...     merge the -f jsonl outputs of the shards of one run (the positional\n"
            "                          arguments) into what one process writes; -o FILE, --fail-on as for a run\n"
            "      --dump              print the parsed model of the inputs instead of running rules\n"
            "      --test              run the rule fixtures of each RULES folder (RULES/tests/*.txt)\n"
            "      --list-rules        list the rules: id, severity, tags, file:line, title\n"
            "      --explain ID        show a rule's documentation, patterns and args\n"
            "      --profile           after the run, per rule: calls, items skipped, matches, time\n"
            "      --instr-limit N     budget per rule call (default 1e8, C work; Lua's only when given)\n"
            "      --time-limit SEC    processor seconds per rule call (default 1)\n"
            "      --memory-limit MB   memory for all rules together (default 256)\n"
            "      --max-input MB      largest input document accepted (default 64)\n"
            "  -j, --jobs N            councils checked at once, on N threads (default: the number of cores)\n"
            "      --catalogue FILE    an indicator catalogue (YAML) that adds to or overrides the built-in one;\n"
            "                          repeatable; also `catalogues:` in scrutiny.yaml\n"
            "      --plugin FILE.so    load a plugin (repeatable); also `plugins:` in scrutiny.yaml and every\n"
            "                          *.so in $SCRUTINY_PLUGIN_PATH (default " SC_PLUGIN_DIR ")\n"
            "      --plugin-errors M   warn (default): a plugin that fails is reported and left out; fail: exit 2\n"
            "      --list-plugins      list loaders, sinks and Lua modules with their plugin and file\n"
            "  -q, --quiet             do not print notes, progress or the closing summary\n"
            "      --progress          show progress on stderr even when it is not a terminal\n"
            "  -h, --help              show this help\n"
            "  -V, --version           show the version\n"
            "\n"
            "Severities: info < notice < warning < high < critical.\n"
            "Exit status: 0 no finding at or above --fail-on, 1 some, 2 error.\n",
            prog);
}

static void diag(void *ud, sc_diag_level lv, const char *file, int line, int col, const char *msg)
{
    (void)ud;
    static const char *const names[] = { "note", "warning", "error" };
    if (lv == SC_DIAG_ERROR) nerrors++;
    if (lv == SC_DIAG_WARNING) nwarnings++;
    if (lv == SC_DIAG_NOTE && quiet) return;
    if (!file && lv == SC_DIAG_WARNING) fprintf(stderr, "%s: warning: %s\n", prog, msg);
    else if (!file) fprintf(stderr, "%s\n", msg);
    else if (line > 0) fprintf(stderr, "%s:%d:%d: %s: %s\n", file, line, col > 0 ? col : 1, names[lv], msg);
    else fprintf(stderr, "%s: %s: %s\n", file, names[lv], msg);
}

static int bad_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bad_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help'.\n", prog);
    return EXIT_ERROR;
}

static int parse_number(const char *s, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v < min || v > max) return -1;
    *out = v;
    return 0;
}

/* --list-rules and --explain ID over the loaded rules (with the configuration applied). */
static int list_rules(sc_host *h, const char *explain)
{
    int found = 0;
    for (size_t i = 0; i < sc_host_rule_count(h); i++) {
        const sc_rule_info *r = sc_host_rule(h, i);
        if (!r) return EXIT_ERROR;
        if (!explain) {
            printf("%-36s %-8s %-3s %-28s %s:%d  %s\n", r->id, sc_severity_name(r->severity), r->enabled ? "on" : "off",
                   r->tags, r->file, r->line, r->title);
            continue;
        }
        if (strcmp(r->id, explain) != 0) continue;
        found = 1;
        printf("%s — %s\n\nseverity: %s\nenabled:  %s\nscope:    %s\ntags:     %s\nfile:     %s:%d\n", r->id, r->title,
               sc_severity_name(r->severity), r->enabled ? "yes" : "no", r->scope, *r->tags ? r->tags : "-", r->file, r->line);
        if (*r->reads) printf("reads:    %s (facts of other rule files)\n", r->reads);
        if (!strcmp(r->query_scope, "all")) printf("queries:  all councils (query_scope = \"all\": ctx:query reads the whole corpus)\n");
        if (*r->patterns) printf("patterns: %s%s\n", r->patterns, r->always ? "; checks every item" : "; checks only where they match");
        if (*r->doc) printf("\n%s\n", r->doc);
        if (*r->args) printf("\nargs (current values):\n%s", r->args);
    }
    if (explain && !found) {
        fprintf(stderr, "%s: no rule '%s' in the rule files given\n", prog, explain);
        return EXIT_ERROR;
    }
    return EXIT_CLEAN;
}

static int cmp_seconds(const void *a, const void *b)
{
    double x = ((const double *)a)[1], y = ((const double *)b)[1];
    return x < y ? 1 : x > y ? -1 : 0;
}

/* --profile: per rule, slowest first, on stderr. */
static int print_profile(sc_host *h)
{
    size_t n = sc_host_rule_count(h);
    double *v = calloc(n ? n : 1, 2 * sizeof *v); /* (rule index, seconds) pairs */
    if (!v) return -1;
    for (size_t i = 0; i < n; i++) {
        const sc_rule_info *r = sc_host_rule(h, i);
        v[2 * i] = (double)i;
        v[2 * i + 1] = r ? r->seconds : 0;
    }
    qsort(v, n, 2 * sizeof *v, cmp_seconds);
    fprintf(stderr, "%-40s %10s %10s %10s %10s\n", "rule", "calls", "skipped", "matches", "ms");
    for (size_t k = 0; k < n; k++) {
        const sc_rule_info *r = sc_host_rule(h, (size_t)v[2 * k]);
        if (!r) continue;
        fprintf(stderr, "%-40s %10lld %10lld %10lld %10.1f\n", r->id, r->calls, r->skipped, r->matches, r->seconds * 1e3);
    }
    free(v);
    return 0;
}

/* A path from a configuration file, relative to that file's folder (owned by the caller). */
static char *relative_to(const char *config, const char *path)
{
    const char *slash = strrchr(config, '/');
    if (!path) return NULL;
    size_t dl = slash ? (size_t)(slash - config) + 1 : 0;
    if (path[0] == '/' || !strcmp(path, "-")) dl = 0;
    char *p = malloc(dl + strlen(path) + 1);
    if (!p) return NULL;
    memcpy(p, config, dl);
    strcpy(p + dl, path);
    return p;
}

/* An output: standard output, or `output` written whole or not at all (outfile.h). */
typedef struct output_file {
    FILE *f;
    outfile of;
    const char *path; /* NULL: standard output */
    char *buf;        /* the file's stdio buffer (buffer_output) */
} output_file;

/* Findings are written in blocks of OUT_BUFFER bytes rather than stdio's 4 KiB (each block is a
 * system call: a --db re-run that reports 40 MB of stored findings made 10,000 of them). glibc
 * takes a size only with a buffer: standard output's is static (it is flushed at exit), a
 * file's is the output's own. A terminal keeps its line buffering; standard output is set once,
 * before anything is written to it. */
enum { OUT_BUFFER = 1 << 16 };

static void buffer_output(output_file *o)
{
    static char out_buf[OUT_BUFFER];
    static int stdout_set;
    if (o->f == stdout) {
        if (!stdout_set++ && !isatty(STDOUT_FILENO)) setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
    } else if ((o->buf = malloc(OUT_BUFFER))) {
        setvbuf(o->f, o->buf, _IOFBF, OUT_BUFFER);
    }
}

static int open_output(output_file *o, const char *output)
{
    o->path = output;
    o->f = stdout;
    o->buf = NULL;
    if (!output) {
        buffer_output(o);
        return 0;
    }
    char msg[600];
    if (outfile_open(&o->of, output, msg, sizeof msg) != 0) {
        fprintf(stderr, "%s: %s\n", prog, msg);
        return -1;
    }
    o->f = o->of.f;
    buffer_output(o);
    return 0;
}

/* Closes what open_output opened: kept when rc is SC_OK, else removed. */
static int close_output(sc_host *h, output_file *o, int rc)
{
    if (o->path) {
        if (outfile_close(&o->of, rc == SC_OK) != 0 && rc == SC_OK) rc = SC_IO;
        free(o->buf); /* after the close, which flushed it */
        o->buf = NULL;
    } else if (fflush(stdout) != 0) {
        rc = SC_IO;
    }
    if (rc != SC_OK)
        fprintf(stderr, "%s: %s: %s\n", prog, o->path ? o->path : "standard output",
                *sc_host_errmsg(h) ? sc_host_errmsg(h) : strerror(errno));
    return rc;
}

/* Writes the findings of the run to one output, whole. */
static int write_findings(sc_host *h, const char *format, const char *output)
{
    output_file o;
    if (open_output(&o, output)) return SC_IO;
    return close_output(h, &o, sc_host_write(h, format, o.f));
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Progress on stderr: rewritten in place on a terminal, a line every few seconds otherwise. */
typedef struct progress {
    double t0, last;
    int tty, shown;
} progress;

static void show_progress(void *ud, size_t done, size_t total, size_t findings)
{
    progress *p = ud;
    double t = now_s(), every = p->tty ? 0.2 : 5.0;
    if (done < total && t - p->last < every) return;
    p->last = t;
    double rate = t > p->t0 ? (double)done / (t - p->t0) : 0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0;
    fprintf(stderr, "%s%s: %zu/%zu documents, %zu finding%s, %.1f documents/s, ETA %.0f s%s", p->tty ? "\r\033[K" : "",
            prog, done, total, findings, findings == 1 ? "" : "s", rate, eta, p->tty ? "" : "\n");
    p->shown = 1;
}

/* Plugins of $SCRUTINY_PLUGIN_PATH (or the installed folder), then those named. A plugin that
 * fails is reported; with --plugin-errors=fail that ends the run. */
/* Is `path` (a plugin folder or a plugin found in it) safe to load native code from: owned by
 * root or by the user, and writable by no one else? Warns and returns 0 otherwise. */
static int owner_only(const char *path, const char *what)
{
    struct stat sb;
    if (stat(path, &sb) != 0) return 0;
    if ((sb.st_uid == 0 || sb.st_uid == geteuid()) && !(sb.st_mode & (S_IWGRP | S_IWOTH))) return 1;
    fprintf(stderr, "%s: warning: %s %s is %s: not loaded from\n", prog, what, path,
            sb.st_mode & (S_IWGRP | S_IWOTH) ? "writable by others" : "owned by another user");
    return 0;
}

static int cmp_path(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The plugins of folder `dir`: its *.so files (hidden ones excepted), sorted by name so they
 * load in the same order on every machine. 0, or -1 (the folder is unreadable or no memory). */
static int list_plugins(const char *dir, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return -1;
    size_t cap = 0;
    int rc = 0;
    for (struct dirent *de; rc == 0 && (de = readdir(d));) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l <= 3 || strcmp(de->d_name + l - 3, ".so")) continue;
        char **v = *n < cap ? *out : realloc(*out, (cap = cap ? cap * 2 : 8) * sizeof *v);
        char *path = v ? malloc(strlen(dir) + l + 2) : NULL;
        if (v) *out = v;
        if (!path) { rc = -1; break; }
        sprintf(path, "%s/%s", dir, de->d_name);
        (*out)[(*n)++] = path;
    }
    closedir(d);
    if (*n > 1) qsort(*out, *n, sizeof **out, cmp_path);
    return rc;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

static int load_plugins(sc_host *h, const char **named, int n, int fail_hard)
{
    const char *dir = getenv("SCRUTINY_PLUGIN_PATH");
    if (!dir) dir = SC_PLUGIN_DIR;
    char **auto_paths = NULL;
    size_t nauto = 0;
    struct stat sb;
    /* plugins found in a folder load without being named: only from a folder only its owner
     * (root or the user) can change; --plugin and plugins: name theirs explicitly */
    if (*dir && stat(dir, &sb) == 0 && (!owner_only(dir, "plugin folder") || list_plugins(dir, &auto_paths, &nauto) != 0)) {
        free_list(auto_paths, nauto);
        auto_paths = NULL;
        nauto = 0;
    }
    int rc = SC_OK;
    for (size_t i = 0; i < nauto + (size_t)n && rc == SC_OK; i++) {
        const char *path = i < nauto ? auto_paths[i] : named[i - nauto];
        if (i < nauto && !owner_only(path, "plugin")) continue;
        if (sc_host_load_plugin(h, path) == SC_OK) continue;
        fprintf(stderr, "%s: %s: %s\n", prog, fail_hard ? "error" : "warning", sc_host_errmsg(h));
        if (fail_hard) rc = SC_ERROR;
    }
    free_list(auto_paths, nauto);
    return rc;
}

/* A growable list of strings, borrowed (argv, the configuration, an --inputs-from buffer). */
typedef struct strvec {
    const char **v;
    size_t n, cap;
} strvec;

static int vec_push(strvec *s, const char *x)
{
    if (!x) return -1;
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 16;
        const char **v = realloc(s->v, nc * sizeof *v);
        if (!v) return -1;
        s->v = v;
        s->cap = nc;
    }
    s->v[s->n++] = x;
    return 0;
}

/* Reads a whole stream (at most `limit` bytes; -2 beyond) into a NUL-terminated buffer. */
static int slurp(FILE *f, size_t limit, char **out, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap + 1);
    if (!b) return -1;
    for (;;) {
        if (n == cap) {
            if (cap > limit) { free(b); return -2; }
            char *nb = realloc(b, cap * 2 + 1);
            if (!nb) { free(b); return -1; }
            b = nb;
            cap *= 2;
        }
        size_t k = fread(b + n, 1, cap - n, f);
        n += k;
        if (k == 0) break;
    }
    if (ferror(f)) { free(b); return -1; }
    if (n > limit) { free(b); return -2; }
    b[n] = '\0';
    *out = b;
    *len = n;
    return 0;
}

/* --inputs-from: the paths of FILE (or standard input), NUL-separated when the text holds a NUL
 * (find -print0), else one a line (CR ignored); empty entries are skipped. The paths point into
 * *buf, which the caller frees after the run. */
static int read_inputs_from(const char *from, char **buf, strvec *inputs)
{
    FILE *f = strcmp(from, "-") ? fopen(from, "rb") : stdin;
    if (!f) {
        fprintf(stderr, "%s: --inputs-from %s: %s\n", prog, from, strerror(errno));
        return -1;
    }
    size_t len;
    int rc = slurp(f, (size_t)256 << 20, buf, &len);
    if (f != stdin) fclose(f);
    if (rc) {
        fprintf(stderr, "%s: --inputs-from %s: %s\n", prog, from, rc == -2 ? "larger than 256 MiB" : "cannot read it");
        return -1;
    }
    char sep = memchr(*buf, '\0', len) ? '\0' : '\n';
    size_t before = inputs->n;
    for (char *p = *buf, *end = *buf + len; p < end;) {
        char *e = memchr(p, sep, (size_t)(end - p));
        if (!e) e = end;
        *e = '\0';
        if (sep == '\n' && e > p && e[-1] == '\r') e[-1] = '\0';
        if (*p && vec_push(inputs, p)) return -1;
        p = e + 1;
    }
    if (inputs->n == before) {
        fprintf(stderr, "%s: --inputs-from %s: no paths in it\n", prog, from);
        return -1;
    }
    return 0;
}

/* One output: a format and the file it goes to (NULL: standard output). */
typedef struct output {
    const char *format, *file;
} output;

/* The closing summary on stderr: findings by severity, documents, rules, time, problems. */
static void summary(sc_host *h, double t0)
{
    size_t by[5] = { 0 }, rules = 0, n = 0;
    for (int s = 0; s < 5; s++) n += by[s] = sc_host_count(h, (sc_severity)s, 0) + sc_host_count(h, (sc_severity)s, 1);
    for (size_t i = 0; i < sc_host_rule_count(h); i++) {
        const sc_rule_info *r = sc_host_rule(h, i);
        if (r && r->enabled) rules++;
    }
    size_t docs = sc_host_document_count(h);
    fprintf(stderr, "%s: %zu finding%s (%zu critical, %zu high, %zu warning, %zu notice, %zu info) in %zu document%s, "
            "%zu rule%s, %.2f s", prog, n, n == 1 ? "" : "s", by[4], by[3], by[2], by[1], by[0], docs,
            docs == 1 ? "" : "s", rules, rules == 1 ? "" : "s", now_s() - t0);
    if (sc_host_reused_count(h)) /* --db: unchanged documents reported from the corpus */
        fprintf(stderr, "; %zu document%s unchanged, not checked again", sc_host_reused_count(h),
                sc_host_reused_count(h) == 1 ? "" : "s");
    if (nerrors || nwarnings)
        fprintf(stderr, "; %d error%s, %d warning%s", nerrors, nerrors == 1 ? "" : "s", nwarnings, nwarnings == 1 ? "" : "s");
    fputc('\n', stderr);
}

/* --merge: the shards' JSON Lines into one output, whole or not at all; the exit status is the
 * one a single run would have had (2 when an error record is among them). */
static int merge_outputs(const char *const *paths, size_t n, const char *target, int fail_on)
{
    outfile of;
    char msg[1024];
    size_t counts[5], nerr;
    if (target && outfile_open(&of, target, msg, sizeof msg) != 0) {
        fprintf(stderr, "%s: %s\n", prog, msg);
        return EXIT_ERROR;
    }
    int rc = sc_merge_jsonl(paths, n, target ? of.f : stdout, counts, &nerr, msg, sizeof msg);
    if (target && outfile_close(&of, rc == SC_OK) != 0 && rc == SC_OK) {
        snprintf(msg, sizeof msg, "%s: %s", target, strerror(errno));
        rc = SC_IO;
    }
    if (rc != SC_OK) {
        fprintf(stderr, "%s: %s\n", prog, msg);
        return EXIT_ERROR;
    }
    if (nerr) return EXIT_ERROR;
    for (int s = fail_on; s < 5; s++)
        if (counts[s]) return EXIT_FINDINGS;
    return EXIT_CLEAN;
}

/* A rule argument that is a file but not Lua is almost always an input the shell spread out
 * (`-i *.txt` gives -i a.txt b.txt c.txt): say so before anything runs. */
static int check_rule_args(char **args, int n)
{
    for (int i = 0; i < n; i++) {
        struct stat sb;
        size_t l = strlen(args[i]);
        if (stat(args[i], &sb) != 0 || !S_ISREG(sb.st_mode) || (l > 4 && !strcmp(args[i] + l - 4, ".lua"))) continue;
        return bad_usage("'%s' is not a rule file (*.lua) or a folder of them; inputs need -i each "
                         "(-i a.txt -i b.txt), a folder (-i minutes/) or --inputs-from FILE", args[i]);
    }
    return EXIT_CLEAN;
}

int main(int argc, char **argv)
{
    static const struct option longs[] = {
        { "input", required_argument, NULL, 'i' },
        { "inputs-from", required_argument, NULL, 'N' },
        { "stdin-filename", required_argument, NULL, 'Y' },
        { "config", required_argument, NULL, 'c' },
        { "no-config", no_argument, NULL, 'U' },
        { "select", required_argument, NULL, 's' },
        { "set", required_argument, NULL, 'S' },
        { "waivers", required_argument, NULL, 'W' },
        { "plugin", required_argument, NULL, 'P' },
        { "catalogue", required_argument, NULL, 'K' },
        { "plugin-errors", required_argument, NULL, 'R' },
        { "list-plugins", no_argument, NULL, 'G' },
        { "baseline", required_argument, NULL, 'B' },
        { "show-waived", no_argument, NULL, 'H' },
        { "db", required_argument, NULL, 'd' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "output-format", required_argument, NULL, 'O' },
        { "fail-on", required_argument, NULL, 'F' },
        { "min-severity", required_argument, NULL, 'm' },
        { "dump", no_argument, NULL, 'D' },
        { "shard", required_argument, NULL, 'A' },
        { "merge", no_argument, NULL, 'g' },
        { "test", no_argument, NULL, 't' },
        { "list-rules", no_argument, NULL, 'L' },
        { "explain", required_argument, NULL, 'E' },
        { "profile", no_argument, NULL, 'p' },
        { "instr-limit", required_argument, NULL, 'I' },
        { "time-limit", required_argument, NULL, 'T' },
        { "memory-limit", required_argument, NULL, 'M' },
        { "max-input", required_argument, NULL, 'X' },
        { "quiet", no_argument, NULL, 'q' },
        { "jobs", required_argument, NULL, 'j' },
        { "progress", no_argument, NULL, 'J' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { "dump-api", no_argument, NULL, 0x100 }, /* for `make api`: not in --help */
        { NULL, 0, NULL, 0 },
    };
    double t0 = now_s();
    /* one block for the lists of names; each may take every argument and 64 from the config */
    size_t room = (size_t)argc + 64;
    const char **lists = calloc(6 * room, sizeof *lists);
    if (!lists) return EXIT_ERROR;
    const char **sets = lists + room, **plugins = lists + 2 * room, **catalogues = lists + 3 * room;
    const char **formats = lists + 4 * room, **files = lists + 5 * room;
    strvec inputs = { 0 };
    output *outs = calloc(room, sizeof *outs);
    const char **specs = calloc(room, sizeof *specs); /* --output-format values */
    int nplugins = 0, plugin_fail = 0, list_plugins = 0, ncatalogues = 0, nformats = 0, nfiles = 0, nspecs = 0;
    int nsets = 0, nouts = 0;
    const char *config_path = NULL, *select = NULL, *waivers = NULL, *baseline = NULL;
    const char *inputs_from = NULL, *stdin_name = NULL;
    char *inputs_buf = NULL, *stdin_data = NULL;
    int show_waived = 0, min_severity = -1, jobs = 0;
    int db_given = 0, fail_given = 0;
    int dump = 0, test = 0, list = 0, no_config = 0, profile = 0, fail_on = SC_SEV_INFO, merge = 0;
    unsigned shard = 0, nshards = 0;
    const char *explain = NULL;
    sc_options opts = { 0 };
    opts.diag = diag;
    int c;
    double v;
    opterr = 0;
    if (!outs || !specs) { free(lists); free(outs); free(specs); return EXIT_ERROR; }
#define USAGE(...) do { status = bad_usage(__VA_ARGS__); goto done; } while (0)
    int status = EXIT_CLEAN, trouble = 0;
    char err[512];
    sc_config *cfg = NULL;
    sc_host *h = NULL;
    char **owned = calloc((size_t)argc + 64, sizeof *owned); /* paths made from the configuration */
    const char **rules = calloc((size_t)argc + 64, sizeof *rules);
    int nowned = 0, nrules = 0;
    if (!owned || !rules) { status = EXIT_ERROR; goto done; }
    while ((c = getopt_long(argc, argv, ":i:c:s:f:o:j:qhV", longs, NULL)) != -1) {
        switch (c) {
        case 'i': if (vec_push(&inputs, optarg)) { status = EXIT_ERROR; goto done; } break;
        case 'N': inputs_from = optarg; break;
        case 'Y': stdin_name = optarg; break;
        case 'c': config_path = optarg; break;
        case 'U': no_config = 1; break;
        case 's': select = optarg; break;
        case 'S': sets[nsets++] = optarg; break;
        case 'W': waivers = optarg; break;
        case 'P': plugins[nplugins++] = optarg; break;
        case 'K': catalogues[ncatalogues++] = optarg; break;
        case 'G': list_plugins = 1; break;
        case 'R':
            if (strcmp(optarg, "warn") && strcmp(optarg, "fail")) USAGE("--plugin-errors: '%s' is not warn or fail", optarg);
            plugin_fail = !strcmp(optarg, "fail");
            break;
        case 'B': baseline = optarg; break;
        case 'H': show_waived = 1; break;
        case 'd': opts.db_path = optarg; db_given = 1; break;
        case 'f': formats[nformats++] = optarg; break; /* checked once plugins have registered their sinks */
        case 'o': files[nfiles++] = optarg; break;
        case 'O': specs[nspecs++] = optarg; break;
        case 'F':
            if (!strcmp(optarg, "never")) fail_on = SC_SEV_CRITICAL + 1;
            else if ((fail_on = sc_severity_parse(optarg)) < 0)
                USAGE("--fail-on: unknown severity '%s' (info, notice, warning, high, critical, never)", optarg);
            fail_given = 1;
            break;
        case 'm':
            if ((min_severity = sc_severity_parse(optarg)) < 0)
                USAGE("--min-severity: unknown severity '%s' (info, notice, warning, high, critical)", optarg);
            break;
        case 'D': dump = 1; break;
        case 'A': {
            char *slash;
            unsigned long si = strtoul(optarg, &slash, 10), sn = *slash == '/' ? strtoul(slash + 1, &slash, 10) : 0;
            if (*slash || !isdigit((unsigned char)optarg[0]) || sn < 1 || sn > 65536 || si < 1 || si > sn)
                USAGE("--shard: '%s' is not I/N with 1 <= I <= N (shard 2 of 4: --shard 2/4)", optarg);
            shard = (unsigned)si;
            nshards = (unsigned)sn;
            break;
        }
        case 'g': merge = 1; break;
        case 't': test = 1; break;
        case 'L': list = 1; break;
        case 'E': explain = optarg; break;
        case 'p': profile = 1; break;
        case 'I':
            if (parse_number(optarg, 1000, 1e15, &v)) USAGE("--instr-limit: '%s' is not a number from 1000", optarg);
            opts.instr_budget = (long long)v;
            break;
        case 'T':
            if (parse_number(optarg, 0.001, 86400, &v)) USAGE("--time-limit: '%s' is not a number of seconds", optarg);
            opts.deadline_s = v;
            break;
        case 'M':
            if (parse_number(optarg, 1, 1 << 20, &v)) USAGE("--memory-limit: '%s' is not a number of megabytes", optarg);
            opts.mem_limit = (size_t)(v * 1048576.0);
            break;
        case 'X':
            if (parse_number(optarg, 0.001, 1 << 20, &v)) USAGE("--max-input: '%s' is not a number of megabytes", optarg);
            opts.max_input = (size_t)(v * 1048576.0);
            break;
        case 'q': quiet = 1; break;
        case 'j':
            if (parse_number(optarg, 1, 64, &v) || v != (int)v) USAGE("--jobs: '%s' is not a number of threads (1 to 64)", optarg);
            jobs = (int)v;
            break;
        case 'J': force_progress = 1; break;
        case 'h': usage(stdout); goto done;
        case 'V': /* the library's version; the header's too when a different library was found */
            if (strcmp(sc_libversion(), SC_VERSION)) printf("scrutiny-run %s (built with %s)\n", sc_libversion(), SC_VERSION);
            else printf("scrutiny-run %s\n", sc_libversion());
            goto done;
        case 0x100: /* the LuaLS annotations, from the binding tables */
            if (sc_write_lua_api(stdout) != SC_OK) status = EXIT_ERROR;
            goto done;
        case ':': USAGE("option '%s' needs a value", argv[optind - 1]);
        default: USAGE("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (merge) {
        if (optind >= argc) USAGE("%s", "--merge needs the -f jsonl outputs of the shards: --merge a.jsonl b.jsonl ...");
        if (nformats > 1 || nfiles > 1 || nspecs || (nformats && strcmp(formats[0], "jsonl")))
            USAGE("%s", "--merge writes JSON Lines to one output: -o FILE or standard output");
        status = merge_outputs((const char *const *)argv + optind, (size_t)(argc - optind), nfiles ? files[0] : NULL, fail_on);
        goto done;
    }
    for (int i = optind; i < argc; i++) rules[nrules++] = argv[i];
    if (!test && (status = check_rule_args(argv + optind, argc - optind)) != EXIT_CLEAN) goto done;
    if (inputs_from && read_inputs_from(inputs_from, &inputs_buf, &inputs)) { status = EXIT_ERROR; goto done; }
    int from_stdin = inputs_from && !strcmp(inputs_from, "-");
    for (size_t i = 0; i < inputs.n; i++) from_stdin += !strcmp(inputs.v[i], "-");
    if (from_stdin > 1) USAGE("%s", "standard input is given more than once (-i - or --inputs-from -)");
    if (stdin_name && (from_stdin == 0 || (inputs_from && !strcmp(inputs_from, "-"))))
        USAGE("%s", "--stdin-filename names the minutes of -i -, which is not given");

    struct stat sb;
    const char *cfg_format = NULL, *cfg_output = NULL;
    /* a scrutiny.yaml that happens to lie in the current folder (a folder of downloaded minutes)
     * is not trusted: it may set rules up, but not load native code, choose the files written
     * or read, or waive findings; -c names a configuration the user chose */
    int implicit = 0;
    if (!config_path && !test && !no_config && stat("scrutiny.yaml", &sb) == 0) {
        config_path = "scrutiny.yaml";
        implicit = 1;
    }
    if (config_path) {
        if (sc_config_open(&cfg, config_path, err, sizeof err) != SC_OK) {
            fprintf(stderr, "%s\n", err);
            status = EXIT_ERROR;
            goto done;
        }
        /* the command line wins; paths in the file are relative to the file */
        sc_options from = opts;
        sc_config_limits(cfg, &from);
        if (!opts.instr_budget) opts.instr_budget = from.instr_budget;
        if (!opts.deadline_s) opts.deadline_s = from.deadline_s;
        if (!opts.mem_limit) opts.mem_limit = from.mem_limit;
        if (!opts.max_input) opts.max_input = from.max_input;
        const char *cv;
        if (implicit) {
            static const char *const untrusted[] = { "plugins", "db", "output", "inputs", "waivers", "baseline" };
            char keys[128] = "";
            for (size_t i = 0; i < sizeof untrusted / sizeof *untrusted; i++)
                if (sc_config_get(cfg, untrusted[i]) || sc_config_count(cfg, untrusted[i]))
                    snprintf(keys + strlen(keys), sizeof keys - strlen(keys), "%s%s", *keys ? ", " : "", untrusted[i]);
            fprintf(stderr, "%s: warning: reading ./scrutiny.yaml from the current folder (not named with -c; --no-config skips it)%s%s%s\n",
                    prog, *keys ? "; ignoring its " : "", keys, *keys ? " (name it with -c to use them)" : "");
        }
        int trusted = !implicit;
        if (trusted && !db_given && (cv = sc_config_get(cfg, "db"))) opts.db_path = owned[nowned++] = relative_to(config_path, cv);
        cfg_format = sc_config_get(cfg, "format");
        if (trusted && (cv = sc_config_get(cfg, "output"))) cfg_output = owned[nowned++] = relative_to(config_path, cv);
        if (!fail_given && (cv = sc_config_get(cfg, "fail_on")))
            fail_on = !strcmp(cv, "never") ? SC_SEV_CRITICAL + 1 : sc_severity_parse(cv);
        if (trusted && !waivers && (cv = sc_config_get(cfg, "waivers"))) waivers = owned[nowned++] = relative_to(config_path, cv);
        if (trusted && !baseline && (cv = sc_config_get(cfg, "baseline"))) baseline = owned[nowned++] = relative_to(config_path, cv);
        int cli_inputs = inputs.n > 0 || !trusted;
        for (size_t i = 0; !cli_inputs && i < sc_config_count(cfg, "inputs") && nowned < 60; i++)
            if (vec_push(&inputs, owned[nowned++] = relative_to(config_path, sc_config_item(cfg, "inputs", i)))) break;
        for (size_t i = 0; trusted && i < sc_config_count(cfg, "plugins") && nowned < 60; i++)
            plugins[nplugins++] = owned[nowned++] = relative_to(config_path, sc_config_item(cfg, "plugins", i));
        for (size_t i = 0; i < sc_config_count(cfg, "catalogues") && nowned < 60; i++)
            catalogues[ncatalogues++] = owned[nowned++] = relative_to(config_path, sc_config_item(cfg, "catalogues", i));
        for (size_t i = 0; optind >= argc && i < sc_config_count(cfg, "rule_paths") && nowned < 60; i++)
            rules[nrules++] = owned[nowned++] = relative_to(config_path, sc_config_item(cfg, "rule_paths", i));
        for (int i = 0; i < nowned; i++)
            if (!owned[i]) { status = EXIT_ERROR; goto done; }
    }

    /* outputs: -f and -o pair in the order given; --output-format adds FORMAT[:FILE] */
    if (nformats <= 1 && nfiles <= 1) {
        if (nformats || nfiles || !nspecs)
            outs[nouts++] = (output){ nformats ? formats[0] : cfg_format ? cfg_format : "text",
                                      nfiles ? files[0] : cfg_output };
    } else {
        if (nfiles > nformats) USAGE("-o '%s' has no -f of its own: give one -f FORMAT per -o FILE", files[nformats]);
        for (int i = 0; i < nformats; i++) outs[nouts++] = (output){ formats[i], i < nfiles ? files[i] : NULL };
    }
    for (int i = 0; i < nspecs; i++) {
        char *colon = strchr(specs[i], ':');
        if (colon == specs[i] || (colon && !colon[1])) USAGE("--output-format: '%s' is not FORMAT or FORMAT:FILE", specs[i]);
        if (colon) *colon = '\0';
        outs[nouts++] = (output){ specs[i], colon ? colon + 1 : NULL };
    }
    for (int i = 0; i < nouts; i++)
        for (int j = 0; j < i; j++) {
            if (!outs[i].file && !outs[j].file)
                USAGE("two outputs (%s, %s) go to standard output: give one of them a file", outs[j].format, outs[i].format);
            if (outs[i].file && outs[j].file && !strcmp(outs[i].file, outs[j].file))
                USAGE("two outputs are written to '%s'", outs[i].file);
        }

    /* the standard pack: the rules when none are given, and where require "lib.X" looks last */
    const char *pack = getenv("SCRUTINY_RULES");
    if (!pack || !*pack) pack = SC_RULES_DIR;
    opts.pack_dir = pack;
    if (test) {
        if (nrules == 0) USAGE("%s", "--test needs a rules folder, e.g. --test rules/");
        for (int i = 0; i < nrules; i++) {
            int passed, failed;
            if (sc_test_rules(rules[i], &opts, stdout, &passed, &failed) != SC_OK) status = EXIT_FINDINGS;
        }
        goto done;
    }
    if (nrules == 0 && !dump && !list_plugins) { /* the installed standard pack */
        if (stat(pack, &sb) != 0 || !S_ISDIR(sb.st_mode))
            USAGE("no rule files given, and no standard pack at %s (install it, or set SCRUTINY_RULES)", pack);
        rules[nrules++] = pack;
    }
    if (inputs.n == 0 && !opts.db_path && !list && !explain && !list_plugins)
        USAGE("%s", "no inputs: give -i PATH, --inputs-from FILE, or --db FILE to check a stored corpus");

    if (sc_host_open(&h, &opts, err, sizeof err) != SC_OK) {
        fprintf(stderr, "%s: %s\n", prog, err);
        status = EXIT_ERROR;
        goto done;
    }
    /* plugins first: their Lua modules may be required while rule files load */
    if (load_plugins(h, plugins, nplugins, plugin_fail) != SC_OK) {
        status = EXIT_ERROR;
        goto done;
    }
    if (list_plugins) {
        for (size_t i = 0; i < sc_host_plugin_count(h); i++) {
            sc_plugin_view pv;
            if (sc_host_plugin(h, i, &pv) == SC_OK) printf("%-20s %-8s %-50s %s\n", pv.name, pv.version, pv.kinds, pv.file);
        }
        goto done;
    }
    for (int i = 0; i < ncatalogues; i++)
        if (sc_host_add_catalogue(h, catalogues[i]) != SC_OK) {
            fprintf(stderr, "%s\n", sc_host_errmsg(h));
            status = EXIT_ERROR;
            goto done;
        }
    for (int i = 0; i < nouts; i++) {
        if (sc_host_has_format(h, outs[i].format)) continue;
        if (outs[i].format == cfg_format) {
            fprintf(stderr, "%s: format: unknown format '%s' (text, jsonl, csv, sarif, html, or a plugin's: see --list-plugins)\n",
                    sc_config_path(cfg), outs[i].format);
            status = EXIT_ERROR;
            goto done;
        }
        USAGE("unknown format '%s' (text, jsonl, csv, sarif, html, or a plugin's: see --list-plugins)", outs[i].format);
    }
    /* every folder first, in the order given: a rule file may require a module from a folder
     * named after it */
    for (int i = 0; i < nrules; i++)
        if (sc_host_add_rule_path(h, rules[i]) != SC_OK) trouble = 1;
    for (int i = 0; i < nrules; i++)
        if (sc_host_load_rules(h, rules[i]) != SC_OK) trouble = 1;
    /* rule settings: the configuration, then --set, then --select */
    if (cfg && sc_host_apply_config(h, cfg) != SC_OK) {
        fprintf(stderr, "%s\n", sc_host_errmsg(h));
        status = EXIT_ERROR;
        goto done;
    }
    for (int i = 0; i < nsets; i++)
        if (sc_host_set(h, sets[i]) != SC_OK) {
            fprintf(stderr, "%s: %s\n", prog, sc_host_errmsg(h));
            status = EXIT_ERROR;
            goto done;
        }
    if (select && sc_host_select(h, select) != SC_OK) {
        fprintf(stderr, "%s: %s\n", prog, sc_host_errmsg(h));
        status = EXIT_ERROR;
        goto done;
    }
    if ((waivers && sc_host_load_waivers(h, waivers) != SC_OK) || (baseline && sc_host_load_baseline(h, baseline) != SC_OK)) {
        fprintf(stderr, "%s\n", sc_host_errmsg(h));
        status = EXIT_ERROR;
        goto done;
    }
    sc_host_show_waived(h, show_waived);
    if (!jobs) { /* one thread per core, up to 8 */
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n < 1 ? 1 : n > 8 ? 8 : (int)n;
    }
    sc_host_jobs(h, jobs);
    if (min_severity >= 0) sc_host_min_severity(h, (sc_severity)min_severity);
    if (list || explain) {
        status = list_rules(h, explain);
        if (trouble) status = EXIT_ERROR;
        goto done;
    }
    for (size_t i = 0; i < inputs.n; i++) {
        int rc;
        if (stdin_name && !strcmp(inputs.v[i], "-")) {
            size_t len, limit = opts.max_input ? opts.max_input : (size_t)64 << 20;
            int r = slurp(stdin, limit, &stdin_data, &len);
            if (r) {
                fprintf(stderr, "%s:1:1: error: %s\n", stdin_name,
                        r == -2 ? "input is larger than the limit (--max-input)" : "cannot read standard input");
                trouble = 1;
                continue;
            }
            rc = sc_host_add_buffer(h, stdin_name, stdin_data, len);
        } else {
            rc = sc_host_add_input(h, inputs.v[i]);
        }
        if (rc == SC_NOMEM || rc == SC_DB) {
            fprintf(stderr, "%s: %s\n", prog, sc_host_errmsg(h));
            status = EXIT_ERROR;
            goto done;
        }
        if (rc != SC_OK) trouble = 1;
    }
    if (inputs.n == 0 && sc_host_add_stored(h) != SC_OK) {
        fprintf(stderr, "%s: %s\n", prog, sc_host_errmsg(h));
        status = EXIT_ERROR;
        goto done;
    }
    if (dump) {
        if (sc_host_dump(h, stdout) != SC_OK) {
            fprintf(stderr, "%s: %s\n", prog, sc_host_errmsg(h));
            trouble = 1;
        }
        status = trouble ? EXIT_ERROR : EXIT_CLEAN;
        goto done;
    }
    if (nshards && sc_host_shard(h, shard, nshards) != SC_OK) {
        fprintf(stderr, "%s: %s\n", prog, sc_host_errmsg(h));
        status = EXIT_ERROR;
        goto done;
    }
    progress pg = { now_s(), 0, isatty(2), 0 };
    if (!quiet && (force_progress || pg.tty)) sc_host_on_progress(h, show_progress, &pg);
    /* text, JSON Lines and CSV are written as each council is done, so memory stays flat
     * however large the corpus; with another format among the outputs, all are written after */
    int streaming = 1;
    for (int i = 0; i < nouts; i++)
        streaming &= !strcmp(outs[i].format, "text") || !strcmp(outs[i].format, "jsonl") || !strcmp(outs[i].format, "csv");
    output_file *streams = streaming ? calloc((size_t)nouts + 1, sizeof *streams) : NULL;
    if (!streams) streaming = 0;
    int rc = SC_OK, opened = 0;
    for (int i = 0; streaming && i < nouts && rc == SC_OK; i++) {
        if (open_output(&streams[i], outs[i].file)) rc = SC_IO;
        else {
            opened++;
            rc = sc_host_stream(h, outs[i].format, streams[i].f);
        }
    }
    if (rc == SC_OK) rc = sc_host_run(h);
    if (profile && print_profile(h)) rc = SC_NOMEM;
    if (pg.shown && pg.tty) fputs("\r\033[K", stderr);
    for (int i = 0; i < opened; i++)
        if (close_output(h, &streams[i], rc == SC_OK || rc == SC_RULE ? SC_OK : rc) != SC_OK) trouble = 1;
    free(streams);
    if (rc == SC_RULE) trouble = 1;
    else if (rc != SC_OK) {
        fprintf(stderr, "%s: %s\n", prog, sc_host_errmsg(h));
        status = EXIT_ERROR;
        goto done;
    }
    for (int i = 0; !streaming && i < nouts; i++)
        if (write_findings(h, outs[i].format, outs[i].file) != SC_OK) trouble = 1;
    for (int s = fail_on; s < 5; s++)
        if (sc_host_count(h, (sc_severity)s, 0)) status = EXIT_FINDINGS;
    if (trouble) status = EXIT_ERROR;
    if (!quiet) summary(h, t0);
#undef USAGE
done:
    sc_host_close(h);
    sc_config_close(cfg);
    for (int i = 0; owned && i < nowned; i++) free(owned[i]);
    free(owned);
    free(rules);
    free(lists);
    free(outs);
    free(specs);
    free(inputs.v);
    free(inputs_buf);
    free(stdin_data);
    return status;
}
