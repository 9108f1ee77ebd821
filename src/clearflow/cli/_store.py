"""``clearflow store``: the database itself — ``upgrade`` brings it to this clearflow's schema.

Argument parsing only: ``upgrade`` calls :func:`clearflow.store.upgrade_store` (imported
inside the command, for start-up cost) and says the schema version before and after.
"""

from __future__ import annotations

from pathlib import Path

import click

from clearflow._i18n import Message, Plural
from clearflow.cli._common import LANG_OPTION, speak, stdout_console
from clearflow.cli._report import DB_OPTION
from clearflow.loading import load_workflow


@click.group()
def store() -> None:
    """The store's database: upgrade its schema to this clearflow's."""


@store.command()
@click.argument(
    "workflow_paths", metavar="[WORKFLOW]...", nargs=-1, type=click.Path(path_type=Path)
)
@DB_OPTION
@LANG_OPTION
def upgrade(workflow_paths: tuple[Path, ...], db: str) -> None:
    """Upgrade the store's schema in place, in one transaction (nothing changes on failure).

    A store at this clearflow's schema already is left as it is; a newer one is refused.
    Name the store's workflows to prepare their reports now (else the first command that
    writes to the store does it).
    """
    from clearflow.engine import Engine
    from clearflow.store import upgrade_store

    workflows = [load_workflow(path) for path in workflow_paths]
    lang = speak(workflows[0].language if workflows else None)
    done = upgrade_store(db, [Engine(workflow) for workflow in workflows])
    if done.applied:
        said = Message(
            "database '{label}': schema version {before} → {after} (revisions applied: "
            "{revisions})",
            label=done.label,
            before=done.before,
            after=done.after,
            revisions=", ".join(done.applied),
        )
    else:
        said = Message(
            "database '{label}': schema version {version}, up to date (nothing to upgrade)",
            label=done.label,
            version=done.after,
        )
    console = stdout_console()
    console.print(said.text(lang), markup=False, soft_wrap=True)
    for workflow, count in done.prepared:
        prepared = Plural(
            "workflow '{workflow}': reports prepared for {count} student",
            "workflow '{workflow}': reports prepared for {count} students",
            count,
            workflow=workflow,
        )
        console.print(prepared.text(lang), markup=False, soft_wrap=True)
