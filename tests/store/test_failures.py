"""A write the database refuses (read-only, disk full) is a StoreError; nothing changes.

Both refusals are real SQLite ones: a file opened with ``mode=ro`` says "attempt to write a
readonly database" as a file of mode 444 does, and ``PRAGMA max_page_count`` makes SQLite
say "database or disk is full" as a full disk does.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from clearflow.cli import main
from clearflow.errors import StoreError
from clearflow.store._store import Store
from support import engine_2014, start
from support.imports import BASE_ROSTER, dump, roster_text

WORKFLOW = Path(__file__).resolve().parents[2] / "workflows" / "gyvtc-2014.yaml"


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    """A SQLite store holding the five students of the base roster."""
    path = tmp_path / "class.db"
    shutil.copy(BASE_ROSTER, tmp_path / "roster.csv")
    args = ["cohort", "import", str(WORKFLOW), str(tmp_path / "roster.csv"), "--db", str(path)]
    assert CliRunner().invoke(main, [*args, "--at", "2014-07-01 09:00"]).exit_code == 0
    return path


def read_only(path: Path) -> str:
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def test_a_read_only_store_refuses_an_import_and_changes_nothing(
    store_file: Path, tmp_path: Path
) -> None:
    """cohort import into a store SQLite cannot write: a message, exit 1, the rows as before."""
    before, data = dump(store_file), store_file.read_bytes()
    roster = tmp_path / "more.csv"
    roster.write_text(roster_text(3), encoding="utf-8")
    target = read_only(store_file)
    result = CliRunner().invoke(
        main, ["cohort", "import", str(WORKFLOW), str(roster), "--db", target]
    )
    assert result.exit_code == 1
    assert "internal error" not in result.output
    assert result.output.strip() == (
        f"database '{target}' is read-only; nothing was written "
        "(make the file and its folder writable)"
    )
    assert dump(store_file) == before
    assert store_file.read_bytes() == data


def test_a_read_only_store_refuses_a_save(store_file: Path) -> None:
    """From Python: Store.act on a read-only database raises StoreError, not OperationalError."""
    with (
        Store.open(read_only(store_file), engine_2014()) as store,
        pytest.raises(StoreError, match=r"is read-only; nothing was written"),
    ):
        store.act("2014000001", lambda case: None)


def test_a_full_disk_is_a_store_error_and_the_import_is_not_half_written(
    store_file: Path,
) -> None:
    """SQLite's "database or disk is full" in the middle of an import: one StoreError, and
    the store holds exactly what it held before (the transaction was rolled back)."""
    before = dump(store_file)
    store = Store.open(store_file, engine_2014())
    pages = store.database.connect().exec_driver_sql("PRAGMA page_count").scalar()

    def cap(connection: Any, _record: Any) -> None:
        connection.execute(f"PRAGMA max_page_count = {pages}")

    sa.event.listen(store.database, "connect", cap)
    store.database.dispose()
    cases = [start(student_id=f"2015{number:06d}") for number in range(2000)]
    try:
        with pytest.raises(StoreError) as caught:
            store.add(cases)
    finally:
        store.close()
    assert str(caught.value) == (
        f"database '{store_file}' has no space left on its device; nothing was written "
        "(free some space and run it again)"
    )
    assert dump(store_file) == before


def test_other_database_errors_pass_unchanged(store_file: Path) -> None:
    """Only the refusals a user can fix are worded; a conflict or a bad statement is not."""
    with (
        Store.open(store_file, engine_2014()) as store,
        pytest.raises(sa.exc.OperationalError),
        store._writing() as connection,
    ):
        connection.exec_driver_sql("SELECT * FROM no_such_table")
