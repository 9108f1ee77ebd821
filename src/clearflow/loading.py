"""The loading pipeline, as one readable function: read, parse, build, check."""

from __future__ import annotations

from pathlib import Path

import attrs

from clearflow._i18n import Lang
from clearflow.checks import run_checks
from clearflow.errors import Issue, WorkflowError, sorted_issues
from clearflow.format import build_workflow, declared_language, parse, read_text
from clearflow.spec import Workflow


class Inspection(tuple[Workflow | None, tuple[Issue, ...]]):
    """What inspecting a workflow found: the pair ``(workflow, issues)``, which it unpacks as.

    ``language`` is the language the file declares (``language: zh``) when the file could
    be parsed and declares one it knows, even if it has errors: the language to show its
    issues in when no one chose another (:func:`clearflow._language.choose_language`).
    """

    language: Lang | None

    def __new__(
        cls, workflow: Workflow | None, issues: tuple[Issue, ...], language: Lang | None = None
    ) -> Inspection:
        inspection = super().__new__(cls, (workflow, issues))
        inspection.language = language
        return inspection

    @property
    def workflow(self) -> Workflow | None:
        """The workflow, or None when the file has errors."""
        return self[0]

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Every issue, errors and warnings, sorted by position."""
        return self[1]


def inspect_text(text: str, source: str = "<string>") -> Inspection:
    """The workflow (None when it has errors) and every issue, errors and warnings.

    Never raises for anything wrong in the text.
    """
    try:
        document = parse(text, source)
    except WorkflowError as error:
        return Inspection(None, error.issues)
    language = declared_language(document)
    workflow, built = build_workflow(document)
    if workflow is not None:
        workflow = attrs.evolve(workflow, text=text)
    issues = [*document.issues, *built]
    if workflow is None or any(issue.is_error for issue in issues):
        return Inspection(None, sorted_issues(issues), language)
    issues += run_checks(workflow)
    if any(issue.is_error for issue in issues):
        return Inspection(None, sorted_issues(issues), language)
    return Inspection(workflow, sorted_issues(issues), language)


def inspect_path(path: str | Path) -> Inspection:
    """Like :func:`inspect_text`, reading a file (missing and unreadable files are issues)."""
    try:
        text = read_text(path)
    except WorkflowError as error:
        return Inspection(None, error.issues)
    return inspect_text(text, str(path))


def load_workflow_text(text: str, source: str = "<string>") -> Workflow:
    """Load a workflow from YAML text; raise :class:`WorkflowError` listing every error
    (its ``language`` the one the text declares, if any)."""
    inspection = inspect_text(text, source)
    if inspection.workflow is None:
        raise WorkflowError(inspection.issues, language=inspection.language)
    return inspection.workflow


def load_workflow(path: str | Path) -> Workflow:
    """Load a workflow file; raise :class:`WorkflowError` listing every error (its
    ``language`` the one the file declares, if any)."""
    inspection = inspect_path(path)
    if inspection.workflow is None:
        raise WorkflowError(inspection.issues, language=inspection.language)
    return inspection.workflow


def kept_rules(text: str, source: str) -> Workflow:
    """The workflow of rules a store kept (:attr:`Workflow.text`), built without the checks:
    they were checked when the rules were in force, and a later clearflow's new checks must
    not strand the cases on them. A WorkflowError when the text no longer builds."""
    document = parse(text, source)
    workflow, issues = build_workflow(document)
    errors = [issue for issue in [*document.issues, *issues] if issue.is_error]
    if workflow is None or errors:
        raise WorkflowError(sorted_issues(errors))
    return attrs.evolve(workflow, text=text)
