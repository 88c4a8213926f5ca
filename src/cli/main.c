/*
 * main.c — scrutiny-run, a client of include/scrutiny.h only.
 *
 *   scrutiny-run [options] RULES...     rule files or folders of *.lua
 *
 * Exit status: 0 no finding at or above --fail-on, 1 some, 2 an error (bad argument, input,
 * rule or database). Output goes to a temporary file renamed into place, so -o FILE is either
 * the whole result or untouched.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../include/scrutiny.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_ERROR = 2 };

static const char *prog = "scrutiny-run";
static int quiet;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: %s [options] RULES...\n"
            "Checks council committee minutes against Lua rules and prints the findings.\n"
            "RULES are rule files or folders of *.lua files.\n"
            "\n"
            "  -i, --input PATH        minutes file, folder (recursive: *.txt, *.md) or - for stdin; repeatable\n"
            "      --db FILE           keep the corpus in this SQLite file; without -i, check what it holds\n"
            "  -f, --format FORMAT     text (default) or jsonl\n"
            "  -o, --output FILE       write findings to FILE instead of standard output\n"
            "      --fail-on SEVERITY  exit 1 when a finding is at or above SEVERITY (default info)\n"
            "      --dump              print the parsed model of the inputs instead of running rules\n"
            "      --test              run the rule fixtures of each RULES folder (RULES/tests/*.txt)\n"
            "      --list-rules        list the rules: id, severity, tags, file:line, title\n"
            "      --explain ID        show a rule's documentation and its args\n"
            "      --instr-limit N     Lua instructions per rule call (default 100000000)\n"
            "      --time-limit SEC    seconds per rule call (default 1)\n"
            "      --memory-limit MB   memory for all rules together (default 256)\n"
            "      --max-input MB      largest input document accepted (default 64)\n"
            "  -q, --quiet             do not print notes\n"
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
    if (lv == SC_DIAG_NOTE && quiet) return;
    if (!file) fprintf(stderr, "%s\n", msg);
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

/* --list-rules and --explain ID over the rule files given. */
static int list_rules(int n, char **paths, const sc_options *opts, const char *explain)
{
    char err[512];
    sc_host *h = NULL;
    if (sc_host_open(&h, opts, err, sizeof err) != SC_OK) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return EXIT_ERROR;
    }
    int status = n == 0 ? bad_usage("%s", "no rule files given") : EXIT_CLEAN, found = 0;
    for (int i = 0; i < n; i++)
        if (sc_host_load_rules(h, paths[i]) != SC_OK) status = EXIT_ERROR;
    for (size_t i = 0; i < sc_host_rule_count(h); i++) {
        const sc_rule_info *r = sc_host_rule(h, i);
        if (!explain) {
            printf("%-36s %-8s %-28s %s:%d  %s\n", r->id, sc_severity_name(r->severity), r->tags, r->file, r->line, r->title);
            continue;
        }
        if (strcmp(r->id, explain) != 0) continue;
        found = 1;
        printf("%s — %s\n\nseverity: %s\nscope:    %s\ntags:     %s\nfile:     %s:%d\n", r->id, r->title,
               sc_severity_name(r->severity), r->scope, *r->tags ? r->tags : "-", r->file, r->line);
        if (*r->doc) printf("\n%s\n", r->doc);
        if (*r->args) printf("\nargs (defaults):\n%s", r->args);
    }
    if (explain && !found && status == EXIT_CLEAN) {
        fprintf(stderr, "%s: no rule '%s' in the rule files given\n", prog, explain);
        status = EXIT_ERROR;
    }
    sc_host_close(h);
    return status;
}

int main(int argc, char **argv)
{
    static const struct option longs[] = {
        { "input", required_argument, NULL, 'i' },
        { "db", required_argument, NULL, 'd' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "fail-on", required_argument, NULL, 'F' },
        { "dump", no_argument, NULL, 'D' },
        { "test", no_argument, NULL, 't' },
        { "list-rules", no_argument, NULL, 'L' },
        { "explain", required_argument, NULL, 'E' },
        { "instr-limit", required_argument, NULL, 'I' },
        { "time-limit", required_argument, NULL, 'T' },
        { "memory-limit", required_argument, NULL, 'M' },
        { "max-input", required_argument, NULL, 'X' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    if (!inputs) return EXIT_ERROR;
    int ninputs = 0, dump = 0, test = 0, list = 0, fail_on = SC_SEV_INFO;
    const char *format = "text", *output = NULL, *explain = NULL;
    sc_options opts = { 0 };
    opts.diag = diag;
    int c;
    double v;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":i:f:o:qhV", longs, NULL)) != -1) {
        switch (c) {
        case 'i': inputs[ninputs++] = optarg; break;
        case 'd': opts.db_path = optarg; break;
        case 'f':
            if (strcmp(optarg, "text") && strcmp(optarg, "jsonl")) { free(inputs); return bad_usage("unknown format '%s' (text, jsonl)", optarg); }
            format = optarg;
            break;
        case 'o': output = optarg; break;
        case 'F':
            if ((fail_on = sc_severity_parse(optarg)) < 0) {
                free(inputs);
                return bad_usage("unknown severity '%s' (info, notice, warning, high, critical)", optarg);
            }
            break;
        case 'D': dump = 1; break;
        case 't': test = 1; break;
        case 'L': list = 1; break;
        case 'E': explain = optarg; break;
        case 'I':
            if (parse_number(optarg, 1000, 1e15, &v)) { free(inputs); return bad_usage("--instr-limit: '%s' is not a number from 1000", optarg); }
            opts.instr_budget = (long long)v;
            break;
        case 'T':
            if (parse_number(optarg, 0.001, 86400, &v)) { free(inputs); return bad_usage("--time-limit: '%s' is not a number of seconds", optarg); }
            opts.deadline_s = v;
            break;
        case 'M':
            if (parse_number(optarg, 1, 1 << 20, &v)) { free(inputs); return bad_usage("--memory-limit: '%s' is not a number of megabytes", optarg); }
            opts.mem_limit = (size_t)(v * 1048576.0);
            break;
        case 'X':
            if (parse_number(optarg, 0.001, 1 << 20, &v)) { free(inputs); return bad_usage("--max-input: '%s' is not a number of megabytes", optarg); }
            opts.max_input = (size_t)(v * 1048576.0);
            break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); free(inputs); return EXIT_CLEAN;
        case 'V': printf("scrutiny-run %s\n", SC_VERSION); free(inputs); return EXIT_CLEAN;
        case ':': free(inputs); return bad_usage("option '%s' needs a value", argv[optind - 1]);
        default: free(inputs); return bad_usage("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (test) {
        if (optind >= argc) { free(inputs); return bad_usage("%s", "--test needs a rules folder, e.g. --test rules/"); }
        int failed_any = 0;
        for (int i = optind; i < argc; i++) {
            int passed, failed;
            int rc = sc_test_rules(argv[i], &opts, stdout, &passed, &failed);
            if (rc != SC_OK) failed_any = 1;
        }
        free(inputs);
        return failed_any ? EXIT_FINDINGS : EXIT_CLEAN;
    }
    if (list || explain) {
        free(inputs);
        return list_rules(argc - optind, argv + optind, &opts, explain);
    }
    if (optind >= argc && !dump) { free(inputs); return bad_usage("%s", "no rule files given"); }
    if (ninputs == 0 && !opts.db_path) { free(inputs); return bad_usage("%s", "no inputs: give -i PATH, or --db FILE to check a stored corpus"); }

    char err[512];
    sc_host *h = NULL;
    if (sc_host_open(&h, &opts, err, sizeof err) != SC_OK) {
        fprintf(stderr, "%s: %s\n", prog, err);
        free(inputs);
        return EXIT_ERROR;
    }
    int status = EXIT_CLEAN, trouble = 0;
    for (int i = optind; i < argc; i++)
        if (sc_host_load_rules(h, argv[i]) != SC_OK) trouble = 1;
    for (int i = 0; i < ninputs; i++) {
        int rc = sc_host_add_input(h, inputs[i]);
        if (rc == SC_NOMEM || rc == SC_DB) {
            fprintf(stderr, "%s: %s\n", prog, sc_host_errmsg(h));
            status = EXIT_ERROR;
            goto done;
        }
        if (rc != SC_OK) trouble = 1;
    }
    if (ninputs == 0 && sc_host_add_stored(h) != SC_OK) {
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
    int rc = sc_host_run(h);
    if (rc == SC_RULE) trouble = 1;
    else if (rc != SC_OK) {
        fprintf(stderr, "%s: %s\n", prog, sc_host_errmsg(h));
        status = EXIT_ERROR;
        goto done;
    }

    FILE *out = stdout;
    char *tmp = NULL;
    if (output) {
        size_t n = strlen(output) + 16;
        tmp = malloc(n);
        if (!tmp) { status = EXIT_ERROR; goto done; }
        snprintf(tmp, n, "%s.tmp%ld", output, (long)getpid());
        out = fopen(tmp, "wb");
        if (!out) {
            fprintf(stderr, "%s: %s: cannot write: %s\n", prog, output, strerror(errno));
            free(tmp);
            status = EXIT_ERROR;
            goto done;
        }
    }
    rc = sc_host_write(h, format, out);
    if (output) {
        if (fclose(out) != 0 && rc == SC_OK) rc = SC_IO;
        if (rc == SC_OK && rename(tmp, output) != 0) rc = SC_IO;
        if (rc != SC_OK) remove(tmp);
        free(tmp);
    } else if (fflush(stdout) != 0) {
        rc = SC_IO;
    }
    if (rc != SC_OK) {
        fprintf(stderr, "%s: %s: %s\n", prog, output ? output : "standard output", *sc_host_errmsg(h) ? sc_host_errmsg(h) : strerror(errno));
        status = EXIT_ERROR;
        goto done;
    }
    for (size_t i = 0; i < sc_host_finding_count(h); i++)
        if ((int)sc_host_finding(h, i)->severity >= fail_on) status = EXIT_FINDINGS;
    if (trouble) status = EXIT_ERROR;
done:
    sc_host_close(h);
    free(inputs);
    return status;
}
