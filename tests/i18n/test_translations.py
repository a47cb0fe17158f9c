"""The zh-CN edition is generated from the English source plus a catalog, and cannot drift from it."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import nbformat
import pytest

from scripts import build_translations as tx

ROOT = Path(__file__).resolve().parents[2]


def english() -> nbformat.NotebookNode:
    """A small English solution notebook: a heading, a code cell with a comment, a plain code cell."""
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 9 · Example\n\nThree calls at once.", id="intro"),
        nbformat.v4.new_code_cell('print("total:", 2.0)  # seconds', id="total"),
        nbformat.v4.new_code_cell("x = 1", id="plain"),
    ])


def entry(source: str, zh: str | None = None, **extra) -> dict:
    made = {"type": "code", "hash": tx.source_hash(source), "en": tx.lines(source), **extra}
    if zh is not None:
        made["zh"] = tx.lines(zh)
    return made


def catalog() -> dict:
    nb = english()
    return {"cells": {
        "intro": {**entry(nb.cells[0].source, "# 9 · 示例\n\n三个调用同时进行。"), "type": "markdown"},
        "total": entry(nb.cells[1].source, 'print("总耗时：", 2.0)  # 秒'),
        "plain": entry(nb.cells[2].source, same=True),
    }}


def test_translated_notebook_uses_the_catalog_and_chooses_the_language_first():
    nb = tx.translate_notebook(english(), catalog(), "09_example.ipynb", "zh-CN")
    assert [c.source for c in nb.cells] == [
        "# 9 · 示例\n\n三个调用同时进行。", 'import course\ncourse.set_language("zh-CN")',
        'print("总耗时：", 2.0)  # 秒', "x = 1"]


def test_stale_translation_fails_the_build_naming_the_cell():
    changed = english()
    changed.cells[1].source = 'print("total:", 3.0)  # seconds'
    with pytest.raises(tx.BuildError, match=r"'total'.*changed after it was translated"):
        tx.translate_notebook(changed, catalog(), "09_example.ipynb", "zh-CN")


def test_stale_markdown_fails_too():
    changed = english()
    changed.cells[0].source += " Then one more."
    with pytest.raises(tx.BuildError, match=r"'intro'.*changed after it was translated"):
        tx.translate_notebook(changed, catalog(), "09_example.ipynb", "zh-CN")


def test_new_cell_without_translation_fails_the_build():
    grown = english()
    grown.cells.append(nbformat.v4.new_markdown_cell("## Summary", id="summary"))
    with pytest.raises(tx.BuildError, match=r"'summary'.*has no translation"):
        tx.translate_notebook(grown, catalog(), "09_example.ipynb", "zh-CN")


def test_fuzzy_entry_fails_until_reviewed():
    fuzzy = catalog()
    fuzzy["cells"]["total"]["fuzzy"] = True
    with pytest.raises(tx.BuildError, match=r"'total'.*fuzzy"):
        tx.translate_notebook(english(), fuzzy, "09_example.ipynb", "zh-CN")


def test_translated_code_may_change_only_comments_and_strings():
    sneaky = catalog()
    sneaky["cells"]["total"]["zh"] = tx.lines('print("总耗时：", 9.0)  # 秒')
    with pytest.raises(tx.BuildError, match=r"'total'.*more than comments and strings"):
        tx.translate_notebook(english(), sneaky, "09_example.ipynb", "zh-CN")


def test_every_problem_is_reported_at_once():
    changed = english()
    changed.cells[0].source += "!"
    changed.cells[1].source += "!"
    with pytest.raises(tx.BuildError, match=r"2 cell\(s\)"):
        tx.translate_notebook(changed, catalog(), "09_example.ipynb", "zh-CN")


def test_links_leaving_the_folder_move_up_and_sibling_notebooks_stay():
    text = "[next](07_coding_agent.ipynb), [guide](../docs/teaching.md), [web](https://x.org), [top](#a)"
    assert tx.relink(text) == ("[next](07_coding_agent.ipynb), [guide](../../docs/teaching.md), "
                               "[web](https://x.org), [top](#a)")


def test_extract_adds_new_cells_and_flags_changed_ones_fuzzy(tmp_path, monkeypatch):
    sol = tmp_path / "solutions"
    sol.mkdir()
    monkeypatch.setattr(tx.build, "SOLUTIONS", sol)
    monkeypatch.setattr(tx, "CATALOGS", tmp_path / "i18n")
    nbformat.write(english(), str(sol / "09_example.ipynb"))
    tx.save_catalog({"notebook": "09_example.ipynb", "language": "zh-CN", **catalog()}, "09_example.ipynb", "zh-CN")

    edited = english()
    edited.cells[1].source = 'print("total:", 2.0)  # virtual seconds'
    edited.cells.append(nbformat.v4.new_markdown_cell("## Summary", id="summary"))
    nbformat.write(edited, str(sol / "09_example.ipynb"))
    counts = tx.extract("09_example.ipynb", "zh-CN")

    assert counts == {"new": 1, "changed": 1, "unchanged": 2, "dropped": 0}
    cells = tx.load_catalog("09_example.ipynb", "zh-CN")["cells"]
    assert cells["total"]["fuzzy"] is True
    assert "".join(cells["total"]["previous_en"]) == 'print("total:", 2.0)  # seconds'
    assert "".join(cells["total"]["zh"]) == 'print("总耗时：", 2.0)  # 秒'  # kept for the translator to update
    assert cells["summary"]["zh"] is None
    assert "+print(\"total:\", 2.0)  # virtual seconds" in tx.show_fuzzy("09_example.ipynb", "zh-CN")[0]
    with pytest.raises(tx.BuildError):
        tx.translate_notebook(edited, tx.load_catalog("09_example.ipynb", "zh-CN"), "09_example.ipynb", "zh-CN")

    # the translator updates the one entry, removes the flag, and the build goes through
    cells["total"]["zh"] = tx.lines('print("总耗时：", 2.0)  # 虚拟秒')
    del cells["total"]["fuzzy"], cells["total"]["previous_en"]
    cells["summary"]["zh"] = tx.lines("## 小结")
    nb = tx.translate_notebook(edited, {"cells": cells}, "09_example.ipynb", "zh-CN")
    assert nb.cells[-1].source == "## 小结"


def test_extract_marks_code_without_words_as_same():
    assert not tx.needs_words("x = 1\ny = x + 2")
    assert tx.needs_words("x = 1  # one")
    assert tx.needs_words('print("done")')


# ---- long cells: paragraph by paragraph ------------------------------------------------------

LONG = "# 9 · Example\n\nThree calls at once,\nall of them reads.\n\n```python\nx = 1\n\ny = 2\n```\n\nThe end."
LONG_ZH = "# 9 · 示例\n\n三个调用同时进行，\n全是读取。\n\n```python\nx = 1\n\ny = 2\n```\n\n完。"


def _long_setup(tmp_path, monkeypatch, english_text: str) -> nbformat.NotebookNode:
    sol = tmp_path / "solutions"
    sol.mkdir(exist_ok=True)
    monkeypatch.setattr(tx.build, "SOLUTIONS", sol)
    monkeypatch.setattr(tx, "CATALOGS", tmp_path / "i18n")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(english_text, id="long")])
    nbformat.write(nb, str(sol / "09_example.ipynb"))
    return nb


def _translated_long(tmp_path, monkeypatch) -> None:
    """A catalog that translated LONG as one whole-cell entry, then --extract (which cuts it)."""
    _long_setup(tmp_path, monkeypatch, LONG)
    tx.save_catalog({"notebook": "09_example.ipynb", "language": "zh-CN", "cells": {
        "long": {"type": "markdown", "hash": tx.source_hash(LONG), "en": tx.lines(LONG), "zh": tx.lines(LONG_ZH)}}},
        "09_example.ipynb", "zh-CN")
    assert tx.extract("09_example.ipynb", "zh-CN")["unchanged"] == 1


def test_paragraphs_cut_at_blank_lines_but_not_inside_fenced_code():
    assert tx.paragraphs(LONG) == ["# 9 · Example", "Three calls at once,\nall of them reads.",
                                   "```python\nx = 1\n\ny = 2\n```", "The end."]
    assert tx.paragraphs("a\n\n\nb") is None  # two blank lines: the cut would not join back
    assert tx.paragraphs("a\n\nb\n") == ["a", "b\n"]


def test_a_whole_cell_translation_is_cut_into_paragraphs_without_changing_the_build(tmp_path, monkeypatch):
    _translated_long(tmp_path, monkeypatch)
    entry = tx.load_catalog("09_example.ipynb", "zh-CN")["cells"]["long"]
    assert [tx.joined(p["zh"]) for p in entry["paragraphs"]][1] == "三个调用同时进行，\n全是读取。"
    nb = tx.translate_notebook(_long_setup(tmp_path, monkeypatch, LONG), {"cells": {"long": entry}},
                               "09_example.ipynb", "zh-CN")
    assert nb.cells[0].source == LONG_ZH


def test_rewrapping_english_prose_leaves_the_translation_valid(tmp_path, monkeypatch):
    _translated_long(tmp_path, monkeypatch)
    rewrapped = LONG.replace("at once,\nall", "at once, all")
    nb = _long_setup(tmp_path, monkeypatch, rewrapped)
    assert tx.translate_notebook(nb, tx.load_catalog("09_example.ipynb", "zh-CN"), "09_example.ipynb",
                                 "zh-CN").cells[0].source == LONG_ZH
    assert tx.extract("09_example.ipynb", "zh-CN") == {"new": 0, "changed": 0, "unchanged": 1, "dropped": 0}


def test_editing_one_paragraph_asks_for_that_paragraph_only(tmp_path, monkeypatch):
    _translated_long(tmp_path, monkeypatch)
    edited = LONG.replace("all of them reads.", "all of them writes.").replace("The end.", "More.\n\nThe end.")
    nb = _long_setup(tmp_path, monkeypatch, edited)
    assert tx.extract("09_example.ipynb", "zh-CN")["changed"] == 1
    parts = tx.load_catalog("09_example.ipynb", "zh-CN")["cells"]["long"]["paragraphs"]
    assert [bool(p.get("fuzzy")) for p in parts] == [False, True, False, False, False]
    assert tx.joined(parts[1]["previous_en"]) == "Three calls at once,\nall of them reads."
    assert tx.joined(parts[1]["zh"]) == "三个调用同时进行，\n全是读取。"  # kept for the translator to update
    assert parts[3]["zh"] is None and tx.joined(parts[4]["zh"]) == "完。"
    with pytest.raises(tx.BuildError, match=r"'long'.*paragraph 2 is marked fuzzy.*paragraph 4 has no translation"):
        tx.translate_notebook(nb, tx.load_catalog("09_example.ipynb", "zh-CN"), "09_example.ipynb", "zh-CN")


# ---- the committed edition -------------------------------------------------------------------

def test_zh_edition_is_up_to_date_with_the_english_source_and_its_catalogs():
    problems = tx.stale()
    assert not problems, ("the zh-CN edition is out of date; run scripts/build_translations.py "
                          "(--extract NN first if English cells changed):\n" + "\n".join(problems))


def test_every_catalog_belongs_to_an_english_notebook_and_covers_its_cells():
    for path in sorted((ROOT / "i18n" / "zh-CN").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        source = ROOT / "solutions" / data["notebook"]
        assert source.exists(), f"{path.name} translates {data['notebook']}, which does not exist"
        ids = {c.get("id") for c in tx.translatable_cells(nbformat.read(str(source), as_version=4))}
        assert ids <= set(data["cells"]), f"{path.name}: no entry for {sorted(ids - set(data['cells']))}"


def test_zh_notebooks_choose_chinese_once_at_the_top_and_hold_no_solution_markers():
    for folder in ("solutions", "lessons"):
        for path in sorted((ROOT / folder / "zh-CN").glob("*.ipynb")):
            nb = nbformat.read(str(path), as_version=4)
            code = [c for c in nb.cells if c.cell_type == "code"]
            assert code[0].source == 'import course\ncourse.set_language("zh-CN")', path
            assert sum("set_language" in c.source for c in code) == 1, path
            if folder == "lessons":
                assert not any("BEGIN SOLUTION" in c.source for c in nb.cells), path


def test_every_relative_link_of_the_zh_notebooks_leads_somewhere():
    """Navigation and prose: a twin is linked beside it, an untranslated notebook or a doc one level up."""
    for folder in ("solutions", "lessons"):
        for path in sorted((ROOT / folder / "zh-CN").glob("*.ipynb")):
            for cell in nbformat.read(str(path), as_version=4).cells:
                if cell.cell_type != "markdown":
                    continue
                for target in re.findall(r"\]\(([^)\s]+)\)", cell.source):
                    if re.match(r"^([a-z][a-z0-9+.-]*:|#)", target):
                        continue
                    here = (path.parent / target.split("#")[0]).resolve()
                    assert here.exists(), f"{folder}/zh-CN/{path.name}: link {target} leads nowhere"


def test_english_notebooks_are_untouched_by_the_chinese_build():
    before = {p: p.read_bytes() for p in (ROOT / "solutions").glob("*.ipynb")}
    tx.generate(tx.catalogued("zh-CN"))
    assert {p: p.read_bytes() for p in (ROOT / "solutions").glob("*.ipynb")} == before
