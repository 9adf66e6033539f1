"""Errors name their place: compile errors carry file, line and rule id; a
missing or wrong library says where it looked and what it found."""

import os
import subprocess
import sys

import pytest

import chatscan
from chatscan import _lib

PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(chatscan.__file__)))

HEADER = '[pack]\nname = "x"\n[categories.abuse]\nclauses = ["4.1.1"]\n'


def write_pack(tmp_path, text):
    d = tmp_path / "pack"
    d.mkdir(exist_ok=True)
    (d / "pack.toml").write_text(text, encoding="utf-8")
    return d


@pytest.mark.parametrize("body,line,rule_id,words", [
    ('[[rule]]\nid = "a"\ncategory = "abuse"\nwords = ["坏"]\nwordz = ["x"]\n', 9, "a",
     "unknown key 'wordz'"),
    ('[[rule]]\nid = "b"\ncategory = "abuse"\nwords_file = "words/nope.txt"\n', 8, "b",
     "words/nope.txt"),
    ('[[rule]]\nid = "c"\ncategory = "abuse"\nregex = [\'(a\']\n', 8, "c", "c"),
    ('[[rule]]\nid = "d"\ncategory = "nope"\nwords = ["坏蛋"]\n', None, "d", "nope"),
])
def test_rule_error_places(tmp_path, body, line, rule_id, words):
    pack = write_pack(tmp_path, HEADER + body)
    for compile_ in (lambda: chatscan.load_rules(pack),
                     lambda: chatscan.compile_toml(HEADER + body, base_dir=pack)):
        with pytest.raises(chatscan.RuleError) as e:
            compile_()
        err = e.value
        assert isinstance(err, chatscan.ChatscanError)
        assert err.file == "pack.toml"
        assert err.line == line if line is not None else err.line > 4
        assert err.rule_id == rule_id
        assert words in err.message and str(err) == err.message
        assert f"pack.toml:{err.line}" in err.message


def test_invalid_toml_has_line(tmp_path):
    with pytest.raises(chatscan.RuleError) as e:
        chatscan.compile_toml('[pack]\nname = "x"\nid = = 3\n')
    assert (e.value.file, e.value.line, e.value.rule_id) == ("pack.toml", 3, "")


def test_all_errors_reported_together(tmp_path):
    body = ('[[rule]]\nid = "a"\ncategory = "abuse"\nwordz = ["x"]\n'
            '[[rule]]\nid = "b"\ncategory = "abuse"\nwordz = ["y"]\n')
    with pytest.raises(chatscan.RuleError) as e:
        chatscan.compile_toml(HEADER + body)
    assert e.value.rule_id == "a"
    assert "'a'" in e.value.message and "'b'" in e.value.message
    assert len(e.value.message.splitlines()) >= 2


def run_python(code, **env):
    full = dict(os.environ, PYTHONPATH=PACKAGE_DIR)
    for k, v in env.items():
        if v is None:
            full.pop(k, None)
        else:
            full[k] = v
    return subprocess.run([sys.executable, "-c", code], env=full, capture_output=True,
                          text=True, timeout=120)


def test_missing_library_from_env(tmp_path):
    missing = str(tmp_path / "nope" / "libchatscan.so")
    proc = run_python("import chatscan\n"  # importing works without the library
                      "try:\n"
                      "    chatscan.load_rules()\n"
                      "except ImportError as e:\n"
                      "    assert isinstance(e, chatscan.LibraryNotFoundError)\n"
                      "    print(e)\n", CHATSCAN_LIBRARY=missing)
    assert proc.returncode == 0, proc.stderr
    assert missing in proc.stdout
    assert "CHATSCAN_LIBRARY" in proc.stdout and "no such file" in proc.stdout


def test_missing_library_names_every_place(tmp_path):
    proc = run_python("import chatscan\n"
                      "try:\n"
                      "    chatscan.library_path()\n"
                      "except chatscan.LibraryNotFoundError as e:\n"
                      "    print(e)\n"
                      "    print(len(e.tried))\n",
                      CHATSCAN_LIBRARY=None, LD_LIBRARY_PATH=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    if "/" in proc.stdout and "Looked at" not in proc.stdout:
        pytest.skip("a libchatscan is installed system-wide: " + proc.stdout)
    out = proc.stdout
    package = os.path.join(PACKAGE_DIR, "chatscan")
    assert os.path.join(package, "libchatscan.so") in out
    assert "find_library" in out and "libchatscan.so.0" in out
    assert "Set CHATSCAN_LIBRARY" in out
    assert int(out.split()[-1]) == 4


def test_not_a_chatscan_library(tmp_path):
    import ctypes.util
    libz = ctypes.util.find_library("z") or "libz.so.1"
    proc = run_python("import chatscan\n"
                      "try:\n"
                      "    chatscan.library_path()\n"
                      "except chatscan.LibraryVersionError as e:\n"
                      "    print(e)\n", CHATSCAN_LIBRARY=libz)
    assert "does not export chatscan_version" in proc.stdout, proc.stdout + proc.stderr
    junk = tmp_path / "libchatscan.so"
    junk.write_bytes(b"not an ELF file")
    proc = run_python("import chatscan\n"
                      "try:\n"
                      "    chatscan.library_path()\n"
                      "except chatscan.LibraryNotFoundError as e:\n"
                      "    print(e)\n", CHATSCAN_LIBRARY=str(junk))
    assert str(junk) in proc.stdout and "nothing else was tried" in proc.stdout, proc.stdout


class FakeFunction:
    def __init__(self, value):
        self.value = value

    def __call__(self, *args):
        return self.value


class FakeLibrary:
    """Stands for a CDLL: every function exists; version and ABI are set."""

    def __init__(self, version, abi):
        self._version, self._abi = version, abi

    def __getattr__(self, name):
        if name == "chatscan_version":
            return FakeFunction(self._version)
        if name == "chatscan_abi_version":
            return FakeFunction(self._abi)
        return FakeFunction(0)


@pytest.mark.parametrize("version,abi", [(b"0.2.0", 0), (b"1.1.0", 0), (b"0.1.0", 1),
                                         (b"garbage", 0), (None, 0)])
def test_version_mismatch(version, abi):
    with pytest.raises(chatscan.LibraryVersionError) as e:
        _lib.Library(FakeLibrary(version, abi), "/x/libchatscan.so")
    assert "/x/libchatscan.so" in str(e.value) and "0.1.x, ABI 0" in str(e.value)
    assert isinstance(e.value, ImportError)


@pytest.mark.parametrize("version", [b"0.1.0", b"0.1.7", b"0.1.12-dev"])
def test_version_accepted(version):
    lib = _lib.Library(FakeLibrary(version, 0), "/x/libchatscan.so")
    assert lib.version_string == version.decode()
