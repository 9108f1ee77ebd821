"""Four 2014 cases at different points, for tests of snapshots and case files."""

from __future__ import annotations

from collections.abc import Callable

from clearflow.engine import Case
from support import HALL_DAY, at, drive, profile, settle_prerequisites, staff, start


def refused_case() -> Case:
    """A case before the hall with a refusal, a late clearance and a chosen outcome."""
    case = start(profile(party_member=True))
    case.refuse("library_cleared", staff("library", "L03"), "2 books not returned", at=at(7, 2))
    case.clear("party_transfer", staff("party_branch"), outcome="held_by_branch", at=at(7, 3))
    case.clear("dormitory_cleared", staff("dormitory"), note="keys back", at=at(7, 6))
    return case


def hall_case() -> Case:
    """A case in the hall, at its second station, with a waived prerequisite."""
    case = start(profile(league_member=True, household_moving=True))
    case.waive("finance_cleared", staff("finance"), "fee remitted", at=at(7, 8))
    settle_prerequisites(case)
    case.clear("checklist_issued", staff("department"), at=HALL_DAY)
    return case


def released_case() -> Case:
    """A case whose documents were released."""
    case = start(profile(employment_agreement=True, credits_complete=False), name=None)
    drive(case)
    return case


CASES: list[Callable[[], Case]] = [
    lambda: start(profile()),
    refused_case,
    hall_case,
    released_case,
]
CASE_IDS = ["started", "refused", "hall", "released"]
