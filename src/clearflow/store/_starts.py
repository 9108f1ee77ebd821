"""New cases' rows written from their stand-ins: one kind's rows, each student's id spliced in.

A roster import starts its students alike (:class:`clearflow.engine.StartsAlike`): each
student is a :class:`~clearflow.engine.StartedAs`, the case of a stand-in whose id and name
are :data:`~clearflow.engine.STAND_IN_ID` and :data:`~clearflow.engine.STAND_IN_NAME`.
:class:`StartRows` turns them into the very rows :meth:`Writer.insert
<clearflow.store._bulk.Writer.insert>` writes for the cases started for real, doing the
work of each kind once:

- the case row's ``facts`` and ``holds`` texts (their ids looked up once per kind and
  transaction), phase, version and documents: the same for all; its student, name and
  counsellor its own;
- the events (the start event carries no id) and step rows: the stand-in's, with the
  student's id in each row;
- what the store keeps (:mod:`clearflow.store._limits`): the event and step texts are
  checked once per kind, the student's own texts on every row.

The rows go to the driver as :mod:`clearflow.store._driver` hands them, built as tuples in
the statement's order (:class:`Layout`); :func:`stored_among` asks which students are
stored already with one compiled lookup per number of ids.

``tests/cohort/test_roster_alike.py`` holds the rows equal to those of every student
started for real, on random rosters.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from clearflow.engine import STAND_IN_ID, Case, StartedAs, facts_text, holds_text
from clearflow.errors import StoreError
from clearflow.store._driver import DriverStatement
from clearflow.store._failures import added_meanwhile
from clearflow.store._interned import ids_of
from clearflow.store._limits import (
    check_case_rows,
    check_event_rows,
    check_step_rows,
    check_student_texts,
)
from clearflow.store._projection import documents_text, event_rows, step_row
from clearflow.store._tables import (
    cases_table,
    events_table,
    facts_table,
    holds_table,
    steps_table,
)

if TYPE_CHECKING:
    from clearflow.store._imports import ImportBatch

CHUNK = 500
"""Students per ``IN (...)`` lookup (well under either backend's parameter limits)."""
KINDS = 4096
"""At most this many kinds' rows kept (a roster has a few hundred kinds of facts)."""


@attrs.frozen(slots=True)
class Kind:
    """The rows of one stand-in, without the student: what every student of it shares."""

    stand_in: Case
    case: tuple[Any, ...]
    facts: str
    holds: str
    """Its facts and holds texts: the case row names them by ids (``_interned``), looked up
    in the transaction that writes it."""
    events: tuple[tuple[Any, ...], ...]
    steps: tuple[tuple[Any, ...], ...]
    """The shared values of the case row, and of each event and step row (see :class:`Layout`)."""
    keeps: bool
    """Whether the store keeps the phase, event and step texts (checked once)."""


class Layout:
    """How one table's rows go to the driver: the values all students of a kind share, then
    the student's own (``own``, named in order), put in the statement's order."""

    def __init__(self, table: sa.Table, own: tuple[str, ...], dialect: sa.Dialect) -> None:
        self.statement = DriverStatement(sa.insert(table), dialect)
        self.names = self.statement.positions or tuple(column.name for column in table.columns)
        self.shared = tuple(name for name in self.names if name not in own)
        places = {name: index for index, name in enumerate(self.shared + own)}
        self.pick = operator.itemgetter(*[places[name] for name in self.names])

    def values(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        """The shared values of a row."""
        return tuple([row[name] for name in self.shared])

    def mappings(self, rows: Sequence[tuple[Any, ...]]) -> list[dict[str, Any]]:
        """Rows as column-to-value mappings."""
        return [dict(zip(self.names, row, strict=True)) for row in rows]

    def execute(self, connection: sa.Connection, rows: list[tuple[Any, ...]]) -> None:
        """One executemany of the rows (each ``pick`` of shared and own values)."""
        if self.statement.positions is None:
            connection.exec_driver_sql(self.statement.sql, self.mappings(rows))
        else:
            connection.exec_driver_sql(self.statement.sql, rows)


CASE_OWN = ("student_id", "name", "counsellor", "updated_at", "facts_id", "holds_id")
"""A case row's values of its own, and the ids of its kind's texts in this transaction; the
others are its kind's."""


class StartRows:
    """Writes new cases started alike, on one database's dialect."""

    def __init__(
        self,
        workflow: str,
        digest: str,
        encode: Callable[[Any], str],
        dialect: sa.Dialect,
    ) -> None:
        self.workflow = workflow
        self.digest = digest
        self.encode = encode  # data as the store encodes it
        self._kinds: dict[int, Kind] = {}
        self.dialect = dialect
        self._lookups: dict[int, tuple[str, tuple[str, ...] | None]] = {}
        self._cases = Layout(cases_table, CASE_OWN, dialect)
        self._events = Layout(events_table, ("student_id",), dialect)
        self._steps = Layout(steps_table, ("student_id",), dialect)

    def insert(
        self,
        connection: sa.Connection,
        started: Sequence[StartedAs],
        counsellors: Mapping[str, str | None],
        now: str,
    ) -> None:
        """The students' case rows, events and step rows (IntegrityError if one is stored;
        a StoreError, before anything is written, for text the store cannot keep)."""
        if not started:
            return
        texts: list[tuple[str, str | None, str | None]] = []
        cases: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        steps: list[tuple[Any, ...]] = []
        keeps = True
        case_row, event_row, step_row_of = self._cases.pick, self._events.pick, self._steps.pick
        kinds = self._kinds_of(connection, started)
        for student_id, name, stand_in in started:
            kind, ids = kinds[id(stand_in)]
            own = (student_id, name, counsellors.get(student_id))
            texts.append(own)
            cases.append(case_row(kind.case + own + (now, *ids)))
            for shared in kind.events:
                events.append(event_row((*shared, student_id)))
            for shared in kind.steps:
                steps.append(step_row_of((*shared, student_id)))
            keeps = keeps and kind.keeps
        if keeps:
            check_student_texts(texts)  # the phase, events and steps are kept: checked once
        else:
            check_case_rows(self._cases.mappings(cases))
        self._cases.execute(connection, cases)
        if not keeps:
            check_event_rows(self._events.mappings(events))
        if events:
            self._events.execute(connection, events)
        if steps:
            if not keeps:
                check_step_rows(self._steps.mappings(steps))
            self._steps.execute(connection, steps)

    def _kinds_of(
        self, connection: sa.Connection, started: Sequence[StartedAs]
    ) -> dict[int, tuple[Kind, tuple[int, int]]]:
        """Each stand-in's kind (by ``id``), with the ids of its facts and holds texts."""
        kinds: dict[int, Kind] = {}
        for _, _, stand_in in started:
            number = id(stand_in)
            if number not in kinds:
                kind = self._kinds.get(number)
                if kind is None or kind.stand_in is not stand_in:
                    kind = self._kind(stand_in)
                kinds[number] = kind
        facts = ids_of(connection, facts_table, [kind.facts for kind in kinds.values()])
        holds = ids_of(connection, holds_table, [kind.holds for kind in kinds.values()])
        return {
            number: (kind, (facts[kind.facts], holds[kind.holds])) for number, kind in kinds.items()
        }

    def stored(self, connection: sa.Connection, student_ids: Collection[str]) -> set[str]:
        """Which of these students the store holds for the workflow, as
        :meth:`ImportBatch.stored <clearflow.store.ImportBatch.stored>` says, each
        ``IN (...)`` of :data:`CHUNK` ids compiled once."""
        found: set[str] = set()
        ordered = sorted(set(student_ids))
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            sql, positions = self._lookup(len(chunk))
            values = {"workflow": self.workflow} | {f"id{n}": i for n, i in enumerate(chunk)}
            parameters: Any = values if positions is None else tuple(values[p] for p in positions)
            found.update(row[0] for row in connection.exec_driver_sql(sql, parameters))
        return found

    def _lookup(self, size: int) -> tuple[str, tuple[str, ...] | None]:
        """The SQL of a lookup of ``size`` ids, and its parameters' order (None: by name)."""
        known = self._lookups.get(size)
        if known is None:
            ids: list[sa.BindParameter[str]] = [sa.bindparam(f"id{n}") for n in range(size)]
            query = sa.select(cases_table.c.student_id).where(
                cases_table.c.workflow == sa.bindparam("workflow"),
                cases_table.c.student_id.in_(ids),
            )
            compiled = query.compile(dialect=self.dialect)
            positions = tuple(compiled.positiontup or ()) if compiled.positional else None
            known = self._lookups[size] = (str(compiled), positions)
        return known

    def _kind(self, stand_in: Case) -> Kind:
        """The rows of a stand-in not met before (kept for the students to come)."""
        events = event_rows(self.workflow, STAND_IN_ID, stand_in.events, self.encode, None)
        steps = [
            step_row(self.workflow, STAND_IN_ID, step, record)
            for step, record in stand_in.records.items()
        ]
        facts, holds = facts_text(stand_in.facts), holds_text(stand_in)
        case = {
            "workflow": self.workflow,
            "digest": self.digest,
            "phase": stand_in.phase,
            "version": stand_in.version,
            "facts": facts,
            "holds": holds,
            "documents": documents_text(stand_in.documents),
        }
        kind = Kind(
            stand_in,
            self._cases.values(case),
            facts,
            holds,
            tuple(self._events.values(row) for row in events),
            tuple(self._steps.values(row) for row in steps),
            _keeps(case, events, steps),
        )
        if len(self._kinds) >= KINDS:
            self._kinds.clear()
        self._kinds[id(stand_in)] = kind
        return kind


def stored_among(batch: ImportBatch, student_ids: Collection[str]) -> set[str]:
    """:meth:`ImportBatch.stored <clearflow.store.ImportBatch.stored>`, each lookup's SQL
    compiled once for the store (a roster of 100,000 asks 200 of them)."""
    return batch.store._writer.starts.stored(batch.connection, student_ids)


def add_alike(
    batch: ImportBatch, started: Sequence[StartedAs], counsellors: dict[str, str | None]
) -> int:
    """:meth:`ImportBatch.add <clearflow.store.ImportBatch.add>` for students started alike:
    their cases inserted in the import's transaction; ConflictError if one was added
    meanwhile. How many."""
    try:
        batch.store._writer.insert_alike(batch.connection, started, counsellors)
    except IntegrityError:
        raise added_meanwhile() from None
    return len(started)


def _keeps(
    case: dict[str, Any], events: Sequence[dict[str, Any]], steps: Sequence[dict[str, Any]]
) -> bool:
    """Whether the store keeps a kind's shared texts (the case's phase, events, steps)."""
    try:
        check_case_rows([{**case, "student_id": "", "name": None, "counsellor": None}])
        check_event_rows(events)
        check_step_rows(steps)
    except StoreError:
        return False
    return True


__all__ = ["Kind", "StartRows", "add_alike", "stored_among"]
