"""Reads a step's ``opens:``: when its office starts acting on it, per batch.

Written like a deadline (:func:`clearflow.format._tables.read_deadlines`): a plain date or
date and time for everyone, or a mapping with ``date:`` or ``dates:`` (one ``{who, date}``
per batch) and ``early: flag|block``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from clearflow._hints import join
from clearflow._i18n import N_, Message
from clearflow.format._batches import BatchWords, read_batches
from clearflow.format._conditions import ConditionReader
from clearflow.format._nodes import Node, Scalar
from clearflow.format._policies import policy
from clearflow.format._reader import Reader
from clearflow.format._shapes import OPENING, OPENING_BATCH
from clearflow.spec import Opening, OpeningRule

_MOMENT = re.compile(r"(\d{4}-\d{2}-\d{2})(?: (\d{1,2}):(\d{2}))?\Z")


def read_opening(
    reader: Reader, conditions: ConditionReader, node: Node | None, path: str
) -> Opening | None:
    """The step's opening, or None when it has none (or it could not be read)."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        moment = _moment(reader, node, path)
        return (
            Opening(moments=(OpeningRule(moment=moment, at=reader.where(node, path)),))
            if moment
            else None
        )
    fields = reader.fields(node, path, OPENING)
    if fields is None:
        return None
    early = (
        policy(
            reader,
            fields.get("early"),
            join(path, "early"),
            N_("unknown early policy '{policy}'"),
            Message("write 'flag' to record early actions or 'block' to refuse them"),
        )
        or "flag"
    )
    rules = _rules(reader, conditions, fields, node, path)
    return Opening(moments=tuple(rules), early=early) if rules else None


OPENING_WORDS = BatchWords(
    one_of=Message("an opening needs exactly one of 'date' or 'dates'"),
    one_of_hint=Message(
        "write 'date: YYYY-MM-DD HH:MM', or 'dates:' with one {{who, date}} per batch"
    ),
    empty=Message("an opening needs at least one date"),
)


def _rules(
    reader: Reader, conditions: ConditionReader, fields: dict[str, Node], at: Node, path: str
) -> list[OpeningRule]:
    moment = functools.partial(_moment, reader)
    batches = read_batches(
        reader, conditions, fields, at, path, batch=OPENING_BATCH, value=moment, words=OPENING_WORDS
    )
    return [OpeningRule(moment=item.value, who=item.who, at=item.at) for item in batches]


def _moment(reader: Reader, node: Node, path: str) -> dt.datetime | None:
    """A date (the start of that day) or a date and time ``YYYY-MM-DD HH:MM``, local."""
    value = reader.text(node, path)
    if value is None:
        return None
    found = _MOMENT.match(value.strip())
    if found:
        try:
            day = dt.date.fromisoformat(found[1])
            if found[2] is None:
                return dt.datetime.combine(day, dt.time())
            return dt.datetime.combine(day, dt.time(int(found[2]), int(found[3])))
        except ValueError:
            pass
    reader.mismatch(
        node,
        path,
        Message("a date, or a date and time"),
        Message("write YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. '2018-06-29 14:00'"),
        value,
    )
    return None
