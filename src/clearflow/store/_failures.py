"""What the database says when it cannot open or write, in the words a user reads.

SQLite and PostgreSQL refuse a write the user can fix: a read-only file or folder
("attempt to write a readonly database"), a full disk ("database or disk is full"), a
folder where SQLite cannot create its journal ("unable to open database file"). Every
write transaction of the store runs in :func:`writing`, which turns such an
``OperationalError`` into a :class:`~clearflow.errors.StoreError`; the transaction was
rolled back, so the store is unchanged. Other errors (a conflict, a duplicate row) pass.
The store's other refusals (read-only, an unknown student) are worded here too; those a
read-only open shares with the ``sqlite3`` reader are in ``_refusals``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from clearflow._i18n import N_, Message
from clearflow.errors import ConflictError, StoreError
from clearflow.store._refusals import IMPORT_FIRST as IMPORT_FIRST
from clearflow.store._refusals import IMPORT_FIRST_WORDS as IMPORT_FIRST_WORDS
from clearflow.store._refusals import cannot_open as cannot_open
from clearflow.store._refusals import no_database as no_database
from clearflow.store._refusals import not_a_store
from clearflow.store._refusals import refuse_unusable as refuse_unusable
from clearflow.store._refusals import stored_student as stored_student
from clearflow.store._refusals import unknown_student as unknown_student
from clearflow.store._tables import meta_table

_READ_ONLY = N_("is read-only")
_FULL = N_("has no space left on its device")
_FREE_SPACE = N_("free some space and run it again")
_SAYINGS = (
    ("readonly database", _READ_ONLY, N_("make the file and its folder writable")),
    ("read-only transaction", _READ_ONLY, N_("connect as a user who may write")),
    ("disk is full", _FULL, _FREE_SPACE),
    ("no space left", _FULL, _FREE_SPACE),
    ("quota", N_("is over its disk quota"), _FREE_SPACE),
    (
        "unable to open database file",
        N_("cannot be written"),
        N_("check that its folder is writable"),
    ),
    ("disk i/o error", N_("cannot be written (disk I/O error)"), N_("check the disk")),
)
"""What the database says, what that means for the store, and what to do about it."""


def already_stored() -> StoreError:
    """The refusal of an ``add`` whose student is stored already."""
    return StoreError(Message("cannot add: a student is already in the store"))


def added_meanwhile() -> ConflictError:
    """The refusal of an import one of whose students another process added meanwhile."""
    return ConflictError(
        Message(
            "a student of this file was added by someone else meanwhile "
            "(nothing was changed; import again)"
        )
    )


def opened_read_only(label: str) -> StoreError:
    """The refusal of a write to a store opened read-only."""
    return StoreError(
        Message("database '{label}' was opened read-only (open it without read_only)", label=label)
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
            return StoreError(
                Message(
                    "database '{label}' {what}; nothing was written ({hint})",
                    label=label,
                    what=Message(what),
                    hint=Message(hint),
                )
            )
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
