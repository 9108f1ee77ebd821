"""``clearflow rollover`` and ``clearflow diff``: preparing next year's workflow.

Argument parsing only: the commands call :mod:`clearflow.staff.rollover` and
:mod:`clearflow.staff.diff` and print what the renderers return.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from clearflow._i18n import Message
from clearflow.cli._common import (
    LANG_OPTION,
    OUTPUT_FORMAT,
    declared_language,
    speak,
    speak_lazily,
    usage_error,
)
from clearflow.errors import WorkflowError
from clearflow.loading import inspect_path


@click.command()
@click.argument("workflow_path", metavar="WORKFLOW", type=click.Path(path_type=Path))
@click.option(
    "--year",
    type=click.IntRange(1900, 2999),
    required=True,
    help="The year to roll the workflow over to.",
)
@click.option(
    "-o",
    "--output",
    help="The new file, or - for standard output "
    "(default: WORKFLOW's name with the year changed, beside it).",
)
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
@click.option(
    "--from-year",
    type=click.IntRange(1900, 2999),
    help="The year WORKFLOW is for (default: the year in its id).",
)
@LANG_OPTION
def rollover(
    workflow_path: Path,
    year: int,
    output: str | None,
    force: bool,
    from_year: int | None,
) -> None:
    """Write next year's workflow and list what staff must review.

    Every date moves by the same whole number of weeks, so each keeps its weekday; the
    year is updated in the id, title and institution; comments are kept as written. A
    scenarios file beside WORKFLOW (NAME.scenarios.yaml) is rolled alongside.
    """
    from rich.console import Console

    from clearflow.cli._common import stdout_console
    from clearflow.console.change_view import render_review
    from clearflow.staff.rollover import default_output, roll_file, write_rollover
    from clearflow.staff.scenario import sidecar_path

    lang = speak_lazily(lambda: declared_language(workflow_path))
    rolled = roll_file(workflow_path, year, from_year=from_year, lang=lang)
    if output == "-":
        click.echo(rolled.text, nl=False)
        console = Console(stderr=True, highlight=False, emoji=False)
        console.print(render_review(rolled, lang), soft_wrap=True)
        if rolled.sidecar is not None:
            unwritten = Message(
                "{path} was not written: give -o NEW to roll it alongside",
                path=sidecar_path(workflow_path),
            )
            console.print(unwritten.text(lang), style="yellow", markup=False)
        return
    target = Path(output) if output else default_output(workflow_path, rolled.from_year, year)
    if target is None:
        raise usage_error(
            Message(
                "'{name}' has no year in its name to change: give -o NEW", name=workflow_path.name
            )
        )
    written = write_rollover(target, rolled, force=force, source=workflow_path)
    console = stdout_console()
    console.print(render_review(rolled, lang), soft_wrap=True)
    for path in written:
        console.print(Message("wrote {path}", path=path).text(lang), style="green", markup=False)


@click.command()
@click.argument("old_path", metavar="OLD", type=click.Path(path_type=Path))
@click.argument("new_path", metavar="NEW", type=click.Path(path_type=Path))
@LANG_OPTION
@OUTPUT_FORMAT
def diff(old_path: Path, new_path: Path, output: str) -> None:
    """Summarise what changed from OLD to NEW: offices, facts, deadlines, steps, documents,
    sessions and the cohort, in staff terms.

    Exits 0 whatever changed, 1 when a file does not load.
    """
    from clearflow.staff.diff import diff_workflows

    (old, old_issues), (new, new_issues) = inspect_path(old_path), inspect_path(new_path)
    if old is None or new is None:
        raise WorkflowError([*old_issues, *new_issues], _language(new_path, old_path))
    lang = speak(new.language or old.language)
    changes = diff_workflows(old, new, lang)
    if output == "json":
        report = {
            "old": str(old_path),
            "new": str(new_path),
            "changes": [change.to_dict() for change in changes],
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    from clearflow.cli._common import stdout_console
    from clearflow.console.change_view import render_changes

    stdout_console().print(render_changes(changes, lang), soft_wrap=True)


def _language(*paths: Path) -> str | None:
    """The language the first of ``paths`` that declares one declares (for diff's errors)."""
    return next(filter(None, map(declared_language, paths)), None)
