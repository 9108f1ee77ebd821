"""One kind of student's procedure: the workflow narrowed to some known facts.

``clearflow show --facts program=higher_vocational`` and ``clearflow diagram --steps
--facts ...`` show the procedure as a student with those facts goes through it.
:func:`read_profile` reads the facts as people type them (``party_member=false``) and
checks them against the workflow's declarations; :func:`narrow` gives the workflow with
every condition those facts decide resolved: a step, document or hall session that does
not apply is left out (and so are the ``after:`` references to a step left out), a condition that
holds for every student of the profile reads ``always``, one that holds for none
``never``. A condition that still depends on a fact not given (or on a step's outcome)
stays as written, so that step is still shown as conditional.

Deciding is :meth:`Condition.evaluate <clearflow.spec.conditions.FactIn.evaluate>` run over
every value the open facts and outcomes a condition reads may take (a condition that reads
too many of them to try stays open): there is no second evaluator of conditions.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping

import attrs

from clearflow._hints import known, suggest
from clearflow._i18n import Message
from clearflow.errors import FactError
from clearflow.spec import Fact, FactType, Step, Workflow
from clearflow.spec.conditions import (
    ALWAYS,
    NEVER,
    All,
    Any,
    Condition,
    FactIn,
    FactValue,
    Not,
    facts_read,
    steps_read,
)

TRIED = 4096
"""The most combinations of open facts and outcomes tried to decide one condition."""
TRUE_WORDS = ("true", "yes")
FALSE_WORDS = ("false", "no")
_OTHER_TEXT = "\x00"  # a text value no condition names (a store refuses NUL in values)


def read_profile(workflow: Workflow, given: Mapping[str, str]) -> dict[str, FactValue]:
    """Facts typed as text (``{"program": "higher_vocational"}``) as the workflow's values.

    A bool is ``true``/``yes`` or ``false``/``no``, a choice one of its value ids, an
    integer digits. Every problem at once, as a :class:`~clearflow.errors.FactError`.
    """
    facts = {fact.id: fact for fact in workflow.facts}
    problems: list[Message] = []
    profile: dict[str, FactValue] = {}
    for name, text in given.items():
        fact = facts.get(name)
        if fact is None:
            hint = suggest(name, facts) or known(Message("facts"), facts)
            problems.append(Message("unknown fact '{fact}' ({hint})", fact=name, hint=hint))
            continue
        value = _typed(fact, text.strip())
        if value is None:
            problems.append(
                Message(
                    "fact '{fact}' cannot be {value} (expected {allowed})",
                    fact=name,
                    value=repr(text),
                    allowed=_allowed(fact),
                )
            )
        else:
            profile[name] = value
    if problems:
        shown = problems[-1]
        for problem in reversed(problems[:-1]):
            shown = Message("{first}; {rest}", first=problem, rest=shown)
        raise FactError(Message("invalid student facts: {problems}", problems=shown))
    return profile


def _typed(fact: Fact, text: str) -> FactValue | None:
    match fact.type:
        case FactType.BOOL:
            word = text.lower()
            return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
        case FactType.CHOICE:
            return text if text in {choice.id for choice in fact.values} else None
        case FactType.INTEGER:
            try:
                return int(text)
            except ValueError:
                return None
    return text


def _allowed(fact: Fact) -> str:
    match fact.type:
        case FactType.BOOL:
            return ", ".join(TRUE_WORDS + FALSE_WORDS)
        case FactType.CHOICE:
            return ", ".join(choice.id for choice in fact.values)
    return str(fact.type)


def profile_condition(profile: Mapping[str, FactValue]) -> Condition:
    """The students a profile describes, as a condition (for its words)."""
    parts = tuple(FactIn(name, frozenset({value})) for name, value in profile.items())
    return parts[0] if len(parts) == 1 else All(parts)


def narrow(workflow: Workflow, facts: Mapping[str, FactValue]) -> Workflow:
    """The workflow as a student with ``facts`` (and any value of the others) goes through it:
    the steps, documents and hall sessions that are not for such a student left out."""
    deciding = _Decider(workflow, facts)
    left_out: set[str] = set()
    while True:  # a step left out has no outcome, which may decide another step's when:
        more = {
            step.id
            for step in workflow.steps
            if step.id not in left_out and deciding.decide(step.when, left_out) is False
        }
        if not more:
            break
        left_out |= more

    def kept(steps: tuple[Step, ...]) -> tuple[Step, ...]:
        return tuple(
            attrs.evolve(
                step,
                when=deciding.resolve(step.when, left_out),
                required=deciding.resolve(step.required, left_out),
                after=tuple(name for name in step.after if name not in left_out),
            )
            for step in steps
            if step.id not in left_out
        )

    documents = tuple(
        attrs.evolve(document, when=deciding.resolve(document.when, left_out))
        for document in workflow.documents
        if deciding.decide(document.when, left_out) is not False
    )
    schedule = workflow.schedule
    if schedule is not None:
        sessions = tuple(
            session
            for session in schedule.sessions
            if deciding.decide(session.who.condition, left_out) is not False
        )
        schedule = attrs.evolve(schedule, sessions=sessions)
    return attrs.evolve(
        workflow,
        prerequisites=kept(workflow.prerequisites),
        stations=kept(workflow.stations),
        documents=documents,
        schedule=schedule,
    )


class _Decider:
    """Decides conditions for one profile by trying every value of what it leaves open."""

    def __init__(self, workflow: Workflow, facts: Mapping[str, FactValue]) -> None:
        self.facts = dict(facts)
        self._facts = {fact.id: fact for fact in workflow.facts}
        self._steps = {step.id: step for step in workflow.steps}

    def resolve(self, condition: Condition, left_out: set[str]) -> Condition:
        """``always`` or ``never`` when the profile decides the condition, else the condition."""
        decided = self.decide(condition, left_out)
        return condition if decided is None else ALWAYS if decided else NEVER

    def decide(self, condition: Condition, left_out: set[str]) -> bool | None:
        """Whether the condition holds for every student of the profile (True), for none
        (False), or depends on what the profile leaves open (None)."""
        open_facts = sorted(facts_read(condition) - self.facts.keys())
        steps = sorted(steps_read(condition))
        domains: list[tuple[object, ...]] = [
            self._fact_domain(name, condition) for name in open_facts
        ]
        for name in steps:  # an outcome, or none (None): not cleared, or left out
            step = self._steps.get(name)
            ids = step.outcome_ids if step is not None and name not in left_out else ()
            domains.append((*ids, None))
        if math.prod(len(domain) for domain in domains) > TRIED:
            return None
        seen: set[bool] = set()
        for values in itertools.product(*domains):
            facts = dict(self.facts)
            facts.update(zip(open_facts, values, strict=False))  # type: ignore[arg-type]
            outcomes = {
                name: str(value)
                for name, value in zip(steps, values[len(open_facts) :], strict=True)
                if value is not None
            }
            seen.add(condition.evaluate(facts, outcomes))
            if len(seen) == 2:
                return None
        return seen.pop() if seen else None

    def _fact_domain(self, name: str, condition: Condition) -> tuple[object, ...]:
        fact = self._facts.get(name)
        if fact is None or fact.type is FactType.BOOL:
            return (True, False)
        if fact.type is FactType.CHOICE:
            return tuple(choice.id for choice in fact.values)
        named = sorted(set(_named(condition, name)), key=str)
        if fact.type is FactType.INTEGER:
            numbers = [value for value in named if isinstance(value, int)]
            return (*named, max(numbers, default=0) + 1)
        return (*named, _OTHER_TEXT)


def _named(condition: Condition, fact: str) -> Iterator[FactValue]:
    """The values a condition compares a fact with."""
    match condition:
        case FactIn(fact=name, values=values) if name == fact:
            yield from values
        case Not(operand=operand):
            yield from _named(operand, fact)
        case All(operands=operands) | Any(operands=operands):
            for operand in operands:
                yield from _named(operand, fact)
