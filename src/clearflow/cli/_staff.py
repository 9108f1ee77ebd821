"""The staff roster reader the commands hand to the scenario readers (``staff:`` in a
scenarios file): YAML or a CSV/xlsx table, the cohort package's reader, imported only when a
file names a roster, so that ``clearflow check`` stays light."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from clearflow.spec import Roster, Workflow


def read_staff(path: Path, workflow: Workflow) -> Roster:
    """A staff roster for a workflow, from YAML, CSV or xlsx (every problem located)."""
    from clearflow.cohort.staff import load_roster  # SQLAlchemy and openpyxl: only if asked

    return load_roster(path, workflow)
