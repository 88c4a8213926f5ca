/* model.c — document lifetime, spans and folded text (see model.h). */
#include "model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

int model_push_(void **v, int *n, int *cap, size_t size)
{
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        void *p = realloc(*v, (size_t)nc * size);
        if (!p) return -1;
        *v = p;
        *cap = nc;
    }
    memset((char *)*v + (size_t)*n * size, 0, size);
    return (*n)++;
}

/* A block of document-owned strings (model_stralloc): the newest first. */
struct model_chunk {
    struct model_chunk *next;
    size_t used, cap;
    char bytes[];
};

enum { CHUNK_BYTES = 4096 - 64 };

char *model_stralloc(model_doc *d, size_t n)
{
    struct model_chunk *c = d->chunks;
    if (!c || c->cap - c->used < n + 1) {
        size_t cap = n + 1 > CHUNK_BYTES ? n + 1 : CHUNK_BYTES;
        c = malloc(sizeof *c + cap);
        if (!c) return NULL;
        c->used = 0;
        c->cap = cap;
        /* a string too big for a chunk gets its own, behind the current one */
        if (d->chunks && cap > CHUNK_BYTES) {
            c->next = d->chunks->next;
            d->chunks->next = c;
        } else {
            c->next = d->chunks;
            d->chunks = c;
        }
    }
    char *p = c->bytes + c->used;
    c->used += n + 1;
    return p;
}

char *model_strdup(model_doc *d, const char *s, size_t n)
{
    char *p = model_stralloc(d, n);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void model_doc_free(model_doc *d)
{
    if (!d) return;
    for (int i = 0; i < d->items.n; i++) {
        free(d->items.v[i].number);
        free(d->items.v[i].title);
        free(d->items.v[i].purpose);
    }
    for (int i = 0; i < d->secs.n; i++) free(d->secs.v[i].name);
    for (int i = 0; i < d->paras.n; i++) free(d->paras.v[i].label);
    for (int i = 0; i < d->ress.n; i++) { free(d->ress.v[i].label); free(d->ress.v[i].owner); }
    for (struct model_chunk *c = d->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(d->items.v); free(d->secs.v); free(d->paras.v); free(d->sents.v); free(d->ress.v);
    free(d->spks.v); free(d->figs.v); free(d->dates.v); free(d->refs.v); free(d->lines.v); free(d->block_chars);
    free(d->council); free(d->committee); free(d->date); free(d->title);
    free(d->path); free(d->text); free(d->fold); free(d->fold_map); free(d->words);
    free(d->map_line); free(d->map_col);
    free(d);
}

void model_source_pos(const model_doc *d, int line, int col, int *src_line, int *src_col)
{
    if (!d->map_line || line < 1 || line > d->nmap) {
        *src_line = line;
        *src_col = col;
        return;
    }
    *src_line = d->map_line[line - 1];
    *src_col = d->map_col[line - 1] + col - 1;
}

/* Index of the line holding byte `off` (binary search over line starts). */
static int line_of(const model_doc *d, uint32_t off)
{
    int lo = 0, hi = d->lines.n - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (d->lines.v[mid].off <= off) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

/* Characters in text[0 .. off): one table lookup and at most MODEL_BLOCK bytes counted. */
static uint32_t chars_before(const model_doc *d, uint32_t off)
{
    if (!d->block_chars) return (uint32_t)utf8_count(d->text, off); /* a document built by hand */
    uint32_t b = off / MODEL_BLOCK;
    return d->block_chars[b] + (uint32_t)utf8_count(d->text + (size_t)b * MODEL_BLOCK, off % MODEL_BLOCK);
}

int model_grow_lines_(model_doc *d)
{
    int nc = d->lines.cap ? d->lines.cap * 2 : 64;
    model_line *v = realloc(d->lines.v, (size_t)nc * sizeof *v);
    if (!v) return -1;
    d->lines.v = v;
    d->lines.cap = nc;
    return 0;
}

int model_index_blocks(model_doc *d)
{
    free(d->block_chars);
    size_t nblocks = d->len / MODEL_BLOCK + 1;
    d->block_chars = calloc(nblocks, sizeof *d->block_chars);
    if (!d->block_chars) return -1;
    for (int li = 0; li < d->lines.n; li++) {
        const model_line *l = &d->lines.v[li];
        if (l->ascii) continue; /* its columns are byte counts: chars_before is never asked */
        /* the blocks from the one holding the line's start to the one holding its end; the
         * first may start on a line before, so count back from the line's start */
        size_t block = l->off / MODEL_BLOCK;
        uint32_t end = l->off + l->len, at = (uint32_t)(block * MODEL_BLOCK);
        uint32_t at_chars = l->chars - (uint32_t)utf8_count(d->text + at, l->off - at); /* counted up to here */
        for (; block < nblocks && block * MODEL_BLOCK <= end; block++) {
            uint32_t o = (uint32_t)(block * MODEL_BLOCK);
            at_chars += (uint32_t)utf8_count(d->text + at, o - at);
            at = o;
            d->block_chars[block] = at_chars;
        }
    }
    return 0;
}

int model_index(model_doc *d)
{
    d->lines.n = 0;
    uint32_t start = 0, chars = 0;
    for (;;) {
        const char *nl = memchr(d->text + start, '\n', d->len - start);
        uint32_t end = nl ? (uint32_t)(nl - d->text) : (uint32_t)d->len;
        uint32_t n = (uint32_t)utf8_count(d->text + start, end - start);
        if (model_add_line(d, start, end - start, chars, n == end - start)) return -1;
        chars += n + (nl != NULL);
        if (!nl) break;
        start = end + 1;
    }
    return model_index_blocks(d);
}

/* The line holding `off`, searched from line *hint first (updated): objects made in text order
 * find their lines ahead of the last one, in steps of 1, 2, 4 ... lines and a binary search
 * over the last step, so a search costs the log of the distance, not of the document. */
static inline int line_near(const model_doc *d, uint32_t off, int *hint)
{
    int lo = *hint;
    if (lo < 0 || lo >= d->lines.n || d->lines.v[lo].off > off) return *hint = line_of(d, off);
    int hi = lo + 1;
    for (int step = 1; hi < d->lines.n && d->lines.v[hi].off <= off; step *= 2) {
        lo = hi;
        hi = lo + step;
    }
    /* the line starts at or before off on line lo, after it on line hi (or hi is past the end) */
    if (hi > d->lines.n) hi = d->lines.n;
    hi--;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (d->lines.v[mid].off <= off) lo = mid;
        else hi = mid - 1;
    }
    return *hint = lo;
}

/* Line and column of `off` on line li (0-based) */
static inline void pos_on(const model_doc *d, int li, uint32_t off, int *line, int *col)
{
    const model_line *l = &d->lines.v[li];
    uint32_t upto = off > l->off ? off - l->off : 0;
    if (upto > l->len) upto = l->len;
    *line = li + 1;
    /* most lines are plain ASCII, where a column is a byte count */
    *col = (int)(l->ascii ? upto : chars_before(d, l->off + upto) - l->chars) + 1;
}

void model_pos(const model_doc *d, uint32_t off, int *line, int *col)
{
    if (d->lines.n == 0) { *line = 1; *col = 1; return; }
    pos_on(d, line_of(d, off), off, line, col);
}

static void map_span(const model_doc *d, sc_span *s)
{
    model_source_pos(d, s->line, s->col, &s->line, &s->col);
    model_source_pos(d, s->end_line, s->end_col, &s->end_line, &s->end_col);
}

void model_map_spans(model_doc *d)
{
    if (!d->map_line) return;
    for (int i = 0; i < d->items.n; i++) { map_span(d, &d->items.v[i].span); map_span(d, &d->items.v[i].head); }
    for (int i = 0; i < d->secs.n; i++) map_span(d, &d->secs.v[i].span);
    for (int i = 0; i < d->paras.n; i++) { map_span(d, &d->paras.v[i].span); map_span(d, &d->paras.v[i].body); }
    for (int i = 0; i < d->sents.n; i++) map_span(d, &d->sents.v[i].span);
    for (int i = 0; i < d->ress.n; i++) { map_span(d, &d->ress.v[i].span); map_span(d, &d->ress.v[i].body); }
    for (int i = 0; i < d->spks.n; i++) map_span(d, &d->spks.v[i].span);
    for (int i = 0; i < d->figs.n; i++) map_span(d, &d->figs.v[i].span);
    for (int i = 0; i < d->dates.n; i++) map_span(d, &d->dates.v[i].span);
    for (int i = 0; i < d->refs.n; i++) map_span(d, &d->refs.v[i].span);
}

sc_span model_span_from(const model_doc *d, uint32_t off, uint32_t end, int *hint)
{
    sc_span s = { 1, 1, 1, 1, off, end };
    if (d->lines.n) pos_on(d, line_near(d, off, hint), off, &s.line, &s.col);
    if (end > off) {
        /* the last character starts at the last non-continuation byte before end */
        uint32_t last = end - 1;
        while (last > off && ((unsigned char)d->text[last] & 0xC0) == 0x80) last--;
        int h = *hint;
        if (d->lines.n) pos_on(d, line_near(d, last, &h), last, &s.end_line, &s.end_col);
    } else {
        s.end_line = s.line;
        s.end_col = s.col;
    }
    if (d->map_line) map_span(d, &s); /* after model_map_spans, every span counts in the input */
    return s;
}

sc_span model_span(const model_doc *d, uint32_t off, uint32_t end)
{
    int hint = 0;
    return model_span_from(d, off, end, &hint);
}

const char *model_span_text(const model_doc *d, const sc_span *s, size_t *len)
{
    uint32_t end = s->end > d->len ? (uint32_t)d->len : s->end;
    uint32_t off = s->off > end ? end : s->off;
    *len = end - off;
    return d->text + off;
}

/* Folding rules: ASCII lower case; curly single quotes and primes to '\'', curly double quotes
 * to '"'; every dash and hyphen, NBSP, tab and newline to ' ', with runs of spaces collapsed, so
 * "Re-referrals", "re referrals" and "re–referrals" all read "re referrals". */
/* ASCII bytes folding needs no more than lower case for, as what they fold to; 0 for the rest
 * (NUL, '-', tab, CR, LF and every byte of a multi-byte character). */
static const unsigned char fold_plain[256] = {
#define R8(a) a, a + 1, a + 2, a + 3, a + 4, a + 5, a + 6, a + 7
    0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 11, 12, 0, 14, 15, R8(16), R8(24),
    R8(32), 40, 41, 42, 43, 44, 0, 46, 47, R8(48), R8(56),
    64, R8('a'), R8('a' + 8), R8('a' + 16), 'z' - 1, 'z', 91, 92, 93, 94, 95,
    R8(96), R8(104), R8(112), R8(120),
#undef R8
};

size_t model_fold_bytes(const char *s, size_t len, char *f, uint32_t *m)
{
    size_t o = 0;
    const unsigned char *t = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        unsigned b = t[i];
        if (fold_plain[b]) { /* most bytes: a run of ASCII that only needs lower case */
            char prev = o > 0 ? f[o - 1] : 0;
            do {
                char c = (char)fold_plain[t[i]];
                if (c != ' ' || prev != ' ') {
                    if (m) m[o] = (uint32_t)i;
                    f[o++] = c;
                    prev = c;
                }
                i++;
            } while (i < len && fold_plain[t[i]]);
            continue;
        }
        uint32_t cp;
        int n = utf8_decode(t + i, len - i, &cp);
        if (n == 0) { cp = 0xFFFD; n = 1; }
        int c = -1;
        if (cp == '-' && i > 0 && isalpha(t[i - 1])) {
            /* a word broken across lines, as PDF dumps and hard-wrapped text do: "recruit-\nment" */
            size_t j = i + 1;
            if (j < len && t[j] == '\r') j++;
            if (j < len && t[j] == '\n') {
                j++;
                while (j < len && (t[j] == ' ' || t[j] == '\t')) j++;
                if (j < len && islower(t[j])) { i = j; continue; }
            }
        }
        if (cp < 0x80) {
            c = (cp >= 'A' && cp <= 'Z') ? (int)cp + 32 : (int)cp;
            if (c == '-' || c == '\t' || c == '\n' || c == '\r') c = ' ';
        } else if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032) c = '\'';
        else if (cp == 0x201C || cp == 0x201D || cp == 0x2033) c = '"';
        else if (cp == 0xA0 || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) c = ' ';
        if (c == ' ' && o > 0 && f[o - 1] == ' ') { i += (size_t)n; continue; }
        if (c >= 0) {
            if (m) m[o] = (uint32_t)i;
            f[o++] = (char)c;
        } else {
            for (int k = 0; k < n; k++) {
                if (m) m[o] = (uint32_t)(i + (size_t)k);
                f[o++] = (char)t[i + (size_t)k];
            }
        }
        i += (size_t)n;
    }
    f[o] = '\0';
    if (m) m[o] = (uint32_t)len;
    return o;
}

int model_fold(model_doc *d)
{
    if (d->fold) return 0;
    char *f = malloc(d->len + 1);
    uint32_t *m = malloc((d->len + 1) * sizeof *m);
    if (!f || !m) { free(f); free(m); return -1; }
    d->fold_len = model_fold_bytes(d->text, d->len, f, m);
    d->fold = f;
    d->fold_map = m;
    return 0;
}

size_t model_fold_pos(const model_doc *d, uint32_t off)
{
    size_t lo = 0, hi = d->fold_len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->fold_map[mid] < off) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}
