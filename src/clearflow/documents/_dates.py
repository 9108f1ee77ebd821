"""Dates, times and headcounts as a notice writes them, in Chinese and in English.

Written (:func:`day_text`, :func:`full_date_text`, :func:`span_text`, :func:`headcount_text`):
``7月10日（星期四）``, ``2014年7月10日``, ``9:00—16:30`` and ``474人`` in Chinese, as the 2014
notice writes them (an em dash between the times, no 上午/下午), and ``Thu 10 July``,
``10 July 2014``, ``9:00–16:30`` and ``474 people`` in English. Every word is a catalogue
message; nothing here branches on the language.

The reader that finds them again in a notice's text is :mod:`clearflow.documents._reading`.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from clearflow._i18n import Contextual, Lang, Message, Plural
from clearflow.spec import WEEKDAY_WORDS, Session, clock

MONTH_WORDS: Final = (
    Contextual("month in a date", "January"),
    Contextual("month in a date", "February"),
    Contextual("month in a date", "March"),
    Contextual("month in a date", "April"),
    Contextual("month in a date", "May"),
    Contextual("month in a date", "June"),
    Contextual("month in a date", "July"),
    Contextual("month in a date", "August"),
    Contextual("month in a date", "September"),
    Contextual("month in a date", "October"),
    Contextual("month in a date", "November"),
    Contextual("month in a date", "December"),
)
"""A month beside a day (``10 July``; ``7月`` in Chinese, where the day follows)."""


def day_message(day: dt.date, weekday: bool = True) -> Message:
    """``Thu 10 July`` / ``7月10日（星期四）``; without the weekday ``10 July`` / ``7月10日``."""
    month = MONTH_WORDS[day.month - 1]
    if not weekday:
        return Message("{day} {month}", day=day.day, month=month)
    return Message(
        "{weekday} {day} {month}",
        weekday=Message(WEEKDAY_WORDS[day.weekday()]),
        day=day.day,
        month=month,
    )


def day_text(day: dt.date, lang: Lang, weekday: bool = True) -> str:
    """A day as a notice writes it: ``7月10日（星期四）``, ``Thu 10 July``."""
    return day_message(day, weekday).text(lang)


def full_date_text(day: dt.date, lang: Lang) -> str:
    """A date with its year, as a notice is dated: ``2014年7月10日``, ``10 July 2014``."""
    month = MONTH_WORDS[day.month - 1]
    return Message("{day} {month} {year}", day=day.day, month=month, year=day.year).text(lang)


def span_message(start: dt.time, end: dt.time) -> Message:
    """A time range: ``9:00—16:30`` (the notice's em dash), ``9:00–16:30``."""
    return Contextual("time range in a notice", "{start}–{end}", start=clock(start), end=clock(end))


def span_text(start: dt.time, end: dt.time, lang: Lang) -> str:
    """A time range: ``9:00—16:30`` (the notice's em dash), ``9:00–16:30``."""
    return span_message(start, end).text(lang)


def headcount_text(count: int, lang: Lang) -> str:
    """A headcount: ``474人``, ``474 people``."""
    return Plural("{count} person", "{count} people", count).text(lang)


def session_when(session: Session, lang: Lang) -> str:
    """A hall session's day and hours: ``7月10日（星期四） 9:00—12:00``, in English
    ``Thu 10 July 9:00–12:00`` (the checklist's line for a student's session)."""
    return f"{day_text(session.date, lang)} {span_text(session.start, session.end, lang)}"
