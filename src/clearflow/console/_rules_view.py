"""Which rules a store's cases run on, said under ``cohort status`` when not all on one.

A case keeps the rules it started on (or was moved onto) until staff move it
(``clearflow migrate``); the status report says how many run on the workflow file's rules
and how many on each earlier version, so that nobody is surprised by a student whose
steps differ from the file's.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from clearflow._i18n import Lang, Message, Plural
from clearflow.spec import Workflow


def rules_said(workflow: Workflow, rules: Sequence[tuple[str, int]], lang: Lang) -> Text | None:
    """The line on the rules in use (``rules``: digest and count), or None when every case
    runs on the workflow's own rules."""
    others = [(digest, count) for digest, count in rules if digest != workflow.digest]
    if not others:
        return None
    own = sum(count for digest, count in rules if digest == workflow.digest)
    earlier = (
        Message("; ")
        .text(lang)
        .join(
            Plural(
                "{count} student on rules {digest}",
                "{count} students on rules {digest}",
                count,
                digest=digest[:12],
            ).text(lang)
            for digest, count in others
        )
    )
    said = Message(
        "Rules: {own} on this file's rules ({digest}); {earlier}. Each case keeps its rules "
        "until it is moved (clearflow migrate plan).",
        own=own,
        digest=workflow.digest[:12],
        earlier=earlier,
    )
    return Text(said.text(lang), style="yellow")


__all__ = ["rules_said"]
