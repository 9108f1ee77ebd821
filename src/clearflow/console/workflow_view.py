"""Rich renderers: each function returns a renderable, the caller prints it.

Everything taken from a workflow file is put in :class:`~rich.text.Text`, so a label such
as ``Fees [paid]`` prints as written whatever the console's markup and emoji settings.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from clearflow._i18n import Lang
from clearflow.errors import Issue
from clearflow.spec import Step, Workflow
from clearflow.spec.conditions import ALWAYS
from clearflow.words import Words


def _table(title: str, *columns: str) -> Table:
    table = Table(
        title=Text(title),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        expand=False,
    )
    for column in columns:
        table.add_column(Text(column), overflow="fold")
    return table


def _row(table: Table, *cells: str) -> None:
    """Add a row of plain text: brackets and colons in labels are never markup or emoji."""
    table.add_row(*(Text(cell) for cell in cells))


def render_workflow(workflow: Workflow, lang: str = "en") -> RenderableType:
    """The whole procedure: header, cohort, prerequisites, stations, documents, schedule."""
    words = Words(workflow, lang)
    parts: list[RenderableType] = [_header(workflow, words)]
    if workflow.cohort.counts or workflow.cohort.total is not None:
        parts.append(_cohort(workflow, words))
    if workflow.deadlines:
        parts.append(_deadlines(workflow, words))
    if workflow.prerequisites:
        parts.append(_steps(workflow.prerequisites, words["prerequisites"], words, workflow))
    if workflow.stations:
        parts.append(_steps(workflow.stations, words["stations"], words, workflow))
    if workflow.documents:
        parts.append(_documents(workflow, words))
    if workflow.schedule and workflow.schedule.sessions:
        parts.append(_schedule(workflow, words))
    return Group(*parts)


def _header(workflow: Workflow, words: Words) -> RenderableType:
    lines = Text()
    lines.append(words.label(workflow.title, workflow.id), style="bold")
    if workflow.institution:
        lines.append("\n" + words.label(workflow.institution))
    meta = [workflow.id]
    if workflow.issued:
        meta.append(f"{words['issued']} {workflow.issued.isoformat()}")
    meta.append(f"{words['timezone']} {workflow.timezone}")
    lines.append("\n" + " · ".join(meta), style="dim")
    return Panel(lines, expand=False)


def _cohort(workflow: Workflow, words: Words) -> RenderableType:
    table = _table(words["cohort"], words["who"], words["count"])
    table.columns[1].justify = "right"
    if workflow.cohort.total is not None:
        _row(table, words["total"], str(workflow.cohort.total))
    for count in workflow.cohort.counts:
        _row(table, words.selector(count.who), str(count.count))
    return table


def _deadlines(workflow: Workflow, words: Words) -> RenderableType:
    table = _table(words["deadlines"], words["date"], words["step"], words["who"])
    for deadline in workflow.deadlines:
        for rule in deadline.dates:
            who = words.selector(rule.who) if rule.who else words["always"]
            late = words["late_block"] if deadline.late == "block" else ""
            label = words.label(deadline.label, deadline.id) + (f" ({late})" if late else "")
            _row(table, rule.date.isoformat(), label, who)
    return table


def _steps(steps: tuple[Step, ...], title: str, words: Words, workflow: Workflow) -> RenderableType:
    table = _table(
        title, words["no"], words["step"], words["office"], words["checks"], words["applies"]
    )
    offices = {office.id: office for office in workflow.offices}
    for number, step in enumerate(steps, start=1):
        applies = words.condition(step.when)
        if step.required != ALWAYS:
            applies += f" ({words['required']}{words['colon']}{words.condition(step.required)})"
        notes = [words.label(step.checks)] if step.checks else []
        if step.after_all:
            notes.append(words["after"] + words["colon"] + words["all_others"])
        elif step.after:
            notes.append(
                words["after"]
                + words["colon"]
                + ", ".join(words.label(workflow.step(name).label, name) for name in step.after)
            )
        if step.due:
            notes.append(words["due"] + words["colon"] + _due(workflow, step.due))
        if step.outcomes:
            notes.append(
                words["outcomes"]
                + words["colon"]
                + " / ".join(words.label(outcome.label, outcome.id) for outcome in step.outcomes)
            )
        office = offices.get(step.office)
        _row(
            table,
            str(number),
            words.label(step.label, step.id),
            words.label(office.label, step.office) if office else step.office,
            "\n".join(notes),
            applies,
        )
    return table


def _due(workflow: Workflow, deadline_id: str) -> str:
    deadline = workflow.deadline(deadline_id)
    return ", ".join(rule.date.isoformat() for rule in deadline.dates)


def _documents(workflow: Workflow, words: Words) -> RenderableType:
    table = _table(
        words["documents"], words["document"], words["condition"], words["group"], words["office"]
    )
    for document in workflow.documents:
        office = words.label(workflow.office(document.office).label) if document.office else ""
        _row(
            table,
            words.label(document.label, document.id),
            words.condition(document.when),
            document.group or "",
            office,
        )
    return table


def _schedule(workflow: Workflow, words: Words) -> RenderableType:
    schedule = workflow.schedule
    assert schedule is not None
    title = words["schedule"]
    if schedule.place:
        title += f" — {words.label(schedule.place)}"
    if schedule.first_day and schedule.last_day:
        title += f" ({schedule.first_day.isoformat()} – {schedule.last_day.isoformat()})"
    has_places = any(session.place for session in schedule.sessions)
    columns = [words["date"], words["time"], words["who"], words["expected"]]
    table = _table(title, *columns, *([words["place"]] if has_places else []))
    table.columns[3].justify = "right"
    total = 0
    for session in schedule.sessions:
        total += session.expected or 0
        cells = [
            f"{session.date.isoformat()} {words.weekday(session.date.weekday())}",
            f"{session.start:%H:%M}–{session.end:%H:%M}",
            words.selector(session.who),
            "" if session.expected is None else str(session.expected),
        ]
        if has_places:
            cells.append(words.label(session.place) if session.place else "")
        _row(table, *cells)
    table.add_section()
    _row(table, words["total_scheduled"], "", "", str(total), *([""] if has_places else []))
    return table


def render_issues(issues: tuple[Issue, ...], lang: Lang = "en") -> RenderableType:
    """Issues one per line, errors red and warnings yellow (empty when there are none)."""
    return Text("\n").join(
        Text(issue.text(lang), style="red" if issue.is_error else "yellow") for issue in issues
    )
