/*
 * dump.c — a plain-text listing of a parsed document, one object per line with its span:
 * what `scrutiny-run --dump` prints, and what parser tests compare against.
 */
#include <stdio.h>

#include "load.h"
#include "scorecard.h"

static void span_text(FILE *out, const model_doc *d, const sc_span *s)
{
    size_t n;
    const char *t = model_span_text(d, s, &n);
    fputc('"', out);
    for (size_t i = 0; i < n && i < 72; i++) fputc(t[i] == '\n' ? ' ' : t[i], out);
    fputs(n > 72 ? "...\"" : "\"", out);
}

#define POS(s) (s).line, (s).col, (s).end_line, (s).end_col

void load_dump(const model_doc *d, FILE *out)
{
    static const char *const sec_names[] = { "preamble", "minutes", "resolved", "supporting",
                                             "additional", "present", "apologies", "other" };
    static const char *const fig_names[] = { "percent", "count", "words", "money" };
    static const char *const date_names[] = { "day", "month", "year", "financial_year", "quarter", "relative" };
    fprintf(out, "document %s council=\"%s\" committee=\"%s\" date=\"%s\" title=\"%s\"", d->path,
            d->council, d->committee, d->date, d->title);
    /* where each known field came from: "from council:text,date:name" */
    const char *const keys[] = { "council", "committee", "date", "title" };
    const int srcs[] = { d->council_src, d->committee_src, d->date_src, d->title_src };
    for (int k = 0, first = 1; k < 4; k++) {
        if (!srcs[k]) continue;
        fprintf(out, "%s%s:%s", first ? " from " : ",", keys[k], load_meta_source(srcs[k]));
        first = 0;
    }
    fputc('\n', out);
    for (int i = 0; i < d->items.n; i++) {
        const model_item *m = &d->items.v[i];
        fprintf(out, "item %d:%d-%d:%d number=%s title=\"%s\"\n", POS(m->head), m->number ? m->number : "-", m->title);
        if (m->purpose) fprintf(out, "  purpose \"%s\"\n", m->purpose);
        for (int k = m->sec_first; k < m->sec_first + m->sec_count; k++)
            fprintf(out, "  section %d:%d %s \"%s\"\n", d->secs.v[k].span.line, d->secs.v[k].span.col,
                    sec_names[d->secs.v[k].kind], d->secs.v[k].name);
        for (int k = m->res_first; k < m->res_first + m->res_count; k++) {
            const model_resolution *r = &d->ress.v[k];
            fprintf(out, "  resolution %d:%d-%d:%d label=%s owner=%s ", POS(r->span), r->label ? r->label : "-",
                    r->owner ? r->owner : "-");
            span_text(out, d, &r->body);
            fputc('\n', out);
        }
        for (int k = m->spk_first; k < m->spk_first + m->spk_count; k++)
            fprintf(out, "  speaker %d:%d %s \"%s\"\n", d->spks.v[k].span.line, d->spks.v[k].span.col,
                    d->spks.v[k].kind == SPK_COUNCILLOR ? "councillor" : "officer", d->spks.v[k].name);
        for (int k = m->fig_first; k < m->fig_first + m->fig_count; k++) {
            const model_figure *f = &d->figs.v[k];
            fprintf(out, "  figure %d:%d %s %g unit=\"%s\" ", f->span.line, f->span.col, fig_names[f->kind], f->value, f->unit);
            span_text(out, d, &f->span);
            fputc('\n', out);
        }
        for (int k = m->date_first; k < m->date_first + m->date_count; k++) {
            const model_date *dt = &d->dates.v[k];
            fprintf(out, "  date %d:%d %s %s ", dt->span.line, dt->span.col, date_names[dt->kind], dt->iso);
            span_text(out, d, &dt->span);
            fputc('\n', out);
        }
        for (int k = m->ref_first; k < m->ref_first + m->ref_count; k++)
            fprintf(out, "  reference %d:%d %s %s\n", d->refs.v[k].span.line, d->refs.v[k].span.col,
                    d->refs.v[k].kind, d->refs.v[k].number);
        fprintf(out, "  paragraphs %d sentences %d\n", m->para_count, m->sent_count);
    }
}

void scorecard_dump(const scorecard *sc, FILE *out)
{
    static const char *const names[] = { "target", "england", "statistical_neighbours", "region" };
    fprintf(out, "scorecard %s shape=%s observations=%d\n", sc->path, sc->shape, sc->n);
    for (int i = 0; i < sc->n; i++) {
        const obs *o = &sc->v[i];
        fprintf(out, "  observation %d:%d-%d:%d council=\"%s\" indicator=%s period=\"%s\" %s", o->line, o->col, o->line,
                o->end_col, o->council, o->indicator, o->per.label, period_kind_name(o->per.kind));
        if (o->has & OBS_VALUE) fprintf(out, " value=%g", o->value);
        else fprintf(out, " missing=\"%s\"", o->missing ? o->missing : "");
        const double x[] = { o->target, o->england, o->sn, o->region };
        for (int k = 0; k < 4; k++)
            if (o->has & (OBS_TARGET << k)) fprintf(out, " %s=%g", names[k], x[k]);
        fputc('\n', out);
    }
}
