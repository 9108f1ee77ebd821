"""Openings: a step's office acts on it from its ``opens:`` on; earlier is flagged or refused."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearflow import load_workflow_text
from clearflow.engine import (
    Action,
    Actor,
    Case,
    Engine,
    blockers,
    load_case,
    restore,
    save_case,
    snapshot,
)
from clearflow.errors import ActionError, CaseDataError
from clearflow.spec import Workflow

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
OPENINGS = """\
clearflow: 1
id: openings-2018
title: Openings
timezone: Asia/Shanghai
offices:
  library: {en: Library, zh: 图书馆}
  registry: {en: Registry, zh: 学籍科}
facts:
  batch: {type: choice, values: [june, december], en: Batch}
prerequisites:
  - id: library_cleared
    office: library
    en: Books returned
    zh: 归还图书
    opens: 2018-06-29 14:00
  - id: records_checked
    office: registry
    en: Records checked
    zh: 核对学籍
    opens:
      early: block
      dates:
        - {who: {batch: june}, date: 2018-06-25}
        - {who: {batch: december}, date: 2018-12-03 09:00}
"""
LIBRARY = Actor(office="library", staff="L03")
REGISTRY = Actor(office="registry", staff="R01")


def when(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment of 2018 in the workflow's zone."""
    return dt.datetime(2018, month, day, hour, minute, tzinfo=ZONE)


def workflow(text: str = OPENINGS) -> Workflow:
    """The openings workflow (or a variant of its text)."""
    return load_workflow_text(text)


def start(batch: str = "june") -> Case:
    """A case of the openings workflow, started on 2018-06-20."""
    return Engine(workflow()).start("2018001", {"batch": batch}, at=when(6, 20))


def test_a_flagged_opening_records_an_early_clearance() -> None:
    """Clearing before 14:00 on the opening day is done and flagged early on record and event."""
    case = start()
    event = case.clear("library_cleared", LIBRARY, at=when(6, 29, 13, 59))
    assert event.early
    assert case.records["library_cleared"].early
    assert event.to_dict()["early"] is True


def test_an_action_from_the_opening_on_is_not_early() -> None:
    """At the opening moment itself, and after, nothing is flagged; the event says nothing."""
    case = start()
    event = case.refuse("library_cleared", LIBRARY, "2 books out", at=when(6, 29, 14, 0))
    assert not event.early
    assert "early" not in event.to_dict()
    assert not case.clear("library_cleared", LIBRARY, at=when(6, 30)).early


def test_the_opening_is_read_in_the_workflow_zone() -> None:
    """06:00 UTC is 14:00 in Asia/Shanghai: on time; 05:59 UTC is early."""
    case = start()
    utc = dt.datetime(2018, 6, 29, 5, 59, tzinfo=dt.UTC)
    assert case.refuse("library_cleared", LIBRARY, "not yet", at=utc).early
    assert not case.clear("library_cleared", LIBRARY, at=utc + dt.timedelta(minutes=1)).early


@pytest.mark.parametrize("verb", ["clear", "refuse", "waive"])
def test_a_blocking_opening_refuses_every_action_before_it(verb: str) -> None:
    """Clear, refuse and waive are all refused before the step opens; the case is unchanged."""
    case = start()
    before = snapshot(case)
    with pytest.raises(ActionError) as caught:
        case.perform(Action(verb), "records_checked", REGISTRY, reason="r", at=when(6, 24, 23, 59))
    assert str(caught.value) == f"cannot {verb} 'records_checked' yet: it opens 2018-06-25"
    assert snapshot(case) == before


def test_a_blocking_opening_says_when_in_chinese() -> None:
    """The refusal names the action and the opening moment in the staff's words."""
    case = start("december")
    with pytest.raises(ActionError) as caught:
        case.clear("records_checked", REGISTRY, at=when(12, 3, 8, 59))
    assert (
        caught.value.text("zh") == "暂不能办结 'records_checked'：该环节 2018-12-03 09:00 开始办理"
    )
    assert str(caught.value) == "cannot clear 'records_checked' yet: it opens 2018-12-03 09:00"


def test_each_batch_has_its_own_opening() -> None:
    """On 2018-06-26 the June batch's records are open, December's are not."""
    assert not start("june").clear("records_checked", REGISTRY, at=when(6, 26)).early
    with pytest.raises(ActionError, match="opens 2018-12-03 09:00"):
        start("december").clear("records_checked", REGISTRY, at=when(6, 26))


def test_blockers_say_when_a_step_opens() -> None:
    """A step not open at the start of the day asked about says when it opens, in both languages."""
    (library, records) = blockers(start(), dt.date(2018, 6, 24))
    assert library.opens_at == dt.datetime(2018, 6, 29, 14, 0)
    assert library.describe("en") == "Library: pending: Books returned (opens 2018-06-29 14:00)"
    assert library.describe("zh") == "图书馆：待办理：归还图书（2018-06-29 14:00 开始办理）"
    assert records.describe("en") == "Registry: pending: Records checked (opens 2018-06-25)"
    assert records.describe("zh") == "学籍科：待办理：核对学籍（2018-06-25 开始办理）"


def test_blockers_stop_saying_opens_once_the_day_has_come() -> None:
    """On the opening day of a date-only opening, or with no day asked about, nothing is said."""
    case = start()
    assert [b.opens_at for b in blockers(case, dt.date(2018, 6, 25))] == [
        dt.datetime(2018, 6, 29, 14, 0),
        None,
    ]
    assert [b.opens_at for b in blockers(case)] == [None, None]
    assert [b.opens_at for b in blockers(case, dt.date(2018, 6, 30))] == [None, None]


def test_a_case_file_keeps_the_early_flag(tmp_path: Path) -> None:
    """Saved and loaded, the early clearance is still flagged on its event and record."""
    case = start()
    case.clear("library_cleared", LIBRARY, at=when(6, 28))
    path = tmp_path / "2018001.jsonl"
    save_case(path, case)
    events = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    assert [event.get("early") for event in events] == [None, True]
    loaded = load_case(path, Engine(workflow()))
    assert loaded.events[-1].early
    assert loaded.records["library_cleared"].early


def test_a_case_file_with_a_wrong_early_value_is_refused(tmp_path: Path) -> None:
    """early must be true or false, as late and backdated must."""
    case = start()
    case.clear("library_cleared", LIBRARY, at=when(6, 28))
    path = tmp_path / "2018001.jsonl"
    save_case(path, case)
    text = path.read_text(encoding="utf-8").replace('"early": true', '"early": "yes"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseDataError, match="early"):
        load_case(path, Engine(workflow()))


def test_a_snapshot_keeps_the_early_flag_of_a_record() -> None:
    """Restored without its events, the record still says the step was acted on early."""
    case = start()
    case.clear("library_cleared", LIBRARY, at=when(6, 28))
    data = snapshot(case)
    assert data["steps"]["library_cleared"]["early"] is True
    assert restore(Engine(workflow()), data).records["library_cleared"].early


# -- property ------------------------------------------------------------------------

BLOCKING = load_workflow_text(
    OPENINGS.replace("opens: 2018-06-29 14:00", "opens: {date: 2018-06-29 14:00, early: block}")
)
TIMES = (
    when(6, 24, 23, 59),
    when(6, 25, 0, 0),
    when(6, 29, 13, 59),
    dt.datetime(2018, 6, 29, 6, 0, tzinfo=dt.UTC),  # 14:00 in Asia/Shanghai
    dt.datetime(2018, 12, 3, 8, 59),  # naive: read in the workflow's zone
    when(12, 3, 9, 0),
)
MOVES = st.tuples(
    st.sampled_from(("clear", "refuse", "waive")),
    st.sampled_from(("library_cleared", "records_checked")),
    st.sampled_from(TIMES),
)


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(st.sampled_from(("june", "december")), st.lists(MOVES, max_size=12))
def test_with_early_block_no_action_is_recorded_before_its_opening(
    batch: str, moves: list[tuple[str, str, dt.datetime]]
) -> None:
    """Whatever is tried, and refused or not, every recorded step action is at or after the
    step's opening for the student's batch, and none is flagged early."""
    engine = Engine(BLOCKING)
    case = engine.start("2018001", {"batch": batch}, at=when(6, 20))
    offices = {step.id: step.office for step in BLOCKING.steps}
    for verb, step_id, moment in moves:
        by = Actor(office=offices[step_id], staff="S01")
        with contextlib.suppress(ActionError):
            case.perform(Action(verb), step_id, by, reason="reason", at=moment)
    for event in case.events:
        if event.step is None:
            continue
        opening = BLOCKING.step(event.step).opens
        opens = opening.moment_for(case.facts) if opening else None
        assert opens is not None
        assert event.at.astimezone(ZONE).replace(tzinfo=None) >= opens
        assert not event.early
