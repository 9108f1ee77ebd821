"""The notice and its attachment (离校须知) as plain data, built once from a Workflow.

:func:`notice_content` reads everything both papers say from the workflow: its title and
institution, the deadlines, the prerequisites with their offices and due dates, the schedule
table (a row per session: date with weekday, time, students, headcount, place), the service
days with the hall's hours, the stations in order with what each checks, the documents and
who gets them (their conditions in words, by :class:`clearflow.words.Words`), the offices'
hours and who is served elsewhere. The notice and the attachment are two views of this one
:class:`Content`, so the attachment's service days are the schedule's days and cannot
contradict the body (the 2014 notice's attachment said 07-08..07-10, its body 07-09..07-11).

The workflow's own labels come from its ``zh``/``en`` fields; clearflow's words (headings,
the titles, dates) come from the catalogue. Everything is text, numbers and ISO dates, so
:meth:`Content.data` is JSON as it is (a typst template's input, a docxtpl context).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from clearflow._i18n import N_, Lang, Message, as_lang, translate
from clearflow.documents._dates import day_text, full_date_text, headcount_text, span_text
from clearflow.documents._items import (
    Content,
    DeadlineItem,
    OfficeHours,
    Paper,
    Prerequisite,
    ScheduleRow,
    ServiceDay,
    Station,
)
from clearflow.spec import Deadline, Session, Step, Workflow, hours_on, place_of, week_text, weekly
from clearflow.words import Words

HEADINGS: Final[dict[str, str]] = {
    "attachment": N_("Attachment"),
    "prerequisites": N_("Prerequisites"),
    "stations": N_("Stations in order"),
    "documents": N_("Documents handed over"),
    "schedule": N_("Schedule"),
    "deadlines": N_("Deadlines"),
    "service_days": N_("Service days"),
    "office_hours": N_("Hours"),
    "place": N_("Place"),
    "date": N_("Date"),
    "time": N_("Time"),
    "students": N_("Students"),
    "headcount": N_("Headcount"),
    "office": N_("Office"),
    "checks": N_("What is checked"),
    "applies": N_("Applies to"),
    "due": N_("Due"),
    "document": N_("Document"),
    "step": N_("Step"),
    "total": N_("Scheduled in all"),
    "no": N_("#"),
    "late_block": N_("late clearance refused"),
    "colon": N_(": "),
    "separator": N_("; "),
}
"""The headings and column titles both papers use, by key, as catalogue ids."""


def notice_content(workflow: Workflow, lang: Lang | str = "zh") -> Content:
    """The notice's and the attachment's content for ``workflow`` in ``lang``."""
    shown = as_lang(lang)
    words = Words(workflow, shown)
    title = words.label(workflow.title, workflow.id)
    rows = _rows(workflow, words)
    prerequisites = tuple(_prerequisite(workflow, step, words) for step in workflow.prerequisites)
    dues = sorted({d for step in workflow.prerequisites for d in _due_dates(workflow, step)})
    total = sum(row.headcount or 0 for row in rows)
    return Content(
        lang=shown,
        workflow=workflow.id,
        digest=workflow.digest,
        title=title,
        notice_title=Message("Notice on {title}", title=title).text(shown),
        attachment_title=Message("Guide to {title}", title=title).text(shown),
        institution=words.label(workflow.institution),
        issued=workflow.issued.isoformat() if workflow.issued else "",
        issued_text=full_date_text(workflow.issued, shown) if workflow.issued else "",
        headings={key: translate(msgid, shown) for key, msgid in HEADINGS.items()},
        deadlines=tuple(
            item for deadline in workflow.deadlines for item in _deadline(deadline, words)
        ),
        prerequisites=prerequisites,
        prerequisites_due_text=translate(N_("; "), shown).join(day_text(d, shown) for d in dues),
        prerequisites_heading=Message(
            "{heading} (done by {date})",
            heading=Message(HEADINGS["prerequisites"]),
            date=translate(N_("; "), shown).join(day_text(d, shown) for d in dues),
        ).text(shown),
        schedule=rows,
        total_headcount=total,
        total_headcount_text=headcount_text(total, shown),
        place=words.label(workflow.schedule.place if workflow.schedule else None),
        service_days=_service_days(workflow, words),
        stations=tuple(
            Station(
                number=number,
                id=step.id,
                label=words.label(step.label, step.id),
                office=words.office(step.office),
                checks=words.label(step.checks),
            )
            for number, step in enumerate(workflow.stations, start=1)
        ),
        documents=tuple(
            Paper(
                id=document.id,
                label=words.label(document.label, document.id),
                office=words.office(document.office) if document.office else "",
                applies=words.condition(document.when),
                group=document.group or "",
            )
            for document in workflow.documents
        ),
        office_hours=_office_hours(workflow, words),
        elsewhere=tuple(
            words.selector(p.who) + words["colon"] + words.label(p.label)
            if p.who
            else words.label(p.label)
            for p in (workflow.schedule.elsewhere if workflow.schedule else ())
        ),
    )


def _deadline(deadline: Deadline, words: Words) -> list[DeadlineItem]:
    label = words.label(deadline.label, deadline.id)
    found = []
    for rule in deadline.dates:
        shown = label if rule.who is None else f"{label} · {words.selector(rule.who)}"
        if deadline.late == "block":
            note = Message(HEADINGS["late_block"])
            shown = Message("{label} ({note})", label=shown, note=note).text(words.lang)
        found.append(
            DeadlineItem(
                id=deadline.id,
                label=label,
                date=rule.date.isoformat(),
                date_text=day_text(rule.date, words.lang),
                blocks=deadline.late == "block",
                line=day_text(rule.date, words.lang) + words["colon"] + shown,
            )
        )
    return found


def _due_dates(workflow: Workflow, step: Step) -> list[dt.date]:
    return [rule.date for rule in workflow.deadline(step.due).dates] if step.due else []


def _prerequisite(workflow: Workflow, step: Step, words: Words) -> Prerequisite:
    deadline = workflow.deadline(step.due) if step.due else None
    return Prerequisite(
        id=step.id,
        label=words.label(step.label, step.id),
        office=words.office(step.office),
        checks=words.label(step.checks),
        applies=words.condition(step.when),
        due=deadline.dates[0].date.isoformat() if deadline else "",
        due_text=translate(N_("; "), words.lang).join(
            day_text(day, words.lang) for day in _due_dates(workflow, step)
        ),
        blocks=deadline is not None and deadline.late == "block",
    )


def _rows(workflow: Workflow, words: Words) -> tuple[ScheduleRow, ...]:
    sessions = sorted(
        workflow.schedule.sessions if workflow.schedule else (),
        key=lambda s: (s.date, s.start, s.end),
    )
    rows = []
    for index, session in enumerate(sessions):
        rows.append(
            _row(workflow, session, words, index == 0 or sessions[index - 1].date != session.date)
        )
    return tuple(rows)


def _row(workflow: Workflow, session: Session, words: Words, first: bool) -> ScheduleRow:
    return ScheduleRow(
        date=session.date.isoformat(),
        date_text=day_text(session.date, words.lang),
        start=session.start.isoformat("minutes"),
        end=session.end.isoformat("minutes"),
        time_text=span_text(session.start, session.end, words.lang),
        students=words.selector(session.who),
        headcount=session.expected,
        headcount_text=""
        if session.expected is None
        else headcount_text(session.expected, words.lang),
        place=words.label(place_of(workflow, session) or None),
        first_of_day=first,
    )


def service_dates(workflow: Workflow) -> tuple[dt.date, ...]:
    """The days the hall serves: every session's date, else first_day..last_day."""
    schedule = workflow.schedule
    if schedule is None:
        return ()
    days = {session.date for session in schedule.sessions}
    if not days and schedule.first_day and schedule.last_day:
        span = (schedule.last_day - schedule.first_day).days
        days = {schedule.first_day + dt.timedelta(days=n) for n in range(span + 1)}
    return tuple(sorted(days))


def _service_days(workflow: Workflow, words: Words) -> tuple[ServiceDay, ...]:
    schedule = workflow.schedule
    if schedule is None:
        return ()
    found = []
    for day in service_dates(workflow):
        sessions = [s for s in schedule.sessions if s.date == day]
        ranges = hours_on(schedule.hours, day, {}) or tuple(
            sorted({(s.start, s.end) for s in sessions})
        )
        found.append(
            ServiceDay(
                date=day.isoformat(),
                date_text=day_text(day, words.lang),
                hours_text=", ".join(span_text(start, end, words.lang) for start, end in ranges),
                students=tuple(dict.fromkeys(words.selector(s.who) for s in sessions)),
            )
        )
    return tuple(found)


def _office_hours(workflow: Workflow, words: Words) -> tuple[OfficeHours, ...]:
    found = []
    for office in workflow.offices:
        week = weekly(office.hours)
        place = next((p.label for p in office.places if p.who is None), None)
        if week or place:
            found.append(
                OfficeHours(
                    office=words.label(office.label, office.id),
                    place=words.label(place),
                    hours_text=week_text(week, words.lang),
                )
            )
    return tuple(found)
