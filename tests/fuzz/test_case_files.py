"""Damaged case files are refused as case files, or resumed; a refused one is left as it was.

Written against the public API (``clearflow.load_case``) and ``walk --case``, not the
file's layout, so it holds for any format the case file takes: the seeds are made by
walking the examples, and besides the text mutations a value anywhere in the file's data
is swapped for a hostile JSON token (deep nesting, 5000 digits, ``1e999``, a lone
surrogate, the wrong type).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

import clearflow
from fuzz import FUZZ
from fuzz.harness import (
    AT,
    INTERNAL,
    SUCCESS,
    WORKFLOW,
    assert_located_or_done,
    invoke,
    library_call,
    scratch_folder,
    snapshot,
)
from fuzz.mutations import encoded, mutated
from fuzz.seeds import case_seeds
from support import engine_2014

NAME = "case.json"
SEEDS = list(case_seeds())
TOKENS = [
    "null",
    "true",
    "0",
    "-1",
    "1.5",
    '""',
    "[]",
    "{}",
    '"x"',
    "9" * 5000,
    "1e999",
    "-1e400",
    "NaN",
    '"\\ud800"',
    '"\\u0000"',
    '"2014-07-01T10:00:00+25:00"',
    '"99999-01-01T10:00:00"',
    "[" * 100_000 + "]" * 100_000,
    '{"a": ' * 5000 + "1" + "}" * 5000,
    '"' + "x" * 100_000 + '"',
]
"""JSON put in place of one value of a case file."""
_MARK = "\u0000clearflow-fuzz\u0000"


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``data`` (keys and indexes), the root included."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*path, index))
    return found


@st.composite
def swapped_value(draw: st.DrawFn) -> str:
    """A case file with one value (anywhere in its data) replaced by a hostile token.

    A file of several JSON documents, one per line (format 2, JSON Lines), has one of its
    lines changed; a file that is one JSON document (format 1) is changed as a whole.
    """
    text = draw(st.sampled_from(SEEDS))
    try:
        documents = [json.loads(text)]
        lines = None
    except json.JSONDecodeError:
        lines = text.splitlines()
        index = draw(st.integers(0, len(lines) - 1))
        documents = [json.loads(lines[index])]
    data = documents[0]
    place = draw(st.sampled_from(_places(data)[1:]))
    parent = data
    for step in place[:-1]:
        parent = parent[step]
    parent[place[-1]] = _MARK
    token = draw(st.sampled_from(TOKENS))
    if lines is None:
        return json.dumps(data, ensure_ascii=False, indent=1).replace(json.dumps(_MARK), token)
    lines[index] = json.dumps(data, ensure_ascii=False).replace(json.dumps(_MARK), token)
    return "\n".join(lines) + "\n"


def assert_loaded_or_refused(path: Path) -> bool | None:
    """``load_case`` restores the case, or raises CaseDataError naming the file; which
    (None: an internal error another branch fixes, see ``fuzz.harness.KNOWN``)."""
    with library_call():
        try:
            clearflow.load_case(path, engine_2014())
        except clearflow.CaseDataError as error:
            message = str(error)
        else:
            return True
        assert message.startswith(f"{path}"), message
        return False
    return None


@FUZZ
@given(mutated(SEEDS) | swapped_value())
@example(SEEDS[0].replace('"李雷"', '"\\ud800"', 1))
@example(SEEDS[0].replace('"version": ', '"version": ' + "9" * 5000 + ', "x": ', 1))
@example('{"clearflow_case": 1, "steps": ' + "[" * 100_000 + "]" * 100_000 + "}")
@example(SEEDS[2].replace('"phase": "', '"phase": "x', 1))
def test_damaged_case_file_is_refused_or_resumed(text: str) -> None:
    """``walk --case`` on a damaged case file: refused naming the file and left byte for
    byte, or resumed and saved so that it loads again; ``load_case`` agrees."""
    with scratch_folder() as folder:
        path = folder / NAME
        path.write_bytes(encoded(text, "utf-8"))
        loads = assert_loaded_or_refused(path)
        before = snapshot(folder)
        argv = ["walk", str(WORKFLOW), "--case", NAME, "--yes", "--at", AT]
        result = invoke(argv, folder)
        outcome = assert_located_or_done(result, folder, before, NAME, [NAME])
        if loads is not None and outcome != INTERNAL:
            assert loads == (outcome == SUCCESS), result.output
        if outcome == SUCCESS:
            assert assert_loaded_or_refused(path) is not False
