"""The ``Message`` and its rendering through the zh_CN catalogue (clearflow._i18n)."""

from __future__ import annotations

import gettext
import threading
from pathlib import Path

import pytest

from clearflow import _i18n
from clearflow._i18n import (
    N_,
    Contextual,
    Message,
    Plural,
    as_lang,
    catalogue_path,
    translate,
    translations,
    verbatim,
)

PAST = "All dates are past (the last is {last}): actions are dated now; give --at to act on them"


def test_str_is_the_english_text_with_its_placeholders_filled() -> None:
    """``str(message)`` fills the named placeholders into the English id."""
    message = Message("unknown key '{key}' in {where}", where="stations", key="staions")
    assert str(message) == "unknown key 'staions' in stations"
    assert message.text("en") == str(message)


def test_chinese_comes_from_the_catalogue_with_its_own_word_order() -> None:
    """A translated id reads in Chinese, its placeholders filled by name."""
    message = Message(PAST, last="2014-07-11")
    assert message.text("zh") == (
        "本流程的日期均已过去（最后一天为 2014-07-11），操作按当前时间记录；"
        "如需按流程日期办理，请加 --at"
    )


def test_an_untranslated_id_reads_in_english() -> None:
    """A message the catalogue lacks falls back to English, placeholders filled."""
    assert Message("no such text {n}", n=3).text("zh") == "no such text 3"


def test_a_nested_message_renders_in_the_same_language() -> None:
    """A placeholder holding a message is rendered in the outer message's language."""
    inner = Message(PAST, last="2014-07-11")
    outer = Message("note: {inner}", inner=inner)
    assert outer.text("zh") == "note: " + inner.text("zh")
    assert str(outer) == "note: " + str(inner)


def test_messages_are_frozen_values() -> None:
    """Equal ids and parameters make equal, hashable messages whatever the keyword order."""
    assert Message("{a}{b}", a=1, b=2) == Message("{a}{b}", b=2, a=1)
    assert len({Message("{a}", a=1), Message("{a}", a=1)}) == 1
    with pytest.raises(AttributeError):
        Message("x").msgid = "y"  # type: ignore[misc]


def test_n_marks_a_constant_and_translate_renders_it_later() -> None:
    """``N_`` returns its text; ``translate`` renders it in a language."""
    assert N_(PAST) == PAST
    assert translate(PAST, "en", last="x") == PAST.format(last="x")
    assert translate(PAST, "zh", last="x").startswith("本流程的日期均已过去")


def test_a_translation_naming_an_unknown_placeholder_falls_back_to_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A broken translation cannot crash a command: the English text is printed instead."""

    class Broken(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return "坏的 {nope}"

    monkeypatch.setitem(_i18n._loaded, "zh", Broken())
    assert Message("fine {ok}", ok=1).text("zh") == "fine 1"


def test_english_reads_no_catalogue_and_a_missing_one_is_english(tmp_path: Path) -> None:
    """English has no catalogue file; a catalogue not on disk translates nothing."""
    assert catalogue_path("en") is None
    assert _i18n._read_catalogue(tmp_path / "none.mo").gettext(PAST) == PAST


def test_the_catalogue_is_read_once_even_from_many_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Threads asking at once share one catalogue, read from disk once."""
    monkeypatch.setattr(_i18n, "_loaded", {})
    reads: list[Path | None] = []
    real = _i18n._read_catalogue

    def counting(path: Path | None) -> gettext.NullTranslations:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(_i18n, "_read_catalogue", counting)
    seen: list[gettext.NullTranslations] = []
    threads = [threading.Thread(target=lambda: seen.append(translations("zh"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reads) == 1
    assert all(found is seen[0] for found in seen)


def test_as_lang_keeps_zh_and_makes_anything_else_english() -> None:
    """Callers typed ``str`` get a ``Lang``: zh stays zh, others read English."""
    assert [as_lang(value) for value in ("zh", "en", "fr", "")] == ["zh", "en", "en", "en"]


def test_a_plural_takes_the_form_its_count_asks_for() -> None:
    """English has two forms; Chinese one (an id the catalogue lacks reads in English)."""
    errors = [
        Plural("{count} error in {file}", "{count} errors in {file}", n, file="a") for n in (1, 2)
    ]
    assert [str(message) for message in errors] == ["1 error in a", "2 errors in a"]
    assert [message.text("zh") for message in errors] == ["1 error in a", "2 errors in a"]


def test_a_plural_reads_its_one_chinese_form(monkeypatch: pytest.MonkeyPatch) -> None:
    """A translated plural fills ``{count}`` into the language's form for that count."""

    class OneForm(gettext.NullTranslations):
        def ngettext(self, singular: str, plural: str, n: int) -> str:
            return "{count} 个错误"

    monkeypatch.setitem(_i18n._loaded, "zh", OneForm())
    assert Plural("{count} error", "{count} errors", 3).text("zh") == "3 个错误"
    assert Plural("{count} error", "{count} errors", 1).text("en") == "1 error"


def test_a_contextual_message_reads_as_its_context_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """One English word, two Chinese ones: the context (``msgctxt``) picks the translation."""

    class Contexts(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return {"Time": "时段"}.get(message, message)

        def pgettext(self, context: str, message: str) -> str:
            return {("moment of an event", "Time"): "时间"}.get((context, message), message)

    monkeypatch.setitem(_i18n._loaded, "zh", Contexts())
    moment = Contextual("moment of an event", "Time")
    assert (moment.text("zh"), Message("Time").text("zh")) == ("时间", "时段")
    assert str(moment) == "Time"
    assert Contextual("other", "at {at}", at=1).text("zh") == "at 1"  # untranslated: English


def test_verbatim_text_is_the_same_in_every_language() -> None:
    """A name or another program's words: shown as given, braces and all."""
    assert verbatim("a {b} c").text("zh") == "a {b} c" == str(verbatim("a {b} c"))
