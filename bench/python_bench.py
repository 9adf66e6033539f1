#!/usr/bin/python3
"""Throughput of the Python package next to the C++ library, in the same run.

Measures messages/s for
  - scanner.scan() in a Python loop (one thread),
  - rules.scan_batch() at 1 thread and at --threads threads (one C call each),
and runs BUILD/bench/chatscan-bench --json on the SAME corpus file, rule pack
and thread count, so the figure that matters is a ratio that survives a noisy
machine: scan_batch / C++ batch at the same thread count.

The corpus is --corpus FILE (JSONL with "text", or one message per line), or
generated here with a fixed seed: Chinese chat messages made of words drawn by
frequency from python3-jieba's dictionary (a built-in list without it), with
--violations of them carrying a term the default pack flags. All messages use
the default context (internal chat), as chatscan-bench does.

usage: python_bench.py [--messages N] [--threads T] [--corpus FILE]
                       [--rules PACK] [--cache FILE] [--bench-bin PATH]
                       [--repeat R] [--bytes B] [--seed S] [--json]
The library: $CHATSCAN_LIBRARY or the package's search; the package: on
PYTHONPATH or installed (bindings/python is added when run from the tree).
The C++ tool: --bench-bin, else $CHATSCAN_BENCH, else skipped (Python only).
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bindings", "python"))

import chatscan  # noqa: E402

JIEBA_DICT = "/usr/lib/python3/dist-packages/jieba/dict.txt"
BUILT_IN = ["我们", "今天", "会议", "客户", "项目", "时间", "公司", "问题", "明天", "下午", "方案",
            "报告", "确认", "一下", "需要", "已经", "这个", "可以"]
# Terms the default pack flags, for the share of violating messages.
VIOLATIONS = ["傻逼", "他妈的", "密码是 Zx8#kq2!", "客户电话 13812345678", "内部资料，请勿外传",
              "紧急扩散", "全网最低价", "https://bit.ly/3xYz", "滚蛋", "卧槽"]
PUNCT = ["，", "。", "！", "？", " "]
# The library aborts on messages of about 250 bytes or more (a vectorscan bug
# in the Debian package); generated messages stay below this.
MAX_BYTES = 200


def load_dictionary():
    words, weights = [], []
    try:
        with open(JIEBA_DICT, encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2 and parts[0] and all("\u4e00" <= c <= "\u9fff"
                                                          for c in parts[0]):
                    words.append(parts[0])
                    weights.append(float(parts[1]))
        source = JIEBA_DICT
    except OSError:
        words, weights, source = BUILT_IN, [1.0] * len(BUILT_IN), "built-in"
    if not words:
        words, weights, source = BUILT_IN, [1.0] * len(BUILT_IN), "built-in"
    cumulative, total = [], 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    return words, cumulative, source


def make_corpus(n, avg_bytes, violations, seed):
    words, cumulative, source = load_dictionary()
    rng = random.Random(seed)
    draw = rng.choices
    out = []
    for _ in range(n):
        target = min(avg_bytes // 2 + rng.randrange(avg_bytes + 1), MAX_BYTES - 40)
        parts, size = [], 0
        while size < target:
            w = draw(words, cum_weights=cumulative)[0]
            parts.append(w)
            size += len(w) * 3
            if rng.randrange(6) == 0:
                p = PUNCT[rng.randrange(5)]
                parts.append(p)
                size += len(p.encode())
        if rng.random() < violations:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(VIOLATIONS))
        out.append("".join(parts))
    return out, source


def read_corpus(path):
    out = []
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            if line.startswith("{"):
                try:
                    obj = json.loads(line)
                    if isinstance(obj, dict) and isinstance(obj.get("text"), str):
                        out.append(obj["text"])
                        continue
                except ValueError:
                    pass
            out.append(line)
    return out


def median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


class CallTimer:
    """Times the chatscan_batch_scan calls scan_batch makes, so the same runs
    also give the C call's own speed: a baseline that no drift of a shared
    machine can separate from the Python figure."""

    def __init__(self):
        from chatscan import _lib
        self.lib = _lib.load()
        self.inner = self.lib.batch_scan
        self.spent = 0.0
        self.lib.batch_scan = self

    def __call__(self, *args):
        t = time.perf_counter()
        try:
            return self.inner(*args)
        finally:
            self.spent += time.perf_counter() - t

    def measure(self, fn, repeat):
        """Medians of (total seconds, seconds in the C call) over repeat runs."""
        totals, inner = [], []
        for _ in range(repeat):
            self.spent = 0.0
            t = time.perf_counter()
            fn()
            totals.append(time.perf_counter() - t)
            inner.append(self.spent)
        return statistics.median(totals), statistics.median(inner)


def run_cpp(bench_bin, corpus_file, rules_dir, threads, repeat, n):
    cmd = [bench_bin, "--json", "--messages", str(n), "--corpus", corpus_file,
           "--threads", str(threads), "--repeat", str(repeat)]
    if rules_dir:
        cmd += ["--rules", rules_dir]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"python_bench: {' '.join(cmd)} failed ({proc.returncode}):\n"
                         f"{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), cmd


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=200_000)
    ap.add_argument("--bytes", type=int, default=60, help="average message length (generated)")
    ap.add_argument("--violations", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--corpus", help="messages file (JSONL with text, or plain lines)")
    ap.add_argument("--rules", help="rule pack folder (default: the default pack)")
    ap.add_argument("--cache", help="compiled rules cache for the pack (made if missing)")
    ap.add_argument("--bench-bin", default=os.environ.get("CHATSCAN_BENCH"),
                    help="BUILD/bench/chatscan-bench ($CHATSCAN_BENCH)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="one JSON object")
    args = ap.parse_args(argv)
    if args.threads < 1 or args.messages < 1 or args.repeat < 1:
        ap.error("--threads, --messages and --repeat must be positive")

    tmp = tempfile.TemporaryDirectory(prefix="chatscan-pybench-")
    if args.corpus:
        texts = read_corpus(args.corpus)[: args.messages]
        corpus_file, source = args.corpus, args.corpus
        if len(texts) < len(read_corpus(args.corpus)):
            corpus_file = os.path.join(tmp.name, "corpus.jsonl")
            with open(corpus_file, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.writelines(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    else:
        texts, dictionary = make_corpus(args.messages, args.bytes, args.violations, args.seed)
        corpus_file = os.path.join(tmp.name, "corpus.jsonl")
        with open(corpus_file, "w", encoding="utf-8") as f:
            f.writelines(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
        source = f"generated, seed {args.seed}, words from {dictionary}"
    n = len(texts)
    nbytes = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts)

    pack = args.rules or chatscan.default_pack_dir()
    t0 = time.perf_counter()
    rules = None
    if args.cache and os.path.exists(args.cache):
        try:
            rules = chatscan.Rules.load_cache(args.cache, pack)
        except chatscan.ChatscanError as e:
            print(f"python_bench: cache not used: {e}", file=sys.stderr)
    if rules is None:
        rules = chatscan.load_rules(pack)
        if args.cache:
            rules.save_cache(args.cache)
    load_s = time.perf_counter() - t0

    # Warm up (pools, caches) and count findings.
    findings = sum(len(r.findings) for r in rules.scan_batch(texts[:1000], threads=args.threads))

    scanner = rules.scanner()

    def loop():
        scan = scanner.scan
        for t in texts:
            scan(t)

    loop_s = median_time(loop, args.repeat)
    timer = CallTimer()
    batch1_s, call1_s = timer.measure(lambda: rules.scan_batch(texts, threads=1), args.repeat)
    batchn_s, calln_s = timer.measure(lambda: rules.scan_batch(texts, threads=args.threads),
                                      args.repeat)
    findings = sum(len(r.findings) for r in rules.scan_batch(texts, threads=args.threads))
    scanner.close()

    out = {
        "messages": n,
        "bytes": nbytes,
        "corpus": source,
        "rules": pack,
        "threads": args.threads,
        "library": chatscan.library_path(),
        "rules_load_s": round(load_s, 3),
        "findings": findings,
        "py_scan_loop_msgs_per_s": n / loop_s,
        "py_scan_batch_msgs_per_s_1thread": n / batch1_s,
        "py_scan_batch_msgs_per_s": n / batchn_s,
        # The C call inside those same scan_batch runs, and the share of
        # their time it takes (1.0 would be no Python overhead at all).
        "c_call_msgs_per_s_1thread": n / call1_s,
        "c_call_msgs_per_s": n / calln_s,
        "c_call_share_1thread": call1_s / batch1_s,
        "c_call_share": calln_s / batchn_s,
    }
    if args.bench_bin:
        cpp, cmd = run_cpp(args.bench_bin, corpus_file, pack, args.threads, args.repeat, n)
        if cpp.get("messages") != n:
            raise SystemExit(f"python_bench: chatscan-bench read {cpp.get('messages')} "
                             f"messages, this script {n}")
        out.update({
            "cpp_command": " ".join(cmd),
            "cpp_batch_msgs_per_s_1thread": cpp["library_msgs_per_s_1thread"],
            "cpp_batch_msgs_per_s": cpp["library_msgs_per_s"],
            "cpp_threads": cpp["threads"],
            "cpp_findings": cpp["findings"],
            "ratio_batch_vs_cpp_1thread": (n / batch1_s) / cpp["library_msgs_per_s_1thread"],
            "ratio_batch_vs_cpp": (n / batchn_s) / cpp["library_msgs_per_s"],
            "ratio_loop_vs_cpp_1thread": (n / loop_s) / cpp["library_msgs_per_s_1thread"],
        })
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(f"corpus:   {n} messages, {nbytes / 1e6:.1f} MB, {nbytes / n:.1f} bytes/message "
          f"({source})")
    print(f"rules:    {pack} (loaded in {load_s:.2f} s), library {out['library']}")
    print(f"findings: {findings}; medians of {args.repeat} runs")
    rows = [("python scan() loop", 1, n / loop_s, out.get("cpp_batch_msgs_per_s_1thread")),
            ("python scan_batch", 1, n / batch1_s, out.get("cpp_batch_msgs_per_s_1thread"))]
    if args.threads > 1:
        rows.append(("python scan_batch", args.threads, n / batchn_s,
                     out.get("cpp_batch_msgs_per_s")))
    print(f"{'':20s} {'threads':>7s} {'msg/s':>12s} {'C++ batch msg/s':>16s} {'ratio':>7s}")
    for name, t, rate, cpp_rate in rows:
        ratio = f"{rate / cpp_rate:7.3f}" if cpp_rate else "      -"
        cpp_s = f"{cpp_rate:16.0f}" if cpp_rate else f"{'(no --bench-bin)':>16s}"
        print(f"{name:20s} {t:7d} {rate:12.0f} {cpp_s} {ratio}")
    print(f"inside scan_batch, the chatscan_batch_scan call itself: "
          f"{n / call1_s:.0f} msg/s at 1 thread ({call1_s / batch1_s:.0%} of the time), "
          f"{n / calln_s:.0f} msg/s at {args.threads} ({calln_s / batchn_s:.0%})")
    if args.bench_bin:
        if out["cpp_findings"] != findings:
            print(f"WARNING: findings differ: python {findings}, C++ {out['cpp_findings']}")
        print(f"scan_batch / C++ batch at {args.threads} threads: "
              f"{out['ratio_batch_vs_cpp']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
