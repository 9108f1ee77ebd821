"""Rich renderers: each function returns a renderable, the caller prints it.

Everything taken from a workflow file is put in :class:`~rich.text.Text`, so a label such
as ``Fees [paid]`` prints as written whatever the console's markup and emoji settings.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from clearflow._i18n import N_, Lang, Message, as_lang, translate
from clearflow.console._where_view import (
    OFF_HOURS,
    hall_lines,
    has_where,
    person_text,
    render_days_only,
    render_offices,
)
from clearflow.engine.procedure import narrow, profile_condition
from clearflow.errors import Issue
from clearflow.spec import Step, Workflow
from clearflow.spec.conditions import ALWAYS, FactValue
from clearflow.words import LabelText, Words, join_messages

STEP = N_("Step")
OFFICE = N_("Office")
DATE = N_("Date")
TIME = N_("Time")
STUDENTS = N_("Students")
"""Column names: ``Students`` heads the column saying who (a selector), not how many."""
EVERYONE = N_("everyone")
SCHEDULE = N_("Schedule")


def _table(words: Words, title: str, *columns: str) -> Table:
    """A table titled and headed in ``words``' language; ``title`` and ``columns`` are ids."""
    lang = as_lang(words.lang)
    table = Table(
        title=Text(translate(title, lang)),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        expand=False,
    )
    for column in columns:
        table.add_column(Text(translate(column, lang)), overflow="fold")
    return table


def _row(table: Table, *cells: str) -> None:
    """Add a row of plain text: brackets and colons in labels are never markup or emoji."""
    table.add_row(*(Text(cell) for cell in cells))


def render_workflow(
    workflow: Workflow, lang: Lang = "en", profile: Mapping[str, FactValue] | None = None
) -> RenderableType:
    """The whole procedure: header, cohort, prerequisites, stations, documents, schedule.

    With a ``profile`` (facts, typed: :func:`~clearflow.engine.procedure.read_profile`), the
    procedure of the students with those facts: the steps and documents that do not apply
    are left out, the conditions the facts decide read as decided, the header names them.
    """
    if profile is not None:
        workflow = narrow(workflow, profile)
    words = Words(workflow, lang)
    parts: list[RenderableType] = [_header(workflow, words)]
    if profile is not None:
        students = words.condition(profile_condition(profile))
        line = Message("For students: {students}", students=students).text(lang)
        parts.append(Text(line, style="bold"))
    if workflow.cohort.counts or workflow.cohort.total is not None:
        parts.append(_cohort(workflow, words))
    if workflow.deadlines:
        parts.append(_deadlines(workflow, words))
    if workflow.prerequisites:
        parts.append(_steps(workflow.prerequisites, N_("Prerequisites"), words, workflow))
    if workflow.stations:
        parts.append(_steps(workflow.stations, N_("Stations in order"), words, workflow))
    if has_where(workflow):
        parts.append(render_offices(workflow, words))
    if workflow.documents:
        parts.append(_documents(workflow, words))
    if workflow.schedule and workflow.schedule.sessions:
        parts.append(_schedule(workflow, words))
        parts.extend(Text(line) for line in hall_lines(workflow, words))
    elif workflow.schedule is not None:
        parts.append(render_days_only(workflow, words))
    if workflow.calendar.closed or workflow.calendar.working:
        parts.append(_calendar(workflow, words))
    return Group(*parts)


def _calendar(workflow: Workflow, words: Words) -> RenderableType:
    """The days the workflow closes or opens against the public calendar (``calendar:``)."""
    lang = as_lang(words.lang)
    lines = Text(translate(N_("Calendar"), lang), style="bold")
    for title, days in (
        (N_("Closed on"), workflow.calendar.closed),
        (N_("Open on"), workflow.calendar.working),
    ):
        if days:
            shown = ", ".join(f"{day.isoformat()} {words.weekday(day.weekday())}" for day in days)
            lines.append(
                "\n" + Message("{title}: {days}", title=Message(title), days=shown).text(lang)
            )
    return lines


def _header(workflow: Workflow, words: Words) -> RenderableType:
    lines = Text()
    lines.append(words.label(workflow.title, workflow.id), style="bold")
    if workflow.institution:
        lines.append("\n" + words.label(workflow.institution))
    lang = as_lang(words.lang)
    meta = [workflow.id]
    if workflow.issued:
        meta.append(Message("Issued {date}", date=workflow.issued.isoformat()).text(lang))
    meta.append(Message("Time zone {zone}", zone=workflow.timezone).text(lang))
    if workflow.roster is not None:
        due = workflow.roster.due
        roster = (
            Message("Staff roster due {date}", date=due.isoformat())
            if due
            else Message("Staff roster expected")
        )
        meta.append(roster.text(lang))
    lines.append("\n" + " · ".join(meta), style="dim")
    return Panel(lines, expand=False)


def _cohort(workflow: Workflow, words: Words) -> RenderableType:
    table = _table(words, N_("Cohort"), STUDENTS, N_("Headcount"))
    table.columns[1].justify = "right"
    if workflow.cohort.total is not None:
        _row(table, translate(N_("Total"), as_lang(words.lang)), str(workflow.cohort.total))
    for count in workflow.cohort.counts:
        _row(table, words.selector(count.who), str(count.count))
    return table


def _deadlines(workflow: Workflow, words: Words) -> RenderableType:
    lang = as_lang(words.lang)
    table = _table(words, N_("Deadlines"), DATE, STEP, STUDENTS)
    for deadline in workflow.deadlines:
        for rule in deadline.dates:
            who = words.selector(rule.who) if rule.who else translate(EVERYONE, lang)
            label = words.label(deadline.label, deadline.id)
            if deadline.late == "block":
                label = Message("{deadline} (late clearance refused)", deadline=label).text(lang)
            _row(table, rule.date.isoformat(), label, who)
    return table


def _steps(steps: tuple[Step, ...], title: str, words: Words, workflow: Workflow) -> RenderableType:
    lang = as_lang(words.lang)
    table = _table(words, title, N_("#"), STEP, OFFICE, N_("What is checked"), N_("Applies to"))
    offices = {office.id: office for office in workflow.offices}
    for number, step in enumerate(steps, start=1):
        applies = words.condition(step.when)
        if step.required != ALWAYS:
            applies = Message(
                "{applies} (Required: {condition})",
                applies=applies,
                condition=words.condition(step.required),
            ).text(lang)
        notes = [words.label(step.checks)] if step.checks else []
        if step.after_all:
            notes.append(Message("After: {steps}", steps=Message("all others")).text(lang))
        elif step.after:
            after = ", ".join(words.label(workflow.step(name).label, name) for name in step.after)
            notes.append(Message("After: {steps}", steps=after).text(lang))
        if step.advised_after_all:
            notes.append(Message("Best after: {steps}", steps=Message("all others")).text(lang))
        elif step.advised_after:
            advised = join_messages(
                N_("{left}, {right}"),
                [LabelText(workflow.step(name).label, name) for name in step.advised_after],
            )
            notes.append(Message("Best after: {steps}", steps=advised).text(lang))
        if step.place:
            notes.append(Message("Place: {place}", place=words.label(step.place)).text(lang))
        if step.due:
            notes.append(Message("Due: {dates}", dates=_due(workflow, step.due)).text(lang))
        if step.person:
            notes.append(person_text(workflow, step.person, words))
        if step.off_hours:
            notes.append(translate(OFF_HOURS[step.off_hours], lang))
        if step.outcomes:
            outcomes = " / ".join(
                words.label(outcome.label, outcome.id) for outcome in step.outcomes
            )
            notes.append(Message("Outcomes: {outcomes}", outcomes=outcomes).text(lang))
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
        words, N_("Documents handed over"), N_("Document"), N_("When"), N_("One of"), OFFICE
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
    title = translate(SCHEDULE, as_lang(words.lang))
    if schedule.place:
        title += f" — {words.label(schedule.place)}"
    if schedule.first_day and schedule.last_day:
        title += f" ({schedule.first_day.isoformat()} – {schedule.last_day.isoformat()})"
    has_places = any(session.place for session in schedule.sessions)
    columns = [DATE, TIME, STUDENTS, N_("Expected")]
    table = _table(words, SCHEDULE, *columns, *([N_("Place")] if has_places else []))
    table.title = Text(title)  # with the workflow's place and days
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
    scheduled = translate(N_("Scheduled in all"), as_lang(words.lang))
    _row(table, scheduled, "", "", str(total), *([""] if has_places else []))
    return table


def render_issues(issues: tuple[Issue, ...], lang: Lang = "en") -> RenderableType:
    """Issues one per line in ``lang``, errors red and warnings yellow (empty when none)."""
    return Text("\n").join(
        Text(issue.text(lang), style="red" if issue.is_error else "yellow") for issue in issues
    )
