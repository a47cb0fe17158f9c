"""End-to-end: a zh-CN lesson in JupyterLab, in a real (Debian) Chromium driven by Playwright.

Opens lessons/zh-CN/02_one_at_a_time.ipynb (the first zh-CN lesson with the playground) as a
learner gets it — exercises blank — runs every cell, and looks for Chinese where a learner reads:
the checkers' verdicts on what is left blank, the playground's controls, and the charts (images).
Text the playground does not translate yet (its title line, metrics table and scenario
descriptions) makes the test xfail, naming it, until it does. Screenshots go to pytest's temp folder, or to $BROWSER_SCREENSHOTS when set;
look at them: the chart's labels must be Chinese, with no tofu boxes.

Skips when /usr/bin/chromium is missing, unless REQUIRE_BROWSER=1 (CI), where it fails instead
(the `chromium` and `browser` fixtures of tests/e2e/conftest.py).
"""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from typing import Iterator

import pytest

from tests.e2e.browser import screenshots
from tests.e2e.browser.lab import REPO, Lab, open_notebook, start_lab

LESSON = REPO / "lessons" / "zh-CN" / "02_one_at_a_time.ipynb"
FONTS = REPO / "course" / "i18n" / "fonts"

# JupyterLab draws its own text (markdown, widget labels) with the machine's fonts; a bare CI image
# has no CJK font, so the page would show tofu boxes where learners' machines show Chinese. The test
# lends the page the course's own chart font (Noto Sans SC subset) as a fallback for CJK code points
# only, so its screenshots can be read. Charts are PNGs drawn by the kernel and need no such help.
CJK_FALLBACK_CSS = """
@font-face { font-family: "Course CJK"; font-weight: 400; src: url("/__course_cjk__/regular.ttf");
             unicode-range: U+2E80-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF; }
@font-face { font-family: "Course CJK"; font-weight: 700; src: url("/__course_cjk__/bold.ttf");
             unicode-range: U+2E80-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF; }
html:root {  /* more specific than the theme's :root, which loads after this */
  --jp-ui-font-family: system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica, arial, "Course CJK",
                       sans-serif !important;
  --jp-content-font-family: system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica, arial,
                            "Course CJK", sans-serif !important;
  --jp-code-font-family: menlo, consolas, "DejaVu Sans Mono", "Course CJK", monospace !important;
  --jp-widgets-font-family: system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica, arial,
                            "Course CJK", sans-serif !important;
}
select, option { font-family: var(--jp-widgets-font-family) !important; }
"""


def _lend_cjk_font(page: object) -> None:
    """Serve the course's CJK font to this page and list it after the page's own fonts."""
    files = {"regular.ttf": FONTS / "NotoSansSC-Regular-course.ttf", "bold.ttf": FONTS / "NotoSansSC-Bold-course.ttf"}
    page.route("**/__course_cjk__/*", lambda route: route.fulfill(  # type: ignore[attr-defined]
        status=200, content_type="font/ttf", body=files[route.request.url.rsplit("/", 1)[1]].read_bytes()))
    page.add_style_tag(content=CJK_FALLBACK_CSS)  # type: ignore[attr-defined]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lab(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    base = tmp_path_factory.mktemp("browser_zh")
    root = base / "notebooks"
    (root / "zh-CN").mkdir(parents=True)
    shutil.copy(LESSON, root / "zh-CN" / LESSON.name)  # a copy: the committed lesson is never saved over
    server = start_lab(root, base / "jupyter")
    try:
        yield server
    finally:
        server.stop()


def _painted(page: object) -> None:
    """Wait for two animation frames: the cells JupyterLab just attached to the view are drawn."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")  # type: ignore[attr-defined]


def test_a_zh_lesson_speaks_chinese_in_jupyterlab(lab: Lab, browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    shots = screenshots(tmp_path)
    page = open_notebook(browser, lab, f"zh-CN/{LESSON.name}")
    _lend_cjk_font(page)
    try:
        started = time.monotonic()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()

        # the playground, live: its controls are described in Chinese
        output = page.locator(".jp-OutputArea-output").filter(has=page.locator(".widget-toggle-buttons"))
        chart = output.locator("img.widget-image")
        table = output.locator(".widget-gridbox")
        expect(chart).to_have_attribute("src", re.compile(r"^blob:|^data:"), timeout=120_000)
        print(f"Run All → the playground drawn: {time.monotonic() - started:.1f} s (reported, never judged)")
        for label in ("场景", "模式", "文件数", "调用之间有依赖", "一个不可并行的工具"):
            expect(output.locator(".widget-label, .widget-checkbox", has_text=label).first).to_be_visible()
        expect(output.get_by_role("button", name="用真实时钟运行")).to_be_visible()
        expect(output.locator("select")).to_contain_text("流水线")  # the scenario's name
        output.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "zh-playground.png"), full_page=False)
        chart.screenshot(path=str(shots / "zh-playground-chart.png"))

        # a click reaches the kernel and comes back; the controls stay Chinese
        chart_before, table_before = chart.get_attribute("src"), table.inner_text()
        output.locator(".widget-toggle-button", has_text="one-at-a-time").click()
        expect(table).not_to_have_text(table_before)
        expect(chart).not_to_have_attribute("src", chart_before or "")
        expect(output.locator(".widget-label", has_text="场景").first).to_be_visible()
        shown = output.inner_text()
        untranslated = [w for w in ("pick a mode", "total time", "peak concurrency", "each step using") if w in shown]

        # the checkers' verdicts on what was left blank: the exercises' and, at the end, the quiz's
        cells = page.locator(".jp-Notebook")
        expect(cells.get_by_text("还没有作答：把 `...`").first).to_be_attached()
        verdict = cells.get_by_text("还没有作答：在字典里给每道题填一个字母")  # a few cells below the playground
        verdict.scroll_into_view_if_needed()
        expect(verdict).to_be_in_viewport()
        _painted(page)
        page.screenshot(path=str(shots / "zh-verdict.png"), full_page=False)
        assert "Not attempted yet" not in cells.inner_text()
        # a timeline chart drawn by the kernel, near the top (JupyterLab renders only the cells near the view)
        page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first.evaluate("e => { e.scrollTop = 0; }")
        timeline = page.locator(".jp-OutputArea-output img[src^='data:image/png']").first
        expect(timeline).to_be_visible()
        timeline.scroll_into_view_if_needed()
        expect(timeline).to_be_in_viewport()
        _painted(page)
        page.screenshot(path=str(shots / "zh-timeline.png"), full_page=False)
        timeline.screenshot(path=str(shots / "zh-timeline-chart.png"))
        assert "Error displaying widget" not in cells.inner_text()
    finally:
        page.context.close()
    if untranslated:  # known gap: widgets/playground.py passes its controls through tr(), not these yet
        pytest.xfail(f"the playground still shows English: {untranslated}")
