"""SQLAlchemy's connection as the :class:`~clearflow.store._reading.Rows` a store reads.

The texts of :mod:`clearflow.store._sql` go to the driver through
``Connection.exec_driver_sql``, rewritten for its ``paramstyle`` (PostgreSQL's psycopg
takes ``%(name)s``): the same SQL the ``sqlite3`` reader runs, inside SQLAlchemy's
transaction, a driver's error still becoming SQLAlchemy's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import sqlalchemy as sa

from clearflow.store._sql import for_driver, parameters


class AlchemyRows:
    """The rows of the store's SQL texts on one SQLAlchemy connection."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def run(self, sql: str, given: Mapping[str, Any]) -> Iterator[tuple[Any, ...]]:
        """The rows of ``sql`` with ``given`` (parameters by name), as tuples."""
        text, names = for_driver(sql, self.connection.dialect.paramstyle)
        for row in self.connection.exec_driver_sql(text, parameters(names, given)):
            yield tuple(row)

    def has_table(self, name: str) -> bool:
        """Whether the database has this table."""
        return sa.inspect(self.connection).has_table(name)


__all__ = ["AlchemyRows"]
