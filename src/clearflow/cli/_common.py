"""What every command module shares: the language spoken, the console, common options.

The language (docs/architecture.md, "Messages and languages") is decided once per command
by :func:`speak`, from the ``--lang`` flag (kept in the click context's ``meta`` by the
option's callback), ``CLEARFLOW_LANG``, the workflow's ``language:`` and the locale; the
decision is remembered there too, so that the error funnel (``cli/_main.py``) speaks the
language the command spoke, or decides it the same way when the error came first.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, cast

import click

from clearflow._i18n import LANGUAGES, Lang, Message
from clearflow._language import ENV_VARIABLE, choose_language
from clearflow.errors import InputError, WorkflowError
from clearflow.loading import load_workflow

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from rich.console import Console

_FLAG = "clearflow.lang.flag"
_SPOKEN = "clearflow.lang.spoken"


def _remember_flag(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback: keep the ``--lang`` given for :func:`speak` and the error funnel."""
    if value is not None:
        ctx.meta[_FLAG] = value
    return value


LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    expose_value=False,
    is_eager=True,  # read before the other options, whose errors speak it
    callback=_remember_flag,
    help="Language of the output: zh or en "
    "(default: CLEARFLOW_LANG, then the workflow's language:, then the locale).",
)
"""The ``--lang zh|en`` option of every command that prints; read it with :func:`speak`."""

OUTPUT_FORMAT = click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Text for people, JSON for tools.",
)
"""The ``--format text|json`` option of commands that report."""


def speak(workflow_language: str | None = None) -> Lang:
    """The language this command speaks, decided now and remembered for the error funnel.

    An unknown ``CLEARFLOW_LANG`` is an :class:`~clearflow.errors.InputError`.
    """
    ctx = click.get_current_context()
    lang = choose_language(ctx.meta.get(_FLAG), workflow_language, os.environ)
    ctx.meta[_SPOKEN] = lang
    return lang


def speak_lazily(workflow_language: Callable[[], str | None]) -> Lang:
    """:func:`speak`, asking ``workflow_language`` only when neither ``--lang`` nor
    ``CLEARFLOW_LANG`` decides (reading an invalid file's ``language:`` costs a load)."""
    ctx = click.get_current_context()
    if ctx.meta.get(_FLAG) is not None or os.environ.get(ENV_VARIABLE):
        return speak(None)
    return speak(workflow_language())


def spoken(ctx: click.Context, workflow_language: str | None = None) -> Lang:
    """The language the command decided on, or, if it did not get that far, the one it
    would have: flag, ``CLEARFLOW_LANG``, ``workflow_language``, locale. English when even
    that cannot be decided (an unknown ``CLEARFLOW_LANG``: that error is shown in English)."""
    if _SPOKEN in ctx.meta:
        return cast("Lang", ctx.meta[_SPOKEN])
    try:
        return choose_language(ctx.meta.get(_FLAG), workflow_language, os.environ)
    except InputError:
        return "en"


def usage_error(message: Message) -> click.UsageError:
    """A usage error of ours (exit 2), in the language known before the workflow is read."""
    ctx = click.get_current_context()
    return click.UsageError(message.text(spoken(ctx)), ctx)


def declared_language(path: str | Path) -> str | None:
    """The ``language:`` a workflow file declares, read even when the file is invalid."""
    try:
        return load_workflow(path).language
    except WorkflowError as error:
        return error.language


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
        message = Message(
            "'{value}' is not a date and time such as '2014-07-10 09:40'", value=value
        )
        raise click.BadParameter(message.text(spoken(ctx)), ctx, param) from None
