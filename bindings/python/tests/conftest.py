"""Shared fixtures. The library comes from $CHATSCAN_LIBRARY (set by ctest to
the built libchatscan.so), the rules from $CHATSCAN_RULES_DIR (the source
tree's rules/), the command line from $CHATSCAN_CLI. Without them the package's
own search applies, and the CLI comparisons are skipped."""

import json
import os
import shutil
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..")))  # the package, from the tree

import chatscan  # noqa: E402

TEST_DATA = os.environ.get("CHATSCAN_TEST_DATA") or os.path.join(SOURCE, "tests", "data")
CORPUS = os.path.join(TEST_DATA, "corpus", "labelled.jsonl")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def pack_dir(tmp_path_factory):
    """A snapshot of the default pack: the pack may be edited while the tests
    run, and the CLI and the package must see the same one."""
    src = chatscan.default_pack_dir()
    dst = tmp_path_factory.mktemp("rules") / "default"
    shutil.copytree(src, dst)
    return str(dst)


@pytest.fixture(scope="session")
def rules(pack_dir):
    r = chatscan.load_rules(pack_dir)  # compiling the default pack takes seconds: once
    yield r
    r.close()


@pytest.fixture(scope="session")
def cache_file(rules, tmp_path_factory):
    """The compiled default pack, for `chatscan scan --cache` and load_cache."""
    path = str(tmp_path_factory.mktemp("cache") / "default.cache")
    rules.save_cache(path)
    return path


@pytest.fixture()
def scanner(rules):
    with rules.scanner() as s:
        yield s


@pytest.fixture(scope="session")
def corpus():
    return read_jsonl(CORPUS)


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("CHATSCAN_CLI")
    if not path:
        pytest.skip("CHATSCAN_CLI is not set (the path of the chatscan command)")
    if not os.access(path, os.X_OK):
        pytest.fail(f"CHATSCAN_CLI={path} is not an executable")
    return path


MINI_PACK = """
[pack]
name = "mini"

[categories.abuse]
clauses = ["4.1.1"]
action = "block"

[categories.secret]
clauses = ["5.2.1", "4.2.2"]
action = "block"
internal = "review"
moment = "block"
redact = "label"

[[rule]]
id = "abuse.words"
category = "abuse"
severity = "high"
description = "Insults"
words = ["傻逼", "滚蛋"]
noise = true

[[rule]]
id = "secret.marker"
category = "secret"
severity = "critical"
words = ["内部资料"]
"""


@pytest.fixture()
def mini():
    r = chatscan.compile_toml(MINI_PACK)
    yield r
    r.close()
