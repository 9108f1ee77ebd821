"""What every fuzz target and the campaign share: run the CLI, judge it, see what changed.

:func:`invoke` runs ``clearflow`` in-process (click's runner) in a folder, with the 2014
workflow loaded once for all examples (loading it is not what is fuzzed; each example
costs only its own surface). :func:`judge` sorts a run into one of the outcomes the
campaign counts; :func:`snapshot` is everything in a folder, so that "nothing changed"
is one comparison: regular files by their bytes, SQLite databases by their rows (so that
a journal checkpointed or not is no change), symlinks by their target, special files by
their kind, and every entry by its permission bits.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

from click.testing import CliRunner, Result
from hypothesis import event

from clearflow.cli import main
from clearflow.loading import inspect_path, load_workflow

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
STUDENTS = ROOT / "examples" / "students"
ANSWERS = ROOT / "examples" / "answers"
AT = "2014-07-10 09:40"
"""The hall day: what ``walk --at`` is given, so no run reads the clock."""

CLEAR_ERROR, SUCCESS, INTERNAL, HANG, CHANGED = (
    "clear error",
    "success",
    "internal error",
    "hang",
    "data changed",
)
OUTCOMES = (CLEAR_ERROR, SUCCESS, INTERNAL, HANG, CHANGED)
"""What a run can come to; only the first two are allowed."""
SUCCESS_CODES = frozenset({0, 3})
"""Done, or (``walk``) the student is still blocked: both are the command working."""
ERROR_CODES = frozenset({1, 2, 75})
"""A refusal with a message: bad input (1), bad usage (2, click's), a conflict (75)."""
_JOURNALS = ("-wal", "-shm", "-journal")
KNOWN: dict[str, str] = {}
"""Internal errors being fixed on another branch (issue 9), by a piece of their message.

A fuzz example that meets one is counted (``hypothesis.event``) and not failed, so the
target goes on fuzzing the rest. Each is also an attempt of the campaign
(``tests/campaign``) marked ``xfail(strict=True)``, which flips once the branch is merged;
then its entry here goes too."""
_SQLITE = b"SQLite format 3\x00"
_BIG = 16 * 1024 * 1024


_REMEMBERED: dict[tuple[str, str, str], Any] = {}


def _remembered(function: Callable[[str | Path], Any]) -> Callable[[str | Path], Any]:
    """``function(path)``, remembered by the path as given and the file's bytes: the same
    name with the same content gives the same result. Only a regular file whose reading
    succeeds is remembered; anything else goes to ``function`` as usual."""

    def cached(path: str | Path) -> Any:
        try:
            if not Path(path).is_file():  # a named pipe is never read here: it could block
                return function(path)
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            return function(path)
        key = (function.__qualname__, str(path), digest)
        if key not in _REMEMBERED:
            _REMEMBERED[key] = function(path)
        return _REMEMBERED[key]

    return cached


_LOADERS = {
    "clearflow.cli._main.load_workflow": load_workflow,
    "clearflow.cli._walk.load_workflow": load_workflow,
    "clearflow.cli._cohort.load_workflow": load_workflow,
    "clearflow.cli._report.load_workflow": load_workflow,
    "clearflow.cli._year.inspect_path": inspect_path,
    "clearflow.staff.checking.inspect_path": inspect_path,
}
"""Where the commands load or inspect a workflow: remembered while fuzzing."""


@contextlib.contextmanager
def workflow_cached() -> Iterator[None]:
    """While inside, the CLI's commands load (or inspect) a workflow once per name and
    content, not once per example: loading it is not what is fuzzed."""
    with contextlib.ExitStack() as stack:
        for target, function in _LOADERS.items():
            stack.enter_context(mock.patch(target, _remembered(function)))
        yield


def invoke(argv: Sequence[str], folder: Path) -> Result:
    """``clearflow ARGV`` run in-process with ``folder`` as the working directory."""
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})
    old = Path.cwd()
    os.chdir(folder)
    try:
        with workflow_cached():
            return runner.invoke(main, list(argv), catch_exceptions=True)
    finally:
        os.chdir(old)


_FAST = Path("/dev/shm")
SCRATCH_DIR = str(_FAST) if _FAST.is_dir() and os.access(_FAST, os.W_OK) else None
"""Where scratch folders go: in memory where the system has ``/dev/shm``."""


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """An empty folder, removed afterwards; in memory (``/dev/shm``) where there is one, so
    the case file's fsync after every action costs nothing."""
    with tempfile.TemporaryDirectory(prefix="clearflow-fuzz-", dir=SCRATCH_DIR) as folder:
        yield Path(folder)


def judge(code: int, stderr: str, stdout: str = "") -> str:
    """The outcome of a finished run from its exit code and its messages (``check`` prints
    a workflow's issues on stdout; every other refusal is on stderr)."""
    if code == 70 or "internal error" in stderr or "Traceback" in stderr + stdout:
        return INTERNAL
    if code in SUCCESS_CODES:
        return SUCCESS
    if code in ERROR_CODES and (stderr + stdout).strip():
        return CLEAR_ERROR
    return INTERNAL


def result_outcome(result: Result) -> str:
    """:func:`judge` for an in-process run; an exception click's runner caught is internal."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return INTERNAL
    return judge(result.exit_code, result.stderr, result.stdout)


def known_elsewhere(output: str) -> str | None:
    """The branch fixing this internal error, when :data:`KNOWN` lists it."""
    return next((branch for piece, branch in KNOWN.items() if piece in output), None)


@contextlib.contextmanager
def library_call() -> Iterator[None]:
    """Around a library call: an exception :data:`KNOWN` lists is counted and swallowed
    (the example then checks nothing more of the library); any other escapes."""
    try:
        yield
    except Exception as error:
        branch = known_elsewhere(f"{type(error).__name__}: {error}")
        if branch is None or isinstance(error, AssertionError):
            raise
        event(f"library: internal error being fixed on {branch}")


Entry = tuple[str, int, str]
"""What :func:`snapshot` keeps of one path: its kind, its permission bits, its content."""


def _rows(path: Path) -> str:
    """Every table's SQL and rows of a SQLite file, read without writing to it."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        tables = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
        parts = [repr(tables)]
        for name, _ in tables:
            rows = connection.execute(f'SELECT * FROM "{name}"').fetchall()
            parts.append(repr(sorted(rows, key=repr)))
        return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    except sqlite3.Error as error:
        return f"unreadable database: {error}"
    finally:
        connection.close()


def _entry(path: Path) -> Entry:
    info = path.lstat()
    bits = stat.S_IMODE(info.st_mode)
    if stat.S_ISLNK(info.st_mode):
        return ("symlink", bits, str(path.readlink()))
    if stat.S_ISDIR(info.st_mode):
        return ("directory", bits, "")
    if not stat.S_ISREG(info.st_mode):
        return ("special", bits, stat.filemode(info.st_mode)[0])
    if info.st_size > _BIG:  # a sparse file of gigabytes: its size and time say enough
        return ("file", bits, f"{info.st_size} bytes, modified {info.st_mtime_ns}")
    with path.open("rb") as file:
        head = file.read(len(_SQLITE))
    if head == _SQLITE:
        return ("database", bits, _rows(path))
    return ("file", bits, hashlib.sha256(path.read_bytes()).hexdigest())


def snapshot(folder: Path) -> dict[str, Entry]:
    """Every path under ``folder`` (symlinks not followed) and what it holds."""
    found: dict[str, Entry] = {}
    for top, directories, files in os.walk(folder):
        for name in (*directories, *files):
            path = Path(top) / name
            relative = path.relative_to(folder).as_posix()
            if relative.endswith(_JOURNALS):
                continue
            try:
                found[relative] = _entry(path)
            except OSError as error:
                found[relative] = ("unreadable", 0, str(error))
    return found


def changed(before: dict[str, Entry], after: dict[str, Entry]) -> list[str]:
    """The paths added, removed or different between two snapshots, sorted."""
    paths = before.keys() | after.keys()
    return sorted(path for path in paths if before.get(path) != after.get(path))


def assert_located_or_done(
    result: Result, folder: Path, before: dict[str, Entry], path: str, outputs: Sequence[str] = ()
) -> str:
    """The run succeeded and changed only ``outputs``, or it was refused naming ``path:``
    (or as a usage error, exit 2) and changed nothing at all; return which."""
    outcome = result_outcome(result)
    branch = known_elsewhere(result.output) if outcome == INTERNAL else None
    if branch is not None:
        event(f"internal error being fixed on {branch}")
        return INTERNAL
    assert outcome in (SUCCESS, CLEAR_ERROR), (
        f"{outcome} (exit {result.exit_code}):\n{result.output}"
    )
    differ = changed(before, snapshot(folder))
    if outcome == CLEAR_ERROR:
        assert differ == [], f"refused, yet changed {differ}:\n{result.stderr}"
        assert result.exit_code == 2 or f"{path}:" in result.stderr, result.stderr
    else:
        assert set(differ) <= set(outputs), f"changed {differ}, not only {list(outputs)}"
    return outcome
