"""How fast the logic checks explore student profiles, as facts grow.

Run on demand (``.venv/bin/python benchmarks/bench_explore.py``); pytest never collects it.
Each figure is the median of ``--runs`` calls of :func:`clearflow.checks._logic.explore` on a
workflow loaded once: the 2014 workflow, then synthetic ones of bool facts, each fact the
``when:`` of a step, with certificate groups that read the facts together (``20 in one
rule``: one group reads all 20) or apart (``30 in groups of 3``: ten groups of 3).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from clearflow import Workflow, load_workflow, load_workflow_text
from clearflow.checks._logic import explore

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"


def synthetic(facts: int, per_group: int) -> str:
    """A workflow of ``facts`` bool facts; every ``per_group`` of them decide one group."""
    names = [f"f{index:02d}" for index in range(1, facts + 1)]
    lines = [
        "clearflow: 1\nid: synthetic\ntitle: Synthetic\n",
        "offices:\n  finance: Finance Office\n  department: Department\nfacts:\n",
    ]
    lines += [f"  {name}: {{type: bool, en: Fact {name}}}\n" for name in names]
    lines.append("prerequisites:\n")
    lines += [f"  - {{id: s{name}, office: finance, en: Step, when: {name}}}\n" for name in names]
    lines.append("documents:\n")
    for start in range(0, facts, per_group):
        chunk = ", ".join(names[start : start + per_group])
        group = f"g{start // per_group}"
        lines.append(
            f"  - {{id: {group}_full, group: {group}, office: department, en: Full,\n"
            f"     when: {{all: [{chunk}]}}}}\n"
            f"  - {{id: {group}_part, group: {group}, office: department, en: Partial,\n"
            f"     when: {{not: {{all: [{chunk}]}}}}}}\n"
        )
    return "".join(lines)


def median_ms(workflow: Workflow, runs: int) -> float:
    """The median time of one exploration, in milliseconds."""
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        explore(workflow)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    """Print profile counts, search nodes and times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="explorations per workflow")
    options = parser.parse_args()
    cases = {
        "gyvtc-2014": load_workflow(WORKFLOW),
        "20 bool facts in one rule": load_workflow_text(synthetic(20, 20)),
        "20 bool facts in groups of 2": load_workflow_text(synthetic(20, 2)),
        "30 bool facts in groups of 3": load_workflow_text(synthetic(30, 3)),
    }
    print(f"{sys.executable} ({sys.version.split()[0]}), median of {options.runs} runs")
    print(f"  {'workflow':<30} {'profiles':>14} {'parts':>5} {'nodes':>6} {'ms':>8}")
    for label, workflow in cases.items():
        found = explore(workflow)
        assert not found.issues, found.issues
        milliseconds = median_ms(workflow, options.runs)
        print(
            f"  {label:<30} {found.profiles:>14} {found.parts:>5} "
            f"{found.explored:>6} {milliseconds:>8.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
