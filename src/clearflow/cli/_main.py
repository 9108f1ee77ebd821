"""The command line: parse arguments, call the library, render, map errors to exit codes.

Rich and the renderers are imported inside the functions that print, so ``--help``,
``--version`` and ``check --format json`` start without loading them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from clearflow._i18n import Lang, Message, Plural
from clearflow.cli._common import (
    LANG_OPTION,
    OUTPUT_FORMAT,
    declared_language,
    speak,
    speak_lazily,
    spoken,
    stdout_console,
    usage_error,
)
from clearflow.cli._facts import FACTS_OPTION, profile_of
from clearflow.cli._flags import error_text
from clearflow.cli._staff import read_staff
from clearflow.errors import ClearflowError, ExitCode, WorkflowError
from clearflow.loading import load_workflow

if TYPE_CHECKING:
    from clearflow.staff.checking import CheckedFile


class _Group(click.Group):
    """A click group that turns every error into a message and an exit code."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Refuse an argument that is not UTF-8 text before any command reads or writes."""
        for arg in args:
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                message = Message(
                    "argument '{argument}' is not UTF-8 text (type it again, or rename the file)",
                    argument=shown,
                )
                raise click.UsageError(message.text(spoken(ctx)), ctx) from None
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except ClearflowError as error:
            declared = error.language if isinstance(error, WorkflowError) else None
            lang = spoken(ctx, declared)
            if error.exit_code == ExitCode.INTERNAL:
                _print_internal(error, lang)
            else:
                _print_error(error_text(error, lang))
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            _print_error(Message("interrupted").text(spoken(ctx)))
            ctx.exit(ExitCode.INTERRUPTED)
        except BrokenPipeError:
            ctx.exit(ExitCode.ERROR)
        except Exception as error:
            _print_internal(error, spoken(ctx))
            ctx.exit(ExitCode.INTERNAL)


def _print_internal(error: Exception, lang: Lang) -> None:
    """A bug: say so, with what to report."""
    said = error.text(lang) if isinstance(error, ClearflowError) else str(error)
    message = Message(
        "clearflow: internal error: {kind}: {error} (please report this with the command you ran)",
        kind=type(error).__name__,
        error=said,
    )
    _print_error(message.text(lang))


def _print_error(message: str) -> None:
    """One message on stderr, exactly as given: no markup, emoji or wrapping."""
    click.echo(message, err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="clearflow")
def main() -> None:
    """clearflow: graduate clearance procedures as YAML-defined state machines."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@OUTPUT_FORMAT
@LANG_OPTION
def check(paths: Sequence[Path], output: str) -> None:
    """Check workflow files and report every problem as file:line:col: message (hint).

    A scenarios file (NAME.scenarios.yaml) is checked against the workflow NAME.yaml.
    Exits 0 when no file has an error (warnings allowed), 1 otherwise.
    """
    from clearflow.staff.checking import check_file  # for start-up cost: --help stays light

    results = [check_file(path, read_staff=read_staff) for path in paths]
    lang = speak_lazily(lambda: _declared(results))
    errors = sum(issue.is_error for checked in results for issue in checked.issues)
    warnings = sum(not issue.is_error for checked in results for issue in checked.issues)
    if output == "json":
        report = {
            "files": [
                {
                    "path": str(checked.path),
                    "valid": checked.is_valid,
                    "issues": [issue.to_dict(lang) for issue in checked.issues],
                }
                for checked in results
            ],
            "errors": errors,
            "warnings": warnings,
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        from clearflow.console.workflow_view import render_issues

        console = stdout_console()
        for checked in results:
            if checked.issues:
                console.print(render_issues(checked.issues, lang), soft_wrap=True)
            summary = _summary(checked)
            if summary is not None:
                ok = Message("{path}: ok ({summary})", path=checked.path, summary=summary)
                console.print(ok.text(lang), style="green", markup=False, soft_wrap=True)
        if errors or warnings:
            tally = Message(
                "{errors}, {warnings} in {files}",
                errors=Plural("{count} error", "{count} errors", errors),
                warnings=Plural("{count} warning", "{count} warnings", warnings),
                files=Plural("{count} file", "{count} files", len(paths)),
            )
            console.print(tally.text(lang), markup=False, soft_wrap=True)
    sys.exit(ExitCode.ERROR if errors else ExitCode.OK)


def _summary(checked: CheckedFile) -> Message | None:
    """What ``check`` says of a file that is valid: its scenarios, or its id and steps."""
    if checked.scenarios is not None:
        count = len(checked.scenarios)
        return Plural("{count} scenario", "{count} scenarios", count)
    if checked.workflow is not None:
        steps = len(checked.workflow.steps)
        workflow = checked.workflow.id
        return Plural(
            "{workflow}, {count} step", "{workflow}, {count} steps", steps, workflow=workflow
        )
    return None


def _declared(results: Sequence[CheckedFile]) -> str | None:
    """The language the workflow files checked declare: the first one that declares one
    (an invalid file is read again for it)."""
    for checked in results:
        if checked.workflow is not None:
            language = checked.workflow.language
        elif not checked.is_scenarios:
            language = declared_language(checked.path)
        else:
            continue
        if language is not None:
            return language
    return None


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@FACTS_OPTION
@LANG_OPTION
def show(path: Path, facts: dict[str, str]) -> None:
    """Show the procedure: prerequisites, stations in order, documents and the schedule."""
    workflow = load_workflow(path)
    lang = speak(workflow.language)
    from clearflow.console.workflow_view import render_workflow

    stdout_console().print(render_workflow(workflow, lang, profile=profile_of(workflow, facts)))


@main.command(name="test")
@click.argument("workflow_path", metavar="WORKFLOW", type=click.Path(path_type=Path))
@click.option(
    "--scenarios",
    "scenarios_path",
    type=click.Path(path_type=Path),
    help="Scenarios file (default: WORKFLOW's sidecar, e.g. gyvtc-2014.scenarios.yaml).",
)
@LANG_OPTION
def test_scenarios(workflow_path: Path, scenarios_path: Path | None) -> None:
    """Run the workflow's scenarios and report PASS/FAIL per scenario, then a tally.

    Exits 0 when every scenario passes, 1 otherwise.
    """
    from clearflow.console.scenario_view import render_results
    from clearflow.staff import read_scenario_file, run_file, sidecar_path

    workflow = load_workflow(workflow_path)
    lang = speak(workflow.language)
    path = scenarios_path or sidecar_path(workflow_path)
    results = run_file(workflow, read_scenario_file(path, workflow, read_staff=read_staff))
    stdout_console().print(render_results(results, lang), soft_wrap=True)
    sys.exit(ExitCode.OK if all(result.passed for result in results) else ExitCode.ERROR)


@main.command()
@click.argument("workflow_path", metavar="WORKFLOW", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "kind",
    type=click.Choice(["mermaid", "dot"]),
    default="mermaid",
    show_default=True,
    help="Mermaid (renders on GitHub and in many editors) or Graphviz DOT.",
)
@click.option(
    "--steps",
    is_flag=True,
    help="Draw the steps a student goes through (after: edges, conditions, stations, "
    "release) instead of the state machine's phases.",
)
@FACTS_OPTION
@LANG_OPTION
def diagram(workflow_path: Path, kind: str, steps: bool, facts: dict[str, str]) -> None:
    """Print the phases and transitions of the workflow's state machine as a diagram.

    With --steps, the steps a student goes through (with --facts, one kind of student's)."""
    from clearflow.engine import Engine

    workflow = load_workflow(workflow_path)
    lang = speak(workflow.language)
    if not steps:
        if facts:
            raise usage_error(Message("--facts draws one kind of student's steps: add --steps"))
        click.echo(Engine(workflow).diagram(kind, lang), nl=False)
        return
    from clearflow.engine.step_diagram import render_steps

    click.echo(render_steps(workflow, kind, lang, profile_of(workflow, facts)), nl=False)


@main.command()
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of printing it.",
)
@LANG_OPTION
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the workflow format, for editors' completion and checks.

    The schema describes every key in both languages: --lang is the language of errors.
    """
    from clearflow.format.schema import schema_text, write_schema

    speak()
    if output is None:
        click.echo(schema_text(), nl=False)
    else:
        write_schema(output)


def _register_commands() -> None:
    from clearflow.cli._capacity import capacity
    from clearflow.cli._cohort import cohort
    from clearflow.cli._documents import documents
    from clearflow.cli._migrate import migrate
    from clearflow.cli._store import store
    from clearflow.cli._walk import walk
    from clearflow.cli._year import diff, rollover

    for command in (walk, cohort, store, migrate, rollover, diff, capacity, documents):
        main.add_command(command)


_register_commands()

__all__ = ["main"]
