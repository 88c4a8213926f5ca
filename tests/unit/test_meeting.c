/*
 * test_meeting.c — load_meeting, the title-block pass that orders a run before any document is
 * parsed whole, must find the very meeting load_minutes finds (council, committee and date, where
 * each came from, and the title unless it leaves it to the whole parse) for every minutes
 * fixture and example, and refuse what it refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dir.h"
#include "core/text.h"
#include "load/load.h"

static int same(const char *a, const char *b) { return !strcmp(a ? a : "", b ? b : ""); }

/* Compares the two passes over one text; returns the number of files compared (1). */
static int compare(const char *name, const char *data, size_t len)
{
    model_doc *whole = NULL, *meeting = NULL;
    char e1[512], e2[512];
    int r1 = load_minutes(name, data, len, NULL, &whole, e1, sizeof e1);
    int r2 = load_meeting(name, data, len, NULL, &meeting, e2, sizeof e2);
    if (r1 != r2) fail_msg("%s: load_minutes %d (%s), load_meeting %d (%s)", name, r1, r1 ? e1 : "", r2, r2 ? e2 : "");
    if (r1 == 0) {
        /* the title: the same, or left to the whole parse (taken from a preamble item) */
        int title_ok = same(whole->title, meeting->title) || (!*meeting->title && meeting->title_src == 0);
        if (!same(whole->council, meeting->council) || !same(whole->committee, meeting->committee) ||
            !same(whole->date, meeting->date) || !title_ok ||
            whole->council_src != meeting->council_src || whole->date_src != meeting->date_src ||
            whole->committee_src != meeting->committee_src)
            fail_msg("%s: meeting differs: '%s' '%s' '%s' '%s' vs '%s' '%s' '%s' '%s'", name, whole->council,
                     whole->committee, whole->date, whole->title, meeting->council, meeting->committee, meeting->date,
                     meeting->title);
        assert_int_equal(meeting->sents.n, 0); /* nothing of the rest of the text was done */
    }
    model_doc_free(whole);
    model_doc_free(meeting);
    return 1;
}

static int compare_folder(const char *dir)
{
    char **names;
    size_t n;
    assert_int_equal(dir_list(dir, ".txt", &names, &n), 0);
    int done = 0;
    for (size_t i = 0; i < n; i++) {
        FILE *f = fopen(names[i], "rb");
        assert_non_null(f);
        char *data;
        size_t len;
        assert_int_equal(text_read_stream(f, (size_t)64 << 20, &data, &len), 0);
        fclose(f);
        done += compare(names[i], data, len);
        free(data);
    }
    dir_list_free(names, n);
    return done;
}

static void fixtures_and_examples(void **state)
{
    (void)state;
    int n = compare_folder("tests/data/minutes") + compare_folder("examples/minutes") + compare_folder("examples/series");
    assert_true(n > 50);
}

/* Markup after a label: load_meeting must read on and refuse it as load_minutes does. */
static void markup_refused_alike(void **state)
{
    (void)state;
    static const char page[] = "<html><body>\nMinutes:\nThe Panel noted the report.\n</body></html>\n";
    compare("page.txt", page, sizeof page - 1);
    static const char empty[] = "---\ncouncil: Northmere County Council\n---\n";
    compare("empty.txt", empty, sizeof empty - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixtures_and_examples),
        cmocka_unit_test(markup_refused_alike),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
