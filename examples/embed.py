"""What a campus developer writes to load the workflow, drive one student and save the case.

Run it from the repository root: ``.venv/bin/python examples/embed.py``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import clearflow
from clearflow import Actor

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Drive one student through the 2014 procedure, with a refusal on the way."""
    # 1. Load and check the workflow once, at start-up; build its engine once.
    workflow = clearflow.load_workflow(ROOT / "workflows" / "gyvtc-2014.yaml")
    engine = clearflow.Engine(workflow)

    # 2. Start a case from what the student system knows.
    student = clearflow.read_student(ROOT / "examples" / "students" / "wang-fang.yaml", workflow)
    july = dt.datetime(2014, 7, 1, 9, 0)  # naive times are in the workflow's time zone
    case = engine.start(student.id, student.facts, name=student.name, at=july)

    # 3. Offices act. Finance refuses first; the student pays; Finance clears.
    finance = Actor(office="finance", staff="F02")
    case.refuse("finance_cleared", finance, "tuition 2400 yuan unpaid", at=july)
    for blocker in clearflow.blockers(case):
        print("blocked:", blocker.describe())
    case.clear("finance_cleared", finance, at=july + dt.timedelta(days=2))
    for step in workflow.prerequisites:
        if case.status(step.id) is clearflow.StepStatus.PENDING:
            case.clear(step.id, Actor(office=step.office, staff="S01"), at=july)

    # 4. A refused action raises an ActionError and changes nothing.
    try:
        case.clear("checklist_returned", Actor(office="department", staff="D01"))
    except clearflow.ActionError as error:
        print("refused:", error)

    # 5. The hall, station by station, then the documents.
    hall = dt.datetime(2014, 7, 11, 9, 30)
    for station in workflow.stations:
        case.clear(station.id, Actor(office=station.office, staff="H01"), at=hall)
    documents = case.release(Actor(office="department", staff="D01"), at=hall)
    print("documents:", ", ".join(document.label.text("en") for document in documents))

    # 6. Save atomically; restore later without replaying, or rebuild by replay.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{case.student_id}.json"
        clearflow.save_case(path, case)
        again = clearflow.load_case(path, engine)
        rebuilt = clearflow.replay(engine, case.student_id, case.events, name=case.name)
        assert clearflow.snapshot(again) == clearflow.snapshot(rebuilt) == clearflow.snapshot(case)
        print(f"saved {len(case.events)} events; restored phase: {again.phase}")


if __name__ == "__main__":
    main()
