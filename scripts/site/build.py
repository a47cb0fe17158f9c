"""Build the course website: both editions, from the committed, executed learner notebooks.

    python -m scripts.site.build                 # build/site/{en,zh-CN}/ and build/site/index.html
    python -m scripts.site.build --out DIR       # somewhere else

Nothing is executed: what a reader sees are the outputs nbval checks. For each edition the build
stages its pages in a scratch folder and runs Sphinx (MyST-NB, the furo theme) with
`scripts/site/` as the configuration:

* the lesson map and the nine lessons are the learner notebooks (`lessons/`, `lessons/zh-CN/`),
  each exercise followed by its hint and its worked solution, folded in disclosure widgets: the
  hint is the text `ex.hint()` prints, the solution the solved cell of `solutions/`;
* a cell that shows the live playground gets a sentence under its picture: it needs a kernel,
  and the picture is the last one it drew;
* the source map and the instructor guide are the Markdown files of `docs/` (the Chinese guide
  where there is one); notebook links inside them point at the pages;
* every page has a language switch to the same page in the other edition, and the two commands.

Why Sphinx and MyST-NB: both install wholly from the package index and build offline (Jupyter
Book 2 / mystmd fetch their theme from a web service at build time; JupyterLite cannot run the
course). The result is plain static files: copy `build/site/` to any static host.
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
CONF = Path(__file__).resolve().parent
EDITIONS = ("en", "zh-CN")
LESSONS = {"en": ROOT / "lessons", "zh-CN": ROOT / "lessons" / "zh-CN"}
SOLUTIONS = {"en": ROOT / "solutions", "zh-CN": ROOT / "solutions" / "zh-CN"}
# Every page is in both editions (the language switch always lands): where a document exists in one
# language only, the other edition shows it as it is, under a line that says so.
_ZH_DOCS = ROOT / "docs" / "zh-CN"
DOCS = {"en": {"teaching.md": ROOT / "docs" / "teaching.md", "source-map.md": ROOT / "docs" / "source-map.md",
               "glossary.md": _ZH_DOCS / "glossary.md", "translating.md": _ZH_DOCS / "translating.md"},
        "zh-CN": {"teaching.md": _ZH_DOCS / "teaching.md", "source-map.md": _ZH_DOCS / "source-map.md",
                  "glossary.md": _ZH_DOCS / "glossary.md", "translating.md": _ZH_DOCS / "translating.md"}}
FONTS = ROOT / "course" / "i18n" / "fonts"

WORDS = {
    "en": {"hint": "Hint", "solution": "Solution", "no-hint": "No hint for this one: try it!",
           "kernel": "The playground needs a running kernel: this is the picture it last drew. Open the lesson "
                     "in JupyterLab (`make lab`) to move its controls.",
           "english": ""},
    "zh-CN": {"hint": "提示", "solution": "参考答案", "no-hint": "这一题没有提示：试试看！",
              "kernel": "互动面板需要运行中的内核：这里是它最后画出的图。在 JupyterLab 里打开本课（`make lab EDITION=zh-CN`）"
                        "即可操作它的控件。",
              "english": "（本页暂无中文版，以下为英文原文。）\n\n"},
}
WORDS["en"]["chinese"] = "_This page is written in Chinese only (it serves the Chinese edition's translators)._\n\n"
WORDS["zh-CN"]["chinese"] = ""
_EXERCISE = re.compile(r"""(\w+)\s*=\s*course\.exercises\.get\(["']([\w.-]+)["']\)""")
_PLAYGROUND = re.compile(r"\b(widgets\.playground|widgets\.Playground|Playground)\(")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
PAGES = {"teaching.md", "source-map.md", "glossary.md", "translating.md"}


def _markdown(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(source)


def _disclosure(summary: str, body: str) -> str:
    return f'<details class="course-disclosure">\n<summary>{summary}</summary>\n\n{body}\n\n</details>'


def _code_block(code: str) -> str:
    return f"```python\n{code.rstrip()}\n```"


def _printed(fn: object) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fn()  # type: ignore[operator]
    return out.getvalue().strip()


def _hint(exercise_id: str, edition: str) -> str | None:
    """What `ex.hint()` prints in this edition, without its leading emoji and label (None: a quiz, no hints)."""
    import course
    import course.exercises

    exercise = course.exercises.get(exercise_id)
    if not hasattr(exercise, "hint"):
        return None
    course.set_language("zh-CN" if edition == "zh-CN" else "en")
    try:
        text = _printed(exercise.hint)
    finally:
        course.set_language("en")
    return re.sub(r"^💡\s*[^:：]*[:：]\s*", "", text) or WORDS[edition]["no-hint"]


def _solution_cells(edition: str, name: str) -> dict[str, str]:
    """The solved source of every cell of the solution notebook, by cell id."""
    path = SOLUTIONS[edition] / name
    if not path.exists():
        return {}
    nb = nbformat.read(path, as_version=4)
    return {c.get("id", ""): c.source for c in nb.cells if c.cell_type == "code"}


def page_from_lesson(edition: str, path: Path) -> nbformat.NotebookNode:
    """A learner notebook as a web page: hints and solutions folded under each exercise."""
    nb = nbformat.read(path, as_version=4)
    solved = _solution_cells(edition, path.name)
    words = WORDS[edition]
    cells: list[nbformat.NotebookNode] = []
    pending: dict[str, str] = {}  # variable → exercise id, from `ex = course.exercises.get("...")`
    for cell in nb.cells:
        cell = copy.deepcopy(cell)
        if cell.cell_type == "markdown":
            cell.source = site_links(cell.source, edition, path.parent == LESSONS[edition])
        cells.append(cell)
        if cell.cell_type != "code":
            continue
        for variable, exercise_id in _EXERCISE.findall(cell.source):
            pending[variable] = exercise_id
        answered = [v for v in pending if re.search(rf"\b{re.escape(v)}\.check\(", cell.source)]
        for variable in answered:
            exercise_id = pending.pop(variable)
            hint = _hint(exercise_id, edition)
            parts = [] if hint is None else [_disclosure(words["hint"], hint)]
            solution = solved.get(cell.get("id", ""))
            if solution and solution != cell.source:
                parts.append(_disclosure(words["solution"], _code_block(_clean_solution(solution))))
            if parts:
                cells.append(_markdown("\n\n".join(parts)))
        if _PLAYGROUND.search(cell.source) and cell.get("outputs"):
            note = re.sub(r"`([^`]+)`", r"<code>\1</code>", words["kernel"])
            cells.append(_markdown(f'<p class="course-kernel-note">{note}</p>'))
    nb.cells = cells
    return nb


def _clean_solution(source: str) -> str:
    """A solved cell as a reader should see it: the solution markers and stub lines left out."""
    keep = [line for line in source.splitlines()
            if not re.match(r"\s*### (BEGIN SOLUTION|END SOLUTION|STUB:)", line)]
    return "\n".join(keep)


def site_links(text: str, edition: str, from_lessons: bool = True) -> str:
    """Links as the site needs them: to a page of this edition by its name; to the English guide from the
    Chinese one across editions; to any other file of the repository as its path in plain text."""
    def link(m: re.Match[str]) -> str:
        label, target = m.group(1), m.group(2)
        if re.match(r"[a-z][a-z0-9+.-]*:|#", target):  # https:, mailto:, an anchor on this page
            return m.group(0)
        path, _, anchor = target.partition("#")
        name = path.rsplit("/", 1)[-1]
        if edition == "zh-CN" and not from_lessons and path == "../teaching.md":
            return f'<a href="../en/teaching.html{"#" + anchor if anchor else ""}">{label}</a>'
        if re.fullmatch(r"\d\d_[\w-]+\.ipynb", name) or name in PAGES:
            return f"[{label}]({name}{'#' + anchor if anchor else ''})"
        return f"{label} (`{path.lstrip('./')}` in the course's repository)"
    return _LINK.sub(link, text)


def page_from_doc(edition: str, path: Path) -> str:
    """A Markdown document of docs/, with links to notebooks pointed at their pages."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # the translation's provenance header
    chinese = "zh-CN" in path.parts
    if chinese != (edition == "zh-CN"):
        text = WORDS[edition]["chinese" if chinese else "english"] + text
    return site_links(text, edition, from_lessons=False)


def stage(edition: str, folder: Path) -> list[str]:
    """Write one edition's pages into `folder`; return their names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for path in sorted(LESSONS[edition].glob("[0-9][0-9]_*.ipynb")):
        nbformat.write(page_from_lesson(edition, path), folder / path.name)
        names.append(path.name)
    for name, path in DOCS[edition].items():
        (folder / name).write_text(page_from_doc(edition, path), encoding="utf-8")
        names.append(name)
    return names


def _toc(edition: str, names: list[str]) -> str:
    """A hidden table of contents for the lesson map (the root page), so the sidebar lists every page."""
    pages = [n.rsplit(".", 1)[0] for n in names if n != "00_index.ipynb"]
    return "```{toctree}\n:hidden:\n:maxdepth: 1\n\n" + "\n".join(pages) + "\n```"


def build_edition(edition: str, out: Path, scratch: Path) -> None:
    """Stage and build one edition into out/<edition>/."""
    source = scratch / edition
    names = stage(edition, source)
    index = nbformat.read(source / "00_index.ipynb", as_version=4)
    index.cells.append(_markdown(_toc(edition, names)))
    nbformat.write(index, source / "00_index.ipynb")
    static = scratch / f"conf-{edition}"
    shutil.copytree(CONF, static, ignore=shutil.ignore_patterns("__pycache__", "*.py"), dirs_exist_ok=True)
    shutil.copy(CONF / "conf.py", static / "conf.py")
    for font in FONTS.glob("*.ttf"):
        shutil.copy(font, static / "_static" / font.name)
    env = {**os.environ, "COURSE_SITE_LANGUAGE": "zh_CN" if edition == "zh-CN" else "en",
           "PYTHONHASHSEED": "0"}
    env.pop("MPLBACKEND", None)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-c", str(static),
                    "-D", f"language={env['COURSE_SITE_LANGUAGE']}", str(source), str(out / edition)],
                   check=True, env=env, cwd=scratch)
    (out / edition / "index.html").write_text(_redirect("00_index.html"), encoding="utf-8")


def _redirect(target: str) -> str:
    return (f'<!doctype html><meta charset="utf-8"><title>Parallel tool calling</title>'
            f'<meta http-equiv="refresh" content="0; url={target}"><link rel="canonical" href="{target}">'
            f'<p><a href="{target}">{target}</a></p>\n')


def build(out: Path) -> dict[str, object]:
    """Build both editions into `out`; return what it cost (seconds, bytes, pages)."""
    started = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="course-site-") as scratch:
        for edition in EDITIONS:
            build_edition(edition, out, Path(scratch))
    (out / "index.html").write_text(_redirect("en/00_index.html"), encoding="utf-8")
    (out / ".nojekyll").write_text("", encoding="utf-8")  # GitHub Pages: serve _static/ as it is
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    pages = sum(1 for _ in out.rglob("*.html"))
    return {"seconds": round(time.perf_counter() - started, 1), "bytes": size, "pages": pages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    args = parser.parse_args(argv)
    cost = build(args.out)
    print(json.dumps({"out": str(args.out), **cost}))
    print(f"built both editions in {cost['seconds']} s: {cost['pages']} pages, "
          f"{cost['bytes'] / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
