"""The migration plan on a 2014 store mid-season, each revision made by editing the YAML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clearflow import load_workflow_text
from clearflow.engine import Engine, Renames
from clearflow.migration import ChangeKind, Outcome, Plan, plan_migration
from clearflow.migration._plan import Facts
from clearflow.spec import Workflow
from clearflow.store import Store, open_reader
from support import engine_2014, start
from support.mid_season import LOAN_HOLDERS, mid_season, revised, revised_text

RENAMED = Renames(steps={"dormitory_cleared": "dormitory_checked_out"})


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """The mid-season 2014 store's file."""
    path = tmp_path / "class.db"
    mid_season(path)
    return path


def plan(
    path: Path, workflow: Workflow, renames: Renames | None = None, facts: Facts | None = None
) -> Plan:
    """The plan of the store at ``path`` (opened read only) onto ``workflow``."""
    with open_reader(path, engine_2014()) as reader:
        return plan_migration(reader, Engine(workflow), renames=renames, facts=facts)


def outcomes(planned: Plan) -> dict[str, str]:
    """Each planned student's outcome."""
    return {case.student_id: str(case.outcome) for case in planned.cases}


def kinds(planned: Plan, student_id: str) -> list[tuple[str, str | None]]:
    """The kinds and subjects of one student's changes, in order."""
    (case,) = [case for case in planned.cases if case.student_id == student_id]
    return [(str(change.kind), change.subject) for change in case.changes]


def test_a_new_step_for_loan_holders_changes_exactly_the_loan_holders(store: Path) -> None:
    """With the loan holders given in a facts file, only they change: a new step to do, the
    fact, and for the one in the hall the phase back to preparing. The released student is
    counted apart."""
    facts = {"2014001": {"student_loan": False}} | {s: {"student_loan": True} for s in LOAN_HOLDERS}
    planned = plan(store, revised(loan=True), facts=facts)
    assert outcomes(planned) == {
        "2014001": "unchanged",
        "2014002": "changed",
        "2014003": "changed",
        "2014004": "unchanged",
    }
    assert kinds(planned, "2014002") == [("new_step", "loan_confirmed"), ("fact", "student_loan")]
    assert kinds(planned, "2014003") == [
        ("new_step", "loan_confirmed"),
        ("phase", None),
        ("fact", "student_loan"),
    ]
    assert planned.counts() == {
        "unchanged": 2,
        "changed": 2,
        "cannot_move": 0,
        "released": 1,
        "other_rules": 0,
    }


def test_changes_are_said_in_english_and_chinese(store: Path) -> None:
    """A change names the step by its label in the new workflow, and the office."""
    planned = plan(store, revised(loan=True), facts={"2014003": {"student_loan": True}})
    (case,) = planned.of(Outcome.CHANGED)
    said = [change.said() for change in case.changes]
    assert [message.text("en") for message in said] == [
        "new step to do: Student loan repayment plan confirmed ('loan_confirmed') "
        "at Student Aid Center",
        "phase changes: in the hall, at Blank clearance checklist handed out → "
        "preparing (prerequisites)",
        "fact added: Student loan holder ('student_loan') = yes",
    ]
    assert [message.text("zh") for message in said] == [
        "新增待办环节：确认助学贷款还款计划（'loan_confirmed'），办理部门 学生资助中心",
        "办理阶段变化：大厅办理中，在 领取空白《离校清单》 → 前期准备中",
        "新增信息：助学贷款（'student_loan'）= 是",
    ]


def test_without_the_facts_a_new_fact_with_a_default_changes_nobody(store: Path) -> None:
    """The default (not a loan holder) applies to everyone: every case moves as it is."""
    planned = plan(store, revised(loan=True))
    assert set(outcomes(planned).values()) == {"unchanged"}


def test_a_renamed_step_with_its_rename_changes_nobody(store: Path) -> None:
    """Records are compared with their ids renamed."""
    planned = plan(store, revised(rename=True), renames=RENAMED)
    assert set(outcomes(planned).values()) == {"unchanged"}
    assert planned.renames == RENAMED


def test_a_renamed_step_without_its_rename_is_a_step_gone_and_one_new(store: Path) -> None:
    """Without the rename the dormitory's clearance is left out and there is a new step."""
    planned = plan(store, revised(rename=True))
    assert kinds(planned, "2014001") == [
        ("new_step", "dormitory_checked_out"),
        ("no_longer_applies", "dormitory_cleared"),
    ]
    assert kinds(planned, "2014004") == [
        ("new_step", "dormitory_checked_out"),
        ("no_longer_applies", "dormitory_cleared"),
        ("phase", None),
    ]
    gone = next(c for c in planned.cases if c.student_id == "2014004").changes[1]
    assert gone.before == "cleared"
    assert gone.said().text("en") == (
        "step Cleared at the Dormitory Management Section ('dormitory_cleared') no longer "
        "applies: its record (cleared) is left out"
    )


def test_a_removed_step_no_longer_applies_to_anyone_open(store: Path) -> None:
    """Every open case loses the step; those who had cleared it lose the record."""
    planned = plan(store, revised(remove=True))
    assert set(outcomes(planned).values()) == {"changed"}
    for student_id in ("2014001", "2014002", "2014003", "2014004"):
        assert kinds(planned, student_id) == [("no_longer_applies", "academic_affairs_cleared")]
    records = {case.student_id: case.changes[0].before for case in planned.cases}
    assert records == {"2014001": None, "2014002": None, "2014003": "cleared", "2014004": "cleared"}


def test_a_deadline_moved_before_an_action_makes_its_record_late(store: Path) -> None:
    """Moved to 07-02: the clearances of 07-03 turn late; those of 07-01 do not."""
    planned = plan(store, revised(earlier=True))
    assert outcomes(planned) == {
        "2014001": "unchanged",
        "2014002": "unchanged",
        "2014003": "changed",
        "2014004": "unchanged",
    }
    changes = planned.of(Outcome.CHANGED)[0].changes
    assert {change.kind for change in changes} == {ChangeKind.LATE}
    assert "library_cleared" in {change.subject for change in changes}
    assert (
        changes[0]
        .said()
        .text("en")
        .endswith("is now late: its deadline moved before the action (2014-07-03 10:00)")
    )


def test_a_blocking_deadline_moved_before_an_action_cannot_move(store: Path) -> None:
    """Fees are due 07-02 and late fees block: a clearance of 07-03 is refused, and the
    plan says which event and why."""
    planned = plan(store, revised(fees_earlier=True))
    assert outcomes(planned)["2014003"] == "cannot_move"
    (case,) = planned.of(Outcome.CANNOT_MOVE)
    assert case.reason is not None
    assert case.reason.text("en").startswith("cannot move event 2 (clear finance_cleared): ")
    assert case.version == 7


def test_a_new_fact_without_a_default_and_no_value_cannot_move(store: Path) -> None:
    """The new rules refuse the start of a case that has no value; given one in a facts
    file, the case moves with the fact added (a fact without a default is always a change)."""
    source = revised_text(loan=True).replace(
        "student_loan: {type: bool, default: false,", "student_loan: {type: bool,"
    )
    required = load_workflow_text(source)
    planned = plan(store, required)
    assert set(outcomes(planned).values()) == {"cannot_move"}
    reason = planned.cases[0].reason
    assert reason is not None
    assert reason.text("en").startswith("cannot move the start (event 1): ")
    every = {student: {"student_loan": False} for student in outcomes(planned)}
    given = plan(store, required, facts=every)
    assert set(outcomes(given).values()) == {"changed"}
    assert {str(c.kind) for case in given.cases for c in case.changes} == {"fact"}


def test_cases_on_other_rules_are_listed_and_the_rest_planned(store: Path) -> None:
    """A case of a third digest is not planned (and does not stop the others)."""
    with Store.open(store, Engine(revised(rename=True))) as other:
        other.add([start(engine=other.engine, student_id="2014009")])
    planned = plan(store, revised(loan=True))
    assert planned.other_rules == ("2014009",)
    assert len(planned.cases) == 4
    assert planned.counts()["other_rules"] == 1


def test_the_plan_is_json_with_digests_versions_and_words(store: Path) -> None:
    """to_dict holds both digests, the renames, each case's version and its changes'
    text in the language asked for."""
    planned = plan(
        store, revised(loan=True, rename=True), RENAMED, facts={"2014002": {"student_loan": True}}
    )
    data = json.loads(json.dumps(planned.to_dict("zh"), ensure_ascii=False))
    assert data["rules_from"] == engine_2014().workflow.digest
    assert data["rules_to"] == revised(loan=True, rename=True).digest
    assert data["renames"] == {"steps": {"dormitory_cleared": "dormitory_checked_out"}}
    versions = {case["student_id"]: case["version"] for case in data["cases"]}
    assert versions == {"2014001": 1, "2014002": 2, "2014003": 7, "2014004": 7}
    (changed,) = [case for case in data["cases"] if case["outcome"] == "changed"]
    assert changed["changes"][0] == {
        "kind": "new_step",
        "subject": "loan_confirmed",
        "office": "student_aid",
        "text": "新增待办环节：确认助学贷款还款计划（'loan_confirmed'），办理部门 学生资助中心",
    }


def test_facts_for_students_without_an_open_case_are_reported(store: Path) -> None:
    """The released student and one not in the store are named, not planned."""
    facts = {"2014005": {"student_loan": True}, "2099999": {"student_loan": True}}
    planned = plan(store, revised(loan=True), facts=facts)
    assert planned.facts_unmatched == ("2014005", "2099999")


def test_planning_writes_nothing(store: Path) -> None:
    """The store's file is the same bytes after a plan."""
    before = store.read_bytes()
    plan(store, revised(loan=True, remove=True), facts={"2014002": {"student_loan": True}})
    assert store.read_bytes() == before


def test_a_fact_given_for_one_the_case_has_is_a_change(store: Path) -> None:
    """A value given for a fact the case already has replaces it, and the plan says so
    (with what follows: a party member has the Party transfer to do)."""
    planned = plan(store, revised(loan=True), facts={"2014001": {"party_member": True}})
    assert kinds(planned, "2014001") == [
        ("new_step", "party_transfer"),
        ("fact", "party_member"),
    ]
    change = planned.of(Outcome.CHANGED)[0].changes[-1]
    assert change.said().text("en") == (
        "fact changes: Party member (incl. probationary) ('party_member') no → yes"
    )
    assert (
        change.said().text("zh") == "学生信息变化：中共党员（含预备党员）（'party_member'）否 → 是"
    )


def test_a_fact_the_new_workflow_lacks_is_dropped_and_reported(store: Path) -> None:
    """The League fact removed (its step now for everyone): the start's facts lose it, the
    plan names it, and every open case has the League transfer to do."""
    lines = revised_text().splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("  league_member: ")]
    source = "".join(kept).replace("    when: league_member\n", "", 1)
    planned = plan(store, load_workflow_text(source))
    assert planned.facts_dropped == ("league_member",)
    assert {kinds(planned, case.student_id)[0] for case in planned.cases} == {
        ("new_step", "league_transfer")
    }


def test_a_plan_reads_any_store_as_a_sqlite_file(store_url: str, store: Path) -> None:
    """Through SQLAlchemy's store (opened read only), on SQLite or PostgreSQL, the plan is
    the one the SQLite reader gives."""
    with open_reader(store, engine_2014()) as reader:
        cases = [reader.load(student) for student in reader.student_ids()]
        histories = [reader.history(case.student_id) for case in cases]
    with Store.open(store_url, engine_2014()) as writing:
        for case, history in zip(cases, histories, strict=True):
            case.events = history
            case.base_version = 0
        writing.add(cases)
    expected = plan(store, revised(loan=True), facts={"2014002": {"student_loan": True}})
    with Store.open(store_url, engine_2014(), read_only=True) as reading:
        found = plan_migration(
            reading, Engine(revised(loan=True)), facts={"2014002": {"student_loan": True}}
        )
    assert found == expected
