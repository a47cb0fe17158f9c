"""Test-session setup for every path pytest collects (tests/, lessons/, solutions/).

Notebook kernels started by nbval inherit this process's environment, so what is set here
reaches them too:
- no live-model variables: committed outputs come from offline runs and are compared strictly;
- course progress goes to a temporary file, never into the learner's real one;
- no MPLBACKEND from the shell: the kernels' inline backend must draw the committed figures.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from course.protocols import LIVE_VARIABLES as LIVE_MODEL_VARIABLES  # the registry's list: one place

PROGRESS_ENV = "COURSE_PROGRESS_FILE"
_saved: dict[str, str | None] = {}
_session_dir: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Run the whole suite offline, with a throwaway progress file."""
    global _session_dir
    for name in (*LIVE_MODEL_VARIABLES, PROGRESS_ENV, "MPLBACKEND"):
        _saved[name] = os.environ.pop(name, None)
    _session_dir = tempfile.mkdtemp(prefix="course-progress-")
    os.environ[PROGRESS_ENV] = str(Path(_session_dir) / "progress.json")
    config.addinivalue_line(
        "markers", "classroom: installs the course into fresh environments from a local "
        "wheelhouse (about a minute; no network)")


def pytest_unconfigure(config: pytest.Config) -> None:
    """Give the environment back as it was and remove the temporary progress file."""
    for name, value in _saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if _session_dir:
        shutil.rmtree(_session_dir, ignore_errors=True)
