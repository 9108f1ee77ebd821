"""The store's refusals to open, worded once for both ways of reading a store.

A report reads a SQLite file through the standard library's ``sqlite3``
(:mod:`clearflow.store._reader`) and any other database through SQLAlchemy
(:class:`~clearflow.store.Store`); both refuse the same targets with the same words, made
here without importing SQLAlchemy: a path that cannot be a SQLite file, no database, not a
clearflow store, another schema version, a database that stays locked.
"""

from __future__ import annotations

import stat
from pathlib import Path

from clearflow._files import kind_of, read_hint
from clearflow._i18n import Message
from clearflow.errors import ConflictError, StoreError, UnknownStudentError
from clearflow.spec import clean_student_id

SCHEMA_VERSION = 5
"""The schema version this clearflow reads and writes (``clearflow_meta``'s ``schema``)."""
READS = frozenset({str(SCHEMA_VERSION)})
"""The versions a read-only open reads as they are (version 4 keeps facts and holds texts
on every case row: revision 0005 moves them, so such a store is upgraded first)."""
UPGRADE_STORE = "upgrade_store"
"""The ``fix`` of a refusal to open a store whose pending revisions are not additive."""
IMPORT_FIRST = "import_roster"
"""The ``fix`` of a refusal to read a database with no students: import a roster first."""
IMPORT_FIRST_WORDS = Message("(import a roster first)")
"""The library's words for the remedy of :func:`no_database` (the CLI says it its way)."""
SQLITE_BUSY = ("database is locked", "database table is locked", "database schema is locked")
"""What SQLite says of a lock another process holds past the busy timeout."""
BUSY_TIMEOUT_MS = 30000
"""How long a SQLite connection waits for another process's lock before it is "busy"."""


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
        folder = str(path.parent)
        raise cannot_open(
            label, Message("no such folder '{folder}' (check the path)", folder=folder)
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        hint = read_hint(error)
        raise cannot_open(label, Message("{reason} ({hint})", reason=reason, hint=hint)) from None
    if stat.S_ISDIR(mode):
        raise cannot_open(label, Message("is a directory (name a SQLite file)"))
    if not stat.S_ISREG(mode):  # SQLite would wait on a named pipe forever
        kind = kind_of(mode)
        raise cannot_open(label, Message("is {kind}, not a file (name a SQLite file)", kind=kind))


def cannot_open(label: str, reason: Message | str) -> StoreError:
    """``cannot open database 'x': reason``."""
    return StoreError(
        Message("cannot open database '{label}': {reason}", label=label, reason=reason)
    )


def no_database(label: str, fix: str) -> StoreError:
    """``no database at 'x' (import a roster first)``: a reader's store that is not there."""
    return StoreError(
        Message("no database at '{label}' {remedy}", label=label, remedy=IMPORT_FIRST_WORDS),
        fix=fix,
    )


def not_a_store(target: str) -> StoreError:
    """The refusal of a database that holds none of clearflow's tables."""
    return StoreError(
        Message(
            "database '{label}' is not a clearflow store (it has none of clearflow's tables; "
            "check the path)",
            label=target,
        )
    )


def newer_store(target: str, found: str | None) -> StoreError:
    """The refusal of a store of another schema version than this code reads (or of none)."""
    said = (
        Message("no schema version")
        if found is None
        else Message("schema version {version}", version=found)
    )
    return StoreError(
        Message(
            "database '{label}' has {found}; this clearflow reads version {version}",
            label=target,
            found=said,
            version=SCHEMA_VERSION,
        )
    )


def older_store(target: str, found: int | str, version: int | str = SCHEMA_VERSION) -> StoreError:
    """The refusal of a store of an older schema version that must be upgraded first."""
    return StoreError(
        Message(
            "database '{label}' has {found}; this clearflow reads version {version} "
            "(upgrade it first with upgrade_store())",
            label=target,
            found=Message("schema version {version}", version=found),
            version=version,
        ),
        fix=UPGRADE_STORE,
    )


def stored_student(student_id: str) -> Message:
    """Where a stored case comes from, as its errors name it: ``student 'x'``."""
    return Message("student '{student}'", student=student_id)


def unknown_student(student_id: str, workflow: str) -> UnknownStudentError:
    """``no student 'x' in workflow 'y'``."""
    return UnknownStudentError(
        Message(
            "no student '{student}' in workflow '{workflow}'", student=student_id, workflow=workflow
        )
    )


def stored_id(student_id: str) -> str:
    """A student id as the store looks it up: trimmed; an UnknownStudentError if it holds NUL.

    No stored student's id holds NUL (``_limits`` refuses it on writing), and PostgreSQL
    refuses the lookup itself, so the answer is known without asking.
    """
    cleaned = clean_student_id(student_id)
    if "\x00" in cleaned:
        raise UnknownStudentError(
            Message(
                "no student {student} (a student id holds no NUL character)", student=repr(cleaned)
            )
        )
    return cleaned


def busy(label: str) -> ConflictError:
    """The refusal of a database that stayed locked by another process: try again."""
    return ConflictError(
        Message(
            "database '{label}' is busy: another process is writing to it "
            "(nothing was changed; try again in a moment)",
            label=label,
        )
    )


__all__ = [
    "BUSY_TIMEOUT_MS",
    "IMPORT_FIRST",
    "IMPORT_FIRST_WORDS",
    "SCHEMA_VERSION",
    "SQLITE_BUSY",
    "busy",
    "cannot_open",
    "newer_store",
    "no_database",
    "not_a_store",
    "refuse_unusable",
    "stored_id",
    "stored_student",
    "unknown_student",
]
