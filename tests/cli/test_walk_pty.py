"""``clearflow walk`` at a real pseudo-terminal: prompts, answers, quitting and resuming.

Each test spawns ``python -m clearflow walk`` under pexpect with ``TERM=dumb`` (no ANSI
codes) at 100 columns, answers the prompts as a staff member would, and waits for exit.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any

import pytest

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals need a POSIX system", allow_module_level=True)

from clearflow.engine import load_case, snapshot
from support import engine_2014

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
STUDENT = ROOT / "examples" / "students" / "li-lei.yaml"
ANSWERS = ROOT / "examples" / "answers" / "li-lei.yaml"
PROMPT = "[c]lear  [r]efuse  [w]aive  [s]kip  [q]uit (c): "
TIMEOUT = 20


def spawn(case: Path, answers: Path = ANSWERS, *, english: bool = True) -> Any:
    """``clearflow walk`` for 李雷 on the hall day, at a 100-column dumb terminal; in
    English (``CLEARFLOW_LANG=en``), or else in the language the workflow declares."""
    env = dict(os.environ, TERM="dumb", COLUMNS="100", LINES="40", PYTHONUTF8="1")
    env.pop("NO_COLOR", None)
    if english:
        env["CLEARFLOW_LANG"] = "en"
    else:
        env.pop("CLEARFLOW_LANG", None)
        env.update(LANG="C.UTF-8", LC_ALL="", LC_MESSAGES="")
    args = ["-m", "clearflow", "walk", str(WORKFLOW), "--student", str(STUDENT)]
    args += ["--answers", str(answers), "--at", "2014-07-10 09:40", "--case", str(case)]
    child = pexpect.spawn(
        sys.executable,
        args,
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 100),
    )
    child.logfile_read = io.StringIO()
    return child


def station(child: Any, title: str, key: str = "c") -> None:
    """Wait for a station panel titled ``title`` and its prompt, then answer ``key``."""
    child.expect_exact(title)
    child.expect_exact(PROMPT)
    child.sendline(key)


def finish(child: Any) -> tuple[int, str]:
    """Wait for the process to end; its exit status and everything it printed."""
    child.expect(pexpect.EOF)
    child.close()
    transcript: str = child.logfile_read.getvalue()
    return child.exitstatus, transcript


def stored(case: Path) -> dict[str, Any]:
    """The case the file holds, as plain data."""
    return snapshot(load_case(case, engine_2014()))


def events(case: Path, step: str) -> list[dict[str, Any]]:
    """The stored events of one step."""
    return [event for event in stored(case)["events"] if event.get("step") == step]


STATIONS = [
    "Station 1/6 · Department",
    "Station 2/6 · Finance Office",
    "Station 3/6 · Student Affairs Office",
    "Station 4/6 · Admissions and Employment Office",
    "Station 5/6 · Security Office",
    "Station 6/6 · Department",
]


def test_walk_at_a_terminal_to_release(tmp_path: Path) -> None:
    """Prerequisites from the answers file; every station answered at the prompt; a refusal."""
    case = tmp_path / "case.json"
    child = spawn(case)
    child.expect_exact("✗ Cleared at the Library: refused — 2 books not returned")
    child.expect_exact("✓ Cleared at the Library: cleared")
    station(child, STATIONS[0])
    station(child, STATIONS[1])
    station(child, STATIONS[2], "r")
    child.expect_exact("Reason: ")
    child.sendline("student card not handed in")
    child.expect_exact("Amount owed in yuan (Enter: none): ")
    child.sendline("20元")
    child.expect_exact(
        "✗ Student Affairs confirms card cancelled and dormitory checked out: refused"
    )
    child.expect_exact("(owes 20.00 yuan)")  # the line wraps at the terminal's width
    child.expect_exact(PROMPT)
    child.sendline("c")
    for title in STATIONS[3:]:
        station(child, title)
    child.expect_exact("Documents to hand over")
    child.expect_exact("1. Graduation certificate")
    child.expect_exact("2. Membership transfer letter (Party and League members)")
    child.expect_exact("3. Dispatch certificate")
    child.expect_exact("saved ")
    status, _ = finish(child)
    assert status == 0
    card = events(case, "card_and_dormitory")
    assert [(event["action"], event.get("reason"), event.get("owed")) for event in card] == [
        ("refuse", "student card not handed in", {"amount": "20.00"}),
        ("clear", None, None),
    ]


def test_quit_then_resume_from_the_case_file(tmp_path: Path) -> None:
    """'q' at station 2 exits 3 with a blocker; the next run starts at station 2 and releases."""
    case = tmp_path / "case.json"
    child = spawn(case)
    station(child, STATIONS[0])
    station(child, STATIONS[1], "q")
    child.expect_exact("Blocked")
    child.expect_exact("计财处 / Finance Office: pending: Finance confirms fees paid")
    status, _ = finish(child)
    assert status == 3
    assert stored(case)["phase"] == "fees_confirmed"

    child = spawn(case)
    child.expect_exact("Stations: ✓ 1 → ▶ Finance confirms fees paid")
    index = child.expect_exact([STATIONS[0], STATIONS[1]])
    assert index == 1, "the resumed walk starts at station 2"
    child.expect_exact(PROMPT)
    child.sendline("c")
    for title in STATIONS[2:]:
        station(child, title)
    child.expect_exact("Documents to hand over")
    status, _ = finish(child)
    assert status == 0
    assert len(events(case, "library_cleared")) == 2, "the prerequisites were not redone"


def test_outcome_prompt_picks_held_by_branch(tmp_path: Path) -> None:
    """Without a scripted party transfer, the prompt asks for its outcome; no transfer letter."""
    answers = tmp_path / "answers.yaml"
    lines = ANSWERS.read_text(encoding="utf-8").splitlines(keepends=True)
    answers.write_text("".join(line for line in lines if "party_transfer" not in line))
    case = tmp_path / "case.json"
    child = spawn(case, answers)
    child.expect_exact("Transfer of Party membership · Department Party branch")
    child.expect_exact(PROMPT)
    child.sendline("c")
    child.expect_exact("2. held_by_branch: Cannot transfer yet; held by the college's 9th Party")
    child.expect_exact("Outcome [1-2] (1): ")
    child.sendline("held_by_branch")
    child.expect_exact("✓ Transfer of Party membership: cleared")
    for title in STATIONS:
        station(child, title)
    child.expect_exact("Documents to hand over")
    child.expect_exact("1. Graduation certificate")
    child.expect_exact("2. Dispatch certificate")
    status, transcript = finish(child)
    assert status == 0
    documents = transcript.split("Documents to hand over")[1]
    assert "Membership transfer letter" not in documents
    assert [event["outcome"] for event in events(case, "party_transfer")] == ["held_by_branch"]


def test_end_of_input_quits_like_q(tmp_path: Path) -> None:
    """Ctrl-D at a prompt ends the walk as blocked (exit 3), without a traceback."""
    case = tmp_path / "case.json"
    child = spawn(case)
    child.expect_exact(STATIONS[0])
    child.expect_exact(PROMPT)
    child.sendeof()
    child.expect_exact("Blocked")
    status, transcript = finish(child)
    assert status == 3
    assert "Traceback" not in transcript


def test_interrupt_keeps_the_saved_case(tmp_path: Path) -> None:
    """Ctrl-C at a prompt exits 130 saying so; every action before it is in the case file."""
    case = tmp_path / "case.json"
    child = spawn(case)
    station(child, STATIONS[0])
    child.expect_exact(STATIONS[1])
    child.expect_exact(PROMPT)
    child.sendintr()
    child.expect_exact("interrupted")
    status, transcript = finish(child)
    assert status == 130
    assert "Traceback" not in transcript
    assert stored(case)["phase"] == "fees_confirmed"


ZH_PROMPT = "[c]办结 [r]退回 [w]免办 [s]跳过 [q]退出 (c)："
ZH_STATIONS = [
    "第 1/6 站 · 分院、系部",
    "第 2/6 站 · 计财处",
    "第 3/6 站 · 学生处",
    "第 4/6 站 · 招生就业处",
    "第 5/6 站 · 保卫处",
    "第 6/6 站 · 分院、系部",
]


def test_walk_at_a_terminal_in_chinese(tmp_path: Path) -> None:
    """With no --lang and no CLEARFLOW_LANG the walk speaks the workflow's Chinese: station
    titles, the prompt, the reason, the documents and the saved line."""
    case = tmp_path / "case.json"
    child = spawn(case, english=False)
    child.expect_exact(ZH_STATIONS[0])
    child.expect_exact(ZH_PROMPT)
    child.sendline("x")  # not an option: Rich's English complaint is replaced
    child.expect_exact("须从所列选项中选一项")
    child.expect_exact(ZH_PROMPT)
    child.sendline("c")
    child.expect_exact(ZH_STATIONS[1])
    child.expect_exact(ZH_PROMPT)
    child.sendline("r")
    child.expect_exact("原因")
    child.sendline("书费未缴清")
    child.expect_exact("欠费金额（元，回车表示无）：")
    child.sendline("一百")
    child.expect_exact("'一百' 不是金额（填数字，如 1200 或 1200.50）")
    child.expect_exact("欠费金额（元，回车表示无）：")
    child.sendline("¥86.5")
    child.expect_exact("欠费 86.50 元")
    child.expect_exact(ZH_PROMPT)
    child.sendline("c")
    for title in ZH_STATIONS[2:]:
        child.expect_exact(title)
        child.expect_exact(ZH_PROMPT)
        child.sendline("c")
    child.expect_exact("应领取的证书及资料")
    child.expect_exact("毕业证书")
    child.expect_exact(f"已保存 {case}（共 ")
    status, transcript = finish(child)
    assert status == 0
    assert "[c]lear" not in transcript
    assert "Please select" not in transcript
    fees = events(case, "fees_confirmed")
    assert [(event["action"], event.get("reason"), event.get("owed")) for event in fees] == [
        ("refuse", "书费未缴清", {"amount": "86.50"}),
        ("clear", None, None),
    ]
