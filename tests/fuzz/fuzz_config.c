/*
 * fuzz_config.c — libFuzzer harness for the configuration reader: the YAML tree (anchors,
 * aliases, depth and size limits refused), the shape checks of scrutiny.yaml, escalations and
 * scoring, and the waivers file, all of which must answer with a located error or a tree.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/config.h"
#include "core/yamltree.h"
#include "findings/esc_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    ynode *t = ytree_parse("fuzz.yaml", (const char *)data, size, err, sizeof err);
    if (!t) {
        if (strncmp(err, "fuzz.yaml:", 10) != 0) __builtin_trap(); /* every error is located */
        return 0;
    }
    esc_list l = { 0 };
    if (t->kind == Y_MAP) (void)esc_list_load(&l, t, "fuzz.yaml", err, sizeof err);
    esc_list_free(&l);
    ytree_free(t);
    /* the same bytes as a whole configuration file */
    char path[] = "/tmp/fuzz-config-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    FILE *f = fdopen(fd, "w");
    if (f) {
        fwrite(data, 1, size, f);
        fclose(f);
        sc_config *c = NULL;
        if (sc_config_open(&c, path, err, sizeof err) == SC_OK) {
            sc_options o = { 0 };
            sc_config_limits(c, &o);
            (void)sc_config_get(c, "db");
            for (size_t i = 0; i < sc_config_count(c, "inputs"); i++) (void)sc_config_item(c, "inputs", i);
        }
        sc_config_close(c);
    }
    unlink(path);
    return 0;
}
