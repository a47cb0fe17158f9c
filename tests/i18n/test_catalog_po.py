"""The notebook catalogs as gettext .po files: a lossless round trip through Babel, files GNU msgfmt
accepts, and a translator's edit in the .po reaching the build."""
from __future__ import annotations

import gettext
import json
import subprocess
from pathlib import Path

import nbformat
import pytest
from babel.messages.pofile import read_po, write_po

from scripts import build_translations as tx

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted((ROOT / "i18n" / "zh-CN").glob("*.json"))
po = tx._load_po()


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.stem)
def test_every_catalog_round_trips_through_po_exactly(path: Path) -> None:
    catalog = json.loads(path.read_text(encoding="utf-8"))
    back = po.loads(po.dumps(catalog, "zh-CN"), catalog["notebook"], "zh-CN")
    assert json.dumps(back, ensure_ascii=False, indent=1) == json.dumps(catalog, ensure_ascii=False, indent=1)


def _catalog() -> dict:
    """A catalog with every kind of entry: whole markdown, paragraphs (one fuzzy), code, same."""
    return {"notebook": "09_example.ipynb", "language": "zh-CN", "cells": {
        "intro": {"type": "markdown", "paragraphs": [
            {"hash": tx.prose_hash("# 9 · Example"), "en": ["# 9 · Example"], "zh": ["# 9 · 示例"]},
            {"hash": tx.prose_hash("Three calls {a} at 50% once."), "fuzzy": True, "previous_en": ["Two calls."],
             "en": ["Three calls {a} at 50% once."], "zh": ["两个调用。"]},
            {"hash": tx.prose_hash("New."), "en": ["New."], "zh": None}]},
        "one": {"type": "markdown", "hash": tx.prose_hash("Done."), "en": ["Done."], "zh": ["完成。"]},
        "total": {"type": "code", "hash": tx.source_hash('print("total:", 2.0)  # s\n'),
                  "en": ['print("total:", 2.0)  # s\n'], "zh": ['print("总计：", 2.0)  # 秒\n']},
        "plain": {"type": "code", "hash": tx.source_hash("x = 1"), "same": True, "en": ["x = 1"]},
    }}


def test_every_kind_of_entry_round_trips_and_reads_as_gettext_expects() -> None:
    text = po.dumps(_catalog(), "zh-CN")
    assert po.loads(text, "09_example.ipynb", "zh-CN") == _catalog()
    assert 'msgctxt "intro/2"' in text and 'msgctxt "total"' in text
    assert '#| msgid "Two calls."' in text  # the previous English, where gettext tools look for it
    assert "#, fuzzy\n" in text and "#, read-only\n" in text
    assert "python-format" not in text and "python-brace-format" not in text  # a cell is not a format string


def test_msgfmt_accepts_every_exported_catalog_and_gettext_reads_the_translations(tmp_path: Path, msgfmt: str) -> None:
    for path in [*CATALOGS, None]:
        catalog = _catalog() if path is None else json.loads(path.read_text(encoding="utf-8"))
        source = tmp_path / f"{Path(catalog['notebook']).stem}.po"
        source.write_text(po.dumps(catalog, "zh-CN"), encoding="utf-8")
        compiled = source.with_suffix(".mo")
        run = subprocess.run([msgfmt, "--check", "-o", str(compiled), str(source)], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    with compiled.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.pgettext("one", "Done.") == "完成。"
    assert translations.pgettext("intro/1", "# 9 · Example") == "# 9 · 示例"
    assert translations.pgettext("intro/2", "Three calls {a} at 50% once.") == "Three calls {a} at 50% once."  # fuzzy: unused


def test_a_translators_edit_in_the_po_reaches_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sol = tmp_path / "solutions"
    sol.mkdir()
    monkeypatch.setattr(tx.build, "SOLUTIONS", sol)
    monkeypatch.setattr(tx, "CATALOGS", tmp_path / "i18n")
    english = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 9 · Example\n\nThree calls {a} at 50% once.\n\nNew.", id="intro"),
        nbformat.v4.new_markdown_cell("Done.", id="one"),
        nbformat.v4.new_code_cell('print("total:", 2.0)  # s\n', id="total"),
        nbformat.v4.new_code_cell("x = 1", id="plain")])
    nbformat.write(english, str(sol / "09_example.ipynb"))
    tx.save_catalog(_catalog(), "09_example.ipynb", "zh-CN")
    with pytest.raises(tx.BuildError, match=r"paragraph 2 is marked fuzzy.*; paragraph 3 has no translation"):
        tx.translate_notebook(english, tx.load_catalog("09_example.ipynb", "zh-CN"), "09_example.ipynb", "zh-CN")

    exported = tx.export_po("09_example.ipynb", "zh-CN", tmp_path / "po")
    with exported.open("rb") as handle:  # what a platform does: fill in msgstr, clear fuzzy, write the file
        catalog = read_po(handle)
    catalog.get("Three calls {a} at 50% once.", context="intro/2").string = "一次三个调用 {a}，占 50%。"
    catalog.get("Three calls {a} at 50% once.", context="intro/2").flags.discard("fuzzy")
    catalog.get("New.", context="intro/3").string = "新的。"
    with exported.open("wb") as handle:
        write_po(handle, catalog, width=0, include_previous=True)
    tx.import_po("09_example.ipynb", "zh-CN", tmp_path / "po")

    nb = tx.translate_notebook(english, tx.load_catalog("09_example.ipynb", "zh-CN"), "09_example.ipynb", "zh-CN")
    assert nb.cells[0].source == "# 9 · 示例\n\n一次三个调用 {a}，占 50%。\n\n新的。"
    assert tx.load_catalog("09_example.ipynb", "zh-CN")["cells"]["plain"] == _catalog()["cells"]["plain"]


def test_import_without_an_export_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(tx.BuildError, match="run --export-po first"):
        tx.import_po("04_hybrid.ipynb", "zh-CN", tmp_path)
