"""Messages in English and Chinese: the ``Message`` a user reads, and the zh_CN catalogue.

A message is written once, in English, with named placeholders::

    Message("unknown key '{key}'", key=key)

``str(message)`` is the English text; ``message.text("zh")`` looks the English id up in
``locale/zh_CN/LC_MESSAGES/clearflow.mo`` (stdlib ``gettext``, loaded once per language) and
fills the placeholders, which the Chinese sentence may order as it likes. A message with no
translation reads in English. The language is always a parameter: there is no "current
language" for threads to fight over. ``Message(...)``, ``Plural(...)`` (a message whose
words follow a count: ``1 error``, ``2 errors``), ``Contextual(...)`` (a message worded by
where it is shown) and ``N_(...)`` (a text kept as a constant
and rendered later with :func:`translate`) are the markers ``make catalogue`` extracts
(docs/architecture.md, "Messages and languages"). Imports nothing of clearflow.
"""

from __future__ import annotations

import gettext
import threading
from pathlib import Path
from typing import Final, Literal, get_args

import attrs

Lang = Literal["en", "zh"]
LANGUAGES: Final[tuple[Lang, ...]] = get_args(Lang)
DOMAIN: Final = "clearflow"
LOCALE_DIR: Final = Path(__file__).parent / "locale"
_CATALOGUE_LOCALE: Final[dict[Lang, str]] = {"zh": "zh_CN"}

_lock = threading.Lock()
_loaded: dict[Lang, gettext.NullTranslations] = {}


def N_(msgid: str) -> str:  # noqa: N802 (the gettext convention, a keyword for extraction)
    """Mark a text for the catalogue without translating it yet; returns it unchanged."""
    return msgid


def catalogue_path(lang: Lang) -> Path | None:
    """The compiled catalogue a language reads, or None for English (the message ids)."""
    locale = _CATALOGUE_LOCALE.get(lang)
    if locale is None:
        return None
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"


def translations(lang: Lang) -> gettext.NullTranslations:
    """The catalogue of ``lang``, read from disk the first time it is asked for."""
    found = _loaded.get(lang)
    if found is not None:
        return found
    with _lock:
        found = _loaded.get(lang)
        if found is None:
            found = _read_catalogue(catalogue_path(lang))
            _loaded[lang] = found
        return found


def _read_catalogue(path: Path | None) -> gettext.NullTranslations:
    """A compiled catalogue; English (no translations) if there is none to read."""
    if path is None or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)


def translate(msgid: str, lang: Lang, /, **params: object) -> str:
    """``msgid`` in ``lang`` with its named placeholders filled (English if untranslated)."""
    values = {name: _render(value, lang) for name, value in params.items()}
    template = msgid if lang == "en" else translations(lang).gettext(msgid)
    return _fill(template, msgid, values)


def translate_in(context: str, msgid: str, lang: Lang, /, **params: object) -> str:
    """``msgid`` in ``lang`` as worded in ``context`` (gettext's ``pgettext``), filled in.

    For one English word that reads two ways in Chinese, e.g. ``Time`` as a session's
    hours (时段) and as the moment of an event (时间).
    """
    values = {name: _render(value, lang) for name, value in params.items()}
    template = msgid if lang == "en" else translations(lang).pgettext(context, msgid)
    return _fill(template, msgid, values)


def _fill(template: str, msgid: str, values: dict[str, object]) -> str:
    """The translation filled in, or the English one if it is missing or names no placeholder."""
    if template != msgid:
        try:
            return template.format_map(values)
        except (KeyError, IndexError, ValueError):
            pass  # a translation naming an unknown placeholder: the tests forbid it
    return msgid.format_map(values)


def lookup(msgid: str, lang: Lang) -> str:
    """The catalogue's text for ``msgid``, with no placeholder filled (braces kept as written):
    for texts such as the JSON Schema's descriptions, which show ``{zh, en}`` literally."""
    return msgid if lang == "en" else translations(lang).gettext(msgid)


def translate_plural(
    singular: str, plural: str, count: int, lang: Lang, /, **params: object
) -> str:
    """The form of ``singular``/``plural`` that ``count`` takes in ``lang``, filled in.

    ``count`` is also the placeholder ``{count}``.
    """
    values = {name: _render(value, lang) for name, value in params.items()}
    values["count"] = count
    english = singular if count == 1 else plural
    if lang != "en":
        template = translations(lang).ngettext(singular, plural, count)
        if template not in (singular, plural):
            try:
                return template.format_map(values)
            except (KeyError, IndexError, ValueError):
                pass
    return english.format_map(values)


def _render(value: object, lang: Lang) -> object:
    """A placeholder's value: a nested message in the same language, anything else as is."""
    return value.text(lang) if isinstance(value, Message) else value


@attrs.frozen(init=False)
class Message:
    """An English message id with its named placeholders, rendered in a language on demand."""

    msgid: str
    params: tuple[tuple[str, object], ...]
    plural: str | None = None
    """The English plural of a :func:`Plural` message, whose ``count`` is a parameter."""
    context: str | None = None
    """The context of a :func:`Contextual` message (gettext's ``msgctxt``)."""

    def __init__(self, msgid: str, /, **params: object) -> None:
        self.__attrs_init__(msgid, tuple(sorted(params.items())))

    def text(self, lang: Lang) -> str:
        """The message in ``lang``: its catalogue's sentence, or English if it has none."""
        params = dict(self.params)
        if self.plural is not None:
            count = params.pop("count")
            assert isinstance(count, int)
            return translate_plural(self.msgid, self.plural, count, lang, **params)
        if self.context is not None:
            return translate_in(self.context, self.msgid, lang, **params)
        return translate(self.msgid, lang, **params)

    def __str__(self) -> str:
        return self.text("en")


def Plural(singular: str, plural: str, count: int, /, **params: object) -> Message:  # noqa: N802
    """A message whose words follow ``count`` (``{count} error``, ``{count} errors``).

    The catalogue holds one form per plural form of the language (Chinese has one).
    """
    message = Message.__new__(Message)
    message.__attrs_init__(singular, tuple(sorted({**params, "count": count}.items())), plural)
    return message


def Contextual(context: str, msgid: str, /, **params: object) -> Message:  # noqa: N802
    """A message whose Chinese depends on where it is shown (``msgctxt`` in the catalogue).

    ``Contextual("case history", "Time")`` reads 时间 while a bare ``Time`` reads 时段.
    """
    message = Message.__new__(Message)
    message.__attrs_init__(msgid, tuple(sorted(params.items())), None, context)
    return message


def verbatim(text: str) -> Message:
    """A text shown as it is in every language: a name, a path, another program's words."""
    return Message("{text}", text=text)


def as_lang(value: str) -> Lang:
    """The language ``value`` names, English for anything else (for callers typed ``str``)."""
    return "zh" if value == "zh" else "en"
