"""``clearflow rollover`` and ``clearflow diff``: files written, refusals, exit codes, output."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clearflow.cli import main
from clearflow.staff.rollover import roll_text

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
SIDECAR = WORKFLOW.with_name("gyvtc-2014.scenarios.yaml")

Invoke = Callable[..., Result]


@pytest.fixture
def invoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run the CLI in a temporary directory holding a copy of the 2014 workflow (and scenarios)."""
    shutil.copy(WORKFLOW, tmp_path / WORKFLOW.name)
    if SIDECAR.exists():
        shutil.copy(SIDECAR, tmp_path / SIDECAR.name)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

    def run(*args: str) -> Result:
        return runner.invoke(main, list(args))

    return run


def test_rollover_writes_next_year_beside_the_old_one(invoke: Invoke) -> None:
    """The new file is named for 2015, passes check, and its scenarios still pass."""
    result = invoke("rollover", "gyvtc-2014.yaml", "--year", "2015")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Rolled 2014 → 2015: every date moved forward 364 days; review")
    assert "Carried over from 2014: update to the 2015 figures" in lines
    assert "Dates moved by 52 weeks (each keeps its weekday)" in lines
    assert "wrote gyvtc-2015.yaml" in lines
    assert (
        Path("gyvtc-2015.yaml").read_text(encoding="utf-8")
        == roll_text(WORKFLOW.read_text(encoding="utf-8"), 2015).text
    )
    checked, original = invoke("check", "gyvtc-2015.yaml"), invoke("check", "gyvtc-2014.yaml")
    assert checked.exit_code == 0
    assert "gyvtc-2015.yaml: ok (gyvtc-2015, 14 steps)" in checked.stdout.splitlines()
    assert checked.stdout == original.stdout.replace("2014", "2015")
    if SIDECAR.exists():
        assert "wrote gyvtc-2015.scenarios.yaml" in lines
        tested = invoke("test", "gyvtc-2015.yaml")
        assert tested.exit_code == 0, tested.output
        assert " 0 failed" in tested.stdout


def test_rollover_refuses_to_overwrite_without_force(invoke: Invoke) -> None:
    """A second rollover exits 1 and names the file; --force overwrites it."""
    assert invoke("rollover", "gyvtc-2014.yaml", "--year", "2015").exit_code == 0
    Path("gyvtc-2015.yaml").write_text("edited", encoding="utf-8")
    again = invoke("rollover", "gyvtc-2014.yaml", "--year", "2015")
    assert again.exit_code == 1
    assert again.stderr == "gyvtc-2015.yaml: file exists (give --force to overwrite it)\n"
    assert Path("gyvtc-2015.yaml").read_text(encoding="utf-8") == "edited"
    assert invoke("rollover", "gyvtc-2014.yaml", "--year", "2015", "--force").exit_code == 0
    assert Path("gyvtc-2015.yaml").read_text(encoding="utf-8") != "edited"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("-o", "gyvtc-2014.yaml"),
            "gyvtc-2014.yaml: the output is the workflow 'gyvtc-2014.yaml'",
        ),
        (
            ("-o", "old/../gyvtc-2014.yaml"),
            "old/../gyvtc-2014.yaml: the output is the workflow 'gyvtc-2014.yaml'",
        ),
        (("-o", "last.yaml"), "last.yaml: the output is the workflow 'gyvtc-2014.yaml'"),
        (
            ("-o", "gyvtc-2014.scenarios.yaml"),
            "gyvtc-2014.scenarios.yaml: the output is the scenarios file "
            "'gyvtc-2014.scenarios.yaml'",
        ),
    ],
)
def test_rollover_never_overwrites_its_input(
    invoke: Invoke, args: tuple[str, ...], message: str
) -> None:
    """An output that is last year's workflow or its scenarios file (by its name, another
    path to it, a symlink) exits 1 even with --force, and changes neither."""
    Path("last.yaml").symlink_to("gyvtc-2014.yaml")
    result = invoke("rollover", "gyvtc-2014.yaml", "--year", "2015", "--force", *args)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{message} (name another file to write)\n"
    assert Path("gyvtc-2014.yaml").read_bytes() == WORKFLOW.read_bytes()
    assert Path("gyvtc-2014.scenarios.yaml").read_bytes() == SIDECAR.read_bytes()
    assert Path("last.yaml").is_symlink()
    assert sorted(path.name for path in Path().iterdir()) == [
        "gyvtc-2014.scenarios.yaml",
        "gyvtc-2014.yaml",
        "last.yaml",
    ]


def test_rollover_to_standard_output(invoke: Invoke) -> None:
    """``-o -`` prints only the YAML on stdout; the review list goes to stderr."""
    result = invoke("rollover", "gyvtc-2014.yaml", "--year", "2015", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout == roll_text(WORKFLOW.read_text(encoding="utf-8"), 2015).text
    assert "The notice's date" in result.stderr
    assert not Path("gyvtc-2015.yaml").exists()


def test_rollover_needs_a_name_when_the_file_has_no_year(invoke: Invoke) -> None:
    """A file name without the year cannot be renamed: a usage error (exit 2)."""
    shutil.copy("gyvtc-2014.yaml", "procedure.yaml")
    result = invoke("rollover", "procedure.yaml", "--year", "2015")
    assert result.exit_code == 2
    assert "'procedure.yaml' has no year in its name to change: give -o NEW" in result.stderr
    assert invoke("rollover", "procedure.yaml", "--year", "2015", "-o", "new.yaml").exit_code == 0


def test_rollover_refuses_a_workflow_that_does_not_load(invoke: Invoke) -> None:
    """A broken workflow exits 1 with its located errors, and nothing is written."""
    text = Path("gyvtc-2014.yaml").read_text(encoding="utf-8")
    Path("gyvtc-2014.yaml").write_text(text.replace("office: library", "office: libary"), "utf-8")
    result = invoke("rollover", "gyvtc-2014.yaml", "--year", "2015")
    assert result.exit_code == 1
    assert "unknown office 'libary' (did you mean 'library'?) [CF201]" in result.stderr
    assert not Path("gyvtc-2015.yaml").exists()


def test_diff_of_a_rollover_in_text(invoke: Invoke) -> None:
    """The summary has one heading per group and exits 0."""
    assert invoke("rollover", "gyvtc-2014.yaml", "--year", "2015").exit_code == 0
    result = invoke("diff", "gyvtc-2014.yaml", "gyvtc-2015.yaml")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "Workflow",
        "  id: gyvtc-2014 → gyvtc-2015",
        "  title: '贵阳职业技术学院2014届毕业生离校手续 / GYVTC class of 2014 leaving procedure'"
        " → '贵阳职业技术学院2015届毕业生离校手续 / GYVTC class of 2015 leaving procedure'",
        "  issued: 2014-06-25 Wed → 2015-06-24 Wed",
    ]
    assert [line for line in lines if line and not line.startswith(" ")] == [
        "Workflow",
        "Deadlines",
        "Schedule and sessions",
    ]
    zh = invoke("diff", "gyvtc-2014.yaml", "gyvtc-2015.yaml", "--lang", "zh").stdout
    assert "  发文日期：2014-06-25 星期三 → 2015-06-24 星期三\n" in zh


def test_diff_json_and_no_changes(invoke: Invoke) -> None:
    """JSON lists each change; a file against itself says 'no changes'."""
    assert invoke("rollover", "gyvtc-2014.yaml", "--year", "2015").exit_code == 0
    result = invoke("diff", "gyvtc-2014.yaml", "gyvtc-2015.yaml", "--format", "json")
    report = json.loads(result.stdout)
    assert report["old"] == "gyvtc-2014.yaml"
    assert report["changes"][0] == {
        "group": "workflow",
        "kind": "changed",
        "subject": "id",
        "text": "id: gyvtc-2014 → gyvtc-2015",
    }
    same = invoke("diff", "gyvtc-2014.yaml", "gyvtc-2014.yaml")
    assert (same.exit_code, same.stdout) == (0, "no changes\n")


def test_diff_exits_1_when_a_file_does_not_load(invoke: Invoke) -> None:
    """A missing file is a located error on stderr."""
    result = invoke("diff", "gyvtc-2014.yaml", "missing.yaml")
    assert result.exit_code == 1
    assert result.stderr == "missing.yaml:1:1: no such file (check the path) [CF001]\n"


def test_the_guide_shows_the_real_rollover_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/preparing-next-year.md pastes exactly what the rollover of 2014 prints."""
    guide = (ROOT / "docs" / "preparing-next-year.md").read_text(encoding="utf-8")
    command = "$ clearflow rollover --lang en workflows/gyvtc-2014.yaml --year 2015\n"
    shown = guide.split("```console\n" + command, 1)[1].split("```", 1)[0]
    (tmp_path / "workflows").mkdir()
    for path in (WORKFLOW, SIDECAR):
        if path.exists():
            shutil.copy(path, tmp_path / "workflows" / path.name)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})
    result = runner.invoke(main, ["rollover", "workflows/gyvtc-2014.yaml", "--year", "2015"])
    assert result.exit_code == 0
    assert result.stdout == shown


def test_rollover_review_list_in_chinese(invoke: Invoke) -> None:
    """``--lang zh`` gives the whole review list in Chinese, line numbers and key paths kept."""
    result = invoke("rollover", "gyvtc-2014.yaml", "--year", "2015", "--lang", "zh")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "已从 2014 年转入 2015 年：所有日期推后 364 天；以下 51 项须复核："
    assert "  第 21 行：cohort.total：共 2985 名毕业生" in lines
    assert "日期整体移动 52 周（星期几不变）" in lines
    english = invoke("rollover", "gyvtc-2014.yaml", "--year", "2015", "--force", "--lang", "en")
    assert english.output.splitlines()[0].startswith("Rolled 2014 → 2015")
