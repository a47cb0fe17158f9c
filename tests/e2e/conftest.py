"""What the end-to-end tests need from the machine, decided in one place.

A browser test runs in the Debian Chromium at /usr/bin/chromium, driven by Playwright. Where
that (or a server a test starts: JupyterHub, Voilà) is not installed, the test skips and says
what is missing; with REQUIRE_BROWSER=1 (CI, `.ci/run`) it fails instead, so a machine that
should run these tests can never pass them by skipping.

Fixtures:
- `needs(*missing)`: skip (or, with REQUIRE_BROWSER=1, fail) naming what is missing; does nothing
  when called with nothing. For the hub, Voilà and the classroom extra.
- `chromium`: the Chromium executable; skips/fails through `needs` where it or Playwright is absent.
- `browser`: that Chromium launched headless by Playwright, once per test module.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Callable, Iterator

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
EXPECT_TIMEOUT_MS = 30_000  # Playwright's expect(): a loaded machine draws a notebook slowly
REQUIRED = "REQUIRE_BROWSER"


def _needs(*missing: str) -> None:
    if not missing:
        return
    message = f"not installed: {', '.join(missing)}"
    if os.environ.get(REQUIRED) == "1":
        pytest.fail(f"{message}; {REQUIRED}=1 says this test must run", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def needs() -> Callable[..., None]:
    """needs("voila (pip install ...)", ...): skip naming what is missing, or fail when REQUIRE_BROWSER=1."""
    return _needs


@pytest.fixture(scope="session")
def chromium(needs: Callable[..., None]) -> Path:
    """/usr/bin/chromium, with Playwright to drive it; skips where either is missing (fails when REQUIRE_BROWSER=1)."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (Debian: apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("playwright (pip install -c constraints.txt -e '.[test]')")
    needs(*missing)
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[object]:
    """A headless Chromium driven by Playwright, shared by the tests of one module."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, needs: Callable[..., None]) -> Path:
    """The course website (`make site`), both editions, built once per session into a temporary folder."""
    missing = [f"{name} (pip install -c constraints.txt -e '.[site]')" for name in ("sphinx", "myst_nb", "furo", "jieba")
               if importlib.util.find_spec(name) is None]
    needs(*missing)
    from scripts.site.build import build

    out = tmp_path_factory.mktemp("site") / "site"
    build(out)
    return out
