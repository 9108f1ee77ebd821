"""The rows of cases alike, made once per kind and filled in per case.

An import writes what one action did (a :class:`~clearflow.engine.Delta`) into the
snapshots of thousands of cases alike (:meth:`~clearflow.store.ImportBatch.act_alike`).
The rows it then writes for each of them are the same but for a few values: the student,
the seq of each event (after the case's version) and the case's own snapshot. So
:class:`Kind` makes them once for the kind:

- each event's JSON as the encoded text of its members (the seq is a column, not one of
  them: :func:`~clearflow.store._projection.event_data`). JSON encodes an object member by
  member, ``{"a": 1, "b": 2}`` being ``"{"`` + ``'"a": 1'`` + ``", "`` + ``'"b": 2'`` +
  ``"}"``, so a case's own payload written into its member gives exactly the text of its
  own event (``tests/store/test_kinds.py``);
- each step row of a step the delta sets (the record is the delta's, the same for every
  case) with the student left to fill in; a step an event names but the delta leaves as
  it was is read from the case's own snapshot, as before;
- the text limits (:mod:`clearflow.store._limits`) checked once: the texts they check are
  the kind's, the same in every case's rows.

:class:`Patched` is one case of a kind, its snapshot patched; the writer fills its rows in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from clearflow.engine import Delta
from clearflow.store._interned import key_of
from clearflow.store._limits import check_event_rows, check_step_rows
from clearflow.store._projection import event_data, step_row_data, to_json

Payload = dict[str, dict[str, Any]]
"""Per step, values an action writes as they are into that step's record and its events
(a refusal's ``reason``, what is ``owed``): what differs between cases otherwise alike."""


@attrs.frozen
class Event:
    """One event of a kind: its row with the student, seq and JSON left to fill in."""

    pattern: tuple[Any, ...]
    """The row's values in the statement's order; the student's, seq's and JSON's unset."""
    places: tuple[int, int, int]
    """Where in :attr:`pattern` the student, the seq and the JSON go."""
    members: tuple[str, ...]
    """The encoded members of the event's JSON."""
    keys: tuple[str, ...]
    """The event's keys, in the order of :attr:`members`."""
    step: str | None

    def row(
        self, student_id: str, seq: int, fields: dict[str, Any] | None = None
    ) -> tuple[Any, ...]:
        """The event row of one case: its student, its seq, its JSON (with ``fields``, its
        own values of some members: :data:`Payload`)."""
        members = self.members
        if fields:
            changed = list(members)
            for key, value in fields.items():
                changed[self.keys.index(key)] = to_json({key: value})[1:-1]
            members = tuple(changed)
        row = list(self.pattern)
        student_at, seq_at, event_at = self.places
        row[student_at] = student_id
        row[seq_at] = seq
        row[event_at] = "{" + ", ".join(members) + "}"
        return tuple(row)


@attrs.frozen
class Kind:
    """What an action did to one kind of case, with the rows it writes made once."""

    delta: Delta
    holds: str
    events: tuple[Event, ...]
    steps: tuple[tuple[str, tuple[Any, ...] | None], ...]
    """Each step the events name, with its row (None: read from the case); the student's
    value in it (at :attr:`student_at`) is the first case's, replaced for each case."""
    step_names: tuple[str, ...]
    student_at: int
    holds_key: str = attrs.field(init=False)
    """The key :attr:`holds` is kept under (``_interned``), made once."""

    @holds_key.default
    def _holds_key(self) -> str:
        return key_of(self.holds)

    @classmethod
    def of(
        cls,
        delta: Delta,
        holds: str,
        *,
        workflow: str,
        student_id: str,
        digest: str,
        event_names: Sequence[str],
        step_names: Sequence[str],
    ) -> Kind:
        """The kind of ``delta`` for rows in these column orders, on cases whose events so
        far are of ``digest``'s rules; a StoreError (naming ``student_id``, the case acted on
        for real) if a text is one the store cannot keep."""
        check_event_rows(
            {
                "student_id": student_id,
                "office": event["office"],
                "staff": event["staff"],
                "step": event.get("step"),
            }
            for event in delta.events
        )
        events = []
        for event in delta.events:
            events.append(_event(event, event_data(event, digest), workflow, event_names))
            digest = event["digest"]
        named = dict.fromkeys(event["step"] for event in delta.events if event.get("step"))
        steps: list[tuple[str, tuple[Any, ...] | None]] = []
        for step in named:
            item = delta.steps.get(step)
            if item is None:
                steps.append((step, None))
                continue
            row = step_row_data(workflow, student_id, step, item)
            check_step_rows([row])
            steps.append((step, tuple(row[name] for name in step_names)))
        student_at = list(step_names).index("student_id")
        return cls(delta, holds, tuple(events), tuple(steps), tuple(step_names), student_at)

    def event_rows(
        self, student_id: str, base_version: int, payload: Payload | None = None
    ) -> list[tuple[Any, ...]]:
        """The event rows of one case read at ``base_version`` (its own payload written in)."""
        if payload is None:
            return [
                event.row(student_id, base_version + number)
                for number, event in enumerate(self.events, start=1)
            ]
        return [
            event.row(student_id, base_version + number, payload.get(event.step or ""))
            for number, event in enumerate(self.events, start=1)
        ]

    def step_rows(
        self, workflow: str, student_id: str, data: dict[str, Any], payload: Payload | None = None
    ) -> list[tuple[Any, ...]]:
        """The step rows of one case (``data``: its snapshot, patched, its own payload
        written in)."""
        rows = []
        for step, pattern in self.steps:
            if pattern is None or (payload is not None and step in payload):
                item = step_row_data(workflow, student_id, step, data["steps"][step])
                check_step_rows([item])
                rows.append(tuple(item[name] for name in self.step_names))
            else:
                row = list(pattern)
                row[self.student_at] = student_id
                rows.append(tuple(row))
        return rows


@attrs.frozen
class Patched:
    """A case of a kind, changed as its snapshot: ``data`` (its new version in it), the
    version it was read at, and its own payload when it is not the kind's first case's."""

    student_id: str
    base_version: int
    data: dict[str, Any]
    kind: Kind
    payload: Payload | None = None


def delta_fits(delta: Delta, payload: Payload) -> bool:
    """Whether each value of ``payload`` is in ``delta`` as written: in its step's record
    and in every event of that step, under its key (so that another case's own values,
    written in their place, are what acting on it would have written)."""
    for step, fields in payload.items():
        item = delta.steps.get(step)
        named = [event for event in delta.events if event.get("step") == step]
        if item is None or not named:
            return False
        for written in (item, *named):
            if any(key not in written or written[key] != value for key, value in fields.items()):
                return False
    return True


def write_payload(data: dict[str, Any], payload: Payload) -> None:
    """A case's own payload written into its patched snapshot ``data`` (each record
    copied: the kind's are shared)."""
    for step, fields in payload.items():
        data["steps"][step] = {**data["steps"][step], **fields}


def _event(
    event: dict[str, Any], kept: dict[str, Any], workflow: str, names: Sequence[str]
) -> Event:
    """An event's row pattern in the column order ``names``, and the members of its JSON
    (``kept``: what of it the JSON keeps)."""
    members = [to_json({key: value})[1:-1] for key, value in kept.items()]
    columns = {
        "workflow": workflow,
        "student_id": None,
        "seq": None,
        "action": event["action"],
        "at": event["at"],
        "office": event["office"],
        "staff": event["staff"],
        "step": event.get("step"),
        "event": None,
    }
    places = (names.index("student_id"), names.index("seq"), names.index("event"))
    pattern = tuple(columns[name] for name in names)
    return Event(pattern, places, tuple(members), tuple(kept), event.get("step"))


__all__ = ["Event", "Kind", "Patched", "Payload", "delta_fits", "write_payload"]
