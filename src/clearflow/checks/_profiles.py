"""The student profiles that matter to a workflow's conditions, and search over them.

A *profile* gives a value to each fact a condition reads and an outcome to each
step whose outcome it reads. Only those matter: a fact no condition reads
cannot change any answer. Domains are small: a bool fact is true or false, a
choice fact one of its values, an integer or text fact one of the values the
workflow mentions or :data:`OTHER`; a step one of its outcomes or
:data:`NOT_CLEARED` (it does not apply, or was voluntary and skipped).

Search is exhaustive but prunes: a condition is simplified as each variable is
given a value, and a branch ends as soon as the condition is decided, so a
subtree whose answer no longer depends on the facts left is never walked.
Conditions that share no variable are solved apart. A part whose variables
have more than :data:`CAP` combinations is not explored: :class:`SpaceTooLargeError`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from clearflow._i18n import N_, Message
from clearflow.checks._substitution import (
    Key,
    Profile,
    alternatives,
    assign,
    assign_all,
    conjuncts,
    keys,
    negation_normal,
    simplify,
)
from clearflow.errors import SpaceTooLargeError
from clearflow.spec import FactType, Workflow
from clearflow.spec.conditions import ALWAYS, All, Any, Condition, Constant, FactIn, Not, OutcomeIn

CAP = 2**20
"""The most profiles one independent part of a question may have to be explored."""


class _Marker:
    """A value no condition names: its words (a catalogue id) are in parentheses."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


OTHER = _Marker(N_("(other)"))
"""An integer or text fact's value that no condition of the workflow names."""
NOT_CLEARED = _Marker(N_("(not cleared)"))
"""A step without an outcome: it does not apply, or it was voluntary and skipped."""


class ProfileSpace:
    """The profiles of one workflow; answers questions about its conditions.

    ``nodes`` counts the search nodes visited so far, a measure of the work done.
    """

    def __init__(self, workflow: Workflow, cap: int = CAP) -> None:
        self.workflow = workflow
        self.cap = cap
        self.nodes = 0
        self._facts = {fact.id: fact for fact in workflow.facts}
        self._steps = {step.id: step for step in workflow.steps}
        self._named: dict[str, set[object]] = {}
        for condition in _every_condition(workflow):
            _collect_values(condition, self._named)
        self._domains: dict[Key, tuple[object, ...]] = {}
        self._constraints: dict[str, Condition] = {}

    # -- variables ---------------------------------------------------------------

    def domain(self, key: Key) -> tuple[object, ...]:
        """The values a variable takes in profiles."""
        found = self._domains.get(key)
        if found is None:
            found = self._domains[key] = self._domain(key)
        return found

    def _domain(self, key: Key) -> tuple[object, ...]:
        kind, name = key
        if kind == "step":
            step = self._steps[name]
            outcomes = list(step.outcome_ids)
            return (*outcomes, NOT_CLEARED)
        fact = self._facts[name]
        if fact.type is FactType.BOOL:
            return (True, False)
        if fact.type is FactType.CHOICE:
            return tuple(choice.id for choice in fact.values)
        named = sorted(self._named.get(name, set()), key=str)
        return (*named, OTHER)

    def constraint(self, step_id: str) -> Condition:
        """When a step's outcome is possible: an outcome needs the step to apply;
        no outcome needs it not to apply, or to be voluntary.

        A step's own outcome is unknown when its ``when:`` is first read, so a
        ``when:`` that reads it is read with that test false.
        """
        found = self._constraints.get(step_id)
        if found is None:
            step = self._steps[step_id]
            outcomes = self.domain(("step", step_id))[:-1]
            cleared = OutcomeIn(step_id, frozenset(str(outcome) for outcome in outcomes))
            applies = assign(step.when, ("step", step_id), NOT_CLEARED)
            must = All((step.when, step.required))
            found = Any((All((Not(cleared), Not(must))), All((cleared, applies))))
            self._constraints[step_id] = found
        return found

    def closed(self, condition: Condition) -> Condition:
        """The condition with the constraint of every step it reads, transitively."""
        parts = [condition]
        seen: set[str] = set()
        index = 0
        while index < len(parts):
            for kind, name in keys(parts[index]):
                if kind == "step" and name not in seen:
                    seen.add(name)
                    parts.append(self.constraint(name))
            index += 1
        return All(tuple(parts)) if len(parts) > 1 else condition

    def size(self, variables: Iterable[Key]) -> int:
        """How many profiles some variables have."""
        return math.prod(len(self.domain(key)) for key in set(variables))

    # -- questions ---------------------------------------------------------------

    def satisfy(self, condition: Condition) -> Profile | None:
        """A profile (with only the variables that decide it) for which the condition
        holds and every step outcome in it is possible; None when there is none.

        Raises :class:`SpaceTooLargeError` when a part of the question is too large to explore.
        """
        too_many: SpaceTooLargeError | None = None
        for alternative in alternatives(simplify(negation_normal(condition))):
            try:
                found = self._satisfy_all(negation_normal(self.closed(alternative)))
            except SpaceTooLargeError as error:
                too_many = too_many or error
                continue
            if found is not None:
                return found
        if too_many is not None:
            raise too_many
        return None

    def _satisfy_all(self, condition: Condition) -> Profile | None:
        profile: Profile = {}
        parts = self.components(list(conjuncts(condition)))
        for part in parts:
            self._check_size(part)
        for part in parts:
            goal = simplify(All(tuple(part)))
            found = self._solve(goal)
            if found is None:
                return None
            profile.update(_generalise(goal, found))
        return profile

    def count(self, conditions: list[Condition], variables: Iterable[Key]) -> int:
        """How many profiles of ``variables`` satisfy every condition (and their steps').

        Raises :class:`SpaceTooLargeError` when the variables are too many to explore.
        """
        free = frozenset(variables)
        steps = [self.constraint(name) for kind, name in sorted(free) if kind == "step"]
        goal = self.closed(All((*conditions, *steps)))
        free |= frozenset(keys(goal))
        self._check_size([goal], free)
        return self._count(simplify(goal), free)

    def components(self, parts: list[Condition]) -> list[list[Condition]]:
        """Conditions grouped so that no two groups share a variable."""
        groups: list[tuple[set[Key], list[Condition]]] = []
        for part in parts:
            mine = set(keys(part))
            merged = [group for group in groups if group[0] & mine]
            rest = [group for group in groups if not group[0] & mine]
            variables = mine.union(*(group[0] for group in merged))
            members = [item for group in merged for item in group[1]] + [part]
            groups = [*rest, (variables, members)]
        return [members for _, members in groups]

    def _check_size(self, parts: list[Condition], extra: Iterable[Key] = ()) -> None:
        variables = {key for part in parts for key in keys(part)} | set(extra)
        size = self.size(variables)
        if size > self.cap:
            raise SpaceTooLargeError(size, len(variables))

    def _solve(self, condition: Condition) -> Profile | None:
        self.nodes += 1
        if isinstance(condition, Constant):
            return {} if condition.value else None
        key = next(keys(condition))
        for value in self.domain(key):
            found = self._solve(assign(condition, key, value))
            if found is not None:
                found[key] = value
                return found
        return None

    def _count(self, condition: Condition, free: frozenset[Key]) -> int:
        self.nodes += 1
        if isinstance(condition, Constant):
            return self.size(free) if condition.value else 0
        key = next(keys(condition))
        rest = free - {key}
        return sum(self._count(assign(condition, key, value), rest) for value in self.domain(key))

    # -- words -------------------------------------------------------------------

    def words(self, profile: Profile) -> str:
        """A profile in plain words: ``program=higher_vocational, credits_complete=false``."""
        return str(self.said(profile))

    def said(self, profile: Profile) -> Message | str:
        """A profile as a message: ids and values as written, the markers' words
        (:data:`OTHER`, :data:`NOT_CLEARED`) in the reader's language; "" for no variable."""
        order = [("fact", fact.id) for fact in self.workflow.facts]
        order += [("step", step.id) for step in self.workflow.steps]
        shown: Message | str = ""
        for kind, name in order:
            if (kind, name) not in profile:
                continue
            part = _part(name, profile[(kind, name)])
            shown = Message("{profile}, {part}", profile=shown, part=part) if shown else part
        return shown


def _part(name: str, value: object) -> Message | str:
    """``program=higher_vocational``; a marker's words as a message."""
    if isinstance(value, _Marker):
        return Message("{name}={value}", name=name, value=Message(value.text))
    if isinstance(value, bool):
        return f"{name}={'true' if value else 'false'}"
    return f"{name}={value}"


def _generalise(condition: Condition, profile: Profile) -> Profile:
    """The profile without the variables it does not need for the condition to hold."""
    kept = dict(profile)
    for key in reversed(list(profile)):
        trial = {other: value for other, value in kept.items() if other != key}
        if assign_all(condition, trial) == ALWAYS:
            kept = trial
    return kept


def _every_condition(workflow: Workflow) -> Iterator[Condition]:
    for step in workflow.steps:
        yield step.when
        yield step.required
    for document in workflow.documents:
        yield document.when
    selectors = [count.who for count in workflow.cohort.counts]
    for deadline in workflow.deadlines:
        selectors += [rule.who for rule in deadline.dates if rule.who]
    if workflow.schedule is not None:
        selectors += [session.who for session in workflow.schedule.sessions]
        selectors += [place.who for place in workflow.schedule.elsewhere if place.who]
    for office in workflow.offices:
        selectors += [place.who for place in office.places if place.who]
    for selector in selectors:
        yield selector.condition


def _collect_values(condition: Condition, named: dict[str, set[object]]) -> None:
    match condition:
        case FactIn(fact=fact, values=values):
            named.setdefault(fact, set()).update(values)
        case Not(operand=operand):
            _collect_values(operand, named)
        case All(operands=operands) | Any(operands=operands):
            for operand in operands:
                _collect_values(operand, named)
