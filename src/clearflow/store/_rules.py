"""The rules a store keeps: the workflow text of every digest it was opened with to write.

Every open that may write records its workflow's rules (:func:`keep_rules`: the YAML text,
``Workflow.text``, once per digest; a workflow built in code has none to keep). A case
whose digest is not the store's workflow's then restores and acts on its own rules
(:meth:`clearflow.store._reading.Reading.engine_of`, read by either driver), until staff
move it onto the new ones (``Store.move``).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from clearflow.spec import Workflow
from clearflow.store._tables import rules_table


def keep_rules(connection: sa.Connection, workflow: Workflow) -> None:
    """Record a workflow's rules unless the store has them (two opens at once: one row;
    an open of rules kept already writes nothing, so a read-only file opens as before)."""
    if not workflow.text:
        return
    kept = sa.select(rules_table.c.digest).where(
        rules_table.c.workflow == workflow.id, rules_table.c.digest == workflow.digest
    )
    if connection.execute(kept).first() is not None:
        return
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(rules_table).values(
        workflow=workflow.id,
        digest=workflow.digest,
        text=workflow.text,
        source=workflow.source,
        at=dt.datetime.now(dt.UTC).isoformat(),
    )
    connection.execute(statement.on_conflict_do_nothing())


__all__ = ["keep_rules"]
