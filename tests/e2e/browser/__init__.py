"""Helpers for the end-to-end browser tests: a throwaway JupyterLab server, a notebook to open in it,
and where screenshots go. (Whether a browser exists at all is decided in tests/e2e/conftest.py.)"""
from __future__ import annotations

import os
from pathlib import Path


def screenshots(tmp_path: Path) -> Path:
    """The folder a test saves its screenshots in: $BROWSER_SCREENSHOTS when set, else the test's tmp_path."""
    folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
