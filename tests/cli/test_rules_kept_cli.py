"""Cases on earlier rules, as staff see them: ``cohort status`` counts them, ``walk --db``
says so, and the case acts on its own rules."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from clearflow.cli import main
from clearflow.store import Store
from support import EARLY, WORKFLOW_2014, engine_2014, profile, start
from support.revised import revised_engine, revised_text


def cli(*args: str) -> Result:
    return CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"}).invoke(main, list(args))


def two_rules(tmp_path: Path) -> tuple[Path, Path]:
    """A store with two students on the 2014 rules and one on the loan rules, and the
    revised workflow file."""
    db = tmp_path / "class.db"
    with Store.open(db, engine_2014()) as store:
        store.add([start(student_id=f"201400{n}", facts=profile()) for n in (1, 2)])
    revised = tmp_path / "gyvtc-2014-loan.yaml"
    revised.write_text(revised_text(loan=True), encoding="utf-8")
    engine = revised_engine(loan=True)
    with Store.open(db, engine) as store:
        store.add([engine.start("2014003", profile(), at=EARLY)])
    return db, revised


def test_status_counts_the_cases_on_each_rules(tmp_path: Path) -> None:
    db, revised = two_rules(tmp_path)
    old = engine_2014().workflow.digest[:12]
    new = revised_engine(loan=True).workflow.digest[:12]
    english = cli("cohort", "status", str(revised), "--db", str(db), "--lang", "en")
    assert english.exit_code == 0, english.output
    assert f"Rules: 1 on this file's rules ({new}); 2 students on rules {old}." in english.output
    chinese = cli("cohort", "status", str(revised), "--db", str(db), "--lang", "zh")
    assert f"规则：1 名按本文件的规则（{new}）办理；2 名按规则 {old} 办理。" in chinese.output
    only = tmp_path / "only-2014.db"
    with Store.open(only, engine_2014()) as store:
        store.add([start(student_id="2014009", facts=profile())])
    same = cli("cohort", "status", str(WORKFLOW_2014), "--db", str(only), "--lang", "en")
    assert same.exit_code == 0, same.output
    assert "Rules:" not in same.output


def test_walk_says_a_case_runs_on_earlier_rules(tmp_path: Path) -> None:
    db, revised = two_rules(tmp_path)
    result = cli(
        "walk",
        str(revised),
        "--db",
        str(db),
        "--student-id",
        "2014001",
        "--yes",
        "--at",
        "2014-07-01 10:00",
        "--lang",
        "en",
    )
    assert "2014001 runs on other rules than this file's" in result.output, result.output
    assert "loan" not in result.output.lower()  # its steps are the 2014 rules'


def mixed(tmp_path: Path) -> tuple[Path, Path]:
    """Two students refused at the library on the 2014 rules, one moved onto rules that
    rename the library's step, drop logistics and add the loan step; one released."""
    from clearflow.engine import Renames
    from clearflow.store import move_many
    from support import drive, staff

    db = tmp_path / "mixed.db"
    cases = []
    for number, name in ((1, "李雷"), (2, "韩梅梅")):
        case = start(student_id=f"201400000{number}", facts=profile(), name=name)
        case.refuse("library_cleared", staff("library", "L03"), f"{number} books", at=EARLY)
        case.clear("logistics_cleared", staff("logistics"), at=EARLY)
        cases.append(case)
    released = start(student_id="2014000003", facts=profile(), name="Lily")
    drive(released)
    revised = tmp_path / "revised.yaml"
    revised.write_text(
        revised_text(loan=True, rename_library=True, drop_logistics=True), encoding="utf-8"
    )
    with Store.open(db, engine_2014()) as store:
        store.add([*cases, released])
        move_many(
            store,
            {"2014000001": None},
            revised_engine(loan=True, rename_library=True, drop_logistics=True),
            by=staff("student_affairs", "R01"),
            why="loan",
            renames=Renames(steps={"library_cleared": "library_returned"}),
            facts={"2014000001": {"student_loan": True}},
        )
    return db, revised


def test_every_report_reads_a_store_of_two_rules(tmp_path: Path) -> None:
    """No report trips over a step one rules have and the other lack."""
    db, revised = mixed(tmp_path)
    base = [str(revised), "--db", str(db), "--lang", "en"]
    for command in (["status"], ["blocked", "--by", "office"], ["history", "2014000002"]):
        result = cli("cohort", command[0], *base, *command[1:])
        assert result.exit_code == 0, (command, result.output)
    library = cli("cohort", "blocked", *base, "--office", "library")
    assert "2014000001" in library.output  # its renamed step
    assert "2014000002" in library.output  # the step of its own rules
    for what in ("progress", "grid", "blocked", "released"):
        for form in ("csv", "xlsx", "json"):
            out = tmp_path / f"{what}.{form}"
            result = cli(
                "cohort", "export", *base, "--what", what, "--format", form, "-o", str(out)
            )
            assert result.exit_code == 0, (what, form, result.output)
    grid = (tmp_path / "grid.csv").read_text(encoding="utf-8-sig").splitlines()
    header = grid[0].split(",")
    old = grid[2].split(",")
    assert old[header.index("loan_confirmed")] == "—"  # not on its rules: n/a
