"""Rich renderers for one student's case: header, checklist, stations, documents, history."""

from __future__ import annotations

import zoneinfo

from rich import box
from rich.console import RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from clearflow._i18n import Message, as_lang
from clearflow.engine import READY, RELEASED, Action, Blocker, Case, Event, StepStatus
from clearflow.spec import Document, Step, Workflow, place_of, sessions_for

STATUS = {
    "en": {
        StepStatus.PENDING: ("pending", "yellow", "·"),
        StepStatus.CLEARED: ("cleared", "green", "✓"),
        StepStatus.REFUSED: ("refused", "red", "✗"),
        StepStatus.WAIVED: ("waived", "cyan", "~"),
        StepStatus.NOT_APPLICABLE: ("not applicable", "dim", "–"),
    },
    "zh": {
        StepStatus.PENDING: ("待办", "yellow", "·"),
        StepStatus.CLEARED: ("已办结", "green", "✓"),
        StepStatus.REFUSED: ("退回", "red", "✗"),
        StepStatus.WAIVED: ("免办", "cyan", "~"),
        StepStatus.NOT_APPLICABLE: ("不适用", "dim", "–"),
    },
}

TEXT = {
    "en": {
        "student": "Student",
        "session": "Session",
        "none": "no session in the schedule",
        "prerequisites": "Prerequisites",
        "step": "Step",
        "office": "Office",
        "status": "Status",
        "note": "Note",
        "station": "Station",
        "checks": "Checks",
        "blocked": "Blocked",
        "documents": "Documents to hand over",
        "late": "late",
        "backdated": "backdated",
        "optional": "optional",
        "progress": "Stations",
        "ready": "every step settled",
        "released": "documents handed over",
        "history": "History of {student}",
        "time": "Time",
        "action": "Action",
        "by": "By",
    },
    "zh": {
        "student": "学生",
        "session": "办理时段",
        "none": "时段安排中无此学生",
        "prerequisites": "前期工作",
        "step": "事项",
        "office": "部门",
        "status": "状态",
        "note": "备注",
        "station": "第",
        "checks": "办理内容",
        "blocked": "未能办结",
        "documents": "应领取的证书及资料",
        "late": "逾期",
        "backdated": "补记",
        "optional": "自愿",
        "progress": "一站式服务",
        "ready": "各项手续已办结",
        "released": "证书已发放",
        "history": "{student} 的办理记录",
        "time": "时间",
        "action": "操作",
        "by": "经办",
    },
}


ACTIONS = {
    "en": {
        Action.START: "started",
        Action.CLEAR: "cleared",
        Action.REFUSE: "refused",
        Action.WAIVE: "waived",
        Action.RELEASE: "documents handed over",
    },
    "zh": {
        Action.START: "建档",
        Action.CLEAR: "办结",
        Action.REFUSE: "退回",
        Action.WAIVE: "免办",
        Action.RELEASE: "发放证书",
    },
}


def _lang(lang: str) -> str:
    return lang if lang in TEXT else "en"


def render_header(case: Case, lang: str = "en") -> RenderableType:
    """The student, the facts that matter and the session the schedule assigns."""
    lang = _lang(lang)
    words = TEXT[lang]
    workflow = case.engine.workflow
    lines = Text()
    who = f"{case.name} ({case.student_id})" if case.name else case.student_id
    lines.append(f"{words['student']}: {who}\n", style="bold")
    shown = []
    for fact in workflow.facts:
        value = case.facts.get(fact.id)
        if fact.values and value is not None:
            shown.append(fact.value_label(value, lang))
        elif value is True:
            shown.append(fact.label.text(lang))
    lines.append(" · ".join(shown) + "\n")
    sessions = sessions_for(workflow, case.facts)
    if not sessions:
        lines.append(f"{words['session']}: {words['none']}", style="yellow")
    for session in sessions:
        place = place_of(workflow, session)
        where = f" · {place.text(lang)}" if place else ""
        lines.append(
            f"{words['session']}: {session.date.isoformat()} "
            f"{session.start:%H:%M}–{session.end:%H:%M}{where}\n"
        )
    lines.rstrip()
    return Panel(lines, title=workflow.title.text(lang), expand=False)


def _status_cell(case: Case, step: Step, lang: str) -> Text:
    status = case.status(step.id)
    word, style, mark = STATUS[lang][status]
    text = Text(f"{mark} {word}", style=style)
    record = case.records.get(step.id)
    if record is not None and record.late:
        text.append(f" ({TEXT[lang]['late']})", style="red")
    if status is StepStatus.PENDING and not case.is_required(step.id):
        text.append(f" ({TEXT[lang]['optional']})", style="dim")
    return text


def render_checklist(case: Case, lang: str = "en") -> RenderableType:
    """Every prerequisite with its status and the reason of a refusal or waiver."""
    lang = _lang(lang)
    words = TEXT[lang]
    table = Table(title=words["prerequisites"], title_justify="left", box=box.SIMPLE_HEAD)
    for column in (words["step"], words["office"], words["status"], words["note"]):
        table.add_column(column, overflow="fold")
    offices = {office.id: office for office in case.engine.workflow.offices}
    for step in case.engine.prerequisites:
        record = case.records.get(step.id)
        note = ""
        if record is not None:
            note = record.outcome or ""
            if record.reason:
                note = f"{note} {record.reason}".strip()
            outcome = next((o for o in step.outcomes if o.id == record.outcome), None)
            if outcome is not None:
                note = outcome.label.text(lang) + (f" — {record.reason}" if record.reason else "")
        table.add_row(
            step.label.text(lang),
            offices[step.office].label.text(lang),
            _status_cell(case, step, lang),
            note,
        )
    return table


def render_progress(case: Case, lang: str = "en") -> RenderableType:
    """The stations in order: done, current and to come."""
    lang = _lang(lang)
    parts = Text(f"{TEXT[lang]['progress']}: ")
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
        parts.append(
            f"  ({TEXT[lang]['ready' if case.phase == READY else 'released']})", style="green"
        )
    return parts


def render_station(case: Case, step: Step, lang: str = "en") -> RenderableType:
    """The station the student stands at: number, office and what it checks."""
    lang = _lang(lang)
    words = TEXT[lang]
    index = case.engine.station_index[step.id] + 1
    total = len(case.engine.stations)
    office = case.engine.workflow.office(step.office).label.text(lang)
    title = (
        f"第 {index}/{total} 站 · {office}"
        if lang == "zh"
        else f"{words['station']} {index}/{total} · {office}"
    )
    body = Text(step.label.text(lang), style="bold")
    if step.checks is not None:
        body.append(f"\n{words['checks']}: {step.checks.text(lang)}")
    return Panel(body, title=title, expand=False)


def render_blockers(blockers: tuple[Blocker, ...], lang: str = "en") -> RenderableType:
    """What holds the student back, one line each, in both languages' office names."""
    lang = _lang(lang)
    lines = Text()
    for blocker in blockers:
        lines.append(f"✗ {blocker.describe(None if lang == 'en' else lang)}\n", style="red")
    lines.rstrip()
    return Panel(lines, title=TEXT[lang]["blocked"], border_style="red", expand=False)


def render_documents(documents: tuple[Document, ...], lang: str = "en") -> RenderableType:
    """The documents handed over at release."""
    lang = _lang(lang)
    lines = Text()
    for number, document in enumerate(documents, start=1):
        lines.append(f"{number}. {document.label.text(lang)}\n")
    lines.rstrip()
    return Panel(lines, title=TEXT[lang]["documents"], border_style="green", expand=False)


def render_history(
    workflow: Workflow, student_id: str, events: list[Event], lang: str = "en"
) -> RenderableType:
    """One student's events in order: when, what, which step, who, and the note or reason."""
    lang = _lang(lang)
    words = TEXT[lang]
    table = Table(
        title=words["history"].format(student=student_id), box=box.SIMPLE_HEAD, title_justify="left"
    )
    table.add_column("#", justify="right")
    table.add_column(words["time"], no_wrap=True)
    table.add_column(words["action"], no_wrap=True)
    table.add_column(words["step"], ratio=2)
    table.add_column(words["by"], overflow="fold", ratio=2)
    table.add_column(words["note"], ratio=3)
    zone = zoneinfo.ZoneInfo(workflow.timezone)
    for event in events:
        note = [part for part in (event.outcome, event.reason) if part]
        if event.late:
            note.append(words["late"])
        if event.backdated:
            note.append(words["backdated"])
        if event.documents:
            note.append(", ".join(event.documents))
        table.add_row(
            str(event.seq),
            f"{event.at.astimezone(zone):%Y-%m-%d %H:%M}",
            ACTIONS[lang][event.action],
            workflow.step(event.step).label.text(lang) if event.step else "",
            f"{event.office}/{event.staff}",
            "; ".join(note),
        )
    return table


def backdated_note(case: Case, lang: str = "en") -> str | None:
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
    return f"  {note.text(as_lang(lang))}"
