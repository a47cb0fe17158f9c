"""Course speed: the notebooks under nbval (per notebook and total), and the playground's redraw time.

Notebooks: ONE pytest run over every notebook found in lessons/ and solutions/, exactly as
`make test` runs them (`--nbval --nbval-sanitize-with nbval_sanitize.cfg`), with a JUnit report.
The total is the wall time of that run (pytest start-up and kernel start-ups included); the time
per notebook is the sum of its cells' times from the report (each notebook's kernel start-up is
charged to its first cell). Pass/fail counts come from the same report: a failing notebook is
reported, not hidden, and its time still counts.

Playground: `widgets.Playground()` (as `bench.first_version.FirstVersionPlayground`, which adds the
switch); a control is set again and again and each assignment is timed (the redraw runs
synchronously inside it: the scenario re-runs on the virtual clock, the timeline is drawn to a
PNG, the table is refilled), with the first version's drawing (a new figure per redraw) and the
kept figure alternating. Measured with the default number of files and with the most the slider
allows.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Callable

from .stats import summary

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("lessons", "solutions")


def find_notebooks(root: Path = ROOT, folders: tuple[str, ...] = FOLDERS) -> list[Path]:
    """Every notebook in the given folders (checkpoints excluded), sorted."""
    found: list[Path] = []
    for folder in folders:
        found += sorted(p for p in (root / folder).glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return found


def run_notebooks(paths: list[Path] | None = None, root: Path = ROOT, timeout: float = 1800,
                  log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Run the notebooks under nbval in one pytest process; per-notebook and total wall times."""
    paths = find_notebooks(root) if paths is None else paths
    if not paths:
        return {"skipped": "no notebooks found in " + " or ".join(f"{f}/" for f in FOLDERS), "notebooks": []}
    with tempfile.TemporaryDirectory(prefix="bench-nbval-") as tmp:
        report = Path(tmp) / "nbval.xml"
        cmd = [sys.executable, "-m", "pytest", *map(str, paths), "--nbval",
               "--nbval-sanitize-with", str(root / "nbval_sanitize.cfg"), "-q", "-p", "no:cacheprovider",
               "-o", "junit_family=xunit1", f"--junitxml={report}"]
        # Exercises record progress: point it at a scratch file, as the test suite does, never the home.
        env = {**os.environ, "COURSE_PROGRESS_FILE": str(Path(tmp) / "progress.json")}
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"skipped": f"nbval did not finish within {timeout:g} s", "notebooks": []}
        wall = time.perf_counter() - t0
        if not report.exists():
            return {"skipped": "nbval produced no report: " + (proc.stdout + proc.stderr).strip()[-300:],
                    "notebooks": []}
        cases = ET.parse(report).getroot().iter("testcase")
        per: dict[str, dict[str, Any]] = {}
        for case in cases:
            name = case.get("file") or case.get("classname", "?")
            key = str((root / name).resolve())  # the report names files relative to the root
            row = per.setdefault(key, {"notebook": _rel(Path(key), root), "seconds": 0.0, "cells": 0,
                                       "failed": 0, "skipped": 0})
            row["seconds"] += float(case.get("time", 0.0))
            row["cells"] += 1
            if case.find("failure") is not None or case.find("error") is not None:
                row["failed"] += 1
            elif case.find("skipped") is not None:
                row["skipped"] += 1
    rows = [per.get(str(p.resolve()), {"notebook": _rel(p, root), "seconds": 0.0, "cells": 0, "failed": 0,
                                       "skipped": 0, "note": "no cells collected"}) for p in paths]
    log(f"  nbval: {len(rows)} notebooks in {wall:.1f} s (exit code {proc.returncode})")
    return {"notebooks": rows, "total_seconds": wall, "cells_seconds": sum(r["seconds"] for r in rows),
            "failed_cells": sum(r["failed"] for r in rows), "exit_code": proc.returncode}


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:  # outside the repository: the name alone, never a path of this machine
        return path.name


PATHS = ("first version", "kept figure")


def playground_redraw(toggles: int = 20, sizes: tuple[str, ...] = ("default", "max"),
                      log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Time the playground's redraw, the first version's path and the kept figure side by side.

    Two actions, each timed as one assignment to a control (the redraw runs inside it):
    - *mode toggle*: the mode control set to the next mode, round and round (the lanes and the
      time range repeat, so the kept figure reuses its rendered backgrounds);
    - *files slider*: the number of files moved among six values near the setting (a new layout
      every time: nothing to reuse but the figure itself).
    The two paths alternate toggle by toggle (`FirstVersionPlayground.reuse_figure`), so load hits both alike.
    Each redraw's own split (simulate, draw, table) comes from `Playground.render_parts`.
    """
    # widgets draws on matplotlib Figures, not pyplot: no backend to choose, and nothing set in
    # os.environ, which notebook kernels started later in the same process would inherit
    try:
        from .first_version import FirstVersionPlayground
        pg = FirstVersionPlayground()
        modes = list(pg.mode.options)
    except Exception as exc:  # not written yet, or a dependency is missing
        return {"skipped": f"widgets.Playground is not available ({type(exc).__name__}: {exc})", "rows": []}
    rows = []
    for size in sizes:
        files = pg.calls.value if size == "default" else pg.calls.max
        for action in ("mode toggle", "files slider"):
            pg.calls.value = files
            samples: dict[str, dict[str, list[float]]] = {
                p: {"redraw": [], "simulate": [], "draw": [], "table": []} for p in PATHS}
            sizes_seen: list[int] = []
            nearby = sorted(sorted(range(pg.calls.min, pg.calls.max + 1), key=lambda v: abs(v - files))[:6])
            for k in range(toggles):
                for path in (PATHS if k % 2 == 0 else PATHS[::-1]):
                    pg.reuse_figure = path == "kept figure"
                    t0 = time.perf_counter()
                    if action == "mode toggle":
                        pg.mode.value = modes[(modes.index(pg.mode.value) + 1) % len(modes)]
                    else:
                        pg.calls.value = nearby[(nearby.index(pg.calls.value) + 1) % len(nearby)
                                                if pg.calls.value in nearby else 0]
                    samples[path]["redraw"].append(time.perf_counter() - t0)
                    sizes_seen.append(len(pg.trace.calls) if getattr(pg, "trace", None) is not None else 0)
                    for part, seconds in getattr(pg, "render_parts", {}).items():
                        samples[path][part].append(seconds)
            lo, hi = min(sizes_seen), max(sizes_seen)
            row: dict[str, Any] = {"files": files if action == "mode toggle" else f"{nearby[0]}–{nearby[-1]}",
                                   "tool_calls": lo if lo == hi else f"{lo}–{hi}", "action": action,
                                   "toggles": toggles}
            for path in PATHS:
                row[path] = {part: summary(v) for part, v in samples[path].items() if v}
            row["ratio"] = row["first version"]["redraw"]["median"] / row["kept figure"]["redraw"]["median"]
            rows.append(row)
            log(f"  playground, {files} files, {action}: first version "
                f"{1000 * row['first version']['redraw']['median']:.0f} ms, kept figure "
                f"{1000 * row['kept figure']['redraw']['median']:.0f} ms per redraw ({row['ratio']:.1f}×)")
    pg.reuse_figure = True
    return {"rows": rows, "modes": modes, "paths": list(PATHS)}


def run(notebooks: list[Path] | None = None, toggles: int = 20,
        log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Both parts."""
    return {"nbval": run_notebooks(notebooks, log=log), "playground": playground_redraw(toggles, log=log)}


def markdown(res: dict[str, Any]) -> str:
    """Notebook table (per notebook, total) and the playground's redraw time."""
    nb, pg = res["nbval"], res["playground"]
    lines: list[str] = []
    if nb.get("skipped"):
        lines.append(f"Notebooks: skipped — {nb['skipped']}.")
    else:
        lines += ["| notebook | cells | seconds | failed cells |", "|---|---:|---:|---:|"]
        for r in nb["notebooks"]:
            lines.append(f"| `{r['notebook']}` | {r['cells']} | {r['seconds']:.1f} | {r['failed']} |")
        lines.append(f"| **total** (one pytest run, wall) | {sum(r['cells'] for r in nb['notebooks'])} | "
                     f"**{nb['total_seconds']:.1f}** | {nb['failed_cells']} |")
    lines.append("")
    if pg.get("skipped"):
        lines.append(f"Playground: skipped — {pg['skipped']}.")
    else:
        lines += ["| playground redraw | tool calls | first version: new figure (median, p25–p75) | "
                  "kept figure (median, p25–p75) | first ÷ kept | of which simulate / draw / table (first → kept) |",
                  "|---|---:|---:|---:|---:|---|"]
        for r in pg["rows"]:
            a, b = r["first version"], r["kept figure"]

            def ms(x: dict[str, Any]) -> str:
                return f"{1000 * x['median']:.0f} ms ({1000 * x['p25']:.0f}–{1000 * x['p75']:.0f})"

            split = " → ".join(" / ".join(f"{1000 * p[k]['median']:.1f}" for k in ("simulate", "draw", "table"))
                               for p in (a, b)) + " ms" if "simulate" in a else "—"
            lines.append(f"| {r['action']}, {r['files']} files | {r['tool_calls']} | {ms(a['redraw'])} | "
                         f"{ms(b['redraw'])} | {r['ratio']:.1f}× | {split} |")
    return "\n".join(lines)
