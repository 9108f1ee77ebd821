"""What the capacity model is asked about: the hall's sittings and each station's service.

A *sitting* is the sessions of one day at one place whose times overlap (as ``CF407``
groups them): their students share the hall's windows. It runs from its first start to
its last end, closed over the hall's breaks that fall inside (``schedule.hours``). Each
station serves it with ``staff`` windows (default 1) and ``minutes`` per student on average,
varying by ``minutes_cv`` (default :data:`DEFAULT_CV`); the caller may give or override
both (assumptions for a notice that states neither, as the 2014 one does). A station that
applies to none of a session's students (its ``when`` cannot hold for any student the
session selects) is skipped by them; one that may apply to some is taken by all of that
session (without the students' facts the model cannot tell which: a cautious reading).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping

import attrs

from clearflow._i18n import Message
from clearflow.errors import ClearflowError
from clearflow.spec import Label, Session, Step, Workflow, clock, hours_on
from clearflow.spec.conditions import Constant

DEFAULT_CV = 0.5
"""How much a station's minutes vary when the workflow does not say (standard deviation
over the mean): a desk that stamps a form is steadier than chance arrivals (1)."""


ASSUME_MINUTES = Message("(give each station 'minutes:' in the workflow, or assume them)")
"""The remedy of stations without minutes (``fix="minutes"``; the CLI names its flag)."""


class CapacityError(ClearflowError):
    """The model cannot be built: no schedule, no sessions, a station without minutes."""


@attrs.frozen(kw_only=True)
class Service:
    """How a station serves students: its windows and minutes per student."""

    station: str
    label: Label
    office: str
    windows: int
    minutes: float
    cv: float
    assumed: bool
    """Whether minutes or windows came from the caller, not from the workflow."""


@attrs.frozen(kw_only=True)
class Sitting:
    """Overlapping sessions at one place on one day: the students who share the windows."""

    date: dt.date
    start: dt.time
    end: dt.time
    place: str
    sessions: tuple[Session, ...]
    students: int
    breaks: tuple[tuple[float, float], ...]
    """When the hall is closed inside the sitting, in minutes from its start."""
    stations: tuple[Service, ...]
    visits: tuple[tuple[bool, ...], ...]
    """For each station, whether each session's students pass it (see the module's note)."""

    @property
    def visited(self) -> tuple[bool, ...]:
        """Whether some of the sitting's students pass each station."""
        return tuple(any(sessions) for sessions in self.visits)

    @property
    def minutes(self) -> float:
        """How long the sitting runs, from its first start to its last end."""
        return minutes_between(self.start, self.end)

    def clock(self, minutes: float) -> dt.datetime:
        """The moment ``minutes`` after the sitting's start."""
        return dt.datetime.combine(self.date, self.start) + dt.timedelta(minutes=minutes)

    def moment_text(self, moment: dt.datetime) -> str:
        """``12:19`` on the sitting's day, ``2014-07-11 5:20`` on another."""
        shown = clock(moment.time())
        return shown if moment.date() == self.date else f"{moment.date().isoformat()} {shown}"


def services(
    workflow: Workflow,
    minutes: Mapping[str, tuple[float, float | None]] | None = None,
    windows: Mapping[str, int] | None = None,
) -> tuple[Service, ...]:
    """Each station's service: the workflow's ``staff`` and ``minutes``, overridden by
    ``minutes`` (station id, or ``*`` for every station the workflow gives none, to a mean
    and a cv or None) and ``windows`` (station id or ``*``, to windows); a CapacityError
    naming the stations left without minutes."""
    minutes, windows = minutes or {}, windows or {}
    known = {step.id for step in workflow.stations}
    unknown = sorted((set(minutes) | set(windows)) - known - {"*"})
    if unknown:
        raise CapacityError(
            Message(
                "no station '{station}' in the workflow (stations: {stations})",
                station=unknown[0],
                stations=", ".join(step.id for step in workflow.stations),
            )
        )
    found, missing = [], []
    for step in workflow.stations:
        given = minutes.get(step.id) or (None if step.minutes else minutes.get("*"))
        mean = given[0] if given else step.minutes
        if mean is None:
            missing.append(step.id)
            continue
        cv = given[1] if given and given[1] is not None else step.minutes_cv
        count = windows.get(step.id) or (None if step.staff else windows.get("*"))
        found.append(
            Service(
                station=step.id,
                label=step.label,
                office=step.office,
                windows=count or step.staff or 1,
                minutes=mean,
                cv=DEFAULT_CV if cv is None else cv,
                assumed=given is not None or count is not None,
            )
        )
    if missing:
        raise CapacityError(
            Message(
                "the workflow gives no minutes per student for {stations} {fix}",
                stations=", ".join(missing),
                fix=ASSUME_MINUTES,
            ),
            fix="minutes",
        )
    return tuple(found)


Applies = Callable[[Step, Session], bool]
"""Whether some students of this session pass this station."""


def sittings(
    workflow: Workflow, given: tuple[Service, ...], applies: Applies | None = None
) -> list[Sitting]:
    """The schedule's sittings in time order, each with the stations ``given``; a station
    is passed by a sitting's students when ``applies`` (default :func:`may_apply`)."""
    schedule = workflow.schedule
    if schedule is None or not any(s.expected for s in schedule.sessions):
        raise CapacityError(
            Message(
                "the workflow schedules no sessions with expected students "
                "(give 'schedule: sessions:' with 'expected:' counts)"
            )
        )
    applies = applies or may_apply
    steps = {step.id: step for step in workflow.stations}
    days: dict[tuple[str, dt.date], list[Session]] = {}
    for session in schedule.sessions:
        if session.expected:
            key = place_key(session.place or schedule.place)
            days.setdefault((key, session.date), []).append(session)
    result = []
    for (place, date), sessions in days.items():
        for group in overlapping(sessions):
            start, end = group[0].start, max(s.end for s in group)
            result.append(
                Sitting(
                    date=date,
                    start=start,
                    end=end,
                    place=place,
                    sessions=tuple(group),
                    students=sum(s.expected or 0 for s in group),
                    breaks=_breaks(workflow, date, start, end),
                    stations=given,
                    visits=tuple(
                        tuple(applies(steps[g.station], session) for session in group)
                        for g in given
                    ),
                )
            )
    return sorted(result, key=lambda sitting: (sitting.date, sitting.start, sitting.place))


def _breaks(
    workflow: Workflow, date: dt.date, start: dt.time, end: dt.time
) -> tuple[tuple[float, float], ...]:
    """The hall's closed spans strictly inside ``start``..``end`` on ``date``, in minutes
    from ``start``: the gaps between its open ranges (its hours for everyone)."""
    assert workflow.schedule is not None
    hours = tuple(item for item in workflow.schedule.hours if item.who is None)
    ranges = hours_on(hours, date, {}) or ()
    gaps = [(a[1], b[0]) for a, b in itertools.pairwise(ranges) if a[1] < b[0]]
    inside = [(max(a, start), min(b, end)) for a, b in gaps if a < end and b > start]
    return tuple((minutes_between(start, a), minutes_between(start, b)) for a, b in inside if a < b)


def overlapping(sessions: list[Session]) -> list[list[Session]]:
    """Sessions of one day grouped so that each group's times overlap in a chain."""
    groups: list[list[Session]] = []
    end = dt.time.min
    for session in sorted(sessions, key=lambda s: (s.start, s.end)):
        if groups and session.start < end:
            groups[-1].append(session)
            end = max(end, session.end)
        else:
            groups.append([session])
            end = session.end
    return groups


def place_key(label: Label | None) -> str:
    """Sessions are at the same place when their place labels have the same Chinese text
    (the English text for a place without Chinese)."""
    return (label.zh or label.en or "") if label else ""


def may_apply(step: Step, session: Session) -> bool:
    """Whether some students of ``session`` may pass ``step``: unless its ``when`` is
    false whatever the facts (the checks know better: ``clearflow.checks``)."""
    return not (isinstance(step.when, Constant) and not step.when.value)


def minutes_between(start: dt.time, end: dt.time) -> float:
    """The minutes from ``start`` to ``end`` on one day."""
    return float((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute))


__all__ = [
    "DEFAULT_CV",
    "Applies",
    "CapacityError",
    "Service",
    "Sitting",
    "may_apply",
    "minutes_between",
    "overlapping",
    "place_key",
    "services",
    "sittings",
]
