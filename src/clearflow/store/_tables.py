"""The database under the store: its tables, its URL and SQLite's transaction settings.

One schema for SQLite and PostgreSQL, through SQLAlchemy Core. A case is a row of
``clearflow_cases`` and a row of ``clearflow_steps`` for each step it has a record of (the
truth being its events in ``clearflow_events``), the case row with two columns the reports
group by: its ``facts`` (the student's facts as canonical JSON) and its ``holds`` (the steps
holding the student now, see ``_projection``), each a text many cases share, kept once in
``clearflow_facts`` and ``clearflow_holds`` and named by its id (``_interned``). ``SCHEMA_VERSION``
is recorded in ``clearflow_meta`` (and the Alembic revision in ``alembic_version``, see
``_migrate``); the store refuses a database of a newer version.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event

from clearflow._i18n import Message
from clearflow.errors import StoreError
from clearflow.spec import MAX_STUDENT_ID
from clearflow.store._refusals import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from clearflow.store._refusals import SCHEMA_VERSION as SCHEMA_VERSION
from clearflow.store._refusals import newer_store as newer_store
from clearflow.store._refusals import not_a_store as not_a_store

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
    sa.Column("student_id", sa.String(MAX_STUDENT_ID), primary_key=True),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("name", sa.Text),
    sa.Column("counsellor", sa.Text),
    sa.Column("phase", sa.String(128), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Column("documents", sa.Text),
    sa.Column("facts_id", sa.Integer),
    sa.Column("holds_id", sa.Integer),
    sa.Index("clearflow_cases_phase", "workflow", "phase"),
    sa.Index("clearflow_cases_holds", "workflow", "facts_id", "phase", "holds_id"),
)
"""A case without its records (those are its ``clearflow_steps`` rows) and without its events
(``clearflow_events``): restored from both by ``_case_rows``. ``documents`` is the released
documents' ids as JSON (None: not released); ``facts_id`` and ``holds_id`` name rows of
:data:`facts_table` and :data:`holds_table`, and are None only on a store upgraded from
version 1 whose cases the store has not yet read with their workflow
(``_projection.fill_holds``). The index covers what the reports group by."""
facts_table = sa.Table(
    "clearflow_facts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(64), nullable=False, unique=True),
    sa.Column("text", sa.Text, nullable=False),
)
"""Each facts text any case has had, once (a class of students shares a few), found by its
``key``, the text's sha256 (``_interned.key_of``): an index of the text itself could not
take a long one (PostgreSQL's B-tree keeps at most about 2.7 KB an entry)."""
holds_table = sa.Table(
    "clearflow_holds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(64), nullable=False, unique=True),
    sa.Column("text", sa.Text, nullable=False),
)
"""Each holds text any case has had, once (a cohort has a few hundred)."""
steps_table = sa.Table(
    "clearflow_steps",
    metadata,
    sa.Column("workflow", sa.String(128), primary_key=True),
    sa.Column("student_id", sa.String(MAX_STUDENT_ID), primary_key=True),
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
"""A case's step records as rows: the last thing that happened to each step acted on."""
events_table = sa.Table(
    "clearflow_events",
    metadata,
    sa.Column("workflow", sa.String(128), primary_key=True),
    sa.Column("student_id", sa.String(MAX_STUDENT_ID), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("office", sa.String(128), nullable=False),
    sa.Column("staff", sa.Text, nullable=False),
    sa.Column("step", sa.String(128)),
    sa.Column("event", sa.Text, nullable=False),
)
rules_table = sa.Table(
    "clearflow_rules",
    metadata,
    sa.Column("workflow", sa.String(128), primary_key=True),
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
)
"""The rules of every digest the store was opened with to write (``_rules``)."""
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


MEMORY = "memory"
MEMORY_WORDS = Message(", or open it with memory=True")
"""The library's words for the remedy ``MEMORY`` names (the CLI leaves them out)."""
"""The ``fix`` of a refusal to open an in-memory SQLite database: ``memory=True``."""


def database_url(target: str | Path, *, memory: bool = False) -> str:
    """A SQLAlchemy URL from a target: a URL as it is, anything else a SQLite file path.

    An empty target is a StoreError: an unset shell variable must not become a database
    that is thrown away. So is an in-memory SQLite database (``:memory:``, ``sqlite://``),
    which keeps nothing once closed, unless ``memory`` asks for one.
    """
    text = str(target)
    if not text.strip():
        raise StoreError(
            Message(
                "database path '{path}' is empty (name a SQLite file or a database URL, "
                "e.g. 'clearflow.db'; is a shell variable unset?)",
                path=text,
            )
        )
    url = text if "://" in text else f"sqlite:///{text}"
    if not memory and in_memory(url):
        raise StoreError(
            Message(
                "database '{label}' is in memory and would keep nothing "
                "(name a database file{remedy})",
                label=database_label(target),
                remedy=MEMORY_WORDS,
            ),
            fix=MEMORY,
        )
    return url


def in_memory(url: str) -> bool:
    """Whether a URL names an in-memory SQLite database (not a bad URL: that fails later)."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        return False
    if parsed.get_backend_name() != "sqlite":
        return False
    name = parsed.database or ""
    return (
        name in {"", ":memory:"}
        or name.startswith("file::memory:")
        or parsed.query.get("mode") == "memory"
    )


def sqlite_file(target: str | Path) -> Path | None:
    """The file a database names on SQLite; None for a server URL or an in-memory database."""
    text = str(target)
    url = text if "://" in text else f"sqlite:///{text}"
    if in_memory(url):
        return None
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database is None:
        return None
    return Path(parsed.database)


def read_only_url(path: Path) -> sa.URL:
    """The URL that opens a SQLite file read-only (``mode=ro``): no write can reach it."""
    return sa.URL.create(
        "sqlite",
        database="file:" + urllib.parse.quote(str(path.absolute())),
        query={"mode": "ro", "uri": "true"},
    )


def database_label(target: str | Path) -> str:
    """A target as messages show it: a path as it is, a URL with its password hidden."""
    text = str(target)
    if "://" not in text:
        return text
    try:
        url = sa.make_url(text)
    except sa.exc.ArgumentError:
        return text
    return text if url.password is None else url.render_as_string(hide_password=True)


READ_ONLY = "clearflow_read_only"


def configure_sqlite(engine: sa.Engine, sync_full: bool, *, read_only: bool = False) -> None:
    """WAL mode; writers BEGIN IMMEDIATE, readers (``READ_ONLY`` option) a plain BEGIN.

    ``read_only`` leaves the journal mode as the file has it (switching to WAL is a write).
    """
    synchronous = "FULL" if sync_full else "NORMAL"

    @sa_event.listens_for(engine, "connect")
    def _connect(connection: Any, record: Any) -> None:
        connection.isolation_level = None  # let SQLAlchemy's BEGIN below take over
        cursor = connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first: the others may wait
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    @sa_event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        # Writers take the write lock up front, so two never interleave inside one
        # action; readers take none and, in WAL mode, never hold a writer up.
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
