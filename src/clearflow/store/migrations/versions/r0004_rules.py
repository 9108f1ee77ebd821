"""Version 4: the store keeps the rules of every digest its cases run on.

Adds ``clearflow_rules``: one row per workflow and rules digest, the workflow's YAML text
(``Workflow.text``) as it was when a store was first opened with it to write, the file it
came from and when. A case started on rules that have changed since loads on its own
rules (``store/_rules.py``) until staff move it (``clearflow migrate``). ``additive``: a
new empty table, created by whoever opens the store to write first; the rules in force are
recorded by that open.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels = None
depends_on = None

schema_version = 4
additive = True


def upgrade() -> None:
    """Create ``clearflow_rules``."""
    op.create_table(
        "clearflow_rules",
        sa.Column("workflow", sa.String(128), primary_key=True),
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
