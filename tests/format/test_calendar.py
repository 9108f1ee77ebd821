"""The top-level ``calendar:``: extra closed and working days, read as dates, located."""

from __future__ import annotations

import datetime as dt

import pytest

from clearflow import WorkflowError, load_workflow_text
from clearflow.spec import Calendar

VALID = """\
clearflow: 1
id: mini
title: {en: Mini}
offices:
  finance: {zh: 计财处, en: Finance Office}
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid}
"""


def test_the_calendar_is_read_as_sorted_dates_without_repeats() -> None:
    """Both lists become tuples of dates, in order, each day once."""
    text = (
        VALID
        + "calendar:\n  closed: [2014-07-09, 2014-07-08, 2014-07-09]\n  working: [2014-06-02]\n"
    )
    workflow = load_workflow_text(text)
    assert workflow.calendar == Calendar(
        closed=(dt.date(2014, 7, 8), dt.date(2014, 7, 9)), working=(dt.date(2014, 6, 2),)
    )


def test_no_calendar_is_an_empty_one() -> None:
    """A workflow without ``calendar:`` overrides nothing."""
    assert load_workflow_text(VALID).calendar == Calendar()


def test_a_bad_date_or_key_in_the_calendar_is_located() -> None:
    """A value that is not a date, and a key the calendar does not have, are errors."""
    text = VALID + "calendar:\n  closed: [2014-07-32]\n  open: [2014-07-12]\n"
    with pytest.raises(WorkflowError) as caught:
        load_workflow_text(text, "w.yaml")
    lines = [str(issue) for issue in caught.value.issues]
    assert len(lines) == 2
    assert lines[0].startswith("w.yaml:9:12: calendar.closed[0]: ")
    assert lines[1] == (
        "w.yaml:10:3: calendar.open: unknown key 'open' (known keys: closed, working) [CF101]"
    )
