"""Random damage to the 2014 workflow never crashes loading or rendering; issues stay located."""

from __future__ import annotations

import io
import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console

import clearflow
from clearflow._i18n import Lang
from clearflow.console.workflow_view import render_workflow

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "gyvtc-2014.yaml"
ORIGINAL = (ROOT / "workflows" / SOURCE).read_text(encoding="utf-8")
LINES = ORIGINAL.splitlines(keepends=True)
CODE = re.compile(r"CF\d{3}\Z")

TRICKY = [":", "-", "{", "}", "[", "]", "&", "*", "!", "\t", "#", "'", '"', "|", ">", "%", "@"]
TRICKY += ["`", "?", ",", " ", "\n", "\r", "\x00", "\x85", "\u2028", "\ufeff", "：", "中", "𠀀"]
CHARACTERS = st.sampled_from(TRICKY) | st.characters(codec="utf-8")


@st.composite
def delete_line(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """Delete one line."""
    index = draw(st.integers(0, len(lines) - 1))
    return lines[:index] + lines[index + 1 :]


@st.composite
def duplicate_line(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """Write one line twice."""
    index = draw(st.integers(0, len(lines) - 1))
    return lines[: index + 1] + lines[index:]


@st.composite
def swap_lines(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """Swap two lines."""
    first = draw(st.integers(0, len(lines) - 1))
    second = draw(st.integers(0, len(lines) - 1))
    swapped = list(lines)
    swapped[first], swapped[second] = lines[second], lines[first]
    return swapped


@st.composite
def change_character(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """Replace one character with a YAML-significant, control, CJK or random one."""
    text = "".join(lines)
    index = draw(st.integers(0, len(text) - 1))
    return (text[:index] + draw(CHARACTERS) + text[index + 1 :]).splitlines(keepends=True)


@st.composite
def truncate(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """Cut the text anywhere, even inside a line."""
    text = "".join(lines)
    return text[: draw(st.integers(0, len(text)))].splitlines(keepends=True)


@st.composite
def insert_text(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """Insert a short run of random characters anywhere."""
    text = "".join(lines)
    index = draw(st.integers(0, len(text)))
    inserted = draw(st.text(CHARACTERS, min_size=1, max_size=12))
    return (text[:index] + inserted + text[index:]).splitlines(keepends=True)


@st.composite
def reindent(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """Add or remove leading spaces (or a tab) on one line."""
    index = draw(st.integers(0, len(lines) - 1))
    line = lines[index]
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    new_indent = draw(st.sampled_from([0, 1, 2, 3, 4, 6, 8, indent + 1, max(indent - 1, 0)]))
    prefix = draw(st.sampled_from([" " * new_indent, "\t" + " " * new_indent]))
    return [*lines[:index], prefix + stripped, *lines[index + 1 :]]


MUTATIONS = [
    delete_line,
    duplicate_line,
    swap_lines,
    change_character,
    truncate,
    insert_text,
    reindent,
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """The 2014 workflow after one to three random mutations."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        mutation = draw(st.sampled_from(MUTATIONS))
        lines = draw(mutation(lines))
    return "".join(lines)


def assert_well_formed(text: str) -> None:
    """Inspecting ``text`` returns located, coded issues and an error when nothing loads."""
    workflow, issues = clearflow.inspect_text(text, SOURCE)
    last_line = len(text.splitlines()) + 1
    for issue in issues:
        assert CODE.match(issue.code), issue
        assert 1 <= issue.line <= last_line, issue
        assert issue.column >= 1, issue
        assert issue.message, issue
        assert str(issue).startswith(f"{SOURCE}:"), issue
    if workflow is None:
        assert any(issue.is_error for issue in issues)
    else:
        assert not any(issue.is_error for issue in issues)


def test_original_loads_with_only_its_documented_warning() -> None:
    """The unmutated 2014 workflow loads; its one issue is the notice's 137 unscheduled students."""
    workflow, issues = clearflow.inspect_text(ORIGINAL, SOURCE)
    assert workflow is not None
    assert [issue.code for issue in issues] == ["CF405"]


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(mutated())
@example("")
@example("\ufeff")
@example(ORIGINAL[: ORIGINAL.index("stations:")])
@example(ORIGINAL.replace("count: 1714", "count: " + "9" * 5000))
def test_mutated_workflow_never_crashes(text: str) -> None:
    """A randomly damaged workflow gives located issues with codes, never an exception."""
    assert_well_formed(text)


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(mutated(), st.sampled_from(["en", "zh"]))
@example(ORIGINAL.replace("en: Finance Office", 'en: "Finance [/office] :smile:"'), "en")
def test_mutated_workflow_that_loads_also_renders(text: str, lang: Lang) -> None:
    """Whatever still loads after the damage renders in both languages, naming the workflow.

    About a third of the damaged files still load (32 of the 100 examples when measured),
    so rendering really runs; the others are covered by the test above.
    """
    workflow, _ = clearflow.inspect_text(text, SOURCE)
    if workflow is not None:
        out = io.StringIO()
        Console(file=out, width=100).print(render_workflow(workflow, lang))
        assert workflow.id in out.getvalue()
