"""The projection agrees with the cases: restore, replay and the rows the reports read.

Random 2014 students (the strategies of ``tests/test_properties.py``) are acted on through
the store, one transaction per move as terminals do; afterwards the case restored from its
state, the case replayed from its events and the projection (``facts``, ``holds``, the
step rows) must say the same. Then whole random classes: every report the store answers
with SQL (:class:`~clearflow.cohort.stored.StoredCohort`) equals the pure report of the
same name over every case.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import decimal
import functools
import itertools
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from clearflow.cohort import (
    blocked_rows,
    blocked_summary,
    filter_rows,
    grouping,
    headcount_check,
    station_progress,
    unassigned,
)
from clearflow.cohort import stored as stored_module
from clearflow.cohort.report import group_of
from clearflow.cohort.stored import StoredCohort
from clearflow.engine import (
    Actor,
    Case,
    Engine,
    Owed,
    StepStatus,
    blockers,
    holding,
    replay,
    snapshot,
)
from clearflow.errors import ActionError
from clearflow.loading import load_workflow
from clearflow.spec.conditions import FactValue
from clearflow.store import Driver, Store, parse_holds
from clearflow.store._projection import facts_text, step_row
from clearflow.store._tables import (
    cases_table,
    events_table,
    facts_table,
    holds_table,
    steps_table,
)
from support import at, engine_2014
from test_properties import Move, Script, perform, profiles, run, scripts

FEW = settings(max_examples=40, deadline=None, database=None, derandomize=True)
COUNSELLORS = (None, "王老师", "李老师", "")
DRIVERS: tuple[Driver, ...] = ("sqlite3", "sqlalchemy")
"""How a report reads a SQLite store: ``sqlite3`` (the default) or SQLAlchemy (any URL)."""


_STORES: dict[str, Path] = {}


def fresh_store(name: str) -> Store:
    """The test's store, emptied: hypothesis runs many examples per test, and making a
    store (its migrations) costs more than an example."""
    path = _STORES.get(name)
    if path is None:
        folder = Path(tempfile.mkdtemp(prefix="clearflow-projection-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = _STORES[name] = folder / "s.db"
    store = Store.open(path, engine_2014())
    with store.database.begin() as connection:
        for table in (steps_table, events_table, cases_table):
            connection.execute(sa.delete(table))
    return store


def projected(store: Store, student_id: str) -> tuple[Any, list[dict[str, Any]]]:
    """A case's ``facts`` and ``holds`` columns and its step rows, as stored."""
    with store.database.connect() as connection:
        row = connection.execute(
            sa.select(facts_table.c.text.label("facts"), holds_table.c.text.label("holds"))
            .select_from(
                cases_table.join(facts_table, facts_table.c.id == cases_table.c.facts_id).join(
                    holds_table, holds_table.c.id == cases_table.c.holds_id
                )
            )
            .where(cases_table.c.student_id == student_id)
        ).one()
        steps = connection.execute(
            sa.select(steps_table)
            .where(steps_table.c.student_id == student_id)
            .order_by(steps_table.c.step)
        ).all()
    return row, [dict(step._mapping) for step in steps]


@FEW
@given(profiles(), scripts)
def test_restore_replay_and_projection_agree(facts: dict[str, FactValue], script: Script) -> None:
    """After every move through the store, the three views of the case are one."""
    store = fresh_store("one")
    try:
        case = engine_2014().start("2014001", facts, name="张三", at=at(6, 25))
        store.add([case])
        moves = [
            *script.head,
            *itertools.islice(itertools.cycle(script.progress_moves), script.progress),
            *script.tail,
        ]
        for move in moves:
            with contextlib.suppress(ActionError):
                store.act("2014001", functools.partial(_act, move=move))
        restored = store.load("2014001")
        replayed = replay(engine_2014(), "2014001", store.history("2014001"), name="张三")
        assert snapshot(restored, events=False) == snapshot(replayed, events=False)
        row, steps = projected(store, "2014001")
        assert json.loads(row.facts) == dict(facts)
        assert row.facts == facts_text(restored.facts)
        assert parse_holds(row.holds) == holding(restored) == holding(replayed)
        assert holding(restored) == tuple(
            (
                blocker.step.id,
                "refused"
                if blocker.status is StepStatus.REFUSED
                else "waiting"
                if blocker.waiting_for
                else "pending",
            )
            for blocker in blockers(restored)
        )
        expected = [
            step_row(store.workflow, "2014001", step, record)
            for step, record in sorted(restored.records.items())
        ]
        assert steps == expected
    finally:
        store.close()


def _act(stored: Case, move: Move) -> None:
    """Try a move; raise its refusal, so that the store writes nothing for it."""
    attempt = perform(stored, move, False)
    if attempt.error is not None:
        raise attempt.error


students = st.lists(
    st.tuples(profiles(), scripts, st.sampled_from(COUNSELLORS)), min_size=1, max_size=10
)
OPTIONS: list[dict[str, Any]] = [
    {"by": None},
    {"by": "office"},
    {"by": "counsellor", "statuses": ("refused",)},
    {"by": "campus", "office": "library"},
    {"by": "office", "statuses": ("pending",)},
    {"by": "department", "statuses": ("waiting",)},
    {"by": None, "statuses": ("overdue",)},
]
DAYS = (None, dt.date(2014, 7, 10))


@FEW
@given(students)
def test_every_stored_report_equals_the_pure_report(drawn: list[tuple[Any, Script, Any]]) -> None:
    """Progress, headcount, unassigned, the blocked summary, pages and rows: all equal, on
    both ways of reading a SQLite store (``sqlite3`` and SQLAlchemy)."""
    cases: list[Case] = []
    counsellors: dict[str, str | None] = {}
    for number, (facts, script, counsellor) in enumerate(drawn):
        case, _ = run(facts, script)
        case.student_id = f"2014{number:03d}"
        cases.append(case)
        counsellors[case.student_id] = counsellor
    store = fresh_store("class")
    try:
        store.add(cases, counsellors)
        stored = [(store.load(case.student_id), counsellors[case.student_id]) for case in cases]
    finally:
        store.close()
    engine = engine_2014()
    for driver in DRIVERS:  # sqlite3 and SQLAlchemy: the same SQL, the same reports
        with StoredCohort(store.database.url.database or "", engine, driver=driver) as cohort:
            _equals_the_pure_reports(cohort, stored)


def _equals_the_pure_reports(cohort: StoredCohort, stored: list[tuple[Case, Any]]) -> None:
    """Every report of ``cohort`` equals the pure report over the ``stored`` cases: progress,
    headcount, unassigned, and for each set of options the summary, the rows and the pages
    (each student in the first of their groups)."""
    workflow = cohort.workflow
    everyone = [case for case, _ in stored]
    assert cohort.progress() == station_progress(everyone, workflow)
    assert cohort.headcount() == headcount_check(everyone, workflow)
    assert cohort.unassigned() == len(unassigned(everyone, workflow))
    for options, today in itertools.product(OPTIONS, DAYS):
        by = options["by"]
        kept = filter_rows(
            workflow,
            blocked_rows(stored, today, by=by),
            office=options.get("office"),
            statuses=options.get("statuses", ()),
        )
        expected = blocked_summary(kept, grouping(workflow, by))
        filters = {key: value for key, value in options.items() if key != "by"}
        assert cohort.summary(today, by=by, **filters) == expected
        assert tuple(cohort.rows(today, by=by, **filters)) == kept
        listed = [row for held in cohort.blocked(today, by=by, **filters) for row in held]
        assert sorted(listed, key=repr) == sorted(kept, key=repr)
        order = {group.key: number for number, group in enumerate(expected.groups)}
        firsts = [
            min(order[_group(row, expected.by)] for row in listed if row.student_id == student)
            for student in dict.fromkeys(row.student_id for row in listed)
        ]
        assert firsts == sorted(firsts)


def _group(row: Any, by: str) -> str:
    return group_of(row, by)[0]


PARTIAL = Path(__file__).resolve().parents[2] / "examples" / "workflows" / "partial-order.yaml"
actions = st.lists(
    st.tuples(st.integers(0, 6), st.sampled_from(["clear", "refuse", "waive"])), max_size=8
)


@FEW
@given(st.lists(actions, min_size=1, max_size=8))
def test_stored_reports_of_a_partial_order_say_who_is_waiting(drawn: list[Any]) -> None:
    """Prerequisites ordered by ``after:``: the stored reports tell waiting from pending."""
    engine = Engine(load_workflow(PARTIAL))
    steps = [step.id for step in engine.prerequisites]
    cases = []
    for number, moves in enumerate(drawn):
        case = engine.start(f"2023{number:03d}", {}, at=dt.datetime(2023, 6, 1, 9, 0))
        for index, verb in moves:
            step = engine.steps[steps[index]]
            by = Actor(office=step.office, staff="T01")
            try:
                if verb == "clear":
                    case.clear(step.id, by, at=dt.datetime(2023, 6, 2, 10, 0))
                else:
                    getattr(case, verb)(step.id, by, "not yet", at=dt.datetime(2023, 6, 2, 10, 0))
            except ActionError:
                pass
        cases.append(case)
    folder = Path(tempfile.mkdtemp(prefix="clearflow-partial-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "s.db"
    with Store.open(path, engine) as store:
        store.add(cases)
        stored = [(store.load(case.student_id), None) for case in cases]
    for driver in DRIVERS:
        with StoredCohort(path, engine, driver=driver) as cohort:
            for statuses in [(), ("waiting",), ("pending",), ("refused",)]:
                kept = filter_rows(engine.workflow, blocked_rows(stored, None), statuses=statuses)
                assert cohort.summary(None, by="office", statuses=statuses) == blocked_summary(
                    kept, "office"
                )
                assert tuple(cohort.rows(None, statuses=statuses)) == kept


def _a_class(engine: Engine) -> tuple[list[Case], dict[str, str | None]]:
    """Nine students of three departments: refusals with amounts, clears, counsellors."""
    departments = ("urban_rural_planning", "finance_trade", "rail_transit")
    cases, counsellors = [], {}
    for number in range(9):
        facts = {**_STUDENT, "department": departments[number % 3]}
        case = engine.start(f"2014{number:03d}", facts, at=at(6, 25))
        if number % 2:
            owed = Owed(amount=decimal.Decimal(number), items=None)
            by = Actor(office="finance", staff="F01")
            case.refuse("finance_cleared", by, "owes", owed=owed, at=at(6, 30))
        if number % 3 == 1:
            case.clear("library_cleared", Actor(office="library", staff="L03"), at=at(6, 30))
        cases.append(case)
        counsellors[case.student_id] = COUNSELLORS[number % len(COUNSELLORS)]
    return cases, counsellors


def _stored_class(target: str | Path, engine: Engine) -> list[tuple[Case, str | None]]:
    """:func:`_a_class` added to the store at ``target``, as loaded back."""
    cases, counsellors = _a_class(engine)
    with Store.open(target, engine) as store:
        store.add(cases, counsellors)
        return [(store.load(case.student_id), counsellors[case.student_id]) for case in cases]


def test_the_reports_on_any_backend_equal_the_pure_reports(store_url: str) -> None:
    """On SQLite (read with ``sqlite3``) and on PostgreSQL (SQLAlchemy, the same SQL texts
    in its driver's parameter style): a class with refusals, clears and counsellors."""
    engine = engine_2014()
    stored = _stored_class(store_url, engine)
    with StoredCohort(store_url, engine) as cohort:
        _equals_the_pure_reports(cohort, stored)
        assert any(cohort.rows(None, statuses=("refused",)))


def test_the_reports_read_in_small_chunks_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocked rows read one and two cases at a time (each read after the last student of
    the one before) equal the pure reports: the chunks only cut where reading pauses."""
    engine = engine_2014()
    stored = _stored_class(tmp_path / "class.db", engine)
    monkeypatch.setattr(stored_module, "FIRST_CHUNK", 1)
    monkeypatch.setattr(stored_module, "CHUNK", 2)
    for driver in DRIVERS:
        with StoredCohort(tmp_path / "class.db", engine, driver=driver) as cohort:
            _equals_the_pure_reports(cohort, stored)


def test_an_amount_owed_is_a_column_of_its_step_row() -> None:
    """A refusal's amount (exact, in yuan) and items are the row's; clearing empties them."""
    store = fresh_store("one")
    try:
        case = engine_2014().start("2014009", {**_STUDENT}, at=at(6, 25))
        store.add([case])
        by = Actor(office="library", staff="L03")
        owed = Owed(amount=decimal.Decimal("35"), items="2 books")
        store.act(
            "2014009", lambda c: c.refuse("library_cleared", by, "owes", owed=owed, at=at(6, 30))
        )
        _, steps = projected(store, "2014009")
        assert [(row["step"], row["amount"], row["items"]) for row in steps] == [
            ("library_cleared", "35.00", "2 books")
        ]
        store.act("2014009", lambda c: c.clear("library_cleared", by, at=at(7, 1)))
        _, steps = projected(store, "2014009")
        assert [(row["status"], row["amount"], row["items"]) for row in steps] == [
            ("cleared", None, None)
        ]
    finally:
        store.close()


_STUDENT: dict[str, FactValue] = {
    "program": "higher_vocational",
    "campus": "main",
    "department": "urban_rural_planning",
    "party_member": False,
    "league_member": False,
    "employment_agreement": False,
    "household_moving": False,
    "credits_complete": True,
}
