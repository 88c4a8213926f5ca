/*
 * embed.c — libscrutiny from a batch pipeline: load rules and minutes, run, and print one line
 * per finding with its council and excerpt. Build after `make`:
 *   cc -Iinclude examples/embed.c build/libscrutiny.a $(pkg-config --libs lua5.4 sqlite3 yaml-0.1 jansson libxxhash) -lm
 * Usage: ./a.out RULES MINUTES...
 */
#include <stdio.h>

#include "scrutiny.h"

static void on_diag(void *ud, sc_diag_level lv, const char *file, int line, int col, const char *msg)
{
    (void)ud;
    if (lv == SC_DIAG_NOTE) return;
    fprintf(stderr, "%s:%d:%d: %s\n", file ? file : "-", line, col, msg);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s RULES MINUTES...\n", argv[0]);
        return 2;
    }
    sc_options opts = { .diag = on_diag };
    sc_host *h;
    char err[256];
    if (sc_host_open(&h, &opts, err, sizeof err) != SC_OK) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    int status = 0;
    if (sc_host_load_rules(h, argv[1]) != SC_OK) status = 2;
    for (int i = 2; i < argc; i++)
        if (sc_host_add_input(h, argv[i]) != SC_OK) status = 2;
    int rc = sc_host_run(h);
    if (rc != SC_OK) {
        fprintf(stderr, "run: %s: %s\n", sc_strerror(rc), sc_host_errmsg(h));
        status = 2;
    }
    for (size_t i = 0; i < sc_host_finding_count(h); i++) {
        const sc_finding *f = sc_host_finding(h, i); /* owned by h */
        printf("%s\t%s\t%s:%d\t%s\t\"%s\"\n", f->council, sc_severity_name(f->severity), f->file, f->line,
               f->rule, f->excerpt);
    }
    printf("%zu findings in %zu documents\n", sc_host_finding_count(h), sc_host_document_count(h));
    sc_host_close(h);
    return status;
}
