/*
 * test_api.c — the library surface as an embedder meets it: the version, status codes, rules
 * loaded from memory, and hosts running side by side on threads (the thread model of
 * scrutiny.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scrutiny.h"

static const char *const minutes =
    "---\n"
    "council: Testshire County Council\n"
    "committee: Children's Scrutiny Committee\n"
    "date: 2024-05-02\n"
    "---\n"
    "Agenda item\n"
    "\n"
    "Fostering Recruitment Update\n"
    "\n"
    "Minutes:\n"
    "\n"
    "The Head of Service explained that only 41% of posts were filled and 12% were vacant.\n"
    "\n"
    "RESOLVED: That the report be noted.\n";

static const char *const rules =
    "rule { id = 'mem.percent', severity = 'notice', check = function(item, ctx)\n"
    "  for _, f in ipairs(item.figures) do\n"
    "    if f.kind == 'percent' then ctx:flag{ at = f, message = 'figure ' .. f.text } end\n"
    "  end\n"
    "end }\n";

typedef struct diags {
    char text[4096];
} diags;

static void on_diag(void *ud, sc_diag_level lv, const char *file, int line, int col, const char *msg)
{
    diags *d = ud;
    size_t n = strlen(d->text);
    snprintf(d->text + n, sizeof d->text - n, "%d %s:%d:%d: %s\n", (int)lv, file ? file : "-", line, col, msg);
}

static void version_agrees(void **state)
{
    (void)state;
    assert_string_equal(sc_libversion(), SC_VERSION);
    assert_int_equal(sc_libversion_number(), SC_VERSION_NUMBER);
    char v[32];
    snprintf(v, sizeof v, "%d.%d.%d", SC_VERSION_MAJOR, SC_VERSION_MINOR, SC_VERSION_PATCH);
    assert_string_equal(v, SC_VERSION);
    assert_int_equal(SC_VERSION_NUMBER, SC_VERSION_MAJOR * 1000000 + SC_VERSION_MINOR * 1000 + SC_VERSION_PATCH);
}

static void status_names(void **state)
{
    (void)state;
    assert_string_equal(sc_strerror(SC_OK), "ok");
    assert_string_equal(sc_strerror(SC_NOTFOUND), "not found");
    assert_string_equal(sc_strerror((sc_status)99), "unknown status");
    sc_host *h = NULL;
    char err[256];
    sc_options o = { 0 };
    o.db_path = "/nonexistent-folder/x/corpus.db";
    sc_status rc = sc_host_open(&h, &o, err, sizeof err);
    assert_int_not_equal(rc, SC_OK);
    assert_null(h);
    assert_true(strlen(err) > 0);
}

static void rules_from_memory(void **state)
{
    (void)state;
    diags d = { "" };
    sc_options o = { 0 };
    o.diag = on_diag;
    o.diag_ud = &d;
    sc_host *h = NULL;
    assert_int_equal(sc_host_open(&h, &o, NULL, 0), SC_OK);
    assert_int_equal(sc_host_load_rules_buffer(h, "memory.lua", rules, strlen(rules)), SC_OK);
    assert_int_equal(sc_host_rule_count(h), 1);
    const sc_rule_info *ri = sc_host_rule(h, 0);
    assert_string_equal(ri->id, "mem.percent");
    assert_string_equal(ri->file, "memory.lua");
    assert_int_equal(ri->line, 1);
    assert_int_equal(sc_host_add_buffer(h, "meeting.txt", minutes, strlen(minutes)), SC_OK);
    assert_int_equal(sc_host_run(h), SC_OK);
    assert_int_equal(sc_host_finding_count(h), 2);
    const sc_finding *f = sc_host_finding(h, 0);
    assert_string_equal(f->rule, "mem.percent");
    assert_string_equal(f->file, "meeting.txt");
    assert_int_equal(f->line, 12);
    assert_string_equal(f->message, "figure 41%");

    /* an error names the buffer and the line in it; the host stays usable */
    static const char bad[] = "rule { id = 'mem.bad',\n  check = function(item, ctx) return end\n";
    assert_int_equal(sc_host_load_rules_buffer(h, "broken.lua", bad, sizeof bad - 1), SC_RULE);
    assert_non_null(strstr(d.text, "broken.lua:3:"));
    assert_int_equal(sc_host_rule_count(h), 1);
    /* misuse */
    assert_int_equal(sc_host_load_rules_buffer(h, "", rules, strlen(rules)), SC_USAGE);
    assert_int_equal(sc_host_load_rules_buffer(h, "x.lua", NULL, 3), SC_USAGE);
    sc_host_close(h);
}

/* A rule that runs long enough for the threads to overlap, and flags every item. */
static const char *const busy =
    "rule { id = 'mem.busy', check = function(item, ctx)\n"
    "  local n = 0\n"
    "  for i = 1, 200000 do n = n + i % 7 end\n"
    "  ctx:flag{ at = item, message = 'sum ' .. n }\n"
    "end }\n";

typedef struct worker {
    char out[2048];
    int rc;
    int jobs;       /* sc_host_jobs, when > 0 */
    const char *db; /* sc_options.db_path */
} worker;

static void *run_host(void *ud)
{
    worker *w = ud;
    sc_host *h = NULL;
    diags d = { "" };
    sc_options o = { 0 };
    o.diag = on_diag;
    o.diag_ud = &d;
    o.db_path = w->db;
    w->rc = sc_host_open(&h, &o, NULL, 0);
    if (w->rc == SC_OK) w->rc = sc_host_load_rules_buffer(h, "busy.lua", busy, strlen(busy));
    if (w->rc == SC_OK) w->rc = sc_host_load_rules_buffer(h, "memory.lua", rules, strlen(rules));
    if (w->jobs > 0) sc_host_jobs(h, w->jobs);
    for (int k = 0; w->rc == SC_OK && k < 4; k++) {
        char name[32];
        snprintf(name, sizeof name, "m%d.txt", k);
        const char *body = strstr(minutes, "Agenda item");
        char *text = malloc(strlen(minutes) + 128);
        sprintf(text, "---\ncouncil: Council %d\ndate: 2024-05-0%d\n---\n%s\nAlso %d%% of visits were late.\n", k % 3, k + 1,
                body, 10 + k);
        w->rc = sc_host_add_buffer(h, name, text, strlen(text));
        free(text);
    }
    if (w->rc == SC_OK) w->rc = sc_host_run(h);
    for (size_t i = 0; w->rc == SC_OK && i < sc_host_finding_count(h); i++) {
        const sc_finding *f = sc_host_finding(h, i);
        size_t n = strlen(w->out);
        snprintf(w->out + n, sizeof w->out - n, "%s:%d:%d %s %s\n", f->file, f->line, f->column, f->rule, f->message);
    }
    if (w->rc != SC_OK) fprintf(stderr, "# %s\n%s", sc_host_errmsg(h), d.text); /* why, in the test's output */
    sc_host_close(h);
    return NULL;
}

/* Hosts share nothing: four at once on four threads find what one finds alone. */
static void hosts_on_threads(void **state)
{
    (void)state;
    worker alone = { "", 0, 0, NULL };
    run_host(&alone);
    assert_int_equal(alone.rc, SC_OK);
    assert_non_null(strstr(alone.out, "m3.txt:15:6 mem.percent figure 13%"));
    enum { N = 4 };
    worker w[N];
    pthread_t t[N];
    memset(w, 0, sizeof w);
    for (int i = 0; i < N; i++) assert_int_equal(pthread_create(&t[i], NULL, run_host, &w[i]), 0);
    for (int i = 0; i < N; i++) pthread_join(t[i], NULL);
    for (int i = 0; i < N; i++) {
        assert_int_equal(w[i].rc, SC_OK);
        assert_string_equal(w[i].out, alone.out);
    }
}

/* Rules loaded from memory run on every thread of a run on several threads (sc_host_jobs). */
static void buffer_rules_on_jobs(void **state)
{
    (void)state;
    /* (a --db store: the threads' stores in memory do not see documents added from memory) */
    char dir[] = "/tmp/scrutiny-api-XXXXXX", db1[64], db3[64];
    assert_non_null(mkdtemp(dir));
    snprintf(db1, sizeof db1, "%s/one.db", dir);
    snprintf(db3, sizeof db3, "%s/three.db", dir);
    worker one = { "", 0, 1, db1 }, three = { "", 0, 3, db3 };
    run_host(&one);
    run_host(&three);
    unlink(db1);
    unlink(db3);
    rmdir(dir);
    assert_int_equal(one.rc, SC_OK);
    assert_int_equal(three.rc, SC_OK);
    assert_non_null(strstr(one.out, "mem.percent figure 13%"));
    assert_string_equal(three.out, one.out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_agrees),
        cmocka_unit_test(status_names),
        cmocka_unit_test(rules_from_memory),
        cmocka_unit_test(hosts_on_threads),
        cmocka_unit_test(buffer_rules_on_jobs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
