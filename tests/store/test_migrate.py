"""Schema migrations: a version-1 store upgrades in place, all or nothing; a newer one is refused.

``tests/fixtures/store/v1.db`` was made by clearflow before migrations (the 2014 workflow,
``examples/cohort-files/``: the roster, the library list with ``--clear-unlisted`` and the
finance list; journal mode set back to DELETE so that it is one file). On PostgreSQL, a
version-1 store is one made now with its ``alembic_version`` dropped, which is what the old
code wrote: the baseline's tables are the version-1 tables (tested below).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from clearflow._i18n import Message
from clearflow.engine import Event, holding, replay, restorer, snapshot
from clearflow.errors import StoreError
from clearflow.store import Store, upgrade_store
from clearflow.store._migrate import HEAD_REVISION, SCRIPTS, migrate, scripts, stored_revision
from clearflow.store._projection import parse_holds
from clearflow.store._tables import (
    SCHEMA_VERSION,
    cases_table,
    database_url,
    facts_table,
    holds_table,
    metadata,
    steps_table,
)
from support import EARLY, engine_2014, staff, start
from support.imports import dump_url

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "store" / "v1.db"
REVISIONS = tuple(f"{number:04d}" for number in range(1, int(HEAD_REVISION) + 1))
"""Every revision the package has, in order."""
NEXT = f"{int(HEAD_REVISION) + 1:04d}"
"""The revision a test adds after the package's head."""
DROPPED = {"clearflow_cases": "state"}
"""The version-1 columns a later revision dropped (0003: the snapshot text)."""

FAILING = '''"""A revision that creates a table, records a row, then fails."""

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{head}"
branch_labels = None
depends_on = None
schema_version = {version}
additive = {additive}


def upgrade() -> None:
    """Half a change, then a failure."""
    op.create_table("clearflow_half", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO clearflow_half (id) VALUES (1)")
    {body}


def downgrade() -> None:
    """None."""
'''


def v1_copy(tmp_path: Path) -> Path:
    """A copy of the version-1 fixture store, free to change."""
    path = tmp_path / "v1.db"
    shutil.copyfile(FIXTURE, path)
    return path


def execute(url: str, *statements: str) -> None:
    """Run SQL on the database at ``url`` (to build a store of another version)."""
    database = sa.create_engine(database_url(url), poolclass=sa.NullPool)
    try:
        with database.begin() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        database.dispose()


def tables(url: str) -> dict[str, list[str]]:
    """Each table of the database with its column names."""
    database = sa.create_engine(database_url(url), poolclass=sa.NullPool)
    try:
        with database.connect() as connection:
            inspector = sa.inspect(connection)
            return {
                name: [column["name"] for column in inspector.get_columns(name)]
                for name in sorted(inspector.get_table_names())
            }
    finally:
        database.dispose()


def revision_of(url: str) -> str | None:
    """The revision ``alembic_version`` records."""
    database = sa.create_engine(database_url(url), poolclass=sa.NullPool)
    try:
        with database.connect() as connection:
            return stored_revision(connection)
    finally:
        database.dispose()


def old_store(url: str) -> None:
    """The version-1 fixture's tables and rows at ``url`` (any backend), as the old code left
    them: no ``alembic_version``."""
    baseline = scripts().get_revision("0001")
    assert baseline is not None
    old_tables: sa.MetaData = baseline.module._tables()
    source = sa.create_engine(f"sqlite:///{FIXTURE}", poolclass=sa.NullPool)
    target = sa.create_engine(database_url(url), poolclass=sa.NullPool)
    try:
        with source.connect() as reading, target.begin() as writing:
            old_tables.create_all(writing)
            for table in old_tables.sorted_tables:
                rows = [dict(row._mapping) for row in reading.execute(sa.select(table))]
                if rows:
                    writing.execute(sa.insert(table), rows)
    finally:
        source.dispose()
        target.dispose()


def old_rows(url: str, *, dropped: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the version-1 tables, in their version-1 columns (the meta table aside:
    it records the version); with ``dropped``, those version 3 dropped left out
    (``clearflow_cases.state``)."""
    baseline = scripts().get_revision("0001")
    assert baseline is not None
    database = sa.create_engine(database_url(url), poolclass=sa.NullPool)
    try:
        with database.connect() as connection:
            present = set(sa.inspect(connection).get_table_names())
            return {
                table.name: sorted(
                    (
                        tuple(row)
                        for row in connection.execute(
                            sa.select(
                                *[
                                    c
                                    for c in table.columns
                                    if not dropped or c.name != DROPPED.get(table.name)
                                ]
                            )
                        )
                    ),
                    key=repr,
                )
                for table in baseline.module._tables().sorted_tables
                if table.name != "clearflow_meta" and table.name in present
            }
    finally:
        database.dispose()


def old_snapshots(path: Path) -> dict[str, dict[str, Any]]:
    """Each case of a store from before version 3 as its ``state`` snapshot held it."""
    database = sa.create_engine(f"sqlite:///{path}", poolclass=sa.NullPool)
    try:
        with database.connect() as connection:
            found = connection.exec_driver_sql(
                "SELECT student_id, state, version FROM clearflow_cases"
            ).all()
    finally:
        database.dispose()
    return {
        student_id: {**json.loads(state), "version": version, "events": []}
        for student_id, state, version in found
    }


def new_rows(url: str) -> dict[str, Any]:
    """What the upgrade writes: each case's facts and holds, and the step rows."""
    database = sa.create_engine(database_url(url), poolclass=sa.NullPool)
    try:
        with database.connect() as connection:
            cases = connection.execute(
                sa.select(cases_table.c.student_id, facts_table.c.text, holds_table.c.text)
                .select_from(
                    cases_table.outerjoin(
                        facts_table, facts_table.c.id == cases_table.c.facts_id
                    ).outerjoin(holds_table, holds_table.c.id == cases_table.c.holds_id)
                )
                .order_by(cases_table.c.student_id)
            ).all()
            steps = connection.execute(
                sa.select(steps_table).order_by(steps_table.c.student_id, steps_table.c.step)
            ).all()
    finally:
        database.dispose()
    return {"cases": [tuple(row) for row in cases], "steps": [tuple(row) for row in steps]}


def with_revision(tmp_path: Path, *, additive: bool = True, fails: bool = True) -> Path:
    """A copy of the package's revisions with a revision :data:`NEXT` of the test's own."""
    location = tmp_path / "migrations"
    shutil.copytree(SCRIPTS, location, ignore=shutil.ignore_patterns("__pycache__"))
    body = f'raise RuntimeError("revision {NEXT} failed")' if fails else "pass"
    text = FAILING.format(
        revision=NEXT, head=HEAD_REVISION, version=SCHEMA_VERSION + 1, additive=additive, body=body
    )
    (location / "versions" / f"r{NEXT}_test.py").write_text(text, encoding="utf-8")
    return location


def test_the_head_revision_is_the_one_the_store_knows() -> None:
    """HEAD_REVISION (read without Alembic) is the newest revision, of SCHEMA_VERSION."""
    script = scripts()
    assert script.get_current_head() == HEAD_REVISION
    head = script.get_revision(HEAD_REVISION)
    assert head is not None
    assert head.module.schema_version == SCHEMA_VERSION


def test_the_baseline_makes_exactly_the_version_1_tables(tmp_path: Path) -> None:
    """A new store's tables are the live schema's, plus alembic_version at the head."""
    url = str(tmp_path / "new.db")
    Store.open(url, engine_2014()).close()
    expected = {
        table.name: [column.name for column in table.columns] for table in metadata.sorted_tables
    }
    found = tables(url)
    assert found.pop("alembic_version") == ["version_num"]
    assert found == dict(sorted(expected.items()))
    assert revision_of(url) == HEAD_REVISION


def test_the_v1_fixture_upgrades_in_place_with_its_data_unchanged(tmp_path: Path) -> None:
    """The old code's store: its rows as they were, the step rows read from the states, and
    the reports' columns filled when it is next opened with its workflow."""
    path = v1_copy(tmp_path)
    rows = old_rows(str(path), dropped=True)
    snapshots = old_snapshots(path)
    assert revision_of(str(path)) is None
    done = upgrade_store(path)
    assert (done.before, done.after, done.applied) == (1, SCHEMA_VERSION, REVISIONS)
    assert revision_of(str(path)) == HEAD_REVISION
    assert old_rows(str(path), dropped=True) == rows
    upgraded = new_rows(str(path))
    assert {row[2] for row in upgraded["cases"]} == {None}, "holds wait for the workflow"
    for student_id, facts, _ in upgraded["cases"]:  # facts: from the snapshot, by 0003
        assert json.loads(facts) == snapshots[student_id]["student"]["facts"]
    engine = engine_2014()
    with Store.open(path, engine) as store:  # a writing open fills facts and holds
        cases = {case.student_id: case for case, _ in store.cases()}
        assert len(store.student_ids()) == 5
    filled = new_rows(str(path))
    assert [row[0] for row in filled["cases"]] == sorted(cases)
    for student_id, facts, holds in filled["cases"]:
        case = cases[student_id]
        assert json.loads(facts) == dict(case.facts)
        assert parse_holds(holds) == holding(case)
    expected = sorted(
        (student_id, step, str(record.status), record.reason)
        for student_id, case in cases.items()
        for step, record in case.records.items()
    )
    assert [(row[1], row[2], row[4], row[6]) for row in filled["steps"]] == expected
    assert filled["steps"], "the fixture has refused and cleared steps"
    engine_restore = restorer(engine)
    for student_id, data in snapshots.items():  # the rows restore what the snapshot did
        assert snapshot(cases[student_id]) == snapshot(engine_restore(data, Message("test")))
    again = upgrade_store(path)
    assert (again.before, again.after, again.applied) == (SCHEMA_VERSION, SCHEMA_VERSION, ())


def test_a_store_from_before_rosters_gets_its_staff_table(tmp_path: Path) -> None:
    """The oldest version-1 stores have no clearflow_staff: the baseline adds it."""
    path = v1_copy(tmp_path)
    execute(str(path), "DROP TABLE clearflow_staff")
    rows = old_rows(str(path), dropped=True)
    upgrade_store(path)
    assert "clearflow_staff" in tables(str(path))
    assert old_rows(str(path), dropped=True) == {**rows, "clearflow_staff": []}


@pytest.mark.parametrize("read_only", [False, True])
def test_opening_a_v1_store_is_refused_until_it_is_upgraded(
    tmp_path: Path, read_only: bool
) -> None:
    """Revision 0002 is not additive: no open applies it, and the refusal writes nothing."""
    path = v1_copy(tmp_path)
    before, rows = path.read_bytes(), dump_url(str(path))
    refused = f"has schema version 1; this clearflow reads version {SCHEMA_VERSION}"
    with pytest.raises(StoreError, match=refused):
        Store.open(path, engine_2014(), read_only=read_only)
    if read_only:
        assert path.read_bytes() == before
    assert dump_url(str(path)) == rows  # a writing open may only have set WAL mode
    assert revision_of(str(path)) is None


def test_on_any_backend_an_old_store_upgrades(store_url: str) -> None:
    """SQLite and PostgreSQL alike: both revisions, the old rows unchanged, the steps read."""
    old_store(store_url)
    rows = old_rows(store_url, dropped=True)
    done = upgrade_store(store_url)
    assert done.applied == REVISIONS
    assert revision_of(store_url) == HEAD_REVISION
    assert old_rows(store_url, dropped=True) == rows
    records = sum(len(data["steps"]) for data in old_snapshots(FIXTURE).values())
    assert len(new_rows(store_url)["steps"]) == records > 0


def test_a_failing_revision_leaves_the_store_as_it_was(store_url: str, tmp_path: Path) -> None:
    """The revision's table, its row, the stamps and the version: all rolled back."""
    old_store(store_url)
    rows = dump_url(store_url)
    names = tables(store_url)
    with pytest.raises(RuntimeError, match=f"revision {NEXT} failed"):
        upgrade_store(store_url, location=with_revision(tmp_path))
    assert tables(store_url) == names
    assert dump_url(store_url) == rows
    assert revision_of(store_url) is None


def test_a_further_revision_applies_and_records_its_version(tmp_path: Path) -> None:
    """From the head on: the next revision runs and the meta version follows it."""
    url = str(tmp_path / "s.db")
    Store.open(url, engine_2014()).close()
    done = upgrade_store(url, location=with_revision(tmp_path, fails=False))
    after = SCHEMA_VERSION + 1
    assert (done.before, done.after, done.applied) == (SCHEMA_VERSION, after, (NEXT,))
    assert revision_of(url) == NEXT
    refused = f"has schema version {after}; this clearflow reads version {SCHEMA_VERSION}"
    with pytest.raises(StoreError, match=refused):
        Store.open(url, engine_2014())


def test_opening_does_not_apply_a_revision_that_is_not_additive(tmp_path: Path) -> None:
    """Such a revision waits for upgrade_store; the refusal says so and changes nothing."""
    url = str(tmp_path / "s.db")
    Store.open(url, engine_2014()).close()
    location = with_revision(tmp_path, additive=False, fails=False)
    database = sa.create_engine(database_url(url), poolclass=sa.NullPool)
    try:
        refused = r"upgrade it first with upgrade_store\(\)"
        with pytest.raises(StoreError, match=refused) as caught, database.begin() as connection:
            migrate(connection, url, location=location)
    finally:
        database.dispose()
    assert caught.value.fix == "upgrade_store"
    assert revision_of(url) == HEAD_REVISION


def test_a_new_store_is_made_at_the_head_by_any_open(tmp_path: Path) -> None:
    """Non-additive revisions wait on an existing store, never on a new one."""
    url = str(tmp_path / "new.db")
    with Store.open(url, engine_2014()) as store:
        store.add([start(student_id="2014000001")])
    assert revision_of(url) == HEAD_REVISION


@pytest.mark.parametrize(
    "statements",
    [
        [f"UPDATE clearflow_meta SET value = '{SCHEMA_VERSION + 1}' WHERE key = 'schema'"],
        ["DELETE FROM clearflow_meta"],
        ["UPDATE alembic_version SET version_num = '9999'"],
    ],
    ids=["newer-version", "no-version", "unknown-revision"],
)
def test_a_newer_store_is_refused_by_every_open(store_url: str, statements: list[str]) -> None:
    """A store this code does not know is refused as before, and left as it is."""
    Store.open(store_url, engine_2014()).close()
    execute(store_url, *statements)
    rows = dump_url(store_url)
    found = r"has (schema version \S+|no schema version)"
    refused = f"{found}; this clearflow reads version {SCHEMA_VERSION}"
    with pytest.raises(StoreError, match=refused):
        upgrade_store(store_url)
    with pytest.raises(StoreError, match=refused):
        Store.open(store_url, engine_2014())
    assert dump_url(store_url) == rows


def test_upgrade_refuses_what_is_not_a_store(tmp_path: Path) -> None:
    """No file (never created), an empty file: refused, nothing made."""
    missing = tmp_path / "missing.db"
    with pytest.raises(StoreError, match="no database at"):
        upgrade_store(missing)
    assert not missing.exists()
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match="is not a clearflow store"):
        upgrade_store(empty)


def test_opening_a_store_at_the_head_does_not_load_alembic(tmp_path: Path) -> None:
    """Alembic costs about 250 ms to import: a store already upgraded is opened without it."""
    url = str(tmp_path / "s.db")
    Store.open(url, engine_2014()).close()
    code = (
        "import sys\n"
        "from clearflow.store import Store\n"
        "from support import engine_2014\n"
        f"Store.open({url!r}, engine_2014()).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    tests = str(Path(__file__).resolve().parents[1])
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": tests},
    )
    assert result.stdout == "False\n"


def test_an_upgraded_store_has_the_indexes_of_a_new_one(tmp_path: Path) -> None:
    """Revision 0002's indexes are the live schema's: the reports' GROUP BY is covered."""
    new = tmp_path / "new.db"
    Store.open(new, engine_2014()).close()
    old = v1_copy(tmp_path)
    upgrade_store(old)

    def indexes(path: Path) -> dict[str, list[tuple[str, tuple[str | None, ...]]]]:
        database = sa.create_engine(f"sqlite:///{path}", poolclass=sa.NullPool)
        try:
            with database.connect() as connection:
                inspector = sa.inspect(connection)
                return {
                    name: sorted(
                        (index["name"] or "", tuple(index["column_names"]))
                        for index in inspector.get_indexes(name)
                    )
                    for name in inspector.get_table_names()
                }
        finally:
            database.dispose()

    assert indexes(old) == indexes(new)
    covering = ("clearflow_cases_holds", ("workflow", "facts_id", "phase", "holds_id"))
    assert covering in indexes(new)["clearflow_cases"]


V2 = FIXTURE.with_name("v2.db")


def test_a_v2_stores_events_read_the_same_and_new_ones_follow_them(tmp_path: Path) -> None:
    """Version 2 wrote each event's JSON whole; version 3 leaves out what its row's columns
    hold. Upgraded, the old events read as the old code read them, a case acted on after
    gets the compact ones, and replaying its whole history gives the stored case."""
    path = tmp_path / "v2.db"
    shutil.copyfile(V2, path)
    database = sa.create_engine(f"sqlite:///{path}", poolclass=sa.NullPool)
    try:
        with database.connect() as connection:
            found = connection.exec_driver_sql(
                "SELECT student_id, event FROM clearflow_events ORDER BY student_id, seq"
            ).all()
    finally:
        database.dispose()
    old: dict[str, list[Event]] = {}
    for student_id, text in found:
        old.setdefault(student_id, []).append(Event.from_dict(json.loads(text)))
    upgrade_store(path)
    engine = engine_2014()
    with Store.open(path, engine) as store:
        assert {student: store.history(student) for student in old} == old
        student = "2014000002"
        before = len(old[student])
        office = "dormitory"
        store.act(student, lambda case: case.clear(f"{office}_cleared", staff(office), at=EARLY))
        history = store.history(student)
        assert history[:before] == old[student]
        assert [event.digest for event in history[before:]] == [engine.workflow.digest]
        stored = store.load(student)
        replayed = replay(engine, student, history, stored.name)
        assert snapshot(replayed, events=False) == snapshot(stored, events=False)
    database = sa.create_engine(f"sqlite:///{path}", poolclass=sa.NullPool)
    try:
        with database.connect() as connection:
            (text,) = connection.exec_driver_sql(
                "SELECT event FROM clearflow_events WHERE student_id = ? ORDER BY seq DESC",
                (student,),
            ).first() or ("",)
    finally:
        database.dispose()
    assert "digest" not in json.loads(text)
    assert "seq" not in json.loads(text)
