"""Cases and their events in SQL (SQLite or PostgreSQL): the only importer of SQLAlchemy.

May import the engine, the format's student record, ``errors`` and ``_hints``; never the
cohort, staff, console or CLI. :class:`Store` is the API; ``_bulk`` builds the rows it
writes, ``_driver`` and ``_pipeline`` (one case's writes in one PostgreSQL round trip) are
the speed tricks (fenced, measured, tested), ``_tables`` is the schema, ``_limits`` what
its columns keep (checked before writing), ``_imports`` an import's one transaction,
``_starts`` the rows of students started alike, ``_rebase`` keeps one terminal's walk
saved through races, ``_rosters`` the staff rosters (versions, the newest in force),
``_rules`` the rules of every digest (a case keeps its own), ``_moves`` cases moved onto
other rules (``_undo`` the last move undone),
``_migrate`` the schema's Alembic revisions (``migrations/``) and :func:`upgrade_store`,
``_projection`` the columns and step rows the reports read (written with every case),
``_queries`` the reports' SQL.

The reports' side loads without SQLAlchemy: ``_sql`` holds every read as SQL text,
``_reading`` the reads and checks written once over any connection, ``_reader`` a SQLite
file opened with ``sqlite3`` (:func:`open_reader`), ``_refusals`` the words of a refused
open. The names that need SQLAlchemy load on first use (PEP 562).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clearflow._lazy import lazy_attributes
from clearflow.engine import parse_holds
from clearflow.store._held import Held, HeldReader
from clearflow.store._queries import ANY, MAX_LISTED, Tally, scan, scan_held, tally
from clearflow.store._reader import (
    Driver,
    SqliteReader,
    database_label,
    open_reader,
    sqlite_file,
)
from clearflow.store._refusals import IMPORT_FIRST

if TYPE_CHECKING:
    from clearflow.store._imports import ImportBatch, import_files
    from clearflow.store._limits import text_problem
    from clearflow.store._migrate import Upgrade, upgrade_store
    from clearflow.store._moves import Moves, move_many
    from clearflow.store._rebase import open_stored_case, save_rebasing
    from clearflow.store._rosters import (
        newest_roster,
        roster_versions,
        save_roster,
        use_roster,
    )
    from clearflow.store._starts import add_alike, stored_among
    from clearflow.store._store import Connection, Store
    from clearflow.store._tables import database_url
    from clearflow.store._undo import check_after, last_moves, newest_move, undo_last_move

_LAZY = {
    "Connection": "clearflow.store._store",
    "ImportBatch": "clearflow.store._imports",
    "Store": "clearflow.store._store",
    "Upgrade": "clearflow.store._migrate",
    "Moves": "clearflow.store._moves",
    "move_many": "clearflow.store._moves",
    "last_moves": "clearflow.store._undo",
    "check_after": "clearflow.store._undo",
    "newest_move": "clearflow.store._undo",
    "undo_last_move": "clearflow.store._undo",
    "add_alike": "clearflow.store._starts",
    "stored_among": "clearflow.store._starts",
    "database_url": "clearflow.store._tables",
    "import_files": "clearflow.store._imports",
    "newest_roster": "clearflow.store._rosters",
    "open_stored_case": "clearflow.store._rebase",
    "roster_versions": "clearflow.store._rosters",
    "save_rebasing": "clearflow.store._rebase",
    "save_roster": "clearflow.store._rosters",
    "text_problem": "clearflow.store._limits",
    "upgrade_store": "clearflow.store._migrate",
    "use_roster": "clearflow.store._rosters",
}
"""Names that need SQLAlchemy, loaded on first use, and the module each comes from."""

__all__ = [
    "ANY",
    "IMPORT_FIRST",
    "MAX_LISTED",
    "Connection",
    "Driver",
    "Held",
    "HeldReader",
    "ImportBatch",
    "Moves",
    "SqliteReader",
    "Store",
    "Tally",
    "Upgrade",
    "add_alike",
    "check_after",
    "database_label",
    "database_url",
    "import_files",
    "last_moves",
    "move_many",
    "newest_move",
    "newest_roster",
    "open_reader",
    "open_stored_case",
    "parse_holds",
    "roster_versions",
    "save_rebasing",
    "save_roster",
    "scan",
    "scan_held",
    "sqlite_file",
    "stored_among",
    "tally",
    "text_problem",
    "undo_last_move",
    "upgrade_store",
    "use_roster",
]

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__)
