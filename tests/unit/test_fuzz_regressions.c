/*
 * test_fuzz_regressions.c — every input a fuzzer once crashed on, replayed through the same
 * path as its harness (the files under tests/fuzz/regressions/HARNESS). Under `make asan` a regression is a
 * sanitizer report; here it must at least return cleanly with a located answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/fuzz_util.h"
#include "core/yamltree.h"
#include "findings/esc_config.h"
#include "findings/waivers.h"
#include "load/catalogue.h"
#include "load/load.h"
#include "load/scorecard.h"
#include "ruletest.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *b = malloc(1 << 20);
    assert_non_null(b);
    *len = fread(b, 1, 1 << 20, f);
    fclose(f);
    return b;
}

/* Calls fn on each file of tests/fuzz/regressions/<name>; returns how many. */
static int each(const char *name, void (*fn)(const char *data, size_t len))
{
    char dir[256];
    snprintf(dir, sizeof dir, "tests/fuzz/regressions/%s", name);
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len;
        char *data = slurp(path, &len);
        fn(data, len);
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

static void frontmatter_case(const char *data, size_t len)
{
    static const char head[] = "---\n", tail[] = "\n---\nAgenda item\n\nTitle\n\nRESOLVED: That the report be noted.\n";
    char *buf = malloc(len + sizeof head + sizeof tail);
    assert_non_null(buf);
    memcpy(buf, head, sizeof head - 1);
    memcpy(buf + sizeof head - 1, data, len);
    memcpy(buf + sizeof head - 1 + len, tail, sizeof tail - 1);
    model_doc *d = NULL;
    char err[256] = "";
    int rc = load_minutes("fuzz.txt", buf, len + sizeof head - 1 + sizeof tail - 1, NULL, &d, err, sizeof err);
    if (rc == SC_OK) model_doc_free(d);
    else assert_non_null(strstr(err, "fuzz.txt"));
    free(buf);
}

/* As fuzz_minutes: load, dump every object, fold. Every paragraph and sentence span lies in the
 * text and never ends before it starts. */
static void minutes_case(const char *data, size_t len)
{
    model_doc *d = NULL;
    char err[256] = "";
    if (load_minutes("fuzz.txt", data, len, NULL, &d, err, sizeof err) != SC_OK) {
        assert_non_null(strstr(err, "fuzz.txt"));
        return;
    }
    FILE *null = fopen("/dev/null", "w");
    assert_non_null(null);
    load_dump(d, null);
    fclose(null);
    for (int i = 0; i < d->paras.n; i++) {
        assert_true(d->paras.v[i].span.off <= d->paras.v[i].span.end);
        assert_true(d->paras.v[i].span.end <= d->len);
    }
    assert_int_equal(model_fold(d), 0);
    model_doc_free(d);
}

static void config_case(const char *data, size_t len)
{
    char err[512] = "";
    ynode *t = ytree_parse("fuzz.yaml", data, len, err, sizeof err);
    if (!t) { assert_non_null(strstr(err, "fuzz.yaml:")); return; }
    esc_list l = { 0 };
    if (t->kind == Y_MAP && esc_list_load(&l, t, "fuzz.yaml", err, sizeof err) != SC_OK)
        assert_non_null(strstr(err, "fuzz.yaml:"));
    esc_list_free(&l);
    ytree_free(t);
}

static void scorecard_case(const char *data, size_t len)
{
    static catalogue cat;
    char err[256] = "";
    if (!cat.loaded_std) assert_int_equal(catalogue_add_standard(&cat, err, sizeof err), SC_OK);
    load_diag dg = { NULL, NULL, "fuzz.csv" };
    scorecard *sc = NULL;
    if (scorecard_parse("fuzz.csv", data, len, &cat, &dg, &sc, err, sizeof err) == SC_OK) scorecard_free(sc);
    else assert_non_null(strstr(err, "fuzz.csv"));
}

/* The harnesses below assert that a refusal names "file:line:col" inside the input. */
static void scorecard_yaml_case(const char *data, size_t len)
{
    static catalogue cat;
    char err[512] = "";
    if (!cat.loaded_std) assert_int_equal(catalogue_add_standard(&cat, err, sizeof err), SC_OK);
    scorecard *sc = NULL;
    if (scorecard_parse_yaml("fuzz.scorecard.yaml", data, len, &cat, NULL, &sc, err, sizeof err) == SC_OK) scorecard_free(sc);
    else assert_true(fz_located(err, "fuzz.scorecard.yaml", data, len));
}

static void catalogue_case(const char *data, size_t len)
{
    catalogue c = { 0 };
    char err[512] = "";
    if (catalogue_add(&c, "fuzz.catalogue.yaml", data, len, err, sizeof err) != SC_OK)
        assert_true(fz_located(err, "fuzz.catalogue.yaml", data, len));
    catalogue_free(&c);
}

static void waivers_case(const char *data, size_t len)
{
    waivers w = { 0 };
    char err[512] = "";
    if (waivers_parse(&w, "fuzz.waivers.yaml", data, len, "2024-06-01", err, sizeof err, NULL, NULL) != SC_OK)
        assert_true(fz_located(err, "fuzz.waivers.yaml", data, len));
    waivers_free(&w);
}

static void baseline_case(const char *data, size_t len)
{
    waivers w = { 0 };
    char err[512] = "";
    if (waivers_parse_baseline(&w, "fuzz.jsonl", data, len, err, sizeof err) != SC_OK)
        assert_true(fz_located(err, "fuzz.jsonl", data, len));
    else { /* one fingerprint per line that is not blank */
        size_t lines = 0;
        for (size_t i = 0; i < len; i++)
            if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n') {
                lines++;
                while (i < len && data[i] != '\n') i++;
            }
        assert_int_equal(w.nbase, lines);
    }
    waivers_free(&w);
}

static void expect_case(const char *data, size_t len)
{
    spec sp;
    sbuf err = { 0 };
    if (ruletest_spec_parse("fuzz.expect.yaml", data, len, &sp, &err) == 0) ruletest_spec_free(&sp);
    else assert_true(err.s && fz_located(err.s, "fuzz.expect.yaml", data, len));
    sbuf_free(&err);
}

static void minutes_regressions(void **state) { (void)state; assert_true(each("minutes", minutes_case) > 0); }
static void frontmatter_regressions(void **state) { (void)state; assert_true(each("frontmatter", frontmatter_case) > 0); }
static void config_regressions(void **state) { (void)state; assert_true(each("config", config_case) > 0); }
static void scorecard_regressions(void **state) { (void)state; assert_true(each("scorecard", scorecard_case) > 0); }
static void scorecard_yaml_regressions(void **state) { (void)state; assert_true(each("scorecard_yaml", scorecard_yaml_case) > 0); }
static void catalogue_regressions(void **state) { (void)state; assert_true(each("catalogue", catalogue_case) > 0); }
static void waivers_regressions(void **state) { (void)state; assert_true(each("waivers", waivers_case) > 0); }
static void baseline_regressions(void **state) { (void)state; assert_true(each("baseline", baseline_case) > 0); }
static void expect_regressions(void **state) { (void)state; assert_true(each("expect", expect_case) > 0); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(minutes_regressions),
        cmocka_unit_test(frontmatter_regressions),
        cmocka_unit_test(config_regressions),
        cmocka_unit_test(scorecard_regressions),
        cmocka_unit_test(scorecard_yaml_regressions),
        cmocka_unit_test(catalogue_regressions),
        cmocka_unit_test(waivers_regressions),
        cmocka_unit_test(baseline_regressions),
        cmocka_unit_test(expect_regressions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
