"""Dates and times as a notice writes them: ``7月10日（星期四）``, ``7月10日（星期四） 9:00–12:00``.

The words come from the catalogue (the month, the weekday and the order they are written
in), so the same call reads ``Thursday 10 July`` in English; times are
:func:`clearflow.spec.clock`'s (``9:00``, as the 2014 notice writes them).
"""

from __future__ import annotations

import datetime as dt

from clearflow._i18n import N_, Lang, Message, translate
from clearflow.spec import FULL_WEEKDAY_WORDS, Session, clock

MONTHS: tuple[str, ...] = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
"""A month's name in a date (``7月`` in Chinese, the month's number and 月)."""


def notice_date(day: dt.date, lang: Lang) -> str:
    """A date with its weekday: ``7月10日（星期四）``, ``Thursday 10 July``."""
    return Message(
        "{weekday} {day} {month}",
        weekday=translate(FULL_WEEKDAY_WORDS[day.weekday()], lang),
        day=day.day,
        month=translate(MONTHS[day.month - 1], lang),
    ).text(lang)


def hours_text(start: dt.time, end: dt.time) -> str:
    """A span of the day: ``9:00–12:00``."""
    return f"{clock(start)}–{clock(end)}"


def session_when(session: Session, lang: Lang) -> str:
    """A hall session's day and hours: ``7月10日（星期四） 9:00–12:00``."""
    return f"{notice_date(session.date, lang)} {hours_text(session.start, session.end)}"


__all__ = ["MONTHS", "hours_text", "notice_date", "session_when"]
