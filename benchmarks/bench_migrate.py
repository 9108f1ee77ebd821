"""Moving a cohort onto revised rules (``migrate apply``) beside its bare-SQL floor.

Run on demand (``.venv/bin/python benchmarks/bench_migrate.py``); pytest never collects it.
For each of ``--sizes`` (default 3,000, 30,000 and 100,000) it takes the class store of
``bench_cohort.py`` after the six full office lists (every student has six records; built
into ``--cache DIR`` as that benchmark builds it, or reused from there) and, in fresh
processes taking turns (the median of ``--rounds``):

1. **apply**: :func:`clearflow.store.move_many` moves every open case onto the 2014 rules
   with a new prerequisite for loan holders (one student in twenty given the fact), on a
   copy of the store: each case's history read and replayed, its actions done again on the
   new rules, and its rows and ``migrate`` event written, 500 cases per transaction.
2. **floor**: ``sqlite3`` writing what apply writes, read from the copy: per 500 cases, in
   one transaction, an UPDATE of each case row (digest, facts, holds, version + 1), a
   DELETE of their step rows, an INSERT of as many step rows, and an INSERT of one event
   row each; no Python decides anything.

Goal at 100k: apply within 60 s. Prints one table (size, measure, clearflow, floor, ratio,
peak RSS, goal, met?) and exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cohort import (
    Class,
    Line,
    copy_store,
    measure_imports,
    sizes,
    table,
    taking_turns,
)

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
APPLY_GOAL = 60.0
LARGE = 100_000
CHUNK = 500
LOAN = """  - id: loan_confirmed
    office: student_aid
    when: student_loan
    due: prerequisites_due
    zh: 助学贷款还款确认
    en: Student loan repayment confirmed
"""
LOAN_FACT = (
    "  student_loan: {type: bool, default: false, zh: 助学贷款学生, en: Holds a student loan}\n"
)


def revised_text() -> str:
    """The 2014 rules with the loan prerequisite and its fact."""
    text = WORKFLOW.read_text(encoding="utf-8")
    text = text.replace("\ndeadlines:\n", "\n" + LOAN_FACT + "\ndeadlines:\n", 1)
    return text.replace("prerequisites:\n", "prerequisites:\n" + LOAN, 1)


def work_apply(db: str) -> float:
    """Move every open case (in a fresh process); the seconds of the move itself."""
    from clearflow import Engine, load_workflow, load_workflow_text
    from clearflow.engine import Actor
    from clearflow.store import Store, move_many

    old = Engine(load_workflow(WORKFLOW))
    new = Engine(load_workflow_text(revised_text(), "gyvtc-2014-loan.yaml"))
    start = time.perf_counter()
    with Store.open(db, old) as store:
        ids = store.student_ids()
        facts = {student: {"student_loan": True} for student in ids[::20]}
        done = move_many(
            store,
            dict.fromkeys(ids),
            new,
            by=Actor(office="student_affairs", staff="bench"),
            why="loan rule",
            facts=facts,
        )
    seconds = time.perf_counter() - start
    assert len(done.moved) + len(done.skipped) == len(ids), done.skipped[:3]
    return seconds


def work_floor(db: str) -> float:
    """The same writes with sqlite3, from the rows as they are."""
    import sqlite3

    connection = sqlite3.connect(db, isolation_level=None)
    cases = connection.execute(
        "SELECT workflow, student_id, facts_id, holds_id, version FROM clearflow_cases "
        "WHERE phase != 'released' ORDER BY student_id"
    ).fetchall()
    start = time.perf_counter()
    for first in range(0, len(cases), CHUNK):
        part = cases[first : first + CHUNK]
        ids = [row[1] for row in part]
        marks = ", ".join("?" * len(ids))
        connection.execute("BEGIN IMMEDIATE")
        where = f"workflow = ? AND student_id IN ({marks})"  # the primary key's order
        given = [part[0][0], *ids]
        steps = connection.execute(f"SELECT * FROM clearflow_steps WHERE {where}", given).fetchall()
        connection.executemany(
            "UPDATE clearflow_cases SET digest = ?, facts_id = ?, holds_id = ?, version = ? "
            "WHERE workflow = ? AND student_id = ? AND version = ?",
            [
                ("f" * 64, facts, holds, version + 1, w, s, version)
                for w, s, facts, holds, version in part
            ],
        )
        connection.execute(f"DELETE FROM clearflow_steps WHERE {where}", given)
        if steps:
            holes = ", ".join("?" * len(steps[0]))
            connection.executemany(f"INSERT INTO clearflow_steps VALUES ({holes})", steps)
        connection.executemany(
            "INSERT INTO clearflow_events (workflow, student_id, seq, action, at, office, staff, "
            "step, event) VALUES (?, ?, ?, 'migrate', '2014-07-07T10:00:00+08:00', "
            "'student_affairs', 'bench', NULL, ?)",
            [(w, s, version + 1, '{"reason":"loan rule"}') for w, s, _, _, version in part],
        )
        connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=sizes, default=[3_000, 30_000, 100_000])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--worker", nargs=2, metavar=("NAME", "DB"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        name, db = options.worker
        seconds = {"apply": work_apply, "floor": work_floor}[name](db)
        print(json.dumps({"seconds": seconds}))
        return 0
    cache = options.cache or Path(tempfile.mkdtemp(prefix="bench-migrate-"))
    lines: list[Line] = []
    for size in options.sizes:
        one = Class(size, cache / str(size))
        one.folder.mkdir(parents=True, exist_ok=True)
        one.write_files()
        if not one.class_db.exists():
            measure_imports(one, 1, measured=False)

        def run(name: str, one: Class = one) -> list[str]:
            copy = copy_store(one.class_db, one.scratch / f"{name}.db")
            return [str(HERE), "--worker", name, str(copy)]

        taken = taking_turns(
            {"apply": lambda: run("apply"), "floor": lambda: run("floor")}, options.rounds
        )
        apply, floor = taken["apply"], taken["floor"]
        seconds = apply.seconds(inner=True)
        lines.append(
            Line(
                f"{size:,}",
                "migrate apply (every open case) vs UPDATE+DELETE+INSERT",
                seconds,
                floor.seconds(inner=True),
                f"{apply.rss:.0f} MB",
                f"<= {APPLY_GOAL:.0f} s at 100k",
                seconds <= APPLY_GOAL if size >= LARGE else None,
            )
        )
    print(table(lines))
    return 1 if any(line.met is False for line in lines) else 0


if __name__ == "__main__":
    raise SystemExit(main())
