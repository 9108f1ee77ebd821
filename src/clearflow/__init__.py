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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clearflow.diff import diff_workflows
    from clearflow.importer import ImportResult, import_office_list, import_roster
    from clearflow.progress import headcount_check, station_progress, unassigned
    from clearflow.report import BlockedRow, blocked_rows, blocked_summary
    from clearflow.rollover import roll_file, roll_text
    from clearflow.scenario import run_scenarios
    from clearflow.scenario_file import read_scenarios
    from clearflow.schema import build_schema
    from clearflow.store import ConflictError, Store, StoreError, UnknownStudentError

from clearflow.audit import Action, Actor, Event
from clearflow.blocking import Blocker, blockers
from clearflow.case import ActionError, Case, NotPermittedError, StepRecord, StepStatus
from clearflow.engine import Engine, FactError
from clearflow.errors import ClearflowError, Issue, Severity, WorkflowError
from clearflow.schedule import sessions_for
from clearflow.snapshot import CaseDataError, load_case, replay, restore, save_case, snapshot
from clearflow.spec import Document, Fact, Label, Office, Session, Step, StepKind, Workflow
from clearflow.student import StudentRecord, read_student
from clearflow.workflow import inspect_path, inspect_text, load_workflow, load_workflow_text

_MODULES = {
    "BlockedRow": "clearflow.report",
    "ConflictError": "clearflow.store",
    "ImportResult": "clearflow.importer",
    "Store": "clearflow.store",
    "StoreError": "clearflow.store",
    "UnknownStudentError": "clearflow.store",
    "blocked_rows": "clearflow.report",
    "blocked_summary": "clearflow.report",
    "build_schema": "clearflow.schema",
    "diff_workflows": "clearflow.diff",
    "headcount_check": "clearflow.progress",
    "import_office_list": "clearflow.importer",
    "import_roster": "clearflow.importer",
    "read_scenarios": "clearflow.scenario_file",
    "roll_file": "clearflow.rollover",
    "roll_text": "clearflow.rollover",
    "run_scenarios": "clearflow.scenario",
    "station_progress": "clearflow.progress",
    "unassigned": "clearflow.progress",
}

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
    "Session",
    "Severity",
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
    "inspect_path",
    "inspect_text",
    "load_case",
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
    "sessions_for",
    "snapshot",
    "station_progress",
    "unassigned",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'clearflow' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
