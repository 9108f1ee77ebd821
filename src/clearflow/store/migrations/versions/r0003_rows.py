"""Version 3: a case is its rows; the snapshot text goes.

Version 2 kept each case twice: as its rows (the case row's ``facts``, ``phase`` and the
``clearflow_steps`` rows) and as a JSON snapshot in ``clearflow_cases.state``, written
again whole on every action. Version 3 restores a case from its rows (``store/_case_rows.py``)
and drops ``state``; what only the snapshot held, the released documents, moves to a new
column ``documents`` (their ids as JSON, NULL until released). ``facts``, which a store
upgraded from version 1 lacks until it is next opened with its workflow, is filled here
from the snapshot (``holds`` still waits for the workflow: ``_projection.fill_holds``).
The step rows are version 2's already. Not ``additive``: it reads every case.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None

schema_version = 3
additive = False

_CHUNK = 2000
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
"""``engine.facts_text`` as version 3 writes it, frozen here."""


def upgrade() -> None:
    """Add ``documents``, fill it (and missing ``facts``) from ``state``, drop ``state``."""
    op.add_column("clearflow_cases", sa.Column("documents", sa.Text))
    cases = sa.table(
        "clearflow_cases",
        sa.column("workflow", sa.String),
        sa.column("student_id", sa.String),
        sa.column("state", sa.Text),
        sa.column("facts", sa.Text),
        sa.column("documents", sa.Text),
    )
    update = (
        sa.update(cases)
        .where(
            cases.c.workflow == sa.bindparam("k_workflow"),
            cases.c.student_id == sa.bindparam("k_student"),
        )
        .values(facts=sa.bindparam("v_facts"), documents=sa.bindparam("v_documents"))
    )
    connection = op.get_bind()
    after = ("", "")
    while True:
        query = (
            sa.select(cases.c.workflow, cases.c.student_id, cases.c.state, cases.c.facts)
            .where(sa.tuple_(cases.c.workflow, cases.c.student_id) > after)
            .order_by(cases.c.workflow, cases.c.student_id)
            .limit(_CHUNK)
        )
        found = connection.execute(query).all()
        if not found:
            break
        rows = [_values(case) for case in found]
        changed = [row for row in rows if row is not None]
        if changed:
            connection.execute(update, changed)
        after = (found[-1].workflow, found[-1].student_id)
    with op.batch_alter_table("clearflow_cases") as batch:  # SQLite before 3.35 too
        batch.drop_column("state")


def _values(case: Any) -> dict[str, Any] | None:
    """The new values of one case row, or None when it keeps its own (nothing released,
    its facts there already). A snapshot that cannot be read (written by hand) leaves the
    row as it is: its rows are what is left of the case, and its reports say what is wrong."""
    try:
        state = json.loads(case.state)
        documents = state.get("documents")
        facts = case.facts if case.facts is not None else _CANONICAL(state["student"]["facts"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if documents is None and facts == case.facts:
        return None
    return {
        "k_workflow": case.workflow,
        "k_student": case.student_id,
        "v_facts": facts,
        "v_documents": None if documents is None else json.dumps(documents, ensure_ascii=False),
    }
