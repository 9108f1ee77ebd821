"""The CJK font the PDF tests set their pages in: CI must have one (``.ci/run`` installs
it), a developer's machine without one skips those tests and says how to install it."""

from __future__ import annotations

import os

import pytest

from clearflow.documents import CjkFont, find_cjk_font
from clearflow.errors import FontMissingError


@pytest.fixture(scope="session")
def cjk_font() -> CjkFont:
    """The machine's CJK font; a skip without one, except on CI, where it is a failure."""
    try:
        return find_cjk_font()
    except FontMissingError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(error))
