"""CSV and JSON exports: formula injection, encodings, the JSON shape and atomic writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from clearflow._atomic import write_atomic
from clearflow._i18n import Lang
from clearflow.cohort.export import (
    blocked_json,
    blocked_table,
    check_export_path,
    neutralise,
    progress_json,
    progress_table,
    to_csv,
    to_json,
)
from clearflow.cohort.progress import station_progress
from clearflow.cohort.report import BlockedRow, blocked_rows
from clearflow.errors import OverwriteError, WriteError
from support import EARLY, engine_2014, profile, settle_prerequisites, staff, workflow_2014

TODAY = dt.date(2014, 7, 10)
HYPERLINK = '=HYPERLINK("http://x","y")'


def hostile_rows() -> tuple[BlockedRow, ...]:
    """Blocked rows whose name and reasons a spreadsheet would run as formulas."""
    engine = engine_2014()
    case = engine.start("2014001", profile(), name=HYPERLINK, at=EARLY)
    case.refuse("library_cleared", staff("library", "L03"), "+1", at=EARLY)
    case.refuse("finance_cleared", staff("finance", "F01"), "-2", at=EARLY)
    case.refuse("student_aid_cleared", staff("student_aid", "@A1"), "@cmd", at=EARLY)
    settle_prerequisites(case)
    return blocked_rows([(case, "王老师")], TODAY)


def read_csv(data: bytes, encoding: str = "utf-8-sig") -> list[list[str]]:
    """CSV bytes back into cells."""
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


# -- formula injection ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("2 books", "2 books"),
        ("图书馆", "图书馆"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-3, "-3"),
        (0, "0"),
    ],
)
def test_neutralise_prefixes_formula_text_with_a_quote(
    cell: str | int | None, written: str
) -> None:
    """Text starting with = + - @ tab or CR gets a leading quote; numbers stay as they are."""
    assert neutralise(cell) == written


def test_blocked_csv_neutralises_a_hostile_name_and_reasons() -> None:
    """A student named =HYPERLINK(...) and reasons +1, -2, @cmd reach the file inert."""
    header, cells = blocked_table(workflow_2014(), hostile_rows())
    rows = read_csv(to_csv(header, cells, "utf-8-sig"))
    assert rows[0][:5] == ["student_id", "name", "counsellor", "department", "department_label"]
    by_step = {row[header.index("step")]: row for row in rows[1:]}
    assert set(by_step) == {"finance_cleared", "student_aid_cleared", "library_cleared"}
    name, reason = header.index("name"), header.index("reason")
    assert {row[name] for row in rows[1:]} == {"'" + HYPERLINK}
    assert by_step["library_cleared"][reason] == "'+1"
    assert by_step["finance_cleared"][reason] == "'-2"
    assert by_step["student_aid_cleared"][reason] == "'@cmd"
    assert by_step["student_aid_cleared"][header.index("staff")] == "'@A1"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


# -- encodings -----------------------------------------------------------------------


def test_csv_is_utf8_with_a_bom_by_default() -> None:
    """The default encoding starts with a BOM so Excel reads the Chinese labels right."""
    header, cells = blocked_table(workflow_2014(), hostile_rows(), lang="zh")
    data = to_csv(header, cells, "utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "图书馆" in data.decode("utf-8-sig")
    assert data.count(b"\r\n") == 4


def test_csv_can_be_gb18030_without_a_bom() -> None:
    """GB18030 writes the same text in the encoding older Chinese Windows expects."""
    header, cells = blocked_table(workflow_2014(), hostile_rows(), lang="zh")
    data = to_csv(header, cells, "gb18030")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "图书馆".encode("gb18030") in data
    assert read_csv(data, "gb18030") == read_csv(to_csv(header, cells, "utf-8-sig"))


def test_unknown_encoding_is_refused() -> None:
    """Only the offered encodings are written."""
    with pytest.raises(ValueError, match="unknown CSV encoding 'latin-1'"):
        to_csv(["a"], [], "latin-1")


def test_labels_follow_the_language() -> None:
    """Label columns are in the chosen language; ids stay as they are."""
    languages: tuple[tuple[Lang, str], ...] = (("en", "Library"), ("zh", "图书馆"))
    for lang, label in languages:
        header, cells = blocked_table(workflow_2014(), hostile_rows(), lang=lang)
        library = [row for row in cells if row[header.index("office")] == "library"]
        assert library[0][header.index("office_label")] == label


# -- JSON ----------------------------------------------------------------------------


def test_blocked_json_shape() -> None:
    """Blocked JSON: workflow, report, student count and rows with ids and both labels."""
    data = json.loads(to_json(blocked_json(workflow_2014(), hostile_rows())))
    assert set(data) == {"workflow", "report", "students", "rows"}
    assert (data["workflow"], data["report"], data["students"]) == ("gyvtc-2014", "blocked", 1)
    library = next(row for row in data["rows"] if row["step"]["id"] == "library_cleared")
    assert library == {
        "student_id": "2014001",
        "name": HYPERLINK,
        "counsellor": "王老师",
        "fact": {
            "id": "department",
            "value": "urban_rural_planning",
            "label": {"zh": "城乡规划分院", "en": "Urban and Rural Planning"},
        },
        "office": {"id": "library", "label": {"zh": "图书馆", "en": "Library"}},
        "step": {
            "id": "library_cleared",
            "label": {"zh": "图书馆结清", "en": "Cleared at the Library"},
        },
        "status": "refused",
        "reason": "+1",
        "staff": "L03",
        "at": "2014-07-01T09:30:00+08:00",
        "waiting_for": [],
        "overdue_since": "2014-07-04",
        "amount": None,
        "items": None,
    }


def test_progress_json_and_csv_shape() -> None:
    """Progress: one entry per session, then no session and the total, a count per phase."""
    engine = engine_2014()
    cases = [engine.start("2014001", profile(), at=EARLY)]
    progress = station_progress(cases, workflow_2014())
    data = json.loads(to_json(progress_json(workflow_2014(), progress)))
    keys = {"workflow", "report", "phases", "sessions", "elsewhere", "no_session", "total"}
    assert set(data) == keys
    assert len(data["sessions"]) == 8
    second = data["sessions"][1]
    assert second == {
        "session": 2,
        "date": "2014-07-10",
        "start": "09:00",
        "end": "12:00",
        "who": {"program": ["higher_vocational"], "department": ["urban_rural_planning"]},
        "expected": 474,
        "assigned": 1,
        "difference": -473,
        "phases": dict.fromkeys(data["phases"], 0) | {"preparing": 1},
    }
    assert data["elsewhere"] == [
        {
            "who": {"program": ["secondary_vocational"], "campus": ["ergezhai", "other_sites"]},
            "label": {
                "zh": "各校区按照文件精神要求，自行组织毕业生离校工作",
                "en": "Each campus organises its own leaving procedure "
                "along the lines of this notice",
            },
            "assigned": 0,
            "phases": dict.fromkeys(data["phases"], 0),
        }
    ]
    assert data["no_session"]["assigned"] == 0
    assert data["total"]["phases"]["preparing"] == 1
    header, cells = progress_table(workflow_2014(), progress)
    rows = read_csv(to_csv(header, cells, "utf-8-sig"))
    assert rows[0][:9] == [
        "session",
        "date",
        "start",
        "end",
        "who",
        "expected",
        "assigned",
        "difference",
        "preparing",
    ]
    assert rows[2][:9] == [
        "2",
        "2014-07-10",
        "09:00",
        "12:00",
        "Higher vocational · Urban and Rural Planning",
        "474",
        "1",
        "-473",
        "1",
    ]
    assert [row[0] for row in rows[-3:]] == ["elsewhere", "none", "all"]
    assert rows[-3][4].startswith("Secondary vocational · Ergezhai campus/Other sites — Each")


# -- atomic writes -------------------------------------------------------------------


def test_write_atomic_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The new content replaces the old one; only the target remains in the folder."""
    target = tmp_path / "blocked.csv"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [path.name for path in tmp_path.iterdir()] == ["blocked.csv"]


def test_write_atomic_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure before the rename leaves the old content and no temporary file."""
    target = tmp_path / "blocked.csv"
    target.write_bytes(b"old")

    def broken(descriptor: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(WriteError, match="cannot write: disk full; the old file is unchanged"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["blocked.csv"]


def test_write_atomic_creates_a_readable_file(tmp_path: Path) -> None:
    """A new export is readable by others (not the temporary file's private mode)."""
    target = tmp_path / "progress.json"
    write_atomic(target, b"{}")
    assert target.stat().st_mode & 0o777 == 0o644


def test_an_existing_file_that_is_no_export_is_refused_in_both_languages(tmp_path: Path) -> None:
    """A file that is not an earlier export is not replaced; the refusal names force=True."""
    path = tmp_path / "library.csv"
    path.write_text("student_id,owes\n", encoding="utf-8")
    with pytest.raises(OverwriteError) as caught:
        check_export_path(path, workflow=tmp_path / "w.yaml", store=tmp_path / "class.db")
    assert caught.value.fix == "force"
    assert str(caught.value) == (
        f"{path}: the file exists and is not a clearflow export (name another file, "
        "or replace it with force=True)"
    )
    assert caught.value.text("zh") == (
        f"{path}: 文件已存在，且不是 clearflow 导出的文件（换一个文件名，或用 force=True 覆盖）"
    )
    check_export_path(path, workflow=tmp_path / "w.yaml", store=tmp_path / "class.db", force=True)
