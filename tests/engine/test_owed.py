"""What a student owes is data: kept by a refusal, its event, snapshot and case file; said once."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from clearflow.engine import (
    Case,
    Owed,
    blockers,
    load_case,
    reason_said,
    replay,
    restore,
    save_case,
)
from clearflow.engine._snapshot import snapshot
from clearflow.errors import CaseDataError
from support import EARLY, staff, start

OWED = Owed(amount=Decimal("35"), items="2 books")
REASON = "owes 35.00 yuan; items: 2 books"


def test_an_amount_is_kept_to_fen_and_never_negative() -> None:
    """35 is 35.00; a negative, NaN or nothing at all is refused."""
    assert OWED.amount == Decimal("35.00")
    assert str(OWED.amount) == "35.00"
    for amount in (Decimal("-1"), Decimal("NaN")):
        with pytest.raises(ValueError, match="at least 0"):
            Owed(amount=amount)
    with pytest.raises(ValueError, match="needs an amount or items"):
        Owed()


def test_plain_data_round_trip() -> None:
    """The amount is exact text in JSON; absent parts are left out."""
    assert OWED.to_dict() == {"amount": "35.00", "items": "2 books"}
    assert Owed(items="图书2本").to_dict() == {"items": "图书2本"}
    assert Owed.from_dict(OWED.to_dict()) == OWED
    for bad in ({"amount": 35}, {"amount": "lots"}, {"other": "x"}, ["35"]):
        with pytest.raises((TypeError, ValueError)):
            Owed.from_dict(bad)


def test_the_reason_says_the_amount_once_in_the_readers_language() -> None:
    """A list's reason reads translated, a note as written; other words keep the amount after."""
    assert str(reason_said(REASON, OWED)) == REASON
    assert reason_said(REASON, OWED).text("zh") == "欠费 35.00 元；欠物 2 books"  # type: ignore[union-attr]
    noted = reason_said(REASON + "; note: lost in June", OWED)
    assert noted.text("zh") == "欠费 35.00 元；欠物 2 books；备注：lost in June"  # type: ignore[union-attr]
    assert str(reason_said("library fine", Owed(amount=Decimal(5)))) == (
        "library fine (owes 5.00 yuan)"
    )
    assert reason_said("2 books", None) == "2 books"


def refused_case() -> Case:
    """A case whose library refusal owes 35.00 yuan and 2 books."""
    case = start()
    case.refuse("library_cleared", staff("library"), REASON, at=EARLY, owed=OWED)
    return case


def test_a_refusal_keeps_what_is_owed_everywhere() -> None:
    """The record, the event, its JSON, the snapshot, restore and replay all keep it."""
    case = refused_case()
    assert case.records["library_cleared"].owed == OWED
    event = case.events[-1]
    assert event.owed == OWED
    assert event.to_dict()["owed"] == OWED.to_dict()
    data = json.loads(json.dumps(snapshot(case)))
    assert data["steps"]["library_cleared"]["owed"] == {"amount": "35.00", "items": "2 books"}
    restored = restore(case.engine, data)
    assert restored.records == case.records
    assert restored.events == case.events
    replayed = replay(case.engine, case.student_id, case.events, case.name)
    assert replayed.records == case.records


def test_a_clearance_after_the_refusal_owes_nothing() -> None:
    """Clearing the step replaces the refusal: its record owes nothing."""
    case = refused_case()
    case.clear("library_cleared", staff("library"), at=EARLY)
    assert case.records["library_cleared"].owed is None


def test_the_case_file_keeps_it_and_old_files_still_load(tmp_path: Path) -> None:
    """A case file round-trips what is owed; a file written before amounts has none."""
    case = refused_case()
    path = tmp_path / "case.json"
    save_case(path, case)
    assert load_case(path, case.engine).records == case.records
    text = path.read_text(encoding="utf-8").replace(
        ', "owed": {"amount": "35.00", "items": "2 books"}', ""
    )
    assert '"owed"' not in text
    path.write_text(text, encoding="utf-8")
    loaded = load_case(path, case.engine)
    assert loaded.records["library_cleared"].owed is None
    assert loaded.events[-1].owed is None
    assert loaded.events[-1].reason == REASON


def test_a_malformed_amount_in_a_case_file_is_located(tmp_path: Path) -> None:
    """A hand-edited amount that is no amount is a CaseDataError naming the field."""
    case = refused_case()
    path = tmp_path / "case.json"
    save_case(path, case)
    text = path.read_text(encoding="utf-8").replace('"35.00"', '"1e999999"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseDataError) as caught:
        load_case(path, case.engine)
    assert "owed: expected an object of an amount" in str(caught.value)


def test_the_blocker_carries_and_describes_it() -> None:
    """Blocker.owed is the record's; describe says the amount once, in zh as 欠费 … 元."""
    (blocker,) = [b for b in blockers(refused_case()) if b.step.id == "library_cleared"]
    assert blocker.owed == OWED
    zh = blocker.describe("zh", where=False)
    assert "欠费 35.00 元；欠物 2 books" in zh
    assert zh.count("35.00") == 1
    en = blocker.describe("en", where=False)
    assert en.count("35.00") == 1
    assert REASON in en
