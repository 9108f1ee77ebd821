"""``clearflow cohort import --staff``: a staff roster stored in the store, a late import
warned, and ``walk --db`` verifying the ``--staff`` id against it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from clearflow.cli import main
from support.roster import STAFF_PATH, WORKFLOW_PATH

STUDENTS = "学号,姓名,school,supervisor_id\n2021001,张三,business,T0042\n"


def test_import_a_staff_roster_then_walk_with_a_staff_id(tmp_path: Path) -> None:
    """The roster is imported (late: a warning on stderr), once; another school's desk is
    refused in a walk."""
    db = str(tmp_path / "class.db")
    students = tmp_path / "students.csv"
    students.write_text(STUDENTS, encoding="utf-8")
    runner = CliRunner()
    base = ["cohort", "import", str(WORKFLOW_PATH)]
    assert runner.invoke(main, [*base, str(students), "--db", db]).exit_code == 0
    imported = runner.invoke(main, [*base, str(STAFF_PATH), "--staff", "--db", db])
    assert imported.exit_code == 0
    assert imported.stdout == f"{STAFF_PATH}: staff roster version 1, 5 staff members\n"
    assert imported.stderr == (
        f"warning: {STAFF_PATH}: the staff roster was due by 2021-05-20 "
        "(the workflow's roster.due)\n"
    )
    again = runner.invoke(main, [*base, str(STAFF_PATH), "--staff", "--db", db, "--lang", "zh"])
    assert (again.exit_code, again.stdout) == (0, f"{STAFF_PATH}: 已导入过，没有改动\n")
    walk = ["walk", str(WORKFLOW_PATH), "--db", db, "--student-id", "2021001", "--yes"]
    walked = runner.invoke(main, [*walk, "--staff", "F2102", "--at", "2021-06-01 09:00"])
    assert "only staff of office 'finance' with unit 'business' may act" in " ".join(
        walked.stdout.split()
    )


def test_staff_with_office_is_a_usage_error(tmp_path: Path) -> None:
    """--staff imports staff rosters; --office with it is refused (exit 2)."""
    db = str(tmp_path / "c.db")
    arguments = [str(WORKFLOW_PATH), str(STAFF_PATH), "--staff", "--office", "finance"]
    result = CliRunner().invoke(main, ["cohort", "import", *arguments, "--db", db])
    assert result.exit_code == 2
    assert "--staff imports staff rosters; drop --office and --skip-existing" in result.stderr
