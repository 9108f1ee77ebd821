"""What staff must check by hand after a rollover, as a list of located items.

A rollover can move dates and update the year, but it cannot know next year's headcounts,
the holiday calendar or what a comment should now say; each such place becomes a
:class:`ReviewItem` with the line it is on.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import attrs

from clearflow.spec import Workflow
from clearflow.words import Words

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FULL_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Topic(enum.StrEnum):
    """The kinds of review item, in the order they are listed."""

    COUNTS = "counts"
    ISSUED = "issued"
    DATES = "dates"
    CALENDAR = "calendar"
    COMMENTS = "comments"
    TEXT = "text"


@attrs.frozen(kw_only=True)
class ReviewItem:
    """One thing to check: where it is (file when not the workflow, line, key path) and what."""

    topic: Topic
    message: str
    line: int | None = None
    path: str = ""
    source: str = ""

    def __str__(self) -> str:
        where = f"{self.source} " if self.source else ""
        where += f"line {self.line}: " if self.line is not None else ""
        subject = f"{self.path}: " if self.path else ""
        return f"{where}{subject}{self.message}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-able form."""
        return {
            "topic": str(self.topic),
            "source": self.source,
            "line": self.line,
            "path": self.path,
            "text": self.message,
        }


class Moved(Protocol):
    """A moved date as the rollover records it."""

    @property
    def path(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def old(self) -> dt.date: ...
    @property
    def new(self) -> dt.date: ...


def day(date: dt.date) -> str:
    """A date with its weekday: ``2015-07-09 Thu``."""
    return f"{date.isoformat()} {WEEKDAY_NAMES[date.weekday()]}"


def review(
    workflow: Workflow,
    moved: Sequence[Moved],
    new_year: int,
    *,
    lines: Mapping[str, int],
    lang: str = "en",
) -> list[ReviewItem]:
    """Headcounts carried over and dates moved in ``workflow``, rolled over to ``new_year``.

    ``lines`` maps key paths to line numbers.
    """
    words = Words(workflow, lang)
    items: list[ReviewItem] = []

    def add(topic: Topic, message: str, path: str = "", line: int | None = None) -> None:
        items.append(
            ReviewItem(topic=topic, message=message, path=path, line=line or lines.get(path))
        )

    if workflow.cohort.total is not None:
        add(Topic.COUNTS, f"{workflow.cohort.total} graduates in all", "cohort.total")
    for index, count in enumerate(workflow.cohort.counts):
        path = f"cohort.counts[{index}].count"
        add(Topic.COUNTS, f"{words.selector(count.who)}: {count.count}", path)
    sessions = workflow.schedule.sessions if workflow.schedule else ()
    for index, session in enumerate(sessions):
        if session.expected is not None:
            path = f"schedule.sessions[{index}].expected"
            text = f"{words.selector(session.who)}: {session.expected} expected"
            add(Topic.COUNTS, f"{day(session.date)} {text}", path)
    for date in moved:
        change = f"{day(date.old)} → {day(date.new)}"
        if date.path == "issued":
            text = f"{change}; set it to the date the {new_year} notice is issued"
            add(Topic.ISSUED, text, date.path, date.line)
            continue
        add(Topic.DATES, change, date.path, date.line)
        if date.new.weekday() >= 5:
            text = f"{day(date.new)} is a {_FULL_NAMES[date.new.weekday()]}"
            add(Topic.CALENDAR, text, date.path, date.line)
    if moved:
        add(
            Topic.CALENDAR,
            f"check every date against the {new_year} holiday calendar: clearflow does not "
            "know public holidays or swapped working days (调休)",
        )
    return items


def kept_text(
    comments: Sequence[tuple[int, str]],
    mentions: Sequence[tuple[int, str, str]],
    source: str = "",
) -> list[ReviewItem]:
    """Comments (line, text) and text scalars (line, path, text) that were kept as written."""
    items = [
        ReviewItem(topic=Topic.COMMENTS, message=comment, line=line, source=source)
        for line, comment in comments
    ]
    items += [
        ReviewItem(topic=Topic.TEXT, message=f"'{text}'", line=line, path=path, source=source)
        for line, path, text in mentions
    ]
    return items


def ordered(items: Iterable[ReviewItem]) -> tuple[ReviewItem, ...]:
    """Items by topic, the workflow's before another file's, otherwise in the given order."""
    order = list(Topic)
    return tuple(sorted(items, key=lambda item: (order.index(item.topic), item.source != "")))
