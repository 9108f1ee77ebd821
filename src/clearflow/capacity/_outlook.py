"""What the model says of a sitting: waits, queues and finish times, and the windows needed.

:func:`outlook` draws ``replications`` versions of a sitting (seeded: the same seed gives
the same numbers): each session's students arrive between its start and ``last_call``
minutes before its end (``uniform``, or ``front_loaded``: more come early), each station
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
import math

import attrs
import numpy as np
from numpy.typing import NDArray

from clearflow.capacity._draws import front_loaded_arrivals, service_times, uniform_arrivals
from clearflow.capacity._plan import Service, Sitting, minutes_between
from clearflow.capacity._queue import simulate

ARRIVALS = ("uniform", "front_loaded")
"""How a session's students spread over its arrival window."""
LAST_CALL = 30.0
"""Minutes before a session's end after which no more students arrive (by default)."""
MAX_WINDOWS = 40
"""The most windows the search for what a station needs tries."""


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
    """Windows for the p90 longest wait within the target; None: more than MAX_WINDOWS."""


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
) -> Outlook:
    """The sitting modelled over ``replications`` seeded draws (see the module's note)."""
    if arrivals not in ARRIVALS:
        raise ValueError(f"arrivals must be one of {ARRIVALS}, not {arrivals!r}")
    rng = np.random.default_rng([seed, sitting.date.toordinal(), sitting.start.hour * 60])
    coming = _arrivals(sitting, rng, replications, arrivals, last_call)
    students = coming.shape[1]
    service = np.stack(
        [service_times(rng, s.minutes, s.cv, (replications, students)) for s in sitting.stations]
    )
    visits = np.repeat(np.array(sitting.visited, dtype=bool)[:, None], students, axis=1)
    windows = [s.windows for s in sitting.stations]
    trace = simulate(coming, service, visits, windows, sitting.breaks)
    needed = _needed(sitting, coming, service, visits, max_wait)
    stations = []
    for index, service_of in enumerate(sitting.stations):
        wait = np.nan_to_num(trace.longest_wait[index])
        stations.append(
            StationOutlook(
                service=service_of,
                visited=sitting.visited[index],
                wait_p50=float(np.percentile(wait, 50)),
                wait_p90=float(np.percentile(wait, 90)),
                queue_p90=int(np.percentile(trace.max_queue[index], 90)),
                needed=needed[index],
            )
        )
    finish = trace.finish
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
    )


def _arrivals(
    sitting: Sitting, rng: np.random.Generator, replications: int, how: str, last_call: float
) -> NDArray[np.float64]:
    """Each session's students over its own window, from the sitting's start: ``(K, n)``."""
    draw = uniform_arrivals if how == "uniform" else front_loaded_arrivals
    parts = []
    for session in sitting.sessions:
        begin = minutes_between(sitting.start, session.start)
        length = minutes_between(session.start, session.end)
        window = length - last_call if length > last_call else length
        parts.append(begin + draw(rng, session.expected or 0, replications, window))
    return np.concatenate(parts, axis=1)


def _needed(
    sitting: Sitting,
    coming: NDArray[np.float64],
    service: NDArray[np.float64],
    visits: NDArray[np.bool_],
    max_wait: float,
) -> list[int | None]:
    """The windows each station needs, in hall order (see the module's note)."""
    open_minutes = sitting.minutes - sum(end - start for start, end in sitting.breaks)
    chosen: list[int] = []
    needed: list[int | None] = []
    for index, service_of in enumerate(sitting.stations):
        if not sitting.visited[index]:
            chosen.append(1)
            needed.append(0)
            continue
        load = coming.shape[1] * service_of.minutes / max(open_minutes, 1.0)
        windows = max(1, math.ceil(load))
        while windows <= MAX_WINDOWS:
            trace = simulate(
                coming,
                service[: index + 1],
                visits[: index + 1],
                [*chosen, windows],
                sitting.breaks,
            )
            wait = np.nan_to_num(trace.longest_wait[index])
            if float(np.percentile(wait, 90)) <= max_wait:
                break
            windows += 1
        needed.append(windows if windows <= MAX_WINDOWS else None)
        chosen.append(min(windows, MAX_WINDOWS))
    return needed


__all__ = ["ARRIVALS", "LAST_CALL", "MAX_WINDOWS", "Outlook", "StationOutlook", "outlook"]
