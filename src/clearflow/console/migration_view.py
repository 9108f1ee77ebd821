"""The Rich renderer of a migration plan (``clearflow migrate plan``).

A heading naming the two digests, a summary table (unchanged, changed, cannot move,
released, on other rules), then, one page at a time (``limit``), each changed student with
what changes and each student who cannot move with the reason. Every text taken from a
workflow or a store is put in :class:`~rich.text.Text`, so brackets print as written.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from clearflow._i18n import Lang, Message, Plural
from clearflow.migration import CasePlan, Outcome, Plan

_ROWS = (
    ("unchanged", Message("unchanged: move as they are")),
    ("changed", Message("changed: something changes for the student")),
    ("cannot_move", Message("cannot move: the new rules refuse an action")),
    ("released", Message("released: kept on their rules")),
    ("other_rules", Message("on other rules: not planned")),
)


def render_plan(plan: Plan, lang: Lang = "en", *, limit: int | None = 50) -> RenderableType:
    """The plan: its summary, then the changed and refused students (at most ``limit`` of
    them, None for all) and a line saying how many were left out."""
    heading = Message(
        "Moving workflow '{workflow}' from rules {old} to rules {new} (nothing is written)",
        workflow=plan.workflow,
        old=plan.rules_from[:12],
        new=plan.rules_to[:12],
    )
    parts: list[RenderableType] = [Text(heading.text(lang), style="bold"), _summary(plan, lang)]
    parts.extend(_notes(plan, lang))
    listed = [*plan.of(Outcome.CHANGED), *plan.of(Outcome.CANNOT_MOVE)]
    shown = listed if limit is None else listed[:limit]
    for case in shown:
        parts.extend(_case(case, lang))
    if len(shown) < len(listed):
        more = Plural(
            "… {count} more student not shown",
            "… {count} more students not shown",
            len(listed) - len(shown),
        )
        parts.append(Text("\n" + more.text(lang), style="dim"))
    return Group(*parts)


def hidden(plan: Plan, limit: int | None) -> int:
    """How many changed or refused students :func:`render_plan` leaves out at ``limit``."""
    listed = len(plan.of(Outcome.CHANGED)) + len(plan.of(Outcome.CANNOT_MOVE))
    return 0 if limit is None else max(0, listed - limit)


def _summary(plan: Plan, lang: Lang) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_header=True)
    table.add_column(Text(Message("where the cases go").text(lang)), overflow="fold")
    table.add_column(Text(Message("students").text(lang)), justify="right", no_wrap=True)
    counts = plan.counts()
    for key, words in _ROWS:
        table.add_row(Text(words.text(lang)), Text(str(counts[key])))
    return table


def _notes(plan: Plan, lang: Lang) -> list[RenderableType]:
    notes: list[Message] = []
    if plan.facts_dropped:
        notes.append(
            Message(
                "facts the new workflow no longer has, left out of every moved case: {facts}",
                facts=", ".join(plan.facts_dropped),
            )
        )
    if plan.facts_unmatched:
        notes.append(
            Plural(
                "the facts file names {count} student with no open case here: {students}",
                "the facts file names {count} students with no open case here: {students}",
                len(plan.facts_unmatched),
                students=", ".join(plan.facts_unmatched[:10])
                + (", …" if len(plan.facts_unmatched) > 10 else ""),
            )
        )
    if plan.other_rules:
        notes.append(
            Message(
                "on other rules (neither digest): {students}",
                students=", ".join(plan.other_rules[:10])
                + (", …" if len(plan.other_rules) > 10 else ""),
            )
        )
    return [Text(note.text(lang), style="yellow") for note in notes]


def _case(case: CasePlan, lang: Lang) -> list[RenderableType]:
    who = Text("\n")
    who.append(case.student_id, style="bold")
    if case.name:
        who.append(f" {case.name}", style="bold")
    state = (
        Message("changes").text(lang)
        if case.outcome is Outcome.CHANGED
        else Message("cannot move").text(lang)
    )
    who.append(f"  {state}", style="yellow" if case.outcome is Outcome.CHANGED else "red")
    lines: list[RenderableType] = [who]
    lines.extend(Text("  - " + change.said().text(lang)) for change in case.changes)
    if case.reason is not None:
        lines.append(Text("  " + case.reason.text(lang), style="red"))
    return lines


__all__ = ["hidden", "render_plan"]
