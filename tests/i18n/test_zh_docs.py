"""The zh-CN instructor guide (docs/zh-CN/teaching.md) is a hand-kept translation of docs/teaching.md.

Unlike the notebooks, nothing generates it, so its front matter records what it was translated
from: the commit of docs/teaching.md (`source_commit`, for `git diff`) and the SHA-256 of that
file's content (`source_sha256`). The hash needs no git history, so the check works in any clean
clone or unpacked archive: when the English guide changes, this test fails until the translation
is brought up to date and its front matter records the new source.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ENGLISH = REPO / "docs" / "teaching.md"
CHINESE = REPO / "docs" / "zh-CN" / "teaching.md"


def _front_matter(text: str) -> dict[str, str]:
    m = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    assert m, f"{CHINESE.relative_to(REPO)} should start with a front matter block (--- … ---)"
    return dict(line.split(": ", 1) for line in m.group(1).splitlines() if ": " in line)


def _sha256(path: Path) -> str:
    # line endings normalised: a checkout with CRLF (Windows, autocrlf) is the same text
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def _prose_lines(path: Path) -> list[str]:
    """The file's lines outside fenced code blocks (a `# comment` in a shell block is no heading)."""
    lines, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def _github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped (CJK kept), spaces → hyphens."""
    text = re.sub(r"`", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def test_the_zh_guide_is_translated_from_the_current_english_guide() -> None:
    meta = _front_matter(CHINESE.read_text(encoding="utf-8"))
    assert meta.get("source") == "docs/teaching.md"
    assert re.fullmatch(r"[0-9a-f]{40}", meta.get("source_commit", "")), "source_commit: the full commit hash"
    now = _sha256(ENGLISH)
    assert meta.get("source_sha256") == now, (
        "docs/teaching.md changed after docs/zh-CN/teaching.md was translated from it.\n"
        f"  See what changed:  git diff {meta.get('source_commit')} -- docs/teaching.md\n"
        "  Translate the change into docs/zh-CN/teaching.md, then set its front matter to\n"
        "  source_commit: the commit that last changed docs/teaching.md "
        "(git log -1 --format=%H -- docs/teaching.md)\n"
        f"  source_sha256: {now}")


def test_the_zh_guide_covers_every_section_of_the_english_one() -> None:
    def headings(path: Path) -> list[str]:
        return [line.split(" ", 1)[0] for line in _prose_lines(path) if re.match(r"#{1,6} ", line)]

    english, chinese = headings(ENGLISH), headings(CHINESE)
    # one extra section at the end: how the translation is kept current
    assert chinese[:-1] == english, "the zh guide's sections should follow the English guide's, level by level"


def test_the_zh_guide_links_resolve() -> None:
    text = CHINESE.read_text(encoding="utf-8")
    anchors = {_github_anchor(line.lstrip("#")) for line in _prose_lines(CHINESE) if re.match(r"#{1,6} ", line)}
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert links
    for link in links:
        if link.startswith(("http://", "https://")):
            continue
        if link.startswith("#"):
            assert link[1:] in anchors, f"no heading for the anchor {link}"
            continue
        target = (CHINESE.parent / link.split("#", 1)[0]).resolve()
        assert target.exists(), f"{link} points at nothing"
        assert REPO in target.parents, f"{link} leaves the repository"


def test_the_zh_guide_points_at_zh_notebooks_where_they_exist() -> None:
    text = CHINESE.read_text(encoding="utf-8")
    for link in re.findall(r"\]\(([^)\s#]+\.ipynb)\)", text):
        path = (CHINESE.parent / link).resolve().relative_to(REPO)
        twin = REPO / "lessons" / "zh-CN" / path.name
        assert path.parts[:2] == ("lessons", "zh-CN") or not twin.exists(), f"{link}: link the zh-CN twin"


def test_the_zh_readme_and_glossary_link_the_guide() -> None:
    for path in (REPO / "README.zh-CN.md", REPO / "docs" / "zh-CN" / "glossary.md"):
        links = re.findall(r"\]\(([^)\s#]+)\)", path.read_text(encoding="utf-8"))
        assert any((path.parent / link).resolve() == CHINESE for link in links), f"{path.name} should link the guide"
