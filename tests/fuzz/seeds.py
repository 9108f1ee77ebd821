"""The real files the fuzz targets damage, and a store to damage them against.

Seeds are the shipped examples (``examples/students``, ``examples/answers``), the test
fixtures (``tests/fixtures/tables``), case files made by walking the examples, and each
YAML seed again as JSON (a student file may be either). :func:`store_copy` puts a store
holding the five students of ``tests/fixtures/tables/roster.csv`` in a folder: it is made
once, then copied, since every example needs a fresh one.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import shutil
import tempfile
from pathlib import Path

import yaml

from clearflow import Store, import_roster
from fuzz.harness import ANSWERS, SCRATCH_DIR, STUDENTS, WORKFLOW, invoke
from support import ZONE, engine_2014
from support.imports import BASE_ROSTER

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tables"
_KEEP: list[tempfile.TemporaryDirectory[str]] = []
"""Folders made once per run (the store template), removed when the run ends."""
ROSTER_AT = dt.datetime(2014, 6, 30, 9, 0, tzinfo=ZONE)
OFFICE_LISTS = {
    "finance": "学号,欠费,金额,备注\n2014000001,否,,\n2014000002,是,1200,tuition\n",
    "library": (FIXTURES / "CF715-unknown-student.csv").read_text(encoding="utf-8"),
    "dormitory": "student_id,owes,amount,items,note\n2014000003,owes,12.50,1 key,\n",
}
"""Office lists by office: Finance's (Chinese headers), the library's, the dormitory's."""


def _texts(folder: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.yaml"))]


def _as_json(texts: list[str]) -> list[str]:
    """Each YAML text again as JSON, so the JSON spelling of a file is fuzzed too."""
    return [json.dumps(yaml.safe_load(text), ensure_ascii=False, default=str) for text in texts]


STUDENT_SEEDS = _texts(STUDENTS) + _as_json(_texts(STUDENTS))
ANSWER_SEEDS = _texts(ANSWERS) + _as_json(_texts(ANSWERS))
ROSTER_SEEDS = [
    BASE_ROSTER.read_text(encoding="utf-8"),
    *(
        path.read_text(encoding="utf-8")
        for path in sorted(FIXTURES.glob("CF71[1-6]-*.csv"))
        if "unknown-student" not in path.name
    ),
]


def _folder() -> Path:
    kept = tempfile.TemporaryDirectory(prefix="clearflow-fuzz-", dir=SCRATCH_DIR)
    _KEEP.append(kept)
    return Path(kept.name)


@functools.cache
def store_template() -> Path:
    """The store every copy is made from (made once per run)."""
    path = _folder() / "class.db"
    with Store.open(str(path), engine_2014()) as store:
        import_roster(store, BASE_ROSTER, at=ROSTER_AT)
    return path


def store_copy(folder: Path, name: str = "class.db") -> Path:
    """A store in ``folder`` holding the five students of the base roster."""
    return Path(shutil.copyfile(store_template(), folder / name))


@functools.cache
def case_seeds() -> tuple[str, ...]:
    """Case files of 李雷 (released), 王芳 (refused, then cleared) and 张伟 (blocked)."""
    folder = _folder()
    walks = [
        ("li-lei", ["--answers", str(ANSWERS / "li-lei.yaml"), "--yes"]),
        ("wang-fang", ["--answers", str(ANSWERS / "wang-fang.yaml")]),
        ("zhang-wei", ["--yes"]),
    ]
    texts = []
    for name, more in walks:
        case = folder / f"{name}.json"
        argv = ["walk", str(WORKFLOW), "--student", str(STUDENTS / f"{name}.yaml"), *more]
        result = invoke([*argv, "--at", "2014-07-10 09:40", "--case", str(case)], folder)
        assert result.exit_code in (0, 3), result.output
        texts.append(case.read_text(encoding="utf-8"))
    return tuple(texts)
