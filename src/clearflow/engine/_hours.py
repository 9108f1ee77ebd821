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
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from clearflow._i18n import Message, Plural, verbatim
from clearflow.engine._facts import CACHED
from clearflow.errors import ActionError
from clearflow.spec import (
    FULL_WEEKDAY_WORDS,
    Hours,
    Office,
    Range,
    Schedule,
    Session,
    StepKind,
    Workflow,
    clock,
    hours_on,
)
from clearflow.spec.conditions import FactValue, facts_read

_UNSET: Any = object()
Window = tuple[tuple[Range, ...] | None, tuple[Range, ...] | None]
"""A day's open ranges for a student, and their own sessions' ranges that day."""


@attrs.define(kw_only=True, eq=False)
class HoursRule:
    """The hours one step (or one office's release) keeps, and what acting outside does.

    ``sessions`` are the schedule's, when ``own_session`` ties the step to them. What a
    student's facts select (the ranges of a day, their sessions) is kept per value of the
    facts the ``who:`` selectors read, so a station action does not evaluate every session.
    """

    hours: tuple[Hours, ...]
    policy: str
    place: Message
    own_session: str | None = None
    sessions: tuple[Session, ...] = ()
    _keys: tuple[str, ...] = attrs.field(init=False)
    _days: dict[tuple[Any, ...], Window] = attrs.field(init=False, factory=dict)
    _mine: dict[tuple[Any, ...], tuple[Session, ...]] = attrs.field(init=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        selectors = [h.who for h in self.hours if h.who] + [s.who for s in self.sessions]
        read = frozenset().union(*(facts_read(item.condition) for item in selectors))
        self._keys = tuple(sorted(read))

    def window(self, day: dt.date, facts: Mapping[str, FactValue]) -> Window:
        """The student's open ranges on ``day`` (None: no hours written) and the ranges of
        their own sessions that day (None: not tied to sessions, or in no session)."""
        key = (day, *[facts.get(name, _UNSET) for name in self._keys])
        found = self._days.get(key)
        if found is None:
            if len(self._days) >= CACHED:
                self._days.clear()
            mine = self.sessions_of(facts) if self.own_session else ()
            today = tuple((s.start, s.end) for s in mine if s.date == day) if mine else None
            found = self._days[key] = (hours_on(self.hours, day, facts), today)
        return found

    def sessions_of(self, facts: Mapping[str, FactValue]) -> tuple[Session, ...]:
        """The student's own sessions (as :func:`~clearflow.spec.sessions_for`), remembered."""
        key = tuple([facts.get(name, _UNSET) for name in self._keys])
        found = self._mine.get(key)
        if found is None:
            if len(self._mine) >= CACHED:
                self._mine.clear()
            chosen = [item for item in self.sessions if item.who.condition.evaluate(facts, {})]
            found = self._mine[key] = tuple(chosen)
        return found


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
        if rule is not None and rule.own_session and schedule is not None:
            rule = attrs.evolve(rule, sessions=schedule.sessions)
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


def _inside(now: dt.time, ranges: tuple[Range, ...]) -> bool:
    # A loop, not any() over a generator: this runs on every station action.
    for start, end in ranges:  # noqa: SIM110
        if start <= now < end:
            return True
    return False


def is_off_hours(
    rule: HoursRule | None,
    facts: Mapping[str, FactValue],
    described: Callable[[], Message],
    local: dt.datetime,
) -> bool:
    """Whether an action at ``local`` (in the workflow's zone) is outside ``rule``; raised on
    block, naming the action as ``described()`` says."""
    if rule is None:
        return False
    day, now = local.date(), local.time()
    ranges, today = rule.window(day, facts)
    if ranges is not None and not _inside(now, ranges):
        if rule.policy == "block":
            action = described()
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
    if today is None or _inside(now, today):
        return False
    if rule.own_session == "block":
        action = described()
        sessions = rule.sessions_of(facts)
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
