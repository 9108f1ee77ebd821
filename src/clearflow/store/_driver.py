"""The one speed trick of the store: bulk rows handed straight to the driver.

SQLAlchemy processes every parameter of every row before an ``executemany`` (type
coercion, bind processors, key checks). The store's columns are all strings and
integers, which need none of that, so a batch of 100,000 event rows spends more time
in that processing than in SQLite. :class:`DriverStatement` compiles a statement once
for the dialect and passes the rows to ``Connection.exec_driver_sql``: still inside the
connection's transaction, and a driver error still becomes SQLAlchemy's (so the store
catches ``IntegrityError`` as before).

What it buys is printed by ``benchmarks/bench_store.py --skip-import --skip-actions
--driver-rows N`` (about 2.3x on 100,000 event rows); ``tests/store/test_driver.py``
checks that it writes exactly what the plain SQLAlchemy statement writes. The store's
writers use it: ``_bulk``, ``_projection`` (step rows), ``_starts`` and ``_imports``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa


class DriverStatement:
    """A statement compiled once for a dialect, run with rows as the driver takes them."""

    def __init__(
        self, statement: sa.Insert | sa.Update | sa.Delete | sa.Select[Any], dialect: sa.Dialect
    ) -> None:
        compiled = statement.compile(dialect=dialect)
        self.statement = statement
        self.sql = str(compiled)
        self.positions: tuple[str, ...] | None = (
            tuple(compiled.positiontup or ()) if compiled.positional else None
        )
        self.names: tuple[str, ...] = self.positions or tuple(compiled.params)
        """The parameters in the order :meth:`execute_tuples` takes them."""

    def execute(self, connection: sa.Connection, rows: Sequence[dict[str, Any]]) -> int:
        """Run it once for each row (one executemany); the total of rows it changed."""
        if self.positions is None:
            parameters: Sequence[Any] = rows
        else:
            positions = self.positions
            parameters = [tuple([row[name] for name in positions]) for row in rows]
        return connection.exec_driver_sql(self.sql, parameters).rowcount

    def execute_tuples(self, connection: sa.Connection, rows: Sequence[tuple[Any, ...]]) -> int:
        """:meth:`execute` with each row the tuple of its values in :attr:`names` order
        (what a positional driver takes as it is: no dict is built per row)."""
        parameters: Sequence[Any] = rows
        if self.positions is None:
            names = self.names
            parameters = [dict(zip(names, row, strict=True)) for row in rows]
        return connection.exec_driver_sql(self.sql, parameters).rowcount

    def fetch(self, connection: sa.Connection, values: dict[str, Any]) -> Sequence[Any]:
        """A query's rows, run once with these parameter values (rows as tuples)."""
        parameters: Any = values
        if self.positions is not None:
            parameters = tuple([values[name] for name in self.positions])
        return connection.exec_driver_sql(self.sql, parameters).all()

    def execute_plain(self, connection: sa.Connection, rows: Sequence[dict[str, Any]]) -> int:
        """The same through SQLAlchemy's own parameter processing: what the trick replaces."""
        return connection.execute(self.statement, list(rows)).rowcount


__all__ = ["DriverStatement"]
