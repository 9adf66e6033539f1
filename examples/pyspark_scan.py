#!/usr/bin/python3
"""Scanning a chat archive with PySpark: the scale-out path.

The pieces a data team needs, usable without Spark (the tests drive
scan_partition over plain iterators):

- get_rules(): ONE compiled Rules per executor process, built on first use
  and cached at module level (compiling the default pack takes seconds; a
  cache file made on the driver loads in a fraction of a second).
- scan_partition(rows): the function for ``rdd.mapPartitions``. It reads rows
  (pyspark Rows, dicts or plain str), scans them with ONE scan_batch call per
  chunk of ``chunk_size`` rows (one C call, GIL released) and yields one dict
  per row: id, verdict, findings, error.

Run with Spark (pyspark is imported only there):

    spark-submit --py-files examples/pyspark_scan.py examples/pyspark_scan.py \\
        --input messages.jsonl --output results/ [--rules PACK] [--threads 1]

Every executor needs the chatscan package and libchatscan.so (install both,
or set CHATSCAN_LIBRARY through spark.executorEnv.CHATSCAN_LIBRARY). The driver
compiles the pack once and ships it with its compiled cache (SparkContext.addFile),
so executors load the cache instead of compiling.

Why the module is shipped with --py-files and imported by name: functions of
``__main__`` are pickled by value, with a fresh copy of their globals per
task, which would throw the per-process Rules away after every task. Imported
as ``pyspark_scan``, scan_partition is pickled by reference and its module
(and _rules) lives as long as the Python worker (spark.python.worker.reuse,
on by default).
"""

import datetime as dt
import itertools
import os
import threading

import chatscan

# One Rules per executor process; keyed by where it came from, so a task asking
# for another pack gets it (and the old one is dropped).
_rules = None
_rules_key = None
_rules_pid = None
_rules_lock = threading.Lock()

CHUNK_SIZE = 10_000

# The Spark schema of what scan_partition yields.
OUTPUT_SCHEMA = (
    "id string, verdict string, error string, findings array<struct<"
    "rule: string, category: string, clauses: array<string>, severity: string, "
    "action: string, start: int, end: int, byte_start: int, byte_end: int, match: string>>")

_FIELDS = ("kind", "audience", "time", "sender", "conversation")


def get_rules(pack=None, cache=None):
    """The Rules of this process: from ``cache`` (a file saved with
    Rules.save_cache for ``pack``) when it fits, else compiled from ``pack``
    (None: the default pack). Thread-safe; rebuilt after a fork."""
    global _rules, _rules_key, _rules_pid
    key = (pack, cache)
    with _rules_lock:
        if _rules is not None and _rules_key == key and _rules_pid == os.getpid():
            return _rules
        rules = None
        pack_dir = pack or chatscan.default_pack_dir()
        if cache and os.path.exists(cache):
            try:
                rules = chatscan.Rules.load_cache(cache, pack_dir)
            except chatscan.ChatscanError:
                rules = None  # stale or foreign cache: compile instead
        if rules is None:
            rules = chatscan.load_rules(pack_dir)
        _rules, _rules_key, _rules_pid = rules, key, os.getpid()
        return rules


def _as_dict(row):
    if isinstance(row, str):
        return {"text": row}
    if hasattr(row, "asDict"):  # pyspark.sql.Row
        return row.asDict()
    if isinstance(row, dict):
        return row
    raise TypeError(f"rows must be pyspark Rows, dicts or str, not {type(row).__name__}")


def _message(row, text_field):
    """The scan_batch message for one row. Spark hands TimestampType values
    over as NAIVE datetimes in the worker's local time zone; chatscan wants
    an instant, so they are read in that zone (astimezone())."""
    msg = {"text": row.get(text_field)}
    for name in _FIELDS:
        value = row.get(name)
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.astimezone()
        if value is not None:
            msg[name] = value
    return msg


def _finding_dict(f):
    return {"rule": f.rule, "category": f.category, "clauses": list(f.clauses),
            "severity": f.severity, "action": f.action, "start": f.start, "end": f.end,
            "byte_start": f.byte_start, "byte_end": f.byte_end, "match": f.match}


def scan_partition(rows, *, text_field="text", id_field="id", chunk_size=CHUNK_SIZE,
                   threads=1, pack=None, cache=None, spark_files=False):
    """mapPartitions function: scans ``rows`` in chunks and yields, per row,
    ``{"id", "verdict", "error", "findings": [dict, ...]}`` (OUTPUT_SCHEMA).

    ``threads``: scan_batch threads per task (1 fits Spark's one core per
    task; raise it with spark.task.cpus). ``pack``/``cache``: the rule pack
    folder and its compiled cache; with ``spark_files`` they are names given
    to SparkContext.addFile, resolved on the executor. A row whose text is
    missing or not a str, or whose context is wrong, is not scanned: its
    verdict is None and ``error`` says why; a message the library could not
    scan has verdict "allow" and ``error`` set.
    """
    if spark_files:
        from pyspark import SparkFiles  # only on a Spark executor
        pack = SparkFiles.get(pack) if pack else None
        cache = SparkFiles.get(cache) if cache else None
    rules = get_rules(pack, cache)
    rows = iter(rows)
    while True:
        chunk = [_as_dict(r) for r in itertools.islice(rows, chunk_size)]
        if not chunk:
            return
        messages = [_message(r, text_field) for r in chunk]
        try:
            results = rules.scan_batch(messages, threads=threads, errors="keep")
        except (TypeError, ValueError):
            results = _scan_one_by_one(rules, messages, threads)
        for row, result in zip(chunk, results):
            row_id = row.get(id_field)
            if isinstance(result, Exception):
                yield {"id": None if row_id is None else str(row_id), "verdict": None,
                       "error": f"{type(result).__name__}: {result}", "findings": []}
                continue
            yield {"id": None if row_id is None else str(row_id), "verdict": result.verdict,
                   "error": result.error, "findings": [_finding_dict(f) for f in result.findings]}


def _scan_one_by_one(rules, messages, threads):
    """A chunk with a bad row: scan the rows that are fine in one batch and
    report the others, instead of failing the whole Spark task."""
    checked = []
    for m in messages:
        try:
            rules.scan_batch([m], threads=1, errors="keep")  # validates this row
            checked.append(None)
        except (TypeError, ValueError) as e:
            checked.append(e)
    good = [m for m, e in zip(messages, checked) if e is None]
    results = iter(rules.scan_batch(good, threads=threads, errors="keep"))
    return [next(results) if e is None else e for e in checked]


def main(argv=None):
    import argparse
    import tempfile

    ap = argparse.ArgumentParser(description="Scan chat messages with chatscan on Spark.")
    ap.add_argument("--input", required=True, help="JSON lines (id, text, kind, audience, ...)")
    ap.add_argument("--output", required=True, help="output folder (Parquet)")
    ap.add_argument("--rules", help="rule pack folder (default: the default pack)")
    ap.add_argument("--threads", type=int, default=1, help="scan_batch threads per task")
    ap.add_argument("--chunk-size", type=int, default=CHUNK_SIZE)
    args = ap.parse_args(argv)
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SystemExit("pyspark is not installed here; scan_partition() works without it "
                         "(see bindings/python/tests/test_pyspark_example.py)")
    import functools

    import pyspark_scan as job  # by name: pickled by reference, see the docstring

    spark = SparkSession.builder.appName("chatscan").getOrCreate()
    sc = spark.sparkContext
    # Compile once, on the driver (a local, not job._rules: Rules cannot be
    # pickled), and ship the pack with its compiled cache.
    pack = os.path.abspath(args.rules or chatscan.default_pack_dir())
    cache = os.path.join(tempfile.mkdtemp(prefix="chatscan-"), "chatscan-rules.cache")
    with chatscan.load_rules(pack) as rules:
        rules.save_cache(cache)
    sc.addFile(pack, recursive=True)
    sc.addFile(cache)

    df = spark.read.json(args.input)
    scan = functools.partial(job.scan_partition, threads=args.threads,
                             chunk_size=args.chunk_size, pack=os.path.basename(pack),
                             cache=os.path.basename(cache), spark_files=True)
    results = spark.createDataFrame(df.rdd.mapPartitions(scan), schema=job.OUTPUT_SCHEMA)
    results.write.mode("overwrite").parquet(args.output)
    results.groupBy("verdict").count().show()
    spark.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
