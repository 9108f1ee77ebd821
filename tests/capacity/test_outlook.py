"""The outlook of a sitting: seeded, sensible, and the windows it says are needed suffice."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from clearflow.capacity import outlook
from support.capacity import FEES, FILES, one_session


def test_the_same_seed_gives_the_same_outlook_and_another_seed_another() -> None:
    sitting = one_session(200, attrs.evolve(FEES, windows=2), FILES)
    first = outlook(sitting, replications=200, seed=7)
    assert outlook(sitting, replications=200, seed=7) == first
    assert outlook(sitting, replications=200, seed=8) != first


def test_a_hall_with_windows_to_spare_keeps_everyone_moving() -> None:
    """Ten windows for 100 students at 1.5 min: hardly any wait, empty before noon."""
    result = outlook(one_session(100, attrs.evolve(FEES, windows=10)), replications=200)
    (fees,) = result.stations
    assert fees.wait_p90 < 2.0
    assert fees.needed is not None
    assert fees.needed <= 2
    assert not result.late
    assert result.finish_p50 <= result.finish_p90 < dt.datetime(2014, 7, 10, 12)


def test_one_window_for_the_2014_morning_is_late_and_needs_more() -> None:
    """474 students at 1.5 min each through one window: 711 minutes of work in a 3-hour
    morning; the queue grows all morning and the hall empties long after 12:00."""
    result = outlook(one_session(474, FEES), replications=100)
    (fees,) = result.stations
    assert result.late
    assert result.finish_p90 > dt.datetime(2014, 7, 10, 15)
    assert fees.queue_p90 > 100
    assert fees.needed is not None
    assert fees.needed >= 5


def test_the_windows_said_to_be_needed_keep_the_wait_within_the_target() -> None:
    """Give every station what the outlook says it needs: its p90 longest wait is then
    within the target (the same draws: the seed and sitting are the same)."""
    sitting = one_session(300, FEES, FILES)
    needed = outlook(sitting, replications=200, max_wait=8.0)
    given = tuple(attrs.evolve(s.service, windows=s.needed or 1) for s in needed.stations)
    enough = outlook(attrs.evolve(sitting, stations=given), replications=200, max_wait=8.0)
    assert all(s.wait_p90 <= 8.0 for s in enough.stations)
    fewer = tuple(attrs.evolve(s, windows=max(1, s.windows - 1)) for s in given)
    short = outlook(attrs.evolve(sitting, stations=fewer), replications=200, max_wait=8.0)
    assert any(s.wait_p90 > 8.0 for s in short.stations)


def test_a_station_no_one_passes_waits_for_no_one() -> None:
    sitting = attrs.evolve(one_session(100, FEES, FILES), visits=((True,), (False,)))
    result = outlook(sitting, replications=50)
    skipped = result.stations[1]
    assert (skipped.visited, skipped.wait_p90, skipped.queue_p90, skipped.needed) == (
        False,
        0.0,
        0,
        0,
    )


def test_a_break_inside_the_sitting_delays_the_end() -> None:
    """The windows close 10:00-11:00: the same students finish later."""
    plain = one_session(150, attrs.evolve(FEES, windows=2))
    paused = attrs.evolve(plain, breaks=((60.0, 120.0),))
    later = outlook(paused, replications=100).finish_p50
    assert later > outlook(plain, replications=100).finish_p50


def test_an_unknown_arrival_pattern_is_refused() -> None:
    with pytest.raises(ValueError, match="arrivals must be one of"):
        outlook(one_session(10, FEES), arrivals="whenever")


def test_the_queue_over_time_is_told_at_even_moments_to_the_finish() -> None:
    """From the start to the p90 finish (the end, when later); never above the p90 of each
    draw's longest queue, and none at a station no one passes."""
    sitting = attrs.evolve(one_session(300, FEES, FILES), visits=((True,), (False,)))
    result = outlook(sitting, replications=100, profile=12, search=False)
    assert len(result.profile) == 12
    assert result.profile[0] == 0.0
    finish = (result.finish_p90 - dt.datetime(2014, 7, 10, 9)).total_seconds() / 60
    assert result.profile[-1] == pytest.approx(max(finish, 180.0))
    fees, files = result.stations
    assert len(fees.queue_over_time) == 12
    assert 0 < max(fees.queue_over_time) <= fees.queue_p90
    assert files.queue_over_time == (0,) * 12
    assert fees.needed is None
    assert outlook(sitting, replications=100).stations[0].queue_over_time == ()
