"""The checklist's code: its text round trip, and the codes a station refuses."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from clearflow.documents import qr_text, read_qr_text, scanned_student
from clearflow.documents._qr import digest_of, qr_png
from clearflow.errors import InputError
from clearflow.loading import load_workflow
from clearflow.spec import Workflow, rules_digest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def workflow() -> Workflow:
    return load_workflow(ROOT / "workflows" / "gyvtc-2014.yaml")


@pytest.mark.parametrize("student", ["2014010203", "2014:07:a", "张 三", "x#*$[]"])
def test_the_text_reads_back_as_the_workflow_digest_and_student(
    workflow: Workflow, student: str
) -> None:
    """A code's text gives back the workflow id, the short rules digest and the student id
    (a colon in the id included), and a scanner's line end is trimmed."""
    text = qr_text(workflow, student)
    assert "\n" not in text
    assert text == f"clearflow:1:gyvtc-2014:{rules_digest(workflow)[:12]}:{student}"
    assert read_qr_text(text + "\r\n") == ("gyvtc-2014", digest_of(workflow), student)
    assert scanned_student(workflow, text + "\n") == student


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2014010203", "is not a clearflow checklist code"),
        ("http://example.org/x:y:z:w", "is not a clearflow checklist code"),
        ("clearflow:2:gyvtc-2014:0123456789ab:1", "is of format 2"),
        ("clearflow:1:gyvtc-2014:0123:1", "cut short or damaged"),
        ("clearflow:1:gyvtc-2014:0123456789ab:", "cut short or damaged"),
    ],
)
def test_a_malformed_code_is_refused_where_it_was_read(text: str, said: str) -> None:
    """Text that is not a clearflow code is an InputError that names where it came from."""
    with pytest.raises(InputError) as caught:
        read_qr_text(text, "<stdin>")
    assert str(caught.value).startswith("<stdin>: ")
    assert said in str(caught.value)
    assert "：" in caught.value.text("zh") or "<stdin>: " in caught.value.text("zh")


def test_a_code_of_another_workflow_or_other_rules_is_refused(workflow: Workflow) -> None:
    """A checklist of another procedure, or printed before the rules changed, opens nothing."""
    other = attrs.evolve(workflow, id="other-2015")
    with pytest.raises(InputError, match="of workflow 'other-2015', not 'gyvtc-2014'"):
        scanned_student(workflow, qr_text(other, "2014010203"), "<stdin>")
    stale = f"clearflow:1:gyvtc-2014:{'0' * 12}:2014010203"
    with pytest.raises(InputError, match="printed for other rules") as caught:
        scanned_student(workflow, stale, "<stdin>")
    assert "重新打印" in caught.value.text("zh")


def test_the_picture_is_a_small_png_of_one_pixel_per_module(workflow: Workflow) -> None:
    """The code is drawn as a PNG a few hundred bytes long, which typst scales up."""
    png = qr_png(qr_text(workflow, "2014010203"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) < 1000
