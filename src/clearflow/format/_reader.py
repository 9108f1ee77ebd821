"""Typed reading of located nodes, collecting every problem instead of stopping.

A :class:`Reader` turns :mod:`clearflow.format._nodes` nodes into Python values of
the type each key expects and records an :class:`~clearflow.errors.Issue` for
every mismatch. Readers return None for a value they could not read, so the
caller can carry on and report everything at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

from clearflow._hints import join, known, suggest
from clearflow._i18n import Message
from clearflow.errors import Issue, Said, Severity
from clearflow.format._names import ID
from clearflow.format._nodes import ListNode, MapNode, Mark, Node, Scalar, kind_of
from clearflow.format._schema_parts import Shape
from clearflow.format._shapes import LABEL
from clearflow.spec import Label, Where, weekday_name

IDENT = re.compile(r"[a-z][a-z0-9_]*\Z")
_TIME = re.compile(r"(\d{1,2}):(\d{2})\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
TRUE_WORDS = frozenset({"true"})
FALSE_WORDS = frozenset({"false"})
_FULLWIDTH_COLON = "\uff1a"
"""The colon a Chinese input method types (``9：00``)."""
_LIST_HINT = Message("write the items as '- item' lines or '[a, b]'")


class Reader:
    """Reads nodes of one file and collects the issues found."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.issues: list[Issue] = []

    # -- reporting -----------------------------------------------------------

    def where(self, node: Node | Mark, path: str) -> Where:
        """The location of a node for a spec object."""
        mark = node if isinstance(node, Mark) else node.mark
        return Where(self.source, mark.line, mark.column, path)

    def report(
        self,
        code: str,
        at: Node | Mark | Where,
        path: str,
        message: Said,
        hint: Said | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        """Record one issue at a node, mark or spec location."""
        if isinstance(at, Where):
            line, column = at.line, at.column
        else:
            mark = at if isinstance(at, Mark) else at.mark
            line, column = mark.line, mark.column
        self.issues.append(
            Issue(
                code=code,
                message=message,
                hint=hint,
                severity=severity,
                source=self.source,
                line=line,
                column=column,
                path=path,
            )
        )

    def mismatch(
        self, node: Node, path: str, expected: Message, hint: Said, value: str | None = None
    ) -> None:
        """Record a value of the wrong shape (CF103) or, given the text ``value``, kind (CF104)."""
        if value is None:
            found = Message(
                "expected {expected}, found {found}", expected=expected, found=kind_of(node)
            )
            self.report("CF103", node, path, found, hint)
        else:
            written = Message(
                "expected {expected}, found '{value}'", expected=expected, value=value
            )
            self.report("CF104", node, path, written, hint)

    # -- containers ----------------------------------------------------------

    def mapping(
        self,
        node: Node,
        path: str,
        required: Collection[str] = (),
        optional: Collection[str] = (),
    ) -> dict[str, Node] | None:
        """A mapping's values by key; unknown and missing keys are reported."""
        if not isinstance(node, MapNode):
            self.mismatch(node, path, Message("a mapping"), _mapping_hint(required))
            return None
        allowed = set(required) | set(optional)
        values: dict[str, Node] = {}
        for key, value in node.items:
            if key.value not in allowed:
                self.report(
                    "CF101",
                    key,
                    join(path, key.value),
                    Message("unknown key '{key}'", key=key.value),
                    suggest(key.value, allowed) or known(Message("keys"), allowed),
                )
                continue
            values[key.value] = value
        for name in required:
            if name not in values:
                self.report(
                    "CF102",
                    node,
                    path,
                    Message("missing key '{key}'", key=name),
                    Message("add '{key}:' to this mapping", key=name),
                )
        return values

    def fields(self, node: Node, path: str, shape: Shape) -> dict[str, Node] | None:
        """A mapping's values by key, read against one of the format's shapes."""
        return self.mapping(node, path, shape.required, shape.optional)

    def sequence(self, node: Node, path: str) -> tuple[Node, ...] | None:
        """A list's items; a lone value where a list is expected is reported."""
        if isinstance(node, ListNode):
            return node.items
        self.mismatch(node, path, Message("a list"), _LIST_HINT)
        return None

    def sequence_or_one(self, node: Node, path: str) -> tuple[Node, ...]:
        """A list's items, or a lone scalar as a list of one."""
        if isinstance(node, ListNode):
            return node.items
        if isinstance(node, Scalar) and not node.is_null:
            return (node,)
        self.mismatch(node, path, Message("a list"), _LIST_HINT)
        return ()

    def entries(self, node: Node, path: str) -> tuple[tuple[Scalar, Node], ...]:
        """The key/value pairs of a mapping used as a table of ids."""
        if isinstance(node, MapNode):
            return node.items
        self.mismatch(
            node, path, Message("a mapping"), Message("write one 'id: {{...}}' entry per line")
        )
        return ()

    # -- scalars -------------------------------------------------------------

    def text(self, node: Node, path: str) -> str | None:
        """A non-empty string."""
        if isinstance(node, Scalar) and not node.is_null and node.value.strip():
            return node.value
        self.mismatch(node, path, Message("text"), Message("write the text after the colon"))
        return None

    def ident(self, node: Node, path: str, what: Said = ID) -> str | None:
        """An id: lowercase letters, digits and underscores, starting with a letter.

        ``what`` names the id in the message, e.g. ``Message("step id")``.
        """
        value = self.text(node, path)
        if value is None:
            return None
        if not IDENT.match(value):
            fixed = re.sub(r"[^a-z0-9_]+", "_", value.lower()).strip("_")
            hint = (
                Message("use lowercase letters, digits and '_', e.g. '{fixed}'", fixed=fixed)
                if fixed
                else Message("use lowercase ASCII letters, digits and '_'")
            )
            self.report(
                "CF104",
                node,
                path,
                Message("invalid {what} '{value}'", what=what, value=value),
                hint,
            )
            return None
        return value

    def boolean(self, node: Node, path: str) -> bool | None:
        """``true`` or ``false`` (``yes``/``no``/``on``/``off`` are refused as ambiguous)."""
        value = self.text(node, path)
        if value is None:
            return None
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        self.mismatch(
            node, path, Message("true or false"), Message("write 'true' or 'false'"), value
        )
        return None

    def integer(self, node: Node, path: str, minimum: int = 0) -> int | None:
        """A whole number of at least ``minimum`` and at most 18 digits."""
        value = self.text(node, path)
        if value is None:
            return None
        # At most 18 digits: int() refuses strings over 4300 digits with a ValueError.
        if not re.fullmatch(r"[0-9]{1,18}", value) or int(value) < minimum:
            self.mismatch(
                node,
                path,
                Message("a whole number of at least {minimum}", minimum=minimum),
                Message("write digits only, e.g. '474'"),
                value,
            )
            return None
        return int(value)

    def number(self, node: Node, path: str, *, zero: bool = False) -> float | None:
        """A number above zero (``zero``: or zero), at most 3 decimals (``1.5`` minutes)."""
        value = self.text(node, path)
        if value is None:
            return None
        written = re.fullmatch(r"[0-9]{1,6}(\.[0-9]{1,3})?", value)
        if not written or (float(value) == 0 and not zero):
            self.mismatch(
                node,
                path,
                Message("a number of 0 or more") if zero else Message("a number above 0"),
                Message("write digits with an optional decimal point, e.g. '1.5'"),
                value,
            )
            return None
        return float(value)

    def date(self, node: Node, path: str) -> dt.date | None:
        """A calendar date written ``YYYY-MM-DD``."""
        value = self.text(node, path)
        if value is None:
            return None
        if _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.mismatch(
            node, path, Message("a date"), Message("write YYYY-MM-DD, e.g. '2014-07-04'"), value
        )
        return None

    def time(self, node: Node, path: str) -> dt.time | None:
        """A time of day written ``H:MM`` or ``HH:MM`` (never read as a number)."""
        value = self.text(node, path)
        if value is None:
            return None
        found = _TIME.match(value)
        if found and int(found[1]) < 24 and int(found[2]) < 60:
            return dt.time(int(found[1]), int(found[2]))
        hint = Message("write HH:MM, e.g. '09:00'")
        if _FULLWIDTH_COLON in value:
            fixed = value.replace(_FULLWIDTH_COLON, ":")
            hint = Message("use an ASCII colon: '{fixed}'", fixed=fixed)
        self.mismatch(node, path, Message("a time of day"), hint, value)
        return None

    def moment(self, node: Node, path: str) -> dt.datetime | None:
        """A date and time written ``YYYY-MM-DD HH:MM`` (ISO 8601; an offset is allowed)."""
        value = self.text(node, path)
        if value is None:
            return None
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            self.mismatch(
                node,
                path,
                Message("a date and time"),
                Message("write YYYY-MM-DD HH:MM, e.g. '2014-07-10 10:42'"),
                value,
            )
            return None

    def weekday(self, node: Node, path: str) -> str | None:
        """A weekday written ``mon`` ... ``sun`` or in full (``monday``), in any case."""
        value = self.text(node, path)
        if value is None:
            return None
        day = weekday_name(value)
        if day is not None:
            return day
        self.mismatch(
            node,
            path,
            Message("a weekday"),
            Message("write mon, tue, wed, thu, fri, sat or sun"),
            value,
        )
        return None

    def label(self, fields: dict[str, Node], at: Node, path: str) -> Label:
        """A bilingual label from the ``zh`` and ``en`` keys of a mapping."""
        zh = self.text(fields["zh"], join(path, "zh")) if "zh" in fields else None
        en = self.text(fields["en"], join(path, "en")) if "en" in fields else None
        if "zh" not in fields and "en" not in fields:
            self.report(
                "CF102",
                at,
                path,
                Message("missing label"),
                Message("add 'zh:' and 'en:' with the names people read"),
            )
        return Label(zh=zh, en=en)

    def label_node(self, node: Node, path: str) -> Label:
        """A label written as ``{zh: ..., en: ...}`` or as plain text."""
        if isinstance(node, Scalar):
            text = self.text(node, path)
            return Label(zh=text) if text and not text.isascii() else Label(en=text)
        fields = self.fields(node, path, LABEL)
        return self.label(fields or {}, node, path)


def _mapping_hint(required: Collection[str]) -> Message:
    if required:
        keys = ", ".join(f"'{name}:'" for name in sorted(required))
        return Message("write 'key: value' lines, starting with {keys}", keys=keys)
    return Message("write 'key: value' lines")
