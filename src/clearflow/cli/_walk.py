"""``clearflow walk``: one student at the console, from a case file or a store.

Argument parsing only: the walk itself is :class:`clearflow.console.walkthrough.Walkthrough`.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from clearflow._files import may_exist
from clearflow._i18n import Lang, Message, Plural
from clearflow.cli._common import LANG_OPTION, parse_moment, speak, stdout_console, usage_error
from clearflow.errors import ExitCode, InputError, Said, said
from clearflow.loading import load_workflow
from clearflow.spec import last_date

if TYPE_CHECKING:
    from rich.console import Console

    from clearflow.engine import Case, Engine
    from clearflow.format.student import StudentRecord
    from clearflow.spec import Workflow


@click.command()
@click.argument("workflow_path", metavar="WORKFLOW", type=click.Path(path_type=Path))
@click.option(
    "--student",
    "student_path",
    type=click.Path(path_type=Path),
    help="Student record (YAML or JSON: id, name, facts).",
)
@click.option(
    "--case",
    "case_path",
    type=click.Path(path_type=Path),
    help="Case file: resumed if it exists; every action is appended to it as it happens.",
)
@click.option(
    "--db",
    "db",
    help="Store instead of a case file (SQLite file or SQLAlchemy URL): the case is loaded "
    "from it (or started there with --student) and saved after every action.",
)
@click.option("--student-id", "student_id", help="The student to walk, from the --db store.")
@click.option(
    "--scan",
    is_flag=True,
    help="Read the student from their checklist's QR code: one line on stdin, as a USB "
    "scanner types it (with --db).",
)
@click.option(
    "--answers",
    "answers_path",
    type=click.Path(path_type=Path),
    help="Scripted answers per step (see docs/walkthrough.md).",
)
@click.option("--yes", is_flag=True, help="Clear every step the answers do not cover.")
@click.option("--at", "at", callback=parse_moment, help="When the actions happen (default: now).")
@click.option("--staff", default="console", show_default=True, help="Staff id recorded.")
@LANG_OPTION
def walk(
    workflow_path: Path,
    student_path: Path | None,
    case_path: Path | None,
    db: str | None,
    student_id: str | None,
    scan: bool,
    answers_path: Path | None,
    yes: bool,
    at: dt.datetime | None,
    staff: str,
) -> None:
    """Walk one student through the procedure at the console, station by station.

    Prompts for each step when stdin is a terminal; otherwise give --answers and/or
    --yes. Exits 0 once the documents are released, 3 when the student is blocked.
    """
    from clearflow.console import earliest, read_answers
    from clearflow.console.walkthrough import (
        PromptAnswerer,
        ScriptedAnswerer,
        Walkthrough,
        open_case,
    )
    from clearflow.engine import Engine, save_case  # looked up per call: a test patches it
    from clearflow.format.student import read_student

    interactive = sys.stdin.isatty()
    if not interactive and not (answers_path or yes):
        raise usage_error(
            Message(
                "stdin is not a terminal: give --answers FILE and/or --yes to walk without prompts"
            )
        )
    if db is not None and case_path is not None:
        raise usage_error(Message("give --case FILE or --db, not both"))
    if scan and (db is None or student_id is not None or student_path is not None):
        raise usage_error(
            Message("--scan reads the student from the code: give --db, and no --student-id")
        )
    if student_id is not None and db is None:
        raise usage_error(Message("--student-id needs --db, the store to find the student in"))
    if db is not None and student_path is None and student_id is None and not scan:
        raise usage_error(Message("with --db, give --student-id ID (or --student FILE to add one)"))
    if db is None and student_path is None and not (case_path is not None and may_exist(case_path)):
        raise usage_error(
            Message("give --student FILE to start a case, or --case FILE to resume one")
        )
    workflow = load_workflow(workflow_path)
    lang = speak(workflow.language)
    if scan:
        student_id = _scanned(workflow, interactive, lang)
    engine = Engine(workflow)
    student = read_student(student_path, workflow) if student_path else None
    answers = read_answers(answers_path, workflow) if answers_path else {}
    console = stdout_console()
    on_change: Callable[[Case], None] = _save_nothing
    if db is not None:
        case, on_change = _stored_case(
            db, engine, student_id, student, earliest(answers, at, engine), console, lang
        )
    else:
        case = open_case(
            engine,
            student=student,
            case_path=case_path,
            at=earliest(answers, at, engine),
            inputs=[
                (Message("workflow"), workflow_path),
                (Message("student record"), student_path),
                (Message("answers file"), answers_path),
            ],
            notice=functools.partial(_notice, console, lang),
            lang=lang,
        )
    if case_path is not None:
        save_case(case_path, case)
        on_change = functools.partial(save_case, case_path)
    if at is None:
        _say_if_past(console, engine, lang)
    fallback = PromptAnswerer(console, lang) if interactive else None
    answerer = ScriptedAnswerer(answers, yes=yes, fallback=fallback)
    walkthrough = Walkthrough(
        case,
        answerer,
        console,
        lang=lang,
        staff=staff,
        at=at,
        on_change=on_change,
    )
    walkthrough.run()
    if case_path is not None or db is not None:
        where = case_path if case_path is not None else _database_label(db)
        saved = Plural(
            "saved {where} ({count} event)",
            "saved {where} ({count} events)",
            case.version,
            where=where,
        )
        console.print(saved.text(lang), style="dim", markup=False, soft_wrap=True)
    sys.exit(ExitCode.OK if case.is_released else ExitCode.BLOCKED)


def _scanned(workflow: Workflow, interactive: bool, lang: Lang) -> str:
    """The student id of the checklist code on stdin's first line (typed by a scanner)."""
    from clearflow.documents import scanned_student

    if interactive:
        click.echo(Message("scan the student's checklist code:").text(lang), err=True)
    line = sys.stdin.readline()
    if not line.strip():
        raise InputError(Message("<stdin>: no code was scanned (the first line is empty)"))
    return scanned_student(workflow, line, "<stdin>")


def _say_if_past(console: Console, engine: Engine, lang: Lang) -> None:
    """A yellow line when every date of the workflow is past and the walk is dated now."""
    last = last_date(engine.workflow)
    if last is None or last >= dt.datetime.now(engine.zone).date():
        return
    text = Message(
        "All dates are past (the last is {last}): actions are dated now; give --at to act on them",
        last=last,
    ).text(lang)
    console.print(text, style="yellow", markup=False, soft_wrap=True)


def _notice(console: Console, lang: Lang, text: Said) -> None:
    """Say what loading the case file left out (a line cut short by a crash)."""
    console.print(said(text).text(lang), style="yellow", markup=False, soft_wrap=True)


def _save_nothing(case: Case) -> None:
    """Save nothing: a walk with neither --case nor --db."""


def _database_label(db: str | None) -> str:
    from clearflow.store import database_label  # SQLAlchemy: only when a store is used

    return database_label(db or "")


def _stored_case(
    db: str,
    engine: Engine,
    student_id: str | None,
    student: StudentRecord | None,
    at: dt.datetime | None,
    console: Console,
    lang: Lang,
) -> tuple[Case, Callable[[Case], None]]:
    """The case of ``walk --db`` and how to save it: after a race, on top of the winner's."""
    from clearflow.store import Store, open_stored_case, save_rebasing  # SQLAlchemy: only here

    store = Store.open(db, engine)
    click.get_current_context().call_on_close(store.close)
    # The store's engine: with the newest staff roster, when one was imported.
    case = open_stored_case(store, store.engine, student_id=student_id, student=student, at=at)
    kept = case.engine.workflow
    if kept.digest != engine.workflow.digest:
        earlier = Message(
            "{student} runs on other rules than this file's: {digest}, kept by the store "
            "from {source}; staff move such cases with 'clearflow migrate'",
            student=case.student_id,
            digest=kept.digest[:12],
            source=kept.source,
        )
        console.print(earlier.text(lang), style="yellow", markup=False, soft_wrap=True)

    def save(changed: Case) -> None:
        if save_rebasing(store, changed):
            rebased = Message(
                "{student} was changed at another terminal meanwhile; "
                "this action was saved after that change",
                student=changed.student_id,
            )
            console.print(rebased.text(lang), style="yellow", markup=False, soft_wrap=True)

    return case, save
