"""A scenarios file's staff roster (``staff: FILE``): found beside the file, read by the
caller's reader with its own located errors, and checked and run by the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from clearflow import WorkflowError, load_workflow
from clearflow.cli import main
from clearflow.cohort.staff import load_roster
from clearflow.staff._scenario_file import read_scenario_file, read_scenarios
from clearflow.staff.checking import check_file

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "scenarios"
EXAMPLES = ROOT / "examples" / "workflows"
BODY = (
    "facts: {program: associate, credits_complete: true}\nscenarios:\n"
    "  - name: The finance desk clears the fees\n    actions:\n"
    "      - {step: fees_paid, clear: ~, by: F001}\n    documents: [graduation_certificate]\n"
)


def scenarios_file(folder: Path, staff: str, roster: tuple[str, str] | None = None) -> Path:
    """A copy of the fixture workflow in ``folder``, its scenarios naming ``staff``, and the
    roster file (name, text) if given."""
    shutil.copy(FIXTURES / "workflow.yaml", folder / "workflow.yaml")
    if roster is not None:
        (folder / roster[0]).parent.mkdir(parents=True, exist_ok=True)
        (folder / roster[0]).write_text(roster[1], encoding="utf-8")
    path = folder / "workflow.scenarios.yaml"
    path.write_text(f"staff: {staff}\n{BODY}", encoding="utf-8")
    return path


def test_without_staff_there_is_no_roster() -> None:
    """A file without ``staff:`` runs as before: no roster, anyone acts."""
    path = ROOT / "workflows" / "gyvtc-2014.scenarios.yaml"
    file = read_scenario_file(path, load_workflow(ROOT / "workflows" / "gyvtc-2014.yaml"))
    assert (file.staff, file.roster, len(file.scenarios)) == (None, None, 15)


def test_the_roster_path_is_resolved_beside_the_scenarios_file(tmp_path: Path) -> None:
    """A roster in a subfolder is named from the scenarios file's folder, not the current one."""
    roster = "staff:\n  F001: {name: 李明, office: finance}\n"
    path = scenarios_file(tmp_path, "rosters/staff.yaml", ("rosters/staff.yaml", roster))
    file = read_scenario_file(path, load_workflow(tmp_path / "workflow.yaml"))
    assert file.staff == tmp_path / "rosters" / "staff.yaml"
    assert file.roster is not None
    assert [(member.id, member.name) for member in file.roster.members] == [("F001", "李明")]
    assert file.scenarios[0].actions[0].by == "F001"


def test_a_table_needs_the_table_reader(tmp_path: Path) -> None:
    """Without a reader, a CSV roster is CF604 naming the one to give; with it, it is read."""
    roster = "工号,姓名,部门\nF001,李明,finance\n"
    path = scenarios_file(tmp_path, "staff.csv", ("staff.csv", roster))
    workflow = load_workflow(tmp_path / "workflow.yaml")
    with pytest.raises(WorkflowError) as caught:
        read_scenarios(path, workflow)
    assert [str(issue) for issue in caught.value.issues] == [
        f"{path}:1:8: staff: cannot read the staff roster 'staff.csv' (a staff table is read by "
        "clearflow.cohort.load_roster (pass read_staff=load_roster), or write the roster in "
        "YAML) [CF604]"
    ]
    assert [issue.text("zh") for issue in caught.value.issues] == [
        f"{path}:1:8: staff：无法读取工作人员名册 'staff.csv'（工作人员名册表格（CSV 或 xlsx）由 "
        "clearflow.cohort.load_roster 读取（传入 read_staff=load_roster），或将名册写成 YAML）"
        "[CF604]"
    ]
    file = read_scenario_file(path, workflow, read_staff=load_roster)
    assert file.roster is not None
    assert [member.id for member in file.roster.members] == ["F001"]


def test_a_roster_with_problems_reports_its_own_located_issues(tmp_path: Path) -> None:
    """The roster's errors are listed with the scenarios file's, at the roster's lines."""
    roster = "工号,姓名,部门\nF001,李明,finace\n"
    path = scenarios_file(tmp_path, "staff.csv", ("staff.csv", roster))
    with pytest.raises(WorkflowError) as caught:
        read_scenarios(path, load_workflow(tmp_path / "workflow.yaml"), read_staff=load_roster)
    assert [(issue.source, issue.line, issue.code) for issue in caught.value.issues] == [
        (str(tmp_path / "staff.csv"), 2, "CF718")
    ]


def test_a_yaml_roster_with_problems_reports_its_lines(tmp_path: Path) -> None:
    """A YAML roster's unknown office is CF201 at its own line."""
    roster = "staff:\n  F001: {name: 李明, office: finace}\n"
    path = scenarios_file(tmp_path, "staff.yaml", ("staff.yaml", roster))
    with pytest.raises(WorkflowError) as caught:
        read_scenarios(path, load_workflow(tmp_path / "workflow.yaml"))
    assert [(issue.source, issue.line, issue.code) for issue in caught.value.issues] == [
        (str(tmp_path / "staff.yaml"), 2, "CF201")
    ]


def test_check_reads_the_roster_with_the_reader_given() -> None:
    """check_file passes its reader on: the who-may-act scenarios (a CSV roster) check clean
    with the table reader, and without it report CF604."""
    path = EXAMPLES / "who-may-act.scenarios.yaml"
    checked = check_file(path, read_staff=load_roster)
    assert (checked.is_valid, checked.issues, len(checked.scenarios or ())) == (True, (), 7)
    assert [issue.code for issue in check_file(path).issues] == ["CF604"]


def test_the_command_line_checks_and_runs_scenarios_with_a_table_roster() -> None:
    """``clearflow check`` and ``clearflow test`` read a CSV roster named by ``staff:``."""
    runner = CliRunner()
    path = EXAMPLES / "who-may-act.scenarios.yaml"
    checked = runner.invoke(main, ["check", "--lang", "en", str(path)])
    assert (checked.exit_code, checked.output) == (0, f"{path}: ok (7 scenarios)\n")
    tested = runner.invoke(main, ["test", "--lang", "en", str(EXAMPLES / "who-may-act.yaml")])
    assert tested.exit_code == 0
    assert tested.output.splitlines()[-1] == "7 passed, 0 failed"
