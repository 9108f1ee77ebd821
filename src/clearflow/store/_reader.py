"""A store opened for reports on a SQLite file through ``sqlite3``, without SQLAlchemy.

SQLAlchemy costs a report about 0.3 s to import, most of a report's wall time on a class
of 3,000. A report only reads, so on a SQLite file :func:`open_reader` gives a
:class:`SqliteReader`: the standard library's ``sqlite3`` opening the file read-only
(``mode=ro``), running the texts of :mod:`clearflow.store._sql` that
:class:`~clearflow.store.Store` runs through SQLAlchemy on every other database (its
reads are :class:`~clearflow.store._reading.Reading`'s, shared). It refuses what a
read-only :meth:`Store.open <clearflow.store.Store.open>` refuses, in the same words
(:mod:`clearflow.store._refusals`, :func:`~clearflow.store._reading.check_schema`): no
file, not a store, another schema version, a lock held past the busy timeout.

Only a plain path (or ``sqlite:///path``) without ``%`` or ``?`` is read this way, and only
a workflow whose ids a store can keep: anything else (a server URL, a SQLite URL with
options, an in-memory database, an id too long) goes to SQLAlchemy's store, which knows
it; tests hold the two paths equal on every report and refusal.
"""

from __future__ import annotations

import contextlib
import sqlite3
import urllib.parse
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from clearflow._lazy import attribute
from clearflow.engine import Engine
from clearflow.spec import Workflow
from clearflow.store._reading import Reading, check_schema, newest_roster
from clearflow.store._refusals import (
    BUSY_TIMEOUT_MS,
    IMPORT_FIRST,
    SQLITE_BUSY,
    busy,
    cannot_open,
    no_database,
    refuse_unusable,
)

Driver = Literal["auto", "sqlite3", "sqlalchemy"]
ID_CHARS = 128
"""The longest workflow, step or office id a store keeps (``_limits.ID_LENGTH``)."""
_URL = "sqlite:///"


def plain_sqlite_file(target: str | Path) -> Path | None:
    """The SQLite file a target names when it is a plain path or ``sqlite:///path`` that
    SQLAlchemy would read the same way (no ``%``, ``?``, ``file:`` or in-memory name);
    None: ask SQLAlchemy."""
    text = str(target)
    if text.startswith(_URL):
        text = text[len(_URL) :]
    elif "://" in text:
        return None
    if not text.strip() or any(mark in text for mark in "%?") or text.startswith("file:"):
        return None
    if text == ":memory:":
        return None
    return Path(text)


def ids_fit(workflow: Workflow) -> bool:
    """Whether a store can keep every id of the workflow (else SQLAlchemy's store says why)."""
    ids = [step.id for step in workflow.steps] + [office.id for office in workflow.offices]
    return all(len(value) <= ID_CHARS and "\x00" not in value for value in (workflow.id, *ids))


def open_reader(target: str | Path, engine: Engine, *, driver: Driver = "auto") -> Reading:
    """A store opened read-only for reports: on a SQLite file a :class:`SqliteReader`,
    else (or with ``driver="sqlalchemy"``) ``Store.open(target, engine, read_only=True)``.
    ``driver="sqlite3"`` insists on the first (tests)."""
    path = plain_sqlite_file(target) if driver != "sqlalchemy" else None
    if path is not None and ids_fit(engine.workflow):
        return SqliteReader.open(path, engine, label=str(target))
    if driver == "sqlite3":
        raise ValueError(f"{target!r} is not read through sqlite3")
    store: Reading = attribute("clearflow.store._store", "Store").open(
        target, engine, read_only=True
    )
    return store


class _SqliteRows:
    """A ``sqlite3`` connection as :class:`~clearflow.store._reading.Rows`."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def run(self, sql: str, given: Mapping[str, Any]) -> Iterator[tuple[Any, ...]]:
        return iter(self.connection.execute(sql, dict(given)))

    def has_table(self, name: str) -> bool:
        found = self.connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,)
        )
        return found.fetchone() is not None


class SqliteReader(Reading):
    """A SQLite store opened read-only with ``sqlite3``. Open with :meth:`open`."""

    read_only = True
    is_sqlite = True

    def __init__(self, connection: sqlite3.Connection, engine: Engine, label: str) -> None:
        self._connection = connection
        self._depth = 0
        self.engine = engine
        self.workflow = engine.workflow.id
        self.label = label
        self.use_engine(engine)

    @classmethod
    def open(cls, path: Path, engine: Engine, *, label: str) -> SqliteReader:
        """Open the file read-only, check it is a store of this version, adopt its roster."""
        refuse_unusable(path, label)
        if not path.exists():
            raise no_database(label, IMPORT_FIRST)
        uri = "file:" + urllib.parse.quote(str(path.absolute())) + "?mode=ro"
        try:
            connection = sqlite3.connect(uri, uri=True, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        except sqlite3.Error as error:
            raise cannot_open(label, str(error)) from None
        reader = cls(connection, engine, label)
        try:
            try:
                with reader._query() as rows:
                    check_schema(rows, label)
            except sqlite3.Error as error:
                raise cannot_open(label, str(error)) from None
            if engine.roster is None:
                with reader._query() as rows:
                    roster = newest_roster(rows, reader.workflow)
                if roster is not None:
                    reader.use_engine(Engine(engine.workflow, roster))
        except BaseException:
            connection.close()
            raise
        return reader

    @contextlib.contextmanager
    def _query(self) -> Iterator[_SqliteRows]:
        """A read transaction (the outermost of nested ones begins and ends it); a lock held
        past the busy timeout is a ConflictError, as on SQLAlchemy's store."""
        try:
            if self._depth == 0:
                self._connection.execute("BEGIN")
            self._depth += 1
            try:
                yield _SqliteRows(self._connection)
            finally:
                self._depth -= 1
                if self._depth == 0 and self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
        except sqlite3.OperationalError as error:
            if any(words in str(error).lower() for words in SQLITE_BUSY):
                raise busy(self.label) from None
            raise

    def close(self) -> None:
        """Release the connection."""
        self._connection.close()


def sqlite_file(target: str | Path) -> Path | None:
    """The file a database names on SQLite; None for a server URL or an in-memory database
    (``_tables.sqlite_file``, asked only when the target is not a plain path)."""
    path = plain_sqlite_file(target)
    if path is not None:
        return path
    found: Path | None = attribute("clearflow.store._tables", "sqlite_file")(target)
    return found


def database_label(target: str | Path) -> str:
    """A target as messages show it: a path as it is, a URL with its password hidden
    (``_tables.database_label``, asked only for a URL)."""
    text = str(target)
    if "://" not in text:
        return text
    label: str = attribute("clearflow.store._tables", "database_label")(target)
    return label


__all__ = [
    "ID_CHARS",
    "SqliteReader",
    "database_label",
    "ids_fit",
    "open_reader",
    "plain_sqlite_file",
    "sqlite_file",
]
