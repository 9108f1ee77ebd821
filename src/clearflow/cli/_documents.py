"""``clearflow documents``: the paper side of a workflow, written to a folder.

Argument parsing and writing only; :mod:`clearflow.documents` makes the papers.
``--what notice`` and ``--what attachment`` write ``DIR/<what>.docx`` and ``DIR/<what>.pdf``
(with ``--template``, the staff's own Word file filled in, and no PDF; with ``--starter``,
the default layout as a template to edit). ``--what checklist`` writes one PDF per hall
session, ``DIR/checklists-<n>.pdf`` (``checklists-none.pdf`` for students the schedule gives
no session), its students' pages in order; the students come from ``--student`` files, a
``--roster`` file and/or a ``--db`` store. ``--compare NOTICE`` writes nothing: it lists
what a notice already typed says otherwise than the workflow, and exits 1 when it says
anything otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from clearflow._i18n import Message, Plural
from clearflow.cli._common import LANG_OPTION, speak, usage_error
from clearflow.errors import InputError
from clearflow.loading import load_workflow

if TYPE_CHECKING:
    from clearflow.format.student import StudentRecord
    from clearflow.spec import Workflow

DOCUMENTS = ("notice", "attachment", "checklist")
"""What ``--what`` can name."""


@click.command()
@click.argument("workflow_path", metavar="WORKFLOW", type=click.Path(path_type=Path))
@click.option(
    "--what",
    type=click.Choice(DOCUMENTS),
    default="checklist",
    show_default=True,
    help="Which paper: the notice, its attachment (.docx and .pdf), or each student's "
    "leaving checklist (a page each).",
)
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write to (made when missing).",
)
@click.option(
    "--template",
    "template_path",
    type=click.Path(path_type=Path),
    help="Your own Word/WPS template (.docx with {{ tags }}) for the notice or attachment.",
)
@click.option(
    "--starter",
    is_flag=True,
    help="Write the default notice or attachment as a template to edit (DIR/<what>-template.docx).",
)
@click.option(
    "--compare",
    "notice_path",
    type=click.Path(path_type=Path),
    metavar="NOTICE",
    help="List what a typed notice (.txt or .docx) says otherwise than the workflow.",
)
@click.option(
    "--student",
    "student_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A student record (YAML or JSON: id, name, facts); repeat for more.",
)
@click.option(
    "--roster",
    "roster_path",
    type=click.Path(path_type=Path),
    help="A roster file (CSV or .xlsx), as 'clearflow cohort import' reads it.",
)
@click.option("--db", "db", metavar="STORE", help="The students of a store (SQLite file or URL).")
@click.option("--session", "number", type=click.IntRange(min=1), help="Only session N (as listed).")
@LANG_OPTION
def documents(
    workflow_path: Path,
    what: str,
    folder: Path | None,
    template_path: Path | None,
    starter: bool,
    notice_path: Path | None,
    student_paths: tuple[Path, ...],
    roster_path: Path | None,
    db: str | None,
    number: int | None,
) -> None:
    """Write the papers of the procedure: the notice, its attachment, the checklists.

    --what notice|attachment writes DIR/<what>.docx and DIR/<what>.pdf from the workflow.
    --what checklist writes DIR/checklists-<session>.pdf: a page per student with the steps
    that apply to them, a box for each office to sign and stamp, and a QR code that
    'clearflow walk --scan' reads. --compare NOTICE checks a notice typed by hand instead."""
    from clearflow.cli._papers import compare_notice, write_paper

    if notice_path is not None:
        compare_notice(workflow_path, notice_path)
        return
    if folder is None:
        raise usage_error(Message("name the folder to write to: -o DIR"))
    if what != "checklist":
        write_paper(workflow_path, what, folder, template_path, starter)
        return
    if template_path is not None or starter:
        raise usage_error(
            Message("--template and --starter are for --what notice or --what attachment")
        )
    _checklists(workflow_path, folder, student_paths, roster_path, db, number)


def _checklists(
    workflow_path: Path,
    folder: Path,
    student_paths: tuple[Path, ...],
    roster_path: Path | None,
    db: str | None,
    number: int | None,
) -> None:
    """Every given student's checklist, one PDF per session."""
    from clearflow._atomic import write_atomic
    from clearflow.documents import by_session, checklist_pdf, find_cjk_font

    if not (student_paths or roster_path or db):
        raise usage_error(Message("give the students: --student FILE, --roster FILE or --db STORE"))
    workflow = load_workflow(workflow_path)
    lang = speak(workflow.language)
    sessions = workflow.schedule.sessions if workflow.schedule else ()
    if number is not None and number > len(sessions):
        raise usage_error(
            Plural(
                "--session {number}: the schedule has {count} session",
                "--session {number}: the schedule has {count} sessions",
                len(sessions),
                number=number,
            )
        )
    students = _students(workflow, student_paths, roster_path, db)
    grouped = by_session(workflow, students)
    if number is not None:
        grouped = {number: grouped.get(number, [])}
        if not grouped[number]:
            raise InputError(Message("no student given is in session {number}", number=number))
    font = find_cjk_font()  # before any page: a missing font is said once, at the start
    inputs = [
        (Message("workflow"), workflow_path),
        (Message("roster"), roster_path),
        *((Message("student record"), path) for path in student_paths),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    for session, group in grouped.items():
        path = folder / f"checklists-{session if session is not None else 'none'}.pdf"
        write_atomic(path, checklist_pdf(workflow, group, lang=lang, font=font), inputs=inputs)
        said = Plural(
            "wrote {path} ({count} checklist)",
            "wrote {path} ({count} checklists)",
            len(group),
            path=str(path),
        )
        click.echo(said.text(lang))


def _students(
    workflow: Workflow,
    student_paths: tuple[Path, ...],
    roster_path: Path | None,
    db: str | None,
) -> list[StudentRecord]:
    """Every student given, each once: a student given twice is refused."""
    from clearflow.format.student import StudentRecord, read_student

    found = [read_student(path, workflow) for path in student_paths]
    if roster_path is not None:
        from clearflow.cohort.roster_file import read_roster_students

        found += read_roster_students(roster_path, workflow)
    if db is not None:
        from clearflow.cohort.reading import read_cohort
        from clearflow.engine import Engine

        found += [
            StudentRecord(id=case.student_id, name=case.name, facts=dict(case.facts))
            for case, _ in read_cohort(db, Engine(workflow))
        ]
    seen: set[str] = set()
    for student in found:
        if student.id in seen:
            raise InputError(
                Message(
                    "student '{student}' is given twice (once in each of two sources, or "
                    "twice in one): give each student once",
                    student=student.id,
                )
            )
        seen.add(student.id)
    return found
