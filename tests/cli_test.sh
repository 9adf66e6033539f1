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

pack=$data/pack
"$bin" scan --rules "$pack" "$data/input.jsonl" >"$tmp/out.jsonl" 2>"$tmp/err"
check "exit code with findings and a bad line" 2 $?
if ! diff -u "$data/expected.jsonl" "$tmp/out.jsonl"; then
  echo "FAIL: golden output differs"
  fail=1
fi
check "one output line per input line" "$(grep -cv '^\s*$' "$data/input.jsonl")" "$(wc -l <"$tmp/out.jsonl")"
grep -q 'input.jsonl:4:' "$tmp/err"
check "stderr names the bad line" 0 $?

echo '{"id":"a","text":"今天天气不错"}' | "$bin" scan --rules "$pack" - >"$tmp/clean"
check "exit code clean" 0 $?
check "clean output" '{"id":"a","verdict":"allow","reasons":[],"findings":[]}' "$(cat "$tmp/clean")"

echo '{"id":"b","text":"你个傻逼"}' | "$bin" scan --rules "$pack" >/dev/null
check "exit code findings" 1 $?

echo '今天 sha bi 了' | "$bin" scan --rules "$pack" --format text >"$tmp/text"
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

printf '\xff\xfe{"id":1}\n{"id":2,"text":"ok \xff\xfe bytes"}\n' | "$bin" scan --rules "$pack" >"$tmp/bin"
check "binary input exit code" 2 $?
check "binary input lines" 2 "$(wc -l <"$tmp/bin")"

# The default pack, found without --rules, scans the bundled examples.
"$bin" scan "$data/../../../examples/messages.jsonl" >"$tmp/examples"
check "default pack on the examples exits 1 (findings)" 1 $?
check "one result per example" "$(wc -l <"$data/../../../examples/messages.jsonl")" "$(wc -l <"$tmp/examples")"

# Redaction and conversations.
"$bin" scan --rules "$pack" --redact --conversations "$data/conversation.jsonl" >"$tmp/conv"
check "conversation exit code" 1 $?
if ! diff -u "$data/conversation_expected.jsonl" "$tmp/conv"; then
  echo "FAIL: conversation golden output differs"
  fail=1
fi

# The cache: the first run compiles and writes it, the second loads it.
"$bin" scan --rules "$pack" --cache "$tmp/rules.cache" "$data/input.jsonl" >"$tmp/c1" 2>"$tmp/c1err"
grep -q "recompiled and rewrote the cache" "$tmp/c1err"
check "first cached run compiles" 0 $?
"$bin" scan --rules "$pack" --cache "$tmp/rules.cache" "$data/input.jsonl" >"$tmp/c2" 2>"$tmp/c2err"
grep -q "loaded from cache" "$tmp/c2err"
check "second cached run loads" 0 $?
cmp -s "$tmp/c1" "$tmp/c2"
check "cached rules scan the same" 0 $?
printf 'garbage' >"$tmp/rules.cache"
"$bin" scan --rules "$pack" --cache "$tmp/rules.cache" "$data/input.jsonl" >"$tmp/c3" 2>"$tmp/c3err"
grep -q "not a chatscan cache file; recompiled" "$tmp/c3err"
check "a broken cache is reported and replaced" 0 $?
cmp -s "$tmp/c1" "$tmp/c3"
check "after recompiling the output is the same" 0 $?

# check: every problem, and the rules' examples.
mkdir -p "$tmp/checkpack"
cat >"$tmp/checkpack/pack.toml" <<'TOML'
[pack]
name = "check"
[categories.abuse]
clauses = ["4.1.1"]
[[rule]]
id = "a"
category = "abuse"
words = ["坏蛋", "x"]
unless = ["坏蛋"]
examples = ["你个坏蛋"]
[[rule]]
id = "b"
category = "abuse"
words = ["坏人"]
examples = ["坏人"]
counter_examples = ["好人", "坏人"]
TOML
"$bin" check "$tmp/checkpack" >"$tmp/check" 2>&1
check "check exits 1 when examples misbehave" 1 $?
grep -q "pack.toml:10: rule 'a': example not caught: 你个坏蛋" "$tmp/check"
check "check names the failing example" 0 $?
grep -q "pack.toml:16: rule 'b': counter-example flagged: 坏人" "$tmp/check"
check "check names the flagged counter-example" 0 $?
grep -q "term '坏蛋' is also on the rule's allow-list" "$tmp/check"
check "check warns about a cancelled term" 0 $?
grep -q "term 'x' folds to a single Latin letter" "$tmp/check"
check "check warns about a one-letter term" 0 $?
"$bin" check "$pack" >/dev/null 2>&1
check "check on a good pack" 0 $?
printf '[pack]\nname = "x"\n[[rule]]\nid = "a"\ncategory = "nope"\nwords = ["y1"]\n[[rule]]\nid = "a"\n' >"$tmp/checkpack/pack.toml"
"$bin" check "$tmp/checkpack" >"$tmp/check" 2>&1
check "check exits 2 on a broken pack" 2 $?
grep -q "pack.toml:7: rule 'a': duplicate id" "$tmp/check" && grep -q "unknown category 'nope'" "$tmp/check"
check "check reports every problem" 0 $?

# A pack that imports a gitleaks config and a tagged word list.
"$bin" check "$data/../import" >"$tmp/check" 2>&1
check "check on the import pack" 0 $?
grep -q "^engine: gitleaks.toml:98: rule 'passphrase': RE2 around keyword hits" "$tmp/check"
check "check says which engine serves an imported rule" 0 $?
check "check names an engine for every imported gitleaks rule" 12 "$(grep -c '^engine: ' "$tmp/check")"
grep -q "^note: gitleaks.toml:147: rule 'pkcs12-file': a rule on file paths only" "$tmp/check"
check "check notes what the import left out" 0 $?
grep -q "^examples: 44 run, 0 failed" "$tmp/check"
check "check runs the imported tps and fps" 0 $?

if ((fail)); then
  echo "0 passed, 1 failed"
  exit 1
fi
echo "cli: all checks passed"
