/*
 * model.h — the parsed form of one minutes document.
 *
 * A document owns all of its memory: the sanitized text, the line table and flat arrays of every
 * object kind. Objects refer to each other by index (an item's paragraphs are the contiguous run
 * [para_first, para_first + para_count) of doc->paras), so a document is freed with one call and
 * can be stored or bound to Lua without pointer chasing. Strings inside objects are either spans
 * of doc->text (read them with model_span_text) or owned by the document.
 */
#ifndef SC_MODEL_H
#define SC_MODEL_H

#include <stddef.h>
#include <stdint.h>

/* A region of the sanitized text. Lines and columns are 1-based, columns count characters;
 * end_col is the column of the last character (inclusive). off/end are byte offsets. */
typedef struct sc_span {
    int line, col, end_line, end_col;
    uint32_t off, end;
} sc_span;

typedef enum {
    SEC_PREAMBLE = 0, /* text before any label: the purpose of the item */
    SEC_MINUTES,
    SEC_RESOLVED,
    SEC_SUPPORTING,
    SEC_ADDITIONAL,
    SEC_PRESENT,
    SEC_APOLOGIES,
    SEC_OTHER,
} sec_kind;

typedef struct model_section {
    sc_span span; /* the label (or the first paragraph when there is no label) */
    sec_kind kind;
    char *name; /* owned: label text without the colon */
    int item;
} model_section;

typedef struct model_para {
    sc_span span;
    int item, section;
    int bullet;  /* 1 when the paragraph is a bullet ("·", "•", "-", "*") */
    int heading; /* 1 for a sub-heading inside an item ("Agency Staff"): a name, so no sentences */
    char *label; /* owned or NULL: paragraph number such as "7.1", "1a", "(ii)" */
    sc_span body; /* the text after any bullet or label */
    int sent_first, sent_count;
} model_para;

typedef struct model_sentence {
    sc_span span;
    int para, item;
} model_sentence;

typedef struct model_resolution {
    sc_span span;   /* the whole resolution, marker included */
    sc_span body;   /* without marker */
    char *label;    /* owned or NULL: "1", "i", "a", "·" */
    char *owner;    /* owned or NULL: from a following "Action: <owner>" line */
    int item;
} model_resolution;

typedef enum { SPK_COUNCILLOR = 0, SPK_OFFICER = 1 } spk_kind;

typedef struct model_speaker {
    sc_span span;
    char *name; /* the document's (model_strdup): "Councillor Potts", "The DCF" */
    spk_kind kind;
    int item;
} model_speaker;

typedef enum { FIG_PERCENT = 0, FIG_COUNT = 1, FIG_WORDS = 2, FIG_MONEY = 3 } fig_kind;

typedef struct model_figure {
    sc_span span;
    double value;
    fig_kind kind;
    char *unit; /* the document's (model_strdup): "%", "weeks", "vacancies", "" */
    int sentence, item;
} model_figure;

typedef enum {
    DATE_DAY = 0,      /* 21 June 2017, 21/04/2016 */
    DATE_MONTH,        /* September 2018 */
    DATE_YEAR,         /* 2018 (only with "in"/"by"/"during") */
    DATE_FIN_YEAR,     /* 2019/20, 2019 / 2020, 2017/18 */
    DATE_QUARTER,      /* quarter 3, Q3 */
    DATE_RELATIVE,     /* end of March, next meeting */
} date_kind;

typedef struct model_date {
    sc_span span;
    date_kind kind;
    char *iso; /* the document's (model_strdup): "2017-06-21", "2018-09", "2019/20", "Q3", "" */
    int item;
} model_date;

typedef struct model_ref {
    sc_span span;
    char *kind; /* the document's (model_strdup): "minute", "recommendation", "item", "appendix" */
    char *number; /* the document's (model_strdup) */
    int item;
} model_ref;

typedef struct model_item {
    sc_span span;  /* heading line(s) through the last line of the item */
    sc_span head;  /* the title line */
    char *number;  /* owned or NULL */
    char *title;   /* owned */
    char *purpose; /* owned or NULL */
    int sec_first, sec_count;
    int para_first, para_count;
    int sent_first, sent_count;
    int res_first, res_count;
    int spk_first, spk_count;
    int fig_first, fig_count;
    int date_first, date_count;
    int ref_first, ref_count;
} model_item;

/* Where a meeting field came from, strongest first. */
typedef enum { META_NONE = 0, META_FRONT, META_TEXT, META_NAME, META_DEFAULT } meta_src;

typedef struct model_line {
    uint32_t off, len; /* byte range in text, without the newline */
    uint32_t chars;    /* characters in text before the line (model_index) */
    int ascii;         /* 1 when every byte of the line is one character: its columns are bytes */
} model_line;

#define MODEL_ARRAY(T) struct { T *v; int n, cap; }

typedef struct model_doc {
    char *path;       /* owned: display path */
    char *text;       /* owned: sanitized UTF-8, NUL-terminated, '\n' line ends */
    size_t len;
    uint64_t hash_hi, hash_lo; /* content hash of the raw bytes */
    int lead_only; /* load_meeting: structure stops once the title block has ended */
    MODEL_ARRAY(model_line) lines;
    /* characters in text[0 .. k * MODEL_BLOCK) for each k that meets a line holding a character
     * of more than one byte (0 elsewhere: a column on a line of ASCII is a byte count), built
     * with the line table (model_index): a column is one lookup and a count of at most
     * MODEL_BLOCK bytes */
    uint32_t *block_chars;
    /* the meeting (owned, "" when unknown): front matter, else the text, else the file name */
    char *council, *committee, *date, *title;
    unsigned char council_src, committee_src, date_src, title_src; /* meta_src of each */
    int body_line; /* first line after front matter */
    uint32_t lead_end; /* offset of the first heading or label: text before it is the title block */
    MODEL_ARRAY(model_item) items;
    MODEL_ARRAY(model_section) secs;
    MODEL_ARRAY(model_para) paras;
    MODEL_ARRAY(model_sentence) sents;
    MODEL_ARRAY(model_resolution) ress;
    MODEL_ARRAY(model_speaker) spks;
    MODEL_ARRAY(model_figure) figs;
    MODEL_ARRAY(model_date) dates;
    MODEL_ARRAY(model_ref) refs;
    /* when a plugin loader made the text: the input line and column of each text line */
    int *map_line, *map_col;
    int nmap;
    /* folded text (lower case, quotes and dashes unified), built on first keyword search */
    char *fold;
    uint32_t *fold_map; /* fold byte -> text byte */
    size_t fold_len;
    /* the word index of fold (words.c), built on first keyword search */
    struct model_word *words;
    size_t nwords;
    /* the small strings of figures, dates, speakers and references (model_strdup), in chunks
     * freed with the document rather than one by one */
    struct model_chunk *chunks;
} model_doc;

#define MODEL_BLOCK 64

/* Frees a document and everything it owns. NULL is a no-op. */
void model_doc_free(model_doc *d);

/* n + 1 bytes owned by the document (freed with it, never alone), for a string of n bytes
 * the caller writes and ends with '\0'; model_strdup copies s[0..n) into them. NULL when out of
 * memory. For the objects a document has thousands of (figures' units, dates' ISO text,
 * speakers' names, references' kinds and numbers), a malloc and a free each cost more than
 * reading them. */
char *model_stralloc(model_doc *d, size_t n);
char *model_strdup(model_doc *d, const char *s, size_t n);

/* Grows an array by one zeroed element; returns its index or -1 when out of memory. */
#define MODEL_PUSH(arr) model_push_((void **)&(arr).v, &(arr).n, &(arr).cap, sizeof *(arr).v)
int model_push_(void **v, int *n, int *cap, size_t size);

/* Where a text position came from in the input file: unchanged unless a loader mapped lines. */
void model_source_pos(const model_doc *d, int line, int col, int *src_line, int *src_col);

/* Once a loader's line map is set (map_line/map_col): moves every span of the document into
 * the input's lines and columns, so findings, facts, the store, --dump and the line/column
 * fields of rules all count in the input file; model_span() maps what it makes from then on.
 * Byte offsets stay in the text. */
void model_map_spans(model_doc *d);

/* Builds the line table and the character counts of d->text in one pass (replacing any
 * built before). Returns 0, or -1 when out of memory. */
int model_index(model_doc *d);

/* The line table built piecewise, by a reader that finds the line ends anyway (the sanitizer):
 * model_add_line appends line [off, off + len) with `chars` characters before it (ascii: its
 * bytes are its characters), in text order, after d->lines.n = 0; once every line is in (the
 * last one after the final newline too), model_index_blocks adds the character counts.
 * Each returns 0, or -1 when out of memory. */
int model_grow_lines_(model_doc *d);
static inline int model_add_line(model_doc *d, uint32_t off, uint32_t len, uint32_t chars, int ascii)
{
    if (d->lines.n == d->lines.cap && model_grow_lines_(d)) return -1;
    d->lines.v[d->lines.n++] = (model_line){ off, len, chars, ascii };
    return 0;
}
int model_index_blocks(model_doc *d);

/* Builds a span over text bytes [off, end) of the document (end exclusive). */
sc_span model_span(const model_doc *d, uint32_t off, uint32_t end);

/* As model_span, looking for the line from line *hint first (0-based, updated to the span's
 * first line): spans made in text order cost no search. Start with *hint = 0. */
sc_span model_span_from(const model_doc *d, uint32_t off, uint32_t end, int *hint);

/* Line and character column (1-based) of a byte offset. */
void model_pos(const model_doc *d, uint32_t off, int *line, int *col);

/* Pointer to the span's text and its byte length (not NUL-terminated). */
const char *model_span_text(const model_doc *d, const sc_span *s, size_t *len);

/* Folds s[0..len) into f (room for len + 1 bytes; NUL-terminated) and, when m is not NULL,
 * records for each output byte the input byte it came from (m needs len + 1 slots; m[out_len]
 * is len). Returns the folded length. */
size_t model_fold_bytes(const char *s, size_t len, char *f, uint32_t *m);

/* Builds d->fold and d->fold_map when absent. Returns 0, or -1 when out of memory. */
int model_fold(model_doc *d);

/* First position in d->fold whose text byte is at or after `off` (binary search; d->fold built). */
size_t model_fold_pos(const model_doc *d, uint32_t off);

/* ---- words.c: the word index, so keyword searches look words up instead of scanning ------- */

/* A word of d->fold: a run of letters and digits that starts the text or follows another byte. */
typedef struct model_word {
    uint32_t pos, len;
} model_word;

/* Builds d->words (folding first when needed): every word of d->fold, sorted by its bytes,
 * then by position. Returns 0, or -1 when out of memory. */
int model_words(model_doc *d);

/* isalnum of the C locale by byte: 1 for an ASCII letter, 2 for a digit, 0 otherwise (words.c). */
extern const unsigned char model_alnum[256];

/* The index range [*lo, *hi) of d->words whose word starts with w[0..n) (exact = 0) or is
 * exactly it (exact = 1). The range holds runs of equal words, each in text order. */
void model_words_range(const model_doc *d, const char *w, size_t n, int exact, size_t *lo, size_t *hi);

/* The end of the run of words equal to d->words[i], searching no further than hi. */
size_t model_words_run_end(const model_doc *d, size_t i, size_t hi);

#endif
