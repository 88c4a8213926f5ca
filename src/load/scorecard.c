/*
 * scorecard.c — the three shapes of scorecard CSV councils and DfE publish (see scorecard.h):
 *   long   council,indicator,period,value[,target,england,statistical_neighbours,region]
 *   wide   council,indicator[,target],<one column per period>
 *   dfe    time_period,time_identifier,geographic_level,...,la_name,<indicator columns>;
 *          National and Regional rows become the comparators of the local authority rows
 * The header decides the shape. A file with any bad cell or row loads nothing: every problem is
 * reported (up to 20) with file:line:col, then the whole file is refused.
 */
#include "scorecard.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/config.h"
#include "../core/text.h"
#include "../core/yamltree.h"
#include "csv.h"

#define MAX_PROBLEMS 20

typedef struct sstate {
    const char *path;
    const catalogue *cat;
    const load_diag *dg;
    scorecard *sc;
    int problems;
    char *errbuf;
    size_t errlen;
} sstate;

static void problem(sstate *st, int line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void problem(sstate *st, int line, int col, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!st->problems) snprintf(st->errbuf, st->errlen, "%s:%d:%d: %s", st->path, line, col, msg);
    if (st->problems < MAX_PROBLEMS) load_report(st->dg, SC_DIAG_ERROR, line, col, "%s", msg);
    st->problems++;
}

void scorecard_free(scorecard *s)
{
    if (!s) return;
    for (int i = 0; i < s->n; i++) { free(s->v[i].council); free(s->v[i].indicator); free(s->v[i].missing); free(s->v[i].cell); }
    free(s->v);
    free(s->path);
    free(s);
}

int scorecard_cell(const char *s, double *v, const char **why)
{
    static const struct { const char *mark, *why; } marks[] = {
        { "", "empty" }, { "c", "suppressed" }, { "x", "not available" }, { ":", "not available" },
        { "..", "not available" }, { "z", "not applicable" }, { "-", "none" }, { "n/a", "not applicable" },
        { "na", "not applicable" }, { "low", "low (suppressed)" }, { "u", "low reliability" },
    };
    size_t a = text_ltrim(s, strlen(s)), n = text_rtrim(s, strlen(s));
    if (n < a) n = a; /* only spaces */
    char buf[64];
    size_t k = 0;
    if (n > a && n - a < sizeof buf) {
        for (size_t i = a; i < n; i++) buf[k++] = (char)tolower((unsigned char)s[i]);
    }
    buf[k] = '\0';
    if (n - a >= sizeof buf) return -1;
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (!strcmp(buf, marks[i].mark)) { *why = marks[i].why; return 1; }
    /* number: optional sign, digits with optional thousands groups, optional decimals, optional % */
    char num[64];
    size_t o = 0, i = 0;
    if (buf[i] == '-' || buf[i] == '+') num[o++] = buf[i++];
    size_t int_start = i;
    int groups = 0, run = 0;
    while (buf[i] && (isdigit((unsigned char)buf[i]) || buf[i] == ',')) {
        if (buf[i] == ',') {
            if (run == 0 || (groups == 0 && run > 3) || (groups > 0 && run != 3)) return -1;
            groups++;
            run = 0;
        } else {
            num[o++] = buf[i];
            run++;
        }
        i++;
    }
    if (groups && run != 3) return -1;
    if (i == int_start) return -1;
    if (buf[i] == '.') {
        num[o++] = buf[i++];
        if (!isdigit((unsigned char)buf[i])) return -1;
        while (isdigit((unsigned char)buf[i])) num[o++] = buf[i++];
    }
    while (buf[i] == ' ') i++;
    if (buf[i] == '%') i++;
    if (buf[i]) return -1;
    num[o] = '\0';
    errno = 0;
    *v = strtod(num, NULL);
    return errno || !isfinite(*v) ? -1 : 0;
}

/* Lower-cased, trimmed header name. */
static void norm(const char *s, char *out, size_t n)
{
    size_t a = text_ltrim(s, strlen(s)), b = text_rtrim(s, strlen(s)), k = 0;
    for (size_t i = a; i < b && k + 1 < n; i++) out[k++] = s[i] == ' ' ? '_' : (char)tolower((unsigned char)s[i]);
    out[k] = '\0';
}

static int col_of(char names[][64], int n, const char *const *want)
{
    for (int i = 0; i < n; i++)
        for (const char *const *w = want; *w; w++)
            if (!strcmp(names[i], *w)) return i;
    return -1;
}

/* Room for element n of the array *pp (of elements of `size` bytes, *cap of them), doubling. */
static int grow(void *pp, int *cap, int n, size_t size, int first)
{
    if (n < *cap) return 0;
    int nc = *cap ? 2 * *cap : first;
    void *v = realloc(*(void **)pp, (size_t)nc * size);
    if (!v) return -1;
    *(void **)pp = v;
    *cap = nc;
    return 0;
}

static obs *add_obs(sstate *st)
{
    scorecard *sc = st->sc;
    if (grow(&sc->v, &sc->cap, sc->n, sizeof *sc->v, 256)) return NULL;
    obs *o = &sc->v[sc->n++];
    memset(o, 0, sizeof *o);
    return o;
}

/* The indicator named in a cell: must be in the catalogue. */
static const indicator_def *indicator_cell(sstate *st, const csv_field *f)
{
    char id[128];
    size_t a = text_ltrim(f->text, f->len), b = text_rtrim(f->text, f->len);
    snprintf(id, sizeof id, "%.*s", (int)(b > a ? b - a : 0), f->text + a);
    const indicator_def *d = catalogue_find(st->cat, id);
    if (!d) {
        const char *s = catalogue_suggest(st->cat, id);
        problem(st, f->line, f->col, "unknown indicator '%s'%s%s%s", id, s ? " (did you mean '" : "", s ? s : "",
                s ? "'?)" : " (add it to an indicator catalogue)");
    }
    return d;
}

/* Fills value fields of o from a cell; returns -1 after reporting a bad one. */
static int value_cell(sstate *st, obs *o, const csv_field *f)
{
    double v;
    const char *why = NULL;
    int r = scorecard_cell(f->text, &v, &why);
    if (r < 0) {
        problem(st, f->line, f->col, "'%s' is not a number or a suppression marker (c, x, z, .., -, n/a)", f->text);
        return -1;
    }
    o->line = f->line;
    o->col = f->col;
    o->end_col = f->col + (int)utf8_count(f->text, f->len) - (f->len ? 1 : 0);
    o->cell = text_dup(f->text, f->len);
    if (r == 0) { o->value = v; o->has |= OBS_VALUE; }
    else o->missing = text_dup(why, strlen(why));
    return o->cell && (r == 0 || o->missing) ? 0 : -2;
}

static int number_cell(sstate *st, const csv_field *f, double *slot, unsigned *has, unsigned bit)
{
    double v;
    const char *why;
    int r = scorecard_cell(f->text, &v, &why);
    if (r < 0) {
        problem(st, f->line, f->col, "'%s' is not a number", f->text);
        return -1;
    }
    if (r == 0) { *slot = v; *has |= bit; }
    return 0;
}

static char *field_dup(const csv_field *f)
{
    return text_dup_name(f->text, f->len);
}

static int ragged(sstate *st, csv_reader *r, int want)
{
    if (r->nf == 1 && r->f[0].len == 0) return 1; /* a blank line */
    if (r->nf != want) {
        const csv_field *f = r->nf > want ? &r->f[want] : &r->f[r->nf - 1];
        problem(st, f->line, f->col, "row has %d fields, the header has %d", r->nf, want);
        return 1;
    }
    return 0;
}

static const char *const c_council[] = { "council", "la_name", "local_authority", "authority", NULL };
static const char *const c_indicator[] = { "indicator", "indicator_id", "measure", "id", NULL };
static const char *const c_period[] = { "period", "time_period", "quarter", NULL };
static const char *const c_value[] = { "value", "actual", NULL };
static const char *const c_target[] = { "target", NULL };
static const char *const c_england[] = { "england", "national", NULL };
static const char *const c_sn[] = { "statistical_neighbours", "stat_neighbours", "sn", NULL };
static const char *const c_region[] = { "region", "regional", NULL };
static const char *const c_ignored[] = { "rag", "direction", "dot", "notes", "comments", "comment", "polarity", "unit", "title", NULL };

static int parse_long(sstate *st, csv_reader *r, char names[][64], int nh)
{
    int cc = col_of(names, nh, c_council), ci = col_of(names, nh, c_indicator), cp = col_of(names, nh, c_period),
        cv = col_of(names, nh, c_value), ct = col_of(names, nh, c_target), ce = col_of(names, nh, c_england),
        cs = col_of(names, nh, c_sn), cr = col_of(names, nh, c_region);
    if (cc < 0 || ci < 0 || cv < 0) {
        problem(st, 1, 1, "a long scorecard needs the columns council, indicator, period and value");
        return -1;
    }
    int rc;
    while ((rc = csv_next(r)) == 1) {
        if (ragged(st, r, nh)) continue;
        const indicator_def *d = indicator_cell(st, &r->f[ci]);
        period per;
        if (period_parse(r->f[cp].text, r->f[cp].len, &per)) {
            problem(st, r->f[cp].line, r->f[cp].col, "'%s' is not a period (2019-20, 2019/20, Q3 2019/20, 2019-12, Dec 2019, 2019)",
                    r->f[cp].text);
            continue;
        }
        if (!d || st->problems) continue;
        obs *o = add_obs(st);
        if (!o) return -2;
        o->per = per;
        o->council = field_dup(&r->f[cc]);
        o->indicator = text_dup(d->id, strlen(d->id));
        if (!o->council || !o->indicator) return -2;
        if (!*o->council) problem(st, r->f[cc].line, r->f[cc].col, "the council is empty");
        if (value_cell(st, o, &r->f[cv]) == -2) return -2;
        if (ct >= 0) number_cell(st, &r->f[ct], &o->target, &o->has, OBS_TARGET);
        if (ce >= 0) number_cell(st, &r->f[ce], &o->england, &o->has, OBS_ENGLAND);
        if (cs >= 0) number_cell(st, &r->f[cs], &o->sn, &o->has, OBS_SN);
        if (cr >= 0) number_cell(st, &r->f[cr], &o->region, &o->has, OBS_REGION);
    }
    if (rc < 0) problem(st, r->err_line, r->err_col, "%s", r->err);
    return 0;
}

static int parse_wide(sstate *st, csv_reader *r, char names[][64], int nh, const period *pers, const int *is_per)
{
    int cc = col_of(names, nh, c_council), ci = col_of(names, nh, c_indicator), ct = col_of(names, nh, c_target);
    if (cc < 0 || ci < 0) {
        problem(st, 1, 1, "a wide scorecard needs the columns council and indicator, then one column per period");
        return -1;
    }
    int rc;
    while ((rc = csv_next(r)) == 1) {
        if (ragged(st, r, nh)) continue;
        const indicator_def *d = indicator_cell(st, &r->f[ci]);
        double target = 0;
        unsigned th = 0;
        if (ct >= 0) number_cell(st, &r->f[ct], &target, &th, OBS_TARGET);
        if (!d || st->problems) continue;
        for (int k = 0; k < nh; k++) {
            if (!is_per[k]) continue;
            obs *o = add_obs(st);
            if (!o) return -2;
            o->per = pers[k];
            o->council = field_dup(&r->f[cc]);
            o->indicator = text_dup(d->id, strlen(d->id));
            if (!o->council || !o->indicator) return -2;
            if (value_cell(st, o, &r->f[k]) == -2) return -2;
            o->target = target;
            o->has |= th;
        }
    }
    if (rc < 0) problem(st, r->err_line, r->err_col, "%s", r->err);
    return 0;
}

/* DfE tidy files. Local authority rows become observations, national and regional rows their
 * comparators (matched by period and filters, and by region name for the regional figure). A
 * column holds an indicator when the catalogue maps it; one column may hold several indicators
 * told apart by filter values (`where`). A filter column is any other column that holds words
 * (`breakdown`, `care_leaver_age`); geography columns (`*_code`, `*_name`) are not filters. A
 * row counts for an indicator when each filter column reads the value its catalogue entry
 * asks for, or "Total" when it asks for none. */
#define DFE_SLOTS 256

typedef struct dfe_slot {
    int col;
    const indicator_def *def;
    const dfe_map *map;
} dfe_slot;

typedef struct dfe_comp {
    period per;
    char region[96];
    int national;
    double v[DFE_SLOTS];
    unsigned char has[DFE_SLOTS];
} dfe_comp;

static int dfe_geography(const char *name)
{
    static const char *const cols[] = { "time_period", "time_identifier", "geographic_level", NULL };
    size_t n = strlen(name);
    if (n > 5 && (!strcmp(name + n - 5, "_code") || !strcmp(name + n - 5, "_name"))) return 1;
    for (const char *const *c = cols; *c; c++)
        if (!strcmp(name, *c)) return 1;
    return 0;
}

/* Trimmed, case-insensitive equality of a cell and a wanted value. */
static int cell_is(const csv_field *f, const char *want)
{
    size_t a = text_ltrim(f->text, f->len), b = text_rtrim(f->text, f->len), n = strlen(want);
    if (b - a != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)f->text[a + i]) != tolower((unsigned char)want[i])) return 0;
    return 1;
}

static int slot_takes(const dfe_slot *s, const csv_reader *r, char names[][64], const unsigned char *filter, int nh)
{
    for (int k = 0; k < nh; k++) {
        if (!filter[k]) continue;
        const char *want = "Total";
        for (int w = 0; s->map && w < s->map->nwhere; w++) {
            char key[64];
            norm(s->map->where[2 * w], key, sizeof key);
            if (!strcmp(key, names[k])) want = s->map->where[2 * w + 1];
        }
        if (!cell_is(&r->f[k], want)) return 0;
    }
    return 1;
}

/* The indicator columns (slots) and filter columns of a DfE file; *ns slots. */
static int dfe_columns(sstate *st, const csv_reader *r, char names[][64], int nh, dfe_slot *slots, int *ns,
                       unsigned char *filter)
{
    *ns = 0;
    unsigned char *mapped = calloc((size_t)nh, 1);
    if (!mapped) return -2;
    for (int k = 0; k < nh; k++)
        for (int i = 0; i < st->cat->n; i++)
            for (int m = 0; m < st->cat->v[i].ndfe; m++) {
                const dfe_map *map = &st->cat->v[i].dfe[m];
                char col[64];
                norm(map->column, col, sizeof col);
                if (strcmp(col, names[k])) continue;
                int usable = 1; /* every filter it names is a column of this file */
                for (int w = 0; w < map->nwhere; w++) {
                    char key[64];
                    norm(map->where[2 * w], key, sizeof key);
                    int j = col_of(names, nh, (const char *const[]){ key, NULL });
                    if (j < 0) usable = 0;
                    else filter[j] = 1;
                }
                mapped[k] = 1;
                if (usable && *ns < DFE_SLOTS) slots[(*ns)++] = (dfe_slot){ k, &st->cat->v[i], map };
            }
    /* a column that is neither geography nor an indicator, and holds words, is a filter */
    csv_reader scan;
    csv_open(&scan, r->s, r->n);
    int rc = csv_next(&scan);
    while (rc == 1 && (rc = csv_next(&scan)) == 1) {
        if (scan.nf != nh) continue;
        for (int k = 0; k < nh; k++) {
            double v;
            const char *why;
            if (!filter[k] && !mapped[k] && !dfe_geography(names[k]) && scorecard_cell(scan.f[k].text, &v, &why) < 0)
                filter[k] = 1;
        }
    }
    csv_close(&scan);
    free(mapped);
    return 0;
}

static int parse_dfe(sstate *st, csv_reader *r, char names[][64], int nh)
{
    static const char *const c_level[] = { "geographic_level", NULL }, *const c_tp[] = { "time_period", NULL };
    static const char *const c_rname[] = { "region_name", NULL }, *const c_la[] = { "la_name", NULL };
    int cl = col_of(names, nh, c_level), ct = col_of(names, nh, c_tp), cr = col_of(names, nh, c_rname), ca = col_of(names, nh, c_la);
    if (cl < 0 || ct < 0) {
        problem(st, 1, 1, "a DfE tidy file needs the columns time_period and geographic_level");
        return -1;
    }
    dfe_slot *slots = malloc(DFE_SLOTS * sizeof *slots);
    unsigned char *filter = calloc((size_t)nh, 1);
    dfe_comp *cmp = NULL;
    typedef struct { char region[96]; int slot; } la_of; /* per observation: its row's region, its slot */
    la_of *las = NULL;
    int ns = 0, ncmp = 0, capcmp = 0, caplas = 0, first = st->sc->n, rc, res = -2;
    if (!slots || !filter || dfe_columns(st, r, names, nh, slots, &ns, filter)) goto out;
    while ((rc = csv_next(r)) == 1) {
        if (ragged(st, r, nh)) continue;
        period per;
        if (period_parse(r->f[ct].text, r->f[ct].len, &per)) {
            problem(st, r->f[ct].line, r->f[ct].col, "'%s' is not a period", r->f[ct].text);
            continue;
        }
        const char *level = r->f[cl].text;
        int national = text_istarts(level, strlen(level), "national"), regional = text_istarts(level, strlen(level), "regional");
        char region[96] = "";
        if (cr >= 0) snprintf(region, sizeof region, "%s", r->f[cr].text);
        if (national || regional) {
            if (grow(&cmp, &capcmp, ncmp, sizeof *cmp, 16)) goto out;
            dfe_comp *c = &cmp[ncmp++];
            memset(c, 0, sizeof *c);
            c->per = per;
            c->national = national;
            memcpy(c->region, region, sizeof region);
            for (int s = 0; s < ns; s++) {
                const char *why;
                if (slot_takes(&slots[s], r, names, filter, nh) && scorecard_cell(r->f[slots[s].col].text, &c->v[s], &why) == 0)
                    c->has[s] = 1;
            }
            continue;
        }
        if (!text_istarts(level, strlen(level), "local authority") || ca < 0) continue;
        for (int s = 0; s < ns; s++) {
            if (!slot_takes(&slots[s], r, names, filter, nh)) continue;
            obs *o = add_obs(st);
            if (!o) goto out;
            int j = st->sc->n - 1 - first;
            if (grow(&las, &caplas, j, sizeof *las, 64)) goto out;
            memcpy(las[j].region, region, sizeof region);
            las[j].slot = s;
            o->per = per;
            o->council = field_dup(&r->f[ca]);
            o->indicator = text_dup(slots[s].def->id, strlen(slots[s].def->id));
            if (!o->council || !o->indicator || value_cell(st, o, &r->f[slots[s].col]) == -2) goto out;
        }
    }
    if (rc < 0) problem(st, r->err_line, r->err_col, "%s", r->err);
    /* join comparators: the National row of the period, the Regional row of the LA's region */
    for (int i = first; i < st->sc->n; i++) {
        obs *o = &st->sc->v[i];
        const la_of *la = &las[i - first];
        for (int j = 0; j < ncmp; j++) {
            const dfe_comp *c = &cmp[j];
            if (c->per.key != o->per.key || c->per.kind != o->per.kind || !c->has[la->slot]) continue;
            if (c->national) { o->england = c->v[la->slot]; o->has |= OBS_ENGLAND; }
            else if (!strcmp(c->region, la->region)) { o->region = c->v[la->slot]; o->has |= OBS_REGION; }
        }
    }
    res = 0;
out:
    free(slots);
    free(filter);
    free(cmp);
    free(las);
    return res;
}

static int obs_key_cmp(const void *pa, const void *pb)
{
    const obs *a = *(const obs *const *)pa, *b = *(const obs *const *)pb;
    int c = strcmp(a->council, b->council);
    if (!c) c = strcmp(a->indicator, b->indicator);
    if (!c) c = (a->per.kind > b->per.kind) - (a->per.kind < b->per.kind);
    if (!c) c = (a->per.key > b->per.key) - (a->per.key < b->per.key);
    if (!c) c = a < b ? -1 : a > b; /* file order */
    return c;
}

static int same_obs(const obs *a, const obs *b)
{
    if (a->has != b->has || (a->missing == NULL) != (b->missing == NULL)) return 0;
    if (a->missing && strcmp(a->missing, b->missing)) return 0;
    const double x[] = { a->value, a->target, a->england, a->sn, a->region };
    const double y[] = { b->value, b->target, b->england, b->sn, b->region };
    for (int k = 0; k < 5; k++)
        if ((a->has & (1u << k)) && x[k] != y[k]) return 0;
    return 1;
}

/* One value per council, indicator and period in a file. A different value for a key given
 * before is an error (a block pasted twice with edits, or a DfE file whose filter columns
 * were not chosen); the same observation again is a warning, and only the first is kept. */
static int repeats(sstate *st)
{
    scorecard *sc = st->sc;
    if (sc->n < 2) return 0;
    obs **by = malloc((size_t)sc->n * sizeof *by);
    if (!by) return -2;
    for (int i = 0; i < sc->n; i++) by[i] = &sc->v[i];
    qsort(by, (size_t)sc->n, sizeof *by, obs_key_cmp);
    int dropped = 0;
    for (int i = 1, first = 0; i < sc->n; i++) {
        obs *a = by[first], *b = by[i];
        if (strcmp(a->council, b->council) || strcmp(a->indicator, b->indicator) || a->per.kind != b->per.kind ||
            a->per.key != b->per.key) {
            first = i;
            continue;
        }
        if (!same_obs(a, b)) {
            int dfe = !strcmp(sc->shape, "dfe");
            problem(st, b->line, b->col, "%s, %s, %s has a second value '%s' (line %d has '%s')%s", b->council,
                    b->indicator, b->per.label, b->cell ? b->cell : "", a->line, a->cell ? a->cell : "",
                    dfe ? "; a filter column the loader took for a number? name it in the catalogue's dfe 'where'" : "");
            continue;
        }
        load_report(st->dg, SC_DIAG_WARNING, b->line, b->col, "%s, %s, %s repeats line %d (kept once)", b->council,
                    b->indicator, b->per.label, a->line);
        b->line = 0; /* marks it dropped */
        dropped++;
    }
    free(by);
    if (!dropped) return 0;
    int k = 0;
    for (int i = 0; i < sc->n; i++) {
        obs *o = &sc->v[i];
        if (o->line) { sc->v[k++] = *o; continue; }
        free(o->council); free(o->indicator); free(o->missing); free(o->cell);
    }
    sc->n = k;
    return 0;
}

int scorecard_parse(const char *path, const char *data, size_t len, const catalogue *cat, const load_diag *dg,
                    scorecard **out, char *errbuf, size_t errlen)
{
    *out = NULL;
    scorecard *sc = calloc(1, sizeof *sc);
    if (!sc || !(sc->path = text_dup(path, strlen(path)))) { free(sc); return SC_NOMEM; }
    sstate st = { path, cat, dg, sc, 0, errbuf, errlen };
    csv_reader r;
    csv_open(&r, data, len);
    int rc = csv_next(&r), res = 0;
    char (*names)[64] = NULL;
    period *pers = NULL;
    int *is_per = NULL;
    if (rc <= 0) {
        problem(&st, rc < 0 ? r.err_line : 1, rc < 0 ? r.err_col : 1, "%s", rc < 0 ? r.err : "empty scorecard: no header");
        goto done;
    }
    int nh = r.nf;
    names = calloc((size_t)nh, sizeof *names);
    pers = calloc((size_t)nh, sizeof *pers);
    is_per = calloc((size_t)nh, sizeof *is_per);
    if (!names || !pers || !is_per) { res = -2; goto done; }
    int nper = 0;
    for (int k = 0; k < nh; k++) {
        norm(r.f[k].text, names[k], sizeof names[k]);
        if (!period_parse(r.f[k].text, r.f[k].len, &pers[k])) { is_per[k] = 1; nper++; }
    }
    static const char *const c_tidy[] = { "geographic_level", NULL };
    if (col_of(names, nh, c_tidy) >= 0 && col_of(names, nh, c_period) >= 0) {
        sc->shape = "dfe";
        res = parse_dfe(&st, &r, names, nh);
    } else if (col_of(names, nh, c_period) >= 0) {
        sc->shape = "long";
        for (int k = 0; k < nh; k++) {
            const char *const *lists[] = { c_council, c_indicator, c_period, c_value, c_target, c_england, c_sn, c_region, c_ignored };
            int known = 0;
            for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) known |= col_of(&names[k], 1, lists[l]) == 0;
            if (!known) load_report(dg, SC_DIAG_WARNING, r.f[k].line, r.f[k].col, "column '%s' is not a scorecard column (ignored)", r.f[k].text);
        }
        res = parse_long(&st, &r, names, nh);
    } else if (nper > 0) {
        sc->shape = "wide";
        res = parse_wide(&st, &r, names, nh, pers, is_per);
    } else {
        problem(&st, 1, 1, "unknown scorecard shape: expected a 'period' column (long), period columns such as "
                           "'Q1 2023/24' (wide), or DfE's time_period and geographic_level");
    }
done:
    csv_close(&r);
    free(names);
    free(pers);
    free(is_per);
    if (res == 0 && !st.problems) res = repeats(&st);
    if (res == -2) { scorecard_free(sc); snprintf(errbuf, errlen, "%s: out of memory", path); return SC_NOMEM; }
    if (st.problems) {
        if (st.problems > MAX_PROBLEMS)
            load_report(dg, SC_DIAG_ERROR, 0, 0, "%d more problems not shown; nothing was loaded from this file",
                        st.problems - MAX_PROBLEMS);
        scorecard_free(sc);
        return SC_PARSE;
    }
    if (sc->n == 0) {
        scorecard_free(sc);
        snprintf(errbuf, errlen, "%s:1:1: no observations in this scorecard", path);
        load_report(dg, SC_DIAG_ERROR, 1, 1, "no observations in this scorecard");
        return SC_PARSE;
    }
    *out = sc;
    return SC_OK;
}

/* The message of "path:line:col: message". */
static const char *after_place(const char *err, const char *path)
{
    size_t n = strlen(path);
    if (strncmp(err, path, n) != 0) return err;
    const char *m = strstr(err + n, ": ");
    return m ? m + 2 : err;
}

/* A YAML scorecard:
 *   council: Westbrook Borough Council
 *   observations:
 *     - { indicator: rereferrals, period: Q3 2023/24, value: 24.0, target: 18, england: 22.6 }
 * (a `council:` on an observation overrides the file's). */
int scorecard_parse_yaml(const char *path, const char *data, size_t len, const catalogue *cat, const load_diag *dg,
                         scorecard **out, char *errbuf, size_t errlen)
{
    static const char *const top[] = { "council", "observations", NULL };
    static const char *const keys[] = { "council", "indicator", "period", "value", "target", "england",
                                        "statistical_neighbours", "region", NULL };
    *out = NULL;
    ynode *t = ytree_parse(path, data, len, errbuf, errlen);
    if (!t) {
        load_report(dg, SC_DIAG_ERROR, 0, 0, "%s", errbuf);
        return SC_PARSE;
    }
    scorecard *sc = calloc(1, sizeof *sc);
    if (!sc || !(sc->path = text_dup(path, strlen(path)))) { free(sc); ytree_free(t); return SC_NOMEM; }
    sc->shape = "yaml";
    sstate st = { path, cat, dg, sc, 0, errbuf, errlen };
    char err[512];
    const ynode *council = ytree_get(t, "council", NULL), *list = ytree_get(t, "observations", NULL);
    if (cfg_check_keys(t, path, top, NULL, err, sizeof err) != SC_OK) problem(&st, t->line, t->col, "%s", after_place(err, path));
    else if (!list || list->kind != Y_LIST) problem(&st, t->line, t->col, "a YAML scorecard needs 'observations:', a list");
    for (int i = 0; !st.problems && i < list->n; i++) {
        const ynode *e = list->v[i];
        if (e->kind != Y_MAP) { problem(&st, e->line, e->col, "an observation is a mapping"); break; }
        if (cfg_check_keys(e, path, keys, "an observation", err, sizeof err) != SC_OK) {
            problem(&st, e->line, e->col, "%s", after_place(err, path));
            break;
        }
        const ynode *ind = ytree_get(e, "indicator", NULL), *per = ytree_get(e, "period", NULL), *val = ytree_get(e, "value", NULL);
        const ynode *cn = ytree_get(e, "council", NULL);
        if (!cn) cn = council;
        if (!ind || !per || !val || !cn || ind->kind != Y_SCALAR || per->kind != Y_SCALAR || val->kind != Y_SCALAR || cn->kind != Y_SCALAR) {
            problem(&st, e->line, e->col, "an observation needs indicator, period, value and a council");
            continue;
        }
        csv_field f = { ind->s, strlen(ind->s), ind->line, ind->col };
        const indicator_def *d = indicator_cell(&st, &f);
        period p;
        if (period_parse(per->s, strlen(per->s), &p)) { problem(&st, per->line, per->col, "'%s' is not a period", per->s); continue; }
        if (!d) continue;
        obs *o = add_obs(&st);
        if (!o) break;
        o->per = p;
        o->council = text_dup_name(cn->s, strlen(cn->s));
        o->indicator = text_dup(d->id, strlen(d->id));
        csv_field vf = { val->s, strlen(val->s), val->line, val->col };
        if (!o->council || !o->indicator || value_cell(&st, o, &vf) == -2) break;
        static const char *const extra[] = { "target", "england", "statistical_neighbours", "region" };
        double *slots[] = { &o->target, &o->england, &o->sn, &o->region };
        static const unsigned bits[] = { OBS_TARGET, OBS_ENGLAND, OBS_SN, OBS_REGION };
        for (int k = 0; k < 4; k++) {
            const ynode *x = ytree_get(e, extra[k], NULL);
            if (!x) continue;
            csv_field xf = { x->kind == Y_SCALAR ? x->s : (char *)"?", x->kind == Y_SCALAR ? strlen(x->s) : 1, x->line, x->col };
            number_cell(&st, &xf, slots[k], &o->has, bits[k]);
        }
    }
    ytree_free(t);
    if (!st.problems && repeats(&st) == -2) {
        scorecard_free(sc);
        snprintf(errbuf, errlen, "%s: out of memory", path);
        return SC_NOMEM;
    }
    if (st.problems || sc->n == 0) {
        if (!st.problems) {
            snprintf(errbuf, errlen, "%s:1:1: no observations in this scorecard", path);
            load_report(dg, SC_DIAG_ERROR, 1, 1, "no observations in this scorecard");
        }
        scorecard_free(sc);
        return SC_PARSE;
    }
    *out = sc;
    return SC_OK;
}

void iseries_clear(iseries *s)
{
    for (int i = 0; i < s->n; i++) { free(s->p[i].missing); free(s->p[i].cell); free(s->p[i].file); }
    free(s->p);
    free(s->council);
    free(s->indicator);
    memset(s, 0, sizeof *s);
}
