"""The store's writes: cases and events as rows, in batches, with the version check.

:class:`Writer` turns cases into rows and writes them inside a transaction the
:class:`~clearflow.store._store.Store` opened: new cases with their events, and changed
cases whose stored version must still be the one they were read at (else
:class:`~clearflow.errors.ConflictError`, naming the first case that moved on). Batches go
through :class:`~clearflow.store._driver.DriverStatement`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from clearflow._i18n import Message
from clearflow.engine import Action, Case, Delta, Engine, StartedAs
from clearflow.errors import ConflictError
from clearflow.store._driver import DriverStatement
from clearflow.store._interned import ENSURE, HOLDS_ID, ensure, ids_of, key_of
from clearflow.store._kinds import Kind, Patched
from clearflow.store._limits import check_case_rows, check_event_rows
from clearflow.store._pipeline import one_trip
from clearflow.store._projection import (
    StepRows,
    documents_text,
    event_rows,
    facts_text,
    holds_text,
    to_json,
)
from clearflow.store._sql import for_driver
from clearflow.store._starts import StartRows
from clearflow.store._tables import cases_table, events_table, facts_table, holds_table

TWICE = Message("an event was recorded twice; reload and try again")

SELECT_ONE = sa.select(cases_table).where(
    cases_table.c.workflow == sa.bindparam("k_workflow"),
    cases_table.c.student_id == sa.bindparam("k_student"),
)
"""One case row by workflow and student (built once: SQLAlchemy reuses its compiled form)."""
UPDATE_ONE = (
    sa.update(cases_table)
    .where(
        cases_table.c.workflow == sa.bindparam("k_workflow"),
        cases_table.c.student_id == sa.bindparam("k_student"),
        cases_table.c.version == sa.bindparam("k_version"),
    )
    .values(
        phase=sa.bindparam("phase"),
        documents=sa.bindparam("documents"),
        holds_id=HOLDS_ID,
        version=sa.bindparam("version"),
        updated_at=sa.bindparam("updated_at"),
    )
)
"""One case row moved on if still at the version it was read at; holds by ``holds_key``."""


class Writer:
    """Writes one workflow's cases and events on one database's connections."""

    def __init__(self, database: sa.Engine, engine: Engine) -> None:
        self.engine = engine
        self.workflow = engine.workflow.id
        self.multi_rowcount = database.dialect.supports_sane_multi_rowcount
        self._update = DriverStatement(UPDATE_ONE, database.dialect)
        self._insert_event = DriverStatement(sa.insert(events_table), database.dialect)
        self._insert_case = DriverStatement(sa.insert(cases_table), database.dialect)
        self._steps = StepRows(self.workflow, database.dialect)
        self._ensure_holds = for_driver(ENSURE[holds_table.name], "pyformat")[0]
        """:data:`~clearflow.store._interned.ENSURE` of holds as the pipeline runs it."""
        self._facts: dict[int, tuple[object, str]] = {}
        self.starts = StartRows(self.workflow, engine.workflow.digest, to_json, database.dialect)

    def params(self, student_id: str) -> dict[str, str]:
        """The parameters of :data:`SELECT_ONE` for a student."""
        return {"k_workflow": self.workflow, "k_student": student_id}

    def insert(
        self, connection: sa.Connection, cases: Sequence[Case], counsellors: dict[str, str | None]
    ) -> None:
        """New cases with their counsellors and events (IntegrityError if one is stored).

        A StoreError, before anything is written, when a row holds text the store cannot
        keep (:mod:`clearflow.store._limits`).
        """
        if not cases:
            return
        now = now_text()
        rows = [
            {**self._row(case, now), "counsellor": counsellors.get(case.student_id)}
            for case in cases
        ]
        check_case_rows(rows)
        facts = ids_of(connection, facts_table, [row["facts"] for row in rows])
        holds = ids_of(connection, holds_table, [row["holds"] for row in rows])
        for row in rows:
            row["facts_id"], row["holds_id"] = facts[row["facts"]], holds[row["holds"]]
        self._insert_case.execute(connection, rows)
        self._insert_events(connection, cases)
        self._steps.new(connection, cases)

    def insert_alike(
        self,
        connection: sa.Connection,
        started: Sequence[StartedAs],
        counsellors: dict[str, str | None],
    ) -> None:
        """New cases started alike (:class:`~clearflow.engine.StartsAlike`): the rows
        :meth:`insert` writes for them started for real (:mod:`clearflow.store._starts`)."""
        self.starts.insert(connection, started, counsellors, now_text())

    def update(
        self, connection: sa.Connection, cases: Sequence[Case], expected: int | None = None
    ) -> None:
        """Changed cases and their new events; ConflictError if one moved on meanwhile."""
        if not cases:
            return
        now = now_text()
        rows, held = [], []
        for case in cases:
            row = self._row(case, now)
            held.append(row["holds"])
            base = case.base_version if expected is None else expected
            rows.append(
                {
                    "k_workflow": self.workflow,
                    "k_student": case.student_id,
                    "k_version": base,
                    "phase": row["phase"],
                    "documents": row["documents"],
                    "holds_key": key_of(row["holds"]),
                    "version": row["version"],
                    "updated_at": now,
                }
            )
        trip = one_trip(connection) if len(rows) == 1 else None
        counts = None
        if trip is not None:  # one case on PostgreSQL: the four statements in one round trip
            events, steps = self._event_rows(cases), self._steps.changed_rows(cases)
            check_event_rows(events)
            holds = {"key": rows[0]["holds_key"], "text": held[0]}
            statements = [(self._ensure_holds, [holds]), (self._update.sql, rows)]
            statements.append((self._insert_event.sql, events))
            counts = trip.run([*statements, (self._steps.upsert_sql, steps)])
            if counts is not None and counts[1] != 1:
                raise self._conflict(connection, rows)
        if counts is None:  # the plain path, or a refused trip said in its words
            ensure(connection, holds_table, held)
            self._move_on(connection, rows)
            self._insert_events(connection, cases)
            self._steps.changed(connection, cases)
        mark_stored(cases)

    def update_patched(self, connection: sa.Connection, patched: Sequence[Patched]) -> None:
        """Cases changed as snapshots (:func:`clearflow.engine.apply_delta`): their rows
        moved on (ConflictError if one moved on meanwhile), their events and step rows,
        made from their kind's (:mod:`clearflow.store._kinds`: the texts checked there)."""
        if not patched:
            return
        now = now_text()
        workflow = self.workflow
        rows = [
            {
                "k_workflow": workflow,
                "k_student": item.student_id,
                "k_version": item.base_version,
                "phase": item.data["phase"],
                "documents": documents_text(item.data["documents"]),
                "holds_key": item.kind.holds_key,
                "version": item.data["version"],
                "updated_at": now,
            }
            for item in patched
        ]
        ensure(connection, holds_table, {item.kind.holds for item in patched})
        self._move_on(connection, rows)
        events = [
            row
            for item in patched
            for row in item.kind.event_rows(item.student_id, item.base_version, item.payload)
        ]
        if events:
            self._event_tuples(connection, events)
        steps = [
            row
            for item in patched
            for row in item.kind.step_rows(workflow, item.student_id, item.data, item.payload)
        ]
        self._steps.write_tuples(connection, steps)

    def kind(self, delta: Delta, holds: str, student_id: str, digest: str) -> Kind:
        """The :class:`~clearflow.store._kinds.Kind` of a delta on the rules of ``digest``,
        for this writer's rows."""
        return Kind.of(
            delta,
            holds,
            workflow=self.workflow,
            student_id=student_id,
            digest=digest,
            event_names=self._insert_event.names,
            step_names=self._steps.names,
        )

    def _move_on(self, connection: sa.Connection, rows: list[dict[str, Any]]) -> None:
        """Each case row to its new version, if still at the one read; else ConflictError."""
        if len(rows) > 1 and self.multi_rowcount:
            # One executemany for a batch; its rowcount is the total of rows it changed.
            if self._update.execute(connection, rows) != len(rows):
                raise self._conflict(connection, rows)
        else:
            for row in rows:
                if connection.execute(UPDATE_ONE, row).rowcount != 1:
                    raise self._conflict(connection, [row])

    def _conflict(self, connection: sa.Connection, rows: list[dict[str, Any]]) -> ConflictError:
        """The error naming the first row whose case had moved on (the batch rolls back)."""
        stale = rows[0]
        if len(rows) > 1:
            for row in rows:
                now = connection.execute(SELECT_ONE, self.params(row["k_student"])).first()
                # The batch's own rows are at its version and time now; a stale one is not.
                if now is None or (now.version, now.updated_at) != (
                    row["version"],
                    row["updated_at"],
                ):
                    stale = row
                    break
        return ConflictError(
            Message(
                "student '{student}' was changed by someone else since it was read "
                "(expected version {version}); reload and try again",
                student=stale["k_student"],
                version=stale["k_version"],
            )
        )

    def _event_rows(self, cases: Sequence[Case]) -> list[dict[str, Any]]:
        return [
            row
            for case in cases
            if case.events
            for row in event_rows(
                self.workflow, case.student_id, case.events, to_json, digest_before(case)
            )
        ]

    def _insert_events(self, connection: sa.Connection, cases: Sequence[Case]) -> None:
        self._write_events(connection, self._event_rows(cases))

    def _write_events(self, connection: sa.Connection, rows: list[dict[str, Any]]) -> None:
        if rows:
            check_event_rows(rows)
            try:
                self._insert_event.execute(connection, rows)
            except IntegrityError:
                raise ConflictError(TWICE) from None

    def _event_tuples(self, connection: sa.Connection, rows: list[tuple[Any, ...]]) -> None:
        try:
            self._insert_event.execute_tuples(connection, rows)
        except IntegrityError:
            raise ConflictError(TWICE) from None

    def _row(self, case: Case, now: str) -> dict[str, Any]:
        return {
            "workflow": self.workflow,
            "student_id": case.student_id,
            "digest": case.engine.workflow.digest,
            "name": case.name,
            "phase": case.phase,
            "documents": documents_text(case.documents),
            "version": case.version,
            "updated_at": now,
            "facts": self._facts_text(case),
            "holds": holds_text(case),
        }

    def _facts_text(self, case: Case) -> str:
        # Cases with the same facts share one object (Engine.profile): encode it once.
        facts = case.facts
        known = self._facts.get(id(facts))
        if known is None or known[0] is not facts:
            known = (facts, facts_text(facts))
            if len(self._facts) < 4096:
                self._facts[id(facts)] = known
        return known[1]


def digest_before(case: Case) -> str | None:
    """The digest of a case's last stored event (None: it has none): its rules' (its restore
    checked), or the rules it moved from when its first new event is its move."""
    first = case.events[0]
    if first.seq == 1:
        return None
    return first.rules_from if first.action is Action.MIGRATE else case.engine.workflow.digest


def mark_stored(cases: Iterable[Case]) -> None:
    """Each case as just written: its events emptied, its base version moved up."""
    for case in cases:
        case.base_version = case.version
        case.events = []


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    """``items`` in lists of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def now_text() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


__all__ = [
    "SELECT_ONE",
    "UPDATE_ONE",
    "Patched",
    "Writer",
    "chunks",
    "mark_stored",
    "now_text",
    "to_json",
]
