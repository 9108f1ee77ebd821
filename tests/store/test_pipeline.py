"""One case's write in one round trip on PostgreSQL: the same rows as the plain path.

:mod:`clearflow.store._pipeline` sends ``Store.act``'s three statements (case row, events,
step rows) through psycopg's pipeline. Here the same random actions go through a store
with it and one without it; every table must come out the same, and a stale version or an
event written twice must still be a ConflictError that writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearflow.engine import SETTLED, Action, Case
from clearflow.errors import ActionError, ConflictError
from clearflow.store import Store
from clearflow.store._pipeline import OneTrip, one_trip
from conftest import POSTGRES_URL
from support import EARLY, at, engine_2014, staff, start

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs CLEARFLOW_TEST_POSTGRES")
STUDENTS = [f"20140000{number:02d}" for number in range(6)]
ENGINE = engine_2014()
STEPS = list(ENGINE.steps)
ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(STUDENTS),
        st.sampled_from(STEPS),
        st.sampled_from([Action.CLEAR, Action.REFUSE, Action.WAIVE]),
    ),
    max_size=25,
)


@pytest.fixture
def two_schemas() -> Iterator[tuple[str, str]]:
    """Two empty PostgreSQL schemas, dropped afterwards."""
    names = [f"clearflow_trip_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    admin = sa.create_engine(POSTGRES_URL, poolclass=sa.NullPool)
    with admin.begin() as connection:
        for name in names:
            connection.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    url = sa.make_url(POSTGRES_URL)
    try:
        yield tuple(  # type: ignore[misc]
            url.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
                hide_password=False
            )
            for name in names
        )
    finally:
        with admin.begin() as connection:
            for name in names:
                connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        admin.dispose()


def act(store: Store, actions: list[tuple[str, str, Action]]) -> list[str]:
    """Each action through ``Store.act``; what happened to each."""
    happened = []
    for number, (student, step, action) in enumerate(actions):

        def one(
            case: Case, step: str = step, action: Action = action, number: int = number
        ) -> None:
            office = ENGINE.workflow.step(step).office
            reason = None if action is Action.CLEAR else f"reason {number}"
            case.perform(action, step, staff(office), reason=reason, at=at(7, 2, 9, number))

        try:
            store.act(student, one)
            happened.append("done")
        except ActionError as error:
            happened.append(str(error))
    return happened


def tables(url: str) -> dict[str, list[Any]]:
    """Every row of the store's tables, the write times left out."""
    database = sa.create_engine(url, poolclass=sa.NullPool)
    found = {}
    with database.connect() as connection:
        for table in ("clearflow_cases", "clearflow_events", "clearflow_steps"):
            rows = connection.exec_driver_sql(f"SELECT * FROM {table}").mappings()
            found[table] = sorted(
                str(sorted((k, v) for k, v in row.items() if k != "updated_at")) for row in rows
            )
    database.dispose()
    return found


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ACTIONS)
def test_one_trip_writes_what_the_plain_path_writes(
    two_schemas: tuple[str, str], actions: list[tuple[str, str, Action]]
) -> None:
    """Random actions give the same results and the same rows with and without the pipeline."""
    outcomes = []
    for url, enabled in zip(two_schemas, (True, False), strict=True):
        OneTrip.enabled = enabled
        try:
            with Store.open(url, ENGINE) as store:
                with store._writing() as connection:
                    assert (one_trip(connection) is not None) is enabled
                store.add([start(engine=ENGINE, student_id=student) for student in STUDENTS])
                outcomes.append(act(store, actions))
        finally:
            OneTrip.enabled = True
    assert outcomes[0] == outcomes[1]
    assert tables(two_schemas[0]) == tables(two_schemas[1])
    for url in two_schemas:  # the next example starts on empty stores
        database = sa.create_engine(url, poolclass=sa.NullPool)
        with database.begin() as connection:
            for table in ("clearflow_steps", "clearflow_events", "clearflow_cases"):
                connection.exec_driver_sql(f"DELETE FROM {table}")
        database.dispose()


def test_a_stale_save_and_an_event_twice_are_conflicts_that_write_nothing(
    two_schemas: tuple[str, str],
) -> None:
    """A case saved at a version that moved on, or with an event already stored, is refused."""
    url = two_schemas[0]
    with Store.open(url, ENGINE) as store:
        store.add([start(engine=ENGINE, student_id=STUDENTS[0])])
        first = store.load(STUDENTS[0])
        second = store.load(STUDENTS[0])
        first.clear("library_cleared", staff("library"), at=EARLY)
        store.save(first)
        before = tables(url)
        second.clear("finance_cleared", staff("finance"), at=EARLY)
        with pytest.raises(ConflictError, match="changed by someone else"):
            store.save(second)
        assert tables(url) == before
        again = store.load(STUDENTS[0])
        again.clear("finance_cleared", staff("finance"), at=EARLY)
        with store._writing() as connection:  # the event's seq stored already, at this version
            connection.exec_driver_sql(
                "INSERT INTO clearflow_events VALUES "
                f"('{ENGINE.workflow.id}', '{STUDENTS[0]}', {again.version}, 'clear', 'x', "
                "'finance', 'F', 'finance_cleared', '{}')"
            )
        before = tables(url)
        with pytest.raises(ConflictError, match="recorded twice"):
            store.save(again)
        assert tables(url) == before
        assert store.load(STUDENTS[0]).status("finance_cleared") not in SETTLED
