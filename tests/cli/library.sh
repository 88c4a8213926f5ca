#!/bin/sh
# The library's surface: the shared library exports the functions of include/scrutiny.h and
# nothing else, answers to its soname, carries the header's version (as do the .pc file,
# --version and the man page); the CLI is a client of scrutiny.h alone (its objects link against the shared
# library), and the plugin registry does not link back into the host.
. tests/lib/tap.sh
B=$(dirname "${SCRUTINY_BIN:-build/scrutiny-run}")
SO="$B/libscrutiny.so"
CC=${CC:-cc}

# exports: sc_* only, and each one declared SC_API in the public header
nm -D --defined-only "$SO" | awk '{ print $3 }' | sort > "$T/exported"
grep -v '^sc_' "$T/exported" > "$T/foreign"
if [ -s "$T/exported" ] && [ ! -s "$T/foreign" ]; then ok "libscrutiny.so exports only sc_* ($(wc -l < "$T/exported") symbols)"
else notok "libscrutiny.so exports only sc_* ($(wc -l < "$T/exported") symbols)" "$(head -20 "$T/foreign")"; fi
sed -n 's/^SC_API .*[ *]\(sc_[a-z_0-9]*\)(.*/\1/p' include/scrutiny.h | sort > "$T/declared"
if cmp -s "$T/exported" "$T/declared"; then ok "the exports are exactly the SC_API functions of scrutiny.h"
else notok "the exports are exactly the SC_API functions of scrutiny.h" "$(diff "$T/declared" "$T/exported")"; fi

bare=$(grep -nE '^[a-z][a-z_ ]*[ *]sc_[a-z_0-9]*\(' include/scrutiny.h)
if [ -z "$bare" ]; then ok "every function of scrutiny.h is SC_API"; else notok "every function of scrutiny.h is SC_API" "$bare"; fi

# soname and its link in the build folder
soname=$(readelf -d "$SO" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [ "$soname" = libscrutiny.so.0 ] && [ -e "$B/libscrutiny.so.0" ]; then ok "soname libscrutiny.so.0, linked in $B"
else notok "soname libscrutiny.so.0, linked in $B" "soname '$soname'; $(ls -l "$B"/libscrutiny.so* 2>&1)"; fi

# one version: header, library, .pc, --version
hv=$(sed -n 's/^#define SC_VERSION "\(.*\)"$/\1/p' include/scrutiny.h)
pv=$(sed -n 's/^Version: //p' "$B/scrutiny.pc")
cv=$($SCRUTINY --version | awk '{ print $2 }')
mv=$(sed -n '1s/^\.TH .*"scrutiny \([^"]*\)".*/\1/p' man/scrutiny-run.1)
if [ -n "$hv" ] && [ "$hv" = "$pv" ] && [ "$hv" = "$cv" ] && [ "$hv" = "$mv" ]; then ok "one version in the header, the .pc file, --version and the man page ($hv)"
else notok "one version in the header, the .pc file, --version and the man page ($hv)" "header '$hv', pc '$pv', --version '$cv', man '$mv'"; fi
has "the .pc file lists what a static link needs" "$B/scrutiny.pc" '^Libs\.private: .*-lstemmer'

# an embedder builds with pkg-config against the build folder and runs against libscrutiny.so.0
cat > "$T/embed.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include <scrutiny.h>
int main(void)
{
    static const char rules[] = "rule { id = 'e.item', check = function(item, ctx) ctx:flag{ at = item, message = item.title } end }";
    static const char text[] = "Agenda item\n\nFostering Update\n\nMinutes:\n\nThe report was discussed.\n";
    sc_host *h;
    char err[256];
    if (sc_host_open(&h, NULL, err, sizeof err) != SC_OK) return 3;
    sc_status rc = sc_host_load_rules_buffer(h, "embed.lua", rules, strlen(rules));
    if (rc == SC_OK) rc = sc_host_add_buffer(h, "m.txt", text, strlen(text));
    if (rc == SC_OK) rc = sc_host_run(h);
    for (size_t i = 0; rc == SC_OK && i < sc_host_finding_count(h); i++) {
        const sc_finding *f = sc_host_finding(h, i);
        printf("%s:%d: %s %s (%s)\n", f->file, f->line, f->rule, f->message, sc_libversion());
    }
    if (rc != SC_OK) fprintf(stderr, "%s: %s\n", sc_strerror(rc), sc_host_errmsg(h));
    sc_host_close(h);
    return rc == SC_OK ? 0 : 2;
}
EOF
PCF=$(PKG_CONFIG_PATH="$B" pkg-config --define-variable=libdir="$B" --define-variable=includedir=include --cflags --libs scrutiny 2>"$T/pcerr")
# shellcheck disable=SC2086
if $CC $SAN_FLAGS -std=c11 -Wall -Werror -o "$T/embed" "$T/embed.c" $PCF 2> "$T/ccerr"; then
    LD_LIBRARY_PATH="$B" "$T/embed" > "$T/out" 2>&1
    check_rc "an embedder built with pkg-config runs" 0 $?
    has "it finds through the shared library" "$T/out" "^m\.txt:1: e\.item Fostering Update \($hv\)$"
else
    notok "an embedder built with pkg-config runs" "$(cat "$T/pcerr" "$T/ccerr")"
fi

# the CLI: scrutiny.h and its own headers only, and its objects link against the shared library
inc=$(grep -h '#include "' src/cli/*.c src/cli/*.h | grep -v -e '"../../include/scrutiny.h"' -e '"outfile.h"')
if [ -z "$inc" ]; then ok "the CLI includes only scrutiny.h of the library"; else notok "the CLI includes only scrutiny.h of the library" "$inc"; fi
# shellcheck disable=SC2086
if $CC $SAN_FLAGS -o "$T/cli" "$B"/src/cli/*.o -L"$B" -lscrutiny 2> "$T/lderr"; then
    LD_LIBRARY_PATH="$B" "$T/cli" --version > "$T/out" 2>&1
    has "the CLI linked against libscrutiny.so runs" "$T/out" "^scrutiny-run $hv$"
else
    notok "the CLI linked against libscrutiny.so runs" "$(head -5 "$T/lderr")"
fi

# layering: the plugin registry needs nothing the host defines
nm --defined-only "$B"/src/host/*.o | awk 'NF == 3 && $2 ~ /[TDBR]/ { print $3 }' | sort -u > "$T/host_defs"
nm --undefined-only "$B"/src/plugin/*.o | awk '{ print $NF }' | sort -u > "$T/plugin_needs"
both=$(comm -12 "$T/host_defs" "$T/plugin_needs")
if [ -s "$T/host_defs" ] && [ -z "$both" ]; then ok "src/plugin links without src/host"; else notok "src/plugin links without src/host" "$both"; fi
