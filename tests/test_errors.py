"""Every diagnostic code: one invalid workflow per rule, asserting the exact message.

Each file in ``tests/fixtures/invalid/`` is named ``<code>-<slug>.yaml`` and opens
with one ``# expect: ...`` comment line per issue it must produce, in the order
they are reported; ``{source}`` stands for the path the file is loaded by.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from clearflow import Issue, Severity, WorkflowError, inspect_path, load_workflow
from clearflow._i18n import verbatim
from clearflow.cli import main
from clearflow.cli._flags import FLAG_WORDS, flag_text
from clearflow.console._answers import parse_answers
from clearflow.format import parse_renames
from clearflow.format._yaml import read_text
from clearflow.staff._scenario_file import read_scenarios
from clearflow.store import Store
from support import EARLY, engine_2014, profile, workflow_2014

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "invalid"
FIXTURE_PATHS = sorted(FIXTURES.glob("*.yaml"))
# Import errors (CF7xx) are about tables, not workflows: their fixtures are the table
# files in tests/fixtures/tables/, each with a <code>-<slug>.yaml beside it saying how
# to import it and what it must report; tests/test_importer.py runs them.
TABLE_FIXTURE_PATHS = sorted(
    path for path in (FIXTURES.parent / "tables").glob("CF*") if path.suffix in {".csv", ".xlsx"}
)
# Scenario errors (CF6xx) are about a scenarios file read against a workflow: their
# fixtures are tests/fixtures/scenarios/<code>-<slug>.yaml, read against workflow.yaml there.
SCENARIO_FIXTURES = FIXTURES.parent / "scenarios"
SCENARIO_FIXTURE_PATHS = sorted(SCENARIO_FIXTURES.glob("CF*.yaml"))
# Renames errors (CF211-CF213) are about a migration's renames file read against the old
# and the new workflow: their fixtures are tests/fixtures/renames/<code>-<slug>.yaml, read
# against the 2014 workflow as both (tests/migration/test_renames.py runs them).
RENAMES_FIXTURE_PATHS = sorted((FIXTURES.parent / "renames").glob("CF*.yaml"))
EXPECT = b"# expect: "
EXPECT_ZH = b"# expect-zh: "
NOT_UTF8 = {"CF002-gb18030"}
"""Fixtures that cannot hold a UTF-8 line (their Chinese: tests/format/test_chinese.py)."""
CODE = re.compile(r"\bCF\d{3}\b")
FIXTURE_NAME = re.compile(r"(CF\d{3})-[a-z0-9]+(-[a-z0-9]+)*\Z")
# Codes that no fixture file can show (a missing path, a directory, an unreadable
# file) and the tests below that cover them instead; CF801-CF803 are Word templates, which
# tests/documents/test_docx.py builds with python-docx and checks message by message.
WITHOUT_FIXTURE = frozenset({"CF001", "CF801", "CF802", "CF803"})


def expected_lines(path: Path, tag: bytes = EXPECT) -> list[str]:
    """The ``# expect:`` lines at the top of a fixture (``# expect-zh:`` lines, which follow
    them, for Chinese), with ``{source}`` filled in."""
    lines = []
    for raw in path.read_bytes().splitlines():
        if not raw.startswith((EXPECT, EXPECT_ZH)):
            break
        if raw.startswith(tag):
            lines.append(raw[len(tag) :].decode("utf-8").replace("{source}", str(path)))
    return lines


def source_codes() -> set[str]:
    """Every code written anywhere in the package source."""
    return {
        code
        for module in (ROOT / "src" / "clearflow").rglob("*.py")
        for code in CODE.findall(module.read_text(encoding="utf-8"))
    }


def renames_issues() -> list[Issue]:
    """The issues of each renames fixture's body (its lines after the expectations) read
    as ``renames.yaml``, as docs/errors.md quotes them."""
    issues: list[Issue] = []
    for path in RENAMES_FIXTURE_PATHS:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        body = "".join(line for line in lines if not line.startswith("# expect"))
        with pytest.raises(WorkflowError) as caught:
            parse_renames(body, workflow_2014(), workflow_2014(), "renames.yaml")
        issues.extend(caught.value.issues)
    return issues


@pytest.mark.parametrize("path", FIXTURE_PATHS, ids=[path.stem for path in FIXTURE_PATHS])
def test_fixture_reports_exactly_the_expected_issues(path: Path) -> None:
    """Each fixture reports exactly the issues its header states, and loads only with warnings."""
    expected = expected_lines(path)
    assert expected, f"{path.name} has no '# expect:' line"
    workflow, issues = inspect_path(path)
    assert [str(issue) for issue in issues] == expected
    if path.stem not in NOT_UTF8:
        assert [issue.text("zh") for issue in issues] == expected_lines(path, EXPECT_ZH)
    only_warnings = all(issue.severity is Severity.WARNING for issue in issues)
    assert (workflow is not None) == only_warnings


@pytest.mark.parametrize("path", FIXTURE_PATHS, ids=[path.stem for path in FIXTURE_PATHS])
def test_fixture_is_named_after_its_code(path: Path) -> None:
    """A fixture's file name starts with the code of the first issue it expects."""
    found = FIXTURE_NAME.match(path.stem)
    assert found, f"{path.name} is not named <code>-<slug>.yaml"
    first = expected_lines(path)[0]
    assert first.endswith((f"[{found[1]}]", f"[{found[1]} warning]"))


@pytest.mark.parametrize(
    "path", SCENARIO_FIXTURE_PATHS, ids=[path.stem for path in SCENARIO_FIXTURE_PATHS]
)
def test_scenario_fixture_reports_exactly_the_expected_issues(path: Path) -> None:
    """Each scenarios fixture, read against the workflow beside it, reports its header's issues."""
    expected = expected_lines(path)
    found = FIXTURE_NAME.match(path.stem)
    assert found, f"{path.name} is not named <code>-<slug>.yaml"
    assert expected[0].endswith(f"[{found[1]}]")
    with pytest.raises(WorkflowError) as caught:
        read_scenarios(path, load_workflow(SCENARIO_FIXTURES / "workflow.yaml"))
    assert [str(issue) for issue in caught.value.issues] == expected
    assert [issue.text("zh") for issue in caught.value.issues] == expected_lines(path, EXPECT_ZH)


def test_error_fixture_raises_with_the_same_text() -> None:
    """load_workflow raises a WorkflowError whose text is the error lines, one per line."""
    path = FIXTURES / "CF201-unknown-office.yaml"
    with pytest.raises(WorkflowError) as caught:
        load_workflow(path)
    assert str(caught.value) == "\n".join(expected_lines(path))


def test_warning_fixture_loads() -> None:
    """A workflow with only warnings loads; the warnings render with 'warning' in the tag."""
    path = FIXTURES / "CF301-unused-office.yaml"
    workflow = load_workflow(path)
    assert workflow.id == "fixture"
    _, issues = inspect_path(path)
    assert [issue.severity for issue in issues] == [Severity.WARNING]
    assert str(issues[0]).endswith("[CF301 warning]")


def test_issues_convert_to_json() -> None:
    """Every issue has a JSON form with its code, severity, place and text."""
    path = FIXTURES / "CF201-unknown-office.yaml"
    with pytest.raises(WorkflowError) as caught:
        load_workflow(path)
    assert json.loads(caught.value.to_json("zh")) == [
        {
            "code": "CF201",
            "severity": "error",
            "source": str(path),
            "line": 9,
            "column": 29,
            "path": "prerequisites[0].office",
            "message": "unknown office 'finace'",
            "hint": "did you mean 'finance'?",
            "localized": {
                "lang": "zh",
                "message": "未知的部门 'finace'",
                "hint": "是否想写 'finance'？",
                "text": f"{path}:9:29: prerequisites[0].office：未知的部门 'finace'"
                "（是否想写 'finance'？）[CF201]",
            },
        }
    ]


def test_issues_sort_the_same_every_time() -> None:
    """Issues at one position are ordered by code, path and message, not by hash order."""
    issues = [
        Issue(code="CF102", message=verbatim(message), line=1, column=1)
        for message in ("missing key 'title'", "missing key 'id'", "the workflow has no steps")
    ]
    assert [str(issue.message) for issue in WorkflowError(issues).issues] == [
        "missing key 'id'",
        "missing key 'title'",
        "the workflow has no steps",
    ]


# -- CF001: paths that are not readable files -----------------------------------


def test_missing_file(tmp_path: Path) -> None:
    """CF001: a path that does not exist is one issue."""
    path = tmp_path / "missing.yaml"
    assert [str(issue) for issue in inspect_path(path)[1]] == [
        f"{path}:1:1: no such file (check the path) [CF001]"
    ]


def test_directory(tmp_path: Path) -> None:
    """CF001: a directory is one issue."""
    assert [str(issue) for issue in inspect_path(tmp_path)[1]] == [
        f"{tmp_path}:1:1: is a directory, not a workflow file (name a .yaml file) [CF001]"
    ]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CF001: a file the operating system will not read is one issue naming the reason."""
    path = tmp_path / "locked.yaml"
    path.write_text("clearflow: 1\n", encoding="utf-8")

    def refuse(path: object, flags: int) -> int:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("clearflow._files.os.open", refuse)
    with pytest.raises(WorkflowError) as caught:
        read_text(path)
    assert str(caught.value) == (
        f"{path}:1:1: cannot read file: Permission denied (check permissions) [CF001]"
    )


# -- coverage of codes ----------------------------------------------------------


def test_every_code_has_a_fixture() -> None:
    """Every code in the source has a fixture (CF001 is covered by the tests above)."""
    fixture_codes = {
        path.name[:5]
        for path in FIXTURE_PATHS
        + TABLE_FIXTURE_PATHS
        + SCENARIO_FIXTURE_PATHS
        + RENAMES_FIXTURE_PATHS
    }
    assert source_codes() - fixture_codes == WITHOUT_FIXTURE
    assert fixture_codes <= source_codes()


def test_every_code_is_documented() -> None:
    """Every code in the source has its own section in docs/errors.md."""
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#+ (CF\d{3})\b", doc, flags=re.MULTILINE))
    assert sorted(source_codes() - documented) == []


def test_documentation_names_no_unknown_code() -> None:
    """docs/errors.md documents no code the source does not use."""
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert sorted(set(CODE.findall(doc)) - source_codes()) == []


def test_documented_messages_are_real(tmp_path: Path) -> None:
    """Every message line quoted in docs/errors.md is one clearflow produces for its example."""
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    quoted = re.findall(
        r"^((?:workflow|scenarios|renames)\.yaml:\d+:\d+: .*\])$", doc, re.MULTILINE
    )
    produced = {
        line.replace(str(path), "workflow.yaml")
        for path in FIXTURE_PATHS
        for line in expected_lines(path)
    }
    produced |= {
        line.replace(str(path), "scenarios.yaml")
        for path in SCENARIO_FIXTURE_PATHS
        for line in expected_lines(path)
    }
    produced |= {str(issue) for issue in renames_issues()}
    missing = tmp_path / "workflow.yaml"
    directory = tmp_path / "folder" / "workflow.yaml"
    directory.mkdir(parents=True)
    fifo = tmp_path / "pipe" / "workflow.yaml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    for path in (missing, directory, fifo):
        produced |= {
            str(issue).replace(str(path), "workflow.yaml") for issue in inspect_path(path)[1]
        }
    assert len(quoted) > len(FIXTURE_PATHS)
    assert sorted(set(quoted) - produced) == []


# -- files clearflow will not write (no code) -------------------------------------


def refused_outputs() -> list[tuple[str, str]]:
    """Each command of the page's 'Files clearflow will not write' with the message below it."""
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    section = doc.split("\n## Files clearflow will not write\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```\n(clearflow .*)\n```\n\n```text\n(.*)\n```", section)


@pytest.mark.parametrize("command", refused_outputs(), ids=lambda pair: pair[0].split()[1])
def test_documented_refused_outputs_are_real(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, str]
) -> None:
    """Each documented refusal is what the command prints; it exits 1 and changes no file."""
    assert len(refused_outputs()) == 5
    line, message = command
    (tmp_path / "workflows").mkdir()
    for name in ("gyvtc-2014.yaml", "gyvtc-2014.scenarios.yaml"):
        shutil.copy(ROOT / "workflows" / name, tmp_path / "workflows" / name)
    shutil.copy(ROOT / "examples" / "students" / "li-lei.yaml", tmp_path / "li-lei.yaml")
    shutil.copy(ROOT / "examples" / "cohort-files" / "library.csv", tmp_path / "library.csv")
    engine = engine_2014()
    with Store.open(tmp_path / "class.db", engine) as store:
        store.add([engine.start("2014000001", profile(), at=EARLY)])
    monkeypatch.chdir(tmp_path)
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    result = CliRunner().invoke(main, shlex.split(line)[1:])
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before


ANSWERS_EXAMPLES = (
    "finance_cleared: {refuse: fee, amount: lots}\n",
    "finance_cleared: {waive: hardship, amount: 35}\n",
)
"""The answers files whose errors docs/zh/errors.md quotes (CF104, CF102 of ``amount:``)."""


def test_documented_chinese_messages_are_real(tmp_path: Path) -> None:
    """Every example line of docs/zh/errors.md is the Chinese clearflow gives for its example."""
    doc = (ROOT / "docs" / "zh" / "errors.md").read_text(encoding="utf-8")
    quoted = re.findall(r"^(\w+\.(?:yaml|csv|xlsx):\d+:\d+: .*\])$", doc, re.MULTILINE)
    produced = {
        issue.text("zh").replace(str(path), "workflow.yaml")
        for path in FIXTURE_PATHS
        for issue in inspect_path(path)[1]
    }
    produced |= {
        line.replace(str(path), "scenarios.yaml")
        for path in SCENARIO_FIXTURE_PATHS
        for line in expected_lines(path, EXPECT_ZH)
    }
    for table in (FIXTURES.parent / "tables").glob("CF*.yaml"):
        lines = yaml.safe_load(table.read_text(encoding="utf-8"))["expect-zh"]
        produced |= {flag_text(line, FLAG_WORDS, "zh") for line in lines}
    produced |= {issue.text("zh") for issue in renames_issues()}
    missing = tmp_path / "workflow.yaml"
    produced |= {
        issue.text("zh").replace(str(missing), "workflow.yaml")
        for issue in inspect_path(missing)[1]
    }
    for answers in ANSWERS_EXAMPLES:  # the answers file's own examples
        with pytest.raises(WorkflowError) as caught:
            parse_answers(answers, workflow_2014(), "answers.yaml")
        produced |= {issue.text("zh") for issue in caught.value.issues}
    assert len(quoted) > len(FIXTURE_PATHS) // 2
    assert sorted(set(quoted) - produced) == []
