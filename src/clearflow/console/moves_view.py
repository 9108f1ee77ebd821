"""What ``clearflow migrate apply`` and ``undo`` did, for staff: moved, skipped and why.

One line on the cases moved (from which rules onto which), then a table of the students
skipped with the reason in staff's words, the first ``limit`` of them (the count stays
whole).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from clearflow._i18n import N_, Lang, Message, Plural, translate


def render_moves(
    moved: Sequence[str],
    skipped: Sequence[tuple[str, Message]],
    *,
    onto: str,
    lang: Lang,
    limit: int | None = 50,
) -> RenderableType:
    """The result of a move (``onto``: the digest of the rules moved onto)."""
    parts: list[RenderableType] = [
        Text(
            Plural(
                "Moved {count} student onto rules {digest}.",
                "Moved {count} students onto rules {digest}.",
                len(moved),
                digest=onto[:12],
            ).text(lang),
            style="bold",
        )
    ]
    if skipped:
        title = Plural(
            "Skipped {count} student (left as they were):",
            "Skipped {count} students (left as they were):",
            len(skipped),
        ).text(lang)
        table = Table(title=Text(title), title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column(Text(translate(N_("Student"), lang)), no_wrap=True)
        table.add_column(Text(translate(N_("Why"), lang)), overflow="fold")
        shown = skipped if limit is None else skipped[:limit]
        for student, why in shown:
            table.add_row(Text(student), Text(why.text(lang)))
        parts.append(table)
        if len(shown) < len(skipped):
            more = Plural(
                "… and {count} more student",
                "… and {count} more students",
                len(skipped) - len(shown),
            )
            parts.append(Text(more.text(lang)))
    return Group(*parts)


__all__ = ["render_moves"]
