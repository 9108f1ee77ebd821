"""The capacity model's questions, read from a workflow: sittings, breaks, services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clearflow.capacity import DEFAULT_CV, CapacityError, services, sittings
from clearflow.loading import load_workflow, load_workflow_text
from clearflow.spec import Workflow
from support import WORKFLOW_2014

TIMED = """\
clearflow: 1
id: timed
title: Timed
facts:
  transfer: {type: bool, zh: 转档, en: Transfer}
offices:
  finance: Finance Office
  archives: Archives
stations:
  - {id: fees, office: finance, en: Fees, staff: 3, minutes: {mean: 1.5, cv: 0.2}}
  - {id: files, office: archives, en: Files, minutes: 2, when: false}
  - {id: desk, office: archives, en: Desk}
schedule:
  hours:
    - {open: 9:00, close: 17:00, breaks: [{start: 12:00, end: 13:00}]}
  sessions:
    - {date: 2015-07-08, start: 9:00, end: 16:00, who: {}, expected: 300}
    - {date: 2015-07-09, start: 9:00, end: 11:00, who: {transfer: true}, expected: 40}
    - {date: 2015-07-09, start: 10:00, end: 12:00, who: {transfer: false}, expected: 60}
    - {date: 2015-07-09, start: 14:00, end: 15:00, who: {}, expected: 10}
"""


def _timed(tmp_path: Path) -> Workflow:
    path = tmp_path / "timed.yaml"
    path.write_text(TIMED, encoding="utf-8")
    return load_workflow(path)


def test_a_station_without_minutes_must_be_assumed(tmp_path: Path) -> None:
    """``desk`` gives no minutes: refused, named, until the caller assumes them."""
    workflow = _timed(tmp_path)
    with pytest.raises(CapacityError) as raised:
        services(workflow)
    assert "no minutes per student for desk" in str(raised.value)
    assert raised.value.fix == "minutes"
    fees, files, desk = services(workflow, {"*": (1.0, None)}, {"desk": 2})
    assert (fees.windows, fees.minutes, fees.cv, fees.assumed) == (3, 1.5, 0.2, False)
    assert (files.windows, files.minutes, files.cv, files.assumed) == (1, 2.0, DEFAULT_CV, False)
    assert (desk.windows, desk.minutes, desk.cv, desk.assumed) == (2, 1.0, DEFAULT_CV, True)


def test_an_assumption_for_one_station_overrides_the_workflow(tmp_path: Path) -> None:
    """A station named is overridden; ``*`` fills only what the workflow leaves out."""
    workflow = _timed(tmp_path)
    fees, _, desk = services(workflow, {"*": (1.0, 0.0), "fees": (4.0, None)}, {"*": 5})
    assert (fees.minutes, fees.cv, fees.windows, fees.assumed) == (4.0, 0.2, 3, True)
    assert (desk.minutes, desk.cv, desk.windows) == (1.0, 0.0, 5)


def test_an_unknown_station_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(CapacityError, match=r"no station 'fes' .*\(stations: fees, files, desk\)"):
        services(_timed(tmp_path), {"fes": (1.0, None)})


def test_overlapping_sessions_share_a_sitting_and_breaks_fall_inside(tmp_path: Path) -> None:
    """The 9:00-16:00 day closes 12:00-13:00 (minutes 180-240); 9:00-11:00 and 10:00-12:00
    share the windows; 14:00-15:00 is its own sitting; a station never taken is skipped."""
    workflow = _timed(tmp_path)
    found = sittings(workflow, services(workflow, {"desk": (1.0, None)}))
    shown = [(s.date, s.start, s.end, s.students, s.breaks, s.visited) for s in found]
    assert shown == [
        (dt.date(2015, 7, 8), dt.time(9), dt.time(16), 300, ((180.0, 240.0),), (True, False, True)),
        (dt.date(2015, 7, 9), dt.time(9), dt.time(12), 100, (), (True, False, True)),
        (dt.date(2015, 7, 9), dt.time(14), dt.time(15), 10, (), (True, False, True)),
    ]
    assert found[0].minutes == 420.0
    assert found[0].clock(185.5) == dt.datetime(2015, 7, 8, 12, 5, 30)


def test_the_2014_schedule_is_five_sittings_without_breaks_inside() -> None:
    """The notice's table splits each day at the lunch break, so no sitting spans it; the
    two afternoons of several departments each share the hall."""
    workflow = load_workflow(WORKFLOW_2014)
    found = sittings(workflow, services(workflow, {"*": (1.5, None)}))
    assert [(str(s.date), s.start.hour, s.students, len(s.sessions)) for s in found] == [
        ("2014-07-09", 9, 549, 1),
        ("2014-07-10", 9, 474, 1),
        ("2014-07-10", 13, 442, 2),
        ("2014-07-11", 9, 338, 1),
        ("2014-07-11", 13, 323, 3),
    ]
    assert all(s.breaks == () for s in found)


def test_a_workflow_without_sessions_is_refused() -> None:
    workflow = load_workflow_text(
        "clearflow: 1\nid: x\ntitle: X\noffices: {a: A}\n"
        "stations:\n  - {id: s, office: a, en: S, minutes: 1}\n",
        "x.yaml",
    )
    with pytest.raises(CapacityError, match="schedules no sessions with expected students"):
        sittings(workflow, services(workflow))
