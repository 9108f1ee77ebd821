"""Registry staff's tools for keeping the year honest: rollover, diff and scenario tests.

- :mod:`~clearflow.staff.rollover` writes next year's file from this year's text, moving
  dates by whole weeks in place, and lists what staff must review by hand.
- :mod:`~clearflow.staff.diff` says what changed between two workflows, in either language.
- :mod:`~clearflow.staff.scenario` runs the scenarios staff write beside a workflow
  (``*.scenarios.yaml``) through a real engine and compares the outcome.

Each returns data; the console renders it. May import loading, the engine, the format
reader (for the scenario file and rollover spans) and below; never the store or the cohort.
"""

from clearflow.staff._change import Change, ChangeList, Group
from clearflow.staff._review import ReviewItem, Topic
from clearflow.staff._scenario_file import inspect_scenarios, read_scenarios
from clearflow.staff.diff import diff_workflows
from clearflow.staff.rollover import Rolled, default_output, roll_file, roll_text, write_rollover
from clearflow.staff.scenario import (
    Scenario,
    ScenarioAction,
    ScenarioResult,
    is_sidecar,
    run_scenarios,
    sidecar_path,
    workflow_path,
)

__all__ = [
    "Change",
    "ChangeList",
    "Group",
    "ReviewItem",
    "Rolled",
    "Scenario",
    "ScenarioAction",
    "ScenarioResult",
    "Topic",
    "default_output",
    "diff_workflows",
    "inspect_scenarios",
    "is_sidecar",
    "read_scenarios",
    "roll_file",
    "roll_text",
    "run_scenarios",
    "sidecar_path",
    "workflow_path",
    "write_rollover",
]
