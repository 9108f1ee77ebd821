"""libyaml's events and PyYAML's pure-Python pipeline compose the same tree, or fail alike.

:func:`clearflow.format._compose.compose` takes the C parser's events when PyYAML has
libyaml and falls back to the pure pipeline on any failure. What staff see must not
depend on which ran: on every shipped YAML file and on damaged ones (the fuzz mutations),
both give the same nodes (kind, text, quoting, tag, line and column), or the same error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings

from clearflow.format import _compose
from clearflow.format._compose import compose
from fuzz.mutations import mutated

ROOT = Path(__file__).resolve().parents[2]


def _utf8(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:  # a fixture of the not-UTF-8 error: nothing to compose
        return False
    return True


FILES = sorted(
    path
    for folder in ("workflows", "examples", "tests/fixtures", "docs")
    for path in (ROOT / folder).rglob("*.y*ml")
    if _utf8(path)
)
SEEDS = [path.read_text(encoding="utf-8-sig") for path in FILES]

pytestmark = pytest.mark.skipif(_compose.CParser is None, reason="PyYAML without libyaml")


def tree(node: Any) -> Any:
    """A node as plain data: what the located tree is built from."""
    if node is None:
        return None
    where = (node.start_mark.line, node.start_mark.column, node.tag)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.value, node.style in ("'", '"'), *where)
    if isinstance(node, yaml.SequenceNode):
        return ("list", *where, [tree(item) for item in node.value])
    return ("map", *where, [(tree(key), tree(value)) for key, value in node.value])


def outcome(text: str, *, fast: bool) -> Any:
    """The tree, or the error's type and words."""
    try:
        return tree(compose(text, "w.yaml", fast=fast))
    except Exception as error:  # what matters is that both fail alike
        return (type(error).__name__, str(error))


def test_the_fast_path_is_taken() -> None:
    """The C parser is used on a plain file (else this test file proves nothing)."""
    calls: list[str] = []
    loader = _compose._FastLoader

    class Counting(loader):  # type: ignore[misc, valid-type]
        def __init__(self, text: str, source: str) -> None:
            calls.append(source)
            super().__init__(text, source)

    original = _compose._FastLoader
    _compose._FastLoader = Counting
    try:
        assert compose("a: 1\n", "w.yaml") is not None
    finally:
        _compose._FastLoader = original
    assert calls == ["w.yaml"]


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_shipped_file_composes_alike(path: Path) -> None:
    """Each workflow, example, fixture and documented YAML file: one tree or one error."""
    text = path.read_text(encoding="utf-8-sig")
    assert outcome(text, fast=True) == outcome(text, fast=False)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(mutated(SEEDS))
@example("a: 'x\n")
@example("a: [1, {b: 2}\n")
@example('- 中文：值\n  - 𠀀: "\\u00e9\\t"\n')
@example("a: |\n  folded\n   more\nb: >-\n  x\n\n  y\n")
@example("\ufeffa: 1\n")
@example("p\trty_transfer: {clear: transferred}\n")  # a tab libyaml took, PyYAML refuses
def test_damaged_files_compose_alike(text: str) -> None:
    """A damaged file gives the same tree, or fails with the same error, either way."""
    assert outcome(text, fast=True) == outcome(text, fast=False)
