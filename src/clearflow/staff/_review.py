"""What staff must check by hand after a rollover, as a list of located items.

A rollover can move dates and update the year, but it cannot know next year's headcounts
or what a comment should now say; each such place becomes a :class:`ReviewItem` with the
line it is on. A moved date that lands on a public holiday, a rest day or a swapped working
day (调休) is listed with the nearest working day, when ``chinese-calendar`` knows the year
(:func:`clearflow.checks.day_of`); otherwise every date is left to be checked by hand.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import attrs

from clearflow._i18n import N_, Lang, Message, Plural, verbatim
from clearflow.checks import DayKind, day_of, nearest_working_day, off_day
from clearflow.spec import Calendar, Workflow
from clearflow.words import Words

WEEKDAY_NAMES = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
"""A weekday's short name by its number (0 is Monday), rendered in the item's language."""


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
    """One thing to check: where it is (file when not the workflow, line, key path) and what.

    ``message`` is rendered in a language when shown (:meth:`text`); ``str(item)`` is the
    English line, e.g. ``line 20: cohort.total: 2985 graduates in all``.
    """

    topic: Topic
    message: Message
    line: int | None = None
    path: str = ""
    source: str = ""

    def location(self, lang: Lang) -> str:
        """Where the item is, with its separator: ``x.scenarios.yaml line 3: `` (or "")."""
        where = f"{self.source} " if self.source else ""
        if self.line is not None:
            where += Message("line {line}: ", line=self.line).text(lang)
        return where

    def body(self, lang: Lang) -> str:
        """What to check, after its key path: ``cohort.total: 2985 graduates in all``."""
        if not self.path:
            return self.message.text(lang)
        return Message("{path}: {text}", path=self.path, text=self.message).text(lang)

    def text(self, lang: Lang) -> str:
        """The item's line in ``lang``: location, key path and what to check."""
        return self.location(lang) + self.body(lang)

    def __str__(self) -> str:
        return self.text("en")

    def to_dict(self, lang: Lang = "en") -> dict[str, object]:
        """A JSON-able form: ``text`` in English, ``localized`` the same in ``lang``."""
        return {
            "topic": str(self.topic),
            "source": self.source,
            "line": self.line,
            "path": self.path,
            "text": str(self.message),
            "localized": {"lang": lang, "text": self.message.text(lang)},
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


def day(date: dt.date) -> Message:
    """A date with its weekday: ``2015-07-09 Thu`` (in Chinese ``2015-07-09 星期四``)."""
    return Message(
        "{date} {weekday}", date=date.isoformat(), weekday=Message(WEEKDAY_NAMES[date.weekday()])
    )


def _weekend(date: dt.date) -> Message:
    """``2015-07-05 Sun is a Sunday``: a moved date on a weekend (date.weekday() >= 5)."""
    if date.weekday() == 5:
        return Message("{day} is a Saturday", day=day(date))
    return Message("{day} is a Sunday", day=day(date))


def _calendar_item(date: dt.date, calendar: Calendar) -> Message | None:
    """What a moved date lands on, if not a plain working day, with the nearest working day."""
    if day_of(date).kind is DayKind.UNKNOWN:  # the moved calendar is no sign of a check
        return _weekend(date) if date.weekday() >= 5 else None
    found = day_of(date, calendar)
    if found.kind is DayKind.WORKING:
        return None
    text = off_day(Message("the new date {date}", date=date.isoformat()), found)
    near = None if found.kind is DayKind.SWAPPED else nearest_working_day(date, calendar)
    if near is None:
        return text
    return Message("{text}; nearest working day: {near}", text=text, near=near)


def review(
    workflow: Workflow,
    moved: Sequence[Moved],
    new_year: int,
    *,
    lines: Mapping[str, int],
    lang: Lang = "en",
) -> list[ReviewItem]:
    """Headcounts carried over and dates moved in ``workflow``, rolled over to ``new_year``.

    ``lines`` maps key paths to line numbers; the students a count is for are named in
    ``lang`` (the items' own words render in any language).
    """
    words = Words(workflow, lang)
    items: list[ReviewItem] = []

    def add(topic: Topic, message: Message, path: str = "", line: int | None = None) -> None:
        items.append(
            ReviewItem(topic=topic, message=message, path=path, line=line or lines.get(path))
        )

    total = workflow.cohort.total
    if total is not None:
        counted = Plural("{count} graduate in all", "{count} graduates in all", total)
        add(Topic.COUNTS, counted, "cohort.total")
    for index, count in enumerate(workflow.cohort.counts):
        path = f"cohort.counts[{index}].count"
        who = words.selector(count.who)
        add(Topic.COUNTS, Message("{who}: {count}", who=who, count=count.count), path)
    sessions = workflow.schedule.sessions if workflow.schedule else ()
    for index, session in enumerate(sessions):
        if session.expected is not None:
            path = f"schedule.sessions[{index}].expected"
            text = Message(
                "{day} {who}: {count} expected",
                day=day(session.date),
                who=words.selector(session.who),
                count=session.expected,
            )
            add(Topic.COUNTS, text, path)
    for date in moved:
        change = Message("{old} → {new}", old=day(date.old), new=day(date.new))
        if date.path == "issued":
            text = Message(
                "{change}; set it to the date the {year} notice is issued",
                change=change,
                year=new_year,
            )
            add(Topic.ISSUED, text, date.path, date.line)
            continue
        add(Topic.DATES, change, date.path, date.line)
        if date.path.startswith("calendar."):
            text = Message(
                "{day}: a day of the workflow's own calendar moved by whole weeks; "
                "set the {year} one",
                day=day(date.new),
                year=new_year,
            )
            add(Topic.CALENDAR, text, date.path, date.line)
            continue
        found = _calendar_item(date.new, workflow.calendar)
        if found is not None:
            add(Topic.CALENDAR, found, date.path, date.line)
    if moved and day_of(dt.date(new_year, 7, 1)).kind is not DayKind.UNKNOWN:
        add(
            Topic.CALENDAR,
            Message(
                "moved dates checked against the {year} public holidays and swapped working "
                "days (调休) clearflow knows; confirm them against the State Council's notice",
                year=new_year,
            ),
        )
    elif moved:
        add(
            Topic.CALENDAR,
            Message(
                "check every date against the {year} holiday calendar: clearflow does not "
                "know public holidays or swapped working days (调休)",
                year=new_year,
            ),
        )
    return items


def kept_text(
    comments: Sequence[tuple[int, str]],
    mentions: Sequence[tuple[int, str, str]],
    source: str = "",
) -> list[ReviewItem]:
    """Comments (line, text) and text scalars (line, path, text) that were kept as written."""
    items = [
        ReviewItem(topic=Topic.COMMENTS, message=verbatim(comment), line=line, source=source)
        for line, comment in comments
    ]
    items += [
        ReviewItem(
            topic=Topic.TEXT, message=verbatim(f"'{text}'"), line=line, path=path, source=source
        )
        for line, path, text in mentions
    ]
    return items


def ordered(items: Iterable[ReviewItem]) -> tuple[ReviewItem, ...]:
    """Items by topic, the workflow's before another file's, otherwise in the given order."""
    order = list(Topic)
    return tuple(sorted(items, key=lambda item: (order.index(item.topic), item.source != "")))
