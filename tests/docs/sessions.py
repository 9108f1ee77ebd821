"""The console sessions of README.md, docs/*.md and docs/zh/*.md, run as shown and compared.

A *session* is a fenced block (any language: ``console``, ``sh``, ``text`` or none) with at
least one line starting with ``$ ``. Each ``$ `` line is a command (a line ending in ``\\``
goes on on the next line); the lines up to the next command are its expected output: what
the terminal shows, standard output and standard error together. Every command runs in bash
in a scratch folder that holds a copy of the clone's ``workflows/`` and ``examples/``, with
the folder as the working directory (every page's paths are relative to the repository
root), ``clearflow`` and ``python`` from the test's environment first on ``PATH``, and
``COLUMNS`` set so that Rich wraps as it does in a terminal of that width.

What may vary is normalised, and only that:

- a line that is only ``…`` (or only ``...``) in the page stands for any number of lines,
  zero included: the pages' convention for "lines left out";
- trailing white space is ignored on every line (Markdown editors strip it; Rich pads
  table cells with it);
- a byte order mark is dropped (``cat`` of a CSV export shows none on a terminal);
- the scratch folder's path is shown as ``.``, should an output name it.

Directives are HTML comments on the lines just above a block (blank lines between are fine):

- ``<!-- not run: REASON -->``: the block is illustrative (it needs a PostgreSQL server,
  say); it is counted, never run;
- ``<!-- session: NAME -->``: blocks of one page with the same NAME share one scratch
  folder, in page order, so a later block sees the files an earlier one wrote; a block
  without it starts from a fresh folder;
- ``<!-- columns: N -->``: the terminal width (default 100). ``<!-- page columns: N -->``
  anywhere on a page sets the page's default.

Several directives may share one comment, separated by ``;``: ``<!-- session: a; columns: 80 -->``.

Re-record the outputs after an intended change (every block, or the pages named)::

    .venv/bin/python tests/docs/sessions.py --write [docs/cohort.md ...]

An output with ``…`` lines that no longer matches is written out in full and reported, to be
cut again by hand.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = (
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "docs" / "zh").glob("*.md")),
)
COPIED = ("workflows", "examples")
COLUMNS = 100
ELISIONS = frozenset({"…", "..."})
RERECORD = ".venv/bin/python tests/docs/sessions.py --write"
FENCE = re.compile(r"^(\s*)```")
DIRECTIVE = re.compile(r"^\s*<!--(.*?)-->\s*$")


def shown(page: Path) -> str:
    """A page's path as the messages name it: relative to the repository when inside it."""
    return str(page.relative_to(ROOT)) if page.is_relative_to(ROOT) else str(page)


@dataclass
class Command:
    """One ``$`` command of a session: its text, its expected output, where it sits."""

    text: str
    expected: list[str]
    line: int
    """1-based line of the page where the command starts."""
    end: int
    """0-based index, in the page's lines, just after the expected output."""


@dataclass
class Block:
    """A fenced block holding a session, with its directives."""

    page: Path
    line: int
    commands: list[Command]
    not_run: str | None = None
    session: str | None = None
    columns: int = COLUMNS
    indent: str = ""

    @property
    def name(self) -> str:
        """``docs/cohort.md:19``: where the block starts."""
        return f"{shown(self.page)}:{self.line}"


@dataclass
class Outcome:
    """What one command printed, against what the page shows."""

    command: Command
    actual: list[str]
    matches: bool = field(default=False)


def directives(lines: list[str], fence: int) -> dict[str, str]:
    """The ``key: value`` directives in the HTML comments just above line index ``fence``."""
    found: dict[str, str] = {}
    index = fence - 1
    while index >= 0 and (not lines[index].strip() or DIRECTIVE.match(lines[index])):
        match = DIRECTIVE.match(lines[index])
        if match:
            for part in match.group(1).split(";"):
                key, _, value = part.partition(":")
                found.setdefault(key.strip(), value.strip())
        index -= 1
    return found


def parse_commands(lines: list[str], start: int, stop: int, indent: str) -> list[Command]:
    """The commands of the block body ``lines[start:stop]``, with their expected outputs."""
    commands: list[Command] = []
    index = start
    while index < stop:
        text = lines[index].removeprefix(indent)
        if not text.startswith("$ "):
            if commands:
                commands[-1].expected.append(text)
            index += 1
            continue
        first = index
        parts = [text[2:]]
        while parts[-1].endswith("\\") and index + 1 < stop:
            index += 1
            parts.append(lines[index].removeprefix(indent))
        commands.append(Command("\n".join(parts), [], first + 1, 0))
        index += 1
    for number, command in enumerate(commands):
        following = commands[number + 1].line - 1 if number + 1 < len(commands) else stop
        command.end = following
    return commands


def blocks(page: Path, text: str | None = None) -> list[Block]:
    """Every session of a page (or of ``text``, read as that page), in order."""
    if text is None:
        text = page.read_text(encoding="utf-8")
    lines = text.splitlines()
    default = COLUMNS
    for line in lines:
        match = DIRECTIVE.match(line)
        if match and match.group(1).strip().startswith("page columns:"):
            default = int(match.group(1).split(":", 1)[1])
    found: list[Block] = []
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        indent = match.group(1)
        stop = index + 1
        while stop < len(lines) and not lines[stop].strip().startswith("```"):
            stop += 1
        commands = parse_commands(lines, index + 1, stop, indent)
        if commands:
            given = directives(lines, index)
            found.append(
                Block(
                    page,
                    index + 1,
                    commands,
                    not_run=given.get("not run"),
                    session=given.get("session"),
                    columns=int(given.get("columns", default)),
                    indent=indent,
                )
            )
        index = stop + 1
    return found


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether the actual lines fit the expected ones, ``…`` lines standing for any lines."""
    want = [line.rstrip() for line in expected]
    got = [line.rstrip() for line in actual]
    while want and not want[-1]:
        want.pop()
    while got and not got[-1]:
        got.pop()
    memo: dict[tuple[int, int], bool] = {}

    def fit(i: int, j: int) -> bool:
        if (i, j) not in memo:
            if i == len(want):
                memo[i, j] = j == len(got)
            elif want[i].strip() in ELISIONS:
                memo[i, j] = any(fit(i + 1, k) for k in range(j, len(got) + 1))
            else:
                memo[i, j] = j < len(got) and want[i] == got[j] and fit(i + 1, j + 1)
        return memo[i, j]

    return fit(0, 0)


def scratch() -> Path:
    """A fresh folder holding a copy of what a clone ships."""
    folder = Path(tempfile.mkdtemp(prefix="clearflow-docs-"))
    for name in COPIED:
        shutil.copytree(ROOT / name, folder / name)
    return folder


def run_command(command: Command, folder: Path, columns: int) -> list[str]:
    """Run one command in bash in ``folder`` and return what a terminal would show."""
    bindir = str(Path(sys.executable).parent)
    env = {
        "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "COLUMNS": str(columns),
        "TZ": "UTC",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONUNBUFFERED": "1",
    }
    done = subprocess.run(
        ["bash", "-c", command.text],
        cwd=folder,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
        timeout=120,
    )
    text = done.stdout.decode("utf-8", errors="replace").replace("\ufeff", "")
    return text.replace(f"{folder}/", "").replace(str(folder), ".").splitlines()


def run_page(page: Path) -> list[tuple[Block, list[Outcome]]]:
    """Run every runnable session of a page; the shared folders live until the page is done."""
    folders: dict[str, Path] = {}
    results: list[tuple[Block, list[Outcome]]] = []
    try:
        for block in blocks(page):
            if block.not_run is not None:
                continue
            key = block.session or f"@{block.line}"
            if key not in folders:
                folders[key] = scratch()
            outcomes = []
            for command in block.commands:
                actual = run_command(command, folders[key], block.columns)
                outcomes.append(Outcome(command, actual, matches(command.expected, actual)))
            results.append((block, outcomes))
    finally:
        for folder in folders.values():
            shutil.rmtree(folder, ignore_errors=True)
    return results


def difference(block: Block, outcome: Outcome) -> str:
    """The failure message: which block and command differ, both outputs, how to re-record."""
    page = shown(block.page)
    return (
        f"{page}:{outcome.command.line}: the output of `$ {outcome.command.text}` "
        f"(block {block.name}) differs from the page\n"
        f"--- the page shows\n" + "\n".join(outcome.command.expected) + "\n"
        "--- the command printed\n" + "\n".join(outcome.actual) + "\n"
        f"--- if the change is intended, re-record it: {RERECORD} {page}"
    )


def write(page: Path) -> list[str]:
    """Re-record a page's differing outputs in place; return the notes for the writer."""
    lines = page.read_text(encoding="utf-8").splitlines()
    notes: list[str] = []
    changes: list[tuple[int, int, list[str]]] = []
    for block, outcomes in run_page(page):
        for outcome in outcomes:
            if outcome.matches:
                continue
            command = outcome.command
            start = command.line + command.text.count("\n")
            if any(line.strip() in ELISIONS for line in command.expected):
                notes.append(f"{shown(page)}:{command.line}: written in full, cut it again")
            actual = [
                block.indent + line.rstrip() if line.strip() else "" for line in outcome.actual
            ]
            changes.append((start, command.end, actual))
    for start, end, actual in sorted(changes, reverse=True):
        lines[start:end] = actual
    if changes:
        page.write_text("\n".join(lines) + "\n", encoding="utf-8")
        notes.append(f"{shown(page)}: {len(changes)} outputs re-recorded")
    return notes


def main() -> None:
    """Check every page's sessions, or re-record them with ``--write``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path, help="pages (default: all)")
    parser.add_argument("--write", action="store_true", help="re-record differing outputs")
    args = parser.parse_args()
    pages = [path.resolve() for path in args.pages] or list(PAGES)
    failed = 0
    for page in pages:
        if args.write:
            for note in write(page):
                print(note)
            continue
        for block, outcomes in run_page(page):
            for outcome in outcomes:
                if not outcome.matches:
                    failed += 1
                    print(difference(block, outcome), end="\n\n")
    if not args.write:
        print(f"{failed} outputs differ")
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
