"""What the database says when it cannot write, in the words a user reads.

SQLite and PostgreSQL refuse a write the user can fix: a read-only file or folder
("attempt to write a readonly database"), a full disk ("database or disk is full"), a
folder where SQLite cannot create its journal ("unable to open database file"). Every
write transaction of the store runs in :func:`writing`, which turns such an
``OperationalError`` into a :class:`~clearflow.errors.StoreError`; the transaction was
rolled back, so the store is unchanged. Other errors (a conflict, a duplicate row) pass.
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from clearflow._files import kind_of, read_hint
from clearflow.errors import StoreError
from clearflow.store._tables import meta_table, not_a_store

_SAYINGS = (
    ("readonly database", "is read-only", "make the file and its folder writable"),
    ("read-only transaction", "is read-only", "connect as a user who may write"),
    ("disk is full", "has no space left on its device", "free some space and run it again"),
    ("no space left", "has no space left on its device", "free some space and run it again"),
    ("quota", "is over its disk quota", "free some space and run it again"),
    ("unable to open database file", "cannot be written", "check that its folder is writable"),
    ("disk i/o error", "cannot be written (disk I/O error)", "check the disk"),
)


def refuse_unusable(path: Path | None, label: str) -> None:
    """A StoreError when a SQLite file's path cannot be looked at (a folder that cannot be
    entered, a folder in the path that is a file, a name too long, a symlink loop); a
    file that does not exist yet is fine; a named pipe, device or socket is refused. None
    (a server URL) and a SQLite URI filename (``file:...``, which SQLite reads itself) are
    not checked."""
    if path is None or str(path).startswith("file:"):
        return
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.parent.is_dir():
            return  # a new database: SQLite creates it
        raise StoreError(
            f"cannot open database '{label}': no such folder '{path.parent}' (check the path)"
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise StoreError(f"cannot open database '{label}': {reason} ({read_hint(error)})") from None
    if stat.S_ISDIR(mode):
        raise StoreError(f"cannot open database '{label}': is a directory (name a SQLite file)")
    if not stat.S_ISREG(mode):  # SQLite would wait on a named pipe forever
        raise StoreError(
            f"cannot open database '{label}': is {kind_of(mode)}, not a file (name a SQLite file)"
        )


def refuse_foreign(path: Path | None, label: str) -> None:
    """A StoreError for another program's SQLite file (tables, none of them clearflow's),
    which opening it to write would add clearflow's tables to and switch to WAL. It is read
    without writing to it; an empty file, a missing one or a server URL passes."""
    if path is None or str(path).startswith("file:"):
        return
    tables = _sqlite_tables(path)
    if tables and meta_table.name not in tables:
        raise not_a_store(label)


def _sqlite_tables(path: Path) -> list[str]:
    """The tables of a SQLite file, read without writing to it; [] when it is not one."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return [str(row[0]) for row in rows]
    except sqlite3.Error:
        return []  # not a database, or locked: opening it says so
    finally:
        connection.close()


def write_failure(error: OperationalError, label: str) -> StoreError | None:
    """The StoreError for a write the database refused, or None when it is not one of those."""
    said = str(error.orig).lower()
    for words, what, hint in _SAYINGS:
        if words in said:
            return StoreError(f"database '{label}' {what}; nothing was written ({hint})")
    return None


@contextmanager
def writing(database: sa.Engine, label: str) -> Iterator[sa.Connection]:
    """A write transaction whose refusals by the database are StoreErrors (see module)."""
    try:
        with database.begin() as connection:
            yield connection
    except OperationalError as error:
        failure = write_failure(error, label)
        if failure is None:
            raise
        raise failure from None
