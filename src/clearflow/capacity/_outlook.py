"""What the model says of a sitting: waits, queues and finish times, and the windows needed.

:func:`outlook` draws ``replications`` versions of a sitting (seeded: the same seed gives
the same numbers): each session's students arrive between its start and ``last_call``
minutes before its end (``uniform``, or ``front_loaded``: more come early; a session whose
``calls:`` says how its students are called comes as called), each station
takes them as its service says, and the queue model (:mod:`clearflow.capacity._queue`)
gives every student's wait. It reports per station the longest wait of the sitting and the
most students waiting at once (p50 and p90 over the replications), the moment the hall
empties, and the windows a station needs for the p90 longest wait to stay within
``max_wait`` minutes: found station by station in hall order, each with those before it
at what they need (a station's queue depends only on the stations before it), on the same
draws.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable

import attrs
import numpy as np
from numpy.typing import NDArray

from clearflow.capacity._draws import (
    Group,
    called_arrivals,
    front_loaded_arrivals,
    service_times,
    uniform_arrivals,
)
from clearflow.capacity._plan import Service, Sitting, minutes_between
from clearflow.capacity._queue import simulate

ARRIVALS = ("uniform", "front_loaded")
"""How a session's students spread over its arrival window."""
LAST_CALL = 30.0
"""Minutes before a session's end after which no more students arrive (by default)."""
MAX_WINDOWS = 40
"""The most windows the search for what a station needs tries."""
SEARCHED = 200
"""Draws the search for the windows needed runs on, before it settles on every draw."""


@attrs.frozen(kw_only=True)
class StationOutlook:
    """One station in one sitting: its queue with the windows it has, and what it needs."""

    service: Service
    visited: bool
    """Whether the sitting's students pass it (else every number is 0)."""
    wait_p50: float
    wait_p90: float
    """The longest wait of the sitting at this station, in minutes (p50, p90)."""
    queue_p90: int
    """The most students waiting at once (not being served), p90."""
    needed: int | None
    """Windows for the p90 longest wait within the target; None: more than MAX_WINDOWS
    (or not looked for)."""
    queue_over_time: tuple[int, ...] = ()
    """Students waiting at each of the outlook's ``profile`` moments, p90 (when asked)."""


@attrs.frozen(kw_only=True)
class Outlook:
    """A sitting modelled: its stations, when the hall empties, and how it was drawn."""

    sitting: Sitting
    stations: tuple[StationOutlook, ...]
    finish_p50: dt.datetime
    finish_p90: dt.datetime
    replications: int
    seed: int
    arrivals: str
    max_wait: float
    last_call: float
    profile: tuple[float, ...] = ()
    """The moments (minutes from the sitting's start) ``queue_over_time`` is told at."""

    @property
    def late(self) -> bool:
        """Whether in one draw of ten or more the hall is still busy after the sitting ends."""
        return self.finish_p90 > dt.datetime.combine(self.sitting.date, self.sitting.end)


def outlook(
    sitting: Sitting,
    *,
    replications: int = 1000,
    seed: int = 0,
    arrivals: str = "front_loaded",
    max_wait: float = 10.0,
    last_call: float = LAST_CALL,
    search: bool = True,
    profile: int = 0,
) -> Outlook:
    """The sitting modelled over ``replications`` seeded draws (see the module's note);
    without ``search`` the windows needed are not looked for (``needed`` is None); with
    ``profile`` the p90 queue at each station is told at that many moments, evenly from the
    sitting's start to its p90 finish (or end, when later)."""
    if arrivals not in ARRIVALS:
        raise ValueError(f"arrivals must be one of {ARRIVALS}, not {arrivals!r}")
    rng = np.random.default_rng([seed, sitting.date.toordinal(), sitting.start.hour * 60])
    coming = _arrivals(sitting, rng, replications, arrivals, last_call)
    service, visits = station_draws(sitting, rng, replications)
    windows = [s.windows for s in sitting.stations]
    trace = simulate(coming, service, visits, windows, sitting.breaks)
    needed = (
        _needed(sitting, coming, service, visits, max_wait)
        if search
        else [None] * len(sitting.stations)
    )
    longest, queues = trace.longest_wait, trace.max_queue  # computed once
    finish = trace.finish
    last = max(float(np.percentile(finish, 90)), sitting.minutes)
    moments = np.linspace(0.0, last, profile) if profile else np.empty(0)
    stations = []
    for index, service_of in enumerate(sitting.stations):
        wait = longest[index]
        stations.append(
            StationOutlook(
                service=service_of,
                visited=sitting.visited[index],
                wait_p50=float(np.percentile(wait, 50)),
                wait_p90=float(np.percentile(wait, 90)),
                queue_p90=int(np.percentile(queues[index], 90)),
                needed=needed[index],
                queue_over_time=tuple(
                    int(value)
                    for value in np.percentile(trace.queue_length(index, moments), 90, axis=0)
                )
                if profile
                else (),
            )
        )
    return Outlook(
        sitting=sitting,
        stations=tuple(stations),
        finish_p50=sitting.clock(float(np.percentile(finish, 50))),
        finish_p90=sitting.clock(float(np.percentile(finish, 90))),
        replications=replications,
        seed=seed,
        arrivals=arrivals,
        max_wait=max_wait,
        last_call=last_call,
        profile=tuple(float(moment) for moment in moments),
    )


def station_draws(
    sitting: Sitting, rng: np.random.Generator, replications: int
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Every student's service at every station, ``(S, K, n)``, and who passes which,
    ``(S, n)``: the sessions' students in the sessions' order."""
    students = sitting.students
    service = np.stack(
        [service_times(rng, s.minutes, s.cv, (replications, students)) for s in sitting.stations]
    )
    counts = [session.expected or 0 for session in sitting.sessions]
    visits = np.array([np.repeat(station, counts) for station in sitting.visits], dtype=bool)
    return service, visits


def _arrivals(
    sitting: Sitting, rng: np.random.Generator, replications: int, how: str, last_call: float
) -> NDArray[np.float64]:
    """Each session's students over its own window, from the sitting's start: ``(K, n)``;
    a session with ``calls:`` is called as it says."""
    draw = uniform_arrivals if how == "uniform" else front_loaded_arrivals
    parts = []
    for session in sitting.sessions:
        if session.calls is not None:
            calls = session.calls
            first = minutes_between(sitting.start, calls.first(session.start))
            groups = call_groups(first, session.expected or 0, calls.students, calls.every)
            parts.append(called_arrivals(rng, groups, replications))
            continue
        begin = minutes_between(sitting.start, session.start)
        length = minutes_between(session.start, session.end)
        window = length - last_call if length > last_call else length
        parts.append(begin + draw(rng, session.expected or 0, replications, window))
    return np.concatenate(parts, axis=1)


def call_groups(first: float, students: int, per_call: int, every: float) -> list[Group]:
    """``students`` called ``per_call`` at a time every ``every`` minutes from ``first``
    (minutes from the sitting's start), as groups ``(count, call, every)``: each group's
    students come within ``every`` minutes of its call."""
    return [
        (min(per_call, students - done), first + call * every, every)
        for call, done in enumerate(range(0, students, per_call))
    ]


def _needed(
    sitting: Sitting,
    coming: NDArray[np.float64],
    service: NDArray[np.float64],
    visits: NDArray[np.bool_],
    max_wait: float,
) -> list[int | None]:
    """The windows each station needs, in hall order (see the module's note): each station
    is run alone on the times its students leave the stations before it (at what those
    need); its windows are searched on the first :data:`SEARCHED` draws, then settled on
    all of them."""
    open_minutes = sitting.minutes - sum(end - start for start, end in sitting.breaks)
    here = coming
    needed: list[int | None] = []
    for index, service_of in enumerate(sitting.stations):
        if not sitting.visited[index]:
            needed.append(0)
            continue
        alone = _Alone(here, service[index : index + 1], visits[index : index + 1], sitting)
        load = int(visits[index].sum()) * service_of.minutes / max(open_minutes, 1.0)
        found = _fewest(functools.partial(alone.meets, draws=SEARCHED, max_wait=max_wait), load)
        if found is not None:  # settled on every draw: one up or down at most, as a rule
            while found <= MAX_WINDOWS and not alone.meets(found, len(here), max_wait):
                found += 1
            while found > 1 and alone.meets(found - 1, len(here), max_wait):
                found -= 1
            found = found if found <= MAX_WINDOWS else None
        needed.append(found)
        here = alone.leaving(found or MAX_WINDOWS)
    return needed


@attrs.frozen
class _Alone:
    """One station run alone on when its students reach it (``here``, ``(K, n)``)."""

    here: NDArray[np.float64]
    service: NDArray[np.float64]
    visits: NDArray[np.bool_]
    sitting: Sitting

    def meets(self, windows: int, draws: int, max_wait: float) -> bool:
        """Whether the p90 longest wait of the first ``draws`` draws is within ``max_wait``."""
        trace = simulate(
            self.here[:draws], self.service[:, :draws], self.visits, [windows], self.sitting.breaks
        )
        return float(np.percentile(trace.longest_wait[0], 90)) <= max_wait

    def leaving(self, windows: int) -> NDArray[np.float64]:
        """When each student leaves it (its visitors) or reaches it (the others)."""
        trace = simulate(self.here, self.service, self.visits, [windows], self.sitting.breaks)
        return np.where(self.visits[0], trace.depart[0], self.here)


def _fewest(meets: Callable[[int], bool], load: float) -> int | None:
    """The fewest windows up to :data:`MAX_WINDOWS` that ``meets`` the target (None: none
    does), from those the ``load`` keeps busy, by doubling then halving (more windows never
    make anyone wait longer)."""
    low = high = max(1, math.ceil(load))
    while not meets(high):
        if high >= MAX_WINDOWS:
            return None
        low, high = high + 1, min(high * 2, MAX_WINDOWS)
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if meets(middle) else (middle + 1, high)
    return high


__all__ = ["ARRIVALS", "LAST_CALL", "MAX_WINDOWS", "Outlook", "StationOutlook", "outlook"]
