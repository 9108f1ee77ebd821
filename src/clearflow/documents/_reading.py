"""The reader of a notice's text: every date, time range and headcount, with its line and column.

:func:`read_notice` finds every date of a Chinese notice (``7月10日``, ``2014年6月25日``,
``7月10日——11日``, ``7月8、9、10日``, each with an optional weekday ``（星期四）``,
``（星期四、五）`` or ``(周四)``), every time range (``9:00—12：00``, ``13:00——16:30``,
``下午2:30-5:00``) and every headcount (``474人``, ``1714名``, a table cell holding only a
number), each with its line and column (1-based, in characters). It reads what people
typed, so its patterns hold Chinese characters; it says nothing itself.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Final

import attrs


@attrs.frozen(kw_only=True)
class Spot:
    """Where a text was found: line and column (1-based, in characters), and the text."""

    line: int
    column: int
    text: str


@attrs.frozen(kw_only=True)
class FoundDate:
    """A day written in a notice; ``year`` is None when the notice leaves it out, ``weekday``
    the weekday written beside it (0 is Monday) or None."""

    at: Spot
    year: int | None
    month: int
    day: int
    weekday: int | None = None

    def on(self, year: int) -> dt.date | None:
        """The date in ``year`` (its own year when written), None when there is no such day."""
        try:
            return dt.date(self.year or year, self.month, self.day)
        except ValueError:
            return None


@attrs.frozen(kw_only=True)
class FoundSpan:
    """A time range written in a notice (``下午`` already added: 2:30 read as 14:30)."""

    at: Spot
    start: dt.time
    end: dt.time


@attrs.frozen(kw_only=True)
class FoundCount:
    """A headcount written in a notice; ``cell`` when it stands alone on its line (a table's
    cell: ``474`` or ``474人``)."""

    at: Spot
    count: int
    cell: bool = False


Found = FoundDate | FoundSpan | FoundCount

_WEEKDAY_CHARS: Final = "一二三四五六日"
_DASH = r"(?:—{1,2}|–|-|－|~|～|至|到)"
_DAY_CHAR = rf"[{_WEEKDAY_CHARS}天]"
_WEEKDAYS = rf"[（(]\s*(?:星期|周)({_DAY_CHAR})((?:[、,，]\s*(?:星期|周)?{_DAY_CHAR})*)\s*[）)]"
_DATE = re.compile(
    rf"(?:(\d{{4}})\s*年\s*)?(\d{{1,2}})\s*月\s*(\d{{1,2}})"
    rf"((?:\s*(?:日)?\s*(?:、|,|，|{_DASH})\s*\d{{1,2}})*)\s*日"
    rf"(?:\s*{_WEEKDAYS})?"
)
_MORE_DAYS = re.compile(rf"(日)?\s*(、|,|，|{_DASH})\s*(\d{{1,2}})")
_SPAN = re.compile(
    rf"(上午|下午|晚上)?\s*(\d{{1,2}})\s*[:：]\s*(\d{{2}})\s*{_DASH}\s*(上午|下午|晚上)?\s*(\d{{1,2}})\s*[:：]\s*(\d{{2}})"
)
_PEOPLE = r"(?:\s*(?:人|名)|\s+(?:people|persons?|students?)\b)"
_COUNT = re.compile(rf"(?<![\d.:：])(\d{{1,6}}){_PEOPLE}")
_CELL = re.compile(rf"^\s*((\d{{1,6}}){_PEOPLE}?)\s*$")
_MONTHS: Final = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_ENGLISH_DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ENGLISH_DATE = re.compile(
    r"\b(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?(\d{1,2})\s+"
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?:,?\s+(\d{4}))?\b"
)


def _weekday(char: str) -> int:
    return 6 if char in "日天" else _WEEKDAY_CHARS.index(char)


def _hour(part: str | None, hour: int) -> int:
    return hour + 12 if part in ("下午", "晚上") and hour < 12 else hour


def _spot(text: str, offset: int, length: int, starts: list[int]) -> Spot:
    line = bisect.bisect_right(starts, offset) - 1
    return Spot(
        line=line + 1, column=offset - starts[line] + 1, text=text[offset : offset + length]
    )


def _dates(text: str, starts: list[int]) -> list[FoundDate]:
    found: list[FoundDate] = []
    for match in _DATE.finditer(text):
        year = int(match[1]) if match[1] else None
        month = int(match[2])
        single = not match[4]
        first_length = (match.end() if single else match.end(3)) - match.start()
        days: list[tuple[int, int, int]] = [(int(match[3]), match.start(), first_length)]
        ranged: list[bool] = [False]
        for more in _MORE_DAYS.finditer(match[4] or ""):
            offset = match.start(4) + more.start(3)
            days.append((int(more[3]), offset, len(more[3])))
            ranged.append(more[2] not in "、,，")
        weekdays = [_weekday(match[5])] if match[5] else []
        weekdays += [
            _weekday(char) for char in re.findall(rf"[{_WEEKDAY_CHARS}天]", match[6] or "")
        ]
        for index, (day, offset, length) in enumerate(days):
            weekday = weekdays[index] if len(weekdays) == len(days) else None
            found.append(
                FoundDate(
                    at=_spot(text, offset, length, starts),
                    year=year,
                    month=month,
                    day=day,
                    weekday=weekday,
                )
            )
            if index + 1 < len(days) and ranged[index + 1]:
                found.extend(
                    FoundDate(
                        at=_spot(text, offset, length, starts), year=year, month=month, day=between
                    )
                    for between in range(day + 1, days[index + 1][0])
                )
    return found


def _english_dates(text: str, starts: list[int]) -> list[FoundDate]:
    """``Thu 10 July``, ``10 July 2014``: the dates clearflow's English papers write."""
    return [
        FoundDate(
            at=_spot(text, match.start(), match.end() - match.start(), starts),
            year=int(match[4]) if match[4] else None,
            month=_MONTHS.index(match[3].lower()[:3]) + 1,
            day=int(match[2]),
            weekday=_ENGLISH_DAYS.index(match[1].lower()) if match[1] else None,
        )
        for match in _ENGLISH_DATE.finditer(text)
    ]


def _spans(text: str, starts: list[int]) -> list[FoundSpan]:
    found = []
    for match in _SPAN.finditer(text):
        start_hour = _hour(match[1], int(match[2]))
        end_hour = _hour(match[4] or match[1], int(match[5]))
        try:
            start = dt.time(start_hour, int(match[3]))
            end = dt.time(end_hour, int(match[6]))
        except ValueError:
            continue
        offset = match.start(2) if match[1] is None else match.start(1)
        found.append(
            FoundSpan(at=_spot(text, offset, match.end() - offset, starts), start=start, end=end)
        )
    return found


def _counts(text: str, starts: list[int], taken: list[tuple[int, int]]) -> list[FoundCount]:
    cells: dict[int, FoundCount] = {}
    for index, begin in enumerate(starts):
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
        cell = _CELL.match(text[begin:end])
        if cell:
            offset = begin + cell.start(1)
            spot = _spot(text, offset, len(cell[1]), starts)
            cells[offset] = FoundCount(at=spot, count=int(cell[2]), cell=True)
    found = list(cells.values())
    merged: list[list[int]] = []
    for low, high in sorted(taken):
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    lows = [low for low, _ in merged]
    for match in _COUNT.finditer(text):
        index = bisect.bisect_right(lows, match.start()) - 1
        clear = index < 0 or match.start() >= merged[index][1]
        if clear and match.start() not in cells:
            spot = _spot(text, match.start(), match.end() - match.start(), starts)
            found.append(FoundCount(at=spot, count=int(match[1])))
    return found


def introduces(line: str) -> bool:
    """Whether a line ends in a colon, introducing the next (``……办理毕业离校手续时间：``)."""
    return line.rstrip().endswith((":", "："))


def line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts."""
    return [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]


def read_notice(text: str) -> list[Found]:
    """Every date, time range and headcount of a notice's text, in the order written."""
    starts = line_starts(text)
    patterns = (_DATE, _ENGLISH_DATE, _SPAN)
    taken = [(m.start(), m.end()) for pattern in patterns for m in pattern.finditer(text)]
    items: list[Found] = [
        *_dates(text, starts),
        *_english_dates(text, starts),
        *_spans(text, starts),
        *_counts(text, starts, taken),
    ]
    return sorted(items, key=lambda item: (item.at.line, item.at.column))
