"""Version 2: the reports' projection beside the cases (``store/_projection.py``).

Adds ``facts`` and ``holds`` to ``clearflow_cases`` (left empty here: computing them needs
the workflow, which the store has when it is next opened to write; until then a report
computes them itself), an index on the phase and one covering what the reports group by
(``workflow, facts, phase, holds``), and ``clearflow_steps``, one row per step
record, filled here from each case's stored state. Not ``additive``: on a store of 100,000
cases the backfill takes seconds with the write lock held, so it waits for ``clearflow
store upgrade`` instead of stalling whoever opens the store first.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None

schema_version = 2
additive = False

_ID = 64  # spec.MAX_STUDENT_ID in version 2, frozen here
_CHUNK = 2000


def _steps(tables: sa.MetaData) -> sa.Table:
    """``clearflow_steps`` as version 2 has it."""
    return sa.Table(
        "clearflow_steps",
        tables,
        sa.Column("workflow", sa.String(128), primary_key=True),
        sa.Column("student_id", sa.String(_ID), primary_key=True),
        sa.Column("step", sa.String(128), primary_key=True),
        sa.Column("office", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(128)),
        sa.Column("reason", sa.Text),
        sa.Column("staff", sa.Text, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("late", sa.Boolean, nullable=False),
        sa.Column("early", sa.Boolean, nullable=False),
        sa.Column("off_hours", sa.Boolean, nullable=False),
        sa.Column("amount", sa.String(24)),
        sa.Column("items", sa.Text),
        sa.Index("clearflow_steps_office", "workflow", "office", "status"),
    )


def upgrade() -> None:
    """Add the columns, the index and the table; fill the table from the stored states."""
    op.add_column("clearflow_cases", sa.Column("facts", sa.Text))
    op.add_column("clearflow_cases", sa.Column("holds", sa.Text))
    op.create_index("clearflow_cases_phase", "clearflow_cases", ["workflow", "phase"])
    # What the reports group by, covered: a GROUP BY reads the index, never sorts the table.
    op.create_index(
        "clearflow_cases_holds", "clearflow_cases", ["workflow", "facts", "phase", "holds"]
    )
    tables = sa.MetaData()
    steps = _steps(tables)
    steps.create(op.get_bind())
    cases = sa.table(
        "clearflow_cases",
        sa.column("workflow", sa.String),
        sa.column("student_id", sa.String),
        sa.column("state", sa.Text),
    )
    connection = op.get_bind()
    if connection.execute(sa.select(cases.c.student_id).limit(1)).first() is not None:
        meta = sa.table("clearflow_meta", sa.column("key", sa.String), sa.column("value", sa.Text))
        connection.execute(sa.insert(meta).values(key="projection_pending", value="holds"))
    after = ("", "")
    while True:
        query = (
            sa.select(cases.c.workflow, cases.c.student_id, cases.c.state)
            .where(sa.tuple_(cases.c.workflow, cases.c.student_id) > after)
            .order_by(cases.c.workflow, cases.c.student_id)
            .limit(_CHUNK)
        )
        found = connection.execute(query).all()
        if not found:
            return
        rows = [
            row
            for case in found
            for row in _rows(case.workflow, case.student_id, json.loads(case.state))
        ]
        if rows:
            connection.execute(sa.insert(steps), rows)
        after = (found[-1].workflow, found[-1].student_id)


def _rows(workflow: str, student_id: str, state: dict[str, Any]) -> list[dict[str, Any]]:
    """The step rows of one stored state."""
    return [
        {
            "workflow": workflow,
            "student_id": student_id,
            "step": step,
            "office": item["office"],
            "status": item["status"],
            "outcome": item.get("outcome"),
            "reason": item.get("reason"),
            "staff": item["staff"],
            "at": item["at"],
            "late": bool(item.get("late", False)),
            "early": bool(item.get("early", False)),
            "off_hours": bool(item.get("off_hours", False)),
            "amount": (item.get("owed") or {}).get("amount"),
            "items": (item.get("owed") or {}).get("items"),
        }
        for step, item in state.get("steps", {}).items()
    ]


def downgrade() -> None:
    """No way down: a store is never made older by clearflow."""
    raise NotImplementedError("version 2 has no downgrade")
