"""The capacity model's answers as plain data for tools: what ``clearflow capacity
--format json`` prints (numbers rounded to 2 decimals, times ISO 8601 to the minute).

It loads numpy with :mod:`clearflow.capacity._calling`: read it once a sitting is modelled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from clearflow.capacity._calling import EVERY, Calling

if TYPE_CHECKING:
    from clearflow.capacity._outlook import Outlook


def calling_data(found: Calling | None) -> dict[str, Any] | None:
    """A suggested calling for tools (None: even one student a call waits too long)."""
    if found is None:
        return None
    return {
        "per_call": found.per_call,
        "every_minutes": int(EVERY),
        "calls": found.calls,
        "last_call": found.last_call.isoformat(timespec="minutes"),
        "first_calls": [moment.isoformat(timespec="minutes") for moment in found.first_calls],
        "session_calls": [
            {
                "line": session.at.line,
                "path": session.at.path,
                "students": calls.students,
                "every": calls.every,
                "from": calls.start.strftime("%H:%M") if calls.start is not None else None,
            }
            for session, calls in zip(found.sitting.sessions, found.session_calls, strict=True)
        ],
        "longest_wait_p90": round(found.wait_p90, 2),
        "finish_p90": found.finish_p90.isoformat(timespec="minutes"),
        "late": found.late,
    }


def outlooks_data(workflow: str, results: Sequence[tuple[int, Outlook]]) -> dict[str, Any]:
    """The numbered sittings' outlooks, every number with what was assumed."""
    first = results[0][1]
    return {
        "workflow": workflow,
        "replications": first.replications,
        "seed": first.seed,
        "arrivals": first.arrivals,
        "max_wait": first.max_wait,
        "sittings": [
            {
                "number": n,
                "date": r.sitting.date.isoformat(),
                "start": r.sitting.start.strftime("%H:%M"),
                "end": r.sitting.end.strftime("%H:%M"),
                "students": r.sitting.students,
                "finish_p50": r.finish_p50.isoformat(timespec="minutes"),
                "finish_p90": r.finish_p90.isoformat(timespec="minutes"),
                "late": r.late,
                "profile_minutes": [round(moment, 2) for moment in r.profile],
                "stations": [
                    {
                        "station": s.service.station,
                        "office": s.service.office,
                        "windows": s.service.windows,
                        "minutes": s.service.minutes,
                        "cv": s.service.cv,
                        "assumed": s.service.assumed,
                        "visited": s.visited,
                        "longest_wait_p50": round(s.wait_p50, 2),
                        "longest_wait_p90": round(s.wait_p90, 2),
                        "queue_p90": s.queue_p90,
                        "windows_needed": s.needed,
                        "queue_p90_over_time": list(s.queue_over_time),
                    }
                    for s in r.stations
                ],
            }
            for n, r in results
        ],
    }


__all__ = ["calling_data", "outlooks_data"]
