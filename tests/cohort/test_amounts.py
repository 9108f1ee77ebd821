"""Numbers beyond what an amount or a whole number can hold are CF713, never a crash.

``1e999999`` in an office list's amount column ended in ``decimal.InvalidOperation``
(exit 70), a 5000-digit whole number in ``ValueError``; ``-0`` and ``1e-999999`` were
taken as amounts. Amounts are digits with an optional point: at most 12 before it (and
15 after, rounded to fen); whole numbers within a signed 64-bit integer, what both stores keep.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from clearflow.cli import main
from clearflow.cohort._cells import CellError, read_amount, read_integer
from support import WORKFLOW_2014
from support.imports import BASE_ROSTER, dump

REFUSED_AMOUNTS = [
    "1e999999",
    "1E+30",
    "1e-999999",
    "NaN",
    "Infinity",
    "-Infinity",
    "-0",
    "+5",
    "0x10",
    "1_000",
    "9" * 5000,
    "99999999999999999999999.999",
    "1234567890123",
    "1." + "0" * 16,
]


@pytest.mark.parametrize("text", REFUSED_AMOUNTS)
def test_an_amount_out_of_bounds_is_a_cell_error(text: str) -> None:
    """Each is a CellError (CF713 in an import), never InvalidOperation or OverflowError."""
    with pytest.raises(CellError) as caught:
        read_amount(text)
    assert str(caught.value.message).startswith(f"'{text}' is ")


def test_the_bound_is_named_when_there_are_too_many_digits() -> None:
    """Digits beyond the bound say how many are allowed."""
    with pytest.raises(CellError) as caught:
        read_amount("1234567890123")
    assert (str(caught.value.message), str(caught.value.hint)) == (
        "'1234567890123' is more than an amount can hold",
        "write at most 12 digits before the point and 15 after",
    )


@pytest.mark.parametrize(
    ("text", "amount"),
    [("999,999,999,999.99", "999999999999.99"), (".5", "0.50"), ("35.300000000000004", "35.30")],
)
def test_amounts_inside_the_bound_are_read(text: str, amount: str) -> None:
    """The largest amount, a leading point and a spreadsheet's float noise are read."""
    assert str(read_amount(text)) == amount


def test_a_whole_number_fits_a_bigint() -> None:
    """A 5000-digit number is a CellError (int() would raise ValueError past 4300)."""
    assert read_integer("-" + "9" * 18) == -int("9" * 18)
    for text in ("9" * 19, "9" * 5000):
        with pytest.raises(CellError, match="is out of range"):
            read_integer(text)


def test_an_office_list_with_a_huge_amount_changes_nothing(tmp_path: Path) -> None:
    """cohort import of '1e999999' exits 1 with the located CF713; the store is as it was."""
    shutil.copy(BASE_ROSTER, tmp_path / "roster.csv")
    database = tmp_path / "class.db"
    runner = CliRunner()
    args = ["cohort", "import", str(WORKFLOW_2014), str(tmp_path / "roster.csv")]
    assert runner.invoke(main, [*args, "--db", str(database)]).exit_code == 0
    before = dump(database)
    listing = tmp_path / "library.csv"
    listing.write_text("student_id,owes,amount\n2014000001,owes,1e999999\n", encoding="utf-8")
    office = ["--office", "library", "--at", "2014-07-01 10:00"]
    result = runner.invoke(
        main, ["cohort", "import", str(WORKFLOW_2014), str(listing), "--db", str(database), *office]
    )
    assert result.exit_code == 1
    assert "internal error" not in result.output
    assert result.output.strip() == (
        f"{listing}:2:3: column 'amount': '1e999999' is not an amount of money "
        "(write a number such as 1200 or 1200.50) [CF713]"
    )
    assert dump(database) == before
