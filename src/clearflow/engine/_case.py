"""One student's progress: facts, step records, phase, actions and the audit trail.

Every action checks who acts and whether the procedure allows it *before*
changing anything, then records one :class:`~clearflow.engine._audit.Event`. A refused
action raises a :class:`ActionError` in the student's and staff's terms and
leaves the case exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
from collections.abc import Mapping

import attrs

from clearflow._hints import suggest
from clearflow.engine._audit import Action, Actor, Event, new_event
from clearflow.engine._engine import (
    ENTER_HALL,
    PREPARING,
    READY,
    RELEASE,
    RELEASED,
    Engine,
)
from clearflow.engine._facts import HOLDS, NOT_APPLICABLE, FactRules
from clearflow.errors import ActionError, NotPermittedError
from clearflow.spec._model import DEFAULT_OUTCOME, Document, Step, StepKind
from clearflow.spec.conditions import FactValue


class StepStatus(enum.StrEnum):
    """Where one step stands for one student."""

    PENDING = "pending"
    CLEARED = "cleared"
    REFUSED = "refused"
    WAIVED = "waived"
    NOT_APPLICABLE = "not_applicable"


SETTLED = frozenset({StepStatus.CLEARED, StepStatus.WAIVED, StepStatus.NOT_APPLICABLE})
_DONE = frozenset({StepStatus.CLEARED, StepStatus.WAIVED})
_NO_OUTCOMES: Mapping[str, str] = types.MappingProxyType({})
_DATETIME = dt.datetime  # an aware datetime already in the zone needs no moment()


@attrs.define(kw_only=True, slots=True, weakref_slot=False)
class _StepRecordFields:
    """The slots of a :class:`StepRecord`, writable: the fast path of :func:`_record` fills them."""

    status: StepStatus
    office: str
    staff: str
    at: dt.datetime
    outcome: str | None = None
    reason: str | None = None
    late: bool = False


@attrs.frozen(kw_only=True, slots=True, weakref_slot=False)
class StepRecord(_StepRecordFields):
    """The last thing that happened to a step: cleared, refused or waived, by whom, when."""


_new = object.__new__


def _record(
    status: StepStatus,
    by: Actor,
    at: dt.datetime,
    outcome: str | None = None,
    reason: str | None = None,
    late: bool = False,
) -> StepRecord:
    # The same StepRecord as the frozen __init__ makes, without its per-field setattr:
    # fill the writable base's slots, then make it a StepRecord (same slots).
    record = _new(_StepRecordFields)
    record.status = status
    record.office = by.office
    record.staff = by.staff
    record.at = at
    record.outcome = outcome
    record.reason = reason
    record.late = late
    record.__class__ = StepRecord
    return record  # type: ignore[return-value]


@attrs.define(slots=True, eq=False)
class Case:
    """One student driven through a workflow by the engine's shared machine.

    Create cases with :meth:`Engine.start <clearflow.engine._engine.Engine.start>`; ``phase``
    is set by the machine. ``events`` holds the events since the case was loaded:
    all of them for a new or restored case, only the new ones for a case a store
    loaded without its history (``base_version`` counts the events left out).
    ``facts`` never change after the start: they are a read-only
    :class:`~clearflow.engine._engine.FrozenFacts`, shared with other cases that have the same.
    """

    engine: Engine = attrs.field(repr=False)
    student_id: str
    facts: dict[str, FactValue]
    name: str | None = None
    phase: str = PREPARING
    records: dict[str, StepRecord] = attrs.Factory(dict)
    events: list[Event] = attrs.Factory(list)
    documents: tuple[str, ...] | None = None
    base_version: int = 0
    # Which steps apply and hold the student, from the facts alone (see Engine.rules).
    _rules: FactRules = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # The same facts, read-only and shared with other cases that have them.
        self.facts, self._rules = self.engine.profile(self.facts)

    # -- questions -------------------------------------------------------------

    @property
    def version(self) -> int:
        """How many events the case has had; stores use it for optimistic concurrency."""
        return self.base_version + len(self.events)

    @property
    def is_released(self) -> bool:
        """Whether the documents have been handed over."""
        return self.phase == RELEASED

    def status(self, step_id: str) -> StepStatus:
        """A step's status for this student."""
        return self._status(self._step(step_id))

    def is_required(self, step_id: str) -> bool:
        """Whether an applicable step must be settled (optional steps never block)."""
        step = self._step(step_id)
        return step.required.evaluate(self.facts, self._outcomes_read_by(step))

    def is_passable(self, step_id: str) -> bool:
        """Whether a step no longer holds the student back."""
        return self._passable(self._step(step_id))

    def prerequisites_settled(self) -> bool:
        """Whether every prerequisite is settled, so the student may enter the hall."""
        return self._settled(self._rules.holding_prerequisites) and self._passable_all(
            self.engine.dynamic_prerequisites
        )

    def is_settled_all(self) -> bool:
        """Whether every step is settled, so documents may be released."""
        return self._settled(self._rules.holding) and self._passable_all(self.engine.dynamic_steps)

    def outcomes(self) -> dict[str, str]:
        """The outcome of every cleared step (``cleared`` when it declares none)."""
        return {
            step: DEFAULT_OUTCOME if record.outcome is None else record.outcome
            for step, record in self.records.items()
            if record.status is StepStatus.CLEARED
        }

    def waiting_for(self, step_id: str) -> tuple[str, ...]:
        """The steps that must be settled before this one may be acted on."""
        step = self._step(step_id)
        if step.kind is StepKind.STATION:
            if self.phase == PREPARING:
                return tuple(s.id for s in self.engine.prerequisites if not self.is_passable(s.id))
            current = self.engine.station_index.get(self.phase, len(self.engine.stations))
            mine = self.engine.station_index[step_id]
            return tuple(s.id for s in self.engine.stations[current:mine])
        return tuple(p for p in self.engine.predecessors[step_id] if not self.is_passable(p))

    def expected_documents(self) -> tuple[Document, ...]:
        """The documents this student would get with the outcomes recorded so far."""
        reads = self.engine.document_reads
        return tuple(
            [
                document
                for document, given in self._rules.documents
                if given
                or (
                    given is None
                    and document.when.evaluate(self.facts, self._outcomes_of(reads[document.id]))
                )
            ]
        )

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
            self._in_order(step, "clear")
        if outcome is None:
            chosen = step.outcomes[0].id if step.outcomes else None
        else:
            chosen = self._outcome(step, outcome)
        engine = self.engine
        when = at if at.__class__ is _DATETIME and at.tzinfo is engine.zone else engine.moment(at)
        late = False if step.due is None else self._late(step, when)
        self.records[step.id] = _record(StepStatus.CLEARED, by, when, chosen, note, late)
        event = self._append(Action.CLEAR, by, when, step.id, chosen, note, late)
        self._advance()
        return event

    def refuse(
        self, step_id: str, by: Actor, reason: str, *, at: dt.datetime | None = None
    ) -> Event:
        """Refuse to sign a step off for now, saying why; it can be cleared later."""
        step = self._actionable(step_id, by, "refuse")
        if step.kind is StepKind.STATION:
            self._in_order(step, "refuse")
        when = self.engine.moment(at)
        reason = _reason(reason, "refuse", step)
        self.records[step.id] = _record(StepStatus.REFUSED, by, when, reason=reason)
        return self._append(Action.REFUSE, by, when, step=step.id, reason=reason)

    def waive(
        self, step_id: str, by: Actor, reason: str, *, at: dt.datetime | None = None
    ) -> Event:
        """Excuse the student from a step, saying why; waived steps never block."""
        step = self._actionable(step_id, by, "waive")
        if step.kind is StepKind.STATION:
            self._in_order(step, "waive")
        when = self.engine.moment(at)
        reason = _reason(reason, "waive", step)
        self.records[step.id] = _record(StepStatus.WAIVED, by, when, reason=reason)
        event = self._append(Action.WAIVE, by, when, step=step.id, reason=reason)
        self._advance()
        return event

    def release(self, by: Actor, *, at: dt.datetime | None = None) -> tuple[Document, ...]:
        """Hand over the documents once every step is settled; returns them."""
        if self.phase == RELEASED:
            raise ActionError(f"cannot release: documents were already released to {self._who()}")
        if by.office not in self.engine.release_offices:
            offices = ", ".join(sorted(self.engine.release_offices)) or "none"
            raise NotPermittedError(
                f"cannot release: office '{by.office}' does not hand over documents "
                f"(offices that do: {offices})"
            )
        if self.phase != READY:
            open_steps = [s.id for s in self.engine.workflow.steps if not self.is_passable(s.id)]
            raise ActionError(
                "cannot release: not every step is settled; still open: " + ", ".join(open_steps)
            )
        documents = self.expected_documents()
        self._check_groups(documents)
        engine = self.engine
        when = at if at.__class__ is _DATETIME and at.tzinfo is engine.zone else engine.moment(at)
        engine.fire(self, RELEASE)
        self.documents = engine.shared_ids(tuple([document.id for document in documents]))
        self._append(Action.RELEASE, by, when, None, None, None, False, None, self.documents)
        return documents

    # -- internals -------------------------------------------------------------

    def begin(self, by: Actor, when: dt.datetime) -> None:
        """Record the start event (called once by the engine)."""
        self._append(Action.START, by, when, facts=dict(self.facts))
        self._advance()

    def _status(self, step: Step) -> StepStatus:
        rule = self._rules.steps.get(step.id)
        if rule is None:
            if not step.when.evaluate(self.facts, self._outcomes_read_by(step)):
                return StepStatus.NOT_APPLICABLE
        elif rule == NOT_APPLICABLE:
            return StepStatus.NOT_APPLICABLE
        record = self.records.get(step.id)
        return record.status if record else StepStatus.PENDING

    def _passable(self, step: Step) -> bool:
        # ``_status(step) in SETTLED or not required``, reading the outcomes at most once.
        rule = self._rules.steps.get(step.id)
        if rule is not None:  # the facts alone decide whether the step applies and is required
            if rule != HOLDS:
                return True
            record = self.records.get(step.id)
            return record is not None and record.status in SETTLED
        outcomes = self._outcomes_read_by(step)
        if not step.when.evaluate(self.facts, outcomes):
            return True
        record = self.records.get(step.id)
        if record is not None and record.status in SETTLED:
            return True
        return not step.required.evaluate(self.facts, outcomes)

    def _outcomes_read_by(self, step: Step) -> Mapping[str, str]:
        # Most conditions read only facts: skip building the outcomes for them.
        reads = self.engine.step_reads.get(step.id)
        return self._outcomes_of(reads) if reads else _NO_OUTCOMES

    def _outcomes_of(self, step_ids: tuple[str, ...]) -> dict[str, str]:
        # outcomes() restricted to these steps: all that a condition reading them looks at.
        records = self.records
        outcomes: dict[str, str] = {}
        for step_id in step_ids:
            record = records.get(step_id)
            if record is not None and record.status is StepStatus.CLEARED:
                outcomes[step_id] = DEFAULT_OUTCOME if record.outcome is None else record.outcome
        return outcomes

    def _passable_all(self, steps: tuple[Step, ...]) -> bool:
        return not steps or all(self._passable(step) for step in steps)

    def _settled(self, step_ids: tuple[str, ...]) -> bool:
        records = self.records
        for step_id in step_ids:
            record = records.get(step_id)
            if record is None or record.status not in SETTLED:
                return False
        return True

    def _step(self, step_id: str) -> Step:
        step = self.engine.steps.get(step_id)
        if step is None:
            hint = suggest(step_id, self.engine.steps)
            raise ActionError(f"unknown step '{step_id}'" + (f" ({hint})" if hint else ""))
        return step

    def _who(self) -> str:
        return f"{self.name} ({self.student_id})" if self.name else self.student_id

    def _actionable(self, step_id: str, by: Actor, verb: str) -> Step:
        step = self.engine.steps.get(step_id) or self._step(step_id)
        if self.phase == RELEASED:
            raise ActionError(f"cannot {verb} '{step.id}': documents were already released")
        if by.office != step.office:
            raise NotPermittedError(
                f"cannot {verb} '{step.id}': it belongs to office '{step.office}', "
                f"not '{by.office}'"
            )
        # self._status(step), inline: this runs on every action.
        rule = self._rules.steps.get(step.id)
        if rule == NOT_APPLICABLE or (
            rule is None and not step.when.evaluate(self.facts, self._outcomes_read_by(step))
        ):
            raise ActionError(f"cannot {verb} '{step.id}': it does not apply to {self._who()}")
        record = self.records.get(step.id)
        if record is not None and record.status in _DONE:
            raise ActionError(
                f"cannot {verb} '{step.id}': already {record.status} on "
                f"{record.at:%Y-%m-%d %H:%M} by {record.office}/{record.staff}"
            )
        return step

    def _in_order(self, step: Step, verb: str) -> None:
        if step.kind is StepKind.STATION and self.phase == step.id:
            return  # the station the student stands at waits for nothing
        waiting = self.waiting_for(step.id)
        if step.kind is StepKind.STATION and self.phase != step.id and not waiting:
            waiting = (self.phase,)
        if waiting:
            first = "prerequisites" if self.phase == PREPARING else "first"
            raise ActionError(f"cannot {verb} '{step.id}' yet: {first}: " + ", ".join(waiting))

    def _outcome(self, step: Step, outcome: str | None) -> str | None:
        if outcome is None:
            return step.outcomes[0].id if step.outcomes else None
        declared = [item.id for item in step.outcomes]
        if outcome in declared or (not declared and outcome == "cleared"):
            return outcome if declared else None
        allowed = ", ".join(declared) or "none (clear it without an outcome)"
        raise ActionError(
            f"cannot clear '{step.id}': unknown outcome '{outcome}'; allowed: {allowed}"
        )

    def _late(self, step: Step, when: dt.datetime) -> bool:
        if step.due is None:
            return False
        deadline = self.engine.deadlines[step.due]
        due = deadline.date_for(self.facts)
        if due is None or when.astimezone(self.engine.zone).date() <= due:
            return False
        if deadline.late == "block":
            raise ActionError(
                f"cannot clear '{step.id}': deadline '{deadline.id}' ({due}) has passed; "
                f"office '{step.office}' may waive the step instead"
            )
        return True

    def _check_groups(self, documents: tuple[Document, ...]) -> None:
        for group in self.engine.document_groups:
            chosen = [d.id for d in documents if d.group == group]
            if len(chosen) != 1:
                found = ", ".join(chosen) or "none"
                raise ActionError(
                    f"cannot release: group '{group}' must give exactly one "
                    f"document, the rules give {found}"
                )

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
    ) -> Event:
        workflow = self.engine.workflow
        events = self.events
        event = new_event(
            self.base_version + len(events) + 1,
            action,
            when,
            by.office,
            by.staff,
            workflow.id,
            workflow.digest,
            step,
            outcome,
            reason,
            late,
            facts,
            documents,
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


def _reason(reason: str, verb: str, step: Step) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise ActionError(f"cannot {verb} '{step.id}' without a reason")
    return text
