"""Databases the store refuses, changing nothing: an empty or in-memory target, and, for
reports, a database that is not a clearflow store (opened read-only, left byte-identical).

The messages are checked as the command line prints them, and against docs/errors.md's
"Store errors" section, which quotes each one.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from clearflow.cli import main
from clearflow.cli._flags import error_text
from clearflow.cohort import read_cohort
from clearflow.errors import StoreError
from clearflow.store import Store, _tables, database_url
from clearflow.store._tables import sqlite_file
from support import engine_2014, start
from support.imports import BASE_ROSTER

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = str(ROOT / "workflows" / "gyvtc-2014.yaml")
EMPTY = (
    "database path '' is empty (name a SQLite file or a database URL, e.g. 'clearflow.db'; "
    "is a shell variable unset?)"
)
MEMORY = "database '{db}' is in memory and would keep nothing (name a database file{library})"
NOT_A_STORE = (
    "database '{db}' is not a clearflow store (it has none of clearflow's tables; check the path)"
)
REPORTS = [
    pytest.param(["status", WORKFLOW], id="status"),
    pytest.param(["blocked", WORKFLOW], id="blocked"),
    pytest.param(["export", WORKFLOW, "--what", "blocked", "--format", "csv"], id="export"),
]
IN_MEMORY_TARGETS = [
    ":memory:",
    "sqlite://",
    "sqlite:///",
    "sqlite:///:memory:",
    "sqlite+pysqlite:///:memory:",
    "sqlite:///file::memory:?cache=shared&uri=true",
    "sqlite:///file:scratch?mode=memory&uri=true",
]


def cli(directory: Path, *args: str) -> Result:
    """Run ``clearflow`` in ``directory`` (so relative files land there)."""
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(directory)
        return runner.invoke(main, list(args))


def other_program(path: Path) -> bytes:
    """A SQLite file of another program (a library system's loans); its bytes."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE loans (reader TEXT, book TEXT)")
    connection.execute("INSERT INTO loans VALUES ('2014000001', 'SICP')")
    connection.commit()
    connection.close()
    return path.read_bytes()


# -- an empty target: an unset shell variable ----------------------------------------


@pytest.mark.parametrize("target", ["", "  "])
def test_an_empty_target_is_refused(tmp_path: Path, target: str) -> None:
    """``Store.open('')`` is a StoreError, not an in-memory database that keeps nothing."""
    with pytest.raises(StoreError) as raised:
        Store.open(target, engine_2014())
    assert str(raised.value) == EMPTY.replace("''", f"'{target}'")
    with pytest.raises(StoreError):
        database_url(target)
    with pytest.raises(StoreError):
        read_cohort(target, engine_2014())


def test_import_with_an_empty_db_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    """``--db ''`` (``--db "$DB"`` with DB unset) exits 1 and writes no file anywhere."""
    roster = tmp_path / "roster.csv"
    roster.write_bytes(BASE_ROSTER.read_bytes())
    result = cli(tmp_path, "cohort", "import", WORKFLOW, "roster.csv", "--db", "")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", EMPTY + "\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["roster.csv"]
    assert roster.read_bytes() == BASE_ROSTER.read_bytes()


@pytest.mark.parametrize("command", REPORTS)
def test_reports_with_an_empty_db_are_refused(tmp_path: Path, command: list[str]) -> None:
    """A report with ``--db ''`` exits 1 with the same message."""
    result = cli(tmp_path, "cohort", *command, "--db", "")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", EMPTY + "\n")
    assert list(tmp_path.iterdir()) == []


def test_walk_with_an_empty_db_is_refused(tmp_path: Path) -> None:
    """``walk --db ''`` exits 1 before it walks anyone."""
    student = ROOT / "examples" / "students" / "li-lei.yaml"
    result = cli(tmp_path, "walk", WORKFLOW, "--db", "", "--student", str(student), "--yes")
    assert (result.exit_code, result.stderr) == (1, EMPTY + "\n")
    assert list(tmp_path.iterdir()) == []


# -- in-memory SQLite: only when asked for -------------------------------------------


@pytest.mark.parametrize("target", IN_MEMORY_TARGETS)
def test_an_in_memory_database_is_refused_unless_asked_for(target: str) -> None:
    """Every spelling of an in-memory SQLite database is refused; ``memory=True`` opens it."""
    with pytest.raises(StoreError) as raised:
        Store.open(target, engine_2014())
    library = MEMORY.format(db=target, library=", or open it with memory=True")
    assert (str(raised.value), raised.value.fix) == (library, "memory")
    assert error_text(raised.value) == MEMORY.format(db=target, library="")
    with Store.open(target, engine_2014(), memory=True) as store:
        store.add([start(student_id="2014000001")])
        assert store.student_ids() == ["2014000001"]


def test_store_refusals_read_in_chinese(tmp_path: Path) -> None:
    """In Chinese a refusal keeps the library's remedy (``memory=True``) as its own phrase."""
    with pytest.raises(StoreError) as raised:
        Store.open("sqlite://", engine_2014())
    assert raised.value.text("zh") == (
        "数据库 'sqlite://' 在内存中，什么也保存不下来（指定一个数据库文件，或用 memory=True 打开）"
    )
    missing = tmp_path / "none.db"
    with pytest.raises(StoreError) as raised:
        Store.open(missing, engine_2014(), read_only=True)
    assert raised.value.text("zh") == f"'{missing}' 处没有数据库（先导入名册）"
    assert str(raised.value) == f"no database at '{missing}' (import a roster first)"


def test_import_into_memory_is_refused(tmp_path: Path) -> None:
    """``--db sqlite://`` exits 1 without "5 students added"; the CLI offers no memory flag."""
    result = cli(tmp_path, "cohort", "import", WORKFLOW, str(BASE_ROSTER), "--db", "sqlite://")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == MEMORY.format(db="sqlite://", library="") + "\n"


def test_a_file_named_like_a_url_is_still_a_file(tmp_path: Path) -> None:
    """Only in-memory targets are refused: a plain path or a file URL opens as before."""
    for target in (tmp_path / "a.db", f"sqlite:///{tmp_path / 'b.db'}"):
        Store.open(target, engine_2014()).close()
    assert sorted(path.name for path in tmp_path.iterdir() if path.suffix == ".db") == [
        "a.db",
        "b.db",
    ]


# -- reports read only ----------------------------------------------------------------


def test_a_report_leaves_another_programs_database_byte_identical(tmp_path: Path) -> None:
    """read_cohort on a SQLite file that is no clearflow store: refused, not a table added."""
    path = tmp_path / "library.db"
    before = other_program(path)
    with pytest.raises(StoreError) as raised:
        read_cohort(path, engine_2014())
    assert str(raised.value) == NOT_A_STORE.format(db=path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.db"]


@pytest.mark.parametrize("command", REPORTS)
def test_report_commands_refuse_another_programs_database(
    tmp_path: Path, command: list[str]
) -> None:
    """``cohort status|blocked|export --db library.db`` exits 1; the file keeps its bytes."""
    before = other_program(tmp_path / "library.db")
    result = cli(tmp_path, "cohort", *command, "--db", "library.db")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == NOT_A_STORE.format(db="library.db") + "\n"
    assert (tmp_path / "library.db").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.db"]


def test_an_empty_file_is_not_a_store_either(tmp_path: Path) -> None:
    """A 0-byte file (SQLite would take it for an empty database) stays 0 bytes."""
    path = tmp_path / "class.db"
    path.touch()
    with pytest.raises(StoreError, match="is not a clearflow store"):
        read_cohort(path, engine_2014())
    assert path.read_bytes() == b""


def test_a_read_only_store_reads_and_refuses_every_write(tmp_path: Path) -> None:
    """``read_only=True`` reads a clearflow store and refuses add, act and save."""
    path = tmp_path / "class.db"
    with Store.open(path, engine_2014()) as store:
        store.add([start(student_id="2014000001")])
    with Store.open(path, engine_2014(), read_only=True) as store:
        case = store.load("2014000001")
        assert store.student_ids() == ["2014000001"]
        message = f"database '{path}' was opened read-only (open it without read_only)"
        for write in (
            lambda: store.add([start(student_id="2014000002")]),
            lambda: store.save(case),
            lambda: store.act("2014000001", lambda case: None),
            lambda: store.act_many(["2014000001"], lambda case: None),
        ):
            with pytest.raises(StoreError) as raised:
                write()
            assert str(raised.value) == message
    with Store.open(path, engine_2014(), read_only=True) as store:
        assert store.student_ids() == ["2014000001"]


def test_a_report_on_a_read_only_file_works(tmp_path: Path) -> None:
    """A store the user may read but not write (chmod 444) still gives its report."""
    path = tmp_path / "class.db"
    with Store.open(path, engine_2014()) as store:
        store.add([start(student_id="2014000001")])
    path.chmod(0o444)
    try:
        before = path.read_bytes()
        assert [case.student_id for case, _ in read_cohort(path, engine_2014())] == ["2014000001"]
        assert path.read_bytes() == before
    finally:
        path.chmod(0o644)


def test_a_report_creates_no_table_on_any_backend(store_url: str) -> None:
    """On SQLite and PostgreSQL, a report on a database without clearflow's tables makes none."""
    path = sqlite_file(store_url)
    if path is not None:
        other_program(path)
    with pytest.raises(StoreError, match="is not a clearflow store"):
        read_cohort(store_url, engine_2014())
    database = sa.create_engine(database_url(store_url), poolclass=sa.NullPool)
    try:
        with database.connect() as connection:
            tables = sa.inspect(connection).get_table_names()
    finally:
        database.dispose()
    assert [name for name in tables if name.startswith("clearflow")] == []


# -- docs/errors.md quotes each message -------------------------------------------------


def test_documented_store_messages_are_real(tmp_path: Path) -> None:
    """Every line quoted in the "Store errors" section of docs/errors.md is one the CLI prints."""
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    section = doc.split("\n## Store errors\n", 1)[1].split("\n## ", 1)[0]
    quoted = set(re.findall(r"^(database .*\))$", section, re.MULTILINE))
    other_program(tmp_path / "library.db")
    produced = {
        cli(tmp_path, "cohort", "import", WORKFLOW, "roster.csv", "--db", db).stderr.strip()
        for db in ("", "sqlite://", ":memory:")
    }
    produced.add(cli(tmp_path, "cohort", "status", WORKFLOW, "--db", "library.db").stderr.strip())
    with Store.open(tmp_path / "class.db", engine_2014()) as store:
        store.add([start()])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_tables, "BUSY_TIMEOUT_MS", 100)
        other = sqlite3.connect(tmp_path / "class.db", isolation_level=None)
        other.execute("PRAGMA locking_mode=EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("UPDATE clearflow_meta SET value = value")
        try:
            busy = cli(tmp_path, "cohort", "status", WORKFLOW, "--db", "class.db")
        finally:
            other.rollback()
            other.close()
    assert busy.exit_code == 75
    produced.add(busy.stderr.strip())
    assert len(quoted) == 5
    assert sorted(quoted - produced) == []
