"""``clear_unlisted`` leaves alone, and counts, the students whose step does not apply or waits.

Before, one such student refused the whole file (CF717); a deadline passed still does.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from clearflow.cli import main
from clearflow.cohort.importing import import_office_list, import_roster
from clearflow.engine import StepStatus
from clearflow.errors import TableError
from clearflow.store._store import Store
from support import ZONE
from support.imports import BASE_ROSTER, open_store

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
EARLY = dt.datetime(2014, 6, 30, 9, 0, tzinfo=ZONE)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """The five students of the base roster, nothing done yet."""
    with open_store(tmp_path) as opened:
        import_roster(opened, BASE_ROSTER, at=EARLY)
        yield opened


def members(store: Store) -> set[str]:
    """The Party members of the store, to whom the Party transfer applies."""
    return {
        student
        for student in store.student_ids()
        if store.load(student).status("party_transfer") is not StepStatus.NOT_APPLICABLE
    }


def test_a_step_that_does_not_apply_is_counted_apart(store: Store, tmp_path: Path) -> None:
    """Unlisted non-members are left alone and counted; unlisted members are cleared."""
    path = tmp_path / "party.csv"
    path.write_text("student_id,owes\n2014000001,no\n", encoding="utf-8")
    result = import_office_list(store, path, office="party_branch", clear_unlisted=True, at=EARLY)
    party = members(store)
    assert "2014000001" in party
    assert (result.cleared, result.not_applicable, result.waiting) == (
        len(party),
        5 - len(party),
        0,
    )
    assert result.summary() == (
        f"{path}: party_transfer: {len(party)} cleared, 0 refused, 0 already settled, "
        f"0 unchanged, unlisted and left as they are: {5 - len(party)} students the step "
        "does not apply to (1 row, UTF-8)"
    )


def test_a_step_still_waiting_is_skipped_not_refused(store: Store, tmp_path: Path) -> None:
    """A station's list before anyone reached the hall: every student waits, none is refused."""
    path = tmp_path / "checklist.csv"
    path.write_text("student_id,owes\n", encoding="utf-8")
    result = import_office_list(
        store, path, office="department", step="checklist_issued", clear_unlisted=True, at=EARLY
    )
    assert (result.cleared, result.refused, result.waiting, result.not_applicable) == (0, 0, 5, 0)
    assert result.summary() == (
        f"{path}: checklist_issued: 0 cleared, 0 refused, 0 already settled, 0 unchanged, "
        "unlisted and left as they are: 5 students whose step waits for another step "
        "(0 rows, UTF-8)"
    )
    assert result.summary("zh") == (
        f"{path}: checklist_issued：办结 0 人，退回 0 人，0 人此前已办结，0 人没有变化，"
        "名单未列、未作处理：5 人须先办完其他环节（0 行，UTF-8）"
    )
    statuses = {store.load(sid).status("checklist_issued") for sid in store.student_ids()}
    assert statuses == {StepStatus.PENDING}


def test_a_listed_student_still_waiting_refuses_the_file(store: Store, tmp_path: Path) -> None:
    """The office said clear: a step that cannot be cleared yet is a real error (CF717)."""
    path = tmp_path / "checklist.csv"
    path.write_text("student_id,owes\n2014000001,no\n", encoding="utf-8")
    with pytest.raises(TableError) as caught:
        import_office_list(
            store, path, office="department", step="checklist_issued", clear_unlisted=True
        )
    assert [issue.code for issue in caught.value.issues] == ["CF717"]


def test_the_cli_says_both_counts(tmp_path: Path) -> None:
    """``--clear-unlisted`` on the command line: the summary line names what was left alone."""
    (tmp_path / "party.csv").write_text("student_id,owes\n2014000001,no\n", encoding="utf-8")
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        db = ["--db", "clearflow.db"]
        roster = ["cohort", "import", str(WORKFLOW), str(BASE_ROSTER), *db]
        assert runner.invoke(main, [*roster, "--at", "2014-06-30 09:00"]).exit_code == 0
        listed = ["cohort", "import", str(WORKFLOW), "party.csv", *db, "--office", "party_branch"]
        result = runner.invoke(main, [*listed, "--clear-unlisted", "--lang", "zh"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("party.csv: party_transfer：办结 ")
    assert "名单未列、未作处理：" in result.stdout
    assert "人无需办理此环节（1 行，UTF-8）\n" in result.stdout
