"""Replay: a case rebuilt by performing its recorded events again, in order.

A history may hold ``migrate`` events (:mod:`clearflow.engine._moving`): at each, the case
is rebuilt on the rules it moved to from every action recorded before it, renamed by the
renames of each move since the action (this one's last). So replaying a history needs the
rules of every digest it names: ``rules`` looks them up (a store keeps them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from clearflow._i18n import Message
from clearflow.engine._audit import Action, Event
from clearflow.engine._case import Case
from clearflow.engine._engine import Engine
from clearflow.engine._moving import Renames, moved_actions, rebuild
from clearflow.engine._snapshot import same_workflow
from clearflow.errors import CaseDataError, ClearflowError

Rules = Callable[[str], Engine]
"""The engine of a rules digest (a CaseDataError when the rules are not at hand)."""
_EVENT = Message("event")


def replay(
    engine: Engine,
    student_id: str,
    events: Iterable[Event],
    name: str | None = None,
    *,
    rules: Rules | None = None,
) -> Case:
    """Rebuild a case by performing its events again, in order.

    A history that starts on other rules than ``engine``'s, or moves (``migrate``), needs
    ``rules`` for the others' engines. A case that moved keeps its recorded history as its
    events (the rebuilt actions are not events of its own).
    """
    queue = list(events)
    case, _ = _replayed(engine, student_id, queue, name, rules)
    if any(event.action is Action.MIGRATE for event in queue):
        case.events = queue
        case.base_version = 0
    return case


def actions_of(
    engine: Engine,
    student_id: str,
    events: Iterable[Event],
    name: str | None = None,
    *,
    rules: Rules | None = None,
) -> tuple[Case, list[Event]]:
    """The case a history makes, as :func:`replay`, and its actions: every recorded event
    but the moves, each renamed as the moves since it renamed it (what moving the case
    again does once more)."""
    return _replayed(engine, student_id, list(events), name, rules)


def recorded_actions(
    engine: Engine,
    student_id: str,
    history: Sequence[Event],
    name: str | None = None,
    *,
    rules: Rules | None = None,
) -> list[Event]:
    """What moving a stored case redoes (:func:`actions_of`'s actions). A history on
    ``engine``'s rules throughout, numbered and without a move (the common case), is its
    own actions: taken as it is, without replaying it (half a move's or a plan's time)."""
    digest = engine.workflow.digest
    if all(
        event.seq == number and event.digest == digest and event.action is not Action.MIGRATE
        for number, event in enumerate(history, start=1)
    ):
        return list(history)
    return actions_of(engine, student_id, history, name, rules=rules)[1]


def _replayed(
    engine: Engine,
    student_id: str,
    queue: Sequence[Event],
    name: str | None,
    rules: Rules | None,
) -> tuple[Case, list[Event]]:
    first = queue[0] if queue else None
    if first is None or first.action is not Action.START or first.facts is None:
        raise CaseDataError(Message("cannot replay: the first event must be the start, with facts"))
    for number, event in enumerate(queue, start=1):
        if event.seq != number:
            raise CaseDataError(
                Message(
                    "cannot replay: event {number} is numbered {seq} "
                    "(events are missing or out of order)",
                    number=number,
                    seq=event.seq,
                )
            )
    current = _rules_of(engine, first, rules)
    try:
        case = current.start(student_id, first.facts, name=name, by=first.actor, at=first.at)
    except ClearflowError as error:
        raise CaseDataError(
            Message("cannot replay event {seq} (start): {error}", seq=first.seq, error=error.said)
        ) from None
    actions = [first]
    for event in queue[1:]:
        if event.action is Action.START:
            raise CaseDataError(
                Message("cannot replay: a second start event (seq {seq})", seq=event.seq)
            )
        if event.action is Action.MIGRATE:
            actions = moved_actions(actions, Renames.of(event.renames), event.facts)
            case, _ = rebuild(_rules_of(engine, event, rules), student_id, actions, name=name)
            continue
        same_workflow(case.engine, {"id": event.workflow, "digest": event.digest}, _EVENT)
        actions.append(event)
        try:
            case.redo(event)
        except ClearflowError as error:
            action = f"{event.action} {event.step}" if event.step else str(event.action)
            raise CaseDataError(
                Message(
                    "cannot replay event {seq} ({action}): {error}",
                    seq=event.seq,
                    action=action,
                    error=error.said,
                )
            ) from None
    return case, actions


def _rules_of(engine: Engine, event: Event, rules: Rules | None) -> Engine:
    """The engine of the rules an event was recorded on (``engine`` when they are its)."""
    if rules is None or event.digest == engine.workflow.digest:
        same_workflow(engine, {"id": event.workflow, "digest": event.digest}, _EVENT)
        return engine
    return rules(event.digest)


__all__ = ["Rules", "actions_of", "recorded_actions", "replay"]
