"""The who-may-act example workflow and its staff roster, shared by the roster tests."""

from __future__ import annotations

from pathlib import Path

from clearflow.engine import Engine
from clearflow.loading import load_workflow
from clearflow.spec import Roster, StaffMember, Workflow

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW_PATH = ROOT / "examples" / "workflows" / "who-may-act.yaml"
STAFF_PATH = ROOT / "examples" / "workflows" / "who-may-act-staff.csv"

STAFF = (
    StaffMember(id="F2101", name="陈静", office="finance", unit="business", role="出纳"),
    StaffMember(id="F2102", name="刘洋", office="finance", unit="arts", role="出纳"),
    StaffMember(id="T0042", name="赵明", office="supervisor", role="副教授"),
    StaffMember(id="T0057", name="孙丽", office="supervisor", role="讲师"),
    StaffMember(id="R0001", name="周红", office="registry"),
)
ROSTER = Roster.of(STAFF)
BUSINESS = {"school": "business", "supervisor_id": "T0042"}


def workflow() -> Workflow:
    """The example workflow: a finance desk per school and a supervisor-bound thesis."""
    return load_workflow(WORKFLOW_PATH)


def engine(roster: Roster | None = ROSTER) -> Engine:
    """An engine of the example workflow with the roster (or none)."""
    return Engine(workflow(), roster)
