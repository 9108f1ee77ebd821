"""A file that is not a regular file, or too big, never hangs or crashes (issue 9, item 2).

Every reader of a user's file goes through :func:`clearflow._files.read_capped`. Each
surface is tried with a real named pipe (which would block a plain ``open`` for ever) and
with a sparse file over its cap; the CLI runs in a subprocess with a timeout, so a
regression fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clearflow._files import FileTooBigError, NotRegularFileError, read_capped
from clearflow.cohort._table import MAX_TABLE_BYTES, read_table, table_identity
from clearflow.console._answers import read_answers
from clearflow.engine._case_file import MAX_CASE_BYTES, load_case
from clearflow.errors import CaseDataError, TableError, WorkflowError
from clearflow.format._yaml import MAX_BYTES, read_text
from clearflow.format.student import read_student
from clearflow.staff._scenario_file import read_scenarios
from support import engine_2014

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"


def fifo(folder: Path, name: str) -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


def sparse(folder: Path, name: str, size: int) -> Path:
    path = folder / name
    with path.open("wb") as file:
        file.truncate(size)
    return path


def clearflow(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess, killed after 30 s: a FIFO that blocks fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "clearflow", *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
        stdin=subprocess.DEVNULL,
    )


# -- the reader -------------------------------------------------------------------


def test_reads_a_regular_file_and_follows_a_symlink(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"abc")
    (tmp_path / "link").symlink_to(path)
    assert read_capped(path, 3) == b"abc"
    assert read_capped(tmp_path / "link", 3) == b"abc"


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda folder: fifo(folder, "pipe"), "a named pipe"),
        (lambda folder: folder, "a directory"),
        (lambda folder: Path(os.devnull), "a character device"),
    ],
    ids=["fifo", "directory", "device"],
)
def test_refuses_what_is_not_a_regular_file(
    tmp_path: Path, make: Callable[[Path], Path], kind: str
) -> None:
    with pytest.raises(NotRegularFileError) as caught:
        read_capped(make(tmp_path), 10)
    assert caught.value.kind == kind


def test_a_symlink_to_a_fifo_is_a_fifo(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(fifo(tmp_path, "pipe"))
    with pytest.raises(NotRegularFileError, match="named pipe"):
        read_capped(tmp_path / "link", 10)


def test_refuses_a_file_over_the_cap_by_its_size(tmp_path: Path) -> None:
    with pytest.raises(FileTooBigError) as caught:
        read_capped(sparse(tmp_path, "big", 11), 10)
    assert str(caught.value.describe()) == "file is 11 bytes, more than the 10 allowed"


def test_reads_no_more_than_the_cap_and_one_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose size the system reports too small (or that grows) is still caught."""
    path = tmp_path / "grows"
    path.write_bytes(b"x" * 100)
    real = path.stat()
    lying = os.stat_result((real.st_mode, *real[1:6], 0, *real[7:]))
    monkeypatch.setattr(Path, "stat", lambda self, **_: lying)
    reads: list[int] = []
    real_read = os.read

    def read(handle: int, size: int) -> bytes:
        reads.append(size)
        return real_read(handle, size)

    monkeypatch.setattr("clearflow._files.os.read", read)
    with pytest.raises(FileTooBigError) as caught:
        read_capped(path, 10)
    assert str(caught.value.describe()) == "file is more than the 10 bytes allowed"
    assert sum(reads) == 11


# -- every surface ----------------------------------------------------------------


def test_workflow_file(tmp_path: Path) -> None:
    pipe = fifo(tmp_path, "pipe.yaml")
    with pytest.raises(WorkflowError) as caught:
        read_text(pipe)
    assert str(caught.value) == (
        f"{pipe}:1:1: is a named pipe, not a regular file (name a .yaml file) [CF001]"
    )
    big = sparse(tmp_path, "big.yaml", MAX_BYTES + 1)
    with pytest.raises(WorkflowError) as caught:
        read_text(big)
    assert str(caught.value) == (
        f"{big}:1:1: file is 1048577 bytes, more than the 1048576 allowed "
        "(a workflow is a few kilobytes; is this the right file?) [CF008]"
    )


@pytest.mark.parametrize(
    "read", [read_student, read_answers, read_scenarios], ids=["student", "answers", "scenarios"]
)
def test_student_answers_and_scenario_files(tmp_path: Path, read: Callable[..., Any]) -> None:
    workflow = engine_2014().workflow
    pipe = fifo(tmp_path, "pipe.yaml")
    with pytest.raises(WorkflowError) as caught:
        read(pipe, workflow)
    assert str(caught.value) == (
        f"{pipe}:1:1: is a named pipe, not a regular file (name a .yaml file) [CF001]"
    )
    big = sparse(tmp_path, "big.yaml", MAX_BYTES + 1)
    with pytest.raises(WorkflowError, match=r"file is 1048577 bytes, .* \[CF008\]$"):
        read(big, workflow)


def test_case_file(tmp_path: Path) -> None:
    engine = engine_2014()
    pipe = fifo(tmp_path, "case.json")
    with pytest.raises(CaseDataError) as caught:
        load_case(pipe, engine)
    assert str(caught.value) == f"{pipe}: is a named pipe, not a case file"
    big = sparse(tmp_path, "big.json", MAX_CASE_BYTES + 1)
    with pytest.raises(CaseDataError) as caught:
        load_case(big, engine)
    assert str(caught.value) == (
        f"{big}: file is 67108865 bytes, more than the 67108864 allowed for a case file"
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_table_file(tmp_path: Path, suffix: str) -> None:
    pipe = fifo(tmp_path, f"roster{suffix}")
    with pytest.raises(TableError) as caught:
        read_table(pipe)
    assert str(caught.value) == (
        f"{pipe}:1:1: is a named pipe, not a regular file (name a .csv or .xlsx file) [CF701]"
    )
    assert table_identity(pipe) is None
    big = sparse(tmp_path, f"big{suffix}", MAX_TABLE_BYTES + 1)
    with pytest.raises(TableError) as caught:
        read_table(big)
    assert str(caught.value) == (
        f"{big}:1:1: file is 268435457 bytes, more than the 268435456 allowed "
        "(a roster is a few megabytes; is this the right file?) [CF701]"
    )
    assert table_identity(big) is None


# -- through the CLI ----------------------------------------------------------------


def test_check_refuses_a_fifo_and_a_big_file(tmp_path: Path) -> None:
    pipe = fifo(tmp_path, "x.yaml")
    done = clearflow("check", str(pipe))
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        f"{pipe}:1:1: is a named pipe, not a regular file (name a .yaml file) [CF001]"
    )
    big = sparse(tmp_path, "big.yaml", MAX_BYTES + 1)
    done = clearflow("check", str(big))
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        f"{big}:1:1: file is 1048577 bytes, more than the 1048576 allowed "
        "(a workflow is a few kilobytes; is this the right file?) [CF008]"
    )


def test_walk_refuses_a_fifo_and_a_big_student_file(tmp_path: Path) -> None:
    pipe = fifo(tmp_path, "student.yaml")
    done = clearflow("walk", str(WORKFLOW), "--student", str(pipe), "--yes")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"{pipe}:1:1: is a named pipe, not a regular file (name a .yaml file) [CF001]\n"
    )
    big = sparse(tmp_path, "big.yaml", MAX_BYTES + 1)
    done = clearflow("walk", str(WORKFLOW), "--student", str(big), "--yes")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"{big}:1:1: file is 1048577 bytes, more than the 1048576 allowed "
        "(a workflow is a few kilobytes; is this the right file?) [CF008]\n"
    )


def test_walk_refuses_a_fifo_as_case_file(tmp_path: Path) -> None:
    pipe = fifo(tmp_path, "case.json")
    done = clearflow("walk", str(WORKFLOW), "--case", str(pipe), "--yes")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"{pipe}: is a named pipe, not a case file\n"


def test_cohort_import_refuses_a_fifo(tmp_path: Path) -> None:
    pipe = fifo(tmp_path, "roster.csv")
    done = clearflow("cohort", "import", str(WORKFLOW), str(pipe), "--db", str(tmp_path / "c.db"))
    assert done.returncode == 1
    assert (
        f"{pipe}:1:1: is a named pipe, not a regular file (name a .csv or .xlsx file) [CF701]"
        in (done.stdout + done.stderr)
    )
