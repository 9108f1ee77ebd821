"""How long ``clearflow migrate plan`` takes over a store of open cases mid-season.

Run on demand (``make bench`` or ``.venv/bin/python benchmarks/bench_migrate_plan.py``); pytest
never collects it. A SQLite store of ``--students`` (5,000) 2014 cases is made in a
temporary directory: 30% refused by the library on 07-02, half with every prerequisite
settled on 07-03 (in the hall), a fifth also through every station; one in five is a
party member. The revised workflow is the 2014 one with a fact and a prerequisite for loan
holders, the dormitory's step renamed (as ``examples/mid-season/loans.diff``) and the
preparation deadline moved to 07-02 (so the clearances of 07-03 turn late); every tenth
student holds a loan (the facts given as ``--facts`` would). So most cases change (late
clearances, the renamed step's record), and the loan holders who had passed a station
cannot move: the new prerequisite, pending, refuses their stations.

Timed, best of ``--rounds``: ``plan_migration`` itself (the store opened read only with
``open_reader``, the plan made), then the whole command (``clearflow migrate plan ...
--format json`` in a new process: start-up, both workflows, the store, the plan, the JSON).
Goal: the plan at 5,000 open cases in at most 2 s (issue 13). Exits 1 when it is missed.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
GOAL_SECONDS = 2.0
DEPARTMENTS = ("urban_rural_planning", "rail_transit", "information_science", "tourism")
LOAN_FACT = "  student_loan: {type: bool, default: false, zh: 助学贷款, en: Student loan holder}\n"
LOAN_STEP = (
    "  - id: loan_confirmed\n    office: student_aid\n    when: student_loan\n"
    "    due: prerequisites_due\n    zh: 确认助学贷款还款计划\n"
    "    en: Student loan repayment plan confirmed\n"
)


def revised_text() -> str:
    """The 2014 workflow with the loan step, the renamed step and the earlier deadline."""
    text = WORKFLOW.read_text(encoding="utf-8")
    text = text.replace("  credits_complete:\n", LOAN_FACT + "  credits_complete:\n", 1)
    text = text.replace("  - id: library_cleared\n", LOAN_STEP + "  - id: library_cleared\n", 1)
    text = text.replace("id: dormitory_cleared", "id: dormitory_checked_out", 1)
    return text.replace(
        "  prerequisites_due:\n    date: 2014-07-04",
        "  prerequisites_due:\n    date: 2014-07-02",
        1,
    )


def make_store(path: Path, students: int) -> None:
    """The store of open cases described above."""
    import datetime as dt

    from clearflow import Actor, Engine, load_workflow
    from clearflow.store import Store

    engine = Engine(load_workflow(WORKFLOW))
    zone = engine.zone
    chance = random.Random(2014)
    cases = []
    for number in range(students):
        facts = {
            "program": "higher_vocational",
            "campus": "main",
            "department": chance.choice(DEPARTMENTS),
            "credits_complete": True,
            "party_member": chance.random() < 0.2,
        }
        case = engine.start(f"2014{number:06d}", facts, at=dt.datetime(2014, 7, 1, 9, tzinfo=zone))
        roll = chance.random()
        if roll < 0.3:
            library = Actor(office="library", staff="L03")
            case.refuse(
                "library_cleared", library, "books", at=dt.datetime(2014, 7, 2, tzinfo=zone)
            )
        else:
            moment = dt.datetime(2014, 7, 3, 10, tzinfo=zone)
            for step_id in engine.order:
                step = engine.steps[step_id]
                if step in engine.prerequisites and case.status(step_id) == "pending":
                    case.clear(step_id, Actor(office=step.office, staff="S01"), at=moment)
            if roll > 0.8:
                sessions = dt.datetime(2014, 7, 10, 14, tzinfo=zone)
                if case.facts["department"] == "urban_rural_planning":
                    sessions = dt.datetime(2014, 7, 10, 10, tzinfo=zone)
                if case.facts["department"] == "tourism":
                    sessions = dt.datetime(2014, 7, 11, 14, tzinfo=zone)
                for station in engine.stations:
                    case.clear(station.id, Actor(office=station.office, staff="S01"), at=sessions)
        cases.append(case)
    with Store.open(path, engine) as store:
        store.add(cases)


def time_plan(path: Path, new_path: Path, students: int, rounds: int) -> float:
    """The best time of ``plan_migration`` over the store, in seconds."""
    from clearflow import Engine, load_workflow
    from clearflow.engine import Renames
    from clearflow.migration import plan_migration
    from clearflow.store import open_reader

    old, new = Engine(load_workflow(WORKFLOW)), Engine(load_workflow(new_path))
    renames = Renames(steps={"dormitory_cleared": "dormitory_checked_out"})
    facts = {f"2014{number:06d}": {"student_loan": True} for number in range(0, students, 10)}
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        with open_reader(path, old) as reader:
            planned = plan_migration(reader, new, renames=renames, facts=facts)
        best = min(best, time.perf_counter() - began)
    print(f"  counts: {planned.counts()}")
    return best


def time_command(path: Path, new_path: Path, folder: Path, rounds: int) -> float:
    """The best wall time of the whole command in a new process, in seconds."""
    renames = folder / "renames.yaml"
    renames.write_text("steps: {dormitory_cleared: dormitory_checked_out}\n", encoding="utf-8")
    command = [
        *(sys.executable, "-m", "clearflow", "migrate", "plan", str(WORKFLOW), str(new_path)),
        *("--db", str(path), "--renames", str(renames), "--format", "json"),
    ]
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - began)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=5000, help="open cases in the store")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each, the best kept")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="clearflow-migrate-") as scratch:
        folder = Path(scratch)
        path, new_path = folder / "class.db", folder / "revised.yaml"
        new_path.write_text(revised_text(), encoding="utf-8")
        began = time.perf_counter()
        make_store(path, options.students)
        print(
            f"store of {options.students:,} open cases made in {time.perf_counter() - began:.1f} s"
        )
        planned = time_plan(path, new_path, options.students, options.rounds)
        print(f"  plan_migration: {planned:.2f} s (goal <= {GOAL_SECONDS:.0f} s)")
        command = time_command(path, new_path, folder, options.rounds)
        print(f"  clearflow migrate plan --format json (new process): {command:.2f} s")
    return 0 if planned <= GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
