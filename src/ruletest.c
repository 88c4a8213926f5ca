/*
 * ruletest.c — `scrutiny-run --test DIR`: rule fixtures and their expectations (see
 * sc_test_rules in scrutiny.h). A client of the public API, like the CLI: each fixture gets a
 * fresh host, so no fixture sees another's corpus.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "../include/scrutiny.h"
#include "core/dir.h"
#include "core/text.h"
#include "core/yamltree.h"
#include "ruletest.h"

typedef struct ruleref {
    char *id;
    int pos, neg; /* fixtures where it is expected / must stay silent */
} ruleref;

void ruletest_spec_free(spec *s)
{
    for (int i = 0; i < s->nexp; i++) { free(s->exp[i].rule); free(s->exp[i].message); free(s->exp[i].file); }
    for (int i = 0; i < s->nsilent; i++) free(s->silent[i]);
    free(s->exp);
    free(s->silent);
    memset(s, 0, sizeof *s);
}

static const char *scalar(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* Reads NAME.expect.yaml. On error returns -1 with "file:line:col: message" in err. */
static int spec_load(const char *path, spec *s, sbuf *err)
{
    memset(s, 0, sizeof *s);
    FILE *f = fopen(path, "rb");
    if (!f) { sbuf_printf(err, "%s: cannot open the expectations file", path); return -1; }
    char *data;
    size_t len;
    int bad = text_read_stream(f, SIZE_MAX, &data, &len);
    fclose(f);
    if (bad) return -1;
    int rc = ruletest_spec_parse(path, data, len, s, err);
    free(data);
    return rc;
}

int ruletest_spec_parse(const char *path, const char *data, size_t len, spec *s, sbuf *err)
{
    memset(s, 0, sizeof *s);
    yaml_parser_t p;
    yaml_document_t doc;
    int rc = -1;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
    int end_line, end_col;
    ytree_position(data, len, len, &end_line, &end_col);
    if (!yaml_parser_load(&p, &doc)) {
        int line = (int)p.problem_mark.line + 1, col = (int)p.problem_mark.column + 1;
        if (p.error == YAML_READER_ERROR) ytree_position(data, len, p.problem_offset, &line, &col);
        ytree_clamp(end_line, end_col, &line, &col);
        sbuf_printf(err, "%s:%d:%d: %s", path, line, col, p.problem ? p.problem : "invalid YAML");
        yaml_parser_delete(&p);
        return -1;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
#define BAD(node, ...)                                                                                  \
    do {                                                                                                \
        int bl_ = (int)(node)->start_mark.line + 1, bc_ = (int)(node)->start_mark.column + 1;           \
        ytree_clamp(end_line, end_col, &bl_, &bc_);                                                     \
        sbuf_printf(err, "%s:%d:%d: ", path, bl_, bc_);                                                 \
        sbuf_printf(err, __VA_ARGS__);                                                                  \
        goto done;                                                                                      \
    } while (0)
    if (!root || root->type != YAML_MAPPING_NODE) {
        sbuf_printf(err, "%s:1:1: expected a mapping with 'expect' and 'silent'", path);
        goto done;
    }
    for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = yaml_document_get_node(&doc, pr->key), *v = yaml_document_get_node(&doc, pr->value);
        const char *key = scalar(k);
        int is_expect = key && !strcmp(key, "expect"), is_silent = key && !strcmp(key, "silent");
        if (!is_expect && !is_silent) BAD(k, "unknown key '%s' (expect, silent)", key ? key : "?");
        if (v->type == YAML_SCALAR_NODE && !*scalar(v)) continue; /* "silent:" left empty */
        if (v->type != YAML_SEQUENCE_NODE) BAD(v, "'%s' must be a list", key);
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
            yaml_node_t *e = yaml_document_get_node(&doc, *it);
            if (is_silent) {
                if (!scalar(e)) BAD(e, "'silent' lists rule ids");
                char **nv = realloc(s->silent, (size_t)(s->nsilent + 1) * sizeof *nv);
                if (!nv) goto done;
                s->silent = nv;
                if (!(s->silent[s->nsilent] = text_dup(scalar(e), strlen(scalar(e))))) goto done;
                s->nsilent++;
                continue;
            }
            if (e->type != YAML_MAPPING_NODE) BAD(e, "an expectation is a mapping: { rule: ID, line: N }");
            expectation x = { NULL, NULL, NULL, 0, (int)e->start_mark.line + 1, (int)e->start_mark.column + 1, 0 };
            ytree_clamp(end_line, end_col, &x.yline, &x.ycol);
            for (yaml_node_pair_t *q = e->data.mapping.pairs.start; q < e->data.mapping.pairs.top; q++) {
                yaml_node_t *qk = yaml_document_get_node(&doc, q->key), *qv = yaml_document_get_node(&doc, q->value);
                const char *kk = scalar(qk), *vv = scalar(qv);
                if (!kk || !vv) { free(x.rule); free(x.message); free(x.file); BAD(qk, "expectation fields are plain values"); }
                if (!strcmp(kk, "rule")) { free(x.rule); x.rule = text_dup(vv, strlen(vv)); }
                else if (!strcmp(kk, "message")) { free(x.message); x.message = text_dup(vv, strlen(vv)); }
                else if (!strcmp(kk, "file")) { free(x.file); x.file = text_dup(vv, strlen(vv)); }
                else if (!strcmp(kk, "line")) {
                    char *end;
                    long l = strtol(vv, &end, 10);
                    if (*end || l < 1 || l > 10000000) { free(x.rule); free(x.message); free(x.file); BAD(qv, "'line' must be a positive number"); }
                    x.line = (int)l;
                } else { free(x.rule); free(x.message); free(x.file); BAD(qk, "unknown field '%s' (rule, line, message, file)", kk); }
            }
            if (!x.rule || !x.line) { free(x.rule); free(x.message); free(x.file); BAD(e, "an expectation needs 'rule' and 'line'"); }
            expectation *nv = realloc(s->exp, (size_t)(s->nexp + 1) * sizeof *nv);
            if (!nv) { free(x.rule); free(x.message); free(x.file); goto done; }
            s->exp = nv;
            s->exp[s->nexp++] = x;
        }
    }
    rc = 0;
#undef BAD
done:
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    if (rc) ruletest_spec_free(s);
    return rc;
}

typedef struct collect {
    sbuf *errors;
} collect;

static void on_diag(void *ud, sc_diag_level lv, const char *file, int line, int col, const char *msg)
{
    collect *c = ud;
    if (lv != SC_DIAG_ERROR) return;
    if (file) sbuf_printf(c->errors, "#   %s:%d:%d: %s\n", file, line, col, msg);
    else sbuf_printf(c->errors, "#   %s\n", msg);
}

static ruleref *find_rule(ruleref *rs, int n, const char *id)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(rs[i].id, id)) return &rs[i];
    return NULL;
}

/* A fixture: the files of tests/ that share a stem (NAME.txt, NAME.csv, NAME.expect.yaml, ...). */
typedef struct fixture {
    char *stem;    /* "DIR/tests/NAME" */
    char **inputs; /* its minutes and scorecards, sorted */
    int ninputs;
    int has_expect;
} fixture;

/* Suffixes of a fixture's inputs (the loaders' own, README.* aside) and of its expectations. */
static const char *const input_suffixes[] = { ".txt", ".md", ".text", ".csv", ".scorecard.yaml", NULL };
#define EXPECT_SUFFIX ".expect.yaml"

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && !strcmp(s + n - k, suffix);
}

static int suffix_rank(const char *name)
{
    int r = 0;
    while (input_suffixes[r] && !ends_with(name, input_suffixes[r])) r++;
    return r;
}

/* Is the finding's file one of the fixture's inputs, and the one `want` names (its file name,
 * or its path under tests/) when given? */
static int in_fixture(const fixture *fx, const char *file, const char *want)
{
    for (int i = 0; i < fx->ninputs; i++) {
        if (strcmp(fx->inputs[i], file) != 0) continue;
        if (!want) return 1;
        const char *slash = strrchr(file, '/');
        if (!strcmp(slash ? slash + 1 : file, want)) return 1;
    }
    return 0;
}

/* Runs one fixture; appends reasons to `why`. Returns 1 when it passed. */
static int run_fixture(const char *dir, const fixture *fx, const spec *sp, ruleref *rs, int nrules,
                       const sc_options *base, sbuf *why)
{
    sbuf errs = {0};
    collect c = { &errs };
    sc_options o = base ? *base : (sc_options){ 0 };
    o.diag = on_diag;
    o.diag_ud = &c;
    sc_host *h = NULL;
    char err[256];
    int ok = 1;
    if (sc_host_open(&h, &o, err, sizeof err) != SC_OK) {
        sbuf_printf(why, "#   %s\n", err);
        sbuf_free(&errs);
        return 0;
    }
    if (sc_host_load_rules(h, dir) != SC_OK) ok = 0;
    /* NAME.history/ holds earlier meetings, checked first, whose findings are not compared */
    sbuf hist = {0};
    sbuf_printf(&hist, "%s.history", fx->stem);
    struct stat sb;
    if (!hist.oom && stat(hist.s, &sb) == 0 && S_ISDIR(sb.st_mode) && sc_host_add_input(h, hist.s) != SC_OK) ok = 0;
    sbuf_free(&hist);
    for (int i = 0; i < fx->ninputs; i++)
        if (sc_host_add_input(h, fx->inputs[i]) != SC_OK) ok = 0;
    if (ok && sc_host_run(h) != SC_OK) ok = 0;
    if (errs.len) sbuf_add(why, errs.s, errs.len);
    sbuf_free(&errs);
    for (int i = 0; i < sp->nexp; i++) {
        if (!find_rule(rs, nrules, sp->exp[i].rule)) {
            sbuf_printf(why, "#   expectation at %d:%d: no rule '%s'\n", sp->exp[i].yline, sp->exp[i].ycol, sp->exp[i].rule);
            ok = 0;
        }
        const char *want = sp->exp[i].file;
        int known = !want;
        for (int k = 0; k < fx->ninputs && !known; k++) known = in_fixture(fx, fx->inputs[k], want);
        if (!known) {
            sbuf_printf(why, "#   expectation at %d:%d: '%s' is not a file of this fixture\n", sp->exp[i].yline, sp->exp[i].ycol, want);
            ok = 0;
        }
    }
    for (int i = 0; i < sp->nsilent; i++)
        if (!find_rule(rs, nrules, sp->silent[i])) {
            sbuf_printf(why, "#   silent: no rule '%s'\n", sp->silent[i]);
            ok = 0;
        }
    size_t nf = sc_host_finding_count(h);
    char *used = calloc(nf + 1, 1);
    if (!used) { sc_host_close(h); return 0; }
    for (int i = 0; i < sp->nexp; i++) {
        const expectation *x = &sp->exp[i];
        int hit = 0;
        for (size_t k = 0; k < nf && !hit; k++) {
            const sc_finding *f = sc_host_finding(h, k);
            if (!used[k] && in_fixture(fx, f->file, x->file) && !strcmp(f->rule, x->rule) && f->line == x->line &&
                (!x->message || strstr(f->message, x->message))) {
                used[k] = 1;
                hit = 1;
            }
        }
        if (!hit) {
            sbuf_printf(why, "#   missing: %s at line %d%s%s%s%s%s\n", x->rule, x->line, x->file ? " of " : "", x->file ? x->file : "",
                        x->message ? " with \"" : "", x->message ? x->message : "", x->message ? "\"" : "");
            ok = 0;
        }
    }
    for (size_t k = 0; k < nf; k++) {
        const sc_finding *f = sc_host_finding(h, k);
        if (!in_fixture(fx, f->file, NULL)) continue; /* a finding of the history */
        int listed = 0, silent = 0;
        for (int i = 0; i < sp->nexp; i++) listed |= !strcmp(sp->exp[i].rule, f->rule);
        for (int i = 0; i < sp->nsilent; i++) silent |= !strcmp(sp->silent[i], f->rule);
        if ((listed && !used[k]) || silent) {
            const char *slash = fx->ninputs > 1 ? strrchr(f->file, '/') : NULL;
            sbuf_printf(why, "#   unexpected: %s at line %d%s%s: %s\n", f->rule, f->line, slash ? " of " : "", slash ? slash + 1 : "",
                        f->message);
            ok = 0;
        }
    }
    free(used);
    sc_host_close(h);
    return ok;
}

static void fixtures_free(fixture *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].stem);
        for (int k = 0; k < v[i].ninputs; k++) free(v[i].inputs[k]);
        free(v[i].inputs);
    }
    free(v);
}

/* The fixtures of folder `tdir`, by stem in name order. Returns -1 when out of memory (*out is
 * then NULL), else the count (0 also when the folder cannot be read). */
static long list_fixtures(const char *tdir, fixture **out)
{
    *out = NULL;
    char **names;
    size_t n;
    int lr = dir_list(tdir, NULL, &names, &n);
    if (lr == -2) return -1;
    if (lr) return 0;
    fixture *v = calloc(n + 1, sizeof *v);
    size_t nv = 0;
    int oom = !v;
    for (size_t i = 0; i < n && !oom; i++) {
        const char *base = strrchr(names[i], '/');
        base = base ? base + 1 : names[i];
        if (!strncmp(base, "README.", 7)) continue;
        size_t cut = 0;
        int is_expect = ends_with(names[i], EXPECT_SUFFIX);
        if (is_expect) cut = strlen(EXPECT_SUFFIX);
        for (const char *const *sf = input_suffixes; !cut && *sf; sf++)
            if (ends_with(names[i], *sf)) cut = strlen(*sf);
        struct stat sb;
        if (!cut || stat(names[i], &sb) != 0 || !S_ISREG(sb.st_mode)) continue; /* NAME.history/ and the like */
        size_t sl = strlen(names[i]) - cut;
        fixture *fx = NULL;
        for (size_t k = 0; k < nv && !fx; k++)
            if (strlen(v[k].stem) == sl && !memcmp(v[k].stem, names[i], sl)) fx = &v[k];
        if (!fx) {
            fx = &v[nv++];
            if (!(fx->stem = text_dup(names[i], sl))) { oom = 1; break; }
        }
        if (is_expect) { fx->has_expect = 1; continue; }
        char **in = realloc(fx->inputs, (size_t)(fx->ninputs + 1) * sizeof *in);
        if (!in) { oom = 1; break; }
        fx->inputs = in;
        if (!(in[fx->ninputs] = text_dup(names[i], strlen(names[i])))) { oom = 1; break; }
        fx->ninputs++;
    }
    dir_list_free(names, n);
    if (oom) {
        fixtures_free(v, nv);
        return -1;
    }
    /* a fixture's minutes first, then its scorecards (by suffix in input_suffixes' order) */
    for (size_t f = 0; f < nv; f++)
        for (int i = 1; i < v[f].ninputs; i++)
            for (int k = i; k > 0 && suffix_rank(v[f].inputs[k - 1]) > suffix_rank(v[f].inputs[k]); k--) {
                char *t = v[f].inputs[k];
                v[f].inputs[k] = v[f].inputs[k - 1];
                v[f].inputs[k - 1] = t;
            }
    /* stems in name order ("a" before "a_b", as the listing sorted "a.txt" after "a_b.txt") */
    for (size_t i = 1; i < nv; i++)
        for (size_t k = i; k > 0 && strcmp(v[k - 1].stem, v[k].stem) > 0; k--) {
            fixture t = v[k];
            v[k] = v[k - 1];
            v[k - 1] = t;
        }
    *out = v;
    return (long)nv;
}

sc_status sc_test_rules(const char *dir, const sc_options *opts, FILE *out, int *passed, int *failed)
{
    *passed = *failed = 0;
    sbuf tdir = {0}, d0 = {0};
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/') dl--; /* "rules/" reads as "rules" */
    sbuf_add(&d0, dir, dl);
    if (d0.oom) return SC_NOMEM;
    dir = d0.s;
    sbuf_printf(&tdir, "%s/tests", dir);
    if (tdir.oom) return SC_NOMEM;
    /* the rules, once, for their ids and load errors */
    sbuf errs = {0};
    collect c = { &errs };
    sc_options o = opts ? *opts : (sc_options){ 0 };
    o.diag = on_diag;
    o.diag_ud = &c;
    sc_host *h = NULL;
    char err[256];
    if (sc_host_open(&h, &o, err, sizeof err) != SC_OK) {
        fprintf(out, "not ok - %s\n#   %s\n", dir, err);
        sbuf_free(&tdir);
        sbuf_free(&d0);
        return SC_ERROR;
    }
    int load = sc_host_load_rules(h, dir);
    int nrules = (int)sc_host_rule_count(h);
    ruleref *rs = calloc((size_t)nrules + 1, sizeof *rs);
    for (int i = 0; rs && i < nrules; i++) {
        const sc_rule_info *ri = sc_host_rule(h, (size_t)i);
        rs[i].id = ri ? text_dup(ri->id, strlen(ri->id)) : NULL;
        if (!rs[i].id) rs[i].id = text_dup("?", 1);
    }
    sc_host_close(h);
    if (load != SC_OK) {
        fprintf(out, "not ok - %s: rules load\n%s", dir, errs.s ? errs.s : "");
        (*failed)++;
    }
    sbuf_free(&errs);

    fixture *fxs;
    long nfx = list_fixtures(tdir.s, &fxs);
    if (nfx < 0) {
        free(rs);
        sbuf_free(&tdir);
        sbuf_free(&d0);
        return SC_NOMEM;
    }
    struct stat tsb;
    if (stat(tdir.s, &tsb) != 0 || !S_ISDIR(tsb.st_mode)) fprintf(out, "# %s: no fixtures folder\n", tdir.s);
    for (long i = 0; i < nfx; i++) {
        const fixture *fx = &fxs[i];
        sbuf yml = {0}, why = {0}, yerr = {0};
        sbuf_printf(&yml, "%s" EXPECT_SUFFIX, fx->stem);
        spec sp;
        int ok;
        if (!fx->ninputs) {
            sbuf_printf(&why, "#   %s: no minutes or scorecard beside it (NAME.txt, .md, .text, .csv or .scorecard.yaml)\n", yml.s);
            ok = 0;
        } else if (spec_load(yml.s, &sp, &yerr) != 0) {
            sbuf_printf(&why, "#   %s\n", yerr.s ? yerr.s : "out of memory");
            ok = 0;
        } else {
            ok = run_fixture(dir, fx, &sp, rs, nrules, opts, &why);
            for (int k = 0; k < sp.nexp; k++) {
                ruleref *r = find_rule(rs, nrules, sp.exp[k].rule);
                if (r) r->pos++;
            }
            for (int k = 0; k < sp.nsilent; k++) {
                ruleref *r = find_rule(rs, nrules, sp.silent[k]);
                if (r) r->neg++;
            }
            ruletest_spec_free(&sp);
        }
        sbuf_free(&yerr);
        /* named by its minutes (or first input), and the other inputs beside it */
        fprintf(out, "%s - %s", ok ? "ok" : "not ok", fx->ninputs ? fx->inputs[0] : yml.s);
        for (int k = 1; k < fx->ninputs; k++) {
            const char *slash = strrchr(fx->inputs[k], '/');
            fprintf(out, " + %s", slash ? slash + 1 : fx->inputs[k]);
        }
        fputc('\n', out);
        if (!ok && why.s) fputs(why.s, out);
        if (ok) (*passed)++;
        else (*failed)++;
        sbuf_free(&yml);
        sbuf_free(&why);
    }
    fixtures_free(fxs, (size_t)nfx);
    for (int i = 0; rs && i < nrules; i++) {
        int ok = rs[i].pos > 0 && rs[i].neg > 0;
        fprintf(out, "%s - %s has %d positive and %d negative fixture%s\n", ok ? "ok" : "not ok", rs[i].id,
                rs[i].pos, rs[i].neg, rs[i].neg == 1 ? "" : "s");
        if (ok) (*passed)++;
        else (*failed)++;
        free(rs[i].id);
    }
    free(rs);
    sbuf_free(&tdir);
    sbuf_free(&d0);
    fprintf(out, "%d passed, %d failed\n", *passed, *failed);
    return *failed ? SC_ERROR : SC_OK;
}
