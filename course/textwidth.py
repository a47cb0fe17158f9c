"""Text that lines up in a terminal or a notebook's monospace output, Chinese included.

A CJK character takes two columns of a monospace font, so `f"{name:<14}"` — which counts
characters — pads a Chinese label too far and the columns after it drift. `width()` counts
columns instead, and `ljust` / `rjust` / `center` pad to a number of columns.

Why hand-written on `unicodedata.east_asian_width` and not the `wcwidth` package: the text this
course prints is Latin, Han, CJK punctuation, a few arrows and emoji marks (✅ ❌ ⏳ 💡); Unicode's
East Asian Width property, which the standard library ships, answers each of them (W and F are
two columns; A, "ambiguous", is one, as in every Western-locale terminal and in Jupyter's font);
the few combining marks (category Mn, Me) and zero-width characters take none. `wcwidth` adds
tables for the rarest cases (emoji ZWJ sequences, Hangul jamo) that no output here holds, and
would be one more dependency of the base install for about twenty lines.
"""
from __future__ import annotations

import unicodedata
from typing import Iterable, Sequence

__all__ = ["center", "columns", "ljust", "rjust", "width"]

_ZERO = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}  # zero-width space, joiners, BOM


def _char_width(ch: str) -> int:
    """Columns one character takes in a monospace font: 0, 1 or 2."""
    if ch in _ZERO or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if ch == "\ufe0f":  # variation selector-16 asks for the emoji form: no column of its own
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: object) -> int:
    """The number of monospace columns `text` takes (CJK characters count two)."""
    return sum(_char_width(ch) for ch in str(text))


def ljust(text: object, columns: int, fill: str = " ") -> str:
    """`text` padded on the right to `columns` monospace columns (never cut)."""
    s = str(text)
    return s + fill * max(0, columns - width(s))


def rjust(text: object, columns: int, fill: str = " ") -> str:
    """`text` padded on the left to `columns` monospace columns (never cut)."""
    s = str(text)
    return fill * max(0, columns - width(s)) + s


def center(text: object, columns: int, fill: str = " ") -> str:
    """`text` centred in `columns` monospace columns (the odd column goes to the right)."""
    s = str(text)
    gap = max(0, columns - width(s))
    return fill * (gap // 2) + s + fill * (gap - gap // 2)


def columns(rows: Iterable[Sequence[object]], align: str = "", gap: int = 2,
            minimum: Sequence[int] = ()) -> str:
    """Rows of cells as aligned text: each column as wide as its widest cell (and at least
    `minimum[i]`), in monospace columns.

    `align` has one letter per column, "<" (left, the default) or ">" (right); a left-aligned last
    column is not padded, so no line ends in blanks.
    """
    table = [[str(c) for c in row] for row in rows]
    if not table:
        return ""
    n = max(len(r) for r in table)
    widths = [max([width(r[i]) for r in table if i < len(r)] + list(minimum[i:i + 1])) for i in range(n)]
    lines = []
    for row in table:
        cells = []
        for i, cell in enumerate(row):
            right = i < len(align) and align[i] == ">"
            last = i == len(row) - 1
            cells.append(rjust(cell, widths[i]) if right else (cell if last else ljust(cell, widths[i])))
        lines.append((" " * gap).join(cells))
    return "\n".join(lines)
