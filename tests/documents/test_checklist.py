"""The checklist PDF says what the workflow and the engine say of each student."""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import pypdf
import pytest
import segno

from clearflow._i18n import Lang, translate
from clearflow.documents import checklist_pdf, qr_text
from clearflow.documents._dates import session_when
from clearflow.documents._qr import BORDER, MASK
from clearflow.documents.checklist import HEADINGS, in_session_order
from clearflow.engine import Engine
from clearflow.engine._facts import NOT_APPLICABLE
from clearflow.format.student import StudentRecord, read_student
from clearflow.loading import load_workflow
from clearflow.spec import FactType, Workflow, place_of, sessions_for

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("cjk_font")
STUDENTS = sorted((ROOT / "examples" / "students").glob("*.yaml"))


@pytest.fixture(scope="module")
def workflow() -> Workflow:
    return load_workflow(ROOT / "workflows" / "gyvtc-2014.yaml")


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def checked(workflow: Workflow, step_id: str, lang: Lang) -> str:
    """What the workflow says a step checks: its ``checks:`` label, else its own label."""
    step = workflow.step(step_id)
    return (step.checks or step.label).text(lang)


def applying(workflow: Workflow, student: StudentRecord) -> tuple[list[str], list[str]]:
    """The ids of the steps the engine says apply to the student, and of those that do not."""
    engine = Engine(workflow)
    rules = engine.rules(engine.check_facts(student.facts))
    steps = [step.id for step in workflow.steps]
    out = [step for step in steps if rules.steps.get(step) == NOT_APPLICABLE]
    return [step for step in steps if step not in out], out


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", STUDENTS, ids=lambda path: path.stem)
def test_a_page_names_the_student_their_session_and_every_step_that_applies(
    workflow: Workflow, path: Path, lang: Lang
) -> None:
    """Name, id, session date as a notice writes it, place, and each applying step's office
    and what it checks appear on the page; a step that does not apply does not."""
    student = read_student(path, workflow)
    (text,) = page_texts(checklist_pdf(workflow, [student], lang=lang))
    steps_part = text.split(translate(HEADINGS["documents"], lang))[0]
    assert student.name is not None
    assert student.name in text
    assert student.id in text
    for session in sessions_for(workflow, Engine(workflow).check_facts(student.facts)):
        assert session_when(session, lang) in text
        place = place_of(workflow, session)
        assert place is not None
        assert place.text(lang) in text
    applies, not_applies = applying(workflow, student)
    shown = {checked(workflow, step, lang) for step in applies}
    for step_id in applies:
        step = workflow.step(step_id)
        assert workflow.office(step.office).label.text(lang) in steps_part
        assert checked(workflow, step_id, lang) in steps_part
    for step_id in not_applies:
        label = checked(workflow, step_id, lang)
        if label not in shown:  # a label an applying step shares tells nothing
            assert label not in steps_part, step_id
    assert not_applies or len(STUDENTS) > 1  # (some example students skip a step: see below)


def test_the_examples_include_a_student_a_step_does_not_apply_to(workflow: Workflow) -> None:
    """The test above checks absence on at least one real case."""
    assert any(applying(workflow, read_student(path, workflow))[1] for path in STUDENTS)


def test_the_session_date_reads_as_a_chinese_notice_writes_it(workflow: Workflow) -> None:
    """7月10日（星期四） 9:00—12:00 for 李雷's session (the notice's em dash), and in English."""
    student = read_student(ROOT / "examples" / "students" / "li-lei.yaml", workflow)
    (session, *_) = sessions_for(workflow, Engine(workflow).check_facts(student.facts))
    assert session_when(session, "zh") == "7月10日（星期四） 9:00—12:00"
    assert session_when(session, "en") == "Thu 10 July 9:00–12:00"


def test_pages_come_in_session_order_then_by_id(workflow: Workflow) -> None:
    """Students given in any order are printed by their session in the schedule, then id."""
    students = [read_student(path, workflow) for path in reversed(STUDENTS)]
    ordered = in_session_order(workflow, students)
    texts = page_texts(checklist_pdf(workflow, students))
    assert [s.id for s in ordered] == [next(s.id for s in students if s.id in t) for t in texts]
    sessions = workflow.schedule.sessions  # type: ignore[union-attr]
    numbers = [
        min(
            (
                sessions.index(s)
                for s in sessions_for(workflow, Engine(workflow).check_facts(x.facts))
            ),
            default=99,
        )
        for x in ordered
    ]
    assert numbers == sorted(numbers)


def test_user_text_is_printed_as_written_never_read_as_markup(workflow: Workflow) -> None:
    """A name and id with typst's markup characters come out as typed."""
    li_lei = read_student(ROOT / "examples" / "students" / "li-lei.yaml", workflow)
    name = '李#雷 *bold* $x^2$ [link] #set text(red) \\ "quote"'
    student = attrs.evolve(li_lei, name=name, id="2014#*$[]")
    (text,) = page_texts(checklist_pdf(workflow, [student]))
    assert name in text
    assert "2014#*$[]" in text
    assert qr_text(workflow, "2014#*$[]") in text


def test_the_qr_code_on_the_page_is_the_students_code(workflow: Workflow) -> None:
    """The page's one picture is the student's code, module for module: its pixels are
    segno's matrix of :func:`qr_text` with the 4-module quiet zone (dark is 0)."""
    li_lei = read_student(ROOT / "examples" / "students" / "li-lei.yaml", workflow)
    pdf = checklist_pdf(workflow, [li_lei])
    (picture,) = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images
    image = picture.image
    assert image is not None
    matrix = segno.make(qr_text(workflow, li_lei.id), error="m", micro=False, mask=MASK).matrix
    size = len(matrix) + 2 * BORDER
    assert image.size == (size, size)
    dark = [
        [image.getpixel((x + BORDER, y + BORDER)) == 0 for x in range(len(matrix))]
        for y in range(len(matrix))
    ]
    assert dark == [[bool(module) for module in row] for row in matrix]
    other = segno.make(qr_text(workflow, "2014999999"), error="m", micro=False, mask=MASK).matrix
    assert dark != [[bool(module) for module in row] for row in other]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_kind_of_student_gets_exactly_one_page(workflow: Workflow, lang: Lang) -> None:
    """Each combination of the yes/no facts (the most steps and documents included) fits
    on one page, in both languages: a PDF of N students has N pages, each its student's."""
    li_lei = read_student(ROOT / "examples" / "students" / "li-lei.yaml", workflow)
    flags = [fact.id for fact in workflow.facts if fact.type is FactType.BOOL]
    students = [
        attrs.evolve(
            li_lei,
            id=f"2014{n:06d}",
            facts={**li_lei.facts, **{flag: bool(n >> i & 1) for i, flag in enumerate(flags)}},
        )
        for n in range(2 ** len(flags))
    ]
    texts = page_texts(checklist_pdf(workflow, students, lang=lang))
    assert len(texts) == len(students)
    assert all(student.id in text for student, text in zip(students, texts, strict=True))
