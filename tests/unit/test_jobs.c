/*
 * test_jobs.c — sc_host_jobs through the public API: rules loaded from memory
 * (sc_host_load_rules_buffer) and minutes added as buffers reach every thread's engine, and a
 * run on threads finds what a run on one thread finds, in the same order, facts included (a
 * council's meetings stay on one thread, in date order).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scrutiny.h"

static const char rules[] =
    "rule { id = 't.seen', scope = 'meeting', check = function(m, ctx)\n"
    "  local before = ctx:facts('seen')\n"
    "  ctx:record('seen', { at = m, n = #before })\n"
    "  ctx:flag{ at = m, message = m.council .. ' ' .. m.date .. ' after ' .. #before }\n"
    "end }\n";

static void show(void *ud, sc_diag_level lv, const char *file, int line, int col, const char *msg)
{
    (void)ud;
    if (lv == SC_DIAG_ERROR) print_error("%s:%d:%d: %s\n", file ? file : "", line, col, msg);
}

/* The run's findings as "file:line rule message" lines, in order (the caller frees). */
static char *run(int jobs)
{
    sc_host *h;
    char err[256];
    assert_int_equal(sc_host_open(&h, &(sc_options){ .diag = show }, err, sizeof err), SC_OK);
    assert_int_equal(sc_host_load_rules_buffer(h, "memory.lua", rules, sizeof rules - 1), SC_OK);
    for (int c = 0; c < 4; c++)
        for (int m = 3; m >= 1; m--) { /* added latest first: the run puts them in date order */
            char name[64], text[512];
            snprintf(name, sizeof name, "c%d-m%d.txt", c, m);
            int n = snprintf(text, sizeof text,
                             "---\ncouncil: Council %d\ndate: 2024-0%d-10\n---\nAgenda item\n\nReport\n\nMinutes:\n"
                             "The Panel noted the report of meeting %d.\n",
                             c, m, m);
            assert_int_equal(sc_host_add_buffer(h, name, text, (size_t)n), SC_OK);
        }
    sc_host_jobs(h, jobs);
    int rc = sc_host_run(h);
    if (rc != SC_OK) fail_msg("run: %s", sc_host_errmsg(h));
    size_t cap = 4096, used = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    for (size_t i = 0; i < sc_host_finding_count(h); i++) {
        const sc_finding *f = sc_host_finding(h, i);
        used += (size_t)snprintf(out + used, cap - used, "%s:%d %s %s\n", f->file, f->line, f->rule, f->message);
        assert_true(used < cap);
    }
    sc_host_close(h);
    return out;
}

static void threads_find_what_one_finds(void **state)
{
    (void)state;
    char *one = run(1), *two = run(2), *three = run(3);
    assert_non_null(strstr(one, "Council 2 2024-03-10 after 2")); /* facts of the two earlier meetings */
    assert_string_equal(one, two);
    assert_string_equal(one, three);
    free(one);
    free(two);
    free(three);
}

/* The threads set their engines up at once, each on its own thread; one that cannot (its rule
 * file gone since the host loaded it) fails the run before any council is finished. */
static void a_thread_that_cannot_set_up_fails_the_run(void **state)
{
    (void)state;
    char path[] = "/tmp/test_jobs_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, rules, sizeof rules - 1), (ssize_t)(sizeof rules - 1));
    close(fd);
    sc_host *h;
    char err[256];
    assert_int_equal(sc_host_open(&h, &(sc_options){ 0 }, err, sizeof err), SC_OK);
    assert_int_equal(sc_host_load_rules(h, path), SC_OK);
    unlink(path);
    for (int c = 0; c < 3; c++) {
        char name[32], text[256];
        snprintf(name, sizeof name, "c%d.txt", c);
        int n = snprintf(text, sizeof text, "---\ncouncil: Council %d\ndate: 2024-01-10\n---\nAgenda item\n\nReport\n\n"
                                            "Minutes:\nThe Panel noted it.\n", c);
        assert_int_equal(sc_host_add_buffer(h, name, text, (size_t)n), SC_OK);
    }
    sc_host_jobs(h, 2);
    assert_int_not_equal(sc_host_run(h), SC_OK);
    if (!strstr(sc_host_errmsg(h), path)) fail_msg("%s", sc_host_errmsg(h));
    assert_int_equal(sc_host_finding_count(h), 0);
    sc_host_close(h);
}

/* What the stream holds each time a document is done (progress is told before its findings
 * are written). */
typedef struct watch {
    FILE *out;
    char **buf;
    size_t *len;
    int lines[16];
    size_t calls;
} watch;

static void on_progress(void *ud, size_t done, size_t total, size_t findings)
{
    (void)total; (void)findings;
    watch *w = ud;
    fflush(w->out);
    int n = 0;
    for (size_t i = 0; *w->buf && i < *w->len; i++) n += (*w->buf)[i] == '\n';
    if (done < 16) w->lines[done] = n;
    w->calls++;
}

/* Streamed findings leave as each meeting is checked, not when its council is: two councils of
 * four meetings, one finding each, on one thread and on two. */
static void streamed_meeting_by_meeting(void **state)
{
    (void)state;
    for (int jobs = 1; jobs <= 2; jobs++) {
        sc_host *h;
        char err[256], *buf = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&buf, &len);
        assert_non_null(out);
        watch w = { out, &buf, &len, { 0 }, 0 };
        assert_int_equal(sc_host_open(&h, &(sc_options){ 0 }, err, sizeof err), SC_OK);
        assert_int_equal(sc_host_load_rules_buffer(h, "memory.lua", rules, sizeof rules - 1), SC_OK);
        for (int c = 1; c <= 2; c++)
            for (int m = 1; m <= 4; m++) {
                char name[64], text[256];
                snprintf(name, sizeof name, "c%d-2024-0%d.txt", c, m);
                int n = snprintf(text, sizeof text, "---\ncouncil: Council %d\ndate: 2024-0%d-10\n---\nAgenda item\n\n"
                                                    "Report\n\nMinutes:\nThe Panel noted it.\n", c, m);
                assert_int_equal(sc_host_add_buffer(h, name, text, (size_t)n), SC_OK);
            }
        sc_host_jobs(h, jobs);
        sc_host_on_progress(h, on_progress, &w);
        assert_int_equal(sc_host_stream(h, "text", out), SC_OK);
        assert_int_equal(sc_host_run(h), SC_OK);
        assert_int_equal(w.calls, 8);
        for (int d = 1; d <= 8; d++) /* the meetings before, written; the last of council 1 with it */
            if (w.lines[d] != (d == 5 ? 4 : d - 1)) fail_msg("-j %d: %d lines written when meeting %d was done", jobs, w.lines[d], d);
        sc_host_close(h);
        fclose(out);
        free(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threads_find_what_one_finds),
        cmocka_unit_test(a_thread_that_cannot_set_up_fails_the_run),
        cmocka_unit_test(streamed_meeting_by_meeting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
