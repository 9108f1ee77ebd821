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
    from clearflow.cohort.importing import ImportResult, import_office_list, import_roster
    from clearflow.cohort.progress import headcount_check, station_progress, unassigned
    from clearflow.cohort.report import BlockedRow, blocked_rows, blocked_summary
    from clearflow.errors import ConflictError, StoreError, UnknownStudentError
    from clearflow.format.schema import build_schema
    from clearflow.staff._scenario_file import read_scenarios
    from clearflow.staff.diff import diff_workflows
    from clearflow.staff.rollover import roll_file, roll_text
    from clearflow.staff.scenario import run_scenarios
    from clearflow.store._store import Store

from clearflow.engine._audit import Action, Actor, Event
from clearflow.engine._blockers import Blocker, blockers
from clearflow.engine._case import Case, StepRecord, StepStatus
from clearflow.engine._engine import Engine
from clearflow.engine.snapshot import load_case, replay, restore, save_case, snapshot
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
from clearflow.format.student import StudentRecord, read_student
from clearflow.loading import inspect_path, inspect_text, load_workflow, load_workflow_text
from clearflow.spec._model import Document, Fact, Label, Office, Session, Step, StepKind, Workflow
from clearflow.spec._sessions import sessions_for

_MODULES = {
    "BlockedRow": "clearflow.cohort.report",
    "ConflictError": "clearflow.store._store",
    "ImportResult": "clearflow.cohort.importing",
    "Store": "clearflow.store._store",
    "StoreError": "clearflow.store._store",
    "UnknownStudentError": "clearflow.store._store",
    "blocked_rows": "clearflow.cohort.report",
    "blocked_summary": "clearflow.cohort.report",
    "build_schema": "clearflow.format.schema",
    "diff_workflows": "clearflow.staff.diff",
    "headcount_check": "clearflow.cohort.progress",
    "import_office_list": "clearflow.cohort.importing",
    "import_roster": "clearflow.cohort.importing",
    "read_scenarios": "clearflow.staff._scenario_file",
    "roll_file": "clearflow.staff.rollover",
    "roll_text": "clearflow.staff.rollover",
    "run_scenarios": "clearflow.staff.scenario",
    "station_progress": "clearflow.cohort.progress",
    "unassigned": "clearflow.cohort.progress",
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
