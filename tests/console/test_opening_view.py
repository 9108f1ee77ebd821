"""The case screens mark an action taken before its step opened, as they mark a late one."""

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
id: openings-2018
title: Openings
timezone: Asia/Shanghai
offices:
  library: {en: Library, zh: 图书馆}
prerequisites:
  - {id: library_cleared, office: library, en: Books returned, zh: 归还图书,
     opens: 2018-06-29 14:00}
""")


def shown(renderable: RenderableType) -> str:
    """The text a renderable prints, 120 columns wide."""
    out = io.StringIO()
    Console(file=out, width=120, color_system=None).print(renderable)
    return out.getvalue()


def early_case() -> Case:
    """A case whose library step was cleared the day before it opened."""
    case = Engine(WORKFLOW).start("2018001", {}, at=dt.datetime(2018, 6, 20, 9, tzinfo=ZONE))
    case.clear(
        "library_cleared",
        Actor(office="library", staff="L03"),
        at=dt.datetime(2018, 6, 28, 10, tzinfo=ZONE),
    )
    return case


def test_the_history_notes_an_early_action_in_both_languages() -> None:
    """The clearance's note says early (提前 in Chinese); the start's says nothing."""
    case = early_case()
    english = shown(render_history(WORKFLOW, case.student_id, case.events, "en"))
    chinese = shown(render_history(WORKFLOW, case.student_id, case.events, "zh"))
    (line,) = [line for line in english.splitlines() if "early" in line]
    assert line.split()[0] == "2"  # the clearance, not the start
    (line,) = [line for line in chinese.splitlines() if "提前" in line]
    assert line.split()[0] == "2"


def test_the_checklist_marks_an_early_step() -> None:
    """The step's status reads (early), （提前） in Chinese."""
    case = early_case()
    assert "(early)" in shown(render_checklist(case, "en"))
    assert "（提前）" in shown(render_checklist(case, "zh"))
