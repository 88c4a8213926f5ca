/*
 * fuzz_expect.c — libFuzzer harness for rule-test sidecars (NAME.expect.yaml: expect: [{rule,
 * line, message}], silent: [ids]), read with libyaml's document loader. A refusal names
 * "file:line:col" inside the input and leaves the spec empty; what loads has a rule and a
 * positive line for every expectation, each placed inside the input.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_util.h"
#include "ruletest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.expect.yaml"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    spec sp;
    sbuf err = { 0 };
    int rc = ruletest_spec_parse(NAME, s, size, &sp, &err);
    if (rc != 0) {
        if (rc != -1 || sp.nexp || sp.nsilent || sp.exp || sp.silent) __builtin_trap();
        if (err.s && !fz_located(err.s, NAME, s, size)) __builtin_trap();
    } else {
        if (err.len) __builtin_trap();
        for (int i = 0; i < sp.nexp; i++) {
            const expectation *x = &sp.exp[i];
            if (!x->rule || x->line < 1 || !fz_located_at(x->yline, x->ycol, s, size)) __builtin_trap();
        }
        for (int i = 0; i < sp.nsilent; i++) if (!sp.silent[i]) __builtin_trap();
        ruletest_spec_free(&sp);
    }
    sbuf_free(&err);
    return 0;
}
