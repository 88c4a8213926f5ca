/*
 * test_scorecard.c — periods, value cells, the CSV reader and the three scorecard shapes,
 * including every error a scorecard can make, located.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "load/csv.h"
#include "load/period.h"
#include "load/scorecard.h"

static void periods(void **state)
{
    (void)state;
    static const struct { const char *in, *label; period_kind kind; int key; } ok[] = {
        { "2019-20", "2019/20", PER_FIN_YEAR, 2019 * 12 + 3 },
        { "2019/20", "2019/20", PER_FIN_YEAR, 2019 * 12 + 3 },
        { "2019/2020", "2019/20", PER_FIN_YEAR, 2019 * 12 + 3 },
        { "2019 / 2020", "2019/20", PER_FIN_YEAR, 2019 * 12 + 3 },
        { "201920", "2019/20", PER_FIN_YEAR, 2019 * 12 + 3 },
        { "Q3 2019/20", "Q3 2019/20", PER_QUARTER, 2019 * 12 + 9 },
        { "q1 2019-20", "Q1 2019/20", PER_QUARTER, 2019 * 12 + 3 },
        { "2019/20 Q4", "Q4 2019/20", PER_QUARTER, 2019 * 12 + 12 },
        { "2019-12", "2019-12", PER_MONTH, 2019 * 12 + 11 },
        { "Dec 2019", "2019-12", PER_MONTH, 2019 * 12 + 11 },
        { "June 2018", "2018-06", PER_MONTH, 2018 * 12 + 5 },
        { "Sept 2018", "2018-09", PER_MONTH, 2018 * 12 + 8 },
        { " 2019 ", "2019", PER_YEAR, 2019 * 12 },
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        period p;
        if (period_parse(ok[i].in, strlen(ok[i].in), &p) != 0) fail_msg("'%s' did not parse", ok[i].in);
        assert_string_equal(p.label, ok[i].label);
        assert_int_equal(p.kind, ok[i].kind);
        assert_int_equal(p.key, ok[i].key);
    }
    static const char *const bad[] = { "", "Q5 2019/20", "2019/21", "2019-13", "Smarch 2019", "19/20", "Q3", "2019/20/21", "next year" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        period p;
        if (period_parse(bad[i], strlen(bad[i]), &p) == 0) fail_msg("'%s' parsed as %s", bad[i], p.label);
    }
}

static void cells(void **state)
{
    (void)state;
    static const struct { const char *in; double v; } nums[] = {
        { "28.5", 28.5 }, { "28.5%", 28.5 }, { " 47 % ", 47 }, { "1,234", 1234 }, { "1,234,567.5", 1234567.5 },
        { "-3.2", -3.2 }, { "0", 0 },
    };
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        double v;
        const char *why;
        assert_int_equal(scorecard_cell(nums[i].in, &v, &why), 0);
        assert_true(fabs(v - nums[i].v) < 1e-9);
    }
    static const struct { const char *in, *why; } marks[] = {
        { "c", "suppressed" }, { "X", "not available" }, { "z", "not applicable" }, { "..", "not available" },
        { ":", "not available" }, { "-", "none" }, { "n/a", "not applicable" }, { "", "empty" }, { "  ", "empty" },
    };
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        double v;
        const char *why = NULL;
        assert_int_equal(scorecard_cell(marks[i].in, &v, &why), 1);
        assert_string_equal(why, marks[i].why);
    }
    static const char *const bad[] = { "12,34", "1,2345", "abc", "12.", "1.2.3", "%", "12 apples", ",123" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        double v;
        const char *why;
        if (scorecard_cell(bad[i], &v, &why) != -1) fail_msg("'%s' accepted", bad[i]);
    }
}

static void csv_reader_positions(void **state)
{
    (void)state;
    const char *t = "\xEF\xBB\xBF" "a,\"b, with comma\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x,\r\nlast";
    csv_reader r;
    csv_open(&r, t, strlen(t));
    assert_int_equal(csv_next(&r), 1);
    assert_int_equal(r.nf, 3);
    assert_string_equal(r.f[1].text, "b, with comma");
    assert_string_equal(r.f[2].text, "say \"hi\"");
    assert_int_equal(r.f[1].line, 1);
    assert_int_equal(r.f[1].col, 3);
    assert_int_equal(csv_next(&r), 1);
    assert_int_equal(r.nf, 3);
    assert_string_equal(r.f[0].text, "two\nlines");
    assert_int_equal(r.f[1].line, 3);
    assert_int_equal(r.f[1].col, 8);
    assert_string_equal(r.f[2].text, "");
    assert_int_equal(csv_next(&r), 1);
    assert_string_equal(r.f[0].text, "last");
    assert_int_equal(r.f[0].line, 4);
    assert_int_equal(csv_next(&r), 0);
    csv_close(&r);
    csv_open(&r, "a,\"open\nb", 9);
    assert_int_equal(csv_next(&r), -1);
    assert_string_equal(r.err, "unterminated quoted field");
    assert_int_equal(r.err_line, 1);
    assert_int_equal(r.err_col, 3);
    csv_close(&r);
}

static catalogue cat;
static char diags[4096];

static void on_diag(void *ud, sc_diag_level lv, const char *file, int line, int col, const char *msg)
{
    (void)ud;
    size_t n = strlen(diags);
    snprintf(diags + n, sizeof diags - n, "%s:%d:%d: %s: %s\n", file, line, col, lv == SC_DIAG_ERROR ? "error" : "warning", msg);
}

static scorecard *parse(const char *name, const char *text, int *rc)
{
    diags[0] = '\0';
    load_diag dg = { on_diag, NULL, name };
    scorecard *sc = NULL;
    char err[256];
    *rc = scorecard_parse(name, text, strlen(text), &cat, &dg, &sc, err, sizeof err);
    return sc;
}

static int setup(void **state)
{
    (void)state;
    char err[256];
    return catalogue_add_standard(&cat, err, sizeof err) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    catalogue_free(&cat);
    return 0;
}

static void long_shape(void **state)
{
    (void)state;
    int rc;
    scorecard *sc = parse("l.csv",
                          "council,indicator,period,value,target,england,statistical_neighbours,region,rag\n"
                          "Northshire,rereferrals,Q3 2023/24,24.0%,18,22.6,21.0,20.5,Red\n"
                          "Northshire,rereferrals,2023-24,c,,,,,\n"
                          "\"Northshire\",caseload,Dec 2023,\"1,020\",18,,,,\n",
                          &rc);
    assert_int_equal(rc, SC_OK);
    assert_string_equal(sc->shape, "long");
    assert_int_equal(sc->n, 3);
    assert_string_equal(sc->v[0].per.label, "Q3 2023/24");
    assert_true(sc->v[0].has & OBS_VALUE);
    assert_true(fabs(sc->v[0].value - 24.0) < 1e-9 && fabs(sc->v[0].target - 18) < 1e-9 && fabs(sc->v[0].region - 20.5) < 1e-9);
    assert_int_equal(sc->v[0].line, 2);
    assert_int_equal(sc->v[0].col, 35);
    assert_false(sc->v[1].has & OBS_VALUE);
    assert_string_equal(sc->v[1].missing, "suppressed");
    assert_true(fabs(sc->v[2].value - 1020) < 1e-9);
    assert_string_equal(sc->v[2].per.label, "2023-12");
    scorecard_free(sc);
}

static void wide_shape(void **state)
{
    (void)state;
    int rc;
    scorecard *sc = parse("w.csv", "council,indicator,target,Q1 2023/24,Q2 2023/24,2023/24 Q3\n"
                                   " St Aldric\xE2\x80\x99s  Borough,agency_rate,12,14.5,x,16\n", &rc);
    assert_int_equal(rc, SC_OK);
    assert_string_equal(sc->shape, "wide");
    /* the council's name as the minutes spell it: straight apostrophe, single spaces */
    assert_string_equal(sc->v[0].council, "St Aldric's Borough");
    assert_int_equal(sc->n, 3);
    assert_string_equal(sc->v[2].per.label, "Q3 2023/24");
    assert_string_equal(sc->v[1].missing, "not available");
    assert_true((sc->v[0].has & OBS_TARGET) && fabs(sc->v[0].target - 12) < 1e-9);
    assert_int_equal(sc->v[2].col, 45); /* in characters: the apostrophe is one */
    scorecard_free(sc);
}

static void dfe_shape(void **state)
{
    (void)state;
    int rc;
    scorecard *sc = parse("d.csv",
                          "\xEF\xBB\xBFtime_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
                          "old_la_code,new_la_code,la_name,rereferral_percent,agency_rate_fte,unknown_col\n"
                          "202324,Reporting year,National,E92000001,England,,,,,,22.6,13.0,1\n"
                          "202324,Reporting year,Regional,E92000001,England,E12000009,South West,,,,21.0,12.0,1\n"
                          "202324,Reporting year,Local authority,E92000001,England,E12000009,South West,800,E06000022,Westbrook,25.1,z,1\n",
                          &rc);
    assert_int_equal(rc, SC_OK);
    assert_string_equal(sc->shape, "dfe");
    assert_int_equal(sc->n, 2);
    assert_string_equal(sc->v[0].council, "Westbrook");
    assert_string_equal(sc->v[0].indicator, "rereferrals");
    assert_string_equal(sc->v[0].per.label, "2023/24");
    assert_true((sc->v[0].has & OBS_ENGLAND) && fabs(sc->v[0].england - 22.6) < 1e-9);
    assert_true((sc->v[0].has & OBS_REGION) && fabs(sc->v[0].region - 21.0) < 1e-9);
    assert_string_equal(sc->v[1].missing, "not applicable");
    scorecard_free(sc);
}

static void errors_are_located(void **state)
{
    (void)state;
    static const struct { const char *text, *expect; } cases[] = {
        { "council,indicator,period,value\nA,rereferrals,Q3 2023/24,24,extra\n", "e.csv:2:29: error: row has 5 fields, the header has 4" },
        { "council,indicator,period,value\nA,rereferrals,Q3 2023/24\n", "e.csv:2:15: error: row has 3 fields, the header has 4" },
        { "council,indicator,period,value\nA,rereferrals,Winter 2023,24\n", "e.csv:2:15: error: 'Winter 2023' is not a period" },
        { "council,indicator,period,value\nA,rereferrals,2023/24,lots\n", "e.csv:2:23: error: 'lots' is not a number or a suppression marker" },
        { "council,indicator,period,value\nA,rereferals,2023/24,20\n", "e.csv:2:3: error: unknown indicator 'rereferals' (did you mean 'rereferrals'?)" },
        { "council,indicator,period,value\nA,rereferrals,2023/24,\"20\n", "e.csv:2:23: error: unterminated quoted field" },
        { "name,thing\nx,y\n", "e.csv:1:1: error: unknown scorecard shape" },
        { "", "e.csv:1:1: error: empty scorecard" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int rc;
        scorecard *sc = parse("e.csv", cases[i].text, &rc);
        assert_null(sc);
        assert_int_equal(rc, SC_PARSE);
        if (!strstr(diags, cases[i].expect)) fail_msg("case %zu: expected '%s' in:\n%s", i, cases[i].expect, diags);
    }
}

/* A DfE column that the catalogue maps by name alone reads only the rows whose filter columns
 * (columns of words that are not geography) say "Total"; comparators follow the same rows. */
static void dfe_filter_columns(void **state)
{
    (void)state;
    int rc;
    scorecard *sc = parse("f.csv",
                          "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
                          "new_la_code,old_la_code,la_name,role,caseload_fte\n"
                          "202324,Reporting year,National,E92000001,England,,,,,,Team manager,4.1\n"
                          "202324,Reporting year,National,E92000001,England,,,,,,total,15.2\n"
                          "202324,Reporting year,Local authority,E92000001,England,E12000009,South West,E06000022,800,Westbrook,Team manager,5.0\n"
                          "202324,Reporting year,Local authority,E92000001,England,E12000009,South West,E06000022,800,Westbrook, Total ,17.5\n",
                          &rc);
    if (rc != SC_OK) fail_msg("%s", diags);
    assert_int_equal(sc->n, 1);
    assert_int_equal(sc->v[0].line, 5);
    assert_true(fabs(sc->v[0].value - 17.5) < 1e-9);
    assert_true((sc->v[0].has & OBS_ENGLAND) && fabs(sc->v[0].england - 15.2) < 1e-9);
    scorecard_free(sc);
}

/* One value per council, indicator and period: a second value is an error naming both lines,
 * the same row again a warning that keeps one. */
static void repeated_observations(void **state)
{
    (void)state;
    int rc;
    scorecard *sc = parse("r.csv",
                          "council,indicator,period,value\n"
                          "A,rereferrals,Q3 2023/24,24\n"
                          "A,rereferrals,Q4 2023/24,25\n"
                          "A,rereferrals,2023/24 Q3,24.0\n",
                          &rc);
    assert_int_equal(rc, SC_OK);
    assert_int_equal(sc->n, 2);
    assert_int_equal(sc->v[0].line, 2);
    assert_int_equal(sc->v[1].line, 3);
    if (!strstr(diags, "r.csv:4:26: warning: A, rereferrals, Q3 2023/24 repeats line 2 (kept once)")) fail_msg("%s", diags);
    scorecard_free(sc);
    sc = parse("r.csv",
               "council,indicator,Q1 2023/24,Q2 2023/24\n"
               "A,caseload,17,18\n"
               "B,caseload,17,18\n"
               "A,caseload,17,19\n",
               &rc);
    assert_null(sc);
    assert_int_equal(rc, SC_PARSE);
    if (!strstr(diags, "r.csv:4:15: error: A, caseload, Q2 2023/24 has a second value '19' (line 2 has '18')")) fail_msg("%s", diags);
    if (strstr(diags, "error: A, caseload, Q1")) fail_msg("an equal value is not an error:\n%s", diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(periods),
        cmocka_unit_test(cells),
        cmocka_unit_test(csv_reader_positions),
        cmocka_unit_test(long_shape),
        cmocka_unit_test(wide_shape),
        cmocka_unit_test(dfe_shape),
        cmocka_unit_test(errors_are_located),
        cmocka_unit_test(repeated_observations),
        cmocka_unit_test(dfe_filter_columns),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
