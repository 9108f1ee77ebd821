"""A student's case: the actions that move it through the workflow.

:class:`Case` is a :class:`~clearflow.engine._state.CaseState` (facts, step records,
phase and the questions asked of them) plus the actions: clear, refuse, waive, release.
Every action runs the checks of :mod:`clearflow.engine._refusals` *before* changing
anything, then records one :class:`~clearflow.engine._audit.Event`; a refused action
raises an :class:`~clearflow.errors.ActionError` in the student's and staff's terms and
leaves the case exactly as it was. The phase moves only through the engine's shared
machine (:meth:`Engine.fire <clearflow.engine._engine.Engine.fire>`).
"""

from __future__ import annotations

import datetime as dt

import attrs

from clearflow.engine._audit import Action, Actor, Event
from clearflow.engine._fast import new_event
from clearflow.engine._owed import Owed
from clearflow.engine._phases import ENTER_HALL, PREPARING, RELEASE
from clearflow.engine._record import StepRecord, StepStatus
from clearflow.engine._refusals import (
    check_actionable,
    check_groups,
    check_in_order,
    check_release,
    chosen_outcome,
    given_reason,
    is_early,
    is_late,
    is_off_hours_now,
    is_release_off_hours,
)
from clearflow.engine._state import CaseState
from clearflow.spec import Document, Step, StepKind
from clearflow.spec.conditions import FactValue


@attrs.define(slots=True, eq=False)
class Case(CaseState):
    """One student driven through a workflow by the engine's shared machine.

    Create cases with :meth:`Engine.start <clearflow.engine._engine.Engine.start>`. What a
    case holds (``phase``, ``records``, ``events``, the read-only ``facts``) and the
    questions it answers are those of :class:`~clearflow.engine._state.CaseState`.
    """

    # -- actions ---------------------------------------------------------------

    def clear(
        self,
        step_id: str,
        by: Actor,
        *,
        outcome: str | None = None,
        note: str | None = None,
        at: dt.datetime | None = None,
    ) -> Event:
        """Sign a step off, with one of its outcomes (the first when not given)."""
        step = self._actionable(step_id, by, "clear")
        if step.kind is not StepKind.STATION or self.phase != step.id:
            check_in_order(self, step, "clear")
        chosen = chosen_outcome(step, outcome)
        engine = self.engine
        when = engine.moment(at)
        early = is_early(self, step, "clear", when)
        late = False if step.due is None else is_late(self, step, engine.deadlines[step.due], when)
        off_hours = is_off_hours_now(self, step, "clear", when)
        self.records[step.id] = StepRecord(
            status=StepStatus.CLEARED,
            office=by.office,
            staff=by.staff,
            at=when,
            outcome=chosen,
            reason=note,
            late=late,
            early=early,
            off_hours=off_hours,
        )
        event = self._append(
            Action.CLEAR, by, when, step.id, chosen, note, late, early=early, off_hours=off_hours
        )
        self._advance()
        return event

    def refuse(
        self,
        step_id: str,
        by: Actor,
        reason: str,
        *,
        at: dt.datetime | None = None,
        owed: Owed | None = None,
    ) -> Event:
        """Refuse to sign a step off for now, saying why; it can be cleared later.

        ``owed`` is what the student owes the office (an amount, items), kept as data.
        """
        return self._hold(Action.REFUSE, step_id, by, reason, at, owed)

    def waive(
        self, step_id: str, by: Actor, reason: str, *, at: dt.datetime | None = None
    ) -> Event:
        """Excuse the student from a step, saying why; waived steps never block."""
        return self._hold(Action.WAIVE, step_id, by, reason, at)

    def release(self, by: Actor, *, at: dt.datetime | None = None) -> tuple[Document, ...]:
        """Hand over the documents once every step is settled; returns them."""
        check_release(self, by)
        if self.engine.permits is not None:
            self.engine.permits.check_release(self, by)
        documents = self.expected_documents()
        check_groups(self, documents)
        engine = self.engine
        when = engine.moment(at)
        off_hours = is_release_off_hours(self, by, when)
        engine.fire(self, RELEASE)
        self.documents = tuple([document.id for document in documents])
        self._append(Action.RELEASE, by, when, documents=self.documents, off_hours=off_hours)
        return documents

    def perform(
        self,
        action: Action,
        step_id: str | None,
        by: Actor,
        *,
        outcome: str | None = None,
        reason: str | None = None,
        at: dt.datetime | None = None,
        owed: Owed | None = None,
    ) -> None:
        """Take an action named by its :class:`Action`, as an event records it.

        ``reason`` is a clearance's note, or the reason for a refusal or waiver (``owed``, what
        a refusal says is owed); a release reads no step. A start does nothing: a case starts
        once, in :meth:`Engine.start`.
        Replaying events, scenarios and the console walkthrough all act through this.
        """
        step = step_id or ""
        match action:
            case Action.CLEAR:
                self.clear(step, by, outcome=outcome, note=reason, at=at)
            case Action.REFUSE:
                self.refuse(step, by, reason or "", at=at, owed=owed)
            case Action.WAIVE:
                self.waive(step, by, reason or "", at=at)
            case Action.RELEASE:
                self.release(by, at=at)

    def redo(self, event: Event) -> None:
        """Take again the action ``event`` records, as its actor did it, when it did."""
        self.perform(
            event.action,
            event.step,
            event.actor,
            outcome=event.outcome,
            reason=event.reason,
            at=event.at,
            owed=event.owed,
        )

    def record_move(
        self,
        by: Actor,
        when: dt.datetime,
        rules_from: str,
        renames: dict[str, dict[str, str]] | None,
        why: str,
        facts: dict[str, FactValue] | None = None,
    ) -> Event:
        """Record the ``migrate`` event of a case just rebuilt on its engine's rules
        (:func:`clearflow.engine._moving.moved` calls it); ``facts``, those the move gave."""
        return self._append(
            Action.MIGRATE,
            by,
            when,
            reason=why,
            facts=facts,
            rules_from=rules_from,
            renames=renames,
        )

    def begin(self, by: Actor, when: dt.datetime) -> None:
        """Record the start event (called once, by :meth:`Engine.start`)."""
        self._append(Action.START, by, when, facts=dict(self.facts))
        self._advance()

    # -- internals -------------------------------------------------------------

    def _hold(
        self,
        action: Action,
        step_id: str,
        by: Actor,
        reason: str,
        at: dt.datetime | None,
        owed: Owed | None = None,
    ) -> Event:
        # A refusal or a waiver: the same checks; only a waiver lets the student move on.
        verb = str(action)
        step = self._actionable(step_id, by, verb)
        if step.kind is StepKind.STATION:
            check_in_order(self, step, verb)
        when = self.engine.moment(at)
        reason = given_reason(reason, verb, step)
        early = is_early(self, step, verb, when)
        off_hours = is_off_hours_now(self, step, verb, when)
        status = StepStatus.WAIVED if action is Action.WAIVE else StepStatus.REFUSED
        self.records[step.id] = StepRecord(
            status=status,
            office=by.office,
            staff=by.staff,
            at=when,
            reason=reason,
            early=early,
            off_hours=off_hours,
            owed=owed,
        )
        event = self._append(
            action,
            by,
            when,
            step=step.id,
            reason=reason,
            early=early,
            off_hours=off_hours,
            owed=owed,
        )
        if action is Action.WAIVE:
            self._advance()
        return event

    def _actionable(self, step_id: str, by: Actor, verb: str) -> Step:
        step = self.engine.steps.get(step_id) or self._step(step_id)
        check_actionable(self, step, by, verb, self._status(step))
        if self.engine.permits is not None:
            self.engine.permits.check_step(self, step, by, verb)
        return step

    def _append(
        self,
        action: Action,
        by: Actor,
        when: dt.datetime,
        step: str | None = None,
        outcome: str | None = None,
        reason: str | None = None,
        late: bool = False,
        facts: dict[str, FactValue] | None = None,
        documents: tuple[str, ...] | None = None,
        early: bool = False,
        off_hours: bool = False,
        owed: Owed | None = None,
        rules_from: str | None = None,
        renames: dict[str, dict[str, str]] | None = None,
    ) -> Event:
        workflow = self.engine.workflow
        events = self.events
        # Backdated: before the previous event (or, for a case loaded without its history,
        # the latest step record); a case's start has neither.
        last = events[-1].at if events else self.last_at if self.records else None
        permits = self.engine.permits
        member = permits.verified(by) if permits is not None else None
        event = new_event(
            seq=self.base_version + len(events) + 1,
            action=action,
            at=when,
            office=by.office,
            staff=by.staff,
            workflow=workflow.id,
            digest=workflow.digest,
            step=step,
            outcome=outcome,
            reason=reason,
            late=late,
            facts=facts,
            documents=documents,
            backdated=last is not None and when < last,
            early=early,
            staff_name=member.name if member else None,
            unit=member.unit if member else None,
            off_hours=off_hours,
            owed=owed,
            rules_from=rules_from,
            renames=renames,
        )
        events.append(event)
        return event

    def _advance(self) -> None:
        engine = self.engine
        if self.phase == PREPARING:
            if not self.prerequisites_settled():
                return  # no station to pass either
            engine.fire(self, ENTER_HALL)
        triggers, steps = engine.pass_triggers, engine.steps
        while (trigger := triggers.get(self.phase)) and self._passable(steps[self.phase]):
            engine.fire(self, trigger)
