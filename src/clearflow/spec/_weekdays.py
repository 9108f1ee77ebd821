"""Weekday words: the short ids the model stores (:data:`WEEKDAYS`) and the full words people write.

The format reads either (``mon`` or ``Monday``); the JSON Schema allows the same words.
"""

from __future__ import annotations

from clearflow.spec._model import WEEKDAYS

FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The weekdays in full, lowercase, in the order of :data:`WEEKDAYS`."""


def weekday_name(text: str) -> str | None:
    """``mon`` ... ``sun`` for a weekday abbreviated or in full, in any case; else None."""
    word = text.strip().lower()
    for day, full in zip(WEEKDAYS, FULL_WEEKDAYS, strict=True):
        if word in (day, full):
            return day
    return None
