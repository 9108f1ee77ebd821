"""``clearflow walk --db``: a student's case loaded from the store and saved after each action."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import clearflow.store
from clearflow.cli import main
from clearflow.engine._audit import Action
from clearflow.engine._case import Case
from clearflow.engine._engine import Engine
from clearflow.format.student import StudentRecord
from clearflow.store import Store, database_label
from support import EARLY, WORKFLOW_2014, engine_2014, staff

ROOT = Path(__file__).resolve().parents[2]
LI_LEI = ROOT / "examples" / "students" / "li-lei.yaml"
LI_LEI_ID = "2014010203"
AT = "2014-07-10 09:40"
FINANCE_FIRST = "finance_cleared: {clear: ~, at: 2014-07-01 10:20, staff: F01}\n"
"""Finance before its blocking 2014-07-04 deadline; the rest at AT, in 李雷's session (the
stations are tied to it), the other prerequisites late but only flagged."""


def finance_first(directory: Path) -> str:
    """An answers file clearing finance on time, for a walk at AT."""
    answers = directory / "finance-first.yaml"
    answers.write_text(FINANCE_FIRST, encoding="utf-8")
    return str(answers)


def walk(*args: str) -> Result:
    """Run ``clearflow walk`` on the 2014 workflow, without a terminal."""
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})
    return runner.invoke(main, ["walk", str(WORKFLOW_2014), *args])


def stored(url: str, student_id: str = LI_LEI_ID) -> tuple[Case, list[Any]]:
    """The stored case and its history."""
    with Store.open(url, engine_2014()) as store:
        return store.load(student_id), store.history(student_id)


def test_a_new_student_is_added_and_walked_to_the_end(store_url: str, tmp_path: Path) -> None:
    """--db with --student starts the case in the store and saves every action there."""
    answers = finance_first(tmp_path)
    result = walk(
        "--db", store_url, "--student", str(LI_LEI), "--answers", answers, "--yes", "--at", AT
    )
    assert result.exit_code == 0, result.output
    case, history = stored(store_url)
    assert case.is_released
    assert case.version == len(history) == 15  # start, 7 prerequisites, 6 stations, release
    assert [event.seq for event in history] == list(range(1, 16))
    assert history[-1].action is Action.RELEASE
    assert result.output.rstrip().endswith(f"saved {database_label(store_url)} (15 events)")


def test_a_walk_resumes_from_the_store(store_url: str, tmp_path: Path) -> None:
    """A walk that stopped at a refusal is resumed by --student-id and finished."""
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "finance_cleared: {clear: ~, at: 2014-07-01 10:20, staff: F01}\n"
        "library_cleared: {refuse: 2 books not returned, at: 2014-07-02 10:42, staff: L03}\n",
        encoding="utf-8",
    )
    first = walk("--db", store_url, "--student", str(LI_LEI), "--answers", str(answers))
    assert first.exit_code == 3, first.output
    case, history = stored(store_url)
    assert [event.action for event in history] == [Action.START, Action.CLEAR, Action.REFUSE]
    assert case.version == 3

    second = walk("--db", store_url, "--student-id", LI_LEI_ID, "--yes", "--at", AT)
    assert second.exit_code == 0, second.output
    case, history = stored(store_url)
    assert case.is_released
    assert case.version == len(history)
    assert [event.seq for event in history] == list(range(1, len(history) + 1))


def test_an_unknown_student_id_is_refused(store_url: str) -> None:
    """--student-id names a student the store must already hold."""
    result = walk("--db", store_url, "--student-id", "2014999", "--yes")
    assert result.exit_code == 1
    assert result.output == "no student '2014999' in workflow 'gyvtc-2014'\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "x.db", "--case", "x.json"], "give --case FILE or --db, not both"),
        (["--student-id", "1"], "--student-id needs --db, the store to find the student in"),
        (["--db", "x.db"], "with --db, give --student-id ID (or --student FILE to add one)"),
    ],
)
def test_store_options_that_do_not_go_together(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Misused store options are usage errors (exit 2) that say what to give."""
    monkeypatch.chdir(tmp_path)
    result = walk(*args, "--yes")
    assert result.exit_code == 2
    assert f"Error: {message}\n" in result.output
    assert not (tmp_path / "x.db").exists()


def other_terminal_acts(monkeypatch: pytest.MonkeyPatch, url: str, step: str, office: str) -> None:
    """Make another terminal act on the student right after the walk has loaded it."""
    original = clearflow.store.open_stored_case

    def open_then_race(store: Store, engine: Engine, **options: Any) -> Case:
        case = original(store, engine, **options)
        with Store.open(url, engine_2014()) as other:
            other.act(
                case.student_id,
                lambda other_case: other_case.clear(step, staff(office, "X09"), at=EARLY),
            )
        return case

    monkeypatch.setattr(clearflow.store, "open_stored_case", open_then_race)


def add_li_lei(url: str) -> None:
    """Store 李雷's case, started on 2014-07-01."""
    with Store.open(url, engine_2014()) as store:
        facts = {
            "program": "higher_vocational",
            "campus": "main",
            "department": "urban_rural_planning",
            "party_member": True,
            "employment_agreement": True,
            "credits_complete": True,
        }
        record = StudentRecord(id=LI_LEI_ID, name="李雷", facts=facts)  # type: ignore[arg-type]
        store.add([engine_2014().start(record.id, record.facts, name=record.name, at=EARLY)])


def test_a_walk_raced_by_another_terminal_saves_on_top(
    store_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The library clears while the walk holds the case: the walk's actions follow it."""
    add_li_lei(store_url)
    other_terminal_acts(monkeypatch, store_url, "library_cleared", "library")
    answers = finance_first(tmp_path)
    result = walk(
        "--db", store_url, "--student-id", LI_LEI_ID, "--answers", answers, "--yes", "--at", AT
    )
    assert result.exit_code == 0, result.output
    assert f"{LI_LEI_ID} was changed at another terminal meanwhile" in result.output
    case, history = stored(store_url)
    assert case.is_released
    library = [event for event in history if event.step == "library_cleared"]
    assert [(event.action, event.staff) for event in library] == [(Action.CLEAR, "X09")]
    assert [event.seq for event in history] == list(range(1, case.version + 1))


def test_a_walk_whose_action_was_done_elsewhere_stops_with_the_reason(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both terminals clear the same step: the walk stops, saying who was first."""
    add_li_lei(store_url)
    engine = engine_2014()
    with Store.open(store_url, engine) as store:
        case = store.load(LI_LEI_ID)
    first = next(
        step
        for step in engine.order
        if engine.steps[step].kind.value == "prerequisite" and not case.is_passable(step)
    )
    office = engine.steps[first].office
    other_terminal_acts(monkeypatch, store_url, first, office)
    result = walk("--db", store_url, "--student-id", LI_LEI_ID, "--yes", "--at", "2014-07-01 10:00")
    assert result.exit_code == 75  # ConflictError: try again
    assert result.output.endswith(
        f"student '{LI_LEI_ID}' was changed by someone else meanwhile, and clear '{first}' no "
        f"longer applies: cannot clear '{first}': already cleared on 2014-07-01 09:30 by "
        f"{office}/X09; it was not saved\n"
    )
    case, history = stored(store_url)
    assert case.version == len(history) == 2
