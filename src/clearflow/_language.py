"""Which language clearflow speaks: one rule for the command line and for embedders.

:func:`choose_language` takes everything that can decide it as parameters (the ``--lang``
flag, the workflow's declared ``language:``, the environment), so that a library caller and
each thread of a server decides for itself and nothing is global.
"""

from __future__ import annotations

from collections.abc import Mapping

from clearflow._i18n import LANGUAGES, Lang, Message
from clearflow.errors import InputError

ENV_VARIABLE = "CLEARFLOW_LANG"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def choose_language(
    flag: str | None, workflow_language: str | None, environ: Mapping[str, str]
) -> Lang:
    """The language to speak: ``--lang``; else ``CLEARFLOW_LANG``; else the workflow's
    ``language:``; else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: the first one set
    and not empty; ``zh…`` is Chinese, anything else English); else English.

    An empty ``CLEARFLOW_LANG`` counts as unset; any other value but ``en`` or ``zh`` is an
    :class:`~clearflow.errors.InputError`, as is such a flag (the CLI's ``--lang`` offers only
    the two) or workflow language (the format refuses it: CF104).
    """
    if flag is not None:
        return _known(flag, None)
    chosen = environ.get(ENV_VARIABLE, "")
    if chosen:
        return _known(chosen, ENV_VARIABLE)
    if workflow_language is not None:
        return _known(workflow_language, "language")
    return locale_language(environ)


def locale_language(environ: Mapping[str, str]) -> Lang:
    """The language the POSIX locale asks for: ``zh`` for ``zh_CN.UTF-8`` and the like."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _known(value: str, where: str | None) -> Lang:
    """``value`` as a language, or the error naming where it came from and what is allowed."""
    for lang in LANGUAGES:
        if value == lang:
            return lang
    first, *others = (f"'{lang}'" for lang in LANGUAGES)
    allowed: Message | str = first
    for other in others:
        allowed = Message("{left} or {right}", left=allowed, right=other)
    if where is None:
        raise InputError(
            Message("unknown language '{value}' (use {allowed})", value=value, allowed=allowed)
        )
    raise InputError(
        Message(
            "{where}: unknown language '{value}' (use {allowed})",
            where=where,
            value=value,
            allowed=allowed,
        )
    )
