"""One student's case: documents, applicability, refusals, order, deadlines and release."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections.abc import Callable
from typing import cast

import attrs
import pytest

from clearflow import load_workflow_text
from clearflow.engine import (
    PREPARING,
    READY,
    RELEASED,
    Action,
    Case,
    Engine,
    Event,
    StepRecord,
    StepStatus,
    blockers,
    snapshot,
)
from clearflow.errors import ActionError, NotPermittedError
from support import (
    EARLY,
    HALL_DAY,
    at,
    drive,
    engine_2014,
    ids,
    profile,
    settle_prerequisites,
    staff,
    start,
)

PREREQUISITES_2014 = (
    "finance_cleared, student_aid_cleared, logistics_cleared, dormitory_cleared, "
    "academic_affairs_cleared, library_cleared"
)


# -- documents -------------------------------------------------------------------


def test_party_member_with_agreement_gets_three_documents() -> None:
    """A graduating Party member with an employment agreement gets certificate, letter, dispatch."""
    case = start(profile(party_member=True, employment_agreement=True))
    documents = drive(case)
    assert ids(documents) == (
        "graduation_certificate",
        "membership_transfer_letter",
        "dispatch_certificate",
    )
    assert case.documents == ids(documents)
    assert case.phase == RELEASED
    assert case.is_released


def test_membership_held_by_branch_gives_no_transfer_letter() -> None:
    """party_transfer cleared as held_by_branch gives no membership transfer letter."""
    case = start(profile(party_member=True, employment_agreement=True))
    documents = drive(case, outcomes={"party_transfer": "held_by_branch"})
    assert ids(documents) == ("graduation_certificate", "dispatch_certificate")
    assert case.records["party_transfer"].outcome == "held_by_branch"


def test_league_member_gets_the_transfer_letter() -> None:
    """A League member whose transfer is cleared (no declared outcomes) gets the letter."""
    case = start(profile(league_member=True))
    assert ids(drive(case)) == ("graduation_certificate", "membership_transfer_letter")
    assert case.outcomes() == {
        step.id: "cleared" for step in case.engine.workflow.steps if step.id != "party_transfer"
    }


def test_student_who_cannot_graduate_gets_the_completion_certificate() -> None:
    """Without complete credits the student gets the completion certificate, never both."""
    case = start(profile(credits_complete=False))
    documents = drive(case)
    assert ids(documents) == ("completion_certificate",)
    assert [d.id for d in documents if d.group == "certificate"] == ["completion_certificate"]


def test_graduating_student_never_gets_the_completion_certificate() -> None:
    """With complete credits the student gets the graduation certificate only."""
    assert ids(drive(start(profile()))) == ("graduation_certificate",)


def test_household_moving_gives_the_migration_certificate() -> None:
    """A student moving household registration gets the household migration certificate."""
    assert ids(drive(start(profile(household_moving=True)))) == (
        "graduation_certificate",
        "household_migration_certificate",
    )


def test_expected_documents_follow_recorded_outcomes() -> None:
    """Before release, the expected documents already reflect the outcomes recorded so far."""
    case = start(profile(party_member=True))
    assert ids(case.expected_documents()) == ("graduation_certificate",)
    case.clear("party_transfer", staff("party_branch"), outcome="transferred", at=EARLY)
    assert ids(case.expected_documents()) == (
        "graduation_certificate",
        "membership_transfer_letter",
    )


# -- applicability ---------------------------------------------------------------


def test_step_that_does_not_apply_cannot_be_cleared() -> None:
    """party_transfer does not apply to a non-member and cannot be cleared for them."""
    case = start(profile())
    assert case.status("party_transfer") is StepStatus.NOT_APPLICABLE
    with pytest.raises(ActionError) as caught:
        case.clear("party_transfer", staff("party_branch"), at=EARLY)
    assert str(caught.value) == "cannot clear 'party_transfer': it does not apply to 张三 (2014001)"


def test_step_that_does_not_apply_does_not_block() -> None:
    """A non-member enters the hall once the other prerequisites are cleared."""
    case = start(profile())
    settle_prerequisites(case)
    assert case.phase == "checklist_issued"
    assert "party_transfer" not in case.records
    assert all(blocker.step.id != "party_transfer" for blocker in blockers(case))


def test_step_that_applies_blocks_until_settled() -> None:
    """For a Party member, party_transfer holds the student before the hall."""
    case = start(profile(party_member=True))
    for step in case.engine.prerequisites:
        if step.id != "party_transfer" and case.status(step.id) is StepStatus.PENDING:
            case.clear(step.id, staff(step.office), at=EARLY)
    assert case.phase == PREPARING
    assert [blocker.step.id for blocker in blockers(case)] == ["party_transfer"]
    case.clear("party_transfer", staff("party_branch"), at=EARLY)
    assert case.phase == "checklist_issued"


# -- refusal ---------------------------------------------------------------------


def test_refused_step_can_be_cleared_later() -> None:
    """A refusal records the reason and blocks; a later clearance settles the step."""
    case = start(profile())
    case.refuse("finance_cleared", staff("finance", "F07"), "  tuition unpaid  ", at=at(7, 2))
    record = case.records["finance_cleared"]
    assert case.status("finance_cleared") is StepStatus.REFUSED
    assert (record.reason, record.staff) == ("tuition unpaid", "F07")
    refused = [b for b in blockers(case) if b.step.id == "finance_cleared"]
    assert [b.describe("en") for b in refused] == [
        "Finance Office: tuition unpaid — refused 2014-07-02 10:00 by staff F07"
    ]
    case.clear("finance_cleared", staff("finance", "F08"), note="paid in cash", at=at(7, 3))
    assert case.status("finance_cleared") is StepStatus.CLEARED
    assert all(b.step.id != "finance_cleared" for b in blockers(case))
    assert [(e.action, e.step, e.reason, e.staff) for e in case.events[1:]] == [
        (Action.REFUSE, "finance_cleared", "tuition unpaid", "F07"),
        (Action.CLEAR, "finance_cleared", "paid in cash", "F08"),
    ]


def test_refusal_needs_a_reason() -> None:
    """Refusing without a reason is an error that changes nothing."""
    case = start(profile())
    before = snapshot(case)
    with pytest.raises(ActionError) as caught:
        case.refuse("library_cleared", staff("library"), "   ", at=EARLY)
    assert str(caught.value) == "cannot refuse 'library_cleared' without a reason"
    assert snapshot(case) == before


# -- permission ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("act", "message"),
    [
        (
            lambda case: case.clear("finance_cleared", staff("library"), at=EARLY),
            "cannot clear 'finance_cleared': it belongs to office 'finance', not 'library'",
        ),
        (
            lambda case: case.refuse("finance_cleared", staff("library"), "no", at=EARLY),
            "cannot refuse 'finance_cleared': it belongs to office 'finance', not 'library'",
        ),
        (
            lambda case: case.waive("finance_cleared", staff("library"), "no", at=EARLY),
            "cannot waive 'finance_cleared': it belongs to office 'finance', not 'library'",
        ),
    ],
)
def test_another_office_cannot_act(act: Callable[[Case], object], message: str) -> None:
    """An office acting on another office's step is refused and nothing changes."""
    case = start(profile())
    case.refuse("finance_cleared", staff("finance"), "tuition unpaid", at=EARLY)
    before = snapshot(case)
    with pytest.raises(NotPermittedError) as caught:
        act(case)
    assert str(caught.value) == message
    assert snapshot(case) == before


def test_refusals_read_in_chinese() -> None:
    """A refusal names the action in the staff's words in Chinese; ids stay as written."""
    case = start(profile())
    with pytest.raises(NotPermittedError) as not_theirs:
        case.waive("finance_cleared", staff("library"), "no", at=EARLY)
    assert not_theirs.value.text("zh") == (
        "无法免办 'finance_cleared'：该环节由部门 'finance' 办理，不归 'library'"
    )
    with pytest.raises(ActionError) as caught:
        case.clear("checklist_issued", staff("department"), at=EARLY)
    assert caught.value.text("zh") == (
        f"暂不能办结 'checklist_issued'：前期工作未完成：{PREREQUISITES_2014}"
    )
    case.clear("library_cleared", staff("library", "L03"), at=EARLY)
    with pytest.raises(ActionError) as caught:
        case.refuse("library_cleared", staff("library"), "late", at=EARLY)
    when = f"{EARLY:%Y-%m-%d %H:%M}"
    assert caught.value.text("zh") == (f"无法退回 'library_cleared'：已办结（{when}，library/L03）")
    assert str(caught.value) == (
        f"cannot refuse 'library_cleared': already cleared on {when} by library/L03"
    )


# -- order -----------------------------------------------------------------------


def test_station_waits_for_the_prerequisites() -> None:
    """A station cannot be cleared before the prerequisites, and the error names them."""
    case = start(profile())
    with pytest.raises(ActionError) as caught:
        case.clear("checklist_issued", staff("department"), at=EARLY)
    assert str(caught.value) == (
        f"cannot clear 'checklist_issued' yet: prerequisites: {PREREQUISITES_2014}"
    )


def test_station_waits_for_the_earlier_stations() -> None:
    """Station 3 cannot be cleared before stations 1 and 2, and the error names them."""
    case = start(profile())
    settle_prerequisites(case)
    before = snapshot(case)
    with pytest.raises(ActionError) as caught:
        case.clear("card_and_dormitory", staff("student_affairs"), at=HALL_DAY)
    assert str(caught.value) == (
        "cannot clear 'card_and_dormitory' yet: first: checklist_issued, fees_confirmed"
    )
    assert snapshot(case) == before
    case.clear("checklist_issued", staff("department"), at=HALL_DAY)
    with pytest.raises(ActionError) as caught:
        case.clear("card_and_dormitory", staff("student_affairs"), at=HALL_DAY)
    assert str(caught.value) == "cannot clear 'card_and_dormitory' yet: first: fees_confirmed"


@pytest.mark.parametrize("verb", ["refuse", "waive"])
def test_stations_are_refused_and_waived_in_order_too(verb: str) -> None:
    """A later station can neither be refused nor waived while the student is not there."""
    case = start(profile())
    before = snapshot(case)
    act = case.refuse if verb == "refuse" else case.waive
    with pytest.raises(ActionError) as caught:
        act("card_and_dormitory", staff("student_affairs"), "absent", at=EARLY)
    assert str(caught.value) == (
        f"cannot {verb} 'card_and_dormitory' yet: prerequisites: {PREREQUISITES_2014}"
    )
    assert snapshot(case) == before


def test_stations_advance_one_by_one() -> None:
    """Each cleared station moves the case to the next, and the last one to ready."""
    case = start(profile())
    settle_prerequisites(case)
    phases = [case.phase]
    for station in case.engine.stations:
        case.clear(station.id, staff(station.office), at=HALL_DAY)
        phases.append(case.phase)
    assert phases == [*(s.id for s in case.engine.stations), READY]


def test_waived_station_lets_the_student_move_on() -> None:
    """Waiving the current station passes it like a clearance."""
    case = start(profile())
    settle_prerequisites(case)
    case.waive("checklist_issued", staff("department"), "checklist sent by mail", at=HALL_DAY)
    assert case.phase == "fees_confirmed"
    assert case.status("checklist_issued") is StepStatus.WAIVED


# -- deadlines -------------------------------------------------------------------


def test_blocking_deadline_refuses_a_late_clearance() -> None:
    """finance_cleared after 2014-07-04 is refused (fees_due is late: block)."""
    case = start(profile())
    before = snapshot(case)
    with pytest.raises(ActionError) as caught:
        case.clear("finance_cleared", staff("finance"), at=at(7, 5, 0, 0))
    assert str(caught.value) == (
        "cannot clear 'finance_cleared': deadline 'fees_due' (2014-07-04) has passed; "
        "office 'finance' may waive the step instead"
    )
    assert snapshot(case) == before


def test_blocking_deadline_counts_the_last_day_in_the_workflow_zone() -> None:
    """Clearing at 23:59 local on the due day is on time, even when given in UTC."""
    case = start(profile())
    event = case.clear("finance_cleared", staff("finance"), at=at(7, 4, 23, 59))
    assert not event.late
    other = start(profile())
    with pytest.raises(ActionError, match="has passed"):
        # 2014-07-04 16:30 UTC is 2014-07-05 00:30 in Asia/Shanghai.
        other.clear("finance_cleared", staff("finance"), at=at(7, 5, 0, 30).astimezone(dt.UTC))


def test_finance_may_waive_a_step_past_its_blocking_deadline() -> None:
    """The finance office can waive finance_cleared after the deadline refused clearing it."""
    case = start(profile())
    event = case.waive("finance_cleared", staff("finance"), "paid by bank transfer", at=at(7, 8))
    assert case.status("finance_cleared") is StepStatus.WAIVED
    assert (event.action, event.reason) == (Action.WAIVE, "paid by bank transfer")


def test_flagging_deadline_records_a_late_clearance() -> None:
    """library_cleared after 2014-07-04 is cleared and flagged late on record and event."""
    case = start(profile())
    event = case.clear("library_cleared", staff("library"), at=at(7, 5))
    assert case.status("library_cleared") is StepStatus.CLEARED
    assert case.records["library_cleared"].late
    assert event.late
    on_time = case.clear("logistics_cleared", staff("logistics"), at=at(7, 4))
    assert not on_time.late
    assert not case.records["logistics_cleared"].late


# -- release ---------------------------------------------------------------------


def test_release_is_refused_before_ready() -> None:
    """Documents cannot be released while steps are open; the error lists them."""
    case = start(profile())
    settle_prerequisites(case)
    case.clear("checklist_issued", staff("department"), at=HALL_DAY)
    before = snapshot(case)
    with pytest.raises(ActionError) as caught:
        case.release(staff("department"), at=HALL_DAY)
    assert str(caught.value) == (
        "cannot release: not every step is settled; still open: fees_confirmed, "
        "card_and_dormitory, employment_registered, pass_and_household, checklist_returned"
    )
    assert snapshot(case) == before


def test_release_is_refused_for_an_office_that_hands_over_nothing() -> None:
    """The library hands over no document, so it cannot release them."""
    case = start(profile())
    drive(case, release=False)
    assert case.phase == READY
    before = snapshot(case)
    with pytest.raises(NotPermittedError) as caught:
        case.release(staff("library"), at=HALL_DAY)
    assert str(caught.value) == (
        "cannot release: office 'library' does not hand over documents "
        "(offices that do: department, employment, party_branch, security)"
    )
    assert snapshot(case) == before


def test_release_is_refused_twice() -> None:
    """Documents released once cannot be released again."""
    case = start(profile())
    drive(case)
    before = snapshot(case)
    with pytest.raises(ActionError) as caught:
        case.release(staff("department"), at=HALL_DAY)
    assert str(caught.value) == "cannot release: documents were already released to 张三 (2014001)"
    assert snapshot(case) == before


def test_release_records_one_event_with_the_documents() -> None:
    """Release appends one event naming the documents handed over."""
    case = start(profile(employment_agreement=True))
    drive(case, release=False)
    case.release(staff("employment", "E02"), at=HALL_DAY)
    event = case.events[-1]
    assert (event.action, event.office, event.staff, event.at) == (
        Action.RELEASE,
        "employment",
        "E02",
        HALL_DAY,
    )
    assert event.documents == ("graduation_certificate", "dispatch_certificate")


# -- errors never change the case --------------------------------------------------


def released_case() -> Case:
    """A case whose documents were released."""
    case = start(profile())
    drive(case)
    return case


def hall_case() -> Case:
    """A case at the first station, with library_cleared cleared."""
    case = start(profile(party_member=True))
    settle_prerequisites(case)
    return case


ERRORS: list[tuple[Callable[[], Case], Callable[[Case], object], str]] = [
    (
        hall_case,
        lambda c: c.clear("libary_cleared", staff("library"), at=HALL_DAY),
        "unknown step 'libary_cleared' (did you mean 'library_cleared'?)",
    ),
    (
        hall_case,
        lambda c: c.clear("library_cleared", staff("library"), at=HALL_DAY),
        "cannot clear 'library_cleared': already cleared on 2014-07-01 09:30 by library/S01",
    ),
    (
        hall_case,
        lambda c: c.waive("library_cleared", staff("library"), "lost", at=HALL_DAY),
        "cannot waive 'library_cleared': already cleared on 2014-07-01 09:30 by library/S01",
    ),
    (
        lambda: start(profile(party_member=True)),
        lambda c: c.clear("party_transfer", staff("party_branch"), outcome="moved", at=EARLY),
        "cannot clear 'party_transfer': unknown outcome 'moved'; "
        "allowed: transferred, held_by_branch",
    ),
    (
        lambda: start(profile()),
        lambda c: c.clear("library_cleared", staff("library"), outcome="moved", at=EARLY),
        "cannot clear 'library_cleared': unknown outcome 'moved'; "
        "allowed: none (clear it without an outcome)",
    ),
    (
        lambda: start(profile()),
        lambda c: c.waive("library_cleared", staff("library"), "", at=EARLY),
        "cannot waive 'library_cleared' without a reason",
    ),
    (
        released_case,
        lambda c: c.refuse("library_cleared", staff("library"), "books", at=HALL_DAY),
        "cannot refuse 'library_cleared': documents were already released",
    ),
    (
        released_case,
        lambda c: c.clear("checklist_returned", staff("department"), at=HALL_DAY),
        "cannot clear 'checklist_returned': documents were already released",
    ),
]


@pytest.mark.parametrize(("make", "act", "message"), ERRORS)
def test_action_error_never_changes_the_case(
    make: Callable[[], Case], act: Callable[[Case], object], message: str
) -> None:
    """A refused action raises ActionError with its message and leaves the case as it was."""
    case = make()
    before = snapshot(case)
    with pytest.raises(ActionError) as caught:
        act(case)
    assert str(caught.value) == message
    assert snapshot(case) == before


# -- a partial order without stations ---------------------------------------------

PARTIAL_ORDER = """\
clearflow: 1
id: partial-order
title: {en: Partial order without stations}
timezone: Asia/Shanghai
offices:
  registry: {en: Registry}
  library: {en: Library}
  finance: {en: Finance}
  alumni: {en: Alumni Office}
prerequisites:
  - {id: a, office: registry, en: Supervisor approval}
  - {id: b, office: library, after: [a], en: Books returned}
  - {id: c, office: registry, after: all, en: Card cancelled}
  - {id: d, office: finance, en: Fees paid}
  - {id: survey, office: alumni, required: false, en: Alumni survey}
documents:
  - {id: diploma, office: registry, en: Diploma}
"""


@pytest.fixture(scope="module")
def partial() -> Engine:
    """An engine for a workflow with a partial order, an optional step and no stations."""
    return Engine(load_workflow_text(PARTIAL_ORDER, "partial-order.yaml"))


def orders_allowed() -> list[tuple[str, ...]]:
    """Every order of a, b, d with a before b, then c last."""
    return [
        (*order, "c")
        for order in itertools.permutations("abd")
        if order.index("a") < order.index("b")
    ]


@pytest.mark.parametrize("order", orders_allowed(), ids="".join)
def test_steps_work_in_any_allowed_order(partial: Engine, order: tuple[str, ...]) -> None:
    """Every order the partial order allows reaches ready, with c last."""
    case = partial.start("p1", {}, at=EARLY)
    for step_id in order:
        assert case.phase == PREPARING
        case.clear(step_id, staff(partial.steps[step_id].office), at=EARLY)
    assert case.phase == READY
    assert [event.step for event in case.events[1:]] == list(order)


def test_step_waits_for_its_after_steps(partial: Engine) -> None:
    """b cannot be cleared before a; the error names a."""
    case = partial.start("p1", {}, at=EARLY)
    with pytest.raises(ActionError) as caught:
        case.clear("b", staff("library"), at=EARLY)
    assert str(caught.value) == "cannot clear 'b' yet: prerequisites: a"


def test_step_after_all_comes_last(partial: Engine) -> None:
    """c waits for every other required step, but not for the optional one."""
    case = partial.start("p1", {}, at=EARLY)
    with pytest.raises(ActionError) as caught:
        case.clear("c", staff("registry"), at=EARLY)
    assert str(caught.value) == "cannot clear 'c' yet: prerequisites: a, b, d"
    case.clear("a", staff("registry"), at=EARLY)
    case.clear("d", staff("finance"), at=EARLY)
    with pytest.raises(ActionError) as caught:
        case.clear("c", staff("registry"), at=EARLY)
    assert str(caught.value) == "cannot clear 'c' yet: prerequisites: b"


def test_optional_step_never_blocks(partial: Engine) -> None:
    """An open optional step neither blocks the student nor holds up release."""
    case = partial.start("p1", {}, at=EARLY)
    for step_id in "abdc":
        case.clear(step_id, staff(partial.steps[step_id].office), at=EARLY)
    assert case.status("survey") is StepStatus.PENDING
    assert not case.is_required("survey")
    assert blockers(case) == ()
    assert ids(case.release(staff("registry"), at=HALL_DAY)) == ("diploma",)


def test_optional_step_can_still_be_cleared(partial: Engine) -> None:
    """A student may do an optional step at any time before release."""
    case = partial.start("p1", {}, at=EARLY)
    case.clear("survey", staff("alumni"), at=EARLY)
    assert case.status("survey") is StepStatus.CLEARED
    assert case.phase == PREPARING


def test_workflow_without_stations_goes_from_preparing_to_ready(partial: Engine) -> None:
    """Without stations the phases are preparing, ready and released."""
    assert partial.phases == (PREPARING, READY, RELEASED)
    case = partial.start("p1", {}, at=EARLY)
    for step_id in "adbc":
        case.clear(step_id, staff(partial.steps[step_id].office), at=EARLY)
    case.release(staff("registry"), at=HALL_DAY)
    assert case.phase == RELEASED
    assert case.documents == ("diploma",)


# -- shared, read-only parts -------------------------------------------------------


def test_facts_are_read_only_and_shared_by_cases_with_the_same_facts() -> None:
    """A case's facts never change after the start; equal facts are one shared object."""
    engine = engine_2014()
    first = start(profile(party_member=True), engine=engine, student_id="2014001")
    second = start(profile(party_member=True), engine=engine, student_id="2014002")
    other = start(profile(party_member=False), engine=engine, student_id="2014003")
    assert first.facts is second.facts
    assert first.facts is not other.facts
    assert first.facts == profile(party_member=True) | {
        "league_member": False,
        "employment_agreement": False,
        "household_moving": False,
    }
    facts = cast("dict[str, object]", first.facts)  # as a caller ignoring the type would
    with pytest.raises(TypeError, match="read-only"):
        facts["party_member"] = False
    with pytest.raises(TypeError, match="read-only"):
        facts.update(party_member=False)
    copied = dict(first.facts)
    copied["party_member"] = False  # a copy is a plain, writable dict
    assert first.facts["party_member"] is True
    assert copy.deepcopy(first.facts) == first.facts
    assert first.events[0].facts == first.facts
    assert type(first.events[0].facts) is dict


def test_records_and_events_are_immutable_and_equal_to_ones_built_by_hand() -> None:
    """The fast construction gives the same frozen attrs objects as the classes' __init__."""
    case = start(profile())
    event = case.clear("finance_cleared", staff("finance"), note="paid", at=EARLY)
    record = case.records["finance_cleared"]
    assert type(event) is Event
    assert type(record) is StepRecord
    assert record == StepRecord(
        status=StepStatus.CLEARED, office="finance", staff="S01", at=EARLY, reason="paid"
    )
    assert event == attrs.evolve(event, seq=event.seq)
    assert event == Event(**attrs.asdict(event, recurse=False))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        record.status = StepStatus.REFUSED  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.seq = 99  # type: ignore[misc]
