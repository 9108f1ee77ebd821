"""Finding a CJK font, and the error that says how to install one."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from clearflow.documents import _typeset
from clearflow.documents._typeset import find_cjk_font
from clearflow.errors import ExitCode, FontMissingError, InputError


@pytest.mark.usefixtures("cjk_font")
def test_the_machine_font_is_found_and_covers_chinese() -> None:
    """On a machine with a CJK font (CI installs one) a font is found with its families."""
    font = find_cjk_font({})
    assert font.families
    assert font.folder.is_dir()


@pytest.mark.usefixtures("cjk_font")
def test_clearflow_font_dir_names_the_folder(tmp_path: Path) -> None:
    """CLEARFLOW_FONT_DIR wins: the fonts of that folder are used."""
    found = find_cjk_font({})
    source = next(
        p for p in sorted(found.folder.iterdir()) if p.suffix.lower() in _typeset.FONT_SUFFIXES
    )
    shutil.copy(source, tmp_path / source.name)
    font = find_cjk_font({"CLEARFLOW_FONT_DIR": str(tmp_path)})
    assert font.folder == tmp_path
    assert set(font.families) <= set(found.families)


def test_a_folder_without_fonts_is_refused_with_how_to_install_one(tmp_path: Path) -> None:
    """An empty CLEARFLOW_FONT_DIR is a FontMissingError (exit 69) naming the variable."""
    with pytest.raises(FontMissingError) as caught:
        find_cjk_font({"CLEARFLOW_FONT_DIR": str(tmp_path)})
    assert caught.value.exit_code == ExitCode.UNAVAILABLE
    assert int(caught.value.exit_code) == 69
    assert f"CLEARFLOW_FONT_DIR={tmp_path}" in str(caught.value)
    assert "apt-get install fonts-wqy-microhei" in caught.value.text("zh")
    assert "请安装" in caught.value.text("zh")


def test_no_font_anywhere_is_a_font_missing_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without fontconfig's answer and none of the known files, the error says what to do."""
    monkeypatch.setattr(_typeset, "_from_fontconfig", list)
    monkeypatch.setattr(_typeset, "KNOWN_FONTS", ("/nonexistent/font.ttc",))
    with pytest.raises(FontMissingError, match="no font with Chinese characters found"):
        find_cjk_font({})


def test_without_the_extra_the_error_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With typst missing, finding a font (and so any document) says to install the extra."""
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == "typst" else real(name)
    )
    with pytest.raises(InputError, match=r"documents need typst: .*clearflow\[documents\]"):
        find_cjk_font({})
