"""The command line: parse arguments, call the library, render, map errors to exit codes.

Rich and the renderers are imported inside the functions that print, so ``--help``,
``--version`` and ``check --format json`` start without loading them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from clearflow._hints import plural
from clearflow._i18n import as_lang
from clearflow.cli._common import LANG, OUTPUT_FORMAT, stdout_console
from clearflow.cli._flags import error_text
from clearflow.errors import ClearflowError, ExitCode, Issue
from clearflow.loading import load_workflow


class _Group(click.Group):
    """A click group that turns every error into a message and an exit code."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Refuse an argument that is not UTF-8 text before any command reads or writes."""
        for arg in args:
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                raise click.UsageError(
                    f"argument '{shown}' is not UTF-8 text (type it again, or rename the file)",
                    ctx,
                ) from None
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except ClearflowError as error:
            if error.exit_code == ExitCode.INTERNAL:
                _print_internal(error)
            else:
                _print_error(error_text(error))
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            _print_error("interrupted")
            ctx.exit(ExitCode.INTERRUPTED)
        except BrokenPipeError:
            ctx.exit(ExitCode.ERROR)
        except Exception as error:
            _print_internal(error)
            ctx.exit(ExitCode.INTERNAL)


def _print_internal(error: Exception) -> None:
    """A bug: say so, with what to report."""
    _print_error(
        f"clearflow: internal error: {type(error).__name__}: {error} "
        "(please report this with the command you ran)"
    )


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
        from clearflow.console.workflow_view import render_issues

        console = stdout_console()
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
                f"{plural(errors, 'error')}, {plural(warnings, 'warning')} "
                f"in {plural(len(paths), 'file')}",
                markup=False,
                soft_wrap=True,
            )
    sys.exit(ExitCode.ERROR if errors else ExitCode.OK)


def _inspect(path: Path) -> tuple[str | None, tuple[Issue, ...]]:
    """What ``check`` says of a file that is valid (None when it is not), and its issues."""
    from clearflow.staff.checking import check_file  # for start-up cost: --help stays light

    checked = check_file(path)
    if checked.scenarios is not None:
        return plural(len(checked.scenarios), "scenario"), checked.issues
    if checked.workflow is not None:
        workflow = checked.workflow
        return f"{workflow.id}, {plural(len(workflow.steps), 'step')}", checked.issues
    return None, checked.issues


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--lang", type=LANG, default="en", show_default=True, help="Label language.")
def show(path: Path, lang: str) -> None:
    """Show the procedure: prerequisites, stations in order, documents and the schedule."""
    workflow = load_workflow(path)
    from clearflow.console.workflow_view import render_workflow

    stdout_console().print(render_workflow(workflow, as_lang(lang)))


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
    from clearflow.console.scenario_view import render_results
    from clearflow.engine import Engine
    from clearflow.staff import read_scenarios
    from clearflow.staff.scenario import run_scenarios, sidecar_path

    workflow = load_workflow(workflow_path)
    scenarios = read_scenarios(scenarios_path or sidecar_path(workflow_path), workflow)
    results = run_scenarios(Engine(workflow), scenarios)
    stdout_console().print(render_results(results, as_lang(lang)), soft_wrap=True)
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
@click.option("--lang", type=LANG, default="en", show_default=True, help="Label language.")
def diagram(workflow_path: Path, kind: str, lang: str) -> None:
    """Print the phases and transitions of the workflow's state machine as a diagram."""
    from clearflow.engine import Engine

    click.echo(Engine(load_workflow(workflow_path)).diagram(kind, lang), nl=False)


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
    from clearflow.format.schema import schema_text, write_schema

    if output is None:
        click.echo(schema_text(), nl=False)
    else:
        write_schema(output)


def _register_commands() -> None:
    from clearflow.cli._cohort import cohort
    from clearflow.cli._walk import walk
    from clearflow.cli._year import diff, rollover

    for command in (walk, cohort, rollover, diff):
        main.add_command(command)


_register_commands()

__all__ = ["main"]
