"""The one file writer: an output is never an input, a symlink is kept, old or new only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clearflow._atomic import refuse_overwrite, same_file, write_atomic
from clearflow.errors import ExitCode, InputError, OverwriteError


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
        refuse_overwrite(["./x.yaml"], [("store", "clearflow.db"), ("workflow", workflow)])
    assert str(caught.value) == (
        "./x.yaml: the output is the workflow 'x.yaml' (name another file to write)"
    )
    assert isinstance(caught.value, InputError)
    assert caught.value.exit_code == ExitCode.ERROR
    refuse_overwrite(["y.yaml"], [("workflow", workflow), ("answers file", None)])


def test_write_atomic_refuses_an_input_and_changes_nothing(workflow: Path) -> None:
    """With ``inputs``, a path that is one of them is refused before anything is written."""
    Path("link.yaml").symlink_to(workflow)
    with pytest.raises(OverwriteError, match=r"^link\.yaml: the output is the workflow 'x\.yaml'"):
        write_atomic("link.yaml", b"new", inputs=[("workflow", workflow)])
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
