"""Cases alike: what an action does to one case, applied to the snapshots of the others.

An import does one thing to thousands of students at one moment (clear the library step,
by the library's account, at 17:00). What the engine decides for a case reads only part of
it: the facts, the phase, each step record's status and outcome, a refused record's reason
and amount (a list that says the same again leaves it), whether the moment comes before
the case's last one (backdated), and whether the documents were released. Two cases equal
in those (:func:`decision_key`) get the same records, phase and events from the same
action: so an importer acts on the first case of each key for real, keeps the difference
(:func:`delta_of`), and writes it into the snapshots of the others
(:func:`apply_delta`) without restoring them. Tests hold the two ways equal on random
histories.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

import attrs

from clearflow.engine._case import Case
from clearflow.engine._facts import facts_text
from clearflow.engine._snapshot import snapshot


@attrs.frozen
class Delta:
    """What an action changed in a case's snapshot: records, phase, documents, new events."""

    steps: dict[str, dict[str, Any]]
    phase: str
    documents: list[str] | None
    events: tuple[dict[str, Any], ...]


def decision_key(data: dict[str, Any], at: dt.datetime) -> Hashable:
    """What the engine reads of a case (its snapshot) when acting on it at ``at``."""
    records = []
    last: dt.datetime | None = None
    for step, item in data["steps"].items():
        refused = item["status"] == "refused"
        owed = item.get("owed") if refused else None
        records.append(
            (
                step,
                item["status"],
                item.get("outcome"),
                item.get("reason") if refused else None,
                None if owed is None else (owed.get("amount"), owed.get("items")),
            )
        )
        moment = dt.datetime.fromisoformat(item["at"])
        if last is None or moment > last:
            last = moment
    records.sort()
    return (
        facts_text(data["student"]["facts"]),
        data["phase"],
        tuple(records),
        last is not None and at < last,
        data.get("documents") is not None,
    )


def delta_of(before: dict[str, Any], case: Case) -> Delta:
    """What acting changed: ``before`` is the case's snapshot, ``case`` the case since.

    ``case`` must have been restored without its history, so its events are the new ones.
    """
    after = snapshot(case, events=False)
    steps = {
        step: item for step, item in after["steps"].items() if before["steps"].get(step) != item
    }
    return Delta(
        steps=steps,
        phase=after["phase"],
        documents=after["documents"],
        events=tuple(event.to_dict() for event in case.events),
    )


def apply_delta(data: dict[str, Any], delta: Delta, *, events: bool = True) -> list[dict[str, Any]]:
    """Write ``delta`` into a case's snapshot ``data`` (its ``version`` the stored one);
    the new events, numbered after it (none made with ``events=False``: a writer that
    numbers them itself, from the version read)."""
    version = int(data["version"])
    data["steps"].update(delta.steps)  # shared, never changed: each is written out as is
    data["phase"] = delta.phase
    data["documents"] = delta.documents
    data["version"] = version + len(delta.events)
    if not events:
        return []
    return [
        {**event, "seq": version + number} for number, event in enumerate(delta.events, start=1)
    ]


__all__ = ["Delta", "apply_delta", "decision_key", "delta_of"]
