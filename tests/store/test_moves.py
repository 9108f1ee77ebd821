"""Store.move: a stored case moved onto revised rules in one transaction, and back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clearflow.engine import Case, Renames, replay, snapshot
from clearflow.errors import ConflictError, InputError
from clearflow.store import Store, last_moves, move_many, open_reader, undo_last_move
from support import EARLY, at, engine_2014, profile, staff, start
from support.cases import released_case
from support.revised import revised_engine

REGISTRY = staff("student_affairs", "R01")
LIBRARY = Renames(steps={"library_cleared": "library_returned"})
REVISED = {"loan": True, "rename_library": True, "drop_logistics": True}


def state(case: Case) -> dict[str, Any]:
    data = snapshot(case, events=False)
    del data["version"], data["workflow"]
    return data


def stored(path: Path | str) -> Store:
    """A store of three 2014 students: one refused at the library, one cleared at
    logistics, one released."""
    store = Store.open(path, engine_2014())
    first = start(student_id="2014001", facts=profile())
    first.refuse("library_cleared", staff("library", "L03"), "2 books", at=EARLY)
    second = start(student_id="2014002", facts=profile())
    second.clear("logistics_cleared", staff("logistics"), at=EARLY)
    third = released_case()
    third.student_id = "2014003"
    store.add([first, second, third])
    return store


def test_a_move_writes_the_case_on_its_new_rules(tmp_path: Path) -> None:
    engine = revised_engine(**REVISED)
    with stored(tmp_path / "s.db") as store:
        before = store.load("2014001")
        moved = store.move(
            "2014001",
            engine,
            by=REGISTRY,
            why="loan rule",
            renames=LIBRARY,
            facts={"student_loan": True},
            at=at(7, 7),
        )
        loaded = store.load("2014001")
        assert loaded.engine.workflow.digest == engine.workflow.digest
        assert snapshot(loaded, events=False) == snapshot(moved, events=False)
        assert loaded.records["library_returned"].reason == "2 books"
        assert "library_cleared" not in loaded.records
        assert str(loaded.status("loan_confirmed")) == "pending"
        assert loaded.version == before.version + 1
        history = store.history("2014001")
        assert [str(event.action) for event in history] == ["start", "refuse", "migrate"]
        assert history[-1].rules_from == engine_2014().workflow.digest
        rules = store.engine_of
        again = replay(store.engine, "2014001", history, loaded.name, rules=rules)  # type: ignore[arg-type]
        assert snapshot(again, events=False) == snapshot(loaded, events=False)
        loaded.clear("library_returned", staff("library", "L03"), at=at(7, 8))
        store.save(loaded)  # it acts on its new rules from now on
    with open_reader(tmp_path / "s.db", engine_2014()) as reader:  # sqlite3, no SQLAlchemy
        assert str(reader.load("2014001").status("library_returned")) == "cleared"
        assert reader.rules_in_use() == sorted(
            [(engine_2014().workflow.digest, 2), (engine.workflow.digest, 1)]
        )


def test_moving_back_restores_the_case_exactly(store_url: str) -> None:
    engine = revised_engine(**REVISED)
    with stored(store_url) as store:
        before = store.load("2014002")
        store.move(
            "2014002",
            engine,
            by=REGISTRY,
            why="loan rule",
            renames=LIBRARY,
            facts={"student_loan": True},
        )
        assert "logistics_cleared" not in store.load("2014002").records
        store.move("2014002", engine_2014(), by=REGISTRY, why="undo", renames=LIBRARY.inverse())
        after = store.load("2014002")
    assert state(after) == state(before)
    assert after.engine is not engine
    assert after.version == before.version + 2


def test_a_stale_plan_and_a_released_case_change_nothing(store_url: str) -> None:
    engine = revised_engine(**REVISED)
    with stored(store_url) as store:
        before = snapshot(store.load("2014001"), events=False)
        with pytest.raises(ConflictError, match="was changed since the plan"):
            store.move("2014001", engine, by=REGISTRY, why="x", expected=1)
        with pytest.raises(InputError, match="released"):
            store.move("2014003", engine, by=REGISTRY, why="x")
        assert snapshot(store.load("2014001"), events=False) == before
        assert len(store.history("2014003")) == len(released_case().events)


def test_many_moves_skip_what_cannot_move_and_say_why(store_url: str) -> None:
    engine = revised_engine(**REVISED)
    with stored(store_url) as store:
        first = store.load("2014001").version
        planned = {"2014001": first, "2014002": 1, "2014003": None, "2014999": None}
        done = move_many(
            store,
            planned,
            engine,
            by=REGISTRY,
            why="loan rule",
            renames=LIBRARY,
            facts={"2014002": {"student_loan": True}},
        )
        assert done.moved == ("2014001",)
        said = {student: str(reason) for student, reason in done.skipped}
        assert said.keys() == {"2014002", "2014003", "2014999"}
        assert "changed since the plan" in said["2014002"]
        assert "released" in said["2014003"]
        assert "no student '2014999'" in said["2014999"]
        assert store.load("2014001").engine.workflow.digest == engine.workflow.digest
        assert store.load("2014002").engine.workflow.digest == engine_2014().workflow.digest


def test_an_atomic_move_is_all_or_nothing(store_url: str) -> None:
    engine = revised_engine(**REVISED)
    with stored(store_url) as store:
        before = [snapshot(store.load(s), events=False) for s in ("2014001", "2014002")]
        with pytest.raises(InputError, match="released"):
            move_many(
                store,
                dict.fromkeys(["2014001", "2014002", "2014003"]),
                engine,
                by=REGISTRY,
                why="x",
                renames=LIBRARY,
                atomic=True,
            )
        assert [snapshot(store.load(s), events=False) for s in ("2014001", "2014002")] == before


def test_undo_moves_back_what_the_last_move_moved(store_url: str) -> None:
    """Exactly as before (facts the move set included), each replaying to its rows; a case
    acted on since the move stays, and says why."""
    engine = revised_engine(**REVISED)
    with stored(store_url) as store:
        before = {s: state(store.load(s)) for s in ("2014001", "2014002")}
        facts = {"2014001": {"student_loan": True, "party_member": True}}
        move_many(
            store,
            dict.fromkeys(["2014001", "2014002"]),
            engine,
            by=REGISTRY,
            why="loan",
            renames=LIBRARY,
            facts=facts,
        )
        assert store.load("2014001").facts["party_member"] is True
        assert set(last_moves(store)) == {"2014001", "2014002"}
        store.act("2014002", lambda case: case.clear("finance_cleared", staff("finance"), at=EARLY))
        done = undo_last_move(store, by=REGISTRY, why="undo")
        assert done.moved == ("2014001",)
        assert [student for student, _ in done.skipped] == ["2014002"]
        back = store.load("2014001")
        assert state(back) == before["2014001"]
        assert back.engine.workflow.digest == engine_2014().workflow.digest
        history = store.history("2014001")
        again = replay(store.engine, "2014001", history, back.name, rules=store.engine_of)  # type: ignore[arg-type]
        assert snapshot(again, events=False) == snapshot(back, events=False)
        assert store.load("2014002").engine.workflow.digest == engine.workflow.digest
        # An undo is a move too: undoing it moves the case forward again.
        assert undo_last_move(store, by=REGISTRY, why="again").moved == ("2014001",)
        assert store.load("2014001").engine.workflow.digest == engine.workflow.digest


def test_a_case_on_the_rules_already_is_skipped(store_url: str) -> None:
    engine = revised_engine(**REVISED)
    with stored(store_url) as store:
        move_many(store, {"2014001": None}, engine, by=REGISTRY, why="x", renames=LIBRARY)
        again = move_many(store, {"2014001": None}, engine, by=REGISTRY, why="x")
        assert again.moved == ()
        assert "runs on rules" in str(again.skipped[0][1])
        assert len(store.history("2014001")) == 3
