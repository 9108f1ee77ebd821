"""Staff's own Word/WPS template of the notice, rendered by docxtpl with the content as variables.

Before rendering, the variables the template uses are found (docxtpl's
``get_undeclared_template_variables``); each one the content lacks is a located issue
(CF802, ``notice.docx:3:12: template uses 'titel', which the notice does not have (did you
mean 'title'?)``: the line is the paragraph, counted through the body and the tables' cells
in document order, the column the character where ``{{`` opens). A template that cannot be
read is CF801, one whose tags do not parse CF803. All are raised together as one
:class:`~clearflow.documents.TemplateError`, in zh and en.

Jinja runs sandboxed (a template cannot reach Python's internals) and escapes the values
(a label with ``&`` or ``<`` stays text, not broken XML). The variables are
:meth:`Content.data`'s keys (``notice_title``, ``schedule``, ``headings``,
...) and ``what`` (``notice`` or ``attachment``), so one template can hold both papers.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import docx
import jinja2
import jinja2.sandbox
from docx.document import Document
from docxtpl import DocxTemplate

from clearflow._files import FileTooBigError, NotRegularFileError, read_capped, read_hint
from clearflow._hints import known, suggest
from clearflow._i18n import Message, verbatim
from clearflow.documents._items import Content
from clearflow.documents._problems import TemplateError
from clearflow.errors import Issue

MAX_TEMPLATE_BYTES: Final = 20 * 1024 * 1024
"""A template larger than this is refused (a notice with a logo is well under 1 MB)."""
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_NAME = re.compile(r"(?<![.\w])[A-Za-z_]\w*")


def render_template(path: str, content: Content, what: str) -> bytes:
    """``path`` rendered with ``content``; a TemplateError lists every problem first."""
    data = _read(path)
    context = {**content.data(), "what": what}
    template = DocxTemplate(io.BytesIO(data))
    try:
        used = template.get_undeclared_template_variables(jinja_env=_sandbox(), context={})
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            [
                _issue(
                    path,
                    "CF803",
                    Message(
                        "template tags do not parse: {reason}",
                        reason=verbatim(error.message or str(error)),
                    ),
                    Message("close every tag in the paragraph it opens in"),
                )
            ]
        ) from None
    missing = sorted(name for name in used if name not in context)
    if missing:
        raise TemplateError(list(_missing(path, data, missing, sorted(context))))
    try:
        template.render(context, jinja_env=_sandbox(), autoescape=True)
    except jinja2.TemplateError as error:  # a sandbox refusal, a filter that does not exist
        raise TemplateError(
            [
                _issue(
                    path,
                    "CF803",
                    Message(
                        "template tags do not parse: {reason}",
                        reason=verbatim(error.message or str(error)),
                    ),
                    Message("close every tag in the paragraph it opens in"),
                )
            ]
        ) from None
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def _sandbox() -> jinja2.sandbox.SandboxedEnvironment:
    """Jinja that a template cannot use to reach Python (``{{ ''.__class__ }}``)."""
    return jinja2.sandbox.SandboxedEnvironment()


def variables(content: Content) -> tuple[str, ...]:
    """The names a template may use: ``what`` and the content's fields."""
    return tuple(sorted([*content.data(), "what"]))


def _issue(
    path: str, code: str, message: Message, hint: Message | None, line: int = 1, column: int = 1
) -> Issue:
    return Issue(code=code, message=message, hint=hint, source=path, line=line, column=column)


def _read(path: str) -> bytes:
    def fail(message: Message, hint: Message) -> TemplateError:
        return TemplateError([_issue(path, "CF801", message, hint)])

    try:
        data = read_capped(path, MAX_TEMPLATE_BYTES)
    except FileNotFoundError:
        raise fail(Message("no such file"), Message("check the path")) from None
    except NotRegularFileError as error:
        raise fail(
            Message("is {kind}, not a regular file", kind=error.words), Message("name a .docx file")
        ) from None
    except FileTooBigError as error:
        raise fail(error.describe(), Message("name a .docx file")) from None
    except OSError as error:
        reason = verbatim(error.strerror or str(error))
        raise fail(Message("cannot read file: {reason}", reason=reason), read_hint(error)) from None
    try:
        docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError):
        suffix = Path(path).suffix.lower()
        hint = (
            Message("save it from Word or WPS as .docx")
            if suffix != ".docx"
            else Message("save it again from Word or WPS as .docx")
        )
        raise fail(Message("is not a Word (.docx) file"), hint) from None
    return data


def _missing(path: str, data: bytes, missing: list[str], names: list[str]) -> Iterator[Issue]:
    places = dict(_first_uses(docx.Document(io.BytesIO(data)), set(missing)))
    for name in missing:
        line, column = places.get(name, (1, 1))
        hint = suggest(name, names) or known(Message("variables"), names)
        yield _issue(
            path,
            "CF802",
            Message("template uses '{name}', which the notice does not have", name=name),
            hint,
            line,
            column,
        )


def _paragraph_texts(document: Document) -> Iterator[str]:
    body = document.element.body
    for element in body.iter():
        if element.tag.endswith("}p"):
            yield "".join(node.text or "" for node in element.iter() if node.tag.endswith("}t"))


def _first_uses(document: Document, names: set[str]) -> Iterator[tuple[str, tuple[int, int]]]:
    seen: set[str] = set()
    for line, text in enumerate(_paragraph_texts(document), start=1):
        for tag in _TAG.finditer(text):
            for name in _NAME.finditer(tag[0]):
                if name[0] in names and name[0] not in seen:
                    seen.add(name[0])
                    yield name[0], (line, tag.start() + name.start() + 1)
