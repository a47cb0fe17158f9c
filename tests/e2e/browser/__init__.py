"""Helpers for the end-to-end browser tests: a throwaway JupyterLab server, a notebook to open in it,
a page cut off from other hosts, and where screenshots go. (Whether a browser exists at all is
decided in tests/e2e/conftest.py.)"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse


def offline_page(browser: Any, local_url: str, **viewport: int) -> Any:
    """A new page on which every request to a host other than `local_url`'s is aborted and remembered
    (`page.external_requests`), and every script error kept (`page.errors`)."""
    page = browser.new_page(viewport=viewport or {"width": 1280, "height": 1000})
    page.external_requests, page.errors = [], []
    local = urlparse(local_url).netloc

    def route(r: Any) -> None:
        url = urlparse(r.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != local:
            page.external_requests.append(r.request.url)
            r.abort("internetdisconnected")
        else:
            r.continue_()

    page.route("**/*", route)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return page


def screenshots(tmp_path: Path) -> Path:
    """The folder a test saves its screenshots in: $BROWSER_SCREENSHOTS when set, else the test's tmp_path."""
    folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
