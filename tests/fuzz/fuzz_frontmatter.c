/*
 * fuzz_frontmatter.c — libFuzzer harness for the YAML front matter reader: the input becomes the
 * body between '---' fences, followed by a minimal item, so every byte reaches libyaml and our
 * event handling (nesting, aliases, unknown keys, dates).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char head[] = "---\n", tail[] = "\n---\nAgenda item\n\nTitle\n\nRESOLVED: That the report be noted.\n";
    char *buf = malloc(sizeof head + size + sizeof tail);
    if (!buf) return 0;
    memcpy(buf, head, sizeof head - 1);
    memcpy(buf + sizeof head - 1, data, size);
    memcpy(buf + sizeof head - 1 + size, tail, sizeof tail - 1);
    model_doc *d = NULL;
    char err[256];
    load_diag dg = { NULL, NULL, "fuzz.txt" };
    if (load_minutes("fuzz.txt", buf, sizeof head - 1 + size + sizeof tail - 1, &dg, &d, err, sizeof err) == SC_OK) {
        if (!d->council || !d->committee || !d->date || !d->title) __builtin_trap();
        model_doc_free(d);
    }
    free(buf);
    return 0;
}
