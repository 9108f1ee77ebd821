"""Typed reading of one table cell: yes/no words, choices by id or label, numbers, amounts.

Each reader takes the cell's text and returns a value, or raises :class:`CellError`
with a message and a hint; the importer adds the file, row and column.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Mapping

from clearflow._hints import known, suggest
from clearflow._i18n import Message
from clearflow.cohort._table import normalise
from clearflow.engine import AmountError
from clearflow.engine import read_amount as engine_amount
from clearflow.spec import MAX_STUDENT_ID, Fact, FactType, Workflow, clean_student_id
from clearflow.spec.conditions import FactValue

TRUE_WORDS = ("true", "yes", "1", "是", "y")
FALSE_WORDS = ("false", "no", "0", "否", "n")
OWES_WORDS = ("yes", "true", "1", "是", "owes", "欠")
CLEAR_WORDS = ("no", "false", "0", "否", "clear", "清")
_SHORTENED = re.compile(r"\d(\.\d+)?e\+\d+\Z", re.IGNORECASE)
_INTEGER = re.compile(r"[+-]?\d+\Z")


class CellError(ValueError):
    """A cell whose text is not a value of its column's type."""

    def __init__(self, message: Message, hint: Message | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.hint = hint


def _pairs(first: tuple[str, ...], second: tuple[str, ...]) -> str:
    return ", ".join(f"{a}/{b}" for a, b in zip(first, second, strict=True))


def read_bool(text: str) -> bool:
    """A yes/no cell: true/false, yes/no, 1/0, 是/否, y/n in any case."""
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(
        Message("'{text}' is not yes or no", text=text),
        Message("write one of: {words}", words=_pairs(TRUE_WORDS, FALSE_WORDS)),
    )


def read_owes(text: str) -> bool:
    """Whether an office list row says the student owes (True) or is clear (False)."""
    word = text.strip().lower()
    if word in OWES_WORDS:
        return True
    if word in CLEAR_WORDS:
        return False
    message = (
        Message("'{text}' is neither owes nor clear", text=text)
        if word
        else Message("empty owes-or-clear value")
    )
    raise CellError(
        message, Message("write one of: {words}", words=_pairs(OWES_WORDS, CLEAR_WORDS))
    )


def read_choice(text: str, fact: Fact) -> str:
    """One of a choice fact's values, by its id or its zh or en label (any case)."""
    wanted = text.strip().casefold()
    for choice in fact.values:
        spellings = (choice.id, choice.label.zh, choice.label.en)
        if wanted in {name.casefold() for name in spellings if name}:
            return choice.id
    ids = [choice.id for choice in fact.values]
    labels = [label for c in fact.values for label in (c.label.zh, c.label.en) if label]
    raise CellError(
        Message("unknown value '{value}'", value=text),
        suggest(text, ids + labels) or known(Message("values"), ids),
    )


BIGINT = (-(2**63), 2**63 - 1)
"""The whole numbers a fact may hold: a signed 64-bit integer (SQL's BIGINT), on both stores."""


def read_integer(text: str) -> int:
    """A whole number written in digits, within :data:`BIGINT`."""
    if not _INTEGER.match(text.strip()):
        raise CellError(
            Message("'{text}' is not a whole number", text=text),
            Message("write digits only, such as 3"),
        )
    digits = text.strip().lstrip("+-").lstrip("0")
    value = int(text) if len(digits) <= 19 else None
    if value is None or not BIGINT[0] <= value <= BIGINT[1]:
        shown = text if len(text) <= 30 else text[:30] + "..."
        raise CellError(
            Message("'{text}' is out of range", text=shown),
            Message("a whole number from {low} to {high}", low=BIGINT[0], high=BIGINT[1]),
        )
    return value


def read_amount(text: str) -> decimal.Decimal:
    """An amount of money such as 1200, 1,200.50, ¥1200 or 1200元, rounded to fen
    (:func:`clearflow.engine.read_amount`, its errors as :class:`CellError`)."""
    try:
        return engine_amount(text)
    except AmountError as error:
        raise CellError(error.message, error.hint) from None


def read_fact(text: str, fact: Fact) -> FactValue:
    """A fact's value from a non-empty cell, typed as the workflow declares it."""
    match fact.type:
        case FactType.BOOL:
            return read_bool(text)
        case FactType.CHOICE:
            return read_choice(text, fact)
        case FactType.INTEGER:
            return read_integer(text)
    return text


def read_student_id(text: str) -> str:
    """A student id (trimmed, as everywhere): non-empty, at most as long as a store keeps,
    and not a number Excel printed as 2.01E+09."""
    text = clean_student_id(text)
    if not text:
        raise CellError(Message("empty student id"), Message("every row needs the student's id"))
    if "\x00" in text:  # as the table reports it: the two are one issue
        raise CellError(
            Message("value holds a NUL character (\\x00)"),
            Message("delete it: a store cannot keep it"),
        )
    if len(text) > MAX_STUDENT_ID:
        raise CellError(
            Message(
                "student id '{start}...' is {length} characters long",
                start=text[:20],
                length=len(text),
            ),
            Message("a store keeps ids of at most {limit} characters", limit=MAX_STUDENT_ID),
        )
    if _SHORTENED.match(text):
        raise CellError(
            Message("student id '{id}' was shortened by Excel", id=text),
            Message("format the column as text in Excel and type the ids again"),
        )
    return text


def fact_headers(workflow: Workflow, taken: frozenset[str]) -> Mapping[str, str]:
    """Column names that mean a fact: its id and its zh and en labels, normalised."""
    headers: dict[str, str] = {}
    for fact in workflow.facts:
        for label in (fact.label.zh, fact.label.en):
            name = normalise(label) if label else ""
            if name and name not in taken:
                headers[name] = fact.id
        headers[fact.id] = fact.id
    return headers
