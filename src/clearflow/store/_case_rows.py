"""A case from its rows: the case row and its step rows, as the snapshot the engine restores.

Since schema version 3 a store keeps no snapshot text: a case is its row in
``clearflow_cases`` (student, name, facts, phase, version, documents, the digest of its
rules) and one row per step record in ``clearflow_steps``, both written in the
transaction of every event (the events stay the truth). The texts of
:func:`clearflow.store._sql.cases` join the two (``_sql.CASE``'s columns, then
``_sql.STEP``'s), a case row once per step (once, with NULL steps, when it has none), in
student order; :func:`grouped` turns those rows back into
the snapshots :func:`clearflow.engine.snapshot` gives (``events=False``), which
:func:`clearflow.engine.restorer` restores and :func:`clearflow.engine.apply_delta` patches.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from clearflow.engine import SNAPSHOT_FORMAT, Case, Event
from clearflow.errors import Said
from clearflow.store import _sql
from clearflow.store._refusals import stored_student

_STEP_AT = len(_sql.CASE)
_STEP_END = _STEP_AT + len(_sql.STEP)
_COUNSELLOR = _sql.CASE.index("counsellor")
IN_COLUMNS = ("seq", "action", "at", "office", "staff", "step")
"""An event's members its row holds as columns (``_sql.EVENTS`` reads them first, in this
order): since version 3 its JSON leaves them out, and ``workflow`` (the row's too)."""


@functools.lru_cache(maxsize=4096)
def _facts(text: str) -> dict[str, Any]:
    """A facts text decoded, once per distinct text (a class has few): the dict is shared,
    and nothing changes it (the engine reads it into a case's own ``FrozenFacts``)."""
    facts: dict[str, Any] = json.loads(text)
    return facts


def record(row: tuple[Any, ...]) -> dict[str, Any]:
    """A step row's record as a snapshot keeps it (its columns from ``_sql.STEP``'s first)."""
    (_, office, status, outcome, reason, staff, at, late, early, off_hours, amount, items) = row[
        _STEP_AT:_STEP_END
    ]
    item: dict[str, Any] = {"status": status, "office": office, "staff": staff, "at": at}
    if outcome is not None:
        item["outcome"] = outcome
    if reason is not None:
        item["reason"] = reason
    if late:
        item["late"] = True
    if early:
        item["early"] = True
    if off_hours:
        item["off_hours"] = True
    if amount is not None or items is not None:
        owed = {"amount": amount} if amount is not None else {}
        if items is not None:
            owed["items"] = items
        item["owed"] = owed
    return item


def snapshot_of(workflow: str, row: tuple[Any, ...], steps: dict[str, Any]) -> dict[str, Any]:
    """The snapshot of a case row (its ``_sql.CASE`` columns first) with its records."""
    student_id, digest, name, phase, version, facts, documents = row[:7]
    return {
        "clearflow_case": SNAPSHOT_FORMAT,
        "workflow": {"id": workflow, "digest": digest},
        "student": {"id": student_id, "name": name, "facts": _facts(facts or "{}")},
        "phase": phase,
        "steps": steps,
        "documents": None if documents is None else json.loads(documents),
        "version": version,
    }


def grouped(
    workflow: str, rows: Iterable[tuple[Any, ...]]
) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Each case of joined rows (in student order) as its snapshot, with its counsellor."""
    current: tuple[Any, ...] | None = None
    steps: dict[str, Any] = {}
    for row in rows:
        if current is None or row[0] != current[0]:
            if current is not None:
                yield snapshot_of(workflow, current, steps), current[_COUNSELLOR]
            current, steps = row, {}
        if row[_STEP_AT] is not None:
            steps[row[_STEP_AT]] = record(row)
    if current is not None:
        yield snapshot_of(workflow, current, steps), current[_COUNSELLOR]


def locked(
    rows: _sql.Rows, workflow: str, student_ids: Sequence[str], *, lock: bool
) -> list[dict[str, Any]]:
    """The snapshots of some students' cases (sorted ids), their case rows locked first
    when ``lock`` (PostgreSQL: :func:`~clearflow.store._sql.lock_cases`; on SQLite the
    write transaction holds the whole file), then read whole."""
    given: dict[str, Any] = {"workflow": workflow}
    given.update((f"s{number}", student) for number, student in enumerate(student_ids))
    if lock:
        for _ in rows.run(_sql.lock_cases(len(student_ids)), given):
            pass
    found = list(rows.run(_sql.some_cases(len(student_ids)), given))
    return [data for data, _ in grouped(workflow, found)]


def restored(restore: Callable[[dict[str, Any], Said], Case], data: dict[str, Any]) -> Case:
    """The case of a snapshot from rows, without its history (``restore``: a restorer)."""
    return restore({**data, "events": []}, stored_student(data["student"]["id"]))


def events_of(workflow: str, rows: Iterable[tuple[Any, ...]]) -> list[Event]:
    """A case's events from its event rows in ``seq`` order (:data:`IN_COLUMNS`, then the
    JSON). The JSON of version 3 holds the rest of the event, its ``digest`` only where it
    differs from the event before (:func:`clearflow.store._projection.event_data`); the
    JSON of versions 1 and 2 holds every member, and reads the same."""
    events = []
    digest = None
    for row in rows:
        data: dict[str, Any] = json.loads(row[-1])
        for key, value in zip(IN_COLUMNS, row, strict=False):
            data.setdefault(key, value)
        data.setdefault("workflow", workflow)
        digest = data.setdefault("digest", digest)
        events.append(Event.from_dict(data))
    return events


__all__ = [
    "IN_COLUMNS",
    "events_of",
    "grouped",
    "locked",
    "record",
    "restored",
    "snapshot_of",
]
