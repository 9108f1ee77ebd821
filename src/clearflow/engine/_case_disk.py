"""A case file on disk: what a case last read or wrote there, and appending to it safely.

:class:`OnDisk` records what the file held when a case last read or wrote it (which file,
its size, its last bytes, how many events); :func:`remember` and :func:`recall` keep one
per case, beside the case rather than in it, so a :class:`~clearflow.engine.Case` stays
what the engine and the store know. :func:`append` adds lines to the end of the file, and
:func:`locked` holds the file while it is replaced: both take an exclusive ``fcntl`` lock,
and both first check that the file is still the one the case read (same file, same size,
same last bytes), so two walks on one case file cannot both write: the second gets a
:class:`~clearflow.errors.ConflictError` and the file keeps the first one's events.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import attrs

from clearflow._atomic import write_error
from clearflow._i18n import Message
from clearflow.engine._case import Case
from clearflow.errors import CaseDataError, ConflictError, WriteError

if sys.platform != "win32":
    import fcntl

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
TAIL = 256
"""How many of a file's last bytes are kept to tell that it has not changed."""


@attrs.frozen(kw_only=True)
class OnDisk:
    """What a case file held when a case last read or wrote it."""

    path: str
    """The file's real path (symlinks resolved)."""
    device: int
    inode: int
    size: int
    """Its size in bytes, a torn last line included."""
    good: int
    """The bytes up to the end of its last whole line: where the next line goes."""
    tail: bytes
    """Its last bytes (up to :data:`TAIL`), to tell that nothing was written meanwhile."""
    events: int
    """How many events of the case it holds (the case's ``version`` then)."""
    format: int
    """1 (one JSON document, rewritten) or 2 (JSON Lines, appended)."""
    terminated: bool = True
    """Whether its last whole line ends with a newline (one was lost in a crash if not)."""


_ON_DISK: weakref.WeakKeyDictionary[Case, OnDisk] = weakref.WeakKeyDictionary()


def remember(case: Case, state: OnDisk) -> None:
    """Record what ``case``'s file holds now."""
    _ON_DISK[case] = state


def recall(case: Case) -> OnDisk | None:
    """What ``case``'s file held when the case last read or wrote it, if it did."""
    return _ON_DISK.get(case)


def on_disk(
    path: str | Path, info: os.stat_result, data: bytes, *, good: int, events: int, format: int
) -> OnDisk:
    """The record of a file of this ``info`` whose content is ``data``."""
    return OnDisk(
        path=os.path.realpath(path),
        device=info.st_dev,
        inode=info.st_ino,
        size=len(data),
        good=good,
        tail=data[-TAIL:],
        events=events,
        format=format,
        terminated=data[:good].endswith(b"\n"),
    )


def _lock(handle: int) -> None:
    if sys.platform != "win32":
        fcntl.flock(handle, fcntl.LOCK_EX)


def _changed(path: str | Path) -> ConflictError:
    return ConflictError(
        Message(
            "{path}: the case file was changed by another walk since it was read, so this "
            "action was not saved (run the command again: it resumes from the saved case)",
            path=str(path),
        )
    )


def _check(path: str | Path, handle: int, expected: OnDisk) -> None:
    """Raise :class:`ConflictError` unless the open file is the one ``expected`` describes."""
    opened = os.fstat(handle)
    try:
        named = Path(path).stat()
    except FileNotFoundError:
        raise _changed(path) from None
    same = (
        (opened.st_dev, opened.st_ino)
        == (named.st_dev, named.st_ino)
        == (
            expected.device,
            expected.inode,
        )
    )
    start = expected.size - len(expected.tail)
    if (
        not same
        or opened.st_size != expected.size
        or os.pread(handle, len(expected.tail), start) != expected.tail
    ):
        raise _changed(path)


def cannot_write(path: str | Path, error: OSError) -> WriteError:
    """The error for a case file the system would not let us write (it keeps what it held)."""
    return write_error(path, error, existed=True)


@contextlib.contextmanager
def locked(path: str | Path, expected: OnDisk | None) -> Iterator[None]:
    """Hold an existing file at ``path`` locked (checked against ``expected`` if given)."""
    try:
        handle = os.open(path, os.O_RDONLY | _NONBLOCK)  # a named pipe must not block
    except FileNotFoundError:
        if expected is not None:
            raise _changed(path) from None
        yield
        return
    except OSError as error:
        raise cannot_write(path, error) from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode) and expected is None:
            yield  # not a case file: replaced like any file, nothing to lock
            return
        _lock(handle)
        if expected is not None:
            _check(path, handle, expected)
        yield
    finally:
        os.close(handle)


def append(path: str | Path, state: OnDisk, lines: bytes, *, events: int, cap: int) -> OnDisk:
    """Add ``lines`` (to hold ``events`` in all) after the file's last whole line; the new state.

    Under the lock: the check that the file is unchanged, a torn last line cut off, a
    missing newline put back, the lines written and flushed to disk. On an error the
    file is cut back to its last whole line, so it never ends in half a line we wrote.
    """
    payload = (b"" if state.terminated else b"\n") + lines
    if state.good + len(payload) > cap:
        raise CaseDataError(
            Message(
                "{path}: the case file would grow past the {cap} bytes a case file may hold "
                "(keep a case this long in a store)",
                path=str(path),
                cap=cap,
            )
        )
    try:
        handle = os.open(path, os.O_RDWR | _NONBLOCK)
    except FileNotFoundError:
        raise _changed(path) from None
    except OSError as error:
        raise cannot_write(path, error) from None
    try:
        _lock(handle)
        _check(path, handle, state)
        try:
            if state.size != state.good:
                os.ftruncate(handle, state.good)
            written = 0
            while written < len(payload):
                written += os.pwrite(handle, payload[written:], state.good + written)
            os.fsync(handle)
        except BaseException as error:  # a full disk, or Ctrl-C mid-write: cut back
            with contextlib.suppress(OSError):
                os.ftruncate(handle, state.good)
                os.fsync(handle)
            if isinstance(error, OSError):
                raise cannot_write(path, error) from None
            raise
        size = state.good + len(payload)
        start = max(0, size - TAIL)
        return attrs.evolve(
            state,
            size=size,
            good=size,
            events=events,
            tail=os.pread(handle, size - start, start),
            terminated=True,
        )
    finally:
        os.close(handle)
