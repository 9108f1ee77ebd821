"""clearflow: a college's graduate clearance procedure as a YAML-defined state machine.

Load a workflow, build its engine once, then drive students through it::

    workflow = clearflow.load_workflow("workflows/gyvtc-2014.yaml")
    engine = clearflow.Engine(workflow)
    case = engine.start("2014010203", {"program": "higher_vocational", ...})
    case.clear("library_cleared", clearflow.Actor(office="library", staff="L03"))
"""

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

__all__ = [
    "Action",
    "ActionError",
    "Actor",
    "Blocker",
    "Case",
    "CaseDataError",
    "ClearflowError",
    "Document",
    "Engine",
    "Event",
    "Fact",
    "FactError",
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
    "StudentRecord",
    "Workflow",
    "WorkflowError",
    "blockers",
    "inspect_path",
    "inspect_text",
    "load_case",
    "load_workflow",
    "load_workflow_text",
    "read_student",
    "replay",
    "restore",
    "save_case",
    "sessions_for",
    "snapshot",
]
