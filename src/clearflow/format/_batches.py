"""Reads the ``date:`` or ``dates:`` of a dated entry: one value for everyone, or one per batch.

Deadlines (``deadlines:``) and step openings (``opens:``) are written the same way; each
says its own words (a deadline's, an opening's) and reads its own kind of value (a date, a
date and time) through the one function here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import attrs

from clearflow._hints import join
from clearflow._i18n import Message
from clearflow.format._conditions import ConditionReader
from clearflow.format._nodes import Node
from clearflow.format._reader import Reader
from clearflow.format._schema_parts import Shape
from clearflow.spec import Selector, Where

Value = TypeVar("Value")


@attrs.frozen
class BatchWords:
    """What a kind of dated entry says when its ``date:``/``dates:`` are wrong (CF102)."""

    one_of: Message
    """Neither or both of ``date`` and ``dates``."""
    one_of_hint: Message
    empty: Message
    """An empty ``dates:`` list."""


@attrs.frozen
class Batch(Generic[Value]):
    """One value read, for the students ``who`` selects (everyone when None), and where."""

    value: Value
    who: Selector | None
    at: Where


EMPTY_HINT = Message("write one {{who, date}} per batch")


def read_batches(
    reader: Reader,
    conditions: ConditionReader,
    fields: dict[str, Node],
    at: Node,
    path: str,
    *,
    batch: Shape,
    value: Callable[[Node, str], Value | None],
    words: BatchWords,
) -> list[Batch[Value]]:
    """The entry's values: ``date:`` for everyone, or each ``{who, date}`` of ``dates:`` read
    against ``batch``, in order; a value ``value`` cannot read is left out (it reported it)."""
    if ("date" in fields) == ("dates" in fields):
        reader.report("CF102", at, path, words.one_of, words.one_of_hint)
        return []
    if "date" in fields:
        single = value(fields["date"], join(path, "date"))
        if single is None:
            return []
        return [Batch(single, None, reader.where(fields["date"], path))]
    found: list[Batch[Value]] = []
    items = reader.sequence(fields["dates"], join(path, "dates"))
    if items == ():
        reader.report("CF102", fields["dates"], join(path, "dates"), words.empty, EMPTY_HINT)
    for index, item in enumerate(items or ()):
        item_path = join(join(path, "dates"), index)
        rule = reader.fields(item, item_path, batch)
        if not rule or "date" not in rule:
            continue
        read = value(rule["date"], join(item_path, "date"))
        who = conditions.selector(rule["who"], join(item_path, "who")) if "who" in rule else None
        if read is not None:
            found.append(Batch(read, who, reader.where(item, item_path)))
    return found
