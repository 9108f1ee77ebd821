"""The strict loader: every YAML trap PyYAML leaves open is closed, with an exact message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clearflow import WorkflowError, load_workflow, load_workflow_text
from clearflow.format._compose import MAX_DEPTH
from clearflow.format._nodes import MapNode, Scalar
from clearflow.format._yaml import MAX_BYTES, parse
from clearflow.spec.conditions import FactIn

VALID = """\
clearflow: 1
id: mini
title: {en: Mini}
offices:
  finance: {zh: 计财处, en: Finance Office}
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid}
"""


def messages(text: str, source: str = "w.yaml") -> list[str]:
    """The rendered issues of a workflow text that must fail to load."""
    with pytest.raises(WorkflowError) as caught:
        load_workflow_text(text, source)
    return [str(issue) for issue in caught.value.issues]


def path_messages(path: Path) -> list[str]:
    """The rendered issues of a workflow file that must fail to load."""
    with pytest.raises(WorkflowError) as caught:
        load_workflow(path)
    return [str(issue) for issue in caught.value.issues]


# -- values keep their text ---------------------------------------------------


def test_scalars_stay_text() -> None:
    """The loader keeps every scalar as the text written: no base-60, booleans or floats."""
    document = parse("start: 9:00\nflag: no\ncountry: NO\nversion: 1.10\nquoted: 'yes'\n")
    assert isinstance(document.root, MapNode)
    values = {key.value: value for key, value in document.root.items}
    assert values == {
        "start": Scalar("9:00", values["start"].mark),
        "flag": Scalar("no", values["flag"].mark),
        "country": Scalar("NO", values["country"].mark),
        "version": Scalar("1.10", values["version"].mark),
        "quoted": Scalar("yes", values["quoted"].mark),
    }
    quoted = values["quoted"]
    assert isinstance(quoted, Scalar)
    assert quoted.quoted


def test_unquoted_time_becomes_a_time() -> None:
    """`start: 9:00` loads as the time 09:00, never as the base-60 integer 540."""
    text = VALID + (
        "schedule:\n"
        "  hours:\n"
        "    - {open: 9:00, close: 16:30}\n"
        "  sessions:\n"
        "    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {}}\n"
    )
    workflow = load_workflow_text(text)
    assert workflow.schedule is not None
    (session,) = workflow.schedule.sessions
    assert session.start == dt.time(9, 0)
    assert session.end == dt.time(12, 0)
    assert workflow.schedule.hours[0].open == dt.time(9, 0)
    assert workflow.schedule.hours[0].close == dt.time(16, 30)


def test_time_where_a_number_is_expected_is_an_error() -> None:
    """`total: 9:00` is reported as the text written, not accepted as the number 540."""
    assert messages(VALID + "cohort:\n  total: 9:00\n") == [
        "w.yaml:9:10: cohort.total: expected a whole number of at least 0, found '9:00' "
        "(write digits only, e.g. '474') [CF104]"
    ]


def test_no_and_yes_stay_strings_in_labels() -> None:
    """Labels `no`, `NO`, `on` and `yes` stay those words, never booleans."""
    text = VALID.replace("title: {en: Mini}", "title: {en: yes, zh: on}").replace(
        "{zh: 计财处, en: Finance Office}", "{zh: NO, en: no}"
    )
    workflow = load_workflow_text(text)
    assert workflow.title.en == "yes"
    assert workflow.title.zh == "on"
    assert workflow.office("finance").label.en == "no"
    assert workflow.office("finance").label.zh == "NO"


def test_no_and_yes_stay_strings_as_choice_values() -> None:
    """Choice values `yes`, `no`, `on`, `off` are ids, and `is: no` tests the value 'no'."""
    text = VALID.replace(
        "  - {id: fees_paid, office: finance, en: Fees paid}",
        "  - {id: fees_paid, office: finance, en: Fees paid, when: {fact: answer, is: no}}",
    ) + ("facts:\n  answer: {type: choice, en: Answer, values: [yes, no, on, off]}\n")
    workflow = load_workflow_text(text)
    assert [choice.id for choice in workflow.fact("answer").values] == ["yes", "no", "on", "off"]
    assert workflow.step("fees_paid").when == FactIn("answer", frozenset({"no"}))


def test_version_like_values_stay_text() -> None:
    """`1.10` stays the text '1.10' (PyYAML would read the float 1.1)."""
    text = VALID.replace("title: {en: Mini}", "title: {en: '1.10', zh: 1.10}") + (
        "facts:\n  version: {type: text, en: Version}\n"
        "schedule:\n"
        "  sessions:\n"
        "    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {version: 1.10}}\n"
    )
    workflow = load_workflow_text(text)
    assert workflow.title.zh == "1.10"
    assert workflow.schedule is not None
    assert workflow.schedule.sessions[0].who.pairs == (("version", ("1.10",)),)


# -- duplicate keys -------------------------------------------------------------


def test_duplicate_key_names_both_lines_and_other_errors_still_reported() -> None:
    """A key given twice is an error naming both lines, reported with the file's other errors."""
    text = VALID.replace("id: mini\n", "id: mini\nid: other\n") + "staions: []\n"
    assert messages(text) == [
        "w.yaml:3:1: key 'id' is given twice (lines 2 and 3) "
        "(keep one; a later key would silently replace the earlier) [CF005]",
        "w.yaml:9:1: staions: unknown key 'staions' (did you mean 'stations'?) [CF101]",
    ]


def test_duplicate_key_keeps_the_first_value() -> None:
    """The loader keeps the first of two equal keys, so later reports see that one."""
    document = parse("a: 1\na: 2\n")
    assert isinstance(document.root, MapNode)
    assert document.root.items == (
        (Scalar("a", document.root.mark), Scalar("1", document.root.mark)),
    )
    assert [issue.code for issue in document.issues] == ["CF005"]


# -- tags, anchors and aliases --------------------------------------------------


def test_python_tag_is_refused() -> None:
    """A `!!python/...` tag is refused before anything is constructed."""
    text = VALID + 'institution: !!python/object/apply:os.system ["echo hi"]\n'
    assert messages(text) == [
        "w.yaml:8:14: tag '!!python/object/apply:os.system' is not allowed "
        "(remove the tag; clearflow reads plain YAML only) [CF006]"
    ]


def test_int_tag_is_refused() -> None:
    """Even a harmless standard tag such as `!!int` is refused."""
    assert messages(VALID.replace("clearflow: 1", "clearflow: !!int 1")) == [
        "w.yaml:1:12: tag '!!int' is not allowed "
        "(remove the tag; clearflow reads plain YAML only) [CF006]"
    ]


def test_anchor_is_refused() -> None:
    """An anchor is refused where it is written."""
    text = VALID.replace("title: {en: Mini}", "title: &title {en: Mini}")
    assert messages(text) == [
        "w.yaml:3:8: anchor '&title' is not allowed "
        "(write the value out in full; anchors and aliases are refused) [CF007]"
    ]


def test_alias_is_refused() -> None:
    """An alias is refused where it is written, even without its anchor."""
    assert messages(VALID + "institution: *title\n") == [
        "w.yaml:8:14: alias '*title' is not allowed "
        "(write the value out in full; anchors and aliases are refused) [CF007]"
    ]


def test_billion_laughs_fails_fast() -> None:
    """A billion-laughs file is refused at its first anchor, never expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    with pytest.raises(WorkflowError) as caught:
        load_workflow_text("\n".join(lines) + "\n")
    assert [issue.code for issue in caught.value.issues] == ["CF007"]


# -- size and depth -------------------------------------------------------------


def test_deep_flow_nesting_is_refused_without_recursion_error() -> None:
    """Nesting deeper than 32 levels is a located error, even 100000 levels deep."""
    text = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"
    assert messages(text) == [
        f"w.yaml:1:35: nesting deeper than {MAX_DEPTH} levels "
        "(a workflow never needs this depth; check the indentation) [CF008]"
    ]


def test_deep_block_nesting_is_refused() -> None:
    """Indented nesting deeper than 32 levels is refused at the first level too deep."""
    text = "".join("  " * level + f"k{level}:\n" for level in range(200))
    assert messages(text) == [
        "w.yaml:32:63: nesting deeper than 32 levels "
        "(a workflow never needs this depth; check the indentation) [CF008]"
    ]


def test_nesting_at_the_limit_is_allowed() -> None:
    """Exactly 32 levels (the root mapping included) still parse."""
    text = "a: " + "[" * (MAX_DEPTH - 2) + "x" + "]" * (MAX_DEPTH - 2) + "\n"
    assert isinstance(parse(text).root, MapNode)


def test_file_over_one_mebibyte_is_refused(tmp_path: Path) -> None:
    """A file over 1 MiB is refused before it is read."""
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# padding\n" * (MAX_BYTES // 10 + 1))
    assert path_messages(path) == [
        f"{path}:1:1: file is 1048580 bytes, more than the {MAX_BYTES} allowed "
        "(a workflow is a few kilobytes; is this the right file?) [CF008]"
    ]


def test_text_over_one_mebibyte_is_refused() -> None:
    """Text over 1 MiB handed to the loader directly is refused too."""
    assert messages("#" * (MAX_BYTES + 1)) == [
        f"w.yaml:1:1: text is more than the {MAX_BYTES} bytes allowed "
        "(a workflow is a few kilobytes; is this the right file?) [CF008]"
    ]


# -- encodings ------------------------------------------------------------------


def test_gb18030_file_is_refused_with_a_hint(tmp_path: Path) -> None:
    """A GB18030 file is located at its first non-UTF-8 byte and named as GB18030."""
    path = tmp_path / "gb.yaml"
    path.write_bytes("clearflow: 1\nid: mini\ntitle:\n  zh: 贵阳职业技术学院\n".encode("gb18030"))
    assert path_messages(path) == [
        f"{path}:4:7: file is not UTF-8 (byte 0xb9) "
        "(it looks like GB18030 from a Windows editor; save it as UTF-8) [CF002]"
    ]


def test_column_counts_characters_before_a_bad_byte(tmp_path: Path) -> None:
    """The column of a bad byte counts the UTF-8 characters before it, not bytes."""
    path = tmp_path / "mixed.yaml"
    path.write_bytes("title: 职业".encode() + "贵阳".encode("gb18030") + b"\n")
    assert path_messages(path) == [
        f"{path}:1:10: file is not UTF-8 (byte 0xb9) "
        "(it looks like GB18030 from a Windows editor; save it as UTF-8) [CF002]"
    ]


def test_utf8_with_bom_loads(tmp_path: Path) -> None:
    """A UTF-8 file with a byte order mark (as Notepad writes) loads like one without."""
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    workflow = load_workflow(path)
    assert workflow.id == "mini"
    assert workflow.office("finance").label.zh == "计财处"


# -- empty files and paths ------------------------------------------------------


def test_empty_file_is_refused(tmp_path: Path) -> None:
    """An empty file is reported as empty, with what a workflow starts with."""
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    assert path_messages(path) == [
        f"{path}:1:1: file is empty (a workflow starts with 'clearflow: 1') [CF003]"
    ]


def test_comment_only_file_is_refused() -> None:
    """A file of comments and blank lines is empty too."""
    assert messages("# clearflow: 1\n\n   # id: x\n") == [
        "w.yaml:1:1: file is empty (a workflow starts with 'clearflow: 1') [CF003]"
    ]


def test_directory_is_refused_in_one_line(tmp_path: Path) -> None:
    """A directory given as a workflow is one line, not a traceback."""
    with pytest.raises(WorkflowError) as caught:
        load_workflow(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path}:1:1: is a directory, not a workflow file (name a .yaml file) [CF001]"
    )


def test_missing_path_is_refused_in_one_line(tmp_path: Path) -> None:
    """A path that does not exist is one line, not a traceback."""
    path = tmp_path / "nope.yaml"
    with pytest.raises(WorkflowError) as caught:
        load_workflow(path)
    assert str(caught.value) == f"{path}:1:1: no such file (check the path) [CF001]"


# -- syntax ---------------------------------------------------------------------


def test_syntax_error_is_located() -> None:
    """A YAML syntax error gives the line and column where the parser stopped."""
    text = VALID.replace("title: {en: Mini}", "title: {en: Mini\nissued: 2014-06-25")
    assert messages(text) == [
        "w.yaml:4:7: invalid YAML: expected ',' or '}', but got ':' while parsing a flow "
        "mapping that starts on line 3 (check the indentation and quoting here) [CF004]"
    ]


def test_tab_indentation_is_refused_with_a_hint() -> None:
    """A tab used for indentation is located, with a hint to use spaces."""
    text = VALID.replace("  - {id: fees_paid", "\t- {id: fees_paid")
    assert messages(text) == [
        "w.yaml:7:1: invalid YAML: found character '\\t' that cannot start any token "
        "while scanning for the next token (indent with spaces, not tabs) [CF004]"
    ]


def test_control_character_is_refused() -> None:
    """A control character is located and named by its code point, never a crash."""
    text = VALID.replace("Fees paid", "Fees\x07paid")
    assert messages(text) == [
        "w.yaml:7:46: control character U+0007 is not allowed "
        "(delete it; it was probably pasted in from another program) [CF004]"
    ]


def test_control_character_in_a_file_is_refused(tmp_path: Path) -> None:
    """A NUL byte in a file is refused like any other control character."""
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"clearflow: 1\nid: a\x00b\n")
    assert path_messages(path) == [
        f"{path}:2:6: control character U+0000 is not allowed "
        "(delete it; it was probably pasted in from another program) [CF004]"
    ]


def test_second_document_is_refused() -> None:
    """A file holding two documents is refused at the second '---'."""
    assert messages(VALID + "---\n" + VALID) == [
        "w.yaml:8:1: invalid YAML: found a second document "
        "(a workflow file holds one document; remove the '---' line or split the file) [CF004]"
    ]


def test_list_root_is_refused() -> None:
    """A file whose top level is a list says a mapping is expected."""
    assert messages("- clearflow: 1\n- id: mini\n") == [
        "w.yaml:1:1: expected a mapping, found a list "
        "(write 'key: value' lines, starting with 'clearflow:', 'id:', 'title:') [CF103]"
    ]


def test_scalar_root_is_refused() -> None:
    """A file holding one word says a mapping is expected and quotes the word."""
    assert messages("clearflow\n") == [
        "w.yaml:1:1: expected a mapping, found 'clearflow' "
        "(write 'key: value' lines, starting with 'clearflow:', 'id:', 'title:') [CF103]"
    ]


def test_list_key_is_refused() -> None:
    """A key that is a list is refused; the rest of the mapping is still read."""
    assert messages(VALID + "[stations, prerequisites]: []\n") == [
        "w.yaml:8:1: a key must be a plain word, found a list "
        "(write a plain word before the colon, e.g. 'stations:') [CF004]"
    ]


# -- the workflow's language ----------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"), [("", None), ("language: zh\n", "zh"), ("language: en\n", "en")]
)
def test_the_declared_language_is_kept_and_is_optional(line: str, expected: str | None) -> None:
    """``language:`` is zh, en or absent (None: the locale decides)."""
    assert load_workflow_text(VALID + line, "w.yaml").language == expected


def test_an_unknown_language_is_located() -> None:
    """Any other language is a CF104 at its value, naming the two allowed."""
    assert messages(VALID + "language: zh_CN\n") == [
        "w.yaml:8:11: language: unknown language 'zh_CN' (write 'zh' or 'en') [CF104]"
    ]
