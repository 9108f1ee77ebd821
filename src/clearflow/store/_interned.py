"""The texts many cases share, kept once: a case row names its facts and holds by id.

A cohort of 100,000 students has a few hundred distinct facts texts (a class shares one)
and a few hundred holds texts (the steps holding a student now). Kept on every case row,
and again in the index the reports group by, they were most of the store's size and of a
roster import's time; kept once in ``clearflow_facts`` and ``clearflow_holds`` (schema
version 5), the case row and its index hold two integers.

A text is found by its ``key`` (its sha256, :func:`key_of`). Writes make sure a text is
there before a row names it (:func:`ensure`: an insert that does nothing when the text is
there already, by another transaction too) and then name it either by the id
:func:`ids_of` read back (new rows, in bulk) or by a subquery on the key inside the update
itself (:data:`FACTS_ID`, :data:`HOLDS_ID`: one case moved on, no extra round trip). No id
is remembered past its transaction: one made by a transaction that rolls back is gone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sqlalchemy as sa

from clearflow.store import _sql
from clearflow.store._sql import key_of
from clearflow.store._tables import facts_table, holds_table

CHUNK = 500
"""Keys per ``IN (...)`` lookup."""


def _ensure_sql(table: sa.Table) -> str:
    return (
        f"INSERT INTO {table.name} (key, text) SELECT CAST(:key AS VARCHAR(64)), "
        f"CAST(:text AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM {table.name} "
        "WHERE key = CAST(:key AS VARCHAR(64))) "
        "ON CONFLICT (key) DO NOTHING"
    )


ENSURE = {facts_table.name: _ensure_sql(facts_table), holds_table.name: _ensure_sql(holds_table)}
"""Per table: insert ``:text`` under ``:key`` unless it is there (SQLite 3.24+ and
PostgreSQL: the ``WHERE`` spares a sequence number, the ``ON CONFLICT`` a race; the casts
tell PostgreSQL each parameter's one type)."""

FACTS_ID = (
    sa.select(facts_table.c.id).where(facts_table.c.key == sa.bindparam("facts_key"))
).scalar_subquery()
"""The id of the facts text keyed ``:facts_key`` (None when not given: a NULL key)."""
HOLDS_ID = (
    sa.select(holds_table.c.id).where(holds_table.c.key == sa.bindparam("holds_key"))
).scalar_subquery()
"""The id of the holds text keyed ``:holds_key``."""


def ensure(connection: sa.Connection, table: sa.Table, texts: Iterable[str | None]) -> None:
    """Every one of ``texts`` (None left out) kept in ``table``, in key order (two
    transactions adding the same texts wait for each other in one order, never in a cycle)."""
    keyed = sorted({key_of(text): text for text in texts if text is not None}.items())
    if not keyed:
        return
    sql, names = _sql.for_driver(ENSURE[table.name], connection.dialect.paramstyle)
    rows = [_sql.parameters(names, {"key": key, "text": text}) for key, text in keyed]
    connection.exec_driver_sql(sql, rows)


def ids_of(
    connection: sa.Connection, table: sa.Table, texts: Iterable[str | None]
) -> dict[str, int]:
    """Each of ``texts`` (None left out) to its id in ``table``, kept there first."""
    wanted = {text for text in texts if text is not None}
    ensure(connection, table, wanted)
    by_key = {key_of(text): text for text in wanted}
    keys = sorted(by_key)
    found: dict[str, int] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        query = sa.select(table.c.key, table.c.id).where(table.c.key.in_(chunk))
        found.update({by_key[key]: number for key, number in connection.execute(query)})
    return found


def keys(row: Mapping[str, object]) -> dict[str, object]:
    """A case row's ``facts`` and ``holds`` texts as the keys :data:`FACTS_ID` and
    :data:`HOLDS_ID` take (``facts_key``, ``holds_key``; None for a text that is None)."""
    facts, holds = row.get("facts"), row.get("holds")
    return {
        "facts_key": None if facts is None else key_of(str(facts)),
        "holds_key": None if holds is None else key_of(str(holds)),
    }


__all__ = ["ENSURE", "FACTS_ID", "HOLDS_ID", "ensure", "ids_of", "key_of", "keys"]
