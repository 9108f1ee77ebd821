"""Rich renderers for the cohort reports: each function returns a renderable.

Labels come from the workflow in the chosen language; the report's own words are
catalogue messages (:mod:`clearflow._i18n`).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from clearflow._i18n import N_, Contextual, Lang, Message, Plural, as_lang, translate
from clearflow.cohort.progress import Headcount, Progress, StudentRef
from clearflow.cohort.report import (
    COUNSELLOR,
    OFFICE,
    BlockedRow,
    BlockedStatus,
    BlockedSummary,
    group_of,
)
from clearflow.console._rules_view import rules_said
from clearflow.engine import PREPARING, READY, RELEASED, reason_said
from clearflow.spec import Session, Workflow
from clearflow.words import Words

NO_SESSION = N_("No session")
ELSEWHERE = N_("Elsewhere")
ALL = N_("All")
TOTAL = N_("Total")
COUNSELLOR_WORD = N_("Counsellor")
PHASES = {
    PREPARING: N_("Preparing (prerequisites)"),
    READY: N_("Ready for the documents"),
    RELEASED: N_("Documents released"),
}


def _table(
    title: str, *columns: str, numeric: Sequence[int] = (), whole: Sequence[int] = ()
) -> Table:
    """A table; ``numeric`` columns are right-aligned and, with ``whole`` ones, never wrapped.

    Title and columns are already in the report's language.
    """
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
    unscheduled: Sequence[StudentRef] | int,
    lang: Lang = "en",
    rules: Sequence[tuple[str, int]] = (),
) -> RenderableType:
    """Headcount against expected per session, students per phase, the unassigned count
    (``unscheduled``: the students, or how many), and which rules the cases run on when
    not all on the workflow's (``rules``: digest and count)."""
    words = Words(workflow, lang)
    lang = as_lang(words.lang)
    parts: list[RenderableType] = [Text(words.label(workflow.title, workflow.id), style="bold")]
    if headcount:
        parts.append(_headcount(headcount, progress, words))
    parts.append(_progress(workflow, progress, words))
    if workflow.schedule is None or not workflow.schedule.sessions:
        no_schedule = N_("The workflow has no schedule: every student is in no session.")
        parts.append(Text(translate(no_schedule, lang)))
    else:
        count = unscheduled if isinstance(unscheduled, int) else len(unscheduled)
        unassigned = Message("Students in no session: {count}", count=count)
        parts.append(Text(unassigned.text(lang)))
    if (said := rules_said(workflow, rules, lang)) is not None:
        parts.append(said)
    return Group(*parts)


def _headcount(headcount: Sequence[Headcount], progress: Progress, words: Words) -> Table:
    lang = as_lang(words.lang)
    table = _table(
        translate(N_("Headcount per session"), lang),
        "#",
        *(translate(column, lang) for column in (N_("Date"), N_("Time"), N_("Students"))),
        *(translate(column, lang) for column in (N_("Expected"), N_("Assigned"))),
        translate(N_("Difference"), lang),
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
            _row(table, "", translate(NO_SESSION, lang), "", "", "", str(row.assigned), "")
        else:
            who = words.selector(place.who) if place.who else translate(N_("everyone"), lang)
            _row(table, "", translate(ELSEWHERE, lang), "", who, "", str(row.assigned), "")
    stated = [check.expected for check in headcount if check.expected is not None]
    total = str(sum(stated)) if stated else ""
    _row(table, "", translate(ALL, lang), "", "", total, str(progress.total.assigned), "")
    return table


def _progress(workflow: Workflow, progress: Progress, words: Words) -> Table:
    lang = as_lang(words.lang)
    several = sum(row.elsewhere is not None for row in progress.rows) > 1
    headers: list[str] = []
    places = 0
    for row in progress.rows:
        if row.number is not None:
            headers.append(f"#{row.number}")
        elif row.elsewhere is None:
            headers.append(translate(NO_SESSION, lang))
        else:
            places += 1
            numbered = Message("Elsewhere {number}", number=places)
            headers.append(numbered.text(lang) if several else translate(ELSEWHERE, lang))
    columns = len(headers) + 1
    table = _table(
        translate(N_("Students per phase and session"), lang),
        translate(N_("Phase"), lang),
        *headers,
        translate(ALL, lang),
        numeric=range(1, columns + 1),
    )
    stations = {step.id: number for number, step in enumerate(workflow.stations, start=1)}
    for phase in progress.phases:
        if phase in PHASES:
            name = translate(PHASES[phase], lang)
        else:
            step = words.step(phase)
            number = stations.get(phase, "?")  # a station of earlier rules: no number here
            name = Message("{number}. {step}", number=number, step=step).text(lang)
        counts = [progress.count(row, phase) for row in (*progress.rows, progress.total)]
        _row(table, name, *(str(count) for count in counts))
    table.add_section()
    totals = (str(row.assigned) for row in (*progress.rows, progress.total))
    _row(table, translate(TOTAL, lang), *totals)
    return table


def render_blocked(
    workflow: Workflow,
    summary: BlockedSummary,
    rows: Sequence[BlockedRow],
    lang: Lang = "en",
    limit: int | None = None,
    *,
    more_hint: str | None = None,
    page: bool = False,
) -> RenderableType:
    """Blocked students counted per group, then each student with the office and the reason.

    With a ``limit``, the students left out are counted on a last line, followed by
    ``more_hint`` when given (the CLI names its ``--limit`` there). With ``page``, ``rows``
    are those of the first students only, and the summary says how many there are.
    """
    words = Words(workflow, lang)
    if not rows:
        return Text(translate(N_("no student is blocked"), as_lang(words.lang)))
    total = summary.students if page else None
    students = _students(workflow, summary, rows, words, limit, more_hint, total)
    return Group(_summary(summary, words), students)


def render_blocked_students(
    workflow: Workflow,
    summary: BlockedSummary,
    rows: Sequence[BlockedRow],
    lang: Lang = "en",
    *,
    heading: bool = True,
) -> RenderableType:
    """The students part of :func:`render_blocked` for some of the rows (for printing a
    long list a part at a time); ``heading`` gives it its title and column names."""
    table = _students(workflow, summary, rows, Words(workflow, lang), None, None, None)
    if isinstance(table, Table) and not heading:
        table.title = None
        table.show_header = False
    return table


def _group_name(by: str, words: Words) -> str:
    if by == OFFICE:
        return translate(N_("Office"), as_lang(words.lang))
    if by == COUNSELLOR:
        return translate(COUNSELLOR_WORD, as_lang(words.lang))
    return words.fact(by)


def _summary(summary: BlockedSummary, words: Words) -> Table:
    lang = as_lang(words.lang)
    group = _group_name(summary.by, words)
    table = _table(
        Message("Blocked students by {group}", group=group).text(lang),
        group,
        Contextual("how many", "Students").text(lang),
        *(translate(column, lang) for column in (N_("Blockers"), N_("Refused"), N_("Overdue"))),
        numeric=(1, 2, 3, 4),
    )
    for count in summary.groups:
        cells = (count.students, count.blockers, count.refused, count.overdue)
        _row(table, words.label(count.label, count.key), *(str(cell) for cell in cells))
    table.add_section()
    refused = sum(count.refused for count in summary.groups)
    overdue = sum(count.overdue for count in summary.groups)
    totals = (summary.students, summary.blockers, refused, overdue)
    _row(table, translate(TOTAL, lang), *(str(cell) for cell in totals))
    return table


def _students(
    workflow: Workflow,
    summary: BlockedSummary,
    rows: Sequence[BlockedRow],
    words: Words,
    limit: int | None,
    more_hint: str | None,
    total: int | None,
) -> RenderableType:
    """One row per student, largest group first; a line per step that holds them, in order.

    ``total`` is how many students are blocked when ``rows`` are only the first ones'."""
    lang = as_lang(words.lang)
    by = summary.by
    fact = rows[0].fact
    columns = [
        Contextual("student number", "Student").text(lang),
        translate(N_("Name"), lang),
    ]
    if fact:
        columns.append(words.fact(fact))
    if by == COUNSELLOR:
        columns.append(translate(COUNSELLOR_WORD, lang))
    held_by = translate(N_("Held by"), lang)
    table = _table(translate(N_("Blocked students and why"), lang), *columns, held_by, whole=(0,))
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
    left = (len(listed) if total is None else total) - len(shown)
    if left <= 0:
        return table
    more = Plural("… and {count} more student", "… and {count} more students", left)
    if more_hint:
        more = Message("{more} ({hint})", more=more, hint=more_hint)
    return Group(table, Text(more.text(lang), style="dim"))


def describe_reason(workflow: Workflow, row: BlockedRow, words: Words) -> str:
    """Office, then why its step holds the student: the refusal, what it waits for, or the step.

    E.g. 'Library: refused — 2 books not returned (L03, 2014-07-10 10:42)'.
    """
    lang = as_lang(words.lang)
    why: Message
    if row.status is BlockedStatus.REFUSED:
        at = f"{row.at:%Y-%m-%d %H:%M}" if row.at else ""
        why = Message(
            "refused — {reason} ({staff}, {at})",
            reason=reason_said(row.reason, row.owed),
            staff=row.staff or "",
            at=at,
        )
    elif row.status is BlockedStatus.WAITING:
        steps = ", ".join(words.step(s) for s in row.waiting_for)
        why = Message("waiting for {steps}", steps=steps)
    else:
        why = Message("pending — {step}", step=words.label(row.step_label, row.step))
    if row.overdue_since is not None:
        why = Message("{why}; overdue since {date}", why=why, date=row.overdue_since.isoformat())
    office = words.label(row.office_label, row.office)
    return Message("{office}: {why}", office=office, why=why).text(lang)
