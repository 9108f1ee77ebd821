"""Cases and their events in SQL (SQLite or PostgreSQL): the only importer of SQLAlchemy.

May import the engine, the format's student record, ``errors`` and ``_hints``; never the
cohort, staff, console or CLI. :class:`Store` is the API; ``_bulk`` builds the rows it
writes, ``_driver`` is the one speed trick (fenced, measured, tested), ``_tables`` is the
schema, ``_limits`` what its columns keep (checked before writing), ``_imports`` an
import's one transaction, ``_starts`` the rows of students started alike, ``_rebase``
keeps one terminal's walk saved through races, and ``_rosters`` the staff rosters
(versions, the newest in force), ``_migrate`` the schema's Alembic revisions
(``migrations/``) and :func:`upgrade_store`, ``_projection`` the columns and step rows the
reports read (written with every case), ``_queries`` the reports' SQL.
"""

from clearflow.store._failures import IMPORT_FIRST
from clearflow.store._imports import ImportBatch, import_files
from clearflow.store._limits import text_problem
from clearflow.store._migrate import Upgrade, upgrade_store
from clearflow.store._projection import parse_holds
from clearflow.store._queries import ANY, MAX_LISTED, Tally, scan, tally
from clearflow.store._rebase import open_stored_case, save_rebasing
from clearflow.store._rosters import newest_roster, roster_versions, save_roster, use_roster
from clearflow.store._starts import add_alike, stored_among
from clearflow.store._store import Connection, Store
from clearflow.store._tables import database_label, database_url, sqlite_file

__all__ = [
    "ANY",
    "IMPORT_FIRST",
    "MAX_LISTED",
    "Connection",
    "ImportBatch",
    "Store",
    "Tally",
    "Upgrade",
    "add_alike",
    "database_label",
    "database_url",
    "import_files",
    "newest_roster",
    "open_stored_case",
    "parse_holds",
    "roster_versions",
    "save_rebasing",
    "save_roster",
    "scan",
    "sqlite_file",
    "stored_among",
    "tally",
    "text_problem",
    "upgrade_store",
    "use_roster",
]
