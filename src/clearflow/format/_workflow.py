"""Builds a :class:`~clearflow.spec._model.Workflow` from a loaded file, collecting every issue.

This module reads the top level (the format version, id, title, time zone, language) and
calls the section builders in order: the tables that others refer to (facts, offices and
deadlines, :mod:`clearflow.format._tables`) first, so every reference can be checked where
it is written, with a suggestion; then the steps, documents, cohort and schedule.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import attrs

from clearflow._i18n import LANGUAGES, Lang, Message, as_lang
from clearflow.errors import Issue
from clearflow.format._conditions import ConditionReader
from clearflow.format._nodes import ListNode, LoadedFile, MapNode, Node, Scalar
from clearflow.format._reader import Reader
from clearflow.format._schedule import cohort, schedule
from clearflow.format._shapes import WORKFLOW
from clearflow.format._steps import StepBuilder
from clearflow.format._tables import read_deadlines, read_facts, read_offices
from clearflow.format._when_shapes import CALENDAR
from clearflow.format._who import roster_rule
from clearflow.spec import (
    Calendar,
    Label,
    Workflow,
    rules_digest,
)

FORMAT_VERSION = 1


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
    facts = {fact.id: fact for fact in read_facts(reader, fields.get("facts"))}
    conditions = ConditionReader(reader, facts)
    offices = tuple(read_offices(reader, conditions, fields.get("offices")))
    deadlines = tuple(read_deadlines(reader, conditions, fields.get("deadlines")))
    steps = StepBuilder(reader, conditions, offices, deadlines)
    prerequisites = steps.steps(fields.get("prerequisites"), "prerequisites")
    stations = steps.steps(fields.get("stations"), "stations")
    documents = steps.documents(fields.get("documents"))
    steps.resolve()
    if not prerequisites and not stations and not _any_steps_written(fields):
        reader.report(
            "CF102",
            root,
            "",
            Message("the workflow has no steps"),
            Message("add 'prerequisites:' or 'stations:'"),
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
        language=_language(reader, fields.get("language")),
        cohort=cohort(reader, conditions, fields.get("cohort")),
        offices=offices,
        facts=tuple(facts.values()),
        deadlines=deadlines,
        prerequisites=prerequisites,
        stations=stations,
        documents=documents,
        schedule=schedule(reader, conditions, deadlines, fields.get("schedule")),
        calendar=_calendar(reader, fields.get("calendar")),
        roster=roster_rule(reader, fields.get("roster")),
        source=loaded.source,
    )
    return attrs.evolve(workflow, digest=rules_digest(workflow)), reader.issues


def declared_language(loaded: LoadedFile) -> Lang | None:
    """The language a parsed file declares at its top level (``language: zh``), or None
    when it declares none or one clearflow does not know (CF104 says so)."""
    root = loaded.root
    node = root.get("language") if isinstance(root, MapNode) else None
    if not isinstance(node, Scalar) or node.value not in LANGUAGES:
        return None
    return as_lang(node.value)


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
            Message("missing format version"),
            Message("start the file with 'clearflow: {version}'", version=FORMAT_VERSION),
        )
        return False
    if not isinstance(node, Scalar) or node.value != str(FORMAT_VERSION):
        shown = node.value if isinstance(node, Scalar) else "?"
        reader.report(
            "CF009",
            node,
            "clearflow",
            Message("format version '{version}' is not supported", version=shown),
            Message("this clearflow reads version {version}", version=FORMAT_VERSION),
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
            Message("invalid workflow id '{value}'", value=value),
            Message("use ASCII letters, digits, '-' and '_', e.g. 'gyvtc-2014'"),
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
            Message("unknown time zone '{name}'", name=name),
            Message("write an IANA name, e.g. 'Asia/Shanghai'"),
        )
    return name


def _calendar(reader: Reader, node: Node | None) -> Calendar:
    """The workflow's extra closed and working days (``calendar:``)."""
    fields = reader.fields(node, "calendar", CALENDAR) if node is not None else None
    if not fields:
        return Calendar()
    days: dict[str, tuple[dt.date, ...]] = {}
    for key in ("closed", "working"):
        path = f"calendar.{key}"
        items = reader.sequence(fields[key], path) or () if key in fields else ()
        found = (reader.date(item, f"{path}[{index}]") for index, item in enumerate(items))
        days[key] = tuple(sorted({day for day in found if day is not None}))
    return Calendar(closed=days["closed"], working=days["working"])


def _language(reader: Reader, node: Node | None) -> str | None:
    if node is None:
        return None
    name = reader.text(node, "language")
    if name is None or name in ("zh", "en"):
        return name
    reader.report(
        "CF104",
        node,
        "language",
        Message("unknown language '{name}'", name=name),
        Message("write 'zh' or 'en'"),
    )
    return None
