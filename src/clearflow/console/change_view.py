"""Rich renderers for moving to next year: the rollover's review list and the diff.

Every text taken from a workflow is put in :class:`~rich.text.Text`, so brackets in labels
and comments print as written.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from clearflow._i18n import as_lang, translate
from clearflow.staff import Change, Topic
from clearflow.staff.diff_words import GROUP_TITLES, NO_CHANGES
from clearflow.staff.rollover import Rolled


def _headings(rolled: Rolled) -> dict[Topic, str]:
    old, new, weeks = rolled.from_year, rolled.to_year, abs(rolled.days) // 7
    return {
        Topic.COUNTS: f"Carried over from {old}: update to the {new} figures",
        Topic.ISSUED: "The notice's date",
        Topic.DATES: f"Dates moved by {weeks} weeks (each keeps its weekday)",
        Topic.CALENDAR: "Check against the holiday calendar",
        Topic.COMMENTS: f"Comments naming {old} or a moved day (kept as written)",
        Topic.TEXT: f"Text naming {old} or a moved day (kept as written)",
    }


def render_review(rolled: Rolled) -> RenderableType:
    """The review list, one section per topic, each item with its line number."""
    direction = "back" if rolled.days < 0 else "forward"
    parts: list[RenderableType] = [
        Text(
            f"Rolled {rolled.from_year} → {rolled.to_year}: every date moved {direction} "
            f"{abs(rolled.days)} days; review these {len(rolled.review)} items:",
            style="bold",
        )
    ]
    headings = _headings(rolled)
    for topic, items in itertools.groupby(rolled.review, key=lambda item: item.topic):
        parts.append(Text("\n" + headings[topic], style="bold"))
        for item in items:
            line = Text("  ")
            if item.source:
                line.append(f"{item.source} ", style="dim")
            if item.line is not None:
                line.append(f"line {item.line}: ", style="dim")
            line.append(f"{item.path}: " if item.path else "")
            line.append(str(item.message))
            parts.append(line)
    return Group(*parts)


def render_changes(changes: Sequence[Change], lang: str = "en") -> RenderableType:
    """The changes under one heading per group, or 'no changes'."""
    if not changes:
        return Text(translate(NO_CHANGES, as_lang(lang)))
    parts: list[RenderableType] = []
    for group, items in itertools.groupby(changes, key=lambda change: change.group):
        heading = translate(GROUP_TITLES[str(group)], as_lang(lang))
        parts.append(Text(("\n" if parts else "") + heading, style="bold"))
        parts.extend(Text("  " + change.text) for change in items)
    return Group(*parts)
