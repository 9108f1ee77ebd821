"""YAML text to PyYAML's node tree, plain: no implicit typing, aliases, anchors, tags or deep nests.

:func:`compose` is what :mod:`clearflow.format._yaml` builds its located tree from. Every
scalar stays a string (no resolver but the base one), and a structural refusal stops the
composing as a :class:`RefusedError` carrying its located issue.

Where PyYAML has libyaml, the events come from its C parser (about 6x faster on the 2014
workflow, most of a cold report's parsing) and the same Python composer checks them. A
text the C parser refuses, or that holds a character the Python reader refuses or a tab
(libyaml takes one inside a plain scalar, PyYAML refuses it), is read again by the
pure-Python pipeline, so every error is said in its words at its place;
``tests/format/test_compose.py`` holds both pipelines' trees equal on damaged real files.
"""

from __future__ import annotations

from typing import Any

from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from clearflow._i18n import Message
from clearflow.errors import Issue, Said
from clearflow.format._nodes import Mark

CParser: Any = None
"""libyaml's parser; None when PyYAML was built without it (then the pure pipeline only)."""
try:
    import yaml.cyaml

    CParser = getattr(yaml.cyaml, "CParser", None)
except ImportError:  # pragma: no cover - PyYAML without libyaml
    pass

MAX_DEPTH = 32
_UNREAD = Reader.NON_PRINTABLE.search
"""A character PyYAML's reader refuses (the text then goes to the pure pipeline)."""
_PLAIN_TAGS = frozenset(
    {
        BaseResolver.DEFAULT_SCALAR_TAG,
        BaseResolver.DEFAULT_SEQUENCE_TAG,
        BaseResolver.DEFAULT_MAPPING_TAG,
    }
)


class RefusedError(Exception):
    """Raised inside the composer to stop at the first structural refusal."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


_ALIAS_HINT = Message("write the value out in full; anchors and aliases are refused")


def _shown_tag(tag: str) -> str:
    """A tag as it is usually written: ``!!int`` rather than ``tag:yaml.org,2002:int``."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def yaml_mark(mark: Any) -> Mark:
    """A PyYAML mark (0-based) as a :class:`Mark` (1-based line and column)."""
    return Mark(mark.line + 1, mark.column + 1)


class _Strict:
    """The composer's checks both pipelines share: no aliases, anchors, tags or deep nests."""

    source: str
    depth: int
    peek_event: Any
    check_event: Any

    def _refuse(self, code: str, at: Any, message: Said, hint: Said) -> RefusedError:
        return RefusedError(yaml_mark(at).issue(self.source, code, message, hint))

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if self.check_event(AliasEvent):
            raise self._refuse(
                "CF007",
                event.start_mark,
                Message("alias '*{name}' is not allowed", name=event.anchor),
                _ALIAS_HINT,
            )
        if event.anchor is not None:
            raise self._refuse(
                "CF007",
                event.start_mark,
                Message("anchor '&{name}' is not allowed", name=event.anchor),
                _ALIAS_HINT,
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _PLAIN_TAGS:
            raise self._refuse(
                "CF006",
                event.start_mark,
                Message("tag '{tag}' is not allowed", tag=_shown_tag(tag)),
                Message("remove the tag; clearflow reads plain YAML only"),
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self._refuse(
                "CF008",
                event.start_mark,
                Message("nesting deeper than {depth} levels", depth=MAX_DEPTH),
                Message("a workflow never needs this depth; check the indentation"),
            )
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1


class _StrictLoader(_Strict, Reader, Scanner, Parser, Composer, BaseResolver):
    """PyYAML's pure-Python pipeline without implicit typing, with the checks of _Strict."""

    def __init__(self, text: str, source: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)
        self.source = source
        self.depth = 0


_FastLoader: Any = None
if CParser is not None:

    class _CLoader(_Strict, Composer, CParser, BaseResolver):  # type: ignore[misc]
        """libyaml's events through the same Python composer (Composer before CParser, so
        that the composing, and with it the checks, is Python's)."""

        def __init__(self, text: str, source: str) -> None:
            CParser.__init__(self, text)
            Composer.__init__(self)
            BaseResolver.__init__(self)
            self.source = source
            self.depth = 0

    _FastLoader = _CLoader


def compose(text: str, source: str, *, fast: bool = True) -> Any:
    """The text's one YAML node (None when empty), libyaml's events when ``fast`` and it is
    there; errors as the pure-Python pipeline raises them (``RefusedError``, YAMLError)."""
    # libyaml takes a tab inside a plain scalar that PyYAML's scanner refuses: the pure
    # pipeline reads any text with a tab, so both say the same
    if fast and _FastLoader is not None and "\t" not in text and not _UNREAD(text):
        try:
            loader = _FastLoader(text, source)
            try:
                return loader.get_single_node()
            finally:
                loader.dispose()
        except Exception:  # an accelerator only: the pure pipeline reads it and says why
            pass
    pure = _StrictLoader(text, source)
    try:
        return pure.get_single_node()
    finally:
        pure.dispose()


__all__ = ["MAX_DEPTH", "RefusedError", "compose", "yaml_mark"]
