"""The step builder: ``advised_after:`` is read like ``after:`` and its ids are checked."""

from __future__ import annotations

from clearflow import inspect_text, load_workflow_text

HEAD = """\
clearflow: 1
id: advice
title: Advice
offices:
  office: Office
"""


def test_advised_after_takes_an_id_a_list_or_all() -> None:
    """One id, a list of ids and unquoted ``all`` (a quoted 'all' names a step called all)."""
    body = """\
prerequisites:
  - {id: a, office: office, en: A}
  - {id: b, office: office, en: B, advised_after: a}
  - {id: c, office: office, en: C, advised_after: [a, b]}
  - {id: d, office: office, en: D, advised_after: all}
"""
    workflow = load_workflow_text(HEAD + body, "workflow.yaml")
    assert [(s.advised_after, s.advised_after_all) for s in workflow.steps] == [
        ((), False),
        (("a",), False),
        (("a", "b"), False),
        ((), True),
    ]
    assert [s.after for s in workflow.steps] == [(), (), (), ()]


def test_an_unknown_advised_step_is_cf203_like_after() -> None:
    """A misspelt id is the error ``after:`` gives, with the did-you-mean hint."""
    body = """\
prerequisites:
  - {id: fees_paid, office: office, en: Fees paid}
  - {id: books, office: office, en: Books, advised_after: [fees_payed]}
"""
    workflow, found = inspect_text(HEAD + body, "workflow.yaml")
    assert workflow is None
    assert [str(issue) for issue in found] == [
        "workflow.yaml:8:60: prerequisites[1].advised_after[0]: unknown step 'fees_payed' "
        "(did you mean 'fees_paid'?) [CF203]"
    ]
    assert [issue.text("zh") for issue in found] == [
        "workflow.yaml:8:60: prerequisites[1].advised_after[0]：未知的环节 'fees_payed'"
        "（是否想写 'fees_paid'？）[CF203]"
    ]
