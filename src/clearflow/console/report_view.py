"""Rich renderers for the cohort reports: each function returns a renderable.

Labels come from the workflow in the chosen language; the report's own words are in
:mod:`clearflow.console._report_words`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from clearflow.cohort.progress import Headcount, Progress, StudentRef
from clearflow.cohort.report import (
    COUNSELLOR,
    OFFICE,
    BlockedRow,
    BlockedStatus,
    BlockedSummary,
    group_of,
)
from clearflow.console._report_words import REPORT_WORDS
from clearflow.engine import PREPARING, READY, RELEASED
from clearflow.spec import Session, Workflow
from clearflow.words import Words


def _table(
    title: str, *columns: str, numeric: Sequence[int] = (), whole: Sequence[int] = ()
) -> Table:
    """A table; ``numeric`` columns are right-aligned and, with ``whole`` ones, never wrapped."""
    table = Table(title=Text(title), title_justify="left", title_style="bold", box=box.SIMPLE_HEAD)
    for index, column in enumerate(columns):
        table.add_column(
            Text(column),
            overflow="fold",
            justify="right" if index in numeric else "left",
            no_wrap=index in numeric or index in whole,
        )
    return table


def _row(table: Table, *cells: str) -> None:
    table.add_row(*(Text(cell) for cell in cells))


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _signed(value: int | None) -> str:
    return "" if value is None else f"{value:+d}" if value else "0"


def _session_cells(session: Session, words: Words) -> list[str]:
    return [
        f"{session.date.isoformat()} {words.weekday(session.date.weekday())}",
        f"{session.start:%H:%M}–{session.end:%H:%M}",
        words.selector(session.who),
    ]


def render_status(
    workflow: Workflow,
    progress: Progress,
    headcount: Sequence[Headcount],
    unscheduled: Sequence[StudentRef],
    lang: str = "en",
) -> RenderableType:
    """Headcount against expected per session, students per phase, and the unassigned count."""
    words = Words(workflow, lang)
    say = REPORT_WORDS[words.lang]
    parts: list[RenderableType] = [Text(words.label(workflow.title, workflow.id), style="bold")]
    if headcount:
        parts.append(_headcount(headcount, progress, words))
    parts.append(_progress(workflow, progress, words))
    if workflow.schedule is None or not workflow.schedule.sessions:
        parts.append(Text(say["no_schedule"]))
    else:
        parts.append(Text(say["unassigned"].format(count=len(unscheduled))))
    return Group(*parts)


def _headcount(headcount: Sequence[Headcount], progress: Progress, words: Words) -> Table:
    say = REPORT_WORDS[words.lang]
    table = _table(
        say["headcount"],
        "#",
        words["date"],
        words["time"],
        words["who"],
        words["expected"],
        say["assigned"],
        say["difference"],
        numeric=(0, 4, 5, 6),
        whole=(1, 2),
    )
    for check in headcount:
        _row(
            table,
            str(check.number),
            *_session_cells(check.session, words),
            _number(check.expected),
            str(check.assigned),
            _signed(check.difference),
        )
    table.add_section()
    for row in progress.rows[len(headcount) :]:
        place = row.elsewhere
        if place is None:
            _row(table, "", say["no_session"], "", "", "", str(row.assigned), "")
        else:
            who = words.selector(place.who) if place.who else words["always"]
            _row(table, "", say["elsewhere"], "", who, "", str(row.assigned), "")
    stated = [check.expected for check in headcount if check.expected is not None]
    total = str(sum(stated)) if stated else ""
    _row(table, "", say["all"], "", "", total, str(progress.total.assigned), "")
    return table


def _progress(workflow: Workflow, progress: Progress, words: Words) -> Table:
    say = REPORT_WORDS[words.lang]
    several = sum(row.elsewhere is not None for row in progress.rows) > 1
    headers: list[str] = []
    for row in progress.rows:
        if row.number is not None:
            headers.append(f"#{row.number}")
        elif row.elsewhere is None:
            headers.append(say["no_session"])
        else:
            place = sum(header.startswith(say["elsewhere"]) for header in headers) + 1
            headers.append(say["elsewhere"] + (f" {place}" if several else ""))
    columns = len(headers) + 1
    table = _table(
        say["progress"], say["phase"], *headers, say["all"], numeric=range(1, columns + 1)
    )
    names = {PREPARING: say["preparing"], READY: say["ready"], RELEASED: say["released"]}
    stations = {step.id: number for number, step in enumerate(workflow.stations, start=1)}
    for phase in progress.phases:
        if phase in names:
            name = names[phase]
        else:
            name = f"{stations[phase]}.{say['gap']}{words.label(workflow.step(phase).label, phase)}"
        counts = [progress.count(row, phase) for row in (*progress.rows, progress.total)]
        _row(table, name, *(str(count) for count in counts))
    table.add_section()
    _row(table, say["total"], *(str(row.assigned) for row in (*progress.rows, progress.total)))
    return table


def render_blocked(
    workflow: Workflow,
    summary: BlockedSummary,
    rows: Sequence[BlockedRow],
    lang: str = "en",
    limit: int | None = None,
    *,
    more_hint: str | None = None,
) -> RenderableType:
    """Blocked students counted per group, then each student with the office and the reason.

    With a ``limit``, the students left out are counted on a last line, followed by
    ``more_hint`` when given (the CLI names its ``--limit`` there).
    """
    words = Words(workflow, lang)
    say = REPORT_WORDS[words.lang]
    if not rows:
        return Text(say["nobody"])
    students = _students(workflow, summary, rows, words, limit, more_hint)
    return Group(_summary(summary, words), students)


def _group_name(by: str, words: Words) -> str:
    say = REPORT_WORDS[words.lang]
    if by == OFFICE:
        return say["office"]
    if by == COUNSELLOR:
        return say["counsellor"]
    return words.fact(by)


def _summary(summary: BlockedSummary, words: Words) -> Table:
    say = REPORT_WORDS[words.lang]
    group = _group_name(summary.by, words)
    table = _table(
        say["blocked_by"].format(group=group),
        group,
        say["students"],
        say["blockers"],
        say["refused"],
        say["overdue"],
        numeric=(1, 2, 3, 4),
    )
    for count in summary.groups:
        cells = (count.students, count.blockers, count.refused, count.overdue)
        _row(table, words.label(count.label, count.key), *(str(cell) for cell in cells))
    table.add_section()
    refused = sum(count.refused for count in summary.groups)
    overdue = sum(count.overdue for count in summary.groups)
    totals = (summary.students, summary.blockers, refused, overdue)
    _row(table, say["total"], *(str(cell) for cell in totals))
    return table


def _students(
    workflow: Workflow,
    summary: BlockedSummary,
    rows: Sequence[BlockedRow],
    words: Words,
    limit: int | None,
    more_hint: str | None,
) -> RenderableType:
    """One row per student, largest group first; a line per step that holds them, in order."""
    say = REPORT_WORDS[words.lang]
    by = summary.by
    fact = rows[0].fact
    columns = [say["student"], say["name"]]
    if fact:
        columns.append(words.fact(fact))
    if by == COUNSELLOR:
        columns.append(say["counsellor"])
    table = _table(say["blocked_list"], *columns, say["held_by"], whole=(0,))
    order = {group.key: number for number, group in enumerate(summary.groups)}
    students: dict[str, list[BlockedRow]] = {}
    for row in rows:
        students.setdefault(row.student_id, []).append(row)
    listed = sorted(
        students.values(),
        key=lambda held: (min(order[group_of(row, by)[0]] for row in held), held[0].student_id),
    )
    shown = listed if limit is None else listed[:limit]
    for held in shown:
        first = held[0]
        cells = [first.student_id, first.name or ""]
        if fact:
            cells.append(words.label(first.value_label, str(first.value)))
        if by == COUNSELLOR:
            cells.append(words.label(group_of(first, by)[1]))
        _row(table, *cells, "\n".join(describe_reason(workflow, row, words) for row in held))
    if len(shown) == len(listed):
        return table
    more = say["more"].format(count=len(listed) - len(shown))
    if more_hint:
        more += say["more_hint"].format(hint=more_hint)
    return Group(table, Text(more, style="dim"))


def describe_reason(workflow: Workflow, row: BlockedRow, words: Words) -> str:
    """Office, then why its step holds the student: the refusal, what it waits for, or the step.

    E.g. 'Library: refused — 2 books not returned (L03, 2014-07-10 10:42)'.
    """
    say = REPORT_WORDS[words.lang]
    if row.status is BlockedStatus.REFUSED:
        at = f"{row.at:%Y-%m-%d %H:%M}" if row.at else ""
        text = say["refused_line"].format(reason=row.reason or "", staff=row.staff or "", at=at)
    elif row.status is BlockedStatus.WAITING:
        steps = ", ".join(words.label(workflow.step(s).label, s) for s in row.waiting_for)
        text = say["waiting_line"].format(steps=steps)
    else:
        text = say["pending_line"].format(step=words.label(row.step_label, row.step))
    if row.overdue_since is not None:
        text += say["overdue_since"].format(date=row.overdue_since.isoformat())
    return words.label(row.office_label, row.office) + words["colon"] + text
