/*
 * meta.c — which meeting a minutes file records (council, committee, date, title) when front
 * matter does not say. Each source fills only what the stronger ones left empty:
 *
 *   front matter   always wins (frontmatter.c)
 *   the text       the title block, the lines before the first heading or label:
 *                    "Minutes of the meeting of the X Committee held [at ...] on 14 March 2024"
 *                    "X Scrutiny Panel - Tuesday, 9th July, 2024 6.30 pm" (ModernGov's heading)
 *                    "Date: 14 March 2024"
 *                    a council's name alone on its line ("Northmere County Council",
 *                    "LONDON BOROUGH OF KESTREL", "City of Fenwick Council")
 *                    a committee's name alone on its line
 *                  then ModernGov issue pages' "Meeting: 21/04/2016 - Panel (Item 28)" (date only)
 *   the file name  a date: "2024-03-14", "14-03-2024", "20240314" (day first, as UK councils
 *                  write it)
 *
 * Facts are keyed by council, so a wrong council mixes two councils' records: worse than none.
 * Hence text after the title block is never read (a paragraph may name any council or date), a
 * council must fill its line, and two sources of one rank that disagree give nothing, with a note.
 * ALL-CAPS names are title-cased so that "NORTHMERE COUNTY COUNCIL" is the council that front
 * matter calls "Northmere County Council".
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/text.h"
#include "load.h"

#define LEAD_LINES 16 /* a title block is a few lines; past this it is minutes */
#define NAME_MAX_LEN 100

/* ---- dates --------------------------------------------------------------------------------- */

static const char *const month_names[] = { "january", "february", "march", "april", "may", "june", "july",
                                           "august", "september", "october", "november", "december" };
static const char *const day_names[] = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                         "sunday" };

static int alpha_end(const char *s, size_t n, size_t k) { return k >= n || !isalpha((unsigned char)s[k]); }

/* Index (1-based) of the name in `names` at s, whole or cut to 3 letters ("Sept" too), or 0.
 * *len gets the bytes used, with a following abbreviation dot. */
static int name_at(const char *s, size_t n, const char *const *names, int count, size_t *len)
{
    for (int i = 0; i < count; i++) {
        size_t full = strlen(names[i]), k = 0;
        if (text_istarts(s, n, names[i]) && alpha_end(s, n, full)) k = full;
        else if (text_istarts(s, n, "sept") && i == 8 && alpha_end(s, n, 4)) k = 4;
        else if (n >= 3 && !strncasecmp(s, names[i], 3) && alpha_end(s, n, 3)) k = 3;
        if (!k) continue;
        if (k < full && k < n && s[k] == '.') k++;
        *len = k;
        return i + 1;
    }
    return 0;
}

static int valid_ymd(int y, int m, int d)
{
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return 0;
    return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

static size_t skip_space(const char *s, size_t n, size_t i)
{
    int sl;
    while (i < n && text_is_space(s + i, n - i, &sl)) i += (size_t)sl;
    return i;
}

/* Reads up to `max` digits at s[*i]; returns the count and the value in *v. */
static int digits(const char *s, size_t n, size_t *i, int max, int *v)
{
    int k = 0;
    *v = 0;
    while (*i < n && k < max && isdigit((unsigned char)s[*i])) *v = *v * 10 + (s[(*i)++] - '0'), k++;
    return *i < n && isdigit((unsigned char)s[*i]) ? 0 : k;
}

/* A day's date at s: "[Thursday,] 14[th] [of] March[,] 2024", "14/03/2024", "14.03.2024",
 * "14-03-2024". Returns its byte length (0 when none) with the ISO date in iso; *weekday tells
 * whether it was named. */
static size_t date_at(const char *s, size_t n, char iso[11], int *weekday)
{
    size_t i = 0, k;
    int y, m, d;
    *weekday = 0;
    if (name_at(s, n, day_names, 7, &k)) {
        *weekday = 1;
        i = k;
        if (i < n && s[i] == ',') i++;
        i = skip_space(s, n, i);
    }
    int nd = digits(s, n, &i, 2, &d);
    if (!nd) return 0;
    if (i + 1 < n && strchr("/.-", s[i]) && isdigit((unsigned char)s[i + 1])) {
        char sep = s[i++];
        if (!digits(s, n, &i, 2, &m) || i >= n || s[i] != sep) return 0;
        i++;
        if (digits(s, n, &i, 4, &y) != 4) return 0;
    } else {
        if (i + 1 < n && isalpha((unsigned char)s[i]) &&
            (text_istarts(s + i, n - i, "st") || text_istarts(s + i, n - i, "nd") ||
             text_istarts(s + i, n - i, "rd") || text_istarts(s + i, n - i, "th")) && alpha_end(s, n, i + 2))
            i += 2;
        size_t j = skip_space(s, n, i);
        if (j == i) return 0;
        if (text_istarts(s + j, n - j, "of ")) j = skip_space(s, n, j + 3);
        if (!(m = name_at(s + j, n - j, month_names, 12, &k))) return 0;
        i = j + k;
        if (i < n && s[i] == ',') i++;
        j = skip_space(s, n, i);
        if (j == i || digits(s, n, &j, 4, &y) != 4) return 0;
        i = j;
    }
    if (i < n && isalpha((unsigned char)s[i])) return 0;
    if (!valid_ymd(y, m, d)) return 0;
    snprintf(iso, 11, "%04d-%02d-%02d", y, m, d);
    return i;
}

/* Is s[i..n) nothing, or only a clock time ("6.30 pm", "at 10.00 am", "2pm", "14:00")? */
static int time_tail(const char *s, size_t n, size_t i)
{
    int v;
    for (i = skip_space(s, n, i); i < n && s[i] == ','; i = skip_space(s, n, i + 1)) {}
    if (i >= n) return 1;
    if (text_istarts(s + i, n - i, "at ")) i = skip_space(s, n, i + 3);
    if (!digits(s, n, &i, 2, &v)) return 0;
    if (i + 1 < n && (s[i] == '.' || s[i] == ':')) {
        i++;
        if (digits(s, n, &i, 2, &v) != 2) return 0;
    }
    i = skip_space(s, n, i);
    static const char *const suffixes[] = { "a.m.", "p.m.", "am", "pm", "noon", "hrs", "hours" };
    for (size_t k = 0; k < sizeof suffixes / sizeof *suffixes; k++) {
        size_t l = strlen(suffixes[k]);
        if (text_istarts(s + i, n - i, suffixes[k]) && alpha_end(s, n, i + l)) { i += l; break; }
    }
    return skip_space(s, n, i) >= n;
}

/* ---- names ---------------------------------------------------------------------------------- */

/* Does the word s[0..n) equal one of `words` (ignoring case)? */
static int word_in(const char *s, size_t n, const char *const *words, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(words[i]) == n && !strncasecmp(s, words[i], n)) return 1;
    return 0;
}

static const char *const connectors[] = { "of", "and", "upon", "on", "the", "in", "under", "le", "&" };

/* Splits s[0..n) at spaces into at most `max` words; returns the count, or -1 with more. */
static int split_words(const char *s, size_t n, size_t *wa, size_t *wb, int max)
{
    int k = 0;
    for (size_t i = skip_space(s, n, 0); i < n; i = skip_space(s, n, i)) {
        if (k == max) return -1;
        wa[k] = i;
        while (i < n && s[i] != ' ' && !((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) i++;
        wb[k++] = i;
    }
    return k;
}

/* A council's name filling the line: "... Council" ("Northmere County Council", "City of
 * Fenwick Council"), "London Borough of ...", "Royal Borough of ...". The words are capitalised
 * (or connectors); no digits or sentence punctuation. Councils of children ("Children in Care
 * Council", "Youth Council") and "County Council" alone (the full council's meeting) are none. */
static int is_council_name(const char *s, size_t n)
{
    static const char *const kinds[] = { "county", "city", "borough", "district", "metropolitan", "town", "royal",
                                         "london", "unitary", "council" };
    static const char *const not_names[] = { "children", "children's", "childrens", "young", "people", "youth",
                                             "care", "school", "schools", "pupil", "pupils", "student", "students",
                                             "leavers", "full", "scrutiny", "meeting", "minutes", "committee",
                                             "panel", "board", "cabinet", "forum", "agenda", "item" };
    if (n < 8 || n > 80) return 0;
    for (size_t i = 0; i < n; i++)
        if (isdigit((unsigned char)s[i]) || strchr(",;:()/\"!?", s[i])) return 0;
    size_t wa[10], wb[10];
    int w = split_words(s, n, wa, wb, 10);
    if (w < 2) return 0;
    int tail = wb[w - 1] - wa[w - 1] == 7 && !strncasecmp(s + wa[w - 1], "council", 7);
    int head = w >= 4 && (text_istarts(s, n, "london borough of ") || text_istarts(s, n, "royal borough of "));
    if (!tail && !head) return 0;
    int named = 0;
    for (int k = 0; k < w; k++) {
        const char *x = s + wa[k];
        size_t l = wb[k] - wa[k];
        if (word_in(x, l, connectors, sizeof connectors / sizeof *connectors)) continue;
        if (!isupper((unsigned char)x[0]) || word_in(x, l, not_names, sizeof not_names / sizeof *not_names)) return 0;
        if (!word_in(x, l, kinds, sizeof kinds / sizeof *kinds)) named = 1;
        if (x[l - 1] == '.' && l > 3) return 0; /* "Council." ends a sentence; "St." is a name */
    }
    return named;
}

static const char *const bodies[] = { "committee", "sub-committee", "subcommittee", "panel", "board", "forum",
                                      "commission", "cabinet", "council", "group", "partnership", "executive",
                                      "scrutiny" };

/* A body's name: "Children's Services Scrutiny Committee", "Overview and Scrutiny Panel
 * (Children)". It starts with a capital, ends with a kind of body (before any bracket), and holds
 * no digits or sentence punctuation. A name `alone` on its line has two words at least, all
 * capitalised but connectors ("Report to the Scrutiny Committee" is no name), and does not end
 * with "Council" (a youth council, or the full council). */
static int is_body_name(const char *s, size_t n, int alone)
{
    if (n > 0 && s[n - 1] == ')') {
        size_t o = n - 1;
        while (o > 0 && s[o] != '(') o--;
        n = text_rtrim(s, o);
    }
    if (n < 3 || n > NAME_MAX_LEN || !isupper((unsigned char)s[0])) return 0;
    for (size_t i = 0; i < n; i++)
        if (isdigit((unsigned char)s[i]) || strchr(".;:!?\"", s[i])) return 0;
    size_t wa[16], wb[16];
    int w = split_words(s, n, wa, wb, 16);
    if (w < (alone ? 2 : 1)) return 0;
    for (int k = 0; alone && k < w; k++)
        if (!isupper((unsigned char)s[wa[k]]) &&
            !word_in(s + wa[k], wb[k] - wa[k], connectors, sizeof connectors / sizeof *connectors))
            return 0;
    size_t l = wb[w - 1] - wa[w - 1];
    if (alone && l == 7 && !strncasecmp(s + wa[w - 1], "council", 7)) return 0;
    return word_in(s + wa[w - 1], l, bodies, sizeof bodies / sizeof *bodies);
}

/* Owned copy of a name, ALL CAPS made title case ("LONDON BOROUGH OF KESTREL" -> "London
 * Borough of Kestrel", "CHILDREN'S SERVICES SUB-COMMITTEE" -> "Children's Services Sub-Committee"). */
static char *name_dup(const char *s, size_t n)
{
    char *v = text_dup_name(s, n);
    if (!v) return NULL;
    int lower = 0, letters = 0;
    for (char *p = v; *p; p++) {
        lower |= islower((unsigned char)*p) != 0;
        letters += isalpha((unsigned char)*p) != 0;
    }
    if (lower || letters < 3) return v;
    size_t wa[32], wb[32], len = strlen(v);
    int w = split_words(v, len, wa, wb, 32);
    for (int k = 0; k < w; k++) {
        char *x = v + wa[k];
        size_t l = wb[k] - wa[k];
        int conn = k > 0 && word_in(x, l, connectors, sizeof connectors / sizeof *connectors);
        for (size_t i = 0; i < l; i++) {
            int start = i == 0 || x[i - 1] == '-' || x[i - 1] == '(' || x[i - 1] == '/';
            if (!start || conn) x[i] = (char)tolower((unsigned char)x[i]);
        }
    }
    return v;
}

/* ---- the title block -------------------------------------------------------------------------- */

/* Where the word `w` (with a space before it) first occurs in s[from..n), or n. */
static size_t find_word(const char *s, size_t n, size_t from, const char *w)
{
    size_t l = strlen(w);
    for (size_t i = from; i + l <= n; i++)
        if ((i == 0 || s[i - 1] == ' ') && text_istarts(s + i, n - i, w) && alpha_end(s, n, i + l)) return i;
    return n;
}

/* "Minutes of [the|a] [special] [meeting of] [the] <body> [meeting] [held [at ...] on <date> ...]":
 * the body in [*ba, *bb) (empty when not said) and the date in iso ("" when none, or when the
 * line names an earlier meeting's minutes). */
static int minutes_of(const char *s, size_t n, size_t *ba, size_t *bb, char iso[11])
{
    iso[0] = '\0';
    if (!text_istarts(s, n, "minutes of ")) return 0;
    size_t h = find_word(s, n, 11, "held");
    size_t a = 11, b = text_rtrim(s, h);
    for (size_t m = a; (m = find_word(s, b, m, "meeting")) < b; m++)
        if (text_istarts(s + m, b - m, "meeting of ")) a = m + 11;
    a = skip_space(s, n, a);
    if (b < a) b = a; /* "Minutes of held on ...": no body */
    static const char *const articles[] = { "the ", "a ", "an " };
    for (size_t k = 0; k < 3; k++)
        if (text_istarts(s + a, b - a, articles[k])) a = skip_space(s, n, a + strlen(articles[k]));
    if (b >= a + 7 && text_istarts(s + b - 7, 7, "meeting") && (b == a + 7 || s[b - 8] == ' ')) b = text_rtrim(s, b - 7);
    while (b > a && s[b - 1] == ',') b--;
    *ba = a;
    *bb = b > a ? b : a;
    /* "Minutes of the previous meeting held on ...", "... of the meetings held on ...", or a link
     * to them ("... pdf icon PDF 83 KB"): the agenda item that approves an earlier meeting's
     * minutes, whose date is not this meeting's */
    static const char *const earlier[] = { "previous", "last", "preceding", "earlier", "meetings", "pdf", "kb", "mb" };
    for (size_t k = 0; k < sizeof earlier / sizeof *earlier; k++)
        if (find_word(s, n, 11, earlier[k]) < n) return 1;
    for (size_t o = h; (o = find_word(s, n, o, "on")) + 3 <= n; o++) { /* "on" and a space, then the date */
        int wd;
        if (date_at(s + o + 3, n - o - 3, iso, &wd)) break;
    }
    return 1;
}

/* "<body> - Tuesday, 9th July, 2024 6.30 pm": ModernGov's heading of a meeting's page. */
static int heading_dash(const char *s, size_t n, size_t *bb, char iso[11])
{
    for (size_t i = 1; i + 3 < n; i++) {
        size_t sl = 0;
        if (s[i] == ' ' && s[i + 1] == '-' && s[i + 2] == ' ') sl = 3;
        else if (s[i] == ' ' && i + 4 < n && (unsigned char)s[i + 1] == 0xE2 && (unsigned char)s[i + 2] == 0x80 &&
                 ((unsigned char)s[i + 3] == 0x93 || (unsigned char)s[i + 3] == 0x94) && s[i + 4] == ' ')
            sl = 5;
        if (!sl) continue;
        size_t j = skip_space(s, n, i + sl);
        int wd;
        size_t dl = date_at(s + j, n - j, iso, &wd);
        if (!dl || !wd || !time_tail(s, n, j + dl)) return 0;
        *bb = text_rtrim(s, i);
        return 1;
    }
    return 0;
}

/* A date filling its line, but for a clock time: "Monday, 9 September 2024", "Date: 14 March
 * 2024", "Date of meeting: Thursday 14 March 2024 at 10.00 am". */
static int date_line(const char *s, size_t n, char iso[11])
{
    static const char *const keys[] = { "date:", "date of meeting:", "meeting date:" };
    size_t j = 0;
    for (size_t k = 0; k < 3 && !j; k++)
        if (text_istarts(s, n, keys[k])) j = skip_space(s, n, strlen(keys[k]));
    int wd;
    size_t dl = date_at(s + j, n - j, iso, &wd);
    return dl && time_tail(s, n, j + dl);
}

/* One field's candidates of one rank: the first value, and the first that disagrees. */
typedef struct {
    char *val, *other;
    int line, other_line;
} pick;

static int pick_add(pick *p, char *v, int line)
{
    if (!v) return -1;
    if (!p->val) { p->val = v; p->line = line; return 0; }
    if (!p->other && strcasecmp(p->val, v)) { p->other = v; p->other_line = line; return 0; }
    free(v);
    return 0;
}

static void pick_free(pick *p)
{
    free(p->val);
    free(p->other);
}

/* Fills *slot ("" so far) from the pick unless its sources disagree (then a note says so). */
static void pick_use(pick *p, char **slot, unsigned char *src, unsigned char from, const char *what,
                    const load_diag *dg)
{
    if (**slot || !p->val) return;
    if (p->other) {
        load_report(dg, SC_DIAG_NOTE, p->other_line, 1, "meeting %s unclear: '%s' (line %d) or '%s'; left empty",
                    what, p->val, p->line, p->other);
        return;
    }
    free(*slot);
    *slot = p->val;
    p->val = NULL;
    *src = from;
}

/* ---- the file name ------------------------------------------------------------------------------ */

/* The one date in a file name's last component: "2024-03-14", "2024_03_14", "14-03-2024",
 * "14.03.2024", "20240314" (that one between non-alphanumerics, so hashes and ids are none).
 * Two different dates, or none valid, give 0. */
static int name_date(const char *path, char iso[11])
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    int found = 0;
    char got[11] = "";
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)b[i]) || (i > 0 && isdigit((unsigned char)b[i - 1]))) continue;
        size_t j = i;
        int v1, v2, v3, y, m, d;
        int k1 = digits(b, n, &j, 8, &v1);
        char one[11];
        if (k1 == 8) {
            if ((i > 0 && isalnum((unsigned char)b[i - 1])) || (j < n && isalnum((unsigned char)b[j]))) continue;
            y = v1 / 10000, m = v1 / 100 % 100, d = v1 % 100;
        } else if ((k1 == 4 || k1 <= 2) && j + 1 < n && strchr("-_.", b[j])) {
            char sep = b[j++];
            int k2 = digits(b, n, &j, 2, &v2);
            if (!k2 || j >= n || b[j] != sep) continue;
            j++;
            int k3 = digits(b, n, &j, 4, &v3);
            if (k1 == 4 && k3 >= 1 && k3 <= 2) y = v1, m = v2, d = v3;
            else if (k1 <= 2 && k3 == 4) d = v1, m = v2, y = v3;
            else continue;
        } else {
            continue;
        }
        if (!valid_ymd(y, m, d)) continue;
        snprintf(one, sizeof one, "%04d-%02d-%02d", y, m, d);
        if (found && strcmp(one, got)) return 0;
        memcpy(got, one, sizeof got);
        found = 1;
        i = j - 1;
    }
    if (found) memcpy(iso, got, 11);
    return found;
}

/* ---- the whole ------------------------------------------------------------------------------------ */

int load_meta(model_doc *d, const load_diag *dg)
{
    pick council = { 0 }, body = { 0 }, body_alone = { 0 }, date = { 0 }, issue = { 0 };
    int rc = -1, seen = 0;
    char iso[11];
    for (int li = d->body_line; li < d->lines.n; li++) {
        const model_line *l = &d->lines.v[li];
        const char *s = d->text + l->off;
        if (l->off >= d->lead_end) {
            /* past the title block only "Meeting: ... (Item 28)" is read: a line whose text, past
             * spaces and markup, starts with anything but 'm' is passed over at once */
            size_t a = text_ltrim(s, l->len);
            while (a < l->len && text_in("#*|", s[a])) a = a + 1 + text_ltrim(s + a + 1, l->len - a - 1);
            if (a >= l->len || text_lower((unsigned char)s[a]) != 'm') continue;
        }
        size_t n = text_rtrim(s, l->len), a = text_ltrim(s, n);
        /* Markdown and flattened tables: "# Minutes of ...", "**NORTHMERE COUNTY COUNCIL**" */
        while (a < n && text_in("#*|", s[a])) a = a + 1 + text_ltrim(s + a + 1, n - a - 1);
        while (n > a && text_in("*|", s[n - 1])) n = text_rtrim(s, n - 1);
        s += a;
        n -= a;
        if (!n) continue;
        int line = li + 1;
        if (text_istarts(s, n, "meeting:") && n > 12 && s[n - 1] == ')') {
            /* the parser's "Meeting: 21/04/2016 - Panel (Item 28)" item heading */
            size_t o = n - 1;
            while (o > 0 && s[o] != '(') o--;
            size_t j = skip_space(s, n, 8);
            int wd;
            if (text_istarts(s + o, n - o, "(item ") && date_at(s + j, n - j, iso, &wd) &&
                pick_add(&issue, text_dup(iso, 10), line))
                goto done;
        }
        if (l->off >= d->lead_end || ++seen > LEAD_LINES) continue;
        size_t ba, bb;
        if (minutes_of(s, n, &ba, &bb, iso)) {
            if (iso[0] && pick_add(&date, text_dup(iso, 10), line)) goto done;
            /* "the Family Support Scrutiny Panel, Thornby Borough Council", "the Children's Panel
             * of Thornby Borough Council": the council after the last comma or "of" that leaves a
             * council's name to the right and a body's to the left */
            for (size_t c = bb; c > ba && bb - c < 120; c--) { /* a council's name is short */
                size_t cut = s[c - 1] == ',' ? c - 1 : c >= ba + 4 && text_istarts(s + c - 4, 4, " of ") ? c - 4 : 0;
                if (!cut) continue;
                size_t ca = c + text_ltrim(s + c, bb - c);
                if (is_council_name(s + ca, bb - ca) && is_body_name(s + ba, cut - ba, 0)) {
                    if (pick_add(&council, name_dup(s + ca, bb - ca), line)) goto done;
                    bb = cut;
                    break;
                }
            }
            if (is_council_name(s + ba, bb - ba)) {
                /* the full council's own meeting: the body is the council */
                if (pick_add(&council, name_dup(s + ba, bb - ba), line)) goto done;
                if (pick_add(&body, name_dup(s + ba, bb - ba), line)) goto done;
            } else if (is_body_name(s + ba, bb - ba, 0) && pick_add(&body, name_dup(s + ba, bb - ba), line)) {
                goto done;
            }
        } else if (heading_dash(s, n, &bb, iso)) {
            if (pick_add(&date, text_dup(iso, 10), line)) goto done;
            if (is_body_name(s, bb, 0) && pick_add(&body, name_dup(s, bb), line)) goto done;
        } else if (date_line(s, n, iso)) {
            if (pick_add(&date, text_dup(iso, 10), line)) goto done;
        } else if (is_council_name(s, n)) {
            if (pick_add(&council, name_dup(s, n), line)) goto done;
        } else if (is_body_name(s, n, 1)) {
            if (pick_add(&body_alone, name_dup(s, n), line)) goto done;
        }
    }
    pick_use(&council, &d->council, &d->council_src, META_TEXT, "council", dg);
    pick_use(&body, &d->committee, &d->committee_src, META_TEXT, "committee", dg);
    if (!body.val && !body.other) pick_use(&body_alone, &d->committee, &d->committee_src, META_TEXT, "committee", dg);
    pick_use(&date, &d->date, &d->date_src, META_TEXT, "date", dg);
    if (!date.val) pick_use(&issue, &d->date, &d->date_src, META_TEXT, "date", dg);
    /* the title the parser took from the title block (demote_preamble) */
    if (*d->title && d->title_src == META_NONE) d->title_src = META_TEXT;
    if (name_date(d->path, iso)) {
        if (!*d->date) {
            char *v = text_dup(iso, 10);
            if (!v) goto done;
            free(d->date);
            d->date = v;
            d->date_src = META_NAME;
        } else if (d->date_src == META_TEXT && strcmp(d->date, iso)) {
            load_report(dg, SC_DIAG_NOTE, 0, 0, "the file name says %s but the minutes say %s; the minutes' date is used",
                        iso, d->date);
        }
    }
    rc = 0;
done:
    pick_free(&council);
    pick_free(&body);
    pick_free(&body_alone);
    pick_free(&date);
    pick_free(&issue);
    return rc;
}

const char *load_meta_source(int src)
{
    static const char *const names[] = { "none", "front", "text", "name", "default" };
    return src >= 0 && src <= META_DEFAULT ? names[src] : "none";
}
