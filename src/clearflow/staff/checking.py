"""Checking a file staff keep beside the workflows: a workflow, or a workflow's scenarios.

The kind of file is decided by its name: ``x.scenarios.yaml`` holds the scenarios of the
workflow ``x.yaml`` (and is checked against it), anything else is a workflow. This is
what ``clearflow check`` runs on each path; a registry's own tooling can call it too.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from clearflow.errors import Issue
from clearflow.loading import inspect_path
from clearflow.spec import Workflow
from clearflow.staff._scenario_file import inspect_scenarios
from clearflow.staff._scenario_staff import StaffReader
from clearflow.staff.scenario import Scenario, is_sidecar


@attrs.frozen(kw_only=True)
class CheckedFile:
    """What checking one file found: its workflow or its scenarios (None if invalid), issues."""

    path: Path
    is_scenarios: bool
    workflow: Workflow | None = None
    scenarios: tuple[Scenario, ...] | None = None
    issues: tuple[Issue, ...] = ()

    @property
    def is_valid(self) -> bool:
        """Whether the file has no error (warnings allowed)."""
        return self.workflow is not None or self.scenarios is not None


def check_file(path: str | Path, *, read_staff: StaffReader | None = None) -> CheckedFile:
    """Check a workflow file, or a scenarios file against the workflow it is named after.

    ``read_staff`` reads the staff roster a scenarios file names (``staff:``); the command
    line passes :func:`clearflow.cohort.staff.load_roster`, without it only a YAML roster
    is read.
    """
    path = Path(path)
    if is_sidecar(path):
        scenarios, issues = inspect_scenarios(path, read_staff=read_staff)
        return CheckedFile(path=path, is_scenarios=True, scenarios=scenarios, issues=issues)
    workflow, issues = inspect_path(path)
    return CheckedFile(path=path, is_scenarios=False, workflow=workflow, issues=issues)


__all__ = ["CheckedFile", "check_file"]
