"""Case files: saved by appending new events, read back whole, safe against crashes and races."""

from __future__ import annotations

import fcntl
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clearflow.engine import Case, load_case, restore, save_case, snapshot
from clearflow.engine._case_file import MAX_CASE_BYTES
from clearflow.errors import CaseDataError, ConflictError, WriteError
from support import EARLY, at, drive, engine_2014, profile, staff, start
from support.cases import CASE_IDS, CASES, hall_case, refused_case


def lines(path: Path) -> list[dict[str, Any]]:
    """Each line of a case file as JSON."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_format_1(path: Path, case: Case) -> None:
    """A case file as clearflow wrote them before format 2: one indented JSON document."""
    path.write_text(json.dumps(snapshot(case), ensure_ascii=False, indent=1), encoding="utf-8")


def loaded(path: Path) -> Case:
    """The case a file holds, read with the 2014 engine."""
    return load_case(path, engine_2014())


# -- the format -------------------------------------------------------------------------


@pytest.mark.parametrize("make", CASES, ids=CASE_IDS)
def test_save_and_load_round_trip(tmp_path: Path, make: Callable[[], Case]) -> None:
    """A case saved to a file loads back with the same snapshot, and nothing else is left."""
    case = make()
    path = tmp_path / "cases" / "2014001.json"
    save_case(path, case)
    assert snapshot(loaded(path)) == snapshot(case)
    assert [item.name for item in path.parent.iterdir()] == ["2014001.json"]


def test_a_case_file_is_a_header_then_one_event_per_line(tmp_path: Path) -> None:
    """Format 2: the header names the format, the workflow and the student; then the events."""
    case = refused_case()
    path = tmp_path / "case.json"
    save_case(path, case)
    header, *events = lines(path)
    workflow = engine_2014().workflow
    assert header == {
        "clearflow_case": 2,
        "workflow": {"id": "gyvtc-2014", "digest": workflow.digest},
        "student": {"id": "2014001", "name": "张三"},
    }
    assert events == [event.to_dict() for event in case.events]


def test_saved_file_keeps_chinese_readable(tmp_path: Path) -> None:
    """Case files are UTF-8 with Chinese text left as is."""
    path = tmp_path / "case.json"
    save_case(path, start(profile()))
    assert '"name": "张三"' in path.read_text(encoding="utf-8")


def test_a_save_appends_only_the_new_events(tmp_path: Path) -> None:
    """The bytes already saved are never rewritten: a save adds the new events' lines."""
    path = tmp_path / "case.json"
    case = start(profile())
    save_case(path, case)
    inode, before = path.stat().st_ino, path.read_bytes()
    case.clear("library_cleared", staff("library"), at=EARLY)
    case.refuse("finance_cleared", staff("finance"), "fees unpaid", at=EARLY)
    save_case(path, case)
    after = path.read_bytes()
    assert path.stat().st_ino == inode
    assert after.startswith(before)
    added = [json.loads(line) for line in after[len(before) :].splitlines()]
    assert added == [event.to_dict() for event in case.events[1:]]
    save_case(path, case)
    assert path.read_bytes() == after


def test_a_loaded_case_appends_to_its_file(tmp_path: Path) -> None:
    """A case read from a file and acted on appends to that file."""
    path = tmp_path / "case.json"
    save_case(path, hall_case())
    before = path.read_bytes()
    case = loaded(path)
    drive(case)
    save_case(path, case)
    assert path.read_bytes().startswith(before)
    assert snapshot(loaded(path)) == snapshot(case)


def test_a_case_that_does_not_replay_is_saved_with_its_snapshot(tmp_path: Path) -> None:
    """A case loaded without its history (as a store may) keeps its state in the header."""
    case = hall_case()
    data = snapshot(case)
    data["events"] = data["events"][3:]
    partial = restore(engine_2014(), data)
    path = tmp_path / "case.json"
    save_case(path, partial)
    header = lines(path)[0]
    assert header["snapshot"] == data
    assert len(lines(path)) == 1
    drive(partial)
    save_case(path, partial)
    again = loaded(path)
    assert snapshot(again) == snapshot(partial)
    assert again.version == partial.version


# -- format 1 -------------------------------------------------------------------------


@pytest.mark.parametrize("make", CASES, ids=CASE_IDS)
def test_format_1_files_are_read(tmp_path: Path, make: Callable[[], Case]) -> None:
    """A case file from before format 2 loads as it did."""
    case = make()
    path = tmp_path / "case.json"
    write_format_1(path, case)
    before = path.read_bytes()
    assert snapshot(loaded(path)) == snapshot(case)
    assert path.read_bytes() == before


def test_the_first_save_of_a_format_1_file_converts_it(tmp_path: Path) -> None:
    """Saving a case read from a format-1 file rewrites it as format 2, events as lines."""
    path = tmp_path / "case.json"
    write_format_1(path, refused_case())
    case = loaded(path)
    save_case(path, case)
    assert lines(path)[0]["clearflow_case"] == 2
    assert lines(path)[1:] == [event.to_dict() for event in case.events]
    assert snapshot(loaded(path)) == snapshot(case)
    assert [item.name for item in tmp_path.iterdir()] == ["case.json"]


def test_a_format_1_file_that_does_not_replay_keeps_its_state(tmp_path: Path) -> None:
    """A format-1 file edited so that its events no longer give its steps keeps its steps."""
    data = snapshot(refused_case())
    data["steps"]["library_cleared"]["reason"] = "3 books not returned"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    case = loaded(path)
    save_case(path, case)
    assert lines(path)[0]["snapshot"] == data
    assert snapshot(loaded(path)) == data


def test_converting_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    """A format-1 case file reached through a symlink is converted where the link points."""
    real = tmp_path / "cases" / "2014001.json"
    real.parent.mkdir()
    write_format_1(real, start(profile()))
    link = tmp_path / "current.json"
    link.symlink_to(Path("cases") / "2014001.json")
    case = load_case(link, engine_2014())
    case.clear("library_cleared", staff("library"), at=EARLY)
    save_case(link, case)
    case.clear("finance_cleared", staff("finance"), at=EARLY)
    save_case(link, case)
    assert link.is_symlink()
    assert link.readlink() == Path("cases") / "2014001.json"
    assert len(lines(real)) == 4
    assert snapshot(loaded(real)) == snapshot(case)
    assert sorted(item.name for item in tmp_path.iterdir()) == ["cases", "current.json"]


def test_appends_through_a_symlink_write_its_target(tmp_path: Path) -> None:
    """A format-2 case file reached through a symlink gets the new events in its target."""
    real = tmp_path / "real.json"
    case = start(profile())
    save_case(real, case)
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    resumed = load_case(link, engine_2014())
    resumed.clear("library_cleared", staff("library"), at=EARLY)
    save_case(link, resumed)
    assert link.is_symlink()
    assert snapshot(loaded(real)) == snapshot(resumed)


# -- crashes ------------------------------------------------------------------------------


class CrashError(Exception):
    """A failure injected in the middle of a save."""


def crash(*args: object, **kwargs: object) -> None:
    """Fail like a crash in the middle of writing."""
    raise CrashError


@pytest.mark.parametrize(
    ("target", "name"),
    [(os, "replace"), (Path, "replace"), (os, "fsync")],
    ids=["os.replace", "Path.replace", "os.fsync"],
)
def test_a_conversion_is_atomic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: object, name: str
) -> None:
    """A conversion that fails midway leaves the format-1 file intact, no temporary file."""
    path = tmp_path / "2014001.json"
    write_format_1(path, start(profile()))
    old = path.read_bytes()
    case = loaded(path)
    case.clear("library_cleared", staff("library"), at=EARLY)
    monkeypatch.setattr(target, name, crash)
    with pytest.raises(CrashError):
        save_case(path, case)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert [item.name for item in tmp_path.iterdir()] == ["2014001.json"]


@pytest.mark.parametrize("name", ["pwrite", "fsync"])
def test_an_append_that_fails_leaves_the_saved_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A crash while appending cuts the file back: it holds the events saved before."""
    path = tmp_path / "case.json"
    case = start(profile())
    save_case(path, case)
    old = path.read_bytes()
    case.clear("library_cleared", staff("library"), at=EARLY)
    real = getattr(os, name)

    def half(handle: int, *args: Any) -> Any:
        if name == "pwrite":
            real(handle, args[0][:40], args[1])
        raise CrashError

    monkeypatch.setattr(os, name, half)
    with pytest.raises(CrashError):
        save_case(path, case)
    monkeypatch.undo()
    assert path.read_bytes() == old


def test_a_full_disk_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No space left while appending: an InputError saying so, and the file as it was."""
    path = tmp_path / "case.json"
    case = start(profile())
    save_case(path, case)
    old = path.read_bytes()
    case.clear("library_cleared", staff("library"), at=EARLY)

    def full(*args: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full)
    with pytest.raises(WriteError) as caught:
        save_case(path, case)
    monkeypatch.undo()
    assert str(caught.value) == (
        f"{path}: cannot write: no space left on device; the old file is unchanged "
        "(free some space and run the command again)"
    )
    assert path.read_bytes() == old


def torn(path: Path, cut: int) -> tuple[Case, bytes]:
    """A case file whose last event line lost its last ``cut`` bytes; the case and the file."""
    case = refused_case()
    save_case(path, case)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) - cut])
    return case, whole


def test_a_torn_last_line_is_left_out_with_a_notice(tmp_path: Path) -> None:
    """A last line cut short by a crash is left out, and the notice says where."""
    path = tmp_path / "case.json"
    case, _ = torn(path, 30)
    before = path.read_bytes()
    notices: list[str] = []
    resumed = load_case(path, engine_2014(), notice=notices.append)
    assert resumed.version == case.version - 1
    assert notices == [
        f"{path}:5:1: the last line was cut short when a save was interrupted; "
        "it is left out, and saving the case removes it"
    ]
    assert path.read_bytes() == before


def test_the_torn_line_notice_reads_in_chinese(tmp_path: Path) -> None:
    """With ``lang="zh"`` the notice is in Chinese, its location as in English."""
    path = tmp_path / "case.json"
    torn(path, 30)
    notices: list[str] = []
    load_case(path, engine_2014(), notice=notices.append, lang="zh")
    assert notices == [
        f"{path}:5:1: 上次保存被中断，最后一行不完整；已略去此行，保存办理记录时会删除它"
    ]


def test_the_next_save_cuts_the_torn_line_off(tmp_path: Path) -> None:
    """Saving a case read from a torn file removes the torn line, then appends."""
    path = tmp_path / "case.json"
    _, whole = torn(path, 30)
    resumed = loaded(path)
    save_case(path, resumed)
    good = whole[: whole.rstrip(b"\n").rfind(b"\n") + 1]
    assert path.read_bytes() == good
    resumed.clear("dormitory_cleared", staff("dormitory"), at=at(7, 6))
    save_case(path, resumed)
    assert snapshot(loaded(path)) == snapshot(resumed)


def test_a_whole_last_line_without_its_newline_is_kept(tmp_path: Path) -> None:
    """A last event that lost only its newline is kept; the next save puts the newline back."""
    path = tmp_path / "case.json"
    case, _ = torn(path, 1)
    resumed = load_case(path, engine_2014(), notice=pytest.fail)
    assert snapshot(resumed) == snapshot(case)
    resumed.clear("library_cleared", staff("library"), at=at(7, 6))
    save_case(path, resumed)
    assert b"}{" not in path.read_bytes()
    assert snapshot(loaded(path)) == snapshot(resumed)


def test_a_torn_multibyte_character_is_a_torn_line(tmp_path: Path) -> None:
    """A crash in the middle of a Chinese character leaves a line that is left out too."""
    path = tmp_path / "case.json"
    case = start(profile())
    case.refuse("library_cleared", staff("library"), "图书未还", at=EARLY)
    save_case(path, case)
    whole = path.read_bytes()
    path.write_bytes(whole[: whole.index("书".encode()) + 1])
    notices: list[str] = []
    assert load_case(path, engine_2014(), notice=notices.append).version == 1
    assert len(notices) == 1


# -- two writers ----------------------------------------------------------------------------


def test_two_walks_on_one_file_cannot_both_save(tmp_path: Path) -> None:
    """The second of two cases read from one file is refused (exit 75); the first's events stay."""
    path = tmp_path / "case.json"
    save_case(path, start(profile()))
    first, second = loaded(path), loaded(path)
    first.clear("library_cleared", staff("library"), at=EARLY)
    save_case(path, first)
    saved = path.read_bytes()
    second.clear("finance_cleared", staff("finance"), at=EARLY)
    with pytest.raises(ConflictError) as caught:
        save_case(path, second)
    assert caught.value.exit_code == 75
    assert str(caught.value) == (
        f"{path}: the case file was changed by another walk since it was read, so this "
        "action was not saved (run the command again: it resumes from the saved case)"
    )
    assert path.read_bytes() == saved
    assert snapshot(loaded(path)) == snapshot(first)


def test_a_conversion_meanwhile_is_a_conflict(tmp_path: Path) -> None:
    """A case read from a format-1 file another walk has converted since is refused."""
    path = tmp_path / "case.json"
    write_format_1(path, start(profile()))
    first, second = loaded(path), loaded(path)
    save_case(path, first)
    converted = path.read_bytes()
    second.clear("library_cleared", staff("library"), at=EARLY)
    with pytest.raises(ConflictError):
        save_case(path, second)
    assert path.read_bytes() == converted


def test_a_file_removed_meanwhile_is_a_conflict(tmp_path: Path) -> None:
    """A case whose file was deleted since it was read is not written back silently."""
    path = tmp_path / "case.json"
    save_case(path, start(profile()))
    case = loaded(path)
    path.unlink()
    case.clear("library_cleared", staff("library"), at=EARLY)
    with pytest.raises(ConflictError):
        save_case(path, case)
    assert not path.exists()


def test_appending_holds_a_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is locked (fcntl, exclusive) before it is checked and appended to."""
    path = tmp_path / "case.json"
    case = start(profile())
    save_case(path, case)
    taken: list[int] = []
    monkeypatch.setattr(fcntl, "flock", lambda handle, how: taken.append(how))
    case.clear("library_cleared", staff("library"), at=EARLY)
    save_case(path, case)
    assert taken == [fcntl.LOCK_EX]


# -- limits and errors ------------------------------------------------------------------------


def test_a_save_past_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save that would make the file too big to load again is refused; the file stays."""
    path = tmp_path / "case.json"
    case = start(profile())
    save_case(path, case)
    old = path.read_bytes()
    monkeypatch.setattr("clearflow.engine._case_file.MAX_CASE_BYTES", len(old) + 10)
    case.clear("library_cleared", staff("library"), at=EARLY)
    with pytest.raises(CaseDataError) as caught:
        save_case(path, case)
    assert str(caught.value) == (
        f"{path}: the case file would grow past the {len(old) + 10} bytes a case file "
        "may hold (keep a case this long in a store)"
    )
    assert path.read_bytes() == old
    assert MAX_CASE_BYTES == 64 * 1024 * 1024


def test_load_case_reports_a_missing_file(tmp_path: Path) -> None:
    """Loading a file that does not exist is a CaseDataError naming it."""
    path = tmp_path / "missing.json"
    with pytest.raises(CaseDataError) as caught:
        loaded(path)
    assert str(caught.value) == f"{path}: no such case file"


def test_load_case_reports_bad_json_with_its_position(tmp_path: Path) -> None:
    """A file that is not JSON is reported with line and column."""
    path = tmp_path / "broken.json"
    path.write_text('{\n  "phase": ,\n}\n', encoding="utf-8")
    with pytest.raises(CaseDataError) as caught:
        loaded(path)
    assert str(caught.value) == f"{path}:2:12: not a case file: Expecting value"


def test_load_case_refuses_other_json(tmp_path: Path) -> None:
    """A JSON file without the case marker is not taken for a case."""
    path = tmp_path / "other.json"
    path.write_text('{"phase": "ready"}', encoding="utf-8")
    with pytest.raises(CaseDataError) as caught:
        loaded(path)
    assert str(caught.value) == f"{path}: not a clearflow case file (version 1 or 2)"


def test_load_case_reports_malformed_data_with_the_file_name(tmp_path: Path) -> None:
    """Malformed data in a format-1 case file is reported under the file's name."""
    data = snapshot(start(profile()))
    data["phase"] = "lunch"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CaseDataError) as caught:
        loaded(path)
    assert str(caught.value) == f"{path}: unknown phase 'lunch'"


def test_two_saves_at_once_one_wins(tmp_path: Path) -> None:
    """Two cases read from one file saving at the same moment: one is written, one refused."""
    path = tmp_path / "case.json"
    save_case(path, start(profile()))
    for _ in range(20):
        cases = [loaded(path), loaded(path)]
        cases[0].clear("library_cleared", staff("library"), at=EARLY)
        cases[1].refuse("library_cleared", staff("library"), "books out", at=EARLY)
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def save(case: Case, barrier: threading.Barrier, outcomes: list[str]) -> None:
            barrier.wait()
            try:
                save_case(path, case)
                outcomes.append("saved")
            except ConflictError:
                outcomes.append("conflict")

        threads = [threading.Thread(target=save, args=(case, barrier, outcomes)) for case in cases]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["conflict", "saved"]
        winner = cases[0] if snapshot(loaded(path)) == snapshot(cases[0]) else cases[1]
        assert snapshot(loaded(path)) == snapshot(winner)
        save_case(path, start(profile()))


def test_a_case_file_that_cannot_be_opened_for_writing_is_a_write_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case file the system will not open for writing is refused with the reason."""
    path = tmp_path / "case.json"
    case = start(profile())
    save_case(path, case)
    old = path.read_bytes()
    case.clear("library_cleared", staff("library"), at=EARLY)
    real = os.open

    def refused(name: Any, flags: int, *args: Any) -> int:
        if flags & os.O_RDWR:
            raise PermissionError(13, "Permission denied")
        return real(name, flags, *args)

    monkeypatch.setattr(os, "open", refused)
    with pytest.raises(WriteError) as caught:
        save_case(path, case)
    monkeypatch.undo()
    assert str(caught.value).startswith(f"{path}: cannot write: permission denied; ")
    assert caught.value.exit_code == 1
    assert path.read_bytes() == old


def test_a_read_only_case_file_is_refused_before_anything(tmp_path: Path) -> None:
    """A case file nobody may write (chmod a-w) is refused, even with nothing new to save."""
    path = tmp_path / "case.json"
    save_case(path, start(profile()))
    old = path.read_bytes()
    path.chmod(0o444)
    case = loaded(path)
    with pytest.raises(WriteError) as caught:
        save_case(path, case)
    assert str(caught.value) == (
        f"{path}: cannot write: the file is read-only; the old file is unchanged "
        "(make it writable, or name another file)"
    )
    case.clear("library_cleared", staff("library"), at=EARLY)
    with pytest.raises(WriteError):
        save_case(path, case)
    assert path.read_bytes() == old


def test_saving_over_a_named_pipe_does_not_block(tmp_path: Path) -> None:
    """save_case to a path that is a named pipe replaces it, as before, and never waits."""
    path = tmp_path / "case.json"
    os.mkfifo(path)
    case = start(profile())
    saving = threading.Thread(target=save_case, args=(path, case), daemon=True)
    saving.start()
    saving.join(timeout=10)
    assert not saving.is_alive()
    assert snapshot(loaded(path)) == snapshot(case)
