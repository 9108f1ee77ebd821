"""The migration plan: what moving every open case onto revised rules would do, written nowhere.

:func:`plan_migration` reads a store opened on the OLD workflow: every case's history in
one read (``histories``) and every case (``cases``), then, for each case not released,
its actions (:func:`clearflow.engine.actions_of`) renamed by the :class:`Renames`, the
start's facts merged with the facts given for the student (from a facts file) less those
the new workflow lacks, and done again on the NEW engine (:func:`clearflow.engine.rebuild`).
Each case is then **unchanged** (same records, phase and expected documents, ids renamed),
**changed** (with its :class:`~clearflow.migration.Change` list) or **cannot move** (the
refusal's words). Released cases keep their rules and are counted; cases on a third
digest are listed as on other rules. The :class:`Plan` keeps each case's version, so
that applying it can skip a case a terminal changed since.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

import attrs

from clearflow._i18n import Lang
from clearflow.engine import Case, Engine, Event, Renames, moved_actions, rebuild, recorded_actions
from clearflow.errors import CaseDataError, Said
from clearflow.migration._changes import Change, changes_of
from clearflow.spec.conditions import FactValue

Facts = Mapping[str, Mapping[str, FactValue]]
"""Facts given for the move, by student id: fact id -> value."""


class Stored(Protocol):
    """What a plan reads of a store (``Store`` and ``open_reader``'s readers have it)."""

    engine: Engine

    def histories(self) -> Iterator[tuple[str, list[Event]]]:
        """Every student's events, in student order."""
        ...

    def cases(self) -> Iterator[tuple[Case, str | None]]:
        """Every case (on the store engine's rules) with its counsellor."""
        ...

    def load(self, student_id: str) -> Case:
        """One stored case."""
        ...


class Outcome(enum.StrEnum):
    """Where the plan puts one case."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    CANNOT_MOVE = "cannot_move"


@attrs.frozen(kw_only=True)
class CasePlan:
    """One open case in the plan: the version it was planned at, and what moving it does."""

    student_id: str
    name: str | None
    version: int
    outcome: Outcome
    changes: tuple[Change, ...] = ()
    reason: Said | None = None

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """As JSON: the changes with their words in ``lang``, the reason's too."""
        data: dict[str, Any] = {
            "student_id": self.student_id,
            "name": self.name,
            "version": self.version,
            "outcome": str(self.outcome),
        }
        if self.changes:
            data["changes"] = [
                change.to_dict() | {"text": change.said().text(lang)} for change in self.changes
            ]
        if self.reason is not None:
            data["reason"] = self.reason.text(lang)
        return data


@attrs.frozen(kw_only=True)
class Plan:
    """What moving a store's open cases from one workflow's rules to another's would do."""

    workflow: str
    rules_from: str
    rules_to: str
    renames: Renames
    cases: tuple[CasePlan, ...]
    released: int = 0
    other_rules: tuple[str, ...] = ()
    """Students whose cases run on neither digest (counted, not planned)."""
    facts_dropped: tuple[str, ...] = ()
    """Facts the old workflow has and the new lacks: left out of every moved start."""
    facts_unmatched: tuple[str, ...] = ()
    """Students the facts given name who have no open case here."""

    def of(self, outcome: Outcome) -> tuple[CasePlan, ...]:
        """The cases the plan puts there, in student order."""
        return tuple(case for case in self.cases if case.outcome is outcome)

    def counts(self) -> dict[str, int]:
        """How many cases in each place, released and on other rules too."""
        counts = {str(outcome): len(self.of(outcome)) for outcome in Outcome}
        return counts | {"released": self.released, "other_rules": len(self.other_rules)}

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """As JSON: the digests, the renames, the counts and every open case."""
        return {
            "workflow": self.workflow,
            "rules_from": self.rules_from,
            "rules_to": self.rules_to,
            "renames": self.renames.to_dict() or {},
            "counts": self.counts(),
            "other_rules": list(self.other_rules),
            "facts_dropped": list(self.facts_dropped),
            "facts_unmatched": list(self.facts_unmatched),
            "cases": [case.to_dict(lang) for case in self.cases],
        }


def plan_migration(
    store: Stored,
    new_engine: Engine,
    *,
    renames: Renames | None = None,
    facts: Facts | None = None,
) -> Plan:
    """The plan for moving ``store``'s open cases (a store opened on the old workflow, read
    only) onto ``new_engine``'s rules. Nothing is written."""
    renames = renames or Renames()
    given = facts or {}
    old_engine = store.engine
    digest = old_engine.workflow.digest
    known_facts = frozenset(fact.id for fact in new_engine.workflow.facts)
    dropped = tuple(fact.id for fact in old_engine.workflow.facts if fact.id not in known_facts)
    histories = dict(store.histories())
    other = tuple(
        student for student, events in histories.items() if events and events[-1].digest != digest
    )
    cases = _cases(store, histories.keys() - set(other))
    planned: list[CasePlan] = []
    released = 0
    moving = _Move(old_engine, new_engine, renames)
    for student_id, case in cases.items():
        if case.is_released:
            released += 1
            continue
        planned.append(moving.plan(case, histories[student_id], given.get(student_id, {})))
    open_ids = {case.student_id for case in planned}
    return Plan(
        workflow=old_engine.workflow.id,
        rules_from=digest,
        rules_to=new_engine.workflow.digest,
        renames=renames,
        cases=tuple(planned),
        released=released,
        other_rules=other,
        facts_dropped=dropped,
        facts_unmatched=tuple(sorted(set(given) - open_ids)),
    )


def _cases(store: Stored, students: set[str]) -> dict[str, Case]:
    """The stored cases of ``students``, in student order: in one read when the store holds
    no case on other rules, else one by one (a case on other rules does not restore)."""
    try:
        found = {case.student_id: case for case, _ in store.cases()}
    except CaseDataError:
        found = {student: store.load(student) for student in students}
    return {student: found[student] for student in sorted(students) if student in found}


@attrs.frozen
class _Move:
    """Moving one case in the plan (nothing kept between cases)."""

    old: Engine
    new: Engine
    renames: Renames

    def plan(self, case: Case, history: list[Event], given: Mapping[str, FactValue]) -> CasePlan:
        """Where this case goes, and why."""
        student_id = case.student_id
        try:
            actions = recorded_actions(self.old, student_id, history, case.name)
            renamed = moved_actions(actions, self.renames, given)
            moved, _ = rebuild(self.new, student_id, renamed, name=case.name)
        except CaseDataError as error:
            return self._cannot(case, error.said)
        changes = changes_of(case, moved, self.renames)
        return CasePlan(
            student_id=student_id,
            name=case.name,
            version=case.version,
            outcome=Outcome.CHANGED if changes else Outcome.UNCHANGED,
            changes=changes,
        )

    def _cannot(self, case: Case, reason: Said) -> CasePlan:
        return CasePlan(
            student_id=case.student_id,
            name=case.name,
            version=case.version,
            outcome=Outcome.CANNOT_MOVE,
            reason=reason,
        )
