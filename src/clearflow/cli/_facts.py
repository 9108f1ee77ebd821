"""The ``--facts FACT=VALUE`` option: one kind of student, for ``show`` and ``diagram --steps``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from clearflow._i18n import Message
from clearflow.cli._common import spoken

if TYPE_CHECKING:
    from clearflow.spec import Workflow
    from clearflow.spec.conditions import FactValue


def _read_facts(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> dict[str, str]:
    """A click callback: ``--facts key=value`` given once or more, as a mapping."""
    given: dict[str, str] = {}
    for pair in value:
        name, equals, text = (part.strip() for part in pair.partition("="))
        if not equals or not name:
            message = Message(
                "'{value}' is not a fact and its value, such as program=higher_vocational",
                value=pair,
            )
            raise click.BadParameter(message.text(spoken(ctx)), ctx, param)
        if name in given:
            message = Message("fact '{fact}' is given twice", fact=name)
            raise click.BadParameter(message.text(spoken(ctx)), ctx, param)
        given[name] = text
    return given


FACTS_OPTION = click.option(
    "--facts",
    metavar="FACT=VALUE",
    multiple=True,
    callback=_read_facts,
    help="One kind of student's procedure: a fact's value, e.g. program=higher_vocational "
    "(repeatable; what does not apply is left out, facts not given stay open).",
)


def profile_of(workflow: Workflow, facts: dict[str, str]) -> dict[str, FactValue] | None:
    """The facts given with ``--facts``, typed and checked; None when none was given."""
    if not facts:
        return None
    from clearflow.engine.procedure import read_profile

    return read_profile(workflow, facts)
