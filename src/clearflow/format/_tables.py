"""Builds the tables that steps and conditions refer to by id: facts, offices and deadlines.

Each is a mapping from id to a definition; an id that cannot be read is reported and
its entry skipped, so the rest of the file is still checked.
"""

from __future__ import annotations

from clearflow._hints import join, known, suggest
from clearflow._i18n import N_, Message
from clearflow.format._batches import BatchWords, read_batches
from clearflow.format._conditions import ConditionReader
from clearflow.format._hours import hours_list
from clearflow.format._names import DEADLINE_ID, FACT_ID, OFFICE_ID, VALUE
from clearflow.format._nodes import ListNode, Node, Scalar
from clearflow.format._policies import off_hours_policy, policy
from clearflow.format._reader import Reader
from clearflow.format._schedule import places_list
from clearflow.format._shapes import BATCH, DEADLINE, FACT
from clearflow.format._when_shapes import OFFICE
from clearflow.format._who import scope_fact
from clearflow.spec import (
    Choice,
    DatedRule,
    Deadline,
    Fact,
    FactType,
    Hours,
    Label,
    Office,
    Place,
)

CLOSINGS = ("hall", "procedure")
"""What a deadline closes: the time before the hall (default) or the whole procedure."""


def read_facts(reader: Reader, node: Node | None) -> list[Fact]:
    """The declared facts, each with its type, label, choices and default."""
    facts: list[Fact] = []
    for key, value in reader.entries(node, "facts") if node is not None else ():
        path = join("facts", key.value)
        fact_id = reader.ident(key, path, FACT_ID)
        fields = reader.fields(value, path, FACT)
        if fact_id is None or fields is None or "type" not in fields:
            continue
        type_name = reader.text(fields["type"], join(path, "type"))
        if type_name not in {item.value for item in FactType}:
            if type_name is not None:
                names = [item.value for item in FactType]
                reader.report(
                    "CF104",
                    fields["type"],
                    join(path, "type"),
                    Message("unknown fact type '{name}'", name=type_name),
                    suggest(type_name, names) or known(Message("types"), names),
                )
            continue
        fact_type = FactType(type_name)
        values = _choices(reader, fact_type, fields, value, path)
        fact = Fact(
            id=fact_id,
            type=fact_type,
            label=reader.label(fields, value, path),
            values=values,
            at=reader.where(key, path),
        )
        if "default" in fields:
            default = ConditionReader(reader, {}).value(
                fact, fields["default"], join(path, "default")
            )
            fact = Fact(
                id=fact.id,
                type=fact.type,
                label=fact.label,
                values=fact.values,
                default=default,
                at=fact.at,
            )
        facts.append(fact)
    return facts


def _choices(
    reader: Reader, fact_type: FactType, fields: dict[str, Node], at: Node, path: str
) -> tuple[Choice, ...]:
    node = fields.get("values")
    if fact_type is not FactType.CHOICE:
        if node is not None:
            reader.report(
                "CF101",
                node,
                join(path, "values"),
                Message("'values' is only for choice facts, not {type}", type=fact_type.value),
                Message("remove 'values' or write 'type: choice'"),
            )
        return ()
    if node is None:
        reader.report(
            "CF102",
            at,
            path,
            Message("missing key '{key}'", key="values"),
            Message("list the allowed values of a choice fact"),
        )
        return ()
    choices: list[Choice] = []
    if isinstance(node, ListNode):
        for index, item in enumerate(node.items):
            name = reader.ident(item, join(join(path, "values"), index), VALUE)
            if name is not None:
                choices.append(Choice(id=name, label=Label(en=name.replace("_", " "))))
    else:
        for key, value in reader.entries(node, join(path, "values")):
            item_path = join(join(path, "values"), key.value)
            name = reader.ident(key, item_path, VALUE)
            if name is not None:
                choices.append(Choice(id=name, label=reader.label_node(value, item_path)))
    if not choices:
        reader.report(
            "CF102",
            node,
            join(path, "values"),
            Message("a choice fact needs values"),
            Message("list at least one value"),
        )
    return tuple(choices)


def read_offices(reader: Reader, conditions: ConditionReader, node: Node | None) -> list[Office]:
    """The offices, each a label or a mapping with its hours and places."""
    offices: list[Office] = []
    for key, value in reader.entries(node, "offices") if node is not None else ():
        path = join("offices", key.value)
        office_id = reader.ident(key, path, OFFICE_ID)
        hours: tuple[Hours, ...] = ()
        places: tuple[Place, ...] = ()
        scope: str | None = None
        off_hours = "flag"
        if isinstance(value, Scalar):
            label = reader.label_node(value, path)
        else:
            fields = reader.fields(value, path, OFFICE) or {}
            label = reader.label(fields, value, path)
            hours = hours_list(reader, conditions, fields.get("hours"), join(path, "hours"))
            places = places_list(reader, conditions, fields.get("places"), join(path, "places"))
            scope = scope_fact(conditions, fields.get("scope"), join(path, "scope"))
            policy = fields.get("off_hours")
            off_hours = off_hours_policy(reader, policy, join(path, "off_hours")) or "flag"
        if office_id is not None:
            offices.append(
                Office(
                    id=office_id,
                    label=label,
                    hours=hours,
                    places=places,
                    scope=scope,
                    off_hours=off_hours,
                    at=reader.where(key, path),
                )
            )
    return offices


def read_deadlines(
    reader: Reader, conditions: ConditionReader, node: Node | None
) -> list[Deadline]:
    """The deadlines, each a date or a mapping with one date or a date per batch."""
    deadlines: list[Deadline] = []
    for key, value in reader.entries(node, "deadlines") if node is not None else ():
        path = join("deadlines", key.value)
        deadline_id = reader.ident(key, path, DEADLINE_ID)
        label, late, rules, closes = Label(), "flag", [], "hall"
        if isinstance(value, Scalar):
            date = reader.date(value, path)
            rules = [DatedRule(date=date, at=reader.where(value, path))] if date else []
        else:
            fields = reader.fields(value, path, DEADLINE)
            if fields is None:
                fields = {}
            else:
                label = reader.label(fields, value, path)
                rules = _dated_rules(reader, conditions, fields, value, path)
            late = (
                policy(
                    reader,
                    fields.get("late"),
                    join(path, "late"),
                    N_("unknown late policy '{policy}'"),
                    Message("write 'flag' to record lateness or 'block' to refuse late clearance"),
                )
                or late
            )
            closes = _closes(reader, fields.get("closes"), join(path, "closes"))
        # A deadline without dates has been reported; keeping its id spares the steps
        # that name it a second, misleading 'unknown deadline'.
        if deadline_id is not None:
            deadlines.append(
                Deadline(
                    id=deadline_id,
                    label=label,
                    dates=tuple(rules),
                    late=late,
                    closes=closes,
                    at=reader.where(key, path),
                )
            )
    return deadlines


def _closes(reader: Reader, node: Node | None, path: str) -> str:
    closes = reader.text(node, path) if node is not None else None
    if node is None or closes is None or closes in CLOSINGS:
        return closes or "hall"
    reader.report(
        "CF104",
        node,
        path,
        Message("unknown closing '{closes}'", closes=closes),
        Message(
            "write 'hall' for a deadline before the hall or 'procedure' for one that closes it all"
        ),
    )
    return "hall"


DEADLINE_WORDS = BatchWords(
    one_of=Message("a deadline needs exactly one of 'date' or 'dates'"),
    one_of_hint=Message("write 'date: YYYY-MM-DD', or 'dates:' with one {{who, date}} per batch"),
    empty=Message("a deadline needs at least one date"),
)


def _dated_rules(
    reader: Reader, conditions: ConditionReader, fields: dict[str, Node], at: Node, path: str
) -> list[DatedRule]:
    batches = read_batches(
        reader, conditions, fields, at, path, batch=BATCH, value=reader.date, words=DEADLINE_WORDS
    )
    return [DatedRule(date=item.value, who=item.who, at=item.at) for item in batches]
