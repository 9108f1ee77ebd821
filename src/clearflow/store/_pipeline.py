"""PostgreSQL: one case's write in one round trip, through psycopg's pipeline mode.

A terminal's action (``Store.act``) writes three statements after it has read its case: the
case row moved on, the new events, the step rows. Sent one after another, each waits for
the server; on a busy hall-day server those waits are most of an action's time. psycopg 3
can queue statements and send them together (`pipeline mode
<https://www.psycopg.org/psycopg3/docs/advanced/pipeline.html>`_): the same statements,
in the same transaction, in the same order, with one wait. Only :class:`~clearflow.store.
_bulk.Writer` uses this, for one case at a time on ``postgresql+psycopg``; everything else
writes as before. ``benchmarks/bench_terminals.py`` prints what it buys, and
``tests/store/test_pipeline.py`` holds the rows it writes equal to the plain path's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

SAVEPOINT = "clearflow_one_trip"
"""Where a refused pipeline goes back to (queued with it: no extra round trip)."""
Statement = tuple[str, Sequence[dict[str, Any]]]
"""A statement compiled for the driver (``%(name)s`` parameters) and its rows."""


class OneTrip:
    """Runs statements on a psycopg connection's pipeline, one sync for them all."""

    enabled = True
    """Off (tests, benchmarks) makes :func:`one_trip` give None: the plain path."""

    def __init__(self, connection: sa.Connection, raw: Any) -> None:
        self.connection = connection
        self.raw = raw

    def run(self, statements: Sequence[Statement]) -> list[int] | None:
        """Each statement's rows, queued in order after a savepoint and sent together; each
        one's rowcount (0 for a statement without rows).

        None when the database refused a row for a key (a duplicate): the savepoint is
        restored and nothing of them is written, so the caller can take the plain path,
        whose statements one by one say which refusal it was. Any other driver error is
        raised as SQLAlchemy's, as a plain ``execute`` would raise it.
        """
        dbapi = self.connection.dialect.loaded_dbapi
        cursors: list[Any] = []
        try:
            with self.raw.pipeline() as pipeline:
                self.raw.execute(f"SAVEPOINT {SAVEPOINT}")
                for sql, rows in statements:
                    cursor = self.raw.cursor() if rows else None
                    if cursor is not None and len(rows) == 1:
                        cursor.execute(sql, rows[0])
                    elif cursor is not None:
                        cursor.executemany(sql, rows)
                    cursors.append(cursor)
                pipeline.sync()
                return [0 if cursor is None else cursor.rowcount for cursor in cursors]
        except dbapi.IntegrityError:
            self.raw.execute(f"ROLLBACK TO SAVEPOINT {SAVEPOINT}")
            return None
        except dbapi.Error as error:
            sql = next((sql for sql, rows in statements if rows), "")
            raise sa.exc.DBAPIError.instance(sql, None, error, dbapi.Error) from error


def one_trip(connection: sa.Connection) -> OneTrip | None:
    """A :class:`OneTrip` on this connection when its driver is psycopg 3, else None."""
    if not OneTrip.enabled or connection.dialect.driver != "psycopg":
        return None
    raw = connection.connection.driver_connection
    return OneTrip(connection, raw) if hasattr(raw, "pipeline") else None


__all__ = ["OneTrip", "Statement", "one_trip"]
