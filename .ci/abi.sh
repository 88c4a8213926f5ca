#!/bin/sh
# Compares the ABI of libscrutiny.so with the last release: the newest tag v* reachable from HEAD
# is built in a temporary folder and `abidiff` (Debian abigail-tools) reads both libraries and
# the public headers. An incompatible change (a function removed) fails; other changes (a
# function added, a struct grown) are listed. Then the plugin ABI: its tables may only grow at
# the end. Without a release tag there is nothing to compare with: it says so and succeeds. Run
# by .ci/run, not by `make test` (a bare clone may have no tags and no abigail-tools).
# ABI_BASE=REF compares with another commit.
set -eu
cd "$(dirname "$0")/.."
tag=${ABI_BASE:-$(git describe --tags --abbrev=0 --match "v[0-9]*" HEAD 2>/dev/null || true)}
if [ -z "$tag" ]; then
    echo "abi: SKIP: no release tag (v*) reachable from HEAD in this clone, so no ABI to compare with"
    exit 0
fi
command -v abidiff >/dev/null 2>&1 || sh .ci/deps.sh abigail-tools
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/old"
git archive "$tag" | tar -x -C "$tmp/old"
echo "abi: building $tag"
make --no-print-directory -s -C "$tmp/old" -j2 build/libscrutiny.so > "$tmp/old.log" 2>&1 || { cat "$tmp/old.log"; exit 1; }
make --no-print-directory -s -j2 build/libscrutiny.so
rc=0
abidiff --headers-dir1 "$tmp/old/include" --headers-dir2 include \
    "$tmp/old/build/libscrutiny.so" build/libscrutiny.so > "$tmp/report" 2>&1 || rc=$?
if [ $((rc & 3)) -ne 0 ]; then
    cat "$tmp/report"
    echo "abi: abidiff could not compare the libraries (exit $rc)"
    exit 1
fi
if [ $((rc & 8)) -ne 0 ]; then
    cat "$tmp/report"
    echo "abi: FAIL: libscrutiny.so breaks the ABI of $tag (see above); keep the old entry points or raise the soname"
    exit 1
fi
if [ $((rc & 4)) -ne 0 ]; then
    cat "$tmp/report"
    echo "abi: ok: compatible changes since $tag (listed above)"
else
    echo "abi: ok: the same ABI as $tag"
fi

# The plugin ABI (scrutiny_plugin.h) is no function of the library: a probe library taking each of
# its tables, built from each tree's header, shows how they changed. Entries may only be appended
# (abidiff: members and enumerators inserted); anything moved, removed, renamed or retyped fails.
cat > "$tmp/probe.c" <<'EOF'
#include "scrutiny_plugin.h"
size_t sc_abi_probe(const sc_host_api *a, const sc_loader_def *l, const sc_sink_def *s, const sc_plugin_info *i);
size_t sc_abi_probe(const sc_host_api *a, const sc_loader_def *l, const sc_sink_def *s, const sc_plugin_info *i)
{
    return a->struct_size + (l != 0) + (s != 0) + (i != 0);
}
EOF
for v in old new; do
    inc=include
    [ $v = old ] && inc="$tmp/old/include"
    # shellcheck disable=SC2046
    cc -g -O0 -shared -fPIC -I"$inc" $(pkg-config --cflags lua5.4) -o "$tmp/probe-$v.so" "$tmp/probe.c"
done
prc=0
abidiff "$tmp/probe-old.so" "$tmp/probe-new.so" > "$tmp/plugin" 2>&1 || prc=$?
if [ $((prc & 3)) -ne 0 ]; then
    cat "$tmp/plugin"
    echo "abi: abidiff could not compare the plugin tables (exit $prc)"
    exit 1
fi
if grep -Eq "deletion|offset changed|type of '|value changed|name of '" "$tmp/plugin"; then
    cat "$tmp/plugin"
    echo "abi: FAIL: the plugin ABI of $tag changed other than by appending (see above)"
    exit 1
fi
if [ $((prc & 4)) -ne 0 ]; then
    cat "$tmp/plugin"
    echo "abi: ok: the plugin ABI grew by appending since $tag (listed above)"
else
    echo "abi: ok: the same plugin ABI as $tag"
fi
