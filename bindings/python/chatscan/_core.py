"""Rules, scanners, batches and the hot-swap holder over the C handles."""

import array
import ctypes
import itertools
import os
import threading
import weakref
from collections.abc import Mapping
from ctypes import byref, c_int, c_size_t, c_void_p

from . import _args, _lib
from ._args import ENCODING as _ENCODING, ERRORS as _ERRORS
from ._types import ALLOW, Finding, Result, RuleInfo, action_name, severity_name
from .errors import ChatscanError, from_status

__all__ = ["Rules", "Scanner", "BatchScanner", "Holder", "HolderScanner",
           "load_rules", "compile_toml", "default_pack_dir"]


# ---- handles ----------------------------------------------------------------

_handles_lock = threading.Lock()


class _Handle:
    """Owns one C handle. close() destroys it once nothing depends on it any
    more: a scanner made from a holder keeps the holder's handle alive (the C
    ABI requires the holder to outlive it). Safe to call from a finalizer."""

    __slots__ = ("ptr", "_destroy", "_parent", "_users", "_closed", "__weakref__")

    def __init__(self, ptr, destroy, parent=None):
        self.ptr = ptr
        self._destroy = destroy
        self._parent = parent
        self._users = 0
        self._closed = False
        if parent is not None:
            with _handles_lock:
                parent._users += 1

    def close(self):
        with _handles_lock:
            if self._closed:
                return
            self._closed = True
            self._free_if_unused()

    def _free_if_unused(self):  # with _handles_lock held
        if self._closed and self._users == 0 and self.ptr is not None:
            ptr, self.ptr = self.ptr, None
            self._destroy(ptr)
            parent, self._parent = self._parent, None
            if parent is not None:
                parent._users -= 1
                parent._free_if_unused()


class _Use:
    """``with handle_use as ptr``: the handle cannot be destroyed inside (a
    close() meanwhile is carried out at the end), and a closed handle raises
    ValueError. For the calls that are not serialised by a lock of their own."""

    __slots__ = ("_h", "_kind")

    def __init__(self, handle, kind):
        self._h = handle
        self._kind = kind

    def __enter__(self):
        h = self._h
        with _handles_lock:
            if h._closed or h.ptr is None:
                raise ValueError(f"this {self._kind} is closed")
            h._users += 1
            return h.ptr

    def __exit__(self, *exc):
        h = self._h
        with _handles_lock:
            h._users -= 1
            h._free_if_unused()
        return False


class _Closable:
    """Context manager and close() for an object owning a _Handle."""

    _kind = "object"

    def _own(self, handle):
        self._handle = handle
        self._finalizer = weakref.finalize(self, handle.close)

    def close(self):
        """Frees the C resources now (also done when the object is garbage
        collected). Further use raises ValueError. Closing twice is fine."""
        h = getattr(self, "_handle", None)
        if h is not None:
            h.close()

    @property
    def closed(self):
        h = getattr(self, "_handle", None)
        return h is None or h._closed

    def _ptr(self):
        h = getattr(self, "_handle", None)
        if h is None or h._closed:
            raise ValueError(f"this {self._kind} is closed")
        return h.ptr

    def _using(self):
        h = getattr(self, "_handle", None)
        if h is None:
            raise ValueError(f"this {self._kind} is closed")
        return _Use(h, self._kind)

    def __enter__(self):
        self._ptr()
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __reduce__(self):
        raise TypeError(f"a chatscan {self._kind} cannot be pickled: it holds C resources. "
                        "Build it where it is used (see examples/pyspark_scan.py).")


def _fail(lib, status, what):
    return from_status(status, f"{what}: {lib.status_text(status)}")


def _check(lib, status, what):
    if status != _lib.OK:
        raise _fail(lib, status, what)


def _raise_error(lib, status, err, what):
    """Raises the exception for a failed call that filled a chatscan_error_t."""
    if err:
        e = err.contents
        message = (e.message or b"").decode("utf-8", "replace") or lib.status_text(status)
        file = (e.file or b"").decode("utf-8", "replace")
        line = e.line
        rule_id = (e.rule_id or b"").decode("utf-8", "replace")
        lib.error_destroy(err)
    else:
        message, file, line, rule_id = lib.status_text(status), "", 0, ""
    raise from_status(status, f"{what}: {message}" if what else message, file, line, rule_id)


# ---- the default pack --------------------------------------------------------

def default_pack_dir(rules_dir=None):
    """The folder of the default rule pack. In order:

    1. ``rules_dir``/default, when given (a folder holding packs);
    2. ``$CHATSCAN_RULES_DIR``/default;
    3. ``<prefix>/share/chatscan/rules/default`` for the library installed in
       ``<prefix>/lib`` (or ``<prefix>/lib/<multiarch>``);
    4. the source tree's ``rules/default`` for a library in a CMake build
       folder (found through the build's CMakeCache.txt, wherever the build
       folder is) or for this package run from the source tree.

    Raises NotFoundError naming every place looked at.
    """
    from .errors import NotFoundError
    tried = []
    if rules_dir is not None:
        d = os.path.join(os.fsdecode(_args.path_arg(rules_dir, "rules_dir")), "default")
        if os.path.isdir(d):
            return d
        raise NotFoundError(f"no default pack: {d} is not a folder")
    env = os.environ.get("CHATSCAN_RULES_DIR")
    if env:
        d = os.path.join(env, "default")
        if os.path.isdir(d):
            return d
        raise NotFoundError(f"no default pack: {d} ($CHATSCAN_RULES_DIR/default) is not a folder")
    lib = _lib.load()
    libdir = os.path.dirname(os.path.realpath(lib.path)) if os.sep in lib.path else None
    if libdir:
        # Installed: <prefix>/lib[/<multiarch>]/libchatscan.so.
        d = libdir
        for _ in range(3):
            d = os.path.dirname(d)
            candidate = os.path.join(d, "share", "chatscan", "rules", "default")
            tried.append(candidate)
            if os.path.isdir(candidate):
                return candidate
        # A build tree: BUILD[/lib]/libchatscan.so with BUILD/CMakeCache.txt.
        d = libdir
        for _ in range(3):
            source = _cmake_source_dir(os.path.join(d, "CMakeCache.txt"))
            if source:
                candidate = os.path.join(source, "rules", "default")
                tried.append(candidate)
                if os.path.isdir(candidate):
                    return candidate
                break
            d = os.path.dirname(d)
    # This package run from the source tree: bindings/python/chatscan.
    here = os.path.dirname(os.path.abspath(__file__))
    bindings = os.path.dirname(os.path.dirname(here))
    if os.path.basename(bindings) == "bindings":
        candidate = os.path.join(os.path.dirname(bindings), "rules", "default")
        tried.append(candidate)
        if os.path.isdir(candidate):
            return candidate
    raise NotFoundError("no default rule pack found. Looked at:\n  " + "\n  ".join(tried)
                        + "\nPass a pack folder to load_rules(), or set CHATSCAN_RULES_DIR to "
                          "the folder holding default/.")


def _cmake_source_dir(cache):
    try:
        with open(cache, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith(("chatscan_SOURCE_DIR:", "CMAKE_HOME_DIRECTORY:")):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return None


# ---- rules -------------------------------------------------------------------

def load_rules(path=None, *, rules_dir=None):
    """Compiles the rule pack in folder ``path``; None: the default pack (see
    default_pack_dir; ``rules_dir`` is a folder holding packs, whose
    ``default`` is taken). Raises RuleError (with file, line and rule_id) when
    the pack is wrong, NotFoundError when the folder does not exist."""
    if path is None:
        path = default_pack_dir(rules_dir)
    elif rules_dir is not None:
        raise TypeError("give either a pack path or rules_dir, not both")
    raw = _args.path_arg(path, "pack path")
    lib = _lib.load()
    handle = c_void_p()
    err = ctypes.POINTER(_lib.Error)()
    status = lib.rules_compile(raw, byref(handle), byref(err))
    if status != _lib.OK:
        _raise_error(lib, status, err, "")
    return Rules._wrap(lib, handle.value, os.fsdecode(raw))


def compile_toml(text, base_dir=None):
    """Compiles a pack given as the text of its pack.toml (str). Word lists
    named in it are read relative to ``base_dir`` (None: the current folder)."""
    data = _args.encode_text(text, "toml text")
    base = None if base_dir is None else _args.path_arg(base_dir, "base_dir")
    lib = _lib.load()
    handle = c_void_p()
    err = ctypes.POINTER(_lib.Error)()
    status = lib.rules_compile_toml(data, len(data), base, byref(handle), byref(err))
    if status != _lib.OK:
        _raise_error(lib, status, err, "")
    return Rules._wrap(lib, handle.value, None if base is None else os.fsdecode(base))


def _read_rule_infos(lib, ptr):
    count = c_size_t()
    _check(lib, lib.rules_count(ptr, byref(count)), "chatscan_rules_count")
    ncat = c_size_t()
    _check(lib, lib.rules_category_count(ptr, byref(ncat)), "chatscan_rules_category_count")
    categories = []
    name = ctypes.c_char_p()
    for i in range(ncat.value):
        _check(lib, lib.rules_category_name(ptr, i, byref(name)), "chatscan_rules_category_name")
        categories.append((name.value or b"").decode("utf-8", "replace"))
    infos = []
    info = _lib.RuleInfo()
    for i in range(count.value):
        _check(lib, lib.rules_info(ptr, i, byref(info)), "chatscan_rules_info")

        def s(b):
            return (b or b"").decode("utf-8", "replace")

        infos.append(RuleInfo(
            index=i, id=s(info.id), category=s(info.category), description=s(info.description),
            clauses=tuple(s(info.clauses[k]) for k in range(info.clause_count)),
            severity=severity_name(info.severity), category_index=info.category_index))
    return tuple(infos), tuple(categories)


class Rules(_Closable):
    """A compiled rule pack: immutable, shared by every thread.

    Make scanners from it (``rules.scanner()``, one per thread) or scan many
    messages at once on a thread pool (``rules.scan_batch(...)``). Scanners
    and batches keep what they need: closing the Rules while they live is safe.
    """

    _kind = "Rules"

    def __init__(self):
        raise TypeError("use chatscan.load_rules(), chatscan.compile_toml() or "
                        "Rules.load_cache() to make Rules")

    @classmethod
    def _wrap(cls, lib, ptr, pack_dir):
        self = object.__new__(cls)
        self._lib = lib
        self._own(_Handle(ptr, lib.rules_destroy))
        self.pack_dir = pack_dir
        try:
            self._infos, self._categories = _read_rule_infos(lib, ptr)
        except BaseException:
            self.close()
            raise
        self._batches = {}  # threads -> [free BatchScanner]
        self._batches_lock = threading.Lock()
        self._pid = os.getpid()
        _live_rules.add(self)
        return self

    @classmethod
    def load_cache(cls, path, pack_dir):
        """Loads rules saved with save_cache() for the pack in folder
        ``pack_dir``. Raises (RuleError, NotFoundError, ChatscanIOError) when the
        file is missing or does not fit the pack or this library; the message
        says why. Typical use: try load_cache, on ChatscanError compile with
        load_rules and save_cache."""
        raw_path = _args.path_arg(path, "cache path")
        raw_pack = _args.path_arg(pack_dir, "pack_dir")
        lib = _lib.load()
        handle = c_void_p()
        err = ctypes.POINTER(_lib.Error)()
        status = lib.rules_load(raw_path, raw_pack, byref(handle), byref(err))
        if status != _lib.OK:
            _raise_error(lib, status, err, "")
        return cls._wrap(lib, handle.value, os.fsdecode(raw_pack))

    def save_cache(self, path):
        """Writes the compiled rules to ``path`` for Rules.load_cache()."""
        raw = _args.path_arg(path, "cache path")
        err = ctypes.POINTER(_lib.Error)()
        with self._using() as ptr:
            status = self._lib.rules_save(ptr, raw, byref(err))
        if status != _lib.OK:
            _raise_error(self._lib, status, err, "")

    # -- metadata --

    def __len__(self):
        self._ptr()
        return len(self._infos)

    @property
    def rules(self):
        """Every rule's RuleInfo, by index."""
        self._ptr()
        return self._infos

    @property
    def categories(self):
        """The pack's category names, by category index."""
        self._ptr()
        return self._categories

    def rule(self, index):
        """The RuleInfo of rule ``index`` (an int; IndexError past the end)."""
        self._ptr()
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError(f"rule index must be int, not {type(index).__name__} "
                            "(use find() for an id)")
        if not 0 <= index < len(self._infos):
            raise IndexError(f"rule index {index} out of range (the pack has "
                             f"{len(self._infos)} rules)")
        return self._infos[index]

    def find(self, rule_id):
        """The RuleInfo of the rule with id ``rule_id``, or None."""
        self._ptr()
        if not isinstance(rule_id, str):
            raise TypeError(f"rule id must be str, not {type(rule_id).__name__}")
        try:
            raw = rule_id.encode("utf-8")
        except UnicodeEncodeError:
            return None
        if b"\0" in raw:
            return None
        index = c_size_t()
        with self._using() as ptr:
            status = self._lib.rules_find(ptr, raw, byref(index))
        if status == _lib.NOT_FOUND:
            return None
        _check(self._lib, status, "chatscan_rules_find")
        return self._infos[index.value]

    def __repr__(self):
        state = "closed" if self.closed else f"{len(self._infos)} rules"
        return f"<chatscan.Rules {self.pack_dir or '(toml)'}: {state}>"

    # -- scanning --

    def scanner(self):
        """A new Scanner for these rules. A Scanner is used by one thread at a
        time (calls from several threads are serialised): give each thread its own."""
        handle = c_void_p()
        with self._using() as ptr:
            status = self._lib.scanner_create(ptr, byref(handle))
        _check(self._lib, status, "chatscan_scanner_create")
        scanner = Scanner._wrap(self._lib, _Handle(handle.value, self._lib.scanner_destroy),
                                self._infos)
        scanner._rules = self
        return scanner

    def batch(self, threads=None):
        """A new BatchScanner: a pool of ``threads`` threads (None or 0: one per
        core) for scan_batch; keep it to scan many batches."""
        n = _threads_arg(threads)
        with self._using() as ptr:
            return BatchScanner._create(self._lib, ptr, n, self._infos)

    def scan_batch(self, messages, threads=None, *, errors="raise"):
        """Scans many messages in ONE call into the library, on a pool of
        ``threads`` threads (None: one per core), without holding the GIL.

        ``messages``: an iterable of str, or of dicts with "text" and optionally
        "kind", "audience", "time", "sender", "conversation" (other keys, such
        as "id", are ignored; None means the default). Returns one Result per
        message, in order. The pool is kept for the next call with the same
        ``threads``. ``errors``: "raise" (a message the library could not scan
        raises ChatscanError) or "keep" (its Result has ``error`` set).
        """
        self._ptr()
        n = _threads_arg(threads)
        batch = self._take_batch(n)
        try:
            return batch.scan(messages, errors=errors)
        finally:
            self._give_back(batch, n)

    def _take_batch(self, n):
        with self._batches_lock:
            if self._pid != os.getpid():
                self._forget_batches()
            free = self._batches.get(n)
            if free:
                return free.pop()
        with self._using() as ptr:
            return BatchScanner._create(self._lib, ptr, n, self._infos)

    def _give_back(self, batch, n):
        with self._batches_lock:
            if self._pid != os.getpid():
                return  # made before a fork: see _forget_batches
            if self.closed:
                batch.close()
                return
            self._batches.setdefault(n, []).append(batch)

    def _forget_batches(self):
        # After fork the pools' threads do not exist in this process: their
        # handles can be neither used nor destroyed (joining threads that are
        # not there would hang), so they are leaked on purpose.
        for free in self._batches.values():
            for b in free:
                b._handle._closed = True
                b._handle.ptr = None
                b._result_handle._closed = True
                b._result_handle.ptr = None
                b._finalizer.detach()
                b._result_finalizer.detach()
        self._batches = {}
        self._pid = os.getpid()

    def close(self):
        with self._batches_lock if hasattr(self, "_batches_lock") else _nullcontext():
            if getattr(self, "_pid", None) == os.getpid():
                for free in getattr(self, "_batches", {}).values():
                    for b in free:
                        b.close()
            self._batches = {}
        super().close()


_live_rules = weakref.WeakSet()


_live_scanners = weakref.WeakSet()


def _after_fork_in_child():
    # Only this thread exists now: a lock another thread of the parent held
    # at the fork would never be released here, so every lock is made anew.
    global _handles_lock
    _handles_lock = threading.Lock()
    for r in list(_live_rules):
        r._batches_lock = threading.Lock()
        if r._pid != os.getpid():
            r._forget_batches()
    for s in list(_live_scanners):
        s._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class _nullcontext:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _threads_arg(threads):
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, int):
        raise TypeError(f"threads must be int or None, not {type(threads).__name__}")
    if threads < 0 or threads > 1024:
        raise ValueError(f"threads must be between 0 (one per core) and 1024, not {threads}")
    return threads


# ---- one message at a time ---------------------------------------------------

_ACTION_NAMES = ("allow", "review", "block")
_new_finding = object.__new__


def _findings_from(infos, text, data, raw):
    """Findings from (rule, start, end, action) tuples of byte offsets."""
    n = len(data)
    if n == len(text):  # ASCII
        index = None
    elif n * len(raw) > 1 << 16:  # long text, many findings: one pass
        keys = set()
        for _, start, end, _ in raw:
            keys.add((start, False))
            keys.add((end, True))
        index = _args.str_offsets(text, data, keys)
    else:
        index = False
    str_index = _args.str_index
    out = []
    for rule, start, end, action in raw:
        if index is None:
            s, e = min(start, n), min(end, n)
        elif index is False:
            s, e = str_index(data, start, False), str_index(data, end, True)
        else:
            s, e = index[(start, False)], index[(end, True)]
        info = infos[rule]
        # Finding is a frozen dataclass: filling its __dict__ directly skips
        # the per-field object.__setattr__ of its __init__ (same object).
        f = _new_finding(Finding)
        f.__dict__.update(
            rule=info.id, category=info.category, clauses=info.clauses,
            severity=info.severity,
            action=_ACTION_NAMES[action] if 0 <= action < 3 else action_name(action),
            start=s, end=e, byte_start=start, byte_end=end, match=text[s:e], rule_index=rule)
        out.append(f)
    return tuple(out)


_CLEAN = Result(ALLOW)


class Scanner(_Closable):
    """Scans one message at a time with one set of rules. Not for concurrent
    use: calls from several threads are serialised by a lock, so give each
    thread its own Scanner to scan in parallel."""

    _kind = "Scanner"

    def __init__(self):
        raise TypeError("use rules.scanner() or holder.scanner() to make a Scanner")

    @classmethod
    def _wrap(cls, lib, handle, infos):
        self = object.__new__(cls)
        self._lib = lib
        self._own(handle)
        self._infos = infos
        self._holder = None
        self._lock = threading.Lock()
        self._verdict = c_int()
        self._findings = ctypes.POINTER(_lib.Finding)()
        self._count = c_size_t()
        self._redacted = c_void_p()
        self._ctx = _lib.Context()
        # Made once: the hot path passes these as they are.
        self._cptr = c_void_p(handle.ptr)
        self._out = (byref(self._verdict), byref(self._findings), byref(self._count))
        self._ctx_ref = byref(self._ctx)
        self._scan_fn = lib.scanner_scan
        _live_scanners.add(self)
        return self

    def close(self):
        # Waits for a scan under way in another thread.
        lock = getattr(self, "_lock", None)
        if lock is None:
            return super().close()
        with lock:
            super().close()

    def _context(self, kind, audience, time, sender, conversation):
        """The context argument for C (None for the default one) and the
        objects to keep alive. Called with self._lock held."""
        if (time is None and sender is None and conversation is None
                and (kind == "chat" if type(kind) is str else kind is None)
                and (audience == "internal" if type(audience) is str else audience is None)):
            return None, None
        keep = _args.fill_context(self._ctx, kind, audience, time, sender, conversation)
        return self._ctx_ref, keep

    def scan(self, text, *, kind="chat", audience="internal", time=None, sender=None,
             conversation=None):
        """Scans ``text`` (str) and returns its Result.

        ``kind``: "chat" or "moment"; ``audience``: "internal", "external" or
        "public"; ``time``: when it was sent: an aware datetime, an RFC 3339
        str ("2024-06-11T09:30:00+08:00") or unix seconds (int); None: unknown
        (counts as working hours). ``sender``/``conversation``: free text.
        """
        if type(text) is str:
            data = text.encode(_ENCODING, _ERRORS)
        else:
            data = _args.encode_text(text)
        with self._lock:
            if self._handle._closed:
                raise ValueError(f"this {self._kind} is closed")
            ctx, keep = self._context(kind, audience, time, sender, conversation)
            if self._holder is None:
                infos = self._infos
                raw, verdict = self._call(data, ctx)
            else:
                raw, verdict, infos = self._call_following(data, ctx)
            del keep
        if not raw and verdict == 0:
            return _CLEAN
        return Result(action_name(verdict), _findings_from(infos, text, data, raw))

    def _call(self, data, ctx):
        """One chatscan_scanner_scan: ([(rule, start, end, action)], verdict)."""
        status = self._scan_fn(self._cptr, data, len(data), ctx, *self._out)
        if status != 0:
            raise _fail(self._lib, status, "scan")
        n = self._count.value
        if n == 0:
            return (), self._verdict.value
        f = self._findings
        raw = []
        for i in range(n):
            x = f[i]
            raw.append((x.rule, x.start, x.end, x.action))
        return raw, self._verdict.value

    def _call_following(self, data, ctx):
        # The holder may swap between or during scans. Its version is even
        # when stable and odd during a swap; unchanged across the call, it
        # proves which rules the findings' rule indexes refer to.
        h = self._holder
        while True:
            v = h._version
            if v & 1:
                os.sched_yield()
                continue
            infos = h._infos
            raw, verdict = self._call(data, ctx)
            if h._version == v:
                return raw, verdict, infos

    def redact(self, text, *, kind="chat", audience="internal", time=None, sender=None,
               conversation=None):
        """Scans ``text`` and returns it with the findings masked as their
        categories ask (one ＊ per character, or "[category]"); text outside
        findings is returned unchanged (lone surrogates included)."""
        data = _args.encode_text(text)
        lib = self._lib
        with self._lock:
            ptr = self._ptr()
            ctx, keep = self._context(kind, audience, time, sender, conversation)
            length = c_size_t()
            status = lib.scanner_redact(ptr, data, len(data), ctx, byref(self._redacted),
                                        byref(length))
            if status != _lib.OK:
                raise _fail(lib, status, "redact")
            out = ctypes.string_at(self._redacted.value, length.value) if length.value else b""
            del keep
        try:
            return out.decode(_args.ENCODING, _args.ERRORS)
        except UnicodeDecodeError:
            return out.decode(_args.ENCODING, "replace")

    @property
    def rules(self):
        """The Rules this scanner scans with."""
        return self._rules

    def __repr__(self):
        return f"<chatscan.{type(self).__name__}{' closed' if self.closed else ''}>"


# ---- batches -----------------------------------------------------------------

_Context = _lib.Context
_CLEAN_BY_VERDICT = (_CLEAN, Result("review"), Result("block"))


def _array_code(size):
    for code in ("Q", "L", "I"):
        if array.array(code).itemsize == size:
            return code
    raise ImportError(f"no array type of {size} bytes")


_SIZE_T = _array_code(ctypes.sizeof(c_size_t))
_POINTER = _array_code(ctypes.sizeof(c_void_p))


def _u32(address, count):
    if count == 0:
        return ()
    return memoryview(ctypes.string_at(address, 4 * count)).cast("I")


class BatchScanner(_Closable):
    """A pool of threads with a scanner each, for scanning batches of messages
    in one call. One batch at a time (concurrent calls are serialised)."""

    _kind = "BatchScanner"

    def __init__(self):
        raise TypeError("use rules.batch() or rules.scan_batch()")

    @classmethod
    def _create(cls, lib, rules_ptr, threads, infos):
        self = object.__new__(cls)
        self._lib = lib
        self._infos = infos
        self._lock = threading.Lock()
        self.threads = threads
        result = c_void_p()
        _check(lib, lib.batch_result_create(byref(result)), "chatscan_batch_result_create")
        self._result_handle = _Handle(result.value, lib.batch_result_destroy)
        self._result_finalizer = weakref.finalize(self, self._result_handle.close)
        handle = c_void_p()
        status = lib.batch_create(rules_ptr, threads, byref(handle))
        if status != _lib.OK:
            self._result_handle.close()
            raise _fail(lib, status, "chatscan_batch_create")
        self._own(_Handle(handle.value, lib.batch_destroy))
        self._pid = os.getpid()
        return self

    def _check_process(self):
        if self._pid != os.getpid():
            raise ChatscanError("this BatchScanner was made in another process (before a "
                                "fork): its threads do not exist here; make a new one")

    def close(self):
        lock = getattr(self, "_lock", None)
        if lock is None:
            return
        if getattr(self, "_pid", None) != os.getpid():
            # Made before a fork: destroying it would join threads that do
            # not exist in this process. Leak it, unusable.
            self._finalizer.detach()
            self._result_finalizer.detach()
            self._handle._closed = self._result_handle._closed = True
            return
        with lock:
            super().close()
            self._result_handle.close()

    def scan(self, messages, *, errors="raise"):
        """Scans ``messages`` (see Rules.scan_batch) and returns their Results."""
        if errors not in ("raise", "keep"):
            raise ValueError(f"errors must be 'raise' or 'keep', not {errors!r}")
        if isinstance(messages, (str, bytes, Mapping)):
            raise TypeError("messages must be an iterable of str or dicts (a list), not a "
                            f"single {type(messages).__name__}")
        try:
            items = messages if isinstance(messages, list) else list(messages)
        except TypeError:
            raise TypeError("messages must be an iterable of str or dicts, not "
                            f"{type(messages).__name__}") from None
        self._check_process()
        texts, datas, contexts, keep = _prepare(items)
        n = len(items)
        lib = self._lib
        if n:
            # One buffer for all texts and two arrays of machine words, built
            # at C speed: pointers are the buffer's address plus the running
            # sum of the lengths.
            blob = b"".join(datas)
            lengths = array.array(_SIZE_T, map(len, datas))
            base = ctypes.cast(blob, c_void_p).value or 0
            pointers = array.array(_POINTER, itertools.accumulate(lengths, initial=base))
            texts_arg = pointers.buffer_info()[0]
            lengths_arg = lengths.buffer_info()[0]
        else:
            blob = pointers = lengths = None
            texts_arg = lengths_arg = None
        with self._lock:
            ptr = self._ptr()
            result = self._result_handle.ptr
            status = lib.batch_scan(ptr, texts_arg, lengths_arg, contexts, n, result)
            if status != _lib.OK:
                raise _fail(lib, status, "scan_batch")
            view = _lib.BatchView()
            _check(lib, lib.batch_result_view(result, byref(view)), "chatscan_batch_result_view")
            if view.messages != n:
                raise ChatscanError(f"scan_batch: the library returned {view.messages} "
                                    f"results for {n} messages")
            verdicts = ctypes.string_at(view.verdicts, n) if n else b""
            first = _u32(view.first_finding, n + 1)
            nf = view.findings
            message = _u32(view.message, nf)
            rule = _u32(view.rule, nf)
            start = _u32(view.start, nf)
            end = _u32(view.end, nf)
            action = ctypes.string_at(view.action, nf) if nf else b""
            reasons = {}
            for i in range(view.errors):
                m, why = ctypes.c_uint32(), ctypes.c_char_p()
                _check(lib, lib.batch_result_error(result, i, byref(m), byref(why)),
                       "chatscan_batch_result_error")
                reasons.setdefault(m.value, (why.value or b"").decode("utf-8", "replace"))
            failed = sorted(reasons)
        del keep, blob, pointers, lengths, contexts
        if failed and errors == "raise":
            raise ChatscanError(f"scan_batch: message {failed[0]} could not be scanned: "
                                f"{reasons[failed[0]]}"
                                + (f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""))
        try:
            out = [_CLEAN_BY_VERDICT[v] for v in verdicts]
        except IndexError:
            raise ChatscanError("scan_batch: the library returned an unknown verdict") from None
        infos = self._infos
        k = 0
        while k < nf:
            m = message[k]
            b = first[m + 1]
            if not k < b <= nf:
                raise ChatscanError("scan_batch: the library returned inconsistent findings")
            raw = [(rule[j], start[j], end[j], action[j]) for j in range(k, b)]
            out[m] = Result(action_name(verdicts[m]),
                            _findings_from(infos, texts[m], datas[m], raw))
            k = b
        for m in failed:
            out[m] = Result(ALLOW, (), f"could not be scanned: {reasons[m]}")
        return out

    def __repr__(self):
        return f"<chatscan.BatchScanner threads={self.threads or 'cores'}" \
               f"{' closed' if self.closed else ''}>"


_TEXT_KEYS = ("kind", "audience", "time", "sender", "conversation")


def _prepare(items):
    """Texts, their UTF-8, the contexts array (or None) and what must stay alive."""
    n = len(items)
    if not items or set(map(type, items)) == {str}:  # the common case, fast
        try:
            datas = [m.encode(_args.ENCODING, _args.ERRORS) for m in items]
        except UnicodeEncodeError:  # not reachable with surrogatepass; be safe
            raise
        return items, datas, None, None
    texts = [None] * n
    datas = [None] * n
    contexts = None
    keep = []
    for i, m in enumerate(items):
        try:
            if isinstance(m, str):
                texts[i] = m
                datas[i] = _args.encode_text(m)
                continue
            if not isinstance(m, Mapping):
                raise TypeError(f"must be a str or a dict with 'text', not {type(m).__name__}")
            if "text" not in m:
                raise ValueError("has no 'text'")
            text = m["text"]
            texts[i] = text
            datas[i] = _args.encode_text(text, "'text'")
            kind, audience, time, sender, conversation = (m.get(k) for k in _TEXT_KEYS)
            if _args.is_default_context(kind, audience, time, sender, conversation):
                continue
            if contexts is None:
                contexts = (_Context * n)()
            keep.append(_args.fill_context(contexts[i], kind, audience, time, sender,
                                           conversation))
        except (TypeError, ValueError) as e:
            raise type(e)(f"message {i}: {e}") from None
    return texts, datas, contexts, keep


# ---- hot swap ------------------------------------------------------------------

class Holder(_Closable):
    """Holds the current rules of a service and swaps in new ones while other
    threads scan: each message is scanned wholly with the old or the new rules.
    Thread-safe. Scanners from holder.scanner() follow every swap.

    Closing the Holder stops swaps and new scanners; scanners already made
    keep working (they keep the C holder alive until they are closed).
    """

    _kind = "Holder"

    def __init__(self, rules):
        if not isinstance(rules, Rules):
            raise TypeError(f"Holder needs Rules, not {type(rules).__name__}")
        lib = rules._lib
        handle = c_void_p()
        with rules._using() as rules_ptr:
            status = lib.holder_create(rules_ptr, byref(handle))
        _check(lib, status, "chatscan_holder_create")
        self._lib = lib
        self._own(_Handle(handle.value, lib.holder_destroy))
        self._swap_lock = threading.Lock()
        self._rules = rules
        self._infos = rules._infos
        # Even: stable; odd: a swap is under way. Scanners compare it before
        # and after a scan to know which rules the findings' indexes refer to.
        self._version = 0

    @property
    def rules(self):
        """The Rules in use now."""
        self._ptr()
        return self._rules

    def swap(self, rules):
        """Makes ``rules`` the current rules. Messages being scanned finish
        with the old ones."""
        if not isinstance(rules, Rules):
            raise TypeError(f"swap needs Rules, not {type(rules).__name__}")
        with self._swap_lock, self._using() as ptr, rules._using() as rules_ptr:
            self._version += 1
            try:
                _check(self._lib, self._lib.holder_swap(ptr, rules_ptr), "chatscan_holder_swap")
                self._rules = rules
                self._infos = rules._infos
            finally:
                self._version += 1

    def scanner(self):
        """A new HolderScanner following this holder (one per thread)."""
        handle = c_void_p()
        with self._using() as ptr:
            _check(self._lib, self._lib.scanner_create_from_holder(ptr, byref(handle)),
                   "chatscan_scanner_create_from_holder")
            # Registered as a user of the holder's handle before the use ends.
            scanner = HolderScanner._wrap(
                self._lib, _Handle(handle.value, self._lib.scanner_destroy,
                                   parent=self._handle), self._infos)
        scanner._holder = self
        return scanner

    def scan_batch(self, messages, threads=None, *, errors="raise"):
        """rules.scan_batch() with the current rules (the whole batch with one
        set of rules)."""
        self._ptr()
        return self._rules.scan_batch(messages, threads, errors=errors)


class HolderScanner(Scanner):
    """A Scanner that follows a Holder: each message is scanned with the
    holder's rules of that moment."""

    _kind = "Scanner"

    @property
    def rules(self):
        """The holder's current Rules."""
        return self._holder.rules
