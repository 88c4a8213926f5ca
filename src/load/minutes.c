/*
 * minutes.c — the structure of ModernGov minutes text: items, sections, paragraphs, resolutions.
 *
 * One pass over the lines with a little state (current item, section, resolution block). The
 * grammar is the table `grammar` at the end: ordered rows of a line classifier and an action,
 * so each quirk of real councils lives in one row; the word tables (markers, votes, deciding
 * bodies, labels) carry flags for where and in which case a word counts. The forms:
 *   item starts   "Agenda item", "Meeting: 21/04/2016 - Panel (Item 28)", numbered headings
 *                 ("6 Title PDF 60 KB", "219 DECLARATIONS OF INTEREST", "Item 5: Title",
 *                 "Agenda Item 5 – Title", "Minute No. 12 Title", "CYP/23/41 TITLE", "64." alone)
 *   labels        "Minutes:", "Supporting documents:", "PRESENT:", "Decision:", inline or alone
 *   resolutions   "RESOLVED", "RESOLVED: That", "Resolved –", "RESOLVEDThat", "AGREED:",
 *                 "It was agreed that:", "NOTED", "RESOLVED UNANIMOUSLY:", "RECOMMENDED to
 *                 Cabinet:", "6.2 Resolved that", followed by (1)/(i)/a)/A./1./bullet entries,
 *                 or one inline sentence, or inline "(a) … and (b) …" lists; a marker inside a
 *                 sentence after the deciding body ("The Panel AGREED:"); "ACTION: X to ..."
 *   paragraphs    one per line; a line starting in lower case after a line without closing
 *                 punctuation continues it, and so does any line after one that stops on a
 *                 comma or a word such as "the" (PDF dumps and Word exports wrap lines)
 * Blank means only spaces, tabs or NBSP; "dot", "Original Text:", lone page numbers, page
 * footers and "Chair's initials" are page debris, not content; Markdown emphasis is not
 * content either. Spans are byte ranges here; load_extract() turns them into lines and
 * columns.
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
    uint32_t a, b; /* content range: trimmed, table pipes removed */
    int blank;
} lineinfo;

typedef struct {
    model_doc *d;
    int item;           /* current item or -1 */
    int sec;            /* current section or -1 */
    int pending_title;  /* the next content line is the current item's title */
    int numbered;       /* the document numbers its items */
    long cur_num;       /* number of the current item, -1 when none */
    long last_list;     /* last numeric paragraph label seen, -1 when none */
    int res_state;      /* 0 outside a resolution block, 1 awaiting entries, 2 has entries */
    int last_para;      /* paragraph that a continuation line extends, or -1 */
    int implicit;       /* items[0] was made up because text came before any heading */
    int res_block;      /* first resolution of the current resolution block */
    uint32_t bare_a, bare_b; /* the marker word of the block ("NOTED"), 0/0 for a label */
    unsigned bare_flags; /* that marker's flags (MARK_ALONE ...) */
    int caps;           /* the items are headed by unnumbered capitals ("PLACEMENT STABILITY") */
    int parent;         /* resolution whose entry ends with ':' and takes in its sub-entries, or -1 */
    char parent_mark[8]; /* the style of that entry's label or bullet (list_style) */
    int table;          /* an agenda table ("No. Item", titles with "pdf icon" links): unnumbered
                         * titles alone between blank lines head items */
    int pages;          /* "Agenda item" pages: each item is headed by that line */
    int bare_agenda;    /* the current item is an "Agenda item" line still waiting for its title */
    long minute;        /* N of the last paragraph numbered "N.k" in the current item, -1 when none */
    /* the scan */
    int prev_blank;     /* the last line was blank (or there was none) */
    int seen;           /* a line with content was seen */
    int first_line;     /* the first line with content, 1-based */
    uint32_t first_off; /* and its offset */
    lineinfo last;      /* the last line with content */
} pstate;

static int close_block(pstate *ps);

/* ---- small character helpers ---------------------------------------------------------- */

static int is_upper_at(const char *s, size_t n) { return n > 0 && isupper((unsigned char)s[0]); }
static int is_lower_at(const char *s, size_t n) { return n > 0 && islower((unsigned char)s[0]); }

/* Does the text end with closing punctuation (ignoring quotes and brackets)? */
static int ends_terminal(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ')' || s[n - 1] == '"' || s[n - 1] == '\'')) n--;
    if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
        ((unsigned char)s[n - 1] == 0x9D || (unsigned char)s[n - 1] == 0x99))
        n -= 3;
    return n > 0 && text_in(".?!:;", s[n - 1]);
}

/* The word lists below, one bit each in one hashed set (built once, see word_lists at the end):
 * a word is looked up once, whatever the list. */
enum {
    M_OPEN_END = 1 << 0,         /* open_ends */
    M_HEADER_CELL = 1 << 1,      /* header_cells */
    M_STATEMENT_VERB = 1 << 2,   /* statement_verbs */
    M_STATEMENT_OPENER = 1 << 3, /* statement_openers */
    M_ADVERB = 1 << 4,           /* adverbs */
    M_SUBORDINATOR = 1 << 5,     /* subordinators */
    M_PAPER = 1 << 6,            /* papers */
    M_NOT_SUBJECT = 1 << 7,      /* not_subject */
    M_IRREGULAR = 1 << 8,        /* irregular */
    M_CONJ = 1 << 9,             /* conjunctions */
    M_CHROME = 1 << 10,          /* chrome */
    M_DECIDES = 1 << 11,         /* the first words of the verbs and markers of a decision */
};

static const wordset *word_lists(void);
static inline uint32_t letter_bit(char c);
/* the first letters (letter_bit) of the section labels, and of the resolution markers and the
 * votes before them: a line that starts with none is neither (built with the word lists) */
static uint32_t label_firsts, marker_firsts;
/* the second letters (letter_bit) of the M_DECIDES words by their first (a at 0); 0 for a letter
 * none starts with */
static uint32_t decides_seconds[26];

/* Is the word s[0..n) (any case) in one of the lists in `sets`? */
static int word_in(const char *s, size_t n, uint32_t sets)
{
    const wordset_entry *e = wordset_find(word_lists(), s, n);
    return e && (e->sets & sets);
}

static const char *const open_ends[] = { "a", "an", "the", "of", "to", "in", "at", "by", "for", "with", "from",
                                         "on", "and", "or", "that", "was", "were", "is", "are", "be", "been",
                                         "as", "than", "within", "into", "which", "whose", "per" };

/* Does the text stop mid-sentence: on a comma or a word no sentence ends with ("... inspection
 * by", "... stood at")? A line after it continues it whatever its first letter. */
static int ends_open(const char *s, size_t n)
{
    if (n > 0 && s[n - 1] == ',') return 1;
    size_t w = n;
    while (w > 0 && isalpha((unsigned char)s[w - 1])) w--;
    if (w == n || (w > 0 && s[w - 1] != ' ')) return 0;
    return word_in(s + w, n - w, M_OPEN_END);
}

/* Byte length of a bullet character at s, or 0. */
static int bullet_len(const char *s, size_t n)
{
    static const char *const bullets[] = {
        "\xC2\xB7", "\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x96\xAA", "\xEF\x82\xB7", "\xEF\x82\xA7",
        "\xE2\x80\xA3", "\xE2\x81\x83",
    };
    /* every bullet below starts with one of these bytes: most lines fail here */
    if (n == 0 || !text_in("\xC2\xE2\xEF-*o", s[0])) return 0;
    for (size_t i = 0; i < sizeof bullets / sizeof *bullets; i++) {
        size_t k = strlen(bullets[i]);
        if (n >= k && memcmp(s, bullets[i], k) == 0) return (int)k;
    }
    /* characters that are bullets only before a space, tab or NBSP: "- ", "*\t", "–", and the
     * "o" of Word's second-level bullets */
    static const char *const spaced[] = { "\xE2\x80\x93", "-", "*", "o" };
    for (size_t i = 0; i < sizeof spaced / sizeof *spaced; i++) {
        size_t k = strlen(spaced[i]);
        int sl;
        if (n > k && memcmp(s, spaced[i], k) == 0 && text_is_space(s + k, n - k, &sl)) return (int)k;
    }
    return 0;
}

static int is_roman(const char *s, size_t n)
{
    if (n == 0 || n > 5) return 0;
    for (size_t i = 0; i < n; i++)
        if (!text_in("ivxIVX", s[i])) return 0;
    return 1;
}

/* A paragraph label at the start of s: bullet, "(1)", "(ii)", "(a)", "1.", "1)", "7.1", "20.1.1",
 * "1a", "a)", "iv)", "b.". Returns the body offset (after following spaces), 0 when none.
 * *bullet is set for bullets; *la and *lb bound the label characters. */
static size_t para_label(const char *s, size_t n, int *bullet, size_t *la, size_t *lb)
{
    size_t i = 0, k;
    int sl;
    *bullet = 0;
    *la = *lb = 0;
    int bl = bullet_len(s, n);
    if (bl) {
        *bullet = 1;
        *la = 0;
        *lb = (size_t)bl;
        i = (size_t)bl;
        goto body;
    }
    if (n > 2 && s[0] == '(') {
        for (k = 1; k < n && k < 7 && isalnum((unsigned char)s[k]); k++) {}
        if (k < n && s[k] == ')' && k > 1) {
            size_t m = k - 1;
            int ok = 1;
            for (size_t j = 1; j < k; j++) ok &= isdigit((unsigned char)s[j]) != 0;
            if (ok || m == 1 || is_roman(s + 1, m)) {
                *la = 1;
                *lb = k;
                i = k + 1;
                goto body;
            }
        }
        return 0;
    }
    if (n > 1 && isdigit((unsigned char)s[0])) {
        k = 0;
        while (k < n && k < 3 && isdigit((unsigned char)s[k])) k++;
        int dotted = 0, letter = 0;
        while (k + 1 < n && s[k] == '.' && isdigit((unsigned char)s[k + 1])) {
            k++;
            while (k < n && isdigit((unsigned char)s[k])) k++;
            dotted = 1;
        }
        if (k < n && islower((unsigned char)s[k]) && (k + 1 >= n || !isalpha((unsigned char)s[k + 1]))) {
            k++;
            letter = 1;
        }
        size_t end = k;
        int punct = 0;
        if (k < n && (s[k] == '.' || s[k] == ')')) { k++; punct = 1; }
        if (!(dotted || letter || punct)) return 0;
        if (k < n && !text_is_space(s + k, n - k, &sl)) return 0;
        *la = 0;
        *lb = end;
        i = k;
        goto body;
    }
    if (n > 2 && isalpha((unsigned char)s[0])) {
        k = 0;
        while (k < n && k < 5 && isalpha((unsigned char)s[k])) k++;
        /* "b." and lower-case roman "iv." take a dot too */
        if (k < n && (s[k] == ')' || (s[k] == '.' && (islower((unsigned char)s[0]) || k == 1))) &&
            (k == 1 || is_roman(s, k)) && k + 1 < n && text_is_space(s + k + 1, n - k - 1, &sl)) {
            /* "A. That ...", "B. to ...": a capital letter with a dot is a label before a
             * resolution's opening word only, so "A. Patel reported" keeps its initial */
            size_t w = k + 1 + text_ltrim(s + k + 1, n - k - 1);
            int res_word = text_istarts(s + w, n - w, "that ") || text_istarts(s + w, n - w, "to ") ||
                           text_istarts(s + w, n - w, "the ") || (w < n && islower((unsigned char)s[w]));
            if (s[k] == '.' && !(k == 1 && text_in("abcdefgh", s[0])) &&
                !(k == 1 && text_in("ABCDEFGH", s[0]) && res_word) &&
                !(is_roman(s, k) && islower((unsigned char)s[k - 1])))
                return 0;
            *la = 0;
            *lb = k;
            i = k + 1;
            goto body;
        }
    }
    return 0;
body:
    while (i < n && text_is_space(s + i, n - i, &sl)) i += (size_t)sl;
    return i ? i : 1;
}

/* ---- line classifiers -------------------------------------------------------------------- */

static int word_end(const char *s, size_t n, size_t k)
{
    return k >= n || !isalpha((unsigned char)s[k]);
}

/* "Agenda item", "Agenda item 5", "Agenda Item:" alone on a line. */
static int is_agenda_item(const char *s, size_t n)
{
    if (!text_istarts(s, n, "agenda item")) return 0;
    for (size_t i = 11; i < n; i++)
        if (!isdigit((unsigned char)s[i]) && !text_in(" :.\t", s[i]) && !isalpha((unsigned char)s[i]))
            return 0;
    return n < 24;
}

/* Strips "PDF 60 KB", "(PDF 1 MB)" and similar link debris from the end of a title. */
static size_t strip_pdf(const char *s, size_t n, int *had)
{
    *had = 0;
    size_t m = text_rtrim(s, n);
    /* agenda page references: "(Pages 7 - 20)", "(Page 5)" */
    if (m > 8 && s[m - 1] == ')') {
        size_t o = m - 1;
        while (o > 0 && s[o] != '(') o--;
        if (s[o] == '(' && o > 0 && text_istarts(s + o + 1, m - o - 1, "page")) {
            size_t q = o + 5;
            if (q < m && (s[q] == 's' || s[q] == 'S')) q++;
            int digits = 0;
            while (q < m - 1) {
                if (isdigit((unsigned char)s[q])) { digits = 1; q++; }
                else if (text_in(" \t-,", s[q])) q++;
                else if (m - q > 3 && !memcmp(s + q, "\xE2\x80\x93", 3)) q += 3;
                else if (text_istarts(s + q, m - q, "to ")) q += 3;
                else if (text_istarts(s + q, m - q, "and ")) q += 4;
                else break;
            }
            if (q == m - 1 && digits) {
                *had = 1;
                return text_rtrim(s, o);
            }
        }
    }
    if (m && s[m - 1] == ')') m--;
    m = text_rtrim(s, m);
    if (m < 6) return n;
    size_t k = m;
    /* the size: "60 KB", "1 MB", "(268K/bytes)" */
    if (text_istarts(s + k - 2, 2, "KB") || text_istarts(s + k - 2, 2, "MB")) k -= 2;
    else if (k > 8 && text_istarts(s + k - 7, 7, "K/bytes")) k -= 7;
    else return n;
    k = text_rtrim(s, k);
    size_t d = k;
    while (d > 0 && (isdigit((unsigned char)s[d - 1]) || s[d - 1] == '.')) d--;
    if (d == k) return n;
    k = text_rtrim(s, d);
    int typed = 0;
    if (k && s[k - 1] == '(') k = text_rtrim(s, k - 1); /* "Minutes (268K/bytes)" has no type */
    else if (k < 3 || !(text_istarts(s + k - 3, 3, "PDF") || text_istarts(s + k - 3, 3, "DOC"))) return n;
    else k = text_rtrim(s, k - 3), typed = 1;
    /* the link's image: "Title pdf icon PDF 87 KB" */
    if (k >= 4 && text_istarts(s + k - 4, 4, "icon") && (k == 4 || s[k - 5] == ' ')) {
        size_t w = text_rtrim(s, k - 4);
        k = w >= 3 && text_istarts(s + w - 3, 3, "pdf") && (w == 3 || s[w - 4] == ' ') ? text_rtrim(s, w - 3) : w;
    }
    if (k && s[k - 1] == '(') k = text_rtrim(s, k - 1);
    *had = 1 + typed;
    return k;
}

static const char *const header_cells[] = { "no", "no.", "number", "item", "items", "item/resolution",
                                            "resolution", "title", "subject", "|" };

/* The header row of ModernGov's agenda table, flattened: "No. Item", "No. | Item |", "Item
 * Number Item/Resolution". Its items follow as titles, numbered or not. */
static int table_header(const char *s, size_t n)
{
    if (n > 48) return 0;
    int words = 0, no = 0, item = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ') i++;
        size_t w = i;
        while (i < n && s[i] != ' ') i++;
        if (i == w) break;
        if (!word_in(s + w, i - w, M_HEADER_CELL)) return 0;
        words++;
        no |= text_istarts(s + w, i - w, "no") || text_istarts(s + w, i - w, "number");
        item |= text_istarts(s + w, i - w, "item");
    }
    return words >= 2 && no && item;
}

static const char *const statement_verbs[] = { "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
                                               "will", "would", "shall", "should", "can", "could", "may", "might",
                                               "must", "did", "does" };

static const char *const statement_openers[] = { "no", "none", "nil", "there", "it", "they", "he", "she", "we", "i",
                                                 "that", "to", "councillor", "councillors", "cllr", "cllrs", "mr", "mrs",
                                                 "ms", "miss", "dr" };

/* Does s[0..n) read as an agenda title, not a sentence: short, opening with a capital, without
 * closing punctuation, and with no verb of the kind every statement has ("were", "has", "will")
 * nor a statement's opening ("No declarations of interest", "There were none")? */
static int title_like(const char *s, size_t n)
{
    if (n < 3 || n > 150) return 0;
    if (!is_upper_at(s, n) && !isdigit((unsigned char)s[0]) && s[0] != '"' && (unsigned char)s[0] != 0xE2) return 0;
    char last = s[n - 1];
    if ((ends_terminal(s, n) && last != '?') || text_in(",-", last) || ends_open(s, n)) return 0;
    int words = 0, commas = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ') i++;
        size_t w = i;
        while (i < n && s[i] != ' ') i++;
        if (i == w) break;
        size_t e = i;
        while (e > w && text_in(",;()", s[e - 1])) e--;
        commas += s[i - 1] == ',';
        /* "held on 9 May 2025": May after a day's number is the month */
        int month = w >= 2 && isdigit((unsigned char)s[w - 2]) && e - w == 3 && text_istarts(s + w, 3, "may");
        if (!month && word_in(s + w, e - w, M_STATEMENT_VERB)) return 0;
        if (words == 0 && word_in(s + w, e - w, M_STATEMENT_OPENER)) return 0;
        if (words <= 1 && s[i - 1] == ':') return 0;                 /* "ACTION: Head of Service" */
        if (words == 1 && text_istarts(s + w, e - w, "councillor")) return 0; /* "County Councillor X" */
        if (commas && e - w == 3 && text_istarts(s + w, 3, "and")) return 0;  /* "A, B and C": names */
        words++;
    }
    return words <= 16 && commas <= 1;
}

/* Share of upper-case letters among letters, in percent; -1 with fewer than 3 letters. */
static int upper_share(const char *s, size_t n)
{
    int up = 0, all = 0;
    for (size_t i = 0; i < n; i++) {
        if (isalpha((unsigned char)s[i])) {
            all++;
            up += isupper((unsigned char)s[i]) != 0;
        }
    }
    return all < 3 ? -1 : up * 100 / all;
}

/* A committee's own minute reference: "CYP/23/41", "CSC.45" (capitals, then numbers after '/'
 * or '.'). Returns its length, 0 when s starts with none. */
static size_t coded_number(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && i < 6 && isupper((unsigned char)s[i])) i++;
    if (i < 2) return 0;
    int groups = 0;
    while (i + 1 < n && (s[i] == '/' || s[i] == '.') && isdigit((unsigned char)s[i + 1])) {
        size_t g = ++i;
        while (i < n && i - g < 4 && isdigit((unsigned char)s[i])) i++;
        if (i < n && isdigit((unsigned char)s[i])) return 0;
        groups++;
    }
    return groups && i < n && (s[i] == ' ' || s[i] == '.' || s[i] == ':' || (unsigned char)s[i] == 0xC2) ? i : 0;
}

/* An item number at the start of the line: "5 Title", "5. Title", "Item 5 - Title", "Minute 12
 * Title", "Minute No. 12 Title", "12/24 Title", "CYP/23/41 TITLE". Returns the title's offset (0
 * when none); [*na, *nb) bounds the number, and *na > 0 when a word ("Item") came before it. */
static size_t item_number(const char *s, size_t n, size_t *na, size_t *nb)
{
    static const char *const words[] = { "agenda item ", "item ", "minute no. ", "minute no ", "minute ", "min. " };
    size_t i = 0;
    int sl;
    unsigned char f = n ? text_lower((unsigned char)s[0]) : 0; /* each of the words starts a, i or m */
    for (size_t w = 0; (f == 'a' || f == 'i' || f == 'm') && w < sizeof words / sizeof *words && !i; w++)
        if (text_istarts(s, n, words[w]) && strlen(words[w]) < n && isdigit((unsigned char)s[strlen(words[w])]))
            i = strlen(words[w]);
    size_t st = i, code = st ? 0 : coded_number(s, n);
    if (code) {
        i = code;
    } else {
        while (i < n && i - st < 4 && isdigit((unsigned char)s[i])) i++;
        if (i == st || (i < n && isdigit((unsigned char)s[i]))) return 0;
        /* "12/24", "2024/12": councils that number minutes within the municipal year */
        if (st == 0 && i + 1 < n && s[i] == '/' && isdigit((unsigned char)s[i + 1])) {
            size_t g = i + 1;
            while (g < n && g - i - 1 < 4 && isdigit((unsigned char)s[g])) g++;
            if (g - i - 1 == 2 || g - i - 1 == 4) i = g;
            if (g < n && (isdigit((unsigned char)s[g]) || s[g] == '/')) return 0;
        }
        if (i < n && islower((unsigned char)s[i]) && i + 1 < n && !isalpha((unsigned char)s[i + 1])) i++;
    }
    *na = st;
    *nb = i;
    if (i < n && (s[i] == '.' || s[i] == ':')) i++;
    if (i < n && s[i] == '.') return 0;
    size_t sp = i;
    while (i < n && text_is_space(s + i, n - i, &sl)) i += (size_t)sl;
    if (i == sp || i >= n) return 0;
    /* "Item 5 - Title", "Item 6 – Title" */
    if (st > 0 && i + 1 < n && (s[i] == '-' || s[i] == ':' || (i + 3 < n && !memcmp(s + i, "\xE2\x80\x93", 3)))) {
        i += s[i] == '\xE2' ? 3 : 1;
        while (i < n && text_is_space(s + i, n - i, &sl)) i += (size_t)sl;
    }
    return i;
}

/* Is s[0..n) a financial year, "2024/25"? */
static int fin_year(const char *s, size_t n)
{
    if (n != 7 || s[4] != '/') return 0;
    for (size_t i = 0; i < n; i++)
        if (i != 4 && !isdigit((unsigned char)s[i])) return 0;
    int y = atoi(s), z = atoi(s + 5);
    return y >= 1900 && y <= 2099 && z == (y + 1) % 100;
}

/* The sequence number of an item number: "12" of "12/24", "12" of "2024/12", "41" of
 * "CYP/23/41". */
static long item_seq(const char *s, size_t n)
{
    if (n && isalpha((unsigned char)s[0])) {
        long v = 0;
        for (size_t i = 0; i < n; i++) v = isdigit((unsigned char)s[i]) ? v * 10 + (s[i] - '0') : 0;
        return v;
    }
    char *e;
    long v = strtol(s, &e, 10);
    if (*e == '/' && e - s == 4) v = strtol(e + 1, NULL, 10);
    return v;
}

typedef struct {
    sec_kind kind;
    const char *name;
    int needs_colon; /* alone on its line it still needs the colon */
} label_def;

static const label_def labels[] = {
    { SEC_MINUTES, "Minutes", 0 },
    { SEC_MINUTES, "Minute", 1 },
    { SEC_SUPPORTING, "Supporting documents", 0 },
    { SEC_ADDITIONAL, "Additional documents", 0 },
    { SEC_PREAMBLE, "Purpose", 1 },
    { SEC_PRESENT, "Present", 1 },
    { SEC_PRESENT, "In attendance", 1 },
    { SEC_PRESENT, "Also present", 1 },
    { SEC_PRESENT, "Officers present", 1 },
    { SEC_APOLOGIES, "Apologies for absence", 1 },
    { SEC_APOLOGIES, "Apologies", 1 },
    { SEC_RESOLVED, "Decision", 1 },
    /* what a committee without decision powers resolves to put to the Cabinet */
    { SEC_RESOLVED, "Recommendation(s)", 1 },
    { SEC_RESOLVED, "Recommendations", 1 },
    { SEC_RESOLVED, "Recommendation", 1 },
};

/* A section label at the start of the line. Returns the offset of inline text after it (n when
 * none), or 0 when the line is no label. */
static size_t section_label(const char *s, size_t n, sec_kind *kind, size_t *name_len)
{
    int sl;
    if (n == 0 || !(letter_bit(s[0]) & label_firsts)) return 0;
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
        if (!text_istarts(s, n, labels[i].name)) continue;
        size_t k = strlen(labels[i].name);
        if (!word_end(s, n, k)) continue;
        size_t j = k;
        while (j < n && text_is_space(s + j, n - j, &sl)) j += (size_t)sl;
        int colon = j < n && s[j] == ':';
        if (colon) j++;
        if (j < n && s[j] == '-') j++; /* "PRESENT:-" */
        while (j < n && text_is_space(s + j, n - j, &sl)) j += (size_t)sl;
        if (!colon && (labels[i].needs_colon || j < n)) continue;
        *kind = labels[i].kind;
        *name_len = k;
        return j;
    }
    return 0;
}

/* Any other short heading ending with a colon: "Reasons for the decision:". Checked after
 * resolution markers, so "Resolved:" stays a marker. */
static size_t other_label(const char *s, size_t n, sec_kind *kind, size_t *name_len)
{
    /* "That:" under a resolution marker introduces its list; it is no heading */
    if (text_istarts(s, n, "that") && (n == 4 || !isalpha((unsigned char)s[4]))) return 0;
    if (n >= 3 && n <= 48 && s[n - 1] == ':' && is_upper_at(s, n)) {
        int words = 1;
        for (size_t i = 0; i < n; i++) {
            if (s[i] == ' ') words++;
            if (text_in(".,;()", s[i])) return 0;
        }
        if (words <= 4) {
            *kind = SEC_OTHER;
            *name_len = n - 1;
            return n;
        }
    }
    return 0;
}

/* Skips spaces and the dashes, colons and commas that separate a marker from its text. */
static size_t skip_sep(const char *s, size_t n, size_t i)
{
    int sl;
    for (;;) {
        if (i < n && text_is_space(s + i, n - i, &sl)) i += (size_t)sl;
        else if (i < n && text_in(":,;-*", s[i])) i++; /* '*': "**RESOLVED:** That" */
        else if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
                 ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94)) i += 3;
        else return i;
    }
}

/* After a marker, "that" followed by a dash or colon ("RESOLVED, that – the report ...") only
 * introduces the resolution, so it belongs to the marker. Returns where the body starts. */
static size_t skip_intro_that(const char *s, size_t n, size_t j)
{
    if (!text_istarts(s + j, n - j, "that") || !word_end(s, n, j + 4)) return j;
    size_t e = skip_sep(s, n, j + 4);
    for (size_t q = j + 4; q < e; q++)
        if (s[q] == ':' || s[q] == '-' || (unsigned char)s[q] == 0xE2) return e;
    return j;
}

/* The words of a vote: before a marker in capitals ("UNANIMOUSLY RESOLVED:"), or after it
 * ("RESOLVED unanimously", "Agreed (nem. con.) that"). */
enum {
    VOTE_AFTER = 1,  /* after the marker, in any case */
    VOTE_BEFORE = 2, /* before the marker, in capitals */
};
static const struct {
    const char *word;
    unsigned flags;
} votes[] = {
    { "unanimously", VOTE_AFTER | VOTE_BEFORE }, { "nem. con.", VOTE_AFTER }, { "nem con", VOTE_AFTER },
    { "without dissent", VOTE_AFTER },           { "by consensus", VOTE_AFTER },
};

/* Does s start with `word` in capitals (word is written in lower case)? */
static int starts_caps(const char *s, size_t n, const char *word)
{
    for (size_t i = 0; word[i]; i++)
        if (i >= n || s[i] != (char)toupper((unsigned char)word[i])) return 0;
    return 1;
}

/* Does s start with `word` in title case, a capital then lower case ("Resolved")? */
static int starts_title(const char *s, size_t n, const char *word)
{
    if (n < 1 || s[0] != (char)toupper((unsigned char)word[0])) return 0;
    for (size_t i = 1; word[i]; i++)
        if (i >= n || s[i] != (char)tolower((unsigned char)word[i])) return 0;
    return 1;
}

/* A bit per letter in any case, one for every other byte: `letter_bit(c) & mask`, with mask the
 * first letters of a table's words, passes most words of a line after one test. */
static inline uint32_t letter_bit(char c)
{
    unsigned char l = text_lower((unsigned char)c);
    return l >= 'a' && l <= 'z' ? 1u << (l - 'a') : 1u << 26;
}

/* After a marker, how the vote went: "(unanimously)", "(by 6 votes to 2)", "(nem. con.)",
 * "UNANIMOUSLY", and to whom a recommendation goes: "to Cabinet:". A list label "(a)", "(iv)",
 * "(1)" is no vote. Returns where the text after them starts. */
static size_t skip_vote(const char *s, size_t n, size_t j)
{
    for (int round = 0; round < 3; round++) { /* "UNANIMOUSLY (by 9 votes to 0):" */
        size_t from = j;
        for (size_t v = 0; v < sizeof votes / sizeof *votes; v++) {
            size_t k = strlen(votes[v].word);
            if ((votes[v].flags & VOTE_AFTER) && text_istarts(s + j, n - j, votes[v].word) &&
                (j + k >= n || !isalpha((unsigned char)s[j + k]))) {
                j = skip_sep(s, n, j + k);
                break;
            }
        }
        if (j < n && s[j] == '(') {
            size_t e = j + 1;
            while (e < n && e - j < 48 && s[e] != ')' && s[e] != '(') e++;
            if (e < n && s[e] == ')' && e - j - 1 > 4) j = skip_sep(s, n, e + 1);
        }
        if (j == from) break;
    }
    /* "RECOMMENDED to Cabinet: That": the addressee, a few words up to a colon */
    if (text_istarts(s + j, n - j, "to ")) {
        int words = 1;
        for (size_t e = j + 3; e < n && e - j < 48 && words <= 5; e++) {
            if (s[e] == ':') return skip_sep(s, n, e + 1);
            if (text_in(".;,()", s[e])) break;
            words += s[e] == ' ';
        }
    }
    return j;
}

/* Past "that" after a marker ("It was agreed that", "The Panel RESOLVED that"): where the
 * resolution's own text starts. */
static size_t skip_that(const char *s, size_t n, size_t j)
{
    return text_istarts(s + j, n - j, "that") && word_end(s, n, j + 4) ? skip_sep(s, n, j + 4) : j;
}

/* The words before a marker that name who decides, with how they may decide. */
enum {
    BODY_NAMED = 1,    /* a body by name: decides in lower case too ("The Panel agreed to"), and
                        * "The Panel:" alone introduces its decisions */
    BODY_AFTER_IT = 2, /* "was": in lower case only in "it was agreed" */
    BODY_CAPS = 4,     /* the members: only in capitals ("Members AGREED"), or agreeing to do
                        * something ("Members agreed to re-elect"); "Members agreed that" is debate */
};
typedef struct {
    const char *word;
    size_t len;
    unsigned flags;
} body_def;
#define BODY(w, f) { w, sizeof w - 1, f }
static const body_def bodies[] = {
    BODY("committee", BODY_NAMED),     BODY("panel", BODY_NAMED),         BODY("board", BODY_NAMED),
    BODY("cabinet", BODY_NAMED),       BODY("forum", BODY_NAMED),         BODY("commission", BODY_NAMED),
    BODY("sub-committee", BODY_NAMED), BODY("subcommittee", BODY_NAMED),  BODY("was", BODY_AFTER_IT),
    BODY("members", BODY_CAPS),        BODY("councillors", BODY_CAPS),
};
#undef BODY

/* "The Committee:", "The Panel:" alone on a line: the deciding body introduces what it decided. */
static int body_colon(const char *s, size_t n)
{
    if (n < 6 || !text_istarts(s, n, "the ") || s[n - 1] != ':') return 0;
    for (size_t b = 0; b < sizeof bodies / sizeof *bodies; b++)
        if ((bodies[b].flags & BODY_NAMED) && n - 5 == bodies[b].len && text_istarts(s + 4, n - 5, bodies[b].word))
            return 1;
    return 0;
}

/* Where a marker's text starts, or n when nothing but a full stop follows ("NOTED."). */
static size_t marker_end(const char *s, size_t n, size_t j)
{
    return j >= n || (j + 1 == n && s[j] == '.') ? n : j;
}

/* The words that mark a decision, with where and how they do. */
enum {
    MARK_PHRASE = 1,   /* opens the line in any case, "that" after it is part of the marker: "It
                        * was agreed that" */
    MARK_CAPS = 2,     /* opens the line in capitals: "RESOLVED", "RESOLVEDThat", "NOTED." */
    MARK_TITLE = 4,    /* opens the line in title case, followed by a separator, a vote, "that" or
                        * nothing: "Resolved –", "Agreed that", but not "Noted concerns" */
    MARK_ALONE = 8,    /* alone with nothing under it, it is itself the resolution: "NOTED" (a bare
                        * "RESOLVED" says nothing) */
    MARK_MID = 16,     /* inside a sentence after the deciding body: "The Panel agreed to" */
    MARK_MID_CAPS = 32, /* ... only in capitals there ("The Committee NOTED"; "noted" is debate) */
    MARK_TO = 64,      /* the members deciding "to" do something decide ("Members agreed to
                        * re-elect"); "Members agreed that" is debate */
};
static const struct {
    const char *word; /* lower case */
    unsigned flags;
} markers[] = {
    { "it was resolved", MARK_PHRASE },
    { "it was agreed", MARK_PHRASE | MARK_ALONE },
    { "resolved", MARK_CAPS | MARK_TITLE | MARK_MID },
    { "agreed", MARK_CAPS | MARK_TITLE | MARK_ALONE | MARK_MID | MARK_TO },
    { "noted", MARK_CAPS | MARK_TITLE | MARK_ALONE | MARK_MID | MARK_MID_CAPS },
    { "recommended", MARK_CAPS },
    { "decision", MARK_CAPS },
};
#define N_MARKERS (sizeof markers / sizeof *markers)

/* A resolution marker at the start of the line: "RESOLVED", "Resolved:", "RESOLVEDThat",
 * "AGREED", "Agreed that -", "It was agreed that:", "NOTED", "DECISION". Returns the offset of
 * the text after the marker (n when none), or 0 when the line is not a marker. *klen gets the
 * length of the marker word(s) alone ("RESOLVED", "It was agreed"), the section's name, and
 * *flags the marker's flags. */
static size_t res_marker(const char *s, size_t n, size_t *klen, unsigned *flags)
{
    size_t k = 0;
    if (n == 0 || !(letter_bit(s[0]) & marker_firsts)) return 0;
    for (size_t m = 0; m < N_MARKERS; m++) {
        if (!(markers[m].flags & MARK_PHRASE) || !text_istarts(s, n, markers[m].word)) continue;
        k = strlen(markers[m].word);
        if (!word_end(s, n, k)) return 0;
        *klen = k;
        *flags = markers[m].flags;
        /* keep "That" out of the body only for the introductory phrase */
        return marker_end(s, n, skip_that(s, n, skip_vote(s, n, skip_sep(s, n, k))));
    }
    size_t pre = 0; /* "UNANIMOUSLY RESOLVED:" */
    for (size_t v = 0; v < sizeof votes / sizeof *votes && !pre; v++) {
        size_t vl = strlen(votes[v].word);
        if ((votes[v].flags & VOTE_BEFORE) && n > vl + 1 && starts_caps(s, n, votes[v].word) && s[vl] == ' ')
            pre = vl + 1;
    }
    for (size_t m = 0; m < N_MARKERS; m++) {
        if (!(markers[m].flags & MARK_CAPS) || !starts_caps(s + pre, n - pre, markers[m].word)) continue;
        k = pre + strlen(markers[m].word);
        if (k < n && islower((unsigned char)s[k])) return 0;
        if (k < n && isupper((unsigned char)s[k]) && !(text_istarts(s + k, n - k, "that"))) return 0;
        *klen = k;
        *flags = markers[m].flags;
        return marker_end(s, n, skip_intro_that(s, n, skip_vote(s, n, skip_sep(s, n, k))));
    }
    for (size_t m = 0; m < N_MARKERS; m++) {
        if (!(markers[m].flags & MARK_TITLE) || !starts_title(s, n, markers[m].word)) continue;
        k = strlen(markers[m].word);
        *klen = k;
        *flags = markers[m].flags;
        if (k == n) return n;
        size_t j = skip_sep(s, n, k);
        if (j == k) return 0;             /* "Resolvedly" or "Resolved" + letters */
        int sep = 0;
        for (size_t q = k; q < j; q++) sep |= s[q] != ' ';
        size_t v = skip_vote(s, n, j);
        if (v != j) { sep = 1; j = v; }
        if (sep || j >= n || text_istarts(s + j, n - j, "that")) return marker_end(s, n, skip_intro_that(s, n, j));
        return 0;
    }
    return 0;
}

static const char *const adverbs[] = { "unanimously", "therefore", "then", "also", "accordingly", "duly",
                                       "further", "formally" };

/* The word before offset i, past adverbs and commas ("The Committee, therefore, RESOLVED"):
 * returns its start, its end in *e. */
static size_t word_before(const char *s, size_t i, size_t *e)
{
    size_t end = i;
    for (;;) {
        while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == ',')) end--;
        size_t w = end;
        while (w > 0 && (isalpha((unsigned char)s[w - 1]) || s[w - 1] == '-')) w--;
        if (w == 0 || !word_in(s + w, end - w, M_ADVERB)) {
            *e = end;
            return w;
        }
        end = w;
    }
}

/* The flags of the deciding body s[w..e) (BODY_NAMED ...), 0 when it names none. */
static unsigned body_word(const char *s, size_t w, size_t e)
{
    for (size_t b = 0; b < sizeof bodies / sizeof *bodies; b++)
        if (e - w == bodies[b].len && text_istarts(s + w, e - w, bodies[b].word)) return bodies[b].flags;
    return 0;
}

static const char *const subordinators[] = { "when", "where", "whereby", "which", "as", "after", "because", "since",
                                             "although", "though", "while", "until", "once", "if", "before" };

/* Does the clause whose subject starts at w ("it", "the Committee") hang on a word such as
 * "when" or "after" ("... in 2023, when it was also agreed that ...")? Then it tells history. */
static int subordinate(const char *s, size_t w)
{
    if (w >= 4 && text_istarts(s + w - 4, 4, "the ")) w -= 4;
    size_t e, a = word_before(s, w, &e);
    return e > a && word_in(s + a, e - a, M_SUBORDINATOR);
}

/* The first j >= i below lim with a space before it (i >= 1), lim when none. */
static size_t word_after_space(const char *s, size_t i, size_t lim)
{
    if (i >= lim) return lim;
    const char *sp = memchr(s + i - 1, ' ', lim - i);
    return sp ? (size_t)(sp - s) + 1 : lim;
}

/* A marker inside the line's first clause: "The Committee RESOLVED to note ...", "Following
 * discussion it was RESOLVED that ...", "Members AGREED that ...". The word before it (past an
 * adverb) must name the deciding body, so "the actions AGREED last time" in a debate is no
 * marker; lower case counts only after the body's name ("The Panel agreed to ..."), or after the
 * members when they agree to do something ("Members agreed to re-elect ..."). Returns the
 * marker's offset (0 when none) and its length in *klen. */
static size_t mid_marker(const char *s, size_t n, size_t *klen)
{
    if (!is_upper_at(s, n)) return 0;
    uint32_t firsts = 0; /* of the markers that may stand inside a sentence */
    for (size_t m = 0; m < N_MARKERS; m++)
        if (markers[m].flags & MARK_MID) firsts |= letter_bit(markers[m].word[0]);
    size_t lim = n < 120 ? n : 120;
    /* the words in the first clause: before the first '.', ';', ':', '!' or '?' */
    size_t end = lim >= 6 ? lim - 5 : 1, stop = text_find_stop(s, 1, end);
    const char *c = memchr(s + 1, ';', stop - 1);
    if (c) stop = (size_t)(c - s);
    if ((c = memchr(s + 1, ':', stop - 1))) stop = (size_t)(c - s);
    for (size_t i = word_after_space(s, 1, stop); i < stop; i = word_after_space(s, i + 1, stop)) {
        if (!(letter_bit(s[i]) & firsts)) continue;
        size_t k = 0;
        unsigned mf = 0;
        for (size_t m = 0; m < N_MARKERS && !k; m++) {
            if (!(markers[m].flags & MARK_MID)) continue;
            if ((markers[m].flags & MARK_MID_CAPS) ? starts_caps(s + i, n - i, markers[m].word)
                                                   : text_istarts(s + i, n - i, markers[m].word)) {
                k = strlen(markers[m].word);
                mf = markers[m].flags;
            }
        }
        if (!k || !word_end(s, n, i + k)) continue;
        int upper = isupper((unsigned char)s[i + 1]) != 0;
        /* "proposed by ..., seconded by ... and RESOLVED that" */
        if (upper && i >= 5 && text_istarts(s + i - 5, 5, " and ")) {
            *klen = k;
            return i;
        }
        size_t e, w = word_before(s, i, &e);
        unsigned b = body_word(s, w, e);
        int it = w >= 3 && text_istarts(s + w - 3, 3, "it ");
        if (b && subordinate(s, (b & BODY_AFTER_IT) && it ? w - 3 : w)) return 0;
        if (b) {
            /* "Members agreed that" is debate, "the complaint was resolved" an outcome */
            int agreed_to = (mf & MARK_TO) && text_istarts(s + i + k, n - i - k, " to ");
            if (!upper && (((b & BODY_CAPS) && !agreed_to) || ((b & BODY_AFTER_IT) && !it))) return 0;
            *klen = k;
            return i;
        }
        /* "The Committee, having considered the report, RESOLVED that" */
        for (size_t q = 0; upper && q < i; q++) {
            if (q > 0 && s[q - 1] != ' ') continue;
            for (size_t bb = 0; bb < sizeof bodies / sizeof *bodies; bb++) {
                size_t bl = bodies[bb].len;
                if ((bodies[bb].flags & BODY_NAMED) && q + bl < i && text_istarts(s + q, i - q, bodies[bb].word) &&
                    s[q + bl] == ',') {
                    *klen = k;
                    return i;
                }
            }
        }
    }
    return 0;
}

static const char *const papers[] = { "report", "reports", "update", "updates", "presentation", "briefing",
                                      "information", "position", "progress", "contents", "content", "plan",
                                      "strategy", "policy", "minutes", "recommendation", "recommendations",
                                      "proposal", "proposals", "dataset", "document", "documents", "paper",
                                      "statement", "review", "assessment", "scorecard", "report's",
                                      "framework", "programme" };

/* Do the first few words of s name a paper before the meeting ("the annual report", "the
 * recommendations set out", "this update")? */
static int names_paper(const char *s, size_t n)
{
    for (size_t i = 0, words = 0; i < n && words < 6; words++) {
        size_t w = i;
        while (i < n && (isalpha((unsigned char)s[i]) || s[i] == '\'' || s[i] == '-')) i++;
        if (word_in(s + w, i - w, M_PAPER)) return 1;
        while (i < n && !isalpha((unsigned char)s[i])) i++;
        if (i == w) break;
    }
    return 0;
}

/* The verbs of a decision sentence after its deciding body (active) or after "was"/"were"
 * (passive). weak: decides only about a paper ("noted the report"; "noted the concerns raised"
 * records the debate); office: "... was elected as Vice-Chair". */
static const struct { const char *verb; int weak; } active[] = {
    { "received and noted", 0 }, { "noted and endorsed", 0 }, { "noted and agreed", 0 },
    { "noted and approved", 0 }, { "approved", 0 }, { "endorsed", 0 }, { "ratified", 0 }, { "adopted", 0 },
    { "noted", 1 }, { "accepted", 1 }, { "supported", 1 },
};
static const struct { const char *verb; int office; } passive[] = {
    { "agreed", 0 },  { "approved", 0 }, { "accepted", 0 },   { "confirmed", 0 }, { "endorsed", 0 },
    { "noted", 0 },   { "signed", 0 },   { "ratified", 0 },   { "adopted", 0 },   { "elected", 1 },
    { "re-elected", 1 }, { "appointed", 1 }, { "re-appointed", 1 },
};

/* sentences opening with these decide nothing (decision_sentence) */
static const char *const not_subject[] = { "it", "there", "this", "that", "he", "she", "they", "what" };

/* past participles without "-ed": "That a report be brought ..." (decision_sentence) */
static const char *const irregular[] = { "made", "given", "sent", "brought", "taken", "put", "held",
                                         "kept", "set", "written", "shown", "drawn", "sought" };

/* "..., when the plan was approved": a clause that tells history (decision_sentence) */
static const char *const conjunctions[] = { "when", "where", "whereby", "which", "because", "since", "although",
                                            "though", "while", "until", "once", "if" };

/* A decision written as a sentence, with no marker word: "The Committee received and noted the
 * report.", "The Panel endorsed the strategy.", "The minutes of the meeting held on 5 May were
 * agreed as a correct record.", "The dataset was received and noted." The verb follows the
 * deciding body (active) or "was"/"were" (passive; then the sentence ends there or goes on only
 * with "as a correct record", "subject to ...", "and signed", "by the Panel"). Reported speech
 * ("Members noted that ...", "... said that the plan was approved") is none. Returns 1 with the
 * words that name the decision in [*va, *vb) and the end of the sentence in *se. */
static int decision_sentence(const char *s, size_t n, size_t *va, size_t *vb, size_t *se)
{
    static const char *const joined[] = { "submitted and ", "received and ", "considered and ", "duly ",
                                          "unanimously ", "formally ", "also " };
    /* body_only: "by the Panel" and nothing more */
    static const struct { const char *words; int body_only; } after[] = {
        { "as a ", 0 },        { "as an ", 0 },     { "as the ", 0 },          { "as being ", 0 },
        { "to be a ", 0 },     { "to be an ", 0 },  { "to be the ", 0 },       { "subject to ", 0 },
        { "and signed", 0 },   { "and were signed", 0 }, { "and was signed", 0 }, { "without ", 0 },
        { "unanimously", 0 },  { "by the ", 1 },
    };
    if (!is_upper_at(s, n)) return 0;
    size_t e = 0; /* the first sentence: up to a full stop before a space or the end */
    for (;;) {
        /* the next '.', '!', '?' or ';', sixteen bytes a step */
        size_t stop = text_find_stop(s, e, n);
        const char *semi = memchr(s + e, ';', stop - e);
        e = semi ? (size_t)(semi - s) : stop;
        if (e >= n || e + 1 >= n || s[e + 1] == ' ') break;
        e++;
    }
    *se = e < n ? e + 1 : n;
    /* the resolution's own formula without its marker: "That the minutes ... be approved", "That
     * the Committee approves the draft report" */
    if (text_istarts(s, n, "that ")) {
        size_t b0 = 5 + (text_istarts(s + 5, e - 5, "the ") ? 4 : 0), b1 = b0;
        while (b1 < e && (isalpha((unsigned char)s[b1]) || s[b1] == '-')) b1++;
        if (body_word(s, b0, b1) & BODY_NAMED) {
            size_t v0 = b1 + text_ltrim(s + b1, e - b1), v1 = v0;
            while (v1 < e && isalpha((unsigned char)s[v1])) v1++;
            if (v1 - v0 > 3 && s[v1 - 1] == 's' && s[v1 - 2] != 's' && islower((unsigned char)s[v0])) {
                *va = 0;
                *vb = 4;
                return 1;
            }
        }
        for (size_t i = 5; i + 4 < e; i++) {
            if (s[i - 1] != ' ' || !text_istarts(s + i, e - i, "be ")) continue;
            size_t w = i + 3, x = w;
            while (x < e && (isalpha((unsigned char)s[x]) || s[x] == '-')) x++;
            if ((x - w > 3 && text_istarts(s + x - 2, 2, "ed")) ||
                word_in(s + w, x - w, M_IRREGULAR)) {
                *va = 0;
                *vb = 4;
                return 1;
            }
            return 0;
        }
        return 0;
    }
    size_t w0 = 0;
    while (w0 < e && isalpha((unsigned char)s[w0])) w0++;
    if (word_in(s, w0, M_NOT_SUBJECT)) return 0;
    uint32_t verbs = 0; /* the first letters of the verbs; and of "that", "was", "were" */
    for (size_t v = 0; v < sizeof active / sizeof *active; v++) verbs |= letter_bit(active[v].verb[0]);
    uint32_t firsts = verbs | letter_bit('t') | letter_bit('w');
    size_t lim = e > 5 ? e - 5 : 0; /* the words starting at i with i + 5 < e and i < 200 */
    if (lim > 200) lim = 200;
    for (size_t i = word_after_space(s, 1, lim); i < lim; i = word_after_space(s, i + 1, lim)) {
        uint32_t first = letter_bit(s[i]);
        if (!(first & firsts)) continue;
        unsigned char f = text_lower((unsigned char)s[i]); /* the words below are in lower case */
        if (f == 't' && text_istarts(s + i, e - i, "that ")) return 0; /* reported speech from here on */
        for (size_t v = 0; (first & verbs) && v < sizeof active / sizeof *active; v++) {
            if (f != (unsigned char)active[v].verb[0] || !text_istarts(s + i, e - i, active[v].verb)) continue;
            size_t k = strlen(active[v].verb);
            if (!word_end(s, e, i + k)) continue;
            size_t x = i + k + text_ltrim(s + i + k, e - i - k);
            if (text_istarts(s + x, e - x, "that") || text_istarts(s + x, e - x, "by") || x >= e) break;
            if (active[v].weak && !names_paper(s + x, e - x)) break;
            size_t be, bw = word_before(s, i, &be);
            if (!(body_word(s, bw, be) & BODY_NAMED) || subordinate(s, bw)) break;
            if (bw >= 4 && text_istarts(s + bw - 4, 4, "the ")) bw -= 4;
            *va = bw;
            *vb = i + k;
            return 1;
        }
        if (f != 'w' || !(text_istarts(s + i, e - i, "was ") || text_istarts(s + i, e - i, "were "))) continue;
        /* "..., when the plan was approved": a clause that tells history */
        for (size_t q = 0, w = 0; q < i; q++) {
            if (isalpha((unsigned char)s[q])) continue;
            if (word_in(s + w, q - w, M_CONJ)) return 0;
            w = q + 1;
        }
        size_t j = i + (s[i + 1] == 'a' ? 4 : 5);
        for (int round = 0; round < 2; round++)
            for (size_t q = 0; q < sizeof joined / sizeof *joined; q++)
                if (text_istarts(s + j, e - j, joined[q])) { j += strlen(joined[q]); break; }
        for (size_t v = 0; v < sizeof passive / sizeof *passive; v++) {
            if (!text_istarts(s + j, e - j, passive[v].verb)) continue;
            size_t k = strlen(passive[v].verb);
            if (!word_end(s, e, j + k)) continue;
            size_t x = j + k + text_ltrim(s + j + k, e - j - k);
            int ok = x >= e || s[x] == ',';
            /* "Councillor Crook was elected as Vice-Chair" */
            if (!ok && passive[v].office && text_istarts(s + x, e - x, "as ")) ok = 1;
            for (size_t a = 0; !ok && a < sizeof after / sizeof *after; a++) {
                size_t al = strlen(after[a].words);
                if (!text_istarts(s + x, e - x, after[a].words)) continue;
                ok = 1;
                if (after[a].body_only) {
                    size_t y = x + al, z = y;
                    while (z < e && (isalpha((unsigned char)s[z]) || s[z] == '-')) z++;
                    ok = (body_word(s, y, z) & BODY_NAMED) && z >= e;
                }
            }
            if (!ok) return 0;
            *va = i;
            *vb = j + k;
            return 1;
        }
        return 0;
    }
    return 0;
}

/* ---- building the model -------------------------------------------------------------------- */

static int new_item(pstate *ps, uint32_t off)
{
    model_doc *d = ps->d;
    if (close_block(ps)) return -1;
    int it = MODEL_PUSH(d->items);
    if (it < 0) return -1;
    model_item *m = &d->items.v[it];
    m->span.off = off;
    m->span.end = off;
    m->head.off = m->head.end = off;
    m->sec_first = d->secs.n;
    m->para_first = d->paras.n;
    m->res_first = d->ress.n;
    ps->item = it;
    ps->sec = -1;
    ps->res_state = 0;
    ps->last_para = -1;
    ps->pending_title = 0;
    ps->bare_agenda = 0;
    ps->last_list = -1;
    ps->minute = -1;
    return it;
}

static int set_title(pstate *ps, const char *s, uint32_t a, uint32_t b)
{
    model_doc *d = ps->d;
    model_item *m = &d->items.v[ps->item];
    int had;
    size_t n = strip_pdf(s + a, b - a, &had);
    /* "272 MINUTES –", "Item 5 - ": a separator with nothing after it is no part of the title */
    for (;;) {
        size_t q = text_rtrim(s + a, n);
        if (q && (s[a + q - 1] == '-' || s[a + q - 1] == ':')) n = q - 1;
        else if (q >= 3 && (unsigned char)s[a + q - 3] == 0xE2 && (unsigned char)s[a + q - 2] == 0x80 &&
                 ((unsigned char)s[a + q - 1] == 0x93 || (unsigned char)s[a + q - 1] == 0x94)) n = q - 3;
        else { n = q; break; }
    }
    free(m->title);
    m->title = text_dup_clean(s + a, n);
    m->head.off = a;
    m->head.end = a + (uint32_t)n;
    if (m->head.end == m->head.off) m->head.end = b;
    return m->title ? 0 : -1;
}

static int set_number(model_item *m, const char *s, size_t n)
{
    free(m->number);
    m->number = text_dup(s, n);
    return m->number ? 0 : -1;
}

static void touch(pstate *ps, uint32_t end)
{
    if (ps->item >= 0 && ps->d->items.v[ps->item].span.end < end) ps->d->items.v[ps->item].span.end = end;
}

static int new_section(pstate *ps, sec_kind kind, const char *name, size_t nlen, uint32_t a, uint32_t b)
{
    model_doc *d = ps->d;
    if (close_block(ps)) return -1;
    int si = MODEL_PUSH(d->secs);
    if (si < 0) return -1;
    model_section *sec = &d->secs.v[si];
    sec->span.off = a;
    sec->span.end = b;
    sec->kind = kind;
    sec->item = ps->item;
    sec->name = text_dup_clean(name, nlen);
    if (!sec->name) return -1;
    ps->sec = si;
    ps->res_state = kind == SEC_RESOLVED ? 1 : 0;
    ps->res_block = d->ress.n;
    ps->parent = -1;
    ps->bare_a = ps->bare_b = 0;
    ps->bare_flags = 0;
    ps->last_para = -1;
    touch(ps, b);
    return 0;
}

static int new_para(pstate *ps, uint32_t a, uint32_t b)
{
    model_doc *d = ps->d;
    int pi = MODEL_PUSH(d->paras);
    if (pi < 0) return -1;
    model_para *p = &d->paras.v[pi];
    p->span.off = a;
    p->span.end = b;
    p->item = ps->item;
    p->section = ps->sec;
    int bullet;
    size_t la, lb;
    size_t body = para_label(d->text + a, b - a, &bullet, &la, &lb);
    p->bullet = bullet;
    p->body.off = a + (uint32_t)body;
    p->body.end = b;
    if (body && !bullet) {
        p->label = text_dup(d->text + a + la, lb - la);
        if (!p->label) return -1;
        if (isdigit((unsigned char)p->label[0])) ps->last_list = strtol(p->label, NULL, 10);
    }
    ps->last_para = pi;
    touch(ps, b);
    return pi;
}

/* Trims list joiners (";", ",", " and", " or") from the end of an entry: "the report be noted; and". */
static uint32_t trim_entry(const char *t, uint32_t a, uint32_t b)
{
    for (;;) {
        uint32_t n = (uint32_t)text_rtrim(t + a, b - a) + a;
        if (n > a && text_in(";,", t[n - 1])) { b = n - 1; continue; }
        if (n >= a + 4 && text_istarts(t + n - 4, 4, " and") ) { b = n - 4; continue; }
        if (n >= a + 3 && text_istarts(t + n - 3, 3, " or")) { b = n - 3; continue; }
        return n;
    }
}

static int new_resolution(pstate *ps, uint32_t a, uint32_t b, uint32_t body, const char *label, size_t llen)
{
    model_doc *d = ps->d;
    int ri = MODEL_PUSH(d->ress);
    if (ri < 0) return -1;
    model_resolution *r = &d->ress.v[ri];
    b = trim_entry(d->text, body, b);
    r->span.off = a;
    r->span.end = b;
    r->body.off = body;
    r->body.end = b;
    r->item = ps->item;
    if (label) {
        r->label = text_dup(label, llen);
        if (!r->label) return -1;
    }
    ps->res_state = 2;
    return 0;
}

/* "NOTED" or "AGREED" alone, with nothing under it before the next section or item, is itself
 * the resolution (a bare "RESOLVED" says nothing and stays none). */
static int close_block(pstate *ps)
{
    if (ps->res_state != 1 || ps->bare_b <= ps->bare_a || ps->item < 0 || ps->d->ress.n != ps->res_block) return 0;
    if (!(ps->bare_flags & MARK_ALONE)) return 0;
    ps->res_state = 0;
    return new_resolution(ps, ps->bare_a, ps->bare_b, ps->bare_a, NULL, 0);
}

/* Drops the block's one unlabelled resolution when labelled entries follow it: "That the
 * Committee" (no colon) only introduced them. A full sentence ("... be noted.") stays. */
static void drop_intro(pstate *ps)
{
    model_doc *d = ps->d;
    if (ps->res_state != 2 || d->ress.n != ps->res_block + 1) return;
    model_resolution *r = &d->ress.v[d->ress.n - 1];
    const char *b = d->text + r->body.off;
    size_t n = r->body.end - r->body.off;
    if (r->label || !text_istarts(b, n, "that ") || ends_terminal(b, n)) return;
    int words = 1;
    for (size_t i = 0; i < n; i++) words += b[i] == ' ';
    if (words > 8) return;
    free(r->owner);
    d->ress.n--;
}

/* Finds marker number `k` (0-based) of a style in s[from..n) at a word start, with text after
 * it ("quarter 3." at the end of an entry is no marker). */
static const char *roman_tab[] = { "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii" };

/* Writes marker number k (0-based, below 12) of a style into m: "(a)", "(1)", "(i)", "a)", "1)",
 * "i)" or "1."; returns its length. */
static size_t marker_text(int style, int k, char *m)
{
    size_t l = 0;
    if (style <= 2) m[l++] = '(';
    if (style == 0 || style == 3) {
        m[l++] = (char)('a' + k);
    } else if (style == 2 || style == 5) {
        for (const char *r = roman_tab[k]; *r; r++) m[l++] = *r;
    } else {
        if (k + 1 >= 10) m[l++] = (char)('0' + (k + 1) / 10);
        m[l++] = (char)('0' + (k + 1) % 10);
    }
    m[l++] = style == 6 ? '.' : ')';
    return l;
}

static size_t find_marker(const char *s, size_t n, size_t from, int style, int k, size_t *mlen)
{
    char m[8];
    size_t ml = marker_text(style, k, m);
    for (size_t i = from; i + ml <= n; i++) {
        /* to the next byte that could start it */
        const char *c = memchr(s + i, m[0], n - ml + 1 - i);
        if (!c) break;
        i = (size_t)(c - s);
        if ((i == 0 || s[i - 1] == ' ' || s[i - 1] == '-' || s[i - 1] == ':' || (unsigned char)s[i - 1] == 0xA0) &&
            memcmp(s + i, m, ml) == 0 && i + ml < n && (s[i + ml] == ' ' || (unsigned char)s[i + ml] == 0xC2)) {
            *mlen = ml;
            return i;
        }
    }
    return (size_t)-1;
}

/* Splits "(a) … and (b) …" (and the other list styles) inside one line into resolutions.
 * Returns the number made, 0 when the text holds fewer than two markers in sequence. */
static int split_inline(pstate *ps, uint32_t a, uint32_t b)
{
    const char *t = ps->d->text;
    const char *s = t + a;
    size_t n = b - a;
    for (int style = 0; style < 7; style++) {
        size_t pos[12], len[12];
        int k = 0;
        size_t from = 0;
        while (k < 12) {
            size_t ml, p = find_marker(s, n, from, style, k, &ml);
            if (p == (size_t)-1) break;
            pos[k] = p;
            len[k] = ml;
            from = p + ml;
            k++;
        }
        if (k < 2) continue;
        for (int j = 0; j < k; j++) {
            uint32_t ea = a + (uint32_t)pos[j];
            uint32_t eb = j + 1 < k ? a + (uint32_t)pos[j + 1] : b;
            eb = trim_entry(t, ea, eb);
            uint32_t body = ea + (uint32_t)len[j];
            body += (uint32_t)text_ltrim(t + body, eb - body);
            const char *lab = s + pos[j];
            size_t ll = len[j];
            if (lab[0] == '(') { lab++; ll--; }
            ll--; /* closing ')' or '.' */
            if (new_resolution(ps, ea, eb, body, lab, ll)) return -1;
        }
        return k;
    }
    return 0;
}

/* "That", "that the Committee:", "That -" introduce entries on the next lines. */
static int intro_only(const char *t, uint32_t a, uint32_t b)
{
    size_t n = b - a;
    if (t[b - 1] == ':' || t[b - 1] == '-') return 1;
    return text_istarts(t + a, n, "that") && text_ltrim(t + a + 4, n - 4) == n - 4;
}

/* Starts a resolution block from a marker line whose text after the marker is [a, b). */
static int open_resolutions(pstate *ps, uint32_t a, uint32_t b)
{
    ps->res_state = 1;
    if (a >= b) return 0;
    int made = split_inline(ps, a, b);
    if (made) return made < 0 ? -1 : 0;
    if (intro_only(ps->d->text, a, b)) return 0;
    return new_resolution(ps, a, b, a, NULL, 0);
}

/* Is this line page debris? */
static int is_debris(const char *s, size_t n)
{
    if (n == 3 && memcmp(s, "dot", 3) == 0) return 1;
    /* the signature line at the foot of each page */
    if (text_istarts(s, n, "chair's initials") || text_istarts(s, n, "chairman's initials") ||
        text_istarts(s, n, "chair\xE2\x80\x99s initials") || text_istarts(s, n, "chairman\xE2\x80\x99s initials"))
        return 1;
    if (n <= 4) {
        size_t i = 0;
        while (i < n && isdigit((unsigned char)s[i])) i++;
        if (i == n) return 1; /* lone page number */
    }
    if (n > 24) return 0;
    /* page footers: "Page 5 of 12", "- 5 -", "– 5 –", "5 | Page", "Page | 5" */
    int digits = 0, word = 0;
    for (size_t i = 0; i < n;) {
        if (isdigit((unsigned char)s[i])) { digits = 1; i++; }
        else if (text_in(" \t-|", s[i])) i++;
        else if (n - i >= 3 && !memcmp(s + i, "\xE2\x80\x93", 3)) i += 3;
        else if (n - i >= 2 && !memcmp(s + i, "\xC2\xA0", 2)) i += 2;
        else if (text_istarts(s + i, n - i, "page") && word_end(s, n, i + 4) && !word) { word = 1; i += 4; }
        else if (text_istarts(s + i, n - i, "of") && word_end(s, n, i + 2) && word) i += 2;
        else return 0;
    }
    return digits && (word || s[0] == '-' || (unsigned char)s[0] == 0xE2);
}

/* Content range of a line: spaces and NBSP trimmed, table pipes from flattened HTML and
 * Markdown emphasis and heading marks ("**5. FOSTERING**", "## 5 Fostering") removed; a line of
 * only pipes, dashes and spaces is blank. */
static lineinfo line_content(const model_doc *d, int li)
{
    const model_line *l = &d->lines.v[li];
    const char *s = d->text + l->off;
    size_t a = 0, b = l->len;
    for (;;) {
        a += text_ltrim(s + a, b - a);
        b = text_rtrim(s, b);
        if (a < b && s[a] == '|') { a++; continue; }
        if (b > a && s[b - 1] == '|') { b--; continue; }
        if (a + 2 <= b && (s[a] == '*' || s[a] == '_') && s[a + 1] == s[a]) { a += 2; continue; }
        if (a + 2 <= b && (s[b - 1] == '*' || s[b - 1] == '_') && s[b - 2] == s[b - 1]) { b -= 2; continue; }
        if (a < b && s[a] == '#') {
            size_t h = a;
            while (h < b && s[h] == '#') h++;
            if (h < b && s[h] == ' ') { a = h; continue; }
        }
        break;
    }
    lineinfo li_ = { l->off + (uint32_t)a, l->off + (uint32_t)b, a >= b };
    int only_rule = 1;
    for (size_t i = a; i < b && only_rule; i++) only_rule = text_in("|-+= :", s[i]);
    if (only_rule) li_.blank = 1;
    return li_;
}

/* Is the line after line li blank, or is li the last? */
static int next_blank(const model_doc *d, int li)
{
    return li + 1 >= d->lines.n || line_content(d, li + 1).blank;
}

/* A title and its text on one line: "Apologies Minutes: None.", "Fostering Update – The Panel
 * received the annual report.", "Kinship Care: The Committee considered ...". Returns where the
 * text starts (the "Minutes:" label, or the sentence after the dash or colon) and the title's
 * length in *tl; 0 when the line is not one. With `label_only` only "Minutes:" separates. */
static size_t title_then_text(const char *s, size_t n, size_t *tl, int label_only)
{
    for (size_t i = 1; i + 3 < n && i < 150; i++) {
        if (s[i] != ' ') continue;
        size_t j = i + 1, sep = 0;
        if (text_istarts(s + j, n - j, "minutes:") && (s[j] == 'M')) {
            *tl = text_rtrim(s, i);
            return *tl && title_like(s, *tl) ? j : 0;
        }
        if (label_only) continue;
        if (s[j] == '-' || s[j] == ':') sep = 1;
        else if (j + 2 < n && (unsigned char)s[j] == 0xE2 && (unsigned char)s[j + 1] == 0x80 &&
                 ((unsigned char)s[j + 2] == 0x93 || (unsigned char)s[j + 2] == 0x94)) sep = 3;
        if (s[i - 1] == ':') { j = i; sep = 0; i--; } /* "Title: Text" */
        else if (!sep) continue;
        size_t r = j + sep;
        while (r < n && s[r] == ' ') r++;
        if (r == j + sep && sep) continue;
        /* the text is a sentence: a capital, closing punctuation, several words */
        int words = 0;
        for (size_t k = r; k < n; k++) words += s[k] == ' ';
        if (r >= n || !is_upper_at(s + r, n - r) || !ends_terminal(s, n) || words < 4) return 0;
        *tl = text_rtrim(s, i);
        return title_like(s, *tl) ? r : 0;
    }
    return 0;
}

/* The next line with content after line li, within a few blank lines, or -1. */
static int next_content(const model_doc *d, int li)
{
    for (int k = li + 1; k < d->lines.n && k <= li + 4; k++)
        if (!line_content(d, k).blank) return k;
    return -1;
}

/* Does line li go on in the next line ("... the Fostering" / "service was ...")? */
static int continued(const model_doc *d, int li)
{
    if (li + 1 >= d->lines.n) return 0;
    lineinfo N = line_content(d, li + 1);
    return !N.blank && is_lower_at(d->text + N.a, N.b - N.a);
}

/* Does one of the next two lines with content open with a section label ("Minutes:",
 * "Additional documents:"; with `minutes_only` only the first)? Then line li, in an agenda
 * table, is an item's title or purpose. */
static int label_soon(const model_doc *d, int li, int minutes_only)
{
    for (int k = 0, nx = li; k < 2 && (nx = next_content(d, nx)) >= 0; k++) {
        lineinfo N = line_content(d, nx);
        sec_kind sk;
        size_t nl;
        if (section_label(d->text + N.a, N.b - N.a, &sk, &nl))
            return sk == SEC_MINUTES || (!minutes_only && (sk == SEC_SUPPORTING || sk == SEC_ADDITIONAL));
    }
    return 0;
}

/* Is the next line with content a title ("1." then "Apologies for Absence")? */
static int title_next(const model_doc *d, int li)
{
    int nx = next_content(d, li), had;
    if (nx < 0) return 0;
    lineinfo N = line_content(d, nx);
    const char *s = d->text + N.a;
    return title_like(s, strip_pdf(s, N.b - N.a, &had));
}

/* Decides whether "N rest" is an item heading (see the file comment). */
static int heading_ok(pstate *ps, const char *line, size_t n, long num, const char *rest, size_t rn,
                      int had_pdf, int first, int item_word, int standalone)
{
    if (had_pdf) return 1;
    if (rn == 0 || rn > 200) return 0;
    if (!is_upper_at(rest, rn) && !isdigit((unsigned char)rest[0]) && rest[0] != '"' && (unsigned char)rest[0] != 0xE2)
        return 0;
    char last = rest[rn - 1];
    if (last == '.' || last == ';' || last == ',') return 0;
    int up = upper_share(rest, rn);
    if (up >= 70) return 1;
    if (first || item_word) return last != ':';
    /* the next number of a "1." / "2)" list is an entry, unless the line lacks that punctuation */
    int bl;
    size_t la, lb;
    int entry = num == ps->last_list + 1 && para_label(line, n, &bl, &la, &lb);
    /* a later number alone between blank lines that opens no resolution heads the next item,
     * even where a list was running ("3. Adoption Update" after "1. That ... 2. That ...") */
    if (standalone && (text_istarts(rest, rn, "that ") || text_istarts(rest, rn, "to "))) standalone = 0;
    if (ps->numbered && ps->cur_num >= 0 && num > ps->cur_num && num - ps->cur_num <= 30 && (!entry || standalone) &&
        last != ':')
        return 1;
    return 0;
}

/* A sub-heading inside the minutes: a short line alone between blank lines, in Title Case,
 * with no closing punctuation, comma, label or bullet ("Agency Staff", "Placement Sufficiency
 * 2025/26"). */
static int sub_heading(const model_doc *d, int li, const char *s, size_t n, int was_blank)
{
    int bl;
    size_t la, lb;
    if (!was_blank || n > 60 || !is_upper_at(s, n) || ends_terminal(s, n) || s[n - 1] == ',' ||
        para_label(s, n, &bl, &la, &lb) || !next_blank(d, li) ||
        memchr(s, '|', n) || memchr(s, '\t', n) || memchr(s, ',', n)) /* table rows, lists of names */
        return 0;
    int words = 0;
    for (size_t i = 0; i < n;) { /* every word of four letters or more starts with a capital */
        while (i < n && s[i] == ' ') i++;
        size_t w = i;
        while (i < n && s[i] != ' ') i++;
        if (i == w) break;
        words++;
        size_t letters = 0;
        for (size_t k = w; k < i; k++) letters += isalpha((unsigned char)s[k]) != 0;
        if (letters >= 4 && !isupper((unsigned char)s[w])) return 0;
    }
    return words <= 8;
}

/* The style of a list entry's label or bullet, whatever its value: "(a)" and "(b)" give "(a)",
 * "1." and "12." give "9.", "•" stays "•"; so a sub-list is told from the list around it. */
static void list_style(const char *s, size_t n, char out[8])
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < 7 && s[i] != ' ' && s[i] != '\t'; i++) {
        unsigned char c = (unsigned char)s[i];
        char m = isdigit(c) ? '9' : islower(c) ? 'a' : isupper(c) ? 'A' : (char)c;
        if (k == 0 || out[k - 1] != m || !isalnum(c)) out[k++] = m;
    }
    out[k] = '\0';
}

/* Does item `it` have a "Minutes:" or resolution section? */
static int holds_minutes(const model_doc *d, int it)
{
    for (int i = 0; i < d->secs.n; i++)
        if (d->secs.v[i].item == it && (d->secs.v[i].kind == SEC_MINUTES || d->secs.v[i].kind == SEC_RESOLVED))
            return 1;
    return 0;
}

/* Makes items[0] the meeting's preamble when it was invented for text before the first
 * heading and holds no minutes of its own ("PRESENT:", the meeting's title line). */
static int demote_preamble(pstate *ps)
{
    model_doc *d = ps->d;
    if (!ps->implicit || d->items.n < 2 || holds_minutes(d, 0)) return 0;
    model_item *m = &d->items.v[0];
    if (m->title && *m->title && !*d->title) {
        free(d->title);
        d->title = m->title;
        m->title = NULL;
    }
    free(m->number); free(m->title); free(m->purpose);
    memmove(d->items.v, d->items.v + 1, (size_t)(d->items.n - 1) * sizeof *d->items.v);
    d->items.n--;
#define SHIFT(arr) for (int i = 0; i < d->arr.n; i++) d->arr.v[i].item--
    SHIFT(secs); SHIFT(paras); SHIFT(ress);
#undef SHIFT
    return 0;
}

/* The first heading or label ends the title block that load_meta() reads the meeting from. */
static void end_lead(model_doc *d, uint32_t off)
{
    if (off < d->lead_end) d->lead_end = off;
}

/* Bare "1) that …" lists whose "Resolved" word was lost become resolutions, in items that have
 * none; one pass over the resolutions and one over the paragraphs. */
static int bare_resolutions(pstate *ps)
{
    model_doc *d = ps->d;
    if (!d->items.n) return 0;
    char *has = calloc((size_t)d->items.n, 1);
    if (!has) return -1;
    for (int i = 0; i < d->ress.n; i++)
        if (d->ress.v[i].item >= 0) has[d->ress.v[i].item] = 1;
    int saved = ps->item, rc = 0;
    for (int i = 0; i < d->paras.n && !rc; i++) {
        model_para *p = &d->paras.v[i];
        if (p->item < 0 || has[p->item] || !p->label) continue;
        if (!text_istarts(d->text + p->body.off, p->body.end - p->body.off, "that ")) continue;
        ps->item = p->item;
        rc = new_resolution(ps, p->span.off, p->span.end, p->body.off, p->label, strlen(p->label));
    }
    ps->item = saved;
    free(has);
    return rc;
}

/* Resolutions in item order, then text order; a stable merge sort (bare ones were appended at
 * the end, and an insertion sort moved each of them across all the others). */
static int res_before(const model_resolution *a, const model_resolution *b)
{
    return a->item < b->item || (a->item == b->item && a->span.off < b->span.off);
}

static int sort_resolutions(model_doc *d)
{
    int n = d->ress.n;
    if (n < 2) return 0;
    model_resolution *tmp = malloc((size_t)n * sizeof *tmp), *a = d->ress.v, *b = tmp;
    if (!tmp) return -1;
    for (int w = 1; w < n; w *= 2) {
        for (int lo = 0; lo < n; lo += 2 * w) {
            int mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n, i = lo, j = mid, k = lo;
            while (i < mid && j < hi) b[k++] = res_before(&a[j], &a[i]) ? a[j++] : a[i++];
            while (i < mid) b[k++] = a[i++];
            while (j < hi) b[k++] = a[j++];
        }
        model_resolution *t = a;
        a = b;
        b = t;
    }
    if (a != d->ress.v) memcpy(d->ress.v, a, (size_t)n * sizeof *a);
    free(tmp);
    return 0;
}

/* Whole-meeting documents (and some pages) have no "Minutes:" label: an item's unlabelled text is
 * then its minutes, not its purpose. It gets a minutes section named "" whose span is its first
 * paragraph, placed in document order (after the sections that start at or before it). The
 * sections are merged into a new array in one pass, and paragraphs renumbered in another. */
static int unlabelled_minutes(model_doc *d)
{
    int ni = d->items.n, ns = d->secs.n, rc = -1;
    if (!ni) return 0;
    char *has = calloc((size_t)ni, 1);
    int *first = malloc((size_t)ni * sizeof *first), *at = malloc((size_t)ni * sizeof *at);
    int *map = malloc(((size_t)ns + 1) * sizeof *map);
    model_section *v = NULL;
    if (!has || !first || !at || !map) goto done;
    for (int it = 0; it < ni; it++) first[it] = at[it] = -1;
    for (int i = 0; i < ns; i++)
        if (d->secs.v[i].item >= 0 && d->secs.v[i].kind == SEC_MINUTES && d->secs.v[i].name[0])
            has[d->secs.v[i].item] = 1; /* a labelled one: an unlabelled one (open_discussion) says nothing */
    int add = 0;
    for (int i = 0; i < d->paras.n; i++) {
        const model_para *p = &d->paras.v[i];
        if (p->item >= 0 && p->section < 0 && !has[p->item] && first[p->item] < 0) { first[p->item] = i; add++; }
    }
    if (!add) { rc = 0; goto done; }
    if (!(v = calloc((size_t)(ns + add), sizeof *v))) goto done;
    /* items' first paragraphs come in text order, as items do */
    int i = 0, n = 0;
    for (int it = 0; it <= ni; it++) {
        if (it < ni && first[it] < 0) continue;
        uint32_t off = it < ni ? d->paras.v[first[it]].span.off : UINT32_MAX;
        while (i < ns && (it == ni || d->secs.v[i].span.off <= off)) { map[i] = n; v[n++] = d->secs.v[i++]; }
        if (it == ni) break;
        model_section *sec = &v[n];
        sec->span = d->paras.v[first[it]].span;
        sec->kind = SEC_MINUTES;
        sec->item = it;
        at[it] = n++;
        if (!(sec->name = text_dup("", 0))) goto fail;
    }
    for (int j = 0; j < d->paras.n; j++) {
        model_para *p = &d->paras.v[j];
        if (p->section >= 0) p->section = map[p->section];
        else if (p->item >= 0 && at[p->item] >= 0) p->section = at[p->item];
    }
    free(d->secs.v);
    d->secs.v = v;
    d->secs.n = d->secs.cap = n;
    v = NULL;
    rc = 0;
    goto done;
fail:
    for (int j = 0; j < n; j++)
        if (v[j].kind == SEC_MINUTES && !*v[j].name && at[v[j].item] == j) free(v[j].name);
done:
    free(v);
    free(has); free(first); free(at); free(map);
    return rc;
}

/* Item ranges over the flat arrays, and the purpose from the preamble paragraphs: one pass over
 * each array. */
static int finish_items(model_doc *d)
{
    int ni = d->items.n;
    sbuf *purpose = calloc((size_t)ni + 1, sizeof *purpose);
    if (!purpose) return -1;
    for (int it = 0; it < ni; it++) {
        model_item *m = &d->items.v[it];
        m->sec_first = m->para_first = m->res_first = -1;
        m->sec_count = m->para_count = m->res_count = 0;
    }
#define SPREAD(arr, first, count)                                                     \
    for (int i = 0; i < d->arr.n; i++) {                                              \
        int it = d->arr.v[i].item;                                                    \
        if (it < 0 || it >= ni) continue;                                             \
        if (d->items.v[it].first < 0) d->items.v[it].first = i;                       \
        d->items.v[it].count++;                                                       \
    }
    SPREAD(secs, sec_first, sec_count)
    SPREAD(paras, para_first, para_count)
    SPREAD(ress, res_first, res_count)
#undef SPREAD
    for (int i = 0; i < d->paras.n; i++) {
        const model_para *p = &d->paras.v[i];
        if (p->item < 0 || p->item >= ni) continue;
        int sk = p->section >= 0 ? (int)d->secs.v[p->section].kind : SEC_PREAMBLE;
        sbuf *b = &purpose[p->item];
        if (sk == SEC_PREAMBLE && !b->oom) {
            if (b->len) sbuf_addc(b, ' ');
            sbuf_add(b, d->text + p->span.off, p->span.end - p->span.off);
        }
    }
    int rc = 0;
    for (int it = 0; it < ni; it++) {
        model_item *m = &d->items.v[it];
        if (!m->title && !(m->title = text_dup("", 0))) rc = -1;
        if (m->sec_first < 0) m->sec_first = d->secs.n;
        if (m->para_first < 0) m->para_first = d->paras.n;
        if (m->res_first < 0) m->res_first = d->ress.n;
        if (!rc && purpose[it].len && !(m->purpose = text_dup_clean(purpose[it].s, purpose[it].len))) rc = -1;
        if (purpose[it].oom) rc = -1;
        sbuf_free(&purpose[it]);
    }
    free(purpose);
    return rc;
}

/* Is a word after the first of s[0..n) the first word of a decision's verb (active, passive) or
 * of a marker inside a sentence (MARK_MID), all M_DECIDES? Each must end a word where it is
 * read, so without one decision_sentence() finds a decision only in a sentence opening with
 * "That", and mid_marker() none: one pass spares a paragraph's sentences both. */
/* Could the word at s[i] start a decision's verb or marker? Most words fail on their first
 * two letters (as letter_bit, 26 stands for any other byte). */
static inline int decision_pair_at(const char *s, size_t n, size_t i)
{
    unsigned c1 = (unsigned char)((unsigned char)s[i] | 0x20) - (unsigned)'a';
    if (c1 >= 26 || i + 1 >= n) return 0;
    unsigned c2 = (unsigned char)((unsigned char)s[i + 1] | 0x20) - (unsigned)'a';
    return decides_seconds[c1] >> (c2 < 26 ? c2 : 26) & 1;
}

/* Does it? (after decision_pair_at) */
static int decision_word_at(const char *s, size_t n, size_t i)
{
    wordset_key key;
    size_t e = i + wordset_key_letters(&key, s + i, n - i < WORDSET_MAX ? n - i : WORDSET_MAX, n - i);
    while (e < n && isalpha((unsigned char)s[e])) e++; /* too long for any list */
    const wordset_entry *w = wordset_find_key(word_lists(), &key, e - i);
    return w && (w->sets & M_DECIDES);
}

static int decision_words_in(const char *s, size_t n)
{
    size_t i = 1;
    for (; i + 16 <= n; i += 16) /* the words after the spaces of s[i - 1 .. i + 15) */
        for (unsigned m = text_mask16(s + i - 1, ' '); m; m &= m - 1) {
            size_t w = i + (size_t)__builtin_ctz(m);
            if (decision_pair_at(s, n, w) && decision_word_at(s, n, w)) return 1;
        }
    for (; i < n; i++)
        if (s[i - 1] == ' ' && decision_pair_at(s, n, i) && decision_word_at(s, n, i)) return 1;
    return 0;
}

/* Resolutions from the sentences after the first of line [a, b) that decide ("The Committee
 * noted the report.", "Members agreed to ...", "The Panel AGREED that ..."). `decides`: the
 * line's decision_words_in(); when 0, only sentences opening with "That" are read. */
static int later_decisions(pstate *ps, uint32_t a, uint32_t b, int decides)
{
    const char *t = ps->d->text;
    size_t n = b - a;
    const char *s = t + a;
    for (size_t stop = text_find_stop(s, 0, n); stop + 12 < n; stop = text_find_stop(s, stop + 1, n)) {
        size_t k = stop + 2; /* a sentence after ". " */
        if (!(s[k - 1] == ' ' && is_upper_at(s + k, n - k))) continue;
        if (k >= 4 && isupper((unsigned char)s[k - 3]) && s[k - 4] == ' ') continue; /* "Cllr A. Smith" */
        if (!decides && !text_istarts(s + k, n - k, "that ")) continue;
        size_t va, vb, se, klen, mm;
        if (decision_sentence(s + k, n - k, &va, &vb, &se)) {
            if (new_resolution(ps, a + (uint32_t)k, a + (uint32_t)(k + se), a + (uint32_t)k, NULL, 0)) return -1;
        } else if ((mm = mid_marker(s + k, n - k, &klen))) {
            const char *r = s + k;
            /* the sentence opens with the deciding body ("The Panel agreed", "It was agreed"), so
             * "... approved in 2016 when it was also agreed that ..." tells history */
            size_t be, bw = word_before(r, mm, &be);
            (void)be;
            if (bw >= 4 && text_istarts(r + bw - 4, 4, "the ")) bw -= 4;
            else if (bw >= 3 && text_istarts(r + bw - 3, 3, "it ")) bw -= 3;
            if (bw != 0) continue;
            size_t rn = n - k, j = skip_vote(r, rn, skip_sep(r, rn, mm + klen));
            if (text_istarts(r + j, rn - j, "that") && word_end(r, rn, j + 4)) j = skip_sep(r, rn, j + 4);
            size_t e = j; /* to the end of that sentence */
            while (e < rn && !(text_in(".!?", r[e]) && (e + 1 >= rn || r[e + 1] == ' '))) e++;
            if (e < rn) e++;
            if (j >= e) continue;
            if (new_resolution(ps, a + (uint32_t)(k + j), a + (uint32_t)(k + e), a + (uint32_t)(k + j), NULL, 0)) return -1;
        } else {
            continue;
        }
        ps->res_state = 0;
    }
    return 0;
}

/* Makes the whole text one item when no heading was found: the invented item, or a new one
 * that takes in what meeting-level labels ("PRESENT:") held. */
static int whole_item(pstate *ps, uint32_t off)
{
    model_doc *d = ps->d;
    if (ps->item >= 0) return 0;
    int it = new_item(ps, off);
    if (it < 0) return -1;
#define ADOPT(arr) for (int i = 0; i < d->arr.n; i++) if (d->arr.v[i].item < 0) d->arr.v[i].item = it
    ADOPT(secs); ADOPT(paras); ADOPT(ress);
#undef ADOPT
    /* a "PRESENT:" list ends where sentences start: from there on the text is the minutes */
    int prose = 0;
    for (int i = 0; i < d->paras.n; i++) {
        model_para *p = &d->paras.v[i];
        const char *pt = d->text + p->span.off;
        size_t pn = p->span.end - p->span.off;
        int words = 1;
        for (size_t k = 0; k < pn; k++) words += pt[k] == ' ';
        prose |= ends_terminal(pt, pn) && words >= 8;
        if (prose && p->section >= 0 && (d->secs.v[p->section].kind == SEC_PRESENT ||
                                         d->secs.v[p->section].kind == SEC_APOLOGIES))
            p->section = -1;
    }
    ps->implicit = 1;
    return 0;
}

/* ---- the grammar: an ordered table of line forms -------------------------------------------
 *
 * Each line with content goes down the rows in order. A row's classifier says whether the line
 * is its form (and notes in the line what it found); its action updates the structure and
 * either ends the line (LINE_DONE) or lets the rows below see it too (LINE_ON: a one-line
 * item's title split off the text, the bookkeeping every line gets). Adding a form is a row,
 * placed where the forms above it must win, with a fixture and its golden dump. */

/* One line as the rows see it, and what classifiers found for their actions. */
typedef struct {
    int li;           /* index in d->lines */
    lineinfo L;       /* its content; a title split off the text moves L.a past it */
    const char *s;    /* = text + L.a */
    size_t n;         /* = L.b - L.a */
    int first;        /* the first line with content */
    int was_blank;    /* a blank line (or the start) came before it */
    int prev_closed;  /* the line before ended a sentence or a label */
    size_t split;     /* where the text after a one-line item's title started, 0 when none */
    size_t na, nb, tx, tl; /* item number [na, nb), title offset tx, title length tl */
    size_t q;         /* a row's offset: "(Item" of an issue page, the end of a lone number, an owner */
    sec_kind sk;      /* a section label's kind ... */
    size_t nlen;      /* ... and its name's length */
    size_t rest;      /* where the text after a label starts (n when none) */
    size_t mk, mo;    /* where the text after a marker starts, and where the marker starts */
    size_t klen;      /* the marker word's length */
    unsigned mflags;  /* its flags */
    size_t va, vb, se; /* a decision sentence's verb and end */
    int pi;           /* the paragraph made for the line, -1 before */
    int decides;      /* decision_words_in() of the line, -1 until asked (line_decides) */
} line;

/* Does a word of the line start a decision's verb or marker? Asked once per line: the text only
 * ever loses a title at its start (split_at), and what holds none still holds none. */
static int line_decides(line *l)
{
    if (l->decides < 0) l->decides = decision_words_in(l->s, l->n);
    return l->decides;
}

enum { LINE_ON = 0, LINE_DONE = 1, LINE_STOP = 2 }; /* and -1: out of memory */

typedef struct {
    const char *name;
    int (*is)(pstate *ps, line *l);  /* classifier: is the line this form? */
    int (*act)(pstate *ps, line *l); /* action: LINE_DONE, LINE_ON, LINE_STOP or -1 */
} grammar_row;

static int always(pstate *ps, line *l) { (void)ps; (void)l; return 1; }
static int done(pstate *ps, line *l) { (void)ps; (void)l; return LINE_DONE; }

/* Starts an item at the line (the title block ends there). */
static int item_here(pstate *ps, line *l)
{
    end_lead(ps->d, l->L.a);
    return new_item(ps, l->L.a) < 0 ? -1 : 0;
}

/* An item numbered [na, nb) of the line, titled by the text from tx to `title_end`. */
static int numbered_item(pstate *ps, line *l, uint32_t title_end)
{
    if (item_here(ps, l) || set_number(&ps->d->items.v[ps->item], l->s + l->na, l->nb - l->na) ||
        set_title(ps, ps->d->text, l->L.a + (uint32_t)l->tx, title_end))
        return -1;
    touch(ps, l->L.b);
    ps->numbered = 1;
    ps->cur_num = item_seq(l->s + l->na, l->nb - l->na);
    return 0;
}

/* The rest of the line, from offset `by`, is read as a line of its own. */
static void split_at(line *l, size_t by)
{
    l->split = by;
    l->L.a += (uint32_t)by;
    l->s += by;
    l->n -= by;
}

/* -- blank lines, debris, bookkeeping -- */

static int is_blank(pstate *ps, line *l) { (void)ps; return l->L.blank; }
static int act_blank(pstate *ps, line *l) { (void)l; ps->prev_blank = 1; return LINE_DONE; }

/* "Original Text:": a translation widget; the rest is debris */
static int is_widget(pstate *ps, line *l) { (void)ps; return text_istarts(l->s, l->n, "original text:"); }
static int stop(pstate *ps, line *l) { (void)ps; (void)l; return LINE_STOP; }

/* page debris, skipped without a trace: a page break inside a sentence does not end it */
static int is_page_debris(pstate *ps, line *l) { (void)ps; return is_debris(l->s, l->n); }

static int act_content(pstate *ps, line *l)
{
    l->first = !ps->seen;
    if (l->first) {
        ps->first_line = l->li + 1;
        ps->first_off = l->L.a;
    }
    ps->seen = 1;
    l->was_blank = ps->prev_blank;
    ps->prev_blank = 0;
    const char *t = ps->d->text;
    l->prev_closed = ps->last.blank || ends_terminal(t + ps->last.a, ps->last.b - ps->last.a);
    ps->last = l->L;
    return LINE_ON;
}

/* -- item headings -- */

/* "Agenda item", "Agenda item 5" alone: the page's item, its title on the next line */
static int is_agenda(pstate *ps, line *l) { (void)ps; return is_agenda_item(l->s, l->n); }

static int act_agenda(pstate *ps, line *l)
{
    end_lead(ps->d, l->L.a);
    ps->pages = 1;
    /* "Agenda item" twice (a page's breadcrumb, then its heading): one item */
    int again = ps->pending_title && ps->bare_agenda;
    if (!again && new_item(ps, l->L.a) < 0) return -1;
    ps->bare_agenda = 1;
    const char *s = l->s;
    size_t n = l->n, na = 11;
    while (na < n && !isdigit((unsigned char)s[na])) na++;
    if (na < n) {
        size_t nb = na;
        while (nb < n && isalnum((unsigned char)s[nb])) nb++;
        if (set_number(&ps->d->items.v[ps->item], s + na, nb - na)) return -1;
    }
    ps->pending_title = 1;
    return LINE_DONE;
}

/* "(Agenda Item 5)" alone: minutes that name the agenda item their text is about, in brackets,
 * where the item's own heading is missing; the title follows only when the next line is one */
static int is_agenda_ref(pstate *ps, line *l)
{
    (void)ps;
    return l->n > 13 && l->s[0] == '(' && l->s[l->n - 1] == ')' && is_agenda_item(l->s + 1, l->n - 2) &&
           isdigit((unsigned char)l->s[l->n - 2]);
}

static int act_agenda_ref(pstate *ps, line *l)
{
    size_t na = 12, nb;
    while (na < l->n && !isdigit((unsigned char)l->s[na])) na++;
    for (nb = na; nb < l->n && isalnum((unsigned char)l->s[nb]); nb++) {}
    if (item_here(ps, l) || set_number(&ps->d->items.v[ps->item], l->s + na, nb - na)) return -1;
    touch(ps, l->L.b);
    ps->pending_title = title_next(ps->d, l->li);
    return LINE_DONE;
}

/* "Meeting: 21/04/2016 - Children's Panel (Item 28)" heads an issue page */
static int is_issue(pstate *ps, line *l)
{
    (void)ps;
    const char *s = l->s;
    size_t n = l->n;
    if (!text_istarts(s, n, "meeting:") || n <= 12 || s[n - 1] != ')') return 0;
    size_t o = n - 1;
    while (o > 0 && s[o] != '(') o--;
    l->q = o;
    return text_istarts(s + o, n - o, "(item ");
}

static int act_issue(pstate *ps, line *l)
{
    const char *s = l->s;
    size_t n = l->n, o = l->q;
    if (item_here(ps, l) || set_number(&ps->d->items.v[ps->item], s + o + 6, n - o - 7) ||
        new_section(ps, SEC_OTHER, "Meeting", 7, l->L.a, l->L.a + 7))
        return -1;
    touch(ps, l->L.b);
    /* the meeting's text between the label and "(Item N)", when there is any */
    size_t ma = 8 + text_ltrim(s + 8, n - 8), mb = text_rtrim(s, o);
    if (mb > ma && new_para(ps, l->L.a + (uint32_t)ma, l->L.a + (uint32_t)mb) < 0) return -1;
    ps->sec = -1;
    ps->pending_title = 1;
    ps->cur_num = strtol(ps->d->items.v[ps->item].number, NULL, 10);
    return LINE_DONE;
}

/* "No. Item": the header row of an agenda table; its items follow */
static int is_table_header(pstate *ps, line *l) { (void)ps; return table_header(l->s, l->n); }

static int act_table_header(pstate *ps, line *l)
{
    end_lead(ps->d, l->L.a);
    ps->table = 1;
    /* the items start here: a meeting-level list above ("Apologies for absence:", "Declarations
     * of interest:") does not take in their text */
    model_doc *d = ps->d;
    if (ps->sec >= 0 && d->secs.v[ps->sec].kind != SEC_MINUTES && d->secs.v[ps->sec].kind != SEC_RESOLVED) {
        if (close_block(ps)) return -1;
        ps->sec = -1;
        ps->res_state = 0;
        ps->last_para = -1;
    }
    /* and what an item invented for text before any heading held so far ("Venue: ...",
     * "Contact: ...") is the meeting's, not the first item's */
    if (ps->implicit && ps->item == 0 && ps->sec < 0 && !holds_minutes(d, 0)) {
#define LEAVE(arr) for (int i = 0; i < d->arr.n; i++) if (d->arr.v[i].item == 0) d->arr.v[i].item = -1
        LEAVE(secs); LEAVE(paras); LEAVE(ress);
#undef LEAVE
        model_item *m = &d->items.v[0];
        if (m->title && *m->title && !*d->title) {
            free(d->title);
            d->title = m->title;
            m->title = NULL;
        }
        free(m->title);
        m->title = NULL;
        m->span.off = m->head.off = l->L.a;
        m->span.end = m->head.end = l->L.b;
        ps->last_para = -1;
    }
    return LINE_DONE;
}

/* "45." alone, the title on the next line (a lone number without the dot is a page's), or after
 * blank lines when it reads as a title; so too a committee's own "CPB/8/23" */
static int is_lone_number(pstate *ps, line *l)
{
    const char *s = l->s;
    size_t n = l->n;
    if (ps->pending_title || n < 2 || n > 16) return 0;
    size_t q = 0;
    while (q < n - 1 && isdigit((unsigned char)s[q])) q++;
    int dotted = q == n - 1 && s[n - 1] == '.' && n <= 5;
    char code[20];
    memcpy(code, s, n);
    code[n] = ' ';
    if (!dotted && coded_number(code, n + 1) == n) q = n;
    l->q = q;
    return (dotted && (!next_blank(ps->d, l->li) || title_next(ps->d, l->li))) || (q == n && title_next(ps->d, l->li));
}

static int act_lone_number(pstate *ps, line *l)
{
    if (item_here(ps, l) || set_number(&ps->d->items.v[ps->item], l->s, l->q)) return -1;
    touch(ps, l->L.b);
    ps->numbered = 1;
    ps->cur_num = item_seq(l->s, l->q);
    ps->pending_title = 1;
    return LINE_DONE;
}

/* the line an "Agenda item" or a lone number awaits: the title, with its number if it has one */
static int is_awaited_title(pstate *ps, line *l)
{
    sec_kind sk;
    size_t nlen, klen;
    unsigned mf;
    return ps->pending_title && !section_label(l->s, l->n, &sk, &nlen) && !res_marker(l->s, l->n, &klen, &mf);
}

static int act_awaited_title(pstate *ps, line *l)
{
    size_t na, nb, tx = item_number(l->s, l->n, &na, &nb);
    model_item *m = &ps->d->items.v[ps->item];
    if (tx) {
        if (!m->number && set_number(m, l->s + na, nb - na)) return -1;
        ps->numbered = 1;
        ps->cur_num = item_seq(l->s + na, nb - na);
    }
    if (set_title(ps, ps->d->text, l->L.a + (uint32_t)tx, l->L.b)) return -1;
    touch(ps, l->L.b);
    ps->pending_title = 0;
    ps->bare_agenda = 0;
    return LINE_DONE;
}

/* any other line: a title awaited is no longer */
static int act_title_missed(pstate *ps, line *l)
{
    (void)l;
    ps->pending_title = 0;
    ps->bare_agenda = 0;
    return LINE_ON;
}

/* "PLACEMENT STABILITY" alone between blank lines, once the title block has ended, in minutes
 * that do not number their items and have no "Agenda item" pages */
static int is_caps_heading(pstate *ps, line *l)
{
    const char *s = l->s;
    size_t n = l->n, x, klen;
    sec_kind sk;
    unsigned mf;
    return !ps->numbered && ps->d->lead_end < ps->d->len && (ps->item < 0 || ps->implicit || ps->caps) &&
           l->was_blank && n <= 80 && upper_share(s, n) >= 95 && !ends_terminal(s, n) && next_blank(ps->d, l->li) &&
           !section_label(s, n, &sk, &x) && !res_marker(s, n, &klen, &mf) && !item_number(s, n, &x, &x);
}

static int act_caps_heading(pstate *ps, line *l)
{
    if (item_here(ps, l) || set_title(ps, ps->d->text, l->L.a, l->L.b)) return -1;
    touch(ps, l->L.b);
    ps->implicit = 0;
    ps->caps = 1;
    return LINE_DONE;
}

/* The item number at the start of the line into l->na, nb, tx; "2024/25 Forecast Outturn" is a
 * financial year unless the items are numbered that way. Returns tx, 0 when none. */
static size_t line_number(pstate *ps, line *l)
{
    l->tx = item_number(l->s, l->n, &l->na, &l->nb);
    if (l->tx && fin_year(l->s + l->na, l->nb - l->na) &&
        !(ps->item >= 0 && ps->d->items.v[ps->item].number && strchr(ps->d->items.v[ps->item].number, '/')))
        l->tx = 0;
    return l->tx;
}

/* Is the number of the line the item after the current one ("44 Fostering" after "43")? */
static int next_number(pstate *ps, line *l, size_t rn)
{
    long num = item_seq(l->s + l->na, l->nb - l->na);
    return ps->cur_num >= 0 && num == ps->cur_num + 1 && !text_istarts(l->s + l->tx, rn, "that ");
}

/* "6 Title PDF 60 KB", "219 DECLARATIONS OF INTEREST", "Item 5 - Title", "CYP/24/57 TITLE" */
static int is_numbered_heading(pstate *ps, line *l)
{
    if (!line_number(ps, l)) return 0;
    const char *s = l->s;
    size_t n = l->n, tx = l->tx;
    int had;
    size_t rn = strip_pdf(s + tx, n - tx, &had);
    long num = item_seq(s + l->na, l->nb - l->na);
    /* inside a resolution block a mixed-case numbered line is a list entry unless it says "Item"
     * or carries the next item number */
    int item_word = l->na > 0;
    int next = next_number(ps, l, rn);
    /* whole-meeting minutes open with a title block and PRESENT:, then the first heading in
     * mixed case ("1 Apologies for Absence"), on a line of its own */
    int alone = l->was_blank && rn <= 100 && next_blank(ps->d, l->li);
    /* ... or "1. Apologies" with its text on the very next line */
    int lead = !ps->numbered && (ps->item < 0 || (ps->implicit && ps->item == 0 && !holds_minutes(ps->d, 0))) &&
               (alone || (num == 1 && rn <= 100));
    return heading_ok(ps, s, n, num, s + tx, rn, had, l->first || lead, item_word, alone) &&
           (!ps->res_state || had || item_word || next || alone || upper_share(s + tx, rn) >= 70);
}

static int act_numbered_heading(pstate *ps, line *l)
{
    return numbered_item(ps, l, l->L.b) ? -1 : LINE_DONE;
}

/* "45. Fostering Update – The Committee received ...": a title and its text on one line,
 * numbered in the council's running scheme (the next number, a coded or "12/24" number, "Item
 * 5", or the first heading of the minutes), not the next entry of a numbered list */
static int is_numbered_title_text(pstate *ps, line *l)
{
    if (!line_number(ps, l)) return 0;
    const char *s = l->s;
    size_t n = l->n, tx = l->tx, na = l->na, nb = l->nb;
    int had;
    size_t rn = strip_pdf(s + tx, n - tx, &had);
    long num = item_seq(s + na, nb - na);
    int next = next_number(ps, l, rn);
    size_t tt = title_then_text(s + tx, n - tx, &l->tl, 0);
    int bl;
    size_t la, lb;
    int scheme = na > 0 || !isdigit((unsigned char)s[na]) || memchr(s + na, '/', nb - na) ||
                 (ps->numbered ? next : (ps->item < 0 || ps->implicit) && (l->was_blank || l->first));
    int entry = num == ps->last_list + 1 && para_label(s, n, &bl, &la, &lb);
    l->q = tx + tt;
    return tt && scheme && !entry && (!ps->res_state || next);
}

static int act_numbered_title_text(pstate *ps, line *l)
{
    if (numbered_item(ps, l, l->L.a + (uint32_t)(l->tx + l->tl))) return -1;
    split_at(l, l->q);
    return LINE_ON;
}

/* "Apologies Minutes: None.": an agenda table's title and its minutes on one line */
static int is_table_title_text(pstate *ps, line *l)
{
    sec_kind sk;
    size_t nlen;
    if (l->split || !ps->table || ps->numbered || continued(ps->d, l->li)) return 0;
    l->q = title_then_text(l->s, l->n, &l->tl, 1);
    return l->q && !section_label(l->s, l->n, &sk, &nlen);
}

static int act_table_title_text(pstate *ps, line *l)
{
    if (item_here(ps, l) || set_title(ps, ps->d->text, l->L.a, l->L.a + (uint32_t)l->tl)) return -1;
    touch(ps, l->L.b);
    split_at(l, l->q);
    return LINE_ON;
}

/* unnumbered titles alone on their line: in an agenda table every one heads an item; elsewhere
 * one with its document's link ("Fostering Update pdf icon PDF 87 KB") does, outside a list of
 * supporting documents, and shows that the page is such a table */
static int is_table_title(pstate *ps, line *l)
{
    const model_doc *d = ps->d;
    const char *s = l->s;
    size_t n = l->n;
    if (l->split || ps->numbered || ps->pages || continued(d, l->li) || next_content(d, l->li) < 0 ||
        !(l->was_blank || l->first || (ps->table && l->prev_closed && label_soon(d, l->li, 0))))
        return 0;
    int had, bl;
    size_t tn = strip_pdf(s, n, &had), la, lb, x, klen;
    sec_kind sk;
    unsigned mf;
    int in_docs = ps->sec >= 0 && (d->secs.v[ps->sec].kind == SEC_SUPPORTING || d->secs.v[ps->sec].kind == SEC_ADDITIONAL);
    return (ps->table || (had == 2 && !in_docs)) && title_like(s, tn) && !section_label(s, n, &sk, &x) &&
           !res_marker(s, n, &klen, &mf) && !mid_marker(s, n, &klen) && !para_label(s, n, &bl, &la, &lb) &&
           !item_number(s, n, &la, &lb) && !body_colon(s, n);
}

static int act_table_title(pstate *ps, line *l)
{
    if (item_here(ps, l) || set_title(ps, ps->d->text, l->L.a, l->L.b)) return -1;
    touch(ps, l->L.b);
    ps->table = 1;
    return LINE_DONE;
}

/* Does item `it` already have a section labelled "Minutes:"? */
static int labelled_minutes(const model_doc *d, int it)
{
    for (int i = d->secs.n - 1; i >= 0 && d->secs.v[i].item == it; i--)
        if (d->secs.v[i].kind == SEC_MINUTES && d->secs.v[i].name[0]) return 1;
    return 0;
}

/* Pages flattened without blank lines or numbers: a title ("Minutes of the Previous Meeting")
 * after a closed sentence, with "Minutes:" on one of the next two lines, heads an item; and a
 * "Minutes:" label to come when the current item already had its own starts another item here,
 * untitled when the line is no title ("Performance Data - verbal update The Panel will ...") */
static int is_title_before_minutes(pstate *ps, line *l)
{
    const model_doc *d = ps->d;
    const char *s = l->s;
    size_t n = l->n;
    if (l->split || ps->item < 0 || ps->pages || ps->numbered || ps->res_state || continued(d, l->li) ||
        !label_soon(d, l->li, 1))
        return 0;
    int had, bl;
    size_t tn = strip_pdf(s, n, &had), la, lb, x, klen;
    sec_kind sk;
    unsigned mf;
    if (section_label(s, n, &sk, &x) || res_marker(s, n, &klen, &mf) || mid_marker(s, n, &klen) ||
        para_label(s, n, &bl, &la, &lb) || item_number(s, n, &la, &lb) || body_colon(s, n))
        return 0;
    l->q = title_like(s, tn) && l->prev_closed; /* titled */
    /* untitled: when the next line is no title that would head the item itself */
    return l->q || (labelled_minutes(d, ps->item) && !title_next(d, l->li));
}

static int act_title_before_minutes(pstate *ps, line *l)
{
    if (item_here(ps, l)) return -1;
    touch(ps, l->L.b);
    if (!l->q) return LINE_ON; /* the line is the untitled item's first paragraph */
    return set_title(ps, ps->d->text, l->L.a, l->L.b) ? -1 : LINE_DONE;
}

/* -- actions, labels and markers -- */

/* A paragraph number "N.k" at the start of the line ("67.2 The Panel were informed"): returns N,
 * -1 when none; *k gets k. */
static long minute_number(const char *s, size_t n, long *k)
{
    size_t i = 0;
    while (i < n && i < 4 && isdigit((unsigned char)s[i])) i++;
    if (i == 0 || i + 1 >= n || s[i] != '.' || !isdigit((unsigned char)s[i + 1])) return -1;
    size_t j = i + 1;
    while (j < n && j - i <= 3 && isdigit((unsigned char)s[j])) j++;
    int sl;
    if (j >= n || !text_is_space(s + j, n - j, &sl)) return -1;
    *k = strtol(s + i + 1, NULL, 10);
    return strtol(s, NULL, 10);
}

/* Minutes that number paragraphs by minute ("67.1", "67.2"): "68.1" after "67.x" in the same
 * item is the next minute, whose heading is missing ("64.1 Apologies were received ..." under the
 * heading of minute 63); it starts an untitled item numbered 68 */
static int is_next_minute(pstate *ps, line *l)
{
    long k, m = minute_number(l->s, l->n, &k);
    return ps->item >= 0 && ps->minute >= 0 && m == ps->minute + 1 && k == 1;
}

static int act_next_minute(pstate *ps, line *l)
{
    size_t e = 0;
    while (isdigit((unsigned char)l->s[e])) e++;
    if (item_here(ps, l) || set_number(&ps->d->items.v[ps->item], l->s, e)) return -1;
    touch(ps, l->L.b);
    return LINE_ON;
}

/* every "N.k" paragraph number notes the minute it belongs to */
static int is_minute_para(pstate *ps, line *l)
{
    long k;
    (void)ps;
    return minute_number(l->s, l->n, &k) >= 0;
}

static int act_minute_para(pstate *ps, line *l)
{
    long k;
    ps->minute = minute_number(l->s, l->n, &k);
    return LINE_ON;
}

/* "To note the changes to membership. Minutes: Apologies were received ...": a page flattened
 * into one line per item puts the "Minutes:" label after the item's purpose; after a closed
 * sentence it starts the minutes there. Returns the label's offset, 0 when none. */
static size_t inline_minutes(const char *s, size_t n)
{
    for (const char *p = s + 2; n > 11 && (p = memchr(p, 'M', (size_t)(s + n - p))); p++) {
        size_t i = (size_t)(p - s);
        if (i + 9 >= n) return 0;
        if (s[i - 1] == ' ' && !memcmp(p, "Minutes:", 8) && ends_terminal(s, text_rtrim(s, i - 1))) return i;
    }
    return 0;
}

static int is_inline_minutes(pstate *ps, line *l)
{
    return ps->item >= 0 && !ps->res_state && (l->q = inline_minutes(l->s, l->n)) != 0;
}

static int act_inline_minutes(pstate *ps, line *l)
{
    uint32_t e = l->L.a + (uint32_t)text_rtrim(l->s, l->q);
    if (new_para(ps, l->L.a, e) < 0) return -1;
    split_at(l, l->q);
    return LINE_ON;
}

/* Where an owner's text starts after "ACTION:" or "Action by:", 0 when the line is none. */
static size_t action_word(const char *s, size_t n)
{
    size_t o = text_istarts(s, n, "action:") ? 7 : text_istarts(s, n, "action by:") ? 10 : 0;
    return o ? o + text_ltrim(s + o, n - o) : 0;
}

/* "ACTION: Head of Adoption to circulate ... by June": outside a list of resolutions, an action
 * the meeting agreed, owned by whoever comes before "to" */
static int is_action(pstate *ps, line *l)
{
    if (ps->item < 0 || ps->res_state) return 0;
    l->q = action_word(l->s, l->n);
    return l->q && l->q < l->n;
}

static int act_action(pstate *ps, line *l)
{
    const char *s = l->s;
    size_t n = l->n, o = l->q;
    /* the line stays a paragraph of its section and is a resolution too */
    if (new_para(ps, l->L.a, l->L.b) < 0 || new_resolution(ps, l->L.a, l->L.b, l->L.a + (uint32_t)o, NULL, 0))
        return -1;
    ps->res_state = 0;
    size_t to = o; /* "Action: Performance Team" names only the owner */
    while (to + 4 <= n && to - o <= 80 && !text_istarts(s + to, n - to, " to ")) to++;
    if (to + 4 > n || to - o > 80) to = n;
    model_resolution *r = &ps->d->ress.v[ps->d->ress.n - 1];
    if (!(r->owner = text_dup_clean(s + o, to - o))) return -1;
    touch(ps, l->L.b);
    return LINE_DONE;
}

/* A label or marker before any item opens one, made up (meeting-level "PRESENT:" and
 * "Apologies:" lists do not). */
static int label_item(pstate *ps, line *l, int marker)
{
    end_lead(ps->d, l->L.a);
    if (ps->item < 0 && (marker || !(l->sk == SEC_PRESENT || l->sk == SEC_APOLOGIES))) {
        if (new_item(ps, l->L.a) < 0) return -1;
        ps->implicit = 1;
    }
    return 0;
}

/* "Minutes:", "Supporting documents:", "PRESENT:", "Decision:", inline or alone */
static int is_section_label(pstate *ps, line *l)
{
    (void)ps;
    return (l->rest = section_label(l->s, l->n, &l->sk, &l->nlen)) != 0;
}

static int act_label(pstate *ps, line *l)
{
    const char *s = l->s;
    size_t n = l->n, rest = l->rest;
    uint32_t a = l->L.a;
    if (label_item(ps, l, 0) || new_section(ps, l->sk, s, l->nlen, a, a + (uint32_t)l->nlen)) return -1;
    if (rest < n && new_para(ps, a + (uint32_t)rest, l->L.b) < 0) return -1;
    if (l->sk == SEC_RESOLVED && rest < n && open_resolutions(ps, a + (uint32_t)rest, l->L.b)) return -1;
    /* "Minutes: That the minutes ... be approved.", "Minutes: The Panel noted the report." */
    size_t va, vb, se;
    if (l->sk == SEC_MINUTES && rest < n && decision_sentence(s + rest, n - rest, &va, &vb, &se)) {
        if (new_resolution(ps, a + (uint32_t)rest, a + (uint32_t)(rest + se), a + (uint32_t)rest, NULL, 0)) return -1;
        ps->res_state = 0;
    }
    if (l->sk == SEC_MINUTES && rest < n && later_decisions(ps, a + (uint32_t)rest, l->L.b, line_decides(l))) return -1;
    touch(ps, l->L.b);
    return LINE_DONE;
}

/* "RESOLVED: That", "Resolved –", "It was agreed that:", "NOTED", "UNANIMOUSLY RESOLVED:" */
static int is_marker(pstate *ps, line *l)
{
    (void)ps;
    l->mo = 0;
    return (l->mk = res_marker(l->s, l->n, &l->klen, &l->mflags)) != 0;
}

static int act_marker(pstate *ps, line *l)
{
    /* the span is the marker word, as for labels; the item still ends past it */
    uint32_t ma = l->L.a + (uint32_t)l->mo;
    if (label_item(ps, l, 1) || new_section(ps, SEC_RESOLVED, l->s + l->mo, l->klen, ma, ma + (uint32_t)l->klen))
        return -1;
    ps->bare_a = ma;
    ps->bare_b = ma + (uint32_t)l->klen;
    ps->bare_flags = l->mflags;
    if (l->mk < l->n) {
        if (new_para(ps, l->L.a + (uint32_t)l->mk, l->L.b) < 0) return -1;
        if (open_resolutions(ps, l->L.a + (uint32_t)l->mk, l->L.b)) return -1;
    }
    touch(ps, l->L.b);
    return LINE_DONE;
}

/* "The Committee:" alone, then "(a) noted ...": the deciding body introduces its decisions */
static int is_body_colon(pstate *ps, line *l)
{
    if (ps->item < 0 || !body_colon(l->s, l->n)) return 0;
    l->mo = 0;
    l->mk = l->n;
    l->klen = l->n - 1;
    l->mflags = 0;
    return 1;
}

/* "3.2 Resolved that ...", "45.2 RESOLVED:": a marker after a paragraph number */
static int is_numbered_marker(pstate *ps, line *l)
{
    (void)ps;
    int bl;
    size_t la, lb, pb = para_label(l->s, l->n, &bl, &la, &lb);
    if (!pb || bl || pb >= l->n || !isdigit((unsigned char)l->s[0])) return 0;
    l->mk = res_marker(l->s + pb, l->n - pb, &l->klen, &l->mflags);
    l->mo = pb;
    l->mk += l->mk ? pb : 0;
    return l->mk != 0;
}

/* Any other short heading with a colon ("Reasons for the decision:"); "The Panel AGREED:" is a
 * marker inside the line, and inside the minutes such a heading ("Points raised in
 * discussion:") is a paragraph of them, so what follows stays discussion */
static int is_other_label(pstate *ps, line *l)
{
    size_t klen;
    if (ps->sec >= 0 && ps->d->secs.v[ps->sec].kind == SEC_MINUTES && !ps->res_state) return 0;
    /* the short test first: few lines are a label ending in a colon */
    return (l->rest = other_label(l->s, l->n, &l->sk, &l->nlen)) != 0 &&
           !(ps->item >= 0 && line_decides(l) && mid_marker(l->s, l->n, &klen));
}

/* "The Committee RESOLVED to note ...": a resolved section named by the marker word; the whole
 * line is its paragraph, the text after the marker the resolution */
static int is_mid_marker(pstate *ps, line *l)
{
    return ps->item >= 0 && (l->mk = line_decides(l) ? mid_marker(l->s, l->n, &l->klen) : 0) != 0;
}

static int act_mid_marker(pstate *ps, line *l)
{
    const char *s = l->s;
    size_t n = l->n, mm = l->mk;
    end_lead(ps->d, l->L.a);
    if (new_section(ps, SEC_RESOLVED, s + mm, l->klen, l->L.a + (uint32_t)mm, l->L.a + (uint32_t)(mm + l->klen)) ||
        new_para(ps, l->L.a, l->L.b) < 0)
        return -1;
    size_t j = marker_end(s, n, skip_that(s, n, skip_vote(s, n, skip_sep(s, n, mm + l->klen))));
    if (j < n) {
        if (open_resolutions(ps, l->L.a + (uint32_t)j, l->L.b)) return -1;
    } else if (s[n - 1] != ':') { /* "The Committee NOTED the update.": the whole sentence */
        if (new_resolution(ps, l->L.a, l->L.b, l->L.a, NULL, 0)) return -1;
    }
    touch(ps, l->L.b);
    return LINE_DONE;
}

/* "The Committee received and noted the report.", "The minutes were agreed as a correct
 * record.": the sentence is the resolution, in a resolved section named by its verb ("The
 * Committee received and noted"); the paragraphs after it stay where they were. "That the
 * Committee approves ..." opening a section other than the minutes is the report's
 * recommendation, not the decision. */
static int is_decision(pstate *ps, line *l)
{
    const model_doc *d = ps->d;
    int that = text_istarts(l->s, l->n, "that ");
    sec_kind sk = ps->sec >= 0 ? d->secs.v[ps->sec].kind : SEC_OTHER;
    int that_ok = ps->sec >= 0 && (sk == SEC_MINUTES ||
                                   (d->paras.n > 0 && d->paras.v[d->paras.n - 1].section == ps->sec &&
                                    d->paras.v[d->paras.n - 1].item == ps->item &&
                                    sk != SEC_SUPPORTING && sk != SEC_ADDITIONAL));
    return ps->item >= 0 && (l->was_blank || l->prev_closed) && (ps->res_state == 0 || (ps->res_state == 2 && !that)) &&
           (!that || that_ok) && (that || line_decides(l)) && decision_sentence(l->s, l->n, &l->va, &l->vb, &l->se);
}

static int act_decision(pstate *ps, line *l)
{
    int back = ps->sec;
    uint32_t a = l->L.a;
    if (new_section(ps, SEC_RESOLVED, l->s + l->va, l->vb - l->va, a + (uint32_t)l->va, a + (uint32_t)l->vb) ||
        new_para(ps, a, l->L.b) < 0 || new_resolution(ps, a, a + (uint32_t)l->se, a, NULL, 0))
        return -1;
    ps->sec = back;
    ps->res_state = 0;
    ps->last_para = -1;
    touch(ps, l->L.b);
    return LINE_DONE;
}

/* -- text -- */

static const char *const chrome[] = { "agenda", "agendas", "and", "draft", "minutes", "meeting", "meetings",
                                      "documents", "document", "decision", "decisions", "details", "issue",
                                      "issues", "item", "items", "-", "\xE2\x80\x93", "&" };

/* Does the line name the page rather than an item: words of a minutes page's own title only
 * ("Agenda and minutes", "Meeting documents", "Decision details", "Issue - decisions"), or a
 * body's name followed by "Minutes" ("Corporate Parenting Board Minutes")? */
static int page_title(const char *s, size_t n)
{
    if (n > 80 || !is_upper_at(s, n) || ends_terminal(s, n)) return 0;
    int all = 1, words = 0;
    size_t lw = 0, le = 0, pw = 0, pe = 0; /* the last word and the one before it */
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ') i++;
        size_t w = i;
        while (i < n && s[i] != ' ') i++;
        if (i == w) break;
        size_t e = i;
        while (e > w && s[e - 1] == ',') e--;
        all &= word_in(s + w, e - w, M_CHROME);
        pw = lw, pe = le, lw = w, le = e;
        words++;
    }
    if (!words) return 0;
    if (all) return 1;
    return words >= 2 && le - lw == 7 && text_istarts(s + lw, 7, "minutes") && (body_word(s, pw, pe) & BODY_NAMED);
}

/* The page's own title before any item ("Corporate Parenting Board Minutes" over a page whose
 * items lost their headings) is no item's title: rules would read the item as the procedural
 * "Minutes" */
static int is_page_title(pstate *ps, line *l)
{
    const model_doc *d = ps->d;
    int fresh = ps->item < 0 || (ps->implicit && ps->item == 0 && !d->items.v[0].title && d->paras.n == 0);
    return fresh && ps->sec < 0 && page_title(l->s, l->n);
}

static int act_page_title(pstate *ps, line *l)
{
    model_doc *d = ps->d;
    if (!*d->title) { /* the meeting's title, as demote_preamble would have made it */
        char *t = text_dup_clean(l->s, l->n);
        if (!t) return -1;
        free(d->title);
        d->title = t;
    }
    if (ps->item < 0) {
        if (new_item(ps, l->L.a) < 0) return -1;
        ps->implicit = 1;
    }
    return LINE_DONE;
}

/* text before any heading: an item is invented, titled by this line when it reads as one (lines
 * under a meeting-level PRESENT: or Apologies: label belong to that list) */
static int is_before_items(pstate *ps, line *l) { (void)l; return ps->item < 0 && ps->sec < 0; }

static int act_before_items(pstate *ps, line *l)
{
    if (new_item(ps, l->L.a) < 0) return -1;
    ps->implicit = 1;
    int bl;
    size_t la, lb;
    if (l->n <= 150 && !ends_terminal(l->s, l->n) && !para_label(l->s, l->n, &bl, &la, &lb)) {
        if (set_title(ps, ps->d->text, l->L.a, l->L.b)) return -1;
        touch(ps, l->L.b);
        return LINE_DONE;
    }
    return LINE_ON;
}

/* the continuation of a wrapped line; a capital or a digit continues only a paragraph or
 * entry cut mid-sentence */
static int is_wrapped(pstate *ps, line *l)
{
    if (l->was_blank || ps->last_para < 0) return 0;
    const model_para *p = &ps->d->paras.v[ps->last_para];
    const char *pt = ps->d->text + p->span.off;
    size_t pn = p->span.end - p->span.off, la, lb;
    int bl;
    int cont = is_lower_at(l->s, l->n) ? !ends_terminal(pt, pn) : ends_open(pt, pn);
    return cont && !para_label(l->s, l->n, &bl, &la, &lb);
}

static int act_wrapped(pstate *ps, line *l)
{
    model_doc *d = ps->d;
    model_para *p = &d->paras.v[ps->last_para];
    p->span.end = p->body.end = l->L.b;
    /* extend the resolution this paragraph carries */
    if (ps->res_state == 2 && d->ress.n && d->ress.v[d->ress.n - 1].item == ps->item &&
        d->ress.v[d->ress.n - 1].span.off >= p->span.off)
        d->ress.v[d->ress.n - 1].span.end = d->ress.v[d->ress.n - 1].body.end =
            trim_entry(d->text, d->ress.v[d->ress.n - 1].body.off, l->L.b);
    touch(ps, l->L.b);
    return LINE_DONE;
}

/* inside a list of resolutions, a short unlabelled line between two entries is a running page
 * header ("Children's Scrutiny Committee – 1 May 2024"), not the end of the list */
static int is_running_header(pstate *ps, line *l)
{
    const model_doc *d = ps->d;
    const char *s = l->s;
    size_t n = l->n, la, lb;
    int bl;
    if (!ps->res_state || ps->last_para < 0 || !(d->paras.v[ps->last_para].label || d->paras.v[ps->last_para].bullet) ||
        n > 100 || ends_terminal(s, n) || text_istarts(s, n, "that ") || text_istarts(s, n, "action"))
        return 0;
    int nx = l->li + 1;
    while (nx < d->lines.n && line_content(d, nx).blank) nx++;
    if (nx >= d->lines.n || para_label(s, n, &bl, &la, &lb)) return 0;
    lineinfo N = line_content(d, nx);
    return para_label(d->text + N.a, N.b - N.a, &bl, &la, &lb) != 0;
}

/* Does the line read as a sentence of prose: closing punctuation and at least four words, or
 * long? A document's name ("Appendix 2 - Action Plan", "Report PDF 94 KB") does not. */
static int prose(const char *s, size_t n)
{
    int words = 1;
    for (size_t i = 0; i < n; i++) words += s[i] == ' ' && i + 1 < n && s[i + 1] != ' ';
    return (ends_terminal(s, n) && words >= 4) || words >= 20;
}

/* Opens an unlabelled minutes section at the line: the text from here on is the item's
 * discussion. */
static int open_discussion(pstate *ps, line *l)
{
    return new_section(ps, SEC_MINUTES, "", 0, l->L.a, l->L.b);
}

/* Under "Additional documents:" or "Supporting documents:", a sentence ends the list of
 * documents: pages print the minutes after it without a label of their own */
static int is_after_documents(pstate *ps, line *l)
{
    const model_doc *d = ps->d;
    int had;
    return ps->item >= 0 && ps->sec >= 0 && !ps->res_state &&
           (d->secs.v[ps->sec].kind == SEC_SUPPORTING || d->secs.v[ps->sec].kind == SEC_ADDITIONAL) &&
           strip_pdf(l->s, l->n, &had) == l->n && !had && prose(l->s, l->n) &&
           !text_istarts(l->s, l->n, "that "); /* the report's recommendation, printed with it */
}

static int act_after_documents(pstate *ps, line *l)
{
    return open_discussion(ps, l) ? -1 : LINE_ON;
}

/* every other line is a paragraph of the current section; "... asked about waiting times. The
 * Committee noted the report.": a decision in a later sentence is a resolution too, the
 * paragraph stays in its section. Inside a list of resolutions the rows below read it. */
static int act_paragraph(pstate *ps, line *l)
{
    model_doc *d = ps->d;
    int pi = new_para(ps, l->L.a, l->L.b);
    if (pi < 0) return -1;
    l->pi = pi;
    if (!ps->res_state && ps->sec >= 0 && d->secs.v[ps->sec].kind == SEC_MINUTES &&
        sub_heading(d, l->li, l->s, l->n, l->was_blank))
        d->paras.v[pi].heading = 1;
    if (!ps->res_state && ps->item >= 0 && later_decisions(ps, l->L.a, l->L.b, line_decides(l))) return -1;
    return ps->res_state ? LINE_ON : LINE_DONE;
}

/* -- inside a list of resolutions -- */

static int in_list(const pstate *ps, const line *l) { return ps->res_state && l->pi >= 0; }

/* "Action: Head of Service" under an entry names its owner */
static int is_owner(pstate *ps, line *l) { return in_list(ps, l) && (l->q = action_word(l->s, l->n)) != 0; }

static int act_owner(pstate *ps, line *l)
{
    if (ps->res_state == 2 && ps->d->ress.n) {
        model_resolution *r = &ps->d->ress.v[ps->d->ress.n - 1];
        free(r->owner);
        if (!(r->owner = text_dup_clean(l->s + l->q, l->n - l->q))) return -1;
    }
    return LINE_DONE;
}

/* "(1) ...", "a) ...", "• ...": an entry; "• requests that the Head of Service:" then "o shares
 * ...", "o reports ...": the sub-entries (marked otherwise) belong to the entry that introduced
 * them */
static int is_entry(pstate *ps, line *l)
{
    return in_list(ps, l) && (ps->d->paras.v[l->pi].label || ps->d->paras.v[l->pi].bullet);
}

static int act_entry(pstate *ps, line *l)
{
    model_doc *d = ps->d;
    const char *t = d->text;
    const model_para *p = &d->paras.v[l->pi];
    const char *lab = p->bullet ? "\xC2\xB7" : p->label;
    uint32_t ba = p->body.off, bb = p->body.end;
    char mark[8];
    list_style(l->s, l->n, mark);
    if (ps->parent >= 0 && ps->parent == d->ress.n - 1 && strcmp(mark, ps->parent_mark) != 0) {
        model_resolution *r = &d->ress.v[ps->parent];
        r->span.end = r->body.end = trim_entry(t, r->body.off, l->L.b);
        return LINE_DONE;
    }
    ps->parent = -1;
    drop_intro(ps);
    int made = split_inline(ps, ba, bb);
    if (made < 0) return -1;
    if (!made && new_resolution(ps, l->L.a, l->L.b, ba, lab, strlen(lab))) return -1;
    if (!made && t[bb - 1] == ':') {
        ps->parent = d->ress.n - 1;
        memcpy(ps->parent_mark, mark, sizeof mark);
    }
    return LINE_DONE;
}

/* "RESOLVED:" then "That" alone: the entries follow */
static int is_intro(pstate *ps, line *l)
{
    return in_list(ps, l) && ps->res_state == 1 && intro_only(ps->d->text, l->L.a, l->L.b);
}

/* the marker's one resolution on the next line, or an unlabelled "That ..." */
static int is_that(pstate *ps, line *l)
{
    if (!in_list(ps, l)) return 0;
    const model_para *p = &ps->d->paras.v[l->pi];
    return ps->res_state == 1 || text_istarts(ps->d->text + p->body.off, p->body.end - p->body.off, "that ");
}

static int act_that(pstate *ps, line *l)
{
    int made = split_inline(ps, l->L.a, l->L.b);
    if (made < 0) return -1;
    if (!made && new_resolution(ps, l->L.a, l->L.b, l->L.a, NULL, 0)) return -1;
    return LINE_DONE;
}

/* anything else ends the list, and after the resolutions made the text is discussion again
 * ("RESOLVED – That the report be noted." then "Members then turned to ..."): the paragraph opens
 * an unlabelled minutes section */
static int act_list_end(pstate *ps, line *l)
{
    int made = ps->res_state == 2;
    ps->res_state = 0;
    if (!made) return LINE_DONE;
    int pi = l->pi;
    if (open_discussion(ps, l)) return -1;
    ps->d->paras.v[pi].section = ps->sec;
    ps->last_para = pi;
    return LINE_DONE;
}

static const grammar_row grammar[] = {
    { "blank line", is_blank, act_blank },
    { "translation widget", is_widget, stop },
    { "page debris", is_page_debris, done },
    { "line with content", always, act_content },
    { "Agenda item", is_agenda, act_agenda },
    { "issue page heading", is_issue, act_issue },
    { "agenda item in brackets", is_agenda_ref, act_agenda_ref },
    { "agenda table header", is_table_header, act_table_header },
    { "item number alone", is_lone_number, act_lone_number },
    { "awaited title", is_awaited_title, act_awaited_title },
    { "title no longer awaited", always, act_title_missed },
    { "unnumbered capitals heading", is_caps_heading, act_caps_heading },
    { "numbered heading", is_numbered_heading, act_numbered_heading },
    { "numbered title and text", is_numbered_title_text, act_numbered_title_text },
    { "table title and minutes", is_table_title_text, act_table_title_text },
    { "agenda table title", is_table_title, act_table_title },
    { "next minute's first paragraph", is_next_minute, act_next_minute },
    { "minute's paragraph number", is_minute_para, act_minute_para },
    { "title before its minutes", is_title_before_minutes, act_title_before_minutes },
    { "label after the purpose", is_inline_minutes, act_inline_minutes },
    { "action line", is_action, act_action },
    { "section label", is_section_label, act_label },
    { "resolution marker", is_marker, act_marker },
    { "deciding body with colon", is_body_colon, act_marker },
    { "numbered resolution marker", is_numbered_marker, act_marker },
    { "other label", is_other_label, act_label },
    { "marker inside the line", is_mid_marker, act_mid_marker },
    { "decision sentence", is_decision, act_decision },
    { "page title", is_page_title, act_page_title },
    { "text before any heading", is_before_items, act_before_items },
    { "wrapped line", is_wrapped, act_wrapped },
    { "running header in a list", is_running_header, done },
    { "text after the documents", is_after_documents, act_after_documents },
    { "paragraph", always, act_paragraph },
    { "owner of a resolution", is_owner, act_owner },
    { "list entry", is_entry, act_entry },
    { "That alone", is_intro, done },
    { "unlabelled resolution", is_that, act_that },
    { "end of the list", always, act_list_end },
};

/* ---- the word lists, built once ------------------------------------------------------------ */

static wordset lists;
static int lists_failed;

#define ADD_ALL(words, bit) wordset_add_all(&lists, words, sizeof words / sizeof *words, bit)

static void build_lists(void)
{
    lists_failed = (ADD_ALL(open_ends, M_OPEN_END) | ADD_ALL(header_cells, M_HEADER_CELL) |
           ADD_ALL(statement_verbs, M_STATEMENT_VERB) | ADD_ALL(statement_openers, M_STATEMENT_OPENER) |
           ADD_ALL(adverbs, M_ADVERB) | ADD_ALL(subordinators, M_SUBORDINATOR) | ADD_ALL(papers, M_PAPER) |
           ADD_ALL(not_subject, M_NOT_SUBJECT) | ADD_ALL(irregular, M_IRREGULAR) | ADD_ALL(conjunctions, M_CONJ) |
           ADD_ALL(chrome, M_CHROME)) != 0;
    /* the first word of each: "re" of "re-elected", "received" of "received and noted" */
    const char *first[N_MARKERS + sizeof active / sizeof *active + sizeof passive / sizeof *passive];
    size_t nf = 0;
    for (size_t m = 0; m < N_MARKERS; m++)
        if (markers[m].flags & MARK_MID) first[nf++] = markers[m].word;
    for (size_t v = 0; v < sizeof active / sizeof *active; v++) first[nf++] = active[v].verb;
    for (size_t v = 0; v < sizeof passive / sizeof *passive; v++) first[nf++] = passive[v].verb;
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) label_firsts |= letter_bit(labels[i].name[0]);
    for (size_t m = 0; m < N_MARKERS; m++) marker_firsts |= letter_bit(markers[m].word[0]);
    for (size_t v = 0; v < sizeof votes / sizeof *votes; v++) marker_firsts |= letter_bit(votes[v].word[0]);
    for (size_t k = 0; k < nf; k++) {
        size_t len = 0;
        while (isalpha((unsigned char)first[k][len])) len++;
        lists_failed |= wordset_add_n(&lists, first[k], len, M_DECIDES, 0, NULL) != 0;
        decides_seconds[first[k][0] - 'a'] |= len >= 2 ? letter_bit(first[k][1]) : ~0u;
    }
}

#undef ADD_ALL

static const wordset *word_lists(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, build_lists);
    return &lists;
}

/* Does the text open with markup (an HTML or XML page)? */
static int markup_start(const char *s, size_t n)
{
    return text_istarts(s, n, "<!doctype") || text_istarts(s, n, "<html") || text_istarts(s, n, "<?xml");
}

int load_structure(model_doc *d, const load_diag *dg, char *errbuf, size_t errlen)
{
    if (word_lists() && lists_failed) return SC_NOMEM; /* a list outgrew WORDSET_WORDS */
    pstate ps = { 0 };
    ps.d = d;
    ps.item = ps.sec = -1;
    ps.cur_num = ps.last_list = -1;
    ps.last_para = ps.parent = -1;
    ps.minute = -1;
    ps.prev_blank = 1;
    ps.last.blank = 1; /* no line with content yet */
    const char *t = d->text;
    d->lead_end = (uint32_t)d->len;
    for (int li = d->body_line; li < d->lines.n; li++) {
        /* load_meeting wants the title block only; markup is refused below, so read it whole */
        if (d->lead_only && d->lead_end < d->len && !markup_start(t + ps.first_off, d->len - ps.first_off)) return SC_OK;
        line l = { 0 };
        l.li = li;
        l.L = line_content(d, li);
        l.s = t + l.L.a;
        l.n = l.L.b - l.L.a;
        l.pi = -1;
        l.decides = -1;
        int rc = LINE_ON;
        for (size_t r = 0; r < sizeof grammar / sizeof *grammar && rc == LINE_ON; r++)
            if (grammar[r].is(&ps, &l)) rc = grammar[r].act(&ps, &l);
        if (rc < 0) goto oom;
        if (rc == LINE_STOP) break;
    }
    if (close_block(&ps)) goto oom;
    /* no heading, label or marker (a page that opens in the minute text, a council's own
     * layout): the whole text is one item, so nothing with text is refused; a note says so */
    if (!ps.seen) { /* front matter or page debris alone */
        const char *msg = "no minutes text: only front matter or page debris";
        snprintf(errbuf, errlen, "%s:1:1: %s", dg->path, msg);
        load_report(dg, SC_DIAG_ERROR, 1, 1, "%s", msg);
        return SC_PARSE;
    }
    if (ps.item < 0 || (ps.implicit && d->items.n == 1 && !holds_minutes(d, 0))) {
        /* markup is no minutes text: read whole it would be tags and scripts */
        const char *ft = t + ps.first_off;
        size_t fn = d->len - ps.first_off;
        if (markup_start(ft, fn)) {
            const char *msg = "markup, not minutes text (an HTML page needs a loader plugin such as moderngov-html)";
            snprintf(errbuf, errlen, "%s:%d:1: %s", dg->path, ps.first_line, msg);
            load_report(dg, SC_DIAG_ERROR, ps.first_line, 1, "%s", msg);
            return SC_PARSE;
        }
        if (whole_item(&ps, ps.first_off)) goto oom;
        load_report(dg, SC_DIAG_NOTE, ps.first_line, 1, "%s",
                    "no agenda item heading found: the whole text is read as one item");
    }
    if (demote_preamble(&ps)) goto oom;
    /* resolutions were appended per item, but bare ones come last: keep item order */
    if (bare_resolutions(&ps) || sort_resolutions(d)) goto oom;
    if (unlabelled_minutes(d) || finish_items(d)) goto oom;
    return SC_OK;
oom:
    snprintf(errbuf, errlen, "%s: out of memory", dg->path);
    return SC_NOMEM;
}
