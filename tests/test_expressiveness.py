"""The example workflows of other colleges load and mean what their procedures say."""

from __future__ import annotations

import datetime as dt
import graphlib
from pathlib import Path

import pytest

from clearflow import Workflow, load_workflow
from clearflow.spec._graph import order_graph
from clearflow.spec._model import StepKind
from clearflow.spec.conditions import ALWAYS, FactValue

EXAMPLES = Path(__file__).parent.parent / "examples" / "workflows"

Facts = dict[str, FactValue]


def example(name: str) -> Workflow:
    """The example workflow ``examples/workflows/<name>.yaml``."""
    return load_workflow(EXAMPLES / f"{name}.yaml")


def applicable(workflow: Workflow, facts: Facts) -> set[str]:
    """The ids of the steps whose ``when:`` holds for a student."""
    return {step.id for step in workflow.steps if step.when.evaluate(facts, {})}


def released(workflow: Workflow, facts: Facts, outcomes: dict[str, str]) -> set[str]:
    """The ids of the documents whose ``when:`` holds for a student's facts and outcomes."""
    return {
        document.id for document in workflow.documents if document.when.evaluate(facts, outcomes)
    }


# -- partial-order.yaml -------------------------------------------------------


def test_partial_order_has_only_prerequisites() -> None:
    """The postgraduate procedure has no hall: every step is a prerequisite."""
    workflow = example("partial-order")
    assert workflow.stations == ()
    assert {step.kind for step in workflow.steps} == {StepKind.PREREQUISITE}


def test_supervisor_approval_precedes_every_other_step() -> None:
    """The supervisor's approval is a predecessor of every other step and follows none."""
    workflow = example("partial-order")
    graph = order_graph(workflow.steps)
    assert graph["supervisor_approval"] == set()
    others = [step.id for step in workflow.steps if step.id != "supervisor_approval"]
    assert others
    for step_id in others:
        assert "supervisor_approval" in graph[step_id], step_id


def test_campus_card_is_cancelled_after_all_other_steps() -> None:
    """The ``after: all`` step waits for every other step, and no step waits for it."""
    workflow = example("partial-order")
    graph = order_graph(workflow.steps)
    others = {step.id for step in workflow.steps} - {"campus_card_cancelled"}
    assert workflow.step("campus_card_cancelled").after_all
    assert graph["campus_card_cancelled"] == others
    assert all("campus_card_cancelled" not in before for before in graph.values())


def test_library_waits_for_the_archived_thesis() -> None:
    """An ``after:`` list of two steps makes both predecessors."""
    graph = order_graph(example("partial-order").steps)
    assert graph["library_cleared"] == {"supervisor_approval", "thesis_archived"}


def test_other_steps_are_unordered_among_themselves() -> None:
    """Steps that name only the supervisor may be done in any order."""
    graph = order_graph(example("partial-order").steps)
    for step_id in ("lab_cleared", "finance_cleared", "apartment_checkout", "thesis_archived"):
        assert graph[step_id] == {"supervisor_approval"}, step_id


def test_partial_order_sorts_supervisor_first_and_card_last() -> None:
    """Any topological order starts with the supervisor and ends with the campus card."""
    order = list(
        graphlib.TopologicalSorter(order_graph(example("partial-order").steps)).static_order()
    )
    assert order[0] == "supervisor_approval"
    assert order[-1] == "campus_card_cancelled"


# -- optional-steps.yaml ------------------------------------------------------


@pytest.mark.parametrize(
    ("agreement", "required"),
    [(True, True), (False, False)],
)
def test_destination_registration_is_required_with_an_agreement(
    agreement: bool, required: bool
) -> None:
    """Registering a destination binds students with an employment agreement only."""
    step = example("optional-steps").step("destination_registered")
    facts: Facts = {"employment_agreement": agreement, "archive_to": "employer"}
    assert step.when.evaluate(facts, {})
    assert step.required.evaluate(facts, {}) is required


@pytest.mark.parametrize(
    ("archive_to", "required"),
    [("employer", True), ("talent_centre", True), ("held_by_college", False)],
)
def test_archive_transfer_is_voluntary_when_the_college_holds_the_file(
    archive_to: str, required: bool
) -> None:
    """Sending the personal file on is required unless the college keeps it."""
    step = example("optional-steps").step("archive_transfer")
    facts: Facts = {"employment_agreement": False, "archive_to": archive_to}
    assert step.required.evaluate(facts, {}) is required


@pytest.mark.parametrize("agreement", [True, False])
@pytest.mark.parametrize("archive_to", ["employer", "talent_centre", "held_by_college"])
def test_alumni_card_is_voluntary_for_everyone(agreement: bool, archive_to: str) -> None:
    """``required: false`` applies to every student and binds none."""
    step = example("optional-steps").step("alumni_card")
    facts: Facts = {"employment_agreement": agreement, "archive_to": archive_to}
    assert step.when.evaluate(facts, {})
    assert not step.required.evaluate(facts, {})


def test_steps_without_required_bind_everyone() -> None:
    """A step that says nothing about ``required:`` is required of every student."""
    workflow = example("optional-steps")
    for step_id in ("finance_cleared", "library_cleared", "certificate_issued"):
        assert workflow.step(step_id).required == ALWAYS, step_id


# -- conditional-steps.yaml ---------------------------------------------------

_NOBODY: Facts = {
    "student_loan": "none",
    "party_member": False,
    "league_member": False,
    "household_moving": False,
}
_EVERYONE = {"finance_cleared", "certificate_issued"}


@pytest.mark.parametrize(
    ("facts", "extra"),
    [
        pytest.param({}, set(), id="no-special-case"),
        pytest.param(
            {"student_loan": "campus_based"},
            {"loan_integrity_session", "loan_repayment_agreement"},
            id="campus-loan",
        ),
        pytest.param(
            {"student_loan": "origin_based"}, {"loan_integrity_session"}, id="home-town-loan"
        ),
        pytest.param({"party_member": True}, {"party_transfer"}, id="party-member"),
        pytest.param({"league_member": True}, {"league_transfer"}, id="league-member"),
        pytest.param(
            {"party_member": True, "league_member": True}, {"party_transfer"}, id="party-and-league"
        ),
        pytest.param({"household_moving": True}, {"household_transfer"}, id="household-moving"),
        pytest.param(
            {"student_loan": "campus_based", "party_member": True, "household_moving": True},
            {
                "loan_integrity_session",
                "loan_repayment_agreement",
                "party_transfer",
                "household_transfer",
            },
            id="all-at-once",
        ),
    ],
)
def test_conditional_steps_apply_to_the_right_students(facts: Facts, extra: set[str]) -> None:
    """Each student gets the common steps plus exactly the steps their facts call for."""
    workflow = example("conditional-steps")
    assert applicable(workflow, {**_NOBODY, **facts}) == _EVERYONE | extra


def test_conditional_documents_follow_the_same_facts() -> None:
    """The membership letter and migration certificate go only to the students concerned."""
    workflow = example("conditional-steps")
    assert released(workflow, _NOBODY, {}) == {"graduation_certificate"}
    member = {**_NOBODY, "league_member": True, "household_moving": True}
    assert released(workflow, member, {}) == {
        "graduation_certificate",
        "membership_transfer_letter",
        "household_migration_certificate",
    }


# -- batches.yaml -------------------------------------------------------------


@pytest.mark.parametrize(
    ("batch", "fees", "books"),
    [
        ("june", dt.date(2024, 6, 14), dt.date(2024, 6, 19)),
        ("december", dt.date(2024, 12, 6), dt.date(2024, 12, 11)),
    ],
)
def test_each_batch_has_its_own_deadlines(batch: str, fees: dt.date, books: dt.date) -> None:
    """``Deadline.date_for`` gives each batch the date written for it."""
    workflow = example("batches")
    facts: Facts = {"batch": batch, "school": "business"}
    assert workflow.deadline("fees_due").date_for(facts) == fees
    assert workflow.deadline("books_due").date_for(facts) == books


def test_a_student_without_a_batch_has_no_deadline() -> None:
    """With no ``who``-less fallback, a student whose batch is unknown gets no date."""
    assert example("batches").deadline("fees_due").date_for({}) is None


def test_fee_deadline_blocks_late_clearance() -> None:
    """The fee deadline of both batches refuses late clearance."""
    assert example("batches").deadline("fees_due").late == "block"


@pytest.mark.parametrize(
    ("facts", "dates"),
    [
        ({"batch": "june", "school": "engineering"}, [dt.date(2024, 6, 24)]),
        ({"batch": "june", "school": "business"}, [dt.date(2024, 6, 25)]),
        ({"batch": "december", "school": "engineering"}, [dt.date(2024, 12, 18)]),
        ({"batch": "december", "school": "business"}, [dt.date(2024, 12, 18)]),
    ],
)
def test_each_batch_has_its_own_service_days(facts: Facts, dates: list[dt.date]) -> None:
    """Sessions select students by batch (and school), so each batch comes on its own days."""
    schedule = example("batches").schedule
    assert schedule is not None
    chosen = [s.date for s in schedule.sessions if s.who.condition.evaluate(facts, {})]
    assert chosen == dates


def test_december_batch_meets_in_its_own_place() -> None:
    """The December session names its own room instead of the schedule's hall."""
    schedule = example("batches").schedule
    assert schedule is not None
    (december,) = [s for s in schedule.sessions if s.date.month == 12]
    assert december.place is not None
    assert december.place.zh == "学生事务中心"
    assert schedule.place is not None
    assert schedule.place.zh == "体育馆一楼"


def test_only_deferred_students_confirm_make_up_credits() -> None:
    """The make-up credit check applies to the December batch alone."""
    step = example("batches").step("deferred_credits_confirmed")
    assert step.when.evaluate({"batch": "december"}, {})
    assert not step.when.evaluate({"batch": "june"}, {})


# -- office-hours.yaml --------------------------------------------------------


def test_finance_hours_have_a_lunch_break() -> None:
    """Two ranges on the same weekdays leave a gap from 12:00 to 14:30."""
    finance = example("office-hours").office("finance")
    morning, afternoon = finance.hours
    assert morning.days == afternoon.days == ("mon", "tue", "wed", "thu", "fri")
    assert (morning.open, morning.close) == (dt.time(8, 30), dt.time(12, 0))
    assert (afternoon.open, afternoon.close) == (dt.time(14, 30), dt.time(17, 30))
    assert morning.close < afternoon.open


def test_every_office_with_hours_closes_for_lunch() -> None:
    """On each working day an office opens, it has two ranges with a midday gap."""
    workflow = example("office-hours")
    for office in workflow.offices:
        open_days = {day for hours in office.hours for day in hours.days}
        for day in open_days & {"mon", "tue", "wed", "thu", "fri"}:
            ranges = sorted((h.open, h.close) for h in office.hours if day in h.days)
            assert len(ranges) == 2, (office.id, day)
            (_, first_close), (second_open, _) = ranges
            assert first_close < second_open, (office.id, day)


def test_hours_accept_lists_ranges_and_leading_zeros() -> None:
    """``[sat, sun]``, ``mon-sat``, ``8:00`` and ``08:00`` all read as written."""
    workflow = example("office-hours")
    weekend = workflow.office("library").hours[2]
    assert weekend.days == ("sat", "sun")
    assert (weekend.open, weekend.close) == (dt.time(9, 0), dt.time(17, 0))
    assert workflow.office("library").hours[0].open == dt.time(8, 0)
    assert workflow.office("dormitory").hours[0].days == ("mon", "tue", "wed", "thu", "fri", "sat")
    assert workflow.office("security").hours[0].days == ("tue", "thu")


@pytest.mark.parametrize(
    ("campus", "finance", "library"),
    [
        ("east", "东校区行政楼102室", "东校区图书馆总服务台"),
        ("west", "西校区综合楼一楼服务大厅", "西校区图书分馆"),
    ],
)
def test_places_select_by_campus(campus: str, finance: str, library: str) -> None:
    """Each campus's students are sent to exactly one place per office, on their campus."""
    workflow = example("office-hours")
    facts: Facts = {"campus": campus, "household_moving": False}
    found: dict[str, list[str | None]] = {}
    for office in workflow.offices:
        found[office.id] = [
            place.label.zh
            for place in office.places
            if place.who is None or place.who.condition.evaluate(facts, {})
        ]
    assert found["finance"] == [finance]
    assert found["library"] == [library]
    assert len(found["dormitory"]) == 1
    assert found["security"] == ["东校区保卫处一楼"]
    assert found["department"] == []


def test_schedule_hours_have_a_lunch_break_too() -> None:
    """The hall's hours are two ranges, and no session runs across the gap."""
    schedule = example("office-hours").schedule
    assert schedule is not None
    morning, afternoon = schedule.hours
    assert morning.close < afternoon.open
    for session in schedule.sessions:
        assert any(h.open <= session.start and session.end <= h.close for h in schedule.hours)


# -- outcomes.yaml ------------------------------------------------------------

_CERTIFICATES = {"graduation_certificate", "completion_certificate", "attendance_certificate"}


def test_status_review_has_three_outcomes() -> None:
    """The academic status review ends in graduation, completion or attendance."""
    step = example("outcomes").step("status_review")
    assert [outcome.id for outcome in step.outcomes] == ["graduate", "complete", "attend"]
    assert step.outcomes[2].label.zh is not None
    assert "肄业" in step.outcomes[2].label.zh


def test_certificate_group_holds_the_three_alternatives() -> None:
    """The three certificates form one group; the degree certificate stands beside it."""
    workflow = example("outcomes")
    group = {d.id for d in workflow.documents if d.group == "certificate"}
    assert group == _CERTIFICATES
    assert workflow.document("degree_certificate").group is None


@pytest.mark.parametrize(
    ("facts", "outcomes", "certificate", "degree"),
    [
        pytest.param(
            {"program": "bachelor", "leaving_early": False},
            {"status_review": "graduate", "degree_review": "awarded"},
            "graduation_certificate",
            True,
            id="bachelor-with-degree",
        ),
        pytest.param(
            {"program": "bachelor", "leaving_early": False},
            {"status_review": "graduate", "degree_review": "not_awarded"},
            "graduation_certificate",
            False,
            id="bachelor-without-degree",
        ),
        pytest.param(
            {"program": "bachelor", "leaving_early": False},
            {"status_review": "complete", "degree_review": "not_awarded"},
            "completion_certificate",
            False,
            id="bachelor-completion",
        ),
        pytest.param(
            {"program": "associate", "leaving_early": False},
            {"status_review": "graduate"},
            "graduation_certificate",
            False,
            id="associate-graduate",
        ),
        pytest.param(
            {"program": "associate", "leaving_early": False},
            {"status_review": "complete"},
            "completion_certificate",
            False,
            id="associate-completion",
        ),
        pytest.param(
            {"program": "bachelor", "leaving_early": True},
            {"withdrawal_approved": "cleared", "status_review": "attend"},
            "attendance_certificate",
            False,
            id="withdrawal",
        ),
    ],
)
def test_documents_give_exactly_one_certificate(
    facts: Facts, outcomes: dict[str, str], certificate: str, degree: bool
) -> None:
    """Each profile receives exactly one certificate of the group, plus a degree when awarded."""
    documents = released(example("outcomes"), facts, outcomes)
    assert documents & _CERTIFICATES == {certificate}
    assert ("degree_certificate" in documents) is degree


def test_degree_review_applies_to_bachelor_students_who_stay() -> None:
    """Associate students and students leaving early have no degree review."""
    workflow = example("outcomes")
    assert applicable(workflow, {"program": "bachelor", "leaving_early": False}) >= {
        "degree_review"
    }
    assert "degree_review" not in applicable(
        workflow, {"program": "associate", "leaving_early": False}
    )
    assert "degree_review" not in applicable(
        workflow, {"program": "bachelor", "leaving_early": True}
    )
    assert "withdrawal_approved" in applicable(
        workflow, {"program": "associate", "leaving_early": True}
    )


def test_degree_review_follows_the_status_review() -> None:
    """The degree committee reviews only after the academic status is settled."""
    graph = order_graph(example("outcomes").steps)
    assert "status_review" in graph["degree_review"]
    assert "withdrawal_approved" in graph["status_review"]
