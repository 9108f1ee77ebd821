"""Typesetting: a shipped typst template and its data, as JSON, to PDF bytes.

The data never becomes markup: the template reads it with ``json(bytes(sys.inputs.data))``
and shows its strings as text, so a label with ``#``, ``*``, ``$`` or ``[`` prints as
written. Chinese needs a CJK font; :func:`find_cjk_font` looks for one, once per process:
the folder ``CLEARFLOW_FONT_DIR`` names, else fontconfig's (``fc-list :lang=zh``) when
``fc-list`` is there, else the places Debian, Fedora, macOS and Windows keep theirs. None
found is a :class:`~clearflow.errors.FontMissingError` saying how to install one. typst
loads only that font (and its own embedded ones), never every system font, so a page
compiles the same on every machine that has it.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from clearflow._i18n import Message
from clearflow.errors import FontMissingError, InputError

if TYPE_CHECKING:
    import typst

FONT_DIR_VARIABLE = "CLEARFLOW_FONT_DIR"
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
PREFERRED = ("wqy-microhei", "notosanscjk", "sourcehansans", "wqy-zenhei", "notoserifcjk")
"""Font files chosen first, by the start of their lower-case name, among those that have CJK."""
KNOWN_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)
"""Where systems keep a CJK font, tried in order when fontconfig is not there to ask."""
INSTALL_HINT = Message(
    "install one: 'apt-get install fonts-wqy-microhei' (or fonts-noto-cjk), or name a "
    "folder holding a .ttf, .ttc or .otf font with Chinese in CLEARFLOW_FONT_DIR"
)


EXTRA = {"typst": "typst", "segno": "segno", "docx": "python-docx", "docxtpl": "docxtpl"}
"""The libraries of the optional ``documents`` extra: module name to package name."""


def require_extra() -> None:
    """An InputError saying how to install the ``documents`` extra when a library of it is
    missing (before anything is read or set)."""
    missing = [package for name, package in EXTRA.items() if importlib.util.find_spec(name) is None]
    if missing:
        raise InputError(
            Message(
                "documents need {libraries}: install clearflow's documents extra "
                "(pip install 'clearflow[documents]')",
                libraries=", ".join(missing),
            )
        )


@attrs.frozen
class CjkFont:
    """The font the documents are set in: its folder (typst loads folders) and families."""

    folder: Path
    families: tuple[str, ...]


def find_cjk_font(environ: Mapping[str, str] | None = None) -> CjkFont:
    """The CJK font to use (see the module's docstring), or FontMissingError."""
    require_extra()
    environ = os.environ if environ is None else environ
    chosen = environ.get(FONT_DIR_VARIABLE, "")
    if chosen:
        folder = Path(chosen)
        if not folder.is_dir() or not any(_font_files(folder)):
            raise FontMissingError(
                Message(
                    "{variable}={folder}: no .ttf, .ttc or .otf font in that folder ({hint})",
                    variable=FONT_DIR_VARIABLE,
                    folder=chosen,
                    hint=INSTALL_HINT,
                )
            )
        return _font_in(folder)
    found = _from_fontconfig() or [Path(path) for path in KNOWN_FONTS if Path(path).is_file()]
    if not found:
        raise FontMissingError(
            Message("no font with Chinese characters found ({hint})", hint=INSTALL_HINT)
        )
    return _font_in(min(found, key=_preference).parent)


def _font_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.suffix.lower() in FONT_SUFFIXES)


def _from_fontconfig() -> list[Path]:
    """The files fontconfig lists as covering Chinese ([] without fc-list)."""
    command = shutil.which("fc-list")
    if command is None:
        return []
    try:
        listed = subprocess.run(
            [command, ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    paths = (line.strip().rstrip(":") for line in listed.splitlines())
    return [Path(path) for path in paths if path.lower().endswith(FONT_SUFFIXES)]


def _preference(path: Path) -> tuple[int, str]:
    name = path.name.lower().replace(" ", "")
    rank = next((n for n, start in enumerate(PREFERRED) if name.startswith(start)), len(PREFERRED))
    return rank, str(path)


def _font_in(folder: Path) -> CjkFont:
    import typst  # optional (the documents extra), and heavy: loaded when a document is made

    fonts = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(folder)]
    )
    families = tuple(sorted(fonts.families(), key=lambda family: ("Mono" in family, family)))
    if not families:
        raise FontMissingError(
            Message(
                "{folder}: typst reads no font there ({hint})",
                folder=str(folder),
                hint=INSTALL_HINT,
            )
        )
    return CjkFont(folder=folder, families=families)


@functools.cache
def _fonts(folder: Path) -> typst.Fonts:
    """The fonts typst sets a document in: the CJK font's folder and typst's own."""
    import typst

    return typst.Fonts(include_system_fonts=False, font_paths=[str(folder)])


@functools.cache
def template(name: str) -> bytes:
    """A shipped template's source (``checklist.typ``)."""
    return resources.files("clearflow.documents").joinpath("templates").joinpath(name).read_bytes()


def typeset(name: str, data: Mapping[str, Any], font: CjkFont | None = None) -> bytes:
    """The PDF of template ``name`` filled with ``data`` (JSON-able), in ``font``."""
    import typst

    font = font or find_cjk_font()
    given = {**data, "fonts": list(font.families)}
    text = json.dumps(given, ensure_ascii=False, separators=(",", ":"))
    return typst.compile(
        template(name),
        font_paths=_fonts(font.folder),
        sys_inputs={"data": text},
        timestamp=0,  # the same data, the same bytes
        pdf_tags=False,  # printed and signed by hand; tags made a session's PDF 7 times larger
    )


__all__ = [
    "FONT_DIR_VARIABLE",
    "CjkFont",
    "find_cjk_font",
    "require_extra",
    "template",
    "typeset",
]
