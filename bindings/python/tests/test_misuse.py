"""Misuse raises a Python exception and never crashes the interpreter."""

import datetime as dt
import pickle
import threading

import pytest

import chatscan

BAD_TEXTS = [None, b"bytes", bytearray(b"x"), memoryview(b"x"), 3, 3.5, ["a"], object()]


@pytest.mark.parametrize("bad", BAD_TEXTS)
def test_bad_text_types(mini, bad):
    with mini.scanner() as s:
        with pytest.raises(TypeError):
            s.scan(bad)
        with pytest.raises(TypeError):
            s.redact(bad)
    with pytest.raises(TypeError):
        mini.scan_batch([bad])
    with pytest.raises(TypeError):
        mini.scan_batch([{"text": bad}])


def test_bytes_error_message_says_decode(mini):
    with mini.scanner() as s:
        with pytest.raises(TypeError, match="decode"):
            s.scan(b"\xe5\x82\xbb")


@pytest.mark.parametrize("kwargs,exc", [
    ({"kind": "post"}, ValueError),
    ({"kind": "Chat"}, ValueError),
    ({"kind": ""}, ValueError),
    ({"kind": 0}, TypeError),
    ({"kind": b"chat"}, TypeError),
    ({"audience": "everyone"}, ValueError),
    ({"audience": 2}, TypeError),
    ({"time": dt.datetime(2026, 3, 3, 10, 0)}, ValueError),   # naive
    ({"time": "2026-03-03T10:00:00"}, ValueError),            # no offset
    ({"time": "2026-03-03"}, ValueError),
    ({"time": "2026-02-30T10:00:00Z"}, ValueError),
    ({"time": "yesterday"}, ValueError),
    ({"time": "2026-03-03T10:00:00+25:00"}, ValueError),
    ({"time": 1.5}, TypeError),
    ({"time": True}, TypeError),
    ({"time": dt.date(2026, 3, 3)}, TypeError),
    ({"time": b"2026-03-03T10:00:00Z"}, TypeError),
    ({"time": 1 << 70}, ValueError),
    ({"sender": b"x"}, TypeError),
    ({"sender": 5}, TypeError),
    ({"conversation": ["x"]}, TypeError),
])
def test_bad_context(mini, kwargs, exc):
    with mini.scanner() as s:
        with pytest.raises(exc):
            s.scan("傻逼", **kwargs)
        with pytest.raises(exc):
            s.redact("傻逼", **kwargs)
        # The scanner is still fine afterwards.
        assert s.scan("傻逼").verdict == "block"
    with pytest.raises(exc, match="message 1"):
        mini.scan_batch([{"text": "ok"}, dict({"text": "傻逼"}, **kwargs)])


def test_context_arguments_are_keyword_only(mini):
    with mini.scanner() as s:
        with pytest.raises(TypeError):
            s.scan("傻逼", "moment")


def test_none_means_default(mini):
    with mini.scanner() as s:
        a = s.scan("这是内部资料", kind=None, audience=None, time=None, sender=None,
                   conversation=None)
        assert a == s.scan("这是内部资料")
    assert mini.scan_batch([{"text": "这是内部资料", "kind": None, "audience": None}])[0] == a


def test_bad_batches(mini):
    for bad in [None, 3, "one string", b"bytes", {"text": "a dict"}]:
        with pytest.raises(TypeError):
            mini.scan_batch(bad)
    with pytest.raises(ValueError, match="message 0.*text"):
        mini.scan_batch([{"kind": "chat"}])
    with pytest.raises(TypeError, match="message 2"):
        mini.scan_batch(["a", "b", 3])
    for bad in ["2", 2.0, True]:
        with pytest.raises(TypeError):
            mini.scan_batch(["a"], threads=bad)
    for bad in [-1, 100000]:
        with pytest.raises(ValueError):
            mini.scan_batch(["a"], threads=bad)
    with pytest.raises(ValueError):
        mini.scan_batch(["a"], errors="ignore")
    assert mini.scan_batch([]) == []
    assert mini.scan_batch(iter(["傻逼"]))[0].verdict == "block"
    assert mini.scan_batch(("傻逼", "x"))[1].verdict == "allow"


def test_bad_paths_and_toml(tmp_path):
    for bad in [None, 3, ["x"]]:
        with pytest.raises(TypeError):
            chatscan.load_rules(bad) if bad is not None else chatscan.Rules.load_cache(bad, ".")
    with pytest.raises(ValueError):
        chatscan.load_rules("pack\0dir")
    with pytest.raises(chatscan.NotFoundError):
        chatscan.load_rules(tmp_path / "missing")
    with pytest.raises(FileNotFoundError):  # NotFoundError is one
        chatscan.load_rules(str(tmp_path / "missing"))
    with pytest.raises(chatscan.ChatscanError):
        chatscan.load_rules(tmp_path)  # a folder without pack.toml
    for bad in [None, b"[pack]", 3]:
        with pytest.raises(TypeError):
            chatscan.compile_toml(bad)
    with pytest.raises(TypeError):
        chatscan.compile_toml("[pack]\nname='x'\n", base_dir=3)
    with pytest.raises(ValueError):
        chatscan.compile_toml("[pack]\nname='x'\n", base_dir="a\0b")
    with pytest.raises(chatscan.RuleError):
        chatscan.compile_toml("")
    with pytest.raises(chatscan.RuleError):
        chatscan.compile_toml("\0\0\0")
    with pytest.raises(TypeError):
        chatscan.load_rules(tmp_path, rules_dir=tmp_path)


def test_bad_metadata_lookups(mini):
    with pytest.raises(TypeError):
        mini.find(None)
    with pytest.raises(TypeError):
        mini.find(b"abuse.words")
    with pytest.raises(TypeError):
        mini.rule("abuse.words")
    with pytest.raises(TypeError):
        mini.rule(None)
    assert mini.find("\ud800") is None


def test_constructors_are_private(mini):
    for cls in (chatscan.Rules, chatscan.Scanner, chatscan.BatchScanner):
        with pytest.raises(TypeError):
            cls()
    for bad in (None, "rules", mini.scanner()):
        with pytest.raises(TypeError):
            chatscan.Holder(bad)
    h = chatscan.Holder(mini)
    with pytest.raises(TypeError):
        h.swap(None)
    h.close()


def test_closed_objects_raise_value_error():
    r = chatscan.compile_toml(
        "[pack]\nname='x'\n[categories.abuse]\nclauses=['4.1.1']\naction='block'\n"
        "[[rule]]\nid='a'\ncategory='abuse'\nwords=['傻逼']\n")
    s = r.scanner()
    b = r.batch(1)
    h = chatscan.Holder(r)
    hs = h.scanner()
    for obj in (s, b, h, hs, r):
        obj.close()
        obj.close()  # twice is fine
        assert obj.closed
    for call in [lambda: s.scan("傻逼"), lambda: s.redact("x"), lambda: b.scan(["x"]),
                 lambda: hs.scan("x"), lambda: h.swap(r), lambda: h.scanner(),
                 lambda: h.scan_batch(["x"]), lambda: r.scanner(), lambda: r.batch(),
                 lambda: r.scan_batch(["x"]), lambda: r.find("a"), lambda: r.rule(0),
                 lambda: len(r), lambda: r.rules, lambda: r.categories,
                 lambda: r.save_cache("/tmp/x.cache"), lambda: s.__enter__()]:
        with pytest.raises(ValueError, match="closed"):
            call()
    # Wrong types are still reported as such on closed objects.
    with pytest.raises(TypeError):
        s.scan(None)


def test_context_managers_close():
    r = chatscan.compile_toml("[pack]\nname='x'\n")
    with r:
        with r.scanner() as s:
            pass
        assert s.closed and not r.closed
        with r.batch() as b:
            pass
        assert b.closed
        with chatscan.Holder(r) as h:
            pass
        assert h.closed
    assert r.closed


def test_not_picklable(mini):
    for obj in (mini, mini.scanner(), mini.batch(1), chatscan.Holder(mini)):
        with pytest.raises(TypeError, match="cannot be pickled"):
            pickle.dumps(obj)
        obj.close() if obj is not mini else None


def test_one_scanner_from_many_threads_is_serialised(mini):
    # Not the intended use, but it must not crash: calls are serialised.
    s = mini.scanner()
    out = []

    def work():
        for _ in range(300):
            out.append(s.scan("你这个傻 * 逼，滚蛋！").findings[0].match)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == ["傻 * 逼"] * 1200
    s.close()


def test_close_while_other_threads_scan(mini):
    s = mini.scanner()
    b = mini.batch(2)
    errors = []
    started = threading.Barrier(5)

    def work(fn):
        started.wait(timeout=120)
        try:
            for _ in range(2000):
                fn()
        except ValueError:
            pass  # closed under our feet: the expected outcome
        except Exception as e:  # pragma: no cover
            errors.append(e)

    threads = [threading.Thread(target=work, args=(f,)) for f in
               [lambda: s.scan("傻逼"), lambda: s.redact("傻逼"),
                lambda: b.scan(["傻逼"] * 10), lambda: b.scan(["x"])]]
    for t in threads:
        t.start()
    started.wait(timeout=120)
    s.close()
    b.close()
    for t in threads:
        t.join()
    assert not errors, errors


def test_garbage_collected_handles(mini):
    import gc
    for _ in range(200):
        mini.scanner().scan("傻逼")
        h = chatscan.Holder(mini)
        hs = h.scanner()
        del h  # the scanner keeps it
        hs.scan("傻逼")
        del hs
    for _ in range(5):
        mini.batch(1).scan(["x"])
    gc.collect()


def test_huge_and_odd_texts(mini):
    with mini.scanner() as s:
        big = "x" * 5_000_000 + "傻逼"
        r = s.scan(big)
        assert r.findings[0].start == 5_000_000
        assert s.scan("\0" * 100).verdict == "allow"
        assert s.scan("\U0010ffff" * 10).verdict == "allow"
        assert s.scan("\ud800" * 10).verdict == "allow"


def test_close_rules_and_holder_while_threads_use_them():
    from conftest import MINI_PACK
    for _ in range(5):
        r = chatscan.compile_toml(MINI_PACK)
        h = chatscan.Holder(r)
        errors = []
        started = threading.Barrier(7)

        def work(fn):
            started.wait(timeout=120)
            try:
                for _ in range(300):
                    fn()
            except ValueError:
                pass  # closed under our feet: the expected outcome
            except Exception as e:  # pragma: no cover
                errors.append(e)

        def holder_scan():
            with h.scanner() as s:
                s.scan("傻逼")

        fns = [lambda: r.scanner().close(), lambda: r.find("abuse.words"),
               lambda: r.scan_batch(["傻逼"], threads=1), lambda: chatscan.Holder(r).close(),
               lambda: h.swap(r), holder_scan]
        threads = [threading.Thread(target=work, args=(f,)) for f in fns[:5]]
        threads.append(threading.Thread(target=work, args=(fns[5],)))
        for t in threads:
            t.start()
        started.wait(timeout=120)
        r.close()
        h.close()
        for t in threads:
            t.join()
        assert not errors, errors


REJECTING_PACK = """
[pack]
name = "r"
[limits]
max_message_bytes = 1024
oversize = "reject"
[categories.abuse]
clauses = ["4.1.1"]
action = "block"
[[rule]]
id = "a"
category = "abuse"
words = ["坏蛋"]
"""


def test_batch_error_says_why_and_keeps_the_neighbours():
    rules = chatscan.compile_toml(REJECTING_PACK)
    texts = ["坏蛋", "x" * 2000, "你是坏蛋"]
    kept = rules.scan_batch(texts, errors="keep")
    assert [r.verdict for r in kept] == ["block", "allow", "block"]
    assert kept[1].error.startswith("could not be scanned: ")
    assert "max_message_bytes (1024)" in kept[1].error
    assert kept[0].error is None and kept[2].error is None
    with pytest.raises(chatscan.ChatscanError, match=r"message 1 could not be scanned: .*"
                       r"max_message_bytes \(1024\)"):
        rules.scan_batch(texts)
