"""The fixed cost of a command: cold wall time of ``check`` and the reports on a 3k store.

Run on demand (``make bench`` or ``.venv/bin/python benchmarks/bench_startup.py``); pytest
never collects it. A store of ``--students`` (default 2,985, the 2014 class) is made in a
temporary directory as ``bench_store.import_class`` makes it (the roster and the six arrears
lists of ``examples/cohort.py``). Then each command runs as a fresh process of this
interpreter, ``--runs`` times, the commands taking turns (one run of each, then the next
round), so that a burst of load from other processes on a shared machine spoils a round of
all of them rather than one figure. Two floors run in the same rounds: an empty interpreter
(``python -c pass``) and one importing what a report cannot do without (``sqlite3``, PyYAML
and Rich; a report on a SQLite file no longer imports SQLAlchemy, see
``clearflow.store._reader``). The median of each is printed, with its ratio to the empty
interpreter and to the floor (the empty interpreter plus those imports).

The goal (issue 12): every report at 3k within 0.4 s wall from a cold process. The script
exits 1 when a report misses it. Bytecode matters here: ``make venv`` compiles ``src/``
(``make bytecode``); without it every command compiles the package again.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
GOAL_SECONDS = 0.4
REPORTS = (
    "cohort status",
    "cohort blocked --by office",
    "cohort export --what blocked",
    "cohort export --what progress",
)


def make_store(students: int, directory: Path) -> Path:
    """A store of ``students`` with the six arrears lists imported."""
    sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "examples")]
    from bench_store import import_class

    import cohort
    from clearflow import Engine, load_workflow

    files = directory / "files"
    cohort.write_cohort(files, students, 2014, owing_only=True)
    database = directory / "class.db"
    import_class(Engine(load_workflow(WORKFLOW)), files, database)
    return database


def once(arguments: Sequence[str]) -> float:
    """The wall seconds of one fresh process of this interpreter with ``arguments``."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


FLOOR = "python -c 'import sqlite3, yaml, rich'"


def commands(database: Path) -> dict[str, list[str]]:
    """Each label and the interpreter arguments it runs (exports write beside the store)."""
    workflow = str(WORKFLOW.relative_to(ROOT))
    store = ["--db", str(database)]
    cohort = ["-m", "clearflow", "cohort"]

    def export(what: str) -> list[str]:
        output = ["-o", str(database.with_name(f"{what}.csv")), "--force"]
        return [*cohort, "export", workflow, *store, "--what", what, "--format", "csv", *output]

    return {
        "python -c pass": ["-c", "pass"],
        FLOOR: ["-c", "import sqlite3, yaml, rich"],
        "python -c 'import sqlalchemy'": ["-c", "import sqlalchemy"],
        "clearflow cohort status --help": [*cohort, "status", "--help"],
        "clearflow check": ["-m", "clearflow", "check", workflow],
        "cohort status": [*cohort, "status", workflow, *store],
        "cohort blocked --by office": [*cohort, "blocked", workflow, *store, "--by", "office"],
        "cohort export --what blocked": export("blocked"),
        "cohort export --what progress": export("progress"),
    }


def main() -> int:
    """Print the figures; exit 1 when a report misses the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=2985, help="size of the class")
    parser.add_argument("--runs", type=int, default=9, help="fresh processes per command")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = make_store(options.students, Path(folder))
        todo = commands(database)
        times: dict[str, list[float]] = {label: [] for label in todo}
        for _ in range(options.runs):
            for label, arguments in todo.items():
                times[label].append(once(arguments))
    median = {label: statistics.median(runs) for label, runs in times.items()}
    empty = median["python -c pass"]
    floor = empty + median[FLOOR]
    print(
        f"{sys.executable} ({sys.version.split()[0]}), {options.students:,} students (SQLite), "
        f"median of {options.runs} cold runs, taking turns"
    )
    print(f"  floor (python -c pass + {FLOOR}): {floor * 1000:.1f} ms")
    for label, seconds in median.items():
        ratios = f"{seconds / empty:5.1f}x pass  {seconds / floor:5.2f}x floor"
        print(f"  {seconds * 1000:7.1f} ms  {ratios}  {label}")
    met = True
    for label in REPORTS:
        within = median[label] <= GOAL_SECONDS
        met = met and within
        verdict = "within" if within else "over"
        goal = f"the {GOAL_SECONDS * 1000:.0f} ms goal"
        print(f"{label}: {median[label] * 1000:.0f} ms, {verdict} {goal}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
