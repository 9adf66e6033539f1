"""The API: metadata, offsets, contexts, redaction, caches, hot swap."""

import datetime as dt
import os
import subprocess

import pytest

import chatscan
from conftest import MINI_PACK


def test_version_and_library():
    version, abi = chatscan.library_version()
    assert version.startswith("0.1.") and abi == 0
    assert os.path.exists(chatscan.library_path())
    if os.environ.get("CHATSCAN_LIBRARY"):
        assert os.path.samefile(chatscan.library_path(), os.environ["CHATSCAN_LIBRARY"])


def test_metadata(rules):
    assert len(rules) == len(rules.rules) > 10
    assert "abuse" in rules.categories
    for i, info in enumerate(rules.rules):
        assert rules.rule(i) is info and info.index == i
        assert rules.find(info.id) == info
        assert info.severity in ("low", "medium", "high", "critical")
        assert rules.categories[info.category_index] == info.category
        assert info.clauses and all(isinstance(c, str) for c in info.clauses)
    assert rules.find("no.such.rule") is None
    assert rules.find("") is None
    assert rules.find("abuse\0words") is None
    with pytest.raises(IndexError):
        rules.rule(len(rules))
    with pytest.raises(IndexError):
        rules.rule(-1)


def test_scan_basic(mini):
    with mini.scanner() as s:
        r = s.scan("你这个傻 * 逼，滚蛋！")
        assert r.verdict == "block"
        assert [(f.rule, f.match, f.start, f.end, f.byte_start, f.byte_end) for f in r.findings] \
            == [("abuse.words", "傻 * 逼", 3, 8, 9, 18), ("abuse.words", "滚蛋", 9, 11, 21, 27)]
        f = r.findings[0]
        assert (f.category, f.clauses, f.severity, f.action, f.rule_index) == \
            ("abuse", ("4.1.1",), "high", "block", 0)
        assert r.reasons == r.findings and r.clauses == ("4.1.1",)
        assert r.to_dict()["findings"][0] == {
            "rule": "abuse.words", "category": "abuse", "clauses": ["4.1.1"],
            "severity": "high", "action": "block", "start": 9, "end": 18, "match": "傻 * 逼"}
        clean = s.scan("明天上午十点开会")
        assert clean.verdict == "allow" and clean.findings == () and clean.reasons == ()
        assert s.scan("").verdict == "allow"


def test_context_changes_action(mini):
    with mini.scanner() as s:
        text = "这是内部资料"
        assert s.scan(text).verdict == "review"
        assert s.scan(text, audience="external").verdict == "block"
        assert s.scan(text, audience="internal", kind="moment").findings[0].action == "block"


@pytest.mark.parametrize("text", [
    "傻逼",
    "ASCII prefix 傻逼 suffix",
    "😀😀 emoji first 傻逼 then 😀",
    "combining e\u0301\u0301 and 傻逼",
    "a\0nul before 傻逼",
    "\ud800 lone surrogate before 傻逼 \udfff and after",
    "\udcff\udc80 escaped bytes 傻逼\ud83d\ude00",
])
def test_offsets_non_ascii_and_surrogates(mini, text):
    with mini.scanner() as s:
        r = s.scan(text)
        assert [f.match for f in r.findings] == ["傻逼"]
        f = r.findings[0]
        assert text[f.start:f.end] == "傻逼"
        data = text.encode("utf-8", "surrogatepass")
        assert data[f.byte_start:f.byte_end] == "傻逼".encode()
        assert len(text[:f.start].encode("utf-8", "surrogatepass")) == f.byte_start


def test_surrogates_scanned_as_invalid_bytes(mini):
    # A lone surrogate is 3 invalid bytes to the scanner: not noise, not a
    # character of a term; the text around it is still scanned.
    with mini.scanner() as s:
        for text in ["傻\ud800逼", "傻 \ud800 逼", "\ud800\udc00傻逼", "傻\udcff\udcfe逼"]:
            for f in s.scan(text).findings:
                assert text[f.start:f.end] == f.match
                assert f.match.startswith("傻") and f.match.endswith("逼")
        assert s.redact("\ud800傻逼\udfff") == "\ud800＊＊\udfff"


def test_str_offsets_rounding():
    from chatscan import _args
    text = "a\ud800b傻"
    data = text.encode("utf-8", "surrogatepass")  # a ED A0 80 b E5 82 BB
    idx = _args.str_offsets(text, data, [(2, False), (2, True), (5, False), (9, True),
                                         (7, True), (99, True)])
    assert idx == {(2, False): 1, (2, True): 2, (5, False): 3, (9, True): 4, (7, True): 4,
                   (99, True): 4}


def test_redact(mini):
    with mini.scanner() as s:
        assert s.redact("你这个傻 * 逼，滚蛋！") == "你这个＊＊＊＊＊，＊＊！"
        assert s.redact("这是内部资料，别外传") == "这是[secret]，别外传"
        assert s.redact("nothing here") == "nothing here"
        assert s.redact("") == ""
        assert s.redact("\ud800 傻逼") == "\ud800 ＊＊"


def test_redact_default_pack(rules):
    with rules.scanner() as s:
        assert "傻" not in s.redact("这个需求改了八遍，产品经理就是个傻逼")
        text = "明天上午十点开会，请准时参加。"
        assert s.redact(text) == text


@pytest.mark.parametrize("when", [
    "2026-03-03T23:30:00+08:00",
    "2026-03-03t23:30:00.999+08:00",
    "2026-03-03T15:30:00Z",
    "2026-03-03 15:30:00z",
    dt.datetime(2026, 3, 3, 15, 30, tzinfo=dt.timezone.utc),
    dt.datetime(2026, 3, 3, 23, 30, 0, 999999, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    1772551800,
])
def test_time_forms_agree(when):
    from chatscan import _args
    assert _args.time_arg(when) == (1, 1772551800)


def test_time_parsing_edges():
    from chatscan import _args
    assert _args.parse_rfc3339("1970-01-01T00:00:00Z") == 0
    assert _args.parse_rfc3339("1969-12-31T23:59:59.5Z") == -1
    assert _args.parse_rfc3339("2016-12-31T23:59:60Z") == 1483228800
    assert _args.parse_rfc3339("1970-01-01T08:00:00+08:00") == 0
    assert _args.parse_rfc3339("1970-01-01T00:00:00-01:30") == 5400
    assert _args.time_arg(None) == (0, 0)


def test_time_changes_verdict_off_hours(rules):
    # The default pack raises secrets one step off hours.
    text = "内部资料，请勿外传：Q3 营收预测"
    with rules.scanner() as s:
        working = s.scan(text, time="2026-03-03T10:00:00+08:00")
        night = s.scan(text, time="2026-03-03T23:00:00+08:00")
    order = ["allow", "review", "block"]
    assert order.index(night.verdict) >= order.index(working.verdict)


def test_compile_toml_base_dir(tmp_path):
    (tmp_path / "words").mkdir()
    (tmp_path / "words" / "bad.txt").write_text("# comment\n坏蛋\n", encoding="utf-8")
    toml = MINI_PACK + '\n[[rule]]\nid = "abuse.file"\ncategory = "abuse"\n' \
                       'words_file = "words/bad.txt"\n'
    with chatscan.compile_toml(toml, base_dir=tmp_path) as r:
        assert r.find("abuse.file") is not None
        with r.scanner() as s:
            assert [f.rule for f in s.scan("你这个坏蛋").findings] == ["abuse.file"]
    with pytest.raises(chatscan.RuleError) as e:
        chatscan.compile_toml(toml, base_dir=tmp_path / "elsewhere")
    assert e.value.rule_id == "abuse.file" and e.value.line > 0


def test_cache_roundtrip(mini, tmp_path):
    pack = tmp_path / "mini"
    pack.mkdir()
    (pack / "pack.toml").write_text(MINI_PACK, encoding="utf-8")
    cache = tmp_path / "mini.cache"
    with chatscan.load_rules(pack) as compiled:
        compiled.save_cache(cache)
        with chatscan.Rules.load_cache(cache, pack) as loaded:
            assert loaded.rules == compiled.rules
            with loaded.scanner() as a, compiled.scanner() as b:
                for text in ["你这个傻 * 逼", "内部资料", "clean"]:
                    assert a.scan(text) == b.scan(text)
    # A cache that does not fit its pack is refused with a reason.
    (pack / "pack.toml").write_text(MINI_PACK.replace("滚蛋", "混蛋"), encoding="utf-8")
    with pytest.raises(chatscan.ChatscanError) as e:
        chatscan.Rules.load_cache(cache, pack)
    assert str(e.value)
    with pytest.raises(chatscan.ChatscanError):
        chatscan.Rules.load_cache(tmp_path / "missing.cache", pack)
    (tmp_path / "garbage.cache").write_bytes(b"\0garbage" * 100)
    with pytest.raises(chatscan.ChatscanError):
        chatscan.Rules.load_cache(tmp_path / "garbage.cache", pack)
    with pytest.raises(chatscan.ChatscanError):
        mini.save_cache(tmp_path / "no" / "such" / "dir" / "x.cache")


def test_cli_accepts_the_packages_cache(cli, pack_dir, cache_file):
    proc = subprocess.run([cli, "scan", "--rules", pack_dir, "--cache", cache_file, "-"],
                          input="你这个傻逼\n".encode(), capture_output=True, timeout=120)
    assert proc.returncode == 1
    assert b"loaded from cache" in proc.stderr, proc.stderr


def test_default_pack_dir(monkeypatch, tmp_path):
    (tmp_path / "default").mkdir()
    assert chatscan.default_pack_dir(tmp_path) == str(tmp_path / "default")
    monkeypatch.setenv("CHATSCAN_RULES_DIR", str(tmp_path))
    assert chatscan.default_pack_dir() == str(tmp_path / "default")
    monkeypatch.setenv("CHATSCAN_RULES_DIR", str(tmp_path / "nope"))
    with pytest.raises(chatscan.NotFoundError):
        chatscan.default_pack_dir()
    with pytest.raises(FileNotFoundError):
        chatscan.default_pack_dir(tmp_path / "nope")
    # Without the variable: next to the library (installed) or the build's source tree.
    monkeypatch.delenv("CHATSCAN_RULES_DIR")
    found = chatscan.default_pack_dir()
    assert os.path.isfile(os.path.join(found, "pack.toml"))


def test_load_rules_default_uses_rules_dir(monkeypatch, tmp_path):
    (tmp_path / "default").mkdir()
    (tmp_path / "default" / "pack.toml").write_text(MINI_PACK, encoding="utf-8")
    with chatscan.load_rules(rules_dir=tmp_path) as r:
        assert r.find("abuse.words") and len(r) == 2
    monkeypatch.setenv("CHATSCAN_RULES_DIR", str(tmp_path))
    with chatscan.load_rules() as r:
        assert len(r) == 2 and r.pack_dir == str(tmp_path / "default")


def test_holder_swap(mini):
    other = chatscan.compile_toml(MINI_PACK.replace("滚蛋", "混蛋").replace(
        'id = "abuse.words"', 'id = "abuse.other"'))
    holder = chatscan.Holder(mini)
    s = holder.scanner()
    assert holder.rules is mini
    assert [f.rule for f in s.scan("滚蛋").findings] == ["abuse.words"]
    holder.swap(other)
    assert holder.rules is other
    assert s.scan("滚蛋").findings == ()
    assert [f.rule for f in s.scan("混蛋").findings] == ["abuse.other"]
    assert s.redact("混蛋") == "＊＊"
    assert [f.rule for f in holder.scan_batch(["混蛋"])[0].findings] == ["abuse.other"]
    # Closing the holder stops swaps and new scanners; its scanners go on.
    holder.close()
    with pytest.raises(ValueError):
        holder.swap(mini)
    with pytest.raises(ValueError):
        holder.scanner()
    assert [f.rule for f in s.scan("混蛋").findings] == ["abuse.other"]
    s.close()
    assert holder._handle.ptr is None  # destroyed once its last scanner went
    other.close()


def test_holder_swap_while_scanning(mini):
    import threading
    other = chatscan.compile_toml(MINI_PACK.replace('id = "abuse.words"', 'id = "abuse.other"'))
    holder = chatscan.Holder(mini)
    stop = threading.Event()
    seen = set()
    errors = []

    def scan():
        try:
            with holder.scanner() as s:
                while not stop.is_set():
                    r = s.scan("滚蛋 and 内部资料")
                    ids = tuple(f.rule for f in r.findings)
                    # Each message wholly with one rule set, findings named by it.
                    assert ids in (("abuse.words", "secret.marker"),
                                   ("abuse.other", "secret.marker")), ids
                    seen.add(ids)
        except Exception as e:  # pragma: no cover
            errors.append(e)

    threads = [threading.Thread(target=scan) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(200):
        holder.swap(other if i % 2 == 0 else mini)
    stop.set()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    holder.close()
    other.close()


def test_scanner_outlives_rules():
    r = chatscan.compile_toml(MINI_PACK)
    s = r.scanner()
    b = r.batch(threads=1)
    r.close()
    assert s.scan("傻逼").findings[0].rule == "abuse.words"
    assert b.scan(["傻逼"])[0].findings[0].rule == "abuse.words"
    with pytest.raises(ValueError):
        r.scanner()
    s.close()
    b.close()


def test_results_are_plain_data(mini):
    import pickle
    with mini.scanner() as s:
        r = s.scan("傻逼")
    assert pickle.loads(pickle.dumps(r)) == r
    with pytest.raises(Exception):
        r.findings[0].start = 3
    e = chatscan.RuleError("pack.toml:3: bad", "pack.toml", 3, "a")
    e2 = pickle.loads(pickle.dumps(e))
    assert (e2.message, e2.file, e2.line, e2.rule_id) == ("pack.toml:3: bad", "pack.toml", 3, "a")


def test_offsets_long_text_many_findings(mini):
    # Long non-ASCII texts with many findings map offsets in one pass.
    from chatscan import _args
    text = "\ud800开头 " + "傻逼，好的😀 " * 3000
    with mini.scanner() as s:
        r = s.scan(text)
    assert len(r.findings) == 3000
    data = text.encode("utf-8", "surrogatepass")
    for f in r.findings:
        assert text[f.start:f.end] == f.match == "傻逼"
        assert f.start == _args.str_index(data, f.byte_start, False)
        assert f.end == _args.str_index(data, f.byte_end, True)
    assert mini.scan_batch([text, "傻逼"])[0] == r
