"""clearflow: a college's graduate clearance procedure as a YAML-defined state machine."""

from clearflow.errors import ClearflowError, Issue, Severity, WorkflowError
from clearflow.spec import Document, Fact, Label, Office, Session, Step, StepKind, Workflow
from clearflow.workflow import inspect_path, inspect_text, load_workflow, load_workflow_text

__all__ = [
    "ClearflowError",
    "Document",
    "Fact",
    "Issue",
    "Label",
    "Office",
    "Session",
    "Severity",
    "Step",
    "StepKind",
    "Workflow",
    "WorkflowError",
    "inspect_path",
    "inspect_text",
    "load_workflow",
    "load_workflow_text",
]
