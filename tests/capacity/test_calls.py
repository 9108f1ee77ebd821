"""A session's written ``calls:``: the format reads it, the model brings its students as
called, ``--suggest`` writes it, and a later session is never called before it starts."""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np

from clearflow import inspect_text, load_workflow_text
from clearflow.capacity import Sitting, calling, outlook
from clearflow.capacity._outlook import _arrivals
from clearflow.spec import Calls, Selector, Session
from support import WORKFLOW_2014
from support.capacity import FEES, one_session


def sitting_of(*sessions: Session) -> Sitting:
    """The sessions at one hall, from the first start to the last end."""
    return Sitting(
        date=sessions[0].date,
        start=min(s.start for s in sessions),
        end=max(s.end for s in sessions),
        place="hall",
        sessions=sessions,
        students=sum(s.expected or 0 for s in sessions),
        breaks=(),
        stations=(FEES,),
        visits=((True,) * len(sessions),),
    )


def session(start: int, end: int, expected: int, calls: Calls | None = None) -> Session:
    return Session(
        date=dt.date(2014, 7, 10),
        start=dt.time(start // 60, start % 60),
        end=dt.time(end // 60, end % 60),
        who=Selector(pairs=(("department", ("d" + str(start),)),)),
        expected=expected,
        calls=calls,
    )


def test_written_calls_bring_each_group_within_its_ten_minutes() -> None:
    """``calls: {students: 7, every: 15, from: 9:30}``: the n-th student comes in the 15
    minutes after call n // 7, from 30 minutes into the sitting; the last six at the
    fourth call."""
    called = session(9 * 60, 12 * 60, 27, Calls(students=7, every=15, start=dt.time(9, 30)))
    coming = _arrivals(sitting_of(called), np.random.default_rng(1), 50, "front_loaded", 30.0)
    assert coming.shape == (50, 27)
    calls = 30.0 + 15.0 * (np.arange(27) // 7)
    assert np.all(coming >= calls)
    assert np.all(coming < calls + 15.0)


def test_only_the_sessions_with_calls_are_called() -> None:
    """Of two sessions sharing a morning, the one without ``calls:`` still comes as
    ``arrivals`` says: over its window, front-loaded, up to 30 minutes before its end."""
    free = session(9 * 60, 12 * 60, 40)
    called = session(9 * 60, 12 * 60, 20, Calls(students=20, every=10, start=dt.time(11)))
    coming = _arrivals(sitting_of(free, called), np.random.default_rng(2), 100, "uniform", 30.0)
    assert np.all(coming[:, :40] < 150.0)
    assert coming[:, :40].max() > 100.0  # spread over the window, not called
    assert np.all((coming[:, 40:] >= 120.0) & (coming[:, 40:] < 130.0))


def test_calls_slow_enough_for_the_window_keep_everyone_from_waiting() -> None:
    """One window at exactly 1.5 minutes: six students every ten minutes never wait more
    than the few minutes their own call's students take; all 60 at once wait for long."""
    steady = attrs.evolve(FEES, cv=0.0)
    sitting = one_session(60, steady)
    spaced = attrs.evolve(
        sitting, sessions=(attrs.evolve(sitting.sessions[0], calls=Calls(students=6, every=10)),)
    )
    crowd = attrs.evolve(
        sitting, sessions=(attrs.evolve(sitting.sessions[0], calls=Calls(students=60, every=10)),)
    )
    calm = outlook(spaced, replications=200, search=False)
    rushed = outlook(crowd, replications=200, search=False)
    assert calm.stations[0].wait_p90 <= 6 * 1.5
    assert rushed.stations[0].wait_p90 > 60.0
    assert calm.finish_p90 <= dt.datetime(2014, 7, 10, 10, 50)


def test_what_suggest_proposes_models_the_same_when_written_down() -> None:
    """The suggested calling, written as each session's ``calls:``, gives about the waits
    the suggestion promised (other draws of the same model)."""
    sitting = sitting_of(session(13 * 60, 16 * 60 + 30, 146), session(13 * 60, 16 * 60 + 30, 77))
    found = calling(sitting, max_wait=10.0, replications=400)
    assert found is not None
    written = attrs.evolve(
        sitting,
        sessions=tuple(
            attrs.evolve(s, calls=c)
            for s, c in zip(sitting.sessions, found.session_calls, strict=True)
        ),
    )
    modelled = outlook(written, replications=400, search=False)
    assert abs(modelled.stations[0].wait_p90 - found.wait_p90) < 1.5
    assert abs((modelled.finish_p90 - found.finish_p90).total_seconds()) < 5 * 60


def test_a_session_that_starts_later_is_called_from_its_own_start() -> None:
    """A 9:00 session of 30 and a 10:30 one of 30 at one hall: the first is called in by
    about 10:00, so the second's first call is its own start, not right after."""
    sitting = sitting_of(session(9 * 60, 12 * 60, 30), session(10 * 60 + 30, 12 * 60, 30))
    found = calling(sitting, max_wait=10.0)
    assert found is not None
    assert found.first_calls == (dt.datetime(2014, 7, 10, 9), dt.datetime(2014, 7, 10, 10, 30))
    assert [c.start for c in found.session_calls] == [None, None]  # each from its own start
    assert found.last_call >= dt.datetime(2014, 7, 10, 10, 30)


def test_the_format_reads_calls_and_check_models_them() -> None:
    """``calls:`` as written becomes the session's ``Calls``; the 2014 workflow with one
    written is still ok, and calls too slow for its students warn (CF413)."""
    text = WORKFLOW_2014.read_text(encoding="utf-8").replace(
        "      expected: 338\n",
        '      expected: 338\n      calls: {students: 30, every: 10, from: "9:10"}\n',
        1,
    )
    workflow = load_workflow_text(text)
    assert workflow.schedule is not None
    (written,) = [s for s in workflow.schedule.sessions if s.calls is not None]
    assert written.calls == Calls(students=30, every=10, start=dt.time(9, 10))
    assert written.expected == 338
    assert written.calls.last_minute(written.start, 338) == 9 * 60 + 10 + 11 * 10
    slow = text.replace("calls: {students: 30,", "calls: {students: 5,", 1)
    issues = [i.code for i in inspect_text(slow)[1]]
    assert "CF413" in issues
    assert "CF413" not in [i.code for i in inspect_text(text)[1]]
