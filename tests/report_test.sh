#!/usr/bin/env bash
# `chatscan report`: on a generated archive of 100,000 messages, scan's
# findings and the report's categories agree with the generator's own labels,
# and every count of the report agrees with a count of scan's output; the HTML page
# is self-contained and renders; exit codes and malformed lines.
# usage: report_test.sh CHATSCAN DATA_DIR   (DATA_DIR: tests/data or tests/data/cli)
set -uo pipefail
bin=$1
data=$2
py=/usr/bin/python3
[[ -x $py ]] || py=python3
pack=$data/cli/pack
[[ -d $pack ]] || pack=$data/pack
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
check() {  # name expected actual
  if [[ "$2" == "$3" ]]; then
    echo "ok: $1"
    passed=$((passed + 1))
  else
    echo "FAIL: $1: expected [$2], got [$3]"
    failed=$((failed + 1))
  fi
}

compared() {  # name output status: a Python comparison's failures and verdict
  grep '^FAIL' "$2"
  check "$1 ($(grep -c '^ok' "$2") checks)" 0 "$3"
}

# --- A deterministic archive: 100,000 messages, 150 senders, 13 weeks, and
# three malformed lines. Times are given in +08:00 and in UTC (Z), some near
# midnight on Sundays, so a wrong time zone moves messages between weeks.
# The generator also writes, per message, the category it was written to break
# (or none) and how many findings the test pack must give it: a count that owes
# nothing to chatscan, checked against scan's output and the report below.
"$py" - "$tmp/archive.jsonl" "$tmp/labels.jsonl" <<'EOF'
import json, random, sys
from datetime import datetime, timedelta, timezone
rng = random.Random(20240101)
clean = ["明天上午十点开会，请准时参加。", "收到，谢谢", "午饭吃什么？", "报告已发到邮箱",
         "周五下午三点评审", "好的，我来跟进", "ok, see you at 3pm", "辛苦了"]
bad = {
    "abuse": ["你这个傻逼", "sha bi 一个", "滚蛋吧你", "傻 * 逼"],
    "secret": ["这是内部资料，请勿外传", "内部资料 第三季度", "請勿外傳"],
    "privacy": ["客户电话 138 1234 5678，你跟进一下", "打 13912345678 找王经理"],
    "exaggeration": ["全网最低价！快来抢", "本店全网最低"],
}
senders = ["u%03d" % i for i in range(150)]
start = datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=8)))
bad_lines = {10: '{"id": "broken", "text": ', 5000: '{"id": 5000, "text": 42}',
             77777: '{"id": "t", "text": "hi", "time": "2024-13-45 25:00"}'}
# Findings per text in the test pack (tests/data/cli/pack): one, except two
# markers in one message. Exaggeration rules apply to Moments posts only.
two_findings = {"这是内部资料，请勿外传"}
labels = open(sys.argv[2], "w", encoding="utf-8")
with open(sys.argv[1], "w", encoding="utf-8") as out:
    line, n = 0, 0
    while n < 100000:
        line += 1
        if line in bad_lines:
            out.write(bad_lines[line] + "\n")
            continue
        n += 1
        sender = senders[min(149, int(rng.paretovariate(1.2) * 3) - 3)]
        risk = 0.002 + (0.15 if sender in ("u000", "u007", "u042") else 0.02)
        category = None
        if rng.random() < risk:
            category = rng.choice(list(bad))
            text = rng.choice(bad[category])
        else:
            text = rng.choice(clean)
        msg = {"id": "m%d" % n, "text": text,
               "kind": "moment" if rng.random() < 0.1 else "chat",
               "audience": rng.choice(["internal", "internal", "external", "public"])}
        if category == "exaggeration" and msg["kind"] != "moment":
            category = None
        labels.write(json.dumps({"id": msg["id"], "category": category,
                                 "findings": 0 if category is None else
                                 2 if text in two_findings else 1}) + "\n")
        if rng.random() > 0.01:
            msg["sender"] = sender
        msg["conversation"] = "c%d" % rng.randrange(500)
        r = rng.random()
        if r < 0.01:
            pass  # no time
        else:
            if r < 0.05:  # late Sunday or early Monday, Shanghai time
                t = start + timedelta(weeks=rng.randrange(13), days=6, hours=23,
                                      minutes=rng.randrange(120))
            else:
                t = start + timedelta(seconds=rng.randrange(13 * 7 * 86400))
            if rng.random() < 0.5:
                msg["time"] = t.isoformat()
            else:
                msg["time"] = t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.write(json.dumps(msg, ensure_ascii=False) + "\n")
EOF
check "archive generated" 100003 "$(wc -l <"$tmp/archive.jsonl")"

"$bin" scan --rules "$pack" "$tmp/archive.jsonl" >"$tmp/scan.jsonl" 2>"$tmp/scan.err"
check "scan exit code (findings and malformed lines)" 2 $?
"$bin" report --rules "$pack" --top 8 --html "$tmp/report.html" "$tmp/archive.jsonl" \
  >"$tmp/report.txt" 2>"$tmp/report.err"
check "report exit code (findings and malformed lines)" 2 $?
for n in 10 5000 77777; do
  grep -q "archive.jsonl:$n:" "$tmp/report.err"
  check "stderr names malformed line $n" 0 $?
done

# --- The generator's own labels against scan's output and the report's
# categories: per category, messages and findings.
"$py" - "$tmp/labels.jsonl" "$tmp/scan.jsonl" "$tmp/report.txt" >"$tmp/labels.txt" <<'EOF'
import json, re, sys
from collections import Counter
labels = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
results = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
results = [r for r in results if "error" not in r]
want_msgs, want_findings = Counter(), Counter()
for l in labels:
    if l["category"]:
        want_msgs[l["category"]] += 1
        want_findings[l["category"]] += l["findings"]
failures = 0
def check(name, want, got):
    global failures
    failures += want != got
    print(("ok: " if want == got else "FAIL: ") + name +
          ("" if want == got else ": expected %r, got %r" % (want, got)))
check("scan: one result per generated message", [l["id"] for l in labels], [r["id"] for r in results])
for l, r in zip(labels, results):
    cats = [f["category"] for f in r["findings"]]
    want = [l["category"]] * l["findings"]
    if cats != want:
        check("scan finds what message %s was written with" % l["id"], want, cats)
        break
else:
    check("scan finds in every message what it was written with", True, True)
text = open(sys.argv[3], encoding="utf-8").read()
rows = re.search(r"^== Categories.*?==\n((?:  .*\n)*)", text, re.M).group(1).splitlines()[1:]
got = {r.split()[0]: r.split()[2:4] for r in rows}
for c in sorted(set(want_msgs) | set(got)):
    check("report category %s: findings, messages" % c,
          [str(want_findings[c]), str(want_msgs[c])], got.get(c))
print("labels: %d failed" % failures)
sys.exit(1 if failures else 0)
EOF
compared "scan and report agree with the generator's labels" "$tmp/labels.txt" $?

# --- The independent count, from scan's JSONL joined with the archive, against
# every number of the text report that it covers.
"$py" - "$tmp/archive.jsonl" "$tmp/scan.jsonl" "$tmp/report.txt" 8 >"$tmp/compare.txt" <<'EOF'
import json, re, sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
archive, scan, report, top = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
shanghai = timezone(timedelta(hours=8))
lines = [(i + 1, l) for i, l in enumerate(open(archive, encoding="utf-8")) if l.strip()]
results = [json.loads(l) for l in open(scan, encoding="utf-8")]
assert len(lines) == len(results), (len(lines), len(results))

def pct(a, b):
    return "-" if b == 0 else "%.2f%%" % (100.0 * a / b)

def tally():
    return {"messages": 0, "allow": 0, "review": 0, "block": 0, "findings": 0, "cat": Counter()}

total = tally(); cat_msgs = Counter(); rule_f = Counter(); rule_m = Counter()
senders = defaultdict(tally); weeks = defaultdict(tally); kinds = defaultdict(tally)
bad = []; with_findings = 0; security = 0
for (line_no, line), res in zip(lines, results):
    if "error" in res:
        assert res["line"] == line_no
        bad.append(line_no)
        continue
    msg = json.loads(line)
    fs = res["findings"]
    week = "no-time"
    if "time" in msg:
        t = datetime.fromisoformat(msg["time"].replace("Z", "+00:00")).astimezone(shanghai)
        y, w, _ = t.isocalendar()
        week = "%04d-W%02d" % (y, w)
    for t in (total, senders[msg.get("sender") or "(no_sender)"], weeks[week],
              kinds[msg.get("kind", "chat")]):
        t["messages"] += 1
        t[res["verdict"]] += 1
        t["findings"] += len(fs)
        for f in fs:
            t["cat"][f["category"]] += 1
    with_findings += bool(fs)
    for c in {f["category"] for f in fs}:
        cat_msgs[c] += 1
    for f in fs:
        rule_f[f["rule"]] += 1
    for r in {f["rule"] for f in fs}:
        rule_m[r] += 1
    security += any(c.startswith("5.") for f in fs for c in f["clauses"])

# One token per name for splitting rows on white space.
text = open(report, encoding="utf-8").read().replace("(no sender)", "(no_sender)")
sections = {}
for m in re.finditer(r"^== (.*?) ==\n((?:  .*\n)*)", text, re.M):
    rows = [r.split() for r in m.group(2).splitlines()]
    sections[m.group(1).split(" (")[0]] = rows
failures = 0
def check(name, want, got):
    global failures
    ok = want == got
    failures += not ok
    print(("ok: " if ok else "FAIL: ") + name + ("" if ok else ": expected %r, got %r" % (want, got)))

head = text.split("\n== ")[0]
check("summary: messages", "%d messages" % total["messages"], re.search(r"^\d+ messages", head, re.M).group(0))
check("summary: senders", "%d senders" % len(set(senders) - {"(no_sender)"}), re.search(r"\d+ senders", head).group(0))
check("summary: with findings", "%d messages with findings (%s), %d findings" % (
    with_findings, pct(with_findings, total["messages"]), total["findings"]),
    re.search(r"^\d+ messages with findings.*$", head, re.M).group(0))
check("summary: malformed lines", "%d malformed lines (lines %s; see stderr)" % (
    len(bad), ", ".join(map(str, bad))), re.search(r"^\d+ malformed lines.*$", head, re.M).group(0))

verdicts = {r[0]: r[1:] for r in sections["Messages per verdict"][1:]}
for v in ("allow", "review", "block"):
    check("verdict " + v, [str(total[v]), pct(total[v], total["messages"])], verdicts.get(v))
check("verdict all", str(total["messages"]), verdicts["all"][0])

cats = {r[0]: r[2:] for r in sections["Categories"][1:]}
check("category list", sorted(cats), sorted(set(cats) | set(total["cat"])))
for c in cats:
    check("category " + c, [str(total["cat"][c]), str(cat_msgs[c]), pct(cat_msgs[c], total["messages"])], cats[c])

rules = sections["Top rules"][1:]
want_rules = sorted(rule_f, key=lambda r: (-rule_f[r], -rule_m[r], r))[:top]
check("top rules, in order", want_rules, [r[0] for r in rules])
for r in rules:
    check("rule " + r[0], [str(rule_f[r[0]]), str(rule_m[r[0]])], r[3:5])

ind = {r[0] + " " + r[1]: r for r in sections["Clause 7.2 indicators"][1:]}
chat, moment = kinds["chat"], kinds["moment"]
check("indicator chats", [str(chat["allow"]), str(chat["messages"])], ind["Compliant communication"][4:6])
check("indicator moments", [str(moment["allow"]), str(moment["messages"])], ind["Compliant Moments"][4:6])
check("indicator security", [str(total["messages"] - security), str(total["messages"])], ind["Security management"][3:5])

header = sections["Worst senders"][0]
catcols = header[5:]
ranked = sorted((s for s in senders if senders[s]["findings"] > 0), key=lambda s: (
    -(senders[s]["review"] + senders[s]["block"]), -senders[s]["block"], -senders[s]["findings"], s))
rows = sections["Worst senders"][1:]
check("worst senders, in order", ranked[:top], [r[0] for r in rows])
for r in rows:
    s = senders[r[0]]
    want = [str(s["messages"]), str(s["review"]), str(s["block"]),
            pct(s["review"] + s["block"], s["messages"])] + [str(s["cat"][c]) for c in catcols]
    check("sender " + r[0], want, r[1:])

header = sections["Weeks"][0]
catcols = header[7:]
rows = sections["Weeks"][1:]
check("weeks listed", sorted(weeks), sorted(r[0] for r in rows if r[2] != "0"))
for r in rows:
    w = weeks.get(r[0], tally())
    want = [str(w["messages"]), str(w["allow"]), str(w["review"]), str(w["block"]),
            pct(w["review"] + w["block"], w["messages"])] + [str(w["cat"][c]) for c in catcols]
    check("week " + r[0], want, r[2:])
print("compare: %d failed" % failures)
sys.exit(1 if failures else 0)
EOF
compared "report counts equal the independent count" "$tmp/compare.txt" $?

# --- The HTML page: charts inline, nothing fetched, nothing run.
html=$tmp/report.html
[[ -s $html ]]
check "--html wrote a file" 0 $?
check "HTML has inline SVG charts" yes "$(grep -q '<svg' "$html" && echo yes)"
check "HTML has no scripts" 0 "$(grep -ci '<script' "$html")"
check "HTML links nothing (<link, src=, url(, @import, @font-face)" 0 \
  "$(grep -ciE '<link|src=|url\(|@import|@font-face' "$html")"
check "HTML names no http(s) address" 0 "$(grep -ciE 'https?://' "$html")"
check "HTML shows the message count" yes "$(grep -q '>100,000<' "$html" && echo yes)"

# Sender names are escaped in HTML and cleaned of control characters in text.
printf '%s\n' '{"id":1,"text":"你个傻逼","sender":"<script>alert(1)</script>&"}' \
  '{"id":2,"text":"ok","sender":"a\u001b[31mred"}' >"$tmp/evil.jsonl"
"$bin" report --rules "$pack" --html "$tmp/evil.html" "$tmp/evil.jsonl" >"$tmp/evil.txt" 2>&1
check "evil names: exit code" 1 $?
check "evil names: no <script in HTML" 0 "$(grep -ci '<script' "$tmp/evil.html")"
check "evil names: escaped in HTML" yes \
  "$(grep -q '&lt;script&gt;alert(1)&lt;/script&gt;&amp;' "$tmp/evil.html" && echo yes)"
check "evil names: no escape character in text" 0 "$(grep -c $'\x1b' "$tmp/evil.txt")"

# --- Headless Chromium renders the page to a non-trivial picture.
chromium=""
for c in /usr/bin/chromium /usr/bin/chromium-browser; do [[ -x $c ]] && chromium=$c && break; done
if [[ -z $chromium ]]; then
  echo "SKIP: chromium not installed"
else
  profile=$(mktemp -d)
  timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
    --screenshot="$tmp/report.png" --window-size=1200,2000 "file://$html" >"$tmp/chromium.log" 2>&1
  rm -rf "$profile"
  size=$(stat -c %s "$tmp/report.png" 2>/dev/null || echo 0)
  check "chromium renders the HTML to a PNG over 10 KB (got $size bytes)" yes \
    "$( ((size > 10240)) && echo yes)"
fi

# --- Exit codes and arguments.
echo '{"id":"a","text":"今天天气不错","time":"2024-01-01T09:00:00+08:00"}' >"$tmp/clean.jsonl"
"$bin" report --rules "$pack" "$tmp/clean.jsonl" >"$tmp/out" 2>&1
check "exit code: nothing found" 0 $?
echo '{"id":"b","text":"你个傻逼"}' | "$bin" report --rules "$pack" - >"$tmp/out" 2>&1
check "exit code: findings, read from stdin" 1 $?
"$bin" report --rules /nonexistent "$tmp/clean.jsonl" >/dev/null 2>"$tmp/err"
check "exit code: bad pack" 2 $?
check "bad pack error names the folder" yes "$(grep -q /nonexistent "$tmp/err" && echo yes)"
"$bin" report --rules "$pack" "$tmp/missing.jsonl" >/dev/null 2>&1
check "exit code: missing file" 2 $?
"$bin" report --rules "$pack" "$tmp" >/dev/null 2>&1
check "exit code: a directory" 2 $?
"$bin" report --rules "$pack" --html "$tmp/no/such/dir/r.html" "$tmp/clean.jsonl" >/dev/null 2>&1
check "exit code: HTML not writable" 2 $?
"$bin" report --top 0 "$tmp/clean.jsonl" >/dev/null 2>&1
check "exit code: --top 0" 2 $?
"$bin" report --bogus >/dev/null 2>&1
check "exit code: unknown option" 2 $?

echo "$passed passed, $failed failed"
((failed == 0))
