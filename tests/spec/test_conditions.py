"""The condition language of ``when:``: parsing, type checks, evaluation and what it reads."""

from __future__ import annotations

import pytest

from clearflow import inspect_text, load_workflow_text
from clearflow.spec.conditions import (
    ALWAYS,
    NEVER,
    All,
    Any,
    Condition,
    Constant,
    FactIn,
    FactValue,
    Not,
    OutcomeIn,
    facts_read,
    steps_read,
)

WORKFLOW = """\
clearflow: 1
id: conditions
title: Conditions
offices:
  party_branch: Party branch
  finance: Finance Office
facts:
  party_member: {type: bool, en: Party member}
  league_member: {type: bool, en: League member}
  program: {type: choice, en: Program, values: [higher_vocational, secondary_vocational]}
  credits: {type: integer, en: Credits}
  city: {type: text, en: City}
prerequisites:
  - id: party_transfer
    office: party_branch
    en: Party transfer
    outcomes: {transferred: Transferred, held_by_branch: Held by the branch}
  - {id: fees_paid, office: finance, en: Fees paid}
documents:
  - id: letter
    en: Letter
    when: WHEN
"""
WHEN_LINE = 22
WHEN_COLUMN = 11


def parse_condition(when: str) -> Condition:
    """The condition a one-line ``when:`` reads as, in a workflow that otherwise loads."""
    workflow = load_workflow_text(WORKFLOW.replace("WHEN", when))
    return workflow.document("letter").when


def errors(when: str) -> list[str]:
    """The error messages a one-line ``when:`` gives."""
    workflow, issues = inspect_text(WORKFLOW.replace("WHEN", when), "w.yaml")
    assert workflow is None
    return [str(issue) for issue in issues if issue.is_error]


# -- parsing --------------------------------------------------------------------


def test_bare_bool_fact() -> None:
    """A bare fact name tests that the bool fact is true."""
    assert parse_condition("party_member") == FactIn("party_member", frozenset({True}))


@pytest.mark.parametrize(("when", "expected"), [("true", ALWAYS), ("false", NEVER)])
def test_constants(when: str, expected: Constant) -> None:
    """Unquoted `true` and `false` are the constant conditions."""
    assert parse_condition(when) == expected


def test_not() -> None:
    """`{not: C}` negates a condition."""
    assert parse_condition("{not: party_member}") == Not(FactIn("party_member", frozenset({True})))


def test_all_and_any() -> None:
    """`{all: [...]}` and `{any: [...]}` combine conditions, and nest."""
    assert parse_condition("{all: [party_member, {any: [league_member, false]}]}") == All(
        (
            FactIn("party_member", frozenset({True})),
            Any((FactIn("league_member", frozenset({True})), NEVER)),
        )
    )


def test_fact_is() -> None:
    """`{fact: F, is: v}` tests one value, read with the fact's type."""
    assert parse_condition("{fact: program, is: higher_vocational}") == FactIn(
        "program", frozenset({"higher_vocational"})
    )
    assert parse_condition("{fact: party_member, is: false}") == FactIn(
        "party_member", frozenset({False})
    )
    assert parse_condition("{fact: credits, is: 120}") == FactIn("credits", frozenset({120}))
    assert parse_condition("{fact: city, is: no}") == FactIn("city", frozenset({"no"}))


def test_fact_in() -> None:
    """`{fact: F, in: [...]}` tests a list of values."""
    assert parse_condition(
        "{fact: program, in: [higher_vocational, secondary_vocational]}"
    ) == FactIn("program", frozenset({"higher_vocational", "secondary_vocational"}))


def test_step_outcome() -> None:
    """`{step: S, outcome: O}` tests a step's outcome; a list of outcomes is allowed."""
    assert parse_condition("{step: party_transfer, outcome: transferred}") == OutcomeIn(
        "party_transfer", frozenset({"transferred"})
    )
    assert parse_condition(
        "{step: party_transfer, outcome: [transferred, held_by_branch]}"
    ) == OutcomeIn("party_transfer", frozenset({"transferred", "held_by_branch"}))


def test_step_without_outcomes_has_cleared() -> None:
    """A step that declares no outcomes has the one outcome `cleared`."""
    assert parse_condition("{step: fees_paid, outcome: cleared}") == OutcomeIn(
        "fees_paid", frozenset({"cleared"})
    )


# -- evaluation -----------------------------------------------------------------

PARTY = FactIn("party_member", frozenset({True}))
LEAGUE = FactIn("league_member", frozenset({True}))
HIGHER = FactIn("program", frozenset({"higher_vocational"}))
TRANSFERRED = OutcomeIn("party_transfer", frozenset({"transferred"}))


@pytest.mark.parametrize(
    ("condition", "facts", "expected"),
    [
        (ALWAYS, {}, True),
        (NEVER, {}, False),
        (PARTY, {"party_member": True}, True),
        (PARTY, {"party_member": False}, False),
        (PARTY, {}, False),
        (Not(PARTY), {"party_member": False}, True),
        (Not(PARTY), {"party_member": True}, False),
        (All((PARTY, LEAGUE)), {"party_member": True, "league_member": True}, True),
        (All((PARTY, LEAGUE)), {"party_member": True, "league_member": False}, False),
        (Any((PARTY, LEAGUE)), {"party_member": False, "league_member": True}, True),
        (Any((PARTY, LEAGUE)), {"party_member": False, "league_member": False}, False),
        (All(()), {}, True),
        (Any(()), {}, False),
        (HIGHER, {"program": "higher_vocational"}, True),
        (HIGHER, {"program": "secondary_vocational"}, False),
        (FactIn("credits", frozenset({120})), {"credits": 120}, True),
        (FactIn("credits", frozenset({120})), {"credits": 119}, False),
    ],
)
def test_evaluate_on_facts(
    condition: Condition, facts: dict[str, FactValue], expected: bool
) -> None:
    """Conditions evaluate on a student's facts; a missing fact never matches."""
    assert condition.evaluate(facts, {}) is expected


def test_evaluate_outcome() -> None:
    """An outcome test is true only once the step has that outcome."""
    assert TRANSFERRED.evaluate({}, {"party_transfer": "transferred"})
    assert not TRANSFERRED.evaluate({}, {"party_transfer": "held_by_branch"})
    assert not TRANSFERRED.evaluate({}, {})


def test_loaded_condition_evaluates() -> None:
    """A condition read from YAML evaluates as written."""
    condition = parse_condition(
        "{any: [{all: [party_member, {not: league_member}]},"
        " {fact: program, is: higher_vocational}]}"
    )
    assert condition.evaluate({"party_member": True, "league_member": False}, {})
    assert not condition.evaluate({"party_member": True, "league_member": True}, {})
    assert condition.evaluate({"program": "higher_vocational"}, {})


# -- what a condition reads -----------------------------------------------------


def test_facts_read() -> None:
    """facts_read lists every fact under every operator, and no step."""
    condition = All((Not(PARTY), Any((HIGHER, TRANSFERRED, ALWAYS))))
    assert facts_read(condition) == {"party_member", "program"}
    assert facts_read(ALWAYS) == frozenset()


def test_steps_read() -> None:
    """steps_read lists every step whose outcome is tested, and no fact."""
    condition = Any((PARTY, Not(All((TRANSFERRED, OutcomeIn("fees_paid", frozenset({"x"})))))))
    assert steps_read(condition) == {"party_transfer", "fees_paid"}
    assert steps_read(PARTY) == frozenset()


# -- type errors ----------------------------------------------------------------


def test_choice_fact_used_bare() -> None:
    """A choice fact on its own is not a condition (CF208)."""
    assert errors("program") == [
        f"w.yaml:{WHEN_LINE}:{WHEN_COLUMN}: documents[0].when: fact 'program' is a choice, "
        "not a bool (write {fact: program, in: [...]}) [CF208]"
    ]


def test_integer_fact_used_bare() -> None:
    """An integer fact on its own is not a condition either (CF208)."""
    assert errors("credits") == [
        f"w.yaml:{WHEN_LINE}:{WHEN_COLUMN}: documents[0].when: fact 'credits' is an integer, "
        "not a bool (write {fact: credits, in: [...]}) [CF208]"
    ]


def test_undeclared_value() -> None:
    """A value the choice fact does not declare is refused with a suggestion (CF205)."""
    assert errors("{fact: program, in: [higher_vocational, secondary]}") == [
        f"w.yaml:{WHEN_LINE}:51: documents[0].when.in: fact 'program' has no value "
        "'secondary' (did you mean 'secondary_vocational'?) [CF205]"
    ]


def test_bool_fact_is_maybe() -> None:
    """A bool fact tested against anything but true or false is refused (CF104)."""
    assert errors("{fact: party_member, is: maybe}") == [
        f"w.yaml:{WHEN_LINE}:36: documents[0].when.is: expected true or false, "
        "found 'maybe' (write 'true' or 'false') [CF104]"
    ]


def test_bool_fact_is_no() -> None:
    """`is: no` on a bool fact is refused, never read as false (CF104)."""
    assert errors("{fact: party_member, is: no}") == [
        f"w.yaml:{WHEN_LINE}:36: documents[0].when.is: expected true or false, "
        "found 'no' (write 'true' or 'false') [CF104]"
    ]


def test_integer_fact_with_text() -> None:
    """An integer fact tested against text is refused (CF104)."""
    assert errors("{fact: credits, is: many}") == [
        f"w.yaml:{WHEN_LINE}:31: documents[0].when.is: expected a whole number of at least 0, "
        "found 'many' (write digits only, e.g. '474') [CF104]"
    ]


def test_unknown_fact() -> None:
    """A fact that is not declared is refused with a suggestion (CF202)."""
    assert errors("{not: party_membr}") == [
        f"w.yaml:{WHEN_LINE}:17: documents[0].when.not: unknown fact 'party_membr' "
        "(did you mean 'party_member'?) [CF202]"
    ]


def test_unknown_outcome() -> None:
    """An outcome the step does not declare is refused with a suggestion (CF205)."""
    assert errors("{step: party_transfer, outcome: transfered}") == [
        f"w.yaml:{WHEN_LINE}:43: documents[0].when.outcome: step 'party_transfer' has no "
        "outcome 'transfered' (did you mean 'transferred'?) [CF205]"
    ]


def test_quoted_true_is_not_the_constant() -> None:
    """A quoted 'true' is not the constant, and is refused rather than read as a fact (CF104)."""
    assert errors("'true'") == [
        f"w.yaml:{WHEN_LINE}:{WHEN_COLUMN}: documents[0].when: expected a condition, found 'true' "
        "(write true or false, lowercase and unquoted; yes/no/on/off are not booleans) [CF104]"
    ]


def test_yes_is_not_a_condition() -> None:
    """`when: yes` is refused rather than read as true (CF104)."""
    assert errors("yes") == [
        f"w.yaml:{WHEN_LINE}:{WHEN_COLUMN}: documents[0].when: expected a condition, found 'yes' "
        "(write true or false, lowercase and unquoted; yes/no/on/off are not booleans) [CF104]"
    ]


def test_every_error_in_a_condition_is_reported() -> None:
    """Errors in several branches of one condition are all reported."""
    assert [
        line.rsplit(" ", 1)[-1] for line in errors("{all: [program, {fact: program, is: x}]}")
    ] == [
        "[CF208]",
        "[CF205]",
    ]
