"""A class in a store: imports of rosters and office lists, reports and exports.

May import the store, the engine, the spec, ``errors`` and ``_hints``; never the staff
tools, the console or the CLI. The reports (``report``, ``progress``) are pure functions
over cases and load with the package; what touches a database or a spreadsheet
(``importing``, ``reading``, ``export``'s tables) loads on first use (PEP 562), so that
renderers importing this package, and ``clearflow check``, never load SQLAlchemy or
openpyxl. openpyxl is imported only by ``_xlsx`` (reading a workbook), inside its
functions; a workbook is written by ``_sheet_xml``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clearflow._lazy import lazy_attributes
from clearflow.cohort.progress import headcount_check, station_progress, unassigned
from clearflow.cohort.report import (
    STATUSES,
    BlockedRow,
    BlockedStatus,
    BlockedSummary,
    blocked_rows,
    blocked_summary,
    filter_rows,
    grouping,
    today_in,
)

if TYPE_CHECKING:
    from clearflow.cohort.importing import (
        ImportResult,
        import_office_list,
        import_office_lists,
        import_roster,
    )
    from clearflow.cohort.reading import read_cohort, read_history
    from clearflow.cohort.staff import StaffImport, import_staff, load_roster

_LAZY = {
    "ImportResult": "clearflow.cohort.importing",
    "import_office_list": "clearflow.cohort.importing",
    "import_office_lists": "clearflow.cohort.importing",
    "import_roster": "clearflow.cohort.importing",
    "read_cohort": "clearflow.cohort.reading",
    "read_history": "clearflow.cohort.reading",
    "StaffImport": "clearflow.cohort.staff",
    "import_staff": "clearflow.cohort.staff",
    "load_roster": "clearflow.cohort.staff",
}

__all__ = [
    "STATUSES",
    "BlockedRow",
    "BlockedStatus",
    "BlockedSummary",
    "ImportResult",
    "StaffImport",
    "blocked_rows",
    "blocked_summary",
    "filter_rows",
    "grouping",
    "headcount_check",
    "import_office_list",
    "import_office_lists",
    "import_roster",
    "import_staff",
    "load_roster",
    "read_cohort",
    "read_history",
    "station_progress",
    "today_in",
    "unassigned",
]

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__)
