/*
 * test_expr.c — the selection / escalation expression language: precedence, keywords, globs
 * against a fake rule set, comparisons over a fake finding list, every parse error with its exact
 * message and column, the limits, expr_glob and expr_atoms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/expr.h"

/* ---- fakes ---------------------------------------------------------------------------------- */

typedef struct fake_rule {
    const char *id;
    const char *tags[3];
} fake_rule;

static const fake_rule rules[] = {
    { "workforce.sickness", { "wellbeing", "staffing", NULL } },
    { "workforce.agency", { "staffing", NULL, NULL } },
    { "outcomes.noted-only", { "info", NULL, NULL } },
    { "outcomes.request-no-date", { NULL, NULL, NULL } },
    { "performance.low-percentage", { "info", NULL, NULL } },
    { "followup.overdue", { NULL, NULL, NULL } },
    { "delivery.not-achieved", { "wellbeing", NULL, NULL } },
};
#define NRULES (sizeof rules / sizeof rules[0])

static int has_tag(const fake_rule *r, const char *tag)
{
    for (int i = 0; i < 3 && r->tags[i]; i++)
        if (strcmp(r->tags[i], tag) == 0) return 1;
    return 0;
}

/* What the CLI will do: "tag:x" names a tag, a glob matches the id, a bare word may be a tag. */
static int rule_matches(const fake_rule *r, const char *atom)
{
    if (strncmp(atom, "tag:", 4) == 0) return has_tag(r, atom + 4);
    if (expr_glob(atom, r->id)) return 1;
    return !strpbrk(atom, "*?") && has_tag(r, atom);
}

static long count_rule(void *ud, const char *atom) { return rule_matches(ud, atom); }

/* Selected rule ids joined by ',', or "ERR col: message". */
static const char *sel(const char *src)
{
    static char out[1024];
    char err[128];
    int col;
    expr *e = expr_parse(src, 0, err, sizeof err, &col);
    if (!e) {
        snprintf(out, sizeof out, "ERR %d: %s", col, err);
        return out;
    }
    out[0] = '\0';
    for (size_t i = 0; i < NRULES; i++) {
        if (!expr_eval(e, count_rule, (void *)&rules[i])) continue;
        if (out[0]) strcat(out, ",");
        strcat(out, rules[i].id);
    }
    expr_free(e);
    return out;
}

/* A finding list: indices into rules[], -1 terminated. */
typedef struct findings {
    const int *rule;
} findings;

static long count_findings(void *ud, const char *atom)
{
    const findings *f = ud;
    long n = 0;
    for (const int *r = f->rule; *r >= 0; r++) n += rule_matches(&rules[*r], atom);
    return n;
}

/* 2 sickness, 1 agency, 1 noted-only, 2 followup, 1 low-percentage. */
static const int some[] = { 0, 0, 1, 2, 5, 5, 4, -1 };
/* 2 followup, 1 request-no-date: nothing tagged info. */
static const int quiet[] = { 5, 5, 3, -1 };

/* 1 true, 0 false, -1 parse error. */
static int esc(const char *src, const int *list)
{
    char err[128];
    int col;
    expr *e = expr_parse(src, 1, err, sizeof err, &col);
    if (!e) {
        print_message("parse error in \"%s\" at %d: %s\n", src, col, err);
        return -1;
    }
    findings f = { list };
    int r = expr_eval(e, count_findings, &f);
    expr_free(e);
    return r;
}

/* Atoms starting with 't' are true, all others false; counts calls. */
static long truthy(void *ud, const char *atom)
{
    if (ud) (*(int *)ud)++;
    return atom[0] == 't';
}

static int tf(const char *src)
{
    char err[128];
    int col;
    expr *e = expr_parse(src, 0, err, sizeof err, &col);
    if (!e) {
        print_message("parse error in \"%s\" at %d: %s\n", src, col, err);
        return -1;
    }
    int r = expr_eval(e, truthy, NULL);
    expr_free(e);
    return r;
}

/* Asserts that src fails to parse with exactly `msg` at column `col`. */
static void bad(const char *src, int counts, int col, const char *msg)
{
    char err[128] = "unchanged";
    int got = -7;
    expr *e = expr_parse(src, counts, err, sizeof err, &got);
    if (e) {
        expr_free(e);
        fail_msg("\"%s\" parsed, expected error \"%s\"", src, msg);
    }
    if (strcmp(err, msg) != 0 || got != col)
        fail_msg("\"%s\": got %d \"%s\", expected %d \"%s\"", src, got, err, col, msg);
}

static char *repeat(const char *unit, int n, const char *tail)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *s = malloc(u * (size_t)n + t + 1);
    assert_non_null(s);
    for (int i = 0; i < n; i++) memcpy(s + u * (size_t)i, unit, u);
    memcpy(s + u * (size_t)n, tail, t + 1);
    return s;
}

/* ---- precedence and keywords ---------------------------------------------------------------- */

static void precedence(void **state)
{
    (void)state;
    assert_int_equal(tf("t1 or t2 and f1"), 1);  /* t1 or (t2 and f1) */
    assert_int_equal(tf("f1 and t1 or t2"), 1);  /* (f1 and t1) or t2 */
    assert_int_equal(tf("t1 or f1 and f2"), 1);
    assert_int_equal(tf("not f1 and f2"), 0);    /* (not f1) and f2 */
    assert_int_equal(tf("not t1 or t2"), 1);     /* (not t1) or t2 */
    assert_int_equal(tf("not f1 and not f2"), 1);
    assert_int_equal(tf("not not t1"), 1);
    assert_int_equal(tf("not not not t1"), 0);
    assert_int_equal(tf("f1 or f2 or f3 or t4"), 1);
    assert_int_equal(tf("t1 and t2 and t3 and f4"), 0);
    assert_int_equal(tf("t1"), 1);
    assert_int_equal(tf("f1"), 0);
}

static void parentheses(void **state)
{
    (void)state;
    assert_int_equal(tf("(t1 or t2) and f1"), 0);
    assert_int_equal(tf("t1 or (t2 and f1)"), 1);
    assert_int_equal(tf("not (f1 or f2)"), 1);
    assert_int_equal(tf("not (f1 or t2)"), 0);
    assert_int_equal(tf("((((t1))))"), 1);
    assert_int_equal(tf("(f1 or (t2 and (f3 or t4))) and not (f5)"), 1);
    assert_int_equal(tf("(t1)and(t2)"), 1);
    assert_int_equal(tf("  \t( t1 )\t"), 1);
}

static void keywords(void **state)
{
    (void)state;
    assert_int_equal(tf("t1 AND NoT f1"), 1);
    assert_int_equal(tf("f1 Or t1"), 1);
    assert_int_equal(tf("NOT t1 OR f2"), 0);
    assert_int_equal(tf("t1 && !f1"), 1);
    assert_int_equal(tf("f1 || t1"), 1);
    assert_int_equal(tf("!(t1)"), 0);
    assert_int_equal(tf("!!t1"), 1);
    assert_int_equal(tf("t1&&t2||f1"), 1);
    assert_int_equal(tf("f1||f2&&t3"), 0);
    /* words that merely start with a keyword are atoms */
    assert_int_equal(tf("torn and tandem"), 1);
    assert_int_equal(tf("not nothing"), 1);
    assert_int_equal(tf("oracle or andante or notes"), 0);
    /* NO-BREAK SPACE separates like a space */
    assert_int_equal(tf("t1\xC2\xA0" "and\xC2\xA0t2"), 1);
}

/* ---- selection over a fake rule set --------------------------------------------------------- */

static void select_globs(void **state)
{
    (void)state;
    assert_string_equal(sel("outcomes.* and not (workforce.sickness or tag:wellbeing)"),
                        "outcomes.noted-only,outcomes.request-no-date");
    assert_string_equal(sel("workforce.* and not (workforce.sickness or tag:wellbeing)"), "workforce.agency");
    assert_string_equal(sel("*"), "workforce.sickness,workforce.agency,outcomes.noted-only,outcomes.request-no-date,"
                                  "performance.low-percentage,followup.overdue,delivery.not-achieved");
    assert_string_equal(sel("tag:staffing or delivery.*"), "workforce.sickness,workforce.agency,delivery.not-achieved");
    assert_string_equal(sel("info"), "outcomes.noted-only,performance.low-percentage"); /* bare word as tag */
    assert_string_equal(sel("wellbeing and not workforce.*"), "delivery.not-achieved");
    assert_string_equal(sel("workforce.?gency"), "workforce.agency");
    assert_string_equal(sel("*.*-*"), "outcomes.noted-only,outcomes.request-no-date,performance.low-percentage,"
                                      "delivery.not-achieved");
    assert_string_equal(sel("nothing.matches"), "");
    assert_string_equal(sel("not *"), "");
    assert_string_equal(sel("tag:info and not performance.*"), "outcomes.noted-only");
}

/* ---- escalation counts ---------------------------------------------------------------------- */

static void counts_compare(void **state)
{
    (void)state;
    /* workforce.* counts 3 in `some` */
    assert_int_equal(esc("workforce.* >= 3", some), 1);
    assert_int_equal(esc("workforce.* >= 4", some), 0);
    assert_int_equal(esc("workforce.* > 2", some), 1);
    assert_int_equal(esc("workforce.* > 3", some), 0);
    assert_int_equal(esc("workforce.* <= 3", some), 1);
    assert_int_equal(esc("workforce.* <= 2", some), 0);
    assert_int_equal(esc("workforce.* < 4", some), 1);
    assert_int_equal(esc("workforce.* < 3", some), 0);
    assert_int_equal(esc("workforce.* == 3", some), 1);
    assert_int_equal(esc("workforce.* == 2", some), 0);
    assert_int_equal(esc("workforce.* != 2", some), 1);
    assert_int_equal(esc("workforce.* != 3", some), 0);
    assert_int_equal(esc("workforce.*>=3", some), 1); /* no spaces needed */
    assert_int_equal(esc("workforce.*!=3", some), 0);
    assert_int_equal(esc("delivery.* == 0", some), 1);
    assert_int_equal(esc("workforce.* == 003", some), 1);
    assert_int_equal(esc("workforce.* < 999999999", some), 1);
    /* an atom alone means >= 1 */
    assert_int_equal(esc("outcomes.noted-only", some), 1);
    assert_int_equal(esc("outcomes.request-no-date", some), 0);
    /* the examples of the escalation documentation */
    assert_int_equal(esc("workforce.* >= 3 and outcomes.noted-only", some), 1);
    assert_int_equal(esc("performance.low-percentage and not outcomes.request-no-date", some), 1);
    assert_int_equal(esc("(followup.* > 1 or delivery.not-achieved) and not tag:info", some), 0);
    assert_int_equal(esc("(followup.* > 1 or delivery.not-achieved) and not tag:info", quiet), 1);
    assert_int_equal(esc("tag:staffing == 3 and not (tag:info > 2)", some), 1);
    assert_int_equal(esc("not followup.* >= 2", some), 0); /* not binds to the comparison */
}

static long count_big(void *ud, const char *atom)
{
    (void)ud;
    return atom[0] == 'b' ? 1000000000L : -1;
}

static void counts_extremes(void **state)
{
    (void)state;
    expr *e = expr_parse("big > 999999999 and neg < 0 and not neg", 1, NULL, 0, NULL);
    assert_non_null(e);
    assert_int_equal(expr_eval(e, count_big, NULL), 1);
    expr_free(e);
}

static void eval_calls_every_atom(void **state)
{
    (void)state;
    expr *e = expr_parse("t1 or f1 or (f2 and t2) or not t1", 0, NULL, 0, NULL);
    assert_non_null(e);
    int calls = 0;
    assert_int_equal(expr_eval(e, truthy, &calls), 1);
    assert_int_equal(calls, 5); /* no short-circuit, no caching */
    expr_free(e);
    assert_int_equal(expr_eval(NULL, truthy, NULL), 0);
    expr_free(NULL);
}

/* ---- errors --------------------------------------------------------------------------------- */

static void errors_lexical(void **state)
{
    (void)state;
    bad("", 0, 1, "empty expression");
    bad(" \t ", 0, 4, "empty expression");
    bad(NULL, 0, 1, "empty expression");
    bad("a $ b", 0, 3, "unexpected character '$'");
    bad("a$", 0, 2, "unexpected character '$'");
    bad("a = 1", 1, 3, "unexpected character '=' (use '==')");
    bad("a & b", 0, 3, "unexpected character '&' (use '&&' or 'and')");
    bad("a | b", 0, 3, "unexpected character '|' (use '||' or 'or')");
    bad("a\nb", 0, 2, "unexpected byte 0x0A");
    bad("a \x80", 0, 3, "unexpected byte 0x80");
    bad("a \xC3\xA9", 0, 3, "unexpected character '\xC3\xA9'");
    bad("\xC3\xA9t\xC3\xA9", 0, 1, "unexpected character '\xC3\xA9'");
    /* columns count characters: the NBSP is one */
    bad("a\xC2\xA0\xC2\xA0$", 0, 4, "unexpected character '$'");
    bad("a\xC2\xA0" "b", 0, 3, "expected 'and' or 'or', found 'b'");
}

static void errors_syntax(void **state)
{
    (void)state;
    bad("(a or b", 0, 8, "missing ')' for the '(' at column 1");
    bad("a and ((b or c)", 0, 16, "missing ')' for the '(' at column 7");
    bad("(a or b   ", 0, 11, "missing ')' for the '(' at column 1");
    bad("(a b)", 0, 4, "missing ')': expected 'and', 'or' or ')', found 'b'");
    bad("a)", 0, 2, "unexpected ')'");
    bad("(a))", 0, 4, "unexpected ')'");
    bad("()", 0, 2, "unexpected ')'");
    bad("a and )", 0, 7, "unexpected ')'");
    bad("a and and b", 0, 7, "expected an atom, found 'and'");
    bad("a AND OR b", 0, 7, "expected an atom, found 'OR'");
    bad("or a", 0, 1, "expected an atom, found 'or'");
    bad("a && || b", 0, 6, "expected an atom, found '||'");
    bad("not and a", 0, 5, "expected an atom, found 'and'");
    bad("a and >= 1", 1, 7, "expected an atom, found '>='");
    bad("a and", 0, 6, "unexpected end of expression");
    bad("a and ", 0, 7, "unexpected end of expression");
    bad("not", 0, 4, "unexpected end of expression");
    bad("a and !", 0, 8, "unexpected end of expression");
    bad("(", 0, 2, "unexpected end of expression");
    bad("workforce.* outcomes.x", 0, 13, "expected 'and' or 'or', found 'outcomes.x'");
    bad("a not b", 0, 3, "expected 'and' or 'or', found 'not'");
    bad("a (b)", 0, 3, "expected 'and' or 'or', found '('");
    bad("a !b", 0, 3, "expected 'and' or 'or', found '!'");
    bad("a yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", 0, 3,
        "expected 'and' or 'or', found 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy...'");
}

static void errors_comparison(void **state)
{
    (void)state;
    bad("a >= 3", 0, 3, "comparisons are only allowed in escalation conditions");
    bad("a and b!=0", 0, 8, "comparisons are only allowed in escalation conditions");
    bad("a == 1", 0, 3, "comparisons are only allowed in escalation conditions");
    bad("a >= ", 1, 6, "expected a number after '>=', found end of expression");
    bad("a > b", 1, 5, "expected a number after '>', found 'b'");
    bad("a >= -1", 1, 6, "expected a number after '>=', found '-1'");
    bad("a < 3x", 1, 5, "expected a number after '<', found '3x'");
    bad("a <= (3)", 1, 6, "expected a number after '<=', found '('");
    bad("a != and", 1, 6, "expected a number after '!=', found 'and'");
    bad("a == 1234567890", 1, 6, "number too large (at most 9 digits)");
    bad("(a) > 1", 1, 5, "a comparison can only follow an atom, found '>'");
    bad("a >= 1 < 2", 1, 8, "a comparison can only follow an atom, found '<'");
    bad("a > 1 2", 1, 7, "expected 'and' or 'or', found '2'");
}

static void success_clears_error(void **state)
{
    (void)state;
    char err[64] = "junk";
    int col = 99;
    expr *e = expr_parse("a and b", 0, err, sizeof err, &col);
    assert_non_null(e);
    assert_string_equal(err, "");
    assert_int_equal(col, 0);
    expr_free(e);
    /* a tiny error buffer is cut, not overrun */
    char tiny[6];
    assert_null(expr_parse("a $", 0, tiny, sizeof tiny, &col));
    assert_string_equal(tiny, "unexp");
    assert_int_equal(col, 3);
}

/* ---- limits --------------------------------------------------------------------------------- */

static void limit_parens(void **state)
{
    (void)state;
    char *open = repeat("(", 64, "a"), *close = repeat(")", 64, "");
    char *s = malloc(strlen(open) + strlen(close) + 1);
    assert_non_null(s);
    strcat(strcpy(s, open), close);
    assert_int_equal(tf(s), 0); /* exactly 64 levels is allowed */
    free(s);
    free(open);
    free(close);

    char *deep65 = repeat("(", 65, "a");
    bad(deep65, 0, 65, "nesting deeper than 64 levels");
    free(deep65);
    char *deep = repeat("(", 1000, "a");
    bad(deep, 0, 65, "nesting deeper than 64 levels");
    free(deep);
}

static void limit_nots(void **state)
{
    (void)state;
    char *ok = repeat("not ", 64, "t");
    assert_int_equal(tf(ok), 1);
    free(ok);
    char *deep = repeat("not ", 1000, "a");
    bad(deep, 0, 257, "nesting deeper than 64 levels");
    free(deep);
    char *bang = repeat("!", 1000, "a");
    bad(bang, 0, 65, "nesting deeper than 64 levels");
    free(bang);
    /* parentheses and nots share the budget: the 65th opener is the 33rd 'not' */
    char *mixed = repeat("not (", 40, "a");
    bad(mixed, 0, 161, "nesting deeper than 64 levels");
    free(mixed);
}

static void limit_length(void **state)
{
    (void)state;
    char *big = repeat("x", 5000, "");
    bad(big, 0, 4097, "expression longer than 4096 bytes");
    big[4097] = '\0';
    bad(big, 0, 4097, "expression longer than 4096 bytes");
    big[4096] = '\0';
    expr *e = expr_parse(big, 0, NULL, 0, NULL);
    assert_non_null(e);
    char *atoms = malloc(EXPR_MAX_SRC + 1);
    assert_non_null(atoms);
    assert_int_equal(expr_atoms(e, atoms, EXPR_MAX_SRC + 1), 1);
    assert_string_equal(atoms, big);
    free(atoms);
    expr_free(e);
    free(big);
}

static void limit_atoms(void **state)
{
    (void)state;
    char *ok = repeat("a or ", 255, "a");
    expr *e = expr_parse(ok, 0, NULL, 0, NULL);
    assert_non_null(e); /* 256 occurrences */
    char buf[8];
    assert_int_equal(expr_atoms(e, buf, sizeof buf), 1);
    expr_free(e);
    free(ok);
    char *many = repeat("a or ", 256, "a");
    bad(many, 0, 1281, "more than 256 atoms");
    free(many);
}

/* Worst cases for the sizing of the single allocation: the most nodes and atom bytes per byte. */
static void dense_inputs(void **state)
{
    (void)state;
    char *s = repeat("a&&", 255, "a");
    assert_non_null(s);
    expr *e = expr_parse(s, 0, NULL, 0, NULL);
    assert_non_null(e);
    expr_free(e);
    free(s);
    /* 256 distinct one-byte-separated atoms */
    char src[2048], *p = src;
    for (int i = 0; i < 256; i++) p += sprintf(p, "%s%c%c", i ? "|" "|" : "", 'a' + i / 26 % 26, 'a' + i % 26);
    e = expr_parse(src, 0, NULL, 0, NULL);
    assert_non_null(e);
    char atoms[EXPR_MAX_SRC + 1];
    assert_int_equal(expr_atoms(e, atoms, sizeof atoms), 256);
    assert_int_equal(strlen(atoms), 256 * 3 - 1);
    expr_free(e);
    e = expr_parse("!a", 0, NULL, 0, NULL);
    assert_non_null(e);
    assert_int_equal(expr_eval(e, truthy, NULL), 1);
    expr_free(e);
}

/* ---- expr_glob ------------------------------------------------------------------------------ */

static void glob_cases(void **state)
{
    (void)state;
    assert_true(expr_glob("", ""));
    assert_false(expr_glob("", "a"));
    assert_true(expr_glob("*", ""));
    assert_true(expr_glob("*", "anything.at-all"));
    assert_true(expr_glob("**", ""));
    assert_true(expr_glob("a*b*c", "abc"));
    assert_true(expr_glob("a*b*c", "aXXbYYc"));
    assert_true(expr_glob("a*b*c", "abcbc"));
    assert_false(expr_glob("a*b*c", "aXbYcZ"));
    assert_false(expr_glob("a*b*c", "acb"));
    assert_true(expr_glob("?", "a"));
    assert_false(expr_glob("?", ""));
    assert_false(expr_glob("?", "ab"));
    assert_true(expr_glob("?*", "a"));
    assert_false(expr_glob("*?", ""));
    assert_true(expr_glob("??", "\xC3\xA9")); /* '?' is one byte */
    assert_true(expr_glob("outcomes.*", "outcomes."));
    assert_true(expr_glob("outcomes.*", "outcomes.noted-only"));
    assert_false(expr_glob("outcomes.*", "outcomes"));
    assert_true(expr_glob("a**", "a"));
    assert_true(expr_glob("*.x", "a.b.x"));
    assert_true(expr_glob("*a", "ba"));
    assert_false(expr_glob("a*a", "a"));
    assert_false(expr_glob("workforce.*", "outcomes.x"));
    assert_false(expr_glob("A", "a"));
    assert_true(expr_glob("workforce.sickness", "workforce.sickness"));
    assert_false(expr_glob("workforce.sickness", "workforce.sicknes"));
    assert_false(expr_glob("workforce.sicknes", "workforce.sickness"));
}

static void glob_pathological(void **state)
{
    (void)state;
    char *s = repeat("a", 10000, "");
    char *sb = repeat("a", 10000, "b");
    clock_t t0 = clock();
    for (int i = 0; i < 10; i++) {
        assert_false(expr_glob("a*a*a*a*a*a*b", s));
        assert_true(expr_glob("a*a*a*a*a*a*b", sb));
        assert_false(expr_glob("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c", s));
        assert_true(expr_glob("*?*?*?*?*?*?*?*?*", s));
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    if (secs > 2.0) fail_msg("40 pathological globs took %.2f s", secs);
    free(s);
    free(sb);
}

/* ---- expr_atoms ----------------------------------------------------------------------------- */

static void atoms_output(void **state)
{
    (void)state;
    expr *e = expr_parse("outcomes.* and not (workforce.sickness or tag:wellbeing) or outcomes.* or info", 0, NULL, 0,
                         NULL);
    assert_non_null(e);
    char buf[128];
    assert_int_equal(expr_atoms(e, buf, sizeof buf), 4);
    assert_string_equal(buf, "outcomes.*\nworkforce.sickness\ntag:wellbeing\ninfo");
    assert_int_equal(expr_atoms(e, buf, 10), 4); /* cut like snprintf */
    assert_string_equal(buf, "outcomes.");
    assert_int_equal(expr_atoms(e, buf, 1), 4);
    assert_string_equal(buf, "");
    assert_int_equal(expr_atoms(e, NULL, 0), 4);
    expr_free(e);

    e = expr_parse("workforce.* >= 3 and WORKFORCE.* < 9", 1, NULL, 0, NULL);
    assert_non_null(e);
    assert_int_equal(expr_atoms(e, buf, sizeof buf), 2); /* atoms are case-sensitive */
    assert_string_equal(buf, "workforce.*\nWORKFORCE.*");
    expr_free(e);
    assert_int_equal(expr_atoms(NULL, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(precedence),
        cmocka_unit_test(parentheses),
        cmocka_unit_test(keywords),
        cmocka_unit_test(select_globs),
        cmocka_unit_test(counts_compare),
        cmocka_unit_test(counts_extremes),
        cmocka_unit_test(eval_calls_every_atom),
        cmocka_unit_test(errors_lexical),
        cmocka_unit_test(errors_syntax),
        cmocka_unit_test(errors_comparison),
        cmocka_unit_test(success_clears_error),
        cmocka_unit_test(limit_parens),
        cmocka_unit_test(limit_nots),
        cmocka_unit_test(limit_length),
        cmocka_unit_test(limit_atoms),
        cmocka_unit_test(dense_inputs),
        cmocka_unit_test(glob_cases),
        cmocka_unit_test(glob_pathological),
        cmocka_unit_test(atoms_output),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
