"""``clearflow migrate apply`` and ``undo`` as staff run them: moved, skipped and why."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from clearflow.cli import main
from clearflow.store import Store
from support import EARLY, WORKFLOW_2014, engine_2014, profile, staff, start
from support.cases import released_case
from support.revised import revised_engine, revised_text


def run(command: str, *args: str) -> Result:
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
    return runner.invoke(main, ["migrate", command, *args])


def class_store(tmp_path: Path) -> tuple[Path, Path]:
    """Three 2014 students (one at a station already, one released) and the loan rules."""
    db = tmp_path / "class.db"
    waiting = start(student_id="2014001", facts=profile())
    waiting.refuse("library_cleared", staff("library", "L03"), "2 books", at=EARLY)
    released = released_case()
    released.student_id = "2014003"
    with Store.open(db, engine_2014()) as store:
        store.add([waiting, start(student_id="2014002", facts=profile()), released])
    revised = tmp_path / "loan.yaml"
    revised.write_text(revised_text(loan=True), encoding="utf-8")
    return db, revised


def test_apply_moves_the_open_cases_then_undo_moves_them_back(tmp_path: Path) -> None:
    db, revised = class_store(tmp_path)
    new = revised_engine(loan=True).workflow.digest
    common = ["--db", str(db), "--by", "student_affairs/R01", "--lang", "en"]
    moved = run("apply", str(WORKFLOW_2014), str(revised), *common, "--why", "loan rule")
    assert moved.exit_code == 0, moved.output
    assert f"Moved 2 students onto rules {new[:12]}." in moved.output
    with Store.open(db, revised_engine(loan=True)) as store:
        assert store.rules_in_use() == sorted([(engine_2014().workflow.digest, 1), (new, 2)])
        assert str(store.history("2014001")[-1].reason) == "loan rule"
    again = run(
        "apply", str(WORKFLOW_2014), str(revised), *common, "--why", "x", "--format", "json"
    )
    assert json.loads(again.output) == {"moved": [], "onto": new, "skipped": []}
    back = run("undo", str(revised), *common, "--why", "wrong rule")
    assert back.exit_code == 0, back.output
    assert "Moved 2 students onto rules" in back.output
    with Store.open(db, engine_2014()) as store:
        assert store.rules_in_use() == [(engine_2014().workflow.digest, 3)]


def test_chinese_output_and_a_bad_actor(tmp_path: Path) -> None:
    db, revised = class_store(tmp_path)
    said = run(
        "apply",
        str(WORKFLOW_2014),
        str(revised),
        "--db",
        str(db),
        "--by",
        "R01",
        "--why",
        "x",
        "--lang",
        "zh",
    )
    assert said.exit_code == 1, said.output
    assert "部门/工号" in said.output
    assert "Traceback" not in said.output
    moved = run(
        "apply",
        str(WORKFLOW_2014),
        str(revised),
        "--db",
        str(db),
        "--by",
        "student_affairs/R01",
        "--why",
        "贷款",
        "--lang",
        "zh",
    )
    assert "已将 2 名学生迁移到规则" in moved.output, moved.output


def test_a_move_is_dated_after_the_last_one(tmp_path: Path) -> None:
    db, revised = class_store(tmp_path)
    common = ["--db", str(db), "--by", "student_affairs/R01", "--lang", "en", "--why", "x"]
    moved = run("apply", str(WORKFLOW_2014), str(revised), *common, "--at", "2014-07-05 09:00")
    assert moved.exit_code == 0, moved.output
    early = run("undo", str(revised), *common, "--at", "2014-07-04 09:00")
    assert early.exit_code == 1
    assert "comes before the last move (2014-07-05 09:00+08:00)" in early.output
    back = run("undo", str(revised), *common, "--at", "2014-07-06 09:00")
    assert back.exit_code == 0, back.output
    with Store.open(db, engine_2014()) as store:
        assert store.history("2014001")[-1].at.isoformat() == "2014-07-06T09:00:00+08:00"
    nothing = tmp_path / "empty.db"
    with Store.open(nothing, engine_2014()) as store:
        store.add([start(student_id="2014009", facts=profile())])
    said = run(
        "undo",
        str(WORKFLOW_2014),
        *common[:0],
        "--db",
        str(nothing),
        "--by",
        "a/b",
        "--why",
        "x",
        "--lang",
        "en",
    )
    assert said.exit_code == 1
    assert "no case has been moved: there is no move to undo" in said.output


def test_the_same_rules_twice_is_nothing_to_move(tmp_path: Path) -> None:
    db, _ = class_store(tmp_path)
    said = run(
        "apply",
        str(WORKFLOW_2014),
        str(WORKFLOW_2014),
        "--db",
        str(db),
        "--by",
        "a/b",
        "--why",
        "x",
        "--lang",
        "en",
    )
    assert said.exit_code == 1
    assert "have the same rules" in said.output


def test_a_plan_of_other_rules_or_no_plan_at_all_is_refused(tmp_path: Path) -> None:
    db, revised = class_store(tmp_path)
    old, new = engine_2014().workflow.digest, revised_engine(loan=True).workflow.digest
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps({"rules_from": new, "rules_to": old, "cases": []}), "utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{}", "utf-8")
    common = ["--db", str(db), "--by", "a/b", "--why", "x", "--lang", "en"]
    said = run("apply", str(WORKFLOW_2014), str(revised), *common, "--plan", str(stale))
    assert said.exit_code == 1
    assert f"{stale}: the plan is for rules {new[:12]} → {old[:12]}, not {old[:12]} → " in (
        said.output.replace("\n", " ")
    )
    said = run("apply", str(WORKFLOW_2014), str(revised), *common, "--plan", str(broken))
    assert said.exit_code == 1
    assert (
        f"{broken}: not a plan saved by 'clearflow migrate plan --format json' ('rules_from')"
        in said.output.replace("\n", " ")
    )
    with Store.open(db, engine_2014()) as store:
        assert store.rules_in_use() == [(old, 3)]
