"""Exceptions of the chatscan package.

Every error the C library reports is a ChatscanError; the subclasses also
derive from the matching built-in exception, so ``except FileNotFoundError``
or ``except ValueError`` work as one expects. Wrong argument types raise
plain TypeError and bad argument values plain ValueError before any C call;
using a closed object raises ValueError.
"""

__all__ = [
    "ChatscanError",
    "RuleError",
    "NotFoundError",
    "ChatscanIOError",
    "InvalidArgumentError",
    "InternalError",
    "OutOfRangeError",
    "ChatscanMemoryError",
    "LibraryError",
    "LibraryNotFoundError",
    "LibraryVersionError",
]


class ChatscanError(Exception):
    """Base class of the errors chatscan reports. ``status`` is the C status code."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.message = message
        self.status = status

    def __str__(self):
        return self.message

    def __reduce__(self):  # keeps the attributes through pickle (PySpark ships errors)
        return (type(self), (self.message, self.status))


class RuleError(ChatscanError):
    """A rule pack does not compile, or a cache file does not fit its pack.

    ``message`` lists every problem, one per line; ``file``, ``line`` and
    ``rule_id`` locate the first one ("" / 0 when there is no such place).
    """

    def __init__(self, message, file="", line=0, rule_id="", status=2):
        super().__init__(message, status)
        self.file = file
        self.line = line
        self.rule_id = rule_id

    def __reduce__(self):
        return (type(self), (self.message, self.file, self.line, self.rule_id, self.status))


class NotFoundError(ChatscanError, FileNotFoundError):
    """A file, folder or rule id was not found."""

    def __init__(self, message, status=3, **_):
        super().__init__(message, status)


class ChatscanIOError(ChatscanError, OSError):
    """Reading or writing a file failed."""

    def __init__(self, message, status=4, **_):
        super().__init__(message, status)


class InvalidArgumentError(ChatscanError, ValueError):
    """The C library refused an argument: a cache file that does not fit its
    pack or this build, or (since the Python layer checks types and values
    first) a disagreement between the two layers worth reporting."""


class InternalError(ChatscanError):
    """Hyperscan or ICU failed, or a bug in chatscan."""


class OutOfRangeError(ChatscanError, IndexError):
    """An index past the end."""


class ChatscanMemoryError(ChatscanError, MemoryError):
    """The C library ran out of memory."""


class LibraryError(ChatscanError, ImportError):
    """libchatscan could not be used."""


class LibraryNotFoundError(LibraryError):
    """libchatscan was not found; ``tried`` lists every place looked at and why
    it did not do."""

    def __init__(self, message, status=None, tried=()):
        super().__init__(message, status)
        self.tried = list(tried)

    def __reduce__(self):
        return (type(self), (self.message, self.status, self.tried))


class LibraryVersionError(LibraryError):
    """libchatscan was found but is not a version this package can drive."""


_BY_STATUS = {
    1: InvalidArgumentError,
    2: RuleError,
    3: NotFoundError,
    4: ChatscanIOError,
    5: InternalError,
    6: OutOfRangeError,
    7: ChatscanMemoryError,
}


def from_status(status, message, file="", line=0, rule_id=""):
    """The exception for a C status (not OK)."""
    cls = _BY_STATUS.get(status, ChatscanError)
    if cls is RuleError:
        return RuleError(message, file, line, rule_id, status)
    return cls(message, status)
