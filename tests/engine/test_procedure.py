"""One kind of student's procedure: facts read as typed, and the workflow narrowed to them."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearflow import Workflow, load_workflow, load_workflow_text
from clearflow.engine.procedure import narrow, profile_condition, read_profile
from clearflow.errors import FactError
from clearflow.spec.conditions import ALWAYS, NEVER, All, FactIn, FactValue
from clearflow.words import Words

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
EXAMPLES = ROOT / "examples" / "workflows"

ORDERED = """\
clearflow: 1
id: ordered
title: {en: Ordered}
offices:
  desk: {en: Desk}
facts:
  abroad: {type: bool, default: false, en: Studies abroad}
  year: {type: integer, default: 3, en: Year}
  note: {type: text, default: none, en: Note}
prerequisites:
  - {id: visa, office: desk, when: abroad, en: Visa checked}
  - {id: keys, office: desk, after: [visa], en: Keys returned}
  - {id: senior, office: desk, when: {fact: year, in: [4]}, en: Senior form}
  - {id: noted, office: desk, when: {fact: note, is: x}, en: Noted}
  - {id: either, office: desk, when: {any: [abroad, {not: abroad}]}, en: Always in fact}
stations:
  - {id: hand_in, office: desk, en: Hand in}
"""


@pytest.fixture(scope="module")
def gyvtc() -> Workflow:
    return load_workflow(WORKFLOW)


def test_a_higher_vocational_non_party_member_has_no_party_transfer(gyvtc: Workflow) -> None:
    """The steps that do not apply are left out; those still open stay, as written."""
    profile = read_profile(gyvtc, {"program": "higher_vocational", "party_member": "false"})
    assert profile == {"program": "higher_vocational", "party_member": False}
    narrowed = narrow(gyvtc, profile)
    ids = [step.id for step in narrowed.steps]
    assert "party_transfer" not in ids
    assert ids == [step.id for step in gyvtc.steps if step.id != "party_transfer"]
    assert narrowed.step("league_transfer").when == gyvtc.step("league_transfer").when
    sessions = narrowed.schedule.sessions  # type: ignore[union-attr]
    assert len(sessions) == 7
    assert all(dict(s.who.pairs)["program"] == ("higher_vocational",) for s in sessions)


def test_a_document_that_reads_outcomes_goes_when_no_step_can_give_them(gyvtc: Workflow) -> None:
    """Neither a Party nor a League member: no membership transfer letter."""
    open_ = narrow(gyvtc, read_profile(gyvtc, {"party_member": "no"}))
    assert "membership_transfer_letter" in [d.id for d in open_.documents]
    profile = read_profile(gyvtc, {"party_member": "no", "league_member": "no"})
    documents = [document.id for document in narrow(gyvtc, profile).documents]
    assert "membership_transfer_letter" not in documents
    assert "graduation_certificate" in documents


def test_a_condition_decided_by_the_facts_reads_always() -> None:
    """A Party member does not transfer League membership (all: [league, not: party])."""
    workflow = load_workflow(EXAMPLES / "conditional-steps.yaml")
    narrowed = narrow(workflow, read_profile(workflow, {"party_member": "true"}))
    assert "league_transfer" not in [step.id for step in narrowed.steps]
    assert narrowed.step("party_transfer").when == ALWAYS
    loan = narrowed.step("loan_integrity_session").when
    assert loan == workflow.step("loan_integrity_session").when


def test_required_decided_reads_always_or_never() -> None:
    """A step required only of students with an agreement is voluntary for the others."""
    workflow = load_workflow(EXAMPLES / "optional-steps.yaml")
    without = narrow(workflow, read_profile(workflow, {"employment_agreement": "false"}))
    assert without.step("destination_registered").required == NEVER
    with_ = narrow(workflow, read_profile(workflow, {"employment_agreement": "true"}))
    assert with_.step("destination_registered").required == ALWAYS
    assert [d.id for d in with_.documents] == ["graduation_certificate", "registration_card"]


def test_after_a_step_left_out_is_dropped_and_every_fact_type_decides() -> None:
    """Integer, text and bool facts decide; a condition true either way reads always."""
    workflow = load_workflow_text(ORDERED)
    profile = read_profile(workflow, {"abroad": "no", "year": "4", "note": "y"})
    assert profile == {"abroad": False, "year": 4, "note": "y"}
    narrowed = narrow(workflow, profile)
    assert [step.id for step in narrowed.steps] == ["keys", "senior", "either", "hand_in"]
    assert narrowed.step("keys").after == ()
    assert narrowed.step("senior").when == ALWAYS
    untouched = narrow(workflow, {})
    assert untouched.step("either").when == ALWAYS
    assert untouched.step("noted").when == workflow.step("noted").when
    assert untouched.step("senior").when == workflow.step("senior").when


def test_every_problem_with_the_facts_is_said_at_once(gyvtc: Workflow) -> None:
    """An unknown fact gets a did-you-mean or the list; a bad value the values allowed."""
    given = {"progam": "higher_vocational", "party_member": "maybe", "zz": "1", "campus": "x"}
    with pytest.raises(FactError) as raised:
        read_profile(gyvtc, given)
    assert str(raised.value) == (
        "invalid student facts: unknown fact 'progam' (did you mean 'program'?); "
        "fact 'party_member' cannot be 'maybe' (expected true, yes, false, no); "
        "unknown fact 'zz' (known facts: campus, credits_complete, department, "
        "employment_agreement, household_moving, league_member, party_member, program); "
        "fact 'campus' cannot be 'x' (expected main, ergezhai, other_sites)"
    )
    assert raised.value.text("zh").startswith(
        "学生信息有误：未知的信息项 'progam'（是否想写 'program'？）；"
    )


def test_an_integer_fact_needs_digits() -> None:
    """An integer fact given as words is refused."""
    with pytest.raises(FactError, match=r"fact 'year' cannot be 'four' \(expected integer\)"):
        read_profile(load_workflow_text(ORDERED), {"year": "four"})


def test_the_profile_reads_as_a_condition(gyvtc: Workflow) -> None:
    """The header of a narrowed view names the students in words, in either language."""
    profile: dict[str, FactValue] = {"program": "higher_vocational", "party_member": False}
    condition = profile_condition(profile)
    assert condition == All(
        (
            FactIn("program", frozenset({"higher_vocational"})),
            FactIn("party_member", frozenset({False})),
        )
    )
    assert Words(gyvtc, "en").condition(condition) == (
        "Program is Higher vocational and not: Party member (incl. probationary)"
    )
    assert Words(gyvtc, "zh").condition(profile_condition({"program": "higher_vocational"})) == (
        "层次 为 高职"
    )
