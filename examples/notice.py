"""What a registry's own script writes to make the notice and its attachment as Word files,
and to check a notice typed by hand against the workflow.

Run it from the repository root::

    .venv/bin/python examples/notice.py docx workflows/gyvtc-2014.yaml OUT_DIR [--lang en]
    .venv/bin/python examples/notice.py compare workflows/gyvtc-2014.yaml NOTICE.txt [--lang en]

(``clearflow documents`` is the command line's way to the same library functions.)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

import clearflow
from clearflow.documents import WHATS, compare, notice_docx


def main(argv: list[str]) -> int:
    """``docx WORKFLOW DIR`` writes notice.docx and attachment.docx; ``compare WORKFLOW TEXT``
    prints each difference of the notice's text from the workflow, located."""
    lang: Literal["en", "zh"] = (
        "en" if "--lang" in argv and argv[argv.index("--lang") + 1] == "en" else "zh"
    )
    words = [word for word in argv if word not in ("--lang", "en", "zh")]
    action, workflow_path, target = words
    workflow = clearflow.load_workflow(workflow_path)
    if action == "docx":
        folder = Path(target)
        folder.mkdir(parents=True, exist_ok=True)
        for what in WHATS:
            (folder / f"{what}.docx").write_bytes(notice_docx(workflow, what, lang))
            print(folder / f"{what}.docx")
        return 0
    text = Path(target).read_text(encoding="utf-8")
    for difference in compare(workflow, text, target):
        print(difference.text(lang))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
