#!/bin/sh
# Installs the Debian packages scrutiny builds and tests with (or those named as arguments),
# only those missing.
# Does nothing when all are present; uses sudo when not root.
set -eu
PKGS="pkg-config liblua5.4-dev libsqlite3-dev libyaml-dev libjansson-dev libxxhash-dev libcmocka-dev sqlite3 libpcre2-dev libxml2-dev libstemmer-dev python3-jsonschema"
[ $# -gt 0 ] && PKGS="$*"   # or exactly the packages named (make fuzz: clang libclang-rt-14-dev)
missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in *"ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"
else echo "deps: missing packages:$missing (run as root or install them)" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
