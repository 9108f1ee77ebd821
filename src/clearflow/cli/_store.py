"""``clearflow store``: the database itself — ``upgrade`` brings it to this clearflow's schema.

Argument parsing only: ``upgrade`` calls :func:`clearflow.store.upgrade_store` (imported
inside the command, for start-up cost) and says the schema version before and after.
"""

from __future__ import annotations

import click

from clearflow._i18n import Message
from clearflow.cli._common import LANG_OPTION, speak, stdout_console
from clearflow.cli._report import DB_OPTION


@click.group()
def store() -> None:
    """The store's database: upgrade its schema to this clearflow's."""


@store.command()
@DB_OPTION
@LANG_OPTION
def upgrade(db: str) -> None:
    """Upgrade the store's schema in place, in one transaction (nothing changes on failure).

    A store at this clearflow's schema already is left as it is; a newer one is refused.
    """
    from clearflow.store import upgrade_store

    lang = speak()
    done = upgrade_store(db)
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
    stdout_console().print(said.text(lang), markup=False, soft_wrap=True)
