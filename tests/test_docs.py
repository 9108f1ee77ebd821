"""Every console session of README.md and docs/*.md runs as shown and prints what the page shows.

``tests/docs/sessions.py`` finds the sessions, runs them in scratch folders and compares the
outputs (its docstring lists the directives and the only normalisations); re-record a page
after an intended change with ``.venv/bin/python tests/docs/sessions.py --write PAGE``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).with_name("docs")))

import sessions

PAGES_WITH_SESSIONS = [page for page in sessions.PAGES if sessions.blocks(page)]


@pytest.mark.parametrize("page", PAGES_WITH_SESSIONS, ids=lambda page: page.name)
def test_every_session_of_the_page_prints_what_the_page_shows(page: Path) -> None:
    """Each command's output matches its block; the message names the block and how to re-record."""
    differing = [
        sessions.difference(block, outcome)
        for block, outcomes in sessions.run_page(page)
        for outcome in outcomes
        if not outcome.matches
    ]
    assert not differing, "\n\n".join(differing)


def test_every_session_runs_or_says_why_not() -> None:
    """The sessions are found on the pages that show commands, and none is skipped silently.

    A block that cannot run is marked ``<!-- not run: REASON -->``; the count of those is
    part of what this test pins, so that a new one is a deliberate change.
    """
    found = [block for page in sessions.PAGES for block in sessions.blocks(page)]
    shown = {
        page.name for page in sessions.PAGES if "\n$ clearflow " in page.read_text(encoding="utf-8")
    }
    assert shown <= {block.page.name for block in found}
    assert all(block.not_run for block in found if block.not_run is not None)
    assert [block.name for block in found if block.not_run is not None] == []
    assert sum(len(block.commands) for block in found) >= 40


PAGE = sessions.ROOT / "docs" / "a-page.md"


def test_a_session_is_parsed_with_its_directives_and_continued_commands() -> None:
    """Commands, their outputs, ``\\`` continuations and the directives above the fence."""
    text = "\n".join(
        [
            "<!-- page columns: 80 -->",
            "```text",
            "not a session",
            "```",
            "<!-- session: a; columns: 120 -->",
            "",
            "```console",
            "$ clearflow walk w.yaml \\",
            "    --yes",
            "out 1",
            "…",
            "$ cat x",
            "```",
            "<!-- not run: needs PostgreSQL -->",
            "```",
            "$ clearflow cohort status w.yaml --db postgresql+psycopg://x/y",
            "```",
        ]
    )
    first, second = sessions.blocks(PAGE, text)
    assert (first.line, first.session, first.columns, first.not_run) == (7, "a", 120, None)
    assert [(c.text, c.expected, c.line) for c in first.commands] == [
        ("clearflow walk w.yaml \\\n    --yes", ["out 1", "…"], 8),
        ("cat x", [], 12),
    ]
    assert (second.session, second.columns, second.not_run) == (None, 80, "needs PostgreSQL")


@pytest.mark.parametrize(
    ("expected", "actual", "fits"),
    [
        (["a", "b"], ["a", "b  ", ""], True),
        (["a", "…", "d"], ["a", "b", "c", "d"], True),
        (["a", "...", "b"], ["a", "b"], True),
        (["…"], [], True),
        (["a", "…", "d"], ["a", "b", "c"], False),
        (["a", "b"], ["a", "c"], False),
        (["a"], ["a", "b"], False),
        (["a b"], ["a  b"], False),
    ],
)
def test_only_elisions_and_trailing_white_space_are_let_through(
    expected: list[str], actual: list[str], fits: bool
) -> None:
    """A ``…`` line stands for any lines; everything else must be equal up to line ends."""
    assert sessions.matches(expected, actual) is fits


def test_the_failure_message_names_the_block_and_how_to_re_record() -> None:
    """What the coordinator reads when a merged message change breaks a page."""
    (block,) = sessions.blocks(PAGE, "```\n$ clearflow check w.yaml\nok\n```")
    message = sessions.difference(block, sessions.Outcome(block.commands[0], ["refused"]))
    assert message.splitlines() == [
        "docs/a-page.md:2: the output of `$ clearflow check w.yaml` (block docs/a-page.md:1) "
        "differs from the page",
        "--- the page shows",
        "ok",
        "--- the command printed",
        "refused",
        "--- if the change is intended, re-record it: "
        ".venv/bin/python tests/docs/sessions.py --write docs/a-page.md",
    ]


def test_write_re_records_only_the_outputs_that_differ(tmp_path: Path) -> None:
    """``--write`` replaces a stale output, keeps a matching one, and flags a cut one."""
    page = tmp_path / "page.md"
    page.write_text(
        "Text.\n\n```console\n$ echo one\none\n$ echo two\nold\n```\n\n"
        "```console\n$ printf 'a\\nb\\n'\n…\nc\n```\n",
        encoding="utf-8",
    )
    notes = sessions.write(page)
    assert page.read_text(encoding="utf-8") == (
        "Text.\n\n```console\n$ echo one\none\n$ echo two\ntwo\n```\n\n"
        "```console\n$ printf 'a\\nb\\n'\na\nb\n```\n"
    )
    assert notes == [f"{page}:11: written in full, cut it again", f"{page}: 2 outputs re-recorded"]
