"""Fixtures of the zh-CN tests."""
from __future__ import annotations

import os
import shutil

import pytest


@pytest.fixture
def msgfmt() -> str:
    """GNU gettext's msgfmt: skipped where it is not installed, required where REQUIRE_MSGFMT is set (CI)."""
    found = shutil.which("msgfmt")
    if found is None and os.environ.get("REQUIRE_MSGFMT"):
        pytest.fail("REQUIRE_MSGFMT is set but GNU gettext's msgfmt is not installed (apt-get install gettext)")
    if found is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    return found
