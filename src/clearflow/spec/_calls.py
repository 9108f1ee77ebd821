"""How a session's students are called into the hall: ``students`` at a time, ``every``
minutes, from ``start`` (the session's own start when not given).

Written on a session as ``calls: {students: 26, every: 10, from: "13:50"}``, as
``clearflow capacity --suggest`` proposes it. The capacity model brings each called student
some time in the ``every`` minutes after their call, and CF413 warns when the calls run past
the session's end. Planning, not rules: a case runs the same however students are called, so
it is not in the rules digest.
"""

from __future__ import annotations

import datetime as dt
import math

import attrs


@attrs.frozen(kw_only=True)
class Calls:
    """``students`` called every ``every`` minutes, from ``start`` (None: the session's start)."""

    students: int
    every: int
    start: dt.time | None = None

    def count(self, expected: int) -> int:
        """How many calls bring ``expected`` students (the last may call fewer)."""
        return math.ceil(expected / self.students) if expected > 0 else 0

    def first(self, session_start: dt.time) -> dt.time:
        """When the first students are called."""
        return self.start if self.start is not None else session_start

    def last_minute(self, session_start: dt.time, expected: int) -> int:
        """When the last students are called, in minutes after midnight (the first call
        when none are expected; past 1440 when the calls would run into the next day)."""
        first = self.first(session_start)
        return first.hour * 60 + first.minute + max(self.count(expected) - 1, 0) * self.every
