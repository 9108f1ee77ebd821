"""FIFO multi-window stations in series, computed exactly from arrival and service times.

No event loop: at each station the students who visit it are taken in order of arrival
there, and each starts at ``max(arrival, earliest free window)`` and holds that window until
departure (the recursion of R's queuecomputer). Every replication is computed at once: the
arrays are ``(K, n)``, K replications by n students, and the loop runs over the n positions.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

Floats = NDArray[np.float64]
Break = tuple[float, float]


@attrs.frozen(eq=False)
class Trace:
    """When each student arrived at, started at and left each station.

    ``arrive``, ``start`` and ``depart`` are ``(S, K, n)``: S stations, K replications,
    n students; NaN where a student does not visit a station.
    """

    arrive: Floats
    start: Floats
    depart: Floats

    @property
    def waits(self) -> Floats:
        """Minutes each student waited at each station (``start - arrive``), ``(S, K, n)``."""
        return self.start - self.arrive

    @property
    def longest_wait(self) -> Floats:
        """The longest wait at each station in each replication, ``(S, K)``; 0 if unvisited."""
        waits = np.nan_to_num(self.waits, copy=False, nan=0.0)
        return np.asarray(waits.max(axis=2, initial=0.0), dtype=np.float64)

    @property
    def finish(self) -> Floats:
        """The last departure of the session in each replication, ``(K,)``."""
        departs = np.nan_to_num(self.depart, nan=-np.inf)
        return np.asarray(departs.max(axis=(0, 2)), dtype=np.float64)

    @property
    def max_queue(self) -> NDArray[np.int64]:
        """The most students waiting (not in service) at once at each station, ``(S, K)``.

        A student waits on ``[arrive, start)``: one who starts when another arrives has left
        the queue first.
        """
        stations, replications, _ = self.arrive.shape
        most = np.zeros((stations, replications), dtype=np.int64)
        for station in range(stations):
            # Starts first, so that a stable sort puts a start before an arrival at one moment.
            times = np.concatenate([self.start[station], self.arrive[station]], axis=1)
            visited = ~np.isnan(times)
            steps = np.where(visited, 1, 0).astype(np.int8)
            steps[:, : self.start.shape[2]] *= -1
            order = np.argsort(np.where(visited, times, np.inf), axis=1, kind="stable")
            counts = np.cumsum(np.take_along_axis(steps, order, axis=1), axis=1, dtype=np.int64)
            most[station] = counts.max(axis=1, initial=0)
        return most

    def queue_length(self, station: int, times: ArrayLike) -> NDArray[np.int64]:
        """How many students wait at ``station`` at each of ``times``, ``(K, len(times))``."""
        moments = np.asarray(times, dtype=np.float64).reshape(-1)
        arrive = self.arrive[station]
        start = self.start[station]
        counts = np.empty((arrive.shape[0], moments.size), dtype=np.int64)
        for column, moment in enumerate(moments):
            counts[:, column] = ((arrive <= moment) & (start > moment)).sum(axis=1)
        return counts


def simulate(
    arrivals: ArrayLike,
    service: ArrayLike,
    visits: ArrayLike,
    windows: Sequence[int],
    breaks: Sequence[Break] = (),
) -> Trace:
    """Every student's path through the stations, in every replication.

    ``arrivals`` is ``(K, n)``: minutes from the session start at which each student comes to
    the first station they visit (in any order). ``service`` is ``(S, K, n)``: minutes of
    service at each station. ``visits`` is ``(S, n)`` bool: the stations each student passes;
    one they skip takes no window and no time. ``windows`` gives the open windows of each
    station (at least 1). ``breaks`` are ``(start, end)`` intervals when every window is
    closed: a service that would start in ``[start, end)`` starts at ``end``, one under way
    finishes. Walking takes no time: a student reaches the next station they visit when they
    leave the last. Students who reach a station at the same moment are served lower index
    first.
    """
    arrived = np.array(arrivals, dtype=np.float64)
    served = np.asarray(service, dtype=np.float64)
    route = np.asarray(visits, dtype=bool)
    if arrived.ndim != 2:
        raise ValueError(f"arrivals must be (K, n), not {arrived.shape}")
    replications, students = arrived.shape
    stations = len(windows)
    if served.shape != (stations, replications, students):
        raise ValueError(
            f"service must be {(stations, replications, students)}, not {served.shape}"
        )
    if route.shape != (stations, students):
        raise ValueError(f"visits must be {(stations, students)}, not {route.shape}")
    if any(count < 1 for count in windows):
        raise ValueError(f"every station needs at least one window: {list(windows)}")
    closed = sorted((float(begin), float(end)) for begin, end in breaks if end > begin)
    shape = (stations, replications, students)
    arrive = np.full(shape, np.nan)
    start = np.full(shape, np.nan)
    depart = np.full(shape, np.nan)
    current = arrived
    for station in range(stations):
        visiting = route[station]
        arrive[station] = np.where(visiting, current, np.nan)
        _station(
            arrive[station],
            served[station],
            int(visiting.sum()),
            windows[station],
            closed,
            out=(start[station], depart[station]),
        )
        current = np.where(visiting, depart[station], current)
    return Trace(arrive=arrive, start=start, depart=depart)


def _station(
    here: Floats,
    service: Floats,
    visitors: int,
    windows: int,
    closed: Sequence[Break],
    out: tuple[Floats, Floats],
) -> None:
    """Start and departure times at one station into ``out`` (left NaN for who skips it).

    ``here`` is NaN for the students who skip the station.
    """
    replications = here.shape[0]
    order = np.argsort(np.where(np.isnan(here), np.inf, here), axis=1, kind="stable")
    order = order[:, :visitors]
    # Position-major, so that each step of the loop reads and writes contiguous rows.
    arrive_at = np.ascontiguousarray(np.take_along_axis(here, order, axis=1).T)
    service_of = np.ascontiguousarray(np.take_along_axis(service, order, axis=1).T)
    begins = np.empty_like(arrive_at)
    free = np.zeros((replications, windows))
    flat = free.reshape(-1)
    first = np.arange(replications) * windows  # flat index of each row's first window
    for position in range(visitors):
        window = free.argmin(axis=1)
        window += first
        begin = begins[position]
        np.maximum(arrive_at[position], flat.take(window), out=begin)
        for opens_after, reopens in closed:
            begin[(begin >= opens_after) & (begin < reopens)] = reopens
        flat.put(window, begin + service_of[position])
    starts, departs = out
    np.put_along_axis(starts, order, begins.T, axis=1)
    np.put_along_axis(departs, order, (begins + service_of).T, axis=1)


def percentile(values: ArrayLike, q: float) -> Floats:
    """The ``q``-th percentile (0 to 100) over replications, the last axis of ``values``."""
    return np.asarray(np.percentile(np.asarray(values, dtype=np.float64), q, axis=-1))
