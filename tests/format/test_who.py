"""roster:, an office's scope: and a step's person: as the format reads them, and what the
rules digest makes of them (scope and person decide who acts; roster.due does not)."""

from __future__ import annotations

import datetime as dt

from clearflow.loading import load_workflow_text
from clearflow.spec import RosterRule
from support.roster import WORKFLOW_PATH, workflow

BASE = """\
clearflow: 1
id: w
title: W
offices:
  finance: {en: Finance, SCOPE}
facts:
  school: {type: choice, en: School, values: {business: Business, arts: Arts}}
  supervisor_id: {type: text, en: Supervisor}
prerequisites:
  - {id: fees, office: finance, en: Fees, when: {fact: school, in: [arts]}PERSON}
  - {id: paid, office: finance, en: Paid, when: {fact: supervisor_id, in: [T1]}}
"""


def text(scope: str = "", person: str = "", roster: str = "") -> str:
    body = BASE.replace(", SCOPE", f", scope: {scope}" if scope else "")
    body = body.replace("PERSON", f", person: {person}" if person else "")
    return body + (f"roster: {roster}\n" if roster else "")


def test_the_keys_are_read_into_the_spec() -> None:
    """scope: on the office, person: on the step, roster: with its due date."""
    read = workflow()
    assert read.office("finance").scope == "school"
    assert read.step("thesis_signed").person == "supervisor_id"
    assert read.step("fees_paid").person is None
    assert read.roster == RosterRule(due=dt.date(2021, 5, 20))
    assert WORKFLOW_PATH.exists()


def test_an_empty_roster_mapping_expects_a_roster_without_a_date() -> None:
    """roster: {} says a roster is expected, by no particular day."""
    assert load_workflow_text(text(roster="{}")).roster == RosterRule()


def test_scope_and_person_enter_the_digest_only_when_written() -> None:
    """Without them the digest is what it was; each of them changes it; roster.due does not."""
    plain = load_workflow_text(text()).digest
    assert load_workflow_text(text(roster="{due: 2021-05-20}")).digest == plain
    scoped = load_workflow_text(text(scope="school")).digest
    bound = load_workflow_text(text(person="supervisor_id")).digest
    assert len({plain, scoped, bound}) == 3
