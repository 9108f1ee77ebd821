"""In Chinese, every renderer's own words come from the catalogue: no English chrome is left."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from rich.console import Console, RenderableType
from rich.text import Text

from clearflow import load_workflow_text
from clearflow._i18n import Lang, translate, verbatim
from clearflow.cohort.progress import headcount_check, station_progress, unassigned
from clearflow.cohort.report import OFFICE, blocked_rows, blocked_summary
from clearflow.console._prompt import PROMPT
from clearflow.console.case_view import (
    render_blockers,
    render_checklist,
    render_documents,
    render_header,
    render_history,
    render_progress,
    render_station,
)
from clearflow.console.change_view import render_changes, render_review
from clearflow.console.report_view import render_blocked, render_status
from clearflow.console.scenario_view import render_results, tally
from clearflow.console.workflow_view import render_workflow
from clearflow.engine import Case, blockers
from clearflow.staff import diff_workflows, read_scenarios, roll_text, run_scenarios
from support import EARLY, HALL_DAY, drive, engine_2014, profile, staff, start

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
TODAY = HALL_DAY.date()

CHROME = {
    *("Prerequisites", "Stations", "Step", "Office", "Offices", "Students", "Student", "Total"),
    *("Schedule", "Date", "Time", "Expected", "Place", "Deadlines", "Cohort", "Headcount"),
    *("Issued", "Zone", "Applies", "Required", "After", "Due", "Outcomes", "Document"),
    *("Documents", "When", "One", "Scheduled", "everyone", "others", "late", "clearance"),
    *("Session", "schedule", "Status", "Note", "Checks", "Station", "Blocked", "History"),
    *("Action", "By", "pending", "cleared", "refused", "waived", "applicable", "optional"),
    *("backdated", "settled", "handed", "Assigned", "Difference", "Elsewhere", "All", "Phase"),
    *("Preparing", "Ready", "released", "Blockers", "Refused", "Overdue", "Name", "Held"),
    *("Counsellor", "waiting", "overdue", "more", "blocked", "PASS", "FAIL", "passed"),
    *("failed", "Rolled", "date", "moved", "forward", "review", "items", "Carried", "Dates"),
    *("weeks", "Check", "holiday", "Comments", "Text", "naming", "changes", "Workflow"),
    *("Facts", "line", "Reason", "Outcome", "clear", "refuse", "waive", "skip", "quit"),
}
"""English words of the renderers' own (not the workflow's, not the library's messages)."""


def text_of(renderable: RenderableType) -> str:
    """What a 100-column console prints."""
    out = io.StringIO()
    Console(file=out, width=100).print(renderable)
    return out.getvalue()


def english_chrome(text: str) -> set[str]:
    """The chrome words in a text, whole words only (``[c]lear`` is ``clear``)."""
    keys_joined = re.sub(r"\[(\w)\]", r"\1", text)
    return set(re.findall(r"[A-Za-z]+", keys_joined)) & CHROME


def refused_case() -> Case:
    """A 2014 student the library refused, late, with a reason in Chinese."""
    case = start(profile())
    case.refuse("library_cleared", staff("library", "L03"), "欠书 2 本未还", at=HALL_DAY)
    return case


def hall_case() -> Case:
    """A 2014 student standing at the first station."""
    case = start(profile(), student_id="2014002", name="李四")
    for step in case.engine.prerequisites:
        if case.status(step.id).value == "pending":
            case.clear(step.id, staff(step.office), at=EARLY)
    return case


def released_case() -> Case:
    """A 2014 student whose documents are handed over."""
    case = start(profile(), student_id="2014009", name="王五")
    drive(case)
    return case


def cohort() -> list[tuple[Case, str | None]]:
    """Three students: refused, in the hall, released."""
    return [(refused_case(), "王老师"), (hall_case(), None), (released_case(), "李老师")]


def workflow_view(lang: Lang) -> RenderableType:
    return render_workflow(engine_2014().workflow, lang)


def case_views(lang: Lang) -> list[RenderableType]:
    refused, hall, released = refused_case(), hall_case(), released_case()
    step = hall.engine.steps[str(hall.phase)]
    documents = tuple(released.engine.workflow.document(d) for d in released.documents or ())
    return [
        render_header(refused, lang),
        render_checklist(refused, lang),
        render_progress(hall, lang),
        render_progress(released, lang),
        render_station(hall, step, lang),
        render_blockers(blockers(refused, TODAY), lang),
        render_documents(documents, lang),
        render_history(refused.engine.workflow, refused.student_id, list(refused.events), lang),
    ]


def reports(lang: Lang) -> list[RenderableType]:
    cases = cohort()
    workflow = engine_2014().workflow
    plain = [case for case, _ in cases]
    rows = blocked_rows(cases, TODAY)
    return [
        render_status(
            workflow,
            station_progress(plain, workflow),
            headcount_check(plain, workflow),
            unassigned(plain, workflow),
            lang,
        ),
        render_blocked(
            workflow, blocked_summary(rows, OFFICE), rows, lang, limit=1, more_hint="--limit"
        ),
        render_blocked(workflow, blocked_summary(rows, "department"), rows, lang),
    ]


def changes(lang: Lang) -> list[RenderableType]:
    text = WORKFLOW.read_text(encoding="utf-8")
    rolled = roll_text(text, 2015, source=str(WORKFLOW), lang=lang)
    new = load_workflow_text(rolled.text, "gyvtc-2015.yaml")
    review = text_of(render_review(rolled, lang))
    headings = "\n".join(line for line in review.splitlines() if not line.startswith("  "))
    return [
        headings,  # the items under the headings are the rollover's own messages
        render_changes(diff_workflows(engine_2014().workflow, new, lang), lang),
        render_changes([], lang),
    ]


def results(lang: Lang) -> list[RenderableType]:
    engine = engine_2014()
    scenarios = read_scenarios(ROOT / "workflows" / "gyvtc-2014.scenarios.yaml", engine.workflow)
    done = run_scenarios(engine, scenarios[:2])
    failed = attrs.evolve(done[1], failures=(verbatim("x"),))
    return [render_results((done[0], failed), lang)]


def prompt(lang: Lang) -> list[RenderableType]:
    return [Text(translate(PROMPT, lang))]  # Text: "[c]" is not markup


RENDERERS: dict[str, Callable[[Lang], RenderableType | list[RenderableType]]] = {
    "workflow": workflow_view,
    "case": case_views,
    "reports": reports,
    "rollover and diff": changes,
    "scenario results": results,
    "walkthrough prompt": prompt,
}


@functools.cache
def rendered(name: str, lang: Lang) -> str:
    made = RENDERERS[name](lang)
    parts = made if isinstance(made, list) else [made]
    return "".join(text_of(part) for part in parts)


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_chinese_chrome_has_no_english_word(name: str) -> None:
    """Rendered in Chinese, a renderer prints none of its English words."""
    assert english_chrome(rendered(name, "zh")) == set()


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_the_english_chrome_is_there_to_find(name: str) -> None:
    """The same renderer in English prints its words: the check above can fail."""
    assert english_chrome(rendered(name, "en"))


def lines(name: str) -> list[str]:
    return [line.strip() for line in rendered(name, "zh").splitlines()]


def test_chinese_lines_read_as_staff_write_them() -> None:
    """A few exact lines: the station, a blocked row's reason, the report's counts."""
    case = lines("case")
    assert "学生：张三 (2014001)" in case[1]
    assert any("第 1/6 站 · 分院、系部" in line for line in case)
    assert any("图书馆" in line and "✗ 退回" in line for line in case)
    assert "一站式服务：✓ 1 → ✓ 2 → ✓ 3 → ✓ 4 → ✓ 5 → ✓ 6  （证书已发放）" in case
    report = rendered("reports", "zh")
    assert "受阻学生（按部门）" in report
    assert "图书馆：退回 — 欠书 2 本未还（L03，2014-07-10" in report  # the cell wraps there
    assert "……另有 1 名学生（--limit）" in report
    assert "未安排时段的学生：0 名" in report


def test_scenario_verdicts_and_tally_in_chinese() -> None:
    """通过 / 未通过 lead the lines, and the tally counts both."""
    shown = lines("scenario results")
    assert shown[0].startswith("通过 ")
    assert shown[1].startswith("未通过 ")
    assert shown[-1] == "通过 1 个，未通过 1 个"
    assert tally((), "zh") == "通过 0 个，未通过 0 个"


def test_rollover_headings_and_an_empty_diff_in_chinese() -> None:
    """The review list's headings and 'no changes' are the catalogue's."""
    shown = lines("rollover and diff")
    assert shown[0] == "已从 2014 年转入 2015 年：所有日期推后 364 天；以下 46 项须复核："
    assert "日期整体移动 52 周（星期几不变）" in shown
    assert shown[-1] == "无变化"


def test_the_prompt_keeps_its_letters_in_both_languages() -> None:
    """[c] [r] [w] [s] [q] are the same keys in Chinese."""
    assert rendered("walkthrough prompt", "zh").strip() == "[c]办结 [r]退回 [w]免办 [s]跳过 [q]退出"
    keys = re.findall(r"\[(\w)\]", rendered("walkthrough prompt", "en"))
    assert keys == re.findall(r"\[(\w)\]", rendered("walkthrough prompt", "zh"))
