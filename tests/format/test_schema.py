"""The JSON Schema: generated, committed, bilingual, in step with the builders, and right."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from clearflow.cli import main
from clearflow.format._nodes import MapNode, Node
from clearflow.format._reader import Reader
from clearflow.format._steps import STATION_KEYS
from clearflow.format._yaml import parse, read_text
from clearflow.format.schema import SCHEMA_FILE, build_schema, editor_data, schema_text
from clearflow.loading import inspect_path, inspect_text
from support.shipped import SHIPPED, doc_blocks

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "schema" / SCHEMA_FILE
SCHEMA = build_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
REFUSED_LATER = {re.compile(r"prerequisites\[\d+\]\Z"): frozenset(STATION_KEYS)}
"""Keys a builder reads in a mapping but then refuses there, with a message of its own."""

MINIMAL = """\
clearflow: 1
id: minimal-2024
title: {zh: 某学院离校手续, en: Leaving procedure}
offices:
  finance: {zh: 财务处, en: Finance Office}
facts:
  party_member: {type: bool, default: false, en: Party member}
prerequisites:
  - {id: fees_paid, office: finance, when: party_member, en: Fees paid}
schedule:
  hours:
    - {open: 9:00, close: 16:30, days: mon-fri}
"""


def errors(data: Any) -> list[str]:
    """The schema's complaints about some data, as ``path: message`` lines."""
    return [
        f"{error.json_path}: {error.message}"
        for error in sorted(VALIDATOR.iter_errors(data), key=lambda error: error.json_path)
    ]


def editor_view(text: str) -> Any:
    """YAML text as an editor's schema check sees it."""
    return editor_data(parse(text, "snippet.yaml").root)


def test_committed_schema_is_generated() -> None:
    """schema/clearflow-1.schema.json is exactly what `clearflow schema` prints (regenerate it)."""
    assert COMMITTED.read_text(encoding="utf-8") == schema_text()


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The schema passes the draft 2020-12 meta-schema."""
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def descriptions(node: Any) -> Iterator[str]:
    """Every description in the schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield value
            else:
                yield from descriptions(value)
    elif isinstance(node, list):
        for item in node:
            yield from descriptions(item)


def test_every_description_is_in_english_and_chinese() -> None:
    """Each description reads 'English / 中文', since editors show only 'description'."""
    found = list(descriptions(SCHEMA))
    assert len(found) > 60
    for text in found:
        english, _, chinese = text.partition(" / ")
        assert english, text
        assert english.isascii(), text
        assert re.search(r"[\u4e00-\u9fff]", chinese), text


# -- one source for the builders and the schema ---------------------------------------------------


def recorded_mappings() -> set[tuple[str, frozenset[str], frozenset[str]]]:
    """Every mapping the builders read in the shipped workflows and the format reference.

    Each is ``(path, required keys, allowed keys)``, as passed to ``Reader.mapping``.
    """
    calls: set[tuple[str, frozenset[str], frozenset[str]]] = set()
    original = Reader.mapping

    def spy(
        self: Reader,
        node: Node,
        path: str,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
    ) -> dict[str, Node] | None:
        if isinstance(node, MapNode):
            calls.add((path, frozenset(required), frozenset(required) | frozenset(optional)))
        return original(self, node, path, required, optional)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Reader, "mapping", spy)
        for path in SHIPPED:
            inspect_path(path)
        for block in doc_blocks():
            if block.startswith("clearflow: 1"):
                inspect_text(block)
    return calls


def expand(node: Any) -> Iterator[dict[str, Any]]:
    """A schema node and every branch of its $ref, anyOf, oneOf and allOf."""
    if not isinstance(node, dict):
        return
    yield node
    if "$ref" in node:
        yield from expand(SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]])
    for keyword in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(keyword, ()):
            yield from expand(branch)


def schemas_at(path: str) -> list[dict[str, Any]]:
    """The object schemas a key path such as ``stations[2].when.any[0]`` can reach."""
    nodes: list[Any] = [SCHEMA]
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        following: list[Any] = []
        for candidate in (branch for node in nodes for branch in expand(node)):
            if index:
                following += [candidate["items"]] if "items" in candidate else []
            elif name in candidate.get("properties", {}):
                following.append(candidate["properties"][name])
            elif isinstance(candidate.get("additionalProperties"), dict):
                following.append(candidate["additionalProperties"])
        nodes = following
    return [branch for node in nodes for branch in expand(node) if "properties" in branch]


def test_every_mapping_the_builders_read_is_in_the_schema() -> None:
    """Each mapping the builders read has an object schema with exactly its keys and required.

    Both come from one shape, so this fails when a builder reads a mapping with the wrong
    shape, or without one; regenerate the committed schema with
    `clearflow schema -o schema/clearflow-1.schema.json` after changing a shape.
    """
    calls = recorded_mappings()
    assert len({path for path, _, _ in calls}) > 100
    problems = []
    for path, required, allowed in sorted(calls, key=lambda call: call[0]):
        refused = frozenset().union(
            *(keys for pattern, keys in REFUSED_LATER.items() if pattern.match(path))
        )
        wanted = allowed - refused
        found = schemas_at(path)
        if not any(
            set(schema["properties"]) == wanted and set(schema.get("required", ())) == required
            for schema in found
        ):
            offered = [sorted(schema["properties"]) for schema in found]
            problems.append(f"{path}: builders read {sorted(wanted)}, schema has {offered}")
    assert problems == []


# -- validating workflows -------------------------------------------------------


@pytest.mark.parametrize(
    "path", SHIPPED, ids=[path.relative_to(ROOT).as_posix() for path in SHIPPED]
)
def test_shipped_workflow_is_valid_against_the_schema(path: Path) -> None:
    """Every shipped workflow, read as a YAML 1.2 editor reads it, passes the schema."""
    data = editor_data(parse(read_text(path), str(path)).root)
    assert errors(data) == []


@pytest.mark.parametrize(
    "path", SHIPPED, ids=[path.relative_to(ROOT).as_posix() for path in SHIPPED]
)
def test_shipped_workflow_names_the_schema(path: Path) -> None:
    """The first line points editors at the committed schema, relative to the file."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    relative = Path(os.path.relpath(COMMITTED, path.parent)).as_posix()
    assert first == f"# yaml-language-server: $schema={relative}"
    assert (path.parent / relative).resolve() == COMMITTED


def test_minimal_workflow_is_valid() -> None:
    """A small workflow with a condition, a default and office hours passes."""
    assert errors(editor_view(MINIMAL)) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("prerequisites:", "staions: []\nprerequisites:", "$: Additional properties"),
        ("id: fees_paid", "id: Fees-Paid", "$.prerequisites[0].id: 'Fees-Paid' does not match"),
        ("open: 9:00", "open: 9.00", "$.schedule.hours[0].open: 9.0 is not of type 'string'"),
        ("mon-fri", "monday-friday-", "$.schedule.hours[0].days: 'monday-friday-' is not valid"),
        ("clearflow: 1", "clearflow: 2", "$.clearflow: 1 was expected"),
        ("{type: bool,", "{type: choice,", "$.facts.party_member: 'values' is a required"),
        ("when: party_member", "when: {not: a, all: [b]}", "$.prerequisites[0].when: {"),
        ("office: finance,", "office: finance, staff: 2,", "$.prerequisites[0]: Additional"),
    ],
    ids=[
        "unknown-key",
        "bad-id",
        "time-as-number",
        "bad-days",
        "version",
        "choice",
        "condition",
        "staff-on-prerequisite",
    ],
)
def test_schema_rejects_broken_workflows(old: str, new: str, expected: str) -> None:
    """Unknown keys, bad ids, times YAML reads as numbers and other slips are flagged."""
    assert old in MINIMAL
    found = errors(editor_view(MINIMAL.replace(old, new, 1)))
    assert any(line.startswith(expected) for line in found), found


def test_editor_data_reads_yaml_as_yaml_1_2() -> None:
    """Digits are ints, true/false bools, null None; times, dates and quoted text strings."""
    text = "a: 12\nb: true\nc: ~\nd: 9:00\ne: 2014-07-04\nf: '12'\ng: no\nh: 1.5\ni:\nj: [False]\n"
    assert editor_view(text) == {
        "a": 12,
        "b": True,
        "c": None,
        "d": "9:00",
        "e": "2014-07-04",
        "f": "12",
        "g": "no",
        "h": 1.5,
        "i": None,
        "j": [False],
    }


# -- clearflow schema -------------------------------------------------------------


def test_schema_command_prints_the_schema() -> None:
    """`clearflow schema` prints the generated schema and exits 0."""
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert result.output == schema_text()


def test_schema_command_writes_a_file(tmp_path: Path) -> None:
    """`clearflow schema -o FILE` writes the schema to FILE and prints nothing."""
    target = tmp_path / "clearflow.format.schema.json"
    result = CliRunner().invoke(main, ["schema", "-o", str(target)])
    assert (result.exit_code, result.output) == (0, "")
    assert target.read_text(encoding="utf-8") == schema_text()


def test_schema_command_writes_through_a_symlink(tmp_path: Path) -> None:
    """`clearflow schema -o LINK` keeps the link and writes the file it points to, atomically."""
    (tmp_path / "schema").mkdir()
    target = tmp_path / "schema" / "clearflow-1.schema.json"
    target.write_text("{}", encoding="utf-8")
    link = tmp_path / "clearflow.schema.json"
    link.symlink_to(Path("schema") / target.name)
    result = CliRunner().invoke(main, ["schema", "-o", str(link)])
    assert (result.exit_code, result.output) == (0, "")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == schema_text()
    assert [path.name for path in target.parent.iterdir()] == [target.name]
