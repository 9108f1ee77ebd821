"""The command line: exit codes, located messages, JSON output and the ``show`` tables."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clearflow.cli import main

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
# The one warning the 2014 notice really contains: 137 higher-vocational students in no session.
WORKFLOW_WARNING_LINE = next(
    number
    for number, line in enumerate(WORKFLOW.read_text(encoding="utf-8").splitlines(), 1)
    if "count: 1714" in line
)
WORKFLOW_WARNING = (
    f"{WORKFLOW}:{WORKFLOW_WARNING_LINE}:7: cohort.counts[0]: 137 of 1714 Higher vocational "
    "students are in no session (add sessions for them, or list them under "
    "'schedule.elsewhere' with where they go) [CF405 warning]"
)

BROKEN = """\
clearflow: 1
id: demo
title: Demo
offices:
  finance: {en: Finance}
stations:
  - id: pay
    office: finace
    en: Pay
"""
BROKEN_MESSAGE = (
    "broken.yaml:8:13: stations[0].office: unknown office 'finace' "
    "(did you mean 'finance'?) [CF201]"
)

WARNING_ONLY = """\
clearflow: 1
id: demo
title: Demo
offices:
  finance: {en: Finance}
  library: {en: Library}
stations:
  - id: pay
    office: finance
    en: Pay
"""
WARNING_MESSAGE = (
    "warning.yaml:6:3: offices.library: office 'library' is not used by any step "
    "(remove it, or give it a step) [CF301 warning]"
)

FILE_KEYS = {"path", "valid", "issues"}
ISSUE_KEYS = {
    "code",
    "severity",
    "source",
    "line",
    "column",
    "path",
    "message",
    "hint",
    "localized",
}

HIGHER_VOCATIONAL_COUNTS = [474, 298, 144, 338, 146, 77, 100]
LABELS = {
    "en": {
        "schedule": "Schedule",
        "higher": "Higher vocational ·",
        "secondary_main": "Secondary vocational · Main campus",
        "stations_title": "Stations in order",
        "documents_title": "Documents handed over",
        "stations": [
            "Blank clearance checklist handed out",
            "Finance confirms fees paid",
            "Student Affairs confirms card cancelled and dormitory checked out",
            "Admissions and Employment registers the graduate and issues the dispatch certificate",
            "Security takes back the access pass and handles household registration",
            "Signed checklist returned; certificate handed over",
        ],
    },
    "zh": {
        "schedule": "时段安排",
        "higher": "高职 ·",
        "secondary_main": "中职 · 院本部",
        "stations_title": "一站式服务流程",
        "documents_title": "应领取的证书及资料",
        "stations": [
            "领取空白《离校清单》",
            "计财处确认费用缴清",
            "学生处确认学生证注销和退宿",
            "招生就业处毕业生情况登记、派遣证办理",
            "保卫处出入证交还、户籍迁移",
            "交回签章完毕的《离校清单》，领取证书",
        ],
    },
}

Invoke = Callable[..., Result]


@pytest.fixture
def invoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run the CLI in a temporary directory holding broken.yaml and warning.yaml, 200 columns."""
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "warning.yaml").write_text(WARNING_ONLY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

    def run(*args: str) -> Result:
        return runner.invoke(main, list(args))

    return run


def test_check_valid_workflow_prints_ok(invoke: Invoke) -> None:
    """Checking the 2014 workflow exits 0, prints its one warning and says ok."""
    result = invoke("check", str(WORKFLOW))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        WORKFLOW_WARNING,
        f"{WORKFLOW}: ok (gyvtc-2014, 14 steps)",
        "0 errors, 1 warning in 1 file",
    ]
    assert result.stderr == ""


def test_check_broken_file_prints_located_message(invoke: Invoke) -> None:
    """A broken file exits 1 with the exact file:line:col message and a summary."""
    result = invoke("check", "broken.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [BROKEN_MESSAGE, "1 error, 0 warnings in 1 file"]


def test_check_warnings_only_exits_zero(invoke: Invoke) -> None:
    """A file with warnings but no errors exits 0, printing the warning and ok."""
    result = invoke("check", "warning.yaml")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        WARNING_MESSAGE,
        "warning.yaml: ok (demo, 1 step)",
        "0 errors, 1 warning in 1 file",
    ]


def test_check_unknown_option_is_usage_error(invoke: Invoke) -> None:
    """An unknown option exits 2 with click's usage message."""
    result = invoke("check", "--bogus", "broken.yaml")
    assert result.exit_code == 2
    assert "No such option '--bogus'" in result.stderr


def test_check_without_paths_is_usage_error(invoke: Invoke) -> None:
    """``check`` with no paths exits 2 and names the missing argument."""
    result = invoke("check")
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...'" in result.stderr


def test_check_json_has_documented_keys(invoke: Invoke) -> None:
    """``--format json`` prints one JSON object with files, errors and warnings."""
    result = invoke("check", "--format", "json", "broken.yaml", "warning.yaml")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert set(report) == {"files", "errors", "warnings"}
    assert (report["errors"], report["warnings"]) == (1, 1)
    assert [entry["path"] for entry in report["files"]] == ["broken.yaml", "warning.yaml"]
    assert [entry["valid"] for entry in report["files"]] == [False, True]
    for entry in report["files"]:
        assert set(entry) == FILE_KEYS
        for issue in entry["issues"]:
            assert set(issue) == ISSUE_KEYS
    broken = report["files"][0]["issues"][0]
    assert broken == {
        "code": "CF201",
        "severity": "error",
        "source": "broken.yaml",
        "line": 8,
        "column": 13,
        "path": "stations[0].office",
        "message": "unknown office 'finace'",
        "hint": "did you mean 'finance'?",
        "localized": {
            "lang": "en",
            "message": "unknown office 'finace'",
            "hint": "did you mean 'finance'?",
            "text": "broken.yaml:8:13: stations[0].office: unknown office 'finace' "
            "(did you mean 'finance'?) [CF201]",
        },
    }
    assert report["files"][1]["issues"][0]["severity"] == "warning"


def test_check_json_valid_file_has_only_its_warning(invoke: Invoke) -> None:
    """``--format json`` on the 2014 workflow reports it valid with its one warning, exit 0."""
    result = invoke("check", "--format", "json", str(WORKFLOW))
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert [issue["code"] for issue in report["files"][0]["issues"]] == ["CF405"]
    assert report["files"][0]["valid"] is True
    assert (report["errors"], report["warnings"]) == (0, 1)


def test_check_several_paths_reports_each(invoke: Invoke) -> None:
    """Several paths are checked in order; one broken file makes the exit code 1."""
    result = invoke("check", str(WORKFLOW), "broken.yaml", "warning.yaml", "missing.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        WORKFLOW_WARNING,
        f"{WORKFLOW}: ok (gyvtc-2014, 14 steps)",
        BROKEN_MESSAGE,
        WARNING_MESSAGE,
        "warning.yaml: ok (demo, 1 step)",
        "missing.yaml:1:1: no such file (check the path) [CF001]",
        "2 errors, 2 warnings in 4 files",
    ]


def _schedule_headcounts(output: str, title: str, who: str) -> list[int]:
    """The headcounts of the schedule rows whose students column starts with ``who``."""
    schedule = output[output.index(title) :]
    cells = [re.sub(r"^\s*\S+ \S+\s+\S+\s+", "", line) for line in schedule.splitlines()]
    return [int(cell.split()[-1]) for cell in cells if cell.startswith(who)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_prints_schedule_headcounts(invoke: Invoke, lang: str) -> None:
    """``show`` lists the seven higher-vocational sessions and the 549 secondary session."""
    labels = LABELS[lang]
    result = invoke("show", "--lang", lang, str(WORKFLOW))
    assert result.exit_code == 0
    title = str(labels["schedule"])
    higher = _schedule_headcounts(result.stdout, title, str(labels["higher"]))
    secondary = _schedule_headcounts(result.stdout, title, str(labels["secondary_main"]))
    assert higher == HIGHER_VOCATIONAL_COUNTS
    assert secondary == [549]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_lists_stations_in_attachment_order(invoke: Invoke, lang: str) -> None:
    """``show`` prints the six stations in the order of the attachment's flow."""
    labels = LABELS[lang]
    result = invoke("show", "--lang", lang, str(WORKFLOW))
    assert result.exit_code == 0
    start = result.stdout.index(str(labels["stations_title"]))
    end = result.stdout.index(str(labels["documents_title"]))
    section = result.stdout[start:end]
    positions = [section.find(label) for label in labels["stations"]]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_show_broken_file_prints_message_without_traceback(invoke: Invoke) -> None:
    """``show`` on a broken file exits 1 with the located message on stderr, unwrapped."""
    result = invoke("show", "broken.yaml")
    assert result.exit_code == 1
    assert result.stderr == BROKEN_MESSAGE + "\n"
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def _write_broken_inputs(directory: Path) -> list[str]:
    """Write the broken inputs into ``directory``; return the paths to pass, one per input."""
    (directory / "folder").mkdir()
    (directory / "garbage.yaml").write_bytes(bytes(range(256)) * 4)
    (directory / "gb18030.yaml").write_bytes(
        "clearflow: 1\nid: demo\ntitle: 毕业生离校手续\n".encode("gb18030")
    )
    (directory / "empty.yaml").write_bytes(b"")
    (directory / "tag.yaml").write_text(
        "clearflow: 1\nid: demo\ntitle: !!python/object/apply:os.system ['echo hi']\n",
        encoding="utf-8",
    )
    return ["missing.yaml", "folder", "garbage.yaml", "gb18030.yaml", "empty.yaml", "tag.yaml"]


@pytest.mark.parametrize("command", [["check"], ["check", "--format", "json"], ["show"]])
def test_installed_program_never_shows_a_traceback(tmp_path: Path, command: list[str]) -> None:
    """``python -m clearflow`` exits 1 or 2 on every broken input without a traceback."""
    for path in _write_broken_inputs(tmp_path):
        completed = subprocess.run(
            [sys.executable, "-m", "clearflow", *command, path],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
        assert completed.returncode in (1, 2), (path, completed.stderr)
        assert "Traceback" not in completed.stderr, path
        assert "Traceback" not in completed.stdout, path
        assert path in completed.stdout + completed.stderr, path
