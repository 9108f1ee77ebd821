"""``clearflow cohort status|blocked|export``: reports on a class in a store.

Argument parsing only: the cases come from :func:`clearflow.cohort.read_cohort`, the
rows from the pure reports of :mod:`clearflow.cohort`, and the renderers or exporters
draw them. ``read_cohort``, the renderers and the exporters are imported inside the
commands, for start-up cost (they load SQLAlchemy or Rich); ``clearflow check`` must not
pay for them.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import click

from clearflow._i18n import Lang, Message, Plural
from clearflow.cli._common import LANG_OPTION, speak
from clearflow.cohort import (
    STATUSES,
    blocked_rows,
    blocked_summary,
    filter_rows,
    grouping,
    headcount_check,
    station_progress,
    today_in,
    unassigned,
)
from clearflow.loading import load_workflow

if TYPE_CHECKING:
    from clearflow._i18n import Lang
    from clearflow.cohort import BlockedRow
    from clearflow.engine import Case
    from clearflow.spec import Workflow

DEFAULT_DB = "clearflow.db"
"""Where ``--db`` points by default: a SQLite file in the working directory."""

DB_OPTION = click.option(
    "--db",
    "db",
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite file path, or a SQLAlchemy URL such as postgresql+psycopg://user@host/db.",
)
WORKFLOW_ARGUMENT = click.argument(
    "workflow_path", metavar="WORKFLOW", type=click.Path(path_type=Path)
)

TODAY_OPTION = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date that decides what is overdue (default: today in the workflow's zone).",
)
BY_OPTION = click.option(
    "--by",
    help="Group by a fact (default: department when declared), 'office' or 'counsellor'.",
)
OFFICE_OPTION = click.option("--office", help="Only the steps of this office (its id).")
STATUS_OPTION = click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Only rows with this status (repeat for several), e.g. --status refused to leave "
    "out students who are merely waiting their turn in the hall.",
)


def _read_cohort(
    db: str, workflow_path: Path
) -> tuple[Workflow, list[tuple[Case, str | None]], Lang]:
    """The workflow, every stored case with its counsellor (never creates a database), and
    the language to speak."""
    workflow, lang = _read_workflow(workflow_path)
    return workflow, _read_cases(db, workflow), lang


def _read_workflow(workflow_path: Path) -> tuple[Workflow, Lang]:
    """The workflow and the language to speak, decided before the store is opened (its
    errors speak it)."""
    workflow = load_workflow(workflow_path)
    return workflow, speak(workflow.language)


def _read_cases(db: str, workflow: Workflow) -> list[tuple[Case, str | None]]:
    """Every stored case with its counsellor (never creates a database)."""
    from clearflow.cohort import read_cohort
    from clearflow.engine import Engine

    return read_cohort(db, Engine(workflow))


def _blocked(
    workflow: Workflow,
    pairs: list[tuple[Case, str | None]],
    by: str | None,
    office: str | None,
    today: dt.datetime | None,
    statuses: tuple[str, ...],
) -> tuple[str, tuple[BlockedRow, ...]]:
    """The grouping in effect and the blocked rows the options keep."""
    by_what = grouping(workflow, by)
    rows = blocked_rows(pairs, today_in(workflow, today), by=by)
    return by_what, filter_rows(workflow, rows, office=office, statuses=statuses)


@click.command()
@WORKFLOW_ARGUMENT
@DB_OPTION
@LANG_OPTION
def status(workflow_path: Path, db: str) -> None:
    """Progress per session and station, headcount against expected, students in no session."""
    from clearflow.cli._common import stdout_console
    from clearflow.console.report_view import render_status

    workflow, pairs, lang = _read_cohort(db, workflow_path)
    cases = [case for case, _ in pairs]
    stdout_console().print(
        render_status(
            workflow,
            station_progress(cases, workflow),
            headcount_check(cases, workflow),
            unassigned(cases, workflow),
            lang,
        )
    )


@click.command()
@WORKFLOW_ARGUMENT
@DB_OPTION
@BY_OPTION
@OFFICE_OPTION
@STATUS_OPTION
@click.option(
    "--limit", type=click.IntRange(min=0), help="List at most N blocked steps (counts stay whole)."
)
@LANG_OPTION
@TODAY_OPTION
def blocked(
    workflow_path: Path,
    db: str,
    by: str | None,
    office: str | None,
    statuses: tuple[str, ...],
    limit: int | None,
    today: dt.datetime | None,
) -> None:
    """Blocked students counted per group, then each student with the office and the reason."""
    from clearflow.cli._common import stdout_console
    from clearflow.console.report_view import render_blocked

    workflow, pairs, lang = _read_cohort(db, workflow_path)
    grouping, rows = _blocked(workflow, pairs, by, office, today, statuses)
    summary = blocked_summary(rows, grouping)
    rendered = render_blocked(workflow, summary, rows, lang, limit, more_hint="--limit")
    stdout_console().print(rendered)


@click.command()
@WORKFLOW_ARGUMENT
@DB_OPTION
@click.option(
    "--what",
    type=click.Choice(["blocked", "progress", "released", "grid"]),
    required=True,
    help="blocked rows, progress per session, released: the leaving record, grid: a row "
    "per student and a column per step.",
)
@click.option(
    "--format", "output_format", type=click.Choice(["csv", "xlsx", "json"]), required=True
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="File to write (atomically), or - for standard output.",
)
@click.option(
    "--encoding",
    type=click.Choice(["utf-8-sig", "gb18030", "utf-8"]),
    default="utf-8-sig",
    show_default=True,
    help="CSV encoding; utf-8-sig (with a BOM) opens right in Excel.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing -o file that is not an earlier export (e.g. an imported list).",
)
@BY_OPTION
@OFFICE_OPTION
@STATUS_OPTION
@LANG_OPTION
@TODAY_OPTION
def export(
    workflow_path: Path,
    db: str,
    what: str,
    output_format: str,
    output: str,
    encoding: str,
    force: bool,
    by: str | None,
    office: str | None,
    statuses: tuple[str, ...],
    today: dt.datetime | None,
) -> None:
    """Write the blocked rows, the progress per session, the leaving record (released) or
    the grid of every student's steps as CSV or xlsx (for people) or JSON (for tools).

    CSV and xlsx text cells starting with = + - @, a tab or a carriage return get a leading '.
    An xlsx has one sheet, headed in the reader's language, with its header row frozen.
    """
    from clearflow.cohort import export as exporting
    from clearflow.engine import Engine

    workflow, lang = _read_workflow(workflow_path)
    if output != "-":  # refuse an output over an input before the store is even opened
        exporting.check_export_path(output, workflow=workflow_path, store=db, force=force)
    engine = Engine(workflow)
    if what == "released":
        leaving = exporting.read_leaving(db, engine)
    pairs = _read_cases(db, workflow) if what in ("blocked", "progress") else []

    def write(file: BinaryIO) -> int:
        if what == "released":
            return exporting.write_leaving(
                file, output_format, workflow, leaving, lang=lang, encoding=encoding
            )
        if what == "grid":
            cases = exporting.stream_cases(db, engine)
            return exporting.write_grid(
                file, output_format, workflow, cases, lang=lang, encoding=encoding
            )
        if what == "blocked":
            _, rows = _blocked(workflow, pairs, by, office, today, statuses)
            return exporting.write_blocked(
                file, output_format, workflow, rows, lang=lang, by=by, encoding=encoding
            )
        progress = station_progress([case for case, _ in pairs], workflow)
        return exporting.write_progress(
            file, output_format, workflow, progress, lang=lang, encoding=encoding
        )

    if output == "-":
        sys.stdout.flush()
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    with exporting.open_export(output, workflow=workflow_path, store=db, force=force) as file:
        count = write(file)
    click.echo(_wrote(what, count, output).text(lang), err=True)


def _wrote(what: str, count: int, output: str) -> Message:
    """What an export to a file says it wrote."""
    if what == "released":
        return Plural(
            "wrote {count} released student to {output}",
            "wrote {count} released students to {output}",
            count,
            output=output,
        )
    if what == "grid":
        return Plural(
            "wrote the steps of {count} student to {output}",
            "wrote the steps of {count} students to {output}",
            count,
            output=output,
        )
    if what == "blocked":
        return Plural(
            "wrote {count} blocked row to {output}",
            "wrote {count} blocked rows to {output}",
            count,
            output=output,
        )
    return Plural(
        "wrote {count} progress row to {output}",
        "wrote {count} progress rows to {output}",
        count,
        output=output,
    )
