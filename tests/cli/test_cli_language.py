"""The command line speaks one language: --lang, CLEARFLOW_LANG, the workflow, the locale."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clearflow._i18n import Message, verbatim
from clearflow.cli import main
from clearflow.errors import Issue, WorkflowError

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"  # declares language: zh
BAD = ROOT / "tests" / "fixtures" / "invalid" / "CF101-unknown-condition-key.yaml"
TITLE = {
    "zh": "贵阳职业技术学院2014届毕业生离校手续",
    "en": "GYVTC class of 2014 leaving procedure",
}
UNSET = {"CLEARFLOW_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
"""No variable that could decide the language (CliRunner removes those set to None)."""


def run(*args: str | Path, **env: str | None) -> Result:
    """``clearflow ARGS`` with only the language variables given in ``env``."""
    return CliRunner(env={**UNSET, "COLUMNS": "100", **env}).invoke(main, [str(a) for a in args])


def undeclared(tmp_path: Path) -> Path:
    """A copy of the 2014 workflow without its ``language:`` line."""
    text = WORKFLOW.read_text(encoding="utf-8")
    copy = tmp_path / "gyvtc-2014.yaml"
    copy.write_text(re.sub(r"(?m)^language: .*\n", "", text), encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    ("flag", "env", "declared", "expected"),
    [
        ("en", {"CLEARFLOW_LANG": "zh", "LANG": "zh_CN.UTF-8"}, True, "en"),
        ("zh", {"CLEARFLOW_LANG": "en"}, False, "zh"),
        (None, {"CLEARFLOW_LANG": "en", "LANG": "zh_CN.UTF-8"}, True, "en"),
        (None, {"CLEARFLOW_LANG": "", "LANG": "en_US.UTF-8"}, True, "zh"),
        (None, {"LANG": "zh_CN.UTF-8"}, False, "zh"),
        (None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, False, "en"),
        (None, {"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "C"}, False, "zh"),
        (None, {}, False, "en"),
    ],
    ids=[
        "flag over env",
        "flag over env, no workflow language",
        "env over workflow",
        "workflow over locale (empty env is unset)",
        "locale",
        "LC_ALL first",
        "LC_MESSAGES before LANG",
        "english at last",
    ],
)
def test_the_language_is_flag_then_env_then_workflow_then_locale_then_english(
    tmp_path: Path, flag: str | None, env: dict[str, str], declared: bool, expected: str
) -> None:
    """``show`` labels the procedure in the language the rule picks."""
    path = WORKFLOW if declared else undeclared(tmp_path)
    result = run("show", *(["--lang", flag] if flag else []), path, **env)
    assert result.exit_code == 0, result.output
    assert TITLE[expected] in result.stdout
    assert TITLE["en" if expected == "zh" else "zh"] not in result.stdout


def test_show_of_the_2014_workflow_is_chinese_by_default_and_english_with_the_flag() -> None:
    """The workflow declares ``language: zh``; ``--lang en`` still has the last word."""
    assert TITLE["zh"] in run("show", WORKFLOW).stdout
    assert TITLE["en"] in run("show", "--lang", "en", WORKFLOW).stdout


def test_an_unknown_clearflow_lang_is_an_input_error_in_english() -> None:
    """``CLEARFLOW_LANG=fr`` is refused (exit 1), in English although the workflow is Chinese."""
    result = run("show", WORKFLOW, CLEARFLOW_LANG="fr")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "CLEARFLOW_LANG: unknown language 'fr' (use 'en' or 'zh')\n"


@pytest.mark.parametrize(
    ("args", "env"),
    [(["--lang", "zh"], {}), ([], {"LANG": "zh_CN.UTF-8"})],
    ids=["flag", "locale"],
)
def test_check_in_chinese_keeps_positions_and_codes(args: list[str], env: dict[str, str]) -> None:
    """Each diagnostic has the English one's location, path and code; the words are Chinese."""
    english = run("check", "--lang", "en", BAD)
    chinese = run("check", *args, BAD, **env)
    assert english.exit_code == chinese.exit_code == 1
    *english_issues, english_tally = english.stdout.splitlines()
    *chinese_issues, chinese_tally = chinese.stdout.splitlines()
    assert english_tally == "1 error, 0 warnings in 1 file"
    assert chinese_tally == "1 个文件中共 1 个错误、0 个警告"
    assert len(english_issues) == len(chinese_issues) == 1
    where = re.compile(r"^(\S+:\d+:\d+: )(\S+?)(?:: |：).*(\[CF\d+\])$")
    english_match, chinese_match = where.match(english_issues[0]), where.match(chinese_issues[0])
    assert english_match is not None
    assert chinese_match is not None
    assert english_match.groups() == chinese_match.groups()
    assert chinese_issues[0].endswith("（是否想写 'not'？）[CF101]")


def test_check_of_a_valid_chinese_workflow_says_ok_in_chinese() -> None:
    """The ok line and the tally follow the workflow's language."""
    result = run("check", WORKFLOW)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert f"{WORKFLOW}: 检查通过（gyvtc-2014，共 14 个环节）" in lines
    assert lines[-1] == "1 个文件中共 0 个错误、1 个警告"


def test_check_json_keeps_english_and_adds_the_chosen_language() -> None:
    """Keys, message and hint stay English; ``localized`` carries the Chinese."""
    result = run("check", "--format", "json", BAD, LANG="zh_CN.UTF-8")
    report = json.loads(result.stdout)
    (issue,) = report["files"][0]["issues"]
    assert issue["message"] == "unknown condition key 'nto'"
    assert issue["hint"] == "did you mean 'not'?"
    assert issue["localized"]["lang"] == "zh"
    assert issue["localized"]["hint"] == "是否想写 'not'？"
    assert report["errors"] == 1


def broken(language: str | None) -> WorkflowError:
    """A workflow error as loading a file declaring ``language`` raises it."""
    hint = Message("did you mean '{word}'?", word="id")
    issue = Issue(code="CF101", message=verbatim("unknown key 'x'"), hint=hint, line=3)
    return WorkflowError([issue], language=language)


def test_an_error_before_the_workflow_loads_speaks_its_declared_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A workflow that fails to load is reported in the language it declares."""

    def fail(_path: object) -> None:
        raise broken("zh")

    monkeypatch.setattr("clearflow.cli._main.load_workflow", fail)
    result = run("show", WORKFLOW)
    assert result.exit_code == 1
    assert result.stderr == "<string>:3:1: unknown key 'x'（是否想写 'id'？）[CF101]\n"
    english = run("show", WORKFLOW, CLEARFLOW_LANG="en")
    assert english.stderr == "<string>:3:1: unknown key 'x' (did you mean 'id'?) [CF101]\n"


def test_check_of_an_invalid_file_speaks_its_declared_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``check`` reads the language an invalid workflow declares (from the load's error)."""

    def fail(_path: object) -> None:
        raise broken("zh")

    monkeypatch.setattr("clearflow.cli._common.load_workflow", fail)
    result = run("check", BAD)
    assert result.stdout.splitlines()[-1] == "1 个文件中共 1 个错误、0 个警告"


def test_internal_errors_and_usage_errors_speak_the_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bug's line and our usage errors are Chinese; click's own frame stays English."""

    def fail(_path: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("clearflow.cli._main.load_workflow", fail)
    result = run("show", "--lang", "zh", WORKFLOW)
    assert result.exit_code == 70
    assert result.stderr == (
        "clearflow: 内部错误：RuntimeError: boom（报告此问题时附上所运行的命令）\n"
    )
    usage = run("walk", WORKFLOW, "--lang", "zh")
    assert usage.exit_code == 2
    assert usage.stderr.endswith(
        "Error: 标准输入不是终端：用 --answers FILE 和/或 --yes，不经提问逐站办理\n"
    )
    moment = run("walk", WORKFLOW, "--at", "soon", "--yes", LANG="zh_CN.UTF-8")
    assert moment.exit_code == 2
    assert "'soon' 不是日期和时间（格式如 '2014-07-10 09:40'）" in moment.stderr


COMMANDS = (
    "check",
    "show",
    "diagram",
    "test",
    "walk",
    "diff",
    "rollover",
    "schema",
    "cohort import",
    "cohort status",
    "cohort blocked",
    "cohort export",
    "cohort history",
)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_that_prints_takes_lang(command: str) -> None:
    """Each command's help offers ``--lang`` with both languages."""
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert "--lang [en|zh]" in result.stdout
