"""Wording helpers shared by every layer: did-you-mean hints, lists of what is known, paths.

They know nothing of YAML or of the model, so the engine, the store and the reports can
use them without depending on the format reader.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable

from clearflow._i18n import Message


def suggest(word: str, choices: Iterable[str]) -> Message | None:
    """A ``did you mean 'x'?`` hint for a misspelt word, or None."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return Message("did you mean '{word}'?", word=close[0]) if close else None


def known(kind: Message, choices: Collection[str]) -> Message:
    """A hint listing what is allowed, short enough for one line.

    ``kind`` names what is listed, e.g. ``Message("offices")``.
    """
    names = sorted(choices)
    if not names:
        return Message("no {kind} declared", kind=kind)
    shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
    return Message("known {kind}: {shown}", kind=kind, shown=shown)


def join(path: str, key: str | int) -> str:
    """``a.b`` for a key, ``a[3]`` for an index."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key
