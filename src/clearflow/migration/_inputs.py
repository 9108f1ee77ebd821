"""What staff give a migration plan besides the two workflows: a renames file, a facts file.

:func:`read_renames` reads the renames YAML (:mod:`clearflow.format`, every id checked
against the old and the new workflow, located) into the engine's :class:`Renames`;
:func:`read_facts` reads a CSV or .xlsx table of values for the facts the new workflow adds
(:mod:`clearflow.cohort.facts_file`, located as imports are). :func:`added_facts` says which
facts those are.
"""

from __future__ import annotations

from pathlib import Path

from clearflow.cohort.facts_file import read_facts_file
from clearflow.engine import Renames
from clearflow.format import read_renames as read_rename_map
from clearflow.migration._plan import Facts
from clearflow.spec import Workflow


def read_renames(path: str | Path, old: Workflow, new: Workflow) -> Renames:
    """The renames a file gives for a move from ``old`` to ``new`` (WorkflowError if bad)."""
    found = read_rename_map(path, old, new)
    return Renames(steps=dict(found.steps), offices=dict(found.offices))


def added_facts(old: Workflow, new: Workflow) -> tuple[str, ...]:
    """The facts ``new`` declares and ``old`` does not, in ``new``'s order."""
    known = {fact.id for fact in old.facts}
    return tuple(fact.id for fact in new.facts if fact.id not in known)


def read_facts(
    path: str | Path, old: Workflow, new: Workflow, *, sheet: str | None = None
) -> Facts:
    """Values, per student, for the facts ``new`` adds (TableError if the file is bad)."""
    return read_facts_file(path, new, added_facts(old, new), sheet=sheet)


__all__ = ["added_facts", "read_facts", "read_renames"]
