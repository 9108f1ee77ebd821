"""A notice a person names, read as text for :func:`~clearflow.documents.compare`.

:func:`read_notice_file` takes a text file (UTF-8, with or without a byte order mark, or
GB18030 as Notepad and Excel save it on Chinese Windows) or a Word ``.docx`` (its paragraphs
and cells one per line, :func:`~clearflow.documents.docx_text`; python-docx is loaded only
then). Only a regular file of at most :data:`MAX_NOTICE_BYTES` is read
(:func:`clearflow._files.read_capped`). Every refusal is an
:class:`~clearflow.errors.InputError` that names the file, in zh and en.
:func:`compare_file` reads and compares in one call.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Final

from clearflow._files import FileTooBigError, NotRegularFileError, read_capped, read_hint
from clearflow._i18n import Message, verbatim
from clearflow._lazy import attribute
from clearflow.documents._compare import compare
from clearflow.errors import InputError
from clearflow.spec import Workflow

if TYPE_CHECKING:
    from clearflow.documents._compare import Difference

MAX_NOTICE_BYTES: Final = 20 * 1024 * 1024
"""A notice larger than this is refused (a notice's text is a few kilobytes, a .docx with a
letterhead picture well under a megabyte)."""


def read_notice_file(path: str | Path) -> str:
    """The text of the notice at ``path`` (.txt in UTF-8 or GB18030, or .docx)."""
    shown = str(path)
    try:
        data = read_capped(path, MAX_NOTICE_BYTES)
    except FileNotFoundError:
        raise InputError(Message("{path}: no such file (check the path)", path=shown)) from None
    except NotRegularFileError as error:
        raise InputError(
            Message(
                "{path}: is {kind}, not a notice (name a .txt or .docx file)",
                path=shown,
                kind=error.words,
            )
        ) from None
    except FileTooBigError as error:
        raise InputError(
            Message(
                "{path}: {problem} (a notice is a few kilobytes; is this the right file?)",
                path=shown,
                problem=error.describe(),
            )
        ) from None
    except OSError as error:
        raise InputError(
            Message(
                "{path}: cannot read the notice: {reason} ({hint})",
                path=shown,
                reason=verbatim(error.strerror or str(error)),
                hint=read_hint(error),
            )
        ) from None
    if Path(path).suffix.lower() == ".docx" or data[:4] == b"PK\x03\x04":
        try:
            text: str = attribute("clearflow.documents._docx", "docx_text")(data)
        except (zipfile.BadZipFile, KeyError, ValueError):
            raise InputError(
                Message(
                    "{path}: is not a Word (.docx) file (save it from Word or WPS as .docx)",
                    path=shown,
                )
            ) from None
        return text
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise InputError(
        Message(
            "{path}: the notice is neither UTF-8 nor GB18030 text (save it as UTF-8 text)",
            path=shown,
        )
    )


def compare_file(workflow: Workflow, path: str | Path) -> list[Difference]:
    """:func:`~clearflow.documents.compare` on the notice at ``path``, located by its name."""
    return compare(workflow, read_notice_file(path), str(path))
