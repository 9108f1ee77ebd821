"""The rules digest: a SHA-256 of what decides a case, not of how the file is written.

A case records the digest of the workflow it started on and refuses to run on
another. Hashing the file's text would orphan every case in progress when
staff fix a comment, a label or the schedule; hashing the rules — facts and
their values, offices, deadlines and their dates, steps with their conditions,
order and openings, documents with theirs, the time zone — refuses exactly the edits
that could change what an action does or which documents a student gets. Advice on the
order (``advised_after:``) is left out: it changes what a student is told, never what an
action does. Who may act (an office's ``scope:``, a step's ``person:``) is in, only when
written. Hours are rules too (acting outside them is flagged or refused): office and hall
hours, the ``off_hours:`` policies and ``own_session:`` (with the sessions it ties stations
to) are hashed only when written. So the digests of workflows without these stay as they were.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from clearflow.spec._model import Deadline, Schedule, Selector, Workflow
from clearflow.spec._offices import Hours
from clearflow.spec._opening import Opening
from clearflow.spec.conditions import All, Condition, Constant, FactIn, Not, OutcomeIn
from clearflow.spec.conditions import Any as AnyOf


def rules_digest(workflow: Workflow) -> str:
    """The hex SHA-256 of the workflow's rules in a canonical JSON form."""
    text = json.dumps(
        _rules(workflow), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rules(workflow: Workflow) -> dict[str, Any]:
    return _base(workflow) | _hours(workflow)


def _base(workflow: Workflow) -> dict[str, Any]:
    return {
        "format": workflow.format,
        "id": workflow.id,
        "timezone": workflow.timezone,
        "offices": sorted(office.id for office in workflow.offices),
        # Who may act: only when written, so the digests of workflows without them stay.
        **_scopes(workflow),
        "facts": [
            {
                "id": fact.id,
                "type": str(fact.type),
                "default": fact.default,
                "values": [choice.id for choice in fact.values],
            }
            for fact in workflow.facts
        ],
        "deadlines": [_deadline(deadline) for deadline in workflow.deadlines],
        "steps": [
            {
                "id": step.id,
                "kind": str(step.kind),
                "office": step.office,
                "when": _condition(step.when),
                "required": _condition(step.required),
                "after": list(step.after),
                "after_all": step.after_all,
                "due": step.due,
                "outcomes": [outcome.id for outcome in step.outcomes],
                # Only when written, so the digests of workflows without openings stay as they were.
                **({"opens": _opening(step.opens)} if step.opens else {}),
                **({"person": step.person} if step.person else {}),
                **({"off_hours": step.off_hours} if step.off_hours else {}),
            }
            for step in workflow.steps
        ],
        "documents": [
            {
                "id": document.id,
                "when": _condition(document.when),
                "group": document.group,
                "office": document.office,
            }
            for document in workflow.documents
        ],
    }


def _scopes(workflow: Workflow) -> dict[str, Any]:
    """The offices' ``scope:`` facts, when any is written (the ``roster:`` rule is not in:
    its date only makes a late import warn)."""
    scopes = {office.id: office.scope for office in workflow.offices if office.scope}
    return {"scopes": scopes} if scopes else {}


def _hours(workflow: Workflow) -> dict[str, Any]:
    """Office and hall hours and their policies, each only when written."""
    data: dict[str, Any] = {}
    offices = {
        office.id: {"hours": _entries(office.hours), "off_hours": office.off_hours}
        for office in workflow.offices
        if office.hours or office.off_hours != "flag"
    }
    if offices:
        data["office_hours"] = offices
    schedule = workflow.schedule
    if schedule is not None and (
        schedule.hours or schedule.off_hours != "flag" or schedule.own_session
    ):
        data["hall_hours"] = _hall(schedule)
    return data


def _hall(schedule: Schedule) -> dict[str, Any]:
    hall: dict[str, Any] = {"hours": _entries(schedule.hours), "off_hours": schedule.off_hours}
    if schedule.own_session:
        hall["own_session"] = schedule.own_session
        hall["sessions"] = [
            [item.date.isoformat(), str(item.start), str(item.end), _selector(item.who)]
            for item in schedule.sessions
        ]
    return hall


def _entries(hours: tuple[Hours, ...]) -> list[Any]:
    return [
        [
            list(item.days),
            str(item.open),
            str(item.close),
            [[str(pause.start), str(pause.end)] for pause in item.breaks],
            str(item.since) if item.since else None,
            str(item.until) if item.until else None,
            _selector(item.who),
        ]
        for item in hours
    ]


def _deadline(deadline: Deadline) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": deadline.id,
        "late": deadline.late,
        "dates": [[rule.date.isoformat(), _selector(rule.who)] for rule in deadline.dates],
    }
    if deadline.closes != "hall":  # only when written, as for openings
        data["closes"] = deadline.closes
    return data


def _opening(opening: Opening) -> dict[str, Any]:
    moments = [[rule.moment.isoformat(), _selector(rule.who)] for rule in opening.moments]
    return {"early": opening.early, "moments": moments}


def _selector(selector: Selector | None) -> Any:
    if selector is None:
        return None
    return [[fact, sorted(values, key=repr)] for fact, values in selector.pairs]


def _condition(condition: Condition) -> Any:
    match condition:
        case Constant(value=value):
            return value
        case FactIn(fact=fact, values=values):
            return ["fact", fact, sorted(values, key=repr)]
        case OutcomeIn(step=step, outcomes=outcomes):
            return ["outcome", step, sorted(outcomes)]
        case Not(operand=operand):
            return ["not", _condition(operand)]
        case All(operands=operands):
            return ["all", [_condition(item) for item in operands]]
        case AnyOf(operands=operands):
            return ["any", [_condition(item) for item in operands]]
    raise AssertionError(condition)  # pragma: no cover
