#!/usr/bin/env bash
# chatscan-bench as a user runs it, on a small corpus: the JSON object has
# every field bench/README.md names, with counts that agree with the flags,
# the fold comparison where the pack allows one, and usage errors. Figures
# are not checked: speed goals live in the benchmarks, not in tests.
# usage: bench_test.sh CHATSCAN_BENCH DEFAULT_PACK
set -uo pipefail
bench=$1
pack=$2
py=/usr/bin/python3
[[ -x $py ]] || py=python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

"$bench" --messages 3000 --terms 300 --repeat 1 --threads 2 --json >"$tmp/plain.json" ||
  { echo "FAIL: chatscan-bench exited $?"; failed=1; }
"$bench" --messages 3000 --terms 300 --repeat 1 --threads 1 --noise --json >"$tmp/noise.json" ||
  { echo "FAIL: chatscan-bench --noise exited $?"; failed=1; }
"$py" - "$tmp/plain.json" "$tmp/noise.json" <<'PY' || failed=1
import json, sys
plain = json.load(open(sys.argv[1]))
noise = json.load(open(sys.argv[2]))
problems = []
def check(what, ok):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        problems.append(what)
for key in ["messages", "bytes", "terms", "threads", "library_msgs_per_s",
            "baseline_msgs_per_s", "ratio", "compile_s", "db_bytes", "ratio_1thread",
            "findings", "fold_ratio_1thread", "peak_rss_kb"]:
    check(f"field {key}", key in plain)
check("3000 messages of 300 terms on 2 threads",
      (plain["messages"], plain["terms"], plain["threads"]) == (3000, 300, 2))
check("throughputs and ratios are positive",
      all(plain[k] > 0 for k in ["library_msgs_per_s", "baseline_msgs_per_s", "ratio",
                                 "fold_ratio_1thread", "unfolded_msgs_per_s_1thread"]))
# The generated corpus has lexicon terms inserted and no disguises: the scan
# without folding finds the same ones, or fewer.
check("findings", plain["findings"] > 0)
check("folding off finds no more", 0 < plain["unfolded_findings"] <= plain["findings"])
check("no fold comparison with noise skipping (it needs folding)",
      noise["fold_ratio_1thread"] is None and "unfolded_findings" not in noise)
sys.exit(1 if problems else 0)
PY

# A corpus of one's own, JSONL and plain lines mixed, over a real pack.
printf '%s\n' '{"id": "a", "text": "你这个傻逼"}' '下午三点开会' '' '{"text": "密码是 Abc123456"}' \
  >"$tmp/corpus.jsonl"
"$bench" --corpus "$tmp/corpus.jsonl" --rules "$pack" --repeat 1 --threads 1 --json \
  >"$tmp/own.json" || { echo "FAIL: --corpus --rules exited $?"; failed=1; }
"$py" - "$tmp/own.json" <<'PY' || failed=1
import json, sys
own = json.load(open(sys.argv[1]))
ok = own["messages"] == 3 and own["findings"] >= 2 and own["rules"].endswith("default")
print(("ok: " if ok else "FAIL: ") + "--corpus reads 3 messages (JSONL and plain), --rules scans "
      f"them with the pack: {own['messages']} messages, {own['findings']} findings")
sys.exit(0 if ok else 1)
PY

usage_error() {  # what expected-message args...
  local what=$1 expected=$2
  shift 2
  local out status
  out=$("$bench" "$@" 2>&1)
  status=$?
  if [[ $status == 2 && $out == *"$expected"* ]]; then
    echo "ok: $what is a usage error"
  else
    echo "FAIL: $what: exit $status, [$out]"
    failed=1
  fi
}
usage_error "--threads 0" "--threads, --messages, --bytes, --terms and --repeat must be positive" \
  --threads 0
usage_error "an unknown option" "unknown option --frobnicate" --frobnicate
usage_error "a negative count" "--messages needs a whole number, not '-5'" --messages -5
usage_error "too many threads" "--threads needs at most 1024, not '5000'" --threads 5000
usage_error "a share above 1" "--violations needs a share from 0 to 1, not '2'" --violations 2
usage_error "a missing corpus" "$tmp/none.jsonl: cannot be read" --corpus "$tmp/none.jsonl"
printf '%s\n' '{"text": "一"}' '{"id": 2}' >"$tmp/bad.jsonl"
usage_error "a JSON line without text" \
  "$tmp/bad.jsonl:2: starts with '{' but is not a JSON object with a \"text\" string" \
  --corpus "$tmp/bad.jsonl"
exit $failed
