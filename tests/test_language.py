"""Which language clearflow speaks: the order of ``choose_language`` (clearflow._language)."""

from __future__ import annotations

import pytest

from clearflow._language import choose_language
from clearflow.errors import InputError

ORDER = [
    # flag, CLEARFLOW_LANG, workflow's language, locale variables, expected
    ("en", "zh", "zh", {"LANG": "zh_CN.UTF-8"}, "en"),
    ("zh", "en", "en", {"LANG": "C"}, "zh"),
    (None, "zh", "en", {"LANG": "en_US.UTF-8"}, "zh"),
    (None, "en", "zh", {"LANG": "zh_CN.UTF-8"}, "en"),
    (None, "", "zh", {"LANG": "en_US.UTF-8"}, "zh"),
    (None, None, "en", {"LC_ALL": "zh_CN.UTF-8"}, "en"),
    (None, None, None, {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    (None, None, None, {"LC_ALL": "", "LC_MESSAGES": "zh_TW", "LANG": "C"}, "zh"),
    (None, None, None, {"LC_MESSAGES": "C", "LANG": "zh_CN.UTF-8"}, "en"),
    (None, None, None, {"LANG": "zh_CN.GB18030"}, "zh"),
    (None, None, None, {"LANG": "zh"}, "zh"),
    (None, None, None, {"LANG": "POSIX"}, "en"),
    (None, None, None, {"LANG": "fr_FR.UTF-8"}, "en"),
    (None, None, None, {"LANGUAGE": "zh_CN"}, "en"),
    (None, None, None, {}, "en"),
]


@pytest.mark.parametrize(("flag", "env", "workflow", "locale", "expected"), ORDER)
def test_the_first_source_that_says_decides(
    flag: str | None,
    env: str | None,
    workflow: str | None,
    locale: dict[str, str],
    expected: str,
) -> None:
    """--lang, then CLEARFLOW_LANG (empty is unset), the workflow, the locale, English."""
    environ = dict(locale) | ({} if env is None else {"CLEARFLOW_LANG": env})
    assert choose_language(flag, workflow, environ) == expected


@pytest.mark.parametrize(
    ("flag", "env", "workflow", "message"),
    [
        (None, "fr", "zh", "CLEARFLOW_LANG: unknown language 'fr' (use 'en' or 'zh')"),
        (None, "zh_CN", None, "CLEARFLOW_LANG: unknown language 'zh_CN' (use 'en' or 'zh')"),
        ("de", None, None, "unknown language 'de' (use 'en' or 'zh')"),
        (None, None, "ZH", "language: unknown language 'ZH' (use 'en' or 'zh')"),
    ],
)
def test_an_unknown_language_is_an_input_error_naming_its_source(
    flag: str | None, env: str | None, workflow: str | None, message: str
) -> None:
    """A value other than en or zh is refused, saying where it came from and what is allowed."""
    environ = {} if env is None else {"CLEARFLOW_LANG": env}
    with pytest.raises(InputError) as caught:
        choose_language(flag, workflow, environ)
    assert str(caught.value) == message


def test_an_unknown_language_reads_in_chinese() -> None:
    """The refusal is a catalogue message: the variable keeps its ASCII ': ' prefix."""
    with pytest.raises(InputError) as caught:
        choose_language(None, None, {"CLEARFLOW_LANG": "fr"})
    assert caught.value.text("zh") == "CLEARFLOW_LANG: 未知的语言 'fr'（可用 'en' 或 'zh'）"
    with pytest.raises(InputError) as caught:
        choose_language("de", None, {})
    assert caught.value.text("zh") == "未知的语言 'de'（可用 'en' 或 'zh'）"


def test_a_flag_wins_over_a_bad_environment() -> None:
    """An explicit --lang is not stopped by a CLEARFLOW_LANG it overrides."""
    assert choose_language("zh", None, {"CLEARFLOW_LANG": "fr"}) == "zh"
