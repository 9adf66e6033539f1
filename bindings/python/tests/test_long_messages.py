"""Long messages. Run in a child process: today the library aborts the whole
process (vectorscan's "*** buffer overflow detected ***" inside hs_scan) on
messages of about 250 bytes and more with the default pack, and a crash must
fail this test, not take the rest of the suite down with it."""

import os
import subprocess
import sys

import pytest

CHILD = r"""
import sys
import chatscan
rules = chatscan.Rules.load_cache(sys.argv[1], sys.argv[2])
texts = ["x" * 256, "明天上午十点开会，请准时参加。" * 20, "傻 逼" * 60,
         ("The quarterly review is on Friday. " * 300) + "傻逼"]
with rules.scanner() as s:
    for t in texts:
        s.scan(t)
        s.redact(t)
results = rules.scan_batch(texts, threads=2)
assert results[-1].verdict == "block", results[-1]
print("ok")
"""


def test_long_messages_do_not_crash(rules, pack_dir, cache_file):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
        + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    proc = subprocess.run([sys.executable, "-c", CHILD, cache_file, pack_dir], env=env,
                          capture_output=True, text=True, timeout=300)
    if proc.returncode < 0 or "buffer overflow" in proc.stderr:
        pytest.fail(f"the library crashed the process (signal {-proc.returncode}) scanning "
                    f"messages of 250+ bytes with the default pack:\n{proc.stderr[-500:]}")
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr
