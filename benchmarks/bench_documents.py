"""474 checklists for one session: the 2014-07-10 morning of urban and rural planning.

Run on demand (``.venv/bin/python benchmarks/bench_documents.py [--rounds 3]``); pytest
never collects it. The students are the synthetic 2014 class (``examples/cohort.py``, seed
2014): the first 474 of those the schedule puts in that session (its ``expected``), in their
generated order. Each measure runs in a fresh process (this file with ``--worker``), the
median of ``--rounds`` kept, with that process's peak RSS (``ru_maxrss`` from ``os.wait4``):

1. ``checklist_pdf``: the whole PDF, 474 pages, from student records: facts checked,
   steps narrowed per kind of student, dates, QR codes (segno), then one typst compile.
   Goal: 5 s. Its parts are timed too, in a process of their own: the pages' data
   (``checklist_pages``, QR codes included) and the typesetting of that data (``typeset``).
2. The floor: typst compiling 474 pages of a trivial template (a name and an id a page, in
   the same CJK font, no table, no picture) from the same kind of JSON data: what
   typesetting that many pages costs at least.

Prints one table (measure, seconds, floor, ratio, RSS, goal, met?) and exits 1 when the
goal is missed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clearflow.format.student import StudentRecord

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
SESSION = 2  # 2014-07-10 9:00-12:00, urban and rural planning, expected 474
GOAL_S = 5.0
FLOOR_TEMPLATE = b"""#let data = json(bytes(sys.inputs.data))
#set page(paper: "a4")
#set text(font: data.fonts)
#for (i, p) in data.pages.enumerate() {
  if i > 0 { pagebreak() }
  [#p.name #p.id]
}
"""


def students() -> list[StudentRecord]:
    """The session's students as records, from the synthetic class."""
    sys.path.insert(0, str(ROOT / "examples"))
    import cohort
    from clearflow import load_workflow
    from clearflow.documents import session_of
    from clearflow.format.student import StudentRecord

    workflow = load_workflow(WORKFLOW)
    expected = workflow.schedule.sessions[SESSION - 1].expected  # type: ignore[union-attr]
    records = [
        StudentRecord(id=s.student_id, name=s.name, facts=dict(cohort.facts(s)))
        for s in cohort.generate()
    ]
    chosen = [record for record in records if session_of(workflow, record) == SESSION]
    assert expected is not None
    assert len(chosen) >= expected, (len(chosen), expected)
    return chosen[:expected]


def worker(mode: str) -> dict[str, float]:
    """One measure, in this (fresh) process; the seconds of each part."""
    import pypdf
    import typst

    from clearflow import load_workflow
    from clearflow.documents import checklist_pdf, find_cjk_font
    from clearflow.documents._qr import qr_png, qr_text
    from clearflow.documents._typeset import _fonts, typeset
    from clearflow.documents.checklist import HEADINGS, TEMPLATE, checklist_pages

    workflow = load_workflow(WORKFLOW)
    chosen = students()
    font = find_cjk_font()
    if mode == "checklists":
        begin = time.perf_counter()
        pdf = checklist_pdf(workflow, chosen, lang="zh", font=font)
        whole = time.perf_counter() - begin
        count = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        return {"whole": whole, "pages": count, "bytes": len(pdf)}
    if mode == "parts":
        begin = time.perf_counter()
        pages = checklist_pages(workflow, chosen, lang="zh")
        data = time.perf_counter() - begin
        begin = time.perf_counter()
        typeset(TEMPLATE, {"lang": "zh", "words": dict(HEADINGS), "pages": pages}, font)
        setting = time.perf_counter() - begin
        begin = time.perf_counter()
        for student in chosen:
            qr_png(qr_text(workflow, student.id))
        return {"data": data, "typeset": setting, "qr": time.perf_counter() - begin}
    pages_data = [{"name": s.name, "id": s.id} for s in chosen]
    text = json.dumps({"fonts": list(font.families), "pages": pages_data}, ensure_ascii=False)
    begin = time.perf_counter()
    typst.compile(FLOOR_TEMPLATE, font_paths=_fonts(font.folder), sys_inputs={"data": text})
    return {"whole": time.perf_counter() - begin}


def measure(mode: str) -> tuple[dict[str, float], float]:
    """Run one worker; its timings and its peak RSS in MB."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--worker", mode], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output
    return json.loads(output), usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", choices=["checklists", "parts", "floor"])
    options = parser.parse_args()
    if options.worker:
        print(json.dumps(worker(options.worker)))
        return 0
    runs: dict[str, list[tuple[dict[str, float], float]]] = {
        "checklists": [],
        "parts": [],
        "floor": [],
    }
    for _ in range(options.rounds):
        for mode in runs:
            runs[mode].append(measure(mode))

    def median(mode: str, part: str) -> float:
        return statistics.median(run[part] for run, _ in runs[mode])

    def rss(mode: str) -> float:
        return statistics.median(peak for _, peak in runs[mode])

    floor = median("floor", "whole")
    whole = median("checklists", "whole")
    met = whole <= GOAL_S
    print(f"{'measure':<44}{'seconds':>9}{'floor':>8}{'ratio':>7}{'RSS MB':>8}{'goal':>6}  met?")
    print(
        f"{'474 checklists, checklist_pdf (one PDF)':<44}{whole:>9.2f}{floor:>8.2f}"
        f"{whole / floor:>7.1f}{rss('checklists'):>8.0f}{GOAL_S:>6.1f}  {'yes' if met else 'NO'}"
    )
    print(f"{'  of which the pages data (QR codes too)':<44}{median('parts', 'data'):>9.2f}")
    print(f"{'    of which the 474 QR codes (segno)':<44}{median('parts', 'qr'):>9.2f}")
    print(f"{'  of which typst on that data':<44}{median('parts', 'typeset'):>9.2f}")
    print(f"{'floor: typst, 474 trivial pages':<44}{floor:>9.2f}{'':>15}{rss('floor'):>8.0f}")
    print(
        f"pages {int(median('checklists', 'pages'))}, "
        f"PDF {median('checklists', 'bytes') / 1e6:.1f} MB"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
