"""Blocked rows read from what holds each case, without restoring it (``store._held``).

The reports' equality with the pure reports on random classes is
``test_projection.py``'s; here: a case without a holds text is restored and says the
same, and rows the store holds wrongly are refused naming the student, on the library
and at the command line, without a traceback.
"""

from __future__ import annotations

import datetime as dt
import decimal
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from clearflow.cli import main
from clearflow.cohort import blocked_rows
from clearflow.cohort.stored import StoredCohort
from clearflow.engine import Actor, Case, Engine, Owed, holding
from clearflow.errors import CaseDataError
from clearflow.store import HeldReader, Store, scan_held
from clearflow.store._projection import PENDING
from support import WORKFLOW_2014 as WORKFLOW
from support import at, engine_2014

TODAY = dt.date(2014, 7, 10)


def _class(engine: Engine) -> list[Case]:
    """Four students: one refused with an amount, one cleared at the library, two fresh."""
    facts = {
        "program": "higher_vocational",
        "campus": "main",
        "department": "finance_trade",
        "party_member": False,
        "league_member": False,
        "employment_agreement": False,
        "household_moving": False,
        "credits_complete": True,
    }
    cases = [engine.start(f"2014{n:03d}", facts, at=at(6, 25)) for n in range(4)]
    owed = Owed(amount=decimal.Decimal("35.00"), items=None)
    by = Actor(office="finance", staff="F01")
    cases[0].refuse("finance_cleared", by, "owes fees", owed=owed, at=at(6, 30))
    cases[1].clear("library_cleared", Actor(office="library", staff="L03"), at=at(6, 30))
    return cases


@pytest.fixture
def class_db(tmp_path: Path) -> tuple[Path, list[tuple[Case, str | None]]]:
    """The class in a store, and its cases as loaded back (with their counsellors)."""
    path = tmp_path / "class.db"
    engine = engine_2014()
    with Store.open(path, engine) as store:
        store.add(_class(engine), {"2014000": "王老师"})
        stored = [(store.load(f"2014{n:03d}"), "王老师" if n == 0 else None) for n in range(4)]
    return path, stored


def _sql(path: Path, statement: str) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(statement)
    connection.close()


def test_held_cases_say_what_the_restored_cases_say(
    class_db: tuple[Path, list[tuple[Case, str | None]]],
) -> None:
    """Holds, refusals, facts and counsellor: those of the case restored whole."""
    path, stored = class_db
    engine = engine_2014()
    with Store.open(path, engine) as store:
        held = scan_held(store, reader=HeldReader(store))
    assert [case.student_id for case in held] == [case.student_id for case, _ in stored]
    for one, (case, counsellor) in zip(held, stored, strict=True):
        assert one.holds == holding(case)
        assert one.facts == case.facts
        assert one.counsellor == counsellor
        assert dict(one.refusals) == {
            step: record for step, record in case.records.items() if str(record.status) == "refused"
        }
    assert held[0].refusals["finance_cleared"].owed == Owed(amount=decimal.Decimal("35.00"))


def test_a_case_without_holds_is_restored_and_reported_alike(
    class_db: tuple[Path, list[tuple[Case, str | None]]],
) -> None:
    """With the holds of every case gone and the store saying so (as a version-1 store
    upgraded is until it is opened to write) the blocked rows are read from the restored
    cases: the same."""
    path, stored = class_db
    engine = engine_2014()
    with StoredCohort(path, engine) as cohort:
        before = tuple(cohort.rows(TODAY))
    _sql(path, "UPDATE clearflow_cases SET holds_id = NULL")
    _sql(path, f"INSERT INTO clearflow_meta (key, value) VALUES ('{PENDING}', '1')")
    with StoredCohort(path, engine) as cohort:
        after = tuple(cohort.rows(TODAY))
    assert before == after == blocked_rows(stored, TODAY)
    assert any(row.reason == "owes fees" for row in after)


@pytest.mark.parametrize(
    ("statement", "said", "summary"),
    [
        (
            "UPDATE clearflow_holds SET text = ' no_such_step:pending ' "
            "WHERE id = (SELECT holds_id FROM clearflow_cases WHERE student_id = '2014000')",
            "student '2014000': the store says an unknown step holds them ('no_such_step:pending')",
            "the store says an unknown step holds some students ('no_such_step:pending')",
        ),
        (
            "UPDATE clearflow_steps SET at = 'yesterday' WHERE student_id = '2014000'",
            "student '2014000': malformed case data (ValueError: ",
            "student '2014000': malformed case data (ValueError: ",
        ),
    ],
    ids=["holds", "refusal"],
)
def test_rows_held_wrongly_are_refused_naming_the_student(
    class_db: tuple[Path, list[tuple[Case, str | None]]],
    statement: str,
    said: str,
    summary: str,
) -> None:
    """A holds text naming no step, a refusal's time that is no time: a CaseDataError
    naming the student; ``cohort blocked`` says it (the holds text already in its summary
    of every student) and exits 1, with no traceback."""
    path, _ = class_db
    _sql(path, statement)
    with StoredCohort(path, engine_2014()) as cohort, pytest.raises(CaseDataError) as raised:
        list(cohort.rows(TODAY))
    assert str(raised.value).startswith(said)
    result = CliRunner().invoke(
        main, ["cohort", "blocked", str(WORKFLOW), "--db", str(path), "--today", "2014-07-10"]
    )
    assert result.exit_code == 1, result.output
    assert summary in result.output
    assert "Traceback" not in result.output
