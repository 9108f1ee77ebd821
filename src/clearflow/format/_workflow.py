"""Builds a :class:`~clearflow.spec._model.Workflow` from a loaded file, collecting every issue.

Tables that others refer to (facts, offices, deadlines) are read first, so
every reference can be checked where it is written, with a suggestion.
"""

from __future__ import annotations

import zoneinfo

import attrs

from clearflow._hints import join, known, suggest
from clearflow.errors import Issue
from clearflow.format._conditions import ConditionReader
from clearflow.format._nodes import ListNode, LoadedFile, MapNode, Node, Scalar
from clearflow.format._reader import Reader
from clearflow.format._schedule import cohort, hours_list, places_list, schedule
from clearflow.format._shapes import BATCH, DEADLINE, FACT, OFFICE, WORKFLOW
from clearflow.format._steps import StepBuilder
from clearflow.spec._digest import rules_digest
from clearflow.spec._model import (
    Choice,
    DatedRule,
    Deadline,
    Fact,
    FactType,
    Hours,
    Label,
    Office,
    Place,
    Workflow,
)

FORMAT_VERSION = 1
LATE_POLICIES = ("flag", "block")


def build_workflow(loaded: LoadedFile) -> tuple[Workflow | None, list[Issue]]:
    """The workflow a loaded file describes, and every issue found on the way."""
    reader = Reader(loaded.source)
    root = loaded.root
    if not isinstance(root, MapNode):
        reader.fields(root, "", WORKFLOW)
        return None, reader.issues
    if not _version_ok(reader, root):
        return None, reader.issues
    fields = reader.fields(root, "", WORKFLOW)
    assert fields is not None
    facts = {fact.id: fact for fact in _facts(reader, fields.get("facts"))}
    conditions = ConditionReader(reader, facts)
    offices = tuple(_offices(reader, conditions, fields.get("offices")))
    deadlines = tuple(_deadlines(reader, conditions, fields.get("deadlines")))
    steps = StepBuilder(reader, conditions, offices, deadlines)
    prerequisites = steps.steps(fields.get("prerequisites"), "prerequisites")
    stations = steps.steps(fields.get("stations"), "stations")
    documents = steps.documents(fields.get("documents"))
    steps.resolve()
    if not prerequisites and not stations and not _any_steps_written(fields):
        reader.report(
            "CF102", root, "", "the workflow has no steps", "add 'prerequisites:' or 'stations:'"
        )
    workflow = Workflow(
        format=FORMAT_VERSION,
        id=_workflow_id(reader, fields.get("id")) or "",
        title=reader.label_node(fields["title"], "title") if "title" in fields else Label(),
        institution=(
            reader.label_node(fields["institution"], "institution")
            if "institution" in fields
            else None
        ),
        issued=reader.date(fields["issued"], "issued") if "issued" in fields else None,
        timezone=_timezone(reader, fields.get("timezone")),
        cohort=cohort(reader, conditions, fields.get("cohort")),
        offices=offices,
        facts=tuple(facts.values()),
        deadlines=deadlines,
        prerequisites=prerequisites,
        stations=stations,
        documents=documents,
        schedule=schedule(reader, conditions, deadlines, fields.get("schedule")),
        source=loaded.source,
    )
    return attrs.evolve(workflow, digest=rules_digest(workflow)), reader.issues


def _any_steps_written(fields: dict[str, Node]) -> bool:
    """Whether a step section holds something (steps that failed are reported already)."""
    for section in ("prerequisites", "stations"):
        node = fields.get(section)
        if node is None or (isinstance(node, Scalar) and node.is_null):
            continue
        if not isinstance(node, ListNode) or node.items:
            return True
    return False


def _version_ok(reader: Reader, root: MapNode) -> bool:
    node = root.get("clearflow")
    if node is None:
        reader.report(
            "CF009",
            root,
            "clearflow",
            "missing format version",
            f"start the file with 'clearflow: {FORMAT_VERSION}'",
        )
        return False
    if not isinstance(node, Scalar) or node.value != str(FORMAT_VERSION):
        shown = node.value if isinstance(node, Scalar) else "?"
        reader.report(
            "CF009",
            node,
            "clearflow",
            f"format version '{shown}' is not supported",
            f"this clearflow reads version {FORMAT_VERSION}",
        )
        return False
    return True


def _workflow_id(reader: Reader, node: Node | None) -> str | None:
    if node is None:
        return None
    value = reader.text(node, "id")
    if value is not None and not all(c.isascii() and (c.isalnum() or c in "-_") for c in value):
        reader.report(
            "CF104",
            node,
            "id",
            f"invalid workflow id '{value}'",
            "use ASCII letters, digits, '-' and '_', e.g. 'gyvtc-2014'",
        )
    return value


def _timezone(reader: Reader, node: Node | None) -> str:
    if node is None:
        return "UTC"
    name = reader.text(node, "timezone")
    if name is None:
        return "UTC"
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        reader.report(
            "CF104",
            node,
            "timezone",
            f"unknown time zone '{name}'",
            "write an IANA name, e.g. 'Asia/Shanghai'",
        )
    return name


def _facts(reader: Reader, node: Node | None) -> list[Fact]:
    facts: list[Fact] = []
    for key, value in reader.entries(node, "facts") if node is not None else ():
        path = join("facts", key.value)
        fact_id = reader.ident(key, path, "fact id")
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
                    f"unknown fact type '{type_name}'",
                    suggest(type_name, names) or known("types", names),
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
                f"'values' is only for choice facts, not {fact_type}",
                "remove 'values' or write 'type: choice'",
            )
        return ()
    if node is None:
        reader.report(
            "CF102", at, path, "missing key 'values'", "list the allowed values of a choice fact"
        )
        return ()
    choices: list[Choice] = []
    if isinstance(node, ListNode):
        for index, item in enumerate(node.items):
            name = reader.ident(item, join(join(path, "values"), index), "value")
            if name is not None:
                choices.append(Choice(id=name, label=Label(en=name.replace("_", " "))))
    else:
        for key, value in reader.entries(node, join(path, "values")):
            item_path = join(join(path, "values"), key.value)
            name = reader.ident(key, item_path, "value")
            if name is not None:
                choices.append(Choice(id=name, label=reader.label_node(value, item_path)))
    if not choices:
        reader.report(
            "CF102",
            node,
            join(path, "values"),
            "a choice fact needs values",
            "list at least one value",
        )
    return tuple(choices)


def _offices(reader: Reader, conditions: ConditionReader, node: Node | None) -> list[Office]:
    offices: list[Office] = []
    for key, value in reader.entries(node, "offices") if node is not None else ():
        path = join("offices", key.value)
        office_id = reader.ident(key, path, "office id")
        hours: tuple[Hours, ...] = ()
        places: tuple[Place, ...] = ()
        if isinstance(value, Scalar):
            label = reader.label_node(value, path)
        else:
            fields = reader.fields(value, path, OFFICE) or {}
            label = reader.label(fields, value, path)
            hours = hours_list(reader, fields.get("hours"), join(path, "hours"))
            places = places_list(reader, conditions, fields.get("places"), join(path, "places"))
        if office_id is not None:
            offices.append(
                Office(
                    id=office_id,
                    label=label,
                    hours=hours,
                    places=places,
                    at=reader.where(key, path),
                )
            )
    return offices


def _deadlines(reader: Reader, conditions: ConditionReader, node: Node | None) -> list[Deadline]:
    deadlines: list[Deadline] = []
    for key, value in reader.entries(node, "deadlines") if node is not None else ():
        path = join("deadlines", key.value)
        deadline_id = reader.ident(key, path, "deadline id")
        label, late, rules = Label(), "flag", []
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
            if "late" in fields:
                late = reader.text(fields["late"], join(path, "late")) or "flag"
                if late not in LATE_POLICIES:
                    reader.report(
                        "CF104",
                        fields["late"],
                        join(path, "late"),
                        f"unknown late policy '{late}'",
                        "write 'flag' to record lateness or 'block' to refuse late clearance",
                    )
                    late = "flag"
        # A deadline without dates has been reported; keeping its id spares the steps
        # that name it a second, misleading 'unknown deadline'.
        if deadline_id is not None:
            deadlines.append(
                Deadline(
                    id=deadline_id,
                    label=label,
                    dates=tuple(rules),
                    late=late,
                    at=reader.where(key, path),
                )
            )
    return deadlines


def _dated_rules(
    reader: Reader, conditions: ConditionReader, fields: dict[str, Node], at: Node, path: str
) -> list[DatedRule]:
    if ("date" in fields) == ("dates" in fields):
        reader.report(
            "CF102",
            at,
            path,
            "a deadline needs exactly one of 'date' or 'dates'",
            "write 'date: YYYY-MM-DD', or 'dates:' with one {who, date} per batch",
        )
        return []
    if "date" in fields:
        date = reader.date(fields["date"], join(path, "date"))
        return [DatedRule(date=date, at=reader.where(fields["date"], path))] if date else []
    rules: list[DatedRule] = []
    items = reader.sequence(fields["dates"], join(path, "dates"))
    if items == ():
        reader.report(
            "CF102",
            fields["dates"],
            join(path, "dates"),
            "a deadline needs at least one date",
            "write one {who, date} per batch",
        )
    for index, item in enumerate(items or ()):
        item_path = join(join(path, "dates"), index)
        rule = reader.fields(item, item_path, BATCH)
        if not rule or "date" not in rule:
            continue
        date = reader.date(rule["date"], join(item_path, "date"))
        who = conditions.selector(rule["who"], join(item_path, "who")) if "who" in rule else None
        if date is not None:
            rules.append(DatedRule(date=date, who=who, at=reader.where(item, item_path)))
    return rules
