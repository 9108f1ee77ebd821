"""Rich renderers, rendered into an in-memory console and read back as text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console, RenderableType
from rich.text import Text

from clearflow import Issue, Severity, Workflow, load_workflow, load_workflow_text
from clearflow._i18n import Lang, verbatim
from clearflow.console.workflow_view import render_issues, render_workflow

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"

STATIONS = {
    "en": (
        "Blank clearance checklist handed out",
        "Finance confirms fees paid",
        "Student Affairs confirms card cancelled and dormitory checked out",
        "Admissions and Employment registers the graduate and issues the dispatch certificate",
        "Security takes back the access pass and handles household registration",
        "Signed checklist returned; certificate handed over",
    ),
    "zh": (
        "领取空白《离校清单》",
        "计财处确认费用缴清",
        "学生处确认学生证注销和退宿",
        "招生就业处毕业生情况登记、派遣证办理",
        "保卫处出入证交还、户籍迁移",
        "交回签章完毕的《离校清单》，领取证书",
    ),
}
SECTIONS = {
    "en": (
        "Cohort",
        "Deadlines",
        "Prerequisites",
        "Stations in order",
        "Documents handed over",
        "Schedule",
    ),
    "zh": (
        "毕业生人数",
        "时间节点",
        "前期工作",
        "一站式服务流程",
        "应领取的证书及资料",
        "时段安排",
    ),
}

SMALL = """\
clearflow: 1
id: small
title: Small
offices:
  finance: {en: Finance, zh: 计财处}
facts:
  program:
    type: choice
    en: Program
    values:
      day: {en: Day}
      evening: {en: Evening}
stations:
  - {id: pay, office: finance, en: Pay, zh: 缴费}
schedule:
  sessions:
    - {date: 2014-07-09, start: "9:00", end: "12:00", who: {program: day}, expected: 10}
    - {date: 2014-07-09, start: "13:00", end: "16:00", who: {program: evening}, expected: 5%s}
"""


@pytest.fixture(scope="module")
def workflow() -> Workflow:
    """The 2014 workflow."""
    return load_workflow(WORKFLOW)


def render(
    renderable: RenderableType,
    width: int = 100,
    *,
    force_terminal: bool = False,
    no_color: bool = False,
) -> str:
    """What a console of ``width`` columns prints for ``renderable``."""
    file = io.StringIO()
    console = Console(file=file, width=width, force_terminal=force_terminal, no_color=no_color)
    console.print(renderable)
    return file.getvalue()


def step_cells(output: str, title: str, next_title: str) -> list[str]:
    """The first line of the step column of each numbered row between two section titles."""
    section = output[output.index(title) : output.index(next_title)]
    rows = re.findall(r"^\s+\d+\s+(\S+(?: \S+)*)", section, flags=re.MULTILINE)
    return [str(row) for row in rows]


def section(output: str, title: str, next_title: str | None = None) -> str:
    """The text between a section title and the next one (or the end)."""
    start = output.index(title)
    return output[start : output.index(next_title, start) if next_title else None]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_workflow_has_every_section_in_order(workflow: Workflow, lang: Lang) -> None:
    """The procedure renders its header, then cohort, deadlines, steps, documents, schedule."""
    output = render(render_workflow(workflow, lang))
    title = "GYVTC class of 2014 leaving procedure" if lang == "en" else "贵阳职业技术学院2014届"
    positions = [output.index(title), *(output.index(name) for name in SECTIONS[lang])]
    assert positions == sorted(positions)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stations_in_attachment_order(workflow: Workflow, lang: Lang) -> None:
    """The stations table numbers the six stations in the attachment's order."""
    output = render(render_workflow(workflow, lang))
    stations, documents = SECTIONS[lang][3], SECTIONS[lang][4]
    cells = step_cells(output, stations, documents)
    assert len(cells) == len(STATIONS[lang])
    for cell, label in zip(cells, STATIONS[lang], strict=True):
        assert label.startswith(cell), (cell, label)


def test_prerequisites_are_numbered_one_to_eight(workflow: Workflow) -> None:
    """The prerequisites table numbers the eight preparatory steps in file order."""
    output = render(render_workflow(workflow, "en"))
    cells = step_cells(output, "Prerequisites", "Stations in order")
    assert len(cells) == 8
    assert cells[0].startswith("Transfer of")
    assert "Cleared at the Library".startswith(cells[-1])


def test_documents_show_conditions_in_plain_words(workflow: Workflow) -> None:
    """Each document shows when it is handed over, with negation and outcomes in words."""
    output = render(render_workflow(workflow, "en"), width=200)
    documents = section(output, "Documents handed over", "Schedule")
    expected = {
        "Graduation certificate": "Can graduate on time (credits complete)",
        "Completion certificate": "not: Can graduate on time (credits complete)",
        "Membership transfer letter (Party and League members)": (
            "Transfer of Party membership: Transferred or Transfer of Youth League membership: done"
        ),
        "Dispatch certificate": "Signed an employment agreement with a receiving employer",
        "Household migration certificate": "Moves household registration",
    }
    for document, condition in expected.items():
        assert re.search(rf"{re.escape(document)}\s+{re.escape(condition)}\s", documents), document
    assert "not Can" not in output


def test_documents_in_chinese_read_naturally(workflow: Workflow) -> None:
    """In Chinese a negated condition reads '不满足：…' and outcomes use a full-width colon."""
    output = render(render_workflow(workflow, "zh"), width=200)
    documents = section(output, "应领取的证书及资料", "时段安排")
    assert re.search(r"结业证书\s+不满足：能按时毕业（学分修满）\s", documents)
    assert "党组织关系转接：已转出 或 团员关系转接：已办结" in documents


def test_cohort_columns_have_distinct_titles(workflow: Workflow) -> None:
    """The cohort table titles its count column 'Headcount', not a second 'Students'."""
    cohort = section(render(render_workflow(workflow, "en")), "Cohort", "Deadlines")
    assert re.search(r"Students\s+Headcount", cohort)
    assert cohort.count("Students") == 1
    assert re.search(r"Total\s+2985", cohort)


def test_schedule_total_is_2126(workflow: Workflow) -> None:
    """The schedule ends with the total of expected students, 2126."""
    schedule = section(render(render_workflow(workflow, "en")), "Schedule")
    assert re.search(r"Scheduled in all\s+2126\s", schedule)
    assert re.search(
        r"Schedule — First-floor hall of the library \(2014-07-09 – 2014-07-11\)", schedule
    )


def test_schedule_drops_place_column_when_no_session_has_one(workflow: Workflow) -> None:
    """Without any session place, the schedule has no Place column."""
    schedule = section(render(render_workflow(workflow, "en")), "Schedule")
    assert "Place" not in schedule
    assert re.search(r"Date\s+Time\s+Students\s+Expected\s*$", schedule, flags=re.MULTILINE)


def test_schedule_keeps_place_column_when_a_session_has_one() -> None:
    """When one session names a place, the Place column appears, blank for the others."""
    small = load_workflow_text(SMALL % ", place: {en: Room 101}")
    schedule = section(render(render_workflow(small, "en")), "Schedule")
    assert re.search(r"Date\s+Time\s+Students\s+Expected\s+Place", schedule)
    assert re.search(r"Evening\s+5\s+Room 101", schedule)
    assert re.search(r"Scheduled in all\s+15\s", schedule)


def test_small_workflow_omits_empty_sections() -> None:
    """A workflow without cohort, deadlines, prerequisites or documents renders none of them."""
    small = load_workflow_text(SMALL % "")
    output = render(render_workflow(small, "en"))
    for absent in ("Cohort", "Deadlines", "Prerequisites", "Documents handed over"):
        assert absent not in output
    assert "Stations in order" in output
    assert "Schedule" in output


def test_labels_print_as_written_never_as_markup() -> None:
    """Brackets and emoji codes in labels print literally, never as Rich markup or emoji."""
    text = SMALL.replace("en: Finance,", 'en: "Finance [/nope] :smile:",').replace(
        "en: Pay,", 'en: "Pay [red]now[/red]",'
    )
    small = load_workflow_text(text % ", place: {en: '[bold]Room[/bold]'}")
    output = render(render_workflow(small, "en"), width=200)
    for written in ("Finance [/nope] :smile:", "Pay [red]now[/red]", "[bold]Room[/bold]"):
        assert written in output


def test_unknown_language_falls_back_to_english(workflow: Workflow) -> None:
    """An unknown language (from an embedder typed loosely) renders in English."""
    french = render_workflow(workflow, "fr")  # type: ignore[arg-type]
    assert render(french) == render(render_workflow(workflow, "en"))


ISSUES = (
    Issue(
        code="CF201",
        message=verbatim("unknown office 'finace'"),
        source="a.yaml",
        line=8,
        column=13,
    ),
    Issue(
        code="CF301",
        message=verbatim("office 'library' is not used by any step"),
        source="a.yaml",
        line=6,
        column=3,
        path="offices.library",
        severity=Severity.WARNING,
    ),
)


def test_issues_one_line_each() -> None:
    """Each issue prints as its own line, exactly its text form."""
    output = render(render_issues(ISSUES))
    assert output.splitlines() == [str(issue) for issue in ISSUES]


def test_issues_have_no_colour_in_a_no_colour_console() -> None:
    """A no-colour console prints the issues without any escape sequence."""
    output = render(render_issues(ISSUES), width=200, force_terminal=True, no_color=True)
    assert "\x1b[" not in output
    assert output.splitlines() == [str(issue) for issue in ISSUES]


def test_issues_are_red_and_yellow_in_a_colour_console() -> None:
    """A colour terminal shows errors red and warnings yellow."""
    file = io.StringIO()
    console = Console(file=file, width=200, force_terminal=True, color_system="standard")
    console.print(render_issues(ISSUES))
    output = file.getvalue()
    assert "\x1b[31m" + str(ISSUES[0]) in output
    assert "\x1b[33m" + str(ISSUES[1]) in output


def test_no_issues_render_nothing() -> None:
    """No issues render as empty text."""
    rendered = render_issues(())
    assert isinstance(rendered, Text)
    assert rendered.plain == ""


def test_one_kind_of_student_sees_only_their_steps_and_decided_conditions(
    workflow: Workflow,
) -> None:
    """With a profile: the header names the students, steps that do not apply are gone,
    a condition the facts decide reads 'everyone', the documents not given are gone."""
    profile = {"party_member": True, "credits_complete": False}
    output = render(render_workflow(workflow, "en", profile=profile), width=200)
    assert "For students: Party member (incl. probationary) and not: Can graduate" in output
    prerequisites = step_cells(output, "Prerequisites", "Stations in order")
    assert prerequisites[0] == "Transfer of Party membership"
    assert len(prerequisites) == 8  # the League transfer still applies to League members
    assert "Graduation certificate" not in section(output, "Documents handed over", "Schedule")
    assert "Completion certificate" in output
    plain = render(render_workflow(workflow, "en"), width=200)
    assert "For students" not in plain


# -- advice on the order (advised_after:) -----------------------------------------------

ADVISED = ROOT / "examples" / "workflows" / "advised-order.yaml"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "Best after: Books returned",
                "Best after: all others",
                "After: all others",
            ],
        ),
        ("zh", ["建议先办理：归还图书", "建议先办理：其他各项", "须先完成：其他各项"]),
    ],
)
def test_show_lists_the_advice_beside_the_order(lang: Lang, expected: list[str]) -> None:
    """Each step's advice is a note of its own, worded apart from the hard order."""
    output = render(render_workflow(load_workflow(ADVISED), lang), width=200)
    notes = re.findall(
        r"(Best after: .+?|After: .+?|建议先办理：\S+|须先完成：\S+)(?:\s{2,}|$)",
        output,
        flags=re.MULTILINE,
    )
    assert notes == expected


def test_show_joins_several_advised_steps_as_the_language_does() -> None:
    """Two advised steps read ``A, B`` in English and ``A、B`` in Chinese, by their labels."""
    text = ADVISED.read_text(encoding="utf-8").replace(
        "advised_after: [library_cleared]", "advised_after: [library_cleared, department_signed]"
    )
    workflow = load_workflow_text(text, "advised-order.yaml")
    assert "Best after: Books returned, Counsellor signs" in render(
        render_workflow(workflow, "en"), width=200
    )
    assert "建议先办理：归还图书、辅导员签字" in render(render_workflow(workflow, "zh"), width=200)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Calendar", "Closed on: 2014-07-08 Tue", "Open on: 2014-06-01 Sun"]),
        ("zh", ["校历调整", "不办公：2014-07-08 星期二", "照常办公：2014-06-01 星期日"]),
    ],
)
def test_show_lists_the_workflows_own_calendar_days(lang: Lang, expected: list[str]) -> None:
    """The ``calendar:`` days are shown last, each with its weekday; without them, nothing."""
    text = SMALL % "" + "calendar:\n  closed: [2014-07-08]\n  working: [2014-06-01]\n"
    lines = [
        line.rstrip()
        for line in render(render_workflow(load_workflow_text(text), lang)).splitlines()
    ]
    assert lines[-3:] == expected
    plain = render(render_workflow(load_workflow_text(SMALL % ""), lang))
    assert expected[0] not in plain
