"""The declarative condition language of ``when:``, ``required:`` and ``who:``.

A condition is data, never code: a bare bool fact (``party_member``), a fact
test (``{fact: program, in: [a, b]}`` or ``{fact: program, is: a}``), a step
outcome test (``{step: party_transfer, outcome: held_by_branch}``), or
``{not: C}``, ``{all: [C, ...]}``, ``{any: [C, ...]}``; ``true``/``false``
are constants. Conditions are parsed and type-checked when a workflow loads
and evaluated here; nothing is ever handed to ``eval`` or to ``transitions``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Final

import attrs

from clearflow._i18n import N_, Lang, translate

FactValue = bool | str | int
"""The value of one fact about a student."""


@attrs.frozen
class Constant:
    """Always true or always false."""

    value: bool

    def evaluate(self, facts: Mapping[str, FactValue], outcomes: Mapping[str, str]) -> bool:
        """The constant."""
        return self.value


@attrs.frozen
class FactIn:
    """True when the student's fact has one of ``values``."""

    fact: str
    values: frozenset[FactValue]

    def evaluate(self, facts: Mapping[str, FactValue], outcomes: Mapping[str, str]) -> bool:
        """Whether the fact's value is one of the listed ones (a missing fact never matches)."""
        return self.fact in facts and facts[self.fact] in self.values


@attrs.frozen
class OutcomeIn:
    """True when a step was cleared with one of ``outcomes``."""

    step: str
    outcomes: frozenset[str]

    def evaluate(self, facts: Mapping[str, FactValue], outcomes: Mapping[str, str]) -> bool:
        """Whether the step's recorded outcome is one of the listed ones."""
        return outcomes.get(self.step) in self.outcomes


@attrs.frozen
class Not:
    """Negation."""

    operand: Condition

    def evaluate(self, facts: Mapping[str, FactValue], outcomes: Mapping[str, str]) -> bool:
        """The operand, negated."""
        return not self.operand.evaluate(facts, outcomes)


@attrs.frozen
class All:
    """Conjunction; true when empty."""

    operands: tuple[Condition, ...]

    def evaluate(self, facts: Mapping[str, FactValue], outcomes: Mapping[str, str]) -> bool:
        """Whether every operand holds."""
        return all(operand.evaluate(facts, outcomes) for operand in self.operands)


@attrs.frozen
class Any:
    """Disjunction; false when empty."""

    operands: tuple[Condition, ...]

    def evaluate(self, facts: Mapping[str, FactValue], outcomes: Mapping[str, str]) -> bool:
        """Whether at least one operand holds."""
        return any(operand.evaluate(facts, outcomes) for operand in self.operands)


Condition = Constant | FactIn | OutcomeIn | Not | All | Any

ALWAYS = Constant(True)
NEVER = Constant(False)

EVERYONE: Final = N_("everyone")
"""The words for :data:`ALWAYS` (and for a ``who:`` that selects every student)."""
NO_ONE: Final = N_("no one")
"""The words for :data:`NEVER`."""
NOT: Final = N_("not: {condition}")
AND: Final = N_("{left} and {right}")
OR: Final = N_("{left} or {right}")
FACT_IS: Final = N_("{fact} is {values}")
GROUPED: Final = N_("({condition})")


def facts_read(condition: Condition) -> frozenset[str]:
    """Every fact a condition reads, for pruning and reference checks."""
    match condition:
        case FactIn(fact=fact):
            return frozenset({fact})
        case Not(operand=operand):
            return facts_read(operand)
        case All(operands=operands) | Any(operands=operands):
            return frozenset().union(*(facts_read(item) for item in operands))
        case _:
            return frozenset()


def steps_read(condition: Condition) -> frozenset[str]:
    """Every step whose outcome a condition reads."""
    match condition:
        case OutcomeIn(step=step):
            return frozenset({step})
        case Not(operand=operand):
            return steps_read(operand)
        case All(operands=operands) | Any(operands=operands):
            return frozenset().union(*(steps_read(item) for item in operands))
        case _:
            return frozenset()


def describe(
    condition: Condition,
    fact_label: Callable[[str], str],
    value_label: Callable[[str, FactValue], str],
    outcome_label: Callable[[str, str], str],
    lang: Lang,
) -> str:
    """A condition in plain words in ``lang``, with labels looked up by the callers.

    The connectives are catalogue messages: ``Party member and not: Graduates on time`` reads
    ``党员 且 不满足：能按时毕业`` in Chinese; a list of values or outcomes is joined with
    ``or`` (``或``), a nested ``all``/``any`` of several parts is put in brackets.
    """

    def text(node: Condition, nested: bool) -> str:
        match node:
            case Constant(value=value):
                return translate(EVERYONE if value else NO_ONE, lang)
            case FactIn(fact=fact, values=values) if values == frozenset({True}):
                return fact_label(fact)
            case FactIn(fact=fact, values=values) if values == frozenset({False}):
                return translate(NOT, lang, condition=fact_label(fact))
            case FactIn(fact=fact, values=values):
                shown = joined(OR, sorted(value_label(fact, value) for value in values), lang)
                return translate(FACT_IS, lang, fact=fact_label(fact), values=shown)
            case OutcomeIn(step=step, outcomes=outcomes):
                return joined(OR, sorted(outcome_label(step, o) for o in outcomes), lang)
            case Not(operand=operand):
                return translate(NOT, lang, condition=text(operand, True))
            case All(operands=operands) | Any(operands=operands):
                joiner = AND if isinstance(node, All) else OR
                inner = joined(joiner, [text(item, True) for item in operands], lang)
                return (
                    translate(GROUPED, lang, condition=inner)
                    if nested and len(operands) > 1
                    else inner
                )
        raise AssertionError(node)  # pragma: no cover

    return text(condition, False)


def joined(template: str, items: Sequence[str], lang: Lang) -> str:
    """``items`` joined two at a time by a ``{left} … {right}`` message: :data:`AND`, :data:`OR`."""
    if not items:
        return ""
    shown = items[0]
    for item in items[1:]:
        shown = translate(template, lang, left=shown, right=item)
    return shown
