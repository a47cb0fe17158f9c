"""A CJK font for matplotlib, used only when the language is zh-CN.

The font is Noto Sans SC (SIL Open Font License 1.1, see OFL.txt beside it), shipped in this
package as a static Regular *subset*: every character the course's Chinese text uses plus the
3,755 most common Hanzi (GB 2312 level 1), Latin letters, digits and the punctuation the charts
draw. It installs with the package from the package index on every platform, needs no download
at run time, and weighs about 1.2 MB per weight (Regular and Bold) instead of the 17 MB of the
full variable font.

Why a subset and not the full font from a dependency: the one Noto Sans SC on the package index
that fits (`justmytype-intl-cjk`) is a 29 MB wheel of *variable* fonts whose default instance is
Thin (weight 100), and matplotlib cannot choose an instance; cutting a Regular instance out of the
whole font takes about 40 s. `scripts/i18n_font.py` builds the subset from that package,
reproducibly (pinned version, fixed character list), so regenerating it after new translations
gives the same file; a test fails when catalog text uses a character the subset lacks.

Matplotlib's per-glyph fallback does the rest: the font family becomes [Noto Sans SC subset,
DejaVu Sans], so a glyph the subset lacks (✓, ✗) comes from matplotlib's own font. English
restores the settings that were there before.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

FONT_DIR = Path(__file__).with_name("fonts")
FONT_FILE = FONT_DIR / "NotoSansSC-Regular-course.ttf"
FONT_FILES = (FONT_FILE, FONT_DIR / "NotoSansSC-Bold-course.ttf")  # bold titles and totals need a real bold
FAMILY = "Noto Sans SC"

_saved: dict[str, Any] | None = None
_registered = False


def font_path() -> Path:
    """The bundled CJK font file."""
    return FONT_FILE


def register() -> str:
    """Add the bundled fonts to matplotlib's font manager (once); returns their family name."""
    global _registered
    from matplotlib import font_manager

    if not _registered:
        for path in FONT_FILES:
            font_manager.fontManager.addfont(str(path))
        _registered = True
    return font_manager.FontProperties(fname=str(FONT_FILE)).get_name()


def use_font_for(lang: str) -> None:
    """Charts in `lang`: the CJK font first for zh-CN; matplotlib's previous settings otherwise."""
    global _saved
    try:
        import matplotlib
    except ImportError:  # charts are optional: text still works without matplotlib
        return
    rc = matplotlib.rcParams
    if lang == "zh-CN":
        family = register()
        if _saved is None:
            _saved = {"font.family": list(rc["font.family"])}
        rc["font.family"] = [family, "DejaVu Sans"]
    elif _saved is not None:
        rc.update(_saved)
        _saved = None
