"""Differences between two workflows, in staff terms, grouped and in both languages."""

from __future__ import annotations

from pathlib import Path

from clearflow._i18n import Lang
from clearflow.loading import load_workflow_text
from clearflow.staff._change import Group
from clearflow.staff.diff import diff_workflows
from clearflow.staff.rollover import roll_text

ROOT = Path(__file__).resolve().parents[2]
TEXT_2014 = (ROOT / "workflows" / "gyvtc-2014.yaml").read_text(encoding="utf-8")

OLD = """\
clearflow: 1
id: demo-2014
title: {zh: 示例学院2014届毕业生离校手续, en: Demo class of 2014}
issued: 2014-06-25
cohort:
  total: 300
  counts:
    - {who: {program: higher}, count: 200}
    - {who: {program: secondary}, count: 100}
offices:
  finance: {zh: 计财处, en: Finance Office}
  library: {zh: 图书馆, en: Library}
  department: {zh: 系部, en: Department}
  security: {zh: 保卫处, en: Security Office}
facts:
  program:
    type: choice
    en: Program
    values:
      higher: {zh: 高职, en: Higher vocational}
      secondary: {zh: 中职, en: Secondary vocational}
  party_member: {type: bool, default: false, en: Party member}
  household_moving: {type: bool, default: false, en: Moves household registration}
deadlines:
  fees_due: {date: 2014-07-04, late: block, en: Every fee paid}
prerequisites:
  - {id: fees_paid, office: finance, due: fees_due, en: Fees paid}
  - {id: books_returned, office: library, en: Books returned}
stations:
  - {id: checklist_issued, office: department, en: Checklist handed out}
  - {id: fees_confirmed, office: finance, en: Finance confirms fees}
  - {id: pass_returned, office: security, when: household_moving, en: Access pass returned}
  - {id: certificate, office: department, en: Certificate handed over}
documents:
  - {id: graduation_certificate, office: department, en: Graduation certificate}
  - {id: membership_letter, when: party_member, en: Membership transfer letter}
schedule:
  place: {en: Library hall}
  sessions:
    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {program: higher}, expected: 200}
    - {date: 2014-07-11, start: 9:00, end: 12:00, who: {program: secondary}, expected: 100}
"""

NEW = """\
clearflow: 1
id: demo-2015
title: {zh: 示例学院2015届毕业生离校手续, en: Demo class of 2014}
issued: 2015-06-24
cohort:
  total: 320
  counts:
    - {who: {program: higher}, count: 220}
    - {who: {program: art}, count: 30}
offices:
  finance: {zh: 计划财务处, en: Finance Office}
  department: {zh: 系部, en: Department}
  security: {zh: 保卫处, en: Security Office}
  card_centre: {zh: 一卡通中心, en: Campus Card Centre}
facts:
  program:
    type: choice
    en: Program
    values:
      higher: {zh: 高职, en: Higher vocational}
      art: {zh: 艺术, en: Art}
  party_member: {type: bool, default: false, en: Party member}
  household_moving: {type: bool, default: false, en: Moves household registration}
deadlines:
  fees_due: {date: 2015-07-03, late: block, en: Every fee paid}
prerequisites:
  - {id: fees_paid, office: finance, due: fees_due, en: Fees paid}
stations:
  - {id: checklist_issued, office: department, en: Checklist handed out}
  - {id: pass_returned, office: security, en: Access pass returned}
  - {id: fees_confirmed, office: finance, en: Finance confirms fees}
  - {id: card_cancelled, office: card_centre, en: Campus card cancelled}
  - {id: certificate, office: security, en: Certificate handed over}
documents:
  - {id: graduation_certificate, office: department, en: Graduation certificate}
  - {id: membership_letter, when: {not: party_member}, en: Membership transfer letter}
  - {id: household_certificate, when: household_moving, en: Household migration certificate}
schedule:
  place: {en: Library hall}
  sessions:
    - {date: 2015-07-09, start: 9:00, end: 12:00, who: {program: higher}, expected: 220}
    - {date: 2015-07-10, start: 13:00, end: 16:30, who: {program: art}, expected: 30}
"""


def _texts(old: str, new: str, lang: Lang = "en") -> list[str]:
    changes = diff_workflows(load_workflow_text(old), load_workflow_text(new), lang)
    return [change.text for change in changes]


def test_identical_workflows_have_no_changes() -> None:
    """A workflow compared with itself gives an empty list."""
    workflow = load_workflow_text(OLD)
    assert diff_workflows(workflow, workflow) == []


def test_every_kind_of_change_in_english() -> None:
    """Offices, facts, deadlines, steps, documents, sessions and counts, in that order."""
    assert _texts(OLD, NEW) == [
        "id: demo-2014 → demo-2015",
        "title: '示例学院2014届毕业生离校手续' → '示例学院2015届毕业生离校手续'",
        "issued: 2014-06-25 Wed → 2015-06-24 Wed",
        "removed office 'Library'",
        "added office 'Campus Card Centre'",
        "office 'Finance Office': name '计财处' → '计划财务处'",
        "removed value 'Secondary vocational' of fact 'Program'",
        "added value 'Art' of fact 'Program'",
        "deadline 'Every fee paid': date 2014-07-04 Fri → 2015-07-03 Fri",
        "removed prerequisite 'Books returned'",
        "added station 'Campus card cancelled' at 'Campus Card Centre', position 4",
        "station 'Access pass returned': applies to 'Moves household registration' → 'everyone'",
        "station 'Access pass returned': position 3 → 2",
        "station 'Certificate handed over': office 'Department' → 'Security Office'",
        "added document 'Household migration certificate' for 'Moves household registration'",
        "document 'Membership transfer letter': applies to 'Party member' → 'not: Party member'",
        "removed session 'Secondary vocational' (2014-07-11 Fri 09:00–12:00)",
        "added session 'Art' (2015-07-10 Fri 13:00–16:30)",
        "session 'Higher vocational': date 2014-07-10 Thu → 2015-07-09 Thu",
        "session 'Higher vocational': expected 200 → 220",
        "total: 300 → 320",
        "removed count 'Secondary vocational' (100)",
        "added count 'Art' (30)",
        "cohort 'Higher vocational': count 200 → 220",
    ]


def test_changes_are_grouped_in_staff_order() -> None:
    """Groups come in a fixed order and each change names what it is about."""
    changes = diff_workflows(load_workflow_text(OLD), load_workflow_text(NEW))
    groups = [change.group for change in changes]
    assert groups == sorted(groups, key=list(Group).index)
    assert changes[3].to_dict() == {
        "group": "offices",
        "kind": "removed",
        "subject": "library",
        "text": "removed office 'Library'",
    }


def test_a_renamed_office_does_not_change_its_steps() -> None:
    """In Chinese the Finance Office's new name shows once, not on each of its steps."""
    texts = _texts(OLD, NEW, "zh")
    assert "部门“计划财务处”：名称 “计财处” → “计划财务处”" in texts
    assert not [text for text in texts if "部门 “计财处”" in text]
    assert texts[:3] == [
        "编号：demo-2014 → demo-2015",
        "标题：“示例学院2014届毕业生离校手续” → “示例学院2015届毕业生离校手续”",
        "发文日期：2014-06-25 星期三 → 2015-06-24 星期三",
    ]
    assert "删除取值“中职”（学生信息“Program”）" in texts
    assert "一站式环节“Access pass returned”：顺序 3 → 2" in texts


def test_a_step_moved_between_lists_and_its_order() -> None:
    """A prerequisite that becomes a station is named as such, with its new condition."""
    new = OLD.replace(
        "  - {id: books_returned, office: library, en: Books returned}\n", ""
    ).replace(
        "stations:\n",
        "stations:\n  - {id: books_returned, office: library, when: party_member,"
        " en: Books returned}\n",
    )
    assert _texts(OLD, new) == [
        "station 'Books returned': list prerequisite → station",
        "station 'Books returned': applies to 'everyone' → 'Party member'",
    ]


def test_2014_against_its_rollover() -> None:
    """Rolled to 2015: the id, title, issued date, deadlines and sessions, each a week-day pair."""
    rolled = roll_text(TEXT_2014, 2015).text
    assert _texts(TEXT_2014, rolled) == [
        "id: gyvtc-2014 → gyvtc-2015",
        "title: '贵阳职业技术学院2014届毕业生离校手续 / GYVTC class of 2014 leaving procedure'"
        " → '贵阳职业技术学院2015届毕业生离校手续 / GYVTC class of 2015 leaving procedure'",
        "issued: 2014-06-25 Wed → 2015-06-24 Wed",
        "deadline 'Offices report arrears to departments; counsellors report unpaid tuition to"
        " Finance': date 2014-06-30 Mon → 2015-06-29 Mon",
        "deadline 'Departments hand the graduate roster to Student Affairs':"
        " date 2014-06-30 Mon → 2015-06-29 Mon",
        "deadline 'Preparation done': date 2014-07-04 Fri → 2015-07-03 Fri",
        "deadline 'Every fee paid': date 2014-07-04 Fri → 2015-07-03 Fri",
        "first service day: 2014-07-09 Wed → 2015-07-08 Wed",
        "last service day: 2014-07-11 Fri → 2015-07-10 Fri",
        "hours: mon/tue/wed/thu/fri 09:00–16:30, mon/tue/wed/thu/fri 09:00–12:00/13:00–16:30 "
        "2014-07-10..2014-07-11 → mon/tue/wed/thu/fri 09:00–16:30, mon/tue/wed/thu/fri "
        "09:00–12:00/13:00–16:30 2015-07-09..2015-07-10",
        "session 'Secondary vocational · Main campus': date 2014-07-09 Wed → 2015-07-08 Wed",
        "session 'Higher vocational · Urban and Rural Planning':"
        " date 2014-07-10 Thu → 2015-07-09 Thu",
        "session 'Higher vocational · Rail Transit': date 2014-07-10 Thu → 2015-07-09 Thu",
        "session 'Higher vocational · Information Science': date 2014-07-10 Thu → 2015-07-09 Thu",
        "session 'Higher vocational · Finance and Trade': date 2014-07-11 Fri → 2015-07-10 Fri",
        "session 'Higher vocational · Tourism': date 2014-07-11 Fri → 2015-07-10 Fri",
        "session 'Higher vocational · Biochemistry': date 2014-07-11 Fri → 2015-07-10 Fri",
        "session 'Higher vocational · Equipment Manufacturing':"
        " date 2014-07-11 Fri → 2015-07-10 Fri",
    ]


def test_every_kind_of_addition_and_removal_in_chinese() -> None:
    """The catalogue's sentences: where a station is added, whom a document is for, a slot."""
    texts = _texts(OLD, NEW, "zh")
    assert "删除前期事项“Books returned”" in texts
    assert "新增一站式环节“Campus card cancelled”，由“一卡通中心”办理，第 4 项" in texts
    assert (
        "新增证书及资料“Household migration certificate”，适用：“Moves household registration”"
        in texts
    )
    assert "删除时段“中职”（2014-07-11 星期五 09:00–12:00）" in texts
    assert texts[-4:] == [
        "合计：300 → 320",
        "删除人数“中职”（100）",
        "新增人数“艺术”（30）",
        "毕业生人数“高职”：人数 200 → 220",
    ]


def test_advice_and_openings_are_changes_staff_see() -> None:
    """An edited ``advised_after:`` or ``opens:`` is listed, in both languages (an opening
    is a rule: the digest changes with it, so the diff must say what changed)."""
    old = OLD.replace(
        "  - {id: books_returned, office: library, en: Books returned}",
        "  - {id: books_returned, office: library, en: Books returned, advised_after: fees_paid}",
    )
    new = old.replace("advised_after: fees_paid}", "opens: 2014-06-28 14:00}").replace(
        "due: fees_due, en: Fees paid}",
        "due: fees_due, en: Fees paid, opens: {date: 2014-06-27, early: block}}",
    )
    english = [t for t in _texts(old, new) if "best after" in t or "opens" in t]
    assert english == [
        "prerequisite 'Fees paid': opens — → 2014-06-27 (block)",
        "prerequisite 'Books returned': best after 'Fees paid' → —",
        "prerequisite 'Books returned': opens — → 2014-06-28 14:00",
    ]
    chinese = [t for t in _texts(old, new, "zh") if "建议先办理" in t or "开始办理时间" in t]
    assert chinese == [
        "前期事项“Fees paid”：开始办理时间 — → 2014-06-27 (block)",
        "前期事项“Books returned”：建议先办理的环节 “Fees paid” → —",
        "前期事项“Books returned”：开始办理时间 — → 2014-06-28 14:00",
    ]


def test_a_deadline_that_now_closes_the_procedure_is_a_change() -> None:
    """``closes: procedure`` changes the rules (CF403 and the digest): the diff says so."""
    new = OLD.replace(
        "date: 2014-07-04, late: block, en: Every fee paid}",
        "date: 2014-07-11, late: block, closes: procedure, en: Every fee paid}",
    )
    assert [t for t in _texts(OLD, new) if "closes" in t] == [
        "deadline 'Every fee paid': closes the time before the hall → the whole procedure"
    ]
    assert [t for t in _texts(OLD, new, "zh") if "截止范围" in t] == [
        "时间节点“Every fee paid”：截止范围 进入大厅前的办理 → 整个流程"
    ]


def test_changed_breaks_dates_and_policies_are_listed() -> None:
    """Hours are rules: a changed break, a date range, off_hours and own_session are listed."""
    edited = (
        TEXT_2014.replace(
            "breaks: [{start: 12:00, end: 13:00}]", "breaks: [{start: 12:00, end: 13:30}]"
        )
        .replace("until: 2014-07-11,", "until: 2014-07-10,")
        .replace("  own_session: block\n", "  own_session: flag\n  off_hours: block\n")
        .replace(
            "  finance: {zh: 计财处, en: Finance Office}",
            "  finance: {zh: 计财处, en: Finance Office, off_hours: block}",
        )
    )
    assert _texts(TEXT_2014, edited) == [
        "office 'Finance Office': outside hours flag → block",
        "hours: mon/tue/wed/thu/fri 09:00–16:30, mon/tue/wed/thu/fri 09:00–12:00/13:00–16:30 "
        "2014-07-10..2014-07-11 → mon/tue/wed/thu/fri 09:00–16:30, mon/tue/wed/thu/fri "
        "09:00–12:00/13:30–16:30 2014-07-10..2014-07-10",
        "outside hours: flag → block",
        "own session: block → flag",
    ]
