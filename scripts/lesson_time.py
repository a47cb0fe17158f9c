"""How long a lesson takes a learner: the estimate the course map gives, counted from the lesson's cells.

The map (lesson 0) states the method, and `tests/notebooks/test_course_map.py` holds the map to it, so a
lesson that grows cannot leave its row behind:

* reading: 150 English words a minute; the Chinese edition 300 Chinese characters a minute (English
  words in it still at 150). Code blocks and link targets are not read; an inline `code` span is one word;
* half a minute per code cell (read it, run it, look at the output);
* six minutes per exercise and two per self-check quiz;
* rounded to five minutes.

Run it to print each edition's rows: `python scripts/lesson_time.py`.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `scripts` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scripts.build_notebooks import INDEX, LESSONS, is_nav, read, sequence  # noqa: E402

WORDS_PER_MINUTE, HANZI_PER_MINUTE = 150, 300
CODE_CELL, EXERCISE, QUIZ = 0.5, 6, 2  # minutes

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
_HANZI = re.compile(r"[\u4e00-\u9fff]")
_EXERCISE = re.compile(r'course\.exercises\.get\("([^"]+)"\)')


def reading_minutes(markdown: str, lang: str = "en") -> float:
    """Minutes to read one markdown cell in `lang` ("en" or "zh-CN")."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)  # code blocks are run, not read
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link's target is not read
    text = re.sub(r"`[^`]*`", " x ", text)  # an inline code span reads as one word
    minutes = len(_WORD.findall(text)) / WORDS_PER_MINUTE
    if lang != "en":
        minutes += len(_HANZI.findall(text)) / HANZI_PER_MINUTE
    return minutes


def minutes(notebook: Path, lang: str = "en") -> int:
    """A lesson's estimated minutes, rounded to five."""
    total = 0.0
    for cell in read(notebook).cells:
        if is_nav(cell):
            continue  # the generated navigation bars
        if cell.cell_type == "markdown":
            total += reading_minutes(cell.source, lang)
        elif cell.cell_type == "code":
            total += CODE_CELL
            for exercise in _EXERCISE.findall(cell.source):
                total += QUIZ if exercise.endswith("quiz") else EXERCISE
    return 5 * round(total / 5)


def lesson_minutes(lang: str = "en") -> dict[str, int]:
    """Every lesson after the map, by file name: its estimated minutes in edition `lang`."""
    folder = LESSONS if lang == "en" else LESSONS / lang
    return {name: minutes(folder / name, lang) for name in sequence(folder) if name != INDEX}


if __name__ == "__main__":
    for lang in ("en", "zh-CN"):
        rows = lesson_minutes(lang)
        total = sum(rows.values())
        print(lang, rows, f"in all {total // 60} h {total % 60} min")
