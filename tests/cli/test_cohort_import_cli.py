"""``clearflow cohort import``: a summary line per file, located errors, exit codes, progress."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clearflow.cli import main
from support.imports import BASE_ROSTER, ROSTER_HEADER, dump, roster_text

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
FINANCE = "学号,欠费,金额,备注\n2014000001,否,,\n2014000002,是,1200,tuition\n"


def run(tmp_path: Path, *args: str) -> Result:
    """Run ``clearflow cohort import`` in ``tmp_path`` against its clearflow.db."""
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        return runner.invoke(
            main, ["cohort", "import", str(WORKFLOW), *args, "--db", "clearflow.db"]
        )
    finally:
        os.chdir(old)


def test_roster_then_office_list(tmp_path: Path) -> None:
    """A roster, then Finance's list at a time before the fees deadline, each summarised."""
    (tmp_path / "finance.csv").write_text(FINANCE, encoding="gb18030")
    first = run(tmp_path, str(BASE_ROSTER), "--at", "2014-06-30 09:00")
    assert (first.exit_code, first.stdout) == (
        0,
        f"{BASE_ROSTER}: 5 students added (5 rows, UTF-8)\n",
    )
    second = run(
        tmp_path,
        "finance.csv",
        "--office",
        "finance",
        "--clear-unlisted",
        "--at",
        "2014-07-04 16:00",
    )
    assert (second.exit_code, second.stdout) == (
        0,
        "finance.csv: finance_cleared: 4 cleared, 1 refused, 0 already settled, 0 unchanged "
        "(2 rows, GB18030)\n",
    )


def test_reimport_says_already_imported(tmp_path: Path) -> None:
    """The same roster twice: the second run changes nothing and says so."""
    run(tmp_path, str(BASE_ROSTER))
    before = dump(tmp_path / "clearflow.db")
    again = run(tmp_path, str(BASE_ROSTER))
    assert (again.exit_code, again.stdout) == (
        0,
        f"{BASE_ROSTER}: already imported, nothing changed\n",
    )
    assert dump(tmp_path / "clearflow.db") == before


def test_late_clearance_needs_at(tmp_path: Path) -> None:
    """Without --at the events happen now, after the 2014 fees deadline: exit 1, nothing changed."""
    (tmp_path / "finance.csv").write_text(FINANCE, encoding="utf-8")
    run(tmp_path, str(BASE_ROSTER))
    before = dump(tmp_path / "clearflow.db")
    result = run(tmp_path, "finance.csv", "--office", "finance")
    assert result.exit_code == 1
    assert result.stderr == (
        "finance.csv:2:2: column 'owes': student '2014000001': cannot clear 'finance_cleared': "
        "deadline 'fees_due' (2014-07-04) has passed; office 'finance' may waive the step "
        "instead [CF717]\n"
    )
    assert dump(tmp_path / "clearflow.db") == before


def test_bad_file_lists_every_error_and_stops(tmp_path: Path) -> None:
    """A bad file prints every located error, exits 1, and later files are not imported."""
    bad = tmp_path / "bad.csv"
    bad.write_text(ROSTER_HEADER + "2014000101,张三,,高职,本部,旅游系,maybe,是\n", encoding="utf-8")
    (tmp_path / "later.csv").write_text(roster_text(2), encoding="utf-8")
    result = run(tmp_path, str(BASE_ROSTER), "bad.csv", "later.csv")
    assert result.exit_code == 1
    assert result.stdout == f"{BASE_ROSTER}: 5 students added (5 rows, UTF-8)\n"
    assert result.stderr == (
        "bad.csv:2:5: column 'campus': unknown value '本部' (did you mean '院本部'?) [CF713]\n"
        "bad.csv:2:7: column 'party_member': 'maybe' is not yes or no "
        "(write one of: true/false, yes/no, 1/0, 是/否, y/n) [CF713]\n"
    )
    rows = dump(tmp_path / "clearflow.db")["clearflow_cases"]
    assert len(rows) == 5


def test_usage_errors(tmp_path: Path) -> None:
    """--step without --office and a malformed --at are usage errors (exit 2)."""
    no_office = run(tmp_path, str(BASE_ROSTER), "--step", "library_cleared")
    assert no_office.exit_code == 2
    assert "--step and --clear-unlisted need --office" in no_office.stderr
    bad_time = run(tmp_path, str(BASE_ROSTER), "--at", "soon")
    assert bad_time.exit_code == 2
    assert "'soon' is not a date and time such as '2014-07-10 09:40'" in bad_time.stderr
    assert not (tmp_path / "clearflow.db").exists()


def test_xlsx_sheet(tmp_path: Path) -> None:
    """--sheet picks the office's sheet of a workbook."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "finance"
    library = book.create_sheet("library")
    library.append(["学号", "欠费", "欠物"])
    library.append(["2014000003", "欠", "2 books"])
    book.save(tmp_path / "lists.xlsx")
    run(tmp_path, str(BASE_ROSTER))
    result = run(
        tmp_path, "lists.xlsx", "--office", "library", "--sheet", "library", "--at", "2014-07-01"
    )
    assert result.stdout == (
        "lists.xlsx: library_cleared: 0 cleared, 1 refused, 0 already settled, 0 unchanged "
        "(1 row, xlsx)\n"
    )


def test_second_sheet_is_imported_and_a_mistyped_one_refused(tmp_path: Path) -> None:
    """--sheet 中职 after the first sheet adds its students; a mistyped --sheet exits 1."""
    fixture = BASE_ROSTER.parent / "CF701-unknown-sheet.xlsx"  # sheets 高职 and 中职
    (tmp_path / "roster.xlsx").write_bytes(fixture.read_bytes())
    first = run(tmp_path, "roster.xlsx")
    second = run(tmp_path, "roster.xlsx", "--sheet", "中职")
    assert (first.exit_code, first.stdout, second.exit_code, second.stdout) == (
        0,
        "roster.xlsx: 1 student added (1 row, xlsx)\n",
        0,
        "roster.xlsx: 1 student added (1 row, xlsx)\n",
    )
    before = dump(tmp_path / "clearflow.db")
    mistyped = run(tmp_path, "roster.xlsx", "--sheet", "中职班")
    assert (mistyped.exit_code, mistyped.stdout, mistyped.stderr) == (
        1,
        "",
        "roster.xlsx:1:1: no sheet '中职班' in the workbook (did you mean '中职'? its sheets "
        "are '高职', '中职') [CF701]\n",
    )
    again = run(tmp_path, "roster.xlsx", "--sheet", "中职")
    assert again.stdout == "roster.xlsx: already imported, nothing changed\n"
    assert dump(tmp_path / "clearflow.db") == before
    assert (tmp_path / "roster.xlsx").read_bytes() == fixture.read_bytes()


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals need a POSIX system")
def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """A file of more than 300 rows shows a progress bar on a terminal, then its summary."""
    pexpect = pytest.importorskip("pexpect")
    (tmp_path / "big.csv").write_text(roster_text(1000), encoding="utf-8")
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="40")
    env.pop("NO_COLOR", None)
    args = ["-m", "clearflow", "cohort", "import", str(WORKFLOW), "big.csv"]
    child = pexpect.spawn(
        sys.executable,
        [*args, "--db", "clearflow.db"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 100),
    )
    child.logfile_read = io.StringIO()
    child.expect(pexpect.EOF)
    child.close()
    output = child.logfile_read.getvalue()
    assert child.exitstatus == 0
    assert "big.csv" in output.split("big.csv: 1000 students added")[0]  # the bar's label
    assert "━" in output
    assert output.rstrip().endswith("big.csv: 1000 students added (1000 rows, UTF-8)")
