/*
 * moderngov_html.c — the `moderngov-html` plugin: ModernGov agenda-item and minutes pages saved as
 * HTML, read with libxml2's HTML parser and emitted as the minutes text the host already parses,
 * each line tagged with the HTML line it came from.
 *
 * What ModernGov's markup means here:
 *   h2.mgSubTitleTxt          "Committee - Thursday, 14th March, 2024 10.00 am" -> the meeting's
 *                             committee and date (set_meta: plain values, so a colon in a
 *                             committee's name is text, not YAML)
 *   table of Attendee | Role | Attendance  -> "PRESENT:" and one line per attendee present
 *   td.mgItemNumberCell       the item number, joined to the next p.mgAiTitleTxt title
 *   p.mgSubItemTitleTxt       "Minutes:", "Decision:" labels
 *   div.mgWordPara            prose: one line per paragraph
 *   ul.mgBulletList / li      one "·" bullet line per item
 * Entities (&nbsp; &amp; ...) are decoded by libxml2; "PDF 60 KB" link noise in titles is left to
 * the host's parser, which strips it as it does in text.
 */
#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scrutiny_plugin.h"

#define MAX_DEPTH 200

static const sc_host_api *api;

typedef struct walk {
    sc_input *in;
    char number[32];
    int failed;
} walk;

static int has_class(xmlNode *n, const char *cls)
{
    xmlChar *c = xmlGetProp(n, (const xmlChar *)"class");
    int hit = 0;
    if (c) {
        size_t k = strlen(cls);
        for (const char *p = (const char *)c; (p = strstr(p, cls)); p += k)
            if ((p == (const char *)c || isspace((unsigned char)p[-1])) && (!p[k] || isspace((unsigned char)p[k]))) { hit = 1; break; }
        xmlFree(c);
    }
    return hit;
}

static int is(xmlNode *n, const char *tag) { return n->type == XML_ELEMENT_NODE && !xmlStrcasecmp(n->name, (const xmlChar *)tag); }

/* The text of a node with runs of spaces (not NBSP) collapsed and ends trimmed; caller frees. */
static char *text_of(xmlNode *n)
{
    xmlChar *raw = xmlNodeGetContent(n);
    if (!raw) return NULL;
    size_t len = strlen((const char *)raw), o = 0;
    char *t = malloc(len + 1);
    if (!t) { xmlFree(raw); return NULL; }
    int space = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = raw[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!space) t[o++] = ' ';
            space = 1;
        } else {
            t[o++] = (char)c;
            space = 0;
        }
    }
    while (o > 0 && t[o - 1] == ' ') o--;
    t[o] = '\0';
    xmlFree(raw);
    return t;
}

static void emit(walk *w, xmlNode *n, const char *prefix, const char *text)
{
    if (!text || !*text || w->failed) return;
    size_t a = strlen(prefix), b = strlen(text);
    char *line = malloc(a + b + 1);
    if (!line) { w->failed = 1; return; }
    memcpy(line, prefix, a);
    memcpy(line + a, text, b + 1);
    if (api->emit_line(w->in, line, a + b, (int)xmlGetLineNo(n), 1)) w->failed = 1;
    free(line);
}

static int has_block_child(xmlNode *n)
{
    static const char *const blocks[] = { "p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "li", "tr", NULL };
    for (xmlNode *c = n->children; c; c = c->next)
        for (const char *const *b = blocks; *b; b++)
            if (is(c, *b)) return 1;
    return 0;
}

/* A table whose first row reads Attendee | Role | Attendance. */
static void attendance(walk *w, xmlNode *table)
{
    int header = 0, emitted = 0;
    xmlNode *rows[512];
    int nr = 0;
    /* rows may sit under thead/tbody */
    for (xmlNode *c = table->children; c && nr < 512; c = c->next) {
        if (is(c, "tr")) rows[nr++] = c;
        else if (is(c, "thead") || is(c, "tbody"))
            for (xmlNode *r = c->children; r && nr < 512; r = r->next)
                if (is(r, "tr")) rows[nr++] = r;
    }
    for (int i = 0; i < nr; i++) {
        char *cells[3] = { NULL, NULL, NULL };
        int k = 0;
        for (xmlNode *c = rows[i]->children; c && k < 3; c = c->next)
            if (is(c, "td") || is(c, "th")) cells[k++] = text_of(c);
        if (!header) {
            header = k == 3 && cells[0] && !strcmp(cells[0], "Attendee");
        } else if (k == 3 && cells[2] && strstr(cells[2], "Present")) {
            if (!emitted++) emit(w, rows[i], "", "PRESENT:");
            char line[600];
            snprintf(line, sizeof line, "%s%s%s%s", cells[0] ? cells[0] : "", cells[1] && *cells[1] ? " (" : "",
                     cells[1] ? cells[1] : "", cells[1] && *cells[1] ? ")" : "");
            emit(w, rows[i], "", line);
        }
        for (int j = 0; j < k; j++) free(cells[j]);
    }
}

static int is_attendance(xmlNode *table)
{
    for (xmlNode *c = table->children; c; c = c->next) {
        xmlNode *row = is(c, "tr") ? c : NULL;
        if (!row && (is(c, "thead") || is(c, "tbody")))
            for (xmlNode *r = c->children; r && !row; r = r->next)
                if (is(r, "tr")) row = r;
        if (!row) continue;
        for (xmlNode *cell = row->children; cell; cell = cell->next)
            if (is(cell, "td") || is(cell, "th")) {
                char *t = text_of(cell);
                int yes = t && !strcmp(t, "Attendee");
                free(t);
                return yes;
            }
        return 0;
    }
    return 0;
}

static void visit(walk *w, xmlNode *n, int depth)
{
    for (; n && !w->failed; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (depth > MAX_DEPTH) { w->failed = 1; return; }
        if (is(n, "script") || is(n, "style") || is(n, "head") || has_class(n, "mgSubTitleTxt")) continue;
        if (has_class(n, "mgItemNumberCell")) {
            char *t = text_of(n);
            snprintf(w->number, sizeof w->number, "%s", t ? t : "");
            free(t);
            continue;
        }
        if (has_class(n, "mgAiTitleTxt")) {
            char *t = text_of(n);
            if (*w->number) {
                char prefix[40];
                snprintf(prefix, sizeof prefix, "%s ", w->number);
                emit(w, n, prefix, t);
            } else {
                emit(w, n, "", "Agenda item");
                emit(w, n, "", t);
            }
            w->number[0] = '\0';
            free(t);
            continue;
        }
        if (is(n, "table") && is_attendance(n)) { attendance(w, n); continue; }
        if (is(n, "li")) {
            char *t = text_of(n);
            emit(w, n, "\xC2\xB7 ", t);
            free(t);
            continue;
        }
        if ((is(n, "p") || is(n, "div") || is(n, "td") || is(n, "h3") || is(n, "h4")) && !has_block_child(n)) {
            char *t = text_of(n);
            emit(w, n, "", t);
            free(t);
            continue;
        }
        visit(w, n->children, depth + 1);
    }
}

static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
                                      "August", "September", "October", "November", "December" };

/* "Committee - Thursday, 14th March, 2024 10.00 am": the committee and the ISO date. */
static void meeting_meta(walk *w, xmlNode *root)
{
    xmlNode *stack[MAX_DEPTH];
    int sp = 0;
    if (root) stack[sp++] = root;
    while (sp) {
        xmlNode *n = stack[--sp];
        for (; n; n = n->next) {
            if (n->type != XML_ELEMENT_NODE) continue;
            if (is(n, "h2") && has_class(n, "mgSubTitleTxt")) {
                char *t = text_of(n);
                if (!t) return;
                char *dash = strstr(t, " - ");
                int day = 0, year = 0, month = 0;
                if (dash) {
                    *dash = '\0';
                    for (int m = 0; m < 12 && !month; m++) {
                        char *p = strstr(dash + 3, months[m]);
                        if (p) {
                            month = m + 1;
                            char *q = p;
                            while (q > dash + 3 && !isdigit((unsigned char)q[-1])) q--;
                            while (q > dash + 3 && isdigit((unsigned char)q[-1])) q--;
                            day = atoi(q);
                            p += strlen(months[m]);
                            while (*p && !isdigit((unsigned char)*p)) p++;
                            year = atoi(p);
                        }
                    }
                }
                if (*t && api->set_meta(w->in, "committee", t) < 0) w->failed = 1;
                if (day && month && year > 1900) {
                    char iso[16];
                    snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
                    if (api->set_meta(w->in, "date", iso) < 0) w->failed = 1;
                }
                free(t);
                return;
            }
            if (n->children && sp < MAX_DEPTH) stack[sp++] = n->children;
        }
    }
}

static int load(void *ud, sc_input *in, const char *path, const char *data, size_t len)
{
    (void)ud;
    if (len > (size_t)1 << 30) { api->report(in, SC_DIAG_ERROR, 1, 1, "HTML file too large"); return -1; }
    htmlDocPtr doc = htmlReadMemory(data, (int)len, path, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc) { api->report(in, SC_DIAG_ERROR, 1, 1, "not an HTML document"); return -1; }
    walk w = { in, "", 0 };
    xmlNode *root = xmlDocGetRootElement(doc);
    meeting_meta(&w, root);
    visit(&w, root, 0);
    xmlFreeDoc(doc);
    if (w.failed) { api->report(in, SC_DIAG_ERROR, 1, 1, "HTML nested too deeply, or out of memory"); return -1; }
    return 0;
}

static int sniff(const char *data, size_t len)
{
    size_t n = len < 65536 ? len : 65536;
    for (size_t i = 0; i + 12 <= n; i++)
        if (!memcmp(data + i, "mgAiTitleTxt", 12) || !memcmp(data + i, "mgItemTable", 11)) return 10;
    return 0;
}

const sc_plugin_info sc_plugin_meta = { SC_PLUGIN_ABI_MAJOR, SC_PLUGIN_ABI_MINOR, "moderngov-html", "1.1" };

int sc_plugin_register(const sc_host_api *host, sc_plugin *p);
int sc_plugin_register(const sc_host_api *host, sc_plugin *p)
{
    api = host;
    xmlInitParser(); /* here, once: loads may run on several threads of a run */
    static const char *const ext[] = { ".html", ".htm", NULL };
    sc_loader_def def = { "moderngov-html", ext, sniff, load, NULL };
    return api->register_loader(p, &def);
}
