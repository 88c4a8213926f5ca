/*
 * test_config.c — configuration layering through the public API: rule defaults < the pack's
 * scrutiny.yaml < the user's configuration < a council's section < --set, plus selection and
 * the errors a user can make.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scrutiny.h"

static char dir[64];

static const char *const rule_src =
    "rule { id = 't.level', severity = 'notice', args = { threshold = 1, words = { 'a' } },\n"
    "  check = function(item, ctx)\n"
    "    ctx:flag{ at = item, message = ('threshold=%s words=%s sev=%s'):format(ctx.args.threshold,\n"
    "      table.concat(ctx.args.words, ','), ctx.severity) }\n"
    "  end }\n"
    "rule { id = 't.other', check = function(item, ctx) ctx:flag{ at = item, message = 'other' } end }\n";

static const char *const doc_x = "---\ncouncil: Xshire\ndate: 2024-01-01\n---\nAgenda item\n\nBudget\n\nRESOLVED: That the report be noted.\n";
static const char *const doc_y = "---\ncouncil: Yshire\ndate: 2024-01-01\n---\nAgenda item\n\nBudget\n\nRESOLVED: That the report be noted.\n";

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/sc-config-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    char pack[128];
    snprintf(pack, sizeof pack, "%s/pack", dir);
    mkdir(pack, 0700);
    write_file("pack/t.lua", rule_src);
    write_file("pack/scrutiny.yaml", "rules:\n  t.level:\n    args:\n      threshold: 10\n");
    write_file("user.yaml",
               "rules:\n"
               "  t.level:\n"
               "    args:\n"
               "      threshold: 20\n"
               "      words: { append: [b] }\n"
               "councils:\n"
               "  Xshire:\n"
               "    rules:\n"
               "      t.level:\n"
               "        severity: high\n"
               "        args: { threshold: 30 }\n");
    write_file("typo.yaml", "rules:\n  t.levle:\n    severity: high\n");
    write_file("badtype.yaml", "rules:\n  t.level:\n    args:\n      words: just-one\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    const char *files[] = { "pack/t.lua", "pack/scrutiny.yaml", "user.yaml", "typo.yaml", "badtype.yaml" };
    char path[256];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/pack", dir);
    rmdir(path);
    rmdir(dir);
    return 0;
}

/* Opens a host with the pack, applies the user config (when given) and --set assignments,
 * runs over both councils and writes "council|rule|message" lines to out. Returns the status
 * of the first step that failed, or SC_OK. */
static int run(const char *user, const char *const *sets, const char *select, char *out, size_t outlen, char *err,
               size_t errlen)
{
    sc_host *h;
    char e[256];
    out[0] = err[0] = '\0';
    assert_int_equal(sc_host_open(&h, NULL, e, sizeof e), SC_OK);
    char path[256];
    snprintf(path, sizeof path, "%s/pack", dir);
    int rc = sc_host_load_rules(h, path);
    sc_config *cfg = NULL;
    if (rc == SC_OK && user) {
        snprintf(path, sizeof path, "%s/%s", dir, user);
        rc = sc_config_open(&cfg, path, err, errlen);
        if (rc == SC_OK) rc = sc_host_apply_config(h, cfg);
    }
    for (int i = 0; rc == SC_OK && sets && sets[i]; i++) rc = sc_host_set(h, sets[i]);
    if (rc == SC_OK && select) rc = sc_host_select(h, select);
    if (rc == SC_OK) rc = sc_host_add_buffer(h, "x.txt", doc_x, strlen(doc_x));
    if (rc == SC_OK) rc = sc_host_add_buffer(h, "y.txt", doc_y, strlen(doc_y));
    if (rc == SC_OK) rc = sc_host_run(h);
    if (rc != SC_OK && !*err) snprintf(err, errlen, "%s", sc_host_errmsg(h));
    for (size_t i = 0; rc == SC_OK && i < sc_host_finding_count(h); i++) {
        const sc_finding *f = sc_host_finding(h, i);
        size_t k = strlen(out);
        snprintf(out + k, outlen - k, "%s|%s|%s\n", f->council, f->rule, f->message);
    }
    sc_config_close(cfg);
    sc_host_close(h);
    return rc;
}

#define HAS(out, s) do { if (!strstr(out, s)) fail_msg("missing '%s' in:\n%s", s, out); } while (0)

static void pack_config_over_defaults(void **state)
{
    (void)state;
    char out[4096], err[512];
    assert_int_equal(run(NULL, NULL, NULL, out, sizeof out, err, sizeof err), SC_OK);
    HAS(out, "Xshire|t.level|threshold=10 words=a sev=notice\n");
    HAS(out, "Yshire|t.level|threshold=10 words=a sev=notice\n");
}

static void user_and_council_over_pack(void **state)
{
    (void)state;
    char out[4096], err[512];
    assert_int_equal(run("user.yaml", NULL, NULL, out, sizeof out, err, sizeof err), SC_OK);
    HAS(out, "Yshire|t.level|threshold=20 words=a,b sev=notice\n");
    HAS(out, "Xshire|t.level|threshold=30 words=a,b sev=high\n");
}

static void command_line_over_everything(void **state)
{
    (void)state;
    char out[4096], err[512];
    const char *sets[] = { "t.level.threshold=40", NULL };
    assert_int_equal(run("user.yaml", sets, NULL, out, sizeof out, err, sizeof err), SC_OK);
    HAS(out, "Yshire|t.level|threshold=40 words=a,b sev=notice\n");
    HAS(out, "Xshire|t.level|threshold=40 words=a,b sev=high\n"); /* the council's severity stays */
    const char *sets2[] = { "t.level.severity=info", "t.level.words=[c, d]", NULL };
    assert_int_equal(run("user.yaml", sets2, NULL, out, sizeof out, err, sizeof err), SC_OK);
    HAS(out, "Xshire|t.level|threshold=30 words=c,d sev=info\n");
}

static void selection_turns_rules_off(void **state)
{
    (void)state;
    char out[4096], err[512];
    assert_int_equal(run(NULL, NULL, "t.* and not t.level", out, sizeof out, err, sizeof err), SC_OK);
    assert_null(strstr(out, "t.level"));
    HAS(out, "Xshire|t.other|other\n");
    const char *sets[] = { "t.other.enabled=false", NULL };
    assert_int_equal(run(NULL, sets, NULL, out, sizeof out, err, sizeof err), SC_OK);
    assert_null(strstr(out, "t.other"));
}

static void mistakes_are_located(void **state)
{
    (void)state;
    char out[4096], err[512];
    assert_int_equal(run("typo.yaml", NULL, NULL, out, sizeof out, err, sizeof err), SC_PARSE);
    HAS(err, "typo.yaml:2:3: no rule 't.levle' (did you mean 't.level'?)");
    assert_int_equal(run("badtype.yaml", NULL, NULL, out, sizeof out, err, sizeof err), SC_PARSE);
    HAS(err, "badtype.yaml:4:14: t.level.words must be a list");
    const char *sets[] = { "t.level.threshold=high", NULL };
    assert_int_equal(run(NULL, sets, NULL, out, sizeof out, err, sizeof err), SC_PARSE);
    HAS(err, "--set 't.level.threshold=high': t.level.threshold must be a number");
    assert_int_equal(run(NULL, NULL, "t.level or", out, sizeof out, err, sizeof err), SC_USAGE);
    HAS(err, "--select: ");
    HAS(err, "\n  t.level or\n            ^");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pack_config_over_defaults),
        cmocka_unit_test(user_and_council_over_pack),
        cmocka_unit_test(command_line_over_everything),
        cmocka_unit_test(selection_turns_rules_off),
        cmocka_unit_test(mistakes_are_located),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
