"""What a command loads before it does its work: the fixed cost of every ``clearflow`` run.

Each command runs in a fresh interpreter, which then names the heavy modules it holds; a
command that does not need SQLAlchemy, openpyxl, Alembic, Rich or numpy must not pay for them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from clearflow.store import Store
from support import EARLY, engine_2014, profile

HEAVY = (
    "alembic",
    "graphviz",
    "numpy",
    "openpyxl",
    "psycopg",
    "rich",
    "segno",
    "sqlalchemy",
    "typst",
    "clearflow.capacity._queue",
    "clearflow.cohort._workbook",
    "clearflow.console.walkthrough",
    "clearflow.staff.diff",
    "clearflow.staff.rollover",
)
"""Modules some commands need and others must not load."""

WORKFLOW = "workflows/gyvtc-2014.yaml"


def loaded_by(*arguments: str) -> set[str]:
    """Which of :data:`HEAVY` a fresh interpreter holds after ``clearflow ARGUMENTS``."""
    code = (
        "import json, sys\n"
        "from clearflow.cli import main\n"
        f"try: main({list(arguments)!r})\n"
        "except SystemExit as done: assert done.code in (0, None), done.code\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "command",
    [
        ["--help"],
        ["cohort", "--help"],
        ["cohort", "status", "--help"],
        ["cohort", "blocked", "--help"],
        ["cohort", "export", "--help"],
        ["cohort", "import", "--help"],
        ["store", "--help"],
        ["migrate", "--help"],
        ["migrate", "plan", "--help"],
        ["walk", "--help"],
        ["documents", "--help"],
    ],
    ids=" ".join,
)
def test_help_loads_no_store_spreadsheet_or_console(command: list[str]) -> None:
    """Asking for help reads no database and draws no table: it loads none of them."""
    assert loaded_by(*command) == set()


def _class_store(tmp_path: Path) -> str:
    database = str(tmp_path / "class.db")
    engine = engine_2014()
    with Store.open(database, engine) as store:
        store.add([engine.start("2014001", profile(), name="张三", at=EARLY)], {"2014001": None})
    return database


def test_a_report_on_sqlite_loads_rich_but_not_sqlalchemy(tmp_path: Path) -> None:
    """``cohort status`` on a SQLite store reads it with ``sqlite3``: Rich to draw the
    table, and nothing for SQLAlchemy, Alembic, spreadsheets, walking or the yearly tools."""
    database = _class_store(tmp_path)
    assert loaded_by("cohort", "status", WORKFLOW, "--db", database) == {"rich"}


@pytest.mark.parametrize(
    "report",
    [
        ["blocked", "--by", "office"],
        ["export", "--what", "blocked", "--format", "csv"],
        ["export", "--what", "progress", "--format", "csv"],
        ["export", "--what", "grid", "--format", "json"],
        ["export", "--what", "released", "--format", "json"],
    ],
    ids=" ".join,
)
def test_every_report_on_sqlite_leaves_sqlalchemy_out(tmp_path: Path, report: list[str]) -> None:
    """The other reports and exports of a SQLite store never import SQLAlchemy either, nor
    the workbook writer (its XML escaping imports ``urllib.request``), even when they
    replace an earlier export."""
    database = _class_store(tmp_path)
    output = ["-o", str(tmp_path / "out")] if report[0] == "export" else []
    command, *options = report
    if output:  # an export twice: the second replaces the first
        loaded_by("cohort", command, WORKFLOW, "--db", database, *options, *output)
    loaded = loaded_by("cohort", command, WORKFLOW, "--db", database, *options, *output)
    assert "sqlalchemy" not in loaded
    assert "alembic" not in loaded
    assert "clearflow.cohort._workbook" not in loaded


def test_a_migration_plan_on_sqlite_leaves_sqlalchemy_out(tmp_path: Path) -> None:
    """``migrate plan`` reads a SQLite store with ``sqlite3`` too: Rich, and nothing else."""
    database = _class_store(tmp_path)
    assert loaded_by("migrate", "plan", WORKFLOW, WORKFLOW, "--db", database) == {"rich"}


def test_check_and_import_clearflow_load_no_typesetting() -> None:
    """``clearflow check`` loads neither typst nor segno (nor does the documents package)."""
    assert not loaded_by("check", WORKFLOW) & {"typst", "segno"}
    code = (
        "import sys, clearflow, clearflow.documents\n"
        "print('typst' in sys.modules or 'segno' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_a_report_on_a_database_url_still_uses_sqlalchemy(tmp_path: Path) -> None:
    """A SQLite URL with options (or any server URL) is read through SQLAlchemy's store."""
    database = _class_store(tmp_path)
    url = f"sqlite:///{database}?timeout=5"
    assert "sqlalchemy" in loaded_by("cohort", "status", WORKFLOW, "--db", url)
