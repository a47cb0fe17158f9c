"""The course map's times are counted from the lessons, not typed once and left to drift.

Lesson 0 states how each lesson's time is estimated; `scripts/lesson_time.py` counts it from the
lesson's cells, and these tests hold both editions' tables, their totals and README to that count.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from scripts import lesson_time

ROOT = Path(__file__).resolve().parents[2]

EDITIONS = {"en": (ROOT / "lessons" / "00_index.ipynb", r"\| (\d+) min \|", r"add up to (\d+) h (\d+) min",
                   r"lessons 1–4 \((\d+) h (\d+) min\)"),
            "zh-CN": (ROOT / "lessons" / "zh-CN" / "00_index.ipynb", r"\| (\d+) 分钟 \|",
                      r"加起来是 (\d+) 小时 (\d+) 分钟", r"第 1–4 课（(\d+) 小时 (\d+) 分钟）")}


def _map_text(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return next("".join(c["source"]) for c in cells if c.get("id") == "map")


def _minutes(match: re.Match[str]) -> int:
    return int(match.group(1)) * 60 + int(match.group(2))


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_maps_rows_are_the_counted_estimates(lang):
    path, row, total, core = EDITIONS[lang]
    text = _map_text(path)
    counted = list(lesson_time.lesson_minutes(lang).values())
    assert [int(m) for m in re.findall(row, text)] == counted, (
        f"lesson 0's table ({lang}) no longer matches the lessons: run `python scripts/lesson_time.py` "
        "and copy its rows into solutions/00_index.ipynb (and the zh-CN catalog)")
    assert _minutes(re.search(total, text)) == sum(counted)
    assert _minutes(re.search(core, text)) == sum(counted[:4])


def test_the_estimate_counts_words_code_cells_exercises_and_quizzes(tmp_path):
    def cells():
        return [new_markdown_cell("word " * 150 + "```\nnot read at all\n```"),
                new_markdown_cell("word " * 3000, metadata={"tags": ["nav"]}),
                new_code_cell('ex = course.exercises.get("01.sort-tools")'),
                new_code_cell('quiz = course.exercises.get("01.quiz")')]
    notebook = tmp_path / "01_x.ipynb"
    nbformat.write(new_notebook(cells=[cell for _ in range(5) for cell in cells()]), str(notebook))
    # 5 × (1 min reading + 2 code cells × 0.5 + 6 for the exercise + 2 for the quiz) = 50
    assert lesson_time.minutes(notebook) == 50
    assert lesson_time.reading_minutes("字" * 300, "zh-CN") == 1.0
    assert lesson_time.reading_minutes("`a long inline code span` and [a link](https://example.com/a/b/c)") == 4 / 150  # x, and, a, link
