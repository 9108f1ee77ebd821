"""Renders scenario results like a test runner: ``PASS name``, ``FAIL name: why``, a tally."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from clearflow._i18n import Lang, Message
from clearflow.staff.scenario import ScenarioResult


def tally(results: Sequence[ScenarioResult], lang: Lang = "en") -> str:
    """The closing line: ``N passed, M failed``."""
    passed = sum(result.passed for result in results)
    return Message(
        "{passed} passed, {failed} failed", passed=passed, failed=len(results) - passed
    ).text(lang)


def result_line(result: ScenarioResult, lang: Lang = "en") -> str:
    """``PASS name`` or ``FAIL name: what differed; ...``: the verdict, a space, the rest."""
    name = result.scenario.name.text(lang)
    if result.passed:
        return Message("PASS {name}", name=name).text(lang)
    failures = result.explain(lang)
    return Message("FAIL {name}: {failures}", name=name, failures=failures).text(lang)


def render_results(results: Sequence[ScenarioResult], lang: Lang = "en") -> Text:
    """One line per scenario, then the tally; the verdict in green (PASS) or red (FAIL)."""
    text = Text()
    for result in results:
        word, space, rest = result_line(result, lang).partition(" ")
        text.append(word, style="green" if result.passed else "bold red")
        text.append(space + rest + "\n")
    text.append(tally(results, lang), style="bold")
    return text
