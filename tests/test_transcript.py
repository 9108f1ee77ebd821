"""Every CLI command's output on the 2014 workflow is byte-identical to the recorded transcript."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).with_name("transcripts")))

import run as transcripts


def test_cli_output_on_the_2014_workflow_matches_the_recorded_transcript() -> None:
    """Each command prints, to stdout and stderr, and exits exactly as recorded."""
    expected = transcripts.GOLDEN.read_bytes().decode("utf-8")
    actual = transcripts.transcript()
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            "recorded",
            "now",
            n=2,
        )
    )
    assert actual == expected, diff[:5000]
