"""What the store writes for every case, in its transaction: the rows a case is restored
from and the reports query with SQL.

The events are the truth (their rows made here: :func:`event_row`, JSON without what the
columns hold); beside them the store keeps the case's rows:

- the case's facts (``clearflow_cases.facts_id``, naming a text of ``clearflow_facts``:
  ``_interned``): the student's facts as canonical JSON (sorted keys, no spaces), so that
  a report groups by it and decodes each distinct text once;
- its holds (``clearflow_cases.holds_id``, of ``clearflow_holds``): the steps holding the
  student now with how they hold
  (:func:`clearflow.engine.holding`, written by :func:`clearflow.engine.holds_text`), as
  ``" finance:refused library:pending "``: each
  ``step:kind`` between single spaces, empty when nothing holds. Step ids are
  ``[a-z][a-z0-9_]*``, so a filter is a ``LIKE`` on `` step:`` (escaped);
- ``clearflow_steps``: one row per step a case has a record of (cleared, refused,
  waived: the last thing that happened to it), for queries on what offices did and for
  restoring the case (``_case_rows``). A step without a row is pending or does not apply
  to the student.

A store upgraded from version 1 has its step rows (revision 0002 reads them from the
stored snapshots) and its ``facts`` (0003) but not ``holds``, which need the workflow:
:func:`fill_holds` computes them when the store is opened with its workflow to write.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from clearflow.engine import (
    Case,
    Event,
    StepRecord,
    facts_text,
    holds_text,
    parse_holds,
    record_data,
    restorer,
)
from clearflow.errors import CaseDataError
from clearflow.store import _sql
from clearflow.store._case_rows import IN_COLUMNS, grouped, restored
from clearflow.store._driver import DriverStatement
from clearflow.store._interned import FACTS_ID, HOLDS_ID, ensure, keys
from clearflow.store._limits import check_step_rows
from clearflow.store._rows import AlchemyRows
from clearflow.store._tables import cases_table, facts_table, holds_table, meta_table, steps_table

FILL_CHUNK = 2000
"""Cases read, computed and written back at a time by :func:`fill_holds`."""


def documents_text(documents: Iterable[str] | None) -> str | None:
    """A case's ``documents`` column: its released documents' ids as JSON (None: not
    released), as ``_case_rows`` reads it back."""
    return None if documents is None else to_json(list(documents))


to_json = json.JSONEncoder(ensure_ascii=False).encode
"""How the store encodes JSON (``json.dumps(value, ensure_ascii=False)`` without building an
encoder per call): events, documents, the rows of kinds (``_kinds``, ``_bulk``)."""


def event_row(
    workflow: str,
    student_id: str,
    event: Event,
    encode: Callable[[Any], str],
    digest_before: str | None,
) -> dict[str, Any]:
    """The ``clearflow_events`` row of one event, its data as ``encode`` writes JSON
    (:func:`event_data`; ``digest_before``: the digest of the case's event before it, None
    for its first)."""
    return {
        "workflow": workflow,
        "student_id": student_id,
        "seq": event.seq,
        "action": str(event.action),
        "at": event.at.isoformat(),
        "office": event.office,
        "staff": event.staff,
        "step": event.step,
        "event": encode(event_data(event.to_dict(), digest_before)),
    }


def event_rows(
    workflow: str,
    student_id: str,
    events: Iterable[Event],
    encode: Callable[[Any], str],
    digest_before: str | None,
) -> list[dict[str, Any]]:
    """:func:`event_row` of a case's new events in order, after an event of
    ``digest_before`` (None: they are its first)."""
    rows = []
    for event in events:
        rows.append(event_row(workflow, student_id, event, encode, digest_before))
        digest_before = event.digest
    return rows


def event_data(data: dict[str, Any], digest_before: str | None) -> dict[str, Any]:
    """An event's data (:meth:`Event.to_dict`) as its row's JSON keeps it: without the
    members the row's columns hold (``_case_rows.IN_COLUMNS``, ``workflow``), and without
    its ``digest`` when it is that of the case's event before (``digest_before``; a case's
    first event always has one): ``_case_rows.events_of`` reads it back whole."""
    kept = {key: value for key, value in data.items() if key not in _IN_ROW}
    if digest_before is not None and kept.get("digest") == digest_before:
        del kept["digest"]
    return kept


_IN_ROW = frozenset((*IN_COLUMNS, "workflow"))


def step_row(workflow: str, student_id: str, step: str, record: StepRecord) -> dict[str, Any]:
    """The ``clearflow_steps`` row of one step record."""
    return step_row_data(workflow, student_id, step, record_data(record))


def step_row_data(
    workflow: str, student_id: str, step: str, item: dict[str, Any]
) -> dict[str, Any]:
    """The ``clearflow_steps`` row of one step record as a snapshot keeps it."""
    owed = item.get("owed") or {}
    return {
        "workflow": workflow,
        "student_id": student_id,
        "step": step,
        "office": item["office"],
        "status": item["status"],
        "outcome": item.get("outcome"),
        "reason": item.get("reason"),
        "staff": item["staff"],
        "at": item["at"],
        "late": bool(item.get("late", False)),
        "early": bool(item.get("early", False)),
        "off_hours": bool(item.get("off_hours", False)),
        "amount": owed.get("amount"),
        "items": owed.get("items"),
    }


class StepRows:
    """Writes the ``clearflow_steps`` rows of the steps cases acted on, on one dialect."""

    def __init__(self, workflow: str, dialect: sa.Dialect) -> None:
        self.workflow = workflow
        self._insert = DriverStatement(sa.insert(steps_table), dialect)
        self._upsert = DriverStatement(upsert(dialect), dialect)
        self.names = self._upsert.names

    def new(self, connection: sa.Connection, cases: Sequence[Case]) -> None:
        """The rows of new cases (those started with records already)."""
        rows = [
            step_row(self.workflow, case.student_id, step, record)
            for case in cases
            for step, record in case.records.items()
        ]
        if rows:
            check_step_rows(rows)
            self._insert.execute(connection, rows)

    def write(self, connection: sa.Connection, rows: list[dict[str, Any]]) -> None:
        """Each row in place of the one of its student and step (inserted when there is none)."""
        if rows:
            check_step_rows(rows)
            self._upsert.execute(connection, rows)

    def write_tuples(self, connection: sa.Connection, rows: list[tuple[Any, ...]]) -> None:
        """:meth:`write` with each row the tuple of its values in :attr:`names` order, its
        texts checked already (:mod:`clearflow.store._kinds`)."""
        if rows:
            self._upsert.execute_tuples(connection, rows)

    @property
    def upsert_sql(self) -> str:
        """The upsert as the driver takes it (for :mod:`clearflow.store._pipeline`)."""
        return self._upsert.sql

    def changed_rows(self, cases: Sequence[Case]) -> list[dict[str, Any]]:
        """The rows of the steps named by each case's new events (a record is never removed:
        each such step has one), checked."""
        rows = [
            step_row(self.workflow, case.student_id, step, case.records[step])
            for case in cases
            for step in dict.fromkeys(event.step for event in case.events if event.step)
        ]
        if rows:
            check_step_rows(rows)
        return rows

    def changed(self, connection: sa.Connection, cases: Sequence[Case]) -> None:
        """:meth:`changed_rows`, written."""
        rows = self.changed_rows(cases)
        if rows:
            self._upsert.execute(connection, rows)


def upsert(dialect: sa.Dialect) -> sa.Insert:
    """``INSERT ... ON CONFLICT (workflow, student_id, step) DO UPDATE``, SQLite's or
    PostgreSQL's (both spell it the same)."""
    insert = postgresql.insert if dialect.name == "postgresql" else sqlite.insert
    statement = insert(steps_table)
    keys = {column.name for column in steps_table.primary_key.columns}
    changed = {
        column.name: statement.excluded[column.name]
        for column in steps_table.columns
        if column.name not in keys
    }
    return statement.on_conflict_do_update(
        index_elements=[steps_table.c.workflow, steps_table.c.student_id, steps_table.c.step],
        set_=changed,
    )


PENDING = "projection_pending"
"""The ``clearflow_meta`` key revision 0002 sets on a store with cases: some lack ``holds``."""


def pending(connection: sa.Connection) -> bool:
    """Whether the store says some cases lack ``facts`` and ``holds`` (:data:`PENDING`)."""
    marked = sa.select(meta_table.c.key).where(meta_table.c.key == PENDING)
    return connection.execute(marked).first() is not None


def fill_pending(connection: sa.Connection, workflow: str, engine: Any) -> int:
    """:func:`fill_holds` when the store says some cases lack ``holds``; how many it filled.

    Clears the mark once no case of any workflow lacks them (a case that cannot be read
    with its workflow keeps the mark, and is reported by whatever reads it).
    """
    if (
        connection.execute(sa.select(meta_table.c.key).where(meta_table.c.key == PENDING)).first()
        is None
    ):
        return 0
    filled = fill_holds(connection, workflow, engine)
    left = connection.execute(
        sa.select(cases_table.c.student_id).where(cases_table.c.holds_id.is_(None)).limit(1)
    ).first()
    if left is None:
        connection.execute(sa.delete(meta_table).where(meta_table.c.key == PENDING))
    return filled


def fill_holds(connection: sa.Connection, workflow: str, engine: Any) -> int:
    """Compute ``facts`` and ``holds`` of the workflow's cases that lack them; how many.

    ``engine`` is the workflow's :class:`~clearflow.engine.Engine`; runs in the caller's
    write transaction, :data:`FILL_CHUNK` cases at a time.
    """
    restore = restorer(engine)
    update = (
        sa.update(cases_table)
        .where(
            cases_table.c.workflow == sa.bindparam("k_workflow"),
            cases_table.c.student_id == sa.bindparam("k_student"),
        )
        .values(facts_id=FACTS_ID, holds_id=HOLDS_ID)
    )
    rows = AlchemyRows(connection)
    filled = 0
    after = ""
    while True:
        given = {"workflow": workflow, "after": after, "limit": FILL_CHUNK}
        found = list(grouped(workflow, rows.run(_UNFILLED, given)))
        if not found:
            return filled
        changed = []
        facts: set[str] = set()
        holds: set[str] = set()
        for data, _ in found:
            try:
                case = restored(restore, data)
            except CaseDataError:  # left for the report that reads it to say what is wrong
                continue
            texts = {"facts": facts_text(case.facts), "holds": holds_text(case)}
            changed.append({"k_workflow": workflow, "k_student": case.student_id, **keys(texts)})
            facts.add(texts["facts"])
            holds.add(texts["holds"])
        if changed:
            ensure(connection, facts_table, facts)
            ensure(connection, holds_table, holds)
            connection.execute(update, changed)
        filled += len(changed)
        after = found[-1][0]["student"]["id"]


_UNFILLED = _sql.cases(
    "workflow = :workflow AND holds_id IS NULL AND student_id > :after", limit=True
)
"""A chunk of cases without ``holds`` after ``:after``, for :func:`fill_holds`."""


__all__ = [
    "PENDING",
    "StepRows",
    "documents_text",
    "event_data",
    "event_row",
    "event_rows",
    "facts_text",
    "fill_holds",
    "fill_pending",
    "holds_text",
    "parse_holds",
    "pending",
    "step_row",
    "step_row_data",
    "to_json",
]
