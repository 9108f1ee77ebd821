"""The JSON Schema of the workflow format, for editors: completion, hover text, early errors.

``schema/clearflow-1.schema.json`` is this module's output (``clearflow schema``); a
workflow names it in its first line, ``# yaml-language-server: $schema=...``, and the
Red Hat YAML extension of VS Code then completes keys and shows each description.
Every ``description`` holds the English and the Chinese text (``English / 中文``),
because editors show ``description`` and no other keyword. The schema declares draft
2020-12 but uses only keywords draft 7 has too, which is what those editors implement.

The schema reads a file as a YAML 1.2 editor does (:func:`editor_data`): digits are
integers, ``true``/``false`` booleans, ``9:00`` and ``2014-07-04`` strings. It is a
guide, not the judge: :func:`clearflow.load_workflow` checks what a schema cannot
(references, the types of fact values, the order of steps), and the tests check that
the schema has every key the builders read, and no other.
"""

from __future__ import annotations

import json
import re
from typing import Any

from clearflow.format._nodes import MapNode, Node, Scalar
from clearflow.format._schema_parts import (
    WORKFLOW_ID,
    Schema,
    basics,
    cohort,
    condition,
    deadline,
    document,
    fact,
    list_of,
    mapping,
    office,
    ref,
    say,
    schedule,
    steps,
    table,
)

SCHEMA_FILE = "clearflow-1.schema.json"
"""The schema's file name in ``schema/``, named after the format version."""
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def build_schema() -> Schema:
    """The JSON Schema of workflow format 1, as plain data."""
    definitions: Schema = {
        **basics(),
        "condition": condition(),
        **office(),
        "fact": fact(),
        "deadline": deadline(),
        **steps(),
        "document": document(),
    }
    properties: Schema = {
        "clearflow": say("Format version: 1", "格式版本：1", {"const": 1}),
        "id": say(
            "Workflow id, e.g. gyvtc-2014",
            "流程标识，如 gyvtc-2014",
            {"type": "string", "pattern": WORKFLOW_ID},
        ),
        "title": say("The procedure's name", "离校手续名称", ref("label")),
        "institution": say("The college", "学校名称", ref("label")),
        "issued": say("When the notice was issued", "通知发布日期", ref("date")),
        "timezone": say(
            "IANA time zone, e.g. Asia/Shanghai (default UTC)",
            "时区（IANA 名称），如 Asia/Shanghai（默认 UTC）",
            {"type": "string", "minLength": 1},
        ),
        "cohort": say("Class size and breakdown", "毕业生人数", cohort()),
        "offices": say("Offices by id", "职能部门", table(ref("office"))),
        "facts": say("What is known about each student", "学生信息（事实）", table(ref("fact"))),
        "deadlines": say("Deadlines by id", "截止日期", table(ref("deadline"))),
        "prerequisites": say(
            "Steps before the hall, in any order",
            "前期工作（顺序不限）",
            list_of(ref("prerequisite")),
        ),
        "stations": say(
            "Stations in the hall, in order", "一站式服务站点（按顺序）", list_of(ref("station"))
        ),
        "documents": say(
            "Documents handed over at the end", "应领取的证书及资料", list_of(ref("document"))
        ),
        "schedule": say("The one-stop days and sessions", "一站式服务安排", schedule()),
    }
    return {
        "$schema": DIALECT,
        "title": "clearflow workflow, format 1 / clearflow 离校手续流程（格式 1）",
        **mapping(
            properties,
            ("clearflow", "id", "title"),
            anyOf=[{"required": ["prerequisites"]}, {"required": ["stations"]}],
        ),
        "$defs": definitions,
    }


def schema_text() -> str:
    """The schema as the JSON text of ``schema/clearflow-1.schema.json``."""
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


_INTEGER = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")


def editor_data(node: Node) -> Any:
    """A loaded file as JSON data, read as a YAML 1.2 editor reads it (the core schema).

    Unquoted ``null``/``~``/nothing is None, ``true``/``false`` (any capitalisation the
    core schema allows) a bool, digits an int, a decimal a float; everything else,
    and everything quoted, a string.
    """
    if isinstance(node, MapNode):
        return {key.value: editor_data(value) for key, value in node.items}
    if not isinstance(node, Scalar):
        return [editor_data(item) for item in node.items]
    if node.quoted:
        return node.value
    if node.is_null:
        return None
    if node.value in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return node.value.lower() == "true"
    if _INTEGER.match(node.value):
        return int(node.value)
    if _FLOAT.match(node.value):
        return float(node.value)
    return node.value
