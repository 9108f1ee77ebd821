"""Builds office and hall hours (weekdays, breaks, a date range, ``who:``); the policies for
acting outside them are read by :mod:`clearflow.format._policies`."""

from __future__ import annotations

import datetime as dt

from clearflow._hints import join
from clearflow._i18n import Message
from clearflow.format._conditions import ConditionReader
from clearflow.format._nodes import ListNode, Node, Scalar
from clearflow.format._reader import Reader
from clearflow.format._when_shapes import BREAK, HOURS
from clearflow.spec import WEEKDAYS, Break, Hours, weekday_name

_CLOCK = "%H:%M"
_DAYS_HINT = Message("write e.g. 'mon-fri' or a list [mon, wed]")


def hours_list(
    reader: Reader, conditions: ConditionReader, node: Node | None, path: str
) -> tuple[Hours, ...]:
    """Opening hours: a list of ``{days, open, close, breaks, from, until, who}``."""
    result: list[Hours] = []
    for index, item in enumerate(reader.sequence(node, path) or () if node else ()):
        item_path = join(path, index)
        fields = reader.fields(item, item_path, HOURS)
        if not fields or "open" not in fields or "close" not in fields:
            continue
        opens = reader.time(fields["open"], join(item_path, "open"))
        closes = reader.time(fields["close"], join(item_path, "close"))
        days = _days(reader, fields["days"], join(item_path, "days")) if "days" in fields else None
        since = reader.date(fields["from"], join(item_path, "from")) if "from" in fields else None
        until = (
            reader.date(fields["until"], join(item_path, "until")) if "until" in fields else None
        )
        who = (
            conditions.selector(fields["who"], join(item_path, "who")) if "who" in fields else None
        )
        if opens is None or closes is None:
            continue
        if closes <= opens:
            reader.report(
                "CF210",
                item,
                item_path,
                Message(
                    "closes at {closes}, not after it opens at {opens}",
                    closes=closes.strftime(_CLOCK),
                    opens=opens.strftime(_CLOCK),
                ),
                Message("write the opening time first"),
            )
            continue
        if since and until and until < since:
            reader.report(
                "CF210",
                fields["until"],
                join(item_path, "until"),
                Message("'until' {until} is before 'from' {since}", until=until, since=since),
                Message("swap the two dates"),
            )
            continue
        breaks = _breaks(reader, fields.get("breaks"), join(item_path, "breaks"), opens, closes)
        result.append(
            Hours(
                days=days or WEEKDAYS[:5],
                open=opens,
                close=closes,
                breaks=breaks,
                since=since,
                until=until,
                who=who,
                at=reader.where(item, item_path),
            )
        )
    return tuple(result)


def _breaks(
    reader: Reader, node: Node | None, path: str, opens: dt.time, closes: dt.time
) -> tuple[Break, ...]:
    """The pauses of one hours entry, each inside ``opens``..``closes``."""
    result: list[Break] = []
    for index, item in enumerate(reader.sequence(node, path) or () if node else ()):
        item_path = join(path, index)
        fields = reader.fields(item, item_path, BREAK)
        if not fields or "start" not in fields or "end" not in fields:
            continue
        start = reader.time(fields["start"], join(item_path, "start"))
        end = reader.time(fields["end"], join(item_path, "end"))
        if start is None or end is None:
            continue
        if end <= start:
            reader.report(
                "CF210",
                item,
                item_path,
                Message(
                    "the break ends at {end}, not after it starts at {start}",
                    end=end.strftime(_CLOCK),
                    start=start.strftime(_CLOCK),
                ),
                Message("write the start time first"),
            )
            continue
        if start <= opens or end >= closes:
            reader.report(
                "CF210",
                item,
                item_path,
                Message(
                    "the break {start}–{end} is not inside the hours {opens}–{closes}",
                    start=start.strftime(_CLOCK),
                    end=end.strftime(_CLOCK),
                    opens=opens.strftime(_CLOCK),
                    closes=closes.strftime(_CLOCK),
                ),
                Message("a break starts after the opening and ends before the closing"),
            )
            continue
        result.append(Break(start=start, end=end, at=reader.where(item, item_path)))
    return tuple(result)


def _days(reader: Reader, node: Node, path: str) -> tuple[str, ...] | None:
    """Weekdays: one day, a range ``mon-fri``, or a list of days and ranges."""
    days: list[str] = []
    ok = True
    for index, item in enumerate(reader.sequence_or_one(node, path)):
        item_path = path if item is node else join(path, index)
        if isinstance(item, Scalar) and "-" in item.value:
            start, _, end = item.value.partition("-")
            first, last = weekday_name(start), weekday_name(end)
            if first and last and WEEKDAYS.index(first) <= WEEKDAYS.index(last):
                days += WEEKDAYS[WEEKDAYS.index(first) : WEEKDAYS.index(last) + 1]
                continue
            reader.report(
                "CF104",
                item,
                item_path,
                Message(
                    "expected {expected}, found '{value}'",
                    expected=Message("a weekday range"),
                    value=item.value,
                ),
                _DAYS_HINT,
            )
            ok = False
            continue
        day = reader.weekday(item, item_path)
        ok = ok and day is not None
        if day is not None:
            days.append(day)
    if ok and not days and isinstance(node, ListNode):
        reader.report("CF102", node, path, Message("no weekdays given"), _DAYS_HINT)
    return tuple(day for day in WEEKDAYS if day in days) if ok and days else None
