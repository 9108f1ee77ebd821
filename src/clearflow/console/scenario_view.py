"""Renders scenario results like a test runner: ``PASS name``, ``FAIL name: why``, a tally."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from clearflow._i18n import as_lang
from clearflow.staff.scenario import ScenarioResult


def tally(results: Sequence[ScenarioResult]) -> str:
    """The closing line: ``N passed, M failed``."""
    passed = sum(result.passed for result in results)
    return f"{passed} passed, {len(results) - passed} failed"


def result_line(result: ScenarioResult, lang: str = "en") -> str:
    """``PASS name`` or ``FAIL name: what differed; ...``."""
    name = result.scenario.name.text(lang)
    if result.passed:
        return f"PASS {name}"
    return f"FAIL {name}: " + result.explain(as_lang(lang))


def render_results(results: Sequence[ScenarioResult], lang: str = "en") -> Text:
    """One line per scenario, then the tally; PASS in green, FAIL in red."""
    text = Text()
    for result in results:
        line = result_line(result, lang)
        word, rest = line[:4], line[4:]
        text.append(word, style="green" if result.passed else "bold red")
        text.append(rest + "\n")
    text.append(tally(results), style="bold")
    return text
