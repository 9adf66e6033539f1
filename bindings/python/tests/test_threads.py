"""Threads and batches: the same results however the work is spread."""

import random
import threading

import pytest

KINDS = [("chat", "internal"), ("chat", "external"), ("moment", "public")]
TIMES = [None, "2026-03-03T10:00:00+08:00", "2026-03-03T23:30:00+08:00", 1772551800]


def varied(corpus, seed=7):
    """The corpus with contexts shuffled over, plus odd texts."""
    rng = random.Random(seed)
    out = []
    for m in corpus:
        kind, audience = rng.choice(KINDS)
        out.append({"text": m["text"], "kind": kind, "audience": audience,
                    "time": rng.choice(TIMES), "sender": rng.choice([None, "张三", "bob"])})
    # Kept under 250 bytes: longer messages crash the library for now (see
    # test_long_messages.py).
    out += [{"text": t} for t in ["", "\ud800傻逼", "a\0b", "😀" * 50, "傻 逼" * 30]]
    return out


def scan_all(scanner, messages):
    return [scanner.scan(m["text"], kind=m.get("kind"), audience=m.get("audience"),
                         time=m.get("time"), sender=m.get("sender")) for m in messages]


@pytest.fixture(scope="module")
def messages(corpus):
    return varied(corpus)


@pytest.fixture(scope="module")
def expected(rules, messages):
    with rules.scanner() as s:
        return scan_all(s, messages)


def test_threads_each_with_a_scanner(rules, messages, expected):
    results = {}
    errors = []

    def work(i):
        try:
            with rules.scanner() as s:
                for _ in range(2):
                    got = scan_all(s, messages)
                    if got != expected:
                        errors.append(f"thread {i} differs")
                results[i] = got
        except Exception as e:  # pragma: no cover
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(results) == 6


@pytest.mark.parametrize("threads", [1, 2, 4, None])
def test_scan_batch_equals_scan_loop(rules, messages, expected, threads):
    assert rules.scan_batch(messages, threads=threads) == expected


def test_scan_batch_plain_strings(rules, corpus):
    texts = [m["text"] for m in corpus]
    with rules.scanner() as s:
        want = [s.scan(t) for t in texts]
    assert rules.scan_batch(texts) == want
    # Mixed str and dict items.
    mixed = [t if i % 2 else {"text": t} for i, t in enumerate(texts)]
    assert rules.scan_batch(mixed) == want


def test_batch_object_reused(rules, messages, expected):
    with rules.batch(threads=2) as b:
        for _ in range(3):
            assert b.scan(messages) == expected
        assert b.scan([]) == []
        assert b.scan(messages[:1]) == expected[:1]


def test_scan_batch_from_many_threads(rules, messages, expected):
    errors = []

    def work():
        try:
            for n in (len(messages), 17, 1):
                if rules.scan_batch(messages[:n], threads=2) != expected[:n]:
                    errors.append("differs")
        except Exception as e:  # pragma: no cover
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_one_batch_from_many_threads_is_serialised(rules, messages, expected):
    errors = []
    with rules.batch(threads=2) as b:
        def work():
            try:
                if b.scan(messages) != expected:
                    errors.append("differs")
            except Exception as e:  # pragma: no cover
                errors.append(e)

        threads = [threading.Thread(target=work) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors, errors


def test_fork_child_gets_fresh_pools(mini):
    import os
    mini.scan_batch(["傻逼"], threads=2)  # leaves a pool with 2 threads in this process
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: the parent's pool threads do not exist here
        try:
            ok = mini.scan_batch(["傻逼"] * 50, threads=2)[49].verdict == "block"
            os.write(w, b"ok" if ok else b"bad")
        except BaseException as e:
            os.write(w, repr(e).encode()[:200])
        finally:
            os._exit(0)
    os.close(w)
    _, status = os.waitpid(pid, 0)
    got = os.read(r, 300)
    os.close(r)
    assert got == b"ok" and status == 0, got


def test_batch_scanner_from_before_fork_refuses(mini):
    import os
    import chatscan
    b = mini.batch(threads=2)
    b.scan(["傻逼"])
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            try:
                b.scan(["傻逼"])
                os.write(w, b"scanned")
            except chatscan.ChatscanError as e:
                b.close()  # must not hang
                os.write(w, b"refused" if "fork" in str(e) else str(e).encode()[:200])
        finally:
            os._exit(0)
    os.close(w)
    _, status = os.waitpid(pid, 0)
    got = os.read(r, 300)
    os.close(r)
    assert got == b"refused" and status == 0, got
    assert b.scan(["傻逼"])[0].verdict == "block"  # the parent's is fine
    b.close()
