"""Reading a case file's text as a careful reader would: every problem a located CaseDataError.

A case file is plain text anyone can edit, copy half of, or fill with nonsense. These
functions turn its JSON into values the engine can trust, or refuse it with the place and
what was wrong: JSON nested past what the parser can follow, numbers beyond what a field
holds, lone surrogates and NUL characters (which no terminal, file or database keeps),
values of the wrong kind, and times without a UTC offset or outside what a date can hold
once moved to UTC or the workflow's zone. ``where`` is the start of every message, e.g.
``case.json:5:1: `` or ``case.json: events[3].``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import attrs

from clearflow._i18n import N_, Message, verbatim
from clearflow.engine._audit import Action, Event
from clearflow.engine._fast import new_event
from clearflow.engine._owed import Owed, owed_or_none
from clearflow.errors import CaseDataError

MAX_WHOLE = 2**63 - 1
"""The largest sequence number or version a case may have (a database's BIGINT)."""
_ACTIONS = {str(action): action for action in Action}
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
_NUL = re.compile(r"\\u0000")
_EXAMPLE = "2014-07-10T10:42:00+08:00"
_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")


def parse_json(text: str, source: str, line: int = 1) -> Any:
    """The JSON value of ``text`` (line ``line`` of ``source``), its strings checked.

    Syntax errors keep their line and column; nesting too deep for the parser, numbers it
    cannot convert, lone surrogates and NUL characters are refused at their place.
    """
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"{source}:{line + error.lineno - 1}:{error.colno}"
        raise CaseDataError(
            Message("{where}: not a case file: {reason}", where=where, reason=error.msg)
        ) from None
    except RecursionError:
        where = f"{source}:{line}:1"
        raise CaseDataError(
            Message("{where}: not a case file: nested too deeply to read", where=where)
        ) from None
    except ValueError:  # an integer of more digits than Python converts (4300)
        where = f"{source}:{line}:1"
        raise CaseDataError(
            Message("{where}: not a case file: a number has too many digits to read", where=where)
        ) from None
    if "\\u" in text:  # only an escape can put a lone surrogate or a NUL into a string
        _check_strings(value, text, source, line)
    return value


def _check_strings(value: Any, text: str, source: str, line: int) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found = _BAD_CHARACTER.search(item)
            if found:
                nul = found.group() == "\x00"
                match = (_NUL if nul else _LONE_SURROGATE).search(text)
                where = f"{source}:{_position(text, match.start() if match else 0, line)}"
                what = N_("a NUL character (\\u0000)") if nul else N_("a lone surrogate")
                raise CaseDataError(
                    Message(
                        "{where}: not a case file: a string holds {what}, "
                        "which is not text (remove it)",
                        where=where,
                        what=Message(what),
                    )
                )
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _position(text: str, offset: int, line: int) -> str:
    before = text[:offset]
    newlines = before.count("\n")
    column = offset - (before.rfind("\n") + 1) + 1
    return f"{line + newlines}:{column}"


def shown(value: Any) -> Message:
    """A value as a message shows it: ``'text'``, ``1.5``, ``null``, ``an object``."""
    if isinstance(value, dict):
        return Message("an object")
    if isinstance(value, list):
        return Message("a list")
    if isinstance(value, str):
        return verbatim(repr(value if len(value) <= 40 else value[:37] + "..."))
    text = json.dumps(value)
    return verbatim(text if len(text) <= 40 else text[:37] + "...")


@attrs.frozen
class At:
    """Where a value of a case file is: ``case.json:5:1`` (a line) and a path in it (``steps``)."""

    location: str
    path: str = ""

    def inside(self, name: str) -> At:
        """The place of ``name`` within this one: ``events``, ``events[3]``, ``events[3].at``."""
        if not name:
            return self
        joined = name if not self.path or name.startswith("[") else f".{name}"
        return At(self.location, f"{self.path}{joined}")

    def error(self, message: Message) -> CaseDataError:
        """``case.json:5:1: at: message``: the error, located."""
        return CaseDataError(
            Message(
                "{location}: {path}: {message}",
                location=self.location,
                path=self.path,
                message=message,
            )
            if self.path
            else Message("{location}: {message}", location=self.location, message=message)
        )

    def expected(self, what: Message, value: Any) -> CaseDataError:
        """``...: expected what, found value``."""
        return self.error(Message("expected {what}, found {found}", what=what, found=shown(value)))


def mapping(value: Any, at: At, field: str = "", what: Message | None = None) -> dict[str, Any]:
    """``value`` (``field`` of ``at``) when it is a JSON object (``what`` names one)."""
    if not isinstance(value, dict):
        raise at.inside(field).expected(what or Message("an object"), value)
    return value


def text(value: Any, at: At, field: str, *, optional: bool = False) -> Any:
    """``value`` when it is a string (or, if ``optional``, null or missing)."""
    if isinstance(value, str) or (optional and value is None):
        return value
    raise at.inside(field).expected(Message("text or null") if optional else Message("text"), value)


def whole(value: Any, at: At, field: str, least: int = 0) -> int:
    """``value`` when it is a whole number from ``least`` to :data:`MAX_WHOLE`."""
    if type(value) is int and least <= value <= MAX_WHOLE:
        return value
    expected = Message("a whole number from {least} to {most}", least=least, most=MAX_WHOLE)
    raise at.inside(field).expected(expected, value)


def moment(value: Any, at: At, field: str, zone: dt.tzinfo) -> dt.datetime:
    """``value`` when it is an ISO date and time with a UTC offset that UTC and ``zone`` hold."""
    expected = Message("a date and time with its UTC offset, e.g. '{example}'", example=_EXAMPLE)
    if not isinstance(value, str):
        raise at.inside(field).expected(expected, value)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise at.inside(field).expected(expected, value) from None
    if parsed.utcoffset() is None:
        raise at.inside(field).expected(expected, value)
    try:
        parsed.astimezone(dt.UTC)
        parsed.astimezone(zone)
    except OverflowError:
        raise at.inside(field).error(
            Message(
                "{value} is out of range once moved to UTC or the workflow's zone "
                "(a date must lie between the years 1 and 9999)",
                value=shown(value),
            )
        ) from None
    return parsed


def event(data: Any, at: At, zone: dt.tzinfo) -> Event:
    """The :class:`Event` a case file's JSON object describes, every field checked."""
    item = mapping(data, at, what=Message("an event (an object)"))
    get = item.get
    action = get("action")
    if action not in _ACTIONS:
        raise at.inside("action").expected(
            Message("one of {choices}", choices=", ".join(_ACTIONS)), action
        )
    late = get("late", False)
    if not isinstance(late, bool):
        raise at.inside("late").expected(Message("true or false"), late)
    backdated = get("backdated", False)
    if not isinstance(backdated, bool):
        raise at.inside("backdated").expected(Message("true or false"), backdated)
    early = get("early", False)  # absent from files written before openings
    if not isinstance(early, bool):
        raise at.inside("early").expected(Message("true or false"), early)
    off_hours = get("off_hours", False)  # absent from files written before hours were enforced
    if not isinstance(off_hours, bool):
        raise at.inside("off_hours").expected(Message("true or false"), off_hours)
    facts = get("facts")
    if facts is not None:
        mapping(facts, at, "facts")
    owed = owed_field(get("owed"), at)  # absent from files written before amounts were kept
    documents = get("documents")
    if documents is not None and not (
        isinstance(documents, list) and all(isinstance(d, str) for d in documents)
    ):
        raise at.inside("documents").expected(Message("a list of document ids or null"), documents)
    return new_event(
        seq=whole(get("seq"), at, "seq", 1),
        action=_ACTIONS[action],
        at=moment(get("at"), at, "at", zone),
        office=text(get("office"), at, "office"),
        staff=text(get("staff"), at, "staff"),
        workflow=text(get("workflow"), at, "workflow"),
        digest=text(get("digest"), at, "digest"),
        step=text(get("step"), at, "step", optional=True),
        outcome=text(get("outcome"), at, "outcome", optional=True),
        reason=text(get("reason"), at, "reason", optional=True),
        late=late,
        facts=dict(facts) if facts is not None else None,
        documents=tuple(documents) if documents is not None else None,
        backdated=backdated,
        early=early,
        # Absent from files written without a staff roster.
        staff_name=text(get("staff_name"), at, "staff_name", optional=True),
        unit=text(get("unit"), at, "unit", optional=True),
        off_hours=off_hours,
        owed=owed,
    )


def owed_field(data: Any, at: At) -> Owed | None:
    """What an event or a step record says is owed, checked (None when absent)."""
    try:
        return owed_or_none(data)
    except (TypeError, ValueError, ArithmeticError):
        raise at.inside("owed").expected(
            Message("an object of an amount (text such as 35.00) and items (text)"), data
        ) from None


def check_snapshot(data: Any, at: At, zone: dt.tzinfo) -> list[Event]:
    """Check what :func:`~clearflow.engine._snapshot.restore` trusts in a format-1 case.

    The step records' times, the events (each an object of the right fields, numbered
    on from the version they follow, without gaps) and the version; restore checks the
    rest. Returns the events.
    """
    snapshot = mapping(data, at, what=Message("a case (an object)"))
    steps = snapshot.get("steps")
    if isinstance(steps, dict):
        for step, record in steps.items():
            if isinstance(record, dict) and "at" in record:
                moment(record["at"], at.inside("steps").inside(str(step)), "at", zone)
            if isinstance(record, dict):
                owed_field(record.get("owed"), at.inside("steps").inside(str(step)))
    items = snapshot.get("events")
    if not isinstance(items, list):
        raise at.inside("events").expected(Message("a list of events"), items)
    events = [event(item, at.inside(f"events[{index}]"), zone) for index, item in enumerate(items)]
    version = whole(snapshot.get("version", len(events)), at, "version", len(events))
    first = version - len(events) + 1
    for index, found in enumerate(events):
        if found.seq != first + index:
            where = at.inside(f"events[{index}]").inside("seq")
            raise where.error(out_of_order(first + index, found.seq))
    return events


def out_of_order(expected: int, found: int) -> Message:
    """What a sequence number out of its place says."""
    return Message(
        "expected {expected}, found {found} (events are missing or out of order)",
        expected=expected,
        found=found,
    )
