/*
 * fuzz_minutes.c — libFuzzer harness for the minutes loader: sanitizer, front matter (libyaml),
 * structure and extraction, and the dump of every object's span. Any crash, leak or sanitizer
 * report is a bug; parse errors are expected outcomes.
 */
#include <stdint.h>
#include <stdio.h>

#include "load/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    model_doc *d = NULL;
    char err[256];
    load_diag dg = { NULL, NULL, "fuzz.txt" };
    if (load_minutes("fuzz.txt", (const char *)data, size, &dg, &d, err, sizeof err) == SC_OK) {
        /* every span must lie inside the text and read back */
        FILE *null = fopen("/dev/null", "w");
        if (null) {
            load_dump(d, null);
            fclose(null);
        }
        if (model_fold(d) == 0 && d->fold_len > d->len) __builtin_trap();
        model_doc_free(d);
    }
    return 0;
}
