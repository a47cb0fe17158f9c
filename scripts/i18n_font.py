#!/usr/bin/env python
"""Build the Chinese chart font the package ships: a static Regular subset of Noto Sans SC.

    python -m pip install -c constraints.txt "justmytype-intl-cjk"   # the source font (OFL), once
    python -m scripts.i18n_font            # writes course/i18n/fonts/NotoSansSC-{Regular,Bold}-course.ttf
    python -m scripts.i18n_font --check    # exit 1 when catalog text uses a character the font lacks

The source is the variable Noto Sans SC of the pinned `justmytype-intl-cjk` wheel. The subset
keeps: every character of the zh-CN notebook catalogs (i18n/zh-CN/*.json), of the package's
message catalogs (course/i18n/locale/zh_CN/) and of the Chinese documents the website shows
(docs/zh-CN/*.md, README.zh-CN.md: the site serves this font with its pages); GB 2312 level 1 (the 3,755 most common Hanzi, listed by
decoding the code table, so no list is downloaded); ASCII, Latin-1, general punctuation, arrows,
CJK punctuation and full-width forms. Then the weight axis is pinned, once at Regular (400) and
once at Bold (700). The same
inputs give the same file (fontTools is pinned; the build drops timestamps).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "course" / "i18n" / "fonts"
WEIGHTS = {"Regular": 400, "Bold": 700}  # matplotlib draws bold titles and totals: no fake bold, no warning
OUT = FONTS / "NotoSansSC-Regular-course.ttf"
SOURCE = "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"


def gb2312_level1() -> set[str]:
    """The 3,755 level-1 Hanzi of GB 2312 (rows 16–55), from Python's own codec."""
    chars = set()
    for row in range(0xB0, 0xD8):
        for col in range(0xA1, 0xFF):
            try:
                chars.add(bytes([row, col]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def catalog_text() -> str:
    """Every translated string of the course: notebook catalogs, the package's messages, the Chinese documents."""
    from course.i18n import catalog

    parts = list(catalog("zh-CN").values())
    for path in sorted((ROOT / "i18n" / "zh-CN").glob("*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8"))["cells"].values():
            parts.extend(entry.get("zh") or [])
    for path in [*sorted((ROOT / "docs" / "zh-CN").glob("*.md")), ROOT / "README.zh-CN.md"]:
        parts.append(path.read_text(encoding="utf-8"))
    return "".join(parts)


def is_cjk(c: str) -> bool:
    """Hanzi, CJK punctuation and full-width forms: what the subset must draw (emoji fall back elsewhere)."""
    return 0x2E80 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF or 0xFF00 <= ord(c) <= 0xFFEF


def wanted() -> set[str]:
    """The characters the subset must hold."""
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x2027), (0x2030, 0x205E), (0x2190, 0x2199),
              (0x2212, 0x2212), (0x3000, 0x303F), (0xFF01, 0xFF5E), (0x00D7, 0x00D7)]
    chars = {chr(c) for lo, hi in ranges for c in range(lo, hi + 1)}
    return chars | gb2312_level1() | {c for c in catalog_text() if is_cjk(c)}


def lacking(font: Path = OUT) -> list[str]:
    """Characters of the catalogs that are not in the font (CJK only: others fall back to DejaVu Sans)."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(font)).getBestCmap()
    return sorted({c for c in catalog_text() if is_cjk(c) and ord(c) not in cmap})


def build() -> list[Path]:
    """Subset, pin the weight (Regular and Bold), drop timestamps; write the fonts and the licence."""
    from importlib.resources import files

    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    source = files("justmytype_intl_cjk").joinpath(SOURCE)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    written = []
    for style, weight in WEIGHTS.items():
        font = TTFont(str(source))
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in wanted()))
        subsetter.subset(font)
        font = instancer.instantiateVariableFont(font, {"wght": weight}, updateFontNames=True)
        font["head"].created = font["head"].modified = 0
        font.recalcTimestamp = False  # otherwise saving stamps the time: the same inputs must give the same bytes
        out = FONTS / f"NotoSansSC-{style}-course.ttf"
        out.parent.mkdir(parents=True, exist_ok=True)
        font.save(str(out), reorderTables=True)
        written.append(out)
    licence = files("justmytype_intl_cjk").joinpath("fonts/ofl/notosanssc/OFL.txt").read_text(encoding="utf-8")
    (FONTS / "OFL.txt").write_text(licence, encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when catalog text uses a character the font lacks")
    args = parser.parse_args(argv)
    if args.check:
        missing = lacking()
        print(f"missing from the font: {''.join(missing)}" if missing else "the font holds every catalog character.")
        return 1 if missing else 0
    for path in build():
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
