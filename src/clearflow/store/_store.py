"""Persistent cases and their append-only events, on SQLite (default) or PostgreSQL.

Built on SQLAlchemy Core so the same code runs on both. Every action is one
transaction; a version per case gives optimistic concurrency: a write based
on a stale read is refused with :class:`ConflictError` and changes nothing.
On SQLite the file is in WAL mode and write transactions start ``IMMEDIATE``,
so two processes never interleave inside one action. This module is the API;
the rows it writes are built in :mod:`clearflow.store._bulk`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError

from clearflow.engine import Actor, Case, Engine, Renames
from clearflow.errors import CaseDataError, ConflictError, StoreError, UnknownStudentError
from clearflow.spec.conditions import FactValue
from clearflow.store import _failures
from clearflow.store._bulk import Writer, chunks, mark_stored
from clearflow.store._case_rows import locked, restored
from clearflow.store._failures import IMPORT_FIRST
from clearflow.store._imports import ImportBatch, import_file, was_imported
from clearflow.store._limits import busy_error, check_workflow_ids, stored_id
from clearflow.store._migrate import migrate
from clearflow.store._moves import move_case
from clearflow.store._projection import fill_pending
from clearflow.store._reading import Reading, check_schema
from clearflow.store._rosters import adopt_roster
from clearflow.store._rows import AlchemyRows
from clearflow.store._rules import keep_rules
from clearflow.store._tables import (
    READ_ONLY,
    configure_sqlite,
    database_label,
    database_url,
    in_memory,
    read_only_url,
    sqlite_file,
)

T = TypeVar("T")

Connection = sa.Connection
"""The open transaction a ``before_commit`` hook is given, for :meth:`Store.record_import`."""


class Store(Reading):
    """Cases of one workflow in one database. Open with :meth:`Store.open`.

    Its reads (``load``, ``history``, ``student_ids``, ``cases``) are :class:`Reading`'s,
    the SQL a report on a SQLite file runs through ``sqlite3`` (``_reader``)."""

    def __init__(
        self, database: sa.Engine, engine: Engine, *, read_only: bool = False, label: str = ""
    ) -> None:
        self.database = database
        self.engine = engine
        self.workflow = engine.workflow.id
        self.read_only = read_only
        self.label = label or database_label(database.url.render_as_string(hide_password=True))
        self.is_sqlite = database.dialect.name == "sqlite"
        self.use_engine(engine)
        self._writer = Writer(database, engine)

    @classmethod
    def open(
        cls,
        target: str | Path,
        engine: Engine,
        *,
        sync_full: bool = False,
        create: bool = True,
        read_only: bool = False,
        memory: bool = False,
    ) -> Store:
        """Open (creating when needed) the database at a path or URL.

        On SQLite, commits are atomic and survive a crash of the process; with
        ``sync_full`` every commit is also flushed to disk (safe against power
        loss, about half as fast). With ``create=False`` a SQLite file that does not
        exist is a StoreError instead of a new database (for readers: a report of a
        mistyped path should not leave an empty database behind).

        An open that may write applies the schema's additive revisions (``_migrate``).
        With ``read_only`` (for reports) nothing is ever written: a SQLite file is opened
        with ``mode=ro``, a database that is not a clearflow store of this version is a
        StoreError, and so is every write. An empty target is a StoreError, and so is an
        in-memory SQLite database unless ``memory`` asks for one, and a workflow whose ids
        are too long for the columns. A database that stays locked by another process is
        a ConflictError ("busy"), here and in every method.
        """
        check_workflow_ids(engine.workflow)
        label = database_label(target)
        url: str | sa.URL = database_url(target, memory=memory)
        path = sqlite_file(target)
        _failures.refuse_unusable(path, label)
        if (read_only or not create) and path is not None and not path.exists():
            raise _failures.no_database(label, IMPORT_FIRST)
        if not read_only:  # a read-only open refuses it in check_schema, having written nothing
            _failures.refuse_foreign(path, label)
        if read_only and path is not None:
            url = read_only_url(path)
        # One connection per thread, so every use sees the one in-memory database.
        pool = {"poolclass": sa.pool.SingletonThreadPool} if in_memory(str(url)) else {}
        try:
            database = sa.create_engine(url, **pool)
        except (sa.exc.ArgumentError, ImportError) as error:
            raise _failures.cannot_open(label, str(error)) from None
        if database.dialect.name == "sqlite":
            configure_sqlite(database, sync_full, read_only=read_only)
        elif read_only:
            database = database.execution_options(postgresql_readonly=True)
        store = cls(database, engine, read_only=read_only, label=label)
        try:
            store._open_schema(label)
            adopt_roster(store)  # the newest staff roster, unless the engine has one
        except BaseException:
            database.dispose()
            raise
        return store

    def close(self) -> None:
        """Release the database connections."""
        self.database.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open_schema(self, target: str) -> None:
        """Check clearflow's tables; create or upgrade them, unless the store is read-only."""
        try:
            with self._reading() if self.read_only else self._writing(target) as connection:
                if self.read_only:
                    check_schema(AlchemyRows(connection), target)
                else:  # and a store upgraded from version 1: its holds
                    migrate(connection, target)
                    fill_pending(connection, self.workflow, self.engine)
                    keep_rules(connection, self.engine.workflow)
        except DBAPIError as error:
            raise _failures.cannot_open(target, str(error.orig)) from None

    @contextlib.contextmanager
    def _busy(self) -> Iterator[None]:
        """A database that stayed locked becomes a ConflictError; other failures pass."""
        try:
            yield
        except DBAPIError as error:
            busy = busy_error(error, self.label)
            if busy is None:
                raise
            raise busy from None

    @contextlib.contextmanager
    def _writing(self, label: str | None = None) -> Iterator[sa.Connection]:
        """A write transaction; a StoreError on a store opened read-only, and for what the
        database refuses (read-only file, disk full); a ConflictError when it stays busy."""
        if self.read_only:
            raise _failures.opened_read_only(self.label)
        with self._busy(), _failures.writing(self.database, label or self.label) as connection:
            yield connection

    # -- reading -------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sa.Connection]:
        """A connection for reading only: on SQLite it never takes the write lock."""
        with self._busy(), self.database.connect() as connection:
            yield connection.execution_options(**{READ_ONLY: True})

    @contextlib.contextmanager
    def _query(self) -> Iterator[AlchemyRows]:
        """:meth:`_reading` as the ``Rows`` that :class:`Reading`'s SQL texts run on."""
        with self._reading() as connection:
            yield AlchemyRows(connection)

    def _locked(self, connection: sa.Connection, student_ids: list[str]) -> list[Case]:
        """The cases of some students (sorted, at most 500), locked on PostgreSQL, read in
        one lock order: no deadlocks (:func:`~clearflow.store._case_rows.locked`)."""
        rows = AlchemyRows(connection)
        found = locked(rows, self.workflow, student_ids, lock=not self.is_sqlite)
        return [restored(self._restore, data) for data in found]

    # -- writing -------------------------------------------------------------

    def add(
        self,
        cases: Iterable[Case],
        counsellors: dict[str, str | None] | None = None,
        *,
        before_commit: Callable[[sa.Connection], object] | None = None,
    ) -> int:
        """Insert new cases with their events, in one transaction; returns how many.

        ``before_commit`` runs inside the transaction once the rows are written; when it
        raises, nothing is written. Like :meth:`save`, marks each case as stored (``events``
        emptied, ``base_version`` moved up), so it can go on being acted on and saved.
        """
        batch = list(cases)
        try:
            with self._writing() as connection:
                self._writer.insert(connection, batch, counsellors or {})
                if before_commit is not None:
                    before_commit(connection)
        except IntegrityError:
            raise _failures.already_stored() from None
        mark_stored(batch)
        return len(batch)

    def save(self, case: Case, expected: int | None = None) -> None:
        """Write a case changed since it was loaded; ConflictError if someone was faster."""
        with self._writing() as connection:
            self._writer.update(connection, [case], expected)

    def act(self, student_id: str, action: Callable[[Case], T]) -> T:
        """Load a case, apply ``action`` to it and save it, all in one transaction.

        When ``action`` raises, nothing is written.
        """
        student_id = stored_id(student_id)
        with self._writing() as connection:
            found = self._locked(connection, [student_id])
            if not found:
                raise _failures.unknown_student(student_id, self.workflow)
            case = found[0]
            result = action(case)
            self._writer.update(connection, [case])
        return result

    def act_many(
        self,
        student_ids: Iterable[str],
        action: Callable[[Case], object],
        *,
        before_commit: Callable[[sa.Connection], object] | None = None,
    ) -> int:
        """Apply ``action`` to many cases in ONE transaction; all or nothing. Returns changed.

        ``before_commit`` runs inside the transaction after the changes are written; when
        it raises (e.g. with the errors ``action`` collected), nothing is written.
        """
        wanted = list(dict.fromkeys(stored_id(student) for student in student_ids))
        with self._writing() as connection:
            loaded: list[Case] = []
            for chunk in chunks(sorted(wanted), 500):
                loaded.extend(self._locked(connection, chunk))
            found = {case.student_id for case in loaded}
            missing = [student for student in wanted if student not in found]
            if missing:
                raise _failures.unknown_student(missing[0], self.workflow)
            for case in loaded:
                action(case)
            changed = [case for case in loaded if case.events]
            self._writer.update(connection, changed)
            if before_commit is not None:
                before_commit(connection)
        return len(changed)

    def keep(self, engine: Engine) -> None:
        """Keep the rules of ``engine`` (a version of this store's workflow) and read their
        cases with it: what ``migrate`` does with the workflow a store's cases started on."""
        self.know(engine)
        with self._writing() as connection:
            keep_rules(connection, engine.workflow)

    def move(
        self,
        student_id: str,
        engine: Engine,
        *,
        by: Actor,
        why: str,
        renames: Renames | None = None,
        facts: Mapping[str, FactValue] | None = None,
        at: dt.datetime | None = None,
        expected: int | None = None,
    ) -> Case:
        """Move one case onto ``engine``'s rules in one transaction, with its ``migrate``
        event (:mod:`clearflow.store._moves`): its actions renamed by ``renames`` and done
        again there, ``facts`` given for facts the new rules ask for; a ConflictError when
        its version is not ``expected`` (the version a plan read)."""
        return move_case(
            self,
            stored_id(student_id),
            engine,
            by=by,
            why=why,
            renames=renames,
            facts=facts,
            at=at,
            expected=expected,
        )

    # -- imports -------------------------------------------------------------

    def was_imported(self, sha256: str) -> bool:
        """Whether a file with this key was already imported for this workflow."""
        with self._reading() as connection:
            return was_imported(self, connection, sha256)

    def import_file(
        self, key: str, kind: str, source: str, body: Callable[[ImportBatch], int]
    ) -> bool:
        """Run an import's ``body`` in one transaction recording the file; False if recorded.

        See :func:`clearflow.store._imports.import_file`: two processes importing one file
        at once write it once, and the other returns False having changed nothing.
        """
        return import_file(self, key, kind, source, body)


# The errors are re-exported because ``clearflow.__init__`` loads them from here (lazily).
__all__ = ["CaseDataError", "ConflictError", "Store", "StoreError", "UnknownStudentError"]
__all__ += ["database_label", "database_url"]
