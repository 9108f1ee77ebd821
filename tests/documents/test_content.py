"""The notice's and attachment's content, read from the workflow (its labels and schedule)."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest

from clearflow.documents import day_text, notice_content, service_dates, span_text
from clearflow.loading import load_workflow
from clearflow.spec import Workflow
from support import WORKFLOW_2014


@pytest.fixture(scope="module")
def workflow() -> Workflow:
    return load_workflow(WORKFLOW_2014)


def test_the_schedule_table_is_the_sessions(workflow: Workflow) -> None:
    """A row per session in date order, with the session's date, time, headcount and place."""
    content = notice_content(workflow, "zh")
    sessions = sorted(workflow.schedule.sessions, key=lambda s: (s.date, s.start))  # type: ignore[union-attr]
    assert len(content.schedule) == len(sessions)
    for row, session in zip(content.schedule, sessions, strict=True):
        assert row.date_text == day_text(session.date, "zh")
        assert row.time_text == span_text(session.start, session.end, "zh")
        assert row.headcount == session.expected
        assert row.place == "图书馆一楼大厅"
    assert content.schedule[1].date_text == "7月10日（星期四）"
    assert content.schedule[1].headcount_text == "474人"
    assert content.schedule[1].students == "高职 · 城乡规划分院"
    assert [row.first_of_day for row in content.schedule[:3]] == [True, True, False]
    assert content.total_headcount == sum(s.expected or 0 for s in sessions)


def test_the_service_days_are_the_schedule_days(workflow: Workflow) -> None:
    """The attachment's service days are the sessions' days (07-09..07-11, not 07-08..07-10)."""
    content = notice_content(workflow, "zh")
    days = [day.date for day in content.service_days]
    assert days == sorted({row.date for row in content.schedule})
    assert days == ["2014-07-09", "2014-07-10", "2014-07-11"]
    assert content.service_days[1].hours_text == "9:00—12:00, 13:00—16:30"
    assert service_dates(workflow) == tuple(dt.date.fromisoformat(day) for day in days)


def test_a_changed_session_day_moves_the_service_day(workflow: Workflow) -> None:
    """Move a session to 07-12 and both the table and the service days say 07-12."""
    schedule = workflow.schedule
    assert schedule is not None
    moved = attrs.evolve(schedule.sessions[-1], date=dt.date(2014, 7, 12), weekday=None)
    edited = attrs.evolve(
        workflow, schedule=attrs.evolve(schedule, sessions=(*schedule.sessions[:-1], moved))
    )
    content = notice_content(edited, "en")
    assert content.schedule[-1].date_text == "Sat 12 July"
    assert content.service_days[-1].date_text == "Sat 12 July"


def test_prerequisites_stations_and_documents(workflow: Workflow) -> None:
    """Prerequisites with office and due day, stations in order, documents with who gets them."""
    content = notice_content(workflow, "zh")
    finance = next(p for p in content.prerequisites if p.id == "finance_cleared")
    assert (finance.office, finance.due_text, finance.blocks) == (
        "计财处",
        "7月4日（星期五）",
        True,
    )
    party = next(p for p in content.prerequisites if p.id == "party_transfer")
    assert party.applies == "中共党员（含预备党员）"
    assert [s.id for s in content.stations] == [s.id for s in workflow.stations]
    assert [s.number for s in content.stations] == list(range(1, len(workflow.stations) + 1))
    assert content.stations[1].checks == "书费、学费等费用缴清"
    dispatch = next(d for d in content.documents if d.id == "dispatch_certificate")
    assert (dispatch.office, dispatch.applies) == ("招生就业处", "已签就业协议且有接收单位")
    assert content.prerequisites_due_text == "7月4日（星期五）"


def test_titles_and_headings_come_in_the_language(workflow: Workflow) -> None:
    """zh and en from the workflow's labels and the catalogue."""
    zh, en = notice_content(workflow, "zh"), notice_content(workflow, "en")
    assert zh.notice_title == "关于贵阳职业技术学院2014届毕业生离校手续的通知"
    assert zh.attachment_title == "贵阳职业技术学院2014届毕业生离校手续须知"
    assert zh.issued_text == "2014年6月25日"
    assert zh.headings["attachment"] == "附件"
    assert en.notice_title == "Notice on GYVTC class of 2014 leaving procedure"
    assert en.issued_text == "25 June 2014"
    assert en.headings["headcount"] == "Headcount"
    assert en.stations[0].office == "Department"


def test_the_content_is_json(workflow: Workflow) -> None:
    """The data is plain JSON: a template's input as it is."""
    data = notice_content(workflow, "zh").data()
    again = json.loads(json.dumps(data, ensure_ascii=False))
    assert again == data
    assert again["schedule"][0]["date"] == "2014-07-09"
