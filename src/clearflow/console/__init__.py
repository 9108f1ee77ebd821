"""What staff see at a console: renderers return Rich renderables; only the walkthrough prints.

- :mod:`~clearflow.console.workflow_view`: a workflow (``clearflow show``) and located issues.
- :mod:`~clearflow.console.case_view`: one student's header, checklist, stations, blockers.
- :mod:`~clearflow.console.walkthrough`: walking one student, with a person
  (:mod:`clearflow.console._prompt`) or scripted answers (:mod:`clearflow.console._answers`)
  deciding each step.
- :mod:`~clearflow.console.report_view`: cohort status and who is blocked where.
- :mod:`~clearflow.console.change_view` and :mod:`~clearflow.console.scenario_view`: the
  rollover review, a diff, scenario results.
- :mod:`~clearflow.console.migration_view`: a migration plan (``clearflow migrate plan``).

May import every library layer below it (migration, staff, cohort, engine, format, spec),
and Rich;
never click and never the store. Tests render into ``Console(file=io.StringIO())``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clearflow._lazy import lazy_attributes

if TYPE_CHECKING:
    from clearflow.console._answers import Decision, Verb, earliest, read_answers
    from clearflow.console._prompt import PromptAnswerer
    from clearflow.console.change_view import render_changes, render_review
    from clearflow.console.report_view import render_blocked, render_status
    from clearflow.console.scenario_view import render_results
    from clearflow.console.walkthrough import (
        ScriptedAnswerer,
        Walkthrough,
        open_case,
    )
    from clearflow.console.workflow_view import render_issues, render_workflow

_SOURCES = {
    "Decision": "clearflow.console._answers",
    "PromptAnswerer": "clearflow.console._prompt",
    "ScriptedAnswerer": "clearflow.console.walkthrough",
    "Verb": "clearflow.console._answers",
    "Walkthrough": "clearflow.console.walkthrough",
    "open_case": "clearflow.console.walkthrough",
    "earliest": "clearflow.console._answers",
    "read_answers": "clearflow.console._answers",
    "render_blocked": "clearflow.console.report_view",
    "render_changes": "clearflow.console.change_view",
    "render_issues": "clearflow.console.workflow_view",
    "render_results": "clearflow.console.scenario_view",
    "render_review": "clearflow.console.change_view",
    "render_status": "clearflow.console.report_view",
    "render_workflow": "clearflow.console.workflow_view",
}
"""Every public name, loaded on first use: ``clearflow check`` imports one module of this
package and should not pay for the rest."""

__all__ = [
    "Decision",
    "PromptAnswerer",
    "ScriptedAnswerer",
    "Verb",
    "Walkthrough",
    "earliest",
    "open_case",
    "read_answers",
    "render_blocked",
    "render_changes",
    "render_issues",
    "render_results",
    "render_review",
    "render_status",
    "render_workflow",
]

__getattr__, __dir__ = lazy_attributes(__name__, _SOURCES, __all__)
