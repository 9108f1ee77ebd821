"""``clearflow cohort``: a whole class in a store — import, status, blocked, export.

Argument parsing only: every command calls the library and renders its result.
Heavy modules (SQLAlchemy, openpyxl, Rich) are imported inside the commands so
that ``clearflow check`` does not pay for them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from clearflow.cli._common import LANG, parse_moment

if TYPE_CHECKING:
    from clearflow.cohort.report import BlockedRow
    from clearflow.engine import Case
    from clearflow.spec._model import Workflow

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


@click.group()
def cohort() -> None:
    """A whole class in a store: import rosters and office lists, see who is blocked where."""


# -- import -------------------------------------------------------------------

PROGRESS_ROWS = 300
"""Files with more rows than this show a progress bar (on stderr, gone when done)."""


@cohort.command("import")
@WORKFLOW_ARGUMENT
@click.argument(
    "paths", metavar="ROSTER_OR_LIST...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@DB_OPTION
@click.option("--office", help="The files are this office's lists (owes or clear), not rosters.")
@click.option("--step", help="The step the lists settle (default: the office's prerequisite).")
@click.option(
    "--clear-unlisted",
    is_flag=True,
    help="Also clear the step for every stored student the list leaves out.",
)
@click.option(
    "--skip-existing",
    is_flag=True,
    help="Roster: leave out students already in the store instead of refusing.",
)
@click.option("--sheet", help="The .xlsx sheet to read (default: the first).")
@click.option(
    "--at",
    "at",
    metavar="DATETIME",
    callback=parse_moment,
    help="When the imported actions happen, e.g. '2014-07-01 09:00' (default: now).",
)
def import_files(
    workflow_path: Path,
    paths: tuple[Path, ...],
    db: str,
    office: str | None,
    step: str | None,
    clear_unlisted: bool,
    skip_existing: bool,
    sheet: str | None,
    at: dt.datetime | None,
) -> None:
    """Import rosters (one row per student) or, with --office, an office's lists.

    Each file is checked whole and written in one transaction: a file with any
    problem changes nothing and every problem is listed as file:row:col. Importing
    the same file again changes nothing. Files are imported in order; the first bad
    file stops the command (exit 1).
    """
    from rich.console import Console
    from rich.progress import Progress

    from clearflow.cohort.importing import import_office_list, import_roster
    from clearflow.engine import Engine
    from clearflow.loading import load_workflow
    from clearflow.store._store import Store

    if office is None and (step or clear_unlisted):
        raise click.UsageError("--step and --clear-unlisted need --office")
    if office is not None and skip_existing:
        raise click.UsageError("--skip-existing is for rosters; drop --office")
    engine = Engine(load_workflow(workflow_path))

    def import_one(store: Store, path: Path) -> str:
        bar = Progress(console=Console(stderr=True), transient=True)
        task = bar.add_task(path.name, total=None)

        def progress(done: int, total: int) -> None:
            # Every row counts twice (checked, then written); a bar only at a terminal.
            if total > 2 * PROGRESS_ROWS and bar.console.is_interactive:
                bar.update(task, completed=done, total=total)
                if not bar.live.is_started:
                    bar.start()

        try:
            if office is None:
                return import_roster(
                    store, path, at=at, sheet=sheet, skip_existing=skip_existing, progress=progress
                ).summary()
            return import_office_list(
                store,
                path,
                office=office,
                step=step,
                clear_unlisted=clear_unlisted,
                at=at,
                sheet=sheet,
                progress=progress,
            ).summary()
        finally:
            if bar.live.is_started:
                bar.stop()

    with Store.open(db, engine) as store:
        for path in paths:
            click.echo(import_one(store, path))


# -- status, blocked, export ---------------------------------------------------


LANG_OPTION = click.option("--lang", type=LANG, default="en", show_default=True, help="Labels.")
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
    type=click.Choice(["refused", "pending", "waiting", "overdue"]),
    help="Only rows with this status (repeat for several), e.g. --status refused to leave "
    "out students who are merely waiting their turn in the hall.",
)


def _sqlite_file(db: str) -> Path | None:
    """The file a ``--db`` value names on SQLite; None for a server URL or an in-memory base."""
    if "://" not in db:
        return Path(db)
    if db.startswith("sqlite:///") and ":memory:" not in db and db != "sqlite:///":
        return Path(db.removeprefix("sqlite:///"))
    return None


def _read_cohort(db: str, workflow_path: Path) -> tuple[Workflow, list[tuple[Case, str | None]]]:
    """The workflow and every stored case with its counsellor; never creates a database."""
    from clearflow.engine import Engine
    from clearflow.errors import StoreError
    from clearflow.loading import load_workflow
    from clearflow.store._store import Store, database_label

    path = _sqlite_file(db)
    if path is not None and not path.exists():
        raise StoreError(
            f"no database at '{db}' (import a roster first: clearflow cohort import ...)"
        )
    workflow = load_workflow(workflow_path)
    with Store.open(db, Engine(workflow)) as store:
        pairs = list(store.cases())
    if not pairs:
        raise StoreError(
            f"no students of workflow '{workflow.id}' in '{database_label(db)}' "
            f"(import a roster first: clearflow cohort import ...)"
        )
    return workflow, pairs


def _today(workflow: Workflow, today: dt.datetime | None) -> dt.date:
    import zoneinfo

    if today is not None:
        return today.date()
    return dt.datetime.now(zoneinfo.ZoneInfo(workflow.timezone)).date()


def _blocked(
    workflow: Workflow,
    pairs: list[tuple[Case, str | None]],
    by: str | None,
    office: str | None,
    today: dt.datetime | None,
    statuses: tuple[str, ...] = (),
) -> tuple[str, list[BlockedRow]]:
    """The grouping in effect and the blocked rows, filtered to one office and to some
    statuses (refused, pending, waiting, overdue) when asked."""
    from clearflow.cohort.report import OFFICE, blocked_rows, check_office, group_fact

    fact = group_fact(workflow, by)
    wanted = check_office(workflow, office) if office is not None else None
    rows = blocked_rows(pairs, _today(workflow, today), by=by)
    if wanted is not None:
        rows = tuple(row for row in rows if row.office == wanted)
    if statuses:
        rows = tuple(
            row
            for row in rows
            if row.status in statuses or ("overdue" in statuses and row.overdue_since)
        )
    return by or fact or OFFICE, list(rows)


@cohort.command()
@WORKFLOW_ARGUMENT
@DB_OPTION
@LANG_OPTION
def status(workflow_path: Path, db: str, lang: str) -> None:
    """Progress per session and station, headcount against expected, students in no session."""
    from clearflow.cli._common import stdout_console
    from clearflow.cohort.progress import headcount_check, station_progress, unassigned
    from clearflow.console.report_view import render_status

    workflow, pairs = _read_cohort(db, workflow_path)
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


@cohort.command()
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
    lang: str,
    today: dt.datetime | None,
) -> None:
    """Blocked students counted per group, then each student with the office and the reason."""
    from clearflow.cli._common import stdout_console
    from clearflow.cohort.report import blocked_summary
    from clearflow.console.report_view import render_blocked

    workflow, pairs = _read_cohort(db, workflow_path)
    grouping, rows = _blocked(workflow, pairs, by, office, today, statuses)
    summary = blocked_summary(rows, grouping)
    stdout_console().print(render_blocked(workflow, summary, rows, lang, limit))


@cohort.command()
@WORKFLOW_ARGUMENT
@DB_OPTION
@click.option("--what", type=click.Choice(["blocked", "progress"]), required=True)
@click.option("--format", "output_format", type=click.Choice(["csv", "json"]), required=True)
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
    by: str | None,
    office: str | None,
    statuses: tuple[str, ...],
    lang: str,
    today: dt.datetime | None,
) -> None:
    """Write the blocked rows or the progress per session as CSV (for people) or JSON (for tools).

    CSV text cells starting with = + - @, a tab or a carriage return get a leading '.
    """
    from clearflow.cohort import export as exporting
    from clearflow.cohort.progress import station_progress

    workflow, pairs = _read_cohort(db, workflow_path)
    if what == "blocked":
        _, rows = _blocked(workflow, pairs, by, office, today, statuses)
        count = len(rows)
        if output_format == "json":
            data = exporting.to_json(exporting.blocked_json(workflow, rows))
        else:
            header, cells = exporting.blocked_table(workflow, rows, lang, by)
            data = exporting.to_csv(header, cells, encoding)
    else:
        progress = station_progress([case for case, _ in pairs], workflow)
        count = len(progress.rows) + 1
        if output_format == "json":
            data = exporting.to_json(exporting.progress_json(workflow, progress))
        else:
            header, cells = exporting.progress_table(workflow, progress, lang)
            data = exporting.to_csv(header, cells, encoding)
    if output == "-":
        import sys

        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from clearflow._atomic import write_atomic

    write_atomic(output, data)
    click.echo(f"wrote {count} {what} rows to {output}", err=True)
