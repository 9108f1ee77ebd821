"""The workflow format: YAML text to a located tree to a frozen :class:`~clearflow.Workflow`.

The first stage of the pipeline (:mod:`clearflow.loading` runs it, then the checks):

1. :func:`read_text` reads a file as UTF-8, refusing what is too big or not text.
2. :func:`parse` (``_yaml.py``; it and ``_span.py`` are the only importers of PyYAML) loads the text
   into the located tree of ``_nodes.py``: :class:`Scalar`, :class:`MapNode` and
   :class:`ListNode`, every scalar still the text written and every node remembering its
   line and column. It refuses tags, anchors, aliases and deep nests, the YAML features a
   hand-written clearance file never needs and that let a file mean what it does not show.
3. :func:`build_workflow` turns the tree into the frozen model of :mod:`clearflow.spec`,
   giving each value the type its key expects. A :class:`Reader` collects every problem
   as a located issue instead of stopping at the first; each mapping is read against its
   shape in ``_shapes.py``, which the JSON Schema (:func:`build_schema`) is written from.

The same reader reads student records (:func:`read_student`), staff rosters
(:func:`read_roster`), renames files (:func:`read_renames`), scenario and answer files.
``_span.py`` is a second, smaller reader that finds where each scalar is, so the yearly
rollover can edit a file in place.
"""

from clearflow.format._conditions import ConditionReader
from clearflow.format._nodes import ListNode, LoadedFile, MapNode, Node, Scalar, kind_of
from clearflow.format._reader import Reader
from clearflow.format._renames import RenameMap, parse_renames, read_renames
from clearflow.format._span import Span, comments, spans, splice
from clearflow.format._workflow import build_workflow, declared_language
from clearflow.format._yaml import parse, read_text
from clearflow.format.roster import parse_roster, read_roster
from clearflow.format.schema import build_schema, schema_text
from clearflow.format.student import StudentRecord, read_student

__all__ = [
    "ConditionReader",
    "ListNode",
    "LoadedFile",
    "MapNode",
    "Node",
    "Reader",
    "RenameMap",
    "Scalar",
    "Span",
    "StudentRecord",
    "build_schema",
    "build_workflow",
    "comments",
    "declared_language",
    "kind_of",
    "parse",
    "parse_renames",
    "parse_roster",
    "read_renames",
    "read_roster",
    "read_student",
    "read_text",
    "schema_text",
    "spans",
    "splice",
]
