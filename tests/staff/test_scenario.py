"""Scenario tests: reading a scenarios file, running it on the engine, reporting like a runner."""

from __future__ import annotations

import datetime as dt
import functools
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from clearflow import Workflow, WorkflowError, load_workflow
from clearflow.cli import main
from clearflow.cohort.staff import load_roster
from clearflow.console.scenario_view import render_results, result_line, tally
from clearflow.engine._engine import Engine
from clearflow.format._workflow import build_workflow
from clearflow.format._yaml import parse
from clearflow.staff._scenario_file import parse_scenarios, read_scenario_file, read_scenarios
from clearflow.staff.scenario import (
    ScenarioResult,
    default_moment,
    run_file,
    run_scenario,
    run_scenarios,
    sidecar_path,
)
from support import WORKFLOW_2014, ZONE, engine_2014, workflow_2014
from support.shipped import SHIPPED

ROOT = Path(__file__).resolve().parents[2]
SIDECAR_2014 = ROOT / "workflows" / "gyvtc-2014.scenarios.yaml"
FIXTURE_WORKFLOW = Path(__file__).parents[1] / "fixtures" / "scenarios" / "workflow.yaml"
SHARED = "facts: {program: bachelor, credits_complete: true}\nscenarios:\n"


@functools.cache
def fixture_workflow() -> Workflow:
    """The small workflow of tests/fixtures/scenarios/."""
    return load_workflow(FIXTURE_WORKFLOW)


def run(text: str, workflow: Workflow | None = None) -> tuple[ScenarioResult, ...]:
    """Read scenarios from text against a workflow (the fixture one by default) and run them."""
    workflow = workflow or fixture_workflow()
    return run_scenarios(Engine(workflow), parse_scenarios(text, workflow, "scenarios.yaml"))


def lines(text: str, workflow: Workflow | None = None) -> list[str]:
    """The report lines for some scenarios, as `clearflow test` prints them."""
    results = run(text, workflow)
    return [result_line(result) for result in results] + [tally(results)]


def problems(text: str) -> list[str]:
    """The located errors reading scenarios from text against the fixture workflow."""
    with pytest.raises(WorkflowError) as caught:
        parse_scenarios(text, fixture_workflow(), "scenarios.yaml")
    return [str(issue) for issue in caught.value.issues]


# -- the shipped scenarios -------------------------------------------------------


def test_2014_scenarios_pass() -> None:
    """Every scenario shipped for the 2014 workflow passes."""
    results = run_scenarios(engine_2014(), read_scenarios(SIDECAR_2014, workflow_2014()))
    assert [result.failures for result in results if not result.passed] == []
    assert len(results) >= 10


def test_2014_scenarios_cover_every_document_rule() -> None:
    """Each document, both certificates of the group, and the letter's absence are expected."""
    scenarios = read_scenarios(SIDECAR_2014, workflow_2014())
    expected = {name for scenario in scenarios for name in scenario.documents or ()}
    assert expected == {document.id for document in workflow_2014().documents}
    held = [
        scenario
        for scenario in scenarios
        if any(action.text == "held_by_branch" for action in scenario.actions)
    ]
    assert held
    assert all("membership_transfer_letter" not in (s.documents or ("x",)) for s in held)
    assert any(s.facts.get("program") == "secondary_vocational" for s in scenarios)
    assert any(s.stops_at and s.blocked_by for s in scenarios)


@pytest.mark.parametrize(
    "path",
    [path for path in SHIPPED if sidecar_path(path).exists()],
    ids=lambda path: path.name,
)
def test_shipped_sidecars_pass(path: Path) -> None:
    """Every scenarios file beside a shipped workflow passes."""
    workflow = load_workflow(path)
    scenarios = read_scenario_file(sidecar_path(path), workflow, read_staff=load_roster)
    results = run_file(workflow, scenarios)
    assert [result_line(result) for result in results if not result.passed] == []


def test_sidecar_path() -> None:
    """A workflow's scenarios sit beside it: x.yaml -> x.scenarios.yaml."""
    assert sidecar_path("workflows/gyvtc-2014.yaml") == Path("workflows/gyvtc-2014.scenarios.yaml")


def test_default_moment_is_the_day_before_the_first_deadline() -> None:
    """Offices act at 9:00 the day before the student's earliest due date (2014-07-04)."""
    moment = default_moment(engine_2014(), {"program": "higher_vocational"})
    assert moment == dt.datetime(2014, 7, 3, 9, 0, tzinfo=ZONE)


def test_default_moment_without_deadlines() -> None:
    """Without deadlines the fixture workflow's offices act on 2000-01-01 (no date given)."""
    assert default_moment(Engine(fixture_workflow()), {}).date() == dt.date(2000, 1, 1)


# -- clearflow test ---------------------------------------------------------------


def test_command_reports_like_a_test_runner() -> None:
    """One PASS line per scenario, then 'N passed, 0 failed'; exit 0."""
    result = CliRunner().invoke(main, ["test", str(WORKFLOW_2014)])
    assert result.exit_code == 0
    output = result.output.splitlines()
    count = len(read_scenarios(SIDECAR_2014, workflow_2014()))
    assert output[0] == "PASS A student who can graduate gets the graduation certificate"
    assert all(line.startswith("PASS ") for line in output[:-1])
    assert output[-1] == f"{count} passed, 0 failed"
    assert len(output) == count + 1


def test_command_shows_chinese_names() -> None:
    """--lang zh names each scenario in Chinese, after the verdict 通过."""
    result = CliRunner().invoke(main, ["test", str(WORKFLOW_2014), "--lang", "zh"])
    assert result.output.splitlines()[0] == "通过 能按时毕业的学生领取毕业证书"


def test_command_fails_with_the_difference(tmp_path: Path) -> None:
    """A failing scenario prints FAIL with what differed, and the command exits 1."""
    scenarios = tmp_path / "s.yaml"
    scenarios.write_text(
        SHARED
        + "  - {name: Passes, documents: [graduation_certificate, degree_certificate]}\n"
        + "  - {name: Wrong, documents: [graduation_certificate]}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["test", str(FIXTURE_WORKFLOW), "--scenarios", str(scenarios)]
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "PASS Passes",
        "FAIL Wrong: expected documents [graduation_certificate], "
        "got [graduation_certificate, degree_certificate] (unexpected degree_certificate)",
        "1 passed, 1 failed",
    ]


def test_command_without_a_scenarios_file(tmp_path: Path) -> None:
    """No sidecar and no --scenarios: a located CF001 error on stderr, exit 1."""
    workflow = tmp_path / "w.yaml"
    workflow.write_text(FIXTURE_WORKFLOW.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["test", str(workflow)])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"{tmp_path / 'w.scenarios.yaml'}:1:1: no such file (check the path) [CF001]\n"
    )


def test_command_reports_errors_in_the_scenarios_file(tmp_path: Path) -> None:
    """A scenarios file with errors runs nothing: every error is printed, exit 1."""
    scenarios = tmp_path / "s.yaml"
    scenarios.write_text(SHARED + "  - {name: A, documents: [diploma]}\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["test", str(FIXTURE_WORKFLOW), "--scenarios", str(scenarios)]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "unknown document 'diploma'" in result.stderr


def test_check_reads_a_sidecar_against_its_workflow(tmp_path: Path) -> None:
    """`clearflow check` checks x.scenarios.yaml against x.yaml, so a glob over a folder works."""
    result = CliRunner().invoke(main, ["check", str(SIDECAR_2014)])
    count = len(read_scenarios(SIDECAR_2014, workflow_2014()))
    assert (result.exit_code, result.output) == (0, f"{SIDECAR_2014}: ok ({count} scenarios)\n")
    workflow = tmp_path / "w.yaml"
    workflow.write_text(FIXTURE_WORKFLOW.read_text(encoding="utf-8"), encoding="utf-8")
    sidecar = tmp_path / "w.scenarios.yaml"
    sidecar.write_text(SHARED + "  - {name: A, passes: [fees_paid]}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(sidecar)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{sidecar}:3:24: scenarios[0].passes[0]: 'fees_paid' is a prerequisite, not a station "
        "(known stations: certificate_handed, checklist_issued) [CF601]"
    )


def test_renderer_colours_pass_and_fail() -> None:
    """The Rich renderer prints the same lines; PASS is green and FAIL red on a terminal."""
    results = run(
        SHARED
        + "  - {name: A, documents: [graduation_certificate, degree_certificate]}\n"
        + "  - {name: B, passes: []}\n"
    )
    plain = io.StringIO()
    Console(file=plain, width=200).print(render_results(results))
    assert plain.getvalue().splitlines()[-1] == "1 passed, 1 failed"
    coloured = io.StringIO()
    Console(file=coloured, width=200, force_terminal=True).print(render_results(results))
    assert "\x1b[32mPASS\x1b[0m A" in coloured.getvalue()
    assert "\x1b[1;31mFAIL\x1b[0m B" in coloured.getvalue()


# -- what a run does and how failures read ------------------------------------------


def test_documents_missing_and_unexpected() -> None:
    """The difference names what is missing and what is unexpected."""
    assert lines(
        SHARED + "  - {name: A, documents: [completion_certificate, transfer_letter]}\n"
    ) == [
        "FAIL A: expected documents [completion_certificate, transfer_letter], "
        "got [graduation_certificate, degree_certificate] (missing completion_certificate, "
        "transfer_letter; unexpected graduation_certificate, degree_certificate)",
        "0 passed, 1 failed",
    ]


def test_documents_when_the_student_stops() -> None:
    """A student who never gets documents is reported with where they stopped."""
    text = SHARED + (
        "  - name: A\n"
        "    actions: [{step: books_returned, refuse: 2 books not returned}]\n"
        "    documents: [graduation_certificate]\n"
    )
    assert lines(text)[0] == (
        "FAIL A: expected documents [graduation_certificate], got [] "
        "(stopped at preparing, blocked by books_returned)"
    )


def test_stop_blockers_and_passes_that_hold() -> None:
    """A refusal at a station stops the student there, after the stations before it."""
    text = SHARED + (
        "  - name: Refused at the last station\n"
        "    actions: [{step: certificate_handed, refuse: photo missing}]\n"
        "    stops_at: certificate_handed\n"
        "    blocked_by: [certificate_handed]\n"
        "    passes: [checklist_issued]\n"
        "  - name: Refused before the hall\n"
        "    actions: [{step: fees_paid, refuse: tuition unpaid}]\n"
        "    stops_at: fees_paid\n"
        "    blocked_by: [fees_paid]\n"
    )
    assert lines(text) == [
        "PASS Refused at the last station",
        "PASS Refused before the hall",
        "2 passed, 0 failed",
    ]


def test_stop_blockers_and_passes_that_fail() -> None:
    """Each missed expectation is listed, separated by '; '."""
    text = SHARED + (
        "  - name: A\n"
        "    stops_at: books_returned\n"
        "    blocked_by: [books_returned]\n"
        "    passes: [checklist_issued]\n"
    )
    assert lines(text)[0] == (
        "FAIL A: expected to stop at books_returned, got released; "
        "expected blocked by [books_returned], got []; "
        "expected passes [checklist_issued], got [checklist_issued, certificate_handed]"
    )


def test_a_failing_scenario_reads_in_chinese() -> None:
    """What a scenario missed is worded from the catalogue; the ids stay as written."""
    text = SHARED + (
        "  - name: A\n"
        "    stops_at: books_returned\n"
        "    blocked_by: [books_returned]\n"
        "  - name: B\n"
        "    actions: [{step: books_returned, refuse: 2 books not returned}]\n"
        "    documents: [graduation_certificate]\n"
        "  - {name: C, documents: [completion_certificate]}\n"
    )
    first, second, third = run(text)
    assert first.explain("zh") == (
        "应停在 books_returned，实际已发放证书；应受阻于 [books_returned]，实际为 []"
    )
    assert result_line(second, "zh") == (
        "未通过 B：应发放 [graduation_certificate]，实际为 []"
        "（停在 preparing，受阻于 books_returned）"
    )
    assert third.explain("zh") == (
        "应发放 [completion_certificate]，实际为 [graduation_certificate, degree_certificate]"
        "（缺少 completion_certificate；多出 graduation_certificate, degree_certificate）"
    )
    assert str(first.failures[0]) == "expected to stop at books_returned, got released"


def test_action_in_the_wrong_order_fails() -> None:
    """An action the procedure refuses fails the scenario, saying why."""
    text = SHARED + (
        "  - name: A\n"
        "    actions:\n"
        "      - {step: checklist_issued, clear: ~}\n"
        "      - {step: books_returned, refuse: 2 books not returned}\n"
        "    documents: []\n"
    )
    assert lines(text)[0] == (
        "FAIL A: action 1 (clear 'checklist_issued') was refused: "
        "cannot clear 'checklist_issued' yet: prerequisites: books_returned"
    )


def test_outcomes_waivers_and_second_visits() -> None:
    """Actions clear with an outcome, waive, and refuse then clear on a second visit."""
    text = SHARED + (
        "  - name: Letter\n"
        "    facts: {party_member: true}\n"
        "    actions: [{step: membership_moved, clear: transferred}]\n"
        "    documents: [graduation_certificate, degree_certificate, transfer_letter]\n"
        "  - name: Held\n"
        "    facts: {party_member: true}\n"
        "    actions: [{step: membership_moved, clear: held}]\n"
        "    documents: [graduation_certificate, degree_certificate]\n"
        "  - name: Waived and revisited\n"
        "    actions:\n"
        "      - {step: fees_paid, waive: hardship grant}\n"
        "      - {step: books_returned, refuse: 2 books, at: 2024-06-01 10:00}\n"
        "      - {step: books_returned, clear: ~, at: 2024-06-02 10:00}\n"
        "    passes: [checklist_issued, certificate_handed]\n"
    )
    assert lines(text)[-1] == "3 passed, 0 failed"


def test_late_clearance_blocked_by_a_deadline() -> None:
    """With 'at:' after a blocking deadline, the step stays open and the student stops."""
    scenario = parse_scenarios(
        "facts: {program: higher_vocational, campus: main, department: tourism, "
        "credits_complete: true}\n"
        "scenarios:\n"
        "  - {name: Late, at: 2014-07-05 10:00, stops_at: preparing}\n",
        workflow_2014(),
    )[0]
    outcome = run_scenario(engine_2014(), scenario)
    assert (outcome.phase, outcome.blocked_by) == ("preparing", ("finance_cleared",))


def test_release_refused_is_reported() -> None:
    """A release the engine refuses stops the student at ready, saying why.

    The checks refuse such a workflow when it loads; it is built without them here to
    show that a scenario still reports, rather than crashes, if one slips through.
    """
    text = FIXTURE_WORKFLOW.read_text(encoding="utf-8").replace(
        "when: {not: credits_complete}", "when: false"
    )
    workflow, issues = build_workflow(parse(text))
    assert workflow is not None
    assert issues == []
    scenarios = (
        "facts: {program: bachelor, credits_complete: false}\n"
        "scenarios:\n  - {name: A, stops_at: released}\n"
    )
    assert lines(scenarios, workflow)[0] == (
        "FAIL A: expected to stop at released, got stopped at ready: cannot release: group "
        "'certificate' must give exactly one document, the rules give none"
    )


# -- located errors -------------------------------------------------------------------


def test_facts_are_typed_by_the_workflow() -> None:
    """Unknown facts, wrong values and missing facts are located, like a student file's."""
    assert problems(
        "facts: {program: master, credits_complete: yes, partymember: true}\n"
        "scenarios:\n  - {name: A, documents: []}\n"
    ) == [
        "scenarios.yaml:1:18: facts.program: fact 'program' has no value 'master' "
        "(known values: associate, bachelor) [CF205]",
        "scenarios.yaml:1:44: facts.credits_complete: expected true or false, found 'yes' "
        "(write 'true' or 'false') [CF104]",
        "scenarios.yaml:1:49: facts.partymember: unknown fact 'partymember' "
        "(did you mean 'party_member'?) [CF202]",
    ]


def test_missing_fact() -> None:
    """A fact without a default that neither the scenario nor the shared facts give."""
    assert problems("scenarios:\n  - {name: A, facts: {program: bachelor}, documents: []}\n") == [
        "scenarios.yaml:2:22: scenarios[0].facts: missing fact 'credits_complete' "
        "(add 'credits_complete:' to the scenario's or the shared facts; "
        "the workflow gives it no default) [CF102]"
    ]


def test_shape_errors() -> None:
    """Unknown keys, an action with two verbs and a bad time are located."""
    assert problems(
        SHARED + "  - name: A\n"
        "    document: []\n"
        "    actions: [{step: fees_paid, clear: ~, refuse: x}]\n"
        "    at: tomorrow\n"
        "    passes: []\n"
    ) == [
        "scenarios.yaml:4:5: scenarios[0].document: unknown key 'document' "
        "(did you mean 'documents'?) [CF101]",
        "scenarios.yaml:5:15: scenarios[0].actions[0]: an action needs exactly one of clear, "
        "refuse or waive (e.g. {step: library_cleared, refuse: 2 books not returned}) [CF102]",
        "scenarios.yaml:6:9: scenarios[0].at: expected a date and time, found 'tomorrow' "
        "(write YYYY-MM-DD HH:MM, e.g. '2014-07-10 10:42') [CF104]",
    ]
