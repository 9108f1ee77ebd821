"""The located tree: the plain data a YAML file holds, each node remembering where it was written.

The format's intermediate form, between the strict loader (:mod:`clearflow.format._yaml`) and
the builders. Every scalar is kept as the text written; the builders give it a type.
"""

from __future__ import annotations

import attrs

from clearflow._i18n import Message
from clearflow.errors import Issue, Said

NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


@attrs.frozen
class Mark:
    """A 1-based line and column in the source text."""

    line: int
    column: int

    def issue(self, source: str, code: str, message: Said, hint: Said) -> Issue:
        """An error at this place in ``source``."""
        return Issue(
            code=code,
            message=message,
            hint=hint,
            source=source,
            line=self.line,
            column=self.column,
        )


START = Mark(1, 1)
"""The first character of a file: where whole-file problems are reported."""


@attrs.frozen
class Scalar:
    """A scalar, always as the text written; ``quoted`` tells ``'no'`` from ``no``."""

    value: str
    mark: Mark = attrs.field(eq=False)
    quoted: bool = attrs.field(default=False, eq=False)

    @property
    def is_null(self) -> bool:
        """Whether the scalar is an unquoted YAML null (``~``, ``null`` or nothing)."""
        return not self.quoted and self.value in NULL_WORDS


@attrs.frozen
class MapNode:
    """A mapping with its keys in file order; keys are unique scalars."""

    items: tuple[tuple[Scalar, Node], ...]
    mark: Mark = attrs.field(eq=False)

    def get(self, key: str) -> Node | None:
        """The value under ``key``, or None."""
        for name, value in self.items:
            if name.value == key:
                return value
        return None

    def keys(self) -> tuple[str, ...]:
        """The keys, in file order."""
        return tuple(name.value for name, _ in self.items)


@attrs.frozen
class ListNode:
    """A list of nodes."""

    items: tuple[Node, ...]
    mark: Mark = attrs.field(eq=False)


Node = Scalar | MapNode | ListNode


@attrs.frozen
class LoadedFile:
    """A loaded file: its label for messages, its root node and what was wrong but readable.

    ``issues`` holds problems that do not stop reading (a duplicate key keeps its
    first value), so they are reported together with everything found later.
    """

    source: str
    root: Node
    issues: tuple[Issue, ...] = ()


def kind_of(node: Node) -> Message:
    """How a node reads in an error message: 'a mapping', 'a list', 'null' or the value quoted."""
    if isinstance(node, MapNode):
        return Message("a mapping")
    if isinstance(node, ListNode):
        return Message("a list")
    return Message("null") if node.is_null else Message("'{value}'", value=node.value)
