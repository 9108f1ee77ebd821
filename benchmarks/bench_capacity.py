"""The capacity queue engine on the 2014 sessions, beside a pure-Python loop of its recursion.

Run on demand (``.venv/bin/python benchmarks/bench_capacity.py [--sizes 1000] [--rounds 3]``);
pytest never collects it. ``--sizes`` are replication counts K. Measured, each in a fresh
process (a worker: this file with ``--worker``), the median of ``--rounds`` kept (the machine
is shared and noisy), with the peak RSS of that process (``ru_maxrss`` from ``os.wait4``):

1. One session: the 474 students of urban and rural planning (2014-07-10, 9:00-12:00, 180
   minutes) through the hall's 6 stations, K replications: the draws (uniform arrivals,
   gamma service times), ``simulate``, and the summaries the report shows (p50/p90 of each
   station's longest wait and most waiting, p50/p90 of the finish). Goal at K = 1,000: 2 s.
2. The whole schedule: every session of ``workflows/gyvtc-2014.yaml`` with its ``expected``
   count (2,126 students in 8 sessions; the 2014-07-10/11 afternoons' 12:00-13:00 break is
   outside their 13:00 start, the 2014-07-09 session of 9:00-16:30 has none in the hours),
   each its own run of K replications, one after another. Goal at K = 1,000: 10 s.
3. The floor: the same recursion as a bare pure-Python loop (lists, ``min`` over the free
   windows, the same draws), one replication at a time; timed on ``--floor-reps``
   replications of the one session and scaled to K. The ratio says what numpy buys.

The workflow gives no windows or minutes per station yet (``staff:``/``minutes:`` are
unset), so every session uses the same assumed stations: windows 2, 3, 2, 2, 2, 1 and mean
minutes 0.6, 1.0, 0.6, 0.6, 0.6, 0.3 (cv 0.5): loads of 0.8-0.9 for the 474-student
morning. Every student visits every station. The figures measure the engine, not a plan.

Prints one table (measure, clearflow, floor, ratio, RSS, goal, met?) and exits 1 when a goal
is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from clearflow import load_workflow
from clearflow.capacity import percentile, service_times, simulate, uniform_arrivals

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
WINDOWS = (2, 3, 2, 2, 2, 1)
MEANS = (0.6, 1.0, 0.6, 0.6, 0.6, 0.3)
CV = 0.5
ONE_SESSION = (474, 180.0)
GOAL_SESSION_S = 2.0
GOAL_SCHEDULE_S = 10.0


def sessions() -> list[tuple[int, float]]:
    """Each session of the 2014 workflow: its expected students and its length in minutes."""
    schedule = load_workflow(WORKFLOW).schedule
    assert schedule is not None
    found = []
    for session in schedule.sessions:
        begin = dt.datetime.combine(session.date, session.start)
        end = dt.datetime.combine(session.date, session.end)
        found.append((session.expected or 0, (end - begin).total_seconds() / 60))
    return found


def draw(
    seed: int, students: int, length: float, replications: int
) -> tuple[np.typing.NDArray[np.float64], np.typing.NDArray[np.float64]]:
    """Arrivals and service times for one session."""
    rng = np.random.default_rng(seed)
    arrivals = uniform_arrivals(rng, students, replications, length)
    service = np.stack([service_times(rng, mean, CV, (replications, students)) for mean in MEANS])
    return arrivals, service


def run_session(seed: int, students: int, length: float, replications: int) -> dict[str, float]:
    """Draw, simulate and summarise one session; the seconds of each part."""
    begin = time.perf_counter()
    arrivals, service = draw(seed, students, length, replications)
    drawn = time.perf_counter()
    trace = simulate(arrivals, service, np.ones((len(WINDOWS), students), bool), WINDOWS)
    simulated = time.perf_counter()
    longest, most, finish = trace.longest_wait, trace.max_queue, trace.finish
    for q in (50, 90):
        percentile(longest, q)
        percentile(most, q)
        percentile(finish, q)
    summarised = time.perf_counter()
    return {
        "draw": drawn - begin,
        "simulate": simulated - drawn,
        "summary": summarised - simulated,
    }


def python_floor(arrivals: list[float], service: list[list[float]]) -> float:
    """The recursion as a bare loop over one replication; returns the last departure."""
    current = arrivals
    for station, windows in enumerate(WINDOWS):
        times = service[station]
        free = [0.0] * windows
        departs = [0.0] * len(current)
        for student in sorted(range(len(current)), key=current.__getitem__):
            window = min(range(windows), key=free.__getitem__)
            begin = max(current[student], free[window])
            departs[student] = free[window] = begin + times[student]
        current = departs
    return max(current)


def worker(mode: str, replications: int, floor_reps: int) -> dict[str, float]:
    """One measure, in this (fresh) process."""
    if mode == "session":
        students, length = ONE_SESSION
        return run_session(1, students, length, replications)
    if mode == "schedule":
        totals: dict[str, float] = {"draw": 0.0, "simulate": 0.0, "summary": 0.0}
        for seed, (students, length) in enumerate(sessions()):
            for part, seconds in run_session(seed, students, length, replications).items():
                totals[part] += seconds
        return totals
    students, length = ONE_SESSION
    arrivals, service = draw(1, students, length, floor_reps)
    rows = [
        (arrivals[k].tolist(), [service[s, k].tolist() for s in range(len(WINDOWS))])
        for k in range(floor_reps)
    ]
    begin = time.perf_counter()
    for row_arrivals, row_service in rows:
        python_floor(row_arrivals, row_service)
    return {"simulate": (time.perf_counter() - begin) / floor_reps * replications}


def measure(mode: str, replications: int, floor_reps: int) -> tuple[dict[str, float], float]:
    """Run one worker; its timings and its peak RSS in MB."""
    command = [sys.executable, __file__, "--worker", mode, "--sizes", str(replications)]
    command += ["--floor-reps", str(floor_reps)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.returncode == 0, output
    return json.loads(output), usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="replication counts, comma-separated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--floor-reps", type=int, default=20)
    parser.add_argument("--worker", choices=["session", "schedule", "python"])
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    if options.worker:
        print(json.dumps(worker(options.worker, sizes[0], options.floor_reps)))
        return 0
    print(
        f"{'K':>6}  {'measure':<40}{'clearflow':>10}{'floor':>10}{'ratio':>8}{'RSS MB':>8}"
        f"{'goal':>7}  met?"
    )
    missed = False
    for size in sizes:
        runs: Runs = {}
        for _ in range(options.rounds):
            for mode in ("session", "schedule", "python"):
                runs.setdefault(mode, []).append(measure(mode, size, options.floor_reps))
        missed |= not report(size, runs)
    return 1 if missed else 0


Runs = dict[str, list[tuple[dict[str, float], float]]]


def report(size: int, runs: Runs) -> bool:
    """Print the rows of one replication count; whether its goals are met."""

    def median(mode: str, part: str) -> float:
        return statistics.median(timings.get(part, 0.0) for timings, _ in runs[mode])

    def rss(mode: str) -> float:
        return statistics.median(peak for _, peak in runs[mode])

    floor = median("python", "simulate")
    met_all = True
    for mode, label, goal in (
        ("session", "one session (474 x 6 stations)", GOAL_SESSION_S),
        ("schedule", "2014 schedule (8 sessions, 2,126)", GOAL_SCHEDULE_S),
    ):
        parts = {part: median(mode, part) for part in ("draw", "simulate", "summary")}
        total = sum(parts.values())
        met = total <= goal or size != 1000
        met_all &= met
        print(
            f"{size:>6}  {label + ', total':<40}{total:>9.3f}s{'':>18}"
            f"{rss(mode):>8.0f}{goal:>6.0f}s  {'yes' if met else 'NO'}"
        )
        for part, seconds in parts.items():
            if mode == "session" and part == "simulate":
                print(
                    f"{'':>6}    {part:<38}{seconds:>9.3f}s{floor:>9.3f}s{floor / seconds:>7.1f}x"
                )
            else:
                print(f"{'':>6}    {part:<38}{seconds:>9.3f}s")
    print(
        f"{'':>6}  {'pure-Python loop, one session':<40}{'':>10}{floor:>9.3f}s{'':>8}"
        f"{rss('python'):>8.0f}"
    )
    return met_all


if __name__ == "__main__":
    sys.exit(main())
