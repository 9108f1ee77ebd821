"""Hostile case files: each is a located CaseDataError (exit 1), the file unchanged, no crash.

Every entry of :data:`HOSTILE` is a case file as a careless or hostile person could leave
it (deep nesting, huge numbers, lone surrogates, NUL characters, values of the wrong kind,
gaps in the events, dates that overflow, a corrupt line in the middle), and the exact
message ``load_case`` and ``clearflow walk --case`` give for it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from clearflow.cli import main
from clearflow.engine import Case, load_case, save_case, snapshot
from clearflow.errors import CaseDataError
from support import EARLY, WORKFLOW_2014, engine_2014, profile, staff, start

WHOLE = "a whole number from 1 to 9223372036854775807"
WHEN = "a date and time with its UTC offset, e.g. '2014-07-10T10:42:00+08:00'"
START = "2014-07-01T09:30:00+08:00"


def base() -> Case:
    """The case every hostile file is made from: started, the library cleared."""
    case = start(profile())
    case.clear("library_cleared", staff("library"), at=EARLY)
    return case


def format_2() -> list[str]:
    """The lines of the base case's format-2 file: the header, the start, the clearance."""
    header = {
        "clearflow_case": 2,
        "workflow": {"id": "gyvtc-2014", "digest": engine_2014().workflow.digest},
        "student": {"id": "2014001", "name": "张三"},
    }
    return [json.dumps(header, ensure_ascii=False)] + [
        json.dumps(event.to_dict(), ensure_ascii=False) for event in base().events
    ]


def line(number: int, edit: Callable[[str], str]) -> Callable[[], str]:
    """The format-2 file with line ``number`` (from 1) edited."""

    def make() -> str:
        lines = format_2()
        lines[number - 1] = edit(lines[number - 1])
        return "\n".join(lines) + "\n"

    return make


def format_1(edit: Callable[[str], str]) -> Callable[[], str]:
    """The format-1 file (one indented JSON document) of the base case, edited."""
    return lambda: edit(json.dumps(snapshot(base()), ensure_ascii=False, indent=1))


def swap(old: str, new: str, count: int = -1) -> Callable[[str], str]:
    """An edit replacing ``old`` with ``new`` (the first ``count`` times)."""

    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)

    return edit


HOSTILE: dict[str, tuple[Callable[[], str], str]] = {
    "deeply nested JSON": (
        lambda: "[" * 100_000,
        "1:1: not a case file: nested too deeply to read",
    ),
    "deeply nested event line": (
        line(3, lambda _: "[" * 100_000),
        "3:1: not a case file: nested too deeply to read",
    ),
    "number of 5000 digits": (
        line(3, swap('"seq": 2', '"seq": ' + "9" * 5000)),
        "3:1: not a case file: a number has too many digits to read",
    ),
    "number beyond a float": (
        line(3, swap('"seq": 2', '"seq": 1e999999')),
        f"3:1: seq: expected {WHOLE}, found Infinity",
    ),
    "number beyond BIGINT": (
        line(3, swap('"seq": 2', f'"seq": {2**63}')),
        f"3:1: seq: expected {WHOLE}, found 9223372036854775808",
    ),
    "fractional seq": (
        line(3, swap('"seq": 2', '"seq": 2.5')),
        f"3:1: seq: expected {WHOLE}, found 2.5",
    ),
    "lone surrogate in an event": (
        line(3, swap('"office": "library"', '"office": "lib\\ud800"')),
        "3:80: not a case file: a string holds a lone surrogate, which is not text (remove it)",
    ),
    "lone low surrogate in the student id": (
        line(1, swap('"2014001"', '"2014\\udc00001"')),
        "1:158: not a case file: a string holds a lone surrogate, which is not text (remove it)",
    ),
    "NUL in the student id": (
        line(1, swap('"2014001"', '"2014\\u0000001"')),
        "1:158: not a case file: a string holds a NUL character (\\u0000), which is not text "
        "(remove it)",
    ),
    "NUL in a staff id": (
        line(3, swap('"staff": "S01"', '"staff": "S\\u00000"')),
        "3:98: not a case file: a string holds a NUL character (\\u0000), which is not text "
        "(remove it)",
    ),
    "event line that is a list": (
        line(3, lambda _: "[1, 2]"),
        "3:1: expected an event (an object), found a list",
    ),
    "event line that is a number": (
        line(3, lambda _: "7"),
        "3:1: expected an event (an object), found 7",
    ),
    "gap in the events": (
        line(3, swap('"seq": 2', '"seq": 3')),
        "3:1: seq: expected 2, found 3 (events are missing or out of order)",
    ),
    "date overflowing UTC": (
        line(3, swap(START, "9999-12-31T23:59:59-14:00")),
        "3:1: at: '9999-12-31T23:59:59-14:00' is out of range once moved to UTC or the "
        "workflow's zone (a date must lie between the years 1 and 9999)",
    ),
    "date without an offset": (
        line(3, swap(START, "2014-07-01T09:30:00")),
        f"3:1: at: expected {WHEN}, found '2014-07-01T09:30:00'",
    ),
    "corrupt middle line": (
        line(2, lambda text: text[:50]),
        "2:37: not a case file: Unterminated string starting at",
    ),
    "blank middle line": (line(2, lambda _: ""), "2:1: not a case file: Expecting value"),
    "facts that are a list": (
        line(2, lambda text: text.split(', "facts"')[0] + ', "facts": []}'),
        "2:1: facts: expected an object, found a list",
    ),
    "first event not the start": (
        lambda: "\n".join(format_2()[::2]) + "\n",
        "2:1: seq: expected 1, found 2 (events are missing or out of order)",
    ),
    "unknown action": (
        line(3, swap('"action": "clear"', '"action": "approve"')),
        "3:1: action: expected one of start, clear, refuse, waive, release, migrate, "
        "found 'approve'",
    ),
    "event the procedure refuses": (
        line(3, swap('"office": "library"', '"office": "finance"')),
        "3:1: cannot replay event 2 (clear library_cleared): cannot clear 'library_cleared': "
        "it belongs to office 'library', not 'finance'",
    ),
    "header of a future format": (
        line(1, swap('"clearflow_case": 2', '"clearflow_case": 3')),
        "1:1: clearflow_case: case file format 3 is not one this clearflow reads (1 or 2)",
    ),
    "header only": (
        lambda: format_2()[0] + "\n",
        "1:1: the case file has no events (the first event is the start)",
    ),
    "student that is a list": (
        line(1, swap('{"id": "2014001", "name": "张三"}', "[]")),
        "1:1: student: expected an object, found a list",
    ),
    "empty file": (lambda: "", "1:1: not a case file: Expecting value"),
    "format 1: events of non-objects": (
        format_1(swap('"events": [', '"events": [1, ')),
        ": events[0]: expected an event (an object), found 1",
    ),
    "format 1: gap in the events": (
        format_1(swap('"seq": 2', '"seq": 3')),
        ": events[1].seq: expected 2, found 3 (events are missing or out of order)",
    ),
    "format 1: lone surrogate": (
        format_1(swap('"张三"', '"\\ud800"')),
        ":9:12: not a case file: a string holds a lone surrogate, which is not text (remove it)",
    ),
    "format 1: step time without an offset": (
        format_1(swap(f'"at": "{START}"', '"at": "2014-07-01T09:30:00"', 1)),
        f": steps.library_cleared.at: expected {WHEN}, found '2014-07-01T09:30:00'",
    ),
    "format 1: step time overflowing UTC": (
        format_1(swap(START, "0001-01-01T00:00:00+14:00")),
        ": steps.library_cleared.at: '0001-01-01T00:00:00+14:00' is out of range once moved "
        "to UTC or the workflow's zone (a date must lie between the years 1 and 9999)",
    ),
    "format 1: version beyond a float": (
        format_1(swap('"version": 2', '"version": 1e400')),
        ": version: expected a whole number from 2 to 9223372036854775807, found Infinity",
    ),
    "format 1: a released document that is null": (
        format_1(swap('"documents": null', '"documents": [null]')),
        ": unknown document null in 'documents'",
    ),
    "format 1: a step outcome that is not text": (
        format_1(swap('"status": "cleared",', '"status": "cleared", "outcome": true,', 1)),
        ": step 'library_cleared' has no outcome true",
    ),
    "format 1: NUL in the name": (
        format_1(swap('"张三"', '"张\\u0000三"')),
        ":9:13: not a case file: a string holds a NUL character (\\u0000), which is not text "
        "(remove it)",
    ),
}


def message(path: Path | str, name: str) -> str:
    """The message expected for a hostile file at ``path``."""
    return f"{path}{'' if HOSTILE[name][1].startswith(':') else ':'}{HOSTILE[name][1]}"


@pytest.mark.parametrize("name", list(HOSTILE))
def test_load_case_refuses_a_hostile_file(tmp_path: Path, name: str) -> None:
    """Each hostile case file is a located CaseDataError, and the file is left as it was."""
    path = tmp_path / "case.json"
    path.write_text(HOSTILE[name][0](), encoding="utf-8", errors="surrogatepass")
    before = path.read_bytes()
    with pytest.raises(CaseDataError) as caught:
        load_case(path, engine_2014())
    assert str(caught.value) == message(path, name)
    assert caught.value.exit_code == 1
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", list(HOSTILE))
def test_walk_refuses_a_hostile_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """``clearflow walk --case`` on each hostile file exits 1 with the message, nothing else."""
    monkeypatch.chdir(tmp_path)
    path = Path("case.json")
    path.write_text(HOSTILE[name][0](), encoding="utf-8", errors="surrogatepass")
    before = path.read_bytes()
    runner = CliRunner()
    result = runner.invoke(main, ["walk", str(WORKFLOW_2014), "--case", "case.json", "--yes"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == message("case.json", name) + "\n"
    assert path.read_bytes() == before
    assert [item.name for item in tmp_path.iterdir()] == ["case.json"]


@pytest.mark.parametrize(
    ("name", "chinese"),
    [
        ("event line that is a list", "3:1: 应为一条操作记录（JSON 对象），实为列表"),
        ("gap in the events", "3:1: seq：应为 2，实为 3（记录有缺失或顺序错乱）"),
        (
            "NUL in a staff id",
            "3:98: 不是办理记录文件：字符串中含有一个 NUL 字符（\\u0000），不是文本（删掉它）",
        ),
    ],
)
def test_a_hostile_file_is_refused_in_chinese(tmp_path: Path, name: str, chinese: str) -> None:
    """In Chinese the refusal keeps its location (``path:line:col: ``) and JSON path."""
    path = tmp_path / "case.json"
    path.write_text(HOSTILE[name][0](), encoding="utf-8")
    with pytest.raises(CaseDataError) as caught:
        load_case(path, engine_2014())
    assert caught.value.text("zh") == f"{path}:{chinese}"


def test_a_valid_surrogate_pair_is_text(tmp_path: Path) -> None:
    """An escaped character outside the BMP (a surrogate pair) is kept, not refused."""
    path = tmp_path / "case.json"
    path.write_text(
        line(3, swap('"staff": "S01"', '"staff": "\\ud83d\\ude00"'))(), encoding="utf-8"
    )
    case = load_case(path, engine_2014())
    assert case.events[1].staff == "😀"
    save_case(path, case)


def test_a_late_but_representable_date_loads(tmp_path: Path) -> None:
    """9999-12-31T23:59:59+14:00 lies within UTC's range: it loads and walks on."""
    path = tmp_path / "case.json"
    path.write_text(line(3, swap(START, "9999-12-31T23:59:59+14:00"))(), encoding="utf-8")
    case = load_case(path, engine_2014())
    assert case.records["library_cleared"].at.year == 9999


def test_bytes_that_are_not_utf8_are_located(tmp_path: Path) -> None:
    """A byte that is not UTF-8 in an event line is refused at its line and column."""
    path = tmp_path / "case.json"
    lines = format_2()
    path.write_bytes(("\n".join(lines[:2]) + "\n").encode() + b'{"seq": 2, "office": "\xff"}\n')
    with pytest.raises(CaseDataError) as caught:
        load_case(path, engine_2014())
    assert str(caught.value) == f"{path}:3:23: not a case file: byte 0xff is not UTF-8"


def test_bytes_that_are_not_utf8_in_format_1_are_located(tmp_path: Path) -> None:
    """The same in a format-1 file: the line and column of the byte."""
    path = tmp_path / "case.json"
    text = json.dumps(snapshot(base()), ensure_ascii=False, indent=1)
    path.write_bytes(text.encode().replace("张三".encode(), b"\xc0\xaf", 1))
    with pytest.raises(CaseDataError) as caught:
        load_case(path, engine_2014())
    assert str(caught.value) == f"{path}:9:12: not a case file: byte 0xc0 is not UTF-8"


def test_the_messages_in_errors_md_are_real() -> None:
    """Each case-file message docs/errors.md quotes is one given for a file above."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "errors.md").read_text(encoding="utf-8")
    section = doc.split("\n## Case files clearflow will not read\n", 1)[1].split("\n## ", 1)[0]
    quoted = [line for line in section.splitlines() if line.startswith("case.json:")]
    produced = {message("case.json", name) for name in HOSTILE}
    assert len(quoted) == 15
    assert sorted(set(quoted[2:]) - produced) == []
