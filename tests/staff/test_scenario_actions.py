"""Scenario actions that say who acts (``by:``), that they must be refused (``refused:``) and
with which flags they are recorded (``flagged:``): read, run and reported in both languages."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from clearflow import Workflow, WorkflowError, load_workflow
from clearflow._i18n import Message
from clearflow.cohort.staff import load_roster
from clearflow.console.scenario_view import result_line
from clearflow.engine import Action
from clearflow.loading import load_workflow_text
from clearflow.staff._expectations import says
from clearflow.staff._scenario_file import parse_scenario_file
from clearflow.staff.scenario import ScenarioAction, ScenarioResult, run_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "workflows"
WHO = EXAMPLES / "who-may-act.yaml"
STAFF = "staff: who-may-act-staff.csv\nfacts: {school: business, supervisor_id: T0042}\n"
FLAGS_WORKFLOW = """\
clearflow: 1
id: flags
title: {en: Flags}
timezone: Asia/Shanghai
offices:
  library:
    en: Library
    hours: [{days: mon-fri, open: 9:00, close: 17:00}]
deadlines:
  books_due: {date: 2024-06-21, late: flag, en: Books back}
prerequisites:
  - {id: books_returned, office: library, due: books_due, en: Books returned}
stations:
  - {id: desk, office: library, en: Desk}
documents:
  - {id: certificate, office: library, en: Certificate}
"""


@functools.cache
def who_may_act() -> Workflow:
    """The example workflow of two schools, a scoped finance office and a supervisor step."""
    return load_workflow(WHO)


def run(text: str, workflow: Workflow | None = None) -> tuple[ScenarioResult, ...]:
    """Read scenarios beside the who-may-act example (its CSV roster) and run them."""
    workflow = workflow or who_may_act()
    scenarios = parse_scenario_file(
        text, workflow, str(EXAMPLES / "x.scenarios.yaml"), read_staff=load_roster
    )
    return run_file(workflow, scenarios)


def report(text: str, workflow: Workflow | None = None) -> list[tuple[str, str]]:
    """Each scenario's line, and what it missed in Chinese."""
    return [(result_line(result), result.explain("zh")) for result in run(text, workflow)]


def scenario(actions: str, expect: str = "documents: [diploma]") -> str:
    """A file of one scenario with these actions, against the who-may-act roster."""
    return f"{STAFF}scenarios:\n  - name: one\n    actions:\n{actions}    {expect}\n"


def test_actions_read_by_refused_and_flagged() -> None:
    """``by:``, ``refused:`` and ``flagged:`` (a list or one flag) are read onto the action."""
    text = scenario(
        "      - {step: fees_paid, clear: ~, by: F2102, refused: unit}\n"
        "      - {step: thesis_signed, clear: ~, by: T0042, flagged: off_hours}\n"
        "      - {step: registry_desk, clear: ~, flagged: []}\n"
    )
    file = parse_scenario_file(
        text, who_may_act(), str(EXAMPLES / "x.scenarios.yaml"), read_staff=load_roster
    )
    assert file.scenarios[0].actions == (
        ScenarioAction(step="fees_paid", verb=Action.CLEAR, by="F2102", refused="unit"),
        ScenarioAction(step="thesis_signed", verb=Action.CLEAR, by="T0042", flagged=("off_hours",)),
        ScenarioAction(step="registry_desk", verb=Action.CLEAR, flagged=()),
    )


def test_with_a_roster_offices_act_as_their_accounts_and_the_named_person_signs() -> None:
    """Without ``by:``, the scoped finance office acts as its account (for every unit) and the
    supervisor step is signed by the supervisor the student's facts name."""
    assert report(scenario("      - {step: registry_desk, clear: ~}\n")) == [("PASS one", "")]


def test_a_desk_of_another_unit_is_refused_with_its_reason() -> None:
    """The arts desk cannot clear a business student; the scenario goes on as if it had not
    tried, so the finance account clears the step and the diploma is released."""
    actions = "      - {step: fees_paid, clear: ~, by: F2102, refused: \"unit 'business'\"}\n"
    assert report(scenario(actions)) == [("PASS one", "")]


def test_a_refusal_for_another_reason_fails_with_the_reason_given() -> None:
    """The refusal must contain the text: otherwise the line says what the refusal said."""
    actions = "      - {step: thesis_signed, clear: ~, by: T0057, refused: deadline}\n"
    assert report(scenario(actions)) == [
        (
            "FAIL one: action 1 (clear 'thesis_signed') was refused, but not saying 'deadline': "
            "cannot clear 'thesis_signed': only 'T0042' (the student's supervisor) may act for "
            "one (scenario), not 'T0057'",
            "第 1 项操作（clear 'thesis_signed'）被拒绝，但理由不含 'deadline'："
            "无法办结 'thesis_signed'：只有 'T0042'（该生的指导教师）可以为 one (scenario) 办理，"
            "'T0057' 无权办理",
        )
    ]


def test_the_refusal_text_may_be_written_in_chinese() -> None:
    """The text is looked for in the refusal's English and in its Chinese, case ignored."""
    actions = "      - {step: thesis_signed, clear: ~, by: T0057, refused: 只有 'T0042'}\n"
    assert report(scenario(actions)) == [("PASS one", "")]
    said = Message("cannot release")
    assert (says(said, "CANNOT"), says(said, "无法发放"), says(said, "waive")) == (
        True,
        True,
        False,
    )


def test_an_action_expected_to_be_refused_that_is_allowed_fails() -> None:
    """The desk of the student's own school is not refused: the scenario fails saying so."""
    actions = "      - {step: fees_paid, clear: ~, by: F2101, refused: unit}\n"
    assert report(scenario(actions)) == [
        (
            "FAIL one: action 1 (clear 'fees_paid') was not refused "
            "(expected a refusal saying 'unit')",
            "第 1 项操作（clear 'fees_paid'）未被拒绝（应被拒绝，且理由含 'unit'）",
        )
    ]


def test_an_unexpected_refusal_still_stops_the_scenario() -> None:
    """An action refused without ``refused:`` fails the scenario with the refusal, as before."""
    actions = "      - {step: fees_paid, clear: ~, by: R0001}\n"
    assert report(scenario(actions)) == [
        (
            "FAIL one: action 1 (clear 'fees_paid') was refused: cannot clear 'fees_paid': "
            "'R0001' (周红) is on the staff roster for office 'registry'; only staff of office "
            "'finance' may act",
            "第 1 项操作（clear 'fees_paid'）被拒绝：无法办结 'fees_paid'：'R0001'（周红）"
            "在工作人员名册上属于部门 'registry'；只有部门 'finance' 的工作人员可以办理",
        )
    ]


def test_without_a_roster_by_is_recorded_as_given_and_not_checked() -> None:
    """Without ``staff:`` anyone acts, as before: ``by:`` is free text."""
    text = (
        "facts: {school: business, supervisor_id: T0042}\nscenarios:\n  - name: one\n"
        "    actions:\n      - {step: thesis_signed, clear: ~, by: anyone}\n"
        "    documents: [diploma]\n"
    )
    assert report(text) == [("PASS one", "")]


def flags(actions: str) -> list[tuple[str, str]]:
    """The report of one scenario with these actions on a library open 9:00-17:00 on
    weekdays, whose books are due on Friday 2024-06-21 (late: flag)."""
    text = f"scenarios:\n  - name: one\n    actions:\n{actions}    documents: [certificate]\n"
    return report(text, load_workflow_text(FLAGS_WORKFLOW))


@pytest.mark.parametrize(
    ("at", "flagged"),
    [
        ("2024-06-20 10:00", "[]"),
        ("2024-06-20 18:00", "[off_hours]"),
        ("2024-06-24 10:00", "[late]"),
        ("2024-06-22 10:00", "[off_hours, late]"),
    ],
)
def test_flagged_holds_when_the_event_carries_exactly_those_flags(at: str, flagged: str) -> None:
    """In hours and in time no flag; in the evening off_hours; after the due date late; on
    the Saturday after, both (in any order)."""
    action = f"      - {{step: books_returned, clear: ~, at: {at}, flagged: {flagged}}}\n"
    assert flags(action) == [("PASS one", "")]


def test_other_flags_fail_naming_both() -> None:
    """The line names the flags recorded and the ones expected."""
    action = "      - {step: books_returned, clear: ~, at: 2024-06-22 10:00, flagged: [late]}\n"
    assert flags(action) == [
        (
            "FAIL one: action 1 (clear 'books_returned') was flagged [late, off_hours], "
            "expected [late]",
            "第 1 项操作（clear 'books_returned'）的标记为 [late, off_hours]，应为 [late]",
        )
    ]


def test_by_must_be_on_the_roster_or_an_office_account() -> None:
    """With ``staff:``, ``by:`` names a roster id or ``office:<id>`` (CF605)."""
    text = scenario(
        "      - {step: fees_paid, clear: ~, by: 'office:finance'}\n"
        "      - {step: thesis_signed, clear: ~, by: T0024}\n"
    )
    with pytest.raises(WorkflowError) as caught:
        run(text)
    assert [str(issue) for issue in caught.value.issues] == [
        f"{EXAMPLES / 'x.scenarios.yaml'}:7:45: scenarios[0].actions[1].by: 'T0024' is not on "
        "the staff roster 'who-may-act-staff.csv' (did you mean 'T0042'?) [CF605]"
    ]
