"""CSV files streamed as located records: the encoding decided first, then row by row.

:func:`scan` reads the file once, in chunks, to hash it and decide its encoding: a UTF-8
byte order mark means UTF-8; otherwise UTF-8 if every byte reads as UTF-8, else GB18030
(what Excel writes on Chinese Windows), else the file is refused at its first unreadable
byte (CF702, located by row and column). :func:`csv_lines` then reads it again, one
record at a time: neither holds the file or its rows, so a 200 MB roster costs a buffer.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Iterator
from typing import Any, BinaryIO

from clearflow._i18n import Message
from clearflow.cohort._located import Line, fail, file_issue
from clearflow.errors import TableError

CHUNK = 1024 * 1024


def scan(handle: BinaryIO, source: str) -> tuple[str, str, str]:
    """The file's sha256, its encoding as people read it, and the codec that reads it."""
    handle.seek(0)
    head = handle.read(4)
    if head.startswith(b"PK\x03\x04"):
        message = Message("file is an Excel workbook with a CSV name")
        raise fail(source, "CF701", message, Message("rename it .xlsx"))
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        hint = Message("save it as 'CSV UTF-8 (comma delimited)'")
        raise fail(source, "CF702", Message("file is UTF-16 (Excel's 'Unicode text')"), hint)
    bom = head.startswith(codecs.BOM_UTF8)
    digest = hashlib.sha256()
    utf8_bad = _first_bad(handle, "utf-8", digest)
    if utf8_bad is None:
        return digest.hexdigest(), ("UTF-8 (BOM)" if bom else "UTF-8"), "utf-8-sig"
    if bom:
        raise _bad_byte(handle, source, utf8_bad, "utf-8", bom)
    gb18030_bad = _first_bad(handle, "gb18030", None)
    if gb18030_bad is None:
        return digest.hexdigest(), "GB18030", "gb18030"
    # Point at the byte where the reading that got furthest stopped.
    if utf8_bad >= gb18030_bad:
        raise _bad_byte(handle, source, utf8_bad, "utf-8", bom)
    raise _bad_byte(handle, source, gb18030_bad, "gb18030", bom)


def _first_bad(handle: BinaryIO, codec: str, digest: Any) -> int | None:
    """The offset of the first byte ``codec`` cannot read (None: all of it reads)."""
    handle.seek(0)
    decoder = codecs.getincrementaldecoder(codec)()
    offset = 0
    bad: int | None = None
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        if digest is not None:
            digest.update(chunk)
        if bad is None:
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                bad = offset - pending + error.start
                if digest is None:
                    return bad
        offset += len(chunk)
    if bad is None:
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            bad = offset - pending
    return bad


def csv_lines(handle: BinaryIO, source: str, codec: str) -> Iterator[Line]:
    """Each record's number and its cells as the csv reader gives them, streamed (the
    table's rows are read from them: :mod:`clearflow.cohort._row_cells`)."""
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=codec, newline="")
    try:
        yield from enumerate(csv.reader(text), start=1)
    except csv.Error as error:
        raise fail(
            source, "CF701", Message("cannot read CSV: {reason}", reason=str(error))
        ) from None
    except UnicodeDecodeError:
        message, hint = Message("file changed while it was read"), Message("import it again")
        raise fail(source, "CF701", message, hint) from None
    finally:
        if not handle.closed:  # a reading given up after the file was closed leaves it be
            text.detach()


class _Prefix(io.RawIOBase):
    """The first ``size`` bytes of a file, as a stream."""

    def __init__(self, handle: BinaryIO, size: int) -> None:
        self.handle, self.left = handle, size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.handle.read(min(len(buffer), self.left))
        self.left -= len(data)
        buffer[: len(data)] = data
        return len(data)


def _bad_byte(handle: BinaryIO, source: str, offset: int, codec: str, bom: bool) -> TableError:
    """CF702 at the cell holding the byte at ``offset``: the text before it, parsed."""
    handle.seek(offset)
    byte = f"0x{handle.read(1)[0]:02x}"
    handle.seek(0)
    reader = "utf-8-sig" if codec == "utf-8" else codec
    text = io.TextIOWrapper(
        io.BufferedReader(_Prefix(handle, offset)), encoding=reader, errors="replace", newline=""
    )
    rows, column = 0, 0
    for record in csv.reader(_with_sentinel(text)):
        rows, column = rows + 1, len(record)
    if bom:
        message = Message(
            "file starts with a UTF-8 byte order mark but byte {byte} is not UTF-8", byte=byte
        )
    else:
        message = Message(
            "file is neither UTF-8 nor GB18030: byte {byte} is not {codec}",
            byte=byte,
            codec=codec.upper(),
        )
    hint = Message("save it from Excel as 'CSV UTF-8 (comma delimited)'")
    return TableError([file_issue(source, "CF702", message, hint, rows, column)])


def _with_sentinel(lines: Iterator[str]) -> Iterator[str]:
    """The lines, with ``\\x01`` written right after the last: its cell is the position."""
    previous = None
    for line in lines:
        if previous is not None:
            yield previous
        previous = line
    if previous is None or previous.endswith(("\n", "\r")):
        if previous is not None:
            yield previous
        yield "\x01"
    else:
        yield previous + "\x01"


__all__ = ["csv_lines", "scan"]
