"""When an office or the hall serves: whether an action falls outside the hours that apply.

The engine computes one :class:`HoursRule` per step (and per office that releases
documents) when it compiles, and only for those with hours or a tie to sessions, so an
action on a step with none costs one dictionary look-up. A prerequisite follows its
office's hours and ``off_hours:`` policy; a station the hall's (``schedule.hours`` and
``schedule.off_hours``), or its office's when the schedule states no hours; a step's own
``off_hours:`` overrides either policy. With ``schedule.own_session``, a station action
outside the student's own session(s) is off hours too; a student with no session is held
to the hall's hours only. :func:`is_off_hours` returns whether to flag the action, or
raises :class:`~clearflow.errors.ActionError` when the policy is ``block``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from clearflow._i18n import Message, Plural, verbatim
from clearflow.errors import ActionError
from clearflow.spec import (
    FULL_WEEKDAY_WORDS,
    Hours,
    Office,
    Schedule,
    StepKind,
    Workflow,
    hours_on,
    sessions_for,
)
from clearflow.spec.conditions import FactValue


@attrs.frozen(kw_only=True)
class HoursRule:
    """The hours one step (or one office's release) keeps, and what acting outside does."""

    hours: tuple[Hours, ...]
    policy: str
    place: Message
    own_session: str | None = None


def hours_rules(workflow: Workflow) -> dict[str, HoursRule]:
    """The rule of every step that has hours or is tied to sessions, by step id."""
    offices = {office.id: office for office in workflow.offices}
    schedule = workflow.schedule
    rules: dict[str, HoursRule] = {}
    for step in workflow.steps:
        office = offices.get(step.office)
        rule: HoursRule | None
        if step.kind is StepKind.STATION and schedule is not None and schedule.hours:
            rule = HoursRule(
                hours=schedule.hours,
                policy=step.off_hours or schedule.off_hours,
                place=Message("the hall"),
                own_session=schedule.own_session,
            )
        else:
            rule = _office_rule(office, step.off_hours) if office else None
            if step.kind is StepKind.STATION and schedule and schedule.own_session:
                rule = _tied(rule, schedule, step.off_hours)
        if rule is not None:
            rules[step.id] = rule
    return rules


def release_rules(workflow: Workflow, release_offices: frozenset[str]) -> dict[str, HoursRule]:
    """The hours of each office that hands over documents, when it states any."""
    rules = {
        office.id: _office_rule(office, None)
        for office in workflow.offices
        if office.id in release_offices
    }
    return {office: rule for office, rule in rules.items() if rule is not None}


def _office_rule(office: Office, policy: str | None) -> HoursRule | None:
    if not office.hours:
        return None
    return HoursRule(
        hours=office.hours,
        policy=policy or office.off_hours,
        place=Message("office '{office}'", office=office.id),
    )


def _tied(rule: HoursRule | None, schedule: Schedule, policy: str | None) -> HoursRule:
    if rule is None:
        rule = HoursRule(hours=(), policy=policy or schedule.off_hours, place=Message("the hall"))
    return attrs.evolve(rule, own_session=schedule.own_session)


def clock(time: dt.time) -> str:
    """``8:30``, ``14:00``: a time of day as a notice writes it."""
    return f"{time.hour}:{time.minute:02d}"


def is_off_hours(
    rule: HoursRule | None,
    workflow: Workflow,
    facts: Mapping[str, FactValue],
    action: Message,
    local: dt.datetime,
) -> bool:
    """Whether ``action`` at the local moment ``local`` is outside ``rule``; raised on block."""
    if rule is None:
        return False
    day, now = local.date(), local.time()
    ranges = hours_on(rule.hours, day, facts)
    if ranges is not None and not any(start <= now < end for start, end in ranges):
        if rule.policy == "block":
            weekday = Message(FULL_WEEKDAY_WORDS[day.weekday()])
            if not ranges:
                raise ActionError(
                    Message(
                        "cannot {action} now: {place} is closed on {day}",
                        action=action,
                        place=rule.place,
                        day=weekday,
                    )
                )
            shown = ", ".join(f"{clock(start)}–{clock(end)}" for start, end in ranges)
            raise ActionError(
                Message(
                    "cannot {action} now: {place} is open {hours} on {day}",
                    action=action,
                    place=rule.place,
                    hours=verbatim(shown),
                    day=weekday,
                )
            )
        return True
    if rule.own_session is None:
        return False
    sessions = sessions_for(workflow, facts)
    if not sessions or any(item.date == day and item.start <= now < item.end for item in sessions):
        return False
    if rule.own_session == "block":
        shown = ", ".join(
            f"{item.date:%Y-%m-%d} {clock(item.start)}–{clock(item.end)}" for item in sessions
        )
        raise ActionError(
            Plural(
                "cannot {action} now: outside the student's session {sessions}",
                "cannot {action} now: outside the student's sessions {sessions}",
                len(sessions),
                action=action,
                sessions=verbatim(shown),
            )
        )
    return True
