"""lessons/ is generated from solutions/: it must never drift, and the stub rules must hold."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from scripts import build_notebooks as build


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


# ---- learner notebooks hold no checker, solution or quiz answer ----------------------------

# Solution lines a lesson shows on purpose, as part of its own teaching (not the exercise's answer).
SHOWN_IN_THE_LESSON = {
    'return [ToolCall(id="parse", name="parse", arguments={"text": text, "format": fmt})]',  # lesson 2's choose_parser
    'disk["notes.md"] = "# Notes\\n"',       # lesson 3 resets the file before the exercise
    'resources={"write": "{path}"})',         # lesson 5's read_file / write_file examples
    "return 1 / ((1 - p) + p / n)",           # lesson 7 states Amdahl's law before asking for it
}
CHECKER_CODE = ("exercise(", "Quiz(", "Question(", "solution=", "same_keys_values(", "runs_concurrently(")


def _lesson_texts(path: Path) -> list[tuple[str, str, str]]:
    """(cell type, source, printed output) of every cell of a notebook."""
    out = []
    for cell in nbformat.read(str(path), as_version=4).cells:
        printed = "".join(o.get("text", "") or str(o.get("data", {}).get("text/plain", ""))
                          for o in cell.get("outputs", []))
        out.append((cell.cell_type, cell.source, printed))
    return out


def _unescaped(text: str) -> str:
    """The text as written inside a Python string literal would read once unescaped."""
    return text.replace('\\"', '"').replace("\\'", "'").replace("\\n", "\n")


def _leaks(lessons: Path) -> list[str]:
    """Everything in lessons/ that gives an exercise's answer away."""
    from course.exercises.bank import everything
    from course.exercises import Exercise, Quiz
    bank = everything()
    problems = []
    for path in sorted(lessons.glob("*.ipynb")):
        cells = _lesson_texts(path)
        for kind, source, printed in cells:
            text = source + "\n" + printed
            for code in CHECKER_CODE:
                if kind == "code" and code in source:
                    problems.append(f"{path.name}: a cell defines a checker ({code!r})")
            for exercise_id, item in bank.items():
                if isinstance(item, Exercise):
                    for line in item.solution_text.splitlines():
                        line = line.strip()
                        if (len(line) >= 20 and not line.startswith(("def ", "async def "))
                                and line not in SHOWN_IN_THE_LESSON
                                and (line in text or line in _unescaped(text))):
                            problems.append(f"{path.name}: the solution of {exercise_id} ({line!r})")
                elif isinstance(item, Quiz):
                    letters = [q.answer for q in item.questions]
                    for quote in ('"', "'"):
                        answers = "{" + ", ".join(f"{n}: {quote}{a}{quote}" for n, a in enumerate(letters, 1)) + "}"
                        if answers in text:
                            problems.append(f"{path.name}: the answers of {exercise_id} ({answers})")
                    for q in item.questions:
                        if kind == "code" and q.why and q.why in text:
                            problems.append(f"{path.name}: the explanation of {exercise_id} ({q.why!r})")
    return sorted(set(problems))


def test_learner_notebooks_hold_no_solution_and_no_quiz_answer():
    problems = _leaks(build.LESSONS)
    assert not problems, "lessons/ gives answers away:\n" + "\n".join(problems)


def test_the_leak_scan_finds_a_solution_and_an_answer(tmp_path):
    cells = [nbformat.v4.new_code_cell('answers = {1: "b", 2: "a", 3: "c", 4: "b"}\nquiz.check(answers)'),
             nbformat.v4.new_code_cell("print('x')", outputs=[nbformat.v4.new_output(
                 "stream", text="Solution:\nasync def read_all(read, paths):\n"
                                "    return list(await asyncio.gather(*(read(p) for p in paths)))\n")])]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), str(tmp_path / "01_x.ipynb"))
    problems = "\n".join(_leaks(tmp_path))
    assert "the answers of 01.quiz" in problems and "the solution of 03.gather" in problems


def test_nbval_markers_become_cell_tags_and_their_explanation_stays():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT  (real clock)\nprint(1)", id="a"),
        nbformat.v4.new_code_cell("# NBVAL_SKIP\nprint(2)", id="b", metadata={"tags": ["exercise"]}),
        nbformat.v4.new_code_cell("print(3)  # NBVAL_IGNORE_OUTPUT is only a marker on the first line", id="c")])
    cells = build.markers_to_tags(nb).cells
    assert (cells[0].source, cells[0].metadata["tags"]) == ("# (real clock)\nprint(1)", ["nbval-ignore-output"])
    assert (cells[1].source, cells[1].metadata["tags"]) == ("print(2)", ["exercise", "nbval-skip"])
    assert "tags" not in cells[2].metadata


def test_rebuilt_notebooks_show_learners_no_nbval_comments():
    rebuilt = ["00_index.ipynb", "01_concepts.ipynb", "02_one_at_a_time.ipynb", "03_all.ipynb"]
    for folder in (build.SOLUTIONS, build.LESSONS):
        for name in rebuilt:
            for cell in nbformat.read(str(folder / name), as_version=4).cells:
                assert "NBVAL_" not in cell.source, (folder.name, name, cell.source[:60])
