"""A renames file: old step and office ids mapped to new ones, checked against both workflows.

Registry staff who revise a workflow mid-season and rename a step or an office say so in a
small YAML file, read by the strict reader like every other file here::

    steps: {library_cleared: library_returned}
    offices: {student_aid: aid_center}

Every problem is located (``file:line:col: path: message (hint) [CODE]``): a key other than
``steps`` or ``offices`` (CF101), an id that is not an id (CF104), an old id the old
workflow lacks (CF211), a new id the new workflow lacks (CF212), two old ids renamed to one
(CF213); each unknown id with a did-you-mean. A migration plan (``clearflow.migration``)
turns the map into the engine's ``Renames``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import attrs

from clearflow._hints import join, known, suggest
from clearflow._i18n import Message
from clearflow.errors import WorkflowError
from clearflow.format._nodes import Node, Scalar
from clearflow.format._reader import Reader
from clearflow.format._yaml import parse, read_text
from clearflow.spec import Workflow

KINDS = ("steps", "offices")
"""The two maps of a renames file, in the order they are read."""


@attrs.frozen(kw_only=True)
class RenameMap:
    """A renames file read: old id -> new id, for steps and for offices."""

    steps: Mapping[str, str] = attrs.field(factory=dict)
    offices: Mapping[str, str] = attrs.field(factory=dict)


def read_renames(path: str | Path, old: Workflow, new: Workflow) -> RenameMap:
    """Read a renames file for a move from ``old`` to ``new``; raise WorkflowError with every
    located problem."""
    return parse_renames(read_text(path), old, new, str(path))


def parse_renames(text: str, old: Workflow, new: Workflow, source: str = "<renames>") -> RenameMap:
    """The renames YAML text gives, each old id checked against ``old`` and each new id
    against ``new``."""
    document = parse(text, source, Message("a renames file starts with 'steps:' or 'offices:'"))
    reader = Reader(source)
    reader.issues.extend(document.issues)
    fields = reader.mapping(document.root, "", optional=KINDS)
    maps: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    if fields is not None:
        for kind in KINDS:
            if kind in fields:
                maps[kind] = _renames(reader, kind, fields[kind], _ids(old, kind), _ids(new, kind))
    if reader.issues:
        raise WorkflowError(reader.issues, new.language)
    return RenameMap(steps=maps["steps"], offices=maps["offices"])


def _ids(workflow: Workflow, kind: str) -> frozenset[str]:
    items = workflow.steps if kind == "steps" else workflow.offices
    return frozenset(item.id for item in items)


def _renames(
    reader: Reader, kind: str, node: Node, old: frozenset[str], new: frozenset[str]
) -> dict[str, str]:
    """One map's entries, each side checked (CF211, CF212), none renamed to one id (CF213)."""
    names: dict[str, str] = {}
    taken: dict[str, int] = {}
    words = _WORDS[kind]
    for key, value in reader.entries(node, kind):
        path = join(kind, key.value)
        before = len(reader.issues)
        old_id = reader.ident(key, path)
        new_id = reader.ident(value, path)
        if old_id is not None and old_id not in old:
            hint = suggest(old_id, old) or known(words.many, old)
            reader.report("CF211", key, path, words.not_old(old_id), hint)
        if new_id is not None and new_id not in new:
            hint = suggest(new_id, new) or known(words.many, new)
            reader.report("CF212", value, path, words.not_new(new_id), hint)
        if new_id is not None and new_id in taken:
            reader.report(
                "CF213",
                value,
                path,
                words.twice(new_id, taken[new_id]),
                Message("a rename is one-to-one; a merge of two is a new id in the new workflow"),
            )
        if new_id is not None and isinstance(value, Scalar):
            taken.setdefault(new_id, value.mark.line)
        if len(reader.issues) == before and old_id is not None and new_id is not None:
            names[old_id] = new_id
    return names


@attrs.frozen
class _Words:
    """What a renames file's problems say of one kind of id."""

    many: Message
    not_old: Callable[[str], Message]
    not_new: Callable[[str], Message]
    twice: Callable[[str, int], Message]


_WORDS = {
    "steps": _Words(
        Message("steps"),
        lambda name: Message("the old workflow has no step '{name}'", name=name),
        lambda name: Message("the new workflow has no step '{name}'", name=name),
        lambda name, line: Message(
            "step '{name}' is already the new id of another step (line {line})",
            name=name,
            line=line,
        ),
    ),
    "offices": _Words(
        Message("offices"),
        lambda name: Message("the old workflow has no office '{name}'", name=name),
        lambda name: Message("the new workflow has no office '{name}'", name=name),
        lambda name, line: Message(
            "office '{name}' is already the new id of another office (line {line})",
            name=name,
            line=line,
        ),
    ),
}
