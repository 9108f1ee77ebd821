"""The staff roster model: lookups, a digest of its content, and office accounts."""

from __future__ import annotations

from clearflow.spec import Roster, StaffMember, account_office, office_account

LI = StaffMember(id="F1", name="李明", office="finance", unit="business")
WANG = StaffMember(id="F2", name="王芳", office="finance", unit="arts", role="出纳")


def test_members_are_found_by_id_and_by_office() -> None:
    """get, in, len and of_office answer from the members."""
    roster = Roster.of([WANG, LI])
    assert roster.members == (LI, WANG)
    assert roster.get("F2") is WANG
    assert roster.get("F9") is None
    assert "F1" in roster
    assert "F9" not in roster
    assert len(roster) == 2
    assert roster.of_office("finance") == (LI, WANG)
    assert roster.of_office("library") == ()


def test_the_digest_is_of_the_content_whatever_the_order_or_source() -> None:
    """Same members in another order and from another file: the same digest; a change: another."""
    digest = Roster.of([LI, WANG], source="a.csv").digest
    assert Roster.of([WANG, LI], source="b.yaml").digest == digest
    assert len(digest) == 64
    renamed = StaffMember(id="F1", name="李敏", office="finance", unit="business")
    assert Roster.of([renamed, WANG]).digest != digest


def test_an_office_account_is_office_colon_id() -> None:
    """office:<id> is the office's account; a person's id is no account."""
    assert office_account("finance") == "office:finance"
    assert account_office("office:finance") == "finance"
    assert account_office("F1") is None
