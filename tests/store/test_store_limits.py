"""What a store cannot keep is refused before writing, the same on SQLite and PostgreSQL,
and a database another process holds locked is "busy" (ConflictError, exit 75).

PostgreSQL refuses a ``VARCHAR(64)`` value of 65 characters and any NUL character; SQLite
keeps both. The store checks every row it writes against the lengths its tables declare,
so both backends refuse the same rows with the same message, and nothing is written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from clearflow.cli import main
from clearflow.cohort import read_cohort
from clearflow.cohort.importing import import_roster
from clearflow.engine import Actor, Case
from clearflow.engine._engine import Engine
from clearflow.errors import ConflictError, ExitCode, StoreError, UnknownStudentError
from clearflow.spec import MAX_STUDENT_ID
from clearflow.store import Store, _tables, text_problem
from support import EARLY, engine_2014, start, workflow_2014
from support.imports import BASE_ROSTER, dump_url

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = str(ROOT / "workflows" / "gyvtc-2014.yaml")


def test_the_limits_are_the_tables_own() -> None:
    """The id length is what clearflow_cases declares; NUL is refused at any length."""
    column = _tables.cases_table.c.student_id.type
    assert isinstance(column, sa.String)
    assert MAX_STUDENT_ID == column.length == 64
    assert text_problem("x" * 64, 64) is None
    assert str(text_problem("x" * 65, 64)) == "is 65 characters, more than the 64 a store keeps"
    assert str(text_problem("a\x00b", None)) == "holds a NUL character (\\x00)"


@pytest.mark.parametrize(
    ("student_id", "name", "message"),
    [
        pytest.param(
            "2" * 65,
            None,
            "student '22222222222222222222...': student_id is 65 characters, more than the 64 "
            "a store keeps (nothing was written)",
            id="long-id",
        ),
        pytest.param(
            "2014\x00001",
            None,
            "student '2014\\x00001': student_id holds a NUL character (\\x00) "
            "(nothing was written)",
            id="nul-id",
        ),
        pytest.param(
            "2014001",
            "李\x00雷",
            "student '2014001': name holds a NUL character (\\x00) (nothing was written)",
            id="nul-name",
        ),
    ],
)
def test_add_refuses_what_either_backend_would(
    store_url: str, student_id: str, name: str | None, message: str
) -> None:
    """Store.add from Python: the same StoreError on both backends, and no row written."""
    with Store.open(store_url, engine_2014()) as store:
        store.add([start(student_id="2014000")])
        before = dump_url(store_url)
        cases = [start(student_id="2014999"), start(student_id=student_id, name=name)]
        with pytest.raises(StoreError) as caught:
            store.add(cases)
    assert str(caught.value) == message
    assert dump_url(store_url) == before


def test_an_event_from_a_staff_name_with_nul_is_refused(store_url: str) -> None:
    """An action whose staff name holds a NUL character is refused, the case unchanged."""
    with Store.open(store_url, engine_2014()) as store:
        store.add([start(student_id="2014001")])
        before = dump_url(store_url)
        staff = Actor(office="library", staff="S\x0001")
        with pytest.raises(StoreError) as caught:
            store.act("2014001", lambda case: case.clear("library_cleared", staff, at=EARLY))
    assert str(caught.value) == (
        "student '2014001': staff holds a NUL character (\\x00) (nothing was written)"
    )
    assert dump_url(store_url) == before


def test_a_workflow_id_longer_than_the_store_keeps(tmp_path: Path) -> None:
    """A workflow whose id is over 128 characters is refused when a store is opened."""
    workflow = attrs.evolve(workflow_2014(), id="w" * 129)
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path / "x.db", Engine(workflow))
    assert str(caught.value) == (
        f"id '{'w' * 40}...' of workflow '{'w' * 40}' is 129 characters, more than the 128 a "
        "store keeps (shorten it in the workflow)"
    )
    assert not (tmp_path / "x.db").exists()


# -- a SQLite file another process holds locked ------------------------------------


@pytest.fixture
def locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A store whose file another connection holds with an exclusive lock (waits 0.2 s)."""
    path = tmp_path / "class.db"
    with Store.open(path, engine_2014()) as store:
        import_roster(store, BASE_ROSTER)
    monkeypatch.setattr(_tables, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(path, isolation_level=None, timeout=0.2)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE clearflow_meta SET value = value")
    try:
        yield path
    finally:
        other.rollback()
        other.close()


def test_a_report_on_a_locked_store_says_busy(locked: Path) -> None:
    """read_cohort on a file locked by a writer: ConflictError "busy", not a traceback."""
    with pytest.raises(ConflictError) as caught:
        read_cohort(locked, engine_2014())
    assert str(caught.value) == (
        f"database '{locked}' is busy: another process is writing to it "
        "(nothing was changed; try again in a moment)"
    )


@pytest.mark.parametrize("command", ["status", "blocked", "history"])
def test_the_report_commands_exit_75_on_a_locked_store(locked: Path, command: str) -> None:
    """The commands print the busy message and exit 75, as docs/errors.md says."""
    extra = ["2014000001"] if command == "history" else []
    result = CliRunner().invoke(main, ["cohort", command, WORKFLOW, *extra, "--db", str(locked)])
    assert (result.exit_code, result.stdout) == (ExitCode.CONFLICT, "")
    assert result.stderr == (
        f"database '{locked}' is busy: another process is writing to it "
        "(nothing was changed; try again in a moment)\n"
    )


def test_an_import_into_a_locked_store_says_busy(locked: Path, tmp_path: Path) -> None:
    """A write waiting on another process's lock gives up as busy (exit 75), writing nothing."""
    roster = tmp_path / "more.csv"
    roster.write_text(BASE_ROSTER.read_text(encoding="utf-8").replace("20140000", "20140001"))
    result = CliRunner().invoke(
        main, ["cohort", "import", WORKFLOW, str(roster), "--db", str(locked)]
    )
    assert result.exit_code == ExitCode.CONFLICT
    assert "is busy: another process is writing to it" in result.stderr


def test_a_lookup_of_an_id_holding_nul_is_an_unknown_student(store_url: str) -> None:
    """load, history and act answer "no student" for an id with NUL (PostgreSQL would fail)."""
    with Store.open(store_url, engine_2014()) as store:
        store.add([start(student_id="2014001")])
        before = dump_url(store_url)
        calls: list[Callable[[], object]] = [
            lambda: store.load("2014\x00001"),
            lambda: store.history("2014\x00001"),
            lambda: store.act("2014\x00001", do_nothing),
            lambda: store.act_many(["2014\x00001"], do_nothing),
        ]
        for call in calls:
            with pytest.raises(UnknownStudentError) as caught:
                call()
            assert str(caught.value) == (
                "no student '2014\\x00001' (a student id holds no NUL character)"
            )
    assert dump_url(store_url) == before


def do_nothing(case: Case) -> None:
    """An action that changes nothing."""
