"""Case files: one student's case in a file that a save appends to, and that loads safely.

Format 2 (what :func:`save_case` writes) is JSON Lines: a header line naming the format,
the workflow (id and rules digest) and the student, then one event per line, in order, as
:meth:`Event.to_dict <clearflow.engine.Event.to_dict>` gives it. A save appends the events
not yet in the file and flushes them to disk, so it costs the same at the 20th event and
at the 20,000th; loading replays the events. A case that does not replay from its first
event (one loaded from a store without its history, or an edited format-1 file) is
written with its snapshot in the header, and the lines continue after it.

Format 1 (one JSON document: :func:`~clearflow.engine._snapshot.snapshot`) is still read;
the first save rewrites it as format 2, atomically. A last line cut short by a crash is
left out, with a notice, and the next save cuts it off. A file that another walk saved
to since this case read it is not written (:class:`~clearflow.errors.ConflictError`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from clearflow._atomic import refuse_read_only, write_atomic
from clearflow._files import FileTooBigError, NotRegularFileError, read_capped
from clearflow._i18n import Lang, Message, verbatim
from clearflow.engine._audit import Action, Event
from clearflow.engine._case import Case
from clearflow.engine._case_disk import (
    append,
    cannot_write,
    locked,
    on_disk,
    recall,
    remember,
)
from clearflow.engine._case_text import (
    At,
    check_snapshot,
    event,
    mapping,
    out_of_order,
    parse_json,
    shown,
    text,
)
from clearflow.engine._engine import Engine
from clearflow.engine._replay import replay
from clearflow.engine._snapshot import restore, same_workflow, snapshot
from clearflow.errors import CaseDataError, ClearflowError, ConflictError

CASE_FORMAT = 2
MAX_CASE_BYTES = 64 * 1024 * 1024
"""The largest case file read or written: about 250,000 events."""

Notice = Callable[[str], object]


def save_case(path: str | Path, case: Case) -> None:
    """Save a case to its file: append the events the file lacks, or write it whole.

    A case read from (or last saved to) this file appends only its new events, under a
    lock, after checking that no one else wrote to the file meanwhile
    (:class:`~clearflow.errors.ConflictError` if someone did; nothing is written). Any
    other case, and a format-1 file, is written whole and atomically (temporary file,
    fsync, rename; a symlink is kept and the file it points to is written).
    """
    state = recall(case)
    if state is not None and state.path != os.path.realpath(path):
        state = None
    if state is not None:
        refuse_read_only(path, Path(state.path))
    new = case.version - state.events if state is not None else -1
    if state is not None and state.format == CASE_FORMAT and 0 <= new <= len(case.events):
        if new or state.size != state.good:
            lines = _lines(path, case.events[len(case.events) - new :])
            remember(case, append(path, state, lines, events=case.version, cap=MAX_CASE_BYTES))
        return
    payload = _whole(path, case)
    with locked(path, state):
        write_atomic(path, payload)  # a system refusal is a WriteError
        try:
            info = Path(path).stat()
        except OSError as error:
            raise cannot_write(path, error) from None
    size = len(payload)
    remember(case, on_disk(path, info, payload, good=size, events=case.version, format=2))


def _lines(path: str | Path, events: list[Event]) -> bytes:
    return _json_lines(path, [event.to_dict() for event in events])


def _json_lines(path: str | Path, items: list[dict[str, Any]]) -> bytes:
    """One JSON line per item, UTF-8; a lone surrogate (not text) is a CaseDataError."""
    try:
        return "".join([json.dumps(item, ensure_ascii=False) + "\n" for item in items]).encode(
            "utf-8"
        )
    except UnicodeEncodeError:
        raise CaseDataError(
            Message(
                "{path}: cannot save: the case holds a lone surrogate, which is not text",
                path=str(path),
            )
        ) from None


def _whole(path: str | Path, case: Case) -> bytes:
    """The whole file for ``case``: its header, then its events (or a snapshot in the header)."""
    workflow = case.engine.workflow
    header: dict[str, Any] = {
        "clearflow_case": CASE_FORMAT,
        "workflow": {"id": workflow.id, "digest": workflow.digest},
        "student": {"id": case.student_id, "name": case.name},
    }
    events = case.events
    if not _replays(case):
        header["snapshot"] = snapshot(case)
        events = []
    payload = _json_lines(path, [header]) + _lines(path, events)
    if len(payload) > MAX_CASE_BYTES:
        raise CaseDataError(
            Message(
                "{path}: the case file would be {size} bytes, more than the {cap} a case file "
                "may hold (keep a case this long in a store)",
                path=str(path),
                size=len(payload),
                cap=MAX_CASE_BYTES,
            )
        )
    return payload


def _replays(case: Case) -> bool:
    """Whether replaying the case's events gives the case back (so the lines are enough)."""
    if case.base_version:
        return False
    try:
        again = replay(case.engine, case.student_id, case.events, name=case.name)
    except CaseDataError:
        return False
    return snapshot(again) == snapshot(case)


def load_case(
    path: str | Path, engine: Engine, *, notice: Notice | None = None, lang: Lang = "en"
) -> Case:
    """Read a case file written by :func:`save_case` (format 2, or 1 from before).

    A last line cut short by a crash is left out and ``notice`` (if given) is called with
    a sentence saying so, in ``lang``; every other problem is a located
    :class:`~clearflow.errors.CaseDataError` and nothing is written.
    """
    source = str(path)
    data, info = _read(path, source)
    first, _, _ = data.partition(b"\n")
    header = _header_of(first)
    if header is None:
        case = _load_format_1(data, source, engine)
        remember(case, on_disk(path, info, data, good=len(data), events=case.version, format=1))
        return case
    lines = data.split(b"\n")
    torn = b""
    if lines[-1] == b"":
        lines.pop()
    elif len(lines) > 1:
        try:
            parse_json(_decode(lines[-1], source, len(lines)), source, len(lines))
        except CaseDataError:
            torn = lines.pop()
            if notice is not None:
                where = f"{source}:{len(lines) + 1}:1"
                torn_line = Message(
                    "{where}: the last line was cut short when a save was interrupted; "
                    "it is left out, and saving the case removes it",
                    where=where,
                )
                notice(torn_line.text(lang))
    case = _load_format_2(header, lines, source, engine)
    good = len(data) - len(torn)
    remember(case, on_disk(path, info, data, good=good, events=case.version, format=2))
    return case


def _read(path: str | Path, source: str) -> tuple[bytes, os.stat_result]:
    try:
        before = Path(path).stat()
        data = read_capped(path, MAX_CASE_BYTES)
        info = Path(path).stat()
    except FileNotFoundError:
        raise CaseDataError(Message("{path}: no such case file", path=source)) from None
    except NotRegularFileError as error:
        raise CaseDataError(
            Message("{path}: is {kind}, not a case file", path=source, kind=error.kind)
        ) from None
    except FileTooBigError as error:
        raise CaseDataError(
            Message("{path}: {problem} for a case file", path=source, problem=error.describe())
        ) from None
    except OSError as error:
        raise CaseDataError(
            Message("{path}: cannot read case file ({error})", path=source, error=str(error))
        ) from None
    if (before.st_ino, before.st_size) != (info.st_ino, info.st_size) or info.st_size != len(data):
        raise ConflictError(
            Message(
                "{path}: the case file changed while it was read (run the command again)",
                path=source,
            )
        )
    return data, info


def _decode(line: bytes, source: str, number: int) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as error:
        column = len(line[: error.start].decode("utf-8", "replace")) + 1
        where = f"{source}:{number}:{column}"
        raise CaseDataError(
            Message(
                "{where}: not a case file: byte 0x{byte:02x} is not UTF-8",
                where=where,
                byte=line[error.start],
            )
        ) from None


def _header_of(first: bytes) -> dict[str, Any] | None:
    """The first line as a format-2 header, or None when the file is of format 1."""
    try:
        value = json.loads(first)
    except (ValueError, RecursionError):
        return None
    if isinstance(value, dict) and value.get("clearflow_case", 1) != 1:
        return value
    return None


def _load_format_1(data: bytes, source: str, engine: Engine) -> Case:
    whole = parse_json(_decode_all(data, source), source)
    if not isinstance(whole, dict) or whole.get("clearflow_case") != 1:
        raise CaseDataError(
            Message("{path}: not a clearflow case file (version 1 or 2)", path=source)
        )
    check_snapshot(whole, At(source), engine.zone)
    return restore(engine, whole, verbatim(source))


def _decode_all(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        start = data.rfind(b"\n", 0, error.start) + 1
        end = data.find(b"\n", error.start)
        line = data[start : end if end >= 0 else len(data)]
        _decode(line, source, data.count(b"\n", 0, error.start) + 1)
        raise  # pragma: no cover - _decode raised for this very line


def _load_format_2(header: dict[str, Any], lines: list[bytes], source: str, engine: Engine) -> Case:
    at = At(f"{source}:1:1")
    found = header.get("clearflow_case")
    if found != CASE_FORMAT:
        raise at.inside("clearflow_case").error(
            Message(
                "case file format {found} is not one this clearflow reads (1 or 2)",
                found=shown(found),
            )
        )
    parse_json(_decode(lines[0], source, 1), source, 1)  # its strings, checked
    same_workflow(engine, mapping(header.get("workflow"), at, "workflow"), verbatim(at.location))
    student = mapping(header.get("student"), at, "student")
    student_id = text(student.get("id"), at.inside("student"), "id")
    name = text(student.get("name"), at.inside("student"), "name", optional=True)
    zone = engine.zone
    case: Case | None = None
    if "snapshot" in header:
        base = header["snapshot"]
        check_snapshot(base, at.inside("snapshot"), zone)
        case = restore(engine, base, Message("{where}: snapshot", where=at.location))
    for number, raw in enumerate(lines[1:], start=2):
        where = At(f"{source}:{number}:1")
        item = event(parse_json(_decode(raw, source, number), source, number), where, zone)
        case = _redo(engine, case, item, where, student_id, name)
    if case is None:
        raise at.error(Message("the case file has no events (the first event is the start)"))
    return case


def _redo(
    engine: Engine, case: Case | None, item: Event, where: At, student_id: str, name: str | None
) -> Case:
    """``case`` with the event of one line taken again (or started, for the first)."""
    expected = 1 if case is None else case.version + 1
    if item.seq != expected:
        raise where.inside("seq").error(out_of_order(expected, item.seq))
    workflow = engine.workflow
    if item.workflow != workflow.id or item.digest != workflow.digest:
        same_workflow(
            engine, {"id": item.workflow, "digest": item.digest}, verbatim(where.location)
        )
    if case is None and (item.action is not Action.START or item.facts is None):
        raise where.error(Message("the first event must be the start, with the student's facts"))
    if case is not None and item.action is Action.START:
        raise where.error(Message("a second start event (seq {seq})", seq=item.seq))
    try:
        if case is None:
            facts = item.facts or {}
            return engine.start(student_id, facts, name=name, by=item.actor, at=item.at)
        case.redo(item)
    except ClearflowError as error:
        label = f"{item.action} {item.step}" if item.step else str(item.action)
        raise where.error(
            Message(
                "cannot replay event {seq} ({action}): {error}",
                seq=item.seq,
                action=label,
                error=error.said,
            )
        ) from None
    return case
