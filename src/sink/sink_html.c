/*
 * sink_html.c — a self-contained HTML report (see sink.h).
 *
 * One file, nothing fetched: the style, the SVG charts and the script are inline, and a Content
 * Security Policy forbids every load, so the report opens the same from a mail attachment as
 * from a web server. Findings are grouped by council, then meeting (date, committee, file), then
 * agenda item, each with its quoted evidence; findings of indicator rules are grouped by
 * indicator under a trend chart of the council's series, with the target and England lines and
 * the flagged period ringed. Checkboxes filter by rule family and severity (also preset from the
 * address: report.html#severity=high,critical&family=workforce).
 *
 * write() keeps a copy of each finding; end() sorts them into groups and writes the page.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "sink.h"

static const char *const sev_names[] = { "info", "notice", "warning", "high", "critical" };

/* Text as HTML: & < > " ' escaped; bytes that are not UTF-8 become U+FFFD. */
static void esc(FILE *out, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            switch (c) {
            case '&': fputs("&amp;", out); break;
            case '<': fputs("&lt;", out); break;
            case '>': fputs("&gt;", out); break;
            case '"': fputs("&quot;", out); break;
            case '\'': fputs("&#39;", out); break;
            default:
                if (c >= 0x20 || c == '\n' || c == '\t') fputc(c, out);
            }
            i++;
            continue;
        }
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (k) fwrite(s + i, 1, (size_t)k, out);
        else fputs("\xEF\xBF\xBD", out);
        i += k ? (size_t)k : 1;
    }
}

/* The family of a rule id: "workforce" of "workforce.vacancies". */
static void family(const char *id, char *buf, size_t n)
{
    const char *dot = strchr(id, '.');
    size_t l = dot ? (size_t)(dot - id) : strlen(id);
    snprintf(buf, n, "%.*s", (int)(l < n ? l : n - 1), id);
}

static const sink_rule *rule_of(const sink_run *run, const char *id)
{
    for (size_t i = 0; run && i < run->nrules; i++)
        if (!strcmp(run->rules[i].id, id)) return &run->rules[i];
    return NULL;
}

/* A finding with what grouping needs. */
typedef struct entry {
    const sc_finding *f;
    int indicator; /* of an indicator rule, about a series the store holds */
    size_t order;  /* position in the run's order */
    size_t item_rank; /* order of the first finding of its file and item */
} entry;

static int cmp_str(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

static int cmp_entry(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    int c;
    if ((c = cmp_str(a->f->council, b->f->council))) return c;
    if (a->indicator != b->indicator) return a->indicator - b->indicator; /* meetings first */
    if (a->indicator) {
        if ((c = cmp_str(a->f->item, b->f->item))) return c;
    } else {
        if ((c = cmp_str(a->f->date, b->f->date))) return c;
        if ((c = cmp_str(a->f->file, b->f->file))) return c;
        if (a->item_rank != b->item_rank) return a->item_rank < b->item_rank ? -1 : 1;
    }
    return a->order < b->order ? -1 : a->order > b->order;
}

/* One block: the finding, then each of its strings (a host may free its findings before end()). */
static sc_finding *copy_finding(const sc_finding *f)
{
    const char *const src[] = { f->rule, f->message, f->file, f->excerpt, f->council, f->meeting, f->item,
                                f->based_on, f->fingerprint, f->waived, f->date, f->committee, f->title, f->tags };
    enum { NS = sizeof src / sizeof *src };
    size_t len[NS], total = sizeof(sc_finding);
    for (int i = 0; i < NS; i++) total += (len[i] = src[i] ? strlen(src[i]) + 1 : 0);
    sc_finding *c = malloc(total);
    if (!c) return NULL;
    *c = *f;
    char *p = (char *)(c + 1);
    const char *dst[NS];
    for (int i = 0; i < NS; i++) {
        dst[i] = src[i] ? memcpy(p, src[i], len[i]) : NULL;
        p += len[i];
    }
    c->rule = dst[0]; c->message = dst[1]; c->file = dst[2]; c->excerpt = dst[3]; c->council = dst[4];
    c->meeting = dst[5]; c->item = dst[6]; c->based_on = dst[7]; c->fingerprint = dst[8]; c->waived = dst[9];
    c->date = dst[10]; c->committee = dst[11]; c->title = dst[12]; c->tags = dst[13];
    return c;
}

void sink_state_free(sink_state *st)
{
    for (size_t i = 0; i < st->nkept; i++) free(st->kept[i]);
    free(st->kept);
    st->kept = NULL;
    st->nkept = st->capkept = 0;
}

int sink_html_begin(void *ud, FILE *out)
{
    (void)out;
    sink_state *st = ud;
    for (size_t i = 0; i < st->nkept; i++) free(st->kept[i]);
    st->n = 0;
    st->nkept = 0;
    return SC_OK;
}

int sink_html_write(void *ud, FILE *out, const sc_finding *f)
{
    (void)out;
    sink_state *st = ud;
    if (st->nkept == st->capkept) {
        size_t nc = st->capkept ? st->capkept * 2 : 64;
        sc_finding **v = realloc(st->kept, nc * sizeof *v);
        if (!v) return SC_NOMEM;
        st->kept = v;
        st->capkept = nc;
    }
    if (!(st->kept[st->nkept] = copy_finding(f))) return SC_NOMEM;
    st->nkept++;
    st->n++;
    return SC_OK;
}

/* ---- the trend chart ------------------------------------------------------------------------ */

enum { CW = 640, CH = 220, ML = 56, MR = 40, MT = 16, MB = 40 };

static double xpos(int i, int n) { return n > 1 ? ML + (double)i * (CW - ML - MR) / (n - 1) : ML + (CW - ML - MR) / 2.0; }
static double ypos(double v, double lo, double hi) { return MT + (hi - v) * (CH - MT - MB) / (hi - lo); }

/* A polyline through the points that have a value of the kind `which` (0 value, 1 target,
 * 2 England); runs without a value break the line. */
static void series_line(FILE *out, const sink_series *s, int which, double lo, double hi, const char *cls)
{
    int open = 0;
    for (int i = 0; i < s->n; i++) {
        const sink_point *p = &s->p[i];
        int has = which == 0 ? p->has_value : which == 1 ? p->has_target : p->has_england;
        double v = which == 0 ? p->value : which == 1 ? p->target : p->england;
        if (!has) {
            if (open) fputs("\"/>", out);
            open = 0;
            continue;
        }
        if (!open) fprintf(out, "<polyline class=\"%s\" points=\"", cls);
        fprintf(out, "%s%.1f,%.1f", open ? " " : "", xpos(i, s->n), ypos(v, lo, hi));
        open = 1;
    }
    if (open) fputs("\"/>", out);
}

static void chart(FILE *out, const sink_series *s, const entry *from, const entry *to)
{
    double lo = 0, hi = 0;
    int any = 0, has_target = 0, has_england = 0;
    for (int i = 0; i < s->n; i++) {
        const sink_point *p = &s->p[i];
        double v[3] = { p->value, p->target, p->england };
        int h[3] = { p->has_value, p->has_target, p->has_england };
        has_target |= h[1];
        has_england |= h[2];
        for (int k = 0; k < 3; k++) {
            if (!h[k]) continue;
            if (!any || v[k] < lo) lo = v[k];
            if (!any || v[k] > hi) hi = v[k];
            any = 1;
        }
    }
    if (!any) return;
    double pad = (hi - lo) * 0.1;
    if (pad == 0) pad = hi != 0 ? (hi < 0 ? -hi : hi) * 0.1 : 1;
    lo -= pad;
    hi += pad;
    fprintf(out, "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" "
            "aria-label=\"", CW, CH);
    esc(out, s->title);
    fputs(" by period\">", out);
    fprintf(out, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", ML, CH - MB, CW - MR, CH - MB);
    fprintf(out, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", ML, MT, ML, CH - MB);
    for (int k = 0; k <= 4; k++) { /* five y labels */
        double v = lo + (hi - lo) * k / 4;
        fprintf(out, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.4g</text>", ML - 6, ypos(v, lo, hi) + 4, v);
    }
    int step = s->n > 8 ? (s->n + 7) / 8 : 1;
    for (int i = 0; i < s->n; i++)
        if (i % step == 0 || i == s->n - 1) {
            fprintf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", xpos(i, s->n), CH - MB + 16);
            esc(out, s->p[i].period);
            fputs("</text>", out);
        }
    if (has_target) series_line(out, s, 1, lo, hi, "target");
    if (has_england) series_line(out, s, 2, lo, hi, "england");
    series_line(out, s, 0, lo, hi, "value");
    for (int i = 0; i < s->n; i++) {
        const sink_point *p = &s->p[i];
        if (!p->has_value) continue;
        int flagged = 0;
        for (const entry *e = from; e < to && !flagged; e++) flagged = !cmp_str(e->f->meeting, p->period);
        fprintf(out, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%d\"><title>", flagged ? "pt flagged" : "pt",
                xpos(i, s->n), ypos(p->value, lo, hi), flagged ? 6 : 3);
        esc(out, p->period);
        fprintf(out, ": %g", p->value);
        if (p->has_target) fprintf(out, " (target %g)", p->target);
        fputs("</title></circle>", out);
    }
    fputs("</svg><figcaption><span class=\"key value\">", out);
    esc(out, s->title);
    if (s->unit && *s->unit) {
        fputs(" (", out);
        esc(out, s->unit);
        fputs(")", out);
    }
    fputs("</span>", out);
    if (has_target) fputs(" <span class=\"key target\">target</span>", out);
    if (has_england) fputs(" <span class=\"key england\">England</span>", out);
    fprintf(out, " <span class=\"key\">%s</span></figcaption></figure>\n",
            s->polarity > 0 ? "higher is better" : s->polarity < 0 ? "lower is better" : "");
}

/* ---- the page ------------------------------------------------------------------------------- */

static const char style[] =
    "body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem 1.5rem;color:#1b1b1b}"
    "h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.25rem;margin:1.6rem 0 .4rem;border-bottom:2px solid #ccc}"
    "h3{font-size:1.05rem;margin:1.1rem 0 .3rem}h4{font-size:.95rem;margin:.8rem 0 .2rem;color:#333}"
    ".meta{color:#555;font-size:.85rem}.counts span,.sev{display:inline-block;border-radius:3px;padding:0 .45rem;"
    "margin-right:.3rem;font-size:.8rem;font-weight:600;color:#fff}"
    ".critical{background:#7a0019}.high{background:#c0392b}.warning{background:#d97706}.notice{background:#2563eb}"
    ".info{background:#6b7280}ul.findings{list-style:none;padding-left:0;margin:.2rem 0}"
    "li.finding{border-left:4px solid #ddd;padding:.3rem .6rem;margin:.35rem 0;background:#fafafa}"
    "li.finding .rule{font-family:ui-monospace,monospace;font-size:.85rem}"
    "blockquote{margin:.3rem 0 .1rem;padding:.2rem .6rem;border-left:3px solid #999;background:#fff;font-style:italic}"
    ".loc{font-family:ui-monospace,monospace;font-size:.8rem;color:#555}.waived{color:#555;font-size:.85rem}"
    "fieldset{border:1px solid #ccc;margin:.4rem 0;padding:.3rem .6rem}label{margin-right:.8rem;white-space:nowrap}"
    ".problems li{font-family:ui-monospace,monospace;font-size:.85rem}"
    "figure.chart{margin:.4rem 0}figure.chart svg{width:100%;max-width:640px;height:auto;background:#fff}"
    ".axis{stroke:#888}.tick{font-size:11px;fill:#555}polyline{fill:none;stroke-width:2}"
    "polyline.value{stroke:#1d4ed8}polyline.target{stroke:#16a34a;stroke-dasharray:6 4}"
    "polyline.england{stroke:#6b7280;stroke-dasharray:2 3}circle.pt{fill:#1d4ed8}"
    "circle.flagged{fill:#fff;stroke:#c0392b;stroke-width:3}.key{font-size:.85rem;margin-right:.6rem}"
    ".key.value{color:#1d4ed8}.key.target{color:#16a34a}.key.england{color:#6b7280}";

/* Filters: the checked families and severities show their findings; a group with nothing
 * shown hides. The address may preset them: #severity=high,critical&family=workforce. */
static const char script[] =
    "(function(){"
    "var boxes=Array.prototype.slice.call(document.querySelectorAll('input[data-filter]'));"
    "var h=location.hash.replace(/^#/,'');"
    "h.split('&').forEach(function(kv){var p=kv.split('=');if(p.length!==2)return;var want=p[1].split(',');"
    "boxes.forEach(function(b){if(b.getAttribute('data-filter')===p[0])b.checked=want.indexOf(b.value)>=0;});});"
    "function apply(){var on={family:{},severity:{}};"
    "boxes.forEach(function(b){if(b.checked)on[b.getAttribute('data-filter')][b.value]=true;});"
    "var shown=0;Array.prototype.forEach.call(document.querySelectorAll('li.finding'),function(f){"
    "var v=on.family[f.getAttribute('data-family')]&&on.severity[f.getAttribute('data-severity')];"
    "f.hidden=!v;if(v)shown++;});"
    "Array.prototype.forEach.call(document.querySelectorAll('.group'),function(g){"
    "g.hidden=!g.querySelector('li.finding:not([hidden])');});"
    "document.getElementById('shown').textContent=String(shown);}"
    "boxes.forEach(function(b){b.addEventListener('change',apply);});"
    "apply();document.documentElement.setAttribute('data-ready','1');"
    "})();";

static void finding_li(FILE *out, const sc_finding *f, const sink_run *run)
{
    char fam[64];
    family(f->rule, fam, sizeof fam);
    const sink_rule *r = rule_of(run, f->rule);
    const char *sev = sev_names[f->severity];
    fprintf(out, "<li class=\"finding\" data-family=\"");
    esc(out, fam);
    fprintf(out, "\" data-severity=\"%s\"><span class=\"sev %s\">%s</span> <span class=\"rule\">", sev, sev, sev);
    esc(out, f->rule);
    fputs("</span>", out);
    const char *title = f->title && *f->title ? f->title : r ? r->title : NULL;
    if (title && *title) {
        fputs(" — <span class=\"title\">", out);
        esc(out, title);
        fputs("</span>", out);
    }
    fputs("<div class=\"msg\">", out);
    esc(out, f->message);
    fputs("</div>", out);
    if (f->excerpt && *f->excerpt) {
        fputs("<blockquote>", out);
        esc(out, f->excerpt);
        fputs("</blockquote>", out);
    }
    fputs("<div class=\"loc\">", out);
    esc(out, f->file);
    fprintf(out, ":%d:%d · fingerprint %s</div>", f->line, f->column, f->fingerprint);
    if (f->based_on) {
        fputs("<div class=\"waived\">rests on: ", out);
        esc(out, f->based_on);
        fputs("</div>", out);
    }
    if (f->waived) {
        fputs("<div class=\"waived\">waived: ", out);
        esc(out, f->waived);
        fputs("</div>", out);
    }
    fputs("</li>\n", out);
}

static void header(FILE *out, const sink_state *st, const entry *v, size_t n)
{
    size_t by[5] = { 0 };
    for (size_t i = 0; i < n; i++) by[v[i].f->severity]++;
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "script-src 'unsafe-inline'; img-src data:\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<title>scrutiny report</title><style>", out);
    fputs(style, out);
    fputs("</style></head><body>\n<header><h1>Scrutiny findings</h1>", out);
    fprintf(out, "<p class=\"meta\">scrutiny %s · %zu document%s checked · %zu finding%s, <span id=\"shown\">%zu</span> shown</p>",
            SC_VERSION, st->run ? st->run->documents : 0, st->run && st->run->documents == 1 ? "" : "s", n,
            n == 1 ? "" : "s", n);
    fputs("<p class=\"counts\">", out);
    for (int s = 4; s >= 0; s--) fprintf(out, "<span class=\"%s\">%zu %s</span>", sev_names[s], by[s], sev_names[s]);
    fputs("</p>\n<fieldset><legend>Severity</legend>", out);
    for (int s = 4; s >= 0; s--)
        fprintf(out, "<label><input type=\"checkbox\" data-filter=\"severity\" value=\"%s\" checked> %s (%zu)</label>",
                sev_names[s], sev_names[s], by[s]);
    fputs("</fieldset>\n<fieldset><legend>Family</legend>", out);
    /* each family once, in sorted order */
    char prev[64] = "";
    for (;;) {
        char best[64] = "";
        size_t count = 0;
        for (size_t i = 0; i < n; i++) {
            char fam[64];
            family(v[i].f->rule, fam, sizeof fam);
            if (strcmp(fam, prev) <= 0) continue;
            int c = *best ? strcmp(fam, best) : -1;
            if (c < 0) { snprintf(best, sizeof best, "%s", fam); count = 1; }
            else if (c == 0) count++;
        }
        if (!*best) break;
        fputs("<label><input type=\"checkbox\" data-filter=\"family\" value=\"", out);
        esc(out, best);
        fputs("\" checked> ", out);
        esc(out, best);
        fprintf(out, " (%zu)</label>", count);
        snprintf(prev, sizeof prev, "%s", best);
    }
    fputs("</fieldset></header>\n<main>\n", out);
}

static void problems(FILE *out, const sink_run *run)
{
    if (!run || !run->ndiags) return;
    fprintf(out, "<section class=\"problems\"><h2>Errors and warnings (%zu)</h2><ul>", run->ndiags);
    for (size_t i = 0; i < run->ndiags; i++) {
        const sink_diag *d = &run->diags[i];
        fprintf(out, "<li><span class=\"sev %s\">%s</span> ", d->level == SC_DIAG_ERROR ? "high" : "warning",
                d->level == SC_DIAG_ERROR ? "error" : "warning");
        if (d->file) {
            esc(out, d->file);
            if (d->line > 0) fprintf(out, ":%d:%d", d->line, d->column > 0 ? d->column : 1);
            fputs(": ", out);
        }
        esc(out, d->message);
        fputs("</li>", out);
    }
    fputs("</ul></section>\n", out);
}

/* Does the entry's item differ from the previous one's (same council)? */
static int same(const char *a, const char *b) { return !cmp_str(a, b); }

static int cmp_item(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    int c;
    if ((c = cmp_str(a->f->file, b->f->file)) || (c = cmp_str(a->f->item, b->f->item))) return c;
    return a->order < b->order ? -1 : a->order > b->order;
}

int sink_html_end(void *ud, FILE *out)
{
    sink_state *st = ud;
    const sink_run *run = st->run;
    size_t n = st->nkept;
    entry *v = calloc(n ? n : 1, sizeof *v);
    if (!v) return SC_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const sc_finding *f = st->kept[i];
        const sink_rule *r = rule_of(run, f->rule);
        v[i] = (entry){ f, r && r->scope && !strcmp(r->scope, "indicator") && !*f->date, i, i };
    }
    /* an item's rank is the position of its first finding: sort by file and item, then spread it */
    qsort(v, n, sizeof *v, cmp_item);
    for (size_t i = 1; i < n; i++)
        if (same(v[i].f->file, v[i - 1].f->file) && same(v[i].f->item, v[i - 1].f->item)) v[i].item_rank = v[i - 1].item_rank;
    qsort(v, n, sizeof *v, cmp_entry);
    header(out, st, v, n);
    problems(out, run);
    if (!n) fputs("<p>No findings.</p>\n", out);
    for (size_t i = 0; i < n;) {
        /* a council */
        size_t c_end = i;
        while (c_end < n && same(v[c_end].f->council, v[i].f->council)) c_end++;
        fputs("<section class=\"group council\"><h2>", out);
        esc(out, *v[i].f->council ? v[i].f->council : "Council not named");
        fputs("</h2>\n", out);
        for (size_t j = i; j < c_end;) {
            size_t m_end = j;
            if (v[j].indicator) { /* an indicator and its chart */
                while (m_end < c_end && v[m_end].indicator && same(v[m_end].f->item, v[j].f->item)) m_end++;
                sink_series s;
                int has = run && run->series && run->series(run->series_ud, v[j].f->council, v[j].f->item, &s) == 0;
                fputs("<section class=\"group indicator\"><h3>Indicator: ", out);
                esc(out, has ? s.title : v[j].f->item);
                fputs("</h3>\n", out);
                if (has) {
                    chart(out, &s, v + j, v + m_end);
                    run->release(run->series_ud, &s);
                }
                fputs("<ul class=\"findings\">\n", out);
                for (size_t k = j; k < m_end; k++) finding_li(out, v[k].f, run);
                fputs("</ul></section>\n", out);
                j = m_end;
                continue;
            }
            /* a meeting: one date and file */
            while (m_end < c_end && !v[m_end].indicator && same(v[m_end].f->date, v[j].f->date) &&
                   same(v[m_end].f->file, v[j].f->file))
                m_end++;
            const sc_finding *f = v[j].f;
            fputs("<section class=\"group meeting\"><h3>", out);
            esc(out, *f->date ? f->date : "undated");
            fputs(" — ", out);
            esc(out, *f->committee ? f->committee : *f->meeting ? f->meeting : "meeting");
            fputs("</h3><p class=\"meta\">", out);
            if (*f->meeting && *f->committee) {
                esc(out, f->meeting);
                fputs(" · ", out);
            }
            esc(out, f->file);
            fputs("</p>\n", out);
            for (size_t k = j; k < m_end;) {
                size_t it_end = k;
                while (it_end < m_end && same(v[it_end].f->item, v[k].f->item)) it_end++;
                fputs("<section class=\"group item\"><h4>", out);
                esc(out, *v[k].f->item ? v[k].f->item : "The meeting as a whole");
                fputs("</h4><ul class=\"findings\">\n", out);
                for (size_t x = k; x < it_end; x++) finding_li(out, v[x].f, run);
                fputs("</ul></section>\n", out);
                k = it_end;
            }
            fputs("</section>\n", out);
            j = m_end;
        }
        fputs("</section>\n", out);
        i = c_end;
    }
    fputs("</main>\n<script>", out);
    fputs(script, out);
    fputs("</script>\n</body></html>\n", out);
    free(v);
    return ferror(out) ? SC_IO : SC_OK;
}
