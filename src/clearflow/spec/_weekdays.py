"""Weekday words: the short ids the model stores (:data:`WEEKDAYS`), the full words people
write, and the weekday names people read, as catalogue messages.

The format reads either ``mon`` or ``Monday``; the JSON Schema allows the same words. Shown
to people, a weekday is one of the ``N_`` texts below, rendered with
:func:`clearflow._i18n.translate` (星期一 … 星期日 in Chinese).
"""

from __future__ import annotations

from typing import Final

from clearflow._i18n import N_
from clearflow.spec._model import WEEKDAYS

FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The weekdays in full, lowercase, in the order of :data:`WEEKDAYS`."""

WEEKDAY_WORDS: Final = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
"""A weekday's short name beside a date (``2014-07-10 Thu``), Monday first."""

FULL_WEEKDAY_WORDS: Final = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
"""A weekday's name in a sentence (``2014-07-10 is a Thursday``), Monday first."""

WEEKDAY_ID_WORDS: Final = (
    N_("mon"),
    N_("tue"),
    N_("wed"),
    N_("thu"),
    N_("fri"),
    N_("sat"),
    N_("sun"),
)
"""A weekday as the workflow writes it (``days: mon-fri``), in a sentence about its hours."""


def weekday_name(text: str) -> str | None:
    """``mon`` ... ``sun`` for a weekday abbreviated or in full, in any case; else None."""
    word = text.strip().lower()
    for day, full in zip(WEEKDAYS, FULL_WEEKDAYS, strict=True):
        if word in (day, full):
            return day
    return None
