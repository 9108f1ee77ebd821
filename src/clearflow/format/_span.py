"""Where each scalar and comment of a YAML text is, so a file can be edited in place.

Rewriting a file through a YAML emitter re-indents lists and re-flows long flow mappings;
replacing scalars at their spans keeps every other character as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import attrs
import yaml

from clearflow._hints import join

_COMMENT_START = re.compile(r"(?:^|(?<=\s))#")


@attrs.frozen(kw_only=True)
class Span:
    """A scalar's value, key path, 1-based line and exact span (``text[start:end]``)."""

    path: str
    value: str
    start: int
    end: int
    line: int
    key: bool = False


def spans(text: str) -> tuple[Span, ...]:
    """Every scalar of ``text``, keys included, in file order (raises ``yaml.YAMLError``)."""
    return tuple(_walk(yaml.compose(text, Loader=yaml.SafeLoader), ""))


def _span(node: yaml.Node, path: str, *, key: bool = False) -> Span:
    return Span(
        path=path,
        value=str(node.value),
        start=node.start_mark.index,
        end=node.end_mark.index,
        line=node.start_mark.line + 1,
        key=key,
    )


def _walk(node: yaml.Node | None, path: str) -> Iterator[Span]:
    if isinstance(node, yaml.ScalarNode):
        yield _span(node, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, join(path, index))
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = join(path, str(key.value) if isinstance(key, yaml.ScalarNode) else "?")
            if isinstance(key, yaml.ScalarNode):
                yield _span(key, name, key=True)
            yield from _walk(value, name)


def comments(text: str, scalars: tuple[Span, ...]) -> tuple[tuple[int, str], ...]:
    """Each comment as (line, text from ``#``); a ``#`` inside a scalar is not one."""
    inside = [(span.start, span.end) for span in scalars]
    found: list[tuple[int, str]] = []
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        for match in _COMMENT_START.finditer(line):
            at = offset + match.start()
            if not any(start <= at < end for start, end in inside):
                found.append((number, line[match.start() :].rstrip()))
                break
        offset += len(line)
    return tuple(found)


def splice(text: str, edits: Mapping[int, tuple[int, str]]) -> str:
    """``text`` with each span ``start → (end, replacement)`` replaced (spans do not overlap)."""
    parts: list[str] = []
    position = 0
    for start in sorted(edits):
        end, replacement = edits[start]
        parts += [text[position:start], replacement]
        position = end
    parts.append(text[position:])
    return "".join(parts)
