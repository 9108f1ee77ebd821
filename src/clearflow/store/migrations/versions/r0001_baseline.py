"""Baseline: the version-1 schema as clearflow wrote it before migrations.

Creates each version-1 table that is missing, so that on a store made before Alembic
(every table there, perhaps not ``clearflow_staff``, which came last) it only records the
revision: the stamp of an existing version-1 store, and a new store's first tables.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None

schema_version = 1
additive = True

_ID = 64  # spec.MAX_STUDENT_ID in version 1, frozen here


def _tables() -> sa.MetaData:
    """The version-1 tables, exactly as ``store/_tables.py`` and ``_rosters.py`` had them."""
    tables = sa.MetaData()
    sa.Table(
        "clearflow_meta",
        tables,
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    sa.Table(
        "clearflow_cases",
        tables,
        sa.Column("workflow", sa.String(128), primary_key=True),
        sa.Column("student_id", sa.String(_ID), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("counsellor", sa.Text),
        sa.Column("phase", sa.String(128), nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    sa.Table(
        "clearflow_events",
        tables,
        sa.Column("workflow", sa.String(128), primary_key=True),
        sa.Column("student_id", sa.String(_ID), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("office", sa.String(128), nullable=False),
        sa.Column("staff", sa.Text, nullable=False),
        sa.Column("step", sa.String(128)),
        sa.Column("event", sa.Text, nullable=False),
    )
    sa.Table(
        "clearflow_imports",
        tables,
        sa.Column("workflow", sa.String(128), primary_key=True),
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    sa.Table(
        "clearflow_staff",
        tables,
        sa.Column("workflow", sa.String(128), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("members", sa.Text, nullable=False),
    )
    return tables


def upgrade() -> None:
    """Create the version-1 tables that are missing."""
    _tables().create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    """No way down from the baseline: a store is never dropped by clearflow."""
    raise NotImplementedError("the baseline has no downgrade")
