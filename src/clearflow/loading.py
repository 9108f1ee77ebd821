"""The loading pipeline, as one readable function: read, parse, build, check."""

from __future__ import annotations

from pathlib import Path

from clearflow.checks import run_checks
from clearflow.errors import Issue, WorkflowError, sorted_issues
from clearflow.format import build_workflow, parse, read_text
from clearflow.spec import Workflow


def inspect_text(text: str, source: str = "<string>") -> tuple[Workflow | None, tuple[Issue, ...]]:
    """The workflow (None when it has errors) and every issue, errors and warnings.

    Never raises for anything wrong in the text.
    """
    try:
        document = parse(text, source)
    except WorkflowError as error:
        return None, error.issues
    workflow, built = build_workflow(document)
    issues = [*document.issues, *built]
    if workflow is None or any(issue.is_error for issue in issues):
        return None, sorted_issues(issues)
    issues += run_checks(workflow)
    if any(issue.is_error for issue in issues):
        return None, sorted_issues(issues)
    return workflow, sorted_issues(issues)


def inspect_path(path: str | Path) -> tuple[Workflow | None, tuple[Issue, ...]]:
    """Like :func:`inspect_text`, reading a file (missing and unreadable files are issues)."""
    try:
        text = read_text(path)
    except WorkflowError as error:
        return None, error.issues
    return inspect_text(text, str(path))


def load_workflow_text(text: str, source: str = "<string>") -> Workflow:
    """Load a workflow from YAML text; raise :class:`WorkflowError` listing every error."""
    workflow, issues = inspect_text(text, source)
    if workflow is None:
        raise WorkflowError(issues)
    return workflow


def load_workflow(path: str | Path) -> Workflow:
    """Load a workflow file; raise :class:`WorkflowError` listing every error."""
    workflow, issues = inspect_path(path)
    if workflow is None:
        raise WorkflowError(issues)
    return workflow
