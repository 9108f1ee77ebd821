"""CF311: advice on the order that the order itself makes impossible is a warning, never more."""

from __future__ import annotations

from clearflow import inspect_text

HEAD = """\
clearflow: 1
id: advice
title: Advice
offices:
  office: Office
"""


def issues(body: str, lang: str = "en") -> list[str]:
    """The issues of a workflow made of ``HEAD`` and ``body``, as ``check`` prints them."""
    workflow, found = inspect_text(HEAD + body, "workflow.yaml")
    assert workflow is not None
    return [issue.text("zh") if lang == "zh" else str(issue) for issue in found]


def test_advice_after_a_station_on_a_prerequisite_is_a_warning() -> None:
    """Every station follows every prerequisite: a prerequisite cannot be done after one."""
    body = """\
prerequisites:
  - {id: fees_paid, office: office, en: Fees paid, advised_after: [desk]}
stations:
  - {id: desk, office: office, en: Desk}
"""
    assert issues(body) == [
        "workflow.yaml:7:5: prerequisites[0].advised_after: step 'fees_paid' is advised after "
        "'desk', which must come after it (remove 'desk' from 'advised_after:', or change the "
        "order) [CF311 warning]"
    ]
    assert issues(body, "zh") == [
        "workflow.yaml:7:5: prerequisites[0].advised_after：环节 'fees_paid' 建议在 'desk' "
        "之后办理，但按办理顺序 'desk' 须排在它之后（从 'advised_after:' 中删去 'desk'，"
        "或调整顺序）[CF311 警告]"
    ]


def test_advice_the_order_already_keeps_and_advice_in_a_loop_are_fine() -> None:
    """Advice that repeats the order, two steps advised after each other and ``all`` give
    no issue: a cycle through advice is no cycle (no CF206)."""
    body = """\
prerequisites:
  - {id: a, office: office, en: A, advised_after: b}
  - {id: b, office: office, en: B, advised_after: a}
  - {id: c, office: office, en: C, advised_after: all}
  - {id: d, office: office, en: D, after: all}
stations:
  - {id: desk, office: office, en: Desk, advised_after: [a]}
  - {id: hall, office: office, en: Hall, advised_after: [desk]}
"""
    assert issues(body) == []
