/*
 * test_positions.c — line, character column and byte offset of spans: after multi-byte
 * characters, on a 1 MB line (columns from the per-document character index, not a count from
 * the start of the line), and in a document of thousands of items.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "load/load.h"
#include "scrutiny.h"

static model_doc *load(const char *text, size_t len)
{
    model_doc *d = NULL;
    char err[256];
    assert_int_equal(load_minutes("t.txt", text, len, NULL, &d, err, sizeof err), SC_OK);
    return d;
}

static const model_figure *figure(const model_doc *d, double value)
{
    for (int i = 0; i < d->figs.n; i++)
        if (d->figs.v[i].value == value) return &d->figs.v[i];
    fail_msg("no figure %g", value);
    return NULL;
}

static void multibyte_columns(void **state)
{
    (void)state;
    /* line 5: two curly quotes (3 bytes each) and an en dash before the figure */
    static const char text[] = "Agenda item\n\n1 Report\n\n"
                               "The \xE2\x80\x9C" "plan\xE2\x80\x9D \xE2\x80\x93 up to 35% of actions.\n";
    model_doc *d = load(text, sizeof text - 1);
    const model_figure *f = figure(d, 35);
    assert_int_equal(f->span.line, 5);
    assert_int_equal(f->span.col, 20);    /* characters: 'The “plan” – up to ' is 19 */
    assert_int_equal(f->span.end_col, 22); /* '%' */
    assert_int_equal(f->span.off, strstr(text, "35%") - text);
    assert_int_equal(f->span.end - f->span.off, 3);
    int line, col;
    model_pos(d, (uint32_t)(strstr(text, "plan") - text), &line, &col);
    assert_int_equal(line, 5);
    assert_int_equal(col, 6);
    model_doc_free(d);
}

/* One sentence repeated on a single line of about a megabyte, with a curly quote in each. */
/* The sanitizer builds the line table as it reads (CRLF, lone CR, form feed, invalid bytes
 * turned into U+FFFD, tabs and controls, multi-byte characters across block boundaries, no
 * final newline): it equals the one model_index builds from the sanitized text. */
static void sanitizer_line_table(void **state)
{
    (void)state;
    char text[8192];
    size_t n = 0;
    static const char *const parts[] = { "Agenda item\r\n", "1 Report\r", "caf\xC3\xA9 \xE2\x80\x93 bad \xFF\xFE byte\n",
                                         "\ttab\x01ctl\f", "a line of plain text longer than one block of sixty-four bytes, so it spans two\n",
                                         "\xE2\x80\x9Cquoted\xE2\x80\x9D ", "\n\n", "last line",
                                         "a long line of plain text that starts one block and then, well past sixty-four "
                                         "bytes, holds a curly \xE2\x80\x99 quote and a long dash \xE2\x80\x94 too\n" };
    for (int rep = 0; rep < 12; rep++)
        for (size_t k = 0; k < sizeof parts / sizeof *parts; k++) {
            size_t l = strlen(parts[(k + (size_t)rep) % (sizeof parts / sizeof *parts)]);
            memcpy(text + n, parts[(k + (size_t)rep) % (sizeof parts / sizeof *parts)], l);
            n += l;
        }
    model_doc *d = calloc(1, sizeof *d);
    char err[256];
    assert_int_equal(load_sanitize(d, text, n, NULL, err, sizeof err), SC_OK);
    model_doc ref = { 0 };
    ref.text = d->text;
    ref.len = d->len;
    assert_int_equal(model_index(&ref), 0);
    assert_int_equal(d->lines.n, ref.lines.n);
    for (int i = 0; i < ref.lines.n; i++) {
        assert_int_equal(d->lines.v[i].off, ref.lines.v[i].off);
        assert_int_equal(d->lines.v[i].len, ref.lines.v[i].len);
        assert_int_equal(d->lines.v[i].chars, ref.lines.v[i].chars);
        assert_int_equal(d->lines.v[i].ascii, ref.lines.v[i].ascii);
    }
    /* and every character's line and column, counted by hand */
    int line = 1, col = 1;
    for (size_t off = 0; off <= d->len; off++) {
        int l, c;
        if (off == d->len || ((unsigned char)d->text[off] & 0xC0) != 0x80) {
            model_pos(d, (uint32_t)off, &l, &c);
            assert_int_equal(l, line);
            assert_int_equal(c, col);
            model_pos(&ref, (uint32_t)off, &l, &c);
            assert_int_equal(l, line);
            assert_int_equal(c, col);
        }
        if (off < d->len && d->text[off] == '\n') { line++; col = 1; }
        else if (off < d->len && ((unsigned char)d->text[off + 1] & 0xC0) != 0x80) col++;
    }
    free(ref.lines.v);
    free(ref.block_chars);
    model_doc_free(d);
}

static void megabyte_line(void **state)
{
    (void)state;
    static const char head[] = "Agenda item\n\n1 Long\n\nMinutes:\n\n";
    static const char sent[] = "The Director\xE2\x80\x99s report gave 18 cases. "; /* 39 bytes, 37 characters */
    size_t reps = (1u << 20) / (sizeof sent - 1), hl = sizeof head - 1, sl = sizeof sent - 1;
    size_t len = hl + reps * sl + 1;
    char *text = malloc(len + 1);
    assert_non_null(text);
    memcpy(text, head, hl);
    for (size_t i = 0; i < reps; i++) memcpy(text + hl + i * sl, sent, sl);
    text[len - 1] = '\n';
    text[len] = '\0';
    model_doc *d = load(text, len);
    assert_true(d->figs.n >= (int)reps - 1);
    const model_figure *last = &d->figs.v[d->figs.n - 1];
    size_t k = reps - 1; /* the last sentence's figure */
    assert_int_equal(last->span.line, 7);
    assert_int_equal(sl, 39);
    assert_int_equal(last->span.off, hl + k * sl + 29);
    assert_int_equal(last->span.col, (int)(k * 37 + 28));
    const model_sentence *s = &d->sents.v[d->sents.n - 1];
    assert_int_equal(s->span.col, (int)(k * 37 + 1));
    assert_int_equal(s->span.end_col, (int)(k * 37 + 36)); /* the full stop; the space is trimmed */
    model_doc_free(d);
    free(text);
}

static void thousands_of_items(void **state)
{
    (void)state;
    size_t cap = 16000 * 96, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (int i = 1; i <= 16000; i++)
        len += (size_t)snprintf(text + len, cap - len, "Agenda item\n\n%d Topic %d\n\nMinutes:\n\nIt was %d%%.\n\nRESOLVED: That it be noted.\n\n", i, i, i % 100);
    model_doc *d = load(text, len);
    assert_int_equal(d->items.n, 16000);
    assert_int_equal(d->ress.n, 16000);
    for (int i = 0; i < d->items.n; i++) {
        const model_item *m = &d->items.v[i];
        if (m->para_count != 2 || m->res_count != 1 || m->sec_count != 2 || d->ress.v[m->res_first].item != i)
            fail_msg("item %d: %d paragraphs, %d resolutions, %d sections", i, m->para_count, m->res_count, m->sec_count);
    }
    assert_int_equal(d->items.v[15999].head.line, 16000 * 10 - 7);
    model_doc_free(d);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(multibyte_columns),
        cmocka_unit_test(sanitizer_line_table),
        cmocka_unit_test(megabyte_line),
        cmocka_unit_test(thousands_of_items),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
