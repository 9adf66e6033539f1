#!/usr/bin/env bash
# The chatscan command: golden outputs (JSONL, text, text in colour, CSV) on
# one and two threads, filters, the summary, the progress bar, exit codes,
# malformed and binary input, --help.
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
# In text, the verdict counts findings across messages and their pieces in
# the message are highlighted.
"$bin" scan --rules "$pack" --redact --conversations --format text --color always -q \
  "$data/conversation.jsonl" 2>/dev/null | sed "s|$data/||" >"$tmp/conv.txt"
if ! cmp -s "$data/conversation_expected.color.txt" "$tmp/conv.txt"; then
  echo "FAIL: conversation text golden output differs"
  diff -u "$data/conversation_expected.color.txt" "$tmp/conv.txt" | cat -v
  fail=1
else
  echo "ok: conversation text output equals conversation_expected.color.txt"
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

# --- Output formats: golden files over formats.jsonl, compared byte for byte,
# on one thread and on two.
py=/usr/bin/python3
[[ -x $py ]] || py=python3
in=$data/formats.jsonl
golden() {  # name golden_file args...
  local name=$1 want=$2
  shift 2
  # From the data folder, so that the output names the input as the golden does.
  (cd "$data" && "$bin" scan --rules pack "$@" formats.jsonl) >"$tmp/golden.out" 2>"$tmp/golden.err"
  check "$name: exit code (findings and a malformed line)" 2 $?
  if ! cmp -s "$want" "$tmp/golden.out"; then
    echo "FAIL: $name: output differs from $(basename "$want")"
    diff -u "$want" "$tmp/golden.out" | cat -v | head -20
    fail=1
  else
    echo "ok: $name: output equals $(basename "$want")"
  fi
}
for threads in 1 2; do
  golden "jsonl, $threads threads" "$data/formats.expected.jsonl" --threads "$threads"
  sed '/^  speed /d' "$tmp/golden.err" >"$tmp/summary"
  if ! cmp -s "$data/formats.expected.summary" "$tmp/summary"; then
    echo "FAIL: stderr (warnings and summary) differs"
    diff -u "$data/formats.expected.summary" "$tmp/summary"
    fail=1
  fi
  check "summary gives a rate" 1 "$(grep -cE '^  speed +[0-9]+ messages/s \([0-9.]+ s\)$' "$tmp/golden.err")"
  golden "text, $threads threads" "$data/formats.expected.txt" --format text --color=never -q \
    --threads "$threads"
  check "--quiet: only the warnings on stderr" 2 "$(wc -l <"$tmp/golden.err")"
  golden "text in colour, $threads threads" "$data/formats.expected.color.txt" \
    --format text --color always -q --threads "$threads"
  golden "csv, $threads threads" "$data/formats.expected.csv" --format=csv -q --threads "$threads"
  golden "csv --all --redact, $threads threads" "$data/formats.expected.all.csv" \
    --format csv --all --redact -q --threads "$threads"
done
# Many batches (4,096 lines each), read and written on two threads: the
# same output, warnings and summary, in the same order, as on one.
same_on_two_threads() {  # what input scan-args...
  local what=$1 input=$2
  shift 2
  for threads in 1 2; do
    "$bin" scan --rules "$pack" "$@" --threads "$threads" "$input" \
      >"$tmp/threads$threads.out" 2>"$tmp/threads$threads.err"
  done
  check "$what: two threads write what one writes" yes \
    "$(cmp -s "$tmp/threads1.out" "$tmp/threads2.out" && echo yes)"
  check "$what: the same warnings and summary" yes \
    "$(diff -q <(sed '/^  speed /d' "$tmp/threads1.err") \
               <(sed '/^  speed /d' "$tmp/threads2.err") >/dev/null && echo yes)"
}
for i in $(seq 700); do cat "$in"; done >"$tmp/many.jsonl"
for format in jsonl text csv; do
  same_on_two_threads "many batches, $format" "$tmp/many.jsonl" --format "$format" --redact
done
# With --conversations too: findings across messages name other lines' ids.
for i in $(seq 1000); do cat "$data/conversation.jsonl"; done >"$tmp/many_conv.jsonl"
for format in jsonl text; do
  same_on_two_threads "--conversations, $format" "$tmp/many_conv.jsonl" --format "$format" \
    --conversations
done
check "--conversations: findings across messages name the other message's id" 1000 \
  "$("$bin" scan --rules "$pack" --conversations --threads 2 "$tmp/many_conv.jsonl" 2>/dev/null |
     grep -c '"messages":\[{"id":"k1","start":0,"end":3},{"id":"k3"')"
check "many batches: every line has its output line" "$(grep -cv '^\s*$' "$tmp/many.jsonl")" \
  "$("$bin" scan --rules "$pack" --threads 2 "$tmp/many.jsonl" 2>/dev/null | wc -l)"

golden "text piped: --color auto writes no escape codes" "$data/formats.expected.txt" --format text -q
check "the CSV golden parses as CSV with 12 columns per row" "12" "$("$py" -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
print(",".join(sorted({str(len(r)) for r in rows})))' "$data/formats.expected.csv")"

# A terminal: colour by default, none with NO_COLOR.
if command -v script >/dev/null; then
  script -qec "'$bin' scan --rules '$pack' --format text -q '$in'" /dev/null >"$tmp/tty" 2>&1
  check "on a terminal text is coloured" yes "$(grep -q $'\x1b\\[1;31m' "$tmp/tty" && echo yes)"
  NO_COLOR=1 script -qec "'$bin' scan --rules '$pack' --format text -q '$in'" /dev/null >"$tmp/tty" 2>&1
  check "NO_COLOR: no escape codes on a terminal" 0 "$(grep -c $'\x1b' "$tmp/tty")"
else
  echo "SKIP: script(1) not installed, no terminal tests"
fi

# --threads: the same output on 1, 2 and 3 threads over several batches of
# 4096 messages (the messages of formats.jsonl again and again).
"$py" - "$in" "$tmp/many.jsonl" <<'PY'
import sys
lines = open(sys.argv[1], "rb").read().splitlines()
with open(sys.argv[2], "wb") as out:
    for i in range(15000):
        out.write(lines[i % len(lines)] + b"\n")
PY
for threads in 1 2 3; do
  "$bin" scan --rules "$pack" --threads "$threads" -q "$tmp/many.jsonl" >"$tmp/many.$threads" 2>/dev/null
done
check "15,000 messages: one output line per non-blank input line" \
  "$(grep -cv '^$' "$tmp/many.jsonl")" "$(wc -l <"$tmp/many.1")"
cmp -s "$tmp/many.1" "$tmp/many.2" && cmp -s "$tmp/many.1" "$tmp/many.3"
check "--threads 1, 2 and 3 write the same" 0 $?

# --- Filters. The expected output is worked out here from the unfiltered
# golden output, not by chatscan.
# The malformed line blanked, so that the other lines keep their numbers.
sed 's/^.*"bad".*$//' "$in" >"$tmp/good.jsonl"
filtered() {  # severities categories args...: compares with the golden filtered in Python
  local sev=$1 cats=$2
  shift 2
  "$bin" scan --rules "$pack" -q "$@" "$tmp/good.jsonl" >"$tmp/filtered" 2>/dev/null
  local status=$?
  "$py" - "$data/formats.expected.jsonl" "$tmp/filtered" "$sev" "$cats" "$status" <<'PY'
import json, sys
golden, got, sevs, cats, status = sys.argv[1:]
sevs, cats = sevs.split(","), cats.split(",")
order = ["allow", "review", "block"]
want, flagged = [], False
for line in open(golden, encoding="utf-8"):
    r = json.loads(line)
    if "error" in r:
        continue
    r["findings"] = [f for f in r["findings"] if f["severity"] in sevs and f["category"] in cats]
    r["verdict"] = max([f["action"] for f in r["findings"]] + ["allow"], key=order.index)
    r["reasons"] = [i for i, f in enumerate(r["findings"]) if r["verdict"] != "allow" and f["action"] == r["verdict"]]
    flagged |= bool(r["findings"])
    want.append(r)
got = [json.loads(l) for l in open(got, encoding="utf-8")]
ok = got == want and int(status) == (1 if flagged else 0)
print("ok" if ok else "FAIL: want %s (exit %d), got %s (exit %s)" % (want, flagged, got, status))
PY
}
all_cats=abuse,secret,privacy,exaggeration
check "--min-severity high" ok "$(filtered high,critical $all_cats --min-severity high)"
check "--min-severity medium" ok "$(filtered medium,high,critical $all_cats --min-severity medium)"
check "--min-severity critical (nothing left: exit 0)" ok "$(filtered critical $all_cats --min-severity=critical)"
check "--categories privacy,secret" ok "$(filtered low,medium,high,critical privacy,secret --categories privacy,secret)"
check "--categories with --min-severity" ok \
  "$(filtered high,critical privacy,secret --categories privacy,secret --min-severity high)"
"$bin" scan --rules "$pack" --categories privacy,secret "$tmp/good.jsonl" >/dev/null 2>"$tmp/err"
check "the summary counts the chosen categories only" 1 \
  "$(grep -c '^  findings       4: privacy 2, secret 2$' "$tmp/err")"
"$bin" scan --rules "$pack" --categories abuse,nope "$in" >"$tmp/out" 2>"$tmp/err"
check "unknown category: exit code" 2 $?
check "unknown category: named with the known ones" 1 \
  "$(grep -c "no category 'nope'; its categories are abuse, secret, privacy, exaggeration" "$tmp/err")"
check "unknown category: nothing scanned" 0 "$(wc -c <"$tmp/out")"
"$bin" scan --rules "$pack" --min-severity severe "$in" >/dev/null 2>"$tmp/err"
check "bad --min-severity: exit code" 2 $?
check "bad --min-severity: says what is expected" 1 \
  "$(grep -c "min-severity 'severe': expected low, medium, high or critical" "$tmp/err")"

# --- Arguments.
for args in "--format xml" "--threads 0" "--threads x" "--color sometimes" "--progress maybe" \
            "--categories ," "--threads"; do
  "$bin" scan --rules "$pack" $args "$in" >/dev/null 2>"$tmp/err"
  check "scan $args: exit code 2" 2 $?
  check "scan $args: the error names the option" 1 "$(grep -c -- "${args%% *}" "$tmp/err")"
done
"$bin" scan --rules "$pack" --format csv --conversations "$in" >/dev/null 2>"$tmp/err"
check "csv with --conversations is refused" 2 $?
"$bin" scan --rules "$pack" "$data" >/dev/null 2>"$tmp/err"
check "a directory as input: exit code" 2 $?
check "a directory as input: said so" 1 "$(grep -c 'is a directory' "$tmp/err")"
for command in scan report check explain; do
  "$bin" "$command" --help >"$tmp/help" 2>&1
  check "$command --help: exit code" 0 $?
  check "$command --help: usage and examples" 2 \
    "$(grep -cE "^usage: chatscan $command|^examples:" "$tmp/help")"
done

# --- Malformed and binary input: every line accounted for, never a crash.
"$py" - "$tmp/binary.jsonl" <<'PY'
import random, sys
rng = random.Random(7)
with open(sys.argv[1], "wb") as out:
    for i in range(3000):
        kind = rng.randrange(4)
        if kind == 0:   # random bytes, sometimes starting with {
            line = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
        elif kind == 1:  # JSON cut short
            line = ('{"id": %d, "text": "傻逼' % i).encode()
        elif kind == 2:  # plain text with a bad byte
            line = "滚".encode() + b"\xfe" + ("蛋 %d" % i).encode()
        else:
            line = ('{"id": %d, "text": "ok %d"}' % (i, i)).encode()
        out.write(line.replace(b"\n", b" ") + b"\n")
PY
"$bin" scan --rules "$pack" "$tmp/binary.jsonl" >"$tmp/bin.out" 2>"$tmp/bin.err"
status=$?
check "binary archive: exit code 2, no crash" 2 $status
counts=$("$py" - "$tmp/binary.jsonl" "$tmp/bin.out" "$tmp/bin.err" <<'PY'
import json, re, sys
lines = open(sys.argv[1], "rb").read().split(b"\n")[:-1]
nonblank = [(i + 1, l) for i, l in enumerate(lines) if l.strip(b" \t\r")]
out = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
err = open(sys.argv[3], encoding="utf-8", errors="replace").read()

def is_json(l):
    return l.lstrip(b" \t\r").startswith(b"{")

def malformed(l):
    if not is_json(l):
        return False
    try:
        d = json.loads(l.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return True
    return not (isinstance(d, dict) and isinstance(d.get("text"), str))

def not_utf8(l):
    try:
        l.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True

bad = [n for n, l in nonblank if malformed(l)]
invalid = [n for n, l in nonblank if not is_json(l) and not_utf8(l)]
named = set(int(m) for m in re.findall(r"binary\.jsonl:(\d+): ", err))
errors_out = [r["line"] for r in out if "error" in r]
m = re.search(r"messages +(\d+) scanned", err)
ok = (len(out) == len(nonblank) and errors_out == bad and named == set(bad) | set(invalid)
      and int(m.group(1)) == len(nonblank) - len(bad)
      and ("  malformed      %d (" % len(bad)) in err
      and ("  invalid UTF-8  %d line" % len(invalid)) in err)
print("ok" if ok else "FAIL: %d lines, %d out, %d bad, %d invalid, %d named" % (
    len(nonblank), len(out), len(bad), len(invalid), len(named)))
PY
)
check "binary archive: every malformed and invalid UTF-8 line named and counted" ok "$counts"

# --- The progress bar: on with --progress=always, off when stderr is not a
# terminal, on by itself for a file over 4 MB on a terminal.
"$bin" scan --rules "$pack" --progress=always -q "$in" >/dev/null 2>"$tmp/err"
check "--progress=always draws the bar to 100%" 1 \
  "$(grep -c '\[########################\] 100.0%  .* ETA' "$tmp/err")"
"$py" - "$in" "$tmp/big.jsonl" <<'PY'
import sys
lines = [l for l in open(sys.argv[1], "rb").read().splitlines() if b'"bad"' not in l]
with open(sys.argv[2], "wb") as out:
    i = 0
    while out.tell() < 5 * 1024 * 1024:
        out.write(lines[i % len(lines)] + b"\n")
        i += 1
PY
"$bin" scan --rules "$pack" -q "$tmp/big.jsonl" >/dev/null 2>"$tmp/err"
check "big file, stderr not a terminal: no bar" 0 "$(grep -c 'ETA' "$tmp/err")"
if command -v script >/dev/null; then
  script -qec "'$bin' scan --rules '$pack' -q '$tmp/big.jsonl' >/dev/null" /dev/null >"$tmp/tty" 2>&1
  check "big file, stderr a terminal: the bar" yes "$(grep -q '100.0%.*ETA' "$tmp/tty" && echo yes)"
  script -qec "'$bin' scan --rules '$pack' -q '$in' >/dev/null" /dev/null >"$tmp/tty" 2>&1
  check "small file, stderr a terminal: no bar" 0 "$(grep -c 'ETA' "$tmp/tty")"
  script -qec "'$bin' scan --rules '$pack' -q --progress never '$tmp/big.jsonl' >/dev/null" \
    /dev/null >"$tmp/tty" 2>&1
  check "--progress never: no bar" 0 "$(grep -c 'ETA' "$tmp/tty")"
fi

if ((fail)); then
  echo "0 passed, 1 failed"
  exit 1
fi
echo "cli: all checks passed"
