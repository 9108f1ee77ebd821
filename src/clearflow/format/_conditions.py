"""Reads conditions (``when:``, ``required:``) and selectors (``who:``) from located nodes.

Every fact named must be declared and every value must have the fact's type;
step outcome tests are collected and resolved once all steps are known.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from clearflow._hints import join, known, suggest
from clearflow._i18n import Message
from clearflow.format._names import OUTCOME, STEP_ID
from clearflow.format._nodes import ListNode, MapNode, Node, Scalar, kind_of
from clearflow.format._reader import Reader
from clearflow.format._shapes import FACT_TEST, OPERATORS, OUTCOME_TEST
from clearflow.spec import Fact, FactType, Selector
from clearflow.spec.conditions import (
    ALWAYS,
    NEVER,
    All,
    Any,
    Condition,
    FactIn,
    FactValue,
    Not,
    OutcomeIn,
)

_CONDITION_HINT = Message(
    "write a bool fact, {{not: C}}, {{all: [C, ...]}}, {{any: [C, ...]}}, "
    "{{fact: F, in: [...]}} or {{step: S, outcome: O}}"
)
_CONDITION = Message("a condition")

_OPERATORS = frozenset(OPERATORS)
_BOOLEAN_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n"})


@attrs.define
class OutcomeReference:
    """A ``{step: S, outcome: O}`` test to resolve once every step is known."""

    step: str
    outcomes: tuple[str, ...]
    step_node: Node
    outcome_nodes: tuple[Node, ...]
    path: str


class ConditionReader:
    """Reads conditions and selectors against the declared facts."""

    def __init__(self, reader: Reader, facts: Mapping[str, Fact]) -> None:
        self.reader = reader
        self.facts = facts
        self.outcome_references: list[OutcomeReference] = []

    def condition(self, node: Node, path: str) -> Condition:
        """A condition; problems are reported and read as ``false``."""
        if isinstance(node, Scalar):
            return self._bare(node, path)
        if isinstance(node, ListNode):
            self.reader.report(
                "CF103",
                node,
                path,
                Message(
                    "expected {expected}, found {found}", expected=_CONDITION, found=kind_of(node)
                ),
                Message("combine conditions with {{all: [...]}} or {{any: [...]}}"),
            )
            return NEVER
        assert isinstance(node, MapNode)
        keys = set(node.keys())
        if keys <= _OPERATORS and len(keys) == 1:
            (key,) = keys
            value = node.get(key)
            assert value is not None
            if key == "not":
                return Not(self.condition(value, join(path, "not")))
            items = self.reader.sequence(value, join(path, key)) or ()
            operands = tuple(
                self.condition(item, join(join(path, key), index))
                for index, item in enumerate(items)
            )
            return All(operands) if key == "all" else Any(operands)
        if len(keys & _OPERATORS) > 1:
            written = node.keys()
            names = ", ".join(f"'{name}'" for name in written if name in _OPERATORS)
            self.reader.report(
                "CF101",
                node,
                path,
                Message("a condition has one operator, found {names}", names=names),
                Message("nest them, e.g. {{all: [{{not: A}}, B]}}"),
            )
            return NEVER
        if "fact" in keys:
            return self._fact_test(node, path)
        if "step" in keys:
            return self._outcome_test(node, path)
        unknown = sorted(keys - _OPERATORS)
        if not unknown:
            self.reader.report(
                "CF103",
                node,
                path,
                Message(
                    "expected {expected}, found {found}",
                    expected=_CONDITION,
                    found=Message("an empty mapping"),
                ),
                _CONDITION_HINT,
            )
            return NEVER
        self.reader.report(
            "CF101",
            node,
            path,
            Message("unknown condition key '{key}'", key=unknown[0]),
            suggest(unknown[0], ["not", "all", "any", "fact", "step"]) or _CONDITION_HINT,
        )
        return NEVER

    def _bare(self, node: Scalar, path: str) -> Condition:
        if node.value == "true" and not node.quoted:
            return ALWAYS
        if node.value == "false" and not node.quoted:
            return NEVER
        if node.value not in self.facts and node.value.lower() in _BOOLEAN_WORDS:
            self.reader.report(
                "CF104",
                node,
                path,
                Message(
                    "expected {expected}, found '{value}'", expected=_CONDITION, value=node.value
                ),
                Message(
                    "write true or false, lowercase and unquoted; yes/no/on/off are not booleans"
                ),
            )
            return NEVER
        fact = self.fact(node, path)
        if fact is None:
            return NEVER
        if fact.type is not FactType.BOOL:
            self.reader.report(
                "CF208",
                node,
                path,
                Message(
                    "fact '{fact}' is {type}, not a bool", fact=fact.id, type=type_words(fact.type)
                ),
                Message("write {{fact: {fact}, in: [...]}}", fact=fact.id),
            )
            return NEVER
        return FactIn(fact.id, frozenset({True}))

    def fact(self, node: Node, path: str) -> Fact | None:
        """The declared fact a node names, or None (reported)."""
        name = self.reader.text(node, path)
        if name is None:
            return None
        if name not in self.facts:
            self.reader.report(
                "CF202",
                node,
                path,
                Message("unknown fact '{name}'", name=name),
                suggest(name, self.facts) or known(Message("facts"), self.facts),
            )
            return None
        return self.facts[name]

    def _fact_test(self, node: MapNode, path: str) -> Condition:
        fields = self.reader.fields(node, path, FACT_TEST)
        if fields is None or "fact" not in fields:
            return NEVER
        fact = self.fact(fields["fact"], join(path, "fact"))
        if ("is" in fields) == ("in" in fields):
            self.reader.report(
                "CF102",
                node,
                path,
                Message("a fact test needs exactly one of 'is' or 'in'"),
                Message("write {{fact: F, is: value}} or {{fact: F, in: [a, b]}}"),
            )
            return NEVER
        if fact is None:
            return NEVER
        key = "is" if "is" in fields else "in"
        nodes = (
            (fields["is"],) if key == "is" else self.reader.sequence(fields["in"], join(path, "in"))
        ) or ()
        values = self.values(fact, nodes, join(path, key))
        return FactIn(fact.id, frozenset(values)) if values is not None else NEVER

    def values(
        self, fact: Fact, nodes: tuple[Node, ...], path: str
    ) -> tuple[FactValue, ...] | None:
        """Values of a fact's type; None when any is wrong (reported)."""
        values: list[FactValue] = []
        for node in nodes:
            value = self.value(fact, node, path)
            if value is None:
                return None
            values.append(value)
        return tuple(values)

    def value(self, fact: Fact, node: Node, path: str) -> FactValue | None:
        """One value of the fact's declared type, or None (reported)."""
        match fact.type:
            case FactType.BOOL:
                return self.reader.boolean(node, path)
            case FactType.INTEGER:
                return self.reader.integer(node, path)
            case FactType.TEXT:
                return self.reader.text(node, path)
        text = self.reader.text(node, path)
        if text is None:
            return None
        allowed = [choice.id for choice in fact.values]
        if text not in allowed:
            self.reader.report(
                "CF205",
                node,
                path,
                Message("fact '{fact}' has no value '{value}'", fact=fact.id, value=text),
                suggest(text, allowed) or known(Message("values"), allowed),
            )
            return None
        return text

    def _outcome_test(self, node: MapNode, path: str) -> Condition:
        fields = self.reader.fields(node, path, OUTCOME_TEST)
        if fields is None or "step" not in fields or "outcome" not in fields:
            return NEVER
        step = self.reader.ident(fields["step"], join(path, "step"), STEP_ID)
        outcome_nodes = self.reader.sequence_or_one(fields["outcome"], join(path, "outcome"))
        outcomes = tuple(
            name
            for index, item in enumerate(outcome_nodes)
            if (name := self.reader.ident(item, join(join(path, "outcome"), index), OUTCOME))
        )
        if step is None or len(outcomes) != len(outcome_nodes) or not outcomes:
            return NEVER
        self.outcome_references.append(
            OutcomeReference(step, outcomes, fields["step"], outcome_nodes, path)
        )
        return OutcomeIn(step, frozenset(outcomes))

    def selector(self, node: Node, path: str) -> Selector | None:
        """``who:``: a mapping of fact to one value or a list of values."""
        if not isinstance(node, MapNode):
            self.reader.report(
                "CF103",
                node,
                path,
                Message(
                    "expected {expected}, found {found}",
                    expected=Message("a mapping"),
                    found=kind_of(node),
                ),
                Message("write who: {{fact: value, ...}}"),
            )
            return None
        pairs: list[tuple[str, tuple[FactValue, ...]]] = []
        ok = True
        for key, value_node in node.items:
            fact = self.fact(key, join(path, key.value))
            nodes = value_node.items if isinstance(value_node, ListNode) else (value_node,)
            values = self.values(fact, nodes, join(path, key.value)) if fact else None
            if fact is None or values is None:
                ok = False
                continue
            pairs.append((fact.id, values))
        if not ok:
            return None
        condition = All(tuple(FactIn(fact, frozenset(values)) for fact, values in pairs))
        return Selector(pairs=tuple(pairs), condition=condition, at=self.reader.where(node, path))


_TYPE_WORDS = {
    FactType.BOOL: Message("a bool"),
    FactType.CHOICE: Message("a choice"),
    FactType.INTEGER: Message("an integer"),
    FactType.TEXT: Message("a text"),
}


def type_words(fact_type: FactType) -> Message:
    """A fact type with its article, as a message says it: ``a choice``, ``an integer``."""
    return _TYPE_WORDS[fact_type]
