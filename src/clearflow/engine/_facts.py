"""What a student's facts decide, computed once and shared between cases.

Facts never change after a case starts, so each step's applicability and each
document's fact-only condition are worked out once per distinct profile of
facts (:class:`FactRules`) and shared, with the facts themselves, read-only
(:class:`FrozenFacts`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import NoReturn

import attrs

from clearflow._hints import suggest
from clearflow._i18n import Message
from clearflow.errors import FactError
from clearflow.spec import Document, Fact, FactType
from clearflow.spec.conditions import FactValue

# What the facts alone say of a step, in Engine.rules: it does not apply, it applies but
# is optional, or it applies and holds the student until it is settled.
NOT_APPLICABLE, APPLIES, HOLDS = 0, 1, 2
CACHED = 4096
"""At most this many entries in each of an engine's caches (fact profiles, rules)."""
MISSING = object()
"""Stands for a fact a student does not have, in the key of a profile."""
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def facts_text(facts: Mapping[str, FactValue]) -> str:
    """A student's facts as canonical JSON (sorted keys, no spaces): equal facts, equal text.

    What a store keeps in its ``facts`` column and what tells cases alike apart."""
    return _CANONICAL(dict(facts))


class FrozenFacts(dict[str, FactValue]):
    """A student's facts, read-only: a case's facts never change after it starts.

    Cases with the same facts share one of these (see :meth:`Engine.profile`);
    changing it raises TypeError. ``dict(facts)`` gives a plain, writable copy.
    """

    __slots__ = ()

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("a case's facts are read-only")

    __setitem__ = __delitem__ = __ior__ = _read_only
    clear = pop = popitem = setdefault = update = _read_only

    def __reduce__(self) -> tuple[type[FrozenFacts], tuple[dict[str, FactValue]]]:
        return (type(self), (dict(self),))

    def __copy__(self) -> FrozenFacts:
        return self

    def __deepcopy__(self, memo: object) -> FrozenFacts:
        return self


@attrs.frozen(slots=True)
class FactRules:
    """What a student's facts alone decide; shared by cases whose conditions read the same.

    ``steps`` gives NOT_APPLICABLE, APPLIES or HOLDS for each step whose ``when`` and
    ``required`` read no outcomes (the others are left out); ``holding`` and
    ``holding_prerequisites`` are the ids of those that hold, in workflow order;
    ``documents`` pairs every document with whether it is given, or None when its
    ``when`` reads outcomes.
    """

    steps: Mapping[str, int]
    holding: tuple[str, ...]
    holding_prerequisites: tuple[str, ...]
    documents: tuple[tuple[Document, bool | None], ...]


def fact_test(fact: Fact) -> Callable[[object], bool]:
    """The test of whether a value fits a fact's type (one of its choices, for a choice)."""
    match fact.type:
        case FactType.BOOL:
            return lambda value: isinstance(value, bool)
        case FactType.INTEGER:
            return lambda value: isinstance(value, int) and not isinstance(value, bool)
        case FactType.CHOICE:
            return tuple(choice.id for choice in fact.values).__contains__
    return lambda value: isinstance(value, str)


FactTest = tuple[str, FactValue | None, Callable[[object], bool], Fact]
"""A fact as :func:`checked_facts` reads it: id, default, value test, the fact."""


def checked_facts(
    fact_tests: tuple[FactTest, ...], known: Mapping[str, Fact], facts: Mapping[str, object]
) -> dict[str, FactValue]:
    """The facts with defaults filled in; every problem at once as a FactError."""
    problems: list[Message] = []
    for name in facts:
        if name not in known:
            hint = suggest(name, known)
            problems.append(
                Message("unknown fact '{fact}' ({hint})", fact=name, hint=hint)
                if hint
                else Message("unknown fact '{fact}'", fact=name)
            )
    checked: dict[str, FactValue] = {}
    for fact_id, default, fits, fact in fact_tests:
        value = facts.get(fact_id, default)
        if value is None:
            problems.append(Message("missing fact '{fact}'", fact=fact_id))
        elif not fits(value):
            allowed = (
                ", ".join(choice.id for choice in fact.values)
                if fact.type is FactType.CHOICE
                else str(fact.type)
            )
            problems.append(
                Message(
                    "fact '{fact}' cannot be {value} (expected {allowed})",
                    fact=fact_id,
                    value=repr(value),
                    allowed=allowed,
                )
            )
        else:
            checked[fact_id] = value  # type: ignore[assignment]
    if problems:
        raise FactError(Message("invalid student facts: {problems}", problems=_joined(problems)))
    return checked


def _joined(problems: list[Message]) -> Message:
    """``a; b; c``: the problems one after another, each in the reader's language."""
    joined = problems[-1]
    for problem in reversed(problems[:-1]):
        joined = Message("{first}; {rest}", first=problem, rest=joined)
    return joined
