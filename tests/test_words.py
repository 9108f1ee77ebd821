"""The words people read (clearflow.words): shared terms, conditions, selectors and weekdays in
English and, from the catalogue, in Chinese."""

from __future__ import annotations

import pytest

from clearflow import load_workflow_text
from clearflow._i18n import Message
from clearflow.spec import Label, Selector
from clearflow.spec.conditions import NEVER, Not
from clearflow.words import WORDS, LabelText, Words

WORKFLOW = load_workflow_text(
    """\
clearflow: 1
id: words
title: {zh: 离校手续, en: Clearance}
offices:
  party_branch: {zh: 党支部, en: Party branch}
  finance: {zh: 计财处, en: Finance Office}
facts:
  party_member: {type: bool, zh: 党员, en: Party member}
  on_time: {type: bool, zh: 能按时毕业, en: Graduates on time}
  program:
    type: choice
    zh: 学历层次
    en: Program
    values:
      higher_vocational: {zh: 高职, en: Higher vocational}
      secondary_vocational: {zh: 中职, en: Secondary vocational}
prerequisites:
  - id: party_transfer
    office: party_branch
    zh: 党组织关系转接
    en: Party transfer
    when: party_member
    outcomes:
      transferred: {zh: 已转出, en: Transferred}
      held: {zh: 暂存支部, en: Held by the branch}
  - {id: fees_paid, office: finance, zh: 费用缴清, en: Fees paid}
documents:
  - id: letter
    zh: 介绍信
    en: Letter
    office: party_branch
    when:
      all:
        - {not: on_time}
        - any:
            - {step: party_transfer, outcome: [transferred, held]}
            - {fact: program, is: higher_vocational}
  - id: receipt
    zh: 收据
    en: Receipt
    office: finance
    when: {step: fees_paid, outcome: cleared}
"""
)

LETTER = {
    "en": "not: Graduates on time and (Party transfer: Held by the branch or Party transfer: "
    "Transferred or Program is Higher vocational)",
    "zh": "不满足：能按时毕业 且 "
    "（党组织关系转接：已转出 或 党组织关系转接：暂存支部 或 学历层次 为 高职）",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_condition_reads_in_plain_words(lang: str) -> None:
    """Connectives, a step outcome and a fact test, with the labels of the reader's language."""
    words = Words(WORKFLOW, lang)
    assert words.condition(WORKFLOW.document("letter").when) == LETTER[lang]


def test_a_step_without_outcomes_reads_done() -> None:
    """The one outcome of a step without outcomes is 'done' (已办结)."""
    when = WORKFLOW.document("receipt").when
    assert Words(WORKFLOW, "en").condition(when) == "Fees paid: done"
    assert Words(WORKFLOW, "zh").condition(when) == "费用缴清：已办结"


def test_constants_and_negations() -> None:
    """Everyone and no one; a negated bool fact."""
    zh = Words(WORKFLOW, "zh")
    assert zh.condition(WORKFLOW.step("fees_paid").when) == "所有学生"
    assert zh.condition(NEVER) == "无"
    assert zh.condition(Not(WORKFLOW.step("party_transfer").when)) == "不满足：党员"
    assert Words(WORKFLOW, "en").condition(NEVER) == "no one"


def test_shared_terms_in_both_languages() -> None:
    """Each term reads in English as it always did, and in Chinese from the catalogue."""
    en, zh = Words(WORKFLOW, "en"), Words(WORKFLOW, "zh")
    assert (en["stations"], zh["stations"]) == ("Stations in order", "一站式服务流程")
    assert (en["late_block"], zh["late_block"]) == ("late clearance refused", "逾期不予办理")
    assert (en["no"], zh["no"]) == ("#", "序号")
    assert (en["colon"], zh["colon"]) == (": ", "：")
    assert all(zh[key] != en[key] for key in WORDS)


def test_selector_and_weekday() -> None:
    """A who: selector by its values' labels (everyone when empty); weekdays Monday first."""
    zh = Words(WORKFLOW, "zh")
    both = Selector(pairs=(("program", ("higher_vocational", "secondary_vocational")),))
    assert Words(WORKFLOW, "en").selector(both) == "Higher vocational/Secondary vocational"
    assert zh.selector(both) == "高职/中职"
    assert zh.selector(Selector(pairs=())) == "所有学生"
    assert [Words(WORKFLOW, "en").weekday(day) for day in (0, 3, 6)] == ["Mon", "Thu", "Sun"]
    assert [zh.weekday(day) for day in (0, 3, 6)] == ["星期一", "星期四", "星期日"]


def test_an_unknown_language_reads_english() -> None:
    """A language clearflow does not speak falls back to English, as before."""
    assert Words(WORKFLOW, "fr").lang == "en"
    assert Words(WORKFLOW, "fr")["stations"] == "Stations in order"


def test_a_label_in_a_message_follows_the_reader() -> None:
    """LabelText puts a workflow's own label in a message, in the language it is read in."""
    label = LabelText(Label(zh="高职", en="Higher vocational"), "higher_vocational")
    message = Message("no session for {who} students ({profile})", who=label, profile="p=1")
    assert str(message) == "no session for Higher vocational students (p=1)"
    assert message.text("zh") == "没有为高职学生安排时段（p=1）"
    assert LabelText(Label(zh="高职")).text("en") == "高职"
    assert LabelText(None, "campus").text("zh") == "campus"
