"""``clearflow documents --what notice|attachment`` and ``--compare`` at the command line."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner, Result

from clearflow.cli import main
from clearflow.documents import compare, docx_text
from clearflow.loading import load_workflow
from support import WORKFLOW_2014

ROOT = Path(__file__).resolve().parents[2]
NOTICE_2014 = ROOT / "examples" / "notices" / "notice-2014.txt"
pytestmark = pytest.mark.usefixtures("cjk_font")


def run(*args: str, lang: str = "en") -> Result:
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "CLEARFLOW_LANG": lang})
    return runner.invoke(main, list(args))


@pytest.mark.parametrize("what", ["notice", "attachment"])
def test_a_paper_is_written_as_word_and_pdf_from_one_content(tmp_path: Path, what: str) -> None:
    """Both files, each saying what the workflow says; the folder is made."""
    out = tmp_path / "papers"
    result = run("documents", str(WORKFLOW_2014), "--what", what, "-o", str(out), lang="zh")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"已写入 {out / (what + '.docx')}",
        f"已写入 {out / (what + '.pdf')}",
    ]
    workflow = load_workflow(WORKFLOW_2014)
    word = docx_text((out / f"{what}.docx").read_bytes())
    pdf = "\n".join(p.extract_text() for p in pypdf.PdfReader(out / f"{what}.pdf").pages)
    assert compare(workflow, word) == []
    assert compare(workflow, pdf) == []
    assert "474人" in word
    assert "474人" in pdf


def test_the_starter_and_a_template_made_from_it(tmp_path: Path) -> None:
    """--starter writes the default layout as tags; filled in again with --template it reads
    as the default Word file; no PDF is made from a template."""
    args = ["documents", str(WORKFLOW_2014), "--what", "attachment", "-o", str(tmp_path)]
    assert run(*args, "--starter").exit_code == 0
    starter = tmp_path / "attachment-template.docx"
    assert "{{" in "\n".join(p.text for p in docx.Document(str(starter)).paragraphs)
    filled = run(*args, "--template", str(starter))
    assert filled.exit_code == 0, filled.output
    assert not (tmp_path / "attachment.pdf").exists()
    made = docx_text((tmp_path / "attachment.docx").read_bytes())
    assert compare(load_workflow(WORKFLOW_2014), made) == []
    assert "Higher vocational · Tourism" in made


def test_a_bad_template_is_located_and_nothing_is_written(tmp_path: Path) -> None:
    template = tmp_path / "ours.docx"
    paper = docx.Document()
    paper.add_paragraph("{{ titel }}")
    paper.save(str(template))
    out = tmp_path / "out"
    result = run(
        "documents", str(WORKFLOW_2014), "--what", "notice", "-o", str(out), "--template",
        str(template),
    )  # fmt: skip
    assert result.exit_code == 1
    assert f"{template}:1:4: template uses 'titel'" in result.output
    assert "did you mean 'title'?" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_compare_reports_the_2014_attachments_days_and_exits_1() -> None:
    """The seed's notice: its attachment's 07-08..07-10 service days, three lines, exit 1."""
    result = run("documents", str(WORKFLOW_2014), "--compare", str(NOTICE_2014))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [
        f"{NOTICE_2014}:84:6",
        f"{NOTICE_2014}:85:1",
        f"{NOTICE_2014}:86:1",
    ]
    assert lines[-1] == f"3 differences between {NOTICE_2014} and the workflow"


def test_compare_of_our_own_notice_agrees_and_exits_0(tmp_path: Path) -> None:
    assert (
        run("documents", str(WORKFLOW_2014), "--what", "notice", "-o", str(tmp_path)).exit_code == 0
    )
    result = run("documents", str(WORKFLOW_2014), "--compare", str(tmp_path / "notice.docx"))
    assert result.exit_code == 0
    assert "agrees with the workflow" in result.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--what", "notice"], "name the folder to write to: -o DIR"),
        (["--what", "checklist", "-o", "x", "--starter"], "--template and --starter are for"),
    ],
)
def test_usage_mistakes_are_said(args: list[str], said: str) -> None:
    result = run("documents", str(WORKFLOW_2014), *args)
    assert result.exit_code == 2
    assert said in result.output


def test_a_notice_that_cannot_be_read_is_refused_by_name(tmp_path: Path) -> None:
    old = tmp_path / "notice.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    result = run("documents", str(WORKFLOW_2014), "--compare", str(old))
    assert result.exit_code == 1
    assert str(old) in result.output
    assert "Traceback" not in result.output


def test_the_pdf_is_a_real_pdf(tmp_path: Path) -> None:
    run("documents", str(WORKFLOW_2014), "--what", "notice", "-o", str(tmp_path))
    reader = pypdf.PdfReader(io.BytesIO((tmp_path / "notice.pdf").read_bytes()))
    assert len(reader.pages) >= 2
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4
