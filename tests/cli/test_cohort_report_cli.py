"""``clearflow cohort status | blocked | export`` on a small SQLite store built in the test."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from clearflow import load_workflow
from clearflow.cli import main
from clearflow.engine._case import Case
from clearflow.engine._engine import Engine
from clearflow.store._store import Store
from support import (
    EARLY,
    WORKFLOW_2014,
    drive,
    engine_2014,
    profile,
    settle_prerequisites,
    staff,
)

HYPERLINK = '=HYPERLINK("http://x","y")'
MISSING = "no database at '{db}' (import a roster first: clearflow cohort import ...)\n"

DEMO = """\
clearflow: 1
id: demo-faculty
title: {zh: 示例大学离校手续, en: Demo University leaving procedure}
offices:
  library: {zh: 图书馆, en: Library}
  dean: {zh: 院长办公室, en: "Dean's office"}
facts:
  faculty:
    type: choice
    zh: 学院
    en: Faculty
    values:
      arts: {zh: 文学院, en: Arts}
      law: {zh: 法学院, en: Law}
prerequisites:
  - {id: books_returned, office: library, zh: 归还图书, en: Books returned}
stations:
  - {id: diploma_handed, office: dean, zh: 领取学位证, en: Diploma handed over}
documents:
  - {id: diploma, office: dean, zh: 学位证书, en: Diploma}
schedule:
  sessions:
    - {date: 2020-06-22, weekday: mon, start: 9:00, end: 12:00, who: {faculty: arts}, expected: 4}
"""


def cohort() -> tuple[list[Case], dict[str, str | None]]:
    """Four 2014 students and their counsellors.

    2014001 (Urban and Rural Planning) refused at the library; 2014002, named like a
    spreadsheet formula (Tourism), refused at three offices with formula-like reasons;
    2014003 (secondary, main campus) released; 2014004 (Ergezhai campus, served elsewhere)
    waits at the first station.
    """
    engine = engine_2014()
    urban = engine.start("2014001", profile(), name="张三", at=EARLY)
    urban.refuse("library_cleared", staff("library", "L03"), "2 books not returned", at=EARLY)
    settle_prerequisites(urban)
    hostile = engine.start("2014002", profile(department="tourism"), name=HYPERLINK, at=EARLY)
    hostile.refuse("library_cleared", staff("library", "L03"), "+1", at=EARLY)
    hostile.refuse("finance_cleared", staff("finance", "F01"), "-2", at=EARLY)
    hostile.refuse("student_aid_cleared", staff("student_aid", "A01"), "@cmd", at=EARLY)
    settle_prerequisites(hostile)
    secondary = profile(program="secondary_vocational", department="rail_transit")
    released = engine.start("2014003", secondary, name="赵六", at=EARLY)
    drive(released)
    away = engine.start("2014004", secondary | {"campus": "ergezhai"}, name="钱七", at=EARLY)
    settle_prerequisites(away)
    counsellors = {"2014001": "王老师", "2014002": "李老师", "2014003": None, "2014004": "王老师"}
    return [urban, hostile, released, away], counsellors


@pytest.fixture
def database(tmp_path: Path) -> str:
    """A SQLite store holding :func:`cohort`."""
    path = str(tmp_path / "class.db")
    cases, counsellors = cohort()
    with Store.open(path, engine_2014()) as store:
        store.add(cases, counsellors)
    return path


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run ``clearflow`` at a 100-column terminal without colour."""
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def cells(output: str, first: str) -> list[str]:
    """The cells of the first table line starting with ``first`` (columns split on 2+ spaces)."""
    for line in output.splitlines():
        if line.strip().startswith(first):
            return re.split(r"\s{2,}", line.strip())
    raise AssertionError(f"no line starting with {first!r} in:\n{output}")


# -- status --------------------------------------------------------------------------


def test_status_shows_headcount_progress_and_the_unassigned_count(
    run: Callable[..., Result], database: str
) -> None:
    """Headcount against expected per session, students per phase, and the unassigned count."""
    result = run("cohort", "status", str(WORKFLOW_2014), "--db", database)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Headcount per session" in out
    first = cells(out, "1   2014-07-09 Wed")
    assert first[:3] + first[-3:] == ["1", "2014-07-09 Wed", "09:00–16:30", "549", "1", "-548"]
    assert cells(out, "6   2014-07-11 Fri")[-3:] == ["146", "1", "-145"]
    assert cells(out, "Elsewhere") == ["Elsewhere", "Secondary vocational ·", "1"]
    assert cells(out, "No session") == ["No session", "0"]
    assert cells(out, "All") == ["All", "2126", "4"]
    assert cells(out, "Preparing") == ["Preparing (prerequisites)", *"01000100", "0", "0", "2"]
    assert cells(out, "1. Blank")[1:] == [*"00000000", "1", "0", "1"]
    assert cells(out, "Documents released")[1:] == [*"100000000", "0", "1"]
    assert "Students in no session: 0" in out


def test_status_in_chinese(run: Callable[..., Result], database: str) -> None:
    """--lang zh labels the tables, the sessions and the phases in Chinese."""
    result = run("cohort", "status", str(WORKFLOW_2014), "--db", database, "--lang", "zh")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "各时段人数核对" in out
    assert cells(out, "6   2014-07-11 星期五")[3:] == ["高职 · 旅游系", "146", "1", "-145"]
    assert cells(out, "前期工作中") == ["前期工作中", *"01000100", "0", "0", "2"]
    assert cells(out, "另行安排")[:2] == ["另行安排", "中职 · 二戈寨校区/其他办学点"]
    assert cells(out, "已领取证书")[-1] == "1"
    assert "未安排时段的学生：0 名" in out


# -- blocked -------------------------------------------------------------------------


def test_blocked_counts_per_department_then_lists_students_with_reasons(
    run: Callable[..., Result], database: str
) -> None:
    """Per department: students, blockers, refusals, overdue; then each student and why."""
    result = run("cohort", "blocked", str(WORKFLOW_2014), "--db", database, "--today", "2014-07-10")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Blocked students by Department" in out
    assert cells(out, "Rail Transit") == ["Rail Transit", "1", "1", "0", "0"]
    assert cells(out, "Tourism") == ["Tourism", "1", "3", "3", "3"]
    assert cells(out, "Urban and Rural Planning") == [
        "Urban and Rural Planning",
        "1",
        "1",
        "1",
        "1",
    ]
    assert cells(out, "Total") == ["Total", "3", "5", "4", "4"]
    assert cells(out, "2014001") == [
        "2014001",
        "张三",
        "Urban and Rural Planning",
        "Library: refused — 2 books not",
    ]
    assert "returned (L03, 2014-07-01" in out
    assert HYPERLINK in out
    assert "Finance Office: refused — -2" in out
    assert cells(out, "2014004")[-1] == "Department: pending — Blank"


def test_blocked_in_chinese_by_counsellor(run: Callable[..., Result], database: str) -> None:
    """--by counsellor --lang zh: counsellors' groups, Chinese office labels and words."""
    result = run(
        "cohort",
        "blocked",
        str(WORKFLOW_2014),
        "--db",
        database,
        "--by",
        "counsellor",
        "--lang",
        "zh",
        "--today",
        "2014-07-01",
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "受阻学生（按辅导员）" in out
    assert cells(out, "王老师") == ["王老师", "2", "2", "1", "0"]
    assert cells(out, "李老师") == ["李老师", "1", "3", "3", "0"]
    assert cells(out, "合计") == ["合计", "3", "5", "4", "0"]
    assert "图书馆：退回 — 2 books not" in out
    assert "returned（L03，2014-07-01 09:30）" in out
    assert "分院、系部：待办理 —" in out
    assert "城乡规划分院" in out


def test_blocked_by_office_filtered_and_limited(run: Callable[..., Result], database: str) -> None:
    """--by office counts per office; --office keeps one office; --limit cuts the list."""
    report = ("cohort", "blocked", str(WORKFLOW_2014), "--db", database, "--today", "2014-07-01")
    by_office = run(*report, "--by", "office")
    assert cells(by_office.output, "Library") == ["Library", "2", "2", "2", "0"]
    assert cells(by_office.output, "Department") == ["Department", "1", "1", "0", "0"]
    assert cells(by_office.output, "Finance Office") == ["Finance Office", "1", "1", "1", "0"]
    assert cells(by_office.output, "Total") == ["Total", "3", "5", "4", "0"]
    library = run(*report, "--office", "library")
    assert cells(library.output, "Total") == ["Total", "2", "2", "2", "0"]
    assert "Finance Office" not in library.output
    limited = run(*report, "--limit", "1")
    assert "… and 2 more students (--limit)" in limited.output
    assert "2014004" in limited.output
    assert "2014001" not in limited.output


def test_blocked_filtered_by_status(run: Callable[..., Result], database: str) -> None:
    """--status refused leaves out students merely waiting their turn; statuses combine."""
    report = ("cohort", "blocked", str(WORKFLOW_2014), "--db", database, "--by", "office")
    refused = run(*report, "--today", "2014-07-01", "--status", "refused")
    assert refused.exit_code == 0, refused.output
    assert cells(refused.output, "Total") == ["Total", "2", "4", "4", "0"]
    assert "Department" not in refused.output.split("Blocked students and why")[0]
    pending = run(*report, "--today", "2014-07-01", "--status", "pending")
    assert cells(pending.output, "Total") == ["Total", "1", "1", "0", "0"]
    both = run(*report, "--today", "2014-07-01", "--status", "refused", "--status", "pending")
    assert cells(both.output, "Total") == ["Total", "3", "5", "4", "0"]
    overdue = run(*report, "--today", "2014-07-10", "--status", "overdue")
    assert cells(overdue.output, "Total") == ["Total", "2", "4", "4", "4"]


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            ["--by", "departmnt"],
            "cannot group by 'departmnt': not a fact of workflow 'gyvtc-2014', nor 'office' "
            "or 'counsellor' (did you mean 'department'?)\n",
        ),
        (["--office", "libary"], "unknown office 'libary' (did you mean 'library'?)\n"),
    ],
)
def test_blocked_refuses_unknown_groupings_and_offices(
    run: Callable[..., Result], database: str, option: list[str], message: str
) -> None:
    """An unknown --by or --office exits 1 with a hint."""
    result = run("cohort", "blocked", str(WORKFLOW_2014), "--db", database, *option)
    assert (result.exit_code, result.stderr) == (1, message)


def test_blocked_on_another_workflow_groups_by_its_fact(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    """A workflow whose grouping fact is ``faculty``: --by faculty and the default (office)."""
    workflow = tmp_path / "demo.yaml"
    workflow.write_text(DEMO, encoding="utf-8")
    engine = Engine(load_workflow(workflow))
    arts = engine.start("a1", {"faculty": "arts"}, name="Ada")
    law = engine.start("l1", {"faculty": "law"}, name="Di")
    law.refuse("books_returned", staff("library", "B7"), "lost book")
    db = str(tmp_path / "demo.db")
    with Store.open(db, engine) as store:
        store.add([arts, law])
    result = run("cohort", "blocked", str(workflow), "--db", db, "--by", "faculty")
    assert cells(result.output, "Arts") == ["Arts", "1", "1", "0", "0"]
    assert cells(result.output, "Law") == ["Law", "1", "1", "1", "0"]
    assert "Library: refused — lost book (B7," in result.output
    default = run("cohort", "blocked", str(workflow), "--db", db)
    assert "Blocked students by Office" in default.output
    status = run("cohort", "status", str(workflow), "--db", db)
    assert cells(status.output, "1   2020-06-22 Mon")[-3:] == ["4", "1", "-3"]
    assert "Students in no session: 1" in status.output


# -- export --------------------------------------------------------------------------


def test_export_blocked_csv_to_a_file_is_safe_for_spreadsheets(
    run: Callable[..., Result], database: str, tmp_path: Path
) -> None:
    """The CSV file has a BOM, the hostile name and reasons neutralised, and one row per step."""
    target = tmp_path / "blocked.csv"
    result = run(
        "cohort",
        "export",
        str(WORKFLOW_2014),
        "--db",
        database,
        "--what",
        "blocked",
        "--format",
        "csv",
        "-o",
        str(target),
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote 5 blocked rows to {target}\n"
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    hostile = [row for row in rows if row["student_id"] == "2014002"]
    assert {row["name"] for row in hostile} == {"'" + HYPERLINK}
    assert sorted(row["reason"] for row in hostile) == ["'+1", "'-2", "'@cmd"]
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


@pytest.mark.parametrize("what", ["blocked", "progress"])
def test_export_xlsx_in_chinese_to_a_file(
    run: Callable[..., Result], database: str, tmp_path: Path, what: str
) -> None:
    """--format xlsx writes a workbook headed in Chinese, neutralised, and rewrites it."""
    target = tmp_path / f"{what}.xlsx"
    args = ("cohort", "export", str(WORKFLOW_2014), "--db", database, "--what", what)
    for _ in range(2):  # the second run replaces the earlier export without --force
        result = run(*args, "--format", "xlsx", "--lang", "zh", "-o", str(target))
        assert result.exit_code == 0, result.output
    assert result.stderr.endswith(f"{target}\n")
    worksheet = openpyxl.load_workbook(target).worksheets[0]
    header = [cell.value for cell in worksheet[1]]
    assert worksheet.freeze_panes == "A2"
    if what == "blocked":
        assert worksheet.title == "受阻学生"
        assert header[:3] == ["学号", "姓名", "辅导员"]
        names = {row[1] for row in worksheet.iter_rows(min_row=2, values_only=True)}
        assert "'" + HYPERLINK in names
        assert worksheet.max_row == 6  # the header and the 5 blocked rows of the CSV
    else:
        assert worksheet.title == "办理进度"
        assert header[:2] == ["时段", "日期"]
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_export_csv_in_gb18030(run: Callable[..., Result], database: str) -> None:
    """--encoding gb18030 writes Chinese labels in GB18030 to standard output."""
    result = run(
        "cohort",
        "export",
        str(WORKFLOW_2014),
        "--db",
        database,
        "--what",
        "progress",
        "--format",
        "csv",
        "--encoding",
        "gb18030",
        "--lang",
        "zh",
    )
    assert result.exit_code == 0
    text = result.stdout_bytes.decode("gb18030")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:3] == ["session", "date", "start"]
    assert rows[6][4] == "高职 · 旅游系"
    assert rows[-1][:8] == ["all", "", "", "", "", "", "4", ""]


def test_export_json_to_stdout(run: Callable[..., Result], database: str) -> None:
    """JSON export writes the blocked rows for tools, names as written."""
    result = run(
        "cohort",
        "export",
        str(WORKFLOW_2014),
        "--db",
        database,
        "--what",
        "blocked",
        "--format",
        "json",
        "-o",
        "-",
    )
    data = json.loads(result.stdout)
    assert (data["report"], data["students"], len(data["rows"])) == ("blocked", 3, 5)
    assert data["rows"][1]["name"] == HYPERLINK


EXPORT = ("--what", "blocked", "--format", "csv")


@pytest.mark.parametrize("spelling", ["{db}", "sqlite:///{db}", "{link}", "{db}-wal"])
def test_export_refuses_to_write_over_the_store(
    run: Callable[..., Result], database: str, tmp_path: Path, spelling: str
) -> None:
    """-o naming the store's file (as a path, a URL, a symlink, its WAL) exits 1; the
    database is byte for byte what it was and still opens with its students."""
    link = tmp_path / "link.db"
    link.symlink_to(database)
    before = Path(database).read_bytes()
    output = spelling.format(db=database, link=link).removeprefix("sqlite:///")
    db = spelling.format(db=database, link=link) if spelling.startswith("sqlite") else database
    result = run("cohort", "export", str(WORKFLOW_2014), "--db", db, *EXPORT, "-o", output)
    what = f"{database}-wal" if spelling.endswith("-wal") else database
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"{output}: the output is the store '{what}' (name another file to write)\n",
    )
    assert Path(database).read_bytes() == before
    assert link.is_symlink()
    with Store.open(database, engine_2014(), create=False) as store:
        assert store.student_ids() == ["2014001", "2014002", "2014003", "2014004"]


def test_export_refuses_to_write_over_its_workflow(
    run: Callable[..., Result], database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """-o naming the workflow file, by another spelling of its path, exits 1 and changes it not."""
    workflow = tmp_path / "gyvtc-2014.yaml"
    workflow.write_bytes(WORKFLOW_2014.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = run(
        "cohort", "export", "gyvtc-2014.yaml", "--db", database, *EXPORT, "-o", "./gyvtc-2014.yaml"
    )
    assert (result.exit_code, result.stderr) == (
        1,
        "./gyvtc-2014.yaml: the output is the workflow 'gyvtc-2014.yaml' "
        "(name another file to write)\n",
    )
    assert workflow.read_bytes() == WORKFLOW_2014.read_bytes()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["class.db", "gyvtc-2014.yaml"]


# -- no database ---------------------------------------------------------------------


@pytest.mark.parametrize("command", ["status", "blocked", "export"])
def test_read_only_commands_do_not_create_a_missing_database(
    run: Callable[..., Result], tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a database file the reports say how to make one, exit 1 and create nothing."""
    monkeypatch.chdir(tmp_path)
    extra = ["--what", "blocked", "--format", "json"] if command == "export" else []
    result = run("cohort", command, str(WORKFLOW_2014), *extra)
    assert (result.exit_code, result.stderr) == (1, MISSING.format(db="clearflow.db"))
    assert list(tmp_path.iterdir()) == []


# -- the documentation ---------------------------------------------------------------

DOCUMENTED = [
    "blocked workflows/gyvtc-2014.yaml --db class.db --today 2014-07-10 --lang en",
    "blocked workflows/gyvtc-2014.yaml --db class.db --by counsellor --lang zh "
    "--today 2014-07-10 --limit 2",
]


@pytest.mark.parametrize("command", DOCUMENTED)
def test_documented_reports_are_real(
    run: Callable[..., Result], database: str, command: str
) -> None:
    """The report outputs quoted whole in docs/cohort.md are what the commands print."""
    page = (WORKFLOW_2014.parent.parent / "docs" / "cohort.md").read_text(encoding="utf-8")
    quoted = page.split(f"$ clearflow cohort {command}\n", 1)[1].split("```", 1)[0]
    args = command.split()
    args[1], args[3] = str(WORKFLOW_2014), database
    result = run("cohort", *args)
    printed = "\n".join(line.rstrip() for line in result.output.splitlines())
    assert printed.rstrip() == quoted.rstrip()


def test_reports_refuse_a_store_without_students_of_the_workflow(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    """A database holding no student of the workflow (wrong --db or workflow) exits 1."""
    db = str(tmp_path / "empty.db")
    Store.open(db, engine_2014()).close()
    result = run("cohort", "status", str(WORKFLOW_2014), "--db", db)
    assert (result.exit_code, result.stderr) == (
        1,
        f"no students of workflow 'gyvtc-2014' in '{db}' "
        "(import a roster first: clearflow cohort import ...)\n",
    )


def test_status_of_a_workflow_without_schedule(run: Callable[..., Result], tmp_path: Path) -> None:
    """Without a schedule, status shows the phases for everyone and says why no session."""
    workflow = tmp_path / "plain.yaml"
    workflow.write_text(DEMO.split("schedule:")[0], encoding="utf-8")
    engine = Engine(load_workflow(workflow))
    db = str(tmp_path / "plain.db")
    with Store.open(db, engine) as store:
        store.add([engine.start("a1", {"faculty": "arts"}), engine.start("l1", {"faculty": "law"})])
    result = run("cohort", "status", str(workflow), "--db", db)
    assert "Headcount per session" not in result.output
    assert cells(result.output, "Preparing") == ["Preparing (prerequisites)", "2", "2"]
    assert "The workflow has no schedule: every student is in no session." in result.output


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of 1,200 blocked students (more than two parts of --all)."""
    engine = engine_2014()
    cases = [
        engine.start(f"2014{number:04d}", profile(), name=f"学生{number}", at=EARLY)
        for number in range(1200)
    ]
    path = tmp_path_factory.mktemp("large") / "large.db"
    with Store.open(path, engine) as store:
        store.add(cases)
    return str(path)


def listed_students(output: str) -> list[str]:
    """The student ids the list part of ``cohort blocked`` shows, in order."""
    listing = output.split("Blocked students and why")[1]
    return re.findall(r"^\s+(2014\d{4})\s", listing, flags=re.MULTILINE)


def test_blocked_lists_a_page_by_default_and_everyone_with_all(
    run: Callable[..., Result], large: str
) -> None:
    """Counts stay whole; 50 students are listed unless told, --all lists every one once."""
    report = ("cohort", "blocked", str(WORKFLOW_2014), "--db", large, "--today", "2014-07-01")
    page = run(*report)
    assert page.exit_code == 0, page.output
    assert cells(page.output, "Total")[1] == "1200"
    assert listed_students(page.output) == [f"2014{number:04d}" for number in range(50)]
    assert "… and 1150 more students (--limit)" in page.output
    everyone = run(*report, "--all")
    assert everyone.exit_code == 0, everyone.output
    assert listed_students(everyone.output) == [f"2014{number:04d}" for number in range(1200)]
    assert "more students" not in everyone.output
    assert everyone.output.count("Blocked students and why") == 1
