"""Characters a value may not hold, written as escapes, are CF105 at load (issue 9, item 2).

A lone surrogate (``"\\ud800"``) passed ``check`` and then crashed ``show``, ``walk`` and
``diagram`` when printed; control characters garbled what staff read. Both are refused
where they are written, in workflows, student records and answers alike.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from clearflow import inspect_path
from clearflow.cli import main
from clearflow.errors import WorkflowError
from clearflow.format import MapNode, Node, Scalar, parse
from clearflow.format.student import parse_student
from clearflow.loading import inspect_text
from support import WORKFLOW_2014, workflow_2014

ROOT = Path(__file__).resolve().parents[2]
STUDENT = ROOT / "examples" / "students" / "li-lei.yaml"


def first_value(root: Node) -> str:
    """The value of the first key of a mapping."""
    assert isinstance(root, MapNode)
    value = root.items[0][1]
    assert isinstance(value, Scalar)
    return value.value


@pytest.mark.parametrize(
    ("escape", "message"),
    [
        ("\\ud800", "lone surrogate U+D800 is not allowed"),
        ("\\udfff", "lone surrogate U+DFFF is not allowed"),
        ("\\x00", "control character U+0000 is not allowed"),
        ("\\0", "control character U+0000 is not allowed"),
        ("\\x07", "control character U+0007 is not allowed"),
        ("\\e", "control character U+001B is not allowed"),
        ("\\x7f", "control character U+007F is not allowed"),
        ("\\x9b", "control character U+009B is not allowed"),
        ("\\uffff", "control character U+FFFF is not allowed"),
    ],
)
def test_an_escape_the_file_could_not_hold_is_refused(escape: str, message: str) -> None:
    """One CF105 issue at the value; the value kept in the tree is printable."""
    loaded = parse(f'title: "a {escape} b"\n', "w.yaml")
    assert [str(issue).split(" (")[0] for issue in loaded.issues] == [f"w.yaml:1:8: {message}"]
    assert [issue.code for issue in loaded.issues] == ["CF105"]
    value = first_value(loaded.root)
    assert value.startswith("a \\u")
    value.encode("utf-8")  # the value kept holds no lone surrogate: it can be printed


@pytest.mark.parametrize("escape", ["\\t", "\\n", "\\r", "\\N", "\\u202e", "\\u00e9", "\\x85"])
def test_tabs_line_breaks_and_printable_characters_are_allowed(escape: str) -> None:
    """What a file may hold as written it may hold through an escape too."""
    assert parse(f'title: "a {escape} b"\n', "w.yaml").issues == ()


def test_a_json_surrogate_pair_is_the_character_it_escapes() -> None:
    """``"\\ud842\\udfb7"`` (how JSON escapes 𠮷) is read as 𠮷, not as two halves."""
    loaded = parse('{"name": "\\ud842\\udfb7\\u96f7"}', "s.json")
    assert loaded.issues == ()
    assert first_value(loaded.root) == "𠮷雷"


def test_a_key_with_a_surrogate_gives_printable_messages() -> None:
    """The unknown-key message quotes the key with its escape, so it can be printed."""
    _, issues = inspect_text('title:\n  "\\ud800x": 1\n', "w.yaml")
    assert all(str(issue).encode("utf-8") for issue in issues)
    assert {issue.code for issue in issues} >= {"CF105"}


def test_a_student_record_with_a_surrogate_is_refused() -> None:
    """A student file (YAML or JSON) goes through the same reader: CF105 at its value."""
    with pytest.raises(WorkflowError) as caught:
        parse_student('{"id": "2014\\ud800", "facts": {}}', workflow_2014(), "s.json")
    assert "s.json:1:8: lone surrogate U+D800 is not allowed" in str(caught.value)


@pytest.mark.parametrize("command", ["show", "diagram", "walk", "check"])
def test_the_commands_refuse_the_workflow_instead_of_crashing(tmp_path: Path, command: str) -> None:
    """show, diagram and walk exit 1 with the CF105 line (they exited 70 before); the file
    is unchanged."""
    path = tmp_path / "w.yaml"
    text = WORKFLOW_2014.read_text(encoding="utf-8").replace(
        "en: GYVTC class of 2014 leaving procedure", 'en: "GYVTC \\ud800"'
    )
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    extra = ["--student", str(STUDENT), "--yes"] if command == "walk" else []
    result = CliRunner().invoke(main, [command, str(path), *extra])
    assert result.exit_code == 1
    assert "internal error" not in result.output
    assert f"{path}:10:7: lone surrogate U+D800 is not allowed" in result.output
    assert path.read_bytes() == before


def test_an_answers_file_with_a_control_character_is_refused(tmp_path: Path) -> None:
    """walk --answers: the answers file is refused at its value; nothing is written."""
    answers = tmp_path / "a.yaml"
    answers.write_text('finance_cleared: {refuse: "owes \\x01"}\n', encoding="utf-8")
    shutil.copy(STUDENT, tmp_path / "s.yaml")
    args = ["walk", str(WORKFLOW_2014), "--student", str(tmp_path / "s.yaml")]
    result = CliRunner().invoke(main, [*args, "--answers", str(answers), "--yes"])
    assert result.exit_code == 1
    assert f"{answers}:1:27: control character U+0001 is not allowed" in result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.yaml", "s.yaml"]


def test_inspect_path_reports_cf105_with_the_others(tmp_path: Path) -> None:
    """CF105 is collected like the other CF1xx issues, not a stop at the first."""
    path = tmp_path / "w.yaml"
    path.write_text('clearflow: 1\nid: x\ntitle: "\\0"\nofices: {}\n', encoding="utf-8")
    _, issues = inspect_path(path)
    assert {"CF105", "CF101"} <= {issue.code for issue in issues}
