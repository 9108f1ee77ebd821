"""``clearflow walk`` without a terminal: exit codes, messages and the case file."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import clearflow.engine as engine_door  # the walk command looks save_case up here per call
from clearflow.cli import main
from clearflow.console._answers import parse_answers
from clearflow.engine import load_case, snapshot
from clearflow.engine._case import Case
from clearflow.format.student import parse_student
from support import engine_2014, workflow_2014

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
STUDENTS = ROOT / "examples" / "students"
ANSWERS = ROOT / "examples" / "answers"
AT = "2014-07-10 09:40"


Invoke = Callable[..., Result]


@pytest.fixture
def invoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run ``clearflow walk WORKFLOW ...`` in a temporary directory, 100 columns, no colour."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})

    def run(*args: str) -> Result:
        return runner.invoke(main, ["walk", str(WORKFLOW), *args])

    return run


def li_lei(*more: str) -> list[str]:
    """李雷's student and answers files at the hall-day time, then ``more``."""
    return [
        "--student",
        str(STUDENTS / "li-lei.yaml"),
        "--answers",
        str(ANSWERS / "li-lei.yaml"),
        "--at",
        AT,
        *more,
    ]


def stored(path: Path) -> dict[str, Any]:
    """The case a case file holds, as plain data."""
    return snapshot(load_case(path, engine_2014()))


def test_released_exits_zero(invoke: Invoke) -> None:
    """A walk that ends with the documents handed over exits 0 and lists them."""
    result = invoke(*li_lei("--yes"))
    assert result.exit_code == 0, result.output
    assert "Documents to hand over" in result.stdout
    assert "3. Dispatch certificate" in result.stdout
    assert result.stderr == ""


def test_blocked_exits_three(invoke: Invoke) -> None:
    """A walk that ends at a blocker exits 3 and shows the blocker panel."""
    result = invoke(*li_lei())
    assert result.exit_code == 3
    assert "✗ 分院、系部 / Department: pending: Blank clearance checklist handed out" in (
        result.stdout
    )


def test_late_fee_payment_is_blocked_with_its_message(invoke: Invoke) -> None:
    """王芳 walked only on the hall day: Finance may not clear after 07-04, so exit 3."""
    result = invoke("--student", str(STUDENTS / "wang-fang.yaml"), "--yes", "--at", AT)
    assert result.exit_code == 3
    assert (
        "✗ cannot clear 'finance_cleared': deadline 'fees_due' (2014-07-04) has passed; "
        "office 'finance' may waive the step instead"
    ) in " ".join(result.stdout.split())
    assert "Traceback" not in result.output


def test_no_terminal_needs_answers_or_yes(invoke: Invoke) -> None:
    """Without a terminal, and without --answers or --yes, walk refuses to wait for input."""
    result = invoke("--student", str(STUDENTS / "li-lei.yaml"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: stdin is not a terminal: give --answers FILE and/or --yes to walk without prompts"
    )
    assert result.stdout == ""


def test_no_student_and_no_case_is_a_usage_error(invoke: Invoke) -> None:
    """Nothing to start and nothing to resume: exit 2 saying what to give."""
    result = invoke("--yes", "--case", "none.json")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: give --student FILE to start a case, or --case FILE to resume one"
    )


@pytest.mark.parametrize("value", ["2014-07-32 09:40", "tomorrow"])
def test_bad_at_value_exits_two(invoke: Invoke, value: str) -> None:
    """--at that is not a date and time is a usage error naming the value."""
    result = invoke("--student", str(STUDENTS / "li-lei.yaml"), "--yes", "--at", value)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--at': '{value}' is not a date and time "
        "such as '2014-07-10 09:40'"
    )


def test_broken_student_file_exits_one_with_the_located_message(
    invoke: Invoke, tmp_path: Path
) -> None:
    """A student file with a misspelt fact exits 1 with file:line:col and no traceback."""
    path = tmp_path / "student.yaml"
    text = (STUDENTS / "li-lei.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("department:", "departmnet:"), encoding="utf-8")
    result = invoke("--student", str(path), "--yes", "--at", AT)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:7:3: facts.departmnet: unknown fact 'departmnet' "
        "(did you mean 'department'?) [CF202]\n"
    )
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_broken_answers_file_exits_one_with_the_located_message(
    invoke: Invoke, tmp_path: Path
) -> None:
    """An answers file naming an unknown step exits 1 with the located message."""
    path = tmp_path / "answers.yaml"
    path.write_text("libary_cleared: clear\n", encoding="utf-8")
    result = invoke("--student", str(STUDENTS / "li-lei.yaml"), "--answers", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:1:1: libary_cleared: unknown step 'libary_cleared' "
        "(did you mean 'library_cleared'?) [CF203]\n"
    )


def test_missing_student_file_exits_one(invoke: Invoke) -> None:
    """A student file that does not exist is CF001, exit 1."""
    result = invoke("--student", "nobody.yaml", "--yes")
    assert result.exit_code == 1
    assert result.stderr == "nobody.yaml:1:1: no such file (check the path) [CF001]\n"


def test_case_file_is_saved_after_every_action(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The case is saved once at the start and once after each of the 15 actions."""
    saved: list[int] = []
    save = engine_door.save_case

    def recording(path: str | Path, case: Case) -> None:
        save(path, case)
        saved.append(len(stored(Path(path))["events"]))

    monkeypatch.setattr(engine_door, "save_case", recording)
    result = invoke(*li_lei("--yes", "--case", "case.json"))
    assert result.exit_code == 0
    assert saved == [1, *range(2, 17)]
    assert result.stdout.splitlines()[-1] == "saved case.json (16 events)"


def test_case_file_is_written_atomically(invoke: Invoke, tmp_path: Path) -> None:
    """Only the case file is left behind: no temporary files, and it is a whole case."""
    result = invoke(*li_lei("--yes", "--case", "cases/case.json"))
    assert result.exit_code == 0
    assert sorted(path.name for path in (tmp_path / "cases").iterdir()) == ["case.json"]
    data = stored(tmp_path / "cases" / "case.json")
    assert data["phase"] == "released"
    assert data["student"]["id"] == "2014010203"
    assert len(data["events"]) == 16


def test_case_file_is_resumed(invoke: Invoke, tmp_path: Path) -> None:
    """A blocked walk saves its case; --case alone later resumes it to release."""
    first = invoke(*li_lei("--case", "case.json"))
    assert first.exit_code == 3
    before = stored(tmp_path / "case.json")
    assert before["phase"] == "checklist_issued"

    second = invoke("--case", "case.json", "--yes", "--at", AT)
    assert second.exit_code == 0, second.output
    after = stored(tmp_path / "case.json")
    assert after["phase"] == "released"
    assert after["events"][: len(before["events"])] == before["events"]
    assert "2 books not returned" not in second.stdout
    assert "Student: 李雷 (2014010203)" in second.stdout


def test_resume_with_another_student_exits_one(invoke: Invoke, tmp_path: Path) -> None:
    """A case file of 李雷 is not reused for 王芳."""
    assert invoke(*li_lei("--case", "case.json")).exit_code == 3
    result = invoke("--student", str(STUDENTS / "wang-fang.yaml"), "--case", "case.json", "--yes")
    assert result.exit_code == 1
    assert result.stderr == (
        "case.json: holds student '2014010203', not '2014030517' "
        "(name another case file, or leave out --student to resume)\n"
    )


def test_walk_through_a_symlinked_case_file_keeps_the_link(invoke: Invoke, tmp_path: Path) -> None:
    """--case LINK saves into the file the link points to, and the link stays a link."""
    (tmp_path / "cases").mkdir()
    link = tmp_path / "case.json"
    link.symlink_to(Path("cases") / "li-lei.json")
    assert invoke(*li_lei("--case", "case.json")).exit_code == 3
    assert link.is_symlink()
    first = stored(tmp_path / "cases" / "li-lei.json")
    result = invoke("--case", "case.json", "--yes", "--at", AT)
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    after = stored(tmp_path / "cases" / "li-lei.json")
    assert after["phase"] == "released"
    assert len(after["events"]) > len(first["events"])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["case.json", "cases"]
    assert [path.name for path in (tmp_path / "cases").iterdir()] == ["li-lei.json"]


@pytest.mark.parametrize(
    ("case", "what", "given"),
    [
        (str(WORKFLOW), "workflow", str(WORKFLOW)),
        ("student.yaml", "student record", "student.yaml"),
        ("sub/../student.yaml", "student record", "student.yaml"),
        ("link.yaml", "answers file", "answers.yaml"),
    ],
)
def test_walk_refuses_a_case_file_that_is_an_input(
    invoke: Invoke, tmp_path: Path, case: str, what: str, given: str
) -> None:
    """--case naming the workflow, the student record or the answers file (by any path)
    exits 1 before anything is read from it or written, and the file is unchanged."""
    (tmp_path / "student.yaml").write_bytes((STUDENTS / "li-lei.yaml").read_bytes())
    (tmp_path / "answers.yaml").write_bytes((ANSWERS / "li-lei.yaml").read_bytes())
    (tmp_path / "link.yaml").symlink_to("answers.yaml")
    before = {path: Path(path).read_bytes() for path in (WORKFLOW, "student.yaml", "answers.yaml")}
    args = ["--student", "student.yaml", "--answers", "answers.yaml", "--at", AT, "--yes"]
    result = invoke(*args, "--case", case)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{case}: the output is the {what} '{given}' (name another file to write)\n"
    )
    assert {path: Path(path).read_bytes() for path in before} == before
    assert (tmp_path / "link.yaml").is_symlink()


def test_chinese_walk(invoke: Invoke) -> None:
    """--lang zh prints the walk in Chinese."""
    result = invoke(*li_lei("--yes", "--lang", "zh"))
    assert result.exit_code == 0
    assert "学生：李雷 (2014010203)" in result.stdout
    assert "应领取的证书及资料" in result.stdout


def test_staff_is_recorded(invoke: Invoke, tmp_path: Path) -> None:
    """--staff names the staff member on actions the answers do not attribute."""
    result = invoke(*li_lei("--yes", "--staff", "T07", "--case", "case.json"))
    assert result.exit_code == 0
    events = stored(tmp_path / "case.json")["events"]
    stations = [event for event in events if event.get("step") == "fees_confirmed"]
    assert [event["staff"] for event in stations] == ["T07"]
    assert next(e for e in events if e.get("step") == "finance_cleared")["staff"] == "F01"


def test_guide_examples_are_valid_files() -> None:
    """The student and answers files shown in docs/walkthrough.md read without errors."""
    guide = (ROOT / "docs" / "walkthrough.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(yaml|json)\n(.*?)```", guide, flags=re.DOTALL)
    assert len(blocks) == 3
    for index, (_, text) in enumerate(blocks):
        source = f"docs/walkthrough.md block {index}"
        if "facts" in text:
            assert parse_student(text, workflow_2014(), source).id == "2014010203"
        else:
            assert parse_answers(text, workflow_2014(), source)
