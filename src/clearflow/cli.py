"""The command line: parse arguments, call the library, render, map errors to exit codes.

Rich and the renderers are imported inside the functions that print, so ``--help``,
``--version`` and ``check --format json`` start without loading them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from clearflow.errors import ClearflowError, Issue, WorkflowError
from clearflow.workflow import inspect_path, load_workflow

if TYPE_CHECKING:
    from rich.console import Console

    from clearflow.case import Case
    from clearflow.engine import Engine
    from clearflow.student import StudentRecord

EXIT_INTERNAL = 70
LANG = click.Choice(["en", "zh"])


class _Group(click.Group):
    """A click group that turns every error into a message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except ClearflowError as error:
            _print_error(str(error))
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            _print_error("interrupted")
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(1)
        except Exception as error:
            _print_error(
                f"clearflow: internal error: {type(error).__name__}: {error} "
                "(please report this with the command you ran)"
            )
            ctx.exit(EXIT_INTERNAL)


def _stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False, emoji=False)


def _print_error(message: str) -> None:
    """One message on stderr, exactly as given: no markup, emoji or wrapping."""
    click.echo(message, err=True)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="clearflow")
def main() -> None:
    """clearflow: graduate clearance procedures as YAML-defined state machines."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Text for people, JSON for tools.",
)
def check(paths: Sequence[Path], output: str) -> None:
    """Check workflow files and report every problem as file:line:col: message (hint).

    A scenarios file (NAME.scenarios.yaml) is checked against the workflow NAME.yaml.
    Exits 0 when no file has an error (warnings allowed), 1 otherwise.
    """
    results = [(path, _inspect(path)) for path in paths]
    errors = sum(issue.is_error for _, (_, issues) in results for issue in issues)
    warnings = sum(not issue.is_error for _, (_, issues) in results for issue in issues)
    if output == "json":
        report = {
            "files": [
                {
                    "path": str(path),
                    "valid": summary is not None,
                    "issues": [issue.to_dict() for issue in issues],
                }
                for path, (summary, issues) in results
            ],
            "errors": errors,
            "warnings": warnings,
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        from clearflow.console import render_issues

        console = _stdout()
        for path, (summary, issues) in results:
            if issues:
                console.print(render_issues(issues), soft_wrap=True)
            if summary is not None:
                console.print(
                    f"{path}: ok ({summary})",
                    style="green",
                    markup=False,
                    soft_wrap=True,
                )
        if errors or warnings:
            console.print(
                f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} "
                f"in {_plural(len(paths), 'file')}",
                markup=False,
                soft_wrap=True,
            )
    sys.exit(1 if errors else 0)


def _inspect(path: Path) -> tuple[str | None, tuple[Issue, ...]]:
    """What ``check`` says of a file that is valid (None when it is not), and its issues."""
    from clearflow.scenario import is_sidecar

    if is_sidecar(path):
        from clearflow.scenario_file import inspect_scenarios

        scenarios, issues = inspect_scenarios(path)
        return (None if scenarios is None else _plural(len(scenarios), "scenario")), issues
    workflow, issues = inspect_path(path)
    if workflow is None:
        return None, issues
    return f"{workflow.id}, {_plural(len(workflow.steps), 'step')}", issues


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--lang", type=LANG, default="en", show_default=True, help="Label language.")
def show(path: Path, lang: str) -> None:
    """Show the procedure: prerequisites, stations in order, documents and the schedule."""
    workflow = load_workflow(path)
    from clearflow.console import render_workflow

    _stdout().print(render_workflow(workflow, lang))


def _moment(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.datetime | None:
    """A date and time such as ``2014-07-10 09:40`` (ISO 8601; the workflow's zone if none)."""
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is not a date and time such as '2014-07-10 09:40'", ctx, param
        ) from None


EXIT_BLOCKED = 3


@main.command()
@click.argument("workflow_path", metavar="WORKFLOW", type=click.Path(path_type=Path))
@click.option(
    "--student",
    "student_path",
    type=click.Path(path_type=Path),
    help="Student record (YAML or JSON: id, name, facts).",
)
@click.option(
    "--case",
    "case_path",
    type=click.Path(path_type=Path),
    help="Case file: resumed if it exists, saved atomically after every action.",
)
@click.option(
    "--db",
    "db",
    help="Store instead of a case file (SQLite file or SQLAlchemy URL): the case is loaded "
    "from it (or started there with --student) and saved after every action.",
)
@click.option("--student-id", "student_id", help="The student to walk, from the --db store.")
@click.option(
    "--answers",
    "answers_path",
    type=click.Path(path_type=Path),
    help="Scripted answers per step (see docs/walkthrough.md).",
)
@click.option("--yes", is_flag=True, help="Clear every step the answers do not cover.")
@click.option("--at", "at", callback=_moment, help="When the actions happen (default: now).")
@click.option("--staff", default="console", show_default=True, help="Staff id recorded.")
@click.option("--lang", type=LANG, default="en", show_default=True, help="Label language.")
def walk(
    workflow_path: Path,
    student_path: Path | None,
    case_path: Path | None,
    db: str | None,
    student_id: str | None,
    answers_path: Path | None,
    yes: bool,
    at: dt.datetime | None,
    staff: str,
    lang: str,
) -> None:
    """Walk one student through the procedure at the console, station by station.

    Prompts for each step when stdin is a terminal; otherwise give --answers and/or
    --yes. Exits 0 once the documents are released, 3 when the student is blocked.
    """
    from clearflow.answers import read_answers
    from clearflow.engine import Engine
    from clearflow.snapshot import save_case
    from clearflow.student import read_student
    from clearflow.walkthrough import (
        PromptAnswerer,
        ScriptedAnswerer,
        Walkthrough,
        earliest,
        open_case,
    )

    interactive = sys.stdin.isatty()
    if not interactive and not (answers_path or yes):
        raise click.UsageError(
            "stdin is not a terminal: give --answers FILE and/or --yes to walk without prompts"
        )
    if db is not None and case_path is not None:
        raise click.UsageError("give --case FILE or --db, not both")
    if student_id is not None and db is None:
        raise click.UsageError("--student-id needs --db, the store to find the student in")
    if db is not None and student_path is None and student_id is None:
        raise click.UsageError("with --db, give --student-id ID (or --student FILE to add one)")
    if db is None and student_path is None and not (case_path is not None and case_path.exists()):
        raise click.UsageError("give --student FILE to start a case, or --case FILE to resume one")
    workflow = load_workflow(workflow_path)
    engine = Engine(workflow)
    student = read_student(student_path, workflow) if student_path else None
    answers = read_answers(answers_path, workflow) if answers_path else {}
    console = _stdout()
    on_change: Callable[[Case], None] = _save_nothing
    if db is not None:
        case, on_change = _stored_case(
            db, engine, student_id, student, earliest(answers, at, engine), console
        )
    else:
        case = open_case(
            engine, student=student, case_path=case_path, at=earliest(answers, at, engine)
        )
    if case_path is not None:
        save_case(case_path, case)
        on_change = functools.partial(save_case, case_path)
    fallback = PromptAnswerer(console, lang) if interactive else None
    answerer = ScriptedAnswerer(answers, yes=yes, fallback=fallback)
    walkthrough = Walkthrough(
        case,
        answerer,
        console,
        lang=lang,
        staff=staff,
        at=at,
        on_change=on_change,
    )
    walkthrough.run()
    if case_path is not None or db is not None:
        where = case_path if case_path is not None else _database_label(db)
        console.print(
            f"saved {where} ({_plural(case.version, 'event')})",
            style="dim",
            markup=False,
            soft_wrap=True,
        )
    sys.exit(0 if case.is_released else EXIT_BLOCKED)


@main.command(name="test")
@click.argument("workflow_path", metavar="WORKFLOW", type=click.Path(path_type=Path))
@click.option(
    "--scenarios",
    "scenarios_path",
    type=click.Path(path_type=Path),
    help="Scenarios file (default: WORKFLOW's sidecar, e.g. gyvtc-2014.scenarios.yaml).",
)
@click.option("--lang", type=LANG, default="en", show_default=True, help="Scenario names in.")
def test_scenarios(workflow_path: Path, scenarios_path: Path | None, lang: str) -> None:
    """Run the workflow's scenarios and report PASS/FAIL per scenario, then a tally.

    Exits 0 when every scenario passes, 1 otherwise.
    """
    from clearflow.engine import Engine
    from clearflow.scenario import run_scenarios, sidecar_path
    from clearflow.scenario_file import read_scenarios
    from clearflow.scenario_view import render_results

    workflow = load_workflow(workflow_path)
    scenarios = read_scenarios(scenarios_path or sidecar_path(workflow_path), workflow)
    results = run_scenarios(Engine(workflow), scenarios)
    _stdout().print(render_results(results, lang), soft_wrap=True)
    sys.exit(0 if all(result.passed for result in results) else 1)


@main.command()
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of printing it.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the workflow format, for editors' completion and checks."""
    from clearflow.schema import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


def _save_nothing(case: Case) -> None:
    """Save nothing: a walk with neither --case nor --db."""


def _database_label(db: str | None) -> str:
    from clearflow.store import database_label

    return database_label(db or "")


def _stored_case(
    db: str,
    engine: Engine,
    student_id: str | None,
    student: StudentRecord | None,
    at: dt.datetime | None,
    console: Console,
) -> tuple[Case, Callable[[Case], None]]:
    """The case of ``walk --db`` and how to save it: after a race, on top of the winner's."""
    from clearflow.store import Store
    from clearflow.terminal import open_stored_case, save_rebasing

    store = Store.open(db, engine)
    click.get_current_context().call_on_close(store.close)
    case = open_stored_case(store, engine, student_id=student_id, student=student, at=at)

    def save(changed: Case) -> None:
        if save_rebasing(store, changed):
            console.print(
                f"{changed.student_id} was changed at another terminal meanwhile; "
                "this action was saved after that change",
                style="yellow",
                markup=False,
                soft_wrap=True,
            )

    return case, save


def _register_cohort() -> None:
    from clearflow.cli_cohort import cohort

    main.add_command(cohort)


_register_cohort()


def _register_year() -> None:
    from clearflow.cli_year import diff, rollover

    main.add_command(rollover)
    main.add_command(diff)


_register_year()

__all__ = ["WorkflowError", "main"]
