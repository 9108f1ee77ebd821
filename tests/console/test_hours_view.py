"""The case screens mark an action taken outside the office's hours, as they mark a late one."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

from rich.console import Console, RenderableType

from clearflow import load_workflow_text
from clearflow.console.case_view import render_checklist, render_history
from clearflow.engine import Actor, Case, Engine

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
WORKFLOW = load_workflow_text("""\
clearflow: 1
id: hours-2014
title: Hours
timezone: Asia/Shanghai
offices:
  library: {en: Library, zh: 图书馆, hours: [{open: 8:00, close: 17:00}]}
prerequisites:
  - {id: library_cleared, office: library, en: Books returned, zh: 归还图书}
""")


def shown(renderable: RenderableType) -> str:
    """The text a renderable prints, 120 columns wide."""
    out = io.StringIO()
    Console(file=out, width=120, color_system=None).print(renderable)
    return out.getvalue()


def evening_case() -> Case:
    """A case whose library step was cleared at 20:00 (the library's policy is flag)."""
    case = Engine(WORKFLOW).start("2014001", {}, at=dt.datetime(2014, 7, 1, 9, tzinfo=ZONE))
    case.clear(
        "library_cleared",
        Actor(office="library", staff="L03"),
        at=dt.datetime(2014, 7, 1, 20, tzinfo=ZONE),
    )
    return case


def test_the_history_and_checklist_note_an_off_hours_action_in_both_languages() -> None:
    """The clearance's note says off hours (办理时间以外); the start's says nothing."""
    case = evening_case()
    english = shown(render_history(WORKFLOW, case.student_id, case.events, "en"))
    chinese = shown(render_history(WORKFLOW, case.student_id, case.events, "zh"))
    (line,) = [line for line in english.splitlines() if "off hours" in line]
    assert line.split()[0] == "2"
    (line,) = [line for line in chinese.splitlines() if "办理时间以外" in line]
    assert line.split()[0] == "2"
    assert "(off hours)" in shown(render_checklist(case, "en"))
    assert "（办理时间以外）" in shown(render_checklist(case, "zh"))
