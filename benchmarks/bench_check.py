"""How fast ``clearflow check`` starts: cold wall time as a fresh process, and in-process time.

Run on demand (``make bench`` or ``.venv/bin/python benchmarks/bench_check.py``); pytest never
collects it. Every cold figure is the median of ``--runs`` fresh processes of the interpreter
running this script, measured side by side with two baselines in the same run: an empty
interpreter (``python -c pass``) and one importing the dependencies (yaml, rich, click, attrs).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
GOAL_SECONDS = 0.3


def cold_seconds(arguments: Sequence[str], runs: int) -> float:
    """The median wall time of ``runs`` fresh processes of this interpreter with ``arguments``."""
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, *arguments],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm_seconds(calls: int) -> float:
    """The median time of one in-process ``inspect_path`` call on the 2014 workflow."""
    from clearflow import inspect_path

    inspect_path(WORKFLOW)
    times: list[float] = []
    for _ in range(calls):
        start = time.perf_counter()
        inspect_path(WORKFLOW)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    """Print the figures; exit 1 when the cold check misses the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="fresh processes per command")
    parser.add_argument("--calls", type=int, default=200, help="in-process inspect_path calls")
    options = parser.parse_args()
    relative = WORKFLOW.relative_to(ROOT)
    commands = {
        "python -c pass": ["-c", "pass"],
        "python -c 'import yaml, rich, click, attrs'": ["-c", "import yaml, rich, click, attrs"],
        f"python -m clearflow check {relative}": ["-m", "clearflow", "check", str(relative)],
        # The 2014 workflow declares language: zh, so the line above reads the zh_CN catalogue;
        # this one prints English and reads none (the cost of gettext is the difference).
        f"python -m clearflow check {relative} --lang en": [
            *("-m", "clearflow", "check", str(relative), "--lang", "en")
        ],
    }
    print(f"{sys.executable} ({sys.version.split()[0]}), median of {options.runs} runs")
    cold = {label: cold_seconds(arguments, options.runs) for label, arguments in commands.items()}
    empty = cold["python -c pass"]
    for label, seconds in cold.items():
        print(f"  {seconds * 1000:7.1f} ms  {seconds / empty:5.2f}x  {label}")
    check = cold[f"python -m clearflow check {relative}"]
    warm = warm_seconds(options.calls)
    print(f"  {warm * 1000:7.2f} ms  per in-process inspect_path call (median of {options.calls})")
    verdict = "within" if check < GOAL_SECONDS else "over"
    print(f"cold check {check * 1000:.0f} ms: {verdict} the {GOAL_SECONDS * 1000:.0f} ms goal")
    return 0 if check < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
