"""Calling students in every ten minutes: the most per call that keeps the waits short."""

from __future__ import annotations

import datetime as dt
import json

import attrs
from click.testing import CliRunner

from clearflow.capacity import EVERY, calling
from clearflow.cli import main
from support import WORKFLOW_2014
from support.capacity import FEES, FILES, one_session


def test_the_calling_suggested_keeps_every_wait_within_the_target() -> None:
    """Two windows at 1.5 min serve about 13 students in ten minutes: the suggestion calls
    about that many, its waits within 10 minutes; a looser target calls more at once."""
    sitting = one_session(120, attrs.evolve(FEES, windows=2), attrs.evolve(FILES, windows=2))
    found = calling(sitting, max_wait=10.0)
    assert found is not None
    assert found.wait_p90 <= 10.0
    assert 10 <= found.per_call <= 20
    assert found.calls == -(-120 // found.per_call)
    assert found.last_call == dt.datetime(2014, 7, 10, 9) + dt.timedelta(
        minutes=(found.calls - 1) * EVERY
    )
    looser = calling(sitting, max_wait=30.0)
    assert looser is not None
    assert looser.per_call >= found.per_call
    assert calling(sitting, max_wait=10.0) == found  # seeded


def test_a_station_slower_than_the_calls_cannot_be_helped_by_calling() -> None:
    """One window taking 15 minutes a student: even one a call queues up past the target."""
    slow = attrs.evolve(FEES, minutes=15.0, cv=0.0)
    assert calling(one_session(40, slow), max_wait=10.0) is None


def test_a_calling_that_runs_past_the_end_says_so() -> None:
    """300 students through one 1.5-minute window: seven a call, 43 calls, past noon."""
    found = calling(one_session(300, FEES), max_wait=10.0)
    assert found is not None
    assert found.late
    assert found.finish_p90 > dt.datetime(2014, 7, 10, 12)


def test_the_cli_suggests_under_each_sitting_and_in_json() -> None:
    args = ["capacity", str(WORKFLOW_2014), "--minutes", "1.5", "--windows", "4"]
    args += ["--replications", "50", "--session", "2", "--suggest"]
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
    result = runner.invoke(main, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.output.splitlines() if "suggested:" in line]
    assert line.startswith("  suggested: call ")
    assert " students every 10 min from 9:00 (the last call at " in line
    data = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    suggested = data["sittings"][0]["suggested"]
    assert suggested["every_minutes"] == 10
    assert suggested["calls"] * suggested["per_call"] >= 474
    assert suggested["longest_wait_p90"] <= 10


def test_the_departments_of_a_shared_afternoon_are_called_one_after_another() -> None:
    """2014-07-11 afternoon: three departments (146, 77, 100) called in their order, each
    from the call after the department before it is called in, each call of one department
    only; each session's calling as its ``calls:`` would say it."""
    args = ["capacity", str(WORKFLOW_2014), "--minutes", "1.5", "--windows", "4", "--session"]
    args += ["5", "--replications", "50", "--suggest"]
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
    data = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    suggested = data["sittings"][0]["suggested"]
    per_call, firsts = suggested["per_call"], suggested["first_calls"]
    tourism, biochemistry = -(-146 // per_call), -(-77 // per_call)
    starts = [0, tourism, tourism + biochemistry]
    clocks = [f"{13 + n * 10 // 60:02d}:{n * 10 % 60:02d}" for n in starts]
    assert firsts == [f"2014-07-11T{moment}" for moment in clocks]
    written = suggested["session_calls"]
    assert [(c["students"], c["every"], c["from"]) for c in written] == [
        (per_call, 10, None),
        (per_call, 10, clocks[1]),
        (per_call, 10, clocks[2]),
    ]
    assert [c["path"] for c in written] == [f"schedule.sessions[{n}]" for n in (5, 6, 7)]
    line = runner.invoke(main, [*args, "--lang", "en"]).output
    assert "(Higher vocational, Tourism from 13:00; Higher vocational, Biochemistry from " in line
