"""The workflow's own calendar: days the offices close or work against the public calendar.

Written at the top level as ``calendar: {closed: [dates], working: [dates]}``; the holiday
check (:mod:`clearflow.checks._holidays`) lets these days override China's public holidays
and swapped working days (调休). Presentation, not rules: a case runs the same whatever the
calendar says, so it is not in the rules digest.
"""

from __future__ import annotations

import datetime as dt

import attrs


@attrs.frozen(kw_only=True)
class Calendar:
    """Extra closed days (a college holiday) and extra working days (a weekend the offices open).

    A day in both lists counts as closed.
    """

    closed: tuple[dt.date, ...] = ()
    working: tuple[dt.date, ...] = ()

    def years(self) -> frozenset[int]:
        """The years the workflow gives days of (it has checked those by hand)."""
        return frozenset(day.year for day in (*self.closed, *self.working))
