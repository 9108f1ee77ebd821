"""How long a case-file save takes as the file grows, and how long a big case file takes to load.

Run on demand (``make bench`` or ``.venv/bin/python benchmarks/bench_case_file.py``); pytest
never collects it. Everything runs in a temporary directory, through the public API only
(``clearflow.save_case``, ``clearflow.load_case``), so the same script measures an older
tree too:

* Save: for each size in ``--sizes`` (1,000, 5,000 and 20,000 events), one student's case
  is given that many events (the library refuses again and again, as a student who keeps
  coming back without the books would have it), saved once, then ``--saves`` times one
  more refusal and a save, each timed; the best and the median per save are printed.
  Every save flushes the file to disk (fsync), so the figures include what the disk
  costs. Goal: a save at the largest size takes at most ``--flat`` (3) times one at the
  smallest: a save costs the new events, not the whole file.
* Load: the case file of the largest size read back with ``load_case``, best of
  ``--rounds``. Goal: under 5 s.

``--old REV`` runs the same measurements on that commit's ``src/`` first (exported with
``benchmarks/bench_versions.py``'s ``export``, run with this interpreter and
``PYTHONPATH`` set to it) and prints the two side by side; ``--old 47305d0`` is the last
commit that rewrote the whole file on every save. The old tree misses the goals, so
its exit status is not used.

Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
LOAD_GOAL_SECONDS = 5.0


def measure(sizes: list[int], saves: int, rounds: int) -> dict[str, float]:
    """Per size, the best and median ms per save; the best load of the largest file, in s."""
    import clearflow  # the tree under test: this one, or --old's through PYTHONPATH

    engine = clearflow.Engine(clearflow.load_workflow(WORKFLOW))
    zone = engine.zone
    library = clearflow.Actor(office="library", staff="L03")
    when = dt.datetime(2014, 7, 2, 10, 0, tzinfo=zone)
    found: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="clearflow-case-") as scratch:
        for size in sizes:
            path = Path(scratch) / f"case-{size}.json"
            case = engine.start("2014010203", _facts(), name="李雷", at=when)
            for number in range(size - 1):
                case.refuse("library_cleared", library, f"book {number} not returned", at=when)
            clearflow.save_case(path, case)
            times = []
            for number in range(saves):
                case.refuse("library_cleared", library, f"visit {number}", at=when)
                start = time.perf_counter()
                clearflow.save_case(path, case)
                times.append((time.perf_counter() - start) * 1000)
            found[f"save at {size} events best ms"] = min(times)
            found[f"save at {size} events median ms"] = statistics.median(times)
        largest = Path(scratch) / f"case-{sizes[-1]}.json"
        found["file size at the largest MB"] = largest.stat().st_size / 1e6
        loads = []
        for _ in range(rounds):
            start = time.perf_counter()
            clearflow.load_case(largest, engine)
            loads.append(time.perf_counter() - start)
        found[f"load at {sizes[-1] + saves} events s"] = min(loads)
    return found


def _facts() -> dict[str, bool | str]:
    return {
        "program": "higher_vocational",
        "campus": "main",
        "department": "urban_rural_planning",
        "credits_complete": True,
    }


def on_old_tree(revision: str, arguments: list[str]) -> dict[str, float]:
    """The same measurements on ``revision``'s ``src/``, in a child process."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_versions import export

    with tempfile.TemporaryDirectory(prefix="clearflow-old-") as scratch:
        export(revision, Path(scratch))
        env = dict(os.environ, PYTHONPATH=str(Path(scratch) / "src"))
        done = subprocess.run(
            [sys.executable, __file__, "--values", *arguments],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    rows = (line.rsplit("  ", 1) for line in done.stdout.splitlines() if line.strip())
    return {label.strip(): float(value) for label, value in rows}


def main() -> None:
    """Parse the arguments, measure, print, check the goals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--saves", type=int, default=20, help="timed saves per size")
    parser.add_argument("--rounds", type=int, default=3, help="loads of the largest file")
    parser.add_argument("--flat", type=float, default=3.0, help="largest/smallest save goal")
    parser.add_argument("--old", help="also measure this older commit, e.g. 47305d0")
    parser.add_argument("--values", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    arguments = ["--sizes", *map(str, args.sizes), "--saves", str(args.saves)]
    arguments += ["--rounds", str(args.rounds)]
    if args.values:  # the child of --old: plain label and value lines
        for label, value in measure(args.sizes, args.saves, args.rounds).items():
            print(f"{label}  {value}")
        return
    old = on_old_tree(args.old, arguments) if args.old else None
    new = measure(args.sizes, args.saves, args.rounds)
    print(f"case file saves, {args.saves} timed per size" + (f"; old = {args.old}" if old else ""))
    print(f"{'':<36} {'new':>12}  " + (f"{'old':>12}  {'new/old':>8}" if old else ""))
    for label, value in new.items():
        before = f"{old[label]:12.2f}  {value / old[label]:8.3f}x" if old and label in old else ""
        print(f"{label:<36} {value:12.2f}  {before}")
    smallest, largest = args.sizes[0], args.sizes[-1]
    ratio = new[f"save at {largest} events median ms"] / new[f"save at {smallest} events median ms"]
    load = new[f"load at {largest + args.saves} events s"]
    print(f"median save at {largest} / at {smallest} events: {ratio:.2f} (goal <= {args.flat})")
    print(f"load at {largest + args.saves} events: {load:.2f} s (goal < {LOAD_GOAL_SECONDS} s)")
    if ratio > args.flat or load >= LOAD_GOAL_SECONDS:
        sys.exit(1)


if __name__ == "__main__":
    main()
