#!/usr/bin/env bash
# Builds the .deb with CPack, unpacks it into a scratch root with dpkg -x,
# checks its Depends name the runtime libraries, and runs the CLI from there.
# usage: deb_test.sh BUILD_DIR
set -uo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
  if [[ "$2" != "$3" ]]; then echo "FAIL: $1: expected [$2], got [$3]"; fail=1; else echo "ok: $1"; fi
}
if ! command -v dpkg-shlibdeps >/dev/null; then
  echo "SKIP: dpkg-shlibdeps not installed (package dpkg-dev)"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi
(cd "$build" && cpack -G DEB -B "$tmp/out" >"$tmp/cpack.log" 2>&1)
check "cpack" 0 $?
deb=$(ls "$tmp"/out/chatscan_*_amd64.deb 2>/dev/null | head -1)
check "package named chatscan_<version>_amd64.deb" 1 "$(echo -n "$deb" | grep -c .)"
depends=$(dpkg-deb -f "$deb" Depends 2>/dev/null)
echo "Depends: $depends"
for lib in 'libhs|libvectorscan' libre2 libicu libabsl; do
  echo "$depends" | grep -Eq "$lib"
  check "Depends names $lib" 0 $?
done
dpkg -x "$deb" "$tmp/root"
check "dpkg -x" 0 $?
out=$(cd "$tmp" && echo '{"id":1,"text":"紧急扩散！转发给所有人"}' | env -u CHATSCAN_RULES_DIR \
      LD_LIBRARY_PATH="$tmp/root/usr/lib:$tmp/root/usr/lib/x86_64-linux-gnu" \
      "$tmp/root/usr/bin/chatscan" scan)
check "CLI from the unpacked package exits 1 (findings)" 1 $?
echo "$out" | grep -q '"category":"rumour"'
check "it found the rumour with its installed pack" 0 $?
if ((fail)); then tail -20 "$tmp/cpack.log"; echo "0 passed, 1 failed"; exit 1; fi
echo "1 passed, 0 failed"
