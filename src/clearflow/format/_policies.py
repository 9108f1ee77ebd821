"""What acting outside a window does: one reader for ``late:``, ``early:``, ``off_hours:``.

Each policy is ``flag`` (record the action, marked on its event) or ``block`` (refuse it);
an unknown value is reported as CF104 in the words of the key that holds it.
"""

from __future__ import annotations

from clearflow._hints import suggest
from clearflow._i18n import N_, Message
from clearflow.format._nodes import Node
from clearflow.format._reader import Reader

POLICIES = ("flag", "block")
"""The values every policy key takes."""


def policy(
    reader: Reader,
    node: Node | None,
    path: str,
    unknown: str,
    hint: Message,
    *,
    guess: bool = False,
) -> str | None:
    """The policy ``node`` writes; None when not written or unknown (then reported).

    ``unknown`` is the message id (with ``{policy}``) for an unknown value, ``hint`` its
    hint; with ``guess`` a close value is offered first ("did you mean 'block'?").
    """
    if node is None:
        return None
    value = reader.text(node, path)
    if value is None or value in POLICIES:
        return value
    offered = suggest(value, POLICIES) if guess else None
    reader.report("CF104", node, path, Message(unknown, policy=value), offered or hint)
    return None


def off_hours_policy(reader: Reader, node: Node | None, path: str) -> str | None:
    """An ``off_hours:`` or ``own_session:`` value (flag or block); None when not written."""
    return policy(
        reader,
        node,
        path,
        N_("unknown policy '{policy}'"),
        Message("write 'flag' to record actions outside hours or 'block' to refuse them"),
        guess=True,
    )
