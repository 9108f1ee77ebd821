"""Every console session of README.md, docs/*.md and docs/zh/*.md runs as shown and prints what
the page shows; every relative link of those pages resolves; docs/zh/errors.md covers every code.

``tests/docs/sessions.py`` finds the sessions, runs them in scratch folders and compares the
outputs (its docstring lists the directives and the only normalisations); re-record a page
after an intended change with ``.venv/bin/python tests/docs/sessions.py --write PAGE``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).with_name("docs")))

import sessions

PAGES_WITH_SESSIONS = [page for page in sessions.PAGES if sessions.blocks(page)]
ZH_PAGES = (
    "preparing-next-year.md",
    "walkthrough.md",
    "errors.md",
    "capacity.md",
    "documents.md",
)
CODE = re.compile(r"\bCF\d{3}\b")
LINK = re.compile(r"\]\(([^()\s]+)\)")


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


def source_codes() -> set[str]:
    """Every diagnostic code the library's source names."""
    source = sessions.ROOT / "src" / "clearflow"
    return {code for path in source.rglob("*.py") for code in CODE.findall(path.read_text("utf-8"))}


def prose(text: str) -> list[str]:
    """The lines of a page outside its fenced blocks, inline code spans removed."""
    lines: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(re.sub(r"`[^`]*`", "", line))
    return lines


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives a page's headings: lowercase, punctuation dropped, spaces as '-'."""
    found: set[str] = set()
    for line in prose(page.read_text(encoding="utf-8").replace("`", "")):
        heading = re.match(r"#+ (.*)", line)
        if heading:
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.group(1)).strip().lower()
            found.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return found


def test_the_chinese_pages_are_there_and_the_readme_links_them_on_its_first_screen() -> None:
    """docs/zh holds the five staff pages, each among the pages checked; the README's first
    30 lines link each of them."""
    zh = sessions.ROOT / "docs" / "zh"
    assert sorted(path.name for path in zh.glob("*.md")) == sorted(ZH_PAGES)
    assert {zh / name for name in ZH_PAGES} <= set(sessions.PAGES)
    first_screen = "\n".join(
        (sessions.ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:30]
    )
    assert all(f"(docs/zh/{name})" in first_screen for name in ZH_PAGES)


def resolves(page: Path, target: str) -> bool:
    """Whether a relative link of ``page`` names a file of the clone (and a heading of it)."""
    path, _, anchor = target.partition("#")
    linked = (page.parent / path).resolve() if path else page
    if not linked.exists():
        return False
    return not anchor or linked.suffix != ".md" or anchor in anchors(linked)


@pytest.mark.parametrize("page", sessions.PAGES, ids=sessions.shown)
def test_every_relative_link_of_the_page_resolves(page: Path) -> None:
    """A link to a file names one in the clone; a link to a heading names one of that page's."""
    broken = []
    for line in prose(page.read_text(encoding="utf-8")):
        for target in LINK.findall(line):
            if re.match(r"[a-z]+:", target):
                continue
            if not resolves(page, target):
                broken.append(target)
    assert broken == []


def test_the_chinese_error_catalogue_has_a_section_for_every_code() -> None:
    """docs/zh/errors.md has one section per code of the source, each with its example place,
    and names no code the source does not use."""
    doc = (sessions.ROOT / "docs" / "zh" / "errors.md").read_text(encoding="utf-8")
    sections = re.split(r"^### ", doc, flags=re.MULTILINE)[1:]
    documented = [section[:5] for section in sections if CODE.match(section)]
    assert sorted(documented) == sorted(source_codes())
    assert set(CODE.findall(doc)) <= source_codes()
    without_example = [
        section[:5]
        for section in sections
        if CODE.match(section) and not re.search(r"^示例：\n+(<!-- .* -->\n+)?```", section, re.M)
    ]
    assert without_example == []
