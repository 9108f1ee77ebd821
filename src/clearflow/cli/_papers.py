"""``clearflow documents --what notice|attachment`` and ``--compare``: the notice's papers.

Writing and reading only; :mod:`clearflow.documents` makes the papers and compares a typed
notice with the workflow. Everything is made before anything is written, so a bad template
or a missing font leaves the folder as it was.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from clearflow._i18n import Message, Plural
from clearflow.cli._common import speak
from clearflow.errors import ExitCode
from clearflow.loading import load_workflow

if TYPE_CHECKING:
    from clearflow.documents import What


def write_paper(
    workflow_path: Path, what: str, folder: Path, template: Path | None, starter: bool
) -> None:
    """``DIR/<what>.docx`` and ``DIR/<what>.pdf`` (only the .docx from a ``template``; with
    ``starter``, ``DIR/<what>-template.docx``, the default layout as a template)."""
    from clearflow._atomic import write_atomic
    from clearflow.documents import require_extra

    require_extra()  # before the Word and PDF libraries are first read
    from clearflow.documents import notice_docx, notice_pdf, starter_template

    workflow = load_workflow(workflow_path)
    lang = speak(workflow.language)
    paper: What = "attachment" if what == "attachment" else "notice"
    inputs = [(Message("workflow"), workflow_path)]
    if template is not None:
        inputs.append((Message("template"), template))
    if starter:
        files = {folder / f"{what}-template.docx": starter_template(paper)}
    elif template is not None:
        files = {folder / f"{what}.docx": notice_docx(workflow, paper, lang, str(template))}
    else:
        files = {
            folder / f"{what}.docx": notice_docx(workflow, paper, lang),
            folder / f"{what}.pdf": notice_pdf(workflow, paper, lang),
        }
    folder.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        write_atomic(path, data, inputs=inputs)
        click.echo(Message("wrote {path}", path=str(path)).text(lang))


def compare_notice(workflow_path: Path, notice: Path) -> None:
    """Each difference at its ``file:line:col``, then how many; exit 1 when there are any."""
    from clearflow.documents import compare_file

    workflow = load_workflow(workflow_path)
    lang = speak(workflow.language)
    differences = compare_file(workflow, notice)
    for difference in differences:
        click.echo(difference.text(lang))
    if differences:
        said: Message = Plural(
            "{count} difference between {notice} and the workflow",
            "{count} differences between {notice} and the workflow",
            len(differences),
            notice=str(notice),
        )
    else:
        said = Message(
            "{notice}: every date, weekday, time and headcount agrees with the workflow",
            notice=str(notice),
        )
    click.echo(said.text(lang))
    sys.exit(ExitCode.ERROR if differences else ExitCode.OK)
