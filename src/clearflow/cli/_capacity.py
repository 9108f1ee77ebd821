"""``clearflow capacity``: will the hall cope? Waits, queues and finish times per sitting.

Argument parsing and printing only: :func:`clearflow.capacity.services` and ``sittings``
read the workflow (with what ``--minutes`` and ``--windows`` assume), and
:func:`clearflow.capacity.outlook` models each sitting (imported inside the command: it
needs numpy, which no other command loads).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import click

from clearflow._i18n import Lang, Message
from clearflow.cli._common import LANG_OPTION, OUTPUT_FORMAT, speak, stdout_console, usage_error
from clearflow.loading import load_workflow

if TYPE_CHECKING:
    from clearflow.capacity import Estimate
    from clearflow.spec import Workflow

_MINUTES = re.compile(
    r"(?:(?P<station>[a-z][a-z0-9_]*|\*)=)?(?P<mean>[0-9]+(?:\.[0-9]+)?)"
    r"(?::(?P<cv>[0-9]+(?:\.[0-9]+)?))?"
)
PROFILE_POINTS = 60
"""Moments the JSON's queue over time (and a terminal chart) tells, from a sitting's start."""
PICTURE_POINTS = 181
"""Moments a picture's lines are drawn through (a terminal chart samples them)."""
_WINDOWS = re.compile(r"(?:(?P<station>[a-z][a-z0-9_]*|\*)=)?(?P<count>[1-9][0-9]*)")


def _minutes(values: tuple[str, ...]) -> dict[str, tuple[float, float | None]]:
    found: dict[str, tuple[float, float | None]] = {}
    for value in values:
        match = _MINUTES.fullmatch(value)
        if match is None or float(match["mean"]) <= 0:
            raise usage_error(
                Message(
                    "--minutes '{value}': write minutes per student, for every station or "
                    "one (1.5, fees_confirmed=1.5, fees_confirmed=1.5:0.4 with how much "
                    "it varies)",
                    value=value,
                )
            )
        cv = match["cv"]
        found[match["station"] or "*"] = (float(match["mean"]), float(cv) if cv else None)
    return found


def _windows(values: tuple[str, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for value in values:
        match = _WINDOWS.fullmatch(value)
        if match is None:
            raise usage_error(
                Message(
                    "--windows '{value}': write a whole number of windows, for every station "
                    "or one (2, fees_confirmed=3)",
                    value=value,
                )
            )
        found[match["station"] or "*"] = int(match["count"])
    return found


@click.command()
@click.argument("workflow_path", metavar="WORKFLOW", type=click.Path(path_type=Path))
@click.option("--session", "number", type=click.IntRange(min=1), help="Only sitting N (as listed).")
@click.option(
    "--minutes",
    "minutes",
    multiple=True,
    metavar="[STATION=]M[:CV]",
    help="Assume minutes per student (and how much they vary) where the workflow gives none, "
    "or for one station.",
)
@click.option(
    "--windows",
    "windows",
    multiple=True,
    metavar="[STATION=]N",
    help="Assume open windows where the workflow gives no staff, or for one station.",
)
@click.option(
    "--max-wait",
    type=click.FloatRange(min=0),
    default=10.0,
    show_default=True,
    help="The longest wait, in minutes, the windows needed are found for.",
)
@click.option(
    "--replications",
    type=click.IntRange(min=10, max=100_000),
    default=1000,
    show_default=True,
    help="How many times each sitting is drawn.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="The draws' seed.")
@click.option(
    "--arrivals",
    type=click.Choice(["front-loaded", "uniform"]),
    default="front-loaded",
    show_default=True,
    help="How students spread over their session.",
)
@click.option(
    "--from-db",
    "from_db",
    metavar="STORE",
    help="Estimate each station's minutes from the actions a store recorded (last year's), "
    "SQLite file or SQLAlchemy URL; --minutes for a station still wins.",
)
@click.option(
    "-o",
    "--output",
    "picture",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also draw the queues over time to this .svg or .png (needs clearflow[chart]).",
)
@click.option(
    "--suggest",
    is_flag=True,
    help="Also suggest how many students to call in every 10 minutes, so that no one "
    "waits past --max-wait with the windows given.",
)
@click.option(
    "--chart", is_flag=True, help="Draw each station's queue over time under its sitting."
)
@OUTPUT_FORMAT
@LANG_OPTION
def capacity(
    workflow_path: Path,
    number: int | None,
    minutes: tuple[str, ...],
    windows: tuple[str, ...],
    max_wait: float,
    replications: int,
    seed: int,
    arrivals: str,
    from_db: str | None,
    picture: Path | None,
    suggest: bool,
    chart: bool,
    output: str,
) -> None:
    """Model the hall's queues: per sitting and station the windows, the p90 longest wait,
    the most waiting at once and the windows needed; and when the hall empties.

    A sitting is the sessions at one place on one day whose times overlap. Stations need
    minutes per student: in the workflow (minutes:) or assumed with --minutes.
    """
    from clearflow.capacity import as_minutes, calling, outlook, services, sittings
    from clearflow.capacity.data import calling_data, outlooks_data
    from clearflow.capacity.said import (
        calling_line,
        calls_lines,
        chart_lines,
        drawn_line,
        estimate_line,
        finish_line,
        sitting_title,
        station_line,
    )

    workflow = load_workflow(workflow_path)
    lang = speak(workflow.language)
    if picture is not None:
        from clearflow.capacity.figure import check_format

        check_format(picture)
    estimated = _estimated(from_db, workflow) if from_db else {}
    assumed = {**as_minutes(estimated), **_minutes(minutes)}
    given = services(workflow, assumed, _windows(windows))
    found = list(enumerate(sittings(workflow, given), start=1))
    if number is not None:
        if number > len(found):
            raise usage_error(
                Message(
                    "--session {number}: the schedule has {count} sittings",
                    number=number,
                    count=len(found),
                )
            )
        found = [found[number - 1]]
    how = arrivals.replace("-", "_")
    results = [
        (
            n,
            outlook(
                s,
                replications=replications,
                seed=seed,
                arrivals=how,
                max_wait=max_wait,
                profile=PICTURE_POINTS
                if picture
                else PROFILE_POINTS
                if chart or output == "json"
                else 0,
            ),
        )
        for n, s in found
    ]
    calls = (
        {n: calling(r.sitting, max_wait=max_wait, seed=seed) for n, r in results} if suggest else {}
    )
    if picture is not None:
        _draw([r for _, r in results], workflow, picture, lang)
    if output == "json":
        data = outlooks_data(workflow.id, results)
        data["estimated"] = {station: attrs.asdict(found) for station, found in estimated.items()}
        for sitting in data["sittings"] if suggest else ():
            sitting["suggested"] = calling_data(calls[sitting["number"]])
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = stdout_console()
    for told in estimated.values():
        console.print(estimate_line(told).text(lang), markup=False, soft_wrap=True)
    for n, result in results:
        console.print(
            sitting_title(n, result.sitting, workflow, lang), markup=False, soft_wrap=True
        )
        for station in result.stations:
            line = station_line(station, workflow, max_wait, lang)
            console.print("  " + line, markup=False, soft_wrap=True)
        style = "red" if result.late else "green"
        console.print("  " + finish_line(result, lang), style=style, markup=False, soft_wrap=True)
        if suggest:
            console.print(
                "  " + calling_line(calls[n], result.sitting, workflow, lang),
                markup=False,
                soft_wrap=True,
            )
            for line in calls_lines(calls[n], lang):
                console.print("  " + line, markup=False, soft_wrap=True)
        for line in chart_lines(result, lang) if chart else ():
            console.print(line, markup=False, soft_wrap=True)
    console.print(drawn_line([r for _, r in results], lang), markup=False, soft_wrap=True)


def _draw(results: list[Any], workflow: Workflow, path: Path, lang: Lang) -> None:
    """The picture, and a word on stderr when it is written and when Chinese has no font."""
    from clearflow.capacity.figure import write_figure

    font = write_figure(results, workflow, path, lang)
    said = Message("chart written to {path}", path=str(path))
    click.echo(said.text(lang), err=True)
    if font is None and path.suffix.lower() == ".png":  # labels may be Chinese in any language
        missing = Message(
            "no Chinese font found: the PNG's Chinese shows as boxes (install fonts-noto-cjk "
            "or fonts-wqy-microhei, or write an .svg)"
        )
        click.echo(missing.text(lang), err=True)


def _estimated(db: str, workflow: Workflow) -> dict[str, Estimate]:
    """What the store's recorded actions at the stations tell of their minutes."""
    from clearflow.capacity import estimate
    from clearflow.engine import Action, Engine
    from clearflow.store import open_reader

    acting = {Action.CLEAR, Action.REFUSE, Action.WAIVE}
    with open_reader(db, Engine(workflow)) as store:
        actions = [
            (event.step, event.staff, event.at)
            for _, events in store.histories()
            for event in events
            if event.action in acting and event.step is not None
        ]
    return estimate(actions, [step.id for step in workflow.stations])
