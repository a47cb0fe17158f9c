"""The course website (`make site`): every page in both editions, every internal link resolving,
each exercise's hint and solution folded away, and nothing re-executed."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from scripts.site.build import EDITIONS, LESSONS

ROOT = Path(__file__).resolve().parents[2]


class _Links(HTMLParser):
    """The href/src of every link, image, script and stylesheet of a page, and its element ids."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])  # type: ignore[arg-type]
        for name in ("href", "src"):
            if found.get(name) and tag in ("a", "img", "script", "link", "source"):
                self.targets.append(found[name])  # type: ignore[arg-type]


def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name not in ("genindex.html",))


def test_both_editions_have_the_lesson_map_every_lesson_and_the_guides(built_site):
    for edition in EDITIONS:
        names = {p.stem for p in (built_site / edition).glob("*.html")}
        lessons = {p.stem for p in LESSONS[edition].glob("[0-9][0-9]_*.ipynb")}
        assert lessons <= names, f"{edition} lacks {sorted(lessons - names)}"
        assert {"teaching", "source-map", "glossary", "search"} <= names


def test_the_language_switch_of_every_page_lands_on_the_same_page_in_the_other_edition(built_site):
    for edition in EDITIONS:
        other = "zh-CN" if edition == "en" else "en"
        for page in (built_site / edition).glob("*.html"):
            if page.name in ("index.html", "search.html", "genindex.html"):
                continue
            switch = re.search(r'id="language-switch" href="([^"]+)"', page.read_text(encoding="utf-8"))
            assert switch, f"{page.relative_to(built_site)} has no language switch"
            assert switch.group(1) == f"../{other}/{page.name}"
            assert (built_site / other / page.name).exists()


def test_every_internal_link_resolves_and_external_ones_are_only_listed(built_site):
    broken, external = [], set()
    ids = {page: _parse(page).ids for page in _pages(built_site)}
    for page in _pages(built_site):
        for target in _parse(page).targets:
            parts = urlsplit(target)
            if parts.scheme in ("http", "https", "mailto"):
                external.add(target)  # listed, never fetched: the build and this test are offline
                continue
            if parts.scheme:
                continue
            resolved = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{page.relative_to(built_site)} → {target}")
            elif parts.fragment and resolved.suffix == ".html" and resolved in ids \
                    and unquote(parts.fragment) not in ids[resolved]:
                broken.append(f"{page.relative_to(built_site)} → {target} (no such anchor)")
    print(f"{len(external)} external links (not fetched):", *sorted(external), sep="\n  ")
    assert broken == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_exercise_has_its_hint_and_solution_folded_away(built_site, edition):
    page = (built_site / edition / "03_all.html").read_text(encoding="utf-8")
    folded = re.findall(r'<details class="course-disclosure">\s*<summary>([^<]+)</summary>(.*?)</details>', page, re.S)
    summaries = [s.strip() for s, _ in folded]
    hint, solution = ("Hint", "Solution") if edition == "en" else ("提示", "参考答案")
    assert summaries.count(hint) >= 4 and summaries.count(solution) >= 5
    bodies = " ".join(body for _, body in folded)
    assert "asyncio" in bodies and "gather" in bodies  # the gather exercise's worked solution
    outside = re.sub(r'<details class="course-disclosure">.*?</details>', "", page, flags=re.S)
    assert "return_exceptions" not in outside.split("03.keep-siblings")[-1].split("03.no-lost-update")[0]
    assert "BEGIN SOLUTION" not in page and "STUB:" not in page


def test_pages_show_the_committed_outputs_not_a_new_run(built_site):
    notebook = nbformat.read(LESSONS["en"] / "01_concepts.ipynb", as_version=4)
    printed = next(o["text"] for c in notebook.cells if c.cell_type == "code"
                   for o in c.get("outputs", []) if o.get("output_type") == "stream" and "makespan" in o["text"])
    page = (built_site / "en" / "01_concepts.html").read_text(encoding="utf-8")
    assert printed.splitlines()[0].split(":")[1].strip() in page
    assert len(re.findall(r"<img [^>]*src=\"_images/", page)) >= 2


def test_the_playground_is_shown_as_its_last_picture_with_a_sentence_saying_so(built_site):
    for edition, words in (("en", "needs a running kernel"), ("zh-CN", "需要运行中的内核")):
        page = (built_site / edition / "04_hybrid.html").read_text(encoding="utf-8")
        note = page.index(words)
        assert page.rfind("<img", 0, note) != -1
        assert "application/vnd.jupyter.widget-view+json" not in page


def test_every_chinese_character_on_the_site_is_in_the_font_it_serves(built_site):
    from fontTools.ttLib import TTFont

    from scripts.i18n_font import is_cjk

    for style in ("Regular", "Bold"):
        cmap = TTFont(str(built_site / "zh-CN" / "_static" / f"NotoSansSC-{style}-course.ttf")).getBestCmap()
        missing = {}
        for edition in EDITIONS:
            for page in (built_site / edition).glob("*.html"):
                text = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))
                lacking = sorted({c for c in text if is_cjk(c) and ord(c) not in cmap})
                if lacking:
                    missing[f"{edition}/{page.name}"] = "".join(lacking)
        assert missing == {}, f"{style}: characters the site would draw as empty boxes: {missing}"
