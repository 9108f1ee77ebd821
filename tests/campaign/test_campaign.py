"""Every attempt of the campaign is a clear error or a success, and changes nothing else.

One test per attempt of :data:`campaign.attempts.ATTEMPTS` (its id: class and what it
tries). An attempt that fails today because another branch of issue 9 fixes it is marked
``xfail(strict=True)`` with that branch (``campaign.attempts.FIXED_ON``): it turns into
an error the day it passes, so the mark is removed at the merge.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from campaign.attempts import ATTEMPTS, FIXED_ON
from campaign.harness import Attempt, Campaign, in_subprocess
from fuzz.harness import CLEAR_ERROR, SUCCESS


@pytest.fixture(scope="module")
def campaign() -> Iterator[Campaign]:
    """The campaign, its subprocess attempts already running in the background."""
    running = Campaign(ATTEMPTS)
    yield running
    running.close()


def _param(attempt: Attempt) -> object:
    marks = []
    if attempt.fixed_on is not None:
        marks.append(pytest.mark.xfail(strict=True, reason=f"issue 9: {attempt.fixed_on}"))
    return pytest.param(attempt, id=attempt.slug, marks=marks)


def _order(attempt: Attempt) -> int:
    """In-process attempts first (the subprocess ones run meanwhile), then the subprocess
    ones, then those with a file size limit (they wait for every subprocess to end)."""
    if attempt.file_limit is not None:
        return 2
    return 1 if in_subprocess(attempt) else 0


@pytest.mark.parametrize("attempt", [_param(attempt) for attempt in sorted(ATTEMPTS, key=_order)])
def test_attempt_is_a_clear_error_or_a_success(campaign: Campaign, attempt: Attempt) -> None:
    """The attempt ends in a clear error (nothing changed) or a success (only its outputs
    changed, and what it verifies holds): no internal error, no hang, no data changed."""
    record = campaign.record(attempt)
    assert record.outcome in (CLEAR_ERROR, SUCCESS), f"{record.outcome}: {record.message}"


def test_the_campaign_covers_every_class_of_issue_9() -> None:
    """Every class of issue 9 item 2 and item 1's cases are in the table, 150 attempts or more."""
    kinds = {attempt.kind for attempt in ATTEMPTS}
    assert kinds >= {
        "special files",
        "oversize",
        "permissions",
        "disk full",
        "lone surrogates",
        "huge decimals",
        "deep JSON",
        "database limits",
        "concurrent import",
        "xlsx used range",
        "big roster",
        "output over an input",
        "store kept or refused",
        "ids, sheets, links",
    }
    assert len(ATTEMPTS) >= 150
    assert len({attempt.slug for attempt in ATTEMPTS}) == len(ATTEMPTS)


def test_every_attempt_marked_as_fixed_elsewhere_is_in_the_table() -> None:
    """No entry of FIXED_ON names an attempt the table no longer has (a renamed one)."""
    assert set(FIXED_ON) <= {attempt.slug for attempt in ATTEMPTS}
