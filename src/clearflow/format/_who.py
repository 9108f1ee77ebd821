"""Who may act, as a workflow writes it: an office's ``scope:``, a step's ``person:`` and the
top-level ``roster:`` (a staff roster is expected, by a date).

``scope:`` names a choice or text fact (its value is compared with a staff member's unit);
``person:`` a text fact (its value is the one staff id who may act). An unknown fact is
CF202 with a suggestion; a fact of another type is CF209.
"""

from __future__ import annotations

from clearflow._i18n import N_, Message
from clearflow.format._conditions import ConditionReader, type_words
from clearflow.format._nodes import Node
from clearflow.format._reader import Reader
from clearflow.format._shapes import ROSTER
from clearflow.spec import FactType, RosterRule

_SCOPE_TYPES = (FactType.CHOICE, FactType.TEXT)
_PERSON_TYPES = (FactType.TEXT,)


def scope_fact(conditions: ConditionReader, node: Node | None, path: str) -> str | None:
    """The fact an office's ``scope:`` names (a choice or text fact), or None."""
    return _typed_fact(
        conditions,
        node,
        path,
        _SCOPE_TYPES,
        N_("fact '{fact}' is {type}: an office's scope must be a choice or text fact"),
        Message("scope the office by a fact such as the student's college"),
    )


def person_fact(conditions: ConditionReader, node: Node | None, path: str) -> str | None:
    """The fact a step's ``person:`` names (a text fact holding a staff id), or None."""
    return _typed_fact(
        conditions,
        node,
        path,
        _PERSON_TYPES,
        N_("fact '{fact}' is {type}: a step's person must be a text fact"),
        Message("declare a text fact holding the staff id, e.g. the supervisor's"),
    )


def _typed_fact(
    conditions: ConditionReader,
    node: Node | None,
    path: str,
    types: tuple[FactType, ...],
    wrong: str,
    hint: Message,
) -> str | None:
    """The id of the fact ``node`` names when it is of one of ``types``; else reported (CF209)."""
    if node is None:
        return None
    fact = conditions.fact(node, path)
    if fact is None:
        return None
    if fact.type not in types:
        message = Message(wrong, fact=fact.id, type=type_words(fact.type))
        conditions.reader.report("CF209", node, path, message, hint)
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
