"""Every workflow shipped in ``workflows/`` and ``examples/`` loads with no error and no warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearflow import inspect_path, inspect_text
from clearflow.format._yaml import parse
from clearflow.staff.scenario import SIDECAR_SUFFIX
from support.shipped import FORMAT_DOC, ROOT, SHIPPED, doc_blocks, is_workflow, yaml_files


def test_shipped_workflows_are_found() -> None:
    """The glob finds the reference workflow and the seven examples."""
    names = {path.relative_to(ROOT).as_posix() for path in SHIPPED}
    assert "workflows/gyvtc-2014.yaml" in names
    for example in (
        "partial-order",
        "optional-steps",
        "conditional-steps",
        "batches",
        "office-hours",
        "outcomes",
        "advised-order",
    ):
        assert f"examples/workflows/{example}.yaml" in names


# The warnings a shipped file is allowed, by file and code, each with the message it must
# give and why it stays: a contradiction inside the source the file encodes faithfully.
DOCUMENTED_WARNINGS: dict[str, dict[str, tuple[str, str]]] = {
    "workflows/gyvtc-2014.yaml": {
        "CF405": (
            "137 of 1714 Higher vocational students are in no session",
            "the notice's schedule table covers 1577 of its 1714 higher-vocational students",
        ),
    },
}


@pytest.mark.parametrize(
    "path", SHIPPED, ids=[path.relative_to(ROOT).as_posix() for path in SHIPPED]
)
def test_shipped_workflow_has_only_its_documented_warnings(path: Path) -> None:
    """The workflow loads with no error, and exactly the warnings its source contains."""
    workflow, issues = inspect_path(path)
    allowed = DOCUMENTED_WARNINGS.get(path.relative_to(ROOT).as_posix(), {})
    found = {issue.code: str(issue.message) for issue in issues if not issue.is_error}
    assert [str(issue) for issue in issues if issue.is_error] == []
    assert len(found) == len([issue for issue in issues if not issue.is_error])
    assert found == {code: message for code, (message, _) in allowed.items()}
    assert workflow is not None


def test_every_file_in_a_workflows_folder_is_kept() -> None:
    """A file in a ``workflows`` folder is never skipped, except a workflow's scenarios file."""
    for path in yaml_files():
        if path.name.endswith(SIDECAR_SUFFIX):
            assert path.parent / path.name.replace(SIDECAR_SUFFIX, ".yaml") in SHIPPED, path
        elif "workflows" in path.relative_to(ROOT).parts[:-1]:
            assert path in SHIPPED, path


def test_non_workflow_yaml_is_skipped(tmp_path: Path) -> None:
    """YAML whose top level has no ``clearflow`` key is not a workflow; broken YAML is."""
    students = tmp_path / "students.yaml"
    students.write_text("- {id: s1, campus: east}\n", encoding="utf-8")
    roster = tmp_path / "roster.yaml"
    roster.write_text("students: [s1, s2]\n", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("clearflow: 1\nid: [unclosed\n", encoding="utf-8")
    workflow = tmp_path / "workflow.yaml"
    workflow.write_text("clearflow: 1\n", encoding="utf-8")
    assert not is_workflow(students)
    assert not is_workflow(roster)
    assert is_workflow(broken)
    assert is_workflow(workflow)


def test_format_reference_links_every_example() -> None:
    """docs/workflow-format.md links each example workflow, so none is undocumented."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    for path in SHIPPED:
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("examples/"):
            assert f"../{relative}" in text, relative


def test_format_reference_snippets_are_clean_yaml() -> None:
    """Every YAML snippet in the format reference parses, with no duplicate key."""
    blocks = doc_blocks()
    assert blocks
    for index, block in enumerate(blocks):
        document = parse(block, f"docs/workflow-format.md block {index}")
        assert [str(issue) for issue in document.issues] == []


def test_format_reference_full_examples_load() -> None:
    """Every complete workflow in the format reference loads with no error and no warning."""
    complete = [block for block in doc_blocks() if block.startswith("clearflow: 1")]
    assert complete
    for block in complete:
        workflow, issues = inspect_text(block, "docs/workflow-format.md")
        assert [str(issue) for issue in issues] == []
        assert workflow is not None
