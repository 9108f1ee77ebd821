"""What a registry's own script writes to make the notice and its attachment as Word files,
and to check a notice typed by hand against the workflow.

Run it from the repository root::

    .venv/bin/python examples/notice.py docx workflows/gyvtc-2014.yaml OUT_DIR [--lang en]
    .venv/bin/python examples/notice.py starter workflows/gyvtc-2014.yaml OUT_DIR
    .venv/bin/python examples/notice.py compare workflows/gyvtc-2014.yaml NOTICE [--lang en]

(NOTICE: a .txt in UTF-8 or GB18030, or a .docx.)

(``clearflow documents`` is the command line's way to the same library functions.)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

import clearflow
from clearflow.documents import WHATS, compare_file, notice_docx, starter_template


def main(argv: list[str]) -> int:
    """``docx WORKFLOW DIR`` writes notice.docx and attachment.docx, ``starter WORKFLOW DIR``
    the two as templates of tags; ``compare WORKFLOW NOTICE`` prints each difference of the
    notice from the workflow, located."""
    lang: Literal["en", "zh"] = (
        "en" if "--lang" in argv and argv[argv.index("--lang") + 1] == "en" else "zh"
    )
    words = [word for word in argv if word not in ("--lang", "en", "zh")]
    action, workflow_path, target = words
    workflow = clearflow.load_workflow(workflow_path)
    if action in ("docx", "starter"):
        folder = Path(target)
        folder.mkdir(parents=True, exist_ok=True)
        for what in WHATS:
            name = f"{what}.docx" if action == "docx" else f"{what}-template.docx"
            data = notice_docx(workflow, what, lang) if action == "docx" else starter_template(what)
            (folder / name).write_bytes(data)
            print(folder / name)
        return 0
    for difference in compare_file(workflow, target):  # a .txt (UTF-8 or GB18030) or a .docx
        print(difference.text(lang))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
