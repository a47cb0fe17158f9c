#!/usr/bin/env python
"""Build the translated editions (zh-CN) of the notebooks from the English source and a catalog.

    python scripts/build_translations.py                 # every catalogued notebook: generate, execute
    python scripts/build_translations.py 06              # only these (name, stem or number)
    python scripts/build_translations.py --no-execute    # generate only (keep old outputs where unchanged)
    python scripts/build_translations.py --check         # exit 1 when a translation is stale or missing,
                                                         # or a generated notebook is out of date
    python scripts/build_translations.py --extract 07    # create/refresh catalog entries for new or changed cells
    python scripts/build_translations.py --status        # translated / fuzzy / missing, per notebook
    python scripts/build_translations.py --messages 06   # every line the twin showed in English
    python scripts/build_translations.py --export-po     # the catalogs as gettext .po files (build/po/zh-CN/)
    python scripts/build_translations.py --import-po 06  # a translated .po back into its catalog

The catalog. One JSON file per notebook, `i18n/<lang>/<notebook stem>.json`, holding one entry per
cell of the English *solution* notebook, keyed by the cell's nbformat id (stable across edits and
moves). An entry stores

    "type":  "markdown" | "code"
    "hash":  sha256 (first 16 hex digits) of the English source the translation was made from
    "en":    that English source, as a list of lines (like .ipynb stores sources)
    "zh":    the translated source, as a list of lines; or
    "same":  true  — nothing to translate (a code cell without comments or learner-facing text)
    "fuzzy": true  — the English changed since; "previous_en" shows what it was (gettext's `#| msgid`)
    "paragraphs": [{"hash", "en", "zh", maybe "fuzzy" and "previous_en"}, ...] — instead of "hash", "en"
             and "zh", for a markdown cell of several paragraphs: each paragraph is its own unit, so an
             edit of one paragraph of a long cell asks for that paragraph only

A markdown hash ignores whitespace (`prose_hash`), so re-wrapping English prose marks nothing stale; a
code hash is byte for byte. Translation platforms read the catalogs as gettext .po files
(scripts/catalog_po.py: msgctxt = the cell id, fuzzy and the previous msgid kept), and their .po files
import back into the same JSON.

Why this format: it needs only the standard library; it keeps sources as lists of lines exactly
as notebooks do, so a diff of a catalog is a diff of lines a reviewer can read; entries are
keyed by cell id, so moving or inserting English cells never shifts a translation onto the
wrong cell; and each entry carries what it was translated *from* (the hash for the check, the
English text for the translator's diff), which is gettext's fuzzy-entry idea in JSON.

The rules the build enforces (it exits non-zero and names the cell):
  * every English cell (except the generated navigation) has an entry — a new cell fails;
  * an entry's hash matches the English cell now — an English edit after translation fails;
  * a fuzzy entry fails until a translator has reviewed it and removed the flag;
  * a translated code cell differs from the English only in comments and string literals, so
    the code the two editions run is the same code.

A translator's loop: edit the English (someone else did), run `--extract NN`, which adds entries
for new cells (markdown: `"zh": null`; code: the English copied into "zh", flagged fuzzy) and flags
changed ones fuzzy with the previous English beside; edit those entries' "zh", delete `"fuzzy"`
and `"previous_en"`, run `--check`, then the build.

The generated notebooks. `solutions/<lang>/NN_*.ipynb` is the English solution with every cell's
source replaced by its translation, a first code cell that chooses the language once
(`course.set_language("zh-CN")`), navigation in the English reading order (to the translated twin
where there is one, titled by its own heading; otherwise to the English notebook one folder up,
marked as English), and relative links outside the notebook folder moved one level up. `lessons/<lang>/`
is generated from it exactly as lessons/ is from solutions/ (scripts/build_notebooks.py's own
functions), and both are executed in place so their outputs are committed and compared by nbval.
"""
from __future__ import annotations

import argparse
import copy
import difflib
import hashlib
import importlib.util
import io
import json
import os
import re
import sys
import tokenize
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "i18n"
LANGUAGES = {"zh-CN": {"contents": "目录", "english": "（英文版）"}}
LANGUAGE_CELL_ID = "set-language"


def _load_script(stem: str) -> Any:
    """A sibling script as a module, loaded once (scripts/ is not a package a script can import from)."""
    if stem in sys.modules:
        return sys.modules[stem]
    spec = importlib.util.spec_from_file_location(stem, ROOT / "scripts" / f"{stem}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[stem] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


build = _load_script("build_notebooks")  # its stubbing, navigation, cleaning and execution
BuildError = build.BuildError


# ---- the catalog ---------------------------------------------------------------------------

def lines(text: str) -> list[str]:
    """A source as a list of lines, each keeping its newline (the .ipynb way)."""
    return text.splitlines(keepends=True)


def joined(value: list[str] | str | None) -> str | None:
    """A list of lines (or a string) back into one string."""
    return value if value is None or isinstance(value, str) else "".join(value)


def source_hash(source: str) -> str:
    """What a translation was made from: the first 16 hex digits of the source's sha256."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def prose_hash(text: str) -> str:
    """What a markdown translation was made from, whitespace aside: re-wrapping a line of English prose
    changes nothing a translator must redo, so it leaves the translation valid."""
    return source_hash(" ".join(text.split()))


def hash_matches(entry: dict[str, Any], kind: str, source: str) -> bool:
    """True when an entry (or a paragraph of one) was translated from this English: code byte for byte,
    prose up to whitespace (an entry hashed byte for byte before prose hashes existed matches too)."""
    want = entry.get("hash")
    return want == source_hash(source) or (kind == "markdown" and want == prose_hash(source))


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
PARAGRAPH_BREAK = "\n\n"


def paragraphs(text: str) -> list[str] | None:
    """A markdown source cut at its blank lines (not inside fenced code), or None when the cut does not
    join back to the same text with one blank line between parts (two blank lines, a blank line of
    spaces): the units a cell of several paragraphs is translated in. A trailing newline stays with
    the last paragraph."""
    if text.endswith("\n") and not text.endswith("\n\n"):
        body = paragraphs(text[:-1])
        return None if body is None else [*body[:-1], body[-1] + "\n"]
    parts: list[list[str]] = [[]]
    fence: str | None = None
    for line in text.split("\n"):
        marker = _FENCE.match(line)
        if marker and (fence is None or marker.group(1)[0] == fence):
            fence = marker.group(1)[0] if fence is None else None
        if fence is None and not line.strip() and not marker:
            parts.append([])
            continue
        parts[-1].append(line)
    joined_parts = ["\n".join(p) for p in parts]
    if any(not p for p in joined_parts) or PARAGRAPH_BREAK.join(joined_parts) != text:
        return None
    return joined_parts


def split_prose(text: str) -> list[str] | None:
    """The paragraphs a markdown cell's catalog entry holds: None for a cell of one paragraph (or one
    that does not cut cleanly), which keeps one entry for the whole cell."""
    parts = paragraphs(text)
    return parts if parts is not None and len(parts) > 1 else None


def english_source(cell: NotebookNode) -> str:
    """A cell's English source as the English build writes it (nbval markers moved to tags)."""
    move = getattr(build, "markers_to_tags", None)
    if move is None or cell.cell_type != "code":
        return cell.source
    probe = nbformat.v4.new_notebook(cells=[copy.deepcopy(cell)])
    return move(probe).cells[0].source


def catalog_path(name: str, lang: str) -> Path:
    """Where a notebook's catalog lives: i18n/<lang>/<stem>.json."""
    return CATALOGS / lang / (Path(name).stem + ".json")


def load_catalog(name: str, lang: str) -> dict[str, Any]:
    """A notebook's catalog (an empty one when the file does not exist)."""
    path = catalog_path(name, lang)
    if not path.exists():
        return {"notebook": name, "language": lang, "cells": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def save_catalog(catalog: dict[str, Any], name: str, lang: str) -> Path:
    """Write a catalog, one key per line, Chinese kept readable (not \\u-escaped)."""
    path = catalog_path(name, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(catalog, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def translatable_cells(nb: NotebookNode) -> list[NotebookNode]:
    """The cells a catalog covers: all but the generated navigation."""
    return [c for c in nb.cells if not build.is_nav(c)]


def needs_words(source: str) -> bool:
    """True when a code cell holds a comment or a string with letters in it (something to translate)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return True
    kinds = {tokenize.COMMENT, tokenize.STRING, *_fstring_middle()}
    return any(t.type in kinds and re.search(r"[A-Za-z]{2}", t.string) for t in tokens)


def _fstring_middle() -> tuple[int, ...]:
    return tuple(getattr(tokenize, n) for n in ("FSTRING_MIDDLE", "TSTRING_MIDDLE") if hasattr(tokenize, n))


def code_skeleton(source: str) -> list[tuple[int, str]] | None:
    """The tokens of a code cell other than comments, strings and line breaks (None if it cannot
    be tokenized): two cells with the same skeleton run the same code."""
    skip = {tokenize.COMMENT, tokenize.STRING, tokenize.NL, tokenize.NEWLINE, *_fstring_middle()}
    try:
        return [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(source).readline)
                if t.type not in skip]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None


def translate_cell(cell: NotebookNode, entry: dict[str, Any] | None, where: str) -> str:
    """The translated source of one English cell, or a BuildError saying what the translator must do."""
    english = english_source(cell)
    if entry is None:
        raise BuildError(f"{where} ({cell.cell_type}) has no translation: run "
                         "`scripts/build_translations.py --extract` and translate the new entry")
    if "paragraphs" in entry:
        return _translate_paragraphs(english, entry["paragraphs"], where)
    if entry.get("fuzzy"):
        raise BuildError(f"{where} is marked fuzzy: review its \"zh\" against \"previous_en\" → \"en\", "
                         "then delete \"fuzzy\" and \"previous_en\"")
    if not hash_matches(entry, cell.cell_type, english):
        raise BuildError(f"{where}: the English cell changed after it was translated (hash "
                         f"{entry.get('hash')} → {source_hash(english)}): run `--extract`, update the "
                         "translation, and remove the fuzzy flag")
    if entry.get("same"):
        return english
    zh = joined(entry.get("zh"))
    if not zh:
        raise BuildError(f"{where} ({cell.cell_type}) has no translation yet (\"zh\" is empty)")
    if cell.cell_type == "code":
        want = code_skeleton(english)
        if want is not None and code_skeleton(zh) != want:
            raise BuildError(f"{where}: the translated code differs from the English in more than comments "
                             "and strings; translate only those, the code must stay the same")
    return zh


def _translate_paragraphs(english: str, entries: list[dict[str, Any]], where: str) -> str:
    """A markdown cell translated paragraph by paragraph: each paragraph checked on its own, so an edit
    of one paragraph asks for that paragraph's translation only."""
    parts = paragraphs(english) or [english]
    if len(parts) != len(entries):
        raise BuildError(f"{where}: the English cell now has {len(parts)} paragraph(s), its translation "
                         f"{len(entries)}: run `--extract`, which pairs them up and flags the new ones")
    problems = []
    for n, (part, entry) in enumerate(zip(parts, entries), 1):
        if entry.get("fuzzy"):
            problems.append(f"paragraph {n} is marked fuzzy (review \"zh\" against \"previous_en\" → \"en\", "
                            "then delete both flags)")
        elif not hash_matches(entry, "markdown", part):
            problems.append(f"paragraph {n} changed after it was translated (run `--extract`)")
        elif not joined(entry.get("zh")):
            problems.append(f"paragraph {n} has no translation yet (\"zh\" is empty)")
    if problems:
        raise BuildError(f"{where} (markdown): " + "; ".join(problems))
    return PARAGRAPH_BREAK.join(joined(entry["zh"]) for entry in entries)


# ---- links and navigation ------------------------------------------------------------------

_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def relink(markdown: str) -> str:
    """Relative links that leave the notebook folder, moved one level up (the twin lives one deeper);
    links to sibling notebooks stay, so they reach the translated twins."""
    def fix(m: re.Match[str]) -> str:
        target = m.group("target")
        if re.match(r"^([a-z][a-z0-9+.-]*:|#|/)", target) or build.NOTEBOOK_NAME.match(target.split("#")[0]):
            return m.group(0)
        return f"]({'../' + target})"
    return _LINK.sub(fix, markdown)


def link_twins(nb: NotebookNode, twins: set[str]) -> NotebookNode:
    """Links to sibling notebooks that have no twin yet lead to the English notebook one level up."""
    def fix(m: re.Match[str]) -> str:
        target = m.group("target")
        name = target.split("#")[0]
        if build.NOTEBOOK_NAME.match(name) and name not in twins:
            return f"](../{target})"
        return m.group(0)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not build.is_nav(cell):
            cell.source = _LINK.sub(fix, cell.source)
    return nb


def zh_nav(nb: NotebookNode, name: str, translated: set[str], titles: dict[str, str], lang: str) -> NotebookNode:
    """Navigation in the reading order of the English course: a notebook with a twin in `lang` is
    linked in this folder, one without is linked in the English folder one level up (and says so)."""
    order = build.sequence(build.SOLUTIONS)
    words = LANGUAGES[lang]
    shown = {n: titles[n] if n in translated else f"{titles.get(n, n)}{words['english']}" for n in order}
    nb = build.with_nav(nb, name, order, shown)
    for cell in nb.cells:
        if not build.is_nav(cell):
            continue
        source = cell.source.replace(f"[Contents]({build.INDEX})", f"[{words['contents']}]({build.INDEX})")
        for n in order:
            if n not in translated:
                source = source.replace(f"]({n})", f"](../{n})")
        cell.source = source
    return nb


def language_cell(lang: str) -> NotebookNode:
    """The first code cell of a translated notebook: the language, chosen once."""
    return nbformat.v4.new_code_cell(f'import course\ncourse.set_language("{lang}")', id=LANGUAGE_CELL_ID)


# ---- generating ----------------------------------------------------------------------------

def folders(lang: str) -> tuple[Path, Path]:
    """The translated solutions/ and lessons/ folders."""
    return build.SOLUTIONS / lang, build.LESSONS / lang


def catalogued(lang: str) -> list[str]:
    """English solution notebooks that have a catalog in this language."""
    return [n for n in build.sequence(build.SOLUTIONS) if catalog_path(n, lang).exists()]


def select(names: list[str], lang: str) -> list[str]:
    """The notebooks the command line names (every catalogued one when none is named)."""
    return build.select(names) if names else catalogued(lang)


def translate_notebook(english: NotebookNode, catalog: dict[str, Any], name: str, lang: str) -> NotebookNode:
    """The English solution notebook in another language (no navigation yet); BuildError lists
    every cell that stops it, not only the first."""
    nb = copy.deepcopy(english)
    nb.cells = translatable_cells(nb)
    move = getattr(build, "markers_to_tags", None)
    if move is not None:  # the English build moves nbval markers into tags: the twin gets the same tags
        nb = move(nb)
    entries = catalog.get("cells", {})
    problems = []
    for i, cell in enumerate(nb.cells):
        where = f"{name}, cell {cell.get('id')!r} (#{i})"
        try:
            source = translate_cell(cell, entries.get(cell.get("id")), where)
        except BuildError as exc:
            problems.append(str(exc))
            continue
        cell.source = source if cell.cell_type == "code" else relink(source)
    if problems:
        raise BuildError(f"{len(problems)} cell(s) of {name} cannot be built in {lang}:\n  " + "\n  ".join(problems))
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    nb.cells.insert(first_code, language_cell(lang))
    nb.metadata["language_info"] = nb.metadata.get("language_info", {"name": "python"})
    nb.metadata["course_language"] = lang
    return nb


def generate(names: list[str], lang: str = "zh-CN") -> dict[Path, NotebookNode]:
    """Every translated notebook the build writes (before execution), by path."""
    sol_dir, les_dir = folders(lang)
    translated: dict[str, NotebookNode] = {}
    problems = []
    for n in names:
        try:
            translated[n] = translate_notebook(build.read(build.SOLUTIONS / n), load_catalog(n, lang), n, lang)
        except BuildError as exc:
            problems.append(str(exc))
    if problems:
        raise BuildError("\n".join(problems))
    twins = set(catalogued(lang)) | set(translated)
    titles = {n: build.title(build.read(build.SOLUTIONS / n), n) for n in build.sequence(build.SOLUTIONS)}
    titles.update({n: build.title(build.read(sol_dir / n), n) for n in twins if (sol_dir / n).exists()})
    titles.update({n: build.title(nb, n) for n, nb in translated.items()})
    out: dict[Path, NotebookNode] = {}
    for n, nb in translated.items():
        solution = zh_nav(link_twins(nb, twins), n, twins, titles, lang)
        old_solution = build.read(sol_dir / n) if (sol_dir / n).exists() else None
        out[sol_dir / n] = build.clean(_keep_outputs(solution, old_solution))
        old_lesson = build.read(les_dir / n) if (les_dir / n).exists() else None
        lesson = build.lesson_from_solution(solution, n, old_lesson)
        out[les_dir / n] = build.clean(zh_nav(lesson, n, twins, titles, lang))
    return out


def _keep_outputs(nb: NotebookNode, old: NotebookNode | None) -> NotebookNode:
    """Outputs of the previous build where a code cell's source is unchanged (for --no-execute)."""
    previous = {c.get("id"): c for c in (old.cells if old else [])}
    for cell in nb.cells:
        before = previous.get(cell.get("id"))
        if cell.cell_type == "code" and before is not None and before.source == cell.source:
            cell.outputs, cell.execution_count = before.get("outputs", []), before.get("execution_count")
    return nb


def stale(names: list[str] | None = None, lang: str = "zh-CN") -> list[str]:
    """What is wrong: stale or missing translations, and translated notebooks not regenerated."""
    try:
        written = generate(select(names or [], lang), lang)
    except BuildError as exc:
        return str(exc).splitlines()
    problems = []
    for path, nb in written.items():
        rel = path.relative_to(ROOT)
        if not path.exists():
            problems.append(f"{rel} is missing")
            continue
        # Navigation is left out: it names *English* notebooks' titles, and an edit of another lesson's
        # title must not fail this check (the next build refreshes it; a test follows every link).
        want = [(c.cell_type, c.source) for c in nb.cells if not build.is_nav(c)]
        have = [(c.cell_type, c.source) for c in build.read(path).cells if not build.is_nav(c)]
        if want != have:
            problems.append(f"{rel} differs from what the English source and its catalog generate")
    return problems


def run(names: list[str], lang: str = "zh-CN", execute: bool = True, jobs: int | None = None) -> int:
    """Generate (and execute) the translated notebooks; a process exit status."""
    written = generate(select(names, lang), lang)
    for path, nb in written.items():
        if build.write(nb, path):
            print(f"wrote    {path.relative_to(ROOT)}")
    if not execute:
        return 0
    failed = 0
    with ProcessPoolExecutor(max_workers=jobs or min(2, os.cpu_count() or 1)) as pool:
        futures = {p: pool.submit(build.execute, str(p)) for p in written}
        for p, future in futures.items():
            try:
                future.result()
                print(f"executed {p.relative_to(ROOT)}")
            except Exception as exc:
                failed += 1
                print(f"FAILED   {p.relative_to(ROOT)}\n{exc}", file=sys.stderr)
    return 1 if failed else 0


# ---- extraction: what a translator runs ----------------------------------------------------

def extract(name: str, lang: str = "zh-CN") -> dict[str, int]:
    """Create entries for new cells and flag changed ones fuzzy; returns counts of what it did."""
    english = build.read(build.SOLUTIONS / name)
    catalog = load_catalog(name, lang)
    old = catalog.get("cells", {})
    cells: dict[str, Any] = {}
    counts = {"new": 0, "changed": 0, "unchanged": 0, "dropped": 0}
    for cell in translatable_cells(english):
        source = english_source(cell)
        before = old.get(cell.get("id"))
        if cell.cell_type == "markdown":
            entry, what = extract_prose(source, before)
        else:
            entry, what = _extract_code(source, before)
        counts[what] += 1
        cells[cell.get("id")] = _ordered(entry)
    counts["dropped"] = len(set(old) - set(cells))
    catalog["cells"] = cells
    save_catalog(catalog, name, lang)
    return counts


def _extract_code(source: str, before: dict[str, Any] | None) -> tuple[dict[str, Any], str]:
    """A code cell's entry after an English edit: new, changed (fuzzy, previous English kept) or unchanged."""
    entry = dict(before or {})
    if not entry:
        entry = {"type": "code", "hash": source_hash(source), "en": lines(source)}
        if not needs_words(source):
            entry["same"] = True
        else:
            entry.update(zh=lines(source), fuzzy=True)
        return entry, "new"
    if entry.get("hash") == source_hash(source):
        return entry, "unchanged"
    entry.setdefault("previous_en", entry.get("en"))
    entry.update(type="code", hash=source_hash(source), en=lines(source))
    if entry.get("same") and needs_words(source):
        entry.pop("same")
        entry["zh"] = lines(source)
    if not (entry.get("same") and not needs_words(source)):
        entry["fuzzy"] = True
    else:
        entry.pop("previous_en", None)
    return entry, "changed"


def extract_prose(source: str, before: dict[str, Any] | None) -> tuple[dict[str, Any], str]:
    """A markdown cell's entry after an English edit, and whether it is new, changed or unchanged.

    A cell of several paragraphs is kept paragraph by paragraph: the English paragraphs now are paired
    with the ones translated before (difflib on their hashes), so an unchanged paragraph keeps its
    translation, an edited one keeps it flagged fuzzy with its previous English beside, a new one
    starts empty. A cell still kept whole (its translation did not cut into as many paragraphs as its
    English) becomes paragraph-wise as soon as it does. Re-wrapping English changes no hash."""
    parts = split_prose(source)
    entry = (_as_paragraphs(before) or dict(before)) if before else None
    if entry is None:
        if parts is None:
            return {"type": "markdown", "hash": prose_hash(source), "en": lines(source), "zh": None}, "new"
        return {"type": "markdown", "paragraphs": [_new_paragraph(p) for p in parts]}, "new"
    if "paragraphs" not in entry:
        if hash_matches(entry, "markdown", source):
            return _refreshed(entry, source), "unchanged"
        entry.setdefault("previous_en", entry.get("en"))
        entry.update(type="markdown", hash=prose_hash(source), en=lines(source), fuzzy=True)
        return entry, "changed"
    old = entry["paragraphs"]
    if parts is None:  # several paragraphs became one: one entry again, the old translation to start from
        zh = PARAGRAPH_BREAK.join(joined(p.get("zh")) or "" for p in old).strip("\n") or None
        previous = PARAGRAPH_BREAK.join(joined(p.get("previous_en") or p.get("en")) or "" for p in old)
        return {"type": "markdown", "hash": prose_hash(source), "fuzzy": True, "previous_en": lines(previous),
                "en": lines(source), "zh": lines(zh) if zh else None}, "changed"
    new: list[dict[str, Any]] = []
    opcodes = difflib.SequenceMatcher(None, [p.get("hash") for p in old], [prose_hash(p) for p in parts],
                                      autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in opcodes:
        for k, j in enumerate(range(j1, j2)):
            if op == "equal":
                new.append(_refreshed(old[i1 + k], parts[j], paragraph=True))
            elif op == "replace" and i1 + k < i2:
                was = dict(old[i1 + k])
                was.setdefault("previous_en", was.get("en"))
                was.update(hash=prose_hash(parts[j]), en=lines(parts[j]), fuzzy=True)
                new.append(was)
            else:
                new.append(_new_paragraph(parts[j]))
    changed = any(op != "equal" for op, *_ in opcodes)
    return {"type": "markdown", "paragraphs": [_ordered(p) for p in new]}, "changed" if changed else "unchanged"


def _as_paragraphs(entry: dict[str, Any]) -> dict[str, Any] | None:
    """A reviewed whole-cell markdown entry cut into paragraph entries, when its English and its
    translation cut into the same number of paragraphs; a paragraph-wise entry as it is; else None."""
    if "paragraphs" in entry:
        return entry
    en, zh = joined(entry.get("en")) or "", joined(entry.get("zh")) or ""
    if entry.get("fuzzy") or not hash_matches(entry, "markdown", en):
        return None
    en_parts, zh_parts = split_prose(en), split_prose(zh)
    if en_parts is None or zh_parts is None or len(en_parts) != len(zh_parts):
        return None
    return {"type": "markdown", "paragraphs": [{"hash": prose_hash(e), "en": lines(e), "zh": lines(z)}
                                               for e, z in zip(en_parts, zh_parts)]}


def _new_paragraph(text: str) -> dict[str, Any]:
    return {"hash": prose_hash(text), "en": lines(text), "zh": None}


def _refreshed(entry: dict[str, Any], source: str, paragraph: bool = False) -> dict[str, Any]:
    """An entry (or paragraph) whose English is unchanged up to whitespace, holding the English as it
    is written now."""
    fresh = dict(entry)
    if not paragraph:
        fresh["type"] = "markdown"
    fresh.update(hash=prose_hash(source), en=lines(source))
    return _ordered(fresh)


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    keys = ("type", "hash", "fuzzy", "same", "previous_en", "en", "zh", "paragraphs")
    return {k: entry[k] for k in keys if k in entry} | {k: v for k, v in entry.items() if k not in keys}


def entry_state(cell: NotebookNode, entry: dict[str, Any] | None) -> str:
    """Where one cell's translation stands: "done", "fuzzy", "stale" or "missing"."""
    english = english_source(cell)
    if entry is None:
        return "missing"
    if "paragraphs" in entry:
        parts = entry["paragraphs"]
        if not all(joined(p.get("zh")) for p in parts):
            return "missing"
        if any(p.get("fuzzy") for p in parts):
            return "fuzzy"
        english_parts = paragraphs(english) or [english]
        fresh = len(english_parts) == len(parts) and all(
            hash_matches(p, "markdown", e) for p, e in zip(parts, english_parts))
        return "done" if fresh else "stale"
    if not (entry.get("same") or joined(entry.get("zh"))):
        return "missing"
    if entry.get("fuzzy"):
        return "fuzzy"
    return "done" if hash_matches(entry, cell.cell_type, english) else "stale"


PO_DIR = ROOT / "build" / "po"


def _load_po() -> Any:
    """scripts/catalog_po.py, the .po view of a catalog (Babel is imported only when it is used)."""
    return _load_script("catalog_po")


def _shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def export_po(name: str, lang: str, folder: Path) -> Path:
    """Write a notebook's catalog as <folder>/<stem>.po, for a translation platform or Poedit."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (Path(name).stem + ".po")
    path.write_text(_load_po().dumps(load_catalog(name, lang), lang), encoding="utf-8")
    return path


def import_po(name: str, lang: str, folder: Path) -> Path:
    """Read <folder>/<stem>.po (as a translator left it) back into the notebook's catalog; --check
    and the build then judge it as they judge any edit of the JSON."""
    path = folder / (Path(name).stem + ".po")
    if not path.exists():
        raise BuildError(f"{path} does not exist: run --export-po first, or pass --po-dir")
    save_catalog(_load_po().loads(path.read_text(encoding="utf-8"), name, lang), name, lang)
    return catalog_path(name, lang)


def status(names: list[str], lang: str = "zh-CN") -> list[str]:
    """One line per notebook: how many cells are translated, fuzzy, stale or missing."""
    out = []
    for name in names:
        entries = load_catalog(name, lang).get("cells", {})
        counts = {"done": 0, "fuzzy": 0, "stale": 0, "missing": 0}
        for cell in translatable_cells(build.read(build.SOLUTIONS / name)):
            counts[entry_state(cell, entries.get(cell.get("id")))] += 1
        out.append(f"{name:<28} " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return out


def show_fuzzy(name: str, lang: str = "zh-CN") -> list[str]:
    """For each fuzzy entry (or paragraph), the diff of the English it was translated from → the English now."""
    out = []
    for cid, entry in load_catalog(name, lang).get("cells", {}).items():
        units = [(f"{cid}/{n}", p) for n, p in enumerate(entry["paragraphs"], 1)] if "paragraphs" in entry else [(cid, entry)]
        for where, unit in units:
            if unit.get("fuzzy") and unit.get("previous_en"):
                diff = difflib.unified_diff(unit["previous_en"], unit["en"], f"{where} (translated from)", f"{where} (now)")
                out.append("".join(diff))
    return out


def untranslated_messages(name: str, lang: str = "zh-CN") -> list[str]:
    """Run a translated solution notebook and return every English line a learner would read in it:
    the package messages the catalog could not translate (course.i18n.missing(), gathered by one extra
    cell at the end), then each output line that still reads as English (course.i18n.leftovers),
    as "cell N: line", so a line printed by the notebook's own code is reported too."""
    from nbclient import NotebookClient

    from course.i18n.leftovers import english_lines, notebook_output_lines

    path = folders(lang)[0] / name
    nb = build.read(path)
    nb.cells.append(nbformat.v4.new_code_cell("import json, course.i18n\nprint(json.dumps(course.i18n.missing()))"))
    for key in build.OFFLINE_ENV:
        os.environ.pop(key, None)
    NotebookClient(nb, timeout=build.CELL_TIMEOUT, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    last = nb.cells.pop()
    text = "".join(o.get("text", "") for o in last.outputs if o.get("output_type") == "stream")
    found: dict[str, None] = dict.fromkeys(json.loads(text or "[]"))
    for index, line in notebook_output_lines(nb):
        if english_lines(line):
            found.setdefault(f"cell {index}: {line}", None)
    return list(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks (e.g. 06_real_models or 06); all catalogued when none")
    parser.add_argument("--lang", default="zh-CN", choices=sorted(LANGUAGES))
    parser.add_argument("--no-execute", action="store_true", help="generate only")
    parser.add_argument("--check", action="store_true", help="exit 1 when a translation or a twin is out of date")
    parser.add_argument("--extract", action="store_true", help="add entries for new cells, flag changed ones fuzzy")
    parser.add_argument("--status", action="store_true", help="translated / fuzzy / stale / missing per notebook")
    parser.add_argument("--messages", action="store_true",
                        help="run the translated notebooks and list every line they showed in English")
    parser.add_argument("--export-po", action="store_true", help=f"write the catalogs as .po files to {PO_DIR.relative_to(ROOT)}/<lang>/")
    parser.add_argument("--import-po", action="store_true", help="read those .po files back into the catalogs")
    parser.add_argument("--po-dir", type=Path, default=None, help="where the .po files are (default: build/po/<lang>)")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks executed at once (default ≤ 2)")
    args = parser.parse_args(argv)
    try:
        if args.extract:
            if not args.notebooks:
                parser.error("--extract needs the notebooks to extract (e.g. 07)")
            for name in build.select(args.notebooks):
                counts = extract(name, args.lang)
                print(f"{catalog_path(name, args.lang).relative_to(ROOT)}: "
                      + ", ".join(f"{v} {k}" for k, v in counts.items()))
                for diff in show_fuzzy(name, args.lang):
                    print(diff)
            return 0
        if args.export_po or args.import_po:
            folder = args.po_dir or PO_DIR / args.lang
            names = select(args.notebooks, args.lang)
            for name in names:
                path = export_po(name, args.lang, folder) if args.export_po else import_po(name, args.lang, folder)
                print(f"{'wrote' if args.export_po else 'read '}    {_shown(path)}")
            return 0
        if args.messages:
            for name in select(args.notebooks, args.lang):
                missing = untranslated_messages(name, args.lang)
                print(f"{name}: {len(missing)} line(s) shown in English (package messages first, then output lines "
                      "that read English; model-facing text among them stays English)"
                      + "".join(f"\n  {m!r}" for m in missing))
            return 0
        if args.status:
            names = build.select(args.notebooks) if args.notebooks else build.sequence(build.SOLUTIONS)
            print("\n".join(status(names, args.lang)))
            return 0
        if args.check:
            problems = stale(args.notebooks, args.lang)
            print("\n".join(problems) if problems else f"the {args.lang} edition is up to date.")
            return 1 if problems else 0
        return run(args.notebooks, args.lang, execute=not args.no_execute, jobs=args.jobs)
    except BuildError as exc:
        print(f"translation build error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
