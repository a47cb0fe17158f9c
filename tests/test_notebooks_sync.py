"""lessons/ is generated from solutions/: it must never drift, and the stub rules must hold."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_build():
    spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "scripts" / "build_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_notebooks"] = module
    spec.loader.exec_module(module)
    return module


build = _load_build()


def test_lessons_are_up_to_date_with_solutions():
    problems = build.stale()
    assert not problems, "lessons/ is out of date; run `make lessons`:\n" + "\n".join(problems)


def test_every_solution_notebook_has_a_lesson():
    missing = [n for n in build.sequence(build.SOLUTIONS) if not (build.LESSONS / n).exists()]
    assert not missing, f"no generated lesson for {missing}; run `make lessons`"


def test_lessons_contain_no_solution_markers():
    for path in sorted(build.LESSONS.glob("*.ipynb")):
        for cell in nbformat.read(str(path), as_version=4).cells:
            assert "BEGIN SOLUTION" not in cell.source, f"{path.name} still holds a solution block"


def test_indented_block_becomes_not_implemented():
    source = "def f(x):\n    ### BEGIN SOLUTION\n    return x * 2\n    ### END SOLUTION\n\nex.check(f)"
    assert build.stub_source(source, "code") == (
        "def f(x):\n    raise NotImplementedError  # your code here\n\nex.check(f)")


def test_top_level_block_uses_its_stub_line():
    source = "### BEGIN SOLUTION\n### STUB: answer = ...\nanswer = 42\n### END SOLUTION\nex.check(answer)"
    assert build.stub_source(source, "code") == "answer = ...  # your code here\nex.check(answer)"


def test_stub_line_overrides_the_default_inside_a_function():
    source = "def f():\n    ### BEGIN SOLUTION\n    ### STUB: return []  # fill the list\n    return [1]\n    ### END SOLUTION"
    assert build.stub_source(source, "code") == "def f():\n    return []  # fill the list"


def test_top_level_block_without_stub_is_a_build_error():
    with pytest.raises(build.BuildError, match="STUB"):
        build.stub_source("### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION", "code", "x.ipynb, cell 3")


def test_unclosed_or_stray_markers_are_build_errors():
    with pytest.raises(build.BuildError, match="never closed"):
        build.stub_source("def f():\n    ### BEGIN SOLUTION\n    return 1", "code")
    with pytest.raises(build.BuildError, match="without a BEGIN"):
        build.stub_source("x = 1\n### END SOLUTION", "code")


def test_markdown_blocks_become_a_placeholder_or_their_stub():
    plain = "Why?\n<!-- BEGIN SOLUTION -->\nBecause.\n<!-- END SOLUTION -->"
    assert build.stub_source(plain, "markdown") == "Why?\n" + build.MARKDOWN_STUB
    custom = "Why?\n### BEGIN SOLUTION\n<!-- STUB: _Two sentences._ -->\nBecause.\n### END SOLUTION"
    assert build.stub_source(custom, "markdown") == "Why?\n_Two sentences._"


def test_stubbed_cells_lose_the_solution_outputs():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\nex.check(f)",
                                  id="a", outputs=[nbformat.v4.new_output("stream", text="✅ Correct!\n")]),
        nbformat.v4.new_code_cell("print(1)", id="b", outputs=[nbformat.v4.new_output("stream", text="1\n")]),
    ])
    lesson = build.lesson_from_solution(nb, "x.ipynb")
    assert lesson.cells[0].outputs == [] and len(lesson.cells[1].outputs) == 1


def test_navigation_links_neighbours_and_index():
    order = ["00_index.ipynb", "01_a.ipynb", "02_b.ipynb"]
    titles = {"00_index.ipynb": "Contents", "01_a.ipynb": "A", "02_b.ipynb": "B"}
    top, bottom = build.nav_cells("01_a.ipynb", order, titles)
    assert "[← Contents](00_index.ipynb)" in top.source and "[B →](02_b.ipynb)" in top.source
    assert build.is_nav(top) and build.is_nav(bottom)
    nb = nbformat.v4.new_notebook(cells=[top, nbformat.v4.new_markdown_cell("# A", id="t"), bottom])
    again = build.with_nav(nb, "01_a.ipynb", order, titles)
    assert [c.id for c in again.cells] == ["nav-top", "t", "nav-bottom"]  # replaced, not duplicated


def test_cleaning_strips_volatile_metadata():
    cell = nbformat.v4.new_code_cell("w", id="w", metadata={"execution": {"iopub.status.busy": "2024"}})
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "Playground()", build.WIDGET_VIEW: {"model_id": "f00", "version_major": 2}})]
    nb = nbformat.v4.new_notebook(cells=[cell], metadata={"widgets": {"state": {}}})
    cleaned = build.clean(nb)
    assert "widgets" not in cleaned.metadata and "execution" not in cleaned.cells[0].metadata
    assert cleaned.cells[0].outputs[0].data == {"text/plain": "Playground()"}
