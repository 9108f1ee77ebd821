"""The rules digest: edits that cannot change a case keep it; rule edits change it."""

from __future__ import annotations

import re

import attrs
import pytest

from clearflow import load_workflow, load_workflow_text
from clearflow.spec import rules_digest
from support import WORKFLOW_2014

TEXT = WORKFLOW_2014.read_text(encoding="utf-8")
ROOT = WORKFLOW_2014.parents[1]
FINANCE_HOURS = """  finance:
    zh: 计财处
    en: Finance Office
    hours: [{open: 8:30, close: 17:30}]"""
SESSION_END = (
    "      end: 12:00\n      who: {program: higher_vocational, department: urban_rural_planning}"
)


def digest(text: str) -> str:
    """The rules digest of a workflow text."""
    return load_workflow_text(text, "gyvtc-2014.yaml").digest


def test_the_digest_is_a_sha256_in_hex() -> None:
    """The digest is 64 lowercase hex digits and the same on every load."""
    first = digest(TEXT)
    assert re.fullmatch("[0-9a-f]{64}", first)
    assert first == digest(TEXT)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("# Graduate clearance", "# Graduate clearance, edited"),
        ("en: Finance Office}", "en: Finance and Accounts Office}"),
        ("expected: 474", "expected: 480"),
        ("count: 1714", "count: 1715"),
        ("zh: 图书馆一楼大厅", "zh: 图书馆二楼大厅"),
        ("\nlanguage: zh", "\nlanguage: en"),
        (
            "\nlanguage: zh",
            "\nlanguage: zh\ncalendar: {closed: [2014-07-08], working: [2014-07-12]}",
        ),
    ],
    ids=[
        "comment",
        "office label",
        "session headcount",
        "cohort count",
        "place",
        "language",
        "calendar",
    ],
)
def test_edits_that_cannot_change_a_case_keep_the_digest(old: str, new: str) -> None:
    """Comments, labels, the schedule, the cohort and the language are not rules: cases keep
    running."""
    assert old in TEXT
    assert digest(TEXT.replace(old, new, 1)) == digest(TEXT)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("date: 2014-07-04\n    late: block", "date: 2014-07-05\n    late: block"),
        ("    late: block\n", "    late: flag\n"),
        ("when: household_moving", "when: {not: household_moving}"),
        ("    office: finance\n    due: fees_due", "    office: student_aid\n    due: fees_due"),
        ("timezone: Asia/Shanghai", "timezone: Asia/Chongqing"),
        ("held_by_branch:", "held_by_ninth_branch:"),
        ("    office: library\n", "    office: library\n    opens: 2014-06-28 14:00\n"),
    ],
    ids=[
        "deadline date",
        "late policy",
        "document condition",
        "step office",
        "time zone",
        "outcome id",
        "opening",
    ],
)
def test_rule_edits_change_the_digest(old: str, new: str) -> None:
    """Dates, policies, conditions, offices of steps, the zone, outcomes, openings and what a
    deadline closes are rules."""
    assert old in TEXT
    edited = TEXT.replace(old, new, 1)
    assert digest(edited) != digest(TEXT)


OPENING = TEXT.replace(
    "    office: library\n", "    office: library\n    opens: 2014-06-28 14:00\n", 1
)


@pytest.mark.parametrize(
    "new",
    [
        "    opens: 2014-06-28 14:30\n",
        "    opens: {date: 2014-06-28 14:00, early: block}\n",
        "    opens: {dates: [{who: {party_member: true}, date: 2014-06-28 14:00}]}\n",
    ],
    ids=["moment", "early policy", "batch"],
)
def test_opening_edits_change_the_digest(new: str) -> None:
    """An opening's moment, its early policy and whom it selects are rules."""
    edited = OPENING.replace("    opens: 2014-06-28 14:00\n", new, 1)
    assert digest(edited) != digest(OPENING)


def test_default_values_written_out_keep_the_digest() -> None:
    """'early: flag' and 'closes: hall' are the defaults: writing them changes nothing."""
    flagged = OPENING.replace(
        "opens: 2014-06-28 14:00", "opens: {date: 2014-06-28 14:00, early: flag}"
    )
    assert digest(flagged) == digest(OPENING)
    closing = TEXT.replace("    late: block\n", "    late: block\n    closes: hall\n", 1)
    assert digest(closing) == digest(TEXT)


def test_closing_the_procedure_changes_the_digest() -> None:
    """'closes: procedure' changes what a deadline means: it is a rule."""
    workflow = load_workflow_text(TEXT, "gyvtc-2014.yaml")
    closing = tuple(attrs.evolve(d, closes="procedure") for d in workflow.deadlines)
    assert rules_digest(attrs.evolve(workflow, deadlines=closing)) != workflow.digest


def test_advice_on_the_order_is_not_in_the_digest() -> None:
    """``advised_after:`` changes what a student is told, never what an action does: adding
    advice keeps the digest, while the same step in ``after:`` changes it."""
    target = "  - id: library_cleared\n"
    assert target in TEXT
    advised = TEXT.replace(target, target + "    advised_after: [finance_cleared]\n", 1)
    ruled = TEXT.replace(target, target + "    after: [finance_cleared]\n", 1)
    assert digest(advised) == digest(TEXT)
    assert digest(ruled) != digest(TEXT)


def test_a_workflow_without_hours_keeps_its_digest() -> None:
    """Hours are hashed only when written: a workflow with none keeps the digest it had before
    hours were rules (recorded from the release before)."""
    workflow = load_workflow(ROOT / "examples" / "workflows" / "outcomes.yaml")
    assert workflow.digest == "f596506029ae416beb4e48e855008dcc5b05539315b51eb5f28b06662f46da3f"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    - {open: 9:00, close: 16:30}\n", "    - {open: 9:00, close: 17:00}\n"),
        ("breaks: [{start: 12:00, end: 13:00}]", "breaks: [{start: 12:00, end: 13:30}]"),
        ("until: 2014-07-11,", "until: 2014-07-10,"),
        ("  own_session: block\n", "  own_session: flag\n"),
        ("  own_session: block\n", ""),
        ("  own_session: block\n", "  own_session: block\n  off_hours: block\n"),
        (SESSION_END, SESSION_END.replace("12:00", "11:30")),
        ("  finance: {zh: 计财处, en: Finance Office}", FINANCE_HOURS),
        (
            "    office: finance\n    due: fees_due",
            "    office: finance\n    off_hours: block\n    due: fees_due",
        ),
    ],
    ids=[
        "hall hours",
        "break",
        "date range",
        "own session policy",
        "own session removed",
        "hall policy",
        "session end",
        "office hours",
        "step policy",
    ],
)
def test_hours_and_their_policies_are_rules(old: str, new: str) -> None:
    """Hall and office hours, breaks, dates, off_hours and own_session, and (with own_session)
    the sessions' times change the digest."""
    assert old in TEXT
    edited = TEXT.replace(old, new, 1)
    assert digest(edited) != digest(TEXT)


def test_the_hall_policy_written_as_its_default_keeps_the_digest() -> None:
    """``off_hours: flag`` is the default: writing it on the schedule changes nothing."""
    edited = TEXT.replace("  own_session: block\n", "  own_session: block\n  off_hours: flag\n")
    assert digest(edited) == digest(TEXT)


def test_sessions_are_not_rules_without_own_session() -> None:
    """Stations not tied to sessions: moving a session keeps the digest."""
    untied = TEXT.replace("  own_session: block\n", "", 1)
    moved = untied.replace(SESSION_END, SESSION_END.replace("12:00", "11:30"), 1)
    assert digest(moved) == digest(untied)
