"""Workflow diagnostics in Chinese: the same position, path and code as in English, and the
language a file declares carried on its errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clearflow import WorkflowError, inspect_path, inspect_text, load_workflow, load_workflow_text
from clearflow._atomic import refuse_overwrite, write_error
from clearflow._i18n import Message
from clearflow.errors import OverwriteError

ROOT = Path(__file__).parent.parent.parent
WORKFLOW_2014 = ROOT / "workflows" / "gyvtc-2014.yaml"

MINI = """\
clearflow: 1
id: mini
language: LANGUAGE
title: {en: Mini}
offices:
  finance: {zh: 计财处, en: Finance Office}
prerequisites:
  - {id: fees_paid, office: finace, en: Fees paid}
"""


def misspelt_2014(folder: Path) -> Path:
    """A copy of the 2014 workflow whose top-level 'stations:' is written 'staions:'."""
    copy = folder / "gyvtc-2014.yaml"
    shutil.copyfile(WORKFLOW_2014, copy)
    text = copy.read_text(encoding="utf-8")
    assert text.count("\nstations:") == 1
    copy.write_text(text.replace("\nstations:", "\nstaions:"), encoding="utf-8")
    return copy


def test_a_misspelt_top_level_key_reads_in_chinese_at_the_english_position(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's example: 'staions' in the 2014 workflow, in both languages, one position."""
    misspelt_2014(tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(WorkflowError) as caught:
        load_workflow("gyvtc-2014.yaml")
    (issue,) = caught.value.issues
    assert issue.text("zh") == (
        "gyvtc-2014.yaml:167:1: staions：未知的键 'staions'（是否想写 'stations'？）[CF101]"
    )
    assert str(issue) == (
        "gyvtc-2014.yaml:167:1: staions: unknown key 'staions' (did you mean 'stations'?) [CF101]"
    )
    assert caught.value.text("zh") == issue.text("zh")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_workflow_error_carries_the_language_the_file_declares(language: str) -> None:
    """A file that fails to build still tells which language its staff read."""
    with pytest.raises(WorkflowError) as caught:
        load_workflow_text(MINI.replace("LANGUAGE", language), "w.yaml")
    assert caught.value.language == language
    assert [issue.code for issue in caught.value.issues] == ["CF201"]


def test_an_unknown_declared_language_is_none_and_reported() -> None:
    """'language: fr' is a CF104, and the error declares no language."""
    with pytest.raises(WorkflowError) as caught:
        load_workflow_text(MINI.replace("LANGUAGE", "fr"), "w.yaml")
    assert caught.value.language is None
    assert "CF104" in [issue.code for issue in caught.value.issues]


def test_a_file_that_does_not_parse_declares_no_language() -> None:
    """Without a document there is no 'language:' to read."""
    with pytest.raises(WorkflowError) as caught:
        load_workflow_text("language: zh\nid: [unclosed\n", "w.yaml")
    assert caught.value.language is None


def test_inspecting_unpacks_as_before_and_tells_the_language(tmp_path: Path) -> None:
    """inspect_text and inspect_path still give (workflow, issues), and the declared language."""
    inspection = inspect_text(MINI.replace("LANGUAGE", "zh"), "w.yaml")
    workflow, issues = inspection
    assert workflow is None
    assert inspection.workflow is None
    assert inspection.issues == issues == inspection[1]
    assert inspection.language == "zh"
    valid = inspect_path(WORKFLOW_2014)
    assert valid.workflow is not None
    assert valid.language == valid.workflow.language
    assert inspect_path(tmp_path / "missing.yaml").language is None


def test_shared_reader_phrases_read_in_chinese() -> None:
    """The phrases most seen: a missing key, a date, a choice's value, a list of what is known."""
    text = """\
clearflow: 1
id: mini
title: {en: Mini}
issued: 2014-13-01
facts:
  track: {type: choice, en: Track, values: [regular, transfer]}
offices:
  finance: {zh: 计财处, en: Finance Office}
prerequisites:
  - {office: finance, en: Fees paid}
  - {id: fees, office: finance, en: Fees, when: {fact: track, is: regualr}}
"""
    lines = [issue.text("zh") for issue in inspect_text(text, "w.yaml").issues]
    assert lines == [
        "w.yaml:4:9: issued：应为日期，实际是 '2014-13-01'（按 YYYY-MM-DD 书写，例如 '2014-07-04'）"
        "[CF104]",
        "w.yaml:10:5: prerequisites[0]：缺少键 'id'（在这一层加上 'id:'）[CF102]",
        "w.yaml:11:67: prerequisites[1].when.is：信息项 'track' 没有取值 'regualr'"
        "（是否想写 'regular'？）[CF205]",
    ]


def test_file_refusals_read_in_chinese(tmp_path: Path) -> None:
    """An output that is an input, and a full disk, keep the path prefix and speak Chinese."""
    workflow = tmp_path / "w.yaml"
    workflow.write_text("", encoding="utf-8")
    with pytest.raises(OverwriteError) as caught:
        refuse_overwrite([workflow], [(Message("workflow"), workflow)])
    assert caught.value.text("zh").startswith(f"{workflow}: 输出文件就是")
    full = write_error("out.csv", OSError(28, "No space left on device"), existed=True)
    assert full.text("zh") == (
        "out.csv: 无法写入：磁盘空间已满；原文件未改动（腾出磁盘空间后重新运行命令）"
    )
    assert str(full) == (
        "out.csv: cannot write: no space left on device; the old file is unchanged "
        "(free some space and run the command again)"
    )


def test_a_gb18030_file_is_told_in_chinese() -> None:
    """The GB18030 fixture cannot hold a UTF-8 '# expect-zh:' line: its Chinese is checked here."""
    path = ROOT / "tests" / "fixtures" / "invalid" / "CF002-gb18030.yaml"
    (issue,) = inspect_path(path).issues
    assert issue.text("zh") == (
        f"{path}:5:7: 文件不是 UTF-8 编码，无法识别字节 0xb9"
        "（看起来是 Windows 编辑器保存的 GB18030 编码；另存为 UTF-8）[CF002]"
    )
