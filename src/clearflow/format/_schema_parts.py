"""The JSON Schema vocabulary the format's shapes are written in: patterns, values, helpers.

Each key is described in English and Chinese by :func:`say`; :func:`mapping` closes a
mapping to its listed keys, as the builders do. The shapes themselves, one per mapping of
the format, are in :mod:`clearflow.format._shapes`.
"""

from __future__ import annotations

from typing import Any

import attrs

from clearflow._i18n import N_, lookup
from clearflow.spec import FULL_WEEKDAYS

Schema = dict[str, Any]

ID = "^[a-z][a-z0-9_]*$"
WORKFLOW_ID = "^[A-Za-z0-9_-]+$"
DATE = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
TIME = "^([01]?[0-9]|2[0-3]):[0-5][0-9]$"
MOMENT_PATTERN = DATE[:-1] + "( ([01]?[0-9]|2[0-3]):[0-5][0-9])?$"
"""A date, or a date and a time of day: ``2018-06-29 14:00``."""


def _any_case(word: str) -> str:
    return "".join(f"[{letter}{letter.upper()}]" for letter in word)


_DAY = "(" + "|".join(f"{_any_case(day)}|{_any_case(day[:3])}" for day in FULL_WEEKDAYS) + ")"
WEEKDAY = f"^{_DAY}$"
DAYS = f"^{_DAY}(-{_DAY})?$"


def say(en: str, schema: Schema) -> Schema:
    """``schema`` with a description: ``en`` is a catalogue id (marked ``N_``), written in both
    languages by :func:`bilingual` when the schema is built (not at import: the shapes are
    module constants, and a command in English reads no catalogue)."""
    return {"description": en, **schema}


def bilingual(schema: Schema) -> Schema:
    """``schema`` with every description (and the title) as ``English / 中文``."""
    return {key: _bilingual(key, value) for key, value in schema.items()}


def _bilingual(key: str, value: Any) -> Any:
    if isinstance(value, dict):
        return bilingual(value)
    if isinstance(value, list):
        return [bilingual(item) if isinstance(item, dict) else item for item in value]
    if key in ("description", "title") and isinstance(value, str):
        return f"{value} / {lookup(value, 'zh')}"
    return value


def ref(name: str) -> Schema:
    """A reference to one of the schema's ``$defs``."""
    return {"$ref": f"#/$defs/{name}"}


def list_of(item: Schema) -> Schema:
    """A list of ``item``."""
    return {"type": "array", "items": item}


def table(value: Schema) -> Schema:
    """A mapping from id to ``value`` (offices, facts, deadlines, outcomes)."""
    return {"type": "object", "propertyNames": {"pattern": ID}, "additionalProperties": value}


def mapping(
    properties: Schema, required: tuple[str, ...] = (), *, labelled: bool = False, **more: Any
) -> Schema:
    """A mapping with exactly these keys; ``labelled`` adds ``zh`` and ``en``, one required."""
    if labelled:
        properties = {**properties, **LABEL_PROPERTIES}
        more = {"anyOf": [{"required": ["zh"]}, {"required": ["en"]}], **more}
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return {**schema, "additionalProperties": False, **more}


LABEL_PROPERTIES: Schema = {
    "zh": say(N_("Chinese name"), ref("text")),
    "en": say(N_("English name"), ref("text")),
}
"""The keys of a bilingual label, which :func:`mapping` adds to a ``labelled`` mapping."""
LABEL_KEYS = tuple(LABEL_PROPERTIES)
ID_VALUE: Schema = {"type": "string", "pattern": ID}
WHOLE: Schema = {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}
POSITIVE: Schema = {**WHOLE, "minimum": 1}
FACT_VALUE: Schema = {"type": ["boolean", "integer", "string"]}
DAYS_VALUE: Schema = {"type": "string", "pattern": DAYS}
WHO = say(N_("Students selected by their facts"), ref("selector"))


@attrs.frozen
class Shape:
    """One mapping of the format: its keys and their schemas, in the order the schema lists them.

    ``labelled`` adds the label keys ``zh`` and ``en`` (one of them required in the schema;
    the builders report a missing label themselves). ``rules`` holds further schema keywords
    (``anyOf``, ``oneOf``, ``if``) for what the builders check with messages of their own.
    """

    properties: Schema
    required: tuple[str, ...] = ()
    labelled: bool = False
    rules: dict[str, Any] = attrs.field(factory=dict)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key the mapping allows."""
        return (*self.properties, *(LABEL_KEYS if self.labelled else ()))

    @property
    def optional(self) -> tuple[str, ...]:
        """The keys the mapping allows but does not require."""
        return tuple(key for key in self.keys if key not in self.required)

    def schema(self) -> Schema:
        """The JSON Schema of the mapping, closed to its keys."""
        return mapping(self.properties, self.required, labelled=self.labelled, **self.rules)
