"""Reading a user's file safely: a regular file only, and never more than a cap.

:func:`read_capped` is the one reader of every file a user names (a workflow, a student
record, answers, scenarios, a case file, a roster). A named pipe, a device or a socket is
refused before anything is read, so a FIFO cannot hang a command and ``/dev/zero`` cannot
fill the memory; a regular file is read up to its cap and one byte more, so a file that
grows while it is read, or whose size the system misreports, is still caught. Each caller
turns :class:`NotRegularFileError` and :class:`FileTooBigError` into its own located error.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path
from typing import Any

from clearflow._i18n import Message

_CHUNK = 1024 * 1024
DIRECTORY = Message("a directory")
_KINDS = (
    (stat.S_ISDIR, DIRECTORY),
    (stat.S_ISFIFO, Message("a named pipe")),
    (stat.S_ISCHR, Message("a character device")),
    (stat.S_ISBLK, Message("a block device")),
    (stat.S_ISSOCK, Message("a socket")),
)

_HINTS = {
    errno.EACCES: Message("check permissions"),
    errno.EPERM: Message("check permissions"),
    errno.ENOTDIR: Message("a folder in the path is a file; check the path"),
    errno.ENAMETOOLONG: Message("the name is too long; check the path"),
    errno.ELOOP: Message("a symlink in the path leads back to itself; check the path"),
}


def read_hint(error: OSError) -> Message:
    """What to do about an ``OSError`` met reading a file: ``check permissions``, ...

    Every reader words ``cannot read file: Permission denied`` with this hint.
    """
    return _HINTS.get(error.errno or 0, Message("check the path and permissions"))


class NotRegularFileError(Exception):
    """The path names something other than a regular file; ``kind`` says what (``a socket``).

    ``kind`` is the English words; ``words`` the same as a message to render in a language.
    """

    def __init__(self, path: str | Path, kind: Message) -> None:
        super().__init__(f"{path}: is {kind}, not a regular file")
        self.words = kind
        self.kind = str(kind)
        self.is_directory = kind == DIRECTORY


class FileTooBigError(Exception):
    """The file is over ``cap`` bytes; ``size`` is its size, or None when it grew while read."""

    def __init__(self, path: str | Path, size: int | None, cap: int) -> None:
        self.size = size
        self.cap = cap
        super().__init__(f"{path}: {self.describe()}")

    def describe(self) -> Message:
        """``file is 1200000 bytes, more than the 1048576 allowed``: the words messages use."""
        if self.size is None:
            return Message("file is more than the {cap} bytes allowed", cap=self.cap)
        return Message(
            "file is {size} bytes, more than the {cap} allowed", size=self.size, cap=self.cap
        )


def kind_of(mode: int) -> Message:
    """What a file of this ``st_mode`` is, in words: ``a regular file``, ``a named pipe``, ..."""
    if stat.S_ISREG(mode):
        return Message("a regular file")
    return next((word for test, word in _KINDS if test(mode)), Message("a special file"))


def _refuse(path: str | Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(path, kind_of(mode))


def may_exist(path: str | Path) -> bool:
    """Whether ``path`` may name a file: False only when it surely does not (no such file,
    or a folder in the path is missing or a file). Unlike ``Path.exists`` it never raises,
    and a file that cannot be looked at (permissions, a name too long, a symlink loop)
    counts as there, so that reading it reports why."""
    try:
        Path(path).stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except (OSError, ValueError):
        return True
    return True


def read_capped(path: str | Path, cap: int) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``cap`` of them.

    Raises :class:`NotRegularFileError` for a directory, named pipe, device or socket, and
    :class:`FileTooBigError` for a file of more than ``cap`` bytes; ``OSError`` (such as
    ``FileNotFoundError`` or ``PermissionError``) when the system cannot open or read it.
    """
    info = Path(path).stat()
    _refuse(path, info.st_mode)
    if info.st_size > cap:
        raise FileTooBigError(path, info.st_size, cap)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags)  # O_NONBLOCK: a FIFO swapped in meanwhile cannot block
    try:
        opened = os.fstat(handle)
        _refuse(path, opened.st_mode)
        chunks: list[bytes] = []
        left = cap + 1
        while left > 0:
            chunk = os.read(handle, min(left, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(handle)
    if left <= 0:
        raise FileTooBigError(path, None, cap)
    return b"".join(chunks)


class _CappedRaw(io.RawIOBase):
    """A file descriptor read no further than ``cap`` bytes from its start (then refused)."""

    def __init__(self, path: str | Path, handle: int, cap: int) -> None:
        self.path, self.handle, self.cap = path, handle, cap

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return os.lseek(self.handle, offset, whence)

    def tell(self) -> int:
        return os.lseek(self.handle, 0, os.SEEK_CUR)

    def readinto(self, buffer: Any) -> int:
        data = os.read(self.handle, len(buffer))
        if data and self.tell() > self.cap:
            raise FileTooBigError(self.path, None, self.cap)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            os.close(self.handle)
        super().close()


def open_capped(path: str | Path, cap: int) -> io.BufferedReader:
    """The regular file at ``path`` opened for streaming, refused as :func:`read_capped` does.

    For readers that must not hold a whole file (rosters): the same checks before anything
    is read, and a read reaching past ``cap`` bytes raises :class:`FileTooBigError` (a file
    that grows while it is read). The caller closes it (it is a context manager).
    """
    info = Path(path).stat()
    _refuse(path, info.st_mode)
    if info.st_size > cap:
        raise FileTooBigError(path, info.st_size, cap)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags)
    try:
        _refuse(path, os.fstat(handle).st_mode)
    except BaseException:
        os.close(handle)
        raise
    return io.BufferedReader(_CappedRaw(path, handle, cap), buffer_size=_CHUNK)
