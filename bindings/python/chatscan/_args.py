"""Checking and converting arguments: texts, contexts, times, offsets."""

import datetime as _dt
import operator
import os
import re

from . import _lib

# Texts go to C as UTF-8. Lone surrogates (from os.fsdecode, JSON "\ud800",
# broken clients) are valid in a Python str but not in UTF-8: "surrogatepass"
# writes each as its 3-byte sequence, which the scanner sees as invalid bytes
# (one U+FFFD each) while offsets still point into those bytes.
ENCODING = "utf-8"
ERRORS = "surrogatepass"

KINDS = {"chat": _lib.KIND_CHAT, "moment": _lib.KIND_MOMENT}
AUDIENCES = {
    "internal": _lib.AUDIENCE_INTERNAL,
    "external": _lib.AUDIENCE_EXTERNAL,
    "public": _lib.AUDIENCE_PUBLIC,
}

_INT64_MIN = -(1 << 63)
_INT64_MAX = (1 << 63) - 1
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_SECOND = _dt.timedelta(seconds=1)
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))\Z", re.ASCII)


def encode_text(text, what="text"):
    if type(text) is not str and not isinstance(text, str):
        raise TypeError(f"{what} must be str, not {type(text).__name__}"
                        + (" (decode bytes first)" if isinstance(text, (bytes, bytearray,
                                                                         memoryview)) else ""))
    return text.encode(ENCODING, ERRORS)


def encode_optional(value, what):
    if value is None:
        return None
    return encode_text(value, what)


def path_arg(path, what="path"):
    """A NUL-terminated path for C from str or os.PathLike (bytes paths too)."""
    if path is None:
        raise TypeError(f"{what} must be a str or os.PathLike, not None")
    try:
        raw = os.fsencode(path)
    except TypeError:
        raise TypeError(f"{what} must be a str or os.PathLike, not {type(path).__name__}") from None
    if b"\0" in raw:
        raise ValueError(f"{what} contains a NUL character")
    return raw


def kind_arg(kind):
    if kind is None:
        return _lib.KIND_CHAT
    if not isinstance(kind, str):
        raise TypeError(f"kind must be str ('chat' or 'moment'), not {type(kind).__name__}")
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"kind {kind!r} is not 'chat' or 'moment'") from None


def audience_arg(audience):
    if audience is None:
        return _lib.AUDIENCE_INTERNAL
    if not isinstance(audience, str):
        raise TypeError("audience must be str ('internal', 'external' or 'public'), not "
                        f"{type(audience).__name__}")
    try:
        return AUDIENCES[audience]
    except KeyError:
        raise ValueError(
            f"audience {audience!r} is not 'internal', 'external' or 'public'") from None


def parse_rfc3339(text):
    """Unix seconds (floored) of an RFC 3339 time with an offset, e.g.
    "2024-06-11T09:30:00+08:00" or "2024-06-11T01:30:00Z"."""
    m = _RFC3339.match(text)
    if m is None:
        raise ValueError(f"time {text!r} is not RFC 3339 (like 2024-06-11T09:30:00+08:00; "
                         "the offset or Z is required)")
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    leap = s == 60  # 23:59:60 is a valid RFC 3339 leap second: count it as :59 + 1
    if m.group(8):
        offset = _dt.timedelta(0)
    else:
        hours, minutes = int(m.group(10)), int(m.group(11))
        if hours > 23 or minutes > 59:
            raise ValueError(f"time {text!r}: offset out of range")
        offset = _dt.timedelta(hours=hours, minutes=minutes)
        if m.group(9) == "-":
            offset = -offset
    try:
        t = _dt.datetime(y, mo, d, h, mi, 59 if leap else s, tzinfo=_dt.timezone(offset))
    except ValueError as e:
        raise ValueError(f"time {text!r}: {e}") from None
    # The fraction is dropped: floor, since it only ever adds to the seconds.
    return (t - _EPOCH) // _SECOND + (1 if leap else 0)


def time_arg(time):
    """(has_time, unix_seconds) from None, an aware datetime, an RFC 3339 str
    or unix seconds (int)."""
    if time is None:
        return 0, 0
    if isinstance(time, _dt.datetime):
        if time.tzinfo is None or time.utcoffset() is None:
            raise ValueError("time is a naive datetime: give it a time zone "
                             "(e.g. datetime.now(timezone.utc)) so its instant is known")
        seconds = (time - _EPOCH) // _SECOND
    elif isinstance(time, str):
        seconds = parse_rfc3339(time)
    elif isinstance(time, bool) or isinstance(time, (_dt.date, float)):
        raise TypeError("time must be an aware datetime, an RFC 3339 str or unix seconds "
                        f"(int), not {type(time).__name__}")
    else:
        try:
            seconds = operator.index(time)
        except TypeError:
            raise TypeError("time must be an aware datetime, an RFC 3339 str or unix seconds "
                            f"(int), not {type(time).__name__}") from None
    if not _INT64_MIN <= seconds <= _INT64_MAX:
        raise ValueError(f"time {seconds} is out of range")
    return 1, seconds


def is_default_context(kind, audience, time, sender, conversation):
    """True for an internal chat message with no time, sender or conversation."""
    return (time is None and sender is None and conversation is None
            and (kind == "chat" if type(kind) is str else kind is None)
            and (audience == "internal" if type(audience) is str else audience is None))


def fill_context(ctx, kind, audience, time, sender, conversation):
    """Checks the context arguments and writes them into the _lib.Context
    `ctx`. Returns the encoded strings, which must outlive the C call (ctypes
    also keeps them alive through the structure)."""
    ctx.kind = kind_arg(kind)
    ctx.audience = audience_arg(audience)
    ctx.has_time, ctx.unix_seconds = time_arg(time)
    s = encode_optional(sender, "sender")
    c = encode_optional(conversation, "conversation")
    ctx.sender = s
    ctx.sender_length = len(s) if s is not None else 0
    ctx.conversation = c
    ctx.conversation_length = len(c) if c is not None else 0
    return s, c


def str_index(data, b, is_end):
    """The str index of byte offset ``b`` of ``data`` (UTF-8 with
    surrogatepass). An offset inside a character's bytes (the library never
    reports one, but a lone surrogate is 3 bytes) is rounded out: a start
    down, an end up, so the str span always covers the byte span."""
    n = len(data)
    if b >= n:
        return len(data.decode(ENCODING, ERRORS))
    if (data[b] & 0xC0) == 0x80:
        if is_end:
            while b < n and (data[b] & 0xC0) == 0x80:
                b += 1
        else:
            while b > 0 and (data[b] & 0xC0) == 0x80:
                b -= 1
    return len(data[:b].decode(ENCODING, ERRORS))


def str_offsets(text, data, offsets):
    """Maps byte offsets into ``data`` (== text.encode(ENCODING, ERRORS)) to
    indexes of ``text``, rounding as str_index does. ``offsets`` is an
    iterable of (byte_offset, is_end). Returns {(offset, is_end): index}.
    One pass over the text, for long texts with many findings."""
    n = len(data)
    if n == len(text):  # ASCII: bytes and characters coincide
        return {key: min(key[0], n) for key in offsets}
    adjusted = {}
    for off, is_end in offsets:
        b = min(off, n)
        if is_end:
            while b < n and (data[b] & 0xC0) == 0x80:
                b += 1
        else:
            while 0 < b < n and (data[b] & 0xC0) == 0x80:
                b -= 1
        adjusted[(off, is_end)] = b
    index_of = {}
    pos_b = pos_s = 0
    for b in sorted(set(adjusted.values())):
        pos_s += len(data[pos_b:b].decode(ENCODING, ERRORS))
        pos_b = b
        index_of[b] = pos_s
    return {key: index_of[b] for key, b in adjusted.items()}
