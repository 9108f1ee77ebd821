"""What every command module shares: the label-language choice, the console, wording."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.console import Console

LANG = click.Choice(["en", "zh"])
"""The ``--lang`` choice: labels in English or Chinese."""

OUTPUT_FORMAT = click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Text for people, JSON for tools.",
)
"""The ``--format text|json`` option of commands that report."""


def stdout_console() -> Console:
    """A Rich console on stdout that never reads YAML text as markup or emoji."""
    from rich.console import Console

    return Console(highlight=False, emoji=False)


def parse_moment(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> dt.datetime | None:
    """A click callback: a date and time such as ``2014-07-10 09:40`` (ISO 8601).

    Without an offset the time is read in the workflow's time zone.
    """
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is not a date and time such as '2014-07-10 09:40'", ctx, param
        ) from None
