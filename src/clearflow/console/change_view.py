"""Rich renderers for moving to next year: the rollover's review list and the diff.

Every text taken from a workflow is put in :class:`~rich.text.Text`, so brackets in labels
and comments print as written.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from clearflow._i18n import Lang, Message, Plural, translate
from clearflow.staff import Change, Topic
from clearflow.staff.diff_words import GROUP_TITLES, NO_CHANGES
from clearflow.staff.rollover import Rolled


def _headings(rolled: Rolled) -> dict[Topic, Message]:
    old, new, weeks = rolled.from_year, rolled.to_year, abs(rolled.days) // 7
    return {
        Topic.COUNTS: Message(
            "Carried over from {old}: update to the {new} figures", old=old, new=new
        ),
        Topic.ISSUED: Message("The notice's date"),
        Topic.DATES: Plural(
            "Dates moved by {count} week (each keeps its weekday)",
            "Dates moved by {count} weeks (each keeps its weekday)",
            weeks,
        ),
        Topic.CALENDAR: Message("Check against the holiday calendar"),
        Topic.COMMENTS: Message("Comments naming {old} or a moved day (kept as written)", old=old),
        Topic.TEXT: Message("Text naming {old} or a moved day (kept as written)", old=old),
    }


def _rolled(rolled: Rolled) -> Message:
    """The review list's first line: how far every date moved, and how much to review."""
    values = {
        "old": rolled.from_year,
        "new": rolled.to_year,
        "days": abs(rolled.days),
        "count": len(rolled.review),
    }
    if rolled.days < 0:
        return Message(
            "Rolled {old} → {new}: every date moved back {days} days; review these {count} items:",
            **values,
        )
    return Message(
        "Rolled {old} → {new}: every date moved forward {days} days; review these {count} items:",
        **values,
    )


def render_review(rolled: Rolled, lang: Lang = "en") -> RenderableType:
    """The review list, one section per topic, each item with its line number."""
    parts: list[RenderableType] = [Text(_rolled(rolled).text(lang), style="bold")]
    headings = _headings(rolled)
    for topic, items in itertools.groupby(rolled.review, key=lambda item: item.topic):
        parts.append(Text("\n" + headings[topic].text(lang), style="bold"))
        for item in items:
            line = Text("  ")
            line.append(item.location(lang), style="dim")
            line.append(item.body(lang))
            parts.append(line)
    return Group(*parts)


def render_changes(changes: Sequence[Change], lang: Lang = "en") -> RenderableType:
    """The changes under one heading per group, or 'no changes'."""
    if not changes:
        return Text(translate(NO_CHANGES, lang))
    parts: list[RenderableType] = []
    for group, items in itertools.groupby(changes, key=lambda change: change.group):
        heading = translate(GROUP_TITLES[str(group)], lang)
        parts.append(Text(("\n" if parts else "") + heading, style="bold"))
        parts.extend(Text("  " + change.text) for change in items)
    return Group(*parts)
