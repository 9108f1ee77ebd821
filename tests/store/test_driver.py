"""The driver-statement trick writes exactly what SQLAlchemy's own statement writes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from clearflow.store._bulk import UPDATE_ONE
from clearflow.store._driver import DriverStatement
from clearflow.store._sql import key_of
from clearflow.store._store import Store
from clearflow.store._tables import cases_table, events_table, holds_table, steps_table
from support import engine_2014

CASES = [
    {
        "workflow": "w",
        "student_id": f"s{number}",
        "digest": "d" * 64,
        "name": None if number % 2 else f"学生{number}",
        "counsellor": None,
        "phase": "preparing",
        "version": 1,
        "updated_at": "2014-07-01T01:00:00+00:00",
        "facts_id": 1,
        "holds_id": 2,
        "documents": None if number % 2 else '["证书"]',
    }
    for number in range(5)
]
HOLDS = [
    {"id": 7, "key": key_of(""), "text": ""},
    {"id": 8, "key": key_of(" library_cleared:refused "), "text": " library_cleared:refused "},
]
EVENTS = [
    {
        "workflow": "w",
        "student_id": f"s{number}",
        "seq": 1,
        "action": "refuse",
        "at": "2014-07-01T09:00:00+08:00",
        "office": "library",
        "staff": "L03",
        "step": None if number == 0 else "library_cleared",
        "event": '{"reason": "2 books"}',
    }
    for number in range(5)
]
STEPS = [
    {
        "workflow": "w",
        "student_id": f"s{number}",
        "step": "library_cleared",
        "office": "library",
        "status": "refused",
        "outcome": None,
        "reason": "2 books" if number else None,
        "staff": "L03",
        "at": "2014-07-01T09:00:00+08:00",
        "late": number == 1,
        "early": False,
        "off_hours": number == 2,
        "amount": "35.00" if number == 3 else None,
        "items": None,
    }
    for number in range(5)
]
UPDATES = [
    {
        "k_workflow": "w",
        "k_student": f"s{number}",
        "k_version": 1 if number < 3 else 9,  # the last two are stale: not changed
        "phase": "ready",
        "documents": '["é"]',
        "holds_key": key_of(""),
        "version": 2,
        "updated_at": "2014-07-02T01:00:00+00:00",
    }
    for number in range(5)
]

Run = Callable[[DriverStatement, sa.Connection, list[dict[str, Any]]], int]
PATHS: dict[str, Run] = {"driver": DriverStatement.execute, "plain": DriverStatement.execute_plain}


def written(store_url: str, run: Run) -> tuple[list[int], list[tuple[Any, ...]]]:
    """The rowcounts of inserting cases and events, then updating; the rows, rolled back."""
    with Store.open(store_url, engine_2014()) as store:
        dialect = store.database.dialect
        statements: list[tuple[DriverStatement, list[dict[str, Any]]]] = [
            (DriverStatement(sa.insert(holds_table), dialect), HOLDS),
            (DriverStatement(sa.insert(cases_table), dialect), CASES),
            (DriverStatement(sa.insert(events_table), dialect), EVENTS),
            (DriverStatement(sa.insert(steps_table), dialect), STEPS),
            (DriverStatement(UPDATE_ONE, dialect), UPDATES),
        ]
        with store.database.connect() as connection, connection.begin() as transaction:
            counts = [run(statement, connection, rows) for statement, rows in statements]
            rows = [
                *connection.execute(sa.select(holds_table).order_by(holds_table.c.id)),
                *connection.execute(sa.select(cases_table).order_by(cases_table.c.student_id)),
                *connection.execute(sa.select(events_table).order_by(events_table.c.student_id)),
                *connection.execute(sa.select(steps_table).order_by(steps_table.c.student_id)),
            ]
            transaction.rollback()
        return counts, [tuple(row) for row in rows]


def test_driver_statement_writes_what_the_plain_statement_writes(store_url: str) -> None:
    """Inserts and a version-checked batch update give the same rows and update count.

    Only the update's count is compared: the store reads no insert's count, and on
    PostgreSQL SQLAlchemy's own batched insert reports -1.
    """
    driver, plain = (written(store_url, PATHS[name]) for name in ("driver", "plain"))
    assert driver[1] == plain[1]
    assert driver[0][4] == plain[0][4]
    counts, rows = driver
    if counts[4] != -1:  # a driver without a batch rowcount reports -1 either way
        assert counts[4] == 3
    assert len(rows) == 17
    holds, cases, steps = rows[:2], rows[2:7], rows[12:]
    assert [row[-5:-2] for row in steps] == [
        (number == 1, False, number == 2) for number in range(5)
    ]
    assert sum(row[5] == "ready" for row in cases) == 3
    # the moved-on rows name the holds text keyed in the update (id 7), the others their own
    assert [row[10] for row in cases] == [7, 7, 7, 2, 2]
    assert holds[0] == (7, key_of(""), "")


@pytest.mark.parametrize("name", sorted(PATHS))
def test_a_duplicate_row_is_an_integrity_error_both_ways(store_url: str, name: str) -> None:
    """A driver error still surfaces as SQLAlchemy's IntegrityError, which the store catches."""
    with Store.open(store_url, engine_2014()) as store:
        statement = DriverStatement(sa.insert(events_table), store.database.dialect)
        with (
            store.database.connect() as connection,
            connection.begin(),
            pytest.raises(sa.exc.IntegrityError),
        ):
            PATHS[name](statement, connection, [EVENTS[0], EVENTS[0]])
