"""What moving one case onto revised rules changes for the student, in staff terms.

:func:`changes_of` compares a stored case with the case its actions rebuild on the new
rules (every step and office id renamed): a new step to do, a step that no longer applies
(and whether its record is left out), a step recorded differently (its status, or ``late``
now that a deadline moved before the action), the documents the student is to get, the
phase, and the facts the move adds or changes (from a facts file; a new fact at its default
is none). No change: the plan calls the case unchanged. Each :class:`Change` is plain data
(``to_dict``) and says itself in zh or en (:meth:`Change.said`), naming a step and an
office by their labels in the new workflow.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from typing import Any

import attrs

from clearflow._i18n import Message
from clearflow.engine import PREPARING, READY, RELEASED, Case, Renames, StepRecord, StepStatus
from clearflow.spec import Choice, FactType, Label, Workflow
from clearflow.spec.conditions import FactValue
from clearflow.words import LabelText


class ChangeKind(enum.StrEnum):
    """What kind of change a move makes to a case."""

    NEW_STEP = "new_step"
    NO_LONGER_APPLIES = "no_longer_applies"
    RECORD = "record"
    LATE = "late"
    DOCUMENTS = "documents"
    PHASE = "phase"
    FACT = "fact"


@attrs.frozen(kw_only=True)
class Change:
    """One change for one student: its kind, the step (new id) or fact it is about, that
    thing's label and office, and what was before and will be after."""

    kind: ChangeKind
    subject: str | None = None
    label: Label | None = None
    office: str | None = None
    office_label: Label | None = None
    before: str | None = None
    after: str | None = None
    before_label: Label | None = None
    after_label: Label | None = None
    yes_no: bool = False
    """Whether ``before`` and ``after`` are a bool fact's ``true`` and ``false``."""

    def said(self) -> Message:
        """The change as staff read it."""
        name = LabelText(self.label, self.subject or "")
        office = LabelText(self.office_label, self.office or "")
        match self.kind:
            case ChangeKind.NEW_STEP:
                return Message(
                    "new step to do: {label} ('{step}') at {office}",
                    step=self.subject,
                    label=name,
                    office=office,
                )
            case ChangeKind.NO_LONGER_APPLIES if self.before is not None:
                return Message(
                    "step {label} ('{step}') no longer applies: its record ({status}) is left out",
                    step=self.subject,
                    label=name,
                    status=_status(self.before),
                )
            case ChangeKind.NO_LONGER_APPLIES:
                return Message(
                    "step {label} ('{step}') no longer applies", step=self.subject, label=name
                )
            case ChangeKind.LATE:
                return Message(
                    "step {label} ('{step}') is now late: its deadline moved before the action "
                    "({at})",
                    step=self.subject,
                    label=name,
                    at=_moment(self.after or ""),
                )
            case ChangeKind.RECORD:
                return Message(
                    "step {label} ('{step}') changes: {before} → {after}",
                    step=self.subject,
                    label=name,
                    before=_status(self.before),
                    after=_status(self.after),
                )
            case ChangeKind.DOCUMENTS:
                return Message(
                    "documents change: {before} → {after}",
                    before=self.before or Message("none"),
                    after=self.after or Message("none"),
                )
            case ChangeKind.PHASE:
                return Message(
                    "phase changes: {before} → {after}",
                    before=_phase(self.before or "", self.before_label),
                    after=_phase(self.after or "", self.after_label),
                )
        after = self._value(self.after, self.after_label)
        if self.before is None:
            return Message(
                "fact added: {label} ('{fact}') = {value}",
                fact=self.subject,
                label=name,
                value=after,
            )
        return Message(
            "fact changes: {label} ('{fact}') {before} → {after}",
            fact=self.subject,
            label=name,
            before=self._value(self.before, self.before_label),
            after=after,
        )

    def _value(self, value: str | None, label: Label | None) -> Message:
        if self.yes_no:
            return _YES_NO.get(value or "", Message("{text}", text=value or ""))
        return LabelText(label, value or "")

    def to_dict(self) -> dict[str, Any]:
        """As JSON keeps it (labels left out: the workflow has them)."""
        data = {"kind": str(self.kind), "subject": self.subject, "office": self.office}
        data |= {"before": self.before, "after": self.after}
        return {key: value for key, value in data.items() if value is not None}


_STATUS: dict[str, Message] = {
    StepStatus.PENDING: Message("pending"),
    StepStatus.CLEARED: Message("cleared"),
    StepStatus.REFUSED: Message("refused"),
    StepStatus.WAIVED: Message("waived"),
    StepStatus.NOT_APPLICABLE: Message("not applicable"),
}


_YES_NO = {"true": Message("yes"), "false": Message("no")}


def _moment(text: str) -> str:
    """An action's time as staff read it: its date, hour and minute."""
    try:
        return dt.datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return text


def _status(value: str | None) -> Message:
    return _STATUS.get(value or "", Message("{text}", text=value or ""))


def changes_of(old: Case, new: Case, renames: Renames) -> tuple[Change, ...]:
    """What moving ``old`` changes, ``new`` being the case rebuilt on the new rules (its
    ids renamed by ``renames``, its facts given by a facts file merged in)."""
    return tuple(_changes(old, new, renames))


def _changes(old: Case, new: Case, renames: Renames) -> Iterator[Change]:
    workflow = new.engine.workflow
    old_steps = {renames.steps.get(step, step): step for step in old.engine.steps}
    for step_id in new.engine.steps:
        was = old_steps.get(step_id)
        before = old.status(was) if was is not None else StepStatus.NOT_APPLICABLE
        after = new.status(step_id)
        if after is not StepStatus.NOT_APPLICABLE and before is StepStatus.NOT_APPLICABLE:
            yield _step_change(workflow, ChangeKind.NEW_STEP, step_id)
        elif after is StepStatus.NOT_APPLICABLE and before is not StepStatus.NOT_APPLICABLE:
            status = str(before) if was in old.records else None
            yield _step_change(workflow, ChangeKind.NO_LONGER_APPLIES, step_id, before=status)
        elif was is not None:
            yield from _record_changes(
                workflow, step_id, old.records.get(was), new.records.get(step_id), renames
            )
    for step_id, was_id in ((renames.steps.get(s, s), s) for s in old.engine.steps):
        if step_id not in new.engine.steps and old.status(was_id) is not StepStatus.NOT_APPLICABLE:
            status = str(old.status(was_id)) if was_id in old.records else None
            change = Change(
                kind=ChangeKind.NO_LONGER_APPLIES,
                subject=was_id,
                label=old.engine.steps[was_id].label,
                before=status,
            )
            yield change
    before_documents = [document.id for document in old.expected_documents()]
    after_documents = [document.id for document in new.expected_documents()]
    if before_documents != after_documents:
        yield Change(
            kind=ChangeKind.DOCUMENTS,
            before=", ".join(before_documents),
            after=", ".join(after_documents),
        )
    if old.phase != new.phase:
        yield Change(
            kind=ChangeKind.PHASE,
            before=old.phase,
            after=new.phase,
            before_label=_station_label(old.engine.workflow, old.phase),
            after_label=_station_label(workflow, new.phase),
        )
    yield from _fact_changes(old, new)


def _fact_changes(old: Case, new: Case) -> Iterator[Change]:
    """The facts the move adds or changes: a new fact at its default is no change."""
    for fact in new.engine.workflow.facts:
        if fact.id not in new.facts:
            continue
        value = new.facts[fact.id]
        known = fact.id in old.facts
        before = old.facts[fact.id] if known else fact.default
        if value == before and (known or fact.default is not None):
            continue
        yield Change(
            kind=ChangeKind.FACT,
            subject=fact.id,
            label=fact.label,
            before=_text(old.facts[fact.id]) if known else None,
            after=_text(value),
            before_label=_choice(fact.values, old.facts.get(fact.id)),
            after_label=_choice(fact.values, value),
            yes_no=fact.type is FactType.BOOL,
        )


def _text(value: FactValue) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _choice(values: tuple[Choice, ...], value: object) -> Label | None:
    return next((item.label for item in values if item.id == value), None)


def _record_changes(
    workflow: Workflow,
    step_id: str,
    old: StepRecord | None,
    new: StepRecord | None,
    renames: Renames,
) -> Iterator[Change]:
    if old is not None and old.office in renames.offices:
        old = attrs.evolve(old, office=renames.offices[old.office])
    if old == new:
        return
    only_late = old is not None and new is not None and attrs.evolve(old, late=new.late) == new
    if only_late and new is not None and new.late:
        yield _step_change(workflow, ChangeKind.LATE, step_id, after=new.at.isoformat(" "))
        return
    before = str(old.status) if old is not None else str(StepStatus.PENDING)
    after = str(new.status) if new is not None else str(StepStatus.PENDING)
    yield _step_change(workflow, ChangeKind.RECORD, step_id, before=before, after=after)


def _step_change(
    workflow: Workflow,
    kind: ChangeKind,
    step_id: str,
    *,
    before: str | None = None,
    after: str | None = None,
) -> Change:
    step = workflow.step(step_id)
    office = next(item for item in workflow.offices if item.id == step.office)
    return Change(
        kind=kind,
        subject=step_id,
        label=step.label,
        office=step.office,
        office_label=office.label,
        before=before,
        after=after,
    )


PHASE_WORDS = {
    PREPARING: Message("preparing (prerequisites)"),
    READY: Message("ready for the documents"),
    RELEASED: Message("documents released"),
}
"""The phases that are no station, as a plan names them."""


def _station_label(workflow: Workflow, phase: str) -> Label | None:
    return None if phase in PHASE_WORDS else workflow.step(phase).label


def _phase(phase: str, label: Label | None) -> Message:
    """A phase as staff read it: a station by its label."""
    if phase in PHASE_WORDS:
        return PHASE_WORDS[phase]
    return Message("in the hall, at {label}", label=LabelText(label, phase))
