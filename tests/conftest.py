"""Per-test setup: each test records course progress into a file of its own.

The session-wide setup (offline, a temporary progress file for notebook kernels) lives in the
root conftest.py, so it also applies when pytest collects only lessons/ or solutions/.
"""
from __future__ import annotations

from pathlib import Path

import pytest

PROGRESS_ENV = "COURSE_PROGRESS_FILE"


@pytest.fixture(autouse=True)
def isolated_progress_file(tmp_path_factory: pytest.TempPathFactory,
                           monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test records progress into its own empty temporary file."""
    path = tmp_path_factory.mktemp("progress") / "progress.json"
    monkeypatch.setenv(PROGRESS_ENV, str(path))
    return path
