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
(references, the types of fact values, the order of steps). Its keys are not written
here: each mapping's keys come from its shape in :mod:`clearflow.format._shapes`, which
the builders read against too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from clearflow._atomic import write_atomic
from clearflow._i18n import N_
from clearflow.format._nodes import MapNode, Node, Scalar
from clearflow.format._schema_parts import (
    DATE,
    FACT_VALUE,
    ID,
    ID_VALUE,
    TIME,
    WHOLE,
    Schema,
    bilingual,
    list_of,
    ref,
    say,
)
from clearflow.format._shapes import (
    DEADLINE,
    DOCUMENT,
    FACT,
    FACT_TEST,
    LABEL,
    OPERATORS,
    OUTCOME_TEST,
    PREREQUISITE,
    STATION,
    WORKFLOW,
)
from clearflow.format._when_shapes import HOURS, OFFICE, PLACE

SCHEMA_FILE = "clearflow-1.schema.json"
"""The schema's file name in ``schema/``, named after the format version."""
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def build_schema() -> Schema:
    """The JSON Schema of workflow format 1, as plain data, written from the format's shapes."""
    definitions: Schema = {
        **basics(),
        "condition": condition(),
        "hours": HOURS.schema(),
        "place": PLACE.schema(),
        "office": {"anyOf": [ref("text"), OFFICE.schema()]},
        "fact": FACT.schema(),
        "deadline": {"anyOf": [ref("date"), DEADLINE.schema()]},
        "prerequisite": PREREQUISITE.schema(),
        "station": STATION.schema(),
        "document": DOCUMENT.schema(),
    }
    return bilingual(
        {
            "$schema": DIALECT,
            "title": N_("clearflow workflow, format 1"),
            **WORKFLOW.schema(),
            "$defs": definitions,
        }
    )


def condition() -> Schema:
    """``when:`` and ``required:``: the condition language, recursive through ``$defs``."""
    return say(
        N_(
            "Condition: a bool fact, true, false, {fact, is|in}, {step, outcome}, "
            "{not}, {all}, {any}"
        ),
        {
            "anyOf": [
                say(N_("Always (true) or never (false)"), {"type": "boolean"}),
                say(N_("A bool fact that must be true"), ID_VALUE),
                *(operator.schema() for operator in OPERATORS.values()),
                FACT_TEST.schema(),
                OUTCOME_TEST.schema(),
            ]
        },
    )


def basics() -> Schema:
    """Values used throughout: text, dates, times, whole numbers, labels and ``who:``."""
    return {
        "text": {"type": "string", "minLength": 1},
        "date": say(N_("A date, YYYY-MM-DD"), {"type": "string", "pattern": DATE}),
        "time": say(N_("A time of day, H:MM"), {"type": "string", "pattern": TIME}),
        "whole": say(N_("A whole number"), WHOLE),
        "label": say(
            N_("A name: text, or {zh, en}"),
            {"anyOf": [ref("text"), LABEL.schema()]},
        ),
        "selector": {
            "type": "object",
            "propertyNames": {"pattern": ID},
            "additionalProperties": {"anyOf": [FACT_VALUE, list_of(FACT_VALUE)]},
        },
    }


def schema_text() -> str:
    """The schema as the JSON text of ``schema/clearflow-1.schema.json``."""
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(path: str | Path) -> None:
    """Write :func:`schema_text` to ``path`` atomically (a symlink is kept, its target written).

    The schema reads no file, so no input can be overwritten.
    """
    write_atomic(path, schema_text())


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
