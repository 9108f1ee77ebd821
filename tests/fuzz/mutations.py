"""Damage to a real file's text: the mutations of ``tests/test_fuzz.py`` and hostile values.

A seed is a real file (an example student, answers file, case file or roster); a mutated
seed is that text after one to three mutations: a line deleted, doubled, swapped or
re-indented, a character changed or inserted, the text cut anywhere, or the value after a
``key:`` (or a CSV cell) replaced by one of :data:`VALUES`: lone surrogates, numbers no
decimal holds, deep nesting, NUL bytes, untrimmed ids, very long text.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

TRICKY = [":", "-", "{", "}", "[", "]", "&", "*", "!", "\t", "#", "'", '"', "|", ">", "%", "@"]
TRICKY += ["`", "?", ",", ";", " ", "\n", "\r", "\x00", "\x85", "\u2028", "\ufeff", "：", "中"]
TRICKY += ["𠀀", "\\", "\x1b"]
CHARACTERS = st.sampled_from(TRICKY) | st.characters(codec="utf-8")

VALUES = [
    '"\\ud800"',
    '"a\\udfffb"',
    "9" * 400,
    "9" * 5000,
    "1e999",
    "-1e999",
    "NaN",
    "Infinity",
    "1e-999",
    "0x1F",
    "-0",
    "~",
    "null",
    "[]",
    "{}",
    "yes",
    "2014-13-45",
    "2014-07-01 25:00",
    "99999-01-01 10:00",
    '" 2014000001 "',
    '"\\0"',
    '"\\x00id"',
    "x" * 3000,
    "[" * 200 + "]" * 200,
    "{a: " * 60 + "b" + "}" * 60,
    "=1+1",
    "&anchor x",
    "*alias",
    "!!python/object:os.system",
    "中职",
    "2.01E+09",
]
"""Values put where a file has a value: what careless or hostile users type."""

_VALUE_AT = re.compile(r"(?<=:)[ \t]*[^\n]*|(?<=,)[^,\n]*")


@st.composite
def delete_line(draw: st.DrawFn, text: str) -> str:
    """Delete one line."""
    lines = text.splitlines(keepends=True)
    index = draw(st.integers(0, max(len(lines) - 1, 0)))
    return "".join(lines[:index] + lines[index + 1 :])


@st.composite
def duplicate_line(draw: st.DrawFn, text: str) -> str:
    """Write one line twice."""
    lines = text.splitlines(keepends=True)
    index = draw(st.integers(0, max(len(lines) - 1, 0)))
    return "".join(lines[: index + 1] + lines[index:])


@st.composite
def swap_lines(draw: st.DrawFn, text: str) -> str:
    """Swap two lines."""
    lines = text.splitlines(keepends=True)
    if len(lines) < 2:
        return text
    first, second = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[first], lines[second] = lines[second], lines[first]
    return "".join(lines)


@st.composite
def change_character(draw: st.DrawFn, text: str) -> str:
    """Replace one character with a YAML- or CSV-significant, control, CJK or random one."""
    if not text:
        return draw(CHARACTERS)
    index = draw(st.integers(0, len(text) - 1))
    return text[:index] + draw(CHARACTERS) + text[index + 1 :]


@st.composite
def truncate(draw: st.DrawFn, text: str) -> str:
    """Cut the text anywhere, even inside a line or a character's escape."""
    return text[: draw(st.integers(0, len(text)))]


@st.composite
def insert_text(draw: st.DrawFn, text: str) -> str:
    """Insert a short run of random characters anywhere."""
    index = draw(st.integers(0, len(text)))
    return text[:index] + draw(st.text(CHARACTERS, min_size=1, max_size=12)) + text[index:]


@st.composite
def reindent(draw: st.DrawFn, text: str) -> str:
    """Add or remove leading spaces (or a tab) on one line."""
    lines = text.splitlines(keepends=True)
    if not lines:
        return text
    index = draw(st.integers(0, len(lines) - 1))
    stripped = lines[index].lstrip(" ")
    indent = len(lines[index]) - len(stripped)
    new_indent = draw(st.sampled_from([0, 1, 2, 3, 4, 6, indent + 1, max(indent - 1, 0)]))
    lines[index] = draw(st.sampled_from([" " * new_indent, "\t" + " " * new_indent])) + stripped
    return "".join(lines)


@st.composite
def replace_value(draw: st.DrawFn, text: str) -> str:
    """Replace what follows one ``key:`` (or one CSV cell) with a hostile value."""
    spots = list(_VALUE_AT.finditer(text))
    if not spots:
        return text
    spot = draw(st.sampled_from(spots))
    value = draw(st.sampled_from(VALUES))
    lead = " " if text[spot.start() - 1] == ":" else ""
    return text[: spot.start()] + lead + value + text[spot.end() :]


MUTATIONS = [
    delete_line,
    duplicate_line,
    swap_lines,
    change_character,
    truncate,
    insert_text,
    reindent,
    replace_value,
    replace_value,
]
"""Each mutation once, and a hostile value twice as often: it reaches deepest."""


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str]) -> str:
    """One of ``seeds`` after one to three random mutations."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 3))):
        text = draw(draw(st.sampled_from(MUTATIONS))(text))
    return text


def encoded(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; what it cannot hold (lone surrogates, CJK in latin-1) as ``?``."""
    return text.encode(encoding, errors="replace")
