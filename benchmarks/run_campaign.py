"""The campaign of issue 9: every hostile input of tests/campaign, counted by class.

Run on demand (``make fuzz`` runs it, or ``.venv/bin/python benchmarks/run_campaign.py``;
not ``campaign.py``: that name is the tests/campaign package, for mypy and for imports);
pytest never collects it (``tests/campaign/test_campaign.py`` asserts the same attempts).
Prints a table of outcomes by class, then every attempt that was not a clear error or a
success, and writes the counts and every record as JSON (``--json``, default
``campaign.json`` in the working directory). Exits 1 when any attempt was an internal
error, a hang or a data change.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "examples")]

from campaign.attempts import ATTEMPTS  # noqa: E402  (tests/ is on the path only now)
from campaign.harness import Attempt, Campaign, Record  # noqa: E402
from fuzz.harness import CHANGED, CLEAR_ERROR, HANG, INTERNAL, OUTCOMES, SUCCESS  # noqa: E402


def main() -> int:
    """Run every attempt, print the counts by class, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=Path("campaign.json"), help="where to write")
    parser.add_argument("--workers", type=int, default=3, help="subprocess attempts at once")
    arguments = parser.parse_args()
    start = time.perf_counter()
    campaign = Campaign(ATTEMPTS, arguments.workers)
    try:
        records: list[Record] = [_record(campaign, attempt) for attempt in ATTEMPTS]
    finally:
        campaign.close()
    seconds = time.perf_counter() - start
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for record in records:
        counts[record.kind][record.outcome] += 1
    width = max(len(kind) for kind in counts)
    print(f"{'class':<{width}}  " + "  ".join(f"{o:>14}" for o in OUTCOMES) + f"  {'total':>6}")
    for kind, counted in counts.items():
        cells = "  ".join(f"{counted[outcome]:>14}" for outcome in OUTCOMES)
        print(f"{kind:<{width}}  {cells}  {sum(counted.values()):>6}")
    total = collections.Counter(record.outcome for record in records)
    cells = "  ".join(f"{total[outcome]:>14}" for outcome in OUTCOMES)
    print(f"{'all':<{width}}  {cells}  {len(records):>6}   ({seconds:.1f} s)")
    bad = [record for record in records if record.outcome not in (CLEAR_ERROR, SUCCESS)]
    for record in bad:
        fixed = f" [fixed on {record.fixed_on}]" if record.fixed_on else ""
        print(f"- {record.outcome}: {record.kind}: {record.what}{fixed}\n    {record.message}")
    arguments.json.write_text(
        json.dumps(
            {
                "counts": {kind: dict(counted) for kind, counted in counts.items()},
                "total": dict(total),
                "seconds": round(seconds, 1),
                "attempts": [_plain(record) for record in records],
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return 1 if any(total[outcome] for outcome in (INTERNAL, HANG, CHANGED)) else 0


def _record(campaign: Campaign, attempt: Attempt) -> Record:
    """The attempt's record; one whose setup fails (a file layout changed) counts as internal."""
    try:
        return campaign.record(attempt)
    except Exception as error:
        message = f"the attempt itself failed: {type(error).__name__}: {error}"
        return Record(
            kind=attempt.kind,
            what=attempt.what,
            outcome=INTERNAL,
            message=message,
            seconds=0.0,
            fixed_on=attempt.fixed_on,
        )


def _plain(record: Record) -> dict[str, object]:
    return {
        "kind": record.kind,
        "what": record.what,
        "outcome": record.outcome,
        "message": record.message,
        "seconds": record.seconds,
        "fixed_on": record.fixed_on,
    }


if __name__ == "__main__":
    sys.exit(main())
