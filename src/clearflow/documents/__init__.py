"""The paper side of a workflow: the notice, its attachment (离校须知), and reading a notice back.

- :func:`notice_content` builds both papers' content once, as plain data
  (:class:`Content`), from a :class:`~clearflow.spec.Workflow`; the notice and the
  attachment are two views of it, so they cannot disagree.
- ``_dates`` writes dates, times and headcounts as a Chinese notice does
  (``7月10日（星期四）``, ``9:00—16:30``, ``474人``); ``_reading`` finds them again in a
  notice's text (:func:`read_notice`).
- :func:`compare` lists what an existing notice's text says that the workflow says
  otherwise (dates, weekdays, times, headcounts), each located as ``file:line:col``.

May import engine, spec, words, checks, loading, format and below; never the store, the
cohort, the console or the CLI. Third-party libraries for documents stay inside this
package and load on first use.
"""

from __future__ import annotations

from clearflow.documents._compare import Difference, compare
from clearflow.documents._content import notice_content, service_dates
from clearflow.documents._dates import day_text, full_date_text, headcount_text, span_text
from clearflow.documents._items import (
    Content,
    DeadlineItem,
    OfficeHours,
    Paper,
    Prerequisite,
    ScheduleRow,
    ServiceDay,
    Station,
)
from clearflow.documents._reading import FoundCount, FoundDate, FoundSpan, Spot, read_notice

__all__ = [
    "Content",
    "DeadlineItem",
    "Difference",
    "FoundCount",
    "FoundDate",
    "FoundSpan",
    "OfficeHours",
    "Paper",
    "Prerequisite",
    "ScheduleRow",
    "ServiceDay",
    "Spot",
    "Station",
    "compare",
    "day_text",
    "full_date_text",
    "headcount_text",
    "notice_content",
    "read_notice",
    "service_dates",
    "span_text",
]
