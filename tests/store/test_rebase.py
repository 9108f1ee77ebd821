"""A terminal's stored case: opened or started, saved on top of another terminal's change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from clearflow import ClearflowError
from clearflow.engine._audit import Action
from clearflow.errors import ConflictError, UnknownStudentError
from clearflow.format.student import StudentRecord
from clearflow.store._rebase import open_stored_case, save_rebasing
from clearflow.store._store import Store
from support import EARLY, engine_2014, profile, staff, start


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open store of the 2014 workflow holding student 2014001."""
    with Store.open(store_url, engine_2014()) as opened:
        opened.add([start()])
        yield opened


def record(student_id: str = "2014002") -> StudentRecord:
    """A student record as a campus system would give it."""
    return StudentRecord(id=student_id, name="韩梅梅", facts=profile())


def test_a_stored_student_is_loaded(store: Store) -> None:
    """By id, or by a record of a student already stored (whose facts are not read again)."""
    assert open_stored_case(store, engine_2014(), student_id="2014001").version == 1
    changed = StudentRecord(id="2014001", facts=profile(party_member=True))
    case = open_stored_case(store, engine_2014(), student=changed)
    assert case.facts["party_member"] is False


def test_a_new_student_is_started_and_stored(store: Store) -> None:
    """A record of a student not in the store starts a case at the given time and adds it."""
    case = open_stored_case(store, engine_2014(), student=record(), at=EARLY)
    assert (case.student_id, case.version, case.events) == ("2014002", 1, [])
    assert store.load("2014002").name == "韩梅梅"
    assert store.history("2014002")[0].at == EARLY


def test_an_unknown_id_without_a_record_is_refused(store: Store) -> None:
    """Only a record can start a case."""
    with pytest.raises(UnknownStudentError) as raised:
        open_stored_case(store, engine_2014(), student_id="2014999")
    assert str(raised.value) == "no student '2014999' in workflow 'gyvtc-2014'"


def test_an_id_and_a_record_must_agree(store: Store) -> None:
    """Naming one student and giving another's record is an error, not a guess."""
    with pytest.raises(ClearflowError) as raised:
        open_stored_case(store, engine_2014(), student_id="2014001", student=record())
    assert str(raised.value) == (
        "the student id '2014001' and the student record's id '2014002' differ"
    )


def test_a_save_without_a_race_does_not_rebase(store: Store) -> None:
    """save_rebasing is save when nobody else was faster."""
    case = store.load("2014001")
    case.clear("finance_cleared", staff("finance"), at=EARLY)
    assert save_rebasing(store, case) is False
    assert (case.version, case.events) == (2, [])


def test_an_action_after_another_terminals_is_saved_on_top(store: Store) -> None:
    """The library cleared while finance held the case: finance's clear follows it."""
    finance = store.load("2014001")
    store.act("2014001", lambda case: case.clear("library_cleared", staff("library"), at=EARLY))
    finance.clear("finance_cleared", staff("finance"), at=EARLY)
    assert save_rebasing(store, finance) is True
    assert set(finance.records) == {"library_cleared", "finance_cleared"}
    assert (finance.version, finance.base_version, finance.events) == (3, 3, [])
    history = store.history("2014001")
    assert [(event.seq, event.step) for event in history] == [
        (1, None),
        (2, "library_cleared"),
        (3, "finance_cleared"),
    ]


def test_an_action_that_no_longer_applies_is_a_conflict(store: Store) -> None:
    """Two terminals clear the same step: the second learns why, and nothing is written."""
    mine = store.load("2014001")
    store.act(
        "2014001", lambda case: case.clear("library_cleared", staff("library", "L09"), at=EARLY)
    )
    mine.clear("library_cleared", staff("library"), at=EARLY)
    with pytest.raises(ConflictError) as raised:
        save_rebasing(store, mine)
    assert str(raised.value) == (
        "student '2014001' was changed by someone else meanwhile, and clear 'library_cleared' "
        "no longer applies: cannot clear 'library_cleared': already cleared on 2014-07-01 09:30 "
        "by library/L09; it was not saved"
    )
    assert raised.value.text("zh") == (
        "学生 '2014001' 的记录在此期间已被他人改动，clear 'library_cleared' 不再适用："
        "无法办结 'library_cleared'：已办结（2014-07-01 09:30，library/L09）；未保存"
    )
    assert [event.action for event in mine.events] == [Action.CLEAR]
    assert store.load("2014001").version == 2


def test_saving_gives_up_when_others_keep_winning(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case changed before every attempt is a ConflictError after the last one."""
    real_load = store.load

    def load_then_lose(student_id: str) -> object:
        fresh = real_load(student_id)
        store.act(student_id, lambda case: case.refuse("library_cleared", staff("library"), "x"))
        return fresh

    monkeypatch.setattr(store, "load", load_then_lose)
    case = real_load("2014001")
    case.clear("finance_cleared", staff("finance"), at=EARLY)
    store.act("2014001", lambda case: case.refuse("library_cleared", staff("library"), "x"))
    with pytest.raises(ConflictError) as raised:
        save_rebasing(store, case, attempts=3)
    assert str(raised.value) == (
        "student '2014001' keeps being changed by someone else; gave up saving after 3 attempts"
    )
