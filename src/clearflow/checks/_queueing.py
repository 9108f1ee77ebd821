"""CF407 from the queue model: a sitting the hall does not empty by its end, at p90.

When every station gives ``minutes:`` the schedule's sittings are modelled
(:func:`clearflow.capacity.outlook`: seeded, :data:`CHECKED` draws, no search for the
windows needed) and a sitting whose p90 finish comes after its end is warned of, with the
station whose queue is worst; ``clearflow capacity`` tells how many windows would do. A
station applies to a sitting when its ``when:`` can hold for a student its sessions select
(the checks' own reading of the facts). Without minutes at every station, ``_capacity``
keeps the closed-form screen.
"""

from __future__ import annotations

from collections.abc import Iterator

import clearflow.capacity as capacity
from clearflow._i18n import Message
from clearflow.capacity import CapacityError, services, sittings
from clearflow.checks._profiles import ProfileSpace
from clearflow.checks._schedule import time_span
from clearflow.errors import Issue, Severity, SpaceTooLargeError, located
from clearflow.spec import Selector, Session, Step, Workflow
from clearflow.spec.conditions import All

CHECKED = 200
"""Draws per sitting: enough for a p90 to a minute or two, quick enough for a check."""


def modelled(workflow: Workflow) -> bool:
    """Whether every station gives minutes per student (the model can run)."""
    return bool(workflow.stations) and all(s.minutes is not None for s in workflow.stations)


def hall_finish(workflow: Workflow) -> Iterator[Issue]:
    """CF407: each sitting whose hall empties after its end in one draw of ten or more."""
    space = ProfileSpace(workflow)

    def applies(step: Step, session: Session) -> bool:
        return serves(space, step, session.who)

    try:
        found = sittings(workflow, services(workflow), applies)
    except CapacityError:
        return
    for sitting in found:
        # read at the call: the model's names load numpy, which a check without it skips
        result = capacity.outlook(sitting, replications=CHECKED, search=False)
        if not result.late:
            continue
        worst = max(result.stations, key=lambda station: station.wait_p90)
        first = min(sitting.sessions, key=lambda session: session.at.line)
        yield located(
            "CF407",
            first.at,
            Message(
                "the hall empties only by {finish} (p90: nine draws in ten) on {date} "
                "{span}, after the session ends ({students} students; the longest wait, p90 "
                "{wait} min, is at station '{station}' with {windows} staff)",
                finish=sitting.moment_text(result.finish_p90),
                date=str(sitting.date),
                span=time_span(sitting.start, sitting.end),
                students=sitting.students,
                wait=round(worst.wait_p90),
                station=worst.service.station,
                windows=worst.service.windows,
            ),
            Message(
                "add staff at the slow stations (clearflow capacity says how many), take "
                "fewer minutes per student, or spread the sessions"
            ),
            Severity.WARNING,
        )


def serves(space: ProfileSpace, station: Step, who: Selector) -> bool:
    """Whether ``station`` can apply to a student ``who`` selects (yes, when the space of
    profiles is too large to tell)."""
    try:
        return space.satisfy(All((who.condition, station.when))) is not None
    except SpaceTooLargeError:
        return True


__all__ = ["CHECKED", "hall_finish", "modelled", "serves"]
