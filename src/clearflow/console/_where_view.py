"""Where and when, for ``show``: the offices with their places and hours, the hall's hours,
and a schedule that gives only its days (no sessions yet).

Hours are grouped by weekday as a notice writes them (``Mon–Fri 8:30–12:00, 14:30–17:30;
Sat 9:00–12:00``, :func:`clearflow.spec.week_text`); an entry limited to dates or to some
students is a line of its own, saying so.
"""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from clearflow._i18n import N_, Message, translate
from clearflow.spec import Hours, Office, Workflow, week_of, week_text
from clearflow.words import Words

HALL_HOURS = N_("Hall hours: {hours}")


def has_where(workflow: Workflow) -> bool:
    """Whether any office says where or when it serves."""
    return any(office.places or office.hours for office in workflow.offices)


def render_offices(workflow: Workflow, words: Words) -> RenderableType:
    """A table of the offices that give a place or hours: office, place (per who), hours."""
    lang = words.lang
    table = Table(
        title=Text(translate(N_("Offices"), lang)),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        expand=False,
    )
    for column in (N_("Office"), N_("Place"), N_("Hours")):
        table.add_column(Text(translate(column, lang)), overflow="fold")
    for office in workflow.offices:
        if office.places or office.hours:
            table.add_row(*(Text(cell) for cell in _office_cells(office, words)))
    return table


def _office_cells(office: Office, words: Words) -> tuple[str, str, str]:
    lang = words.lang
    places = []
    for place in office.places:
        line = words.label(place.label)
        if place.who is not None:
            students = words.selector(place.who)
            line = Message("{place} ({students})", place=line, students=students).text(lang)
        places.append(line)
    return words.label(office.label, office.id), "\n".join(places), hours_lines(office.hours, words)


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
    if schedule.hours:
        lines.append("\n" + hall_hours(workflow, words))
    lines.append("\n" + translate(N_("no sessions in the schedule yet"), lang))
    return lines


def hall_hours(workflow: Workflow, words: Words) -> str:
    """``Hall hours: Mon–Fri 9:00–16:30`` (the schedule's ``hours``), on one line."""
    schedule = workflow.schedule
    assert schedule is not None
    lines = hours_lines(schedule.hours, words).split("\n")
    joined: str | Message = lines[-1]
    for line in reversed(lines[:-1]):
        joined = Message("{first}; {rest}", first=line, rest=joined)
    return translate(HALL_HOURS, words.lang, hours=joined)
