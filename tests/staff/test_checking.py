"""Checking a registry file: its name decides whether it is a workflow or its scenarios."""

from __future__ import annotations

from pathlib import Path

from clearflow.staff.checking import check_file
from support import WORKFLOW_2014


def test_a_workflow_file_is_checked_as_a_workflow() -> None:
    """A plain ``.yaml`` is loaded and checked as a workflow."""
    checked = check_file(WORKFLOW_2014)
    assert (checked.is_scenarios, checked.is_valid, checked.scenarios) == (False, True, None)
    assert checked.workflow is not None
    assert checked.workflow.id == "gyvtc-2014"


def test_a_sidecar_is_checked_against_its_workflow() -> None:
    """``x.scenarios.yaml`` is read as the scenarios of ``x.yaml``."""
    checked = check_file(WORKFLOW_2014.with_name("gyvtc-2014.scenarios.yaml"))
    assert (checked.is_scenarios, checked.is_valid, checked.workflow) == (True, True, None)
    assert checked.scenarios


def test_an_invalid_file_carries_its_issues(tmp_path: Path) -> None:
    """A file that does not load is not valid and says why."""
    path = tmp_path / "broken.scenarios.yaml"
    path.write_text("scenarios: []\n", encoding="utf-8")
    checked = check_file(path)
    assert not checked.is_valid
    assert checked.issues
