"""CF304: a workflow that says who may act (``scope:``, ``person:``) but expects no roster.

Without a staff roster the engine cannot tell one staff member from another, so a scope or a
bound person is not enforced: anyone of the office can act. The warning is given only where
a workflow writes ``scope:`` or ``person:`` and no top-level ``roster:``; a workflow that
says nothing about who acts is not warned (most procedures, and every check that is clean
today, stay clean).
"""

from __future__ import annotations

from collections.abc import Iterator

from clearflow._i18n import Message
from clearflow.errors import Issue, Severity, located
from clearflow.spec import Workflow

_REMEDY = Message("declare 'roster:' and import the staff roster")


def anyone_can_act(workflow: Workflow) -> Iterator[Issue]:
    """CF304: each ``scope:`` and ``person:`` of a workflow without ``roster:``."""
    if workflow.roster is not None:
        return
    for office in workflow.offices:
        if office.scope:
            yield located(
                "CF304",
                office.at,
                Message(
                    "anyone can act: office '{office}' is scoped by '{fact}', which needs a roster",
                    office=office.id,
                    fact=office.scope,
                ),
                _REMEDY,
                Severity.WARNING,
            )
    for step in workflow.steps:
        if step.person:
            yield located(
                "CF304",
                step.at,
                Message(
                    "anyone can act: step '{step}' is bound to the person '{fact}' names, "
                    "which needs a roster",
                    step=step.id,
                    fact=step.person,
                ),
                _REMEDY,
                Severity.WARNING,
            )
