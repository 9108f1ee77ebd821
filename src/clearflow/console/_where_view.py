"""Where, when and who, for ``show``: the offices with their places, hours and who may act
for them, the hall's hours with what acting outside them (or outside the student's own
session) does, and a schedule that gives only its days (no sessions yet). A procedure
without stations has no hall: its schedule's hours read as service hours.

Hours are grouped by weekday as a notice writes them (``Mon–Fri 8:30–12:00, 14:30–17:30;
Sat 9:00–12:00``, :func:`clearflow.spec.week_text`); an entry limited to dates or to some
students is a line of its own, saying so.
"""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from clearflow._i18n import N_, Contextual, Message, translate
from clearflow.spec import Hours, Office, Workflow, week_of, week_text
from clearflow.words import Words

HALL_HOURS = N_("Hall hours: {hours}")
SERVICE_HOURS = N_("Service hours: {hours}")
"""The schedule's hours when there are no stations, hence no hall."""
OFF_HOURS = {"block": N_("Outside hours: refused"), "flag": N_("Outside hours: recorded")}
"""What an ``off_hours:`` policy does, as show says it (``flag`` only where a step overrides)."""
HALL_OFF_HOURS = N_("Outside hall hours: refused")
OWN_SESSION = {
    "block": N_("Stations serve a student only in their own session"),
    "flag": N_("A station action outside the student's own session is recorded"),
}
"""What ``schedule.own_session`` does, by its policy."""
WHO_MAY_ACT = N_("Who may act")


def has_where(workflow: Workflow) -> bool:
    """Whether any office says where or when it serves, or who may act for it."""
    return any(_says_something(office) for office in workflow.offices)


def _says_something(office: Office) -> bool:
    return bool(office.places or office.hours or office.scope or office.off_hours == "block")


def render_offices(workflow: Workflow, words: Words) -> RenderableType:
    """A table of the offices that give a place, hours or a rule: office, place (per who),
    hours (with ``off_hours: block``) and, when an office is scoped, who may act."""
    lang = words.lang
    table = Table(
        title=Text(Contextual("offices table title", "Offices").text(lang)),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        expand=False,
    )
    scoped = any(office.scope for office in workflow.offices)
    columns = (N_("Office"), N_("Place"), N_("Hours"), *([WHO_MAY_ACT] if scoped else []))
    for column in columns:
        table.add_column(Text(translate(column, lang)), overflow="fold")
    for office in workflow.offices:
        if _says_something(office):
            cells = _office_cells(office, words)
            if scoped:
                cells += (scope_text(workflow, office.scope, words),)
            table.add_row(*(Text(cell) for cell in cells))
    return table


def scope_text(workflow: Workflow, scope: str | None, words: Words) -> str:
    """``Only for students whose School is the staff member's unit`` (empty without scope)."""
    if scope is None:
        return ""
    fact = words.label(workflow.fact(scope).label, scope)
    return Message("Only for students whose {fact} is the staff member's unit", fact=fact).text(
        words.lang
    )


def person_text(workflow: Workflow, person: str, words: Words) -> str:
    """``Signed by the person named in supervisor``: a step's ``person:`` fact."""
    fact = words.label(workflow.fact(person).label, person)
    return Message("Signed by the person named in {fact}", fact=fact).text(words.lang)


def _office_cells(office: Office, words: Words) -> tuple[str, ...]:
    lang = words.lang
    places = []
    for place in office.places:
        line = words.label(place.label)
        if place.who is not None:
            students = words.selector(place.who)
            line = Message("{place} ({students})", place=line, students=students).text(lang)
        places.append(line)
    hours = hours_lines(office.hours, words)
    if office.off_hours == "block":
        hours = "\n".join(filter(None, (hours, translate(OFF_HOURS["block"], lang))))
    return words.label(office.label, office.id), "\n".join(places), hours


def hours_lines(hours: tuple[Hours, ...], words: Words) -> str:
    """The hours, one line per kind of entry: for everyone, then per date range or students."""
    lang = words.lang
    kinds: dict[tuple[object, ...], list[Hours]] = {}
    for item in hours:
        kinds.setdefault((item.since, item.until, item.who), []).append(item)
    lines = []
    for entries in kinds.values():
        first = entries[0]
        line = week_text(week_of(entries), lang) or translate(N_("closed"), lang)
        if first.dated:
            dates = Message(
                "{since} – {until}",
                since=first.since.isoformat() if first.since else "",
                until=first.until.isoformat() if first.until else "",
            )
            line = Message("{hours} (on {dates})", hours=line, dates=dates).text(lang)
        if first.who is not None:
            line = Message(
                "{hours} (for {students})", hours=line, students=words.selector(first.who)
            ).text(lang)
        lines.append(line)
    return "\n".join(lines)


def render_days_only(workflow: Workflow, words: Words) -> RenderableType:
    """A schedule with no sessions: its place, first and last day, and hours."""
    schedule = workflow.schedule
    assert schedule is not None
    lang = words.lang
    title = translate(N_("Schedule"), lang)
    if schedule.place:
        title += f" — {words.label(schedule.place)}"
    days = list(dict.fromkeys(d.isoformat() for d in (schedule.first_day, schedule.last_day) if d))
    lines = Text(title, style="bold")
    if days:
        shown = (
            Message("{since} – {until}", since=days[0], until=days[-1])
            if len(days) > 1
            else days[0]
        )
        lines.append("\n" + Message("Service days: {days}", days=shown).text(lang))
    for line in hall_lines(workflow, words):
        lines.append("\n" + line)
    lines.append("\n" + translate(N_("no sessions in the schedule yet"), lang))
    return lines


def hall_lines(workflow: Workflow, words: Words) -> list[str]:
    """The hall's hours and what acting outside them or the student's own session does.

    Without stations there is no hall: the hours are the schedule's service hours, and the
    hall's policies, which only stations follow, are not said.
    """
    schedule = workflow.schedule
    assert schedule is not None
    lines = [hall_hours(workflow, words)] if schedule.hours else []
    if workflow.stations:
        if schedule.off_hours == "block":
            lines.append(translate(HALL_OFF_HOURS, words.lang))
        if schedule.own_session:
            lines.append(translate(OWN_SESSION[schedule.own_session], words.lang))
    return lines


def hall_hours(workflow: Workflow, words: Words) -> str:
    """``Hall hours: Mon–Fri 9:00–16:30`` (the schedule's ``hours``), on one line; without
    stations, ``Service hours: ...``."""
    schedule = workflow.schedule
    assert schedule is not None
    lines = hours_lines(schedule.hours, words).split("\n")
    joined: str | Message = lines[-1]
    for line in reversed(lines[:-1]):
        joined = Message("{first}; {rest}", first=line, rest=joined)
    title = HALL_HOURS if workflow.stations else SERVICE_HOURS
    return translate(title, words.lang, hours=joined)
