/*
 * extract.c — the small objects inside paragraphs: sentences, figures, dates, speakers and
 * references, then line/column for every span of the document.
 *
 * Each sentence is cut into tokens (words, numbers, single punctuation characters) once, and
 * each kind of object is a pattern over tokens. Tokens claimed by a date or a reference are not
 * read again as figures, so "21 June 2017" is a date and "recommendation no. 7" a reference,
 * while "28.5%" and "six weeks" are figures.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include "../core/text.h"
#include "../core/wordset.h"
#include "load.h"

typedef struct {
    uint32_t a, b;
    char type;  /* 'w' word, 'n' number, 'p' punctuation */
    char taken; /* claimed by a date or reference */
    char hyphen; /* a word with a hyphen inside: "twenty-five" */
    unsigned char first; /* the first byte in lower case: most word tests stop on it */
    const wordset_entry *w; /* a word's lists (see `words` below), NULL when in none */
} tok;

typedef struct {
    model_doc *d;
    const wordset *words; /* word_lists() */
    tok *v;
    int n, cap;
    int item, sent;
    /* what the sentence's tokens hold (tokenize): a scan with nothing to start on is skipped */
    uint32_t sets; /* the lists of its words, ORed */
    int numbers, hyphens, c_words; /* number tokens, words with a hyphen, words starting with 'c' */
} xstate;

/* The word lists, one bit each: a word token is looked up once (tokenize) and tested against
 * any list with tok_in. The lists themselves stay beside the code that reads them. */
enum {
    W_UNIT_STOP = 1 << 0,       /* unit_stop: no unit after a number */
    W_REF_WORD = 1 << 1,        /* ref_words: a number after it names something */
    W_SPAN_OF_TIME = 1 << 2,    /* spans_of_time */
    W_NUMBER_WORD = 1 << 3,     /* number_words, with the number as value */
    W_SMALL_NUMBER = 1 << 4,    /* small_units and small_tens, with the number as value */
    W_REF_HEAD = 1 << 5,        /* ref_heads, with the reference's kind */
    W_PARTICLE = 1 << 6,        /* particles of a surname */
    W_ROLE = 1 << 7,            /* role_words */
    W_COUNCILLOR_ROLE = 1 << 8, /* councillor_roles */
    W_NOT_SUBJECT = 1 << 9,     /* not_subject */
    W_SPEECH_VERB = 1 << 10,    /* speech_verbs */
    W_ABBREV = 1 << 11,         /* abbrevs: a full stop after them ends no sentence */
    W_MONTH = 1 << 12,          /* month_words, with the month's number as value */
    W_DATE_START = 1 << 13,     /* seasons, ordinals and date_starts: a date may start here */
};

/* Is token i the word w (any case)? w is a literal, so its length is known when compiling and
 * the length and first byte settle almost every test. */
static inline __attribute__((always_inline)) int tok_is(const xstate *x, int i, const char *w)
{
    if (i < 0 || i >= x->n) return 0;
    unsigned char c = (unsigned char)w[0];
    size_t n = strlen(w);
    if (x->v[i].first != (c >= 'A' && c <= 'Z' ? c + 32 : c) || x->v[i].b - x->v[i].a != n) return 0;
    return n == 1 || text_ieq(x->d->text + x->v[i].a + 1, n - 1, w + 1);
}

/* Is token i a word of the lists in `sets` (W_UNIT_STOP ...)? */
static inline int tok_in(const xstate *x, int i, uint32_t sets)
{
    return i >= 0 && i < x->n && x->v[i].w && (x->v[i].w->sets & sets);
}

static const wordset *word_lists(void);

static int tok_cap(const xstate *x, int i)
{
    return i >= 0 && i < x->n && x->v[i].type == 'w' && isupper((unsigned char)x->d->text[x->v[i].a]);
}

/* An ASCII letter: isalpha() of the C locale, under whatever locale a host sets, and no call */
static inline int is_letter(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }
static inline int is_digit(unsigned char c) { return (unsigned char)(c - '0') < 10; }

static int tokenize(xstate *x, uint32_t a, uint32_t b)
{
    const char *t = x->d->text;
    /* kept in locals while the loop runs: the token stores would make the compiler reload them */
    int n = 0, numbers = 0, hyphens = 0, c_words = 0;
    uint32_t sets = 0;
    uint32_t i = a;
    while (i < b) {
        /* spaces, tabs, line ends and NBSP between tokens */
        if (t[i] == ' ' || t[i] == '\t' || t[i] == '\n') { i++; continue; }
        if ((unsigned char)t[i] == 0xC2 && i + 1 < b && (unsigned char)t[i + 1] == 0xA0) { i += 2; continue; }
        if (n == x->cap) {
            int nc = x->cap ? x->cap * 2 : 64;
            tok *v = realloc(x->v, (size_t)nc * sizeof *v);
            if (!v) return -1;
            x->v = v;
            x->cap = nc;
        }
        tok *k = &x->v[n++];
        k->a = i;
        k->taken = k->hyphen = 0;
        k->w = NULL;
        unsigned char c = (unsigned char)t[i];
        k->first = c >= 'A' && c <= 'Z' ? c + 32 : c;
        if (is_digit(c)) {
            k->type = 'n';
            numbers = 1;
            while (i < b && is_digit((unsigned char)t[i])) i++;
            /* thousands groups and decimals: 6,000  28.5  1,234.5 */
            while (i + 1 < b && (t[i] == ',' || t[i] == '.') && is_digit((unsigned char)t[i + 1])) {
                uint32_t j = i + 1;
                while (j < b && is_digit((unsigned char)t[j])) j++;
                if (t[i] == ',' && j - i - 1 != 3) break;
                i = j;
            }
        } else if (is_letter(c)) {
            /* letters, with an apostrophe or hyphen between two of them ("council's",
             * "re-referral"); its key for the word lists written on the way */
            k->type = 'w';
            wordset_key key;
            i += (uint32_t)wordset_key_letters(&key, t + i, b - i < WORDSET_MAX ? b - i : WORDSET_MAX, x->d->len - i);
            while (i < b) { /* past a joiner, or WORDSET_MAX letters */
                unsigned char ch = (unsigned char)t[i];
                if (is_letter(ch)) { wordset_key_put(&key, i - k->a, ch); i++; continue; }
                int jn = (ch == '\'' || ch == '-') && i + 1 < b && is_letter((unsigned char)t[i + 1]) ? 1
                        : ch == 0xE2 && i + 3 < b && (unsigned char)t[i + 1] == 0x80 && (unsigned char)t[i + 2] == 0x99 &&
                                  is_letter((unsigned char)t[i + 3]) ? 3 : 0;
                if (!jn) break;
                k->hyphen |= ch == '-';
                for (int q = 0; q < jn; q++, i++) wordset_key_put(&key, i - k->a, (unsigned char)t[i]);
            }
            k->w = wordset_find_key(x->words, &key, i - k->a);
            if (k->w) sets |= k->w->sets;
            hyphens |= k->hyphen;
            c_words |= k->first == 'c';
        } else {
            k->type = 'p';
            uint32_t cp;
            int len = utf8_decode((const unsigned char *)t + i, b - i, &cp);
            i += len > 0 ? (uint32_t)len : 1;
        }
        k->b = i;
    }
    x->n = n;
    x->sets = sets;
    x->numbers = numbers;
    x->hyphens = hyphens;
    x->c_words = c_words;
    return 0;
}

/* ---- vocabulary ------------------------------------------------------------------------- */

/* Every spelling text_month() reads: the name, its first three letters, "sept". */
static const char *const month_words[] = {
    "january", "jan", "february", "feb", "march", "mar", "april", "apr", "may", "june", "jun",
    "july", "jul", "august", "aug", "september", "sep", "sept", "october", "oct", "november", "nov",
    "december", "dec",
};

/* Month number 1..12 of a capitalised month name or abbreviation ("Sept", "Dec"), else 0. */
static int month_of(const xstate *x, int i)
{
    return tok_cap(x, i) && tok_in(x, i, W_MONTH) ? x->v[i].w->value : 0;
}

/* strtol(p, end, 10), reading plain digits itself: glibc's strtol costs hundreds of
 * instructions a number. Anything else (a sign, spaces, 19 digits or more) goes to strtol. */
static long dec_val(const char *p, char **end)
{
    long v = 0;
    size_t k = 0;
    while (k < 18 && p[k] >= '0' && p[k] <= '9') v = v * 10 + (p[k++] - '0');
    if (k == 0 || (p[k] >= '0' && p[k] <= '9')) return strtol(p, end, 10);
    if (end) *end = (char *)(uintptr_t)(p + k);
    return v;
}

/* strtod(s, NULL) of digits with at most one '.': a number of up to 15 digits is exact as a
 * double, and so is 10^k for k <= 22, so their quotient rounds as strtod rounds. */
static double dec_dval(const char *s)
{
    static const double tens[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15 };
    uint64_t m = 0;
    int digits = 0, frac = -1;
    for (const char *p = s; *p; p++) {
        if (*p == '.' && frac < 0) { frac = 0; continue; }
        if (*p < '0' || *p > '9' || ++digits > 15) return strtod(s, NULL);
        m = m * 10 + (uint64_t)(*p - '0');
        if (frac >= 0) frac++;
    }
    if (!digits) return strtod(s, NULL);
    return frac > 0 ? (double)m / tens[frac] : (double)m;
}

static long num_val(const xstate *x, int i)
{
    if (i < 0 || i >= x->n || x->v[i].type != 'n') return -1;
    char buf[32];
    size_t k = 0;
    for (uint32_t p = x->v[i].a; p < x->v[i].b && k < sizeof buf - 1; p++)
        if (x->d->text[p] != ',') buf[k++] = x->d->text[p];
    buf[k] = '\0';
    return dec_val(buf, NULL);
}

static double num_dval(const xstate *x, int i)
{
    char buf[48];
    size_t k = 0;
    for (uint32_t p = x->v[i].a; p < x->v[i].b && k < sizeof buf - 1; p++)
        if (x->d->text[p] != ',') buf[k++] = x->d->text[p];
    buf[k] = '\0';
    return dec_dval(buf);
}

/* Digits of number token i (0 when i is past the sentence: patterns look ahead freely). */
static int ndigits(const xstate *x, int i)
{
    if (i < 0 || i >= x->n || x->v[i].type != 'n') return 0;
    return (int)(x->v[i].b - x->v[i].a);
}

static const struct { const char *w; int v; } number_words[] = {
    { "two", 2 }, { "three", 3 }, { "four", 4 }, { "five", 5 }, { "six", 6 }, { "seven", 7 },
    { "eight", 8 }, { "nine", 9 }, { "ten", 10 }, { "eleven", 11 }, { "twelve", 12 },
    { "thirteen", 13 }, { "fourteen", 14 }, { "fifteen", 15 }, { "sixteen", 16 },
    { "seventeen", 17 }, { "eighteen", 18 }, { "nineteen", 19 }, { "twenty", 20 }, { "thirty", 30 },
    { "forty", 40 }, { "fifty", 50 }, { "sixty", 60 }, { "seventy", 70 }, { "eighty", 80 },
    { "ninety", 90 }, { "hundred", 100 }, { "dozen", 12 },
};

static const char *const unit_stop[] = { "of", "or", "and", "to", "in", "the", "a", "an", "on", "at",
                                         "by", "for", "with", "from", "is", "was", "were", "are", "be",
                                         "had", "have", "has", "that", "which", "who", "it", "times",
                                         "did", "during", "would", "will", "could", "not", "than", "as",
                                         "per", "within", "over", "since", "across", "between", "against",
                                         "after", "before", "compared" };


/* ---- objects ---------------------------------------------------------------------------- */

static int add_date(xstate *x, int i0, int i1, date_kind kind, const char *iso)
{
    model_doc *d = x->d;
    int k = MODEL_PUSH(d->dates);
    if (k < 0) return -1;
    model_date *m = &d->dates.v[k];
    m->span.off = x->v[i0].a;
    m->span.end = x->v[i1].b;
    m->kind = kind;
    m->item = x->item;
    if (!(m->iso = model_strdup(d, iso, strlen(iso)))) return -1;
    for (int i = i0; i <= i1; i++) x->v[i].taken = 1;
    return 0;
}

/* Writes a date's ISO text as snprintf(out, 32, ...) would, without its cost: in `fmt` a digit
 * 1..4 is the next number zero-padded to that width ("%0Nld"), 'u' the next number as a
 * character, any other byte itself: "4-2-2" of 2017, 6, 21 is "2017-06-21". */
static void iso_put(char *out, const char *fmt, long a, long b, long c)
{
    long args[3] = { a, b, c };
    char *o = out, *end = out + 31; /* snprintf's cut, never reached by a date */
    int k = 0;
    for (; *fmt; fmt++) {
        if (*fmt == 'u') { if (o < end) *o++ = (char)args[k]; k++; continue; }
        if (*fmt < '1' || *fmt > '4') { if (o < end) *o++ = *fmt; continue; }
        long v = args[k++];
        int width = *fmt - '0';
        unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
        char digits[24];
        int nd = 0;
        do { digits[nd++] = (char)('0' + u % 10); u /= 10; } while (u);
        if (v < 0) { if (o < end) *o++ = '-'; width--; }
        for (int pad = width - nd; pad > 0; pad--) if (o < end) *o++ = '0';
        while (nd) { nd--; if (o < end) *o++ = digits[nd]; }
    }
    *o = '\0';
}

static inline long small_number(const xstate *x, int i);

/* the words other than months, seasons and ordinals that a date may start with (scan_dates) */
static const char *const date_starts[] = { "quarter", "q", "end", "next", "future", "following", "in", "within" };
static const char *const seasons[] = { "spring", "summer", "autumn", "winter" };
static const char *const ordinals[] = { "first", "second", "third", "fourth" };

static int scan_dates(xstate *x)
{
    char iso[32];
    for (int i = 0; i < x->n; i++) {
        if (x->v[i].taken) continue;
        /* every date starts with a number or one of the words above: the rest pass at once */
        if (x->v[i].type != 'n' && !tok_in(x, i, W_MONTH | W_DATE_START)) continue;
        int m;
        long v = num_val(x, i);
        /* 21 June 2017, 21st June 2017 */
        if (v >= 1 && v <= 31 && ndigits(x, i) <= 2) {
            int j = i + 1;
            if (tok_is(x, j, "st") || tok_is(x, j, "nd") || tok_is(x, j, "rd") || tok_is(x, j, "th")) j++;
            if ((m = month_of(x, j))) {
                long y = num_val(x, j + 1);
                if (y >= 1900 && y <= 2099 && ndigits(x, j + 1) == 4) {
                    iso_put(iso, "4-2-2", y, m, v);
                    if (add_date(x, i, j + 1, DATE_DAY, iso)) return -1;
                } else {
                    iso_put(iso, "--2-2", m, v, 0);
                    if (add_date(x, i, j, DATE_DAY, iso)) return -1;
                }
                continue;
            }
            /* 21/04/2016 */
            if (tok_is(x, i + 1, "/") && num_val(x, i + 2) >= 1 && num_val(x, i + 2) <= 12 &&
                tok_is(x, i + 3, "/") && num_val(x, i + 4) >= 0 &&
                x->v[i + 1].a == x->v[i].b && x->v[i + 4].a == x->v[i + 3].b) {
                long y = num_val(x, i + 4);
                if (ndigits(x, i + 4) == 2) y += 2000;
                iso_put(iso, "4-2-2", y, num_val(x, i + 2), v);
                if (add_date(x, i, i + 4, DATE_DAY, iso)) return -1;
                continue;
            }
        }
        /* 31.03.2025, 3.4.25: one number token with two dots */
        if (x->v[i].type == 'n') {
            const char *p = x->d->text + x->v[i].a, *e = x->d->text + x->v[i].b;
            char *q1, *q2, *q3;
            long dd = dec_val(p, &q1), mm = *q1 == '.' ? dec_val(q1 + 1, &q2) : 0;
            if (mm && *q2 == '.' && q1 - p <= 2 && q2 - q1 - 1 <= 2 && dd >= 1 && dd <= 31 && mm <= 12) {
                long y = dec_val(q2 + 1, &q3);
                if (q3 == e && (q3 - q2 - 1 == 4 || q3 - q2 - 1 == 2)) {
                    if (q3 - q2 - 1 == 2) y += 2000;
                    iso_put(iso, "4-2-2", y, mm, dd);
                    if (add_date(x, i, i, DATE_DAY, iso)) return -1;
                    continue;
                }
            }
        }
        /* autumn 2024 (the month the season ends: winter runs into the next year), by the spring */
        {
            static const int ends[] = { 5, 8, 11, 2 };
            int q = 0;
            while (q < 4 && !tok_is(x, i, seasons[q])) q++;
            if (q < 4) {
                long y = num_val(x, i + 1);
                if (y >= 1900 && y <= 2099 && ndigits(x, i + 1) == 4) {
                    iso_put(iso, "4-2", y + (q == 3), ends[q], 0);
                    if (add_date(x, i, i + 1, DATE_MONTH, iso)) return -1;
                    continue;
                }
                /* as for months, only after a word of time: "by the autumn", "in spring", not
                 * "data for the autumn term"; a school term ends earlier than its season */
                int p = i - 1;
                if (tok_is(x, p, "the") || tok_is(x, p, "this") || tok_is(x, p, "next")) p--;
                if (tok_is(x, p, "in") || tok_is(x, p, "by") || tok_is(x, p, "until") || tok_is(x, p, "during") ||
                    tok_is(x, p, "before") || tok_is(x, p, "after") || tok_is(x, p, "from")) {
                    static const int term_ends[] = { 4, 7, 12, 0 };
                    int term = tok_is(x, i + 1, "term") && term_ends[q];
                    iso_put(iso, "--2", term ? term_ends[q] : ends[q], 0, 0);
                    if (add_date(x, i, term ? i + 1 : i, DATE_RELATIVE, iso)) return -1;
                    continue;
                }
            }
        }
        /* 2019/20, 2019 / 2020, 2017 /18, 2019-20, 2019–20 (en dash) */
        if (v >= 1900 && v <= 2099 && ndigits(x, i) == 4 &&
            (tok_is(x, i + 1, "/") || tok_is(x, i + 1, "-") || tok_is(x, i + 1, "\xE2\x80\x93"))) {
            long y2 = num_val(x, i + 2);
            if ((ndigits(x, i + 2) == 2 && y2 == (v + 1) % 100) || (ndigits(x, i + 2) == 4 && y2 == v + 1)) {
                iso_put(iso, "4/2", v, (v + 1) % 100, 0);
                if (add_date(x, i, i + 2, DATE_FIN_YEAR, iso)) return -1;
                continue;
            }
        }
        /* September 2018, Sept. 2025 */
        if ((m = month_of(x, i))) {
            int yi = tok_is(x, i + 1, ".") && x->v[i + 1].a == x->v[i].b ? i + 2 : i + 1;
            long y = num_val(x, yi);
            if (y >= 1900 && y <= 2099 && ndigits(x, yi) == 4) {
                iso_put(iso, "4-2", y, m, 0);
                if (add_date(x, i, yi, DATE_MONTH, iso)) return -1;
                continue;
            }
            /* "end of March", "by June", "the September meeting" */
            if (tok_is(x, i - 1, "of") || tok_is(x, i - 1, "by") || tok_is(x, i - 1, "in") ||
                tok_is(x, i - 1, "until") || tok_is(x, i - 1, "before") || tok_is(x, i - 1, "after") ||
                tok_is(x, i - 1, "from") || tok_is(x, i - 1, "during") ||
                (tok_is(x, i - 1, "the") && (tok_is(x, i + 1, "meeting") || tok_is(x, i + 1, "committee")))) {
                int s = i;
                if (tok_is(x, i - 1, "of") && tok_is(x, i - 2, "end")) s = i - 2;
                iso_put(iso, "--2", m, 0, 0);
                if (add_date(x, s, i, DATE_RELATIVE, iso)) return -1;
                continue;
            }
        }
        /* quarter 3, Q3, third quarter */
        if (tok_is(x, i, "quarter") && num_val(x, i + 1) >= 1 && num_val(x, i + 1) <= 4) {
            iso_put(iso, "Q1", num_val(x, i + 1), 0, 0);
            if (add_date(x, i, i + 1, DATE_QUARTER, iso)) return -1;
            continue;
        }
        /* "Q2" is the word "Q" and the number "2" run together */
        if (x->v[i].type == 'w' && x->v[i].b - x->v[i].a == 1 && x->d->text[x->v[i].a] == 'Q' &&
            i + 1 < x->n && x->v[i + 1].a == x->v[i].b && ndigits(x, i + 1) == 1 &&
            num_val(x, i + 1) >= 1 && num_val(x, i + 1) <= 4 &&
            (i + 2 >= x->n || x->v[i + 2].a > x->v[i + 1].b || x->v[i + 2].type == 'p')) {
            iso_put(iso, "Q1", num_val(x, i + 1), 0, 0);
            if (add_date(x, i, i + 1, DATE_QUARTER, iso)) return -1;
            continue;
        }
        for (int q = 0; q < 4; q++)
            if (tok_is(x, i, ordinals[q]) && tok_is(x, i + 1, "quarter")) {
                iso_put(iso, "Q1", q + 1, 0, 0);
                if (add_date(x, i, i + 1, DATE_QUARTER, iso)) return -1;
                break;
            }
        if (x->v[i].taken) continue;
        /* end of the year / financial year, the next meeting, following the meeting */
        if (tok_is(x, i, "end") && tok_is(x, i + 1, "of") && tok_is(x, i + 2, "the") &&
            (tok_is(x, i + 3, "year") || (tok_is(x, i + 3, "financial") && tok_is(x, i + 4, "year")) ||
             tok_is(x, i + 3, "month") || tok_is(x, i + 3, "term"))) {
            if (add_date(x, i, tok_is(x, i + 3, "financial") ? i + 4 : i + 3, DATE_RELATIVE, "")) return -1;
            continue;
        }
        if ((tok_is(x, i, "next") || tok_is(x, i, "future") || tok_is(x, i, "following")) &&
            (tok_is(x, i + 1, "meeting") || (tok_is(x, i + 1, "the") && tok_is(x, i + 2, "meeting")))) {
            if (add_date(x, i, tok_is(x, i + 1, "the") ? i + 2 : i + 1, DATE_RELATIVE, "")) return -1;
            continue;
        }
        /* a time from now: "in six months' time", "within 12 weeks"; an ISO 8601
         * duration ("P6M"). The number stays a figure too ("six weeks"). */
        if (tok_is(x, i, "in") || tok_is(x, i, "within")) {
            long nv = ndigits(x, i + 1) ? (ndigits(x, i + 1) <= 2 ? num_val(x, i + 1) : -1) : small_number(x, i + 1);
            static const struct { const char *w; char u; } units[] = {
                { "weeks", 'W' }, { "week", 'W' }, { "months", 'M' }, { "month", 'M' }, { "years", 'Y' }, { "year", 'Y' }
            };
            for (size_t u = 0; nv > 0 && u < sizeof units / sizeof *units; u++) {
                if (!tok_is(x, i + 2, units[u].w) || x->v[i + 1].taken || x->v[i + 2].taken) continue;
                int e = i + 2;
                if ((tok_is(x, e + 1, "'") || tok_is(x, e + 1, "\xE2\x80\x99")) && tok_is(x, e + 2, "time")) e += 2;
                else if (tok_is(x, e + 1, "time")) e += 1;
                iso_put(iso, "P1u", nv, units[u].u, 0);
                if (add_date(x, i, e, DATE_RELATIVE, iso)) return -1;
                x->v[i + 1].taken = x->v[i + 2].taken = 0;
                break;
            }
        }
        /* in 2018, by 2020 */
        if (v >= 1900 && v <= 2099 && ndigits(x, i) == 4 &&
            (tok_is(x, i - 1, "in") || tok_is(x, i - 1, "by") || tok_is(x, i - 1, "during") ||
             tok_is(x, i - 1, "since") || tok_is(x, i - 1, "until"))) {
            iso_put(iso, "4", v, 0, 0);
            if (add_date(x, i, i, DATE_YEAR, iso)) return -1;
        }
    }
    return 0;
}

/* the words that head a reference, with its kind */
static const struct { const char *w, *kind; } ref_heads[] = {
    { "minute", "minute" }, { "minutes", "minute" }, { "recommendation", "recommendation" },
    { "recommendations", "recommendation" }, { "appendix", "appendix" }, { "item", "item" },
    { "paragraph", "paragraph" }, { "para", "paragraph" },
};

static int scan_refs(xstate *x)
{
    model_doc *d = x->d;
    for (int i = 0; i < x->n; i++) {
        if (!tok_in(x, i, W_REF_HEAD)) continue;
        const char *kind = x->v[i].w->kind;
        int j = i + 1;
        if ((tok_is(x, j, "no") || tok_is(x, j, "nos")) && tok_is(x, j + 1, ".")) j += 2;
        else if (tok_is(x, j, "no") || tok_is(x, j, "number")) j++;
        int ok = j < x->n && !x->v[j].taken &&
                 (x->v[j].type == 'n' ||
                  (x->v[j].type == 'w' && x->v[j].b - x->v[j].a == 1 && isupper((unsigned char)d->text[x->v[j].a])));
        if (!ok) continue;
        uint32_t nb = x->v[j].b;
        /* "4a" is a number followed at once by a letter */
        if (x->v[j].type == 'n' && j + 1 < x->n && x->v[j + 1].a == nb && x->v[j + 1].type == 'w' &&
            x->v[j + 1].b - x->v[j + 1].a == 1)
            nb = x->v[++j].b;
        int k = MODEL_PUSH(d->refs);
        if (k < 0) return -1;
        model_ref *r = &d->refs.v[k];
        r->span.off = x->v[i].a;
        r->span.end = nb;
        r->item = x->item;
        r->kind = model_strdup(d, kind, strlen(kind));
        uint32_t na = x->v[j].type == 'w' && x->v[j - 1].b == x->v[j].a ? x->v[j - 1].a : x->v[j].a;
        r->number = model_strdup(d, d->text + na, nb - na);
        if (!r->kind || !r->number) return -1;
        for (int q = i; q <= j; q++) x->v[q].taken = 1;
    }
    return 0;
}

static int add_figure(xstate *x, uint32_t a, uint32_t b, double v, fig_kind kind, const char *unit, size_t ulen)
{
    model_doc *d = x->d;
    int k = MODEL_PUSH(d->figs);
    if (k < 0) return -1;
    model_figure *f = &d->figs.v[k];
    f->span.off = a;
    f->span.end = b;
    f->value = v;
    f->kind = kind;
    f->sentence = x->sent;
    f->item = x->item;
    f->unit = model_stralloc(d, ulen);
    if (!f->unit) return -1;
    for (size_t i = 0; i < ulen; i++) f->unit[i] = (char)tolower((unsigned char)unit[i]);
    f->unit[ulen] = '\0';
    return 0;
}

/* Is number token i the label of an inline list entry: "that - 1. the ...", "; (2) that ..."? */
static int list_label(const xstate *x, int i)
{
    int s = i;
    if (tok_is(x, i - 1, "(") && x->v[i - 1].b == x->v[i].a) s = i - 1;
    int close = i + 1 < x->n && x->v[i + 1].a == x->v[i].b &&
                (tok_is(x, i + 1, ")") || (s == i && tok_is(x, i + 1, ".")));
    if (!close || i + 2 >= x->n) return 0;
    return s == 0 || tok_is(x, s - 1, "-") || tok_is(x, s - 1, ":") || tok_is(x, s - 1, ";") ||
           tok_is(x, s - 1, ",") || tok_is(x, s - 1, "\xE2\x80\x93") || tok_is(x, s - 1, "and") ||
           tok_is(x, s - 1, "or") || tok_is(x, s - 1, "that");
}

/* Is number token i a clock time: "6.30 pm", "2pm", "10 a.m.", "14:00"? Its tokens after the
 * number are marked taken. */
static int clock_time(xstate *x, int i)
{
    int j = i + 1, e = i;
    if (tok_is(x, j, ":") && x->v[j].a == x->v[i].b && ndigits(x, j + 1) == 2 && x->v[j + 1].a == x->v[j].b)
        e = j + 1;
    else if (tok_is(x, j, "am") || tok_is(x, j, "pm"))
        e = j;
    else if ((tok_is(x, j, "a") || tok_is(x, j, "p")) && tok_is(x, j + 1, ".") && tok_is(x, j + 2, "m") &&
             x->v[j + 1].a == x->v[j].b && x->v[j + 2].a == x->v[j + 1].b)
        e = j + 2;
    else
        return 0;
    for (int q = i; q <= e; q++) x->v[q].taken = 1;
    return 1;
}

/* 1..99 written as one word: "one", "nineteen", "forty", "twenty-five"; else -1. */
static const char *const small_units[] = { "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                           "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                                           "seventeen", "eighteen", "nineteen" };
static const char *const small_tens[] = { "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety" };

static inline long small_number(const xstate *x, int i)
{
    if (i < 0 || i >= x->n || x->v[i].type != 'w') return -1;
    const wordset_entry *w = x->v[i].w;
    if (w && (w->sets & W_SMALL_NUMBER)) return w->value;
    /* "twenty-five": tens, a hyphen, a unit below ten */
    const char *s = x->d->text + x->v[i].a;
    size_t n = x->v[i].b - x->v[i].a;
    const char *h = x->v[i].hyphen && n <= 13 ? memchr(s, '-', n) : NULL;
    if (!h) return -1;
    const wordset_entry *tw = wordset_find(x->words, s, (size_t)(h - s));
    const wordset_entry *uw = wordset_find(x->words, h + 1, n - (size_t)(h - s) - 1);
    if (!tw || !(tw->sets & W_SMALL_NUMBER) || tw->value < 20 || !uw || !(uw->sets & W_SMALL_NUMBER) || uw->value > 9)
        return -1;
    return tw->value + uw->value;
}

/* A number in words that takes more than one plain word: "one hundred and twenty", "two
 * thousand", "twenty-five". Returns it (*end = its last token), or -1 when token i starts none. */
static long compound_number(const xstate *x, int i, int *end)
{
    long v = small_number(x, i);
    if (v < 0) return -1;
    static const struct { const char *word; long times; } scales[] = { { "hundred", 100 }, { "thousand", 1000 } };
    int j = i, big = 0;
    for (int k = 0; k < 2; k++) {
        if (!tok_is(x, j + 1, scales[k].word)) continue;
        v *= scales[k].times;
        j++;
        big = 1;
        long r;
        if (tok_is(x, j + 1, "and") && (r = small_number(x, j + 2)) > 0) { v += r; j += 2; }
    }
    if (!big && memchr(x->d->text + x->v[i].a, '-', x->v[i].b - x->v[i].a) == NULL) return -1;
    *end = j;
    return v;
}

/* "12 in 3 weeks" is no rate */
static const char *const spans_of_time[] = { "day", "days", "week", "weeks", "month", "months", "year", "years",
                                             "hours", "minutes", "working", "school", "calendar" };

/* a number after these words names something ("stage 2", "aged 15"): no figure */
static const char *const ref_words[] = { "no", "nos", "quarter", "q", "stage", "section", "page",
                                         "option", "priority", "phase", "year", "level", "tier",
                                         "key", "aged", "ages", "age", "item", "minute" };

static int scan_figures(xstate *x)
{
    const char *t = x->d->text;
    for (int i = 0; i < x->n; i++) {
        tok *k = &x->v[i];
        if (k->taken) continue;
        if (k->type == 'n') {
            if (i > 0 && x->v[i - 1].b == k->a && (tok_is(x, i - 1, "/") || x->v[i - 1].type == 'w')) continue;
            if (i + 1 < x->n && x->v[i + 1].a == k->b && (tok_is(x, i + 1, "/") || tok_is(x, i + 1, "+"))) continue;
            if (tok_in(x, i - 1, W_REF_WORD)) continue;
            if (tok_is(x, i - 1, ".") && tok_in(x, i - 2, W_REF_WORD)) continue;
            if (list_label(x, i)) continue;
            int dots = 0;
            for (uint32_t p = k->a; p < k->b; p++) dots += t[p] == '.';
            if (clock_time(x, i) || dots > 1) continue; /* "6.30 pm", "14:00"; "3.1.2" numbers a paragraph */
            /* "Sept '24": a year cut short */
            if (i >= 2 && (tok_is(x, i - 1, "'") || tok_is(x, i - 1, "\xE2\x80\x99")) && x->v[i - 1].b == k->a &&
                month_of(x, i - 2))
                continue;
            double v = num_dval(x, i);
            /* a minus sign joined to the number, not a range ("2019-20", "ages 5-10") */
            uint32_t start = k->a;
            if (i > 0 && (tok_is(x, i - 1, "-") || tok_is(x, i - 1, "\xE2\x88\x92")) && x->v[i - 1].b == k->a &&
                (i == 1 || x->v[i - 2].b < x->v[i - 1].a || tok_is(x, i - 2, "("))) {
                v = -v;
                start = x->v[i - 1].a;
            }
            /* "up 12 percentage points": a change in a percentage, not a percentage */
            if (tok_is(x, i + 1, "percentage") && (tok_is(x, i + 2, "points") || tok_is(x, i + 2, "point"))) {
                if (add_figure(x, start, k->b, v, FIG_COUNT, t + x->v[i + 1].a, x->v[i + 2].b - x->v[i + 1].a))
                    return -1;
                i += 2;
                continue;
            }
            int money = i > 0 && x->v[i - 1].b == k->a && x->v[i - 1].b - x->v[i - 1].a == 2 &&
                        !memcmp(t + x->v[i - 1].a, "\xC2\xA3", 2);
            /* rates: "70 per 10,000", "3 in 10", "4 out of 5": one figure whose unit is the base */
            int base = tok_is(x, i + 1, "out") && tok_is(x, i + 2, "of") ? i + 3
                       : tok_is(x, i + 1, "per") || tok_is(x, i + 1, "in") ? i + 2 : -1;
            if (!money && base > 0 && base < x->n && x->v[base].type == 'n' && !x->v[base].taken &&
                !(ndigits(x, base) == 4 && num_val(x, base) >= 1900 && num_val(x, base) <= 2099) &&
                !tok_is(x, base + 1, "%") && (base + 1 >= x->n || x->v[base + 1].a > x->v[base].b || x->v[base + 1].type == 'p') &&
                !(tok_is(x, i + 1, "in") && tok_in(x, base + 1, W_SPAN_OF_TIME))) {
                if (add_figure(x, k->a, x->v[base].b, v, FIG_COUNT, t + x->v[i + 1].a, x->v[base].b - x->v[i + 1].a))
                    return -1;
                i = base;
                continue;
            }
            if (tok_is(x, i + 1, "%")) {
                if (add_figure(x, start, x->v[i + 1].b, v, FIG_PERCENT, "%", 1)) return -1;
                i++;
                continue;
            }
            if ((tok_is(x, i + 1, "per") && tok_is(x, i + 2, "cent")) || tok_is(x, i + 1, "percent")) {
                int e = tok_is(x, i + 1, "per") ? i + 2 : i + 1;
                if (add_figure(x, start, x->v[e].b, v, FIG_PERCENT, "%", 1)) return -1;
                i = e;
                continue;
            }
            int year = ndigits(x, i) == 4 && v >= 1900 && v <= 2099;
            if (year && !money) continue;
            if (money) {
                uint32_t b = k->b;
                int e = i;
                if (i + 1 < x->n && (tok_is(x, i + 1, "m") || tok_is(x, i + 1, "k") || tok_is(x, i + 1, "bn")) &&
                    x->v[i + 1].a == k->b) {
                    v *= tok_is(x, i + 1, "k") ? 1e3 : tok_is(x, i + 1, "m") ? 1e6 : 1e9;
                    e = i + 1;
                } else if (tok_is(x, i + 1, "million") || tok_is(x, i + 1, "billion")) {
                    v *= tok_is(x, i + 1, "million") ? 1e6 : 1e9;
                    e = i + 1;
                }
                b = x->v[e].b;
                if (add_figure(x, x->v[i - 1].a, b, v, FIG_MONEY, "\xC2\xA3", 2)) return -1;
                i = e;
                continue;
            }
            const char *u = "";
            size_t ul = 0;
            if (i + 1 < x->n && x->v[i + 1].type == 'w' && !tok_in(x, i + 1, W_UNIT_STOP)) {
                u = t + x->v[i + 1].a;
                ul = x->v[i + 1].b - x->v[i + 1].a;
            }
            if (add_figure(x, start, k->b, v, FIG_COUNT, u, ul)) return -1;
            continue;
        }
        if (k->type != 'w') continue;
        /* "one in five", "nine out of ten": one rate in words, as "3 in 10" */
        long rv = small_number(x, i);
        if (rv < 0 && !tok_in(x, i, W_NUMBER_WORD)) continue; /* no number in words starts here */
        int rb = tok_is(x, i + 1, "out") && tok_is(x, i + 2, "of") ? i + 3 : tok_is(x, i + 1, "in") ? i + 2 : -1;
        if (rv > 0 && rb > 0 && small_number(x, rb) > rv) {
            if (add_figure(x, k->a, x->v[rb].b, (double)rv, FIG_WORDS, t + x->v[i + 1].a, x->v[rb].b - x->v[i + 1].a))
                return -1;
            i = rb;
            continue;
        }
        int ce;
        long cv = compound_number(x, i, &ce);
        if (cv > 0) {
            int u = ce + 1 < x->n && x->v[ce + 1].type == 'w' &&
                    !tok_in(x, ce + 1, W_UNIT_STOP);
            if (add_figure(x, k->a, x->v[ce].b, (double)cv, FIG_WORDS, u ? t + x->v[ce + 1].a : "",
                           u ? x->v[ce + 1].b - x->v[ce + 1].a : 0))
                return -1;
            i = ce;
            continue;
        }
        if (tok_in(x, i, W_NUMBER_WORD)) {
            if (i + 1 >= x->n || x->v[i + 1].type != 'w' || tok_in(x, i + 1, W_UNIT_STOP))
                continue;
            if (add_figure(x, k->a, k->b, k->w->value, FIG_WORDS, t + x->v[i + 1].a,
                           x->v[i + 1].b - x->v[i + 1].a))
                return -1;
        }
    }
    return 0;
}

/* Adds a speaker over text [a, b); `title` ("Councillor ") prefixes the name when the span holds
 * only the surname of a plural ("Councillors Hale and Okafor"), so each reads as when alone. */
static int add_speaker(xstate *x, uint32_t a, uint32_t b, spk_kind kind, const char *title)
{
    model_doc *d = x->d;
    int k = MODEL_PUSH(d->spks);
    if (k < 0) return -1;
    model_speaker *s = &d->spks.v[k];
    s->span.off = a;
    s->span.end = b;
    s->kind = kind;
    s->item = x->item;
    if (!title) {
        if (!(s->name = model_stralloc(d, b - a))) return -1;
        text_clean_to(s->name, d->text + a, b - a);
        return 0;
    }
    sbuf nb = {0};
    sbuf_adds(&nb, title);
    sbuf_add(&nb, d->text + a, b - a);
    if (nb.oom || !(s->name = model_stralloc(d, nb.len))) { sbuf_free(&nb); return -1; }
    text_clean_to(s->name, nb.s, nb.len);
    sbuf_free(&nb);
    return 0;
}

static const char *const speech_verbs[] = {
    "confirmed", "explained", "advised", "asked", "queried", "commented", "reiterated", "stated",
    "said", "noted", "reported", "responded", "replied", "added", "informed", "acknowledged",
    "highlighted", "clarified", "suggested", "emphasised", "emphasized", "outlined", "indicated",
    "undertook", "assured", "welcomed", "thanked", "questioned", "introduced", "presented",
    "expressed", "raised", "updated", "proposed", "requested", "agreed", "considered", "felt",
};

static const char *const role_words[] = {
    "director", "manager", "head", "officer", "member", "chair", "chairman", "chairperson",
    "leader", "executive", "lead", "spokesperson", "solicitor", "clerk", "commissioner",
    "inspector", "superintendent", "principal", "worker", "holder", "mayor", "cabinet",
    "advisor", "adviser", "analyst", "coordinator", "co-ordinator", "chief", "deputy",
};

/* words that show the sentence's subject is not a person: "The principal points below were raised" */
static const char *const not_subject[] = { "was", "were", "is", "are", "had", "has", "have", "been",
                                           "be", "would", "could", "should", "will", "may", "it", "this" };

static const char *const councillor_roles[] = { "chair", "chairman", "chairperson", "cabinet",
                                                 "leader", "member", "spokesperson", "holder", "mayor" };

static const char *const particles[] = { "de", "van", "von", "der", "den", "du", "da", "di", "le", "la" };

static int scan_speakers(xstate *x)
{
    const char *t = x->d->text;
    for (int i = 0; x->c_words && i < x->n; i++) {
        if (x->v[i].first != 'c') continue; /* every title below starts with it */
        int plural = tok_is(x, i, "Councillors") || tok_is(x, i, "Cllrs");
        if (!((tok_cap(x, i) && (tok_is(x, i, "Councillor") || tok_is(x, i, "Cllr") || tok_is(x, i, "Cllrs"))) || plural))
            continue;
        if (!tok_cap(x, i)) continue;
        int j = i + 1;
        if (tok_is(x, j, ".")) j++;
        for (;;) {
            int s = j;
            if (tok_is(x, j, "Mr") || tok_is(x, j, "Mrs") || tok_is(x, j, "Ms") || tok_is(x, j, "Miss") ||
                tok_is(x, j, "Dr"))
                j++;
            /* up to three names, an initial's dot ("Mrs J. Whitlow") and a particle before a
             * capital ("de Souza", "van der Berg") */
            int e = j, names = 0;
            while (e < x->n && names < 3) {
                if (tok_cap(x, e) && !tok_is(x, e, "The") && !tok_is(x, e, "Councillor")) {
                    names++;
                    e++;
                    if (x->v[e - 1].b - x->v[e - 1].a == 1 && tok_is(x, e, ".") && x->v[e].a == x->v[e - 1].b &&
                        tok_cap(x, e + 1))
                        e++;
                } else if (tok_in(x, e, W_PARTICLE) &&
                           (tok_cap(x, e + 1) ||
                            (tok_in(x, e + 1, W_PARTICLE) && tok_cap(x, e + 2)))) {
                    e++;
                } else {
                    break;
                }
            }
            if (e == j || !names) break;
            uint32_t a = (s == i + 1 || (s == i + 2 && tok_is(x, i + 1, "."))) && !plural ? x->v[i].a : x->v[s].a;
            const char *title = !plural || s < j ? NULL : tok_is(x, i, "Cllrs") ? "Cllr " : "Councillor ";
            if (add_speaker(x, a, x->v[e - 1].b, SPK_COUNCILLOR, title)) return -1;
            j = e;
            if (!plural) break;
            if (tok_is(x, j, ",") || tok_is(x, j, "and")) { j++; continue; }
            break;
        }
        i = j - 1;
    }
    /* "The Strategic Manager, Safeguarding and Professional Practice confirmed ..." */
    if (tok_is(x, 0, "The") || tok_is(x, 0, "the")) {
        int role = 0, crole = 0;
        for (int i = 1; i < x->n && i < 16; i++) {
            if (tok_in(x, i, W_ROLE)) role = 1;
            if (tok_in(x, i, W_COUNCILLOR_ROLE)) crole = 1;
            /* acronym roles: "The DCF explained" */
            if (x->v[i].type == 'w' && x->v[i].b - x->v[i].a >= 2 && i == 1) {
                int up = 1;
                for (uint32_t p = x->v[i].a; p < x->v[i].b; p++) up &= isupper((unsigned char)t[p]) || t[p] == '&';
                role |= up;
            }
            if (tok_in(x, i, W_NOT_SUBJECT)) break;
            if (tok_in(x, i, W_SPEECH_VERB)) {
                if (role && i >= 2) {
                    /* drop a comma before the verb, keep the bracket of "Finance (People)" */
                    int e = i - 1;
                    while (e > 0 && x->v[e].type == 'p' && !tok_is(x, e, ")")) e--;
                    if (add_speaker(x, x->v[0].a, x->v[e].b, crole ? SPK_COUNCILLOR : SPK_OFFICER, NULL)) return -1;
                }
                break;
            }
        }
    }
    return 0;
}

/* ---- sentences -------------------------------------------------------------------------- */

static const char *const abbrevs[] = { "no", "nos", "cllr", "mr", "mrs", "ms", "dr", "st", "e.g",
                                       "i.e", "eg", "ie", "etc", "approx", "vs", "para", "min",
                                       "cf", "ref", "fig", "cllrs", "prof", "rev", "nb" };

static int is_abbrev(const char *t, uint32_t start, uint32_t dot, char next)
{
    uint32_t w = dot;
    while (w > start && (isalpha((unsigned char)t[w - 1]) || t[w - 1] == '.')) w--;
    size_t n = dot - w;
    if (n == 1 && isupper((unsigned char)t[w])) return 1; /* an initial: "J. Smith" */
    if ((n == 3 || n == 4) && text_month(t + w, n) && isdigit((unsigned char)next)) return 1; /* "Sept. 2025" */
    const wordset_entry *e = wordset_find(word_lists(), t + w, n);
    return e && (e->sets & W_ABBREV);
}

static int add_sentence(model_doc *d, int para, uint32_t a, uint32_t b)
{
    b = (uint32_t)text_rtrim(d->text + a, b - a) + a;
    if (b <= a) return 0;
    int k = MODEL_PUSH(d->sents);
    if (k < 0) return -1;
    d->sents.v[k].span.off = a;
    d->sents.v[k].span.end = b;
    d->sents.v[k].para = para;
    d->sents.v[k].item = d->paras.v[para].item;
    return 0;
}

static int split_sentences(model_doc *d, int para)
{
    const char *t = d->text;
    model_para *p = &d->paras.v[para];
    uint32_t a = p->body.off, b = p->body.end, start = a;
    p->sent_first = d->sents.n;
    if (p->heading) return 0; /* a heading names what follows; it states nothing */
    for (uint32_t i = a; (i = (uint32_t)text_find_stop(t, i, b)) < b; i++) {
        uint32_t j = i + 1;
        while (j < b && (t[j] == ')' || t[j] == '"' || t[j] == '\'')) j++;
        if (j + 2 < b && (unsigned char)t[j] == 0xE2 && (unsigned char)t[j + 1] == 0x80 &&
            ((unsigned char)t[j + 2] == 0x9D || (unsigned char)t[j + 2] == 0x99))
            j += 3;
        if (j >= b) break;
        int sl;
        if (!text_is_space(t + j, b - j, &sl) && t[j] != '\n') continue;
        uint32_t k = j;
        while (k < b && (text_is_space(t + k, b - k, &sl) || t[k] == '\n')) k += t[k] == '\n' ? 1 : (uint32_t)sl;
        if (k >= b) break;
        unsigned char c = (unsigned char)t[k];
        if (!(isupper(c) || isdigit(c) || c == '"' || c == '(' || c == '\'' || c == 0xE2 || c == 0xC2)) continue;
        if (t[i] == '.' && is_abbrev(t, start, i, (char)c)) continue;
        if (add_sentence(d, para, start, j)) return -1;
        start = k;
        i = k - 1;
    }
    if (add_sentence(d, para, start, b)) return -1;
    p = &d->paras.v[para];
    p->sent_count = d->sents.n - p->sent_first;
    return 0;
}

/* ---- the word lists, built once ------------------------------------------------------------ */

static wordset lists;
static int lists_failed;

#define ADD_ALL(words, bit) wordset_add_all(&lists, words, sizeof words / sizeof *words, bit)

static void build_lists(void)
{
    int rc = ADD_ALL(unit_stop, W_UNIT_STOP) | ADD_ALL(ref_words, W_REF_WORD) |
             ADD_ALL(spans_of_time, W_SPAN_OF_TIME) | ADD_ALL(particles, W_PARTICLE) |
             ADD_ALL(role_words, W_ROLE) | ADD_ALL(councillor_roles, W_COUNCILLOR_ROLE) |
             ADD_ALL(not_subject, W_NOT_SUBJECT) | ADD_ALL(speech_verbs, W_SPEECH_VERB) |
             ADD_ALL(abbrevs, W_ABBREV) | ADD_ALL(date_starts, W_DATE_START) | ADD_ALL(seasons, W_DATE_START) |
             ADD_ALL(ordinals, W_DATE_START);
    for (size_t k = 0; k < sizeof month_words / sizeof *month_words; k++)
        rc |= wordset_add(&lists, month_words[k], W_MONTH, text_month(month_words[k], strlen(month_words[k])), NULL);
    for (size_t k = 0; k < sizeof number_words / sizeof *number_words; k++)
        rc |= wordset_add(&lists, number_words[k].w, W_NUMBER_WORD, number_words[k].v, NULL);
    for (size_t k = 0; k < sizeof small_units / sizeof *small_units; k++)
        rc |= wordset_add(&lists, small_units[k], W_SMALL_NUMBER, (int)k + 1, NULL);
    for (size_t k = 0; k < sizeof small_tens / sizeof *small_tens; k++)
        rc |= wordset_add(&lists, small_tens[k], W_SMALL_NUMBER, 20 + 10 * (int)k, NULL);
    for (size_t k = 0; k < sizeof ref_heads / sizeof *ref_heads; k++)
        rc |= wordset_add(&lists, ref_heads[k].w, W_REF_HEAD, 0, ref_heads[k].kind);
    lists_failed = rc != 0;
}

#undef ADD_ALL

static const wordset *word_lists(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, build_lists);
    return &lists;
}

/* ---- spans and item ranges -------------------------------------------------------------- */

/* Line and column of a span; the objects of each kind come in text order, so the line search
 * starts from the last one's line (*hint). */
static void fix(const model_doc *d, sc_span *s, int *hint) { *s = model_span_from(d, s->off, s->end, hint); }

#define RANGE(arr, first, count)                                                              \
    do {                                                                                      \
        for (int it_ = 0; it_ < d->items.n; it_++) { d->items.v[it_].first = -1; d->items.v[it_].count = 0; } \
        for (int i_ = 0; i_ < d->arr.n; i_++) {                                               \
            int it_ = d->arr.v[i_].item;                                                      \
            if (it_ < 0) continue;                                                            \
            if (d->items.v[it_].first < 0) d->items.v[it_].first = i_;                        \
            d->items.v[it_].count++;                                                          \
        }                                                                                     \
        for (int it_ = 0; it_ < d->items.n; it_++)                                            \
            if (d->items.v[it_].first < 0) d->items.v[it_].first = d->arr.n;                  \
    } while (0)

int load_extract(model_doc *d)
{
    xstate x = { .d = d, .words = word_lists(), .item = -1, .sent = -1 };
    int rc = -1;
    if (lists_failed) return -1; /* a list outgrew WORDSET_WORDS */
    for (int p = 0; p < d->paras.n; p++) {
        if (split_sentences(d, p)) goto done;
        model_para *pp = &d->paras.v[p];
        for (int s = pp->sent_first; s < pp->sent_first + pp->sent_count; s++) {
            x.item = d->sents.v[s].item;
            x.sent = s;
            if (tokenize(&x, d->sents.v[s].span.off, d->sents.v[s].span.end)) goto done;
            /* each scan starts only on tokens of these kinds (see the first test of its loop) */
            if (((x.sets & W_REF_HEAD) && scan_refs(&x)) ||
                ((x.numbers || (x.sets & (W_MONTH | W_DATE_START))) && scan_dates(&x)) ||
                ((x.numbers || x.hyphens || (x.sets & (W_SMALL_NUMBER | W_NUMBER_WORD))) && scan_figures(&x)) ||
                scan_speakers(&x))
                goto done;
        }
    }
    RANGE(sents, sent_first, sent_count);
    RANGE(spks, spk_first, spk_count);
    RANGE(figs, fig_first, fig_count);
    RANGE(dates, date_first, date_count);
    RANGE(refs, ref_first, ref_count);
    int h[11] = { 0 };
    for (int i = 0; i < d->items.n; i++) { fix(d, &d->items.v[i].span, &h[0]); fix(d, &d->items.v[i].head, &h[1]); }
    for (int i = 0; i < d->secs.n; i++) fix(d, &d->secs.v[i].span, &h[2]);
    for (int i = 0; i < d->paras.n; i++) { fix(d, &d->paras.v[i].span, &h[3]); fix(d, &d->paras.v[i].body, &h[4]); }
    for (int i = 0; i < d->sents.n; i++) fix(d, &d->sents.v[i].span, &h[5]);
    for (int i = 0; i < d->ress.n; i++) { fix(d, &d->ress.v[i].span, &h[6]); fix(d, &d->ress.v[i].body, &h[7]); }
    for (int i = 0; i < d->spks.n; i++) fix(d, &d->spks.v[i].span, &h[8]);
    for (int i = 0; i < d->figs.n; i++) fix(d, &d->figs.v[i].span, &h[9]);
    for (int i = 0; i < d->dates.n; i++) fix(d, &d->dates.v[i].span, &h[10]);
    for (int i = 0; i < d->refs.n; i++) fix(d, &d->refs.v[i].span, &h[10]);
    rc = 0;
done:
    free(x.v);
    return rc;
}

int load_document(const char *path, const char *data, size_t len, const load_preset *preset, int npreset, int lead_only,
                  const load_diag *dg, model_doc **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    load_diag local = { NULL, NULL, path };
    if (!dg) dg = &local;
    if (len >= UINT32_MAX / 2) {
        snprintf(errbuf, errlen, "%s: file too large (limit 2 GiB)", path);
        load_report(dg, SC_DIAG_ERROR, 0, 0, "file too large (limit 2 GiB)");
        return SC_PARSE;
    }
    model_doc *d = calloc(1, sizeof *d);
    if (!d || !(d->path = text_dup(path, strlen(path)))) { free(d); return SC_NOMEM; }
    d->lead_only = lead_only;
    int rc = load_sanitize(d, data, len, dg, errbuf, errlen);
    if (rc == SC_OK) rc = load_frontmatter(d, dg, errbuf, errlen);
    if (rc == SC_OK && npreset) rc = load_apply_preset(d, preset, npreset, dg);
    if (rc == SC_OK) rc = load_structure(d, dg, errbuf, errlen);
    if (rc == SC_OK && load_meta(d, dg)) rc = SC_NOMEM;
    if (rc == SC_OK && !lead_only && load_extract(d)) rc = SC_NOMEM;
    if (rc != SC_OK) {
        if (rc == SC_NOMEM) snprintf(errbuf, errlen, "%s: out of memory", path);
        model_doc_free(d);
        return rc;
    }
    *out = d;
    return SC_OK;
}

int load_minutes(const char *path, const char *data, size_t len, const load_diag *dg,
                 model_doc **out, char *errbuf, size_t errlen)
{
    return load_document(path, data, len, NULL, 0, 0, dg, out, errbuf, errlen);
}

int load_meeting(const char *path, const char *data, size_t len, const load_diag *dg,
                 model_doc **out, char *errbuf, size_t errlen)
{
    return load_document(path, data, len, NULL, 0, 1, dg, out, errbuf, errlen);
}
