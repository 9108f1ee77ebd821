"""The checklist's QR code: one line of text naming the workflow, its rules and the student.

``clearflow:1:<workflow id>:<rules digest, 12 hex digits>:<student id>``, e.g.
``clearflow:1:gyvtc-2014:4f0c2a9e1b7d:2014010203``. A station's USB scanner types it and
Enter (``clearflow walk --scan``); :func:`read_qr_text` reads it back and
:func:`scanned_student` refuses a code of other rules. The student id comes last and may
hold a colon. segno draws the code as a small PNG (loaded when a code is drawn, not to read one).
"""

from __future__ import annotations

import io

from clearflow._i18n import Message
from clearflow.errors import InputError
from clearflow.spec import Workflow, rules_digest

PREFIX = "clearflow"
VERSION = "1"
DIGEST_LENGTH = 12
"""How much of the rules digest a code carries (as ``clearflow`` shows a digest elsewhere)."""
BORDER = 4
"""The quiet zone around a code, in modules (the standard's)."""
MASK = 2
"""The one mask pattern every code is drawn with. Choosing the best of the eight for each
code (segno's default) was 5/6 of a session's time (2.2 s of 474 codes, 0.4 s with one
mask); 2 is the one segno chose most for these codes (326 of 600), and zbarimg read every
one of a session's 474 codes from its pages rendered at 150 dpi."""
EXAMPLE = "clearflow:1:<workflow id>:<digest>:<student id>"


def digest_of(workflow: Workflow) -> str:
    """The short rules digest a code carries."""
    return (workflow.digest or rules_digest(workflow))[:DIGEST_LENGTH]


def qr_text(workflow: Workflow, student_id: str) -> str:
    """The one line a student's checklist code holds."""
    return f"{PREFIX}:{VERSION}:{workflow.id}:{digest_of(workflow)}:{student_id}"


def read_qr_text(text: str, source: str = "<scan>") -> tuple[str, str, str]:
    """``(workflow id, short digest, student id)`` of a code's text (its line end trimmed);
    an InputError located at ``source`` for text that is not a clearflow code."""
    line = text.strip()
    parts = line.split(":", 4)
    if len(parts) != 5 or parts[0] != PREFIX:
        raise InputError(
            Message(
                "{source}: '{text}' is not a clearflow checklist code (expected {example})",
                source=source,
                text=line,
                example=EXAMPLE,
            )
        )
    _, version, workflow_id, digest, student_id = parts
    if version != VERSION:
        raise InputError(
            Message(
                "{source}: code '{text}' is of format {version}; this clearflow reads format "
                "{known} (print the checklist again)",
                source=source,
                text=line,
                version=version,
                known=VERSION,
            )
        )
    if not workflow_id or len(digest) != DIGEST_LENGTH or not student_id.strip():
        raise InputError(
            Message(
                "{source}: code '{text}' is cut short or damaged (expected {example}; "
                "scan it again)",
                source=source,
                text=line,
                example=EXAMPLE,
            )
        )
    return workflow_id, digest, student_id


def scanned_student(workflow: Workflow, text: str, source: str = "<scan>") -> str:
    """The student id of a code printed for ``workflow``'s rules; an InputError for a code
    of another workflow, or of the same workflow's other rules (another year's checklist)."""
    workflow_id, digest, student_id = read_qr_text(text, source)
    if workflow_id != workflow.id:
        raise InputError(
            Message(
                "{source}: the code is of workflow '{other}', not '{workflow}' (a checklist "
                "of another procedure)",
                source=source,
                other=workflow_id,
                workflow=workflow.id,
            )
        )
    if digest != digest_of(workflow):
        raise InputError(
            Message(
                "{source}: the code was printed for other rules of '{workflow}' ({digest}, "
                "these are {ours}): print the student's checklist again",
                source=source,
                workflow=workflow.id,
                digest=digest,
                ours=digest_of(workflow),
            )
        )
    return student_id


def qr_png(text: str) -> bytes:
    """The QR code of ``text`` as a PNG of one pixel per module, a 4-module quiet zone
    (segno, error correction M, :data:`MASK`); the template scales it up without smoothing."""
    import segno  # optional (the documents extra): only drawing a code needs it

    out = io.BytesIO()
    segno.make(text, error="m", micro=False, mask=MASK).save(
        out, kind="png", scale=1, border=BORDER
    )
    return out.getvalue()


__all__ = ["digest_of", "qr_png", "qr_text", "read_qr_text", "scanned_student"]
