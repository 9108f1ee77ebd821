"""``clearflow documents --what checklist`` and ``clearflow walk --scan`` at the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner, Result

from clearflow.cli import main
from clearflow.documents import by_session, qr_text
from clearflow.format.student import read_student
from clearflow.store import Store
from support import EARLY, WORKFLOW_2014, engine_2014, workflow_2014

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("cjk_font")
STUDENTS = sorted((ROOT / "examples" / "students").glob("*.yaml"))
ROSTER = ROOT / "examples" / "cohort-files" / "roster.csv"


def run(*args: str, stdin: str | None = None, **env: str) -> Result:
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "CLEARFLOW_LANG": "en", **env})
    return runner.invoke(main, list(args), input=stdin)


def pages(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages]


def test_one_pdf_per_session_with_its_students_pages(tmp_path: Path) -> None:
    """Students from files and a roster: one PDF per session, a page for each of its students."""
    student_args = [arg for path in STUDENTS for arg in ("--student", str(path))]
    result = run(
        "documents",
        str(WORKFLOW_2014),
        "-o",
        str(tmp_path / "out"),
        *student_args,
        "--roster",
        str(ROSTER),
    )
    assert result.exit_code == 0, result.output
    workflow = workflow_2014()
    from clearflow.cohort.roster_file import read_roster_students

    students = [read_student(p, workflow) for p in STUDENTS] + read_roster_students(
        ROSTER, workflow
    )
    expected = by_session(workflow, students)
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    names = {
        f"checklists-{n if n is not None else 'none'}.pdf": group for n, group in expected.items()
    }
    assert written == sorted(names)
    for name, group in names.items():
        texts = pages(tmp_path / "out" / name)
        assert len(texts) == len(group)
        assert [s.id in t for s, t in zip(group, texts, strict=True)] == [True] * len(group)
        assert f"wrote {tmp_path / 'out' / name} ({len(group)} checklist" in result.output


def test_session_limits_to_one_session(tmp_path: Path) -> None:
    """--session N writes only that session's PDF."""
    li_lei = ROOT / "examples" / "students" / "li-lei.yaml"
    session = by_session(workflow_2014(), [read_student(li_lei, workflow_2014())])
    (number,) = session
    assert number is not None
    args = ["documents", str(WORKFLOW_2014), "-o", str(tmp_path), "--student"]
    result = run(*args, str(li_lei), "--student", str(STUDENTS[0]), "--session", str(number))
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == [f"checklists-{number}.pdf"]


def test_the_students_of_a_store(tmp_path: Path) -> None:
    """--db reads the store's students, names included."""
    database = str(tmp_path / "class.db")
    engine = engine_2014()
    li_lei = read_student(ROOT / "examples" / "students" / "li-lei.yaml", engine.workflow)
    with Store.open(database, engine, create=True) as store:
        store.add([engine.start(li_lei.id, li_lei.facts, name="李雷", at=EARLY)], {li_lei.id: None})
    result = run("documents", str(WORKFLOW_2014), "-o", str(tmp_path / "out"), "--db", database)
    assert result.exit_code == 0, result.output
    (pdf,) = (tmp_path / "out").iterdir()
    (text,) = pages(pdf)
    assert "李雷" in text
    assert li_lei.id in text


def test_refusals_exit_without_a_traceback(tmp_path: Path) -> None:
    """No students (2), a session the schedule lacks (2), a student twice (1), no font (69)."""
    base = ["documents", str(WORKFLOW_2014), "-o", str(tmp_path / "out")]
    li_lei = ["--student", str(STUDENTS[1])]
    none = run(*base)
    assert none.exit_code == 2
    assert "give the students" in none.output
    late = run(*base, *li_lei, "--session", "99")
    assert late.exit_code == 2
    assert "--session 99: the schedule has 8 sessions" in late.output
    twice = run(*base, *li_lei, *li_lei)
    assert twice.exit_code == 1
    assert "is given twice" in twice.output
    empty = tmp_path / "fonts"
    empty.mkdir()
    font = run(*base, *li_lei, CLEARFLOW_FONT_DIR=str(empty))
    assert font.exit_code == 69
    assert "apt-get install fonts-wqy-microhei" in font.output
    zh = run(*base, *li_lei, CLEARFLOW_FONT_DIR=str(empty), CLEARFLOW_LANG="zh")
    assert "请安装" in zh.output
    for result in (none, late, twice, font):
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def _store_with_li_lei(tmp_path: Path) -> str:
    database = str(tmp_path / "class.db")
    engine = engine_2014()
    li_lei = read_student(ROOT / "examples" / "students" / "li-lei.yaml", engine.workflow)
    with Store.open(database, engine, create=True) as store:
        store.add([engine.start(li_lei.id, li_lei.facts, name="李雷", at=EARLY)], {li_lei.id: None})
    return database


def test_walk_scan_opens_the_scanned_students_case(tmp_path: Path) -> None:
    """The scanner's line names the student whose case the walk opens and saves."""
    database = _store_with_li_lei(tmp_path)
    code = qr_text(workflow_2014(), "2014010203")
    args = ["walk", str(WORKFLOW_2014), "--db", database, "--scan", "--yes"]
    result = run(*args, "--at", "2014-07-10 09:40", stdin=code + "\n")
    assert "2014010203" in result.output, result.output
    assert "saved" in result.output
    with Store.open(database, engine_2014()) as store:
        assert store.load("2014010203").version > 1


def test_walk_scan_refuses_a_foreign_code_or_none(tmp_path: Path) -> None:
    """Another workflow's code, a damaged one or an empty line: a located message, exit 1."""
    database = _store_with_li_lei(tmp_path)
    args = ["walk", str(WORKFLOW_2014), "--db", database, "--scan", "--yes"]
    foreign = run(*args, stdin="clearflow:1:other-2015:0123456789ab:2014010203\n")
    assert foreign.exit_code == 1
    assert "<stdin>: the code is of workflow 'other-2015', not 'gyvtc-2014'" in foreign.output
    junk = run(*args, stdin="hello\n")
    assert junk.exit_code == 1
    assert "<stdin>: 'hello' is not a clearflow checklist code" in junk.output
    empty = run(*args, stdin="")
    assert empty.exit_code == 1
    assert "no code was scanned" in empty.output
    usage = run("walk", str(WORKFLOW_2014), "--scan", "--yes")
    assert usage.exit_code == 2
    assert "--scan" in usage.output


def test_a_bad_roster_is_refused_with_its_located_problems(tmp_path: Path) -> None:
    """A roster with an unreadable cell is the import's located TableError, exit 1."""
    roster = tmp_path / "roster.csv"
    roster.write_text(
        '学号,姓名,层次,校区,"分院、系",credits_complete\n2014000001,李雷,博士,main,tourism,yes\n',
        encoding="utf-8",
    )
    result = run(
        "documents", str(WORKFLOW_2014), "-o", str(tmp_path / "out"), "--roster", str(roster)
    )
    assert result.exit_code == 1, result.output
    assert f"{roster}:2:" in result.output
    assert "博士" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
