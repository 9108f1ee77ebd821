"""--db names a file clearflow may make a store of: not a pipe or device, not another
program's database; a failed first import leaves no store behind; arguments are UTF-8."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from clearflow.cli import main
from support import WORKFLOW_2014

ROOT = Path(__file__).resolve().parents[2]
FILES = ROOT / "examples" / "cohort-files"
W = str(WORKFLOW_2014)


def run(*args: str) -> tuple[int, str]:
    """The exit code and standard error of ``clearflow ARGS``."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


def test_a_named_pipe_or_a_device_is_refused_without_waiting(tmp_path: Path) -> None:
    """SQLite would block on a FIFO forever; clearflow says what the path is."""
    pipe = tmp_path / "p.db"
    os.mkfifo(pipe)
    assert run("cohort", "status", W, "--db", str(pipe)) == (
        1,
        f"cannot open database '{pipe}': is a named pipe, not a file (name a SQLite file)\n",
    )
    assert run("cohort", "import", W, str(FILES / "roster.csv"), "--db", "/dev/null") == (
        1,
        "cannot open database '/dev/null': is a character device, not a file "
        "(name a SQLite file)\n",
    )


def test_import_refuses_another_programs_database_and_leaves_it_byte_for_byte(
    tmp_path: Path,
) -> None:
    """A library system's SQLite file does not get clearflow's tables, nor a WAL switch."""
    database = tmp_path / "library.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE books (id INTEGER)")
    before = database.read_bytes()
    code, stderr = run("cohort", "import", W, str(FILES / "roster.csv"), "--db", str(database))
    assert (code, stderr) == (
        1,
        f"database '{database}' is not a clearflow store (it has none of clearflow's tables; "
        "check the path)\n",
    )
    assert database.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["library.db"]


def test_an_empty_sqlite_file_becomes_a_store(tmp_path: Path) -> None:
    """A file with no tables (touch class.db) is not another program's: it is made a store."""
    database = tmp_path / "class.db"
    database.touch()
    code, _ = run("cohort", "import", W, str(FILES / "roster.csv"), "--db", str(database))
    assert code == 0
    assert run("cohort", "status", W, "--db", str(database))[0] == 0


def test_a_failed_first_import_leaves_no_store_behind(tmp_path: Path) -> None:
    """A new --db whose first roster is refused is removed with SQLite's side files."""
    database = tmp_path / "class.db"
    code, stderr = run("cohort", "import", W, str(FILES / "bad-values.csv"), "--db", str(database))
    assert code == 1
    assert "[CF713]" in stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failed_later_import_keeps_the_store(tmp_path: Path) -> None:
    """Once one file is imported the store is the user's: a later bad file leaves it."""
    database = tmp_path / "class.db"
    roster, bad = str(FILES / "roster.csv"), str(FILES / "bad-values.csv")
    assert run("cohort", "import", W, roster, bad, "--db", str(database))[0] == 1
    assert run("cohort", "status", W, "--db", str(database))[0] == 0


def test_an_argument_that_is_not_utf8_is_a_usage_error(tmp_path: Path) -> None:
    """--staff $'\\xff' (a terminal in another encoding) exits 2 before the case is made."""
    case = tmp_path / "c.json"
    staff = os.fsdecode(b"\xff")
    student = str(ROOT / "examples" / "students" / "li-lei.yaml")
    code, stderr = run(
        "walk", W, "--student", student, "--yes", "--case", str(case), "--staff", staff
    )
    assert code == 2
    assert "Error: argument '\\xff' is not UTF-8 text (type it again, or rename the file)" in stderr
    assert not case.exists()
