/*
 * test_fold.c — the folded text find_any searches and its word index, against plain definitions:
 * model_fold_bytes byte by byte (lower case, dashes and line breaks to one space, curly quotes
 * straight, runs of spaces collapsed) and the word index as every word start in memcmp order of
 * the word, then by place. Random texts mix ASCII, multi-byte characters and words that share
 * their first 8 bytes (the index sorts on those first).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/text.h"

/* Folding as the comment in model.c defines it, one character at a time (no fast path). */
static size_t fold_ref(const char *s, size_t len, char *f, uint32_t *m)
{
    const unsigned char *t = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int n = utf8_decode(t + i, len - i, &cp);
        if (n == 0) { cp = 0xFFFD; n = 1; }
        if (cp == '-' && i > 0 && ((t[i - 1] | 32) >= 'a' && (t[i - 1] | 32) <= 'z')) { /* "recruit-\n ment" */
            size_t j = i + 1;
            if (j < len && t[j] == '\r') j++;
            if (j < len && t[j] == '\n') {
                j++;
                while (j < len && (t[j] == ' ' || t[j] == '\t')) j++;
                if (j < len && t[j] >= 'a' && t[j] <= 'z') { i = j; continue; }
            }
        }
        int c = -1;
        if (cp < 0x80) c = cp == '-' || cp == '\t' || cp == '\n' || cp == '\r' ? ' ' : (cp >= 'A' && cp <= 'Z') ? (int)cp + 32 : (int)cp;
        else if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032) c = '\'';
        else if (cp == 0x201C || cp == 0x201D || cp == 0x2033) c = '"';
        else if (cp == 0xA0 || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) c = ' ';
        if (c == ' ' && o > 0 && f[o - 1] == ' ') { i += (size_t)n; continue; }
        if (c >= 0) {
            m[o] = (uint32_t)i;
            f[o++] = (char)c;
        } else {
            for (int k = 0; k < n; k++) {
                m[o] = (uint32_t)(i + (size_t)k);
                f[o++] = (char)t[i + (size_t)k];
            }
        }
        i += (size_t)n;
    }
    f[o] = '\0';
    m[o] = (uint32_t)len;
    return o;
}

static const char *const pieces[] = {
    "Re-referrals", " ", "  ", "\n", "\r\n", "\t", "-", "recruit-\n  ment", "CASELOADS", "caseload", "safeguarding",
    "safeguards", "safeguar", "performance", "performed", "\xE2\x80\x9C" "quoted\xE2\x80\x9D", "it\xE2\x80\x99s",
    "\xE2\x80\x93", "\xC2\xA0", "caf\xC3\xA9", "a", "Z", "7", "28.5%", ",", ".", "?", "(", "\xF0\x9F\x98\x80", "\xFF",
    "children's", "Children", "child", "childrens", "x1234567", "x12345678", "x123456789",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "!\"#$%&'()*+,/:;<=>?@[\\]^_`{|}~", "\x01\x7f",
};

static char *random_text(unsigned *seed, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    int parts = 1 + (int)(rand_r(seed) % 120);
    for (int i = 0; i < parts; i++) {
        const char *p = pieces[rand_r(seed) % (sizeof pieces / sizeof *pieces)];
        size_t pl = strlen(p);
        if (n + pl + 1 > cap) break;
        memcpy(s + n, p, pl);
        n += pl;
    }
    s[n] = '\0';
    *len = n;
    return s;
}

static void fold_matches_definition(void **state)
{
    (void)state;
    unsigned seed = 7;
    for (int round = 0; round < 3000; round++) {
        size_t len;
        char *s = random_text(&seed, &len);
        char *f1 = malloc(len + 1), *f2 = malloc(len + 1);
        uint32_t *m1 = malloc((len + 1) * sizeof *m1), *m2 = malloc((len + 1) * sizeof *m2);
        assert_true(f1 && f2 && m1 && m2);
        size_t n1 = model_fold_bytes(s, len, f1, m1), n2 = fold_ref(s, len, f2, m2);
        assert_int_equal(n1, n2);
        assert_memory_equal(f1, f2, n1 + 1);
        assert_memory_equal(m1, m2, (n1 + 1) * sizeof *m1);
        assert_int_equal(model_fold_bytes(s, len, f1, NULL), n1); /* without the map: the same text */
        assert_memory_equal(f1, f2, n1 + 1);
        free(s); free(f1); free(f2); free(m1); free(m2);
    }
}

static int alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static void word_index_in_order(void **state)
{
    (void)state;
    unsigned seed = 11;
    for (int round = 0; round < 500; round++) {
        size_t len;
        char *s = random_text(&seed, &len);
        model_doc d;
        memset(&d, 0, sizeof d);
        d.text = s;
        d.len = len;
        assert_int_equal(model_words(&d), 0);
        size_t starts = 0; /* every word start is in the index once */
        for (size_t p = 0; p < d.fold_len; p++)
            if (alnum(d.fold[p]) && (p == 0 || !alnum(d.fold[p - 1]))) starts++;
        assert_int_equal(d.nwords, starts);
        for (size_t i = 1; i < d.nwords; i++) {
            const model_word *a = &d.words[i - 1], *b = &d.words[i];
            size_t k = a->len < b->len ? a->len : b->len;
            int c = memcmp(d.fold + a->pos, d.fold + b->pos, k);
            if (c == 0) c = a->len < b->len ? -1 : a->len > b->len; /* a shorter word first */
            assert_true(c < 0 || (c == 0 && a->pos < b->pos));   /* then by place */
        }
        free(d.words);
        free(d.fold);
        free(d.fold_map);
        free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fold_matches_definition),
        cmocka_unit_test(word_index_in_order),
    };
    return cmocka_run_group_tests_name("fold", tests, NULL, NULL);
}
