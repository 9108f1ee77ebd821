"""CF411: a step that opens too late for a session whose students need it."""

from __future__ import annotations

from clearflow import inspect_text
from clearflow.errors import Severity

HEAD = """\
clearflow: 1
id: windows
title: Windows
offices:
  finance: Finance Office
  registry: Registry
facts:
  batch: {type: choice, en: Batch, values: {june: June, december: December}}
"""


def cf411(text: str) -> list[tuple[str, Severity]]:
    """The CF411 issues of a workflow text: message and severity."""
    _, issues = inspect_text(HEAD + text, "w.yaml")
    errors = [i for i in issues if i.code != "CF411" and i.severity is Severity.ERROR]
    assert errors == [], errors  # the text loads and is checked, so an empty answer means something
    return [(str(issue.message), issue.severity) for issue in issues if issue.code == "CF411"]


def sessions(*rows: str) -> str:
    return "schedule:\n  sessions:\n" + "".join(f"    - {row}\n" for row in rows)


def prerequisite(opens: str) -> str:
    return (
        f"prerequisites:\n  - {{id: fees_paid, office: finance, en: Fees paid, opens: {opens}}}\n"
    )


def station(opens: str) -> str:
    return f"stations:\n  - {{id: desk, office: registry, en: Desk, opens: {opens}}}\n"


def test_a_prerequisite_may_open_up_to_the_sessions_start() -> None:
    text = prerequisite("2018-07-05 09:00") + sessions(
        "{date: 2018-07-05, start: 9:00, end: 12:00, who: {}}"
    )
    assert cf411(text) == []


def test_a_prerequisite_opening_after_the_start_blocks_or_flags_as_its_policy_says() -> None:
    row = "{date: 2018-07-05, start: 9:00, end: 12:00, who: {}}"
    message = (
        "session on 2018-07-05 for everyone starts at 09:00, before step 'fees_paid' opens "
        "(2018-07-05 09:30)"
    )
    flagged = cf411(prerequisite("2018-07-05 09:30") + sessions(row))
    blocked = cf411(prerequisite("{date: 2018-07-05 09:30, early: block}") + sessions(row))
    assert flagged == [(message, Severity.WARNING)]
    assert blocked == [(message, Severity.ERROR)]


def test_a_station_may_open_during_the_session_but_not_at_its_end() -> None:
    row = "{date: 2018-07-05, start: 9:00, end: 12:00, who: {}}"
    assert cf411(station("2018-07-05 11:00") + sessions(row)) == []
    assert cf411(station("2018-07-05 12:00") + sessions(row)) == [
        (
            "session on 2018-07-05 for everyone ends at 12:00, before step 'desk' opens "
            "(2018-07-05 12:00)",
            Severity.WARNING,
        )
    ]


def test_each_batch_is_checked_against_its_own_opening_only() -> None:
    opens = "{dates: [{who: {batch: june}, date: 2018-06-01}, {date: 2018-12-20}], early: block}"
    june = "{date: 2018-07-05, start: 9:00, end: 12:00, who: {batch: june}}"
    december = "{date: 2018-12-18, start: 9:00, end: 12:00, who: {batch: december}}"
    everyone = "{date: 2018-07-06, start: 9:00, end: 12:00, who: {}}"
    assert cf411(prerequisite(opens) + sessions(june)) == []
    found = cf411(prerequisite(opens) + sessions(june, december, everyone))
    assert [severity for _, severity in found] == [Severity.ERROR, Severity.ERROR]
    assert "2018-12-18 for December" in found[0][0]
    assert "(2018-12-20)" in found[1][0]
    assert "2018-07-06 for everyone" in found[1][0]


def test_a_step_that_does_not_apply_to_the_sessions_students_is_not_reported() -> None:
    step = (
        "prerequisites:\n"
        "  - {id: fees_paid, office: finance, en: Fees paid, when: {fact: batch, is: december},"
        " opens: 2018-12-01}\n"
    )
    june = "{date: 2018-07-05, start: 9:00, end: 12:00, who: {batch: june}}"
    december = "{date: 2018-11-30, start: 9:00, end: 12:00, who: {batch: december}}"
    assert cf411(step + sessions(june)) == []
    assert len(cf411(step + sessions(december))) == 1
