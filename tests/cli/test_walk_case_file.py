"""``clearflow walk --case``: appending, a torn last line, another walk meanwhile, format 1."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import clearflow.engine as engine_door  # the walk command looks save_case up here per call
from clearflow.cli import main
from clearflow.engine import Case, load_case, save_case, snapshot
from support import HALL_DAY, engine_2014, staff

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
STUDENT = ROOT / "examples" / "students" / "li-lei.yaml"
ANSWERS = ROOT / "examples" / "answers" / "li-lei.yaml"
AT = ["--at", "2014-07-10 09:40"]

Invoke = Callable[..., Result]


@pytest.fixture
def invoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run ``clearflow walk WORKFLOW ...`` in a temporary directory, 100 columns, no colour."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})

    def run(*args: str) -> Result:
        return runner.invoke(main, ["walk", str(WORKFLOW), *args])

    return run


def blocked_walk(invoke: Invoke) -> None:
    """李雷's walk up to the blank checklist (exit 3), saved in case.json."""
    result = invoke(
        "--student", str(STUDENT), "--answers", str(ANSWERS), *AT, "--case", "case.json"
    )
    assert result.exit_code == 3, result.output


def test_a_resumed_walk_appends(invoke: Invoke, tmp_path: Path) -> None:
    """Resuming a walk keeps every byte saved before and adds one line per action."""
    blocked_walk(invoke)
    before = (tmp_path / "case.json").read_bytes()
    result = invoke("--case", "case.json", "--yes", *AT)
    assert result.exit_code == 0, result.output
    after = (tmp_path / "case.json").read_bytes()
    assert after.startswith(before)
    assert after.count(b"\n") == 1 + 16
    assert result.stdout.splitlines()[-1] == "saved case.json (16 events)"


def test_a_torn_last_line_is_reported_and_repaired(invoke: Invoke, tmp_path: Path) -> None:
    """A walk on a case file whose last line a crash cut short says so, and goes on."""
    blocked_walk(invoke)
    path = tmp_path / "case.json"
    whole = path.read_bytes()
    lines = whole.count(b"\n")
    path.write_bytes(whole[:-20])
    result = invoke("--case", "case.json", "--yes", *AT)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"case.json:{lines}:1: the last line was cut short when a save was interrupted; "
        "it is left out, and saving the case removes it"
    )
    case = load_case(path, engine_2014(), notice=pytest.fail)
    assert case.is_released
    assert result.stdout.splitlines()[-1] == "saved case.json (16 events)"


def test_another_walk_meanwhile_exits_75(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When another walk saved to the file since this one read it, this one stops with 75.

    The other walk's action stays in the file, and this walk's action is not written over it.
    """
    blocked_walk(invoke)
    path = tmp_path / "case.json"
    other = load_case(path, engine_2014())
    save = engine_door.save_case

    raced: list[bool] = []

    def racing(target: str | Path, case: Case) -> None:
        if case.version > other.version and not raced:
            raced.append(True)
            other.clear("checklist_issued", staff("department", "D09"), at=HALL_DAY)
            save(path, other)  # the other terminal saves first
        save(target, case)

    monkeypatch.setattr(engine_door, "save_case", racing)
    result = invoke("--case", "case.json", "--yes", *AT)
    assert result.exit_code == 75, result.output
    assert result.stderr == (
        "case.json: the case file was changed by another walk since it was read, so this "
        "action was not saved (run the command again: it resumes from the saved case)\n"
    )
    assert snapshot(load_case(path, engine_2014())) == snapshot(other)


def test_a_format_1_case_file_is_resumed_and_converted(invoke: Invoke, tmp_path: Path) -> None:
    """A case file written before format 2 resumes as before; it is format 2 afterwards."""
    blocked_walk(invoke)
    path = tmp_path / "case.json"
    case = load_case(path, engine_2014())
    path.write_text(json.dumps(snapshot(case), ensure_ascii=False, indent=1), encoding="utf-8")
    result = invoke("--case", "case.json", "--yes", *AT)
    assert result.exit_code == 0, result.output
    header = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert header["clearflow_case"] == 2
    assert load_case(path, engine_2014()).events[: case.version] == case.events
    save_case(path, load_case(path, engine_2014()))


def test_a_torn_last_line_is_reported_in_the_walks_language(invoke: Invoke, tmp_path: Path) -> None:
    """The notice speaks the walk's language (here Chinese), its location kept."""
    blocked_walk(invoke)
    path = tmp_path / "case.json"
    whole = path.read_bytes()
    lines = whole.count(b"\n")
    path.write_bytes(whole[:-20])
    result = invoke("--case", "case.json", "--yes", *AT, "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"case.json:{lines}:1: 上次保存被中断，最后一行不完整；已略去此行，保存办理记录时会删除它"
    )
