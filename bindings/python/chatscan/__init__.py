"""chatscan: scan workplace WeChat messages against the company's WeChat policy.

A thin ctypes layer over libchatscan's C ABI (bindings/c/chatscan.h)::

    import chatscan

    rules = chatscan.load_rules()              # the default pack
    with rules.scanner() as scanner:           # one scanner per thread
        result = scanner.scan("VPN 密码是 Zx8#kq2!", audience="external")
        print(result.verdict)                  # "block"
        for f in result.findings:
            print(f.rule, f.clauses, f.start, f.end, f.match)

    results = rules.scan_batch(texts, threads=8)   # one C call, GIL released

The library is looked for at first use: $CHATSCAN_LIBRARY, then next to this
package, then the system loader. See docs/python.md.
"""

from ._core import (BatchScanner, Holder, HolderScanner, Rules, Scanner, compile_toml,
                    default_pack_dir, load_rules)
from ._types import ALLOW, BLOCK, REVIEW, Finding, Result, RuleInfo
from .errors import (ChatscanError, ChatscanIOError, InternalError, InvalidArgumentError,
                     LibraryError, LibraryNotFoundError, LibraryVersionError, NotFoundError,
                     RuleError)

__version__ = "0.1.0"

__all__ = [
    "load_rules", "compile_toml", "default_pack_dir", "library_path", "library_version",
    "Rules", "Scanner", "HolderScanner", "BatchScanner", "Holder",
    "Result", "Finding", "RuleInfo", "ALLOW", "REVIEW", "BLOCK",
    "ChatscanError", "RuleError", "NotFoundError", "ChatscanIOError", "InvalidArgumentError",
    "InternalError", "LibraryError", "LibraryNotFoundError", "LibraryVersionError",
]


def library_path():
    """The path of the libchatscan in use (loads it if needed)."""
    from . import _lib
    return _lib.load().path


def library_version():
    """(version string, ABI version) of the libchatscan in use (loads it if needed)."""
    from . import _lib
    lib = _lib.load()
    return lib.version_string, lib.abi
