"""Version 5: the facts and holds texts many cases share are kept once.

Version 4 kept each case's facts (canonical JSON) and holds (the steps holding it) as
text on its row and again in the index the reports group by: at 100,000 students about
100 of the store's 156 MB, for a few hundred distinct texts. Version 5 keeps each distinct
text once, in ``clearflow_facts`` and ``clearflow_holds`` (``id``, ``key``: the text's
sha256, ``text``), and the case row names them by ``facts_id`` and ``holds_id``; the index
``clearflow_cases_holds`` covers ``(workflow, facts_id, phase, holds_id)``. A case whose
holds are not known yet (a store upgraded from version 1, not yet opened with its
workflow) keeps NULL ids, as it kept NULL texts. Not ``additive``: it rewrites every case
row (``clearflow store upgrade``).
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels = None
depends_on = None

schema_version = 5
additive = False

_CHUNK = 500


def upgrade() -> None:
    """Create the two tables, fill them from the case rows, name them by id, drop the texts."""
    connection = op.get_bind()
    for name, column in (("clearflow_facts", "facts"), ("clearflow_holds", "holds")):
        table = op.create_table(
            name,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("key", sa.String(64), nullable=False, unique=True),
            sa.Column("text", sa.Text, nullable=False),
        )
        assert table is not None
        texts = connection.execute(
            sa.text(f"SELECT DISTINCT {column} FROM clearflow_cases WHERE {column} IS NOT NULL")
        ).scalars()
        rows = [{"key": _key(text), "text": text} for text in sorted(texts)]
        for start in range(0, len(rows), _CHUNK):
            connection.execute(sa.insert(table), rows[start : start + _CHUNK])
    op.drop_index("clearflow_cases_holds", table_name="clearflow_cases")
    op.add_column("clearflow_cases", sa.Column("facts_id", sa.Integer))
    op.add_column("clearflow_cases", sa.Column("holds_id", sa.Integer))
    connection.execute(
        sa.text(
            "UPDATE clearflow_cases SET "
            "facts_id = (SELECT id FROM clearflow_facts f WHERE f.text = clearflow_cases.facts), "
            "holds_id = (SELECT id FROM clearflow_holds h WHERE h.text = clearflow_cases.holds)"
        )
    )
    with op.batch_alter_table("clearflow_cases") as batch:  # SQLite before 3.35 too
        batch.drop_column("facts")
        batch.drop_column("holds")
    op.create_index(
        "clearflow_cases_holds",
        "clearflow_cases",
        ["workflow", "facts_id", "phase", "holds_id"],
    )


def _key(text: str) -> str:
    """``_sql.key_of`` as version 5 writes it, frozen here."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
