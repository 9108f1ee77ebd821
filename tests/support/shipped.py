"""The workflows shipped in ``workflows/`` and ``examples/``; the format reference's snippets."""

from __future__ import annotations

import re
from pathlib import Path

from clearflow import WorkflowError
from clearflow.format._nodes import MapNode
from clearflow.format._yaml import parse, read_text

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("workflows", "examples")
FORMAT_DOC = ROOT / "docs" / "workflow-format.md"


def is_workflow(path: Path) -> bool:
    """Whether a YAML file is a workflow: its top-level mapping has a ``clearflow`` key.

    Other YAML (a list of sample students, say) is skipped. A file that cannot be
    parsed at all counts as a workflow, so that a broken workflow fails instead of vanishing.
    """
    try:
        document = parse(read_text(path), str(path))
    except WorkflowError:
        return True
    return isinstance(document.root, MapNode) and document.root.get("clearflow") is not None


def yaml_files() -> list[Path]:
    """Every ``*.yaml`` and ``*.yml`` file under the shipped folders, recursively, sorted."""
    found: set[Path] = set()
    for folder in FOLDERS:
        for pattern in ("*.yaml", "*.yml"):
            found.update((ROOT / folder).rglob(pattern))
    return sorted(found)


SHIPPED = [path for path in yaml_files() if is_workflow(path)]


def doc_blocks() -> list[str]:
    """The ``yaml`` code blocks of docs/workflow-format.md."""
    return re.findall(r"```yaml\n(.*?)```", FORMAT_DOC.read_text(encoding="utf-8"), re.DOTALL)
