"""A case's questions when a station's ``when:`` or ``required:`` reads a prerequisite's outcome."""

from __future__ import annotations

import pytest

from clearflow import load_workflow_text
from clearflow.engine import READY, RELEASED, Case, Engine, StepStatus, blockers
from clearflow.errors import ActionError
from support import EARLY, HALL_DAY, staff

OUTCOME_RULES = """\
clearflow: 1
id: outcome-rules
title: {en: Stations that read a prerequisite's outcome}
timezone: Asia/Shanghai
offices:
  housing: {en: Housing Office}
  dormitory: {en: Dormitory}
  finance: {en: Finance}
prerequisites:
  - id: housing_review
    office: housing
    en: Where the student lived
    outcomes:
      on_campus: {en: On campus}
      off_campus: {en: Off campus}
stations:
  - id: keys_returned
    office: dormitory
    when: {step: housing_review, outcome: on_campus}
    en: Room keys returned
  - id: deposit_refunded
    office: finance
    required: {step: housing_review, outcome: on_campus}
    en: Room deposit refunded
documents:
  - {id: diploma, office: finance, en: Diploma}
"""


@pytest.fixture(scope="module")
def engine() -> Engine:
    """An engine whose two stations read the housing review's outcome."""
    return Engine(load_workflow_text(OUTCOME_RULES, "outcome-rules.yaml"))


def reviewed(engine: Engine, outcome: str) -> Case:
    """A case whose housing review was cleared with ``outcome``."""
    case = engine.start("2014001", {}, at=EARLY)
    case.clear("housing_review", staff("housing"), outcome=outcome, at=EARLY)
    return case


def test_the_stations_read_outcomes_so_the_facts_alone_do_not_decide_them(engine: Engine) -> None:
    """Only the outcome-reading stations are left to the case; the prerequisite is not."""
    assert engine.outcome_readers == {"keys_returned", "deposit_refunded"}
    case = engine.start("2014001", {}, at=EARLY)
    assert case.status("keys_returned") is StepStatus.NOT_APPLICABLE  # no outcome yet
    assert case.is_passable("keys_returned")
    assert not case.is_required("deposit_refunded")
    assert case.status("deposit_refunded") is StepStatus.PENDING
    assert case.waiting_for("keys_returned") == ("housing_review",)


def test_on_campus_the_keys_apply_and_the_deposit_is_required(engine: Engine) -> None:
    """Outcome on_campus: both stations hold the student until each is cleared."""
    case = reviewed(engine, "on_campus")
    assert case.phase == "keys_returned"
    assert case.status("keys_returned") is StepStatus.PENDING
    assert not case.is_passable("keys_returned")
    assert [blocker.step.id for blocker in blockers(case)] == ["keys_returned"]
    case.clear("keys_returned", staff("dormitory"), at=HALL_DAY)
    assert case.phase == "deposit_refunded"
    assert case.is_required("deposit_refunded")
    assert not case.is_passable("deposit_refunded")
    with pytest.raises(ActionError, match="not every step is settled; still open: deposit"):
        case.release(staff("finance"), at=HALL_DAY)
    case.refuse("deposit_refunded", staff("finance"), "bank details missing", at=HALL_DAY)
    assert case.phase == "deposit_refunded"
    case.clear("deposit_refunded", staff("finance"), at=HALL_DAY)
    assert case.phase == READY
    case.release(staff("finance"), at=HALL_DAY)
    assert case.phase == RELEASED


def test_off_campus_the_keys_do_not_apply_and_the_deposit_is_optional(engine: Engine) -> None:
    """Outcome off_campus: the student walks through both stations to ready."""
    case = reviewed(engine, "off_campus")
    assert case.phase == READY
    assert case.status("keys_returned") is StepStatus.NOT_APPLICABLE
    assert case.status("deposit_refunded") is StepStatus.PENDING
    assert not case.is_required("deposit_refunded")
    assert case.is_passable("deposit_refunded")
    assert blockers(case) == ()
    with pytest.raises(ActionError, match="'keys_returned': it does not apply to 2014001"):
        case.clear("keys_returned", staff("dormitory"), at=HALL_DAY)
    case.release(staff("finance"), at=HALL_DAY)
    assert case.phase == RELEASED
