"""``cohort export -o`` replaces an earlier export, never a list or another file, unless --force."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clearflow.cli import main
from clearflow.cohort.export import check_export_path
from clearflow.errors import OverwriteError
from clearflow.store import Store
from support import EARLY, WORKFLOW_2014, engine_2014, profile, staff

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "examples" / "cohort-files" / "library.csv"
W = str(WORKFLOW_2014)


@pytest.fixture
def database(tmp_path: Path) -> str:
    """A store with one student refused at the library."""
    path = str(tmp_path / "class.db")
    case = engine_2014().start("2014001", profile(), name="张三", at=EARLY)
    case.refuse("library_cleared", staff("library"), "2 books not returned", at=EARLY)
    with Store.open(path, engine_2014()) as store:
        store.add([case], {"2014001": "王老师"})
    return path


@pytest.fixture
def export(database: str) -> Callable[..., Result]:
    """``clearflow cohort export`` on :func:`database` with extra arguments."""
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})

    def invoke(*args: str) -> Result:
        return runner.invoke(main, ["cohort", "export", W, "--db", database, *args])

    return invoke


def test_an_imported_list_is_not_replaced(export: Callable[..., Result], tmp_path: Path) -> None:
    """-o over the library's list (an input once imported) exits 1 and leaves it byte for byte."""
    listed = tmp_path / "library.csv"
    listed.write_bytes(LIBRARY.read_bytes())
    result = export("--what", "blocked", "--format", "csv", "-o", str(listed))
    assert (result.exit_code, result.stderr) == (
        1,
        f"{listed}: the file exists and is not a clearflow export "
        "(name another file, or replace it with --force)\n",
    )
    assert listed.read_bytes() == LIBRARY.read_bytes()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["class.db", "library.csv"]


def test_force_replaces_it(export: Callable[..., Result], tmp_path: Path) -> None:
    """--force says yes: the export is written over the file."""
    listed = tmp_path / "library.csv"
    listed.write_bytes(LIBRARY.read_bytes())
    result = export("--what", "blocked", "--format", "csv", "-o", str(listed), "--force")
    assert result.exit_code == 0, result.output
    assert listed.read_text(encoding="utf-8-sig").startswith("student_id,name,counsellor,")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("blocked", "csv"), ("blocked", "csv", "--lang", "zh", "--by", "department")),
        (("blocked", "csv", "--encoding", "gb18030"), ("progress", "json")),
        (("progress", "json"), ("progress", "csv", "--encoding", "utf-8")),
        (("progress", "csv"), ("blocked", "json")),
    ],
)
def test_an_earlier_export_is_replaced_without_force(
    export: Callable[..., Result], tmp_path: Path, first: tuple[str, ...], second: tuple[str, ...]
) -> None:
    """Re-running a morning's export (any report, format or encoding) needs no --force."""
    output = str(tmp_path / "report.out")
    for what, form, *more in (first, second):
        result = export("--what", what, "--format", form, *more, "-o", output)
        assert result.exit_code == 0, result.output
    what, form, *more = second
    printed = export("--what", what, "--format", form, *more).stdout_bytes
    assert (tmp_path / "report.out").read_bytes() == printed


@pytest.mark.parametrize(
    "content",
    [b"", b"hello\n", b"student_id,status\r\n2014001,cleared\r\n", b'{"report": "blocked"}'],
)
def test_the_library_refuses_other_files_and_names_the_fix(tmp_path: Path, content: bytes) -> None:
    """check_export_path: any existing non-export file, even empty, is refused with fix 'force'."""
    path = tmp_path / "out.csv"
    path.write_bytes(content)
    with pytest.raises(OverwriteError) as raised:
        check_export_path(path, workflow=WORKFLOW_2014, store=tmp_path / "class.db")
    assert raised.value.fix == "force"
    assert "replace it with force=True" in str(raised.value)
    check_export_path(path, workflow=WORKFLOW_2014, store=tmp_path / "class.db", force=True)
    assert path.read_bytes() == content


def test_a_new_file_and_a_missing_folder_are_fine(tmp_path: Path) -> None:
    """Nothing to protect: no refusal."""
    check_export_path(tmp_path / "new.csv", workflow=WORKFLOW_2014, store=tmp_path / "c.db")
    check_export_path(tmp_path / "no" / "new.csv", workflow=WORKFLOW_2014, store=tmp_path / "c.db")
