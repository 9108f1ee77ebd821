"""The parts of the notice's content (:class:`Content`): plain attrs data, text and numbers.

Each part is what one line or table row of the notice or its attachment says, already in
the reader's language; :func:`clearflow.documents.notice_content` builds them.
"""

from __future__ import annotations

from typing import Any, Final, Literal

import attrs

What = Literal["notice", "attachment"]
"""Which paper: the notice itself, or its attachment (离校须知)."""
WHATS: Final[tuple[What, ...]] = ("notice", "attachment")


@attrs.frozen(kw_only=True)
class DeadlineItem:
    """A named date: ``date`` ISO, ``date_text`` as the notice writes it (one per batch)."""

    id: str
    label: str
    date: str
    date_text: str
    blocks: bool
    line: str
    """The whole line: ``7月4日（星期五）：所有费用缴清（逾期不予办理）``."""


@attrs.frozen(kw_only=True)
class Prerequisite:
    """A step done before the hall: who does it, for whom, by when."""

    id: str
    label: str
    office: str
    checks: str
    applies: str
    due: str
    due_text: str
    blocks: bool


@attrs.frozen(kw_only=True)
class ScheduleRow:
    """One session of the schedule table; ``first_of_day`` starts a date's rows."""

    date: str
    date_text: str
    start: str
    end: str
    time_text: str
    students: str
    headcount: int | None
    headcount_text: str
    place: str
    first_of_day: bool


@attrs.frozen(kw_only=True)
class ServiceDay:
    """A day the hall serves: its hours and the students whose sessions fall on it."""

    date: str
    date_text: str
    hours_text: str
    students: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Station:
    """A station of the hall, numbered in order."""

    number: int
    id: str
    label: str
    office: str
    checks: str


@attrs.frozen(kw_only=True)
class Paper:
    """A document handed over at the end, and who gets it."""

    id: str
    label: str
    office: str
    applies: str
    group: str


@attrs.frozen(kw_only=True)
class OfficeHours:
    """An office's place and weekly hours (only offices that state either)."""

    office: str
    place: str
    hours_text: str


@attrs.frozen(kw_only=True)
class Content:
    """Everything the notice and its attachment say, in one language."""

    lang: str
    workflow: str
    digest: str
    title: str
    notice_title: str
    attachment_title: str
    institution: str
    issued: str
    issued_text: str
    headings: dict[str, str]
    deadlines: tuple[DeadlineItem, ...]
    prerequisites: tuple[Prerequisite, ...]
    prerequisites_due_text: str
    prerequisites_heading: str
    schedule: tuple[ScheduleRow, ...]
    total_headcount: int
    total_headcount_text: str
    place: str
    service_days: tuple[ServiceDay, ...]
    stations: tuple[Station, ...]
    documents: tuple[Paper, ...]
    office_hours: tuple[OfficeHours, ...]
    elsewhere: tuple[str, ...]

    def data(self) -> dict[str, Any]:
        """The content as JSON-ready data (dicts, lists, text, numbers)."""
        return attrs.asdict(self, value_serializer=_plain)


def _plain(_instance: object, _field: object, value: object) -> object:
    return list(value) if isinstance(value, tuple) else value
