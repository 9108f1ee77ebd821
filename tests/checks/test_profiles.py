"""The profile space: domains, step constraints, exhaustive search with pruning, counting."""

from __future__ import annotations

import pytest

from clearflow import load_workflow_text
from clearflow.checks._profiles import NOT_CLEARED, OTHER, ProfileSpace
from clearflow.checks._substitution import assign, negation_normal, simplify
from clearflow.errors import SpaceTooLargeError
from clearflow.spec._model import Workflow
from clearflow.spec.conditions import ALWAYS, NEVER, All, Any, FactIn, Not, OutcomeIn

WORKFLOW = """\
clearflow: 1
id: space
title: Space
offices:
  finance: Finance Office
  party: Party branch
facts:
  member: {type: bool, en: Party member}
  program: {type: choice, en: Program, values: [bachelor, associate]}
  credits: {type: integer, en: Credits}
  employer: {type: text, en: Employer}
prerequisites:
  - id: transfer
    office: party
    when: member
    en: Membership transferred
    outcomes: {moved: Moved, held: Held by the branch}
  - {id: fees_paid, office: finance, en: Fees paid, required: {fact: credits, in: [120, 150]}}
documents:
  - {id: letter, when: {step: transfer, outcome: moved}, en: Transfer letter}
  - {id: offer, when: {fact: employer, is: acme}, en: Offer copy}
  - {id: degree, when: {fact: program, is: bachelor}, en: Degree}
"""


def space() -> ProfileSpace:
    """The profile space of the small workflow above."""
    workflow: Workflow = load_workflow_text(WORKFLOW)
    return ProfileSpace(workflow)


def test_domains_follow_the_fact_types_and_the_values_named() -> None:
    """Bool: true, false; choice: its values; integer and text: the values named, then other."""
    found = space()
    assert found.domain(("fact", "member")) == (True, False)
    assert found.domain(("fact", "program")) == ("bachelor", "associate")
    assert found.domain(("fact", "credits")) == (120, 150, OTHER)
    assert found.domain(("fact", "employer")) == ("acme", OTHER)


def test_a_step_takes_each_outcome_or_none() -> None:
    """A step's variable is one of its outcomes, or not cleared."""
    assert space().domain(("step", "transfer")) == ("moved", "held", NOT_CLEARED)
    assert space().domain(("step", "fees_paid")) == ("cleared", NOT_CLEARED)


def test_an_outcome_needs_the_step_to_apply() -> None:
    """A student who is not a member cannot have the transfer cleared as 'moved'."""
    found = space()
    moved_non_member = All(
        (OutcomeIn("transfer", frozenset({"moved"})), Not(FactIn("member", frozenset({True}))))
    )
    assert found.satisfy(moved_non_member) is None


def test_no_outcome_needs_the_step_not_to_apply_or_to_be_voluntary() -> None:
    """A required step that applies has an outcome; a voluntary one may have none."""
    found = space()
    member_without = All(
        (
            FactIn("member", frozenset({True})),
            Not(OutcomeIn("transfer", frozenset({"moved", "held"}))),
        )
    )
    assert found.satisfy(member_without) is None
    skipped = Not(OutcomeIn("fees_paid", frozenset({"cleared"})))
    assert found.satisfy(skipped) == {
        ("fact", "credits"): OTHER,
        ("step", "fees_paid"): NOT_CLEARED,
    }


def test_satisfy_returns_only_the_deciding_variables() -> None:
    """A profile names only what decides the answer, with the step's facts it needs."""
    letter = OutcomeIn("transfer", frozenset({"moved"}))
    profile = space().satisfy(letter)
    assert profile == {("fact", "member"): True, ("step", "transfer"): "moved"}
    assert space().words(profile) == "member=true, transfer=moved"


def test_words_mark_values_no_condition_names() -> None:
    """Other values and missing outcomes are written in parentheses."""
    words = space().words({("fact", "employer"): OTHER, ("step", "transfer"): NOT_CLEARED})
    assert words == "employer=(other), transfer=(not cleared)"


def test_count_multiplies_independent_parts() -> None:
    """Member x transfer gives 3 consistent profiles (moved, held, or not a member)."""
    found = space()
    assert found.count([], [("fact", "member"), ("step", "transfer")]) == 3
    assert found.count([], [("fact", "program"), ("fact", "employer")]) == 4


def test_a_question_over_the_cap_is_refused() -> None:
    """Parts that share facts are explored together; over the cap, the size is reported."""
    small = ProfileSpace(load_workflow_text(WORKFLOW), cap=4)
    member = FactIn("member", frozenset({True}))
    bachelor = FactIn("program", frozenset({"bachelor"}))
    credits = FactIn("credits", frozenset({120}))
    chained = All((Any((member, bachelor)), Any((Not(member), credits))))
    with pytest.raises(SpaceTooLargeError) as caught:
        small.satisfy(chained)
    assert (caught.value.size, caught.value.variables) == (12, 3)
    assert ProfileSpace(load_workflow_text(WORKFLOW)).satisfy(chained) == {
        ("fact", "member"): True,
        ("fact", "credits"): 120,
    }


def test_independent_conjuncts_are_explored_apart() -> None:
    """A conjunction of parts that share no fact is within the cap part by part."""
    small = ProfileSpace(load_workflow_text(WORKFLOW), cap=3)
    question = All(
        (
            FactIn("member", frozenset({True})),
            FactIn("program", frozenset({"associate"})),
            FactIn("credits", frozenset({150})),
        )
    )
    assert small.satisfy(question) == {
        ("fact", "member"): True,
        ("fact", "program"): "associate",
        ("fact", "credits"): 150,
    }


def test_negation_is_pushed_down_to_single_tests() -> None:
    """not all becomes any of nots; double negation disappears."""
    a, b = FactIn("member", frozenset({True})), FactIn("program", frozenset({"bachelor"}))
    assert negation_normal(Not(All((a, Not(b))))) == Any((Not(a), b))
    assert negation_normal(Not(Any((a, ALWAYS)))) == All((Not(a), NEVER))


def test_assign_folds_decided_parts() -> None:
    """Giving a fact a value removes the tests it decides."""
    a, b = FactIn("member", frozenset({True})), FactIn("program", frozenset({"bachelor"}))
    assert assign(All((a, b)), ("fact", "member"), True) == b
    assert assign(All((a, b)), ("fact", "member"), False) == NEVER
    assert assign(Any((a, b)), ("fact", "member"), True) == ALWAYS
    assert simplify(All(())) == ALWAYS
