"""Actions dated before the case's previous event are recorded and marked ``backdated``."""

from __future__ import annotations

import io

from rich.console import Console

from clearflow._i18n import Lang
from clearflow.console.case_view import backdated_note, render_history
from clearflow.engine import Event, replay, restore, snapshot
from support import EARLY, at, profile, staff, start


def test_an_action_dated_before_the_previous_event_is_backdated() -> None:
    """Library on 07-03 after logistics on 07-04: recorded, and marked on the event."""
    case = start(profile())
    on_time = case.clear("logistics_cleared", staff("logistics"), at=at(7, 4))
    earlier = case.clear("library_cleared", staff("library"), at=at(7, 3))
    assert not on_time.backdated
    assert earlier.backdated
    assert case.records["library_cleared"].at == at(7, 3)


def test_the_same_time_or_later_is_not_backdated() -> None:
    """Equal times (a --yes walk acts many times in one minute) and later ones are in order."""
    case = start(profile())
    first = case.clear("logistics_cleared", staff("logistics"), at=EARLY)
    same = case.clear("library_cleared", staff("library"), at=EARLY)
    later = case.refuse("finance_cleared", staff("finance"), "receipt missing", at=at(7, 2))
    assert [first.backdated, same.backdated, later.backdated] == [False, False, False]


def test_refusals_waivers_and_release_are_marked_too() -> None:
    """Every kind of action compares with the event before it."""
    case = start(profile())
    case.clear("logistics_cleared", staff("logistics"), at=at(7, 4))
    refused = case.refuse("finance_cleared", staff("finance"), "unpaid", at=at(7, 2))
    waived = case.waive("finance_cleared", staff("finance"), "remitted", at=at(7, 3))
    assert refused.backdated
    assert not waived.backdated


def test_an_action_dated_before_the_start_is_backdated() -> None:
    """A paper signature from before the case was entered is still recorded, marked."""
    case = start(profile())  # started at EARLY, 07-01 09:30
    event = case.clear("library_cleared", staff("library"), at=at(6, 30))
    assert event.backdated


def test_the_mark_survives_to_dict_snapshot_and_replay() -> None:
    """The flag is part of the audit record: saved, restored and rebuilt alike."""
    case = start(profile())
    case.clear("logistics_cleared", staff("logistics"), at=at(7, 4))
    case.clear("library_cleared", staff("library"), at=at(7, 3))
    event = case.events[-1]
    assert event.to_dict()["backdated"] is True
    assert "backdated" not in case.events[-2].to_dict()
    assert Event.from_dict(event.to_dict()) == event
    restored = restore(case.engine, snapshot(case))
    assert restored.events == case.events
    replayed = replay(case.engine, case.student_id, case.events, name=case.name)
    assert [e.backdated for e in replayed.events] == [e.backdated for e in case.events]


def test_a_case_without_its_history_compares_with_its_records() -> None:
    """Restored without events (as a store may), the latest step record is the previous time."""
    case = start(profile())
    case.clear("logistics_cleared", staff("logistics"), at=at(7, 4))
    data = snapshot(case)
    data["events"] = []
    data["version"] = case.version
    bare = restore(case.engine, data)
    assert bare.last_at == at(7, 4)
    assert bare.clear("library_cleared", staff("library"), at=at(7, 3)).backdated


def test_the_walk_note_and_the_history_say_so_in_both_languages() -> None:
    """A yellow line in the walk and a mark in the history table, zh and en."""
    case = start(profile())
    case.clear("logistics_cleared", staff("logistics"), at=at(7, 4))
    assert backdated_note(case) is None
    case.clear("library_cleared", staff("library"), at=at(7, 3, 9, 5))
    assert backdated_note(case) == (
        "  backdated: dated 2014-07-03 09:05, before the case's previous event (2014-07-04 10:00)"
    )
    assert backdated_note(case, "zh") == (
        "  补记：日期 2014-07-03 09:05 早于本案上一条记录（2014-07-04 10:00）"
    )
    words: tuple[tuple[Lang, str], ...] = (("en", "backdated"), ("zh", "补记"))
    for lang, word in words:
        out = io.StringIO()
        Console(file=out, width=120).print(
            render_history(case.engine.workflow, case.student_id, case.events, lang)
        )
        lines = out.getvalue().splitlines()
        assert [line for line in lines if word in line] == [
            line for line in lines if "2014-07-03 09:05" in line
        ]
