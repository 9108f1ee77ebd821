"""Who may act, as a workflow writes it: an office's ``scope:``, a step's ``person:`` and the
top-level ``roster:`` (a staff roster is expected, by a date).

``scope:`` names a choice or text fact (its value is compared with a staff member's unit);
``person:`` a text fact (its value is the one staff id who may act). An unknown fact is
CF202 with a suggestion; a fact of another type is CF209.
"""

from __future__ import annotations

from clearflow._i18n import Message
from clearflow.format._conditions import ConditionReader, type_words
from clearflow.format._nodes import Node
from clearflow.format._reader import Reader
from clearflow.format._shapes import ROSTER
from clearflow.spec import FactType, RosterRule

_SCOPE_TYPES = (FactType.CHOICE, FactType.TEXT)
_PERSON_TYPES = (FactType.TEXT,)


def scope_fact(conditions: ConditionReader, node: Node | None, path: str) -> str | None:
    """The fact an office's ``scope:`` names (a choice or text fact), or None."""
    if node is None:
        return None
    fact = conditions.fact(node, path)
    if fact is None:
        return None
    if fact.type not in _SCOPE_TYPES:
        conditions.reader.report(
            "CF209",
            node,
            path,
            Message(
                "fact '{fact}' is {type}: an office's scope must be a choice or text fact",
                fact=fact.id,
                type=type_words(fact.type),
            ),
            Message("scope the office by a fact such as the student's college"),
        )
        return None
    return fact.id


def person_fact(conditions: ConditionReader, node: Node | None, path: str) -> str | None:
    """The fact a step's ``person:`` names (a text fact holding a staff id), or None."""
    if node is None:
        return None
    fact = conditions.fact(node, path)
    if fact is None:
        return None
    if fact.type not in _PERSON_TYPES:
        conditions.reader.report(
            "CF209",
            node,
            path,
            Message(
                "fact '{fact}' is {type}: a step's person must be a text fact",
                fact=fact.id,
                type=type_words(fact.type),
            ),
            Message("declare a text fact holding the staff id, e.g. the supervisor's"),
        )
        return None
    return fact.id


def roster_rule(reader: Reader, node: Node | None) -> RosterRule | None:
    """The top-level ``roster:`` (``due:`` optional), or None when not written."""
    if node is None:
        return None
    fields = reader.fields(node, "roster", ROSTER)
    if fields is None:
        return RosterRule(at=reader.where(node, "roster"))
    due = reader.date(fields["due"], "roster.due") if "due" in fields else None
    return RosterRule(due=due, at=reader.where(node, "roster"))
