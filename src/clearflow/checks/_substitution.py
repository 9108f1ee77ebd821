"""Rewriting conditions for search: the variables they read, values given to them, and
``not`` pushed down so that alternatives can be explored apart.

A variable is a fact (``("fact", id)``) or a step's outcome (``("step", id)``); giving it a
value and folding what that decides is how :mod:`clearflow.checks._profiles` prunes its search.
"""

from __future__ import annotations

from collections.abc import Iterator

from clearflow.spec.conditions import (
    ALWAYS,
    NEVER,
    All,
    Any,
    Condition,
    Constant,
    FactIn,
    Not,
    OutcomeIn,
)

Key = tuple[str, str]
"""A variable: ``("fact", id)`` or ``("step", id)``."""
Profile = dict[Key, object]
"""Values of some variables; the others may take any value."""


def keys(condition: Condition) -> Iterator[Key]:
    """The variables a condition reads, in the order written (with repeats)."""
    match condition:
        case FactIn(fact=fact):
            yield ("fact", fact)
        case OutcomeIn(step=step):
            yield ("step", step)
        case Not(operand=operand):
            yield from keys(operand)
        case All(operands=operands) | Any(operands=operands):
            for operand in operands:
                yield from keys(operand)


def assign(condition: Condition, key: Key, value: object) -> Condition:
    """The condition with one variable given a value, simplified."""
    match condition:
        case FactIn(fact=fact, values=values) if key == ("fact", fact):
            return ALWAYS if value in values else NEVER
        case OutcomeIn(step=step, outcomes=outcomes) if key == ("step", step):
            return ALWAYS if value in outcomes else NEVER
        case Not(operand=operand):
            inner = assign(operand, key, value)
            if isinstance(inner, Constant):
                return NEVER if inner.value else ALWAYS
            return condition if inner is operand else Not(inner)
        case All(operands=operands) | Any(operands=operands):
            stop = NEVER if isinstance(condition, All) else ALWAYS
            kept: list[Condition] = []
            for operand in operands:
                inner = assign(operand, key, value)
                if inner == stop:
                    return stop
                if not isinstance(inner, Constant):
                    kept.append(inner)
            if not kept:
                return ALWAYS if isinstance(condition, All) else NEVER
            if len(kept) == 1:
                return kept[0]
            return All(tuple(kept)) if isinstance(condition, All) else Any(tuple(kept))
    return condition


def negation_normal(condition: Condition) -> Condition:
    """The same condition with ``not`` pushed down to single tests, so that ``not all``
    becomes ``any`` of alternatives that can be explored apart."""
    match condition:
        case Not(operand=Not(operand=inner)):
            return negation_normal(inner)
        case Not(operand=All(operands=operands)):
            return Any(tuple(negation_normal(Not(operand)) for operand in operands))
        case Not(operand=Any(operands=operands)):
            return All(tuple(negation_normal(Not(operand)) for operand in operands))
        case Not(operand=Constant(value=value)):
            return Constant(not value)
        case All(operands=operands):
            return All(tuple(negation_normal(operand) for operand in operands))
        case Any(operands=operands):
            return Any(tuple(negation_normal(operand) for operand in operands))
    return condition


def alternatives(condition: Condition) -> Iterator[Condition]:
    """The parts of a disjunction (nested ``any`` flattened); the condition itself otherwise."""
    if isinstance(condition, Any):
        for operand in condition.operands:
            yield from alternatives(operand)
    else:
        yield condition


def simplify(condition: Condition) -> Condition:
    """The condition with constant parts folded (``all`` of nothing is ``true``)."""
    return assign(condition, ("", ""), None)


def assign_all(condition: Condition, profile: Profile) -> Condition:
    """The condition with every variable of a profile given its value."""
    for key, value in profile.items():
        condition = assign(condition, key, value)
    return condition


def conjuncts(condition: Condition) -> Iterator[Condition]:
    """The parts of a conjunction (nested ``all`` flattened); the condition itself otherwise."""
    if isinstance(condition, All):
        for operand in condition.operands:
            yield from conjuncts(operand)
    elif condition != ALWAYS:
        yield condition
