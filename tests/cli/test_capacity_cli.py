"""``clearflow capacity`` as staff run it on the 2014 workflow, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clearflow.cli import main
from support import WORKFLOW_2014

ASSUMED = ["--minutes", "1.5", "--windows", "2", "--replications", "50"]


def cli(*args: str) -> Result:
    return CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"}).invoke(main, list(args))


def test_without_minutes_it_says_which_stations_and_the_flag() -> None:
    """The notice gives no minutes: refused, exit 1, the stations named, --minutes said."""
    result = cli("capacity", str(WORKFLOW_2014), "--lang", "en")
    assert result.exit_code == 1
    assert "no minutes per student for checklist_issued, fees_confirmed" in result.output
    assert "or assume them: --minutes 1.5, or --minutes STATION=1.5 for one)" in result.output
    zh = cli("capacity", str(WORKFLOW_2014), "--lang", "zh")
    assert zh.exit_code == 1
    assert "（在流程中为每个站点写上 'minutes:'，或自行假定：--minutes 1.5" in zh.output


def test_one_sitting_a_line_per_station_then_when_the_hall_empties() -> None:
    result = cli("capacity", str(WORKFLOW_2014), *ASSUMED, "--session", "2", "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("[2] 2014-07-10 Thu 9:00–12:00 · 474 students (")
    stations = [line for line in lines if "longest wait p90" in line]
    assert len(stations) == 6
    assert stations[1].startswith("  ")
    assert ": 2 windows, longest wait p90 " in stations[1]
    assert any(line.startswith("  hall empty by ") for line in lines)
    said = "50 replications, seed 0; students arrive front-loaded (more of them early)"
    assert lines[-1].startswith(said)
    assert "assumed, not in the workflow: card_and_dormitory" in lines[-1]


def test_in_chinese() -> None:
    result = cli("capacity", str(WORKFLOW_2014), *ASSUMED, "--session", "2", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("[2] 2014-07-10 星期四 9:00–12:00 · 474 名学生（")
    assert "2 个窗口，最长等待 p90 " in result.output
    assert "大厅 p90 " in result.output


def test_json_for_tools() -> None:
    result = cli("capacity", str(WORKFLOW_2014), *ASSUMED, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [s["students"] for s in data["sittings"]] == [549, 474, 442, 338, 323]
    station = data["sittings"][1]["stations"][1]
    assert station["station"] == "fees_confirmed"
    assert (station["windows"], station["minutes"], station["assumed"]) == (2, 1.5, True)
    assert station["longest_wait_p90"] >= station["longest_wait_p50"] >= 0
    assert isinstance(station["windows_needed"], int)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--minutes", "fees=1,5"], "--minutes 'fees=1,5': write minutes per student"),
        (["--minutes", "1.5", "--windows", "0"], "--windows '0': write a whole number"),
        (["--minutes", "1.5", "--session", "9"], "--session 9: the schedule has 5 sittings"),
    ],
)
def test_what_cannot_be_read_is_a_usage_error(args: list[str], said: str) -> None:
    result = cli("capacity", str(WORKFLOW_2014), *args, "--lang", "en")
    assert result.exit_code == 2
    assert said in result.output


def test_an_unknown_station_is_refused_naming_the_stations(tmp_path: Path) -> None:
    result = cli("capacity", str(WORKFLOW_2014), "--minutes", "fes=2", "--lang", "en")
    assert result.exit_code == 1
    assert "no station 'fes' in the workflow (stations: checklist_issued," in result.output


def test_a_chart_of_each_stations_queue_under_its_sitting() -> None:
    """--chart: a row of bars per station on one scale, the session's end marked below."""
    result = cli("capacity", str(WORKFLOW_2014), *ASSUMED, "--session", "2", "--chart")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    rows = [line for line in lines if line.startswith("  fees_confirmed ")]
    assert len(rows) == 1
    bars = rows[0].rsplit(" ", 1)[0][-60:]  # the 60 columns before the most
    assert rows[0].rsplit(" ", 1)[0][:-60].strip() == "fees_confirmed"
    assert set(bars) <= set(" ▁▂▃▄▅▆▇█")
    assert "█" in "".join(line for line in lines if line.startswith("  ") and "▁" in line)
    assert any(line.strip() == "|" for line in lines)
    assert any("waiting at each station over time, p90 (the most: " in line for line in lines)


def test_a_chart_beside_a_picture_keeps_to_the_terminals_columns(tmp_path: Path) -> None:
    """-o draws through finer moments; the terminal chart samples them to 60 columns, its
    end marker under the same sitting end."""
    args = ["capacity", str(WORKFLOW_2014), *ASSUMED, "--session", "2", "--chart"]
    alone = cli(*args).output.splitlines()
    beside = cli(*args, "-o", str(tmp_path / "hall.svg")).output.splitlines()
    row = next(line for line in beside if line.startswith("  fees_confirmed "))
    assert len(row.rsplit(" ", 1)[0]) == len(
        next(line for line in alone if line.startswith("  fees_confirmed ")).rsplit(" ", 1)[0]
    )
    assert [line.index("|") for line in beside if line.strip() == "|"] == [
        line.index("|") for line in alone if line.strip() == "|"
    ]
