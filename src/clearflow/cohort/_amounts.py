"""What a student owes, as export cells: the ``amount`` and ``items`` columns of a report.

The amount is a number (a :class:`~decimal.Decimal` of two places): a CSV writes it as
``35.00``, a workbook as a numeric cell shown with two decimals, JSON as a number. The
items are the office's own words.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from clearflow.engine import Owed

Amount = Decimal
"""An amount of money in yuan, as a cell holds it."""
OWED_COLUMNS = ("amount", "items")
"""The columns of what is owed, last in the blocked export."""


def owed_cells(owed: Owed | None) -> tuple[Decimal | None, str | None]:
    """The amount and items cells of a row (empty when nothing is owed)."""
    return (None, None) if owed is None else (owed.amount, owed.items)


def owed_json(owed: Owed | None) -> dict[str, Any]:
    """The ``amount`` (a JSON number) and ``items`` of a row for tools, null when absent."""
    amount, items = owed_cells(owed)
    return {"amount": None if amount is None else float(amount), "items": items}


__all__ = ["OWED_COLUMNS", "Amount", "owed_cells", "owed_json"]
