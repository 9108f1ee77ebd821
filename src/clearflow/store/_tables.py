"""The database under the store: its tables, its URL and SQLite's transaction settings.

One schema for SQLite and PostgreSQL, through SQLAlchemy Core. ``SCHEMA_VERSION``
is recorded in ``clearflow_meta``; the store refuses a database of another version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event

SCHEMA_VERSION = 1

metadata = sa.MetaData()

meta_table = sa.Table(
    "clearflow_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
cases_table = sa.Table(
    "clearflow_cases",
    metadata,
    sa.Column("workflow", sa.String(128), primary_key=True),
    sa.Column("student_id", sa.String(64), primary_key=True),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("name", sa.Text),
    sa.Column("counsellor", sa.Text),
    sa.Column("phase", sa.String(128), nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)
events_table = sa.Table(
    "clearflow_events",
    metadata,
    sa.Column("workflow", sa.String(128), primary_key=True),
    sa.Column("student_id", sa.String(64), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("office", sa.String(128), nullable=False),
    sa.Column("staff", sa.Text, nullable=False),
    sa.Column("step", sa.String(128)),
    sa.Column("event", sa.Text, nullable=False),
)
imports_table = sa.Table(
    "clearflow_imports",
    metadata,
    sa.Column("workflow", sa.String(128), primary_key=True),
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
)


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL from a target: a URL as it is, anything else a SQLite file path."""
    text = str(target)
    return text if "://" in text else f"sqlite:///{text}"


def sqlite_file(target: str | Path) -> Path | None:
    """The file a database names on SQLite; None for a server URL or an in-memory database."""
    text = str(target)
    if "://" not in text:
        return Path(text)
    if text.startswith("sqlite:///") and ":memory:" not in text and text != "sqlite:///":
        return Path(text.removeprefix("sqlite:///"))
    return None


def database_label(target: str | Path) -> str:
    """A target as messages show it: a path as it is, a URL with its password hidden."""
    text = str(target)
    if "://" not in text:
        return text
    try:
        return sa.make_url(text).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return text


READ_ONLY = "clearflow_read_only"


def configure_sqlite(engine: sa.Engine, sync_full: bool) -> None:
    """WAL mode; writers BEGIN IMMEDIATE, readers (``READ_ONLY`` option) a plain BEGIN."""
    synchronous = "FULL" if sync_full else "NORMAL"

    @sa_event.listens_for(engine, "connect")
    def _connect(connection: Any, record: Any) -> None:
        connection.isolation_level = None  # let SQLAlchemy's BEGIN below take over
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @sa_event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        # Writers take the write lock up front, so two never interleave inside one
        # action; readers take none and, in WAL mode, never hold a writer up.
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
