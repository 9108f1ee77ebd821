"""The staff rosters a store keeps: every import a new version, the newest the one in force.

``clearflow_staff`` is additive: it is created when missing (by any open that may write, as
every table is), so a store made before rosters opens as it did, and a read-only open of
such a store simply finds no roster. Each version keeps the roster's members as JSON, its
content digest, the file it came from and when; the import itself is also recorded in
``clearflow_imports`` (kind ``staff``) by the file's sha256, as lists are. :func:`adopt_roster`
gives an opened store an engine with the newest roster, unless its engine has one already.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import sqlalchemy as sa

from clearflow.engine import Engine
from clearflow.spec import Roster
from clearflow.store import _reading
from clearflow.store._bulk import Writer, now_text
from clearflow.store._rows import AlchemyRows
from clearflow.store._tables import metadata

if TYPE_CHECKING:
    from clearflow.store._store import Store

staff_table = sa.Table(
    "clearflow_staff",
    metadata,
    sa.Column("workflow", sa.String(128), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("members", sa.Text, nullable=False),
)


def save_roster(connection: sa.Connection, workflow: str, roster: Roster) -> int:
    """Record ``roster`` as the workflow's newest version (inside an import's transaction)."""
    newest = connection.execute(
        sa.select(sa.func.max(staff_table.c.version)).where(staff_table.c.workflow == workflow)
    ).scalar()
    version = int(newest or 0) + 1
    members = [
        {"id": m.id, "name": m.name, "office": m.office, "unit": m.unit, "role": m.role}
        for m in roster.members
    ]
    connection.execute(
        sa.insert(staff_table).values(
            workflow=workflow,
            version=version,
            digest=roster.digest,
            source=roster.source,
            at=now_text(),
            members=json.dumps(members, ensure_ascii=False),
        )
    )
    return version


def newest_roster(connection: sa.Connection, workflow: str) -> Roster | None:
    """The workflow's newest stored roster, or None (none imported, or a store from before);
    the read ``_reading.newest_roster`` makes on any store."""
    return _reading.newest_roster(AlchemyRows(connection), workflow)


def roster_versions(
    connection: sa.Connection, workflow: str
) -> list[tuple[int, str, str, dt.datetime]]:
    """Every stored version: (version, digest, source, when), oldest first."""
    if not sa.inspect(connection).has_table(staff_table.name):
        return []
    query = (
        sa.select(
            staff_table.c.version, staff_table.c.digest, staff_table.c.source, staff_table.c.at
        )
        .where(staff_table.c.workflow == workflow)
        .order_by(staff_table.c.version)
    )
    return [
        (row.version, row.digest, row.source, dt.datetime.fromisoformat(row.at))
        for row in connection.execute(query)
    ]


def use_roster(store: Store, roster: Roster) -> None:
    """Give the store an engine that checks who acts against ``roster``."""
    engine = Engine(store.engine.workflow, roster)
    store.use_engine(engine)
    store._writer = Writer(store.database, engine)


def adopt_roster(store: Store) -> None:
    """On open: the newest stored roster, unless the store's engine was given one."""
    if store.engine.roster is not None:
        return
    with store._reading() as connection:
        roster = newest_roster(connection, store.workflow)
    if roster is not None:
        use_roster(store, roster)
