"""A path the system refuses never ends in an internal error, and changes nothing (issue 9).

Every command that takes a path is tried with each kind of bad path: a directory, a
missing folder, a folder that is a file, a name too long, a symlink loop, and a file or
folder the user may not read. Each ends in a clear message and exit 1 (or click's 2),
and the files are byte for byte as before. The tests run as root in CI, where chmod does
not stop reads, so permissions are simulated by making ``os.open``/``os.stat`` raise
``PermissionError`` as the system would; the real chmod variants run when not root.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from clearflow.cli import main

ROOT = Path(__file__).resolve().parent.parent
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
AT = "2014-07-01 09:00"


def tree(folder: Path) -> dict[str, str]:
    """Every file, link and folder under ``folder`` with its content's digest."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path)] = "link:" + str(path.readlink())
        elif path.is_file() and not path.name.endswith(("-shm", "-wal")):
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            found[str(path)] = "dir"
    return found


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the 2014 workflow, its scenarios, a student, answers, a roster, a store
    holding that roster and a case file, made once."""
    tmp_path = tmp_path_factory.mktemp("template")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        make_template(tmp_path)
    return tmp_path


@pytest.fixture
def work(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of :func:`template`, the working folder."""
    folder = tmp_path / "work"
    shutil.copytree(template, folder, symlinks=True)
    monkeypatch.chdir(folder)
    return folder


def make_template(tmp_path: Path) -> None:
    for source, name in (
        ("workflows/gyvtc-2014.yaml", "w.yaml"),
        ("workflows/gyvtc-2014.scenarios.yaml", "w.scenarios.yaml"),
        ("examples/students/li-lei.yaml", "s.yaml"),
        ("examples/answers/li-lei.yaml", "a.yaml"),
        ("tests/fixtures/tables/roster.csv", "r.csv"),
    ):
        shutil.copy(ROOT / source, tmp_path / name)
    runner = CliRunner()
    done = runner.invoke(main, ["cohort", "import", "w.yaml", "r.csv", "--db", "c.db", "--at", AT])
    assert done.exit_code == 0, done.output
    walked = ["walk", "w.yaml", "--student", "s.yaml", "--yes", "--at", AT, "--case", "case.json"]
    assert runner.invoke(main, walked).exit_code in (0, 3)
    Path("afile").write_text("x")
    Path("loop").symlink_to("loop")


def bad_path(kind: str) -> str:
    """A path of the given kind, in the working folder of :func:`work`."""
    return {
        "directory": ".",
        "missing folder": "nope/x.yaml",
        "folder is a file": "afile/x.yaml",
        "name too long": "n" * 300 + ".yaml",
        "symlink loop": "loop",
    }[kind]


READERS: dict[str, Callable[[str], list[str]]] = {
    "check": lambda p: ["check", p],
    "show": lambda p: ["show", p],
    "diagram": lambda p: ["diagram", p],
    "test": lambda p: ["test", p],
    "test --scenarios": lambda p: ["test", "w.yaml", "--scenarios", p],
    "walk": lambda p: ["walk", p, "--student", "s.yaml", "--yes", "--at", AT],
    "walk --student": lambda p: ["walk", "w.yaml", "--student", p, "--yes", "--at", AT],
    "walk --answers": lambda p: ["walk", "w.yaml", "--student", "s.yaml", "--answers", p, "--yes"],
    "walk --case": lambda p: ["walk", "w.yaml", "--case", p, "--yes"],
    "rollover": lambda p: ["rollover", p, "--year", "2015", "-o", "-"],
    "diff OLD": lambda p: ["diff", p, "w.yaml"],
    "diff NEW": lambda p: ["diff", "w.yaml", p],
    "cohort import": lambda p: ["cohort", "import", p, "r.csv", "--db", "c.db"],
    "cohort import ROSTER": lambda p: ["cohort", "import", "w.yaml", p, "--db", "c.db"],
    "cohort import --db": lambda p: ["cohort", "import", "w.yaml", "r.csv", "--db", p],
    "cohort status --db": lambda p: ["cohort", "status", "w.yaml", "--db", p],
    "cohort history --db": lambda p: ["cohort", "history", "w.yaml", "2014000001", "--db", p],
    "cohort export --db": lambda p: [
        "cohort",
        "export",
        "w.yaml",
        "--db",
        p,
        "--what",
        "blocked",
        "--format",
        "csv",
    ],
}
"""Each command that reads a path, with the path put where it reads it."""

THE_FILE = {
    "test --scenarios": "w.scenarios.yaml",
    "walk --student": "s.yaml",
    "walk --answers": "a.yaml",
    "walk --case": "case.json",
    "cohort import ROSTER": "r.csv",
}
"""The file each reader reads (the workflow when not named), for the permission cases."""

WRITERS: dict[str, Callable[[str], list[str]]] = {
    "rollover -o": lambda p: ["rollover", "w.yaml", "--year", "2015", "-o", p, "--force"],
    "walk --case": lambda p: ["walk", "w.yaml", "--student", "s.yaml", "--yes", "--case", p],
    "cohort export -o": lambda p: [
        "cohort",
        "export",
        "w.yaml",
        "--db",
        "c.db",
        "--format",
        "csv",
        "-o",
        p,
    ],
    "schema -o": lambda p: ["schema", "-o", p],
}
"""Each command that writes a path, with the output put where it writes it."""


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    assert not isinstance(result.exception, BaseException) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.output


def assert_refused(
    args: list[str],
    folder: Path,
    *words: str,
    during: contextlib.AbstractContextManager[None] | None = None,
) -> str:
    """The command exits 1 or 2 with a message holding ``words``, changing no file;
    ``during`` (a :func:`denied` context) is in force while the command runs only."""
    before = tree(folder)
    with during or contextlib.nullcontext():
        code, output = run(args)
    assert code in (1, 2), output
    assert "internal error" not in output
    for word in words:
        assert word in output, output
    assert tree(folder) == before
    return output


@contextlib.contextmanager
def denied(path: str, *, folder: bool = False) -> Iterator[None]:
    """Make the system refuse ``path`` as it refuses a file of mode 000 (its ``open``), or,
    with ``folder``, a folder of mode 000 (``stat`` and ``open`` of anything inside it)."""
    denied = str(Path(path).absolute())
    real_open, real_stat = os.open, os.stat

    def refused(name: str | bytes | os.PathLike[str] | int) -> bool:
        if isinstance(name, int):
            return False
        full = str(Path(os.fsdecode(name)).absolute())
        return full.startswith(denied + os.sep) if folder else full == denied

    def fake_open(name: str, flags: int, *args: object, **kwargs: object) -> int:
        if refused(name):
            raise PermissionError(errno.EACCES, "Permission denied", name)
        return real_open(name, flags, *args, **kwargs)  # type: ignore[arg-type]

    def fake_stat(name: str, *args: object, **kwargs: object) -> os.stat_result:
        if folder and refused(name):
            raise PermissionError(errno.EACCES, "Permission denied", name)
        return real_stat(name, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "open", fake_open)
        patch.setattr(os, "stat", fake_stat)
        yield


KINDS = ["directory", "missing folder", "folder is a file", "name too long", "symlink loop"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", sorted(READERS))
def test_a_bad_path_to_read_is_a_clear_error(work: Path, command: str, kind: str) -> None:
    """Each reading command refuses each kind of bad path with a message; nothing changes."""
    assert_refused(READERS[command](bad_path(kind)), work)


@pytest.mark.parametrize("command", sorted(c for c in READERS if not c.endswith("--db")))
def test_a_file_that_cannot_be_read_is_a_clear_error(work: Path, command: str) -> None:
    """A file of mode 000 (simulated) is refused: ``Permission denied``; nothing changes.
    (SQLite opens the store itself: its folder is refused below.)"""
    name = THE_FILE.get(command, "w.yaml")
    assert_refused(READERS[command](name), work, "Permission denied", during=denied(name))


@pytest.mark.parametrize("command", sorted(READERS))
def test_a_folder_that_cannot_be_entered_is_a_clear_error(work: Path, command: str) -> None:
    """A file inside a folder of mode 000 (simulated) is refused; nothing changes."""
    name = "c.db" if command.endswith("--db") else THE_FILE.get(command, "w.yaml")
    Path("locked").mkdir()
    shutil.copy(name, Path("locked") / name)
    args = READERS[command](f"locked/{name}")
    assert_refused(args, work, "Permission denied", during=denied("locked", folder=True))


def test_the_messages_name_what_is_wrong_with_the_path(work: Path) -> None:
    """The CF001 hint says what to do for each kind, not always 'check permissions'."""
    expected = {
        "afile/x.yaml": "afile/x.yaml:1:1: cannot read file: Not a directory "
        "(a folder in the path is a file; check the path) [CF001]",
        "loop": "loop:1:1: cannot read file: Too many levels of symbolic links "
        "(a symlink in the path leads back to itself; check the path) [CF001]",
        "nope/x.yaml": "nope/x.yaml:1:1: no such file (check the path) [CF001]",
    }
    for path, message in expected.items():
        assert assert_refused(["show", path], work).strip() == message
    assert assert_refused(["cohort", "status", "w.yaml", "--db", "."], work).strip() == (
        "cannot open database '.': is a directory (name a SQLite file)"
    )
    assert assert_refused(["cohort", "status", "w.yaml", "--db", "nope/c.db"], work).strip() == (
        "cannot open database 'nope/c.db': no such folder 'nope' (check the path)"
    )


def test_a_store_folder_that_cannot_be_entered(work: Path) -> None:
    """The store's folder refused (simulated) is a StoreError naming the reason."""
    Path("locked").mkdir()
    shutil.copy("c.db", "locked/c.db")
    args = ["cohort", "status", "w.yaml", "--db", "locked/c.db"]
    output = assert_refused(args, work, during=denied("locked", folder=True))
    assert output.strip() == (
        "cannot open database 'locked/c.db': Permission denied (check permissions)"
    )


@pytest.mark.parametrize(
    "kind", [k for k in KINDS if k != "missing folder"] + ["read-only file", "read-only folder"]
)
@pytest.mark.parametrize("command", sorted(WRITERS))
def test_an_output_that_cannot_be_written_is_a_clear_error(
    work: Path, monkeypatch: pytest.MonkeyPatch, command: str, kind: str
) -> None:
    """Each writing command refuses each kind of output it cannot write; nothing changes."""
    if kind == "read-only file":
        output = "old.out"
        Path(output).write_text("old")
        Path(output).chmod(0o444)
    elif kind == "read-only folder":
        Path("shut").mkdir()
        output = "shut/new.out"
        real_mkstemp = tempfile.mkstemp

        def refuse(prefix: str, dir: str) -> tuple[int, str]:
            if Path(dir).name == "shut":
                raise PermissionError(errno.EACCES, "Permission denied", dir)
            return real_mkstemp(prefix=prefix, dir=dir)

        monkeypatch.setattr("tempfile.mkstemp", refuse)
    else:
        output = bad_path(kind)
    assert_refused(WRITERS[command](output), work)


def test_a_read_only_case_file_is_not_resumed_into(work: Path) -> None:
    """walk --case on a case file nobody may write: refused before any action is taken."""
    Path("case.json").chmod(0o444)
    output = assert_refused(["walk", "w.yaml", "--case", "case.json", "--yes"], work)
    assert output.strip().endswith(
        "case.json: cannot write: the file is read-only; the old file is unchanged "
        "(make it writable, or name another file)"
    )


def test_a_read_only_store_file_still_gives_reports(work: Path) -> None:
    """Reports only read: a store of mode 444 gives its report, and stays as it was."""
    Path("c.db").chmod(0o444)
    before = tree(work)
    code, output = run(["cohort", "status", "w.yaml", "--db", "c.db"])
    assert code == 0, output
    assert tree(work) == before


@pytest.mark.skipif(IS_ROOT, reason="root reads and writes whatever its mode: simulated above")
def test_real_permissions_when_not_root(work: Path) -> None:
    """Not as root, chmod itself: an unreadable workflow, a folder that cannot be entered,
    a read-only folder for an output."""
    Path("w.yaml").chmod(0o000)
    Path("locked").mkdir()
    shutil.copy("s.yaml", "locked/s.yaml")
    Path("locked").chmod(0o000)
    Path("shut").mkdir(mode=0o555)
    try:
        assert_refused(["show", "w.yaml"], work, "Permission denied (check permissions) [CF001]")
        Path("w.yaml").chmod(0o644)
        walk = ["walk", "w.yaml", "--student", "locked/s.yaml", "--yes"]
        assert_refused(walk, work, "Permission denied (check permissions) [CF001]")
        assert_refused(["schema", "-o", "shut/x.json"], work, "cannot write: permission denied")
    finally:
        Path("w.yaml").chmod(0o644)
        Path("locked").chmod(0o755)
        Path("shut").chmod(0o755)
