/*
 * fuzz_baseline.c — libFuzzer harness for baselines: an earlier run's JSON Lines output, read
 * line by line with jansson for each finding's "fingerprint". A refusal names "file:line:col"
 * inside the input; what loads has one fingerprint per line that is not blank, each a string that a
 * finding carrying it is then found by.
 */
#include <stdint.h>
#include <string.h>

#include "findings/waivers.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.jsonl"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    waivers w = { 0 };
    char err[512];
    err[0] = '\0';
    int rc = waivers_parse_baseline(&w, NAME, s, size, err, sizeof err);
    if (rc == 4 && !fz_located(err, NAME, s, size)) __builtin_trap();
    if (rc == 0) {
        size_t lines = 0;
        for (size_t i = 0; i < size;) {
            const char *nl = memchr(s + i, '\n', size - i);
            size_t n = nl ? (size_t)(nl - (s + i)) : size - i;
            size_t k = 0;
            while (k < n && (s[i + k] == ' ' || s[i + k] == '\t' || s[i + k] == '\r')) k++;
            lines += k < n; /* blank lines are skipped */
            i += n + 1;
        }
        if (w.nbase != lines) __builtin_trap();
        for (size_t i = 0; i < w.nbase; i++) {
            finding f = { 0 };
            f.fingerprint = w.base[i];
            if (!waivers_in_baseline(&w, &f)) __builtin_trap();
        }
    }
    waivers_free(&w);
    return 0;
}
