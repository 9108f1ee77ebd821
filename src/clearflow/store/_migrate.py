"""Schema migrations: the store's version kept by Alembic, upgraded in one transaction.

The revisions are in ``migrations/versions`` (inside the package, so they ship in the
wheel) and run from code: a ``ScriptDirectory`` whose ``script_location`` is set here and a
``MigrationContext`` on the store's own connection, with no ``alembic.ini`` or ``env.py``.
Alembic's ``alembic_version`` table holds the revision; ``clearflow_meta`` keeps the schema
version number (each revision says its own), which a clearflow from before migrations reads
and refuses when it is newer than it knows. A store from before migrations (version 1, no
``alembic_version``) is at the baseline's tables already: the baseline creates what is
missing (``clearflow_staff`` in the oldest) and records the revision, which is its stamp.

Every upgrade runs inside the caller's one write transaction (SQLite's DDL is transactional,
as PostgreSQL's), so a revision that fails leaves the store as it was. A store of a newer
version than this code (its meta number higher, or a revision this code does not know) is
refused with the wording of ``_reading.check_schema``. Opening a store to write applies the
pending revisions only when every one is ``additive``; the others wait for
:func:`upgrade_store` (``clearflow store upgrade``). Alembic (about 250 ms to import) is
loaded only when a store is not at the head revision already.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import sqlalchemy as sa

from clearflow._i18n import Message
from clearflow.engine import Engine
from clearflow.errors import StoreError
from clearflow.store import _failures
from clearflow.store._limits import busy_error
from clearflow.store._projection import fill_pending
from clearflow.store._refusals import older_store
from clearflow.store._tables import (
    SCHEMA_VERSION,
    configure_sqlite,
    database_label,
    database_url,
    meta_table,
    newer_store,
    not_a_store,
    sqlite_file,
)

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

SCRIPTS = Path(__file__).with_name("migrations")
"""Where the revisions live: ``store/migrations`` (``versions/`` under it)."""
HEAD_REVISION = "0005"
"""The newest revision of :data:`SCRIPTS` (a test checks it), read without loading Alembic."""
VERSION_TABLE = "alembic_version"


@attrs.frozen
class Upgrade:
    """What an upgrade did: the schema version before (None: a new store) and after, and
    the revisions applied, oldest first (none: the store was at the head already)."""

    label: str
    before: int | None
    after: int
    applied: tuple[str, ...] = ()
    prepared: tuple[tuple[str, int], ...] = ()
    """Each workflow given and how many of its cases got their reports' columns."""


def upgrade_store(
    target: str | Path, engines: Sequence[Engine] = (), *, location: Path = SCRIPTS
) -> Upgrade:
    """Upgrade the store at a path or URL to this clearflow's schema, in one transaction.

    Applies every pending revision (additive or not) and records the version; a store at
    the head already is left as it is. With the ``engines`` of the store's workflows, their
    cases also get the columns the reports read (else the first open that writes does it).
    Refused with a StoreError, having changed nothing:
    a database that is not there (never created here), not a clearflow store, of a newer
    schema version, or that refuses the writes; a failing revision is rolled back whole. A
    database that stays locked is a ConflictError ("busy"). ``location`` is for tests.
    """
    label = database_label(target)
    url = database_url(target)
    path = sqlite_file(target)
    _failures.refuse_unusable(path, label)
    if path is not None and not path.exists():
        raise _failures.no_database(label, _failures.IMPORT_FIRST)
    _failures.refuse_foreign(path, label)
    try:
        database = sa.create_engine(url)
    except (sa.exc.ArgumentError, ImportError) as error:
        raise _failures.cannot_open(label, str(error)) from None
    if database.dialect.name == "sqlite":
        configure_sqlite(database, sync_full=True)
    try:
        with _failures.writing(database, label) as connection:
            done = migrate(connection, label, create=False, on_open=False, location=location)
            prepared = tuple(
                (engine.workflow.id, fill_pending(connection, engine.workflow.id, engine))
                for engine in engines
            )
            return attrs.evolve(done, prepared=prepared)
    except sa.exc.DBAPIError as error:
        busy = busy_error(error, label)
        if busy is not None:
            raise busy from None
        raise _failures.cannot_open(label, str(error.orig)) from None
    finally:
        database.dispose()


def scripts(location: Path = SCRIPTS) -> ScriptDirectory:
    """The revisions at ``location`` (tests give a copy with a revision of their own)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(location))
    return ScriptDirectory.from_config(config)


def stored_version(connection: sa.Connection) -> tuple[bool, str | None]:
    """Whether the database has clearflow's tables, and the schema version they record."""
    if not sa.inspect(connection).has_table(meta_table.name):
        return False, None
    value = connection.execute(
        sa.select(meta_table.c.value).where(meta_table.c.key == "schema")
    ).scalar()
    return True, None if value is None else str(value)


def stored_revision(connection: sa.Connection) -> str | None:
    """The revision ``alembic_version`` records, read with plain SQL; None when it has none."""
    if not sa.inspect(connection).has_table(VERSION_TABLE):
        return None
    value = connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalar()
    return None if value is None else str(value)


def migrate(
    connection: sa.Connection,
    label: str,
    *,
    create: bool = True,
    on_open: bool = True,
    location: Path = SCRIPTS,
) -> Upgrade:
    """Bring the store on ``connection`` (in a write transaction) to the head revision.

    ``create`` lets a database without clearflow's tables become a new store (else it is
    "not a clearflow store"); ``on_open`` applies only additive revisions and refuses
    a store that needs others. Raises before changing anything when the store is newer.
    """
    has_tables, found = stored_version(connection)
    if not has_tables and not create:
        raise not_a_store(label)
    if has_tables and found is None:
        raise newer_store(label, None)
    before = None if found is None else _number(found, label)
    if before is not None and before > SCHEMA_VERSION:
        raise newer_store(label, found)
    revision = stored_revision(connection)
    if revision == HEAD_REVISION and location == SCRIPTS and before == SCHEMA_VERSION:
        return Upgrade(label, before, SCHEMA_VERSION)
    return _run(connection, label, before, revision, scripts(location), on_open=on_open)


def _run(
    connection: sa.Connection,
    label: str,
    before: int | None,
    revision: str | None,
    script: ScriptDirectory,
    *,
    on_open: bool,
) -> Upgrade:
    """Apply the revisions after ``revision`` (all of them from none) and record the version."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    head = script.get_revision("heads")
    if head is None:  # pragma: no cover - the package always ships its baseline
        raise StoreError(Message("no schema revisions found"))
    try:
        pending = list(reversed(list(script.iterate_revisions("heads", revision or "base"))))
    except (CommandError, RevisionError):  # a revision unknown here: a newer clearflow's
        raise newer_store(label, None if before is None else str(before)) from None
    additive = all(getattr(step.module, "additive", False) for step in pending)
    if on_open and before is not None and not additive:  # a new store is made at the head
        raise older_store(label, before, head.module.schema_version)
    after = int(head.module.schema_version)
    if pending:
        context = MigrationContext.configure(
            connection,
            opts={"script": script, "fn": lambda rev, _: script._upgrade_revs("heads", rev)},
        )
        with Operations.context(context):
            context.run_migrations()
    _record_version(connection, before, after)
    return Upgrade(label, before, after, tuple(step.revision for step in pending))


def _record_version(connection: sa.Connection, before: int | None, after: int) -> None:
    """Write the schema version number into ``clearflow_meta`` (inserted on a new store)."""
    if before is None:
        connection.execute(sa.insert(meta_table).values(key="schema", value=str(after)))
    elif before != after:
        connection.execute(
            sa.update(meta_table).where(meta_table.c.key == "schema").values(value=str(after))
        )


def _number(found: str, label: str) -> int:
    """The schema version a store records, as a number; a text that is none is refused."""
    try:
        return int(found)
    except ValueError:
        raise newer_store(label, found) from None
