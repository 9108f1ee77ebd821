"""``clearflow cohort history``: one stored student's events, read without writing."""

from __future__ import annotations

import decimal
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from clearflow.cli import main
from clearflow.cohort import read_history
from clearflow.console.case_view import render_history
from clearflow.engine import Owed
from clearflow.errors import UnknownStudentError
from clearflow.store import Store
from support import EARLY, WORKFLOW_2014, at, engine_2014, staff, start


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    """A store with one student refused at the library, then cleared there, then at Finance."""
    engine = engine_2014()
    case = start(engine=engine, student_id="2014000001")
    case.refuse("library_cleared", staff("library", "L03"), "2 books not returned", at=EARLY)
    case.clear("library_cleared", staff("library", "L03"), at=at(7, 2, 14, 5))
    case.clear("finance_cleared", staff("finance", "F01"), at=at(7, 3))
    path = tmp_path / "class.db"
    with Store.open(path, engine) as store:
        store.add([case])
    return path


def test_history_lists_every_event_in_order(store_file: Path) -> None:
    """The library reads the events in order; the table shows time, action, step, who, why."""
    workflow = engine_2014().workflow
    events = read_history(store_file, engine_2014(), " 2014000001 ")
    assert [(event.seq, str(event.action), event.step) for event in events] == [
        (1, "start", None),
        (2, "refuse", "library_cleared"),
        (3, "clear", "library_cleared"),
        (4, "clear", "finance_cleared"),
    ]
    out = io.StringIO()
    Console(file=out, width=100, highlight=False).print(
        render_history(workflow, "2014000001", events, "zh")
    )
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    assert lines[0] == "2014000001 的办理记录"
    assert [line.split()[:4] for line in lines[4:8]] == [
        ["1", "2014-07-01", "09:30", "建档"],
        ["2", "2014-07-01", "09:30", "退回"],
        ["3", "2014-07-02", "14:05", "办结"],
        ["4", "2014-07-03", "10:00", "办结"],
    ]
    assert "library/L03" in lines[5]
    assert "2 books not returned" in lines[5]


def test_history_says_what_is_owed_in_the_readers_language() -> None:
    """A refusal that owes an amount reads in Chinese in the zh table, the note kept as written."""
    engine = engine_2014()
    case = start(engine=engine, student_id="2014000002")
    owed = Owed(amount=decimal.Decimal("35"), items="图书2本")
    case.refuse("library_cleared", staff("library", "L03"), str(owed.said()), at=EARLY, owed=owed)
    case.refuse("finance_cleared", staff("finance", "F01"), "late fee", at=EARLY, owed=owed)
    out = io.StringIO()
    Console(file=out, width=140, highlight=False).print(
        render_history(engine.workflow, case.student_id, case.events, "zh")
    )
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    assert lines[5].endswith("欠费 35.00 元；欠物 图书2本"), lines[5]
    assert lines[6].endswith("late fee（欠费 35.00 元；欠物 图书2本）"), lines[6]
    assert "owes" not in out.getvalue()


def test_history_command_prints_the_table_and_writes_nothing(store_file: Path) -> None:
    """The command prints the English table and leaves the database byte for byte as it was."""
    before = store_file.read_bytes()
    result = CliRunner().invoke(
        main,
        ["cohort", "history", str(WORKFLOW_2014), "2014000001", "--db", str(store_file)],
        env={"COLUMNS": "100"},
    )
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.output.splitlines()]
    assert lines[0] == "History of 2014000001"
    assert lines[2].split() == ["#", "Time", "Action", "Step", "By", "Note"]
    assert lines[5].split()[:4] == ["2", "2014-07-01", "09:30", "refused"]
    assert store_file.read_bytes() == before


def test_an_unknown_student_is_refused(store_file: Path) -> None:
    """A student the store does not hold is an UnknownStudentError, exit 1 from the CLI."""
    with pytest.raises(
        UnknownStudentError, match=r"^no student 'nobody' in workflow 'gyvtc-2014'$"
    ):
        read_history(store_file, engine_2014(), "nobody")
    result = CliRunner().invoke(
        main, ["cohort", "history", str(WORKFLOW_2014), "nobody", "--db", str(store_file)]
    )
    assert (result.exit_code, result.output) == (
        1,
        "no student 'nobody' in workflow 'gyvtc-2014'\n",
    )
