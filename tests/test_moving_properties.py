"""Moves under random histories and random rule edits (hypothesis).

Each example runs a random 2014 case (the scripts of ``test_properties``), draws an edit of
the rules (a loan prerequisite with the fact given or not, the library step renamed, the
logistics step dropped, the blocking fees deadline moved) and moves the case onto them:
a released case is refused and untouched; a case the move leaves unchanged (same records,
renamed, same phase and documents) keeps its state; moving back restores it exactly; and
replaying the whole history, moves included, gives the case the moves gave.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

from clearflow.engine import Case, Engine, Renames, actions_of, moved, rebuild, replay, snapshot
from clearflow.engine._moving import moved_actions
from clearflow.errors import CaseDataError, InputError
from clearflow.spec.conditions import FactValue
from clearflow.store import Store, move_many, undo_last_move
from support import at, engine_2014, staff
from support.revised import revised_engine
from test_properties import PROPERTY_SETTINGS, Script, profiles, run, scripts

REGISTRY = staff("student_affairs", "R01")
LIBRARY = {"library_cleared": "library_returned"}


@st.composite
def edits(draw: st.DrawFn) -> tuple[Engine, Renames, dict[str, FactValue]]:
    """Revised rules, the renames they need, and the facts a move gives."""
    loan = draw(st.booleans())
    rename = draw(st.booleans())
    fees_due = draw(st.sampled_from([None, "2014-07-02", "2014-07-06"]))
    engine = revised_engine(
        loan=loan, rename_library=rename, drop_logistics=draw(st.booleans()), fees_due=fees_due
    )
    if engine is engine_2014() or engine.workflow.digest == engine_2014().workflow.digest:
        engine = revised_engine(loan=True)
        loan = True
    facts: dict[str, FactValue] = {"student_loan": draw(st.booleans())} if loan else {}
    return engine, Renames(steps=LIBRARY if rename else {}), facts


def state(case: Case) -> dict[str, Any]:
    data = snapshot(case, events=False)
    del data["version"], data["workflow"]
    return data


def rules(*engines: Engine) -> Any:
    return {engine.workflow.digest: engine for engine in engines}.__getitem__


@PROPERTY_SETTINGS
@given(profiles(), scripts, edits())
def test_a_move_and_its_undo(
    facts: dict[str, FactValue],
    script: Script,
    edit: tuple[Engine, Renames, dict[str, FactValue]],
) -> None:
    case, _ = run(facts, script)
    engine, renames, given_facts = edit
    before = state(case)
    stored = case.events
    case.events, case.base_version = [], len(stored)  # as a store loads it
    try:
        there = moved(
            case,
            stored,
            engine,
            by=REGISTRY,
            why="edit",
            renames=renames,
            facts=given_facts,
            at=at(7, 7),
        )
    except InputError:
        assert case.is_released
        assert state(case) == before
        event("released: refused")
        return
    except CaseDataError:
        event("cannot move")
        return  # nothing was changed: the plan says why
    assert not case.is_released
    renamed = moved_actions(stored, renames, given_facts)
    rebuilt, left_out = rebuild(engine, case.student_id, renamed, name=case.name)
    unchanged = (
        not left_out
        and {renames.steps.get(s, s): r for s, r in case.records.items()} == rebuilt.records
        and rebuilt.phase == case.phase
        and rebuilt.expected_documents() == case.expected_documents()
    )
    event("moved, unchanged" if unchanged else "moved, changed")
    if unchanged:
        assert there.records == rebuilt.records
        assert there.phase == case.phase
    history = [*stored, *there.events]
    back = moved(
        there,
        actions_of(engine_2014(), case.student_id, history, case.name, rules=rules(engine))[1],
        engine_2014(),
        by=REGISTRY,
        why="undo",
        renames=renames.inverse(),
        facts={fact: case.facts[fact] for fact in given_facts if fact in case.facts},
    )
    assert state(back) == before
    whole = [*history, *back.events]
    again = replay(engine_2014(), case.student_id, whole, case.name, rules=rules(engine))
    assert state(again) == before


@settings(max_examples=40, deadline=None, database=None, derandomize=True)
@given(profiles(), scripts, edits())
def test_a_stored_move_and_its_undo_agree_with_the_engine(
    facts: dict[str, FactValue],
    script: Script,
    edit: tuple[Engine, Renames, dict[str, FactValue]],
) -> None:
    """The rows a move writes restore the moved case; undo restores the stored case."""
    case, _ = run(facts, script)
    engine, renames, given_facts = edit
    with (
        tempfile.TemporaryDirectory() as folder,
        Store.open(Path(folder) / "s.db", engine_2014()) as store,
    ):
        store.add([case])
        before = snapshot(store.load(case.student_id), events=False)
        planned = {case.student_id: None}
        done = move_many(
            store,
            planned,
            engine,
            by=REGISTRY,
            why="edit",
            renames=renames,
            facts={case.student_id: given_facts},
        )
        if not done.moved:
            assert snapshot(store.load(case.student_id), events=False) == before
            return
        there = store.load(case.student_id)
        history = store.history(case.student_id)
        again = replay(engine_2014(), case.student_id, history, case.name, rules=store.engine_of)  # type: ignore[arg-type]
        assert snapshot(again, events=False) == snapshot(there, events=False)
        assert undo_last_move(store, by=REGISTRY, why="undo").moved == (case.student_id,)
        back = snapshot(store.load(case.student_id), events=False)
        assert {**back, "version": 0} == {**before, "version": 0}
