"""The shapes: one description of each mapping's keys, read by the builders and the schema."""

from __future__ import annotations

import pytest

from clearflow.format._schema_parts import LABEL_KEYS
from clearflow.format._shapes import FACT, PREREQUISITE, STATION, WORKFLOW
from clearflow.format._steps import STATION_KEYS
from clearflow.format.schema import build_schema
from clearflow.loading import inspect_text

MINIMAL = """\
clearflow: 1
id: minimal-2024
title: {zh: 某学院离校手续, en: Leaving procedure}
offices:
  finance: {zh: 财务处, en: Finance Office}
facts:
  party_member: {type: bool, default: false, en: Party member}
stations:
  - {id: hall, office: finance, when: party_member, room: A1, en: Hall}
"""


def messages(text: str) -> list[str]:
    """The messages of every issue found in a workflow text."""
    return [str(issue.message) for issue in inspect_text(text)[1]]


def test_a_key_added_to_a_shape_is_read_and_in_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key added to the station shape is accepted by the step builder and described in the schema.

    Without it the builder refuses the key, so the shape really is what the builder reads.
    """
    assert messages(MINIMAL) == ["unknown key 'room'"]
    monkeypatch.setitem(STATION.properties, "room", {"type": "string"})
    assert messages(MINIMAL) == []
    assert build_schema()["$defs"]["station"]["properties"]["room"] == {"type": "string"}


def test_a_key_removed_from_a_shape_is_refused_and_not_in_the_schema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without 'default' in the fact shape, a fact's default is an unknown key and undescribed."""
    text = MINIMAL.replace(" room: A1,", "")
    assert messages(text) == []
    monkeypatch.delitem(FACT.properties, "default")
    assert [(issue.code, str(issue.message)) for issue in inspect_text(text)[1]] == [
        ("CF101", "unknown key 'default'")
    ]
    assert "default" not in build_schema()["$defs"]["fact"]["properties"]


def test_a_required_key_is_required_by_the_builder_and_the_schema() -> None:
    """The top level's required keys are reported when missing and listed as required."""
    schema = build_schema()
    assert schema["required"] == list(WORKFLOW.required) == ["clearflow", "id", "title"]
    assert set(schema["properties"]) == set(WORKFLOW.keys)
    text = MINIMAL.replace(" room: A1,", "").replace("title:", "name:")
    assert "missing key 'title'" in messages(text)


def test_a_labelled_shape_allows_the_label_keys() -> None:
    """A labelled shape allows zh and en beside its own keys; neither is required."""
    assert STATION.keys[-2:] == LABEL_KEYS == ("zh", "en")
    assert set(LABEL_KEYS) <= set(STATION.optional)
    assert STATION.required == ("id", "office")


def test_station_keys_are_the_stations_own() -> None:
    """The keys a prerequisite refuses as station-only are those the station shape adds."""
    assert STATION_KEYS == ("staff", "minutes", "place")
    assert set(STATION.keys) - set(PREREQUISITE.keys) == set(STATION_KEYS)
