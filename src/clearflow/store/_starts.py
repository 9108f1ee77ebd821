"""New cases' rows written from their stand-ins: one kind's rows, each student's id spliced in.

A roster import starts its students alike (:class:`clearflow.engine.StartsAlike`): each
student is a :class:`~clearflow.engine.StartedAs`, the case of a stand-in whose id and name
are :data:`~clearflow.engine.STAND_IN_ID` and :data:`~clearflow.engine.STAND_IN_NAME`.
:class:`StartRows` turns them into the very rows :meth:`Writer.insert
<clearflow.store._bulk.Writer.insert>` writes for the cases started for real, doing the
work of each kind once:

- the ``state`` text: JSON encoding of a dict is compositional (each value is encoded
  alone, in its place), so the stand-in's text is cut around its id's and its name's
  encodings, and each student's text is the pieces with the encodings of the student's id
  and name put back: exactly what encoding the student's own snapshot gives. (A text in
  which either encoding is not found exactly once, in order, is encoded per student.)
- the ``facts`` and ``holds`` texts, the phase and version: the same for all;
- the events (the start event carries no id) and step rows: the stand-in's, with the
  student's id in each row;
- what the store keeps (:mod:`clearflow.store._limits`): the event and step texts are
  checked once per kind, the student's own texts on every row.

``tests/cohort/test_roster_alike.py`` holds the rows equal to those of every student
started for real, on random rosters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from clearflow._i18n import Message
from clearflow.engine import (
    STAND_IN_ID,
    STAND_IN_NAME,
    Case,
    StartedAs,
    facts_text,
    holds_text,
    snapshot,
)
from clearflow.errors import ConflictError, StoreError
from clearflow.store._driver import DriverStatement
from clearflow.store._limits import (
    check_case_rows,
    check_event_rows,
    check_step_rows,
    check_student_texts,
)
from clearflow.store._projection import step_row
from clearflow.store._tables import cases_table, events_table, steps_table

if TYPE_CHECKING:
    from clearflow.store._imports import ImportBatch

KINDS = 4096
"""At most this many kinds' rows kept (a roster has a few hundred kinds of facts)."""


@attrs.frozen(slots=True)
class Kind:
    """The rows of one stand-in, without the student: what every student of it shares."""

    stand_in: Case
    data: dict[str, Any]
    """The stand-in's snapshot (no events)."""
    pieces: tuple[str, str, str] | None
    """The state text before the id, between the id and the name, after the name."""
    case: dict[str, Any]
    events: tuple[dict[str, Any], ...]
    steps: tuple[dict[str, Any], ...]
    keeps: bool
    """Whether the store keeps the event and step texts (checked with the stand-in's id)."""


class StartRows:
    """Writes new cases started alike, on one database's dialect."""

    def __init__(
        self, workflow: str, digest: str, encode: Callable[[Any], str], dialect: sa.Dialect
    ) -> None:
        self.workflow = workflow
        self.digest = digest
        self.encode = encode
        self._kinds: dict[int, Kind] = {}
        self._insert_case = DriverStatement(sa.insert(cases_table), dialect)
        self._insert_event = DriverStatement(sa.insert(events_table), dialect)
        self._insert_step = DriverStatement(sa.insert(steps_table), dialect)

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
        cases: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        steps: list[dict[str, Any]] = []
        keeps = True
        encode = self.encode
        for student in started:
            kind = self._kind(student.stand_in)
            student_id, name = student.student_id, student.name
            pieces = kind.pieces
            if pieces is None:
                state = encode({**kind.data, "student": self._student(kind, student)})
            else:
                state = pieces[0] + encode(student_id) + pieces[1] + encode(name) + pieces[2]
            cases.append(
                {
                    **kind.case,
                    "student_id": student_id,
                    "name": name,
                    "state": state,
                    "updated_at": now,
                    "counsellor": counsellors.get(student_id),
                }
            )
            events.extend({**row, "student_id": student_id} for row in kind.events)
            steps.extend({**row, "student_id": student_id} for row in kind.steps)
            keeps = keeps and kind.keeps
        if keeps:
            check_student_texts(cases)  # the phase, events and steps are kept: checked once
        else:
            check_case_rows(cases)
        self._insert_case.execute(connection, cases)
        if not keeps:
            check_event_rows(events)
        if events:
            self._insert_event.execute(connection, events)
        if steps:
            if not keeps:
                check_step_rows(steps)
            self._insert_step.execute(connection, steps)

    def _student(self, kind: Kind, student: StartedAs) -> dict[str, Any]:
        facts = kind.data["student"]["facts"]
        return {"id": student.student_id, "name": student.name, "facts": facts}

    def _kind(self, stand_in: Case) -> Kind:
        kind = self._kinds.get(id(stand_in))
        if kind is not None and kind.stand_in is stand_in:
            return kind
        data = snapshot(stand_in, events=False)
        text = self.encode(data)
        ids, names = self.encode(STAND_IN_ID), self.encode(STAND_IN_NAME)
        pieces = None
        if text.count(ids) == 1 and text.count(names) == 1:
            before, _, rest = text.partition(ids)
            between, _, after = rest.partition(names)
            if names not in before:
                pieces = (before, between, after)
        events = tuple(
            {
                "workflow": self.workflow,
                "student_id": STAND_IN_ID,
                "seq": event.seq,
                "action": str(event.action),
                "at": event.at.isoformat(),
                "office": event.office,
                "staff": event.staff,
                "step": event.step,
                "event": self.encode(event.to_dict()),
            }
            for event in stand_in.events
        )
        steps = tuple(
            step_row(self.workflow, STAND_IN_ID, step, record)
            for step, record in stand_in.records.items()
        )
        case = {
            "workflow": self.workflow,
            "digest": self.digest,
            "phase": stand_in.phase,
            "version": stand_in.version,
            "facts": facts_text(stand_in.facts),
            "holds": holds_text(stand_in),
        }
        kind = Kind(stand_in, data, pieces, case, events, steps, _keeps(case, events, steps))
        if len(self._kinds) >= KINDS:
            self._kinds.clear()
        self._kinds[id(stand_in)] = kind
        return kind


def add_alike(
    batch: ImportBatch, started: Sequence[StartedAs], counsellors: dict[str, str | None]
) -> int:
    """:meth:`ImportBatch.add <clearflow.store.ImportBatch.add>` for students started alike:
    their cases inserted in the import's transaction; ConflictError if one was added
    meanwhile. How many."""
    try:
        batch.store._writer.insert_alike(batch.connection, started, counsellors)
    except IntegrityError:
        raise ConflictError(
            Message(
                "a student of this file was added by someone else meanwhile "
                "(nothing was changed; import again)"
            )
        ) from None
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


__all__ = ["Kind", "StartRows", "add_alike"]
