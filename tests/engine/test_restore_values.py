"""Values checked where a case begins or is restored: ids, outcomes, reasons, documents."""

from __future__ import annotations

from typing import Any

import pytest

from clearflow.engine import restore, snapshot
from clearflow.errors import CaseDataError, InputError
from support import drive, profile, start


def released() -> dict[str, Any]:
    """A released 2014 case (a Party member: the transfer step has outcomes), as plain data."""
    case = start(profile(party_member=True))
    drive(case)
    return snapshot(case)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("documents", [None]), "case: unknown document null in 'documents'"),
        (("documents", [True]), "case: unknown document true in 'documents'"),
        (("documents", ["diplomma"]), "case: unknown document \"diplomma\" in 'documents'"),
        (("documents", "diploma"), "case: 'documents' must be a list or null"),
        (("outcome", True), "case: step 'party_transfer' has no outcome true"),
        (("outcome", "transfered"), "case: step 'party_transfer' has no outcome \"transfered\""),
        (("reason", 5), "case: step 'party_transfer': the reason must be text"),
    ],
)
def test_a_bad_value_is_a_case_data_error(change: tuple[str, Any], message: str) -> None:
    """Each used to restore and then crash a view (KeyError: 'None', unable to render bool)."""
    data = released()
    key, value = change
    if key == "documents":
        data["documents"] = value
    else:
        data["steps"]["party_transfer"][key] = value
    with pytest.raises(CaseDataError) as raised:
        restore(start().engine, data)
    assert str(raised.value) == message


def test_good_values_restore() -> None:
    """The snapshot as taken restores to the same documents and outcomes."""
    data = released()
    case = restore(start().engine, data)
    assert list(case.documents or ()) == data["documents"]
    assert case.records["party_transfer"].outcome == data["steps"]["party_transfer"]["outcome"]


def test_a_blank_student_id_is_refused_at_start() -> None:
    """``Engine.start("   ")`` trimmed to nothing: an InputError, no case."""
    with pytest.raises(InputError, match="a student id cannot be empty"):
        start(student_id="   ")
