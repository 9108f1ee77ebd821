"""A case moved onto other rules: its recorded actions done again on them, ids renamed.

Registry staff revise a workflow mid-season; a case started on the old rules moves onto the
new ones by doing every action it recorded again on them (:func:`rebuild`), in order, each
step and office id renamed by a :class:`Renames` map; an action on a step the new rules lack,
or one that does not apply to the student there, is left out (and listed); any other
refusal means the case cannot move (a :class:`~clearflow.errors.CaseDataError` naming the
action). :func:`moved` gives the moved case with its ``migrate`` event; replaying a history
that holds one does the same (:mod:`clearflow.engine._replay`), so the events stay the truth.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Mapping, Sequence

import attrs

from clearflow._i18n import Message
from clearflow.engine._audit import Action, Actor, Event
from clearflow.engine._case import Case
from clearflow.engine._engine import Engine
from clearflow.engine._record import StepStatus
from clearflow.errors import CaseDataError, ClearflowError, InputError
from clearflow.spec.conditions import FactValue

KINDS = ("steps", "offices")
"""What a rename map renames."""


@attrs.frozen
class Renames:
    """Old step and office ids mapped to new ones (each map one-to-one)."""

    steps: Mapping[str, str] = attrs.field(factory=dict)
    offices: Mapping[str, str] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        for kind, names in (("steps", self.steps), ("offices", self.offices)):
            if len(set(names.values())) != len(names):
                raise InputError(
                    Message(
                        "renames: two {kind} are renamed to one id (a rename is one-to-one; "
                        "a merge of two steps is a new step)",
                        kind=kind,
                    )
                )

    @classmethod
    def of(cls, data: Mapping[str, Mapping[str, str]] | None) -> Renames:
        """The renames an event's ``renames`` holds (None: none)."""
        data = data or {}
        return cls(steps=dict(data.get("steps", {})), offices=dict(data.get("offices", {})))

    def to_dict(self) -> dict[str, dict[str, str]] | None:
        """As an event keeps them; None when nothing is renamed."""
        data = {
            kind: dict(names)
            for kind, names in (("steps", self.steps), ("offices", self.offices))
            if names
        }
        return data or None

    def inverse(self) -> Renames:
        """The map back (what undoing a move renames)."""
        return Renames(
            steps={new: old for old, new in self.steps.items()},
            offices={new: old for old, new in self.offices.items()},
        )

    def event(self, event: Event) -> Event:
        """The event with its step and office ids renamed (itself when nothing changes)."""
        step = self.steps.get(event.step, event.step) if event.step is not None else None
        office = self.offices.get(event.office, event.office)
        if step == event.step and office == event.office:
            return event
        return attrs.evolve(event, step=step, office=office)


def rebuild(
    engine: Engine, student_id: str, actions: Sequence[Event], *, name: str | None = None
) -> tuple[Case, list[Event]]:
    """The case ``actions`` (a start, then clears, refusals, waivers, a release) make on
    ``engine``'s rules, whatever rules they were recorded on, and the actions left out: those
    on a step the rules lack or that does not apply to the student. The start's facts the
    rules do not ask for are left out of the case (and kept in the actions, so a move back
    finds them). Who acted is not checked against a staff roster again (:func:`unchecked`). A
    CaseDataError names the first action the rules refuse otherwise."""
    first = actions[0] if actions else None
    if first is None or first.action is not Action.START or first.facts is None:
        raise CaseDataError(Message("cannot move: the first event must be the start, with facts"))
    known = {fact.id for fact in engine.workflow.facts}  # what the rules do not ask is kept
    facts = {fact: value for fact, value in first.facts.items() if fact in known}
    try:
        case = unchecked(engine).start(student_id, facts, name=name, by=first.actor, at=first.at)
    except ClearflowError as error:
        raise CaseDataError(
            Message("cannot move the start (event {seq}): {error}", seq=first.seq, error=error.said)
        ) from None
    left_out = []
    for event in actions[1:]:
        if event.step is not None and _left_out(case, event.step):
            left_out.append(event)
            continue
        try:
            case.redo(event)
        except ClearflowError as error:
            action = f"{event.action} {event.step}" if event.step else str(event.action)
            raise CaseDataError(
                Message(
                    "cannot move event {seq} ({action}): {error}",
                    seq=event.seq,
                    action=action,
                    error=error.said,
                )
            ) from None
    case.engine = engine  # the same rules: from now on, who acts is checked again
    return case, left_out


_TWINS: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def unchecked(engine: Engine) -> Engine:
    """The engine's rules without its staff roster: a move does again what was done, by
    whoever did it then (who may act was checked at the time; a roster changes)."""
    if engine.permits is None:
        return engine
    twin = _TWINS.get(engine)
    if twin is None:
        twin = _TWINS[engine] = Engine(engine.workflow)
    return twin


def moved(
    case: Case,
    actions: Sequence[Event],
    engine: Engine,
    *,
    by: Actor,
    why: str,
    renames: Renames | None = None,
    at: dt.datetime | None = None,
    facts: Mapping[str, FactValue] | None = None,
) -> Case:
    """``case`` (at its stored version) moved onto ``engine``'s rules: ``actions`` (what it
    recorded so far, see :func:`~clearflow.engine._replay.actions_of`) renamed and done
    again there, then its ``migrate`` event. ``facts`` gives values of facts the new rules
    ask for (kept in the event). Refused for a released case."""
    if case.is_released:
        raise InputError(
            Message(
                "student '{student}' has been released: a released case keeps its rules",
                student=case.student_id,
            )
        )
    renames = renames or Renames()
    given = dict(facts) if facts else None
    renamed = moved_actions(actions, renames, given)
    new, _ = rebuild(engine, case.student_id, renamed, name=case.name)
    new.events = []
    new.base_version = case.version
    rules_from = case.engine.workflow.digest
    new.record_move(by, engine.moment(at), rules_from, renames.to_dict(), why, given)
    return new


def moved_actions(
    actions: Sequence[Event], renames: Renames, facts: Mapping[str, FactValue] | None
) -> list[Event]:
    """The actions a move redoes: renamed, the start's facts with ``facts`` given over them."""
    renamed = [renames.event(event) for event in actions]
    if facts and renamed:
        start = renamed[0]
        renamed[0] = attrs.evolve(start, facts={**(start.facts or {}), **facts})
    return renamed


def _left_out(case: Case, step_id: str) -> bool:
    """Whether an action on this step has no place on the case's rules."""
    if step_id not in case.engine.steps:
        return True
    return case.status(step_id) is StepStatus.NOT_APPLICABLE


__all__ = ["KINDS", "Renames", "moved", "moved_actions", "rebuild"]
