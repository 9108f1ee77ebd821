"""Cases alike: an office list written into the snapshots of cases alike is the list acted out.

Random 2014 classes (students at random points of their procedure, from the strategies of
``tests/test_properties.py``) get a random office list, imported twice: as clearflow does
(acting on one case of each kind, patching the others' snapshots) and with every case acted
on for real (``decision_key`` made unique per case). The stores must then hold the same
states, events and projection, and the imports say the same.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from clearflow.cohort import import_office_list, import_office_lists
from clearflow.cohort._lists import ListImport
from clearflow.errors import TableError
from clearflow.store import Store, _imports
from clearflow.store._tables import cases_table, events_table, steps_table
from support import at as at_
from support import engine_2014, settle_prerequisites, staff
from test_properties import TIMES, Script, profiles, run, scripts

FEW = settings(max_examples=50, deadline=None, database=None, derandomize=True)
OFFICES = ("finance", "library", "dormitory")

MARKS = st.sampled_from(["", "no", "no", "no-note", "yes", "yes-amount", "yes-both"])
kinds = st.lists(
    st.tuples(profiles(), scripts, st.integers(1, 4), MARKS, MARKS), min_size=1, max_size=4
)
"""A few kinds of student, each several times over with the same marks in the lists: cases
alike are what is tested."""
entries = st.lists(st.sampled_from(["", "no", "no", "yes", "yes-amount"]), min_size=16, max_size=16)


def _store(folder: Path, drawn: list[tuple[Any, Script]]) -> Path:
    """A store of the drawn students, each run through its script."""
    cases = []
    for number, (facts, script) in enumerate(drawn):
        case, _ = run(facts, script)
        case.student_id = f"2014{number:03d}"
        cases.append(case)
    path = folder / "s.db"
    with Store.open(path, engine_2014()) as store:
        store.add(cases)
    return path


def _list(folder: Path, office: str, marks: list[str], students: int) -> Path:
    """An office list naming some students: clear, owes, owes with an amount."""
    lines = ["student_id,owes,amount,items,note"]
    for number, mark in itertools.islice(enumerate(marks), students):
        # Students of one kind owe different amounts and items, and say different notes:
        # the values an import writes into the patched cases as they are.
        if mark == "no":
            lines.append(f"2014{number:03d},no,,,")
        elif mark == "no-note":
            lines.append(f"2014{number:03d},no,,,seen {number % 2}")
        elif mark == "yes":
            lines.append(f"2014{number:03d},yes,,{1 + number % 2} 本书,")
        elif mark in ("yes-amount", "yes-again"):
            lines.append(f"2014{number:03d},yes,{35 + number % 3},,late fee")
        elif mark == "yes-both":
            lines.append(f'2014{number:03d},yes,{number % 2}.5,"{number % 3} books", ')
    path = folder / f"{office}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What the import decides: states, events and step rows (not the wall-clock times)."""
    database = sa.create_engine(f"sqlite:///{path}", poolclass=sa.NullPool)
    try:
        with database.connect() as connection:
            cases = connection.execute(
                sa.select(cases_table).order_by(cases_table.c.student_id)
            ).all()
            events = connection.execute(
                sa.select(events_table).order_by(events_table.c.student_id, events_table.c.seq)
            ).all()
            steps = connection.execute(
                sa.select(steps_table).order_by(steps_table.c.student_id, steps_table.c.step)
            ).all()
    finally:
        database.dispose()
    kept = [column.name for column in cases_table.columns if column.name != "updated_at"]
    return {
        "cases": [tuple(row._mapping[name] for name in kept) for row in cases],
        "events": [tuple(row) for row in events],
        "steps": [tuple(row) for row in steps],
    }


def _import(path: Path, lists: list[tuple[Path, str]], at: Any, clear: bool) -> Any:
    """The lists imported (together when there are several); their results, or the refusal."""
    with Store.open(path, engine_2014()) as store:
        try:
            if len(lists) == 1:
                return [
                    import_office_list(
                        store, lists[0][0], office=lists[0][1], clear_unlisted=clear, at=at
                    )
                ]
            return import_office_lists(
                store, [(file, office, None) for file, office in lists], clear_unlisted=clear, at=at
            )
        except TableError as error:
            return str(error)


@FEW
@given(kinds, st.sampled_from(TIMES), st.booleans(), st.booleans())
def test_lists_written_alike_are_the_lists_acted_out(
    drawn_kinds: list[tuple[Any, Script, int, str, str]], at: Any, clear: bool, together: bool
) -> None:
    """Same results, same states, events and step rows, case for case."""
    drawn = [(facts, script) for facts, script, n, _, _ in drawn_kinds for _ in range(n)]
    first = [mark for _, _, n, mark, _ in drawn_kinds for _ in range(n)]
    second = [mark for _, _, n, _, mark in drawn_kinds for _ in range(n)]
    folder = Path(tempfile.mkdtemp(prefix="clearflow-alike-"))
    try:
        made = _store(folder, drawn)
        lists = [(_list(folder, "library", first, len(drawn)), "library")]
        if together:
            lists.append((_list(folder, "dormitory", second, len(drawn)), "dormitory"))
        _compare(folder, made, lists, at, clear)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _compare(folder: Path, made: Path, lists: list[tuple[Path, str]], at: Any, clear: bool) -> Any:
    """Import the lists both ways into copies of ``made``; both must say and store the same."""
    alike, real = folder / "alike.db", folder / "real.db"
    shutil.copyfile(made, alike)
    shutil.copyfile(made, real)
    said = _import(alike, lists, at, clear)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_imports, "decision_key", lambda data, moment: object())
        told = _import(real, lists, at, clear)
    assert said == told
    assert _rows(alike) == _rows(real)
    return said


@pytest.mark.parametrize("at", [at_(7, 1, 10), at_(6, 20, 9)], ids=["after", "backdated"])
def test_the_last_prerequisite_sends_alike_students_into_the_hall(tmp_path: Path, at: Any) -> None:
    """Library is all that holds them: cleared, they enter the hall, alike; dated before
    the other clearances of half of them, those events (only) say they are backdated."""
    engine = engine_2014()
    cases = []
    for number in range(30):
        case = engine.start(f"2014{number:03d}", dict(_FACTS), at=at_(6, 10))
        case.refuse("library_cleared", staff("library"), "2 books", at=at_(6, 14))
        settle_prerequisites(case, at_(6, 25) if number % 2 else at_(6, 15))  # the others
        cases.append(case)
    made = tmp_path / "made.db"
    with Store.open(made, engine) as store:
        store.add(cases)
    listed = _list(tmp_path, "library", ["no"] * 30, 30)
    said = _compare(tmp_path, made, [(listed, "library")], at, False)
    assert said[0].cleared == 30
    with Store.open(tmp_path / "alike.db", engine, read_only=True) as store:
        stored = [case for case, _ in store.cases()]
        assert {case.phase for case in stored} == {engine.stations[0].id}
        backdated = {
            case.student_id: store.history(case.student_id)[-1].backdated for case in stored
        }
    assert backdated == {f"2014{n:03d}": n % 2 == 1 and at < at_(6, 25) for n in range(30)}


def test_alike_cases_are_acted_on_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forty students with the same facts and nothing done yet: one of them is acted on."""
    engine = engine_2014()
    cases = [engine.start(f"2014{number:03d}", dict(_FACTS), at=TIMES[0]) for number in range(40)]
    path = tmp_path / "s.db"
    with Store.open(path, engine) as store:
        store.add(cases)
    listed = _list(tmp_path, "finance", ["no"] * 40, 40)
    acted: list[str] = []
    real_act = ListImport.act

    def act(self: ListImport, case: Any) -> Any:
        acted.append(case.student_id)
        return real_act(self, case)

    monkeypatch.setattr(ListImport, "act", act)
    with Store.open(path, engine) as store:
        result = import_office_list(store, listed, office="finance", at=TIMES[0])
        assert result.cleared == 40
        assert all(case.status("finance_cleared").value == "cleared" for case, _ in store.cases())
    assert acted == ["2014000"]


_FACTS = {
    "program": "higher_vocational",
    "campus": "main",
    "department": "tourism",
    "party_member": False,
    "league_member": False,
    "employment_agreement": False,
    "household_moving": False,
    "credits_complete": True,
}


@pytest.mark.parametrize("together", [False, True], ids=["one", "together"])
def test_alike_students_owing_different_amounts_get_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, together: bool
) -> None:
    """Students alike but for what they owe (amounts, items, notes): one of them is acted
    on per kind of row, the others get their own values written, as acting would."""
    engine = engine_2014()
    cases = [engine.start(f"2014{number:03d}", dict(_FACTS), at=TIMES[0]) for number in range(28)]
    made = tmp_path / "made.db"
    with Store.open(made, engine) as store:
        store.add(cases)
    marks = ["no", "no-note", "yes", "yes-amount", "yes-both", "no-note", "yes"] * 4
    lists = [(_list(tmp_path, "library", marks, 28), "library")]
    if together:
        lists.append((_list(tmp_path, "dormitory", marks[::-1], 28), "dormitory"))
    acted: list[str] = []
    real_act = ListImport.act

    def act(self: ListImport, case: Any) -> Any:
        acted.append(case.student_id)
        return real_act(self, case)

    monkeypatch.setattr(ListImport, "act", act)
    said = _compare(tmp_path, made, lists, at_(6, 30, 17), False)
    assert said[0].refused == 16
    kinds = len(set(zip(marks, marks[::-1], strict=True))) if together else len(set(marks))
    alike = len(acted) - 28 * len(lists)  # the plain import acted on every student
    assert alike == kinds * len(lists)
