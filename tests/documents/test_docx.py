"""The notice and its attachment as .docx: round trip to the workflow, fonts, staff templates."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import attrs
import docx
import pytest
from docx.oxml.ns import qn

from clearflow.documents import (
    FoundDate,
    TemplateError,
    compare,
    day_text,
    docx_text,
    headcount_text,
    notice_docx,
    read_notice,
    span_text,
    starter_template,
)
from clearflow.loading import load_workflow
from clearflow.spec import Workflow, hours_on
from support import WORKFLOW_2014
from support.documents import expected_texts


@pytest.fixture(scope="module")
def workflow() -> Workflow:
    return load_workflow(WORKFLOW_2014)


def docx_lines(data: bytes) -> list[str]:
    """Every paragraph of the body and of each table cell, in document order (a cell once)."""
    return docx_text(data).split("\n")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("what", ["notice", "attachment"])
def test_every_date_time_headcount_and_office_is_in_the_docx(
    workflow: Workflow, what: str, lang: str
) -> None:
    """Text read back from the .docx holds everything the YAML says, as the YAML says it."""
    text = "\n".join(docx_lines(notice_docx(workflow, what, lang)))  # type: ignore[arg-type]
    missing = [want for want in expected_texts(workflow, lang, what) if want not in text]
    assert missing == []


def test_the_attachments_service_days_are_the_schedules(workflow: Workflow) -> None:
    """The attachment lists each service day with the hall's hours that day, and no other day."""
    lines = docx_lines(notice_docx(workflow, "attachment", "zh"))
    schedule = workflow.schedule
    assert schedule is not None
    for session in schedule.sessions:
        hours = hours_on(schedule.hours, session.date, {}) or ()
        shown = ", ".join(span_text(start, end, "zh") for start, end in hours)
        assert shown in lines[lines.index(day_text(session.date, "zh")) + 1]
    assert "7月8日（星期二）" not in "\n".join(lines)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("what", ["notice", "attachment"])
def test_the_docx_read_back_agrees_with_the_workflow(
    workflow: Workflow, what: str, lang: str
) -> None:
    """compare finds nothing in the text of our own .docx: the documents say what the YAML says."""
    text = docx_text(notice_docx(workflow, what, lang))  # type: ignore[arg-type]
    assert len([d for d in read_notice(text) if isinstance(d, FoundDate)]) > 10
    assert compare(workflow, text, f"{what}.docx") == []


def test_a_mismatch_is_caught(workflow: Workflow) -> None:
    """A workflow whose headcount changed no longer matches the .docx of the old one."""
    old = "\n".join(docx_lines(notice_docx(workflow, "notice", "zh")))
    schedule = workflow.schedule
    assert schedule is not None
    session = attrs.evolve(schedule.sessions[1], expected=470)
    changed = attrs.evolve(
        workflow,
        schedule=attrs.evolve(
            schedule, sessions=(schedule.sessions[0], session, *schedule.sessions[2:])
        ),
    )
    assert headcount_text(470, "zh") not in old
    assert [want for want in expected_texts(changed, "zh") if want not in old] == ["470人"]
    found = compare(changed, old, "notice.docx")
    assert [(d.kind, d.found) for d in found] == [("headcount", "474人")]
    english = compare(changed, docx_text(notice_docx(workflow, "attachment", "en")))
    assert [(d.kind, d.found) for d in english] == [("headcount", "474 people")]


def test_east_asian_fonts_are_set_on_styles_and_runs(workflow: Workflow) -> None:
    """w:eastAsia is set on the styles and on every run (python-docx leaves it unset)."""
    document = docx.Document(io.BytesIO(notice_docx(workflow, "notice", "zh")))
    normal = document.styles["Normal"].element.xpath("./w:rPr/w:rFonts/@w:eastAsia")
    assert normal == ["仿宋"]
    runs = list(document.element.body.iter(qn("w:r")))
    assert runs
    fonts = {run.rPr.rFonts.get(qn("w:eastAsia")) for run in runs}
    assert fonts <= {"仿宋", "黑体", "宋体"}
    assert None not in fonts
    title = document.paragraphs[0].runs[0].element.xpath("./w:rPr/w:rFonts/@w:eastAsia")
    assert title == ["宋体"]
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)  # type: ignore[union-attr]


def _template(tmp_path: Path, *paragraphs: str) -> str:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / "mine.docx"
    document.save(str(path))
    return str(path)


def test_a_staff_template_is_rendered_with_the_content(workflow: Workflow, tmp_path: Path) -> None:
    """{{ notice_title }} and a loop over the schedule are filled from the workflow."""
    path = _template(
        tmp_path,
        "{{ notice_title }}",
        "{% for row in schedule %}{{ row.date_text }} {{ row.headcount_text }}；{% endfor %}",
        "{{ headings.place }}：{{ place }} ({{ what }})",
    )
    lines = docx_lines(notice_docx(workflow, "notice", "zh", template=path))
    assert lines[0] == "关于贵阳职业技术学院2014届毕业生离校手续的通知"
    assert lines[1].startswith("7月9日（星期三） 549人；7月10日（星期四） 474人；")
    assert lines[2] == "地点：图书馆一楼大厅 (notice)"


def test_a_template_variable_the_notice_lacks_is_located(
    workflow: Workflow, tmp_path: Path
) -> None:
    """Every unknown variable is an issue at its paragraph and column, with a did-you-mean."""
    path = _template(tmp_path, "通知", "标题：{{ titel }}", "{{ title }} {{ plcae }}")
    with pytest.raises(TemplateError) as raised:
        notice_docx(workflow, "notice", "zh", template=path)
    assert [issue.text("en") for issue in raised.value.issues] == [
        f"{path}:2:7: template uses 'titel', which the notice does not have "
        "(did you mean 'title'?) [CF802]",
        f"{path}:3:16: template uses 'plcae', which the notice does not have "
        "(did you mean 'place'?) [CF802]",
    ]
    assert raised.value.issues[0].text("zh") == (
        f"{path}:2:7: 模板使用了 'titel'，通知中没有这一项（是否想写 'title'？）[CF802]"
    )


def test_a_file_that_is_not_a_docx(workflow: Workflow, tmp_path: Path) -> None:
    """A text file named as a template is CF801, not a traceback."""
    path = tmp_path / "notice.doc"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(TemplateError) as raised:
        notice_docx(workflow, "notice", "zh", template=str(path))
    (issue,) = raised.value.issues
    assert issue.code == "CF801"
    assert str(issue) == (
        f"{path}:1:1: is not a Word (.docx) file (save it from Word or WPS as .docx) [CF801]"
    )
    with pytest.raises(TemplateError, match="no such file"):
        notice_docx(workflow, "notice", "zh", template=str(tmp_path / "gone.docx"))


def test_template_tags_that_do_not_parse(workflow: Workflow, tmp_path: Path) -> None:
    """An unclosed tag is CF803."""
    path = _template(tmp_path, "{% for row in schedule %}{{ row.date_text }}")
    with pytest.raises(TemplateError) as raised:
        notice_docx(workflow, "notice", "zh", template=path)
    assert [issue.code for issue in raised.value.issues] == ["CF803"]


def test_importing_the_package_loads_no_word_library() -> None:
    """clearflow.documents loads python-docx and docxtpl only when notice_docx is first used."""
    code = (
        "import sys, clearflow.documents as d; d.notice_content; "
        "print('docx' in sys.modules, 'docxtpl' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_a_template_cannot_reach_python_and_values_are_escaped(
    workflow: Workflow, tmp_path: Path
) -> None:
    """Jinja is sandboxed, and a label holding & < > reads as text in the rendered file."""
    evil = _template(tmp_path, "{{ title.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError) as raised:
        notice_docx(workflow, "notice", "zh", template=evil)
    assert [issue.code for issue in raised.value.issues] == ["CF803"]
    marked = attrs.evolve(workflow, title=attrs.evolve(workflow.title, zh="A & <B> 离校"))
    path = _template(tmp_path, "{{ title }}")
    assert docx_lines(notice_docx(marked, "notice", "zh", template=path)) == ["A & <B> 离校"]


def test_docx_text_keeps_line_breaks_and_tabs() -> None:
    """A break inside a paragraph (Shift+Enter in Word) is a new line, a tab a tab."""
    document = docx.Document()
    paragraph = document.add_paragraph("7月10日")
    paragraph.add_run().add_break()
    paragraph.add_run("9:00—12:00\t474人")
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_text(buffer.getvalue()) == "7月10日\n9:00—12:00\t474人"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("what", ["notice", "attachment"])
def test_the_starter_template_renders_as_the_default_paper(
    workflow: Workflow, what: str, lang: str, tmp_path: Path
) -> None:
    """Rendered unchanged, the starter template says word for word what the default says."""
    path = tmp_path / f"starter-{what}.docx"
    path.write_bytes(starter_template(what))  # type: ignore[arg-type]
    through = docx_text(notice_docx(workflow, what, lang, template=str(path)))  # type: ignore[arg-type]
    assert through == docx_text(notice_docx(workflow, what, lang))  # type: ignore[arg-type]
    assert "{{" not in through


def test_a_template_that_fails_as_it_runs(workflow: Workflow, tmp_path: Path) -> None:
    """A filter given the wrong kind of value is CF803 with Jinja's words, not a traceback."""
    path = _template(tmp_path, "{{ total_headcount | join(',') }}", "{{ title | nosuch }}")
    with pytest.raises(TemplateError) as raised:
        notice_docx(workflow, "notice", "zh", template=path)
    (issue,) = raised.value.issues
    assert issue.code == "CF803"
    assert "No filter named 'nosuch'" in str(issue)
    path = _template(tmp_path, "{{ total_headcount | join(',') }}")
    with pytest.raises(TemplateError) as raised:
        notice_docx(workflow, "notice", "zh", template=path)
    assert str(raised.value.issues[0]).startswith(f"{path}:1:1: template cannot be rendered: ")
    assert str(raised.value.issues[0]).endswith(
        "(use the variables as documents.md shows them) [CF803]"
    )
