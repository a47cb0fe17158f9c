"""The projector page: the playground served by Voilà, driven in a real Chromium, with no internet.

`make projector` runs scripts/classroom/projector.py; this test starts the same server, blocks
every request that leaves this machine (as in a room without Wi-Fi), and checks that the page
draws the playground, answers clicks, plays a real-clock run, and never asked the internet.
Skips where /usr/bin/chromium or Voilà is missing, unless REQUIRE_BROWSER=1, where it fails instead
(the `chromium`, `needs` and `browser` fixtures of tests/e2e/conftest.py).
"""
from __future__ import annotations

import importlib.util
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.browser import offline_page as open_offline_page

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def projector_url(chromium, needs):
    """Start the projector server exactly as `make projector` does (minus opening a browser)."""
    if importlib.util.find_spec("voila") is None:
        needs("voila (pip install -c constraints.txt -e '.[test,classroom]')")
    port = _free_port()
    log_path = Path(tempfile.mkdtemp(prefix="projector-")) / "voila.log"
    log = open(log_path, "w")
    env = dict(os.environ, MPLBACKEND="Agg")
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[name] = str(log_path.parent / name.lower())  # the user's Jupyter settings stay out
    server = subprocess.Popen([sys.executable, str(ROOT / "scripts/classroom/projector.py"),
                               "--no-browser", "--port", str(port)], env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = _wait_for_voila(server, log_path)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
        shutil.rmtree(log_path.parent, ignore_errors=True)


def _free_port() -> int:
    """A free port below Linux's ephemeral range, where kernels' own ports can't land."""
    for port in random.Random().sample(range(20000, 30000), 200):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


def _wait_for_voila(server: subprocess.Popen, log_path: Path, timeout: float = 60) -> str:
    """The URL Voilà says it serves (it moves to another port if its own is taken)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(r"(http://127\.0\.0\.1:\d+/)", log_path.read_text(errors="replace"))
        if found:
            url = found.group(1)
            try:
                with urllib.request.urlopen(url + "voila/static/voila.js", timeout=5):
                    return url
            except OSError:
                pass
        if server.poll() is not None:
            break
        time.sleep(0.3)
    pytest.fail("the Voilà server did not start:\n" + log_path.read_text(errors="replace")[-3000:])


@pytest.fixture()
def offline_page(browser, projector_url):
    """A page on which every request to another host is aborted and remembered."""
    page = open_offline_page(browser, projector_url, width=1280, height=1000)
    yield page
    page.close()


def grid_value(page, metric: str) -> str:
    """The 'this run' cell of a metric row in the playground's table."""
    cells = page.locator(".widget-gridbox > *").all_inner_texts()
    return cells[cells.index(metric) + 1].strip()


def wait_for_metric(page, metric: str, value: str, timeout: float = 30) -> None:
    """Wait until the table's 'this run' column shows `value` for `metric`."""
    page.wait_for_function(
        """([metric, value]) => {
            const cells = [...document.querySelectorAll('.widget-gridbox > *')].map(c => c.innerText.trim());
            const i = cells.indexOf(metric);
            return i >= 0 && cells[i + 1] === value;
        }""", arg=[metric, value], timeout=timeout * 1000)


def test_served_page_links_nothing_outside_this_machine(projector_url):
    html = urllib.request.urlopen(projector_url, timeout=60).read().decode()
    assets = re.findall(r'<(?:link|script)[^>]*(?:href|src)="([^"]+)"', html)
    assert assets, "no stylesheets or scripts found: did the template change?"
    external = [a for a in assets if a.startswith(("http:", "https:", "//"))]
    assert external == [], external
    assert "cdn.jsdelivr.net" not in html and "fontawesome-free@" not in html


def test_projector_page_draws_the_playground_offline_and_answers_clicks(offline_page, projector_url):
    page = offline_page
    started = time.monotonic()
    page.goto(projector_url, wait_until="domcontentloaded", timeout=60_000)
    page.get_by_role("button", name="one-at-a-time").wait_for(timeout=90_000)
    first_paint = time.monotonic() - started
    assert page.locator("text=Delivery-mode playground").first.is_visible()
    assert page.locator(".widget-image img, img.widget-image").first.is_visible()
    # Default scenario, three 1 s reads and 0.5 s model turns: 'all' takes 2 s in 2 model turns.
    wait_for_metric(page, "total time", "2 s")
    assert grid_value(page, "model turns") == "2"
    page.get_by_role("button", name="one-at-a-time").click()
    wait_for_metric(page, "total time", "5 s")
    assert grid_value(page, "model turns") == "4"
    # The play icon comes from the icon font Voilà bundles, not from a CDN.
    icon = page.evaluate("""() => {
        const i = document.querySelector('.widget-button i.fa, .widget-button i[class*="fa-"]');
        if (!i) return null;
        return {family: getComputedStyle(i).fontFamily, width: i.getBoundingClientRect().width,
                loaded: document.fonts.check('900 16px "Font Awesome 5 Free"')};
    }""")
    assert icon and "Font Awesome" in icon["family"] and icon["width"] > 0 and icon["loaded"], icon
    assert page.external_requests == [], page.external_requests
    assert page.errors == [], page.errors
    assert first_paint < 60, f"the playground took {first_paint:.1f} s to appear"


def test_projector_real_clock_run_finishes(offline_page, projector_url):
    page = offline_page
    page.goto(projector_url, wait_until="domcontentloaded", timeout=60_000)
    button = page.get_by_role("button", name="Run on the real clock")
    button.wait_for(timeout=90_000)
    button.click()
    page.get_by_text(re.compile(r"done: [\d.]+ s on the real clock")).wait_for(timeout=30_000)
    assert page.external_requests == [] and page.errors == []
