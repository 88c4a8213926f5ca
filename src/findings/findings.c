/* findings.c — owned findings and their order (see findings.h). */
#include "findings.h"

#include <stdlib.h>
#include <string.h>

#include "../core/model.h"
#include "../core/text.h"
#include <stdio.h>
#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t's size, for one on the stack */
#include <xxhash.h>

/* Rule, council, meeting, item and the excerpt folded (case, quotes, dashes, spacing): what
 * the finding is about, not where its lines happen to fall. Into hex (17 bytes). */
static void fingerprint(const finding *f, char *hex)
{
    XXH3_state_t st; /* (on the stack: tens of thousands of findings need no allocation each) */
    XXH3_INITSTATE(&st);
    uint64_t h = 0;
    if (XXH3_64bits_reset(&st) == XXH_OK) {
        const char *parts[] = { f->rule, f->council, f->meeting, f->item };
        for (size_t i = 0; i < 4; i++) XXH3_64bits_update(&st, parts[i], strlen(parts[i]) + 1);
        size_t n = strlen(f->excerpt);
        char buf[512], *fold = n < sizeof buf ? buf : malloc(n + 1);
        if (fold) {
            size_t fl = model_fold_bytes(f->excerpt, n, fold, NULL);
            XXH3_64bits_update(&st, fold, fl);
            if (fold != buf) free(fold);
        }
        h = XXH3_64bits_digest(&st);
    }
    for (int i = 15; i >= 0; i--, h >>= 4) hex[i] = "0123456789abcdef"[h & 15];
    hex[16] = '\0';
}

int findings_add(findings *fs, const char *rule, sc_severity sev, const char *message, const char *file,
                 size_t doc_order, int line, int col, int end_line, int end_col, const char *excerpt,
                 size_t excerpt_len, const char *council, const char *meeting, const char *item)
{
    return findings_add_known(fs, rule, sev, message, file, doc_order, line, col, end_line, end_col, excerpt, excerpt_len,
                              council, meeting, item, NULL);
}

int findings_add_known(findings *fs, const char *rule, sc_severity sev, const char *message, const char *file,
                       size_t doc_order, int line, int col, int end_line, int end_col, const char *excerpt,
                       size_t excerpt_len, const char *council, const char *meeting, const char *item,
                       const char *fp)
{
    if (fs->n == fs->cap) {
        size_t nc = fs->cap ? fs->cap * 2 : 64;
        finding *v = realloc(fs->v, nc * sizeof *v);
        if (!v) return SC_NOMEM;
        fs->v = v;
        fs->cap = nc;
    }
    /* the seven strings and the fingerprint in one block, which f->rule owns */
    const char *src[7] = { rule, message, file, excerpt, council, meeting, item };
    size_t len[7], total = 17;
    for (int k = 0; k < 7; k++) {
        if (!src[k]) src[k] = "";
        len[k] = k == 3 ? (excerpt ? strnlen(excerpt, excerpt_len) : 0) : strlen(src[k]);
        total += len[k] + 1;
    }
    char *block = malloc(total), *p = block;
    if (!block) return SC_NOMEM;
    finding *f = &fs->v[fs->n];
    memset(f, 0, sizeof *f);
    char **dst[7] = { &f->rule, &f->message, &f->file, &f->excerpt, &f->council, &f->meeting, &f->item };
    for (int k = 0; k < 7; k++) {
        *dst[k] = p;
        memcpy(p, src[k], len[k]);
        p[len[k]] = '\0';
        p += len[k] + 1;
    }
    /* the excerpt is one line: newlines inside a quoted span become spaces */
    for (char *q = strpbrk(f->excerpt, "\n\t"); q; q = strpbrk(q + 1, "\n\t")) *q = ' ';
    f->fingerprint = p;
    if (fp && strlen(fp) == 16) memcpy(p, fp, 17);
    else fingerprint(f, p);
    f->doc_order = doc_order;
    f->pub = (sc_finding){ f->rule, sev, f->message, f->file, line, col, end_line, end_col,
                           f->excerpt, f->council, f->meeting, f->item, NULL, f->fingerprint, NULL,
                           "", "", "", "" };
    fs->n++;
    return SC_OK;
}

int findings_set_basis(finding *f, const char *based_on)
{
    free(f->based_on);
    f->based_on = text_dup(based_on, strlen(based_on));
    f->pub.based_on = f->based_on;
    return f->based_on ? SC_OK : SC_NOMEM;
}

int findings_set_waived(finding *f, const char *reason)
{
    free(f->waived);
    f->waived = text_dup(reason, strlen(reason));
    f->pub.waived = f->waived;
    return f->waived ? SC_OK : SC_NOMEM;
}

int findings_describe(finding *f, const char *date, const char *committee, const char *title, const char *tags)
{
    /* the four in one block, which f->date owns ("" for NULL) */
    const char *src[4] = { date, committee, title, tags };
    size_t len[4], total = 0;
    for (int k = 0; k < 4; k++) total += (len[k] = src[k] ? strlen(src[k]) : 0) + 1;
    char *block = malloc(total), *p = block;
    if (!block) return SC_NOMEM;
    free(f->date);
    char **dst[4] = { &f->date, &f->committee, &f->title, &f->tags };
    const char **view[4] = { &f->pub.date, &f->pub.committee, &f->pub.title, &f->pub.tags };
    for (int k = 0; k < 4; k++) {
        *dst[k] = p;
        *view[k] = p;
        if (len[k]) memcpy(p, src[k], len[k]);
        p[len[k]] = '\0';
        p += len[k] + 1;
    }
    return SC_OK;
}

static void finding_free(finding *f)
{
    free(f->rule); /* and the strings of its block */
    free(f->based_on); free(f->waived);
    free(f->date); /* and committee, title, tags: one block */
}

void findings_filter(findings *fs, int (*drop)(void *ud, const finding *f), void *ud)
{
    size_t k = 0;
    for (size_t i = 0; i < fs->n; i++) {
        if (drop(ud, &fs->v[i])) { finding_free(&fs->v[i]); continue; }
        fs->v[k++] = fs->v[i];
    }
    fs->n = k;
}

static int cmp(const void *a, const void *b)
{
    const finding *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c) return c;
    if (x->doc_order != y->doc_order) return x->doc_order < y->doc_order ? -1 : 1;
    if (x->pub.line != y->pub.line) return x->pub.line < y->pub.line ? -1 : 1;
    if (x->pub.column != y->pub.column) return x->pub.column < y->pub.column ? -1 : 1;
    if ((c = strcmp(x->rule, y->rule))) return c;
    return strcmp(x->message, y->message);
}

void findings_sort(findings *fs)
{
    if (fs->n > 1) qsort(fs->v, fs->n, sizeof *fs->v, cmp);
    /* the public views point at the strings, which did not move: nothing to fix up */
}

void findings_clear(findings *fs)
{
    for (size_t i = 0; i < fs->n; i++) finding_free(&fs->v[i]);
    free(fs->v);
    memset(fs, 0, sizeof *fs);
}
