"""What holds a student back, and why, in the student's and staff's terms.

Beside the order, a step may carry advice (``advised_after:``): never a refusal, it is
given as a hint on a pending step whose advised steps are not done yet
(:func:`advice_pending`), and the walkthrough says it when a step is acted on early.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Collection, Mapping

import attrs

from clearflow._i18n import N_, Lang, Message, as_lang
from clearflow.engine._case import Case
from clearflow.engine._engine import Engine
from clearflow.engine._owed import Owed, reason_said
from clearflow.engine._phases import PREPARING, READY, RELEASED
from clearflow.engine._record import StepStatus
from clearflow.spec import Label, Service, Step, advice, moment_text, service_for
from clearflow.spec.conditions import FactValue
from clearflow.words import LabelText, join_messages

_NOT_DONE = (StepStatus.PENDING, StepStatus.REFUSED)
_ADVICE: weakref.WeakKeyDictionary[Engine, dict[str, tuple[str, ...]]] = weakref.WeakKeyDictionary()
"""Each engine's advice (:func:`clearflow.spec.advice`), computed once."""
_FRESH: weakref.WeakKeyDictionary[
    Engine, dict[int, tuple[Mapping[str, FactValue], tuple[tuple[str, str], ...]]]
] = weakref.WeakKeyDictionary()
"""What holds a case nothing has happened to, per engine and facts object (:func:`holding`)."""
_FRESH_CACHED = 4096


@attrs.frozen(kw_only=True)
class Blocker:
    """One open step that keeps a student from moving on."""

    step: Step
    office: Label
    status: StepStatus
    reason: str | None = None
    staff: str | None = None
    at: dt.datetime | None = None
    waiting_for: tuple[str, ...] = ()
    overdue_since: dt.date | None = None
    opens_at: dt.datetime | None = None
    """When the step opens, if not yet on the day asked about (local, naive)."""
    advised: tuple[Step, ...] = ()
    """The steps best done before this one and not done yet (advice, never a refusal)."""
    service: Service | None = None
    """Where and when the student goes for it (:func:`clearflow.service_for`)."""
    owed: Owed | None = None
    """What the refusal says the student owes (an amount, items), if it says."""

    def describe(self, lang: str | None = None, *, where: bool = True) -> str:
        """E.g. '图书馆 / Library: 2 books not returned — refused 2014-07-10 10:42 by staff L03'.

        ``lang`` is ``en`` or ``zh``; None shows both languages of the office's label and
        the rest in English. With ``where`` (the default) it ends with where and when the
        student goes for it (its :attr:`service`), when the workflow says.
        """
        shown: Lang = as_lang(lang or "en")
        if lang is None:
            names = [name for name in (self.office.zh, self.office.en) if name]
            office = " / ".join(dict.fromkeys(names))
        else:
            office = self.office.text(shown)
        detail: Message
        if self.status is StepStatus.REFUSED:
            when = f"{self.at:%Y-%m-%d %H:%M}" if self.at else ""
            detail = Message(
                "{reason} — refused {when} by staff {staff}",
                reason=reason_said(self.reason, self.owed),
                when=when,
                staff=self.staff,
            )
        elif self.waiting_for:
            detail = Message("waiting for: {steps}", steps=", ".join(self.waiting_for))
        else:
            detail = Message("pending: {step}", step=self.step.label.text(shown))
        if self.opens_at is not None:
            detail = Message(
                "{detail} (opens {when})", detail=detail, when=moment_text(self.opens_at)
            )
        if self.advised and self.status is StepStatus.PENDING:
            detail = Message(
                "{detail} (best after: {steps})", detail=detail, steps=steps_words(self.advised)
            )
        if self.overdue_since is not None:
            detail = Message(
                "{detail} (overdue since {date})", detail=detail, date=self.overdue_since
            )
        place = self.service.where(shown) if self.service is not None and where else ""
        if place:
            detail = Message("{detail} — {where}", detail=detail, where=place)
        return Message("{office}: {detail}", office=office, detail=detail).text(shown)


HOLD_KINDS = ("refused", "pending", "waiting")
"""How a step holds a student (:func:`holding`): refused by its office, pending, or waiting
for other steps to be settled first."""


def holding(case: Case) -> tuple[tuple[str, str], ...]:
    """The steps :func:`blockers` gives, as ``(step id, kind)`` pairs, kind one of
    :data:`HOLD_KINDS`: what a store keeps beside the case for its reports (cheap: no
    labels, places or dates).

    A case nothing has happened to yet is held by what its facts decide alone: that is
    computed once per engine and set of facts (cases with the same facts share them).
    """
    if case.phase in (READY, RELEASED):
        return ()
    if case.records or case.phase != PREPARING:
        return _holding(case)
    fresh = _FRESH.get(case.engine)
    if fresh is None:
        fresh = _FRESH[case.engine] = {}
    known = fresh.get(id(case.facts))
    if known is None or known[0] is not case.facts:
        known = (case.facts, _holding(case))
        if len(fresh) < _FRESH_CACHED:
            fresh[id(case.facts)] = known
    return known[1]


def holds_text(case: Case) -> str:
    """:func:`holding` as the text a store keeps: ``" step:kind step:kind "``, or ``""``."""
    pairs = holding(case)
    if not pairs:
        return ""
    return " " + " ".join(f"{step}:{kind}" for step, kind in pairs) + " "


def parse_holds(text: str) -> tuple[tuple[str, str], ...]:
    """The ``(step, kind)`` pairs of a :func:`holds_text` text."""
    return tuple((step, kind) for step, _, kind in (token.partition(":") for token in text.split()))


def held_waiting_for(engine: Engine, step_id: str, held: Collection[str]) -> tuple[str, ...]:
    """What :meth:`Case.waiting_for` says of a step :func:`holding` names ``waiting``, from
    the steps ``held`` beside it alone (a stored holds text's): its predecessors among them.

    Only a prerequisite waits (a held station is the current one), a prerequisite follows
    prerequisites only (a station after it would be a cycle), and before the hall every
    prerequisite not passable holds: so its predecessors not passable are those held.
    """
    return tuple(name for name in engine.predecessors.get(step_id, ()) if name in held)


def _held_by(case: Case) -> list[Step]:
    """The steps that hold a case now: every open prerequisite before the hall, the current
    station in it, none once ready or released."""
    if case.phase in (READY, RELEASED):
        return []
    engine = case.engine
    if case.phase == PREPARING:
        return [step for step in engine.prerequisites if not case.is_passable(step.id)]
    return [engine.steps[case.phase]]


def _holding(case: Case) -> tuple[tuple[str, str], ...]:
    result = []
    for step in _held_by(case):
        record = case.records.get(step.id)
        if record is not None and record.status is StepStatus.REFUSED:
            result.append((step.id, "refused"))
        else:
            result.append((step.id, "waiting" if case.waiting_for(step.id) else "pending"))
    return tuple(result)


def blockers(case: Case, today: dt.date | None = None) -> tuple[Blocker, ...]:
    """The open required steps that hold the student now, in procedure order.

    Before the hall: every open prerequisite; in the hall: the current station;
    once every step is settled, or after release: nothing.
    """
    engine = case.engine
    offices = {office.id: office.label for office in engine.workflow.offices}
    result: list[Blocker] = []
    for step in _held_by(case):
        record = case.records.get(step.id)
        refused = record is not None and record.status is StepStatus.REFUSED
        result.append(
            Blocker(
                step=step,
                office=offices[step.office],
                status=StepStatus.REFUSED if refused else StepStatus.PENDING,
                reason=record.reason if refused and record else None,
                staff=record.staff if refused and record else None,
                at=record.at if refused and record else None,
                owed=record.owed if refused and record else None,
                waiting_for=() if refused else case.waiting_for(step.id),
                overdue_since=_overdue(case, step, today),
                opens_at=_opens(case, step, today),
                advised=advice_pending(case, step.id),
                service=service_for(engine.workflow, step.id, case.facts),
            )
        )
    return tuple(result)


def _overdue(case: Case, step: Step, today: dt.date | None) -> dt.date | None:
    return overdue_since(case.engine, step, case.facts, today)


def overdue_since(
    engine: Engine, step: Step, facts: Mapping[str, FactValue], today: dt.date | None
) -> dt.date | None:
    """The deadline a student with these facts missed for ``step`` by ``today``, if any."""
    if step.due is None or today is None:
        return None
    due = engine.deadlines[step.due].date_for(facts)
    return due if due is not None and today > due else None


def _opens(case: Case, step: Step, today: dt.date | None) -> dt.datetime | None:
    """The step's opening, when it comes after the start of ``today``."""
    if step.opens is None or today is None:
        return None
    opens = step.opens.moment_for(case.facts)
    return opens if opens is not None and opens > dt.datetime.combine(today, dt.time()) else None


def advice_pending(case: Case, step_id: str) -> tuple[Step, ...]:
    """The steps ``step_id`` is best done after that this student has not done yet.

    Advice never holds anyone back: it is for hints (a blocker, the walkthrough's note).
    A step not done is pending or refused; a step that does not apply is never advised.
    """
    engine = case.engine
    known = _ADVICE.get(engine)
    if known is None:
        known = _ADVICE[engine] = advice(engine.workflow.steps)
    return tuple(
        engine.steps[name] for name in known.get(step_id, ()) if case.status(name) in _NOT_DONE
    )


def steps_words(steps: tuple[Step, ...]) -> Message:
    """Steps by their labels, in the reader's language: ``Books returned, Fees paid``."""
    return join_messages(N_("{left}, {right}"), [LabelText(s.label, s.id) for s in steps])
