"""Shared test setup: nothing a test (or a notebook kernel it starts) runs may touch the real home.

Course progress is written to ``$COURSE_PROGRESS_FILE``. For the whole session it points at a
temporary file, so notebook kernels started by nbval (they inherit this process's environment)
write there too; each test function gets its own fresh file on top of that.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

PROGRESS_ENV = "COURSE_PROGRESS_FILE"
_session_dir: str | None = None
_previous: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Point progress at a temporary file before any notebook kernel starts."""
    global _session_dir, _previous
    config.addinivalue_line(
        "markers", "classroom: installs the course into fresh environments from a local "
        "wheelhouse (about a minute; no network)")
    _previous = os.environ.get(PROGRESS_ENV)
    _session_dir = tempfile.mkdtemp(prefix="course-progress-")
    os.environ[PROGRESS_ENV] = str(Path(_session_dir) / "progress.json")


def pytest_unconfigure(config: pytest.Config) -> None:
    """Restore the environment and remove the session's temporary progress file."""
    if _previous is None:
        os.environ.pop(PROGRESS_ENV, None)
    else:
        os.environ[PROGRESS_ENV] = _previous
    if _session_dir:
        shutil.rmtree(_session_dir, ignore_errors=True)


@pytest.fixture(autouse=True)
def isolated_progress_file(tmp_path_factory: pytest.TempPathFactory,
                           monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test records progress into its own empty temporary file."""
    path = tmp_path_factory.mktemp("progress") / "progress.json"
    monkeypatch.setenv(PROGRESS_ENV, str(path))
    return path
