"""Persistent cases and their append-only events, on SQLite (default) or PostgreSQL.

Built on SQLAlchemy Core so the same code runs on both. Every action is one
transaction; a version per case gives optimistic concurrency: a write based
on a stale read is refused with :class:`ConflictError` and changes nothing.
On SQLite the file is in WAL mode and write transactions start ``IMMEDIATE``,
so two processes never interleave inside one action.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError

from clearflow.engine import Case, Engine, Event, restorer, snapshot
from clearflow.errors import (
    CaseDataError,
    ConflictError,
    StoreError,
    UnknownStudentError,
)
from clearflow.store._tables import (
    READ_ONLY,
    SCHEMA_VERSION,
    cases_table,
    configure_sqlite,
    database_label,
    database_url,
    events_table,
    imports_table,
    meta_table,
    metadata,
)

T = TypeVar("T")

_to_json = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(value, ensure_ascii=False)`` without building an encoder per call."""


class Store:
    """Cases of one workflow in one database. Open with :meth:`Store.open`."""

    def __init__(self, database: sa.Engine, engine: Engine) -> None:
        self.database = database
        self.engine = engine
        self.workflow = engine.workflow.id
        self.is_sqlite = database.dialect.name == "sqlite"
        # Statements are built once: SQLAlchemy then reuses their compiled form.
        self._select_one = sa.select(cases_table).where(
            cases_table.c.workflow == sa.bindparam("k_workflow"),
            cases_table.c.student_id == sa.bindparam("k_student"),
        )
        self._select_for_update = (
            self._select_one if self.is_sqlite else self._select_one.with_for_update()
        )
        self._update_one = (
            sa.update(cases_table)
            .where(
                cases_table.c.workflow == sa.bindparam("k_workflow"),
                cases_table.c.student_id == sa.bindparam("k_student"),
                cases_table.c.version == sa.bindparam("k_version"),
            )
            .values(
                phase=sa.bindparam("phase"),
                state=sa.bindparam("state"),
                version=sa.bindparam("version"),
                updated_at=sa.bindparam("updated_at"),
            )
        )
        self._insert_event = sa.insert(events_table)
        self._restore = restorer(engine)
        # Batches skip SQLAlchemy's per-row parameter processing (the columns are all
        # strings and integers, which need none): each statement is compiled once for
        # the dialect and its rows go straight to the driver's executemany.
        self._update_sql = _DriverStatement(self._update_one, database.dialect)
        self._insert_event_sql = _DriverStatement(self._insert_event, database.dialect)
        self._insert_case_sql = _DriverStatement(sa.insert(cases_table), database.dialect)

    @classmethod
    def open(cls, target: str | Path, engine: Engine, *, sync_full: bool = False) -> Store:
        """Open (creating when needed) the database at a path or URL.

        On SQLite, commits are atomic and survive a crash of the process; with
        ``sync_full`` every commit is also flushed to disk (safe against power
        loss, about half as fast).
        """
        url = database_url(target)
        try:
            database = sa.create_engine(url)
        except (sa.exc.ArgumentError, ImportError) as error:
            raise StoreError(f"cannot open database '{database_label(target)}': {error}") from None
        if database.dialect.name == "sqlite":
            configure_sqlite(database, sync_full)
        store = cls(database, engine)
        try:
            store._prepare_schema(database_label(target))
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

    def _prepare_schema(self, target: str) -> None:
        try:
            with self.database.begin() as connection:
                metadata.create_all(connection)
                row = connection.execute(
                    sa.select(meta_table.c.value).where(meta_table.c.key == "schema")
                ).one_or_none()
                if row is None:
                    connection.execute(
                        sa.insert(meta_table).values(key="schema", value=str(SCHEMA_VERSION))
                    )
                elif row.value != str(SCHEMA_VERSION):
                    raise StoreError(
                        f"database '{target}' has schema version {row.value}; this clearflow "
                        f"reads version {SCHEMA_VERSION}"
                    )
        except DBAPIError as error:
            raise StoreError(f"cannot open database '{target}': {error.orig}") from None

    # -- reading -------------------------------------------------------------

    def _reading(self) -> sa.Connection:
        """A connection for reading only: on SQLite it never takes the write lock."""
        return self.database.connect().execution_options(**{READ_ONLY: True})

    def _params(self, student_id: str) -> dict[str, str]:
        return {"k_workflow": self.workflow, "k_student": student_id}

    def _case(self, row: Any) -> Case:
        data = json.loads(row.state)
        data["version"] = row.version
        data["events"] = []
        return self._restore(data, f"student '{row.student_id}'")

    def load(self, student_id: str) -> Case:
        """The case as stored, without its history (``case.events`` starts empty)."""
        with self._reading() as connection:
            row = connection.execute(self._select_one, self._params(student_id)).first()
        if row is None:
            raise UnknownStudentError(f"no student '{student_id}' in workflow '{self.workflow}'")
        return self._case(row)

    def history(self, student_id: str) -> list[Event]:
        """Every event of a student's case, in order."""
        query = (
            sa.select(events_table.c.event)
            .where(
                events_table.c.workflow == self.workflow, events_table.c.student_id == student_id
            )
            .order_by(events_table.c.seq)
        )
        with self._reading() as connection:
            return [Event.from_dict(json.loads(row.event)) for row in connection.execute(query)]

    def student_ids(self) -> list[str]:
        """Every student of this workflow in the store, sorted."""
        query = (
            sa.select(cases_table.c.student_id)
            .where(cases_table.c.workflow == self.workflow)
            .order_by(cases_table.c.student_id)
        )
        with self._reading() as connection:
            return [row.student_id for row in connection.execute(query)]

    def cases(self) -> Iterator[tuple[Case, str | None]]:
        """Every case with its counsellor, for reports (history left out)."""
        query = (
            sa.select(cases_table)
            .where(cases_table.c.workflow == self.workflow)
            .order_by(cases_table.c.student_id)
        )
        with self._reading() as connection:
            for row in connection.execute(query):
                yield self._case(row), row.counsellor

    # -- writing -------------------------------------------------------------

    def add(
        self,
        cases: Iterable[Case],
        counsellors: dict[str, str | None] | None = None,
        *,
        before_commit: Callable[[sa.Connection], object] | None = None,
    ) -> int:
        """Insert new cases with their events, in one transaction; returns how many.

        ``before_commit`` runs inside the transaction once the rows are written (an
        import records its file there); when it raises, nothing is written.

        Like :meth:`save`, marks each case as stored (``events`` emptied, ``base_version``
        moved up), so it can go on being acted on and saved.
        """
        batch = list(cases)
        try:
            with self.database.begin() as connection:
                self._insert(connection, batch, counsellors or {})
                if before_commit is not None:
                    before_commit(connection)
        except IntegrityError:
            raise StoreError("cannot add: a student is already in the store") from None
        _mark_stored(batch)
        return len(batch)

    def _insert(
        self, connection: sa.Connection, cases: Sequence[Case], counsellors: dict[str, str | None]
    ) -> None:
        if not cases:
            return
        now = _now()
        self._insert_case_sql.execute(
            connection,
            [
                {**self._row(case, now), "counsellor": counsellors.get(case.student_id)}
                for case in cases
            ],
        )
        self._insert_events(connection, cases)

    def save(self, case: Case, expected: int | None = None) -> None:
        """Write a case changed since it was loaded; ConflictError if someone was faster."""
        with self.database.begin() as connection:
            self._update(connection, [case], expected)

    def act(self, student_id: str, action: Callable[[Case], T]) -> T:
        """Load a case, apply ``action`` to it and save it, all in one transaction.

        When ``action`` raises, nothing is written.
        """
        with self.database.begin() as connection:
            row = connection.execute(self._select_for_update, self._params(student_id)).first()
            if row is None:
                raise UnknownStudentError(
                    f"no student '{student_id}' in workflow '{self.workflow}'"
                )
            case = self._case(row)
            result = action(case)
            self._update(connection, [case])
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
        wanted = list(dict.fromkeys(student_ids))
        with self.database.begin() as connection:
            loaded: list[Case] = []
            for chunk in _chunks(sorted(wanted), 500):
                query = (
                    sa.select(cases_table)
                    .where(
                        cases_table.c.workflow == self.workflow,
                        cases_table.c.student_id.in_(chunk),
                    )
                    .order_by(cases_table.c.student_id)  # one lock order: no deadlocks
                )
                if not self.is_sqlite:
                    query = query.with_for_update()
                loaded.extend(self._case(row) for row in connection.execute(query))
            found = {case.student_id for case in loaded}
            missing = [student for student in wanted if student not in found]
            if missing:
                raise UnknownStudentError(
                    f"no student '{missing[0]}' in workflow '{self.workflow}'"
                )
            for case in loaded:
                action(case)
            changed = [case for case in loaded if case.events]
            self._update(connection, changed)
            if before_commit is not None:
                before_commit(connection)
        return len(changed)

    def _update(
        self, connection: sa.Connection, cases: Sequence[Case], expected: int | None = None
    ) -> None:
        if not cases:
            return
        now = _now()
        rows = []
        for case in cases:
            row = self._row(case, now)
            base = case.base_version if expected is None else expected
            rows.append(
                {
                    "k_workflow": self.workflow,
                    "k_student": case.student_id,
                    "k_version": base,
                    "phase": row["phase"],
                    "state": row["state"],
                    "version": row["version"],
                    "updated_at": now,
                }
            )
        if len(rows) > 1 and self.database.dialect.supports_sane_multi_rowcount:
            # One executemany for a batch; its rowcount is the total of rows it changed.
            if self._update_sql.execute(connection, rows) != len(rows):
                raise self._conflict(connection, rows)
        else:
            for row in rows:
                if connection.execute(self._update_one, row).rowcount != 1:
                    raise self._conflict(connection, [row])
        self._insert_events(connection, cases)
        _mark_stored(cases)

    def _conflict(self, connection: sa.Connection, rows: list[dict[str, Any]]) -> ConflictError:
        """The error naming the first row whose case had moved on (the batch rolls back)."""
        stale = rows[0]
        if len(rows) > 1:
            for row in rows:
                now = connection.execute(self._select_one, self._params(row["k_student"])).first()
                if now is None or (now.version, now.state) != (row["version"], row["state"]):
                    stale = row
                    break
        return ConflictError(
            f"student '{stale['k_student']}' was changed by someone else since it was "
            f"read (expected version {stale['k_version']}); reload and try again"
        )

    def _insert_events(self, connection: sa.Connection, cases: Sequence[Case]) -> None:
        rows = [
            {
                "workflow": self.workflow,
                "student_id": case.student_id,
                "seq": event.seq,
                "action": str(event.action),
                "at": event.at.isoformat(),
                "office": event.office,
                "staff": event.staff,
                "step": event.step,
                "event": _to_json(event.to_dict()),
            }
            for case in cases
            for event in case.events
        ]
        if rows:
            try:
                self._insert_event_sql.execute(connection, rows)
            except IntegrityError:
                raise ConflictError("an event was recorded twice; reload and try again") from None

    def _row(self, case: Case, now: str) -> dict[str, Any]:
        state = snapshot(case, events=False)
        return {
            "workflow": self.workflow,
            "student_id": case.student_id,
            "digest": self.engine.workflow.digest,
            "name": case.name,
            "phase": case.phase,
            "state": _to_json(state),
            "version": case.version,
            "updated_at": now,
        }

    # -- imports -------------------------------------------------------------

    def was_imported(self, sha256: str) -> bool:
        """Whether a file with this content was already imported for this workflow."""
        query = sa.select(imports_table.c.sha256).where(
            imports_table.c.workflow == self.workflow, imports_table.c.sha256 == sha256
        )
        with self._reading() as connection:
            return connection.execute(query).first() is not None

    def record_import(
        self, connection: sa.Connection, sha256: str, kind: str, source: str, rows: int
    ) -> None:
        """Remember an imported file inside the import's own transaction."""
        connection.execute(
            sa.insert(imports_table).values(
                workflow=self.workflow,
                sha256=sha256,
                kind=kind,
                source=source,
                rows=rows,
                at=_now(),
            )
        )


class _DriverStatement:
    """A statement compiled once for a dialect, run with rows as the driver takes them.

    For bulk writes: the rows skip SQLAlchemy's per-row parameter processing, which
    none of our columns (strings and integers) needs, but still run inside the
    connection's transaction, and a driver error still becomes SQLAlchemy's.
    """

    def __init__(self, statement: sa.Insert | sa.Update, dialect: sa.Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.positions: tuple[str, ...] | None = (
            tuple(compiled.positiontup or ()) if compiled.positional else None
        )

    def execute(self, connection: sa.Connection, rows: Sequence[dict[str, Any]]) -> int:
        """Run it once for each row (one executemany); the total of rows it changed."""
        if self.positions is None:
            parameters: Sequence[Any] = rows
        else:
            positions = self.positions
            parameters = [tuple([row[name] for name in positions]) for row in rows]
        return connection.exec_driver_sql(self.sql, parameters).rowcount


def _mark_stored(cases: Iterable[Case]) -> None:
    for case in cases:
        case.base_version = case.version
        case.events = []


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = [
    "CaseDataError",
    "ConflictError",
    "Store",
    "StoreError",
    "UnknownStudentError",
    "database_label",
    "database_url",
]
