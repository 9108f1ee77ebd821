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

FIXED_ON: dict[str, str] = {}
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
