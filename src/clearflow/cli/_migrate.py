"""``clearflow migrate``: moving a store's open cases onto a workflow revised mid-season.

Argument parsing only. ``plan`` reads the two workflows, the renames and facts files, opens
the store read only on the OLD workflow and prints what
:func:`clearflow.migration.plan_migration` returns (text through
:mod:`clearflow.console.migration_view`, or JSON); nothing is written. ``apply`` and
``undo`` are :mod:`clearflow.cli._moves`'s.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from clearflow._i18n import Message
from clearflow.cli._common import LANG_OPTION, OUTPUT_FORMAT, speak
from clearflow.cli._moves import (
    FACTS_OPTION,
    RENAMES_OPTION,
    SHEET_OPTION,
    apply,
    inputs_of,
    undo,
)
from clearflow.cli._report import DB_OPTION
from clearflow.loading import load_workflow


@click.group()
def migrate() -> None:
    """Move open cases onto a revised workflow: plan, apply, undo."""


@migrate.command()
@click.argument("old_path", metavar="OLD", type=click.Path(path_type=Path))
@click.argument("new_path", metavar="NEW", type=click.Path(path_type=Path))
@DB_OPTION
@RENAMES_OPTION
@FACTS_OPTION
@SHEET_OPTION
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="Students listed with their changes (text output).",
)
@click.option("--all", "show_all", is_flag=True, help="List every changed student.")
@OUTPUT_FORMAT
@LANG_OPTION
def plan(
    old_path: Path,
    new_path: Path,
    db: str,
    renames_path: Path | None,
    facts_path: Path | None,
    sheet: str | None,
    limit: int,
    show_all: bool,
    output: str,
) -> None:
    """Say what moving the store's open cases from OLD's rules to NEW's would change.

    Every open case's actions are done again on NEW (ids renamed, facts from --facts
    added): each case is unchanged, changed (what changes for the student) or cannot
    move (why). Released cases keep their rules. Reads the store only.
    """
    from clearflow.engine import Engine
    from clearflow.migration import plan_migration
    from clearflow.store import open_reader

    old, new = load_workflow(old_path), load_workflow(new_path)
    lang = speak(new.language or old.language)
    renames, facts = inputs_of(old, new, renames_path, facts_path, sheet)
    with open_reader(db, Engine(old)) as store:
        planned = plan_migration(store, Engine(new), renames=renames, facts=facts)
    if output == "json":
        click.echo(json.dumps(planned.to_dict(lang), ensure_ascii=False, indent=2))
        return
    from clearflow.cli._common import stdout_console
    from clearflow.console.migration_view import hidden, render_plan

    shown = None if show_all else limit
    console = stdout_console()
    console.print(render_plan(planned, lang, limit=shown), soft_wrap=True)
    if hidden(planned, shown):
        more = Message("(--all lists every one; --format json gives them all)")
        console.print(more.text(lang), style="dim", markup=False, soft_wrap=True)


migrate.add_command(apply)
migrate.add_command(undo)
