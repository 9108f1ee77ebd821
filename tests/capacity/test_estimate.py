"""Last year's minutes per student, read from a store's actions at the stations."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from clearflow.capacity import FEWEST, Estimate, estimate
from clearflow.cli import main
from clearflow.store import Store
from support import WORKFLOW_2014, ZONE, engine_2014, settle_prerequisites, staff, start

NINE = dt.datetime(2014, 7, 10, 9, 0, tzinfo=ZONE)


def _at(minutes: float) -> dt.datetime:
    return NINE + dt.timedelta(minutes=minutes)


def test_the_gaps_of_one_staff_member_are_the_service_and_idle_gaps_are_left_out() -> None:
    """Two staff at one station, each every 2 or 3 minutes; a lunch gap, a moment recorded
    twice and one long service are left out; another station's actions are not counted."""
    actions = [("fees", "F01", _at(2 * n)) for n in range(25)]
    actions += [("fees", "F02", _at(3 * n)) for n in range(25)]
    actions += [("fees", "F01", _at(48)), ("fees", "F01", _at(200)), ("fees", "F01", _at(209))]
    actions += [("library", "L01", _at(n)) for n in range(40)]
    found = estimate(actions, ["fees"])
    assert list(found) == ["fees"]
    fees = found["fees"]
    assert fees.samples == 48  # 24 gaps of 2 and 24 of 3
    assert fees.minutes == 2.5
    assert fees.cv == 0.2
    assert fees.trimmed == 3  # 48 -> 48 (none), 48 -> 200 (idle), 200 -> 209 (an outlier)


def test_too_few_gaps_tell_nothing() -> None:
    actions = [("fees", "F01", _at(2 * n)) for n in range(FEWEST)]  # FEWEST - 1 gaps
    assert estimate(actions, ["fees"]) == {}
    more = [*actions, ("fees", "F01", _at(2 * FEWEST))]
    assert estimate(more, ["fees"])["fees"] == Estimate(
        station="fees", minutes=2.0, cv=0.0, samples=FEWEST, trimmed=0
    )


@pytest.fixture
def last_year(tmp_path: Path) -> Path:
    """30 students through the hall, the stations clearing one every 2 minutes."""
    engine = engine_2014()
    cases = []
    for number in range(30):
        case = start(engine=engine, student_id=f"2014{number:03d}")
        settle_prerequisites(case)
        for step in engine.stations:
            case.clear(step.id, staff(step.office), at=_at(2 * number))
        cases.append(case)
    path = tmp_path / "2014.db"
    with Store.open(path, engine) as store:
        store.add(cases)
    return path


def test_capacity_from_a_store_uses_the_minutes_it_recorded(last_year: Path) -> None:
    """--from-db: every station 2 minutes (cv 0) from 29 gaps; --minutes for one still wins."""
    args = ["capacity", str(WORKFLOW_2014), "--from-db", str(last_year), "--windows", "2"]
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
    result = runner.invoke(main, [*args, "--replications", "20", "--session", "2", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "checklist_issued: 2 min per student (cv 0), estimated from 29 gaps between one staff "
        "member's actions in the store (0 left out as idle or unusual)\n"
    )
    data = json.loads(
        runner.invoke(
            main,
            [*args, "--minutes", "fees_confirmed=1", "--replications", "20", "--format", "json"],
        ).output
    )
    assert data["estimated"]["pass_and_household"]["samples"] == 29
    minutes = {s["station"]: s["minutes"] for s in data["sittings"][0]["stations"]}
    assert minutes == {
        "checklist_issued": 2.0,
        "fees_confirmed": 1.0,
        "card_and_dormitory": 2.0,
        "employment_registered": 2.0,
        "pass_and_household": 2.0,
        "checklist_returned": 2.0,
    }
