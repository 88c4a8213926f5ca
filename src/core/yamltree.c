/* yamltree.c — YAML events into a located tree (see yamltree.h). */
#include "yamltree.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "text.h"

#define MAX_DEPTH 32
#define MAX_NODES 100000

typedef struct {
    yaml_parser_t p;
    const char *name;
    char *err;
    size_t errlen;
    int nodes;
    const char *text;
    size_t len;
    int end_line, end_col; /* the end of the input */
} yparse;

void ytree_position(const char *text, size_t len, size_t upto, int *line, int *col)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t i = len >= 3 && t[0] == 0xEF && t[1] == 0xBB && t[2] == 0xBF ? 3 : 0; /* a BOM takes no column */
    int l = 1, c = 1;
    if (upto > len) upto = len;
    while (i < upto) {
        size_t brk = t[i] == '\n' ? 1
                     : t[i] == '\r' ? (i + 1 < len && t[i + 1] == '\n' ? 2 : 1)
                     : t[i] == 0xC2 && i + 1 < len && t[i + 1] == 0x85 ? 2
                     : t[i] == 0xE2 && i + 2 < len && t[i + 1] == 0x80 && (t[i + 2] & 0xFE) == 0xA8 ? 3 : 0;
        if (brk) { l++; c = 1; i += brk; continue; }
        if ((t[i] & 0xC0) != 0x80) c++; /* libyaml counts characters, not bytes */
        i++;
    }
    *line = l;
    *col = c;
}

void ytree_clamp(int end_line, int end_col, int *line, int *col)
{
    if (*line > end_line || (*line == end_line && *col > end_col)) {
        *line = end_line;
        *col = end_col;
    }
}

static void clamp(const yparse *y, int *line, int *col) { ytree_clamp(y->end_line, y->end_col, line, col); }

void ytree_free(ynode *n)
{
    if (!n) return;
    for (int i = 0; i < n->n; i++) {
        ytree_free(n->v[i]);
        if (n->keys) free(n->keys[i]);
    }
    free(n->v);
    free(n->keys);
    free(n->key_line);
    free(n->key_col);
    free(n->s);
    free(n);
}

static ynode *fail(yparse *y, int line, int col, const char *msg)
{
    clamp(y, &line, &col);
    if (!*y->err) snprintf(y->err, y->errlen, "%s:%d:%d: %s", y->name, line, col, msg);
    return NULL;
}

static int next(yparse *y, yaml_event_t *ev)
{
    if (yaml_parser_parse(&y->p, ev)) return 0;
    int line = (int)y->p.problem_mark.line + 1, col = (int)y->p.problem_mark.column + 1;
    if (y->p.error == YAML_READER_ERROR) /* bad bytes: libyaml gives their offset, not a mark */
        ytree_position(y->text, y->len, y->p.problem_offset, &line, &col);
    fail(y, line, col, y->p.problem ? y->p.problem : "invalid YAML");
    return -1;
}

static int push(ynode *n, ynode *child, char *key, int kl, int kc)
{
    ynode **v = realloc(n->v, (size_t)(n->n + 1) * sizeof *v);
    if (!v) return -1;
    n->v = v;
    if (n->kind == Y_MAP) {
        char **k = realloc(n->keys, (size_t)(n->n + 1) * sizeof *k);
        if (k) n->keys = k;
        int *l = realloc(n->key_line, (size_t)(n->n + 1) * sizeof *l);
        if (l) n->key_line = l;
        int *c = realloc(n->key_col, (size_t)(n->n + 1) * sizeof *c);
        if (c) n->key_col = c;
        if (!k || !l || !c) return -1;
        n->keys[n->n] = key;
        n->key_line[n->n] = kl;
        n->key_col[n->n] = kc;
    }
    n->v[n->n++] = child;
    return 0;
}

/* Builds the node whose first event is `ev` (consumed). */
static ynode *build(yparse *y, yaml_event_t *ev, int depth)
{
    int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
    clamp(y, &line, &col);
    if (++y->nodes > MAX_NODES) { yaml_event_delete(ev); return fail(y, line, col, "too many values (more than 100,000)"); }
    if (depth > MAX_DEPTH) { yaml_event_delete(ev); return fail(y, line, col, "nested deeper than 32 levels"); }
    if (ev->type == YAML_ALIAS_EVENT) { yaml_event_delete(ev); return fail(y, line, col, "aliases (*name) are not allowed"); }
    const unsigned char *anchor = ev->type == YAML_SCALAR_EVENT ? ev->data.scalar.anchor
                                  : ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.anchor
                                  : ev->type == YAML_MAPPING_START_EVENT ? ev->data.mapping_start.anchor : NULL;
    if (anchor) { yaml_event_delete(ev); return fail(y, line, col, "anchors (&name) are not allowed"); }
    ynode *n = calloc(1, sizeof *n);
    if (!n) { yaml_event_delete(ev); return fail(y, line, col, "out of memory"); }
    n->line = line;
    n->col = col;
    if (ev->type == YAML_SCALAR_EVENT) {
        n->kind = Y_SCALAR;
        n->s = text_dup((const char *)ev->data.scalar.value, ev->data.scalar.length);
        n->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ||
                    ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE || ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
        yaml_event_delete(ev);
        if (!n->s) { ytree_free(n); return fail(y, line, col, "out of memory"); }
        return n;
    }
    int is_map = ev->type == YAML_MAPPING_START_EVENT;
    if (!is_map && ev->type != YAML_SEQUENCE_START_EVENT) {
        yaml_event_delete(ev);
        ytree_free(n);
        return fail(y, line, col, "unexpected YAML structure");
    }
    n->kind = is_map ? Y_MAP : Y_LIST;
    yaml_event_delete(ev);
    for (;;) {
        yaml_event_t e;
        if (next(y, &e)) { ytree_free(n); return NULL; }
        if (e.type == YAML_MAPPING_END_EVENT || e.type == YAML_SEQUENCE_END_EVENT) { yaml_event_delete(&e); return n; }
        char *key = NULL;
        int kl = 0, kc = 0;
        if (is_map) {
            kl = (int)e.start_mark.line + 1;
            kc = (int)e.start_mark.column + 1;
            clamp(y, &kl, &kc);
            if (e.type != YAML_SCALAR_EVENT) { yaml_event_delete(&e); ytree_free(n); return fail(y, kl, kc, "keys must be plain text"); }
            if (e.data.scalar.anchor) { yaml_event_delete(&e); ytree_free(n); return fail(y, kl, kc, "anchors (&name) are not allowed"); }
            key = text_dup((const char *)e.data.scalar.value, e.data.scalar.length);
            yaml_event_delete(&e);
            if (!key) { ytree_free(n); return fail(y, kl, kc, "out of memory"); }
            for (int i = 0; i < n->n; i++)
                if (!strcmp(n->keys[i], key)) {
                    char msg[160];
                    snprintf(msg, sizeof msg, "duplicate key '%s' (first at line %d)", key, n->key_line[i]);
                    free(key);
                    ytree_free(n);
                    return fail(y, kl, kc, msg);
                }
            if (next(y, &e)) { free(key); ytree_free(n); return NULL; }
        }
        ynode *child = build(y, &e, depth + 1);
        if (!child || push(n, child, key, kl, kc)) {
            ytree_free(child);
            free(key);
            ytree_free(n);
            return child ? fail(y, line, col, "out of memory") : NULL;
        }
    }
}

ynode *ytree_parse(const char *name, const char *text, size_t len, char *errbuf, size_t errlen)
{
    yparse y = { .name = name, .err = errbuf, .errlen = errlen, .text = text, .len = len };
    errbuf[0] = '\0';
    ytree_position(text, len, len, &y.end_line, &y.end_col);
    if (!yaml_parser_initialize(&y.p)) return fail(&y, 1, 1, "out of memory");
    yaml_parser_set_input_string(&y.p, (const unsigned char *)text, len);
    ynode *root = NULL;
    yaml_event_t ev;
    for (;;) {
        if (next(&y, &ev)) break;
        if (ev.type == YAML_STREAM_END_EVENT) { yaml_event_delete(&ev); break; }
        if (ev.type == YAML_STREAM_START_EVENT || ev.type == YAML_DOCUMENT_END_EVENT) { yaml_event_delete(&ev); continue; }
        if (ev.type == YAML_DOCUMENT_START_EVENT) {
            if (root) {
                fail(&y, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1, "only one YAML document is allowed");
                yaml_event_delete(&ev);
                ytree_free(root);
                root = NULL;
                break;
            }
            yaml_event_delete(&ev);
            if (next(&y, &ev)) break;
            if (!(root = build(&y, &ev, 0))) break;
            continue;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&y.p);
    if (*errbuf) { ytree_free(root); return NULL; }
    if (!root) { /* an empty file is an empty configuration */
        root = calloc(1, sizeof *root);
        if (root) { root->kind = Y_MAP; root->line = root->col = 1; }
    }
    if (root && root->kind == Y_SCALAR && !root->quoted && !*root->s) {
        ytree_free(root);
        root = calloc(1, sizeof *root);
        if (root) { root->kind = Y_MAP; root->line = root->col = 1; }
    }
    return root;
}

ynode *ytree_load(const char *path, char *errbuf, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(errbuf, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    char *data;
    size_t len;
    int bad = text_read_stream(f, (16u << 20) - 1, &data, &len);
    fclose(f);
    if (bad) {
        snprintf(errbuf, errlen, "%s: cannot read (or larger than 16 MiB)", path);
        return NULL;
    }
    ynode *t = ytree_parse(path, data, len, errbuf, errlen);
    free(data);
    return t;
}

ynode *ytree_get(const ynode *map, const char *key, int *index)
{
    if (!map || map->kind != Y_MAP) return NULL;
    for (int i = 0; i < map->n; i++)
        if (!strcmp(map->keys[i], key)) {
            if (index) *index = i;
            return map->v[i];
        }
    return NULL;
}

int ytree_scalar_type(const ynode *n, double *num)
{
    if (n->kind != Y_SCALAR || n->quoted) return 0;
    const char *s = n->s;
    if (!*s || !strcmp(s, "~") || !strcmp(s, "null")) return 3;
    if (!strcmp(s, "true") || !strcmp(s, "false")) {
        *num = s[0] == 't';
        return 2;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end != s && !*end && !errno && isfinite(v) && !strchr(s, 'x') && !strchr(s, 'X') && s[0] != ' ') {
        *num = v;
        return 1;
    }
    return 0;
}
