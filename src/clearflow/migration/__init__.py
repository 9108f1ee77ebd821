"""Moving open cases onto revised rules mid-season: the plan (``clearflow migrate plan``).

A layer above the staff tools and the cohort, below the console: it reads a store (opened
on the OLD workflow, read only) and says, case by case, what moving onto the NEW workflow
would change for the student (:func:`plan_migration`, a :class:`Plan` of
:class:`CasePlan`, each with its :class:`Change` list), from the renames staff give
(:func:`read_renames`) and the values of the facts the new rules add (:func:`read_facts`).
Nothing here writes. The engine does the moving (``Renames``, ``rebuild``, ``moved``).
"""

from __future__ import annotations

from clearflow.migration._changes import Change, ChangeKind, changes_of
from clearflow.migration._inputs import added_facts, read_facts, read_renames
from clearflow.migration._plan import CasePlan, Facts, Outcome, Plan, Stored, plan_migration

__all__ = [
    "CasePlan",
    "Change",
    "ChangeKind",
    "Facts",
    "Outcome",
    "Plan",
    "Stored",
    "added_facts",
    "changes_of",
    "plan_migration",
    "read_facts",
    "read_renames",
]
