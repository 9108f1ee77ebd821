"""``clearflow cohort status|blocked|export``: reports on a class in a store.

Argument parsing only: the counts and rows come from
:class:`clearflow.cohort.stored.StoredCohort` (SQL first, then a page of cases), and the
renderers or exporters draw them. The store, the renderers and the exporters are imported inside the
commands, for start-up cost (they load SQLAlchemy or Rich); ``clearflow check`` must not
pay for them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import click

from clearflow._i18n import Lang, Message, Plural
from clearflow.cli._common import LANG_OPTION, speak
from clearflow.cohort import STATUSES, today_in
from clearflow.loading import load_workflow

if TYPE_CHECKING:
    from clearflow._i18n import Lang
    from clearflow.cohort.stored import StoredCohort
    from clearflow.spec import Workflow

DEFAULT_DB = "clearflow.db"
LIMIT = 50
"""How many blocked students ``cohort blocked`` lists unless told."""
PART = 500
"""How many students ``cohort blocked --all`` lays out at a time (Rich is slow on long tables)."""
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


def _read_workflow(workflow_path: Path) -> tuple[Workflow, Lang]:
    """The workflow and the language to speak, decided before the store is opened (its
    errors speak it)."""
    workflow = load_workflow(workflow_path)
    return workflow, speak(workflow.language)


def _open_cohort(db: str, workflow: Workflow) -> StoredCohort:
    """The stored class, opened read-only (never creates a database)."""
    from clearflow.cohort.stored import StoredCohort
    from clearflow.engine import Engine

    return StoredCohort(db, Engine(workflow))


@click.command()
@WORKFLOW_ARGUMENT
@DB_OPTION
@LANG_OPTION
def status(workflow_path: Path, db: str) -> None:
    """Progress per session and station, headcount against expected, students in no session."""
    from clearflow.cli._common import stdout_console
    from clearflow.console.report_view import render_status

    workflow, lang = _read_workflow(workflow_path)
    with _open_cohort(db, workflow) as cohort:
        rendered = render_status(
            workflow,
            cohort.progress(),
            cohort.headcount(),
            cohort.unassigned(),
            lang,
            rules=cohort.rules(),
        )
    stdout_console().print(rendered)


@click.command()
@WORKFLOW_ARGUMENT
@DB_OPTION
@BY_OPTION
@OFFICE_OPTION
@STATUS_OPTION
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=LIMIT,
    show_default=True,
    help="List at most N students (the counts stay whole).",
)
@click.option("--all", "everyone", is_flag=True, help="List every blocked student.")
@LANG_OPTION
@TODAY_OPTION
def blocked(
    workflow_path: Path,
    db: str,
    by: str | None,
    office: str | None,
    statuses: tuple[str, ...],
    limit: int,
    everyone: bool,
    today: dt.datetime | None,
) -> None:
    """Blocked students counted per group, then each student with the office and the reason.

    The counts come first, then the first --limit students (the largest group first);
    --all lists every one, a part at a time.
    """
    from clearflow.cli._common import stdout_console
    from clearflow.console.report_view import render_blocked, render_blocked_students

    workflow, lang = _read_workflow(workflow_path)
    console = stdout_console()
    day = today_in(workflow, today)
    with _open_cohort(db, workflow) as cohort:
        summary = cohort.summary(day, by=by, office=office, statuses=statuses)
        held = cohort.blocked(day, by=by, office=office, statuses=statuses, summary=summary)
        first = list(itertools.islice(held, PART if everyone else limit))
        rows = [row for student in first for row in student]
        shown = None if everyone else limit
        console.print(
            render_blocked(
                workflow, summary, rows, lang, shown, more_hint="--limit", page=not everyone
            )
        )
        while everyone and first:
            first = list(itertools.islice(held, PART))
            rows = [row for student in first for row in student]
            if rows:
                console.print(render_blocked_students(workflow, summary, rows, lang, heading=False))


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

    def write(file: BinaryIO, cohort: StoredCohort) -> int:
        if what == "released":
            leaving = exporting.read_leaving(db, engine)
            return exporting.write_leaving(
                file, output_format, workflow, leaving, lang=lang, encoding=encoding
            )
        if what == "grid":
            cases = exporting.stream_cases(db, engine)
            return exporting.write_grid(
                file, output_format, workflow, cases, lang=lang, encoding=encoding
            )
        if what == "blocked":
            day = today_in(workflow, today)
            rows = cohort.rows(day, by=by, office=office, statuses=statuses)  # page by page
            return exporting.write_blocked(
                file, output_format, workflow, rows, lang=lang, by=by, encoding=encoding
            )
        progress = cohort.progress()
        return exporting.write_progress(
            file, output_format, workflow, progress, lang=lang, encoding=encoding
        )

    with _open_cohort(db, workflow) as cohort:  # refuses a missing or empty store first
        if output == "-":
            sys.stdout.flush()
            write(sys.stdout.buffer, cohort)
            sys.stdout.buffer.flush()
            return
        with exporting.open_export(output, workflow=workflow_path, store=db, force=force) as file:
            count = write(file, cohort)
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
