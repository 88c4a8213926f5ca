/*
 * test_sinks.c — the JSON Lines sink writes a finding by hand, not through jansson: its strings
 * must be byte for byte what jansson writes (escapes, bytes beyond ASCII, bytes that are not
 * UTF-8 as U+FFFD), wherever in a string a special byte falls (it looks for them sixteen bytes
 * at a time), in a record longer than the buffer it starts with, and the record's keys in their
 * order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scrutiny.h"
#include "sink/sink.h"

/* The line sink_jsonl_write makes for f (the caller frees). */
static char *line_of(const sc_finding *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    assert_int_equal(sink_jsonl_write(NULL, out, f), SC_OK);
    fclose(out);
    return buf;
}

/* What jansson writes for string s (as the sinks give it to jansson: sink_json_str). */
static char *jansson_str(const char *s)
{
    json_t *j = sink_json_str(s);
    char *d = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(j);
    return d;
}

static sc_finding base(void)
{
    return (sc_finding){ "t.rule", SC_SEV_WARNING, "message", "a.txt", 3, 1, 3, 9, "excerpt", "Council", "Meeting",
                         "Item", NULL, "0123456789abcdef", NULL, "2024-01-02", "Committee", "Title", "a, b" };
}

static void strings_as_jansson(void **state)
{
    (void)state;
    static const char *const specials[] = { "\"", "\\", "\n", "\t", "\r", "\b", "\f", "\x01", "\x1f", "\x7f",
                                            "\xc3\xa9", "\xe2\x80\x99", "\xf0\x9f\x98\x80", "\xff", "\xc3", "\xe2\x80",
                                            "\xed\xa0\x80", "/", "<", "\xc2\xa0" };
    for (size_t k = 0; k < sizeof specials / sizeof *specials; k++)
        for (int at = 0; at < 35; at++) { /* before, inside and after each run of eight and of sixteen */
            char s[80];
            int n = snprintf(s, sizeof s, "%.*s%sabcdefghijklmnop", at, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", specials[k]);
            assert_true(n > 0 && n < (int)sizeof s);
            sc_finding f = base();
            f.message = s;
            char *line = line_of(&f), *want = jansson_str(s);
            char *at_msg = strstr(line, "\"message\":");
            assert_non_null(at_msg);
            at_msg += strlen("\"message\":");
            if (strncmp(at_msg, want, strlen(want)) || strncmp(at_msg + strlen(want), ",\"file\":", 8))
                fail_msg("special %zu at %d: wrote %.80s, jansson %s", k, at, at_msg, want);
            free(line);
            free(want);
        }
}

/* The whole record: keys in order, numbers, the escalation's list, the tags trimmed. */
static void record_as_jansson(void **state)
{
    (void)state;
    sc_finding f = base();
    f.based_on = "a.b@x.txt:1:2; c.d@y \"q\".txt:3:4";
    f.waived = "known\tissue";
    f.line = -1;
    f.end_column = 2147483647;
    f.tags = " voice ,, children,";
    char *line = line_of(&f);
    json_t *o = json_object();
    const char *const head[] = { "rule", f.rule, "severity", "warning", "message", f.message, "file", f.file };
    for (int i = 0; i < 8; i += 2) json_object_set_new(o, head[i], json_string(head[i + 1]));
    json_object_set_new(o, "line", json_integer(f.line));
    json_object_set_new(o, "column", json_integer(f.column));
    json_object_set_new(o, "end_line", json_integer(f.end_line));
    json_object_set_new(o, "end_column", json_integer(f.end_column));
    const char *const mid[] = { "excerpt", f.excerpt, "council", f.council, "meeting", f.meeting, "item", f.item,
                                "fingerprint", f.fingerprint, "waived", f.waived };
    for (int i = 0; i < 12; i += 2) json_object_set_new(o, mid[i], json_string(mid[i + 1]));
    json_t *b = json_array();
    json_array_append_new(b, json_string("a.b@x.txt:1:2"));
    json_array_append_new(b, json_string("c.d@y \"q\".txt:3:4"));
    json_object_set_new(o, "based_on", b);
    json_object_set_new(o, "title", json_string(f.title));
    json_t *t = json_array();
    json_array_append_new(t, json_string("voice"));
    json_array_append_new(t, json_string("children"));
    json_object_set_new(o, "tags", t);
    json_object_set_new(o, "committee", json_string(f.committee));
    json_object_set_new(o, "date", json_string(f.date));
    json_object_set_new(o, "type", json_string("finding"));
    char *want = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    size_t n = strlen(want);
    if (strncmp(line, want, n) || strcmp(line + n, "\n")) fail_msg("wrote\n%s\njansson\n%s", line, want);
    free(line);
    free(want);
}

/* A record far longer than the line's first buffer, every byte of its long strings escaped:
 * the same bytes as jansson's. */
static void long_record_as_jansson(void **state)
{
    (void)state;
    size_t n = 30000;
    char *msg = malloc(n + 1), *ex = malloc(n + 1);
    assert_non_null(msg);
    assert_non_null(ex);
    for (size_t i = 0; i < n; i++) {
        msg[i] = "\"\\\x01\n"[i % 4];
        ex[i] = (char)('a' + i % 26);
    }
    msg[n] = ex[n] = '\0';
    sc_finding f = base();
    f.message = msg;
    f.excerpt = ex;
    char *line = line_of(&f), *want_msg = jansson_str(msg), *want_ex = jansson_str(ex);
    char *at = strstr(line, "\"message\":");
    assert_non_null(at);
    at += strlen("\"message\":");
    assert_true(strncmp(at, want_msg, strlen(want_msg)) == 0);
    at = strstr(at, "\"excerpt\":");
    assert_non_null(at);
    at += strlen("\"excerpt\":");
    assert_true(strncmp(at, want_ex, strlen(want_ex)) == 0);
    assert_non_null(strstr(at, ",\"type\":\"finding\"}\n"));
    free(line);
    free(want_msg);
    free(want_ex);
    free(msg);
    free(ex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_as_jansson),
        cmocka_unit_test(record_as_jansson),
        cmocka_unit_test(long_record_as_jansson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
