"""``clearflow migrate plan``: the summary and changes in English and Chinese, JSON, paging,
located errors and exit codes; the store is only read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clearflow.cli import main
from support import WORKFLOW_2014
from support.mid_season import mid_season, revised_text

OLD = str(WORKFLOW_2014)


def cli(*args: str) -> Result:
    """Run clearflow with ``args`` (wide, no colour)."""
    return CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"}).invoke(main, list(args))


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A folder with the mid-season store, the revised workflow (a loan step, a renamed
    step), its renames file and the loan holders' facts file."""
    mid_season(tmp_path / "class.db")
    (tmp_path / "new.yaml").write_text(revised_text(loan=True, rename=True), encoding="utf-8")
    (tmp_path / "renames.yaml").write_text(
        "steps: {dormitory_cleared: dormitory_checked_out}\n", encoding="utf-8"
    )
    (tmp_path / "loans.csv").write_text("学号,助学贷款\n2014002,是\n2014003,是\n", encoding="utf-8")
    return tmp_path


def plan(files: Path, *extra: str) -> Result:
    """``migrate plan`` of the fixture's files, with ``extra`` options."""
    return cli(
        "migrate",
        "plan",
        OLD,
        str(files / "new.yaml"),
        "--db",
        str(files / "class.db"),
        "--renames",
        str(files / "renames.yaml"),
        "--facts",
        str(files / "loans.csv"),
        *extra,
    )


def test_the_text_plan_in_english(files: Path) -> None:
    """The digests, the summary table, then each changed student with the changes."""
    result = plan(files, "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0].startswith("Moving workflow 'gyvtc-2014' from rules ")
    assert lines[0].endswith(" (nothing is written)")
    summary = [line.split() for line in lines[3:9]]
    assert [row[-1] for row in summary if row and row[-1].isdigit()] == ["2", "2", "0", "1", "0"]
    assert "2014002 钱二  changes" in lines
    assert (
        "  - new step to do: Student loan repayment plan confirmed ('loan_confirmed') "
        "at Student Aid Center" in lines
    )
    assert "  - fact added: Student loan holder ('student_loan') = yes" in lines
    assert "2014001 赵一  changes" not in lines


def test_the_text_plan_in_chinese(files: Path) -> None:
    """The same in Chinese: the workflow's labels, the catalogue's words."""
    result = plan(files, "--lang", "zh")
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert "（仅预览，不写入）" in lines[0]
    assert any(line.strip().startswith("有变化：该学生要办的事项有所不同") for line in lines)
    assert "2014003 孙三  有变化" in lines
    assert "  - 办理阶段变化：大厅办理中，在 领取空白《离校清单》 → 前期准备中" in lines


def test_the_list_is_paged(files: Path) -> None:
    """--limit 1 lists one changed student and says how many more; --all lists both."""
    limited = plan(files, "--limit", "1")
    assert limited.exit_code == 0, limited.output
    lines = limited.stdout.splitlines()
    assert lines[-2:] == [
        "… 1 more student not shown",
        "(--all lists every one; --format json gives them all)",
    ]
    assert "2014003 孙三  changes" not in lines
    every = plan(files, "--limit", "1", "--all")
    assert "2014003 孙三  changes" in every.stdout.splitlines()


def test_the_json_plan(files: Path) -> None:
    """JSON: counts, digests, renames, and every open case with its version."""
    result = plan(files, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"] == {
        "unchanged": 2,
        "changed": 2,
        "cannot_move": 0,
        "released": 1,
        "other_rules": 0,
    }
    assert data["renames"] == {"steps": {"dormitory_cleared": "dormitory_checked_out"}}
    assert [case["student_id"] for case in data["cases"]] == [
        "2014001",
        "2014002",
        "2014003",
        "2014004",
    ]
    assert data["cases"][1]["changes"][-1]["text"] == (
        "fact added: Student loan holder ('student_loan') = yes"
    )


def test_the_store_is_not_written(files: Path) -> None:
    """Planning leaves every file as it was (the store is opened read only; SQLite's
    shared-memory index of the write-ahead log, which any reader may make, aside)."""

    def contents() -> dict[Path, bytes]:
        kept = [path for path in files.iterdir() if not path.name.endswith(("-shm", "-wal"))]
        return {path: path.read_bytes() for path in kept}

    before = contents()
    assert plan(files).exit_code == 0
    assert contents() == before


def test_a_bad_renames_file_is_located_and_exits_1(files: Path) -> None:
    """The renames file's mistakes, located, no traceback."""
    (files / "renames.yaml").write_text("steps: {dormitory_cleared: dorm}\n", encoding="utf-8")
    result = plan(files)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{files / 'renames.yaml'}:1:28: steps.dormitory_cleared: the new workflow has no step "
        "'dorm' (known steps: academic_affairs_cleared, card_and_dormitory, checklist_issued, "
        "checklist_returned, dormitory_checked_out, employment_registered, fees_confirmed, "
        "finance_cleared, ...) [CF212]\n"
    )


def test_a_bad_facts_file_is_located_and_exits_1(files: Path) -> None:
    """The facts file's mistakes, located as an import's."""
    (files / "loans.csv").write_text("学号,助学贷款\n2014002,也许\n", encoding="utf-8")
    result = plan(files, "--lang", "zh")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{files / 'loans.csv'}:2:2: ")
    assert result.stderr.rstrip().endswith("[CF713]")


def test_a_missing_store_is_refused_without_creating_it(tmp_path: Path, files: Path) -> None:
    """A store that does not exist is an error (exit 1), and no file appears."""
    result = cli("migrate", "plan", OLD, str(files / "new.yaml"), "--db", str(tmp_path / "no.db"))
    assert result.exit_code == 1
    assert "no.db" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "no.db").exists()
