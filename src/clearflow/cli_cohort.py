"""``clearflow cohort``: a whole class in a store — import, status, blocked, export.

Argument parsing only: every command calls the library and renders its result.
Heavy modules (SQLAlchemy, openpyxl, Rich) are imported inside the commands so
that ``clearflow check`` does not pay for them.
"""

from __future__ import annotations

from pathlib import Path

import click

DEFAULT_DB = "clearflow.db"
"""Where ``--db`` points by default: a SQLite file in the working directory."""

DB_OPTION = click.option(
    "--db",
    "db",
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite file path, or a SQLAlchemy URL such as postgresql+psycopg://user@host/db.",
)
WORKFLOW_ARGUMENT = click.argument(
    "workflow_path", metavar="WORKFLOW", type=click.Path(path_type=Path)
)


@click.group()
def cohort() -> None:
    """A whole class in a store: import rosters and office lists, see who is blocked where."""


# -- import (owned by the imports work) ----------------------------------------

# -- status, blocked, export (owned by the reports work) -----------------------
