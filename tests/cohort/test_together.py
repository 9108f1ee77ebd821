"""Several office lists in one transaction and one pass (``import_office_lists``, ``--together``).

The same six lists imported together or one after another leave every case alike and
record each file by its own key; a problem in any file changes nothing; a file imported
before is left out and said to be.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import cohort
from clearflow.cli import main
from clearflow.cohort import import_office_list, import_office_lists, import_roster
from clearflow.engine import snapshot
from clearflow.errors import TableError
from clearflow.store import Store
from support import WORKFLOW_2014, at, engine_2014
from support.imports import dump


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A class of 120 students: the roster, then the six offices' full lists."""
    return cohort.write_cohort(tmp_path_factory.mktemp("class"), students=120, seed=7)


def with_roster(folder: Path, roster: Path) -> Path:
    """A store in ``folder`` with the roster imported."""
    path = folder / "s.db"
    with Store.open(path, engine_2014()) as store:
        import_roster(store, roster, at=at(6, 28, 9))
    return path


def states(path: Path) -> dict[str, dict[str, object]]:
    """Every case as stored, without its history."""
    with Store.open(path, engine_2014(), read_only=True) as store:
        return {case.student_id: snapshot(case, events=False) for case, _ in store.cases()}


def test_together_leaves_the_cases_as_one_by_one_does(tmp_path: Path, lists: list[Path]) -> None:
    """Same states, same counts, each file recorded; the events differ only in their order."""
    roster, offices = lists[0], lists[1:]
    (tmp_path / "one").mkdir()
    (tmp_path / "both").mkdir()
    one, both = with_roster(tmp_path / "one", roster), with_roster(tmp_path / "both", roster)
    singly = []
    with Store.open(one, engine_2014()) as store:
        for path in offices:
            singly.append(import_office_list(store, path, office=path.stem, at=at(6, 30, 17)))
    with Store.open(both, engine_2014()) as store:
        together = import_office_lists(
            store, [(path, path.stem, None) for path in offices], at=at(6, 30, 17)
        )
    assert together == singly
    assert sum(result.refused for result in together) > 0
    assert states(one) == states(both)
    recorded = sorted(row[1:5] for row in dump(one)["clearflow_imports"] if row[2] != "roster")
    assert sorted(row[1:5] for row in dump(both)["clearflow_imports"] if row[2] != "roster") == (
        recorded
    )
    assert dump(one)["clearflow_steps"] == dump(both)["clearflow_steps"]


def test_a_problem_in_any_list_changes_nothing(tmp_path: Path, lists: list[Path]) -> None:
    """The fourth file has an unknown student: no list is applied or recorded."""
    store_path = with_roster(tmp_path, lists[0])
    bad = tmp_path / "dormitory.csv"
    shutil.copyfile(lists[4], bad)
    with bad.open("a", encoding="utf-8") as file:
        file.write("9999999999,no,,,\n")
    before = dump(store_path)
    named = [*lists[1:4], bad, *lists[5:]]
    with Store.open(store_path, engine_2014()) as store, pytest.raises(TableError) as raised:
        import_office_lists(store, [(path, path.stem, None) for path in named], at=at(6, 30))
    assert "unknown student '9999999999'" in str(raised.value)
    assert dump(store_path) == before


def test_a_list_imported_before_is_left_out(tmp_path: Path, lists: list[Path]) -> None:
    """Its result says so; the others are imported."""
    store_path = with_roster(tmp_path, lists[0])
    finance = lists[1]
    with Store.open(store_path, engine_2014()) as store:
        import_office_list(store, finance, office="finance", at=at(6, 30))
        results = import_office_lists(
            store, [(path, path.stem, None) for path in lists[1:3]], at=at(6, 30)
        )
    assert results[0].already_imported
    assert not results[1].already_imported
    assert results[1].cleared + results[1].refused == 120


def test_the_cli_tells_each_files_office(tmp_path: Path, lists: list[Path]) -> None:
    """OFFICE=FILE, or a file named after its office; an unknown one is a usage error."""
    store_path = with_roster(tmp_path, lists[0])
    renamed = tmp_path / "lib.csv"
    shutil.copyfile(lists[6], renamed)
    args = ["cohort", "import", str(WORKFLOW_2014), "--db", str(store_path), "--together"]
    refused = CliRunner().invoke(main, [*args, str(renamed)])
    assert refused.exit_code == 2
    assert "cannot tell the office of" in refused.output
    assert "library" in refused.output
    result = CliRunner().invoke(
        main, [*args, str(lists[1]), f"library={renamed}", "--at", "2014-06-30 17:00"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{lists[1]}: finance_cleared: ")
    assert lines[1].startswith(f"{renamed}: library_cleared: ")
