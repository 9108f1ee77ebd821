"""An existing notice against the workflow: the dates, weekdays, times and headcounts that differ.

:func:`compare` reads a notice's text (:func:`~clearflow.documents._reading.read_notice`)
and reports, each at its line and column, in zh and en:

- a weekday written beside a date that is not that date's weekday;
- a date that is none of the workflow's (its service days, sessions, deadlines, issue date);
  or a date written for a group of students (``7月9、10日为院本部高职学生…``: the groups are
  found by the workflow's own value labels on the date's line) that is not a day of that
  group's sessions;
- a time range that is none of the sessions' times and the hall's or offices' hours;
- a headcount that differs from the workflow's for the group it names (a session's
  ``expected:`` or a cohort count; the group is named by the labels between the previous
  date, time or number and this one), and in a table, the row's date or time (carried down
  from the row above, as a table copied into text leaves blank cells) that is not that
  session's.

A number, date or time the workflow does not speak about (a headcount naming no group) is
left alone: a difference is reported only where the workflow says otherwise.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator, Sequence

import attrs

from clearflow._i18n import N_, Lang, Message
from clearflow.documents._content import service_dates
from clearflow.documents._dates import day_message, span_message
from clearflow.documents._groups import (
    Group,
    Labels,
    groups,
    known_dates,
    known_spans,
    who_words,
)
from clearflow.documents._reading import (
    Found,
    FoundCount,
    FoundDate,
    FoundSpan,
    Spot,
    introduces,
    line_starts,
    read_notice,
)
from clearflow.spec import WEEKDAY_WORDS, Workflow
from clearflow.words import join_messages

MAX_CELL = 48
"""A line wider than this (stripped; a Chinese character counts two) is prose: it ends a
table, whose cells carry down."""
LIST = N_("{left}, {right}")


@attrs.frozen(kw_only=True)
class Difference:
    """One thing a notice says that the workflow says otherwise, where the notice says it."""

    path: str
    line: int
    column: int
    kind: str
    """``weekday``, ``date``, ``time`` or ``headcount``."""
    found: str
    message: Message

    def text(self, lang: Lang = "en") -> str:
        """``notice.txt:84:6: 7月8日 is not a date of the workflow (…)``."""
        return f"{self.path}:{self.line}:{self.column}: {self.message.text(lang)}"

    def __str__(self) -> str:
        return self.text("en")


def compare(workflow: Workflow, text: str, path: str = "<notice>") -> list[Difference]:
    """The differences between a notice's ``text`` (read from ``path``) and ``workflow``."""
    found = read_notice(text)
    labels = Labels.of(workflow)
    year = _year(workflow)
    starts = line_starts(text)
    lines = text.split("\n")
    items = list(_differences(workflow, found, labels, year, starts, lines, text))
    seen: set[tuple[int, int, str]] = set()
    result = []
    for spot, kind, message in items:
        key = (spot.line, spot.column, kind)
        if key not in seen:
            seen.add(key)
            result.append(
                Difference(
                    path=path,
                    line=spot.line,
                    column=spot.column,
                    kind=kind,
                    found=spot.text,
                    message=message,
                )
            )
    return sorted(result, key=lambda d: (d.line, d.column))


def _year(workflow: Workflow) -> int:
    if workflow.issued is not None:
        return workflow.issued.year
    days = service_dates(workflow)
    return days[0].year if days else dt.date.today().year


Said = tuple[Spot, str, Message]


def _differences(
    workflow: Workflow,
    found: Sequence[Found],
    labels: Labels,
    year: int,
    starts: list[int],
    lines: list[str],
    text: str,
) -> Iterator[Said]:
    known = known_dates(workflow)
    spans = known_spans(workflow)
    every = groups(workflow)
    carried_date: FoundDate | None = None
    carried_span: FoundSpan | None = None
    previous_end = 0
    for item in found:
        offset = starts[item.at.line - 1] + item.at.column - 1
        prose_between = any(
            _is_prose(line) for line in lines[_line(starts, previous_end) + 1 : item.at.line - 1]
        )
        if prose_between:
            carried_date = carried_span = None
        if isinstance(item, FoundDate):
            named = _line_groups(labels, lines, item.at.line)
            yield from _date(workflow, item, year, known, named, every)
            carried_date, carried_span = item, None
        elif isinstance(item, FoundSpan):
            if (item.start, item.end) not in spans:
                yield (
                    item.at,
                    "time",
                    Message(
                        "{span} is none of the workflow's session times or hours ({spans})",
                        span=span_message(item.start, item.end),
                        spans=join_messages(LIST, [span_message(*pair) for pair in sorted(spans)]),
                    ),
                )
            carried_span = item
        else:
            low = (
                _cells_start(lines, starts, previous_end, item)
                if item.cell
                else max(previous_end, starts[item.at.line - 1])
            )
            named = labels.find(text[low:offset])
            if item.cell or (carried_date and carried_date.at.line == item.at.line):
                row = (carried_date, carried_span)
            else:
                row = (None, None)
            yield from _count(workflow, item, named, every, row, year)
        previous_end = offset + len(item.at.text)


def _is_prose(line: str) -> bool:
    text = line.strip()
    return len(text) + sum(not char.isascii() for char in text) > MAX_CELL


def _line_groups(labels: Labels, lines: list[str], line: int) -> dict[str, set[object]]:
    """The groups a date's line names; else those of the line above when it introduces it
    (``（1）院本部各分院系中职学生办理毕业离校手续时间：`` above ``7月9日（星期三）``)."""
    named = labels.find(lines[line - 1])
    above = lines[line - 2].rstrip() if line > 1 else ""
    if not named and introduces(above):
        named = labels.find(above)
    return named


def _cells_start(lines: list[str], starts: list[int], previous_end: int, item: Found) -> int:
    """Where the cells before a table's number start: after the previous item, and after the
    last line of prose (a paragraph, not a cell) above it."""
    first = _line(starts, previous_end)
    for index in range(item.at.line - 2, first, -1):
        if _is_prose(lines[index]):
            return starts[index + 1]
    return previous_end


def _line(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1


def _days(days: Sequence[dt.date]) -> Message:
    return join_messages(LIST, [day_message(day) for day in sorted(days)])


def _date(
    workflow: Workflow,
    item: FoundDate,
    year: int,
    known: set[dt.date],
    named: dict[str, set[object]],
    every: Sequence[Group],
) -> Iterator[Said]:
    day = item.on(year)
    if day is None:
        yield item.at, "date", Message("'{text}' names no date", text=item.at.text)
        return
    if item.weekday is not None and item.weekday != day.weekday():
        yield (
            item.at,
            "weekday",
            Message(
                "{date} is a {actual}, not a {written}",
                date=day_message(day, weekday=False),
                actual=Message(WEEKDAY_WORDS[day.weekday()]),
                written=Message(WEEKDAY_WORDS[item.weekday]),
            ),
        )
    deadlines = {rule.date for deadline in workflow.deadlines for rule in deadline.dates}
    if day in deadlines or day == workflow.issued:
        return
    sessions = [g for g in _best(every, named) if g.session is not None]
    if sessions:
        theirs = sorted({g.session.date for g in sessions if g.session})
        if day not in theirs:
            yield (
                item.at,
                "date",
                Message(
                    "{date} is not a day of the sessions of {who} (the workflow: {days})",
                    date=day_message(day),
                    who=who_words(workflow, named),
                    days=_days(theirs),
                ),
            )
        return
    if day not in known:
        yield (
            item.at,
            "date",
            Message(
                "{date} is not a date of the workflow (its service days: {days})",
                date=day_message(day),
                days=_days(service_dates(workflow)),
            ),
        )


def _best(every: Sequence[Group], named: dict[str, set[object]]) -> list[Group]:
    scored = [(group.score(named), group) for group in every]
    top = max((score for score, _ in scored), default=0)
    return [group for score, group in scored if score == top and top > 0]


def _count(
    workflow: Workflow,
    item: FoundCount,
    named: dict[str, set[object]],
    every: Sequence[Group],
    row: tuple[FoundDate | None, FoundSpan | None],
    year: int,
) -> Iterator[Said]:
    best = _best(every, named)
    if not best:
        return
    date, span = row
    day = date.on(year) if date else None
    ranked = sorted(best, key=lambda g: (g.session is None or g.session.date != day, len(g.pairs)))
    if all(group.count != item.count for group in ranked if group.count is not None):
        group = next((g for g in ranked if g.count is not None), None)
        if group is not None:
            yield (
                item.at,
                "headcount",
                Message(
                    "{count} differs from the workflow's {expected} for {who}",
                    count=item.count,
                    expected=group.count,
                    who=group.words,
                ),
            )
    session = ranked[0].session
    if session is None:
        return
    if (
        date is not None
        and day is not None
        and all(g.session.date != day for g in ranked if g.session)
    ):
        yield (
            date.at,
            "date",
            Message(
                "the workflow serves {who} on {date}",
                who=ranked[0].words,
                date=day_message(session.date),
            ),
        )
    if span is not None and (span.start, span.end) != (session.start, session.end):
        yield (
            span.at,
            "time",
            Message(
                "the workflow serves {who} at {span}",
                who=ranked[0].words,
                span=span_message(session.start, session.end),
            ),
        )
