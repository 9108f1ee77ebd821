"""Fixtures shared by the store tests: one database URL per backend.

``store_url`` runs a test on SQLite (a file under ``tmp_path``, always) and on PostgreSQL
when ``CLEARFLOW_TEST_POSTGRES`` names a server, e.g.
``postgresql+psycopg://clearflow:clearflow@127.0.0.1:5432/clearflow`` (``.ci/run`` starts
one). Each PostgreSQL test gets a schema of its own, named in the URL's ``search_path``,
and the schema is dropped afterwards; without the variable only those cases are skipped.

``pythonpath`` in ``pyproject.toml`` puts ``tests/`` (for the ``support`` package) and
``examples/`` (so that tests import the class generator ``examples/cohort.py`` as ``cohort``)
on ``sys.path``.

Every test runs with ``CLEARFLOW_LANG=en`` (:func:`english`), so that what it asserts does
not hang on the machine's locale or on the 2014 workflow's ``language: zh``; a test of the
language choice sets or removes the variable itself. The transcript and the docs sessions
build their environment from scratch and show the defaults as they are.

``cjk_font`` is the machine's CJK font for the PDF tests (``tests/documents``): CI must have
one (``.ci/run`` installs it), a developer's machine without one skips those tests, saying
how to install it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from clearflow.documents import CjkFont, find_cjk_font
from clearflow.errors import FontMissingError

POSTGRES_VARIABLE = "CLEARFLOW_TEST_POSTGRES"
POSTGRES_URL = os.environ.get(POSTGRES_VARIABLE, "")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(
            not POSTGRES_URL, reason=f"set {POSTGRES_VARIABLE} to a PostgreSQL URL to run"
        ),
    ),
]


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """English output, whatever the locale and the workflow declare (``CLEARFLOW_LANG``)."""
    monkeypatch.setenv("CLEARFLOW_LANG", "en")


def sqlite_url(directory: Path) -> str:
    """A SQLite database file in ``directory``, as ``--db`` accepts it (a plain path)."""
    return str(directory / "clearflow.db")


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL schema (dropped afterwards)."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    schema = f"clearflow_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, poolclass=sa.NullPool)
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = sa.make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(scope="session")
def cjk_font() -> CjkFont:
    """The machine's CJK font; a skip without one, except on CI, where it is a failure."""
    try:
        return find_cjk_font()
    except FontMissingError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(error))
