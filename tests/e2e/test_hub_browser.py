"""A learner's walk through the classroom hub in a real (Debian) Chromium, driven by Playwright.

The hub is scripts/classroom/hub.py's (JupyterHub, the Python configurable-http-proxy,
nbgitpuller serving this repository). The learner follows the nbgitpuller link, logs in, lands in
lesson 1, runs all cells and sees the charts; adds a cell of their own and saves. The instructor
then commits an update to the served repository; a second click on the same link brings the
update in and keeps the learner's cell (nbgitpuller's merge), as docs/teaching.md promises.

Skips where /usr/bin/chromium or JupyterHub is missing, unless REQUIRE_BROWSER=1 (CI), where it fails
instead (the `chromium`, `needs` and `browser` fixtures of tests/e2e/conftest.py).
Screenshots go to pytest's temp folder, or to $BROWSER_SCREENSHOTS when that is set.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

from scripts.classroom import hub as classroom
from tests.e2e.browser import screenshots

LESSON = "lessons/01_concepts.ipynb"
LEARNER = "ada"
MINE = 'quiz.check({1: "b", 2: "b", 3: "c", 4: "a"}); print("ada was here")'  # answers the self-check
UPDATE = "lessons/UPDATED_BY_INSTRUCTOR.md"

pytestmark = [pytest.mark.browser, pytest.mark.classroom]


@pytest.fixture(scope="module")
def hub(chromium: Path, needs: Callable[..., None],
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[classroom.Hub]:
    absent = classroom.missing()
    if absent:
        needs(f"{', '.join(absent)} (pip install -c constraints.txt -e '.[hub]')")
    server = classroom.Hub(folder=tmp_path_factory.mktemp("hub-walk"))
    try:
        yield server.start()
    finally:
        server.stop()


def _wait_for_file(path: Path, predicate, timeout: float = 60.0) -> dict:
    """The notebook on disk once `predicate` holds for it (saving is asynchronous)."""
    deadline = time.monotonic() + timeout
    while True:
        notebook = json.loads(path.read_text()) if path.exists() else {"cells": []}
        if predicate(notebook) or time.monotonic() > deadline:
            return notebook
        time.sleep(0.25)


def _lesson_open(page, hub: classroom.Hub) -> None:
    """Wait until JupyterLab shows lesson 1 with its kernel idle."""
    from playwright.sync_api import expect

    page.wait_for_url(re.compile(rf"/user/{LEARNER}/lab"), timeout=240_000)
    expect(page.locator(".jp-NotebookPanel:visible .jp-Cell").first).to_be_visible(timeout=120_000)
    expect(page.locator("#jp-main-statusbar").get_by_text(re.compile(r"\bIdle\b"))).to_be_visible(timeout=120_000)


def _scroll(page, where: str) -> None:
    """Scroll the open notebook to its top or bottom (the cells there are then rendered)."""
    page.evaluate("""(where) => {
        const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
        panel.scrollTop = where === 'top' ? 0 : panel.scrollHeight;
    }""", where)
    page.wait_for_timeout(500)


def _instructor_pushes_an_update(hub: classroom.Hub, work: Path) -> None:
    """Commit a new file to the repository the link pulls from, as an instructor would push one."""
    served = urlsplit_path(hub.repo)
    classroom.git("clone", "--quiet", str(served), str(work))
    (work / UPDATE).write_text("Added by the instructor after the first click.\n")
    classroom.git("add", UPDATE, cwd=work)
    classroom.git("-c", "user.name=Instructor", "-c", "user.email=instructor@example.org",
                  "commit", "--quiet", "-m", "An update during class", cwd=work)
    classroom.git("push", "--quiet", "origin", f"HEAD:{hub.branch}", cwd=work)


def urlsplit_path(uri: str) -> Path:
    from urllib.parse import unquote, urlsplit

    return Path(unquote(urlsplit(uri).path))


def test_learner_follows_the_link_runs_lesson_one_and_a_second_click_keeps_their_cell(
        hub: classroom.Hub, browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    shots = screenshots(tmp_path)
    link = hub.link(LESSON)
    notebook_file = hub.home(LEARNER) / classroom.REPO_NAME / LESSON
    context = browser.new_context(viewport={"width": 1280, "height": 1100})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        # The link first asks the hub who this is.
        page.goto(link)
        page.locator("#username_input").fill(LEARNER)
        page.locator("#password_input").fill(hub.password)
        page.screenshot(path=str(shots / "hub-login.png"))
        page.locator("#login_submit").click()
        # The hub starts the server, nbgitpuller clones the lessons, JupyterLab opens lesson 1.
        _lesson_open(page, hub)
        assert notebook_file.exists(), "nbgitpuller did not clone the lessons into the learner's home"

        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
        # Run All is done when the last code cell's count is the number of code cells (a fresh
        # kernel counts from 1) and none waits. JupyterLab renders only the cells near the view,
        # so count the cells, not their prompts.
        page.wait_for_function("""() => {
            const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
            const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.innerText.trim());
            return prompts.length > 10 && prompts[prompts.length - 1] === `[${prompts.length}]:`
                && !prompts.some(p => p.includes('*'));
        }""", timeout=180_000)
        _scroll(page, "top")
        chart = page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output img").first
        expect(chart).to_be_visible()
        expect(chart).to_have_attribute("src", re.compile(r"^data:image/png"))
        chart.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "hub-lesson1-chart.png"))

        # The learner adds a cell of their own below the last one (their answers to the quiz),
        # runs it and saves.
        _scroll(page, "bottom")
        page.locator(".jp-NotebookPanel:visible .jp-Cell").last.click()
        page.keyboard.press("Escape")
        page.keyboard.press("b")
        page.keyboard.press("Enter")
        page.keyboard.type(MINE)
        page.keyboard.press("Shift+Enter")
        expect(page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output").get_by_text("ada was here")
               ).to_be_visible()
        page.keyboard.press("Control+s")
        saved = _wait_for_file(notebook_file, lambda nb: any(
            "".join(c["source"]) == MINE for c in nb["cells"]))
        sources = ["".join(c["source"]) for c in saved["cells"]]
        assert MINE in sources, "the learner's cell was not saved"
        outputs = [o for c in saved["cells"] for o in c.get("outputs", [])]
        assert any("image/png" in o.get("data", {}) for o in outputs)
        assert not any(o["output_type"] == "error" for o in outputs)

        # The instructor pushes an update; the learner clicks the same link again.
        _instructor_pushes_an_update(hub, tmp_path / "instructor")
        page.goto(link)
        _lesson_open(page, hub)
        _scroll(page, "bottom")
        kept = page.locator(".jp-NotebookPanel:visible .jp-Cell").get_by_text(MINE)
        expect(kept).to_be_visible()
        kept.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "hub-second-click.png"))
    finally:
        context.close()
    after = json.loads(notebook_file.read_text())
    assert MINE in ["".join(c["source"]) for c in after["cells"]], "the second click lost the learner's cell"
    assert (hub.home(LEARNER) / classroom.REPO_NAME / UPDATE).exists(), "the update did not arrive"
    progress = json.loads((hub.home(LEARNER) / ".parallel-tool-course" / "progress.json").read_text())
    assert "01.quiz" in progress["exercises"], "the learner's answer is not in their progress file"
    assert errors == [], errors
