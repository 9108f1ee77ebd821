"""Reading a step's ``opens:`` and a deadline's ``closes:`` into the spec."""

from __future__ import annotations

import datetime as dt

from clearflow import inspect_text, load_workflow_text

HEAD = """\
clearflow: 1
id: openings
title: Openings
offices:
  library: Library
facts:
  batch: {type: choice, values: [june, december], en: Batch}
deadlines:
  leave_by: {date: 2018-07-06, closes: procedure, en: Procedure closes}
  books_due: 2018-07-01
prerequisites:
"""


def test_a_plain_opening_is_one_moment_for_everyone_flagged() -> None:
    """A date and time, or a date alone (its start), for everyone, with early: flag."""
    workflow = load_workflow_text(
        HEAD
        + "  - {id: a, office: library, en: A, opens: 2018-06-29 14:00}\n"
        + "  - {id: b, office: library, en: B, opens: 2018-06-29, due: books_due}\n"
    )
    a, b = workflow.steps
    assert a.opens is not None
    assert b.opens is not None
    assert [(r.moment, r.who) for r in a.opens.moments] == [(dt.datetime(2018, 6, 29, 14), None)]
    assert [r.moment for r in b.opens.moments] == [dt.datetime(2018, 6, 29)]
    assert (a.opens.early, b.opens.early) == ("flag", "flag")


def test_an_opening_per_batch_keeps_its_order_and_selectors() -> None:
    """dates: keeps one moment per batch, in file order, each with its who; early: block."""
    workflow = load_workflow_text(
        HEAD
        + """\
  - id: a
    office: library
    en: A
    opens:
      early: block
      dates:
        - {who: {batch: june}, date: 2018-06-25}
        - {date: 2018-12-03 09:00}
"""
    )
    (step,) = workflow.steps
    assert step.opens is not None
    assert step.opens.early == "block"
    assert [rule.moment for rule in step.opens.moments] == [
        dt.datetime(2018, 6, 25),
        dt.datetime(2018, 12, 3, 9),
    ]
    first, second = step.opens.moments
    assert first.who is not None
    assert first.who.pairs == (("batch", ("june",)),)
    assert second.who is None
    assert step.opens.moment_for({"batch": "june"}) == dt.datetime(2018, 6, 25)
    assert step.opens.moment_for({"batch": "december"}) == dt.datetime(2018, 12, 3, 9)


def test_a_step_without_opens_has_none_and_deadlines_close_the_hall_by_default() -> None:
    """No opens: is None; closes defaults to hall, and procedure is read."""
    workflow = load_workflow_text(HEAD + "  - {id: a, office: library, en: A, due: leave_by}\n")
    assert workflow.steps[0].opens is None
    assert {d.id: d.closes for d in workflow.deadlines} == {
        "leave_by": "procedure",
        "books_due": "hall",
    }


def test_an_impossible_date_is_refused_like_a_malformed_one() -> None:
    """2018-02-30 is read as a date and time would be: CF104 with the expected form."""
    _, issues = inspect_text(HEAD + "  - {id: a, office: library, en: A, opens: 2018-02-30}\n")
    assert [issue.text("en") for issue in issues if issue.is_error] == [
        "<string>:12:44: prerequisites[0].opens: expected a date, or a date and time, found "
        "'2018-02-30' (write YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. '2018-06-29 14:00') [CF104]"
    ]
