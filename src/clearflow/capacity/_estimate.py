"""Minutes per student at each station, read from last year's audit log.

A staff member at a busy window serves one student after another, so the gap between two
of their consecutive actions at a station (clear, refuse or waive) is about one student's
service. Gaps that are not: none at all (two records of one moment), longer than
:data:`LONGEST` (the window was idle, or closed for lunch), and, of the rest, those beyond
the upper fence of the box plot (Q3 + 1.5 IQR: a phone call, a student who had to fetch a
form). What is left gives the station's mean minutes and cv, with how many gaps it rests
on; fewer than :data:`FEWEST` and the station is not estimated.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections.abc import Iterable, Mapping

import attrs

LONGEST = 30.0
"""Minutes past which a gap between two actions is idle time, not a service."""
FEWEST = 20
"""The fewest gaps an estimate rests on."""


@attrs.frozen(kw_only=True)
class Estimate:
    """A station's service time as the audit log tells it."""

    station: str
    minutes: float
    cv: float
    samples: int
    """Gaps the estimate rests on, after trimming."""
    trimmed: int
    """Gaps left out: idle (none, or longer than LONGEST) or outliers."""


def estimate(
    actions: Iterable[tuple[str, str, dt.datetime]], stations: Iterable[str]
) -> dict[str, Estimate]:
    """Each of ``stations`` the ``actions`` (station, staff id, moment) tell enough about,
    in the order given."""
    order = list(stations)
    wanted = set(order)
    times: dict[tuple[str, str], list[dt.datetime]] = {}
    for station, staff, moment in actions:
        if station in wanted:
            times.setdefault((station, staff), []).append(moment)
    gaps: dict[str, list[float]] = {}
    for (station, _), moments in times.items():
        moments.sort()
        found = gaps.setdefault(station, [])
        found.extend((b - a).total_seconds() / 60 for a, b in itertools.pairwise(moments))
    return {
        station: result
        for station in order
        if station in gaps and (result := _of(station, gaps[station])) is not None
    }


def _of(station: str, gaps: list[float]) -> Estimate | None:
    busy = [gap for gap in gaps if 0 < gap <= LONGEST]
    if len(busy) >= 4:
        q1, _, q3 = statistics.quantiles(busy, n=4)
        busy = [gap for gap in busy if gap <= q3 + 1.5 * (q3 - q1)]
    if len(busy) < FEWEST:
        return None
    mean = statistics.fmean(busy)
    return Estimate(
        station=station,
        minutes=round(mean, 2),
        cv=round(statistics.pstdev(busy) / mean, 2),
        samples=len(busy),
        trimmed=len(gaps) - len(busy),
    )


def as_minutes(estimates: Mapping[str, Estimate]) -> dict[str, tuple[float, float | None]]:
    """The estimates as :func:`~clearflow.capacity.services` takes assumed minutes."""
    return {station: (found.minutes, found.cv) for station, found in estimates.items()}


__all__ = ["FEWEST", "LONGEST", "Estimate", "as_minutes", "estimate"]
