"""The queue over time as a picture: SVG text in the reader's language, a PNG, refusals."""

from __future__ import annotations

import struct
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from click.testing import CliRunner

from clearflow.capacity import figure
from clearflow.cli import main
from support import WORKFLOW_2014

RUN = ["capacity", str(WORKFLOW_2014), "--minutes", "1.5", "--windows", "3", "--replications", "30"]


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*RUN, *args])
    return result.exit_code, result.stdout, result.stderr


def test_an_svg_keeps_its_text_in_the_readers_language(tmp_path: Path) -> None:
    """One panel per sitting, titled in Chinese, a line per station named by its label."""
    path = tmp_path / "hall.svg"
    code, out, err = _cli("-o", str(path), "--lang", "zh", "--session", "2")
    assert code == 0, out + err
    assert f"图已写入 {path}" in err
    texts = [
        node.text or "" for node in ElementTree.parse(path).iter("{http://www.w3.org/2000/svg}text")
    ]
    assert "2014-07-10 9:00–12:00：474 名学生，各站点排队人数（p90）" in texts
    assert "计财处确认费用缴清" in texts
    assert "排队人数" in texts


def test_a_png_is_drawn_one_panel_per_sitting(tmp_path: Path) -> None:
    path = tmp_path / "hall.png"
    code, out, err = _cli("-o", str(path), "--lang", "en")
    assert code == 0, out + err
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert width == 900
    assert height == 5 * 320  # five sittings, 3.2 inches each at 100 dpi


def test_a_png_in_chinese_without_a_chinese_font_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(figure, "chinese_font", lambda: None)
    code, out, err = _cli("-o", str(tmp_path / "hall.png"), "--lang", "zh", "--session", "1")
    assert code == 0, out + err
    assert "未找到中文字体" in err


def test_another_suffix_is_refused_and_nothing_written(tmp_path: Path) -> None:
    path = tmp_path / "hall.pdf"
    code, _, err = _cli("-o", str(path), "--lang", "en")
    assert code == 1
    assert "a chart is written as .svg or .png, not '.pdf'" in err
    assert not path.exists()


def test_without_matplotlib_it_says_which_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib fails
    code, _, err = _cli("-o", str(tmp_path / "hall.svg"), "--lang", "en")
    assert code == 1
    assert "drawing a chart needs matplotlib: pip install 'clearflow[chart]'" in err
