"""What a student owes an office: an amount of money and items, as data (:class:`Owed`).

An office list's ``amount`` and ``items`` columns become an :class:`Owed` on the refusal
(:meth:`Case.refuse <clearflow.engine._case.Case.refuse>`, ``owed=``), kept by its
:class:`~clearflow.engine._record.StepRecord` and :class:`~clearflow.engine._audit.Event`.
The amount is a number (yuan, two places) that reports add up and spreadsheets sum; the
items stay the office's own words ("2 books", "图书2本"): offices write them every way, and
a count read out of them would be a guess. :func:`reason_said` shows a refusal's reason
with what is owed in the reader's language, the amount said once.
"""

from __future__ import annotations

import decimal
import re
from typing import Any

import attrs

from clearflow._i18n import Message

_FEN = decimal.Decimal("0.01")
AMOUNT_DIGITS = 12
"""An amount has at most this many digits before the point (and is rounded to fen)."""
_AMOUNT = re.compile(r"(\d{1,12}|\d{0,12}\.\d{1,15})\Z")
_MONEY_MARKS = re.compile(r"[¥￥,，\s]|元|yuan|rmb|cny", re.IGNORECASE)


class AmountError(ValueError):
    """Text that is not an amount of money: its ``message`` and ``hint`` say why."""

    def __init__(self, message: Message, hint: Message) -> None:
        super().__init__(str(message))
        self.message = message
        self.hint = hint


def read_amount(text: str) -> decimal.Decimal:
    """An amount of money such as 1200, 1,200.50, ¥1200 or 1200元, rounded to fen.

    Never negative, never an exponent (``1e999999``), ``NaN`` or ``Infinity``, and at most
    :data:`AMOUNT_DIGITS` digits before the point: a sane bound that no Decimal context
    overflows and every database column holds. :class:`AmountError` otherwise.
    """
    cleaned = _MONEY_MARKS.sub("", text)
    if re.fullmatch(r"\d+(\.\d*)?", cleaned) and not _AMOUNT.match(cleaned):
        raise AmountError(
            Message("'{text}' is more than an amount can hold", text=text),
            Message(
                "write at most {digits} digits before the point and {decimals} after",
                digits=AMOUNT_DIGITS,
                decimals=15,
            ),
        )
    if not _AMOUNT.match(cleaned):
        raise AmountError(
            Message("'{text}' is not an amount of money", text=text),
            Message("write a number such as 1200 or 1200.50"),
        )
    return decimal.Decimal(cleaned).quantize(_FEN)


def _amount(value: decimal.Decimal | None) -> decimal.Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or value < 0:
        raise ValueError(f"an amount owed must be a finite number of at least 0, not {value}")
    return value.quantize(_FEN)


@attrs.frozen(kw_only=True)
class Owed:
    """What is owed: ``amount`` in yuan (rounded to fen, never negative) and ``items`` as text.

    Either may be None, not both; a refusal that owes nothing countable carries no Owed.
    """

    amount: decimal.Decimal | None = attrs.field(default=None, converter=_amount)
    items: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.amount is None and not self.items:
            raise ValueError("an Owed needs an amount or items")

    def said(self) -> Message:
        """E.g. ``owes 35.00 yuan; items: 2 books`` (zh ``欠费 35.00 元；欠物 2 books``).

        In English these are the words an office list's refusal reason begins with.
        """
        if self.amount is not None and self.items:
            return Message(
                "owes {amount} yuan; items: {items}", amount=str(self.amount), items=self.items
            )
        if self.amount is not None:
            return Message("owes {amount} yuan", amount=str(self.amount))
        return Message("owes; items: {items}", items=self.items)

    def to_dict(self) -> dict[str, str]:
        """Plain JSON-able data: the amount as text (``"35.00"``, exact), absent parts left out."""
        data: dict[str, str] = {}
        if self.amount is not None:
            data["amount"] = str(self.amount)
        if self.items:
            data["items"] = self.items
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Owed:
        """The Owed back from :meth:`to_dict` output (TypeError/ValueError when malformed)."""
        if not isinstance(data, dict):
            raise TypeError(f"what is owed must be an object, not {type(data).__name__}")
        unknown = sorted(set(data) - {"amount", "items"})
        if unknown:
            raise ValueError(f"unknown key '{unknown[0]}' in what is owed")
        amount, items = data.get("amount"), data.get("items")
        if amount is not None and not isinstance(amount, str):
            raise TypeError('the amount owed must be text such as "35.00"')
        if items is not None and not isinstance(items, str):
            raise TypeError("the items owed must be text")
        try:
            number = None if amount is None else decimal.Decimal(amount)
            return cls(amount=number, items=items)
        except decimal.InvalidOperation:
            raise ValueError(f"'{amount}' is not an amount") from None


def owed_or_none(data: Any) -> Owed | None:
    """:meth:`Owed.from_dict` of a field that may be absent (data written before amounts)."""
    return None if data is None else Owed.from_dict(data)


def reason_said(reason: str | None, owed: Owed | None) -> Message | str:
    """A refusal's reason to show, what is owed in the reader's language and said once.

    An office list's reason begins with the English words of :meth:`Owed.said`; they are
    shown translated, the note after them as written. A reason of other words keeps them,
    followed by what is owed in parentheses.
    """
    if owed is None:
        return reason or ""
    said = owed.said()
    words = str(said)
    if not reason or reason == words:
        return said
    if reason.startswith(words + "; note: "):
        return Message("{owed}; note: {note}", owed=said, note=reason[len(words) + 8 :])
    return Message("{reason} ({owed})", reason=reason, owed=said)


__all__ = ["AMOUNT_DIGITS", "AmountError", "Owed", "owed_or_none", "read_amount", "reason_said"]
