"""Students started alike: a roster imported through stand-ins is the roster started for real.

Random rosters (random facts of the 2014 workflow and of example workflows whose steps hang
on facts and on outcomes, random ids, names and counsellors with Chinese, quotes and
backslashes, random actors and moments, some students already stored) are imported twice
into copies of one store: as clearflow does (one stand-in case per kind of facts, each
student's rows spliced from its stand-in's: :mod:`clearflow.store._starts`) and as the
engine API defines it (:meth:`Engine.start` for every student, :meth:`ImportBatch.add`).
Both must say the same and store the same tables, row for row.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from clearflow.cohort import importing
from clearflow.cohort.importing import import_roster
from clearflow.engine import STAND_IN_ID, Actor, Case, Engine, StartsAlike
from clearflow.errors import ClearflowError
from clearflow.loading import load_workflow
from clearflow.spec import FactType
from clearflow.store import ImportBatch, Store, add_alike
from clearflow.store._tables import cases_table, events_table, imports_table, steps_table
from support import engine_2014
from support.roster import ROSTER, STAFF
from test_properties import TIMES

FEW = settings(max_examples=40, deadline=None, database=None, derandomize=True)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "workflows"
WORKFLOWS = ("gyvtc-2014", "conditional-steps", "outcomes", "who-may-act")
TEXT = st.text(st.sampled_from(list("李雷韩梅　 ab'\"\\,;\n/é𠀋1")), min_size=0, max_size=6).map(
    str.strip
)
"""Cells as people type them: Chinese (one outside the BMP), quotes, backslashes, commas."""
BOOLS = ("yes", "no", "是", "否", "TRUE", "0")


@functools.cache
def engine(name: str) -> Engine:
    """One engine per workflow, shared as a deployment shares it (who-may-act with staff)."""
    if name == "gyvtc-2014":
        return engine_2014()
    workflow = load_workflow(EXAMPLES / f"{name}.yaml")
    return Engine(workflow, ROSTER if name == "who-may-act" else None)


@st.composite
def rosters(draw: st.DrawFn) -> tuple[str, list[dict[str, str]]]:
    """A workflow and its roster's rows: a few kinds of student, each several times."""
    name = draw(st.sampled_from(WORKFLOWS))
    facts = engine(name).workflow.facts
    kinds = []
    for _ in range(draw(st.integers(1, 4))):
        cells: dict[str, str] = {}
        for fact in facts:
            if fact.default is not None and draw(st.booleans()):
                cells[fact.id] = ""  # the default
            elif fact.type is FactType.CHOICE:
                cells[fact.id] = draw(st.sampled_from([choice.id for choice in fact.values]))
            elif fact.type is FactType.BOOL:
                cells[fact.id] = draw(st.sampled_from(BOOLS))
            elif fact.type is FactType.INTEGER:
                cells[fact.id] = str(draw(st.integers(0, 9)))
            else:
                cells[fact.id] = draw(st.sampled_from(["T0042", "T0057", "李老师", "a\\b"]))
        kinds.append(cells)
    rows = []
    ids = draw(st.lists(TEXT.filter(bool), min_size=1, max_size=12, unique=True))
    for student_id in ids:
        row = {"student_id": student_id, "name": draw(TEXT), "counsellor": draw(TEXT)}
        rows.append(row | draw(st.sampled_from(kinds)))
    return name, rows


actors = st.one_of(
    st.none(),
    st.builds(
        Actor,
        office=st.sampled_from(["registry", "finance", "import"]),
        staff=st.one_of(TEXT.filter(bool), st.sampled_from([member.id for member in STAFF])),
    ),
)


class PlainStarts:
    """The definition: every student started for real by the engine."""

    def __init__(self, engine: Engine, *, by: Actor, at: dt.datetime | None) -> None:
        self.engine, self.by, self.at = engine, by, at

    def start(
        self, student_id: str, facts: dict[str, object], *, name: str | None, kind: object
    ) -> Case:
        """The student started for real (``kind``, the importer's key of the facts, unused)."""
        return self.engine.start(student_id, facts, name=name, by=self.by, at=self.at)


def plain_add(batch: ImportBatch, cases: list[Case], counsellors: dict[str, str | None]) -> int:
    return batch.add(cases, counsellors)


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the cases, events, steps and imports (not the wall-clock times)."""
    database = sa.create_engine(f"sqlite:///{path}", poolclass=sa.NullPool)
    found = {}
    try:
        with database.connect() as connection:
            for table in (cases_table, events_table, steps_table, imports_table):
                kept = [c for c in table.columns if c.name not in ("updated_at", "at")]
                keys = list(table.primary_key.columns)
                query = sa.select(*kept).order_by(*keys)
                found[table.name] = [tuple(row) for row in connection.execute(query)]
    finally:
        database.dispose()
    return found


def _import(name: str, path: Path, roster: Path, **options: Any) -> Any:
    with Store.open(path, engine(name)) as store:
        try:
            return import_roster(store, roster, **options)
        except ClearflowError as error:
            return f"{type(error).__name__}: {error}"


@FEW
@given(
    rosters(),
    actors,
    st.sampled_from(TIMES),
    st.integers(0, 3),
    st.sampled_from([True] * 3 + [False]),
)
def test_a_roster_started_alike_is_the_roster_started_for_real(
    drawn: tuple[str, list[dict[str, str]]],
    actor: Actor | None,
    at: dt.datetime,
    stored: int,
    skip: bool,
) -> None:
    """Same result or error; same cases (state text included), events, steps, imports."""
    name, rows = drawn
    folder = Path(tempfile.mkdtemp(prefix="clearflow-roster-alike-"))
    try:
        made = folder / "made.db"
        with Store.open(made, engine(name)):
            pass
        if stored:  # some students already in the store: refused, or skipped
            first = _write(folder / "first.csv", rows[:stored])
            _import(name, made, first, at=at)
        roster = _write(folder / "roster.csv", rows)
        alike, real = folder / "alike.db", folder / "real.db"
        shutil.copyfile(made, alike)
        shutil.copyfile(made, real)
        options = {"actor": actor, "at": at, "skip_existing": skip}
        said = _import(name, alike, roster, **options)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(importing, "StartsAlike", PlainStarts)
            patch.setattr(importing, "add_alike", plain_add)
            patch.setattr(importing, "stored_among", lambda batch, ids: batch.stored(ids))
            expected = _import(name, real, roster, **options)
        assert said == expected
        assert _tables(alike) == _tables(real)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_students_of_one_kind_share_one_stand_in() -> None:
    """The case is started once per kind of facts; each student keeps its id and name."""
    starts = StartsAlike(engine_2014(), at=TIMES[0])
    facts = {
        "program": "higher_vocational",
        "campus": "main",
        "department": "urban_rural_planning",
        "credits_complete": True,
    }
    one = starts.start(" 2014001 ", facts, name="张三")
    two = starts.start("2014002", dict(facts), name=None)
    other = starts.start("2014003", {**facts, "credits_complete": False})
    assert one.stand_in is two.stand_in is not other.stand_in
    assert (one.student_id, one.name, two.student_id, two.name) == (
        "2014001",
        "张三",
        "2014002",
        None,
    )


def test_a_kind_given_is_the_kind_worked_out() -> None:
    """Students started with their facts' kind given share the stand-in of those without;
    True and 1 stay different kinds."""
    starts = StartsAlike(engine("outcomes"), at=TIMES[0])
    facts: dict[str, object] = {"program": "bachelor", "leaving_early": True}
    plain = starts.start("A1", facts)
    given = starts.start("A2", dict(facts), kind=StartsAlike.kind(facts))
    assert given.stand_in is plain.stand_in
    assert StartsAlike.kind({**facts, "leaving_early": 1}) != StartsAlike.kind(facts)


def test_facts_holding_the_stand_in_id_are_encoded_per_student(tmp_path: Path) -> None:
    """A fact whose text is the stand-in's id (the state cannot be cut around it): each
    student's state is encoded whole, and the rows are still those of the plain path."""
    facts = {"school": "business", "supervisor_id": STAND_IN_ID}
    students = [("B001", "陈静"), ("B002", None), ("B003", 'a"\\b')]
    counsellors = {"B001": "王老师", "B002": None, "B003": "李\\老师"}
    by = Actor(office="registry", staff="R0001")
    alike, real = tmp_path / "alike.db", tmp_path / "real.db"
    with Store.open(alike, engine("who-may-act")) as store:
        starts = StartsAlike(store.engine, by=by, at=TIMES[0])
        started = [starts.start(student, facts, name=name) for student, name in students]
        assert started[0].stand_in is started[2].stand_in
        store.import_file(
            "k", "roster", "x.csv", lambda batch: add_alike(batch, started, counsellors)
        )
    with Store.open(real, engine("who-may-act")) as store:
        cases = [
            store.engine.start(student, facts, name=name, by=by, at=TIMES[0])
            for student, name in students
        ]
        store.import_file("k", "roster", "x.csv", lambda batch: batch.add(cases, counsellors))
    assert _tables(alike) == _tables(real)
