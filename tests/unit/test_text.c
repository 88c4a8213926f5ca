/*
 * test_text.c — the loader's text helpers: the word lists looked up by hash (wordset), the
 * character count eight bytes at a time and the search for a sentence's end sixteen (utf8_count,
 * text_find_stop), month names, the inline word tests, and the one-pass sanitizer's buffer
 * (invalid bytes grow it, long lines stop it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/text.h"
#include "core/wordset.h"
#include "load/load.h"
#include "scrutiny.h"

static void wordset_lists(void **state)
{
    (void)state;
    static wordset w; /* large: not on the stack */
    memset(&w, 0, sizeof w);
    static const char *const stops[] = { "of", "the", "per" };
    assert_int_equal(wordset_add_all(&w, stops, 3, 1), 0);
    assert_int_equal(wordset_add(&w, "twelve", 2, 12, NULL), 0);
    assert_int_equal(wordset_add(&w, "the", 4, 0, "article"), 0); /* joins a second list */
    assert_int_equal(w.n, 4);
    const wordset_entry *e = wordset_find(&w, "THE", 3);
    assert_non_null(e);
    assert_int_equal(e->sets, 1 | 4);
    assert_string_equal(e->kind, "article");
    e = wordset_find(&w, "Twelve", 6);
    assert_non_null(e);
    assert_int_equal(e->value, 12);
    assert_null(wordset_find(&w, "th", 2));     /* a prefix is not the word */
    assert_null(wordset_find(&w, "thee", 4));   /* nor a longer word */
    assert_null(wordset_find(&w, "the", 2));    /* the length counts, not a NUL */
    assert_non_null(wordset_find(&w, "perhaps", 3));
    /* a key made byte by byte finds what wordset_find finds */
    wordset_key key;
    wordset_key_clear(&key);
    for (size_t i = 0; i < 6; i++) wordset_key_put(&key, i, (unsigned char)"TWELVE"[i]);
    assert_ptr_equal(wordset_find_key(&w, &key, 6), wordset_find(&w, "twelve", 6));
    /* the longest word fits; one byte more is refused, and found in no list */
    assert_int_equal(wordset_add(&w, "sixteen-letters!", 16, 0, NULL), 0);
    assert_non_null(wordset_find(&w, "SIXTEEN-LETTERS!", 16));
    assert_int_equal(wordset_add(&w, "seventeen-letters", 16, 0, NULL), -1);
    assert_null(wordset_find(&w, "seventeen-letters", 17));
    assert_null(wordset_find(&w, "", 0));
    /* case folds for A-Z alone, in either half of the key: of all 256 bytes only 'x' and 'X'
     * end "abcdefghix" or start "xyz" */
    assert_int_equal(wordset_add(&w, "abcdefghix", 32, 0, NULL), 0);
    assert_int_equal(wordset_add(&w, "xyz", 32, 0, NULL), 0);
    for (int c = 1; c < 256; c++) {
        char q1[] = "abcdefghi?", q2[] = "?yz";
        q1[9] = q2[0] = (char)c;
        int want = c == 'x' || c == 'X';
        assert_int_equal(wordset_find(&w, q1, 10) != NULL, want);
        assert_int_equal(wordset_find(&w, q2, 3) != NULL, want);
    }
    /* full at WORDSET_WORDS, a quarter of the slots: a lookup always ends on a free one */
    static char words[WORDSET_WORDS + 1][8];
    int rc = 0, k;
    for (k = 0; k <= WORDSET_WORDS && rc == 0; k++) {
        snprintf(words[k], sizeof words[k], "w%d", k);
        rc = wordset_add(&w, words[k], 8, 0, NULL);
    }
    assert_int_equal(rc, -1);
    assert_int_equal(w.n, WORDSET_WORDS);
    assert_null(wordset_find(&w, "absent", 6));
}

static size_t count_slow(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* text_find_stop, sixteen bytes at a time, agrees with a byte-by-byte search from every start,
 * over bytes that sit next to '.', '!' and '?' in value (',', '/', '>', '@', 0xAE, 0xBF). */
static void find_stop(void **state)
{
    (void)state;
    static const char bytes[] = "ab ,./>?@!\"\xAE\xBF\xE2\x80\x9D";
    char s[300];
    unsigned seed = 7;
    for (int round = 0; round < 40; round++) {
        size_t n = (size_t)round * 7 % 290;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            /* mostly letters, so stops are far apart in some rounds and close in others */
            s[i] = (seed >> 16) % (unsigned)(round % 5 + 2) ? 'x' : bytes[(seed >> 8) % (sizeof bytes - 1)];
        }
        for (size_t from = 0; from <= n; from++) {
            size_t want = from;
            while (want < n && s[want] != '.' && s[want] != '!' && s[want] != '?') want++;
            assert_int_equal(text_find_stop(s, from, n), want);
        }
    }
}

/* wordset_key_letters reads a run of letters sixteen bytes at once when it may read that far,
 * byte by byte otherwise: both give the same key and length, at any limit. */
static void key_letters(void **state)
{
    (void)state;
    static const char *const texts[] = { "Council's report", "RESOLVED that", "x", "a1b", "Zz@[`{", "caf\xC3\xA9s",
                                         "Recommendations and more", "abcdefghijklmnopqrstuvwxyz", "re-elected", "" };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        char buf[64] = { 0 }; /* readable well past each text */
        memcpy(buf, texts[t], strlen(texts[t]));
        for (size_t max = 0; max <= WORDSET_MAX; max++) {
            wordset_key fast, slow;
            memset(&fast, 0xAA, sizeof fast);
            memset(&slow, 0x55, sizeof slow);
            size_t nf = wordset_key_letters(&fast, buf, max, sizeof buf), ns = wordset_key_letters(&slow, buf, max, 0);
            size_t want = 0;
            while (want < max && isalpha((unsigned char)buf[want])) want++;
            assert_int_equal(nf, want);
            assert_int_equal(ns, want);
            assert_memory_equal(&fast, &slow, sizeof fast);
            for (size_t i = 0; i < WORDSET_MAX; i++)
                assert_int_equal(fast.b[i], i < want ? tolower((unsigned char)buf[i]) : 0);
        }
    }
}

static void utf8_count_words(void **state)
{
    (void)state;
    /* every length and alignment over a mix of one- to four-byte characters */
    static const char text[] = "a\xC2\xA3" "b\xE2\x80\x99" "cd\xF0\x9F\x99\x82" "efgh\xE2\x80\x93ijklmnop\xC2\xA0q";
    size_t len = sizeof text - 1;
    for (size_t a = 0; a < len; a++)
        for (size_t n = 0; a + n <= len; n++) assert_int_equal(utf8_count(text + a, n), count_slow(text + a, n));
    assert_int_equal(utf8_count("", 0), 0);
}

static void months_and_words(void **state)
{
    (void)state;
    assert_int_equal(text_month("January", 7), 1);
    assert_int_equal(text_month("jan", 3), 1);
    assert_int_equal(text_month("Sept", 4), 9);
    assert_int_equal(text_month("SEPTEMBER", 9), 9);
    assert_int_equal(text_month("may", 3), 5);
    assert_int_equal(text_month("Ju", 2), 0);
    assert_int_equal(text_month("Janu", 4), 0); /* neither three letters nor the name */
    assert_int_equal(text_month("June", 4), 6);
    assert_int_equal(text_month("Julys", 5), 0);
    assert_int_equal(text_month("octobers", 8), 0);
    assert_true(text_istarts("Resolved that", 13, "resolved"));
    assert_false(text_istarts("Resolve", 7, "resolved"));
    assert_true(text_ieq("NOTED", 5, "noted"));
    assert_false(text_ieq("NOTED", 4, "noted"));
    assert_false(text_ieq("NOTEDX", 6, "noted"));
    assert_true(text_in(".;!?", '!'));
    assert_false(text_in(".;!?", ','));
    assert_false(text_in(".;!?", '\0')); /* unlike strchr */
}

static void sanitize_buffer(void **state)
{
    (void)state;
    /* each invalid byte becomes three: the buffer grows past the input's size */
    size_t n = 5000;
    char *bad = malloc(n + 16);
    assert_non_null(bad);
    memcpy(bad, "Title\n", 6);
    memset(bad + 6, 0xFF, n);
    memcpy(bad + 6 + n, "\r\nok\n", 5);
    model_doc *d = calloc(1, sizeof *d);
    char err[256];
    assert_int_equal(load_sanitize(d, bad, n + 11, NULL, err, sizeof err), SC_OK);
    assert_int_equal(d->len, 6 + 3 * n + 4);
    assert_memory_equal(d->text + 6, "\xEF\xBF\xBD", 3);
    assert_string_equal(d->text + 6 + 3 * n, "\nok\n");
    assert_int_equal(d->lines.n, 4);
    model_doc_free(d);
    free(bad);
    /* a line of 1,048,577 characters stops at its last column, after tabs too */
    size_t big = (1u << 20) + 1;
    char *line = malloc(big + 8);
    assert_non_null(line);
    memset(line, 'a', big);
    d = calloc(1, sizeof *d);
    assert_int_equal(load_sanitize(d, line, big, NULL, err, sizeof err), SC_PARSE);
    assert_non_null(strstr(err, ":1:1048577: line longer"));
    model_doc_free(d);
    memset(line, '\t', big);
    line[big] = 'b';
    d = calloc(1, sizeof *d);
    assert_int_equal(load_sanitize(d, line, big + 1, NULL, err, sizeof err), SC_PARSE);
    assert_non_null(strstr(err, ":1:1048578: line longer"));
    model_doc_free(d);
    free(line);
}

/* A control, DEL, a stray continuation byte, tab or CR at every offset of a long ASCII line:
 * the eight-byte scan for plain runs stops exactly there. */
static void sanitize_every_offset(void **state)
{
    (void)state;
    static const unsigned char odd[] = { 0x01, 0x1F, 0x7F, 0x80, '\t', '\r' };
    char in[80], want[96];
    for (size_t o = 0; o < sizeof odd; o++)
        for (size_t at = 0; at < 70; at++) {
            for (size_t k = 0; k < 70; k++) in[k] = (char)('a' + k % 26);
            in[at] = (char)odd[o];
            size_t w = 0;
            for (size_t k = 0; k < 70; k++) {
                unsigned char c = (unsigned char)in[k];
                if (c == 0x80) { memcpy(want + w, "\xEF\xBF\xBD", 3); w += 3; }
                else if (c == '\r') want[w++] = '\n';
                else if (c == '\t') want[w++] = '\t';
                else if (c < 0x20 || c == 0x7F) want[w++] = ' ';
                else want[w++] = (char)c;
            }
            model_doc *d = calloc(1, sizeof *d);
            char err[256];
            assert_int_equal(load_sanitize(d, in, 70, NULL, err, sizeof err), SC_OK);
            assert_int_equal(d->len, w);
            assert_memory_equal(d->text, want, w);
            model_doc_free(d);
        }
}

static void dup_clean(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        { "  Cllr  \xC2\xA0 J.\tSmith \r", "Cllr J. Smith" }, { "", "" }, { "   \t", "" },
        { "\xC2\xA0x\xC2\xA0", "x" }, { "a", "a" }, { "a  b   c", "a b c" },
        /* copied whole when nothing inside needs collapsing; a pound sign is no space */
        { " The Head of Service ", "The Head of Service" }, { "\xC2\xA3" "5 a\xC2\xA0 b", "\xC2\xA3" "5 a b" },
        { "x\ty", "x y" }, { "x \xC2\xA0y", "x y" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char *v = text_dup_clean(cases[k].in, strlen(cases[k].in));
        assert_non_null(v);
        assert_string_equal(v, cases[k].out);
        free(v);
    }
}

/* Line and column of every offset, from the line table and block counts, against a count from
 * the start of the text: ASCII lines, lines of multi-byte characters longer than a block, empty
 * lines, a last line without a newline. */
static void positions_every_offset(void **state)
{
    (void)state;
    char text[2048];
    size_t n = 0;
    const char *parts[] = { "plain ascii line\n", "\n", "\xE2\x80\x9Cquoted\xE2\x80\x9D \xC2\xA3" "5\n", "", "last" };
    for (int rep = 0; rep < 6; rep++)
        for (size_t k = 0; k < sizeof parts / sizeof *parts; k++) {
            const char *p = parts[k];
            if (k == 3) p = rep % 2 ? "\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94"
                                      "\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94"
                                      "\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94"
                                      "\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94 and more\n"
                                    : "a line of plain text longer than one block of sixty-four bytes, so it spans two\n";
            if (k == 4 && rep < 5) continue;
            memcpy(text + n, p, strlen(p));
            n += strlen(p);
        }
    text[n] = '\0';
    model_doc d = { 0 };
    d.text = text;
    d.len = n;
    assert_int_equal(model_index(&d), 0);
    int line = 1, col = 1;
    for (size_t off = 0; off <= n; off++) {
        int l, c;
        model_pos(&d, (uint32_t)off, &l, &c);
        if (((unsigned char)text[off] & 0xC0) != 0x80 || off == n) {
            assert_int_equal(l, line);
            assert_int_equal(c, col);
        }
        if (off < n && text[off] == '\n') { line++; col = 1; }
        else if (off < n && ((unsigned char)text[off + 1] & 0xC0) != 0x80) col++;
    }
    /* spans found from a hint, in text order and jumping back, equal those found by search */
    int hint = 0;
    for (size_t off = 0; off + 5 <= n; off += 3) {
        size_t from = off % 7 == 0 ? n - 5 - off / 2 : off; /* now and then far back */
        sc_span a = model_span(&d, (uint32_t)from, (uint32_t)from + 5), b = model_span_from(&d, (uint32_t)from, (uint32_t)from + 5, &hint);
        assert_memory_equal(&a, &b, sizeof a);
    }
    free(d.lines.v);
    free(d.block_chars);
}

/* Decisions after the first sentence of a paragraph are found from the words that start them
 * (the paragraph is passed over when none is there): passive, re-elected, a marker inside the
 * sentence, "That ..." with no such word; "re-appointedly" and "notedly" are none. */
/* Figures' values are read by hand, not by strtod: each is the double strtod makes of its
 * digits, short or long (a fraction of up to 15 digits; more go to strtod), and a date of
 * dotted numbers reads as before. */
static void figure_values_exact(void **state)
{
    (void)state;
    static const char text[] =
        "Item 1: Figures\n\nMinutes\n\n"
        "The rates were 28.5% and 0.1% and 3.14159% and 99.99% and 0.3% of the 1,234.5 cases. "
        "There were 123456789012.25 visits and 12345678901234567.5 forms and 7 panels and 0.30000000000000004 sums. "
        "The review ends on 21.03.2025 and 1,000,000 more wait.\n";
    model_doc *d = NULL;
    char err[256];
    assert_int_equal(load_minutes("t.txt", text, sizeof text - 1, NULL, &d, err, sizeof err), SC_OK);
    assert_int_equal(d->figs.n, 11);
    for (int i = 0; i < d->figs.n; i++) {
        size_t n;
        const char *f = model_span_text(d, &d->figs.v[i].span, &n);
        char buf[64];
        size_t k = 0;
        for (size_t j = 0; j < n && k < sizeof buf - 1; j++)
            if (isdigit((unsigned char)f[j]) || f[j] == '.') buf[k++] = f[j];
        buf[k] = '\0';
        assert_true(d->figs.v[i].value == strtod(buf, NULL));
    }
    assert_int_equal(d->dates.n, 1);
    assert_string_equal(d->dates.v[0].iso, "2025-03-21");
    model_doc_free(d);
}

/* Strings a document owns come from its chunks: thousands of small ones and one larger than a
 * chunk (which does not end the chunk in use) each keep their bytes until the document goes. */
static void document_strings(void **state)
{
    (void)state;
    model_doc *d = calloc(1, sizeof *d);
    assert_non_null(d);
    static char *small[3000];
    char want[32];
    char *big = NULL;
    static char bigtext[10000];
    memset(bigtext, 'x', sizeof bigtext);
    for (int i = 0; i < 3000; i++) {
        int n = snprintf(want, sizeof want, "unit %d", i);
        small[i] = model_strdup(d, want, (size_t)n);
        assert_non_null(small[i]);
        if (i == 1500) big = model_strdup(d, bigtext, sizeof bigtext);
    }
    assert_non_null(big);
    for (int i = 0; i < 3000; i++) {
        snprintf(want, sizeof want, "unit %d", i);
        assert_string_equal(small[i], want);
    }
    assert_int_equal(strlen(big), sizeof bigtext);
    char *w = model_stralloc(d, 0);
    assert_non_null(w);
    w[0] = '\0';
    model_doc_free(d);
}

/* A stream read whole straight into its buffer: sizes either side of the first 64 KiB and of
 * the limit, which a stream one byte over is refused at (-2). */
static void read_stream(void **state)
{
    (void)state;
    static const size_t sizes[] = { 0, 1, 65535, 65536, 65537, 200000 };
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        FILE *f = tmpfile();
        assert_non_null(f);
        for (size_t i = 0; i < sizes[k]; i++) fputc('a' + (int)(i % 26), f);
        static const size_t limits[] = { 0, 1, 65536, 100000, 200000, (size_t)-1 };
        for (size_t l = 0; l < sizeof limits / sizeof *limits; l++) {
            rewind(f);
            char *data = NULL;
            size_t len = 0;
            int rc = text_read_stream(f, limits[l], &data, &len);
            if (sizes[k] > limits[l]) {
                assert_int_equal(rc, -2);
                continue;
            }
            assert_int_equal(rc, 0);
            assert_int_equal(len, sizes[k]);
            assert_int_equal(data[len], '\0');
            for (size_t i = 0; i < len; i += 4093) assert_int_equal(data[i], 'a' + (int)(i % 26));
            free(data);
        }
        fclose(f);
    }
}

static void later_decisions_found(void **state)
{
    (void)state;
    static const char text[] =
        "Item 1: Elections\n\nMinutes\n\n"
        "Members discussed the nominations at length. Councillor Hale was re-elected as Chair. The Panel then moved on.\n\n"
        "The officer set out the background. The Committee NOTED the report and thanked officers. More followed.\n\n"
        "Questions were raised about timescales. That the Cabinet be asked to respond within six weeks. Members were content.\n\n"
        "An update was given. Councillor Okafor was re-appointedly mentioned. The plan was notedly good.\n";
    static const char *const want[] = { "Councillor Hale was re-elected as Chair.",
                                        "The Committee NOTED the report and thanked officers.",
                                        "That the Cabinet be asked to respond within six weeks." };
    model_doc *d = NULL;
    char err[256];
    assert_int_equal(load_minutes("t.txt", text, sizeof text - 1, NULL, &d, err, sizeof err), SC_OK);
    assert_int_equal(d->ress.n, 3);
    for (int k = 0; k < 3; k++) {
        size_t n;
        const char *r = model_span_text(d, &d->ress.v[k].span, &n);
        assert_int_equal(n, strlen(want[k]));
        assert_memory_equal(r, want[k], n);
    }
    model_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wordset_lists),
        cmocka_unit_test(utf8_count_words),
        cmocka_unit_test(months_and_words),
        cmocka_unit_test(sanitize_buffer),
        cmocka_unit_test(sanitize_every_offset),
        cmocka_unit_test(dup_clean),
        cmocka_unit_test(find_stop),
        cmocka_unit_test(key_letters),
        cmocka_unit_test(positions_every_offset),
        cmocka_unit_test(later_decisions_found),
        cmocka_unit_test(figure_values_exact),
        cmocka_unit_test(document_strings),
        cmocka_unit_test(read_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
