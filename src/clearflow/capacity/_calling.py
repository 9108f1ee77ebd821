"""Calling students in: how many to call each ten minutes so that no one waits too long.

Instead of letting a sitting's students come as they please, the hall may call them: ``k``
students every :data:`EVERY` minutes, each of them arriving some time in the ten minutes
after their call, the sessions' students in the sessions' order: a session's first call is
at its own start or, when the session before it is still being called then, right after
that session's last call (so the departments of a shared afternoon are called one after
another, and a session that starts later is never called before it starts). Each session's
calling is told as the ``calls:`` it would write (``Calling.session_calls``).
:func:`calling` finds the largest ``k`` (the fewest calls, the earliest last call) for which
the p90 longest wait at every station stays within ``max_wait`` with the windows the
stations have, on seeded draws (fewer called each time never makes anyone wait longer, as
a rule: the search halves on it), and says when the last call is and when the hall empties.
"""

from __future__ import annotations

import datetime as dt
import math

import attrs
import numpy as np

from clearflow.capacity._outlook import call_groups, station_draws
from clearflow.capacity._plan import Sitting, minutes_between
from clearflow.capacity._queue import simulate
from clearflow.spec import Calls

EVERY = 10.0
"""Minutes between two calls."""


@attrs.frozen(kw_only=True)
class Calling:
    """A way to call a sitting's students in, and what it gives."""

    sitting: Sitting
    per_call: int
    """Students called each time (the last call may be fewer)."""
    calls: int
    last_call: dt.datetime
    first_calls: tuple[dt.datetime, ...]
    """When each session's first students are called (the sessions in order)."""
    session_calls: tuple[Calls, ...] = ()
    """Each session's calling, as its ``calls:`` would say it (the sessions in order)."""
    wait_p90: float
    """The longest wait at the worst station, p90 over the draws."""
    finish_p90: dt.datetime

    @property
    def late(self) -> bool:
        """Whether the hall empties only after the sitting's end (in one draw of ten)."""
        return self.finish_p90 > dt.datetime.combine(self.sitting.date, self.sitting.end)


def calling(
    sitting: Sitting, *, max_wait: float = 10.0, replications: int = 200, seed: int = 0
) -> Calling | None:
    """The calling with the most students per call that keeps every p90 longest wait within
    ``max_wait``; None when even one student a call does not (a station needs windows)."""
    rng = np.random.default_rng([seed, sitting.date.toordinal(), sitting.start.hour * 60, 1])
    students = sitting.students
    service, visits = station_draws(sitting, rng, replications)
    windows = [s.windows for s in sitting.stations]
    spread = rng.random(size=(replications, students))  # where in its ten minutes each comes

    def tried(per_call: int) -> tuple[float, float]:
        called = np.repeat(*_call_times(sitting, per_call))
        coming = called + EVERY * spread  # the same draws each time
        trace = simulate(coming, service, visits, windows, sitting.breaks)
        worst = float(np.percentile(trace.longest_wait, 90, axis=1).max())
        return worst, float(np.percentile(trace.finish, 90))

    if students == 0 or tried(1)[0] > max_wait:
        return None
    low, high = 1, students  # tried(low) meets the target; find the largest that does
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if tried(middle)[0] <= max_wait else (low, middle - 1)
    wait, finish = tried(low)
    calls, _ = _call_times(sitting, low)
    firsts = _firsts(sitting, low)
    return Calling(
        sitting=sitting,
        per_call=low,
        calls=len(calls),
        last_call=sitting.clock(max(calls, default=0.0)),
        first_calls=tuple(sitting.clock(first) for first in firsts),
        session_calls=tuple(
            Calls(
                students=low,
                every=int(EVERY),
                start=None if first == begin else sitting.clock(first).time(),
            )
            for first, begin in zip(firsts, _begins(sitting), strict=True)
        ),
        wait_p90=wait,
        finish_p90=sitting.clock(finish),
    )


def _begins(sitting: Sitting) -> list[float]:
    """Each session's start, in minutes from the sitting's."""
    return [minutes_between(sitting.start, session.start) for session in sitting.sessions]


def _firsts(sitting: Sitting, per_call: int) -> list[float]:
    """Each session's first call, in minutes from the sitting's start: its own start, or
    right after the calls of the session before when they run later."""
    firsts: list[float] = []
    free = 0.0  # the first moment no earlier session is being called
    for begin, session in zip(_begins(sitting), sitting.sessions, strict=True):
        first = max(begin, free)
        firsts.append(first)
        if session.expected:
            free = first + math.ceil(session.expected / per_call) * EVERY
    return firsts


def _call_times(sitting: Sitting, per_call: int) -> tuple[list[float], list[int]]:
    """Every call of the sitting (minutes from its start) and how many students it calls, the
    sessions in order, grouped as a written ``calls:`` is
    (:func:`~clearflow.capacity._outlook.call_groups`)."""
    groups = [
        group
        for first, session in zip(_firsts(sitting, per_call), sitting.sessions, strict=True)
        for group in call_groups(first, session.expected or 0, per_call, EVERY)
    ]
    return [at for _, at, _ in groups], [count for count, _, _ in groups]


__all__ = ["EVERY", "Calling", "calling"]
