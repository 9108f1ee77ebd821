"""The issue's scenario, through the CLI: the 2014 store mid-season, a prerequisite for loan
holders added; the plan calls exactly the loan holders changed, apply moves them, and
``walk --db`` shows a loan holder the new step to do (and it does not apply to the others)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from clearflow.cli import main
from clearflow.store import Store
from support import engine_2014
from support.mid_season import LOAN_HOLDERS, mid_season, revised_text

NEW_STEP = "Student loan repayment plan confirmed"


def cli(*args: str) -> Result:
    return CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"}).invoke(main, list(args))


def test_plan_apply_walk(tmp_path: Path) -> None:
    db = tmp_path / "class.db"
    mid_season(db)
    old = Path(__file__).resolve().parents[2] / "workflows" / "gyvtc-2014.yaml"
    new = tmp_path / "loans.yaml"
    new.write_text(revised_text(loan=True), encoding="utf-8")
    facts = tmp_path / "loans.csv"
    facts.write_text(
        "student_id,student_loan\n" + "".join(f"{s},yes\n" for s in LOAN_HOLDERS), "utf-8"
    )
    files = [str(old), str(new), "--db", str(db), "--facts", str(facts), "--lang", "en"]
    planned = cli("migrate", "plan", *files, "--format", "json")
    assert planned.exit_code == 0, planned.output
    cases = json.loads(planned.output)["cases"]
    changed = {case["student_id"] for case in cases if case["outcome"] == "changed"}
    moving = {c["student_id"] for c in cases if c["outcome"] in ("changed", "unchanged")}
    assert changed == {s for s in LOAN_HOLDERS if s in moving}
    (tmp_path / "plan.json").write_text(planned.output, encoding="utf-8")
    applied = cli(
        "migrate",
        "apply",
        *files,
        "--plan",
        str(tmp_path / "plan.json"),
        "--by",
        "student_affairs/R01",
        "--why",
        "loan holders",
        "--at",
        "2014-07-04 09:00",
    )
    assert applied.exit_code == 0, applied.output
    assert f"Moved {len(moving)} students onto rules" in applied.output
    with Store.open(db, engine_2014()) as store:
        on_new = {
            s
            for s in store.student_ids()
            if store.load(s).engine.workflow.digest != engine_2014().workflow.digest
        }
    assert on_new == moving
    holder = sorted(changed)[0]
    other = sorted(moving - changed)[0]
    for student, status in ((holder, "pending"), (other, "not applicable")):
        walked = cli(
            "walk",
            str(new),
            "--db",
            str(db),
            "--student-id",
            student,
            "--yes",
            "--at",
            "2014-07-04 10:00",
            "--lang",
            "en",
        )
        assert walked.exit_code in (0, 3), walked.output
        row = next(line for line in walked.output.splitlines() if NEW_STEP in line)
        assert status in row, walked.output
