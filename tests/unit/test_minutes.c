/*
 * test_minutes.c — the minutes loader against one small fixture per quirk of real ModernGov
 * text (tests/data/minutes/) and the bundled examples. Real minutes are checked by `make eval`.
 * Run from the repository root.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "load/load.h"

#define DATA "tests/data/minutes/"
#define BULLET "\xC2\xB7"

/* ---- helpers ------------------------------------------------------------------------------- */

typedef struct {
    int count, by_level[3];
    int level[16], line[16], col[16];
    char msg[16][512];
} diaglog;

static void on_diag(void *ud, sc_diag_level level, const char *file, int line, int col, const char *message)
{
    diaglog *log = ud;
    (void)file;
    if (level >= 0 && level <= 2) log->by_level[level]++;
    if (log->count < 16) {
        log->level[log->count] = (int)level;
        log->line[log->count] = line;
        log->col[log->count] = col;
        snprintf(log->msg[log->count], sizeof log->msg[0], "%s", message);
    }
    log->count++;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n < cap) continue;
        char *nb = realloc(buf, cap *= 2);
        if (!nb) free(buf);
        buf = nb;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Loads a file through load_minutes() with the diagnostics captured in *log. */
static int load_path(const char *path, diaglog *log, model_doc **out, char *err, size_t errlen)
{
    size_t len = 0;
    char *data = slurp(path, &len);
    if (!data) fail_msg("cannot read %s (run the tests from the repository root)", path);
    load_diag dg = { on_diag, log, path };
    err[0] = '\0';
    int rc = load_minutes(path, data, len, &dg, out, err, errlen);
    free(data);
    return rc;
}

/* Loads fixture `name`, which must parse. */
static model_doc *load_ok(const char *name, diaglog *log)
{
    char path[256], err[512];
    model_doc *d = NULL;
    snprintf(path, sizeof path, DATA "%s", name);
    int rc = load_path(path, log, &d, err, sizeof err);
    if (rc != SC_OK) fail_msg("%s: rc %d: %s", name, rc, err);
    assert_non_null(d);
    return d;
}

/* Loads fixture `name`, which must fail with SC_PARSE; the message is left in err. */
static void load_fails(const char *name, diaglog *log, char *err, size_t errlen)
{
    char path[256];
    static model_doc sentinel;
    model_doc *d = &sentinel; /* load_minutes must reset it to NULL */
    snprintf(path, sizeof path, DATA "%s", name);
    assert_int_equal(load_path(path, log, &d, err, errlen), SC_PARSE);
    assert_null(d);
}

static void span_str(const model_doc *d, const sc_span *s, char *buf, size_t cap)
{
    size_t n;
    const char *t = model_span_text(d, s, &n);
    snprintf(buf, cap, "%.*s", (int)n, t);
}

#define ASSERT_SPAN(d, sp, want)                                                                   \
    do {                                                                                           \
        char b_[2048];                                                                             \
        span_str((d), &(sp), b_, sizeof b_);                                                       \
        assert_string_equal(b_, (want));                                                           \
    } while (0)

#define ASSERT_POS(sp, l, c, el, ec)                                                               \
    do {                                                                                           \
        assert_int_equal((sp).line, (l));                                                          \
        assert_int_equal((sp).col, (c));                                                           \
        assert_int_equal((sp).end_line, (el));                                                     \
        assert_int_equal((sp).end_col, (ec));                                                      \
    } while (0)

#define ASSERT_STR_OR_NULL(got, want)                                                              \
    do {                                                                                           \
        if ((want) == NULL) assert_null(got);                                                      \
        else { assert_non_null(got); assert_string_equal((got), (want)); }                         \
    } while (0)

/* Resolution `i` of the document: label (NULL for none), exact body text, body position. */
#define ASSERT_RES(d, i, lab, text, l, c, el, ec)                                                  \
    do {                                                                                           \
        assert_true((i) < (d)->ress.n);                                                            \
        const model_resolution *r_ = &(d)->ress.v[(i)];                                            \
        ASSERT_STR_OR_NULL(r_->label, (const char *)(lab));                                        \
        ASSERT_SPAN((d), r_->body, (text));                                                        \
        ASSERT_POS(r_->body, (l), (c), (el), (ec));                                                \
    } while (0)

#define ASSERT_SEC(d, i, k, nm)                                                                    \
    do {                                                                                           \
        assert_true((i) < (d)->secs.n);                                                            \
        assert_int_equal((d)->secs.v[(i)].kind, (k));                                              \
        assert_string_equal((d)->secs.v[(i)].name, (nm));                                          \
    } while (0)

#define ASSERT_FIG(d, i, k, val, u, text, l, c)                                                      \
    do {                                                                                           \
        assert_true((i) < (d)->figs.n);                                                            \
        const model_figure *f_ = &(d)->figs.v[(i)];                                                \
        assert_int_equal(f_->kind, (k));                                                           \
        assert_true(f_->value == (val));                                                           \
        assert_string_equal(f_->unit, (u));                                                        \
        ASSERT_SPAN((d), f_->span, (text));                                                        \
        assert_int_equal(f_->span.line, (l));                                                      \
        assert_int_equal(f_->span.col, (c));                                                       \
    } while (0)

#define ASSERT_DATE(d, i, k, iso_, text, l, c)                                                     \
    do {                                                                                           \
        assert_true((i) < (d)->dates.n);                                                           \
        const model_date *t_ = &(d)->dates.v[(i)];                                                 \
        assert_int_equal(t_->kind, (k));                                                           \
        assert_string_equal(t_->iso, (iso_));                                                      \
        ASSERT_SPAN((d), t_->span, (text));                                                        \
        assert_int_equal(t_->span.line, (l));                                                      \
        assert_int_equal(t_->span.col, (c));                                                       \
    } while (0)

#define ASSERT_SPK(d, i, k, nm, text, l, c)                                                        \
    do {                                                                                           \
        assert_true((i) < (d)->spks.n);                                                            \
        const model_speaker *s_ = &(d)->spks.v[(i)];                                               \
        assert_int_equal(s_->kind, (k));                                                           \
        assert_string_equal(s_->name, (nm));                                                       \
        ASSERT_SPAN((d), s_->span, (text));                                                        \
        assert_int_equal(s_->span.line, (l));                                                      \
        assert_int_equal(s_->span.col, (c));                                                       \
    } while (0)

/* Fixtures of one "Agenda item / Title / Minutes: / text / marker" shape: one item, a Minutes
 * section first and a resolved section named `marker` second. */
static void assert_single_item(const model_doc *d, const char *title, const char *marker)
{
    assert_int_equal(d->items.n, 1);
    assert_string_equal(d->items.v[0].title, title);
    assert_true(d->secs.n >= 2);
    ASSERT_SEC(d, 0, SEC_MINUTES, "Minutes");
    ASSERT_SEC(d, 1, SEC_RESOLVED, marker);
    ASSERT_SPAN(d, d->secs.v[1].span, marker);
    assert_int_equal(d->items.v[0].res_first, 0);
    assert_int_equal(d->items.v[0].res_count, d->ress.n);
}

/* ---- item headings ------------------------------------------------------------------------- */

static void test_head_pdf(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_pdf.txt", &log);
    assert_int_equal(log.count, 0);
    assert_int_equal(d->items.n, 2);
    const model_item *a = &d->items.v[0], *b = &d->items.v[1];
    assert_string_equal(a->number, "7");
    assert_string_equal(a->title, "Fostering Sufficiency Strategy");
    ASSERT_SPAN(d, a->head, "Fostering Sufficiency Strategy");
    ASSERT_POS(a->head, 1, 3, 1, 32);
    assert_string_equal(a->purpose, "Report of the Director of Children's Services");
    assert_int_equal(a->span.line, 1);
    assert_int_equal(a->span.end_line, 5);
    assert_string_equal(b->number, "8");
    assert_string_equal(b->title, "Placement Costs for Children in Care"); /* "(PDF 1 MB)" gone */
    ASSERT_POS(b->head, 6, 3, 6, 38);
    assert_int_equal(a->res_count, 1);
    assert_int_equal(b->res_count, 1);
    ASSERT_RES(d, 0, NULL, "That the strategy be noted.", 5, 11, 5, 37);
    ASSERT_RES(d, 1, NULL, "That the report be noted.", 10, 11, 10, 35);
    assert_int_equal(d->ress.v[1].item, 1);
    /* a role with a bracket keeps it */
    assert_int_equal(d->spks.n, 1);
    ASSERT_SPK(d, 0, SPK_OFFICER, "The Head of Finance (People)", "The Head of Finance (People)", 9, 1);
    model_doc_free(d);
}

/* Titles of item `i` .. in order; NULL ends the list. */
static void assert_titles(const model_doc *d, const char *const *want)
{
    int k = 0;
    for (; want[k]; k++) {
        assert_true(k < d->items.n);
        assert_string_equal(d->items.v[k].title, want[k]);
    }
    assert_int_equal(d->items.n, k);
}

/* "Agenda item" twice (a breadcrumb, then the heading) makes one item, not an empty one */
static void test_head_agenda_twice(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_agenda_twice.txt", &log);
    static const char *const titles[] = { "Short Breaks for Disabled Children", NULL };
    assert_titles(d, titles);
    assert_int_equal(d->items.v[0].span.line, 1);
    assert_int_equal(d->ress.n, 1);
    model_doc_free(d);
}

/* "No. Item" heads an agenda table: its unnumbered titles alone between blank lines are items;
 * statements without a full stop ("No declarations of interest") are not */
static void test_head_table(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_table.txt", &log);
    static const char *const titles[] = { "Apologies and substitutions", "Declarations of interest",
                                          "Early help review", "Youth justice plan 2025/26", NULL };
    assert_titles(d, titles);
    assert_null(d->items.v[0].number);
    assert_int_equal(d->items.v[1].para_count, 2); /* the statement stays a paragraph */
    assert_int_equal(d->items.v[3].res_count, 1);
    assert_int_equal(d->ress.v[0].item, 3);
    assert_string_equal(d->date, "2025-02-03");
    model_doc_free(d);
}

/* The kind of the section holding the paragraph that starts with `start`: -1 in none, -2 when
 * no paragraph starts so. */
static int para_kind(const model_doc *d, const char *start)
{
    for (int i = 0; i < d->paras.n; i++) {
        const model_para *p = &d->paras.v[i];
        if (p->span.end - p->span.off >= strlen(start) && !strncmp(d->text + p->span.off, start, strlen(start)))
            return p->section >= 0 ? (int)d->secs.v[p->section].kind : -1;
    }
    return -2;
}

/* Under "Additional documents:" or "Supporting documents:", the first sentence ends the list of
 * documents: it and what follows are the minutes; the report's "That ..." recommendation printed
 * there is neither minutes nor a decision */
static void test_docs_then_minutes(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("docs_then_minutes.txt", &log);
    assert_int_equal(d->items.n, 2);
    assert_int_equal(para_kind(d, "Equality Impact"), SEC_ADDITIONAL);
    assert_int_equal(para_kind(d, "That the Panel endorses"), SEC_ADDITIONAL);
    assert_int_equal(para_kind(d, "The Service Manager"), SEC_MINUTES);
    assert_int_equal(para_kind(d, "Members asked"), SEC_MINUTES);
    assert_int_equal(d->ress.n, 1);
    ASSERT_SPAN(d, d->ress.v[0].body, "That the revised short breaks statement be endorsed.");
    assert_int_equal(para_kind(d, "Local Offer Refresh"), SEC_SUPPORTING);
    assert_int_equal(para_kind(d, "The Leaving Care Manager"), SEC_MINUTES);
    model_doc_free(d);
}

/* After the resolutions made (a marker in the sentence, "RECOMMENDED –", a "RESOLVED:" list), a
 * paragraph that is no entry is discussion again, not part of the resolved section */
static void test_res_then_discussion(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_then_discussion.txt", &log);
    assert_int_equal(d->items.n, 2);
    assert_int_equal(d->ress.n, 4);
    assert_int_equal(para_kind(d, "Members then asked"), SEC_MINUTES);
    assert_int_equal(para_kind(d, "The Chair reported"), SEC_MINUTES);
    assert_int_equal(para_kind(d, "A member asked"), SEC_MINUTES);
    assert_int_equal(para_kind(d, "(b) That the Youth Council"), SEC_RESOLVED);
    model_doc_free(d);
}

/* A page's own title ("<Body> Minutes", "Agenda and minutes") over items that lost their
 * headings is the meeting's title, not an item's; the agenda table's header ends the
 * meeting-level "Declarations of interest:" list, so the items' text is minutes */
static void test_page_title_items(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("page_title_items.txt", &log);
    assert_int_equal(d->items.n, 1);
    assert_string_equal(d->items.v[0].title, "");
    assert_string_equal(d->title, "Children's Services Scrutiny Committee Minutes");
    assert_int_equal(para_kind(d, "None were declared."), SEC_OTHER);
    assert_int_equal(para_kind(d, "The Head of the Virtual School"), SEC_MINUTES);
    assert_int_equal(para_kind(d, "Members asked"), SEC_MINUTES);
    assert_int_equal(para_kind(d, "Children's Services Scrutiny"), -2); /* the title repeated is no text */
    model_doc_free(d);
}

/* A page flattened to one line per part: a title after a closed sentence with "Minutes:" on one
 * of the next two lines heads an item; "Minutes:" after the purpose's full stop starts the
 * minutes mid-line; a second item's "Minutes:" starts an untitled item at the line that opens it */
static void test_head_flat_minutes(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_flat_minutes.txt", &log);
    static const char *const titles[] = { "Fostering Panel Annual Report", "Minutes of the Last Meeting", "", NULL };
    assert_titles(d, titles);
    assert_int_equal(d->items.n, 3);
    assert_string_equal(d->items.v[0].purpose, "To receive the annual report of the chair of the fostering panel.");
    ASSERT_SEC(d, d->items.v[0].sec_first, SEC_MINUTES, "Minutes");
    assert_int_equal(para_kind(d, "The Committee thanked"), SEC_MINUTES);
    assert_int_equal(d->items.v[1].res_count, 1);
    assert_true(!strncmp(d->items.v[2].purpose, "Kinship Care Update", 19));
    assert_int_equal(para_kind(d, "Members asked"), SEC_MINUTES);
    assert_int_equal(d->paras.v[d->paras.n - 1].item, 2);
    model_doc_free(d);
}

/* "(Agenda Item 5)" alone heads the item it names; its title is the next line only when that
 * line reads as one */
static void test_head_agenda_ref(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_agenda_ref.txt", &log);
    static const char *const titles[] = { "MINUTES", "", "Placement Sufficiency Strategy", NULL };
    assert_titles(d, titles);
    assert_int_equal(d->items.n, 3);
    assert_string_equal(d->items.v[1].number, "5");
    assert_string_equal(d->items.v[2].number, "6");
    assert_int_equal(para_kind(d, "The Panel had asked"), SEC_MINUTES);
    assert_int_equal(d->items.v[1].para_count, 2);
    model_doc_free(d);
}

/* Paragraphs numbered by minute ("14.1", "14.2"): "13.1" after "12.1" in the same item is the next
 * minute, whose heading is missing; a heading's own first "14.1" is no new item. "held on 9 May
 * 2025" in a title is a date, not the verb "may". */
static void test_head_minute_paras(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_minute_paras.txt", &log);
    static const char *const titles[] = { "Minutes of the meeting held on 9 May 2025", "", "Children in Care Statistics",
                                          NULL };
    assert_titles(d, titles);
    assert_int_equal(d->items.n, 3);
    assert_string_equal(d->items.v[1].number, "13");
    assert_int_equal(d->items.v[0].res_count, 1);
    assert_int_equal(d->items.v[1].res_count, 0); /* "13.1 Apologies ..." is no entry of minute 12's list */
    assert_int_equal(d->items.v[2].para_count, 3);
    model_doc_free(d);
}

/* "1." alone, a blank line, then the title (with its "pdf icon PDF 75 KB" link, dropped) */
static void test_head_table_numbered(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_table_numbered.txt", &log);
    static const char *const titles[] = { "Election of Vice-Chair", "Notes of the last meeting", "Kinship Care Offer",
                                          NULL };
    assert_titles(d, titles);
    assert_string_equal(d->items.v[0].number, "1");
    assert_string_equal(d->items.v[2].number, "3");
    ASSERT_POS(d->items.v[1].head, 16, 1, 16, 25);
    assert_string_equal(d->items.v[1].purpose, "To agree the notes of the meeting held on 4 November 2024.");
    assert_int_equal(d->items.v[2].res_count, 1);
    model_doc_free(d);
}

/* Without a table header, a title with its document's link heads an item, and the page reads as
 * an agenda table from there ("Urgent business"); the previous minutes' date is not the meeting's */
static void test_head_pdf_icon(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_pdf_icon.txt", &log);
    static const char *const titles[] = { "Minutes of the meeting held on 12 December 2024", "Urgent business",
                                          "Care leavers' housing", NULL };
    assert_titles(d, titles);
    assert_int_equal(log.count, 0);
    assert_string_equal(d->date, "2025-03-06");
    assert_int_equal(d->items.v[0].res_count, 1);
    assert_int_equal(d->items.v[2].res_count, 1);
    model_doc_free(d);
}

/* A committee's coded number alone ("FCP/15/24"), the title after a blank line */
static void test_head_coded_alone(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_coded_alone.txt", &log);
    static const char *const titles[] = { "Declarations of Interest", "Foster Carer Retention Report", NULL };
    assert_titles(d, titles);
    assert_string_equal(d->items.v[0].number, "FCP/14/24");
    assert_string_equal(d->items.v[1].number, "FCP/15/24");
    assert_int_equal(d->items.v[1].res_count, 1);
    model_doc_free(d);
}

/* Items in the council's running scheme with title and text on one line: each is an item, the
 * text after the dash or colon its minutes (or its resolution) */
static void test_head_one_line(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_one_line.txt", &log);
    static const char *const titles[] = { "Apologies for Absence", "Foster Care Sufficiency", "Work Programme", NULL };
    assert_titles(d, titles);
    assert_string_equal(d->items.v[1].number, "CYP/25/02");
    ASSERT_POS(d->items.v[1].head, 7, 11, 7, 33);
    const model_para *p = &d->paras.v[d->items.v[1].para_first];
    ASSERT_SPAN(d, p->span, "The Committee received a report on the number of foster carers, which had fallen by eight "
                            "since the spring.");
    assert_int_equal(d->items.v[1].res_count, 1);
    assert_int_equal(d->items.v[2].res_count, 1);
    assert_int_equal(d->ress.v[0].item, 1);
    model_doc_free(d);
}

/* A flattened agenda table: "Title Minutes: text" on one line, and a title before its purpose
 * and "Minutes:" without blank lines between */
static void test_head_table_inline(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_table_inline.txt", &log);
    static const char *const titles[] = { "Apologies", "Declarations of Interest", "Minutes of Previous Meeting",
                                          "Residential Care Report", NULL };
    assert_titles(d, titles);
    const model_item *m = &d->items.v[1];
    ASSERT_SEC(d, m->sec_first, SEC_MINUTES, "Minutes");
    ASSERT_SPAN(d, d->paras.v[m->para_first].span, "None.");
    assert_string_equal(d->items.v[3].purpose, "To receive the report of the Head of Placements.");
    model_doc_free(d);
}

/* "Minutes of the previous meeting held on ..." approves an earlier meeting: not this one's date */
static void test_meta_previous_minutes(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("meta_previous_minutes.txt", &log);
    assert_string_equal(d->date, "");
    assert_string_equal(d->committee, "Schools Forum");
    model_doc_free(d);
}

/* "41 MINUTES –": a dash or colon with nothing after it is no part of the title */
static void test_head_trailing_dash(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_trailing_dash.txt", &log);
    static const char *const titles[] = { "MINUTES", "FOSTERING RECRUITMENT", NULL };
    assert_titles(d, titles);
    assert_string_equal(d->items.v[1].number, "42");
    ASSERT_POS(d->items.v[0].head, 5, 8, 5, 14);
    model_doc_free(d);
}

static void test_head_agenda(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_agenda.txt", &log);
    assert_int_equal(d->items.n, 2);
    const model_item *a = &d->items.v[0], *b = &d->items.v[1];
    assert_null(a->number);
    assert_string_equal(a->title, "Early Help Offer: Annual Review"); /* a colon in a title is no label */
    ASSERT_POS(a->head, 3, 1, 3, 31);
    ASSERT_POS(a->span, 1, 1, 11, 35);
    assert_int_equal(a->sec_count, 2);
    assert_int_equal(a->para_count, 2); /* the NBSP-only line is blank */
    assert_string_equal(b->number, "6");
    assert_string_equal(b->title, "Children in Care Council Update");
    ASSERT_POS(b->head, 15, 1, 15, 31);
    assert_int_equal(b->span.line, 13);
    ASSERT_RES(d, 1, NULL, "That the representatives be thanked for their contribution.", 21, 11, 21, 69);
    assert_int_equal(d->ress.v[1].item, 1);
    model_doc_free(d);
}

static void test_head_item_colon(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_item_colon.txt", &log);
    assert_int_equal(d->items.n, 2);
    assert_string_equal(d->items.v[0].number, "5");
    assert_string_equal(d->items.v[0].title, "Youth Justice Plan 2024/25");
    ASSERT_POS(d->items.v[0].head, 1, 9, 1, 34);
    /* "Item 6 - Title" right after a resolution is still a heading */
    assert_string_equal(d->items.v[1].number, "6");
    assert_string_equal(d->items.v[1].title, "Corporate Parenting Board Annual Report");
    ASSERT_POS(d->items.v[1].head, 9, 10, 9, 48);
    assert_int_equal(d->items.v[0].res_count, 1);
    assert_int_equal(d->items.v[1].res_count, 1);
    assert_int_equal(d->refs.n, 0); /* the heading is no paragraph mentioning "item 6" */
    model_doc_free(d);
}

/* ---- "Minutes:" label ---------------------------------------------------------------------- */

/* "18/24 Declarations of Interest": minute numbers within the municipal year, mixed case */
static void test_head_slash_number(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_slash_number.txt", &log);
    assert_int_equal(d->items.n, 3);
    assert_string_equal(d->items.v[0].number, "18/24");
    assert_string_equal(d->items.v[0].title, "Declarations of Interest");
    ASSERT_POS(d->items.v[0].head, 5, 7, 5, 30);
    assert_string_equal(d->items.v[1].number, "19/24");
    assert_string_equal(d->items.v[1].title, "Placement Sufficiency");
    assert_int_equal(d->items.v[1].res_count, 1);
    ASSERT_RES(d, 0, NULL, "the plan be endorsed.", 13, 20, 13, 40);
    assert_string_equal(d->items.v[2].number, "2024/20");
    assert_string_equal(d->items.v[2].title, "Any Other Business");
    model_doc_free(d);
}

/* A title block and "Present:" before "1 Apologies for Absence" in mixed case; "3 Work
 * Programme" after a "1) 2)" list is the next item, not a third entry */
static void test_head_mixed_lead(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_mixed_lead.txt", &log);
    assert_string_equal(d->title, "Brackenmoor District Council");
    assert_int_equal(d->items.n, 3);
    assert_string_equal(d->items.v[0].number, "1");
    assert_string_equal(d->items.v[0].title, "Apologies for Absence");
    ASSERT_POS(d->items.v[0].head, 7, 3, 7, 23);
    assert_string_equal(d->items.v[1].title, "Youth Service Review");
    assert_int_equal(d->items.v[1].res_count, 2);
    ASSERT_RES(d, 1, "2", "that a consultation be held with young people.", 17, 4, 17, 49);
    assert_string_equal(d->items.v[2].number, "3");
    assert_string_equal(d->items.v[2].title, "Work Programme");
    assert_int_equal(d->items.v[2].res_count, 1);
    /* the headings' numbers are not figures */
    assert_int_equal(d->figs.n, 0);
    model_doc_free(d);
}

/* Agenda page references leave the title; "Recommendation(s):" heads the resolutions */
/* After a resolution, a later item number alone between blank lines heads the next item even
 * when it skips a number (33 after 31) or follows a numbered list of resolutions. */
static void test_head_after_resolution(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_after_resolution.txt", &log);
    assert_int_equal(d->items.n, 3);
    assert_string_equal(d->items.v[1].number, "33");
    assert_string_equal(d->items.v[1].title, "Elective Home Education");
    assert_string_equal(d->items.v[2].number, "34");
    assert_string_equal(d->items.v[2].title, "Speech and Language Therapy Waiting Times");
    assert_int_equal(d->ress.n, 4);
    static const int item_of[] = { 0, 1, 1, 2 };
    for (int i = 0; i < d->ress.n; i++) assert_int_equal(d->ress.v[i].item, item_of[i]);
    ASSERT_RES(d, 2, "2", "That the Panel receive annual figures on welfare visits.", 15, 4, 15, 59);
    model_doc_free(d);
}

/* Item numbers as councils write them: a coded minute reference, "Minute No. 22", the number
 * alone on its line above the title, Markdown emphasis around headings and markers, and "Agenda
 * Item 5 – Title" on one line. */
static void head_pair(const char *name, const char *n1, const char *t1, const char *n2, const char *t2,
                      const char *res)
{
    diaglog log = {0};
    model_doc *d = load_ok(name, &log);
    assert_int_equal(d->items.n, 2);
    assert_string_equal(d->items.v[0].number, n1);
    assert_string_equal(d->items.v[0].title, t1);
    assert_string_equal(d->items.v[1].number, n2);
    assert_string_equal(d->items.v[1].title, t2);
    /* the second item's one resolution comes last (the first may approve earlier minutes) */
    assert_int_equal(d->items.v[1].res_count, 1);
    assert_int_equal(d->ress.v[d->ress.n - 1].item, 1);
    ASSERT_SPAN(d, d->ress.v[d->ress.n - 1].body, res);
    model_doc_free(d);
}

static void test_head_styles(void **state)
{
    (void)state;
    head_pair("head_coded.txt", "CYPS/24/57", "DECLARATIONS OF INTEREST", "CYPS/24/58", "YOUTH OFFENDING SERVICE PLAN",
              "That the plan be endorsed.");
    head_pair("head_minute_word.txt", "21", "Apologies for Absence", "22", "Health Assessments for Children in Care",
              "That the update be noted.");
    head_pair("head_number_alone.txt", "64", "MINUTES OF THE PREVIOUS MEETING", "65", "SCHOOL EXCLUSIONS",
              "That a report on exclusions of children in care be brought to the next meeting.");
    head_pair("head_markdown.txt", "7", "Declarations of Interest", "8", "Children's Homes Sufficiency",
              "That the plans be supported.");
    head_pair("head_fin_year_line.txt", "21", "Children's Services Budget Monitoring", "22", "Youth Service Review",
              "That the outcome of the consultation be reported in January 2026.");
    head_pair("head_agenda_inline.txt", "4", "Declarations of Interest", "5", "Children in Care Council Update",
              "That the survey findings be taken into the placement sufficiency plan.");
}

/* Whole-meeting minutes without blank lines: "1. Apologies for Absence" after the title block
 * and PRESENT: heads the first item, and the next numbers follow. */
static void test_head_tight(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_tight.txt", &log);
    assert_int_equal(d->items.n, 3);
    assert_string_equal(d->items.v[0].title, "Apologies for Absence");
    assert_string_equal(d->items.v[1].title, "Virtual School Annual Report");
    assert_string_equal(d->items.v[2].title, "Work Programme");
    assert_int_equal(d->ress.n, 2);
    assert_int_equal(d->ress.v[0].item, 1);
    assert_int_equal(d->ress.v[1].item, 2);
    assert_string_equal(d->committee, "Children's Services Select Committee");
    model_doc_free(d);
}

/* Minutes that head their items with unnumbered capitals after PRESENT: ("SPECIAL
 * GUARDIANSHIP SUPPORT" alone between blank lines): one item each, also after a resolution. */
static void test_head_caps_unnumbered(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_caps_unnumbered.txt", &log);
    assert_int_equal(d->items.n, 3);
    assert_string_equal(d->items.v[0].title, "APOLOGIES FOR ABSENCE");
    assert_string_equal(d->items.v[1].title, "SPECIAL GUARDIANSHIP SUPPORT");
    assert_string_equal(d->items.v[2].title, "WORK PROGRAMME");
    assert_int_equal(d->ress.n, 2);
    assert_int_equal(d->ress.v[0].item, 1);
    assert_int_equal(d->ress.v[1].item, 2);
    model_doc_free(d);
}

static void test_head_pages_recs(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("head_pages_recs.txt", &log);
    assert_int_equal(d->items.n, 2);
    assert_string_equal(d->items.v[0].title, "HIGH NEEDS BLOCK RECOVERY PLAN");
    ASSERT_POS(d->items.v[0].head, 3, 6, 3, 35);
    assert_string_equal(d->items.v[1].title, "Educational Psychology Capacity");
    ASSERT_POS(d->items.v[1].head, 10, 6, 10, 36);
    ASSERT_SEC(d, 1, SEC_RESOLVED, "Recommendation(s)");
    ASSERT_SEC(d, 2, SEC_RESOLVED, "Recommendations");
    assert_int_equal(d->ress.n, 2);
    ASSERT_RES(d, 0, NULL, "That Cabinet approves the recovery plan.", 8, 1, 8, 40);
    ASSERT_RES(d, 1, NULL, "That the service reports recruitment figures in January.", 12, 18, 12, 73);
    model_doc_free(d);
}

static void test_minutes_alone(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("minutes_alone.txt", &log);
    assert_single_item(d, "Children Missing Education", "RESOLVED");
    ASSERT_POS(d->secs.v[0].span, 5, 1, 5, 7);
    assert_int_equal(d->paras.n, 2);
    assert_int_equal(d->paras.v[0].section, 0);
    ASSERT_SPAN(d, d->paras.v[0].span, "The Committee considered a report on children missing education.");
    ASSERT_POS(d->paras.v[0].span, 9, 1, 9, 64);
    assert_null(d->items.v[0].purpose);
    model_doc_free(d);
}

static void test_minutes_inline(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("minutes_inline.txt", &log);
    assert_single_item(d, "Elective Home Education", "RESOLVED");
    ASSERT_SPAN(d, d->secs.v[0].span, "Minutes");
    const model_para *p = &d->paras.v[0];
    assert_int_equal(p->section, 0);
    ASSERT_SPAN(d, p->span, "The Committee considered a report on children educated at home. The number had risen to 1,140.");
    ASSERT_POS(p->span, 5, 10, 5, 103);
    assert_int_equal(p->sent_count, 2);
    ASSERT_SPAN(d, d->sents.v[p->sent_first + 1].span, "The number had risen to 1,140.");
    assert_int_equal(d->figs.n, 1);
    ASSERT_FIG(d, 0, FIG_COUNT, 1140, "", "1,140", 5, 98);
    model_doc_free(d);
}

/* A short heading with a colon inside the minutes ("Issues raised by Members:") keeps what
 * follows in the minutes; after the resolution it still heads a section of its own. */
static void test_minutes_sub_labels(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("minutes_sub_labels.txt", &log);
    assert_int_equal(d->secs.n, 3);
    ASSERT_SEC(d, 0, SEC_MINUTES, "Minutes");
    ASSERT_SEC(d, 1, SEC_RESOLVED, "RESOLVED");
    ASSERT_SEC(d, 2, SEC_OTHER, "Reasons for decision");
    int bullets = 0;
    for (int i = 0; i < d->paras.n; i++) {
        if (!d->paras.v[i].bullet) continue;
        assert_int_equal(d->paras.v[i].section, 0);
        bullets++;
    }
    assert_int_equal(bullets, 2);
    model_doc_free(d);
}

/* Title Case lines alone inside the minutes ("Agency Social Workers") are sub-headings: kept as
 * paragraphs, but with no sentences, so keyword rules read what is said under them. */
static void test_sub_headings(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("sub_headings.txt", &log);
    assert_int_equal(d->paras.n, 6);
    int headings = 0;
    for (int i = 0; i < d->paras.n; i++) {
        const model_para *p = &d->paras.v[i];
        if (!p->heading) continue;
        headings++;
        assert_int_equal(p->sent_count, 0);
    }
    assert_int_equal(headings, 2);
    ASSERT_SPAN(d, d->paras.v[1].span, "Agency Social Workers");
    assert_int_equal(d->paras.v[1].heading, 1);
    assert_int_equal(d->paras.v[0].heading, 0);
    for (int i = 0; i < d->sents.n; i++) assert_int_not_equal(d->sents.v[i].span.line, 9);
    model_doc_free(d);
}

static void test_minutes_missing(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("minutes_missing.txt", &log);
    assert_int_equal(d->items.n, 1);
    /* without a label the text is the item's minutes, in a section named "" spanning its
     * first paragraph, not its purpose */
    assert_null(d->items.v[0].purpose);
    assert_int_equal(d->secs.n, 2);
    ASSERT_SEC(d, 0, SEC_MINUTES, "");
    ASSERT_SPAN(d, d->secs.v[0].span, "The Committee considered the private fostering annual report.");
    ASSERT_POS(d->secs.v[0].span, 5, 1, 5, 61);
    ASSERT_SEC(d, 1, SEC_RESOLVED, "RESOLVED");
    assert_int_equal(d->paras.n, 3);
    assert_int_equal(d->paras.v[0].section, 0);
    assert_int_equal(d->paras.v[1].section, 0);
    assert_int_equal(d->paras.v[2].section, 1);
    assert_int_equal(d->ress.n, 1);
    ASSERT_SPK(d, 0, SPK_COUNCILLOR, "Councillor Hale", "Councillor Hale", 7, 1);
    model_doc_free(d);
}

/* ---- resolution markers -------------------------------------------------------------------- */

static void test_res_colon_alone(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_colon_alone.txt", &log);
    assert_single_item(d, "Residential Children's Homes: Inspection Outcomes", "Resolved");
    ASSERT_POS(d->secs.v[1].span, 11, 1, 11, 8);
    ASSERT_SEC(d, 2, SEC_SUPPORTING, "Supporting documents");
    assert_int_equal(d->ress.n, 1);
    ASSERT_RES(d, 0, NULL, "That the report be noted.", 15, 1, 15, 25);
    ASSERT_POS(d->ress.v[0].span, 15, 1, 15, 25);
    model_doc_free(d);
}

static void test_res_that_numbered(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_that_numbered.txt", &log);
    assert_single_item(d, "Adoption Agency Half-Year Report", "RESOLVED");
    assert_int_equal(d->ress.n, 3);
    /* the list joiners "; and" are not part of a resolution */
    ASSERT_RES(d, 0, "1", "the half-year report be noted", 10, 5, 10, 33);
    ASSERT_RES(d, 1, "2", "the Committee receives the full-year report in June", 11, 5, 11, 55);
    ASSERT_RES(d, 2, "3", "adopters be invited to a future meeting.", 12, 5, 12, 44);
    ASSERT_SPAN(d, d->ress.v[0].span, "(1) the half-year report be noted");
    ASSERT_POS(d->ress.v[0].span, 10, 1, 10, 33);
    model_doc_free(d);
}

static void test_res_that_roman(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_that_roman.txt", &log);
    assert_single_item(d, "Child Exploitation Strategy", "RESOLVED");
    assert_int_equal(d->ress.n, 2);
    /* the NBSP run after "(i)" is not part of the body */
    ASSERT_RES(d, 0, "i", "The strategy be endorsed", 13, 16, 13, 39);
    ASSERT_RES(d, 1, "ii", "The Committee receives an update in six months.", 17, 16, 17, 62);
    ASSERT_POS(d->ress.v[0].span, 13, 1, 13, 39);
    model_doc_free(d);
}

static void test_res_alone_that(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_alone_that.txt", &log);
    assert_single_item(d, "Special Guardianship Support", "RESOLVED");
    ASSERT_POS(d->secs.v[1].span, 9, 1, 9, 8);
    assert_int_equal(d->ress.n, 1);
    ASSERT_RES(d, 0, NULL, "That the report be received and the support offer be kept under review", 13, 1, 13, 70);
    ASSERT_SEC(d, 2, SEC_SUPPORTING, "Supporting documents");
    model_doc_free(d);
}

static void test_res_that_line(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_that_line.txt", &log);
    assert_single_item(d, "Family Hubs Programme", "Resolved");
    /* a "That" line alone introduces the list and is no resolution */
    assert_int_equal(d->ress.n, 2);
    ASSERT_RES(d, 0, "1", "the update be noted", 17, 5, 17, 23);
    ASSERT_RES(d, 1, "2", "the Committee visits a family hub before the end of the year.", 19, 5, 19, 65);
    model_doc_free(d);
}

static void test_res_dash(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_dash.txt", &log);
    assert_single_item(d, "Care Leavers Local Offer", "RESOLVED");
    assert_int_equal(d->ress.n, 1);
    ASSERT_RES(d, 0, NULL, "That the refreshed local offer be endorsed.", 9, 13, 9, 55);
    ASSERT_POS(d->ress.v[0].span, 9, 13, 9, 55);
    model_doc_free(d);
}

static void test_res_comma_dash(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_comma_dash.txt", &log);
    assert_single_item(d, "Unaccompanied Asylum Seeking Children", "RESOLVED");
    assert_int_equal(d->ress.n, 1);
    /* "that –" introduces the resolution: the dash is not its first word */
    ASSERT_RES(d, 0, NULL, "the update be noted.", 9, 18, 9, 37);
    model_doc_free(d);
}

static void test_res_inline_letters(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_inline_letters.txt", &log);
    assert_single_item(d, "Social Work Academy", "Resolved");
    assert_int_equal(d->ress.n, 2);
    ASSERT_RES(d, 0, "a", "That the report be noted", 9, 16, 9, 39);
    ASSERT_RES(d, 1, "b", "That a further update be brought in September 2024.", 9, 50, 9, 100);
    ASSERT_SPAN(d, d->ress.v[0].span, "(a) That the report be noted");
    ASSERT_POS(d->ress.v[1].span, 9, 46, 9, 100);
    assert_int_equal(d->dates.n, 1);
    ASSERT_DATE(d, 0, DATE_MONTH, "2024-09", "September 2024", 9, 86);
    model_doc_free(d);
}

static void test_res_nospace(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_nospace.txt", &log);
    assert_single_item(d, "Holiday Activities and Food Programme", "RESOLVED");
    assert_int_equal(d->ress.n, 1);
    ASSERT_RES(d, 0, NULL, "That the report be noted.", 9, 9, 9, 33);
    model_doc_free(d);
}

static void test_res_agreed(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_agreed.txt", &log);
    assert_single_item(d, "School Exclusions", "AGREED");
    assert_int_equal(d->ress.n, 1);
    ASSERT_RES(d, 0, NULL, "That the Head of Inclusion reports exclusions by school to the next meeting.", 11, 1, 11, 76);
    assert_int_equal(d->dates.n, 1);
    ASSERT_DATE(d, 0, DATE_RELATIVE, "", "next meeting", 11, 64);
    model_doc_free(d);
}

static void test_res_agreed_inline(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_agreed_inline.txt", &log);
    assert_single_item(d, "Kinship Care Policy", "Agreed");
    /* "quarter 3." at the end is no third list marker */
    assert_int_equal(d->ress.n, 2);
    ASSERT_RES(d, 0, "1", "the draft policy be endorsed.", 9, 18, 9, 46);
    ASSERT_RES(d, 1, "2", "the final policy be circulated to Members by quarter 3.", 9, 51, 9, 105);
    ASSERT_SPAN(d, d->ress.v[1].span, "2. the final policy be circulated to Members by quarter 3.");
    /* the list numbers are not figures */
    assert_int_equal(d->figs.n, 0);
    assert_int_equal(d->dates.n, 1);
    ASSERT_DATE(d, 0, DATE_QUARTER, "Q3", "quarter 3", 9, 96);
    model_doc_free(d);
}

static void test_res_it_was_agreed(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_it_was_agreed.txt", &log);
    assert_single_item(d, "Speech and Language Waiting Times", "It was agreed");
    assert_int_equal(d->ress.n, 2);
    ASSERT_RES(d, 0, "a", "the Committee writes to the Integrated Care Board about waiting times", 10, 5, 10, 73);
    ASSERT_RES(d, 1, "b", "the item be added to the work programme.", 11, 5, 11, 44);
    model_doc_free(d);
}

/* Markers inside the first clause ("The Panel, having ..., RESOLVED to"), votes after a marker;
 * "AGREED" and "was resolved" in the debate are no marker */
static void test_res_mid_marker(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_mid_marker.txt", &log);
    assert_int_equal(d->items.n, 1);
    assert_int_equal(d->secs.n, 4);
    ASSERT_SEC(d, 1, SEC_RESOLVED, "RESOLVED");
    ASSERT_POS(d->secs.v[1].span, 11, 45, 11, 52);
    ASSERT_SEC(d, 2, SEC_RESOLVED, "AGREED");
    assert_int_equal(d->ress.n, 3);
    ASSERT_RES(d, 0, NULL, "to note the report and to ask that the final proposals come back in March.", 11, 54, 11, 127);
    /* the vote is neither body nor figures */
    ASSERT_RES(d, 1, NULL, "the Chair write to the Cabinet Member.", 13, 55, 13, 92);
    ASSERT_RES(d, 2, NULL, "That the Panel's views be reported to Cabinet.", 15, 30, 15, 75);
    for (int i = 0; i < d->figs.n; i++) assert_int_not_equal(d->figs.v[i].span.line, 15);
    /* the whole line stays the paragraph */
    assert_int_equal(d->paras.v[2].section, 1);
    ASSERT_POS(d->paras.v[2].span, 11, 1, 11, 127);
    model_doc_free(d);
}

/* "That the Panel" without a colon introduces the list under it; "NOTED" or "AGREED" alone
 * before the next heading (or the end) is the item's resolution */
static void test_res_intro_bare(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_intro_bare.txt", &log);
    assert_int_equal(d->items.n, 3);
    assert_int_equal(d->items.v[0].res_count, 2);
    ASSERT_RES(d, 0, "1", "notes the evaluation", 9, 4, 9, 23);
    ASSERT_RES(d, 1, "2", "asks for attendance data by ward.", 10, 4, 10, 36);
    assert_int_equal(d->items.v[1].res_count, 1);
    ASSERT_RES(d, 2, NULL, "NOTED", 16, 1, 16, 5);
    assert_int_equal(d->ress.v[2].item, 1);
    assert_int_equal(d->items.v[2].res_count, 1);
    ASSERT_RES(d, 3, NULL, "AGREED", 22, 1, 22, 6);
    assert_int_equal(d->ress.v[3].item, 2);
    model_doc_free(d);
}

/* Vote words and an addressee belong to the marker: "RESOLVED UNANIMOUSLY: That",
 * "UNANIMOUSLY AGREED:", "RECOMMENDED to Cabinet: That"; "NOTED." alone is the resolution. */
static void test_res_vote_words(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_vote_words.txt", &log);
    assert_int_equal(d->items.n, 4);
    assert_int_equal(d->ress.n, 6);
    ASSERT_RES(d, 0, "a", "the housing protocol be endorsed", 8, 5, 8, 36);
    ASSERT_RES(d, 1, "b", "a progress report be brought in January 2025.", 9, 5, 9, 49);
    ASSERT_RES(d, 2, NULL, "That the Virtual School report be noted.", 13, 21, 13, 60);
    ASSERT_SEC(d, 2, SEC_RESOLVED, "UNANIMOUSLY AGREED");
    ASSERT_SEC(d, 3, SEC_RESOLVED, "RECOMMENDED");
    ASSERT_RES(d, 3, "1", "the sufficiency strategy be adopted", 18, 4, 18, 38);
    ASSERT_RES(d, 4, "2", "funding for two new children's homes be considered.", 19, 4, 19, 54);
    ASSERT_RES(d, 5, NULL, "NOTED", 23, 1, 23, 5);
    static const int item_of[] = { 0, 0, 1, 2, 2, 3 };
    for (int i = 0; i < d->ress.n; i++) assert_int_equal(d->ress.v[i].item, item_of[i]);
    model_doc_free(d);
}

/* "The Panel AGREED:" and "Members RESOLVED:" alone on a line open a list, like "RESOLVED:". */
static void test_res_body_agreed_colon(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_body_agreed_colon.txt", &log);
    assert_int_equal(d->items.n, 2);
    assert_int_equal(d->ress.n, 4);
    ASSERT_SEC(d, 1, SEC_RESOLVED, "AGREED");
    ASSERT_RES(d, 0, "a", "to note the report", 8, 5, 8, 22);
    ASSERT_RES(d, 1, "b", "to ask for placement cost trends by March 2025.", 9, 5, 9, 51);
    ASSERT_SEC(d, 3, SEC_RESOLVED, "RESOLVED");
    ASSERT_RES(d, 2, "\xC2\xB7", "to endorse the plan", 16, 3, 16, 21);
    ASSERT_RES(d, 3, "\xC2\xB7", "to receive the reoffending figures at the next meeting.", 17, 3, 17, 57);
    model_doc_free(d);
}

/* "A. That ..." and "B. That ..." are labelled entries; "A. Patel" elsewhere keeps its initial. */
static void test_res_upper_letters(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_upper_letters.txt", &log);
    assert_single_item(d, "Edge of Care Service", "RESOLVED");
    assert_int_equal(d->ress.n, 2);
    ASSERT_RES(d, 0, "A", "That the report be noted.", 10, 4, 10, 28);
    ASSERT_RES(d, 1, "B", "That a report on outcomes for the first cohort come back in June 2025.", 11, 4, 11, 73);
    assert_null(d->paras.v[0].label);
    model_doc_free(d);
}

/* Markers inside a sentence: after "seconded by ... and", "NOTED" in capitals after the body
 * (lower-case "noted" is debate), and a marker that ends the sentence resolves the sentence. */
static void test_res_mid_more(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_mid_more.txt", &log);
    assert_int_equal(d->items.n, 4);
    assert_int_equal(d->ress.n, 5);
    ASSERT_RES(d, 0, NULL, "the annual report be received.", 7, 92, 7, 121);
    ASSERT_RES(d, 1, NULL, "the update.", 13, 21, 13, 31);
    ASSERT_RES(d, 2, NULL, "The recommendation, on being put to the vote, was AGREED.", 19, 1, 19, 57);
    ASSERT_RES(d, 3, "a", "to note the report", 26, 5, 26, 22);
    ASSERT_RES(d, 4, "b", "to receive a kinship allowance review in March 2025.", 27, 5, 27, 56);
    static const int item_of[] = { 0, 1, 2, 3, 3 };
    for (int i = 0; i < d->ress.n; i++) assert_int_equal(d->ress.v[i].item, item_of[i]);
    model_doc_free(d);
}

/* A line cut mid-sentence ("... within 45 days was" / "71.5% in ...", "inspection by" /
 * "Ofsted ...") continues its paragraph whatever its first letter, across a page footer too;
 * a bullet without a full stop does not swallow the capitalised line after it. */
static void test_wrap_mid_sentence(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("wrap_mid_sentence.txt", &log);
    assert_int_equal(d->paras.n, 4);
    ASSERT_POS(d->paras.v[0].span, 8, 1, 13, 15);
    assert_int_equal(d->paras.v[1].bullet, 1);
    ASSERT_SPAN(d, d->paras.v[2].span, "Members asked about the reasons for the fall.");
    /* the percentage shares its sentence with what it measures */
    assert_true(d->figs.n >= 2);
    const model_figure *f = &d->figs.v[1];
    ASSERT_SPAN(d, f->span, "71.5%");
    int found = 0;
    for (int i = 0; i < d->sents.n; i++) {
        const model_sentence *st = &d->sents.v[i];
        if (st->span.off <= f->span.off && f->span.end <= st->span.end) {
            assert_int_equal(st->span.line, 8);
            found = 1;
        }
    }
    assert_true(found);
    model_doc_free(d);
}

/* A running page header and the "Chair's initials" line between two entries of a resolution
 * list neither end the list nor give the item a date. */
static void test_res_page_break(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_page_break.txt", &log);
    assert_int_equal(d->items.n, 1);
    assert_int_equal(d->ress.n, 3);
    ASSERT_RES(d, 0, "a", "the pathway be endorsed", 8, 5, 8, 27);
    ASSERT_RES(d, 1, "b", "the Board receive figures on staying put arrangements in July 2025", 10, 5, 10, 70);
    ASSERT_RES(d, 2, "c", "the Chair write to the housing providers.", 12, 5, 12, 45);
    for (int i = 0; i < d->dates.n; i++) assert_int_not_equal(d->dates.v[i].span.line, 9);
    model_doc_free(d);
}

/* "ACTION: <owner> to <do something>" outside a resolution list is an agreed action: a
 * resolution owned by whoever comes before "to" (the whole text when only an owner is named). */
static void test_action_outside(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("action_outside.txt", &log);
    assert_int_equal(d->ress.n, 3);
    ASSERT_RES(d, 0, NULL, "Service Manager for Exploitation to circulate the interview figures by team by 31 March 2025.",
               8, 9, 8, 101);
    ASSERT_STR_OR_NULL(d->ress.v[0].owner, "Service Manager for Exploitation");
    ASSERT_STR_OR_NULL(d->ress.v[1].owner, "Democratic Services");
    ASSERT_RES(d, 2, NULL, "That the report be noted.", 11, 11, 11, 35);
    ASSERT_SEC(d, 0, SEC_MINUTES, "Minutes");
    assert_int_equal(d->secs.n, 2);
    model_doc_free(d);
}

/* An entry or numbered paragraph cut mid-sentence ("... plan to the" / "Committee in ...")
 * continues on a line that starts with a capital; the list goes on after it. */
static void test_res_wrapped_entries(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_wrapped_entries.txt", &log);
    assert_int_equal(d->ress.n, 3);
    ASSERT_RES(d, 1, "b", "the Cabinet Member be asked to bring the refreshed recruitment plan to the\n"
               "Committee in February 2026", 12, 5, 13, 26);
    ASSERT_RES(d, 2, "c", "the Chair write to the regional fostering hub about assessment waits.", 14, 5, 14, 73);
    ASSERT_POS(d->paras.v[0].span, 7, 1, 8, 36);
    assert_string_equal(d->paras.v[0].label, "4.1");
    model_doc_free(d);
}

/* A marker after a paragraph number ("6.2 Resolved that ...", "7.2 RESOLVED:") opens the
 * resolved section; its numbered entries ("7.2.1 That ...") are the resolutions. */
static void test_res_numbered_para(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_numbered_para.txt", &log);
    assert_int_equal(d->items.n, 2);
    assert_int_equal(d->ress.n, 3);
    ASSERT_SEC(d, 1, SEC_RESOLVED, "Resolved");
    ASSERT_POS(d->secs.v[1].span, 9, 5, 9, 12);
    ASSERT_RES(d, 0, NULL, "that an evaluation of the graded care tool be reported to the Committee in May 2026.",
               9, 14, 9, 97);
    ASSERT_SEC(d, 3, SEC_RESOLVED, "RESOLVED");
    ASSERT_RES(d, 1, "7.2.1", "That the update be noted.", 21, 7, 21, 31);
    ASSERT_RES(d, 2, "7.2.2", "That the hub's annual report be shared with all members.", 23, 7, 23, 62);
    model_doc_free(d);
}

/* An entry that ends with ':' takes in the sub-entries marked otherwise below it ("•" then
 * "o", "1." then "(a)"); the next entry marked like it is a resolution of its own. */
static void test_res_nested(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_nested.txt", &log);
    assert_int_equal(d->ress.n, 4);
    ASSERT_POS(d->ress.v[0].body, 10, 3, 12, 54);
    ASSERT_RES(d, 1, "\xC2\xB7", "notes the plan.", 13, 3, 13, 17);
    ASSERT_STR_OR_NULL(d->ress.v[2].label, "1");
    ASSERT_POS(d->ress.v[2].body, 24, 4, 26, 30);
    ASSERT_RES(d, 3, "2", "That the report be noted.", 27, 4, 27, 28);
    model_doc_free(d);
}

/* "The Panel:" alone introduces what the Panel decided: its entries are resolutions. */
static void test_res_body_colon(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_body_colon.txt", &log);
    assert_int_equal(d->ress.n, 2);
    ASSERT_SEC(d, 1, SEC_RESOLVED, "The Panel");
    ASSERT_RES(d, 0, "a", "noted the statement", 10, 5, 10, 23);
    ASSERT_RES(d, 1, "b", "asked for the waiting list for overnight short breaks to be reported in January 2026.",
               11, 5, 11, 89);
    model_doc_free(d);
}

/* Decisions written as sentences: the deciding body and a decision verb ("received and noted",
 * "endorsed"); "noted the concerns" and "Members noted that" record the debate */
static void test_res_sentence_active(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_sentence_active.txt", &log);
    assert_int_equal(d->items.n, 2);
    assert_int_equal(d->ress.n, 2);
    ASSERT_RES(d, 0, NULL, "The Committee received and noted the report.", 13, 1, 13, 44);
    assert_int_equal(d->ress.v[0].item, 0);
    ASSERT_RES(d, 1, NULL, "Following discussion, the Panel endorsed the strategy.", 23, 1, 23, 54);
    const model_item *m = &d->items.v[0];
    ASSERT_SEC(d, m->sec_first + 1, SEC_RESOLVED, "The Committee received and noted");
    /* the debate before it stays in the minutes */
    assert_int_equal(d->secs.v[d->paras.v[m->para_first + 1].section].kind, SEC_MINUTES);
    model_doc_free(d);
}

/* Passive decisions: "were agreed as a correct record", "the report was noted"; "was approved
 * by Cabinet in February" reports another body's decision */
static void test_res_sentence_passive(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_sentence_passive.txt", &log);
    assert_int_equal(d->ress.n, 2);
    ASSERT_RES(d, 0, NULL,
               "The minutes of the meeting held on 3 March 2025 were agreed as a correct record and signed by the Chair.",
               7, 1, 7, 104);
    ASSERT_RES(d, 1, NULL, "After questions, the report was noted.", 17, 1, 17, 38);
    assert_int_equal(d->ress.v[1].item, 1);
    model_doc_free(d);
}

/* "Minutes: That ... be approved" (the formula without its marker), and decisions in a later
 * sentence of a paragraph ("... The Committee agreed to ...", "Members agreed to appoint ...");
 * "..., when it was also agreed that ..." tells history */
static void test_res_sentence_later(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_sentence_later.txt", &log);
    assert_int_equal(d->items.n, 3);
    assert_int_equal(d->ress.n, 3);
    ASSERT_RES(d, 0, NULL, "That the minutes of the meeting held on 14 January 2025 be approved as a correct record.", 5,
               10, 5, 97);
    ASSERT_RES(d, 1, NULL, "to ask for a further report in September 2025.", 13, 141, 13, 186);
    ASSERT_RES(d, 2, NULL, "to appoint Councillor Rahman as Vice-Chair for the year.", 21, 54, 21, 109);
    assert_int_equal(d->ress.v[2].item, 2);
    assert_int_equal(d->items.v[1].sec_count, 1); /* the paragraph stays in the minutes */
    model_doc_free(d);
}

/* "was elected as Chair" decides; "That the Committee approves ..." is the decision after the
 * debate, but the report's recommendation when it opens the documents */
static void test_res_sentence_that_body(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_sentence_that_body.txt", &log);
    assert_int_equal(d->ress.n, 2);
    ASSERT_RES(d, 0, NULL, "Following a vote, Councillor Ferreira was elected as Chair for the year.", 7, 42, 7, 113);
    ASSERT_RES(d, 1, NULL, "That the Committee approves the draft youth justice plan.", 21, 1, 21, 57);
    assert_int_equal(d->ress.v[1].item, 1);
    model_doc_free(d);
}

static void test_res_noted(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_noted.txt", &log);
    assert_single_item(d, "Annual Complaints Report", "NOTED");
    assert_int_equal(d->ress.n, 1);
    ASSERT_RES(d, 0, NULL, "The annual complaints report for children's services.", 11, 1, 11, 53);
    model_doc_free(d);
}

static void test_res_lettered(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_lettered.txt", &log);
    assert_single_item(d, "Edge of Care Service", "RESOLVED");
    assert_int_equal(d->ress.n, 4);
    ASSERT_RES(d, 0, "a", "That the evaluation be noted", 10, 4, 10, 31);
    ASSERT_RES(d, 1, "b", "That the service be extended to adolescents", 11, 4, 11, 46);
    ASSERT_RES(d, 2, "c", "That the Cabinet Member be asked to review funding", 12, 4, 12, 53);
    ASSERT_RES(d, 3, "d", "That an update be brought in quarter 2.", 13, 4, 13, 42);
    ASSERT_POS(d->ress.v[3].span, 13, 1, 13, 42);
    model_doc_free(d);
}

static void test_res_roman(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_roman.txt", &log);
    assert_single_item(d, "Independent Reviewing Officer Annual Report", "RESOLVED");
    assert_int_equal(d->ress.n, 6);
    static const char *const labels[] = { "i", "ii", "iii", "iv", "v", "vi" };
    for (int i = 0; i < 6; i++) {
        assert_string_equal(d->ress.v[i].label, labels[i]);
        assert_int_equal(d->ress.v[i].span.line, 10 + i);
        assert_int_equal(d->ress.v[i].span.col, 1);
    }
    ASSERT_RES(d, 0, "i", "the report be noted", 10, 4, 10, 22);
    ASSERT_RES(d, 2, "iii", "the Committee be sent the service plan", 12, 6, 12, 43);
    ASSERT_RES(d, 4, "v", "the Chair writes to the Service Manager", 14, 4, 14, 42);
    ASSERT_RES(d, 5, "vi", "the report be published.", 15, 5, 15, 28);
    model_doc_free(d);
}

static void test_res_bullets(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_bullets.txt", &log);
    assert_single_item(d, "Mental Health Support in Schools", "RESOLVED");
    /* "That the Committee:" introduces the bullets */
    assert_int_equal(d->ress.n, 2);
    ASSERT_RES(d, 0, BULLET, "notes the report", 13, 18, 13, 33);
    ASSERT_RES(d, 1, BULLET, "asks for a briefing on waiting lists.", 15, 18, 15, 54);
    ASSERT_POS(d->ress.v[0].span, 13, 1, 13, 33);
    /* the bullet paragraphs */
    int bullets = 0;
    for (int i = 0; i < d->paras.n; i++) bullets += d->paras.v[i].bullet;
    assert_int_equal(bullets, 2);
    ASSERT_SEC(d, 2, SEC_SUPPORTING, "Supporting documents");
    model_doc_free(d);
}

/* "o", "-", "*" and "–" bullets before a tab or NBSP (Word and PDF exports); "i." roman labels */
static void test_res_roman_dot(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_roman_dot.txt", &log);
    assert_single_item(d, "Short Breaks for Disabled Children", "RESOLVED");
    int bullets = 0;
    for (int i = 0; i < d->paras.n; i++) bullets += d->paras.v[i].bullet;
    assert_int_equal(bullets, 4);
    ASSERT_SPAN(d, d->paras.v[1].body, "uptake had risen in every locality;");
    ASSERT_POS(d->paras.v[1].body, 8, 3, 8, 37);
    ASSERT_SPAN(d, d->paras.v[3].body, "overnight provision was full at weekends;");
    ASSERT_SPAN(d, d->paras.v[4].body, "transport costs had increased.");
    assert_int_equal(d->ress.n, 3);
    ASSERT_RES(d, 0, "i", "That the report be noted.", 14, 4, 14, 28);
    ASSERT_RES(d, 1, "ii", "That the Panel visit an overnight short breaks unit.", 15, 5, 15, 56);
    ASSERT_RES(d, 2, "iii", "That the waiting list be reported quarterly.", 16, 6, 16, 49);
    model_doc_free(d);
}

static void test_res_bare(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("res_bare.txt", &log);
    assert_int_equal(d->items.n, 1);
    assert_int_equal(d->secs.n, 1); /* no resolved section: the word was lost */
    ASSERT_SEC(d, 0, SEC_MINUTES, "Minutes");
    assert_int_equal(d->ress.n, 2);
    assert_int_equal(d->items.v[0].res_count, 2);
    ASSERT_RES(d, 0, "1", "that the consultation responses be noted", 9, 4, 9, 43);
    ASSERT_RES(d, 1, "2", "that the revised offer be brought to the next meeting.", 10, 4, 10, 57);
    ASSERT_POS(d->ress.v[0].span, 9, 1, 9, 43);
    model_doc_free(d);
}

/* ---- paragraphs, documents and pages ------------------------------------------------------- */

static void test_para_numbers(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("para_numbers.txt", &log);
    assert_int_equal(d->items.n, 1);
    assert_int_equal(d->paras.n, 4);
    static const char *const labels[] = { "7.1", "7.2", "20.1.1", "1a" };
    static const int body_col[] = { 5, 5, 8, 4 };
    for (int i = 0; i < 4; i++) {
        assert_string_equal(d->paras.v[i].label, labels[i]);
        assert_int_equal(d->paras.v[i].bullet, 0);
        assert_int_equal(d->paras.v[i].body.line, 7 + i);
        assert_int_equal(d->paras.v[i].body.col, body_col[i]);
        assert_int_equal(d->paras.v[i].span.col, 1);
    }
    ASSERT_SPAN(d, d->paras.v[2].body, "The service had reduced agency use.");
    ASSERT_SPAN(d, d->paras.v[3].body, "A further report would follow.");
    /* a numbered paragraph is neither an item heading nor a resolution */
    assert_int_equal(d->ress.n, 0);
    assert_int_equal(d->figs.n, 0);
    ASSERT_SPK(d, 0, SPK_OFFICER, "The Head of Workforce Development", "The Head of Workforce Development", 7, 5);
    model_doc_free(d);
}

static void test_meeting_whole(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("meeting_whole.txt", &log);
    /* the title line before the first item becomes the document's title */
    assert_string_equal(d->title, "Minutes of the meeting of the Children's Services Scrutiny Panel held on 9 January 2024");
    assert_int_equal(d->items.n, 3);
    assert_string_equal(d->items.v[0].number, "219");
    assert_string_equal(d->items.v[0].title, "DECLARATIONS OF INTEREST \xE2\x80\x93 MEMBERS AND OFFICERS");
    ASSERT_POS(d->items.v[0].head, 7, 5, 7, 51);
    assert_string_equal(d->items.v[1].number, "220");
    assert_string_equal(d->items.v[1].title, "MINUTES");
    assert_string_equal(d->items.v[2].number, "221");
    assert_string_equal(d->items.v[2].title, "Children's Social Care Performance Report");
    ASSERT_POS(d->items.v[2].head, 15, 5, 15, 45);
    /* PRESENT and apologies belong to the meeting, not to an item */
    ASSERT_SEC(d, 0, SEC_PRESENT, "PRESENT");
    assert_int_equal(d->secs.v[0].item, -1);
    ASSERT_SEC(d, 1, SEC_APOLOGIES, "Apologies for absence");
    assert_int_equal(d->secs.v[1].item, -1);
    ASSERT_SPAN(d, d->paras.v[0].span, "Councillor Hale (Chair), Councillors Okafor, Brannigan and Lindqvist");
    assert_int_equal(d->paras.v[0].item, -1);
    /* each item: minutes without a label, then its own resolution */
    ASSERT_SEC(d, 2, SEC_MINUTES, "");
    assert_int_equal(d->secs.v[2].item, 0);
    assert_int_equal(d->items.v[0].res_count, 0);
    assert_int_equal(d->items.v[1].res_count, 1);
    assert_int_equal(d->items.v[2].res_count, 1);
    ASSERT_RES(d, 0, NULL, "That the minutes of the meeting held on 14 November 2023 be confirmed.", 13, 11, 13, 80);
    assert_int_equal(d->ress.v[0].item, 1);
    ASSERT_RES(d, 1, NULL, "That the report be noted.", 19, 11, 19, 35);
    assert_int_equal(d->ress.v[1].item, 2);
    /* "221" is the heading's number, not a figure */
    assert_int_equal(d->figs.n, 0);
    int present = 0;
    for (int i = 0; i < d->spks.n; i++) present += d->spks.v[i].item == -1;
    assert_int_equal(present, 5);
    model_doc_free(d);
}

static void test_issue_meetings(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("issue_meetings.txt", &log);
    assert_int_equal(d->items.n, 1);
    const model_item *m = &d->items.v[0];
    assert_string_equal(m->number, "28");
    assert_string_equal(m->title, "Children's Services Improvement Plan");
    ASSERT_POS(m->head, 5, 4, 5, 39);
    assert_int_equal(m->span.line, 3);
    ASSERT_SEC(d, 0, SEC_OTHER, "Meeting");
    ASSERT_POS(d->secs.v[0].span, 3, 1, 3, 7);
    ASSERT_SPAN(d, d->paras.v[0].span, "21/04/2016 - Children's Services Scrutiny Panel");
    ASSERT_SEC(d, 1, SEC_MINUTES, "Minutes");
    ASSERT_SEC(d, 2, SEC_RESOLVED, "Resolved");
    assert_int_equal(d->ress.n, 1);
    ASSERT_RES(d, 0, NULL, "That progress be noted.", 13, 1, 13, 23);
    assert_int_equal(d->dates.n, 1);
    ASSERT_DATE(d, 0, DATE_DAY, "2016-04-21", "21/04/2016", 3, 10);
    model_doc_free(d);
}

static void test_action_owner(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("action_owner.txt", &log);
    assert_single_item(d, "Placement Stability", "RESOLVED");
    assert_int_equal(d->ress.n, 2);
    ASSERT_RES(d, 0, "1", "That a briefing note on placement moves be circulated", 10, 5, 10, 57);
    ASSERT_RES(d, 1, "2", "That the data be broken down by age.", 12, 5, 12, 40);
    assert_string_equal(d->ress.v[0].owner, "Head of Children in Care");
    assert_string_equal(d->ress.v[1].owner, "Performance Team");
    model_doc_free(d);
}

static void test_table_residue(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("table_residue.txt", &log);
    assert_int_equal(d->items.n, 1);
    assert_string_equal(d->items.v[0].title, "Attendance");
    /* outer pipes are trimmed, the "|---|" rule is blank */
    assert_int_equal(d->paras.n, 4);
    ASSERT_SPAN(d, d->paras.v[0].span, "Councillor A | Chair | Present");
    ASSERT_POS(d->paras.v[0].span, 5, 3, 5, 32);
    ASSERT_SPAN(d, d->paras.v[1].span, "Councillor B | Vice-Chair | Apologies");
    assert_int_equal(d->paras.v[1].span.line, 7);
    assert_int_equal(d->spks.n, 2);
    ASSERT_SPK(d, 0, SPK_COUNCILLOR, "Councillor A", "Councillor A", 5, 3);
    ASSERT_SPK(d, 1, SPK_COUNCILLOR, "Councillor B", "Councillor B", 7, 3);
    assert_int_equal(d->ress.n, 1);
    model_doc_free(d);
}

static void test_debris(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("debris.txt", &log);
    assert_int_equal(d->items.n, 1);
    /* NBSP-only lines, "dot", a lone page number and everything from "Original Text:" on */
    assert_int_equal(d->paras.n, 2);
    ASSERT_POS(d->paras.v[0].span, 9, 1, 9, 59);
    assert_int_equal(d->secs.n, 3);
    ASSERT_SEC(d, 2, SEC_SUPPORTING, "Supporting documents");
    ASSERT_POS(d->items.v[0].span, 1, 1, 13, 21);
    assert_int_equal(d->ress.n, 1);
    for (int i = 0; i < d->sents.n; i++) {
        char b[512];
        span_str(d, &d->sents.v[i].span, b, sizeof b);
        assert_null(strstr(b, "translation"));
        assert_string_not_equal(b, "dot");
    }
    model_doc_free(d);
}

/* Page footers of PDF and Word exports are debris, not paragraphs or figures */
static void test_debris_footers(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("debris_footers.txt", &log);
    assert_int_equal(d->items.n, 1);
    assert_int_equal(d->paras.n, 2);
    ASSERT_POS(d->paras.v[1].span, 19, 11, 19, 35);
    assert_int_equal(d->figs.n, 1);
    ASSERT_FIG(d, 0, FIG_COUNT, 14, "late", "14", 7, 32);
    model_doc_free(d);
}

/* ---- front matter -------------------------------------------------------------------------- */

static void test_fm_valid(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("fm_valid.txt", &log);
    assert_int_equal(log.count, 0);
    assert_string_equal(d->council, "Ashcombe Borough Council");
    assert_string_equal(d->committee, "Children and Young People Scrutiny Committee");
    assert_string_equal(d->date, "2024-03-14");
    assert_string_equal(d->title, "Meeting of 14 March 2024");
    /* the front matter is no content; lines still count from the top of the file */
    assert_int_equal(d->items.n, 1);
    assert_string_equal(d->items.v[0].title, "Fostering Recruitment");
    ASSERT_POS(d->items.v[0].head, 9, 1, 9, 21);
    assert_int_equal(d->items.v[0].span.line, 7);
    ASSERT_RES(d, 0, NULL, "That the report be noted.", 15, 11, 15, 35);
    model_doc_free(d);
}

static void test_fm_unknown_key(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("fm_unknown_key.txt", &log);
    assert_int_equal(log.by_level[SC_DIAG_WARNING], 1);
    assert_int_equal(log.by_level[SC_DIAG_ERROR], 0);
    assert_int_equal(log.level[0], SC_DIAG_WARNING);
    assert_int_equal(log.line[0], 5);
    assert_int_equal(log.col[0], 1);
    assert_non_null(strstr(log.msg[0], "unknown key 'chair'"));
    assert_string_equal(d->council, "Ashcombe Borough Council");
    assert_string_equal(d->title, "Meeting of 14 March 2024");
    assert_int_equal(d->items.n, 1);
    model_doc_free(d);
}

static void test_fm_unclosed(void **state)
{
    (void)state;
    diaglog log = {0};
    char err[512];
    load_fails("fm_unclosed.txt", &log, err, sizeof err);
    assert_string_equal(err, DATA "fm_unclosed.txt:1:1: front matter opened with '---' is never closed");
    assert_int_equal(log.by_level[SC_DIAG_ERROR], 1);
    assert_int_equal(log.line[0], 1);
}

static void test_fm_invalid(void **state)
{
    (void)state;
    diaglog log = {0};
    char err[512];
    load_fails("fm_invalid.txt", &log, err, sizeof err);
    /* libyaml's position, mapped back to the file: line 3, the second colon */
    assert_non_null(strstr(err, DATA "fm_invalid.txt:3:20: front matter: "));
    assert_non_null(strstr(err, "mapping values are not allowed"));
    assert_int_equal(log.by_level[SC_DIAG_ERROR], 1);
    assert_int_equal(log.line[0], 3);
    assert_int_equal(log.col[0], 20);
}

/* ---- the meeting without front matter: title block, then file name ------------------------- */

#define ASSERT_META(d, c, cs, m, ms, dt, ds)                                                       \
    do {                                                                                           \
        assert_string_equal((d)->council, (c));                                                    \
        assert_int_equal((d)->council_src, (cs));                                                  \
        assert_string_equal((d)->committee, (m));                                                  \
        assert_int_equal((d)->committee_src, (ms));                                                \
        assert_string_equal((d)->date, (dt));                                                      \
        assert_int_equal((d)->date_src, (ds));                                                     \
    } while (0)

/* "Minutes of the meeting of ... held on Thursday, 14 March 2024 at 10.00 am" under a council's
 * name; the council in PRESENT:, a council's name alone on a line and dates inside the minutes are
 * someone else's */
static void test_meta_minutes_of(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("meta_minutes_of.txt", &log);
    ASSERT_META(d, "Northmere County Council", META_TEXT, "Children's Services Scrutiny Committee", META_TEXT,
                "2024-03-14", META_TEXT);
    assert_int_equal(log.count, 0);
    assert_int_equal(d->items.n, 2);
    model_doc_free(d);
}

/* "... the <body> of <council> held on ...": the council after "of", as after a comma */
static void test_meta_body_of_council(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("meta_body_of_council.txt", &log);
    ASSERT_META(d, "Harrowfield Borough Council", META_TEXT, "Children's Services Scrutiny Panel", META_TEXT,
                "2025-01-15", META_TEXT);
    assert_int_equal(log.count, 0);
    model_doc_free(d);
}

/* Curly apostrophes in a council's or committee's name are made straight: one council however
 * each file spells it (facts and scorecards are matched by the name). */
static void test_meta_curly_names(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("meta_curly_names.txt", &log);
    ASSERT_META(d, "St Aldric's Borough Council", META_TEXT, "Children's Scrutiny Panel", META_TEXT, "2025-03-04",
                META_TEXT);
    model_doc_free(d);
}

/* ALL CAPS: "MINUTES OF A MEETING OF THE ... HELD AT COUNTY HALL ON 3 OCTOBER 2024" and "LONDON
 * BOROUGH OF KESTREL" read in title case, as front matter would spell them */
static void test_meta_caps(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("meta_caps.txt", &log);
    ASSERT_META(d, "London Borough of Kestrel", META_TEXT, "Corporate Parenting Panel", META_TEXT, "2024-10-03",
                META_TEXT);
    model_doc_free(d);
}

/* ModernGov's heading "Panel - Tuesday, 9th July, 2024 6.30 pm" under "City of Fenwick Council";
 * another council named in the minutes is no meeting's */
static void test_meta_heading_dash(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("meta_heading_dash.txt", &log);
    ASSERT_META(d, "City of Fenwick Council", META_TEXT, "Children and Young People Scrutiny Panel", META_TEXT,
                "2024-07-09", META_TEXT);
    assert_string_equal(d->title, "City of Fenwick Council");
    assert_int_equal(d->title_src, META_TEXT);
    model_doc_free(d);
}

/* "Meeting: 21/04/2016 - Panel (Item 28)" dates an issue page; two meetings on one page date none */
static void test_meta_issue(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("issue_meetings.txt", &log);
    ASSERT_META(d, "", META_NONE, "", META_NONE, "2016-04-21", META_TEXT);
    model_doc_free(d);
    diaglog log2 = {0};
    d = load_ok("meta_issue_two.txt", &log2);
    assert_int_equal(d->items.n, 2);
    ASSERT_META(d, "", META_NONE, "", META_NONE, "", META_NONE);
    assert_int_equal(log2.by_level[SC_DIAG_NOTE], 1);
    assert_non_null(strstr(log2.msg[0], "meeting date unclear"));
    model_doc_free(d);
}

/* Lines alone: a council, a committee, then "Minutes of the meeting held on ..." without a body;
 * "Minutes of the Panel, Thornby Borough Council" and a lone "Monday, 9 September 2024" too */
static void test_meta_alone_lines(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("meta_alone_lines.txt", &log);
    ASSERT_META(d, "Ashby Vale Borough Council", META_TEXT, "Children and Families Scrutiny Committee", META_TEXT,
                "2024-09-11", META_TEXT);
    model_doc_free(d);
    d = load_ok("res_intro_bare.txt", &log);
    ASSERT_META(d, "Thornby Borough Council", META_TEXT, "Family Support Scrutiny Panel", META_TEXT, "", META_NONE);
    model_doc_free(d);
    d = load_ok("head_mixed_lead.txt", &log);
    ASSERT_META(d, "Brackenmoor District Council", META_TEXT, "Young People's Scrutiny Panel", META_TEXT,
                "2024-09-09", META_TEXT);
    model_doc_free(d);
    d = load_ok("meeting_whole.txt", &log);
    ASSERT_META(d, "", META_NONE, "Children's Services Scrutiny Panel", META_TEXT, "2024-01-09", META_TEXT);
    model_doc_free(d);
}

/* Not names: "Children in Care Council", "County Council" alone, "Report to the ... Committee",
 * and a sentence naming a council or a date in the title block */
static void test_meta_not_names(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("meta_not_names.txt", &log);
    ASSERT_META(d, "", META_NONE, "", META_NONE, "", META_NONE);
    assert_int_equal(log.count, 0);
    model_doc_free(d);
}

/* Two councils, or two dates, in one title block: neither, with a note each */
static void test_meta_conflict(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("meta_conflict.txt", &log);
    ASSERT_META(d, "", META_NONE, "Corporate Parenting Board", META_TEXT, "", META_NONE);
    assert_int_equal(log.by_level[SC_DIAG_NOTE], 2);
    assert_int_equal(log.by_level[SC_DIAG_WARNING], 0);
    assert_non_null(strstr(log.msg[0], "meeting council unclear: 'Northmere County Council' (line 1) or "
                                       "'Kestrel Vale Borough Council'"));
    assert_int_equal(log.line[0], 2);
    assert_non_null(strstr(log.msg[1], "meeting date unclear: '2024-06-04' (line 3) or '2024-06-05'"));
    model_doc_free(d);
}

/* Front matter wins field by field; the text fills the rest (its second council stays unread
 * because front matter named one) */
static void test_meta_front_partial(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("meta_front_partial.txt", &log);
    ASSERT_META(d, "Hartwell County Council", META_FRONT, "Children's Services Scrutiny Committee", META_TEXT,
                "2024-01-17", META_TEXT);
    model_doc_free(d);
    d = load_ok("fm_valid.txt", &log);
    ASSERT_META(d, "Ashcombe Borough Council", META_FRONT, "Children and Young People Scrutiny Committee",
                META_FRONT, "2024-03-14", META_FRONT);
    assert_int_equal(d->title_src, META_FRONT);
    model_doc_free(d);
}

/* A date in the file name when the text has none: three spellings; an impossible date, two
 * dates, and eight digits inside an id are none. The text's date beats the name's, with a note. */
static void test_meta_file_name(void **state)
{
    (void)state;
    static const struct {
        const char *file, *date;
    } want[] = {
        { "meta_name_2024-03-14.txt", "2024-03-14" },
        { "meta_name_14-03-2024.txt", "2024-03-14" },
        { "meta_name_20240314.txt", "2024-03-14" },
        { "meta_name_2024-02-30.txt", "" },
        { "meta_name_2024-03-14_2024-04-11.txt", "" },
        { "meta_name_e20240314f.txt", "" },
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        diaglog log = {0};
        model_doc *d = load_ok(want[k].file, &log);
        assert_string_equal(d->date, want[k].date);
        assert_int_equal(d->date_src, *want[k].date ? META_NAME : META_NONE);
        assert_string_equal(d->council, "");
        /* "launched on 2 February 2024" in the minutes dates no meeting */
        assert_int_equal(log.count, 0);
        model_doc_free(d);
    }
    diaglog log = {0};
    model_doc *d = load_ok("meta_text_2024-01-01.txt", &log);
    ASSERT_META(d, "", META_NONE, "Corporate Parenting Panel", META_TEXT, "2024-05-09", META_TEXT);
    assert_int_equal(log.by_level[SC_DIAG_NOTE], 1);
    assert_non_null(strstr(log.msg[0], "the file name says 2024-01-01 but the minutes say 2024-05-09"));
    model_doc_free(d);
}

/* ---- input bytes --------------------------------------------------------------------------- */

/* input_*.txt hold the same minutes with different bytes: all read the same. */
static void assert_plain_body(const model_doc *d)
{
    assert_int_equal(d->items.n, 1);
    assert_string_equal(d->items.v[0].title, "Fostering Recruitment");
    ASSERT_POS(d->items.v[0].head, 3, 1, 3, 21);
    assert_int_equal(d->ress.n, 1);
    ASSERT_RES(d, 0, NULL, "That the report be noted.", 9, 11, 9, 35);
    assert_int_equal(d->lines.n, 10);
    assert_null(memchr(d->text, '\r', d->len));
}

static void test_input_bom(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("input_bom.txt", &log);
    assert_plain_body(d);
    ASSERT_POS(d->items.v[0].span, 1, 1, 9, 35); /* the BOM takes no column */
    assert_int_equal(log.by_level[SC_DIAG_NOTE], 1);
    assert_non_null(strstr(log.msg[0], "byte order mark"));
    assert_memory_equal(d->text, "Agenda item", 11);
    model_doc_free(d);
}

static void test_input_crlf(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("input_crlf.txt", &log);
    assert_plain_body(d);
    assert_int_equal(log.by_level[SC_DIAG_NOTE], 1);
    assert_non_null(strstr(log.msg[0], "CRLF"));
    model_doc_free(d);
}

static void test_input_cr(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("input_cr.txt", &log);
    assert_plain_body(d);
    model_doc_free(d);
}

static void test_input_bad_utf8(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("input_bad_utf8.txt", &log);
    assert_plain_body(d);
    assert_int_equal(log.by_level[SC_DIAG_WARNING], 1);
    assert_int_equal(log.line[0], 7);
    assert_int_equal(log.col[0], 52);
    assert_non_null(strstr(log.msg[0], "2 bytes replaced by U+FFFD"));
    /* each bad byte is one U+FFFD, so later columns are unchanged */
    const model_para *p = &d->paras.v[0];
    ASSERT_SPAN(d, p->span, "The Committee considered the fostering recruitment \xEF\xBF\xBD\xEF\xBF\xBD campaign.");
    ASSERT_POS(p->span, 7, 1, 7, 63);
    model_doc_free(d);
}

static void test_input_empty(void **state)
{
    (void)state;
    diaglog log = {0};
    char err[512];
    load_fails("input_empty.txt", &log, err, sizeof err);
    assert_string_equal(err, DATA "input_empty.txt:1:1: empty file: no text to read");
    assert_int_equal(log.by_level[SC_DIAG_ERROR], 1);
}

static void test_input_nul(void **state)
{
    (void)state;
    diaglog log = {0};
    char err[512];
    load_fails("input_nul.txt", &log, err, sizeof err);
    assert_string_equal(err, DATA "input_nul.txt:3:10: binary file: NUL byte");
    assert_int_equal(log.line[0], 3);
    assert_int_equal(log.col[0], 10);
}

/* No heading, label or marker: the whole text is one item, with a note, never a refusal. */
static void test_input_no_item(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("input_no_item.txt", &log);
    assert_int_equal(d->items.n, 1);
    assert_int_equal(log.by_level[SC_DIAG_ERROR], 0);
    assert_int_equal(log.by_level[SC_DIAG_NOTE], 1);
    assert_non_null(strstr(log.msg[0], "the whole text is read as one item"));
    model_doc_free(d);
}

/* A page that opens straight in the minute text: one item whose paragraphs are its minutes. */
static void test_whole_text(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("whole_text.txt", &log);
    assert_int_equal(d->items.n, 1);
    assert_int_equal(log.by_level[SC_DIAG_NOTE], 1);
    assert_int_equal(log.line[0], 1);
    const model_item *m = &d->items.v[0];
    assert_int_equal(m->para_count, 3);
    assert_int_equal(m->sec_count, 1);
    assert_int_equal(d->secs.v[m->sec_first].kind, SEC_MINUTES);
    assert_null(m->purpose); /* the text is the minutes, not the item's purpose */
    model_doc_free(d);
}

/* Only a meeting-level "PRESENT:" label: its list stays, the sentences after it are minutes. */
static void test_whole_present(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("whole_present.txt", &log);
    assert_int_equal(d->items.n, 1);
    assert_int_equal(log.by_level[SC_DIAG_NOTE], 1);
    const model_item *m = &d->items.v[0];
    assert_int_equal(m->para_count, 3);
    assert_int_equal(m->sec_count, 2);
    ASSERT_SEC(d, m->sec_first, SEC_PRESENT, "PRESENT");
    assert_int_equal(d->paras.v[m->para_first].section, m->sec_first);
    assert_int_equal(d->paras.v[m->para_first + 1].section, m->sec_first + 1);
    assert_int_equal(d->secs.v[m->sec_first + 1].kind, SEC_MINUTES);
    model_doc_free(d);
}

/* ---- objects inside sentences -------------------------------------------------------------- */

static void test_figures(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("figures.txt", &log);
    assert_int_equal(d->figs.n, 5);
    ASSERT_FIG(d, 0, FIG_PERCENT, 28.5, "%", "28.5%", 7, 6);
    ASSERT_FIG(d, 1, FIG_PERCENT, 40, "%", "40 per cent", 7, 55);
    ASSERT_FIG(d, 2, FIG_COUNT, 6000, "vacancies", "6,000", 8, 23);
    ASSERT_FIG(d, 3, FIG_WORDS, 6, "weeks", "six", 9, 35);
    ASSERT_FIG(d, 4, FIG_MONEY, 1.2e6, "\xC2\xA3", "\xC2\xA3" "1.2m", 10, 23);
    ASSERT_POS(d->figs.v[4].span, 10, 23, 10, 27);
    /* figures know their sentence */
    ASSERT_SPAN(d, d->sents.v[d->figs.v[2].sentence].span, "Nationally there were 6,000 vacancies in children's social care.");
    /* years and dates are dates, "recommendation no. 7" and "minute 45" references; "within
     * six weeks" is a time from now (an ISO 8601 duration) and its figure both */
    assert_int_equal(d->dates.n, 4);
    ASSERT_DATE(d, 0, DATE_RELATIVE, "P6W", "within six weeks", 9, 28);
    ASSERT_DATE(d, 1, DATE_YEAR, "2023", "2023", 10, 48);
    ASSERT_DATE(d, 2, DATE_YEAR, "2023", "2023", 11, 4);
    ASSERT_DATE(d, 3, DATE_DAY, "2017-06-21", "21 June 2017", 11, 36);
    assert_int_equal(d->refs.n, 2);
    assert_string_equal(d->refs.v[0].kind, "recommendation");
    assert_string_equal(d->refs.v[0].number, "7");
    ASSERT_SPAN(d, d->refs.v[0].span, "recommendation no. 7");
    assert_int_equal(d->refs.v[0].span.line, 11);
    assert_string_equal(d->refs.v[1].kind, "minute");
    assert_string_equal(d->refs.v[1].number, "45");
    model_doc_free(d);
}

static void test_dates(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("dates.txt", &log);
    assert_int_equal(d->dates.n, 10);
    ASSERT_DATE(d, 0, DATE_DAY, "2017-06-21", "21 June 2017", 7, 26);
    ASSERT_DATE(d, 1, DATE_MONTH, "2018-09", "September 2018", 7, 56);
    ASSERT_DATE(d, 2, DATE_FIN_YEAR, "2019/20", "2019/20", 8, 16);
    ASSERT_DATE(d, 3, DATE_FIN_YEAR, "2019/20", "2019 / 2020", 8, 41);
    ASSERT_DATE(d, 4, DATE_RELATIVE, "--03", "end of March", 9, 33);
    ASSERT_DATE(d, 5, DATE_QUARTER, "Q3", "quarter 3", 9, 62);
    ASSERT_DATE(d, 6, DATE_QUARTER, "Q2", "Q2", 10, 21);
    ASSERT_DATE(d, 7, DATE_DAY, "2016-04-21", "21/04/2016", 11, 24);
    ASSERT_POS(d->dates.v[7].span, 11, 24, 11, 33);
    ASSERT_DATE(d, 8, DATE_FIN_YEAR, "2022/23", "2022\xE2\x80\x93" "23", 12, 13);
    /* "Sept." takes a dot and is no sentence end before a year */
    ASSERT_DATE(d, 9, DATE_MONTH, "2025-09", "Sept. 2025", 13, 20);
    for (int i = 0; i < d->sents.n; i++)
        if (d->sents.v[i].span.off <= d->dates.v[9].span.off && d->dates.v[9].span.off < d->sents.v[i].span.end)
            ASSERT_SPAN(d, d->sents.v[i].span, "The review ends in Sept. 2025.");
    /* no part of a date is a figure */
    assert_int_equal(d->figs.n, 0);
    model_doc_free(d);
}

/* A minus joined to a figure is its sign, "percentage points" a change rather than a
 * percentage, and the year in "Sept '24" no count. */
static void test_figures_signs(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("figures_signs.txt", &log);
    assert_int_equal(d->figs.n, 3);
    ASSERT_FIG(d, 0, FIG_PERCENT, 18, "%", "18%", 7, 62);
    ASSERT_FIG(d, 1, FIG_PERCENT, -3.2, "%", "-3.2%", 7, 67);
    ASSERT_FIG(d, 2, FIG_COUNT, 12, "percentage points", "12", 7, 161);
    model_doc_free(d);
}

/* Rates, compound number words, clock times and paragraph numbers, dotted dates, seasons */
static void test_figures_rates(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("figures_rates.txt", &log);
    /* "6.30 pm", "7pm" and "4.2.1" are no figures; the base of a rate is no figure of its own */
    assert_int_equal(d->figs.n, 6);
    ASSERT_FIG(d, 0, FIG_COUNT, 82, "per 10,000", "82 per 10,000", 9, 34);
    ASSERT_FIG(d, 1, FIG_COUNT, 3, "in 10", "3 in 10", 9, 53);
    ASSERT_FIG(d, 2, FIG_WORDS, 125, "reviews", "one hundred and twenty-five", 9, 99);
    ASSERT_FIG(d, 3, FIG_WORDS, 24, "outstanding", "twenty-four", 9, 156);
    ASSERT_FIG(d, 4, FIG_WORDS, 1, "in five", "One in five", 15, 1);
    ASSERT_FIG(d, 5, FIG_WORDS, 9, "out of ten", "nine out of ten", 15, 29);
    /* "for the spring term" is no deadline, "by the summer term" is */
    assert_int_equal(d->dates.n, 3);
    ASSERT_DATE(d, 0, DATE_DAY, "2024-09-30", "30.09.2024", 11, 68);
    ASSERT_DATE(d, 1, DATE_MONTH, "2025-11", "autumn 2025", 11, 108);
    ASSERT_DATE(d, 2, DATE_RELATIVE, "--07", "summer term", 13, 77);
    model_doc_free(d);
}

static void test_speakers(void **state)
{
    (void)state;
    diaglog log = {0};
    model_doc *d = load_ok("speakers.txt", &log);
    assert_int_equal(d->spks.n, 8);
    ASSERT_SPK(d, 0, SPK_COUNCILLOR, "Councillor Pennock", "Councillor Pennock", 7, 1);
    ASSERT_SPK(d, 1, SPK_COUNCILLOR, "Cllr Helen Marwood", "Cllr Helen Marwood", 8, 1);
    /* a plural names each councillor as when alone; the span is the surname */
    ASSERT_SPK(d, 2, SPK_COUNCILLOR, "Councillor Hale", "Hale", 9, 13);
    ASSERT_SPK(d, 3, SPK_COUNCILLOR, "Councillor Okafor", "Okafor", 9, 19);
    ASSERT_SPK(d, 4, SPK_COUNCILLOR, "Councillor Lindqvist", "Lindqvist", 9, 30);
    ASSERT_SPK(d, 5, SPK_OFFICER, "The Director of Children's Services", "The Director of Children's Services", 10, 1);
    ASSERT_POS(d->spks.v[5].span, 10, 1, 10, 35);
    /* an initial keeps its dot, a particle belongs to the surname */
    ASSERT_SPK(d, 6, SPK_COUNCILLOR, "Councillor Mrs R. Castellano", "Councillor Mrs R. Castellano", 11, 1);
    ASSERT_SPK(d, 7, SPK_COUNCILLOR, "Councillor van der Berg", "Councillor van der Berg", 11, 34);
    for (int i = 0; i < d->spks.n; i++) assert_int_equal(d->spks.v[i].item, 0);
    model_doc_free(d);
}

/* ---- the demo ------------------------------------------------------------- */

static void test_examples(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int items, res;
    } want[] = {
        { "examples/minutes/ashcombe_2024-03-14.txt", 3, 7 },
        { "examples/minutes/fenwick_2024-11-07.txt", 2, 3 },
        { "examples/minutes/kestrel_vale_2024-06-12.txt", 5, 6 },
        { "examples/minutes/northmere_2024-09-19.txt", 1, 3 },
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        diaglog log = {0};
        model_doc *d = NULL;
        char err[512];
        if (load_path(want[k].file, &log, &d, err, sizeof err) != SC_OK) fail_msg("%s", err);
        assert_int_equal(log.by_level[SC_DIAG_WARNING] + log.by_level[SC_DIAG_ERROR], 0);
        assert_string_not_equal(d->council, "");
        assert_string_not_equal(d->committee, "");
        assert_int_equal((int)strlen(d->date), 10);
        assert_int_equal(d->items.n, want[k].items);
        assert_int_equal(d->ress.n, want[k].res);
        for (int i = 0; i < d->items.n; i++) {
            assert_string_not_equal(d->items.v[i].title, "");
            assert_true(d->items.v[i].sec_count >= 1);
        }
        model_doc_free(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_head_pdf),
        cmocka_unit_test(test_head_agenda_twice),
        cmocka_unit_test(test_head_table),
        cmocka_unit_test(test_docs_then_minutes),
        cmocka_unit_test(test_res_then_discussion),
        cmocka_unit_test(test_page_title_items),
        cmocka_unit_test(test_head_flat_minutes),
        cmocka_unit_test(test_head_agenda_ref),
        cmocka_unit_test(test_head_minute_paras),
        cmocka_unit_test(test_head_table_numbered),
        cmocka_unit_test(test_head_pdf_icon),
        cmocka_unit_test(test_head_coded_alone),
        cmocka_unit_test(test_head_one_line),
        cmocka_unit_test(test_head_trailing_dash),
        cmocka_unit_test(test_head_table_inline),
        cmocka_unit_test(test_meta_previous_minutes),
        cmocka_unit_test(test_head_agenda),
        cmocka_unit_test(test_head_item_colon),
        cmocka_unit_test(test_head_slash_number),
        cmocka_unit_test(test_head_mixed_lead),
        cmocka_unit_test(test_head_pages_recs),
        cmocka_unit_test(test_head_caps_unnumbered),
        cmocka_unit_test(test_head_tight),
        cmocka_unit_test(test_head_styles),
        cmocka_unit_test(test_head_after_resolution),
        cmocka_unit_test(test_minutes_alone),
        cmocka_unit_test(test_minutes_inline),
        cmocka_unit_test(test_minutes_missing),
        cmocka_unit_test(test_sub_headings),
        cmocka_unit_test(test_minutes_sub_labels),
        cmocka_unit_test(test_res_colon_alone),
        cmocka_unit_test(test_res_that_numbered),
        cmocka_unit_test(test_res_that_roman),
        cmocka_unit_test(test_res_alone_that),
        cmocka_unit_test(test_res_that_line),
        cmocka_unit_test(test_res_dash),
        cmocka_unit_test(test_res_comma_dash),
        cmocka_unit_test(test_res_inline_letters),
        cmocka_unit_test(test_res_nospace),
        cmocka_unit_test(test_res_agreed),
        cmocka_unit_test(test_res_agreed_inline),
        cmocka_unit_test(test_res_it_was_agreed),
        cmocka_unit_test(test_res_mid_marker),
        cmocka_unit_test(test_res_intro_bare),
        cmocka_unit_test(test_res_noted),
        cmocka_unit_test(test_res_sentence_active),
        cmocka_unit_test(test_res_sentence_passive),
        cmocka_unit_test(test_res_sentence_later),
        cmocka_unit_test(test_res_sentence_that_body),
        cmocka_unit_test(test_res_vote_words),
        cmocka_unit_test(test_res_body_colon),
        cmocka_unit_test(test_res_nested),
        cmocka_unit_test(test_res_numbered_para),
        cmocka_unit_test(test_res_wrapped_entries),
        cmocka_unit_test(test_action_outside),
        cmocka_unit_test(test_res_page_break),
        cmocka_unit_test(test_wrap_mid_sentence),
        cmocka_unit_test(test_res_mid_more),
        cmocka_unit_test(test_res_body_agreed_colon),
        cmocka_unit_test(test_res_upper_letters),
        cmocka_unit_test(test_res_lettered),
        cmocka_unit_test(test_res_roman),
        cmocka_unit_test(test_res_bullets),
        cmocka_unit_test(test_res_roman_dot),
        cmocka_unit_test(test_res_bare),
        cmocka_unit_test(test_para_numbers),
        cmocka_unit_test(test_meeting_whole),
        cmocka_unit_test(test_issue_meetings),
        cmocka_unit_test(test_action_owner),
        cmocka_unit_test(test_table_residue),
        cmocka_unit_test(test_debris),
        cmocka_unit_test(test_debris_footers),
        cmocka_unit_test(test_fm_valid),
        cmocka_unit_test(test_fm_unknown_key),
        cmocka_unit_test(test_fm_unclosed),
        cmocka_unit_test(test_fm_invalid),
        cmocka_unit_test(test_input_bom),
        cmocka_unit_test(test_input_crlf),
        cmocka_unit_test(test_input_cr),
        cmocka_unit_test(test_input_bad_utf8),
        cmocka_unit_test(test_input_empty),
        cmocka_unit_test(test_input_nul),
        cmocka_unit_test(test_input_no_item),
        cmocka_unit_test(test_whole_text),
        cmocka_unit_test(test_whole_present),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_figures_rates),
        cmocka_unit_test(test_figures_signs),
        cmocka_unit_test(test_speakers),
        cmocka_unit_test(test_meta_minutes_of),
        cmocka_unit_test(test_meta_body_of_council),
        cmocka_unit_test(test_meta_curly_names),
        cmocka_unit_test(test_meta_caps),
        cmocka_unit_test(test_meta_heading_dash),
        cmocka_unit_test(test_meta_issue),
        cmocka_unit_test(test_meta_alone_lines),
        cmocka_unit_test(test_meta_not_names),
        cmocka_unit_test(test_meta_conflict),
        cmocka_unit_test(test_meta_front_partial),
        cmocka_unit_test(test_meta_file_name),
        cmocka_unit_test(test_examples),
    };
    return cmocka_run_group_tests_name("minutes", tests, NULL, NULL);
}
