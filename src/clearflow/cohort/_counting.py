"""The blocked report's counts from a store's tally, without reading a case.

A tally row is students with one facts text, phase, ``holds`` text (and counsellor); every
step it holds stands for ``count`` blocked rows that are alike but for the student. So the
summary is made the way :func:`~clearflow.cohort.report.blocked_summary` makes it from
rows, on one representative row per step of each tally row: the same filters
(:func:`~clearflow.cohort.report.filter_rows`), the same groups
(:func:`~clearflow.cohort.report.group_of`), each weighed by its count.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Protocol

from clearflow.cohort._held_rows import unknown_hold
from clearflow.cohort.report import (
    BlockedRow,
    BlockedStatus,
    BlockedSummary,
    GroupCount,
    filter_rows,
    group_fact,
    group_of,
    value_label,
)
from clearflow.engine import HOLD_KINDS, Engine, overdue_since, parse_holds
from clearflow.spec import Label
from clearflow.spec.conditions import FactValue


class Counted(Protocol):
    """A tally row (``clearflow.store.Tally``), as this module reads it."""

    @property
    def facts(self) -> str: ...
    @property
    def phase(self) -> str: ...
    @property
    def holds(self) -> str: ...
    @property
    def count(self) -> int: ...
    @property
    def counsellor(self) -> str | None: ...


class Profiles:
    """Decoded facts texts, each decoded once."""

    def __init__(self) -> None:
        self._known: dict[str, Mapping[str, FactValue]] = {}

    def facts(self, text: str) -> Mapping[str, FactValue]:
        """The facts a ``facts`` column text holds."""
        found = self._known.get(text)
        if found is None:
            found = self._known[text] = json.loads(text)
        return found


def representatives(
    engine: Engine,
    tally: Counted,
    facts: Mapping[str, FactValue],
    fact: str | None,
    today: dt.date | None,
    offices: Mapping[str, Label],
    older: Sequence[Engine] = (),
) -> list[BlockedRow]:
    """One row per step a tally row holds, as :func:`blocked_rows` would give each student
    (a step the workflow lacks is an ``older`` rules' one: its case runs on them)."""
    value = facts.get(fact) if fact else None
    label = value_label(engine.workflow, fact, value)
    rows = []
    for step_id, kind in parse_holds(tally.holds):
        owner = next((e for e in (engine, *older) if step_id in e.steps), engine)
        step = owner.steps.get(step_id)
        if step is None or kind not in HOLD_KINDS:
            raise unknown_hold(step_id, kind)
        overdue = overdue_since(owner, step, facts, today)
        rows.append(
            BlockedRow(
                student_id="",
                name=None,
                counsellor=tally.counsellor,
                fact=fact,
                value=value,
                value_label=label,
                office=step.office,
                office_label=offices.get(step.office) or owner.workflow.office(step.office).label,
                step=step.id,
                step_label=step.label,
                status=BlockedStatus(kind),
                overdue_since=overdue,
            )
        )
    return rows


def summary_of(
    engine: Engine,
    tallies: Iterable[Counted],
    *,
    by: str,
    fact_by: str | None,
    today: dt.date | None,
    office: str | None = None,
    statuses: Collection[str] = (),
    older: Sequence[Engine] = (),
) -> BlockedSummary:
    """The blocked summary of the students tallied, as ``blocked_summary`` of their rows
    (``older``: the engines of other rules some cases run on)."""
    workflow = engine.workflow
    fact = group_fact(workflow, fact_by)
    offices = {item.id: item.label for item in workflow.offices}
    profiles = Profiles()
    labels: dict[str, Label] = {}
    counts: dict[str, list[int]] = {}  # students, blockers, refused, overdue
    everyone = total = 0
    for tally in tallies:
        if not tally.holds:
            continue
        facts = profiles.facts(tally.facts)
        rows = representatives(engine, tally, facts, fact, today, offices, older)
        kept = filter_rows(workflow, rows, office=office, statuses=statuses)
        if not kept:
            continue
        everyone += tally.count
        total += tally.count * len(kept)
        seen: set[str] = set()
        for row in kept:
            key, label = group_of(row, by)
            labels.setdefault(key, label)
            count = counts.setdefault(key, [0, 0, 0, 0])
            if key not in seen:
                seen.add(key)
                count[0] += tally.count
            count[1] += tally.count
            count[2] += tally.count * (row.status is BlockedStatus.REFUSED)
            count[3] += tally.count * (row.overdue_since is not None)
    groups = [
        GroupCount(
            key=key,
            label=labels[key],
            students=count[0],
            blockers=count[1],
            refused=count[2],
            overdue=count[3],
        )
        for key, count in counts.items()
    ]
    groups.sort(key=lambda group: (-group.students, group.key))
    return BlockedSummary(by=by, groups=tuple(groups), students=everyone, blockers=total)


__all__ = ["Counted", "Profiles", "representatives", "summary_of"]
