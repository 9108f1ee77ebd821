"""A report's store on a SQLite file through ``sqlite3`` reads and refuses as SQLAlchemy's.

:func:`~clearflow.store.open_reader` gives a :class:`~clearflow.store.SqliteReader` on a
SQLite file and ``Store.open(..., read_only=True)`` otherwise; both run the SQL texts of
``_sql``. Here each read and each refusal is asked of both (``driver="sqlite3"`` and
``driver="sqlalchemy"``) on the same file and must come out the same; the reports
themselves are compared with the pure reports in ``test_projection``.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import attrs
import pytest
import sqlalchemy as sa

from clearflow.cohort.stored import StoredCohort
from clearflow.engine import Engine, snapshot
from clearflow.errors import ClearflowError, StoreError
from clearflow.loading import load_workflow_text
from clearflow.spec import Roster, StaffMember
from clearflow.store import (
    SqliteReader,
    Store,
    _limits,
    _reader,
    _refusals,
    _sql,
    _tables,
    open_reader,
    scan,
    tally,
    upgrade_store,
)
from clearflow.store._rosters import save_roster
from clearflow.store._tables import SCHEMA_VERSION
from support import WORKFLOW_2014, at, engine_2014, staff, start

DRIVERS = ("sqlite3", "sqlalchemy")
V1 = Path(__file__).resolve().parents[1] / "fixtures" / "store" / "v1.db"


def class_store(path: Path) -> Path:
    """A small class: one refused, one cleared, one untouched student."""
    engine = engine_2014()
    cases = [start(student_id=f"201400{number}") for number in range(3)]
    cases[0].refuse("library_cleared", staff("library", "L03"), "owes 2 books", at=at(6, 26))
    cases[1].clear("finance_cleared", staff("finance"), at=at(6, 26))
    with Store.open(path, engine) as store:
        store.add(cases, {"2014000": "王老师", "2014001": None, "2014002": ""})
    return path


def refusal(target: Any, driver: str, engine: Engine | None = None) -> str:
    """What opening ``target`` for a report through ``driver`` says (it must refuse)."""
    with pytest.raises(ClearflowError) as raised:
        StoredCohort(target, engine or engine_2014(), driver=driver)  # type: ignore[arg-type]
    return f"{type(raised.value).__name__}: {raised.value}"


def both(target: Any, engine: Engine | None = None) -> str:
    """The one refusal both drivers give."""
    said = {refusal(target, driver, engine) for driver in DRIVERS}
    assert len(said) == 1, said
    return said.pop()


def test_a_sqlite_file_is_read_with_sqlite3_and_a_url_with_sqlalchemy(tmp_path: Path) -> None:
    """The default picks ``sqlite3`` for a plain path and SQLAlchemy for a URL with options."""
    path = class_store(tmp_path / "class.db")
    with open_reader(path, engine_2014()) as plain:
        assert isinstance(plain, SqliteReader)
    with open_reader(f"sqlite:///{path}?timeout=5", engine_2014()) as url:
        assert isinstance(url, Store)
        assert url.read_only


def test_every_read_is_the_same_on_both_drivers(tmp_path: Path) -> None:
    """Cases, histories, ids, one case, the tallies and the roster adopted: all equal."""
    path = class_store(tmp_path / "class.db")
    roster = Roster.of([StaffMember(id="L03", name="李老师", office="library")], source="s.csv")
    database = sa.create_engine(f"sqlite:///{path}")
    with database.begin() as connection:
        save_roster(connection, "gyvtc-2014", roster)
    database.dispose()
    seen = []
    for driver in DRIVERS:
        with open_reader(path, engine_2014(), driver=driver) as store:  # type: ignore[arg-type]
            ids = store.student_ids()
            seen.append(
                (
                    store.label,
                    ids,
                    [(snapshot(case), counsellor) for case, counsellor in store.cases()],
                    [store.history(student) for student in ids],
                    snapshot(store.load(ids[0])),
                    sorted(tally(store), key=repr),
                    sorted(tally(store, counsellor=True), key=repr),
                    store.engine.roster,
                )
            )
    assert seen[0] == seen[1]
    adopted = seen[0][-1]
    assert adopted is not None
    assert adopted.get("L03") is not None


@pytest.mark.parametrize(
    "statements",
    [
        [f"UPDATE clearflow_meta SET value = '{SCHEMA_VERSION + 1}' WHERE key = 'schema'"],
        ["UPDATE clearflow_meta SET value = 'x' WHERE key = 'schema'"],
        ["DELETE FROM clearflow_meta"],
        ["DROP TABLE clearflow_meta"],
    ],
    ids=["newer-version", "not-a-number", "no-version", "no-meta"],
)
def test_a_store_of_another_version_is_refused_alike(tmp_path: Path, statements: list[str]) -> None:
    """A newer schema, or none, is refused with the same words on both drivers."""
    path = class_store(tmp_path / "class.db")
    with sqlite3.connect(path) as connection:
        for statement in statements:
            connection.execute(statement)
    said = both(path)
    reads = f"this clearflow reads version {SCHEMA_VERSION}"
    assert reads in said or "is not a clearflow store" in said


def test_the_refusals_of_a_path_are_the_same(tmp_path: Path) -> None:
    """No file, no folder, a directory, garbage, another program's file, an empty file."""
    assert both(tmp_path / "missing.db") == (
        f"StoreError: no database at '{tmp_path / 'missing.db'}' (import a roster first)"
    )
    assert "no such folder" in both(tmp_path / "nowhere" / "class.db")
    assert "is a directory" in both(tmp_path)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all, " * 100)
    assert both(garbage).endswith("file is not a database")
    other = tmp_path / "library.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE books (id INTEGER)")
    assert "is not a clearflow store" in both(other)
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert "is not a clearflow store" in both(empty)
    assert empty.read_bytes() == b""


def test_a_version_1_store_is_refused_until_upgraded_then_read_alike(tmp_path: Path) -> None:
    """The v1 fixture: the same refusal; once upgraded (its cases without ``holds`` until an
    open writes them), the same tallies and reports on both drivers."""
    path = tmp_path / "v1.db"
    shutil.copyfile(V1, path)
    assert f"has schema version 1; this clearflow reads version {SCHEMA_VERSION}" in both(path)
    upgrade_store(path)
    found = []
    for driver in DRIVERS:
        with StoredCohort(path, engine_2014(), driver=driver) as cohort:  # type: ignore[arg-type]
            found.append(
                (
                    sorted(cohort.tally(), key=repr),
                    cohort.progress(),
                    cohort.summary(None, by="office"),
                    list(cohort.rows(None)),
                )
            )
    assert found[0] == found[1]
    assert found[0][3], "the fixture has blocked students"


def edited_2014(*, kept: bool = True) -> Engine:
    """The 2014 rules with the fees deadline a day later (without ``kept``: as if built in
    code, so a store cannot keep them)."""
    text = WORKFLOW_2014.read_text(encoding="utf-8").replace(
        "date: 2014-07-04\n    late: block", "date: 2014-07-05\n    late: block"
    )
    workflow = load_workflow_text(text, "edited.yaml")
    return Engine(workflow if kept else attrs.evolve(workflow, text=""))


def test_cases_on_earlier_rules_are_read_on_them_alike(tmp_path: Path) -> None:
    """Rules edited since the cases started: both drivers read the cases on the rules the
    store kept, the same rows, each case naming its own rules."""
    path = class_store(tmp_path / "class.db")
    with StoredCohort(path, engine_2014(), driver="sqlite3") as cohort:
        before = list(cohort.rows(None))
    for driver in DRIVERS:
        with StoredCohort(path, edited_2014(), driver=driver) as cohort:  # type: ignore[arg-type]
            rows = list(cohort.rows(None))
        assert rows == before != []


def test_a_case_of_rules_not_kept_is_refused_alike(tmp_path: Path) -> None:
    """Rules the store keeps no text of: listing the blocked rows refuses the same way."""
    path = class_store(tmp_path / "class.db")
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("DELETE FROM clearflow_rules")
    connection.close()
    said = set()
    for driver in DRIVERS:
        with StoredCohort(path, edited_2014(kept=False), driver=driver) as cohort:  # type: ignore[arg-type]
            with pytest.raises(ClearflowError) as raised:
                list(cohort.rows(None))
            said.add(str(raised.value))
    assert len(said) == 1
    assert "the case was started on workflow 'gyvtc-2014' (digest" in said.pop()


def test_no_students_of_the_workflow_is_said_alike(tmp_path: Path) -> None:
    """A store with none of the workflow's students: the same remedy."""
    path = tmp_path / "class.db"
    Store.open(path, engine_2014()).close()
    assert both(path) == (
        f"StoreError: no students of workflow 'gyvtc-2014' in '{path}' (import a roster first)"
    )


def test_a_lock_held_past_the_timeout_is_busy_on_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holding the file exclusively: the same ConflictError (try again)."""
    path = class_store(tmp_path / "class.db")
    monkeypatch.setattr(_tables, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(_reader, "BUSY_TIMEOUT_MS", 100)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE clearflow_meta SET value = value")
    try:
        said = both(path)
    finally:
        other.rollback()
        other.close()
    assert said.startswith("ConflictError: database ")
    assert "is busy" in said


def test_a_workflow_with_an_id_too_long_goes_to_sqlalchemy(tmp_path: Path) -> None:
    """An id no store keeps: the reader leaves it to SQLAlchemy's store, which says why."""
    path = class_store(tmp_path / "class.db")
    long_id = "w" * 129
    text = WORKFLOW_2014.read_text(encoding="utf-8").replace("id: gyvtc-2014", f"id: {long_id}", 1)
    engine = Engine(load_workflow_text(text, "long.yaml"))
    assert not _reader.ids_fit(engine.workflow)
    with pytest.raises(StoreError) as raised:
        StoredCohort(path, engine)
    assert "(shorten it in the workflow)" in str(raised.value)


# -- what the two paths share, held equal to what the writes use ------------------------


def test_the_reader_keeps_the_limits_and_words_of_the_store() -> None:
    """The id length, the busy refusal and the NUL student id: the same as ``_limits``'."""
    assert _reader.ID_CHARS == _limits.ID_LENGTH
    assert _refusals.BUSY_TIMEOUT_MS == _tables.BUSY_TIMEOUT_MS
    locked = sa.exc.OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked"))
    expected = _limits.busy_error(locked, "class.db")
    assert expected is not None
    assert str(_refusals.busy("class.db")) == str(expected)
    for student in (" 2014001 ", "20\x0014"):
        try:
            kept: object = _limits.stored_id(student)
        except ClearflowError as error:
            kept = str(error)
        try:
            ours: object = _refusals.stored_id(student)
        except ClearflowError as error:
            ours = str(error)
        assert ours == kept


@pytest.mark.parametrize(
    "target",
    [
        "class.db",
        "/tmp/x/class.db",
        "sqlite:///class.db",
        "sqlite:////tmp/class.db",
        "sqlite:///a%20b.db",
        "a%20b.db",
        "class.db?mode=memory",
        "sqlite:///class.db?mode=ro",
        ":memory:",
        "sqlite://",
        "file::memory:",
        "postgresql+psycopg://u:secret@host/db",
        "sqlite+pysqlite:///class.db",
        "café/学生.db",
        "a#b.db",
    ],
)
def test_a_plain_sqlite_path_is_what_sqlalchemy_makes_of_it(target: str) -> None:
    """Where the reader takes a target as a file, SQLAlchemy names the same file; and the
    light ``sqlite_file`` and ``database_label`` equal ``_tables``' on every target."""
    plain = _reader.plain_sqlite_file(target)
    if plain is not None:
        assert _tables.sqlite_file(target) == plain
    assert _reader.sqlite_file(target) == _tables.sqlite_file(target)
    assert _reader.database_label(target) == _tables.database_label(target)


@pytest.mark.parametrize(
    ("paramstyle", "text", "names"),
    [
        ("named", "a = :x AND b LIKE :y ESCAPE '/'", None),
        ("qmark", "a = ? AND b LIKE ? ESCAPE '/'", ("x", "y")),
        ("format", "a = %s AND b LIKE %s ESCAPE '/'", ("x", "y")),
        ("numeric", "a = :1 AND b LIKE :2 ESCAPE '/'", ("x", "y")),
        ("pyformat", "a = %(x)s AND b LIKE %(y)s ESCAPE '/'", None),
    ],
)
def test_one_text_is_written_for_every_driver(
    paramstyle: str, text: str, names: tuple[str, ...] | None
) -> None:
    """A ``:name`` text becomes the driver's own marks, the names in order when positional."""
    assert _sql.for_driver("a = :x AND b LIKE :y ESCAPE '/'", paramstyle) == (text, names)
    assert _sql.parameters(names, {"y": 2, "x": 1}) == (
        {"y": 2, "x": 1} if names is None else (1, 2)
    )


def test_a_percent_in_a_text_is_doubled_for_format_drivers() -> None:
    """``%`` is the mark of a format driver: a literal one is written ``%%``."""
    assert _sql.for_driver("SELECT '%' WHERE a = :x", "pyformat")[0] == (
        "SELECT '%%' WHERE a = %(x)s"
    )


def test_a_like_pattern_escapes_its_wildcards() -> None:
    """A token's ``%``, ``_`` and ``/`` match only themselves (SQLAlchemy's autoescape)."""
    assert _sql.like_escaped(" a_b:") == "% a/_b:%"
    assert _sql.like_escaped("50%/") == "%50/%//%"


def test_both_drivers_match_a_token_with_wildcards_literally(tmp_path: Path) -> None:
    """``scan``'s ``holds_any`` filter is a literal 'contains' on both drivers."""
    path = class_store(tmp_path / "class.db")
    for driver in DRIVERS:
        with StoredCohort(path, engine_2014(), driver=driver) as cohort:  # type: ignore[arg-type]
            assert list(cohort.rows(None, office="library"))
            assert _count(cohort, [" library_cleared:refused "]) == 1
            assert _count(cohort, [" library%:refused "]) == 0
            assert _count(cohort, [" librar__cleared:refused "]) == 0
            assert _count(cohort, [" library/cleared:refused "]) == 0


def _count(cohort: StoredCohort, tokens: list[str]) -> int:
    return len(scan(cohort.store, holds_any=tokens))
