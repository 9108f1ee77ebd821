"""Writing a file safely: never over one of the inputs, through symlinks, old or new only.

:func:`refuse_overwrite` is the one rule every command that writes a file follows: an
output that is one of its inputs (the workflow, a student record, the store's file, ...)
is refused before anything is written. :func:`write_atomic` (and
:func:`open_atomic`, for a file written bit by bit) applies it, then writes so
that readers see the old content or the new, never half of either; when the system refuses
(permissions, a full disk, a path that names no folder) it raises :class:`WriteError`
saying why, with the temporary file removed and the old file unchanged.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from clearflow._i18n import Message, verbatim
from clearflow.errors import OverwriteError, Said, WriteError

Input = tuple[Said, str | Path | None]
"""What an input is, as a message names it (``Message("workflow")``), and its path."""

_FREE_SPACE = Message("free some space and run the command again")
_MAY_WRITE = Message("check that you may write in that folder")
_CHECK_PATH = Message("check the path")
_DENIED = Message("permission denied")
_FOLDER_IS_FILE = Message("a folder in the path is a file")
_REASONS = {
    errno.ENOSPC: (Message("no space left on device"), _FREE_SPACE),
    errno.EDQUOT: (Message("disk quota exceeded"), _FREE_SPACE),
    errno.EROFS: (
        Message("the file system is read-only"),
        Message("name a file on a writable disk"),
    ),
    errno.EACCES: (_DENIED, _MAY_WRITE),
    errno.EPERM: (_DENIED, _MAY_WRITE),
    errno.ENOTDIR: (_FOLDER_IS_FILE, _CHECK_PATH),
    errno.EEXIST: (_FOLDER_IS_FILE, _CHECK_PATH),
    errno.EISDIR: (Message("it is a directory"), Message("name a file to write")),
    errno.ENAMETOOLONG: (Message("the name is too long"), Message("name a shorter path")),
    errno.ELOOP: (
        Message("too many levels of symbolic links"),
        Message("check the symlinks in the path"),
    ),
}


def same_file(first: str | Path, second: str | Path) -> bool:
    """Whether two paths name one file: ``x.yaml``, ``./x.yaml`` and a symlink to it do.

    When both exist the operating system decides (device and inode, so hard links and
    case-insensitive folders count too); otherwise the paths are compared resolved.
    """
    one, other = Path(first), Path(second)
    with contextlib.suppress(OSError, ValueError):
        if one.exists() and other.exists():
            return one.samefile(other)
    try:
        return one.resolve() == other.resolve()
    except (OSError, RuntimeError):  # a symlink loop names no file to compare
        return one.absolute() == other.absolute()


def refuse_overwrite(outputs: Iterable[str | Path], inputs: Iterable[Input]) -> None:
    """Raise :class:`OverwriteError` when an output is one of the inputs (``None`` ones skipped).

    Each input is named by what it is, e.g. ``("workflow", path)`` or ``("store", file)``;
    the message names the output, what it is and the input as it was given.
    """
    given = [(what, path) for what, path in inputs if path is not None and str(path)]
    for output in outputs:
        for what, path in given:
            if same_file(output, path):
                raise OverwriteError(
                    Message(
                        "{output}: the output is the {what} '{path}' (name another file to write)",
                        output=output,
                        what=what,
                        path=path,
                    )
                )


def write_error(path: str | Path, error: OSError, *, existed: bool) -> WriteError:
    """The :class:`WriteError` for an ``OSError`` met writing ``path``, in the words users read.

    ``path: cannot write: no space left on device; the old file is unchanged (free some
    space and run the command again)``; a file that did not exist says ``nothing was
    written``. Any writer of a user's file (a case file appended to, an export) uses it.
    """
    system = verbatim(error.strerror or str(error))  # the system's words for what we lack
    reason, hint = _REASONS.get(error.errno or 0, (system, _CHECK_PATH))
    kept = Message("the old file is unchanged") if existed else Message("nothing was written")
    return WriteError(
        Message(
            "{path}: cannot write: {reason}; {kept} ({hint})",
            path=path,
            reason=reason,
            kept=kept,
            hint=hint,
        )
    )


def refuse_read_only(path: str | Path, target: Path) -> None:
    """A file nobody may write (``chmod a-w``) is refused, for root too: its owner said so."""
    with contextlib.suppress(OSError):
        if target.stat().st_mode & 0o222 == 0 or not os.access(target, os.W_OK):
            raise WriteError(
                Message(
                    "{path}: cannot write: the file is read-only; the old file is unchanged "
                    "(make it writable, or name another file)",
                    path=path,
                )
            )


def _target(path: str | Path) -> Path:
    """The file a write of ``path`` changes: a symlink's target; a loop is a WriteError."""
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:  # a new file, or a dangling symlink: its target is created
        return Path(os.path.realpath(path))
    except OSError as error:  # a symlink loop, a folder in the path that is a file, ...
        raise write_error(path, error, existed=os.path.lexists(path)) from None


def write_atomic(path: str | Path, data: bytes | str, *, inputs: Iterable[Input] = ()) -> None:
    """Write ``data`` (text as UTF-8, line endings kept) to ``path`` atomically.

    The rules of :func:`open_atomic`, for data already in memory.
    """
    with open_atomic(path, inputs=inputs) as file:
        file.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextlib.contextmanager
def open_atomic(path: str | Path, *, inputs: Iterable[Input] = ()) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` with, bit by bit; it replaces ``path`` atomically.

    A ``path`` that is one of ``inputs`` is refused (:func:`refuse_overwrite`) and nothing
    is written. A symlink is kept: the file it points to is written. The bytes go to a
    temporary file beside that file; when the ``with`` block ends they are flushed to disk
    and renamed over it, and the folder is flushed so the rename survives a crash. An
    existing file keeps its permissions. When the block raises, or the system refuses, the
    temporary file is removed and the target is untouched. A read-only file, a full disk,
    a folder that cannot be written or a path that names no folder is a
    :class:`WriteError` (:func:`write_error`).
    """
    refuse_overwrite([path], inputs)
    target = _target(path)
    existed = target.exists()
    if existed:
        refuse_read_only(path, target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as error:
        raise write_error(path, error, existed=existed) from None
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        mode = target.stat().st_mode & 0o777 if existed else 0o644
        Path(temporary).chmod(mode)
        Path(temporary).replace(target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise write_error(path, error, existed=existed) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # not every platform can open a folder to flush it
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
