"""Rich renderers for one student's case: header, checklist, stations, documents, history."""

from __future__ import annotations

import zoneinfo

from rich import box
from rich.console import RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from clearflow._i18n import N_, Contextual, Lang, Message, translate
from clearflow.engine import (
    READY,
    RELEASED,
    Action,
    Blocker,
    Case,
    Event,
    StepStatus,
    advice_pending,
    reason_said,
    steps_words,
)
from clearflow.spec import (
    Document,
    Service,
    Step,
    StepKind,
    Workflow,
    advised_order,
    place_of,
    service_for,
    sessions_for,
)

STATUS: dict[StepStatus, tuple[str, str, str]] = {
    StepStatus.PENDING: (N_("pending"), "yellow", "·"),
    StepStatus.CLEARED: (N_("cleared"), "green", "✓"),
    StepStatus.REFUSED: (N_("refused"), "red", "✗"),
    StepStatus.WAIVED: (N_("waived"), "cyan", "~"),
    StepStatus.NOT_APPLICABLE: (N_("not applicable"), "dim", "–"),
}
"""Each status: its word (an id: :func:`status_word` renders it), style and mark."""

ACTIONS: dict[Action, Message] = {
    Action.START: Contextual("action", "started"),
    Action.CLEAR: Contextual("action", "cleared"),
    Action.REFUSE: Contextual("action", "refused"),
    Action.WAIVE: Contextual("action", "waived"),
    Action.RELEASE: Contextual("action", "documents handed over"),
    Action.MIGRATE: Contextual("action", "moved to other rules"),
}
"""What an event did, as the history lists it (a verb: 办结, where a status reads 已办结)."""

STEP = N_("Step")
OFFICE = N_("Office")
NOTE = N_("Note")


def status_word(status: StepStatus, lang: Lang) -> str:
    """A step's status in ``lang``: ``cleared``, 已办结."""
    return translate(STATUS[status][0], lang)


def render_header(case: Case, lang: Lang = "en") -> RenderableType:
    """The student, the facts that matter and the session the schedule assigns."""
    workflow = case.engine.workflow
    lines = Text()
    who = f"{case.name} ({case.student_id})" if case.name else case.student_id
    lines.append(Message("Student: {who}", who=who).text(lang) + "\n", style="bold")
    shown = []
    for fact in workflow.facts:
        value = case.facts.get(fact.id)
        if fact.values and value is not None:
            shown.append(fact.value_label(value, lang))
        elif value is True:
            shown.append(fact.label.text(lang))
    lines.append(" · ".join(shown) + "\n")
    sessions = sessions_for(workflow, case.facts) if workflow.stations else ()
    if workflow.stations and not sessions:
        lines.append(translate(N_("Session: no session in the schedule"), lang), style="yellow")
        lines.append("\n")
    for session in sessions:
        place = place_of(workflow, session)
        where = f" · {place.text(lang)}" if place else ""
        when = f"{session.date.isoformat()} {session.start:%H:%M}–{session.end:%H:%M}{where}"
        lines.append(Message("Session: {when}", when=when).text(lang) + "\n")
    service = next_service(case)
    if service is not None:
        step = service.step.label.text(lang) if service.step else ""
        line = Message("Next: {step} — {where}", step=step, where=service.text(lang))
        lines.append(line.text(lang))
    lines.rstrip()
    return Panel(lines, title=workflow.title.text(lang), expand=False)


def next_service(case: Case) -> Service | None:
    """Where and when the student goes next: the current station, or before the hall the
    first open prerequisite (in the advised order) not waiting for another; else None."""
    workflow = case.engine.workflow
    if case.phase in case.engine.station_index:
        return service_for(workflow, case.phase, case.facts)
    if case.phase in (READY, RELEASED):
        return None
    for name in advised_order(workflow.steps):
        step = case.engine.steps[name]
        if (
            step.kind is StepKind.PREREQUISITE
            and case.status(name) in (StepStatus.PENDING, StepStatus.REFUSED)
            and not case.waiting_for(name)
        ):
            return service_for(workflow, name, case.facts)
    return None


def _status_cell(case: Case, step: Step, lang: Lang) -> Text:
    # The marks' ids start with a space: English needs it, Chinese full-width brackets do not.
    status = case.status(step.id)
    _, style, mark = STATUS[status]
    text = Text(f"{mark} {status_word(status, lang)}", style=style)
    record = case.records.get(step.id)
    if record is not None and record.late:
        text.append(translate(N_(" (late)"), lang), style="red")
    if record is not None and record.early:
        text.append(translate(N_(" (early)"), lang), style="yellow")
    if record is not None and record.off_hours:
        text.append(translate(N_(" (off hours)"), lang), style="yellow")
    if status is StepStatus.PENDING and not case.is_required(step.id):
        text.append(translate(N_(" (optional)"), lang), style="dim")
    return text


def render_checklist(case: Case, lang: Lang = "en") -> RenderableType:
    """Every prerequisite with its status and the reason of a refusal or waiver."""
    title = translate(N_("Prerequisites"), lang)
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for column in (STEP, OFFICE, N_("Status"), NOTE):
        table.add_column(translate(column, lang), overflow="fold")
    offices = {office.id: office for office in case.engine.workflow.offices}
    for step in case.engine.prerequisites:
        record = case.records.get(step.id)
        note = ""
        if record is not None:
            note = record.outcome or ""
            said = reason_said(record.reason, record.owed)
            reason = said if isinstance(said, str) else said.text(lang)
            if reason:
                note = f"{note} {reason}".strip()
            outcome = next((o for o in step.outcomes if o.id == record.outcome), None)
            if outcome is not None:
                note = outcome.label.text(lang) + (f" — {reason}" if reason else "")
        table.add_row(
            step.label.text(lang),
            offices[step.office].label.text(lang),
            _status_cell(case, step, lang),
            note,
        )
    return table


def render_progress(case: Case, lang: Lang = "en") -> RenderableType:
    """The stations in order: done, current and to come."""
    parts = Text(translate(N_("Stations: "), lang) if case.engine.stations else "")
    for index, step in enumerate(case.engine.stations):
        if index:
            parts.append(" → ", style="dim")
        status = case.status(step.id)
        if case.phase == step.id:
            parts.append(f"▶ {step.label.text(lang)}", style="bold yellow")
        elif status in (StepStatus.CLEARED, StepStatus.WAIVED):
            parts.append(f"✓ {index + 1}", style="green")
        else:
            parts.append(str(index + 1), style="dim")
    if case.phase in (READY, RELEASED):
        done = N_("(every step settled)") if case.phase == READY else N_("(documents handed over)")
        gap = "  " if case.engine.stations else ""
        parts.append(gap + translate(done, lang), style="green")
    return parts


def render_station(case: Case, step: Step, lang: Lang = "en") -> RenderableType:
    """The station the student stands at: number, office and what it checks."""
    title = Message(
        "Station {index}/{total} · {office}",
        index=case.engine.station_index[step.id] + 1,
        total=len(case.engine.stations),
        office=case.engine.workflow.office(step.office).label.text(lang),
    ).text(lang)
    body = Text(step.label.text(lang), style="bold")
    if step.checks is not None:
        body.append("\n" + Message("Checks: {checks}", checks=step.checks.text(lang)).text(lang))
    where = service_for(case.engine.workflow, step.id, case.facts).where(lang)
    if where:
        body.append("\n" + Message("Where: {where}", where=where).text(lang))
    return Panel(body, title=title, expand=False)


def render_blockers(blockers: tuple[Blocker, ...], lang: Lang = "en") -> RenderableType:
    """What holds the student back, one line each, in both languages' office names, each
    followed by where and when the student goes for it (when the workflow says)."""
    lines = Text()
    for blocker in blockers:
        line = blocker.describe(None if lang == "en" else lang, where=False)
        lines.append(f"✗ {line}\n", style="red")
        where = blocker.service.where(lang) if blocker.service else ""
        if where:
            lines.append(f"  {where}\n")
    lines.rstrip()
    title = translate(N_("Blocked"), lang)
    return Panel(lines, title=title, border_style="red", expand=False)


def render_documents(documents: tuple[Document, ...], lang: Lang = "en") -> RenderableType:
    """The documents handed over at release."""
    lines = Text()
    for number, document in enumerate(documents, start=1):
        lines.append(f"{number}. {document.label.text(lang)}\n")
    lines.rstrip()
    title = translate(N_("Documents to hand over"), lang)
    return Panel(lines, title=title, border_style="green", expand=False)


def render_history(
    workflow: Workflow, student_id: str, events: list[Event], lang: Lang = "en"
) -> RenderableType:
    """One student's events in order: when, what, which step, who, and the note or reason."""
    title = Message("History of {student}", student=student_id).text(lang)
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column(Contextual("moment of an event", "Time").text(lang), no_wrap=True)
    table.add_column(translate(N_("Action"), lang), no_wrap=True)
    table.add_column(translate(STEP, lang), ratio=2)
    table.add_column(translate(N_("By"), lang), overflow="fold", ratio=2)
    table.add_column(translate(NOTE, lang), ratio=3)
    zone = zoneinfo.ZoneInfo(workflow.timezone)
    for event in events:
        said = reason_said(event.reason, event.owed)
        reason = said if isinstance(said, str) else said.text(lang)
        note = [part for part in (event.outcome, reason) if part]
        if event.late:
            note.append(translate(N_("late"), lang))
        if event.backdated:
            note.append(translate(N_("backdated"), lang))
        if event.early:
            note.append(translate(N_("early"), lang))
        if event.off_hours:
            note.append(translate(N_("off hours"), lang))
        if event.documents:
            note.append(", ".join(event.documents))
        if event.rules_from is not None:
            note.append(f"{event.rules_from[:12]} → {event.digest[:12]}")
        table.add_row(
            str(event.seq),
            f"{event.at.astimezone(zone):%Y-%m-%d %H:%M}",
            ACTIONS[event.action].text(lang),
            _step_label(workflow, event.step, lang),
            f"{event.office}/{event.staff}",
            "; ".join(note),
        )
    return table


def _step_label(workflow: Workflow, step_id: str | None, lang: Lang) -> str:
    """A step's label, or its id when the workflow lacks it (an event of earlier rules)."""
    if not step_id:
        return ""
    try:
        return workflow.step(step_id).label.text(lang)
    except KeyError:
        return step_id


def backdated_note(case: Case, lang: Lang = "en") -> str | None:
    """A line saying the case's last action is dated before its previous event, else None."""
    events = case.events
    if len(events) < 2 or not events[-1].backdated:
        return None
    zone = case.engine.zone
    when = f"{events[-1].at.astimezone(zone):%Y-%m-%d %H:%M}"
    previous = f"{events[-2].at.astimezone(zone):%Y-%m-%d %H:%M}"
    note = Message(
        "backdated: dated {when}, before the case's previous event ({previous})",
        when=when,
        previous=previous,
    )
    return f"  {note.text(lang)}"


def advice_note(case: Case, step: Step, lang: Lang = "en") -> str | None:
    """A line saying the step was acted on before the steps it is best done after, else None.

    Advice (``advised_after:``) is never a refusal: the action went through.
    """
    advised = advice_pending(case, step.id)
    if not advised:
        return None
    note = Message(
        "advice: best done after {steps}, not done yet (recorded all the same)",
        steps=steps_words(advised),
    )
    return f"  {note.text(lang)}"
