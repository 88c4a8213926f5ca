/*
 * input.c — the sc_input adapter (see input.h): the loader-facing entries of the plugin ABI.
 */
#include "input.h"

#include <stdlib.h>
#include <string.h>

void input_init(sc_input *in, const char *path, sc_diag_fn diag, void *ud)
{
    memset(in, 0, sizeof *in);
    in->diag = diag;
    in->diag_ud = ud;
    in->path = path;
    in->identity = 1;
}

const char *const input_meta_keys[INPUT_META_N] = { "council", "committee", "date", "title" };

void input_free(sc_input *in)
{
    for (int k = 0; k < INPUT_META_N; k++) free(in->meta[k]);
    memset(in->meta, 0, sizeof in->meta);
    sbuf_free(&in->text);
    free(in->ml);
    free(in->mc);
    in->ml = in->mc = NULL;
}

void input_report(sc_input *in, sc_diag_level level, int line, int col, const char *message)
{
    if (!in) return;
    if (level == SC_DIAG_ERROR) in->errors++;
    if (in->diag) in->diag(in->diag_ud, level, in->path, line, col, message);
}

int input_emit(sc_input *in, const char *text, size_t len, int src_line, int src_col)
{
    if (in->n == in->cap) {
        int nc = in->cap ? in->cap * 2 : 256;
        int *a = realloc(in->ml, (size_t)nc * sizeof *a);
        if (a) in->ml = a;
        int *b = realloc(in->mc, (size_t)nc * sizeof *b);
        if (b) in->mc = b;
        if (!a || !b) return -1;
        in->cap = nc;
    }
    if (src_line != in->n + 1 || src_col != 1) in->identity = 0;
    in->ml[in->n] = src_line;
    in->mc[in->n++] = src_col < 1 ? 1 : src_col;
    sbuf_add(&in->text, text, len);
    sbuf_addc(&in->text, '\n');
    return in->text.oom ? -1 : 0;
}

int input_set_meta(sc_input *in, const char *key, const char *value)
{
    for (int k = 0; in && key && k < INPUT_META_N; k++)
        if (!strcmp(key, input_meta_keys[k])) {
            char *v = text_dup(value ? value : "", value ? strlen(value) : 0);
            if (!v) return -1;
            free(in->meta[k]);
            in->meta[k] = v;
            return 0;
        }
    return 1;
}

void input_map(const sc_input *in, int *line, int *col)
{
    if (in->identity || *line < 1 || *line > in->n) return;
    *col = in->mc[*line - 1] + (*col > 0 ? *col - 1 : 0);
    *line = in->ml[*line - 1];
}
