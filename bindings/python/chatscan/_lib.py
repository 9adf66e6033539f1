"""Finding, loading and describing libchatscan (the C ABI of chatscan.h).

The library is loaded on first use, not at import, so that ``import chatscan``
works (for type checkers, documentation, PySpark drivers) on machines without
the library. Where it is looked for, in order:

1. ``$CHATSCAN_LIBRARY``: the path of the library file. When set, nothing else
   is tried: a wrong path is an error, not a reason to pick another copy.
2. ``libchatscan.so`` (or ``.so.0``) next to this file (a package that bundles it).
3. The system loader: ``ctypes.util.find_library("chatscan")``, then
   ``libchatscan.so.0`` (LD_LIBRARY_PATH, ld.so.cache, the default folders).

Every prototype below mirrors bindings/c/chatscan.h; keep them in step.
"""

import ctypes
import ctypes.util
import os
import threading
from ctypes import (POINTER, Structure, c_char_p, c_int, c_int64, c_size_t, c_uint32,
                    c_void_p)

from .errors import LibraryNotFoundError, LibraryVersionError

# The library this package was written for: 0.1.x, ABI 0.
EXPECTED_VERSION = (0, 1)
EXPECTED_ABI = 0

# Status codes (chatscan_status_t).
OK = 0
INVALID_ARGUMENT = 1
RULE_ERROR = 2
NOT_FOUND = 3
IO_ERROR = 4
INTERNAL = 5
OUT_OF_RANGE = 6
NO_MEMORY = 7

# Enumerations, as int.
KIND_CHAT = 0
KIND_MOMENT = 1
AUDIENCE_INTERNAL = 0
AUDIENCE_EXTERNAL = 1
AUDIENCE_PUBLIC = 2


class Error(Structure):
    _fields_ = [
        ("status", c_int),
        ("message", c_char_p),
        ("file", c_char_p),
        ("line", c_int),
        ("rule_id", c_char_p),
    ]


class Context(Structure):
    _fields_ = [
        ("kind", c_int),
        ("audience", c_int),
        ("sender", c_char_p),
        ("sender_length", c_size_t),
        ("conversation", c_char_p),
        ("conversation_length", c_size_t),
        ("has_time", c_int),
        ("unix_seconds", c_int64),
    ]


class Finding(Structure):
    _fields_ = [
        ("rule", c_uint32),
        ("start", c_uint32),
        ("end", c_uint32),
        ("action", c_int),
    ]


class RuleInfo(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("category", c_char_p),
        ("description", c_char_p),
        ("clauses", POINTER(c_char_p)),
        ("clause_count", c_size_t),
        ("severity", c_int),
        ("category_index", c_uint32),
    ]


class BatchView(Structure):
    # Array members are read with ctypes.string_at, so plain addresses.
    _fields_ = [
        ("messages", c_size_t),
        ("verdicts", c_void_p),       # uint8_t[messages]
        ("first_finding", c_void_p),  # uint32_t[messages + 1]
        ("findings", c_size_t),
        ("message", c_void_p),        # uint32_t[findings]
        ("rule", c_void_p),
        ("category", c_void_p),
        ("start", c_void_p),
        ("end", c_void_p),
        ("action", c_void_p),         # uint8_t[findings]
        ("errors", c_size_t),
        ("error_message", c_void_p),  # uint32_t[errors]
    ]


_status = c_int
_P = c_void_p  # opaque handles
_PP = POINTER(c_void_p)
_PERR = POINTER(POINTER(Error))

# name: (restype, argtypes)
PROTOTYPES = {
    "chatscan_version": (c_char_p, []),
    "chatscan_abi_version": (c_int, []),
    "chatscan_status_string": (c_char_p, [_status]),
    "chatscan_rules_compile": (_status, [c_char_p, _PP, _PERR]),
    "chatscan_rules_compile_toml": (_status, [c_char_p, c_size_t, c_char_p, _PP, _PERR]),
    "chatscan_rules_load": (_status, [c_char_p, c_char_p, _PP, _PERR]),
    "chatscan_rules_save": (_status, [_P, c_char_p, _PERR]),
    "chatscan_rules_destroy": (None, [_P]),
    "chatscan_error_destroy": (None, [POINTER(Error)]),
    "chatscan_rules_count": (_status, [_P, POINTER(c_size_t)]),
    "chatscan_rules_info": (_status, [_P, c_size_t, POINTER(RuleInfo)]),
    "chatscan_rules_find": (_status, [_P, c_char_p, POINTER(c_size_t)]),
    "chatscan_rules_category_count": (_status, [_P, POINTER(c_size_t)]),
    "chatscan_rules_category_name": (_status, [_P, c_size_t, POINTER(c_char_p)]),
    "chatscan_scanner_create": (_status, [_P, _PP]),
    "chatscan_scanner_destroy": (None, [_P]),
    "chatscan_scanner_scan": (_status, [_P, c_char_p, c_size_t, POINTER(Context),
                                        POINTER(c_int), POINTER(POINTER(Finding)),
                                        POINTER(c_size_t)]),
    "chatscan_scanner_redact": (_status, [_P, c_char_p, c_size_t, POINTER(Context),
                                          POINTER(c_void_p), POINTER(c_size_t)]),
    "chatscan_batch_create": (_status, [_P, c_int, _PP]),
    "chatscan_batch_destroy": (None, [_P]),
    "chatscan_batch_result_create": (_status, [_PP]),
    "chatscan_batch_result_destroy": (None, [_P]),
    # texts is `const char *const *`: passed as the address of an array.
    "chatscan_batch_scan": (_status, [_P, c_void_p, c_void_p, POINTER(Context), c_size_t,
                                      _P]),
    "chatscan_batch_result_view": (_status, [_P, POINTER(BatchView)]),
    "chatscan_batch_result_error": (_status, [_P, c_size_t, POINTER(c_uint32),
                                              POINTER(c_char_p)]),
    "chatscan_holder_create": (_status, [_P, _PP]),
    "chatscan_holder_destroy": (None, [_P]),
    "chatscan_holder_swap": (_status, [_P, _P]),
    "chatscan_scanner_create_from_holder": (_status, [_P, _PP]),
}


class Library:
    """The loaded library: its functions as attributes, its path and version."""

    def __init__(self, cdll, path):
        self.cdll = cdll
        self.path = path
        for name, (restype, argtypes) in PROTOTYPES.items():
            try:
                fn = getattr(cdll, name)
            except AttributeError:
                raise LibraryVersionError(
                    f"{path} does not export {name}(): it is not a chatscan library of the "
                    f"ABI this package needs ({_expected()})") from None
            fn.restype = restype
            fn.argtypes = argtypes
            setattr(self, name[len("chatscan_"):], fn)
        raw = self.version()
        self.version_string = raw.decode("ascii", "replace") if raw else ""
        self.abi = self.abi_version()
        try:
            major, minor = (int(x) for x in self.version_string.split(".")[:2])
        except ValueError:
            major = minor = -1
        if (major, minor) != EXPECTED_VERSION or self.abi != EXPECTED_ABI:
            raise LibraryVersionError(
                f"{path} is chatscan {self.version_string or '?'} (ABI {self.abi}); this "
                f"package needs {_expected()}. Point CHATSCAN_LIBRARY at a matching "
                f"libchatscan.so or install the matching Python package.")

    def status_text(self, status):
        s = self.status_string(status)
        return s.decode("utf-8", "replace") if s else f"status {status}"


def _expected():
    return f"chatscan {EXPECTED_VERSION[0]}.{EXPECTED_VERSION[1]}.x, ABI {EXPECTED_ABI}"


def candidates():
    """The places the library is looked for, in order, as (how, path-or-name)."""
    env = os.environ.get("CHATSCAN_LIBRARY")
    if env:
        return [("$CHATSCAN_LIBRARY", env)]
    here = os.path.dirname(os.path.abspath(__file__))
    out = [("next to the package", os.path.join(here, name))
           for name in ("libchatscan.so", "libchatscan.so.0")]
    try:
        found = ctypes.util.find_library("chatscan")
    except Exception:  # find_library runs external tools; never let it fail loading.
        found = None
    out.append(("ctypes.util.find_library('chatscan')", found))
    out.append(("system loader", "libchatscan.so.0"))
    return out


_lock = threading.Lock()
_lib = None


def load():
    """Returns the Library, loading it on first call (thread-safe)."""
    global _lib
    lib = _lib
    if lib is not None:
        return lib
    with _lock:
        if _lib is not None:
            return _lib
        tried = []
        for how, path in candidates():
            if not path:
                tried.append(f"  {how}: nothing found")
                continue
            if os.sep in path and not os.path.exists(path):
                tried.append(f"  {how}: {path}: no such file")
                continue
            try:
                cdll = ctypes.CDLL(path)
            except OSError as e:
                tried.append(f"  {how}: {path}: {e}")
                continue
            _lib = Library(cdll, os.path.abspath(path) if os.sep in path else _loaded_path(path))
            return _lib
        raise LibraryNotFoundError(
            "cannot load libchatscan (the chatscan C library). Looked at:\n" + "\n".join(tried)
            + ("\n($CHATSCAN_LIBRARY is set, so nothing else was tried.) Point it at "
               "libchatscan.so (a build has it in BUILD/lib/)." if os.environ.get(
                   "CHATSCAN_LIBRARY") else
               "\nSet CHATSCAN_LIBRARY to the path of libchatscan.so (a build has it in "
               "BUILD/lib/), or install the library (or copy it next to the package)."),
            tried=tried)


def _loaded_path(name):
    """The file the dynamic loader picked for `name`, from /proc/self/maps."""
    try:
        base = os.path.basename(name).split(".so")[0]
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                parts = line.split(None, 5)
                if len(parts) == 6 and os.path.basename(parts[5].strip()).startswith(base + ".so"):
                    return parts[5].strip()
    except OSError:
        pass
    return name
