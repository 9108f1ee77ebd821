"""``clearflow cohort``: a whole class in a store — the group, ``import`` and ``history``.

Argument parsing only: ``import`` calls the importer and prints its summaries; ``history``
reads one student's events and prints them. The
reports (status, blocked, export) are in :mod:`clearflow.cli._report`. What loads
SQLAlchemy, openpyxl or Rich (the store, the importer) is imported inside the command,
for start-up cost: ``clearflow check`` must not pay for them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import click

from clearflow._files import may_exist
from clearflow._i18n import Message
from clearflow.cli._common import LANG_OPTION, parse_moment, speak, stdout_console, usage_error
from clearflow.cli._report import DB_OPTION, WORKFLOW_ARGUMENT, blocked, export, status
from clearflow.loading import load_workflow
from clearflow.spec import Workflow, clean_student_id


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
    help="Also clear the step for every stored student the list leaves out (those whose "
    "step does not apply or still waits for another step are left alone and counted).",
)
@click.option(
    "--skip-existing",
    is_flag=True,
    help="Roster: leave out students already in the store instead of refusing.",
)
@click.option(
    "--staff",
    is_flag=True,
    help="The files are staff rosters (who may act: staff id, name, office, unit, role).",
)
@click.option(
    "--together",
    is_flag=True,
    help="Office lists, of one office or several, in one transaction and one pass over the "
    "students: all or nothing. Name each file OFFICE=FILE, or give --office, or name the "
    "file after its office (finance.csv).",
)
@click.option("--sheet", help="The .xlsx sheet to read (default: the first).")
@click.option(
    "--at",
    "at",
    metavar="DATETIME",
    callback=parse_moment,
    help="When the imported actions happen, e.g. '2014-07-01 09:00' (default: now).",
)
@LANG_OPTION
def import_files(
    workflow_path: Path,
    paths: tuple[Path, ...],
    db: str,
    office: str | None,
    step: str | None,
    clear_unlisted: bool,
    skip_existing: bool,
    staff: bool,
    together: bool,
    sheet: str | None,
    at: dt.datetime | None,
) -> None:
    """Import rosters (one row per student) or, with --office, an office's lists.

    With --staff, the files are staff rosters (CSV, .xlsx or YAML): the newest one
    decides who may act from then on.

    Each file is checked whole and written in one transaction: a file with any
    problem changes nothing and every problem is listed as file:row:col. Importing
    the same file again changes nothing. Files are imported in order; the first bad
    file stops the command (exit 1).
    """
    from rich.console import Console
    from rich.progress import Progress

    from clearflow.cohort import (
        import_office_list,
        import_office_lists,
        import_roster,
        import_staff,
    )
    from clearflow.engine import Engine
    from clearflow.store import Store, sqlite_file

    if office is None and not together and (step or clear_unlisted):
        raise usage_error(Message("--step and --clear-unlisted need --office"))
    if together and (staff or skip_existing):
        raise usage_error(
            Message("--together imports office lists; drop --staff and --skip-existing")
        )
    if office is not None and skip_existing:
        raise usage_error(Message("--skip-existing is for rosters; drop --office"))
    if staff and (office or skip_existing):
        raise usage_error(
            Message("--staff imports staff rosters; drop --office and --skip-existing")
        )
    workflow = load_workflow(workflow_path)
    lang = speak(workflow.language)
    engine = Engine(workflow)

    def import_one(store: Store, path: Path) -> str:
        bar = Progress(console=Console(stderr=True), transient=True)
        task = bar.add_task(path.name, total=None)

        def progress(done: int, total: int) -> None:
            # Rows read of the rows expected (an estimate until the end); only at a terminal.
            if total > PROGRESS_ROWS and bar.console.is_interactive:
                bar.update(task, completed=done, total=total)
                if not bar.live.is_started:
                    bar.start()

        try:
            if staff:
                result = import_staff(store, path, sheet=sheet)
                warning = result.warning()
                if warning is not None:
                    click.echo(Message("warning: {warning}", warning=warning).text(lang), err=True)
                return result.said().text(lang)
            if office is None:
                roster = import_roster(
                    store, path, at=at, sheet=sheet, skip_existing=skip_existing, progress=progress
                )
                return roster.said().text(lang)
            listed = import_office_list(
                store,
                path,
                office=office,
                step=step,
                clear_unlisted=clear_unlisted,
                at=at,
                sheet=sheet,
                progress=progress,
            )
            return listed.said().text(lang)
        finally:
            if bar.live.is_started:
                bar.stop()

    lists = [office_of(workflow, path, office) for path in paths] if together else []
    database = sqlite_file(db)
    new = database is not None and not may_exist(database)
    imported = False
    try:
        with Store.open(db, engine) as store:
            if together:
                done = import_office_lists(
                    store,
                    [(path, its_office, step) for path, its_office in lists],
                    clear_unlisted=clear_unlisted,
                    at=at,
                    sheet=sheet,
                )
                for result in done:
                    click.echo(result.said().text(lang))
                return
            for path in paths:
                click.echo(import_one(store, path))
                imported = True
    except BaseException:
        if new and database is not None and not imported:
            _remove_store(database)  # a failed first import leaves no store behind
        raise


def office_of(workflow: Workflow, path: Path, office: str | None) -> tuple[Path, str]:
    """The file and the office of a list named ``OFFICE=FILE``, or FILE with --office, or a
    file named after its office (``finance.csv``)."""
    offices = [item.id for item in workflow.offices]
    named, equals, rest = str(path).partition("=")
    if equals and named in offices:
        return Path(rest), named
    if office is not None:
        return path, office
    if path.stem in offices:
        return path, path.stem
    raise usage_error(
        Message(
            "cannot tell the office of '{path}' (name it OFFICE={path}, give --office, or "
            "name the file after its office: {offices})",
            path=str(path),
            offices=", ".join(offices),
        )
    )


def _remove_store(database: Path) -> None:
    """Delete a SQLite store this command created, with the files SQLite keeps beside it."""
    for end in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):  # gone, or never made (a bad path)
            database.with_name(database.name + end).unlink()


# -- history ------------------------------------------------------------------


@cohort.command()
@WORKFLOW_ARGUMENT
@click.argument("student_id", metavar="STUDENT")
@DB_OPTION
@LANG_OPTION
def history(workflow_path: Path, student_id: str, db: str) -> None:
    """Every event of one stored student, in order: when, what, which step, who, why."""
    from clearflow.cohort import read_history
    from clearflow.console.case_view import render_history
    from clearflow.engine import Engine

    workflow = load_workflow(workflow_path)
    lang = speak(workflow.language)
    events = read_history(db, Engine(workflow), student_id)
    wanted = clean_student_id(student_id)
    stdout_console().print(render_history(workflow, wanted, events, lang))


for command in (status, blocked, export):
    cohort.add_command(command)
