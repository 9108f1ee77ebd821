"""read_notice_file and compare_file: a notice named by a person, as text or as .docx."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clearflow.documents import compare, compare_file, notice_docx, read_notice_file
from clearflow.errors import InputError
from clearflow.loading import load_workflow
from support import WORKFLOW_2014

SEED = Path(__file__).resolve().parents[2] / "examples" / "notices" / "notice-2014.txt"


def test_a_utf8_notice_and_the_same_in_gb18030_read_alike(tmp_path: Path) -> None:
    """Notepad's GB18030 and a UTF-8 file with a byte order mark give the same text."""
    text = SEED.read_text(encoding="utf-8")
    gb = tmp_path / "notice-gb.txt"
    gb.write_bytes(text.encode("gb18030"))
    bom = tmp_path / "notice-bom.txt"
    bom.write_bytes(text.encode("utf-8-sig"))
    assert read_notice_file(gb) == read_notice_file(bom) == text


def test_compare_file_names_the_file(tmp_path: Path) -> None:
    """compare_file locates each difference in the file it read."""
    workflow = load_workflow(WORKFLOW_2014)
    found = compare_file(workflow, SEED)
    assert [str(d).split(": ")[0] for d in found] == [
        f"{SEED}:84:6",
        f"{SEED}:85:1",
        f"{SEED}:86:1",
    ]
    assert found == compare(workflow, SEED.read_text(encoding="utf-8"), str(SEED))


def test_a_docx_notice_is_read_as_its_text(tmp_path: Path) -> None:
    """A .docx is read as its paragraphs and cells; our own notice then has no difference."""
    workflow = load_workflow(WORKFLOW_2014)
    path = tmp_path / "notice.docx"
    path.write_bytes(notice_docx(workflow, "notice", "zh"))
    assert "7月10日（星期四）" in read_notice_file(path)
    assert compare_file(workflow, path) == []


def _made(kind: str, path: Path) -> Path:
    if kind == "folder":
        path.mkdir()
    elif kind == "not a zip":
        path.write_bytes(b"not a zip")
    return path


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("missing", "{path}: no such file (check the path)"),
        ("folder", "{path}: is a directory, not a notice (name a .txt or .docx file)"),
        ("not a zip", "{path}: is not a Word (.docx) file (save it from Word or WPS as .docx)"),
    ],
)
def test_what_cannot_be_read_is_refused_by_name(kind: str, expected: str, tmp_path: Path) -> None:
    """A missing file, a folder and a .docx that is not one are InputErrors naming the path."""
    path = _made(kind, tmp_path / "notice.docx")
    with pytest.raises(InputError) as raised:
        read_notice_file(path)
    assert str(raised.value) == expected.format(path=path)


def test_bytes_that_are_no_text_are_refused(tmp_path: Path) -> None:
    """Neither UTF-8 nor GB18030: refused, in Chinese too."""
    path = tmp_path / "notice.txt"
    path.write_bytes(bytes(range(128, 256)) * 2)
    with pytest.raises(InputError) as raised:
        read_notice_file(path)
    assert str(raised.value) == (
        f"{path}: the notice is neither UTF-8 nor GB18030 text (save it as UTF-8 text)"
    )
    assert raised.value.text("zh") == (
        f"{path}: 通知既不是 UTF-8 也不是 GB18030 编码的文本（请另存为 UTF-8 文本）"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    """A FIFO is not read (it could block forever)."""
    path = tmp_path / "notice.txt"
    os.mkfifo(path)
    with pytest.raises(InputError, match="is a named pipe, not a notice"):
        read_notice_file(path)
