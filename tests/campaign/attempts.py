"""The whole table of the campaign: every attempt, by class, in one list.

:data:`FIXED_ON` names the attempts that fail on this branch and the branch of issue 9
that makes them pass (checked by running the campaign against that branch's code:
``PYTHONPATH=/work/BRANCH/src .venv/bin/python benchmarks/run_campaign.py``). Their
tests are marked ``xfail(strict=True)``; at the merge each entry goes, and an entry
still needed is a finding of the campaign still open.
"""

from __future__ import annotations

import attrs

from campaign import attempts_files, attempts_limits, attempts_loss, attempts_values
from campaign.harness import Attempt

_OS = "fixed on branch wt-os"
_CASEFILE = "fixed on branch wt-casefile"
_STORE = "fixed on branch wt-store"
_OPEN = "open: no branch fixes it yet (reported)"
FIXED_ON = {
    "permissions: new case file in a read-only folder": _OS,
    "permissions: resumed case file in a read-only folder": _OS,
    "permissions: store file read-only (0444), import": _OS,
    "permissions: store file read-only (0444), walk --db": _OS,
    "permissions: export -o into a read-only folder": _OS,
    "permissions: rollover -o into a read-only folder": _OS,
    "permissions: schema -o into a read-only folder": _OS,
    "disk full: walk saving a new case file (files stop at 600 bytes)": _OS,
    "disk full: walk saving a resumed case file (files stop at 600 bytes)": _OS,
    "disk full: rollover -o (files stop at 1024 bytes)": _OS,
    "disk full: schema -o (files stop at 256 bytes)": _OS,
    "disk full: import into a new store (files stop at 4096 bytes)": _OPEN,
    "lone surrogates: workflow label, show": _OS,
    "lone surrogates: workflow label, walk": _OS,
    "lone surrogates: workflow label, diff": _OS,
    "lone surrogates: student name, walk --case": _OS,
    "lone surrogates: student name, walk --db": _OS,
    "lone surrogates: student id, walk --case": _OS,
    "lone surrogates: staff in answers": _OS,
    "lone surrogates: student name in a case file": _CASEFILE,
    "lone surrogates: --staff argument not UTF-8": _OPEN,
    "huge decimals: office list amount 999999999999...": _OS,
    "huge decimals: office list amount 1e999999": _OS,
    "huge decimals: office list amount 100000000000...": _OS,
    "huge decimals: xlsx amount 1e308": _OS,
    "huge decimals: case event count of 5000 digits": _CASEFILE,
    "huge decimals: case event seq 1e999": _CASEFILE,
    "case file values: a step's outcome true (not text)": _OPEN,
    "deep JSON: case file of nested arrays": _CASEFILE,
    "deep JSON: case file of nested objects": _CASEFILE,
    "deep JSON: case file with nested events": _CASEFILE,
    "special files: store is a named pipe": _OPEN,
    "xlsx used range: roster with a blank cell at A1048576": _STORE,
    "xlsx used range: roster with a blank cell at XFD1048576": _STORE,
    "xlsx used range: office list with a blank cell at XFD1048576": _STORE,
    "store kept or refused: import into another program's database": _OPEN,
}
"""Attempts that fail on this branch, by slug, and who fixes them."""

ATTEMPTS: list[Attempt] = [
    attrs.evolve(attempt, fixed_on=FIXED_ON.get(attempt.slug))
    for attempt in (
        attempts_files.ATTEMPTS
        + attempts_values.ATTEMPTS
        + attempts_limits.ATTEMPTS
        + attempts_loss.ATTEMPTS
    )
]
"""Every attempt; slugs are unique (the tests use them as ids)."""
