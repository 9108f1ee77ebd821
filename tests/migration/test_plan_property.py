"""A property of the plan: a case it calls unchanged is the case that moving it rebuilds.

For random 2014 histories and random rule edits (a loan step, a renamed step, a deadline
moved earlier, a removed step), every case the plan calls unchanged rebuilds on the new
rules, its ids renamed, to the records, phase, documents and version it has (the snapshot
without the workflow's digest, and without the new facts at their defaults).
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from clearflow.engine import Case, Engine, Renames, rebuild, snapshot
from clearflow.errors import ClearflowError
from clearflow.migration import Outcome, plan_migration
from clearflow.store import Store, open_reader
from support import at, engine_2014, profile, settle_prerequisites, staff, start
from support.mid_season import revised

EDITS = (
    ("loan",),
    ("rename",),
    ("earlier",),
    ("remove",),
    ("loan", "earlier"),
    ("loan", "rename", "fees_earlier"),
)
VERBS = ("clear", "refuse", "waive")


@functools.cache
def new_engine(edits: tuple[str, ...]) -> Engine:
    """The engine of the 2014 workflow with ``edits``, built once."""
    return Engine(revised(**dict.fromkeys(edits, True)))


def renames_for(edits: tuple[str, ...]) -> Renames:
    """The renames the edits need."""
    if "rename" in edits:
        return Renames(steps={"dormitory_cleared": "dormitory_checked_out"})
    return Renames()


def acted(number: int, settle: int, actions: list[tuple[int, str, int]]) -> Case:
    """A 2014 case (a party member when ``number`` is odd) with its prerequisites settled
    on 07-``settle`` (none when 0), then driven by ``actions`` (step index, verb, days
    later), those refused skipped."""
    case = start(profile(party_member=number % 2 == 1), student_id=f"2014{number:03d}")
    if settle:
        settle_prerequisites(case, at(7, settle))
    order = case.engine.order
    day = max(settle, 1)
    for index, verb, later in actions:
        day = min(day + later, 12)
        step = case.engine.steps[order[index % len(order)]]
        try:
            if verb == "clear":
                case.clear(step.id, staff(step.office), at=at(7, day))
            elif verb == "refuse":
                case.refuse(step.id, staff(step.office), "owes", at=at(7, day))
            else:
                case.waive(step.id, staff(step.office), "waived", at=at(7, day))
        except ClearflowError:
            continue
    return case


def comparable(case: Case, renames: Renames, old_facts: frozenset[str]) -> dict[str, Any]:
    """A case's snapshot without events and the workflow, step ids renamed, with only the
    facts the old workflow knows."""
    data = snapshot(case, events=False)
    del data["workflow"]
    data["steps"] = {
        renames.steps.get(step, step): record
        | {"office": renames.offices.get(record["office"], record["office"])}
        for step, record in data["steps"].items()
    }
    facts = data["student"]["facts"]
    data["student"]["facts"] = {key: value for key, value in facts.items() if key in old_facts}
    return data


@settings(max_examples=25, deadline=None, database=None, derandomize=True)
@given(
    cases=st.lists(
        st.tuples(
            st.integers(0, 3),
            st.lists(
                st.tuples(st.integers(0, 13), st.sampled_from(VERBS), st.integers(0, 2)),
                max_size=14,
            ),
        ),
        min_size=1,
        max_size=4,
    ),
    edits=st.sampled_from(EDITS),
)
def test_an_unchanged_case_rebuilds_to_the_case_it_is(
    cases: list[tuple[int, list[tuple[int, str, int]]]], edits: tuple[str, ...]
) -> None:
    """Moving a case the plan calls unchanged gives the same records as it has."""
    engine, renames = new_engine(edits), renames_for(edits)
    old_facts = frozenset(fact.id for fact in engine_2014().workflow.facts)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "class.db"
        with Store.open(path, engine_2014()) as store:
            store.add(
                [acted(number, party, actions) for number, (party, actions) in enumerate(cases)]
            )
        with open_reader(path, engine_2014()) as reader:
            planned = plan_migration(reader, engine, renames=renames)
            for case_plan in planned.of(Outcome.UNCHANGED):
                stored = reader.load(case_plan.student_id)
                history = reader.history(case_plan.student_id)
                assert stored.version == case_plan.version
                renamed = [renames.event(event) for event in history]
                moved, left_out = rebuild(engine, stored.student_id, renamed, name=stored.name)
                assert left_out == []
                assert comparable(moved, Renames(), old_facts) == comparable(
                    stored, renames, old_facts
                )
