"""The queue over time as a picture: one panel per sitting, a line per station (SVG or PNG).

Drawn with matplotlib (the optional extra ``clearflow[chart]``), imported when a picture is
asked for. Each panel shows the students waiting at each station over the sitting (p90 over
the draws, as ``--chart`` shows them in the terminal), the clock along the bottom and the
sitting's end as a dashed line. Labels are in the reader's language; Chinese needs a font
with its characters (Noto Sans CJK, Source Han Sans, WenQuanYi): :func:`chinese_font` finds
one, and an SVG keeps its text as text, so a browser shows it with its own fonts.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from clearflow._i18n import Lang, Message
from clearflow.capacity._outlook import Outlook
from clearflow.errors import ClearflowError
from clearflow.spec import Workflow, clock
from clearflow.words import LabelText

FORMATS = (".svg", ".png")
"""The picture formats, by the file's suffix."""
CHINESE_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)
"""Fonts with Chinese characters, the first installed one used."""


class ChartError(ClearflowError):
    """The picture cannot be drawn: no matplotlib, or a format it does not write."""


def chinese_font() -> str | None:
    """The first of :data:`CHINESE_FONTS` matplotlib finds on this machine, or None."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CHINESE_FONTS if name in installed), None)


def check_format(path: Path) -> None:
    """A ChartError unless ``path`` names a format a chart is written in (ask before the
    outlook is drawn: it takes seconds)."""
    if path.suffix.lower() not in FORMATS:
        raise ChartError(
            Message(
                "'{path}': a chart is written as .svg or .png, not '{suffix}'",
                path=str(path),
                suffix=path.suffix or "(none)",
            )
        )


def write_figure(
    outlooks: Sequence[Outlook], workflow: Workflow, path: Path, lang: Lang
) -> str | None:
    """Draw the sittings' queues over time to ``path`` (``.svg`` or ``.png``); the Chinese
    font used, or None (then Chinese labels of a PNG show as boxes: install one)."""
    check_format(path)
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError:
        raise ChartError(
            Message("drawing a chart needs matplotlib: pip install 'clearflow[chart]'")
        ) from None
    font = chinese_font()
    families = [font, "DejaVu Sans"] if font is not None else ["DejaVu Sans"]
    style: Any = {"svg.fonttype": "none", "font.size": 9, "font.sans-serif": families}
    drawn = [o for o in outlooks if o.profile]
    with matplotlib.rc_context(style), warnings.catch_warnings():
        # a missing Chinese glyph is said once by the caller (the font returned is None)
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure, axes = pyplot.subplots(
            len(drawn), 1, figsize=(9, 3.2 * len(drawn)), squeeze=False, layout="constrained"
        )
        for panel, result in zip(axes[:, 0], drawn, strict=True):
            _panel(panel, result, workflow, lang)
        figure.savefig(path, metadata=_metadata(path))
        pyplot.close(figure)
    return font


def _panel(panel: Any, result: Outlook, workflow: Workflow, lang: Lang) -> None:
    from matplotlib.dates import DateFormatter

    sitting = result.sitting
    moments = [sitting.clock(minute) for minute in result.profile]
    for station in result.stations:
        name = LabelText(station.service.label, station.service.station).text(lang)
        panel.plot(moments, station.queue_over_time, label=name, linewidth=1.4)
    end = dt.datetime.combine(sitting.date, sitting.end)
    panel.axvline(end, linestyle="--", color="grey", linewidth=1)
    title = Message(
        "{date} {start}–{end}: {students} students, waiting at each station (p90)",
        date=sitting.date.isoformat(),
        start=clock(sitting.start),
        end=clock(sitting.end),
        students=sitting.students,
    )
    panel.set_title(title.text(lang), loc="left")
    panel.set_ylabel(Message("students waiting").text(lang))
    panel.set_ylim(bottom=0)
    panel.xaxis.set_major_formatter(DateFormatter("%H:%M"))  # type: ignore[no-untyped-call]
    panel.legend(fontsize=7, loc="upper right")
    panel.grid(alpha=0.3)


def _metadata(path: Path) -> dict[str, Any]:
    """No creation date in the file, so the same outlook draws the same picture."""
    return {"Date": None} if path.suffix.lower() == ".svg" else {"Software": "clearflow"}


__all__ = [
    "CHINESE_FONTS",
    "FORMATS",
    "ChartError",
    "check_format",
    "chinese_font",
    "write_figure",
]
