"""examples/pyspark_scan.py without Spark: scan_partition over plain iterators."""

import datetime as dt
import importlib.util
import os

import pytest

from conftest import SOURCE


@pytest.fixture(scope="module")
def job():
    path = os.path.join(SOURCE, "examples", "pyspark_scan.py")
    spec = importlib.util.spec_from_file_location("pyspark_scan", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeRow(tuple):
    """Stands for pyspark.sql.Row: a tuple with asDict()."""

    def __new__(cls, **fields):
        row = super().__new__(cls, fields.values())
        row._fields = fields
        return row

    def asDict(self):
        return dict(self._fields)


def test_scan_partition_matches_scan_batch(job, rules, corpus, pack_dir, cache_file):
    want = rules.scan_batch(corpus)
    out = list(job.scan_partition(iter(corpus), chunk_size=100, pack=pack_dir,
                                  cache=cache_file))
    assert len(out) == len(corpus)
    for row, got, res in zip(corpus, out, want):
        assert got["id"] == row["id"]
        assert got["verdict"] == res.verdict
        assert got["error"] is None
        assert [(f["rule"], f["byte_start"], f["byte_end"], f["match"]) for f in got["findings"]] \
            == [(f.rule, f.byte_start, f.byte_end, f.match) for f in res.findings]
        assert set(got) == {"id", "verdict", "error", "findings"}
    assert any(r["findings"] for r in out)


def test_one_rules_per_process(job, pack_dir, cache_file):
    a = job.get_rules(pack_dir, cache_file)
    list(job.scan_partition(["x"], pack=pack_dir, cache=cache_file))
    assert job.get_rules(pack_dir, cache_file) is a
    assert job._rules is a


def test_rows_of_every_shape(job, pack_dir, cache_file):
    naive = dt.datetime(2026, 3, 3, 23, 30)
    rows = [
        FakeRow(id=1, text="你这个傻逼", kind="chat", audience="internal", time=None,
                sender="a", conversation="c"),
        {"id": "m2", "text": "这是内部资料", "audience": "external"},
        "滚蛋",
        {"id": 4, "text": "这是内部资料", "time": naive},
        {"id": 5, "text": "这是内部资料", "time": naive.astimezone()},
        {"id": 6, "text": None},
        {"id": 7, "text": "ok", "kind": "post"},
        {"id": 8, "text": "傻逼"},
    ]
    out = list(job.scan_partition(rows, chunk_size=3, pack=pack_dir, cache=cache_file))
    assert [r["id"] for r in out] == ["1", "m2", None, "4", "5", "6", "7", "8"]
    assert out[0]["verdict"] == "block" and out[2]["verdict"] == "block"
    assert out[3] == dict(out[4], id="4")  # naive Spark timestamps read in local time
    assert out[5]["verdict"] is None and "TypeError" in out[5]["error"]
    assert out[6]["verdict"] is None and "ValueError" in out[6]["error"]
    assert out[7]["verdict"] == "block" and out[7]["error"] is None


def test_scan_partition_is_lazy(job, pack_dir, cache_file):
    consumed = []

    def rows():
        for i in range(1000):
            consumed.append(i)
            yield {"id": i, "text": "傻逼" if i % 2 else "明天开会"}

    gen = job.scan_partition(rows(), chunk_size=100, pack=pack_dir, cache=cache_file)
    first = next(gen)
    assert first["verdict"] == "allow" and len(consumed) == 100
    rest = list(gen)
    assert len(rest) == 999 and len(consumed) == 1000
    assert sum(r["verdict"] == "block" for r in rest) == 500


def test_empty_partition(job, pack_dir, cache_file):
    assert list(job.scan_partition(iter(()), pack=pack_dir, cache=cache_file)) == []


def test_main_without_pyspark(job):
    try:
        import pyspark  # noqa: F401
        pytest.skip("pyspark is installed")
    except ImportError:
        pass
    with pytest.raises(SystemExit, match="pyspark is not installed"):
        job.main(["--input", "x.jsonl", "--output", "out"])
