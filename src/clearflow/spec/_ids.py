"""What a student id is, written once: the text people typed, without white space around it.

A roster cell, a student file's ``id:``, ``walk --student-id`` and the store's lookups all go
through :func:`clean_student_id`, so `` 2014000001 `` and ``2014000001`` are one student.
"""

from __future__ import annotations

MAX_STUDENT_ID = 64
"""The longest student id, in characters: what a store's id column keeps (SQLite and
PostgreSQL alike); a student file's or a roster's longer id is refused where it is written."""


def clean_student_id(text: str) -> str:
    """A student id as clearflow keeps and looks it up: trimmed of white space around it.

    White space is Python's (``str.strip``): spaces, tabs, line breaks and the full-width
    space U+3000 a Chinese input method types. What is inside the id is kept as written.
    """
    return text.strip()
