#!/usr/bin/env bash
# Installs chatscan into a scratch prefix, then builds the two consumer
# examples (C++ with find_package, C with pkg-config) against that prefix
# alone, runs them, and runs the installed CLI with its installed default
# pack.  usage: install_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail=0
check() {
  if [[ "$2" != "$3" ]]; then echo "FAIL: $1: expected [$2], got [$3]"; fail=1; else echo "ok: $1"; fi
}
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1
check "cmake --install" 0 $?
for f in include/chatscan/chatscan.h include/chatscan.h lib/libchatscan.a \
         lib/cmake/chatscan/chatscanConfig.cmake lib/pkgconfig/chatscan.pc \
         share/chatscan/rules/default/pack.toml bin/chatscan bin/chatscan-bench; do
  if [[ ! -e $prefix/$f ]]; then echo "FAIL: $f not installed"; fail=1; fi
done
soname=$(objdump -p "$prefix"/lib/libchatscan.so | awk '/SONAME/ {print $2}')
check "SONAME follows the ABI version" "libchatscan.so.0" "$soname"

text='你这个傻逼，电话13812345678'
cmake -S "$src/examples/consumer-cpp" -B "$tmp/cpp" -DCMAKE_PREFIX_PATH="$prefix" >"$tmp/cpp.log" 2>&1 &&
  cmake --build "$tmp/cpp" >>"$tmp/cpp.log" 2>&1
check "C++ consumer builds with find_package" 0 $?
out=$(LD_LIBRARY_PATH=$prefix/lib "$tmp/cpp/consumer" "$prefix/share/chatscan/rules/default" "$text")
check "C++ consumer verdict" "verdict block" "$(echo "$out" | head -1)"
echo "$out" | grep -q "privacy.mobile privacy 24-35"
check "C++ consumer finds the phone number" 0 $?

PKG_CONFIG_PATH=$prefix/lib/pkgconfig cc "$src/examples/consumer-c/main.c" -o "$tmp/c_consumer" \
  $(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs chatscan) >"$tmp/c.log" 2>&1
check "C consumer builds with pkg-config" 0 $?
out=$(LD_LIBRARY_PATH=$prefix/lib "$tmp/c_consumer" "$prefix/share/chatscan/rules/default" "$text")
check "C consumer verdict" "verdict 2" "$(echo "$out" | head -1)"

# The installed CLI finds its installed default pack (not the source tree's).
out=$(cd "$tmp" && echo "{\"id\":1,\"text\":\"$text\"}" | env -u CHATSCAN_RULES_DIR \
      LD_LIBRARY_PATH=$prefix/lib "$prefix/bin/chatscan" scan)
check "installed CLI exit" 1 $?
echo "$out" | grep -q '"verdict":"block"'
check "installed CLI verdict" 0 $?

if ((fail)); then
  cat "$tmp"/*.log | tail -30
  echo "0 passed, 1 failed"
  exit 1
fi
echo "1 passed, 0 failed"
