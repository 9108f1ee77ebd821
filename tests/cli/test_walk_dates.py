"""What a walk says about time: a workflow whose dates are all past, and backdated answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from clearflow.cli import main

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
STUDENTS = ROOT / "examples" / "students"
ANSWERS = ROOT / "examples" / "answers"
PAST = (
    "All dates are past (the last is 2014-07-11): actions are dated now; give --at to act on them"
)
PAST_ZH = "本流程的日期均已过去（最后一天为 2014-07-11）"


def walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    """``clearflow walk`` on the 2014 workflow for 李雷 with --yes; its output."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})
    student = str(STUDENTS / "li-lei.yaml")
    result = runner.invoke(main, ["walk", str(WORKFLOW), "--student", student, "--yes", *args])
    assert result.exit_code in (0, 3), result.output
    return result.output


def test_a_walk_dated_now_on_a_past_workflow_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --at, the 2014 procedure's dates are all past: the header says to give --at."""
    assert walk(tmp_path, monkeypatch).splitlines()[0] == PAST
    assert walk(tmp_path, monkeypatch, "--lang", "zh").splitlines()[0].startswith(PAST_ZH)


def test_a_walk_with_at_says_nothing_about_the_past(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--at picks the moment: no note, even though the dates are long past."""
    assert "is past" not in walk(tmp_path, monkeypatch, "--at", "2014-07-10 09:40")


def test_backdated_answers_are_named_in_the_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """王芳's finance answers (07-01, 07-03) come after --yes cleared earlier steps at --at."""
    output = walk(
        tmp_path,
        monkeypatch,
        "--answers",
        str(ANSWERS / "wang-fang.yaml"),
        "--at",
        "2014-07-10 09:40",
    )
    notes = [line for line in output.splitlines() if line.startswith("  backdated:")]
    assert notes == [
        "  backdated: dated 2014-07-01 09:30, before the case's previous event (2014-07-10 09:40)"
    ]
