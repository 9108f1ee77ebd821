"""The registry of semantic checks: what loads but is probably a mistake.

Each check is a function taking the workflow and yielding issues; ``CHECKS`` lists them
in the order they run: the usage warnings (CF301–303, :mod:`clearflow.checks._usage`;
CF304, who may act without a roster, :mod:`clearflow.checks._roster`),
advice the order contradicts (CF311, :mod:`clearflow.checks._advice`),
the schedule checks (CF401–403, CF412, :mod:`clearflow.checks._schedule`; CF411, steps that
open too late for a session, :mod:`clearflow.checks._windows`; CF404, 407, 413,
:mod:`clearflow.checks._capacity`; the public holidays, CF408–409,
:mod:`clearflow.checks._holidays`), the headcount
checks (CF405–406, :mod:`clearflow.checks._headcount`) and the logic checks (CF501–506,
:mod:`clearflow.checks._logic`). A new check is one generator in the module of its
concept, one line here, a fixture per code and a row in docs/errors.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from clearflow.checks._advice import contradicted_advice
from clearflow.checks._capacity import place_capacity, session_calls, station_throughput
from clearflow.checks._headcount import headcounts, unscheduled
from clearflow.checks._holidays import holiday_dates
from clearflow.checks._logic import logic_issues
from clearflow.checks._roster import anyone_can_act
from clearflow.checks._schedule import (
    own_session_without_sessions,
    session_weekdays,
    sessions_after_deadlines,
    sessions_in_window,
)
from clearflow.checks._usage import single_document_groups, unused_facts, unused_offices
from clearflow.checks._windows import openings_after_sessions
from clearflow.errors import Issue
from clearflow.spec import Workflow

Check = Callable[[Workflow], Iterator[Issue]]


CHECKS: tuple[Check, ...] = (
    unused_offices,
    unused_facts,
    single_document_groups,
    anyone_can_act,
    contradicted_advice,
    sessions_in_window,
    session_weekdays,
    sessions_after_deadlines,
    own_session_without_sessions,
    openings_after_sessions,
    holiday_dates,
    place_capacity,
    headcounts,
    unscheduled,
    station_throughput,
    session_calls,
    logic_issues,
)


def run_checks(workflow: Workflow) -> list[Issue]:
    """Every diagnostic of every check."""
    return [issue for check in CHECKS for issue in check(workflow)]
