"""Where and when a student is served for an office or a step: :func:`service_for`.

A prerequisite is served at its office's place for the student (the first ``places``
entry whose ``who`` selects them) in the office's hours; a station in the hall (the
student's session place, else ``schedule.place``), at its own spot (``place:``, a window)
if it has one, on the student's own session days and times when the schedule gives them
one, else in the hall's hours. :meth:`Service.text` says it in one line:
``财务处 · 图书馆一楼大厅 2号窗口 · 9:00–11:30, 14:00–17:00``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs

from clearflow._i18n import N_, Contextual, Lang, Message, translate
from clearflow.spec._model import WEEKDAYS, Label, Selector, Session, Step, StepKind, Workflow
from clearflow.spec._offices import Hours, Office, Range, hours_on
from clearflow.spec._sessions import place_of, sessions_for
from clearflow.spec._weekdays import WEEKDAY_WORDS
from clearflow.spec.conditions import FactValue

Week = tuple[tuple[tuple[str, ...], tuple[Range, ...]], ...]
"""Weekly hours grouped: the weekdays (``mon`` ...) that share the same ranges, in order."""

HOURS_DAYS: tuple[Message, ...] = (
    Contextual("weekday in opening hours", "Mon"),
    Contextual("weekday in opening hours", "Tue"),
    Contextual("weekday in opening hours", "Wed"),
    Contextual("weekday in opening hours", "Thu"),
    Contextual("weekday in opening hours", "Fri"),
    Contextual("weekday in opening hours", "Sat"),
    Contextual("weekday in opening hours", "Sun"),
)
"""A weekday heading a group of hours (周一 in Chinese, where a date's weekday is 星期一)."""


@attrs.frozen(kw_only=True)
class Service:
    """Where and when one student is served for an office or a step.

    ``place`` is None when the workflow names none; ``window`` is a station's own spot.
    With a ``day``, ``hours`` are that day's ranges (``()``: closed); without, ``hours``
    is None and ``week`` holds the student's weekly hours, or ``sessions`` their own
    hall sessions for a station. Both are empty when no hours are written.
    """

    office: Office
    step: Step | None = None
    place: Label | None = None
    window: Label | None = None
    day: dt.date | None = None
    hours: tuple[Range, ...] | None = None
    week: Week = ()
    sessions: tuple[Session, ...] = ()

    def text(self, lang: Lang = "en") -> str:
        """One line: office · place window · hours (the parts the workflow gives)."""
        office = self.office.label.text(lang) or self.office.id
        return " · ".join(part for part in (office, self.where(lang)) if part)

    def where(self, lang: Lang = "en") -> str:
        """Place, window and hours without the office ("" when the workflow gives none)."""
        place = " ".join(label.text(lang) for label in (self.place, self.window) if label)
        return " · ".join(part for part in (place, self.when(lang)) if part)

    def when(self, lang: Lang = "en") -> str:
        """The hours part alone ("" when the workflow gives none)."""
        if self.day is not None:
            if self.hours is None:
                return ""
            day = f"{self.day.isoformat()} {translate(WEEKDAY_WORDS[self.day.weekday()], lang)}"
            if not self.hours:
                return Message("closed on {day}", day=day).text(lang)
            return f"{day} {ranges_text(self.hours)}"
        if self.sessions:
            return translate(N_("; "), lang).join(session_text(s, lang) for s in self.sessions)
        return week_text(self.week, lang)


def service_for(
    workflow: Workflow,
    office_or_step: str,
    facts: Mapping[str, FactValue],
    day: dt.date | None = None,
) -> Service:
    """Where and when the student with ``facts`` is served for an office or a step id.

    A step id that is also an office id means the step. Raises KeyError for an id that is
    neither. ``day`` narrows the hours to one date (:func:`~clearflow.spec.hours_on`).
    """
    step = next((item for item in workflow.steps if item.id == office_or_step), None)
    office = workflow.office(step.office if step else office_or_step)
    if step is not None and step.kind is StepKind.STATION:
        return _station(workflow, office, step, facts, day)
    place = next((p.label for p in office.places if p.who is None or _selects(p.who, facts)), None)
    if day is not None:
        return Service(
            office=office, step=step, place=place, day=day, hours=hours_on(office.hours, day, facts)
        )
    return Service(office=office, step=step, place=place, week=weekly(office.hours, facts))


def _station(
    workflow: Workflow,
    office: Office,
    step: Step,
    facts: Mapping[str, FactValue],
    day: dt.date | None,
) -> Service:
    schedule = workflow.schedule
    elsewhere = schedule.elsewhere if schedule else ()
    away = next((p.label for p in elsewhere if p.who is None or _selects(p.who, facts)), None)
    if away is not None:  # served outside the hall: its words say where, no hours
        return Service(office=office, step=step, place=away, day=day)
    sessions = sessions_for(workflow, facts)
    place = place_of(workflow, sessions[0]) if sessions else schedule and schedule.place
    hall = schedule.hours if schedule else ()
    here = Service(office=office, step=step, place=place or None, window=step.place)
    if day is None:
        week = () if sessions else weekly(hall, facts)
        return attrs.evolve(here, sessions=sessions, week=week)
    if sessions:
        ranges = tuple(sorted((s.start, s.end) for s in sessions if s.date == day))
        return attrs.evolve(here, day=day, hours=ranges)
    return attrs.evolve(here, day=day, hours=hours_on(hall, day, facts))


def _selects(who: Selector, facts: Mapping[str, FactValue]) -> bool:
    return who.condition.evaluate(facts, {})


def weekly(hours: Sequence[Hours], facts: Mapping[str, FactValue] | None = None) -> Week:
    """The undated hours (for the student, when ``facts`` are given), grouped by weekday."""
    return week_of(
        [item for item in hours if not item.dated and (facts is None or item.serves(facts))]
    )


def week_of(entries: Sequence[Hours]) -> Week:
    """Every entry's ranges by weekday, consecutive days with the same ranges together."""
    groups: list[tuple[list[str], tuple[Range, ...]]] = []
    for day in WEEKDAYS:
        ranges = tuple(sorted(r for item in entries if day in item.days for r in item.ranges()))
        if not ranges:
            continue
        if groups and groups[-1][1] == ranges:
            groups[-1][0].append(day)
        else:
            groups.append(([day], ranges))
    return tuple((tuple(days), ranges) for days, ranges in groups)


def week_text(week: Week, lang: Lang) -> str:
    """``周一至周五 8:30–12:00, 14:30–17:30；周六 9:00–12:00`` (and in English)."""
    return translate(N_("; "), lang).join(
        f"{days_text(days, lang)} {ranges_text(ranges)}" for days, ranges in week
    )


def days_text(days: Sequence[str], lang: Lang) -> str:
    """Weekdays as a run (``Mon–Fri``) or a list (``Tue, Thu``)."""
    words = [HOURS_DAYS[WEEKDAYS.index(day)] for day in days]
    indexes = [WEEKDAYS.index(day) for day in days]
    if len(days) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return Message("{first}–{last}", first=words[0], last=words[-1]).text(lang)
    shown = words[0]
    for word in words[1:]:
        shown = Message("{left}, {right}", left=shown, right=word)
    return shown.text(lang)


def ranges_text(ranges: Sequence[Range]) -> str:
    """``9:00–11:30, 14:00–17:00``."""
    return ", ".join(f"{clock(start)}–{clock(end)}" for start, end in ranges)


def clock(moment: dt.time) -> str:
    """A time as a notice writes it: ``9:00``, ``14:30``."""
    return f"{moment.hour}:{moment.minute:02d}"


def session_text(session: Session, lang: Lang) -> str:
    """A hall session: ``2014-07-10 Thu 9:00–16:30``."""
    day = f"{session.date.isoformat()} {translate(WEEKDAY_WORDS[session.date.weekday()], lang)}"
    return f"{day} {clock(session.start)}–{clock(session.end)}"
