"""YAML text to the located tree of :mod:`clearflow.format._nodes`, closing PyYAML's traps.

With :mod:`~clearflow.format._compose` and :mod:`~clearflow.format._span`, the only
importers of PyYAML. Every scalar stays a
string (``9:00`` is never 540, ``no`` is never False): the builders convert each value to
the type its key expects. Duplicate keys, tags, anchors and aliases, deep nesting,
oversized files and text that is not UTF-8 are refused with a located
:class:`~clearflow.errors.Issue`. So is a value that holds, through a double-quoted escape
(``"\ud800"``, ``"\x00"``), a character the file could not hold as written (CF105): a lone
surrogate cannot be printed or encoded, a control character corrupts what staff read.

The composing, and the refusals made while composing, are :mod:`clearflow.format._compose`'s.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from clearflow._files import FileTooBigError, NotRegularFileError, read_capped, read_hint
from clearflow._i18n import Message, verbatim
from clearflow.errors import Issue, Said, WorkflowError
from clearflow.format._compose import RefusedError, compose, yaml_mark
from clearflow.format._nodes import (
    START,
    ListNode,
    LoadedFile,
    MapNode,
    Mark,
    Node,
    Scalar,
    kind_of,
)

MAX_BYTES = 1024 * 1024
_UNWRITABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML does not allow written in a file (PyYAML's reader refuses it, CF004), and so
not through an escape either: C0 and C1 controls but tab, newline and NEL, DEL, surrogates,
U+FFFE and U+FFFF."""
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
"""Two escapes that make one character (``"\ud842\udfb7"`` is 𠮷), as JSON writes them."""
_TOO_BIG_HINT = Message("a workflow is a few kilobytes; is this the right file?")


def _code(character: int) -> str:
    """A character's code point as Unicode writes it: ``U+0007``."""
    return f"U+{character:04X}"


def read_text(path: str | Path) -> str:
    """Read a workflow file as UTF-8 text, or raise a one-line located WorkflowError.

    Only a regular file of at most :data:`MAX_BYTES` is read (:func:`read_capped`): a named
    pipe or a device is refused before it can hang the reader or fill the memory.
    """
    source = str(path)

    def fail(code: str, message: Said, hint: Said) -> WorkflowError:
        return WorkflowError([START.issue(source, code, message, hint)])

    try:
        data = read_capped(path, MAX_BYTES)
    except FileNotFoundError:
        raise fail("CF001", Message("no such file"), Message("check the path")) from None
    except NotRegularFileError as error:
        message = (
            Message("is a directory, not a workflow file")
            if error.is_directory
            else Message("is {kind}, not a regular file", kind=error.words)
        )
        raise fail("CF001", message, Message("name a .yaml file")) from None
    except FileTooBigError as error:
        raise fail("CF008", error.describe(), _TOO_BIG_HINT) from None
    except OSError as error:
        reason = verbatim(error.strerror or str(error))  # the system's words
        raise fail(
            "CF001", Message("cannot read file: {reason}", reason=reason), read_hint(error)
        ) from None
    return decode(data, source)


def decode(data: bytes, source: str = "<string>") -> str:
    """Decode UTF-8 (with or without BOM), or raise a located WorkflowError."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            hint = Message("save the file as UTF-8")
        else:
            hint = Message("it looks like GB18030 from a Windows editor; save it as UTF-8")
        byte = f"0x{data[error.start]:02x}"
        message = Message("file is not UTF-8 (byte {byte})", byte=byte)
        raise WorkflowError([Mark(line, column).issue(source, "CF002", message, hint)]) from None


def parse(text: str, source: str = "<string>", empty_hint: Said | None = None) -> LoadedFile:
    """Parse YAML text into located plain data; raise WorkflowError when it cannot be read.

    ``empty_hint`` says what the file should start with (students and answers are not
    workflows); by default, what a workflow starts with.
    """
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        message = Message("text is more than the {cap} bytes allowed", cap=MAX_BYTES)
        raise WorkflowError([START.issue(source, "CF008", message, _TOO_BIG_HINT)])
    try:
        node = compose(text, source)
    except RefusedError as refusal:
        raise WorkflowError([refusal.issue]) from None
    except yaml.MarkedYAMLError as error:
        raise WorkflowError([_syntax_issue(error, source)]) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        message = Message("control character {code} is not allowed", code=_code(error.character))
        hint = Message("delete it; it was probably pasted in from another program")
        raise WorkflowError([Mark(line, column).issue(source, "CF004", message, hint)]) from None
    except yaml.YAMLError as error:
        message = Message("invalid YAML: {problem}", problem=verbatim(str(error)))
        issue = START.issue(source, "CF004", message, Message("check the syntax"))
        raise WorkflowError([issue]) from None
    if node is None:
        empty: Said = empty_hint or Message("a workflow starts with 'clearflow: 1'")
        raise WorkflowError([START.issue(source, "CF003", Message("file is empty"), empty)])
    issues: list[Issue] = []
    root = _convert(node, source, issues)
    return LoadedFile(source=source, root=root, issues=tuple(issues))


def _syntax_issue(error: yaml.MarkedYAMLError, source: str) -> Issue:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = error.problem or "invalid YAML"
    hint = Message("check the indentation and quoting here")
    if problem == "but found another document":
        message = Message("invalid YAML: found a second document")
        hint = Message(
            "a workflow file holds one document; remove the '---' line or split the file"
        )
        return Mark(line, column).issue(source, "CF004", message, hint)
    if error.context:
        # PyYAML's own words, as it gives them: "... while parsing a flow mapping"
        problem = f"{problem} {error.context}"
        opened = error.context_mark
        if opened is not None and mark is not None and opened.line != mark.line:
            problem = f"{problem} that starts on line {opened.line + 1}"
    if "'\\t'" in problem:
        hint = Message("indent with spaces, not tabs")
    message = Message("invalid YAML: {problem}", problem=verbatim(problem))
    return Mark(line, column).issue(source, "CF004", message, hint)


def _writable(value: str, mark: Mark, source: str, issues: list[Issue]) -> str:
    """The value, or (with a CF105 issue) the value with each character YAML does not allow
    in a file written as its escape, so that messages quoting it can still be printed. A
    surrogate pair (JSON's way to escape a character beyond U+FFFF) becomes that character."""
    value = _PAIR.sub(
        lambda pair: pair.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), value
    )
    found = _UNWRITABLE.search(value)
    if found is None:
        return value
    code = ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        message = Message("lone surrogate {code} is not allowed", code=_code(code))
        hint = Message(
            "an escape such as '\\ud83d' is half a character; write the character itself"
        )
    else:
        message = Message("control character {code} is not allowed", code=_code(code))
        hint = Message("delete the escape; a value holds printable text, tabs and line breaks only")
    issues.append(mark.issue(source, "CF105", message, hint))
    return _UNWRITABLE.sub(lambda char: f"\\u{ord(char.group()):04x}", value)


def _convert(node: Any, source: str, issues: list[Issue]) -> Node:
    mark = yaml_mark(node.start_mark)
    if isinstance(node, ScalarNode):
        value = _writable(str(node.value), mark, source, issues)
        return Scalar(value, mark, quoted=node.style in ("'", '"'))
    if isinstance(node, SequenceNode):
        return ListNode(tuple(_convert(item, source, issues) for item in node.value), mark)
    assert isinstance(node, MappingNode)
    items: list[tuple[Scalar, Node]] = []
    seen: dict[str, Scalar] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, source, issues)
        if not isinstance(key, Scalar):
            message = Message("a key must be a plain word, found {found}", found=kind_of(key))
            hint = Message("write a plain word before the colon, e.g. 'stations:'")
            issues.append(key.mark.issue(source, "CF004", message, hint))
            continue
        if key.value in seen:
            first = seen[key.value]
            message = Message(
                "key '{key}' is given twice (lines {first} and {second})",
                key=key.value,
                first=first.mark.line,
                second=key.mark.line,
            )
            hint = Message("keep one; a later key would silently replace the earlier")
            issues.append(key.mark.issue(source, "CF005", message, hint))
            continue
        seen[key.value] = key
        items.append((key, _convert(value_node, source, issues)))
    return MapNode(tuple(items), mark)
