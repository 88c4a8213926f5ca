#!/bin/sh
# make install / uninstall: the prefix is baked in at install (plugins and the standard rule pack
# are found under it), the pack is the default when no rules are given, the man page
# scrutiny-run(1) is installed and names every option, and uninstall removes only what install
# wrote.
. tests/lib/tap.sh
BUILD_DIR=$(dirname "${SCRUTINY_BIN:-build/scrutiny-run}")
P="$T/prefix"
# (install links scrutiny-run again: a sanitizer build links with its flags)
if [ -n "$SAN_FLAGS" ]; then set -- CFLAGS="-O1 -g $SAN_FLAGS" LDFLAGS="$SAN_FLAGS"; else set --; fi
make --no-print-directory -s BUILD="$BUILD_DIR" install PREFIX="$P" "$@" > "$T/inst" 2>&1
check_rc "make install PREFIX=..." 0 $?
X="$P/bin/scrutiny-run"
for f in bin/scrutiny-run lib/libscrutiny.so.0 lib/pkgconfig/scrutiny.pc include/scrutiny.h share/man/man1/scrutiny-run.1 \
         lib/scrutiny/plugins/re.so lib/scrutiny/plugins/moderngov-html.so share/scrutiny/rules/outcomes.lua \
         share/scrutiny/rules/lib/minutes.lua share/scrutiny/rules/indicators.yaml share/scrutiny/rules/README.md; do
    if [ -f "$P/$f" ]; then ok "installed $f"; else notok "installed $f" "$(ls -R "$P" | head -30)"; fi
done
if [ -e "$P/share/scrutiny/rules/tests" ]; then notok "the pack's fixtures stay in the tree"; else ok "the pack's fixtures stay in the tree"; fi

# the installed binary finds its own prefix's plugins and pack (not /usr/local's)
env -u SCRUTINY_PLUGIN_PATH -u SCRUTINY_RULES "$X" --list-plugins > "$T/out" 2>&1
has "installed: plugins found under the prefix" "$T/out" "^re .*$P/lib/scrutiny/plugins/re\.so$"
env -u SCRUTINY_RULES "$X" --no-config --list-rules > "$T/out" 2>&1
has "installed: no rules given lists the pack" "$T/out" "^outcomes\.noted-only .*$P/share/scrutiny/rules/outcomes\.lua:[0-9]+"
env -u SCRUTINY_RULES "$X" -q --no-config -i examples/minutes > "$T/pack.txt" 2> "$T/err"
check_rc "installed: no rules given runs the pack" 1 $?
$SCRUTINY -q --no-config -i examples/minutes rules > "$T/tree.txt" 2>/dev/null
if cmp -s "$T/pack.txt" "$T/tree.txt"; then ok "installed: the pack finds what rules/ finds (require of lib/ works)"
else notok "installed: the pack finds what rules/ finds (require of lib/ works)" "$(diff "$T/pack.txt" "$T/tree.txt" | head; cat "$T/err")"; fi
SCRUTINY_RULES="$T/none" "$X" -q --no-config -i examples/minutes > "$T/out" 2>&1
check_rc "no rules and no pack is an error" 2 $?
has "no pack named" "$T/out" "no rule files given, and no standard pack at .*none"

# the man page: renders cleanly and names every long option of --help
if command -v groff >/dev/null 2>&1; then
    groff -man -Tutf8 -ww -z "$P/share/man/man1/scrutiny-run.1" > "$T/groff" 2>&1
    if [ $? = 0 ] && [ ! -s "$T/groff" ]; then ok "man page renders without warnings"; else notok "man page renders without warnings" "$(cat "$T/groff")"; fi
else
    skip "man page renders without warnings" "groff is not installed"
fi
$SCRUTINY --help | grep -o -- '--[a-z][a-z-]*' | sort -u > "$T/opts"
missing=""
for o in $(cat "$T/opts"); do
    grep -q -- "$(echo "$o" | sed 's/-/\\\\-/g')" man/scrutiny-run.1 || missing="$missing $o"
done
if [ -z "$missing" ] && [ -s "$T/opts" ]; then ok "the man page names every option of --help"; else notok "the man page names every option of --help" "missing:$missing"; fi

# uninstall removes what install wrote, and only that
printf 'x' > "$P/lib/scrutiny/plugins/third-party.so"
printf 'rule { id = "local.x", check = function() end }\n' > "$P/share/scrutiny/rules/local.lua"
make --no-print-directory -s BUILD="$BUILD_DIR" uninstall PREFIX="$P" > "$T/un" 2>&1
check_rc "make uninstall" 0 $?
left=$(cd "$P" && find . -type f | sort | tr '\n' ' ')
if [ "$left" = "./lib/scrutiny/plugins/third-party.so ./share/scrutiny/rules/local.lua " ]; then ok "uninstall leaves a third party's plugin and rule, nothing else"
else notok "uninstall leaves a third party's plugin and rule, nothing else" "left: $left"; fi
if [ -d "$P/share/scrutiny/rules/lib" ]; then notok "uninstall removes the folders it emptied"; else ok "uninstall removes the folders it emptied"; fi
