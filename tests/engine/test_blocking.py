"""Blockers: what holds a student back now, and why, in the student's and staff's terms."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearflow import load_workflow_text
from clearflow.engine import Action, Blocker, Case, Engine, StepStatus, blockers
from clearflow.errors import ClearflowError
from support import EARLY, HALL_DAY, at, drive, profile, settle_prerequisites, staff, start


def refused_at_library() -> Case:
    """A case whose library step was refused on the hall day by staff L03."""
    case = start(profile())
    case.refuse("library_cleared", staff("library", "L03"), "2 books not returned", at=HALL_DAY)
    return case


def blocker_for(case: Case, step_id: str, today: dt.date | None = None) -> Blocker:
    """The one blocker of a step."""
    (found,) = [b for b in blockers(case, today) if b.step.id == step_id]
    return found


# -- before the hall -----------------------------------------------------------------


def test_blockers_before_the_hall_list_every_open_required_prerequisite() -> None:
    """Before the hall, every open applicable prerequisite blocks, in procedure order."""
    case = start(profile(party_member=True))
    assert [b.step.id for b in blockers(case)] == [
        "party_transfer",
        "finance_cleared",
        "student_aid_cleared",
        "logistics_cleared",
        "dormitory_cleared",
        "academic_affairs_cleared",
        "library_cleared",
    ]
    assert {b.status for b in blockers(case)} == {StepStatus.PENDING}


def test_settled_prerequisites_no_longer_block() -> None:
    """Cleared and waived prerequisites drop out of the blockers."""
    case = start(profile())
    case.clear("library_cleared", staff("library"), at=EARLY)
    case.waive("finance_cleared", staff("finance"), "fee remitted", at=EARLY)
    assert [b.step.id for b in blockers(case)] == [
        "student_aid_cleared",
        "logistics_cleared",
        "dormitory_cleared",
        "academic_affairs_cleared",
    ]


def test_refused_step_stays_a_blocker_with_its_reason() -> None:
    """A refused prerequisite blocks, carrying the reason, the staff member and the time."""
    blocker = blocker_for(refused_at_library(), "library_cleared")
    assert blocker.status is StepStatus.REFUSED
    assert (blocker.reason, blocker.staff, blocker.at) == ("2 books not returned", "L03", HALL_DAY)
    assert blocker.waiting_for == ()


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (None, "图书馆 / Library: 2 books not returned — refused 2014-07-10 10:42 by staff L03"),
        ("en", "Library: 2 books not returned — refused 2014-07-10 10:42 by staff L03"),
        ("zh", "图书馆：2 books not returned — 2014-07-10 10:42 由 L03 退回"),
    ],
)
def test_refused_blocker_text(lang: str | None, text: str) -> None:
    """A refused step reads as office, reason, when and by whom, in both or one language."""
    assert blocker_for(refused_at_library(), "library_cleared").describe(lang) == text


def test_refusal_time_is_shown_in_the_workflow_zone() -> None:
    """A refusal recorded in UTC is shown in the workflow's local time."""
    case = start(profile())
    utc = dt.datetime(2014, 7, 10, 2, 42, tzinfo=dt.UTC)
    case.refuse("library_cleared", staff("library", "L03"), "2 books not returned", at=utc)
    assert blocker_for(case, "library_cleared").describe("en") == (
        "Library: 2 books not returned — refused 2014-07-10 10:42 by staff L03"
    )


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (None, "图书馆 / Library: pending: Cleared at the Library"),
        ("en", "Library: pending: Cleared at the Library"),
        ("zh", "图书馆：待办理：图书馆结清"),
    ],
)
def test_pending_blocker_text(lang: str | None, text: str) -> None:
    """A pending step reads as office and the step's label."""
    assert blocker_for(start(profile()), "library_cleared").describe(lang) == text


# -- waiting for other steps -------------------------------------------------------

CHAIN = """\
clearflow: 1
id: chain
title: {en: Chain}
offices:
  supervisor: {zh: 导师, en: Supervisor}
  library: {zh: 图书馆, en: Library}
prerequisites:
  - {id: approval, office: supervisor, zh: 导师签字, en: Supervisor approval}
  - {id: books, office: library, after: [approval], zh: 归还图书, en: Books returned}
documents:
  - {id: slip, office: library, en: Leaving slip}
"""


def test_blocker_says_what_a_step_waits_for() -> None:
    """A prerequisite with open `after:` steps names them as what it waits for."""
    engine = Engine(load_workflow_text(CHAIN, "chain.yaml"))
    case = engine.start("p1", {}, at=EARLY)
    blocker = blocker_for(case, "books")
    assert blocker.waiting_for == ("approval",)
    assert blocker.describe() == "图书馆 / Library: waiting for: approval"
    assert blocker.describe("zh") == "图书馆：须先完成：approval"
    case.clear("approval", staff("supervisor"), at=EARLY)
    assert blocker_for(case, "books").describe("en") == "Library: pending: Books returned"


# -- in the hall and after -------------------------------------------------------------


def test_in_the_hall_only_the_current_station_blocks() -> None:
    """In the hall, the only blocker is the station the student stands at."""
    case = start(profile())
    settle_prerequisites(case)
    (first,) = blockers(case)
    assert first.step.id == "checklist_issued"
    assert (
        first.describe() == "分院、系部 / Department: pending: Blank clearance checklist handed out"
        " — First-floor hall of the library · 2014-07-10 Thu 9:00–12:00"
    )
    case.clear("checklist_issued", staff("department"), at=HALL_DAY)
    assert [b.step.id for b in blockers(case)] == ["fees_confirmed"]


def test_refused_station_blocks_with_its_reason() -> None:
    """A station refused in the hall blocks with the refusal's reason."""
    case = start(profile())
    settle_prerequisites(case)
    case.refuse("checklist_issued", staff("department", "D01"), "no photo", at=HALL_DAY)
    (blocker,) = blockers(case)
    assert blocker.describe("en") == (
        "Department: no photo — refused 2014-07-10 10:42 by staff D01"
        " — First-floor hall of the library · 2014-07-10 Thu 9:00–12:00"
    )


def test_no_blockers_once_ready() -> None:
    """Once every step is settled nothing blocks."""
    case = start(profile())
    drive(case, release=False)
    assert blockers(case, today=dt.date(2014, 7, 30)) == ()


def test_no_blockers_once_released() -> None:
    """After release nothing blocks."""
    case = start(profile())
    drive(case)
    assert blockers(case, today=dt.date(2014, 7, 30)) == ()


# -- overdue ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (None, None),
        (dt.date(2014, 7, 3), None),
        (dt.date(2014, 7, 4), None),
        (dt.date(2014, 7, 5), dt.date(2014, 7, 4)),
    ],
)
def test_overdue_only_after_the_due_date(today: dt.date | None, overdue: dt.date | None) -> None:
    """overdue_since appears only when today is after the step's due date."""
    assert blocker_for(start(profile()), "library_cleared", today).overdue_since == overdue


def test_overdue_blocker_text() -> None:
    """An overdue step says since when, in English and Chinese."""
    blocker = blocker_for(refused_at_library(), "library_cleared", dt.date(2014, 7, 10))
    assert blocker.describe("en") == (
        "Library: 2 books not returned — refused 2014-07-10 10:42 by staff L03 "
        "(overdue since 2014-07-04)"
    )
    assert blocker.describe("zh") == (
        "图书馆：2 books not returned — 2014-07-10 10:42 由 L03 退回（2014-07-04 已逾期）"
    )


def test_station_without_due_date_is_never_overdue() -> None:
    """A step without a deadline is never overdue, however late."""
    case = start(profile())
    settle_prerequisites(case, when=at(7, 3))
    (blocker,) = blockers(case, today=dt.date(2014, 12, 31))
    assert blocker.overdue_since is None


# -- advice on the order (advised_after:) -----------------------------------------------

ADVISED = """\
clearflow: 1
id: advised
title: Advised
facts:
  boarder: {type: bool, default: true, en: Boards at the college}
offices:
  finance: {zh: 计划财务处, en: Finance Office}
  library: {zh: 图书馆, en: Library}
  dormitory: {zh: 学生公寓管理中心, en: Student Apartment Centre}
prerequisites:
  - {id: library_cleared, office: library, zh: 归还图书, en: Books returned}
  - {id: dormitory_checkout, office: dormitory, when: boarder, zh: 退宿, en: Moved out}
  - {id: finance_cleared, office: finance, advised_after: [library_cleared, dormitory_checkout],
     zh: 缴清各项费用, en: Fees paid}
documents:
  - {id: leaving_slip, zh: 离校单, en: Leaving slip}
"""


def advised_case(**facts: bool) -> Case:
    """A case of the small advised workflow."""
    engine = Engine(load_workflow_text(ADVISED, "advised.yaml"))
    return engine.start("2025010101", dict(facts), at=EARLY)


def test_advice_is_never_a_refusal() -> None:
    """Finance clears before the steps it is best done after: the engine records it."""
    case = advised_case()
    case.clear("finance_cleared", staff("finance"), at=EARLY)
    assert case.status("finance_cleared") is StepStatus.CLEARED


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "Finance Office: pending: Fees paid (best after: Books returned, Moved out)"),
        ("zh", "计划财务处：待办理：缴清各项费用（建议先办理：归还图书、退宿）"),
    ],
)
def test_a_pending_step_carries_its_advice_as_a_hint(lang: str, line: str) -> None:
    """The hint names the advised steps not done yet by their labels, in the reader's language."""
    assert blocker_for(advised_case(), "finance_cleared").describe(lang) == line


def test_advice_done_or_not_applicable_is_no_longer_given() -> None:
    """A cleared, waived or not applicable advised step drops out of the hint; a refused one
    stays (it is not done)."""
    case = advised_case(boarder=False)
    case.refuse("library_cleared", staff("library"), "2 books not returned", at=EARLY)
    assert blocker_for(case, "finance_cleared").describe("en") == (
        "Finance Office: pending: Fees paid (best after: Books returned)"
    )
    case.waive("library_cleared", staff("library"), "books paid for", at=EARLY)
    assert blocker_for(case, "finance_cleared").describe("en") == (
        "Finance Office: pending: Fees paid"
    )
    assert blocker_for(case, "finance_cleared").advised == ()


def test_a_refused_step_gives_its_refusal_not_the_advice() -> None:
    """The refusal is what the student must act on; the advice stays on the blocker."""
    case = advised_case()
    case.refuse("finance_cleared", staff("finance", "F02"), "fees unpaid", at=EARLY)
    blocker = blocker_for(case, "finance_cleared")
    assert [step.id for step in blocker.advised] == ["library_cleared", "dormitory_checkout"]
    assert "best after" not in blocker.describe("en")


ADVISED_EXAMPLE = Path(__file__).resolve().parents[2] / "examples/workflows/advised-order.yaml"
ACTIONS = [Action.CLEAR, Action.REFUSE, Action.WAIVE, Action.RELEASE]


def outcome_of(case: Case, action: Action, step: str, when: dt.datetime) -> str:
    """Take one action; what it did: the refusal's text, or the step's status after it."""
    office = case.engine.steps[step].office if action is not Action.RELEASE else "department"
    try:
        case.perform(action, step, staff(office), reason="r", at=when)
    except ClearflowError as error:
        return f"{type(error).__name__}: {error}"
    return str(case.status(step)) if action is not Action.RELEASE else "released"


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(ACTIONS),
            st.sampled_from(
                [
                    "department_signed",
                    "library_cleared",
                    "finance_cleared",
                    "dormitory_checkout",
                    "campus_card_cancelled",
                ]
            ),
        ),
        max_size=12,
    )
)
def test_advice_never_changes_what_an_action_does(actions: list[tuple[Action, str]]) -> None:
    """Any sequence of actions does the same with the advice as with it removed: advice is
    never a refusal and never a rule."""
    text = ADVISED_EXAMPLE.read_text(encoding="utf-8")
    plain = re.sub(r"^ *advised_after: .*\n", "", text, flags=re.MULTILINE)
    assert text.count("advised_after:") == 2
    assert "advised_after:" not in plain
    advised = Engine(load_workflow_text(text, "a.yaml")).start("s1", {}, at=EARLY)
    rules = Engine(load_workflow_text(plain, "b.yaml")).start("s1", {}, at=EARLY)
    for number, (action, step) in enumerate(actions):
        when = EARLY + dt.timedelta(minutes=number + 1)
        assert outcome_of(advised, action, step, when) == outcome_of(rules, action, step, when)
    assert advised.phase == rules.phase
