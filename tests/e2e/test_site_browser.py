"""The course website in a real Chromium: English lesson 1, its language switch to the Chinese one,
search in both languages, charts that load, Chinese text in the site's own font, and no request
leaving the machine."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import pytest

from tests.e2e.browser import offline_page

pytestmark = pytest.mark.browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


@pytest.fixture(scope="module")
def site_url(built_site: Path, chromium: Path) -> Iterator[str]:
    """The built site served as plain static files on 127.0.0.1, as any static host would."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture()
def page(browser, site_url: str):
    """A page on which every request to another host is aborted and remembered, and script errors kept."""
    tab = offline_page(browser, site_url, width=1280, height=900)
    yield tab
    tab.close()


def _images_loaded(tab) -> list[int]:
    """The natural width of every image in the article once it has loaded (0 for one that failed)."""
    tab.wait_for_load_state("load")
    return tab.evaluate("""() => Array.from(document.querySelectorAll('article img'), img =>
                             img.complete ? img.naturalWidth : 0)""")


def test_lesson_1_in_english_has_its_charts_and_switches_to_the_same_lesson_in_chinese(page, site_url):
    from playwright.sync_api import expect

    page.goto(f"{site_url}/en/01_concepts.html")
    expect(page.locator("h1").first).to_contain_text("What parallel tool calling is")
    widths = _images_loaded(page)
    assert len(widths) >= 2 and all(w > 0 for w in widths), widths
    page.locator("#language-switch").click()
    page.wait_for_url(f"{site_url}/zh-CN/01_concepts.html")
    expect(page.locator("h1").first).to_contain_text("什么是并行")
    widths = _images_loaded(page)
    assert len(widths) >= 2 and all(w > 0 for w in widths), widths
    page.locator("#language-switch").click()
    page.wait_for_url(f"{site_url}/en/01_concepts.html")
    assert page.external_requests == [] and page.errors == []


def test_chinese_text_is_drawn_in_the_sites_own_cjk_font(page, site_url):
    page.goto(f"{site_url}/zh-CN/01_concepts.html")
    page.wait_for_load_state("networkidle")
    fonts = page.evaluate("""async () => { await document.fonts.ready;
        return Array.from(document.fonts, f => [f.family, f.weight, f.status]); }""")
    assert ["Noto Sans SC Course", "400", "loaded"] in fonts and ["Noto Sans SC Course", "700", "loaded"] in fonts
    # the heading, bold text and the sidebar's current entry: the glyphs exist in the face the page uses
    assert page.evaluate("""() => document.fonts.check('700 16px "Noto Sans SC Course"', '本课你将什么是并行')""")
    family = page.evaluate("() => getComputedStyle(document.querySelector('article strong')).fontFamily")
    assert family.startswith('"Noto Sans SC Course"')


@pytest.mark.parametrize("edition,term,expected", [
    ("en", "gather", "All at once"),
    ("zh-CN", "并行", "什么是并行"),
    ("zh-CN", "超时", "最佳实践"),
])
def test_search_finds_a_term_in_each_language(page, site_url, edition, term, expected):
    from playwright.sync_api import expect

    page.goto(f"{site_url}/{edition}/01_concepts.html")
    box = page.locator("input[name='q']").first
    box.fill(term)
    box.press("Enter")
    page.wait_for_url(f"**/{edition}/search.html?q={quote(term)}*")
    results = page.locator("#search-results li")
    expect(results.first).to_be_visible()
    expect(page.locator("#search-results")).to_contain_text(expected)
    assert page.errors == [] and page.external_requests == []
