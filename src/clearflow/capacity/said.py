"""The capacity outlook as staff read it, a line per station, in Chinese or English.

``[2] 2014-07-10 星期四 9:00–12:00 · 474 名学生（城乡规划与建筑工程系）``, then per station
``计财处 · 计财处确认费用缴清：2 个窗口，最长等待 p90 23 分钟，最多 41 人排队；等待不超过 10
分钟需 4 个窗口``, then when the hall empties, and how the numbers were drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

from clearflow._i18n import N_, Lang, Message, Plural, translate
from clearflow.capacity._calling import Calling
from clearflow.capacity._estimate import Estimate
from clearflow.capacity._outlook import Outlook, StationOutlook
from clearflow.capacity._plan import Sitting
from clearflow.spec import WEEKDAY_WORDS, Workflow, clock
from clearflow.words import LabelText


def sitting_title(number: int, sitting: Sitting, workflow: Workflow, lang: Lang) -> str:
    """``[2] 2014-07-10 Thu 9:00–12:00 · 474 students (Urban and Rural Planning)``."""
    day = Message(WEEKDAY_WORDS[sitting.date.weekday()]).text(lang)
    who = [_who(session.who.pairs, workflow, lang) for session in sitting.sessions]
    count = Plural("{count} student", "{count} students", sitting.students)
    groups = translate(N_("; "), lang).join(w for w in who if w)
    said = Message("{count} ({who})", count=count, who=groups) if groups else count
    span = f"{clock(sitting.start)}–{clock(sitting.end)}"
    return f"[{number}] {sitting.date.isoformat()} {day} {span} · {said.text(lang)}"


def station_line(station: StationOutlook, workflow: Workflow, max_wait: float, lang: Lang) -> str:
    """One station: its windows, the p90 longest wait and queue, and the windows needed."""
    service = station.service
    name = Message(
        "{office} · {station}",
        office=LabelText(workflow.office(service.office).label, service.office),
        station=LabelText(service.label, service.station),
    )
    if not station.visited:
        return Message("{name}: no student of this sitting passes it", name=name).text(lang)
    windows = Plural("{count} window", "{count} windows", service.windows)
    if station.needed is None:
        needed: Message = Message(
            "more than 40 windows for waits within {wait} min", wait=_n(max_wait)
        )
    else:
        needed = Message(
            "{windows} for waits within {wait} min",
            windows=Plural("{count} window", "{count} windows", station.needed),
            wait=_n(max_wait),
        )
    return Message(
        "{name}: {windows}, longest wait p90 {wait} min, at most {queue} waiting; needs {needed}",
        name=name,
        windows=windows,
        wait=_n(station.wait_p90),
        queue=station.queue_p90,
        needed=needed,
    ).text(lang)


def finish_line(outlook: Outlook, lang: Lang) -> str:
    """When the hall empties (p90, p50) beside the sitting's end."""
    end = outlook.sitting.end
    late = N_("hall empty by {p90} (p90; p50 {p50}), after the {end} end")
    early = N_("hall empty by {p90} (p90; p50 {p50}), before the {end} end")
    said = Message(
        late if outlook.late else early,
        p90=outlook.sitting.moment_text(outlook.finish_p90),
        p50=outlook.sitting.moment_text(outlook.finish_p50),
        end=clock(end),
    )
    return said.text(lang)


def drawn_line(outlooks: Sequence[Outlook], lang: Lang) -> str:
    """How the numbers were drawn, and which minutes and windows were assumed."""
    first = outlooks[0]
    assumed = sorted({s.service.station for o in outlooks for s in o.stations if s.service.assumed})
    said = Message(
        "{replications} replications, seed {seed}; students arrive {how} until {last} min "
        "before their session ends",
        replications=first.replications,
        seed=first.seed,
        how=Message("evenly")
        if first.arrivals == "uniform"
        else Message("front-loaded (more of them early)"),
        last=_n(first.last_call),
    )
    if any(session.calls for o in outlooks for session in o.sitting.sessions):
        said = Message("{said}; a session with calls: comes as it is called", said=said)
    if assumed:
        said = Message(
            "{said}; assumed, not in the workflow: {stations}",
            said=said,
            stations=", ".join(assumed),
        )
    return said.text(lang)


CHART_COLUMNS = 60
"""The most columns a terminal chart takes."""
BARS = " ▁▂▃▄▅▆▇█"
"""A queue's height in a column: none to the most waiting anywhere in the sitting."""


def chart_lines(outlook: Outlook, lang: Lang, columns: int = CHART_COLUMNS) -> list[str]:
    """The p90 queue at each station over time, a row of at most ``columns`` bars each on
    one scale (a finer profile is sampled evenly), then the times under them (the sitting's
    start, its end at ``|``, the last moment shown)."""
    stations = [s for s in outlook.stations if s.queue_over_time]
    if not stations or not outlook.profile:
        return []
    told = len(outlook.profile)
    shown = (
        [round(n * (told - 1) / (columns - 1)) for n in range(columns)]
        if told > columns
        else list(range(told))
    )
    moments = [outlook.profile[n] for n in shown]
    top = max(max(s.queue_over_time) for s in stations) or 1
    width = max(len(s.service.station) for s in stations)
    lines = []
    for station in stations:
        values = [station.queue_over_time[n] for n in shown]
        bars = "".join(
            BARS[min(len(BARS) - 1, -(-value * (len(BARS) - 1) // top))] for value in values
        )
        lines.append(f"  {station.service.station:<{width}} {bars} {max(station.queue_over_time)}")
    sitting = outlook.sitting
    end = next(
        (n for n, moment in enumerate(moments) if moment >= sitting.minutes), len(moments) - 1
    )
    axis = [" "] * len(moments)
    axis[end] = "|"
    lines.append(f"  {'':<{width}} {''.join(axis)}")
    said = Message(
        "waiting at each station over time, p90 (the most: {top}); {start} to {last}, the "
        "session ends at |",
        top=top,
        start=clock(sitting.start),
        last=sitting.moment_text(sitting.clock(moments[-1])),
    )
    lines.append(f"  {'':<{width}} {said.text(lang)}")
    return lines


def calling_line(found: Calling | None, sitting: Sitting, workflow: Workflow, lang: Lang) -> str:
    """``suggested: call 28 students every 10 min from 9:00 (the last call 11:20): ...``."""
    if found is None:
        return Message(
            "suggested: no calling keeps the waits within the target with these windows; "
            "add windows first"
        ).text(lang)
    late = N_(
        "suggested: call {count} students every 10 min from {start} (the last call at "
        "{last}): the longest wait p90 {wait} min, the hall empty by {finish}, after the "
        "{end} end: add windows too"
    )
    early = N_(
        "suggested: call {count} students every 10 min from {start} (the last call at "
        "{last}): the longest wait p90 {wait} min, the hall empty by {finish}"
    )
    said = Message(
        late if found.late else early,
        count=found.per_call,
        start=clock(sitting.start),
        last=sitting.moment_text(found.last_call),
        wait=_n(found.wait_p90),
        finish=sitting.moment_text(found.finish_p90),
        end=clock(sitting.end),
    )
    if len(sitting.sessions) > 1:  # the departments one after another
        firsts = [
            Message(
                "{who} from {time}",
                who=_who(session.who.pairs, workflow, lang) or "—",
                time=sitting.moment_text(moment),
            )
            for session, moment in zip(sitting.sessions, found.first_calls, strict=True)
        ]
        said = Message(
            "{said} ({firsts})",
            said=said,
            firsts=translate(N_("; "), lang).join(first.text(lang) for first in firsts),
        )
    return said.text(lang)


def calls_lines(found: Calling | None, lang: Lang) -> list[str]:
    """The suggested calling as each session's ``calls:``, located, to copy into the workflow."""
    if found is None or not found.session_calls:
        return []
    lines = [Message("to write it down, give each session its calls:").text(lang)]
    for session, calls in zip(found.sitting.sessions, found.session_calls, strict=True):
        written = f"calls: {{students: {calls.students}, every: {calls.every}"
        written += f', from: "{clock(calls.start)}"}}' if calls.start is not None else "}"
        where = session.at
        lines.append(f"  {where.source}:{where.line}:{where.column}: {where.path}: {written}")
    return lines


def estimate_line(found: Estimate) -> Message:
    """``fees_confirmed: 1.42 min per student (cv 0.61), from 812 gaps ...``."""
    return Message(
        "{station}: {minutes} min per student (cv {cv}), estimated from {samples} gaps between "
        "one staff member's actions in the store ({trimmed} left out as idle or unusual)",
        station=found.station,
        minutes=format(found.minutes, "g"),
        cv=format(found.cv, "g"),
        samples=found.samples,
        trimmed=found.trimmed,
    )


def _who(
    pairs: tuple[tuple[str, tuple[bool | str | int, ...]], ...], workflow: Workflow, lang: Lang
) -> str:
    """The values a session selects, by their labels: ``Urban and Rural Planning``."""
    shown: list[str] = []
    for fact_id, values in pairs:
        fact = workflow.fact(fact_id)
        shown.extend(fact.value_label(value, lang) for value in values)
    return translate(N_(", "), lang).join(shown)


def _n(value: float) -> str:
    """Minutes as people say them: ``228``, ``23``, ``1.5``, ``0``."""
    return format(round(value) if value >= 10 else round(value, 1), "g")


__all__ = [
    "BARS",
    "CHART_COLUMNS",
    "calling_line",
    "chart_lines",
    "drawn_line",
    "estimate_line",
    "finish_line",
    "sitting_title",
    "station_line",
]
