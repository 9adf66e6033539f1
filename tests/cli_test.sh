#!/usr/bin/env bash
# The chatscan command: golden JSONL in -> JSONL out, exit codes, bad lines.
# usage: cli_test.sh CHATSCAN DATA_DIR
set -uo pipefail
bin=$1
data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # name expected actual
  if [[ "$2" != "$3" ]]; then
    echo "FAIL: $1: expected [$2], got [$3]"
    fail=1
  else
    echo "ok: $1"
  fi
}

"$bin" scan "$data/input.jsonl" >"$tmp/out.jsonl" 2>"$tmp/err"
check "exit code with findings and a bad line" 2 $?
if ! diff -u "$data/expected.jsonl" "$tmp/out.jsonl"; then
  echo "FAIL: golden output differs"
  fail=1
fi
check "one output line per input line" "$(grep -cv '^\s*$' "$data/input.jsonl")" "$(wc -l <"$tmp/out.jsonl")"
grep -q 'input.jsonl:4:' "$tmp/err"
check "stderr names the bad line" 0 $?

echo '{"id":"a","text":"今天天气不错"}' | "$bin" scan - >"$tmp/clean"
check "exit code clean" 0 $?
check "clean output" '{"id":"a","verdict":"allow","findings":[]}' "$(cat "$tmp/clean")"

echo '{"id":"b","text":"紧急扩散！"}' | "$bin" scan >/dev/null
check "exit code findings" 1 $?

echo '今天 fuck 了' | "$bin" scan --format text >"$tmp/text"
check "plain text input, text output" 1 $?
grep -q 'abuse' "$tmp/text"
check "text output names the category" 0 $?

"$bin" scan --rules /nonexistent "$data/input.jsonl" >/dev/null 2>"$tmp/err"
check "exit code bad pack" 2 $?
grep -q '/nonexistent' "$tmp/err"
check "bad pack error names the folder" 0 $?

"$bin" scan --bogus >/dev/null 2>&1
check "exit code bad option" 2 $?

"$bin" scan "$tmp/missing.jsonl" >/dev/null 2>&1
check "exit code missing file" 2 $?

printf '\xff\xfe{"id":1}\n{"id":2,"text":"ok \xff\xfe bytes"}\n' | "$bin" scan >"$tmp/bin"
check "binary input exit code" 2 $?
check "binary input lines" 2 "$(wc -l <"$tmp/bin")"

if ((fail)); then
  echo "0 passed, 1 failed"
  exit 1
fi
echo "cli: all checks passed"
