"""The Python package gives the command line's results on the labelled corpus:
every message's verdict and findings (rule, byte span, category, clauses,
severity, action, match), through scan(), scan_batch() and with times."""

import datetime as dt
import json
import subprocess

import pytest

from conftest import CORPUS, read_jsonl


def run_cli(cli, path, pack_dir, cache_file):
    # --cache: the CLI loads the rules the package compiled (seconds saved,
    # and the cache format is exercised both ways).
    proc = subprocess.run([cli, "scan", "--rules", pack_dir, "--cache", cache_file, path],
                          capture_output=True, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")
    out = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines() if line]
    return out


def expected_findings(cli_result):
    return [(f["rule"], f["start"], f["end"], f["category"], f["clauses"], f["severity"],
             f["action"], f["match"]) for f in cli_result["findings"]]


def got_findings(result):
    return [(f.rule, f.byte_start, f.byte_end, f.category, list(f.clauses), f.severity,
             f.action, f.match) for f in result.findings]


def compare(messages, cli_out, results):
    assert len(cli_out) == len(messages) == len(results)
    mismatches = []
    for m, want, got in zip(messages, cli_out, results):
        assert want["id"] == m["id"]
        if want["verdict"] != got.verdict or expected_findings(want) != got_findings(got):
            mismatches.append((m["id"], want, got))
    assert not mismatches, f"{len(mismatches)} messages differ; first: {mismatches[0]}"


@pytest.fixture(scope="module")
def cli_out(cli, pack_dir, cache_file):
    return run_cli(cli, CORPUS, pack_dir, cache_file)


def test_corpus_scan_matches_cli(rules, corpus, cli_out):
    with rules.scanner() as s:
        results = [s.scan(m["text"], kind=m["kind"], audience=m["audience"]) for m in corpus]
    compare(corpus, cli_out, results)
    # The corpus exercises the findings: make sure there are some.
    assert sum(len(r.findings) for r in results) > 300
    assert {r.verdict for r in results} == {"allow", "review", "block"}


def test_corpus_str_offsets(rules, corpus):
    with rules.scanner() as s:
        for m in corpus:
            text = m["text"]
            data = text.encode("utf-8")
            for f in s.scan(text, kind=m["kind"], audience=m["audience"]).findings:
                assert text[f.start:f.end] == f.match
                assert data[f.byte_start:f.byte_end].decode("utf-8") == f.match
                assert len(text[:f.start].encode("utf-8")) == f.byte_start


@pytest.mark.parametrize("threads", [1, 2, None])
def test_corpus_batch_matches_cli(rules, corpus, cli_out, threads):
    # The corpus rows go in as they are: extra keys (id, labels) are ignored.
    results = rules.scan_batch(corpus, threads=threads)
    compare(corpus, cli_out, results)


def test_corpus_with_times_matches_cli(rules, corpus, cli, pack_dir, cache_file, tmp_path):
    # The same messages at working and off hours (the default pack raises
    # some categories off hours), with times written in several ways.
    times = ["2026-03-03T10:00:00+08:00", "2026-03-03T23:30:00+08:00",
             "2026-03-07T11:00:00+08:00", "2026-03-03T02:00:00Z", "2026-10-01T10:00:00+08:00"]
    messages = []
    for i, m in enumerate(corpus):
        m = dict(m, time=times[i % len(times)], sender=f"user{i % 7}",
                 conversation=f"room{i % 3}")
        messages.append(m)
    path = tmp_path / "timed.jsonl"
    path.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in messages),
                    encoding="utf-8")
    cli_out = run_cli(cli, str(path), pack_dir, cache_file)
    plain = [dict(m, time=None, sender=None, conversation=None) for m in messages]
    # Off hours must change something, or this test proves nothing.
    assert [r.verdict for r in rules.scan_batch(plain)] != [r["verdict"] for r in cli_out]

    compare(messages, cli_out, rules.scan_batch(messages, threads=2))
    with rules.scanner() as s:
        as_str = [s.scan(m["text"], kind=m["kind"], audience=m["audience"], time=m["time"],
                         sender=m["sender"], conversation=m["conversation"]) for m in messages]
        as_dt = [s.scan(m["text"], kind=m["kind"], audience=m["audience"],
                        time=dt.datetime.fromisoformat(m["time"].replace("Z", "+00:00")))
                 for m in messages]
        as_int = [s.scan(m["text"], kind=m["kind"], audience=m["audience"],
                         time=int(dt.datetime.fromisoformat(
                             m["time"].replace("Z", "+00:00")).timestamp()))
                  for m in messages]
    compare(messages, cli_out, as_str)
    compare(messages, cli_out, as_dt)
    compare(messages, cli_out, as_int)


def test_examples_file_matches_cli(rules, cli, pack_dir, cache_file):
    import os
    from conftest import SOURCE
    path = os.path.join(SOURCE, "examples", "messages.jsonl")
    messages = read_jsonl(path)
    compare(messages, run_cli(cli, path, pack_dir, cache_file), rules.scan_batch(messages))
