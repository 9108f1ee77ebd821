"""``clearflow store upgrade``: from → to in English and Chinese, and the old code's reports.

The reports recorded beside the fixture (``tests/fixtures/store/v1-*.json``) were made by
clearflow before migrations on ``v1.db`` (``cohort export --what ... --format json
--today 2014-07-10``); after the upgrade the same commands print the same JSON.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clearflow._i18n import Message
from clearflow.cli import main
from clearflow.cli._flags import error_text
from clearflow.errors import StoreError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"
WORKFLOW = Path(__file__).resolve().parents[2] / "workflows" / "gyvtc-2014.yaml"


def cli(*args: str) -> Result:
    """Run clearflow with ``args``."""
    return CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"}).invoke(main, list(args))


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    """A copy of the version-1 store the old code made."""
    path = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "v1.db", path)
    return path


def test_upgrade_says_from_and_to_then_that_it_is_up_to_date(v1: Path) -> None:
    """The first run stamps the baseline; the second has nothing to do. Both exit 0."""
    first = cli("store", "upgrade", "--db", str(v1))
    assert first.exit_code == 0, first.output
    applied = "0001, 0002, 0003, 0004, 0005"
    assert first.output == f"database '{v1}': schema version 1 → 5 (revisions applied: {applied})\n"
    second = cli("store", "upgrade", "--db", str(v1), "--lang", "zh")
    assert second.exit_code == 0, second.output
    assert second.output == f"数据库 '{v1}'：结构版本 5，已是最新（无需升级）\n"


def test_upgrade_with_the_workflow_prepares_its_reports(v1: Path) -> None:
    """Named, the workflow's cases get their reports' columns in the same transaction."""
    result = cli("store", "upgrade", str(WORKFLOW), "--db", str(v1))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "workflow 'gyvtc-2014': reports prepared for 5 students"
    connection = sqlite3.connect(v1)
    try:
        left = connection.execute("SELECT count(*) FROM clearflow_cases WHERE holds_id IS NULL")
        assert left.fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM clearflow_meta").fetchone() == (1,)
    finally:
        connection.close()


def test_upgrade_in_chinese(v1: Path) -> None:
    """The from → to line reads in Chinese."""
    result = cli("store", "upgrade", "--db", str(v1), "--lang", "zh")
    applied = "0001, 0002, 0003, 0004, 0005"
    assert result.output == f"数据库 '{v1}'：结构版本 1 → 5（已执行的升级：{applied}）\n"


@pytest.mark.parametrize("what", ["blocked", "progress"])
def test_reports_after_the_upgrade_are_the_old_codes(v1: Path, what: str) -> None:
    """The same export, by the old code before and by this code after the upgrade (the
    same JSON: the blocked export now streams, so its ``students`` count comes last)."""
    assert cli("store", "upgrade", "--db", str(v1)).exit_code == 0
    args = ["--what", what, "--format", "json", "--today", "2014-07-10"]
    result = cli("cohort", "export", str(WORKFLOW), "--db", str(v1), *args)
    assert result.exit_code == 0, result.output
    recorded = json.loads((FIXTURES / f"v1-{what}.json").read_text(encoding="utf-8"))
    if what == "blocked":  # since: an amount and items owed on every row, none in a v1 store
        recorded["rows"] = [{**row, "amount": None, "items": None} for row in recorded["rows"]]
    assert json.loads(result.output) == recorded


@pytest.mark.parametrize("what", ["blocked", "progress", "released", "grid"])
def test_a_version_2_store_upgrades_and_reports_what_the_old_code_did(
    tmp_path: Path, what: str
) -> None:
    """``v2.db`` (made by the code of schema version 2, ``make_v2.sh``: an amount owed, a
    refusal, one student released with documents) upgrades to rows without snapshots, and
    every export is byte for byte the old code's."""
    path = tmp_path / "v2.db"
    shutil.copyfile(FIXTURES / "v2.db", path)
    upgraded = cli("store", "upgrade", "--db", str(path))
    assert upgraded.exit_code == 0, upgraded.output
    assert "schema version 2 → 5 (revisions applied: 0003, 0004, 0005)" in upgraded.output
    args = ["--what", what, "--format", "json", "--today", "2014-07-10"]
    result = cli("cohort", "export", str(WORKFLOW), "--db", str(path), *args)
    assert result.exit_code == 0, result.output
    assert result.output == (FIXTURES / f"v2-{what}.json").read_text(encoding="utf-8")


def test_a_newer_store_is_refused_with_exit_1(v1: Path) -> None:
    """The refusal of today, unchanged."""
    connection = sqlite3.connect(v1)
    connection.execute("UPDATE clearflow_meta SET value = '6'")
    connection.commit()
    connection.close()
    result = cli("store", "upgrade", "--db", str(v1))
    assert result.exit_code == 1
    assert result.output == (
        f"database '{v1}' has schema version 6; this clearflow reads version 5\n"
    )


def test_no_database_is_refused_and_none_is_made(tmp_path: Path) -> None:
    """A mistyped path: exit 1, no file left behind."""
    path = tmp_path / "typo.db"
    result = cli("store", "upgrade", "--db", str(path))
    assert result.exit_code == 1
    assert "no database at" in result.output
    assert not path.exists()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "(upgrade it first with clearflow store upgrade)"),
        ("zh", "（先用 clearflow store upgrade 升级）"),
    ],
)
def test_the_refusal_to_open_names_the_command(lang: str, said: str) -> None:
    """The library's ``upgrade_store()`` reads as the CLI's command, in both languages."""
    error = StoreError(
        Message(
            "database '{label}' has {found}; this clearflow reads version {version} "
            "(upgrade it first with upgrade_store())",
            label="class.db",
            found=Message("schema version {version}", version=1),
            version=2,
        ),
        fix="upgrade_store",
    )
    assert error_text(error, lang).endswith(said)  # type: ignore[arg-type]
