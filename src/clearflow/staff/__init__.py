"""Registry staff's tools for keeping the year honest: rollover, diff and scenario tests.

- :mod:`~clearflow.staff.rollover` writes next year's file from this year's text, moving
  dates by whole weeks in place, and lists what staff must review by hand.
- :mod:`~clearflow.staff.diff` says what changed between two workflows, in either language.
- :mod:`~clearflow.staff.scenario` runs the scenarios staff write beside a workflow
  (``*.scenarios.yaml``) through a real engine and compares the outcome.

Each returns data; the console renders it. May import loading, the engine, the format
reader (for the scenario file and rollover spans) and below; never the store or the cohort.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clearflow._lazy import lazy_attributes

if TYPE_CHECKING:
    from clearflow.staff._change import Change, ChangeList, Group
    from clearflow.staff._review import ReviewItem, Topic
    from clearflow.staff._scenario_file import (
        inspect_scenarios,
        read_scenario_file,
        read_scenarios,
    )
    from clearflow.staff.diff import diff_workflows
    from clearflow.staff.rollover import (
        Rolled,
        default_output,
        roll_file,
        roll_text,
        write_rollover,
    )
    from clearflow.staff.scenario import (
        Scenario,
        ScenarioAction,
        ScenarioFile,
        ScenarioResult,
        is_sidecar,
        run_file,
        run_scenarios,
        sidecar_path,
        workflow_path,
    )

_SOURCES = {
    "Change": "clearflow.staff._change",
    "ChangeList": "clearflow.staff._change",
    "Group": "clearflow.staff._change",
    "ReviewItem": "clearflow.staff._review",
    "Rolled": "clearflow.staff.rollover",
    "Scenario": "clearflow.staff.scenario",
    "ScenarioAction": "clearflow.staff.scenario",
    "ScenarioFile": "clearflow.staff.scenario",
    "ScenarioResult": "clearflow.staff.scenario",
    "Topic": "clearflow.staff._review",
    "default_output": "clearflow.staff.rollover",
    "diff_workflows": "clearflow.staff.diff",
    "inspect_scenarios": "clearflow.staff._scenario_file",
    "is_sidecar": "clearflow.staff.scenario",
    "read_scenario_file": "clearflow.staff._scenario_file",
    "read_scenarios": "clearflow.staff._scenario_file",
    "roll_file": "clearflow.staff.rollover",
    "roll_text": "clearflow.staff.rollover",
    "run_file": "clearflow.staff.scenario",
    "run_scenarios": "clearflow.staff.scenario",
    "sidecar_path": "clearflow.staff.scenario",
    "workflow_path": "clearflow.staff.scenario",
    "write_rollover": "clearflow.staff.rollover",
}
"""Every public name, loaded on first use: ``clearflow check`` imports one module of this
package and should not pay for the rest."""

__all__ = [
    "Change",
    "ChangeList",
    "Group",
    "ReviewItem",
    "Rolled",
    "Scenario",
    "ScenarioAction",
    "ScenarioFile",
    "ScenarioResult",
    "Topic",
    "default_output",
    "diff_workflows",
    "inspect_scenarios",
    "is_sidecar",
    "read_scenario_file",
    "read_scenarios",
    "roll_file",
    "roll_text",
    "run_file",
    "run_scenarios",
    "sidecar_path",
    "workflow_path",
    "write_rollover",
]

__getattr__, __dir__ = lazy_attributes(__name__, _SOURCES, __all__)
