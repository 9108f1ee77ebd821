"""Shared helpers for the import tests: rosters written on the fly and a database dump.

``dump`` reads every row of clearflow's tables straight from the SQLite file, so a
test can say "the database is exactly as before" without going through the store.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa

from clearflow.store._store import Store
from support import engine_2014

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tables"
BASE_ROSTER = FIXTURES / "roster.csv"
"""Five students, 2014000001-2014000005, of the 2014 workflow."""
ROSTER_HEADER = (
    "student_id,name,counsellor,program,campus,department,party_member,credits_complete\n"
)
TABLES = (
    "clearflow_cases",
    "clearflow_events",
    "clearflow_imports",
    "clearflow_meta",
    "clearflow_steps",
)


def roster_text(count: int, start: int = 101) -> str:
    """A valid 2014 roster of ``count`` students, ids 2014000101 up (every fifth a member)."""
    rows = [
        f"2014{number:06d},学生{number},王老师,高职,院本部,旅游系,"
        f"{'是' if number % 5 == 0 else '否'},是\n"
        for number in range(start, start + count)
    ]
    return ROSTER_HEADER + "".join(rows)


def open_store(directory: Path) -> Store:
    """The 2014 workflow's store in a SQLite file in ``directory``."""
    return Store.open(directory / "clearflow.db", engine_2014())


def dump(database: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of clearflow's tables in the SQLite file, in a stable order."""
    connection = sqlite3.connect(database)
    try:
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in TABLES
        }
    finally:
        connection.close()


def dump_url(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of clearflow's tables at a database URL or SQLite path, in a stable order.

    For tests on both backends: "the store is exactly as before" means equal dumps.
    """
    database = sa.create_engine(url if "://" in url else f"sqlite:///{url}", poolclass=sa.NullPool)
    try:
        with database.connect() as connection:
            present = set(sa.inspect(connection).get_table_names())
            return {
                table: sorted(
                    (tuple(row) for row in connection.exec_driver_sql(f"SELECT * FROM {table}")),
                    key=repr,
                )
                for table in TABLES
                if table in present
            }
    finally:
        database.dispose()
