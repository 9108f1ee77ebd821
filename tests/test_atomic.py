"""The one file writer: an output is never an input, a symlink is kept, old or new only."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest

from clearflow._atomic import open_atomic, refuse_overwrite, same_file, write_atomic
from clearflow._i18n import verbatim
from clearflow.errors import ExitCode, InputError, OverwriteError, WriteError


@pytest.fixture
def workflow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``x.yaml`` in a temporary working directory."""
    monkeypatch.chdir(tmp_path)
    path = Path("x.yaml")
    path.write_bytes(b"clearflow: 1\n")
    return path


def test_one_file_by_many_names(workflow: Path) -> None:
    """A relative name, ./name, the absolute path, a symlink and a hard link are one file."""
    Path("link.yaml").symlink_to(workflow)
    os.link(workflow, "hard.yaml")
    Path("sub").mkdir()
    for name in (
        "x.yaml",
        "./x.yaml",
        workflow.resolve(),
        "link.yaml",
        "hard.yaml",
        "sub/../x.yaml",
    ):
        assert same_file(name, workflow), name
    Path("y.yaml").write_bytes(b"clearflow: 1\n")
    assert not same_file("y.yaml", workflow)


def test_files_that_do_not_exist_are_compared_by_their_resolved_paths(workflow: Path) -> None:
    """A missing output is the same as a missing input of the same path, not as another one."""
    assert same_file("new.db", "./new.db")
    assert not same_file("new.db", "old.db")
    Path("loop").symlink_to("loop")
    assert same_file("loop", "loop")


def test_an_output_that_is_an_input_is_refused(workflow: Path) -> None:
    """The message names the output, what the input is and the input as given; exit 1."""
    with pytest.raises(OverwriteError) as caught:
        refuse_overwrite(
            ["./x.yaml"], [(verbatim("store"), "clearflow.db"), (verbatim("workflow"), workflow)]
        )
    assert str(caught.value) == (
        "./x.yaml: the output is the workflow 'x.yaml' (name another file to write)"
    )
    assert isinstance(caught.value, InputError)
    assert caught.value.exit_code == ExitCode.ERROR
    refuse_overwrite(
        ["y.yaml"], [(verbatim("workflow"), workflow), (verbatim("answers file"), None)]
    )


def test_write_atomic_refuses_an_input_and_changes_nothing(workflow: Path) -> None:
    """With ``inputs``, a path that is one of them is refused before anything is written."""
    Path("link.yaml").symlink_to(workflow)
    with pytest.raises(OverwriteError, match=r"^link\.yaml: the output is the workflow 'x\.yaml'"):
        write_atomic("link.yaml", b"new", inputs=[(verbatim("workflow"), workflow)])
    assert workflow.read_bytes() == b"clearflow: 1\n"
    assert Path("link.yaml").is_symlink()
    assert sorted(path.name for path in Path().iterdir()) == ["link.yaml", "x.yaml"]


def test_write_atomic_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    """The link stays a link and its target gets the new bytes, keeping its mode; the
    temporary file was beside the target (the link's folder holds nothing else)."""
    target = tmp_path / "data" / "case.json"
    target.parent.mkdir()
    target.write_bytes(b"old")
    target.chmod(0o600)
    links = tmp_path / "links"
    links.mkdir()
    link = links / "case.json"
    link.symlink_to(Path("..") / "data" / "case.json")
    chained = links / "again.json"
    chained.symlink_to("case.json")
    write_atomic(chained, b"new")
    assert link.is_symlink()
    assert chained.is_symlink()
    assert link.readlink() == Path("..") / "data" / "case.json"
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(path.name for path in links.iterdir()) == ["again.json", "case.json"]
    assert [path.name for path in target.parent.iterdir()] == ["case.json"]


def test_write_atomic_through_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    """A link to a file not yet written is kept, and the file it names is created."""
    link = tmp_path / "case.json"
    link.symlink_to("real.json")
    write_atomic(link, b"{}")
    assert link.is_symlink()
    assert (tmp_path / "real.json").read_bytes() == b"{}"


@pytest.mark.parametrize(
    ("number", "reason", "hint"),
    [
        (errno.ENOSPC, "no space left on device", "free some space and run the command again"),
        (errno.EDQUOT, "disk quota exceeded", "free some space and run the command again"),
        (errno.EROFS, "the file system is read-only", "name a file on a writable disk"),
    ],
)
def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(
    workflow: Path, monkeypatch: pytest.MonkeyPatch, number: int, reason: str, hint: str
) -> None:
    """ENOSPC, EDQUOT or EROFS while the bytes are flushed: a WriteError that says so, the
    temporary file removed, the old file byte for byte as it was; a new file is not made."""

    def full(_handle: int) -> None:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError) as caught:
        write_atomic(workflow, b"new")
    assert (
        str(caught.value) == f"x.yaml: cannot write: {reason}; the old file is unchanged ({hint})"
    )
    assert isinstance(caught.value, InputError)
    with pytest.raises(WriteError, match=r"^new\.yaml: cannot write: .*; nothing was written"):
        write_atomic("new.yaml", b"new")
    assert workflow.read_bytes() == b"clearflow: 1\n"
    assert sorted(path.name for path in Path().iterdir()) == ["x.yaml"]


def test_a_failed_write_of_the_bytes_is_a_write_error_too(
    workflow: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC from the write itself (not only the flush) is caught the same way."""

    real_fdopen = os.fdopen

    class FullFile(io.BytesIO):
        def __init__(self, handle: int) -> None:
            super().__init__()
            real_fdopen(handle, "wb").close()

        def write(self, _data: object) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda handle, _mode: FullFile(handle))
    with pytest.raises(WriteError, match="no space left on device; the old file is unchanged"):
        write_atomic(workflow, b"new")
    assert workflow.read_bytes() == b"clearflow: 1\n"
    assert sorted(path.name for path in Path().iterdir()) == ["x.yaml"]


def test_a_read_only_file_is_not_replaced(workflow: Path) -> None:
    """A file nobody may write (chmod a-w) is refused, for root too; it is left as it was."""
    workflow.chmod(0o444)
    try:
        with pytest.raises(WriteError) as caught:
            write_atomic(workflow, b"new")
        assert str(caught.value) == (
            "x.yaml: cannot write: the file is read-only; the old file is unchanged "
            "(make it writable, or name another file)"
        )
        assert workflow.read_bytes() == b"clearflow: 1\n"
    finally:
        workflow.chmod(0o644)


def test_a_symlink_loop_or_a_file_as_folder_is_a_write_error(workflow: Path) -> None:
    """Paths that name no file to write give a WriteError naming why; nothing is created."""
    Path("loop").symlink_to("loop")
    with pytest.raises(WriteError, match=r"^loop: cannot write: too many levels of symbolic"):
        write_atomic("loop", b"new")
    with pytest.raises(WriteError, match=r"^x\.yaml/out: cannot write: a folder in the path is"):
        write_atomic("x.yaml/out", b"new")
    assert sorted(path.name for path in Path().iterdir()) == ["loop", "x.yaml"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_real_read_only_folder_is_a_write_error(tmp_path: Path) -> None:
    """Not as root: a folder of mode 555 refuses the temporary file; nothing is left."""
    folder = tmp_path / "shut"
    folder.mkdir()
    (folder / "old.json").write_bytes(b"old")
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteError, match="cannot write: permission denied; the old file"):
            write_atomic(folder / "old.json", b"new")
        assert (folder / "old.json").read_bytes() == b"old"
        assert [path.name for path in folder.iterdir()] == ["old.json"]
    finally:
        folder.chmod(0o755)


# -- open_atomic: a file written bit by bit ----------------------------------------------


def test_open_atomic_puts_the_file_in_place_only_when_the_block_ends(tmp_path: Path) -> None:
    """While the block writes, the old file is what readers see; then the new one, whole."""
    path = tmp_path / "out.csv"
    path.write_bytes(b"old\n")
    with open_atomic(path) as file:
        file.write(b"new ")
        assert path.read_bytes() == b"old\n"
        file.write(b"rows\n")
    assert path.read_bytes() == b"new rows\n"
    assert [entry.name for entry in tmp_path.iterdir()] == ["out.csv"]


def test_open_atomic_leaves_nothing_when_the_block_raises(tmp_path: Path) -> None:
    """An error half-way (a row that cannot be read) keeps the old file, no temporary left."""
    path = tmp_path / "out.csv"
    path.write_bytes(b"old\n")

    def half_then_fail() -> None:
        with open_atomic(path) as file:
            file.write(b"half")
            raise RuntimeError("store gone")

    with pytest.raises(RuntimeError, match="store gone"):
        half_then_fail()
    assert path.read_bytes() == b"old\n"
    assert [entry.name for entry in tmp_path.iterdir()] == ["out.csv"]
    new = tmp_path / "new.csv"
    with pytest.raises(KeyboardInterrupt), open_atomic(new):
        raise KeyboardInterrupt
    assert not new.exists()
    assert [entry.name for entry in tmp_path.iterdir()] == ["out.csv"]


def test_open_atomic_writes_through_a_symlink_and_keeps_the_mode(tmp_path: Path) -> None:
    """The symlink stays a symlink; the file it points to gets the bytes and keeps its mode."""
    target = tmp_path / "real.json"
    target.write_bytes(b"{}\n")
    target.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    with open_atomic(link) as file:
        file.write(b"[]\n")
    assert link.is_symlink()
    assert target.read_bytes() == b"[]\n"
    assert target.stat().st_mode & 0o777 == 0o600


def test_open_atomic_refuses_an_input_before_writing(workflow: Path) -> None:
    """An output that is an input is refused and the block never runs."""
    ran = False
    with (
        pytest.raises(OverwriteError, match="the output is the workflow"),
        open_atomic("./x.yaml", inputs=[(verbatim("workflow"), workflow)]),
    ):
        ran = True
    assert not ran
    assert workflow.read_bytes() == b"clearflow: 1\n"


def test_a_write_error_inside_the_block_is_a_write_error(tmp_path: Path) -> None:
    """A full disk met by the block's own write reads as the writer's WriteError."""
    path = tmp_path / "out.csv"
    with (
        pytest.raises(WriteError, match="no space left on device; nothing was written"),
        open_atomic(path),
    ):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert list(tmp_path.iterdir()) == []
