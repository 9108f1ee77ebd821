"""What an attempt puts in its scratch folder before the command runs.

Each helper returns a setup (a function of the folder), so the table in
:mod:`campaign.attempts` reads as data: ``both(store(), fifo("roster.csv"))``.
"""

from __future__ import annotations

import io
import os
import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from campaign.harness import Setup
from fuzz.seeds import case_seeds, store_copy

STUDENT = (Path(__file__).resolve().parents[2] / "examples" / "students" / "li-lei.yaml").read_text(
    encoding="utf-8"
)


def both(*setups: Setup) -> Setup:
    """Each setup in turn."""

    def setup(folder: Path) -> None:
        for one in setups:
            one(folder)

    return setup


def store(name: str = "class.db") -> Setup:
    """A store holding the five students of the base roster."""
    return lambda folder: store_copy(folder, name)


def case(name: str = "case.json", which: int = 2) -> Setup:
    """A case file: 张伟's, blocked (``which=2``), or 李雷's, released (0)."""
    return lambda folder: _write(folder / name, case_seeds()[which].encode("utf-8"))


def text(name: str, content: str, encoding: str = "utf-8") -> Setup:
    """A file with ``content`` (what the encoding cannot hold written as is, surrogates too)."""
    return lambda folder: _write(folder / name, content.encode(encoding, "surrogatepass"))


def raw(name: str, content: bytes) -> Setup:
    """A file with exactly these bytes."""
    return lambda folder: _write(folder / name, content)


def edited(name: str, old: str, new: str, count: int = 1) -> Setup:
    """The base file ``name`` with ``old`` replaced by ``new``."""

    def setup(folder: Path) -> None:
        path = folder / name
        source = path.read_text(encoding="utf-8")
        assert old in source, (name, old)
        path.write_bytes(source.replace(old, new, count).encode("utf-8", "surrogatepass"))

    return setup


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def sparse(name: str, size: int) -> Setup:
    """A file of ``size`` bytes that takes no room: zeros nobody wrote."""

    def setup(folder: Path) -> None:
        with (folder / name).open("wb") as file:
            file.truncate(size)

    return setup


def fifo(name: str) -> Setup:
    """A named pipe nobody writes to: reading it waits for ever."""
    return lambda folder: os.mkfifo(folder / name)


def unix_socket(name: str) -> Setup:
    """A Unix socket's file (nothing listens on it)."""

    def setup(folder: Path) -> None:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            server.bind(str(folder / name))
        finally:
            server.close()

    return setup


def directory(name: str) -> Setup:
    """An empty folder where a file is expected."""
    return lambda folder: (folder / name).mkdir()


def link(name: str, target: str) -> Setup:
    """A symlink ``name`` to ``target`` (which may not exist, or may be the link itself)."""
    return lambda folder: (folder / name).symlink_to(target)


def mode(name: str, bits: int) -> Setup:
    """Permission bits on a path of the folder (the folder itself for ``.``)."""
    return lambda folder: (folder / name).chmod(bits)


def moved(name: str, into: str) -> Setup:
    """The base file ``name`` moved into the folder ``into`` (made if needed)."""

    def setup(folder: Path) -> None:
        (folder / into).mkdir(exist_ok=True)
        (folder / name).rename(folder / into / name)

    return setup


def foreign_database(name: str = "library.db") -> Setup:
    """Another program's SQLite file: one table of books, none of clearflow's."""

    def setup(folder: Path) -> None:
        connection = sqlite3.connect(folder / name)
        with connection:
            connection.execute("CREATE TABLE books (isbn TEXT, title TEXT)")
            connection.execute("INSERT INTO books VALUES ('7-111', 'SICP')")
        connection.close()

    return setup


Rows = list[list[object]]
ROSTER_HEADER: list[object] = ["student_id", "name", "program", "campus", "department"]
ROSTER_HEADER += ["credits_complete"]


def roster_rows(first: int, count: int) -> Rows:
    """Roster rows of ``count`` new students from id 2014000000+first."""
    return [
        [f"2014{number:06d}", f"学生{number}", "高职", "院本部", "旅游系", "是"]
        for number in range(first, first + count)
    ]


def workbook(name: str, sheets: dict[str, Rows], far: str | None = None) -> Setup:
    """An xlsx file with these sheets (header row first), and a blank cell at ``far``."""

    def setup(folder: Path) -> None:
        book = Workbook()
        active = book.active
        assert active is not None
        book.remove(active)
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
            if far is not None:
                sheet[far] = " "
        out = io.BytesIO()
        book.save(out)
        _write(folder / name, out.getvalue())

    return setup


Check = Callable[[Path], str | None]


def students_in(count: int, name: str = "class.db") -> Check:
    """A verify: the store holds exactly ``count`` students (none lost, none doubled)."""

    def verify(folder: Path) -> str | None:
        connection = sqlite3.connect(f"{(folder / name).as_uri()}?mode=ro", uri=True)
        try:
            (found,) = connection.execute("SELECT count(*) FROM clearflow_cases").fetchone()
        finally:
            connection.close()
        return None if found == count else f"the store holds {found} students, not {count}"

    return verify


def still_a_link(name: str) -> Check:
    """A verify: ``name`` is still a symlink (its target got the new content)."""
    return lambda folder: None if (folder / name).is_symlink() else f"{name} is no longer a link"
