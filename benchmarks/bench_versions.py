"""Run a benchmark on an older commit and on the working tree, side by side, in one run.

Run on demand from the repository root, for example::

    .venv/bin/python benchmarks/bench_versions.py --old e95ba21 --rounds 3 -- \\
        bench_engine.py --students 20000

The older commit is exported (``git archive``) into a scratch folder; then the benchmark
runs alternately there and here, ``--rounds`` times each, with the same interpreter, each
tree's ``src/`` first on ``PYTHONPATH`` (an editable install of either tree is shadowed).
Each tree runs its own copy of the benchmark, so that a benchmark that imports private
module paths still runs on a commit from before they moved. Every line of a benchmark's
output that is a label followed by numbers (``clearflow  7.11  10.47 ...``), or a time
followed by its label (``368.0 ms  25.63x  python -m clearflow check``), becomes a row; the
best (lowest) value per column over the rounds is kept, and the table gives old, new and
new/old. Lower is better for times; for rates (``/s``) the ratio is shown the same way, so
read it with the column's unit in mind.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_NUMBER = re.compile(r"(?<![A-Za-z\d.])-?\d[\d,]*(?:\.\d+)?")
_ROW = re.compile(r"^\s*([A-Za-z][A-Za-z _/=()+-]*?)\s{2,}(.*\d.*)$")
_LEADING = re.compile(r"^\s*(\d[\d.,]*)\s*(?:ms|µs|s)?\s+(?:[\d.]+x\s+)?(\S.*)$")

Rows = dict[str, list[float]]


def export(revision: str, folder: Path) -> None:
    """The tree of ``revision`` (src, benchmarks, workflows, examples) written into ``folder``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "src", "benchmarks", "workflows", "examples"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")


def rows(output: str) -> Rows:
    """Each ``label  n  n ...`` line of a benchmark's output, as label -> numbers."""
    found: Rows = {}
    for line in output.splitlines():
        match = _ROW.match(line)
        if match:
            numbers = [float(n.replace(",", "")) for n in _NUMBER.findall(match.group(2))]
            found.setdefault(match.group(1).strip(), numbers)
        elif leading := _LEADING.match(line):  # ``368.0 ms  25.63x  python -m clearflow check``
            found.setdefault(leading.group(2).strip(), [float(leading.group(1).replace(",", ""))])
    return found


def run(tree: Path, command: Sequence[str]) -> str:
    """One run of the benchmark script in ``tree``; its standard output."""
    env = dict(os.environ, PYTHONPATH=str(tree / "src"))
    script, *arguments = command
    done = subprocess.run(
        [sys.executable, str(tree / "benchmarks" / script), *arguments],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):  # 1: a benchmark missed one of its own goals
        sys.exit(f"{tree}: {script} failed:\n{done.stderr}")
    return done.stdout


def best(runs: list[Rows]) -> Rows:
    """The lowest value per row and column over the runs."""
    merged: Rows = {}
    for found in runs:
        for label, numbers in found.items():
            if label not in merged:
                merged[label] = list(numbers)
            elif len(merged[label]) == len(numbers):
                merged[label] = [min(a, b) for a, b in zip(merged[label], numbers, strict=True)]
    return merged


def table(old: Rows, new: Rows) -> str:
    """Old, new and new/old per row and column."""
    lines = [f"{'row':<40} {'column':>6} {'old':>12} {'new':>12} {'new/old':>8}"]
    for label, numbers in new.items():
        before = old.get(label)
        if before is None or len(before) != len(numbers):
            continue
        for column, (a, b) in enumerate(zip(before, numbers, strict=True), 1):
            ratio = f"{b / a:.2f}" if a else "-"
            lines.append(f"{label[:40]:<40} {column:>6} {a:>12g} {b:>12g} {ratio:>8}")
    return "\n".join(lines)


def main() -> None:
    """Parse the arguments, run both trees alternately, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="the older commit, e.g. e95ba21")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each tree, alternating")
    parser.add_argument("command", nargs="+", help="benchmark script and its arguments")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="clearflow-old-") as scratch:
        old_tree = Path(scratch)
        export(args.old, old_tree)
        old_runs: list[Rows] = []
        new_runs: list[Rows] = []
        for round_number in range(args.rounds):
            order = [(old_tree, old_runs), (ROOT, new_runs)]
            for tree, runs in order if round_number % 2 == 0 else order[::-1]:
                runs.append(rows(run(tree, args.command)))
        print(f"{' '.join(args.command)}: {args.old} vs working tree, best of {args.rounds}")
        print(table(best(old_runs), best(new_runs)))


if __name__ == "__main__":
    main()
