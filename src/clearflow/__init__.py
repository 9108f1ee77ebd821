"""clearflow: a college's graduate clearance procedure as a YAML-defined state machine.

Load a workflow, build its engine once, then drive students through it::

    workflow = clearflow.load_workflow("workflows/gyvtc-2014.yaml")
    engine = clearflow.Engine(workflow)
    case = engine.start("2014010203", {"program": "higher_vocational", ...})
    case.clear("library_cleared", clearflow.Actor(office="library", staff="L03"))

Every public name is importable from here. The core loads with the package; the
store, importer, reports, rollover, diff, scenarios and schema load on first use,
so that ``clearflow check`` does not pay for SQLAlchemy or openpyxl.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clearflow._lazy import lazy_attributes

if TYPE_CHECKING:
    from clearflow.cohort import (
        BlockedRow,
        ImportResult,
        StaffImport,
        blocked_rows,
        blocked_summary,
        headcount_check,
        import_office_list,
        import_roster,
        import_staff,
        load_roster,
        station_progress,
        unassigned,
    )
    from clearflow.errors import ConflictError, StoreError, UnknownStudentError
    from clearflow.format import build_schema
    from clearflow.staff import diff_workflows, read_scenarios, roll_file, roll_text, run_scenarios
    from clearflow.store import Store

from clearflow.engine import (
    Action,
    Actor,
    Blocker,
    Case,
    Engine,
    Event,
    Owed,
    StepRecord,
    StepStatus,
    blockers,
    load_case,
    replay,
    restore,
    save_case,
    snapshot,
)
from clearflow.errors import (
    ActionError,
    CaseDataError,
    ClearflowError,
    FactError,
    Issue,
    NotPermittedError,
    Severity,
    WorkflowError,
)
from clearflow.format import StudentRecord, read_student
from clearflow.loading import inspect_path, inspect_text, load_workflow, load_workflow_text
from clearflow.spec import (
    Document,
    Fact,
    Label,
    Office,
    Roster,
    Service,
    Session,
    StaffMember,
    Step,
    StepKind,
    Workflow,
    service_for,
    sessions_for,
)

_MODULES = {
    "BlockedRow": "clearflow.cohort",
    "ConflictError": "clearflow.errors",
    "ImportResult": "clearflow.cohort",
    "StaffImport": "clearflow.cohort",
    "Store": "clearflow.store",
    "StoreError": "clearflow.errors",
    "UnknownStudentError": "clearflow.errors",
    "blocked_rows": "clearflow.cohort",
    "blocked_summary": "clearflow.cohort",
    "build_schema": "clearflow.format",
    "diff_workflows": "clearflow.staff",
    "headcount_check": "clearflow.cohort",
    "import_office_list": "clearflow.cohort",
    "import_roster": "clearflow.cohort",
    "import_staff": "clearflow.cohort",
    "load_roster": "clearflow.cohort",
    "read_scenarios": "clearflow.staff",
    "roll_file": "clearflow.staff",
    "roll_text": "clearflow.staff",
    "run_scenarios": "clearflow.staff",
    "station_progress": "clearflow.cohort",
    "unassigned": "clearflow.cohort",
}
"""Names loaded on first use, and the package each comes from."""

__all__ = [
    "Action",
    "ActionError",
    "Actor",
    "BlockedRow",
    "Blocker",
    "Case",
    "CaseDataError",
    "ClearflowError",
    "ConflictError",
    "Document",
    "Engine",
    "Event",
    "Fact",
    "FactError",
    "ImportResult",
    "Issue",
    "Label",
    "NotPermittedError",
    "Office",
    "Owed",
    "Roster",
    "Service",
    "Session",
    "Severity",
    "StaffImport",
    "StaffMember",
    "Step",
    "StepKind",
    "StepRecord",
    "StepStatus",
    "Store",
    "StoreError",
    "StudentRecord",
    "UnknownStudentError",
    "Workflow",
    "WorkflowError",
    "blocked_rows",
    "blocked_summary",
    "blockers",
    "build_schema",
    "diff_workflows",
    "headcount_check",
    "import_office_list",
    "import_roster",
    "import_staff",
    "inspect_path",
    "inspect_text",
    "load_case",
    "load_roster",
    "load_workflow",
    "load_workflow_text",
    "read_scenarios",
    "read_student",
    "replay",
    "restore",
    "roll_file",
    "roll_text",
    "run_scenarios",
    "save_case",
    "service_for",
    "sessions_for",
    "snapshot",
    "station_progress",
    "unassigned",
]

__getattr__, __dir__ = lazy_attributes(__name__, _MODULES, __all__)
