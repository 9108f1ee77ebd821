"""Writing a file safely: never over one of the inputs, through symlinks, old or new only.

:func:`refuse_overwrite` is the one rule every command that writes a file follows: an
output that is one of its inputs (the workflow, a student record, the store's file, ...)
is refused before anything is written. :func:`write_atomic` applies it, then writes so
that readers see the old content or the new, never half of either.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from clearflow.errors import OverwriteError

Input = tuple[str, str | Path | None]
"""What an input is, as a message names it (``workflow``, ``store``), and its path."""


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
                    f"{output}: the output is the {what} '{path}' (name another file to write)"
                )


def write_atomic(path: str | Path, data: bytes | str, *, inputs: Iterable[Input] = ()) -> None:
    """Write ``data`` (text as UTF-8, line endings kept) to ``path`` atomically.

    A ``path`` that is one of ``inputs`` is refused (:func:`refuse_overwrite`) and nothing
    is written. A symlink is kept: the file it points to is written. The bytes go to a
    temporary file beside that file, are flushed to disk and renamed over it, and the
    folder is flushed so the rename survives a crash. An existing file keeps its
    permissions; on any error the temporary file is removed and the target is untouched.
    """
    refuse_overwrite([path], inputs)
    target = Path(os.path.realpath(path))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        Path(temporary).chmod(mode)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # not every platform can open a folder to flush it
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
