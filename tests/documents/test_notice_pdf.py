"""The notice and its attachment as PDF: what is read back agrees with the workflow."""

from __future__ import annotations

import io

import attrs
import pypdf
import pytest

from clearflow.documents import CjkFont, compare, headcount_text, notice_docx, notice_pdf
from clearflow.loading import load_workflow
from clearflow.spec import Workflow
from support import WORKFLOW_2014
from support.documents import expected_texts


@pytest.fixture(scope="module")
def workflow() -> Workflow:
    return load_workflow(WORKFLOW_2014)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("what", ["notice", "attachment"])
def test_every_date_time_headcount_and_office_is_in_the_pdf(
    workflow: Workflow, cjk_font: CjkFont, what: str, lang: str
) -> None:
    """Text extracted from the PDF holds every date, time, headcount and office the YAML
    says, written as the notice writes them; and compare finds nothing in it."""
    text = pdf_text(notice_pdf(workflow, what, lang, font=cjk_font))  # type: ignore[arg-type]
    flat = "".join(text.split())  # a long cell wraps, and a wrap reads back as a space
    missing = [
        want for want in expected_texts(workflow, lang, what) if "".join(want.split()) not in flat
    ]
    assert missing == []
    assert compare(workflow, text, f"{what}.pdf") == []


def test_the_pdf_and_the_docx_say_the_same(workflow: Workflow, cjk_font: CjkFont) -> None:
    """Both files come from one content: every line of the Word notice is in the PDF."""
    from clearflow.documents import docx_text

    pdf = pdf_text(notice_pdf(workflow, "notice", "zh", font=cjk_font))
    flat = "".join(pdf.split())
    lines = [line for line in docx_text(notice_docx(workflow, "notice", "zh")).split("\n") if line]
    assert len(lines) > 40
    assert [line for line in lines if "".join(line.split()) not in flat] == []


def test_a_pdf_of_last_years_rules_is_caught(workflow: Workflow, cjk_font: CjkFont) -> None:
    """The PDF made before a headcount changed disagrees with the changed workflow, at the
    number that changed."""
    schedule = workflow.schedule
    assert schedule is not None
    sessions = list(schedule.sessions)
    sessions[1] = attrs.evolve(sessions[1], expected=470)
    changed = attrs.evolve(workflow, schedule=attrs.evolve(schedule, sessions=tuple(sessions)))
    old = pdf_text(notice_pdf(workflow, "notice", "zh", font=cjk_font))
    assert headcount_text(470, "zh") not in old
    found = compare(changed, old, "notice.pdf")
    assert [(d.kind, d.found) for d in found] == [("headcount", "474人")]
