"""An office list onto a store whose cases run on two versions of the rules: each case is
acted on with its own rules, and students alike on one rules never stand in for the other's."""

from __future__ import annotations

from pathlib import Path

import pytest

import cohort
from clearflow.cohort import import_office_list, import_roster
from clearflow.engine import replay, snapshot
from clearflow.store import Store, move_many
from support import at, engine_2014, staff
from support.revised import revised_engine


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return cohort.write_cohort(tmp_path_factory.mktemp("class"), students=80, seed=11)


def test_a_list_acts_on_each_case_with_its_rules(tmp_path: Path, lists: list[Path]) -> None:
    roster, *offices = lists
    library = next(path for path in offices if path.stem == "library")
    revised = revised_engine(fees_due="2014-07-06")  # no new fact: the same facts on both
    with Store.open(tmp_path / "s.db", engine_2014()) as store:
        import_roster(store, roster, at=at(6, 28, 9))
        ids = store.student_ids()
        moved = ids[::2]  # every other student onto the revised rules: alike facts on both
        by = staff("student_affairs", "R01")
        move_many(store, dict.fromkeys(moved), revised, by=by, why="deadline moved", at=at(6, 29))
    with Store.open(tmp_path / "s.db", revised) as store:
        result = import_office_list(store, library, office="library", at=at(7, 1))
        assert result.rows == len(ids)
        for student in ids:
            case = store.load(student)
            want = revised if student in moved else engine_2014()
            assert case.engine.workflow.digest == want.workflow.digest
            assert str(case.status("library_cleared")) != "pending"
            history = store.history(student)
            assert history[-1].digest == want.workflow.digest
            again = replay(store.engine, student, history, case.name, rules=store.engine_of)  # type: ignore[arg-type]
            assert snapshot(again, events=False) == snapshot(case, events=False)
