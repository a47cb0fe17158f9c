"""Start-up: what a learner waits for before the course does anything, against the floor beneath it.

Two comparisons, each sample in a fresh process, the contenders interleaved (the order rotates
round by round, so machine load and the page cache hit each alike), after one unrecorded warm-up
round (the .pyc files compiled, the files in the page cache):

- *imports*: `python -c "import course, widgets"` against the floor the course is built on,
  `import matplotlib.pyplot, ipywidgets, pydantic`; also `import course, widgets` in a child that
  has imported the floor first, untimed (what the course adds on top of it: the same comparison,
  far less disturbed by load), and `import course.calls` (the smallest piece of the runtime a
  script can ask for). Each child times its own import statement (interpreter start-up excluded)
  and reports `len(sys.modules)`, its peak RSS (`ru_maxrss`) and which provider SDKs the import
  loaded; the parent times the whole process (start-up and exit included). One more child, the
  floor imported first, runs under `-X importtime` to say where the course's own time goes: its
  slowest modules, what they import beyond the floor, and how each provider SDK got in.
- *first chart*: a fresh Jupyter kernel (`jupyter_client`, the ipykernel of this Python) runs the
  first code cells of lessons/01_concepts.ipynb, up to and including the first one whose committed
  output is an image/png, against a bare kernel drawing one pyplot chart with the inline backend.
  Timed from the kernel start request to the PNG's arrival on the iopub channel; the kernel's peak
  RSS is its VmHWM (/proc/<pid>/status), read before it is shut down. The kernels get the
  environment the test suite gives nbval's: no MPLBACKEND, no live-model variables, a scratch
  progress file.

The goals (the issue "one loop, one layering: start-up") are printed beside the ratios, never
asserted: the import within 1.2× of the floor, the first chart within 1.3×.
"""
from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from .stats import load_sentence, median, spread_pct, summary

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "lessons" / "01_concepts.ipynb"
GOALS = {"import": 1.2, "first_chart": 1.3}
SAMPLES = {"imports": 15, "kernels": 7}
QUICK_SAMPLES = {"imports": 3, "kernels": 2}
SDKS = ("openai", "anthropic", "google.genai", "httpx2", "httpx")
# what the root conftest.py removes for the test session (and so for nbval's kernels); any other
# *_API_KEY too, so no kernel here can reach a live model
LIVE_MODEL_VARIABLES = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL",
                        "ANTHROPIC_MODEL", "GEMINI_API_KEY", "GOOGLE_API_KEY", "GEMINI_MODEL", "GOOGLE_GENAI_USE_VERTEXAI")

FLOOR = "import matplotlib.pyplot, ipywidgets, pydantic"
IMPORTS: tuple[tuple[str, str, str, str], ...] = (  # key, untimed set-up, timed statement, label
    ("floor", "", FLOOR, "floor: `import matplotlib.pyplot, ipywidgets, pydantic`"),
    ("course", "", "import course, widgets", "course: `import course, widgets`"),
    ("on_floor", FLOOR, "import course, widgets", "`import course, widgets` with the floor already imported"),
    ("calls", "", "import course.calls", "`import course.calls`"),
)
FLOOR_CHART = "import matplotlib.pyplot as plt\nplt.plot([0, 1], [0, 1])\nplt.show()"

# The child: the import statement timed from inside, then what it loaded. json, resource and time
# (and the set-up, if any) come first, outside the timing, in every child alike.
_CHILD = """\
import json, resource, sys, time
{setup}
t0 = time.perf_counter()
{statement}
seconds = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "modules": len(sys.modules), "maxrss": usage,
                  "sdks": [m for m in {sdks!r} if m in sys.modules]}}))
"""


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def clean_env(progress_file: Path | None = None) -> dict[str, str]:
    """os.environ as the test suite hands it to notebook kernels: no live models, no MPLBACKEND."""
    env = {k: v for k, v in os.environ.items()
           if k not in LIVE_MODEL_VARIABLES and k != "MPLBACKEND" and not k.endswith("_API_KEY")}
    if progress_file is not None:  # exercises record progress: a scratch file, never the learner's
        env["COURSE_PROGRESS_FILE"] = str(progress_file)
    return env


def _mib(maxrss: int) -> float:
    """ru_maxrss in MiB: kilobytes on Linux, bytes on macOS."""
    return maxrss / (1024 * 1024) if platform.system() == "Darwin" else maxrss / 1024


def import_sample(statement: str, env: dict[str, str], cwd: Path, setup: str = "",
                  timeout: float = 120) -> dict[str, Any]:
    """One fresh interpreter running `setup`, then `statement` timed: its import time, the process's
    time, the modules loaded, peak RSS, the provider SDKs in sys.modules."""
    code = _CHILD.format(setup=setup, statement=statement, sdks=SDKS)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"`{statement}` failed in a fresh process: {proc.stderr.strip()[-400:]}")
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"import": child["seconds"], "process": wall, "modules": child["modules"],
            "peak_rss_mib": _mib(child["maxrss"]), "sdks": child["sdks"]}


def run_imports(samples: int = 15, warmup: int = 1, log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """The imports, each in `samples` fresh processes, in rotating order."""
    cwd = LESSON.parent if LESSON.parent.is_dir() else ROOT  # where a learner's kernel starts
    env = clean_env()
    got: dict[str, list[dict[str, Any]]] = {key: [] for key, *_ in IMPORTS}
    for k in range(warmup + samples):
        order = IMPORTS[k % len(IMPORTS):] + IMPORTS[:k % len(IMPORTS)]
        for key, setup, statement, _ in order:
            sample = import_sample(statement, env, cwd, setup=setup)
            if k >= warmup:
                got[key].append(sample)
    rows: dict[str, Any] = {}
    for key, setup, statement, label in IMPORTS:
        xs = got[key]
        rows[key] = {"setup": setup, "statement": statement, "label": label,
                     "import": summary([x["import"] for x in xs]), "process": summary([x["process"] for x in xs]),
                     "peak_rss_mib": summary([x["peak_rss_mib"] for x in xs]),
                     "modules": max(x["modules"] for x in xs), "sdks": sorted({m for x in xs for m in x["sdks"]})}
    ratio = {what: rows["course"][what]["median"] / rows["floor"][what]["median"]
             for what in ("import", "process", "peak_rss_mib")}
    ratio["modules"] = rows["course"]["modules"] / rows["floor"]["modules"]
    # the floor plus what the course adds on top of it, over the floor: the same ratio, from a
    # difference load hardly touches
    ratio["on_floor"] = 1 + rows["on_floor"]["import"]["median"] / rows["floor"]["import"]["median"]
    log(f"  import course, widgets: {1000 * rows['course']['import']['median']:.0f} ms, floor "
        f"{1000 * rows['floor']['import']['median']:.0f} ms ({ratio['import']:.2f}×; goal ≤ {GOALS['import']}×); "
        f"{1000 * rows['on_floor']['import']['median']:.0f} ms on top of the floor ({ratio['on_floor']:.2f}×); "
        f"{rows['course']['modules']} vs {rows['floor']['modules']} modules; SDKs loaded: "
        f"{', '.join(rows['course']['sdks']) or 'none'}")
    return {"samples": samples, "warmup": warmup, "rows": rows, "ratio": ratio}


# ---- where the import time goes ------------------------------------------------------------------
_IMPORTTIME = re.compile(r"^import time:\s+(\d+)\s*\|\s*(\d+)\s*\|( *)(\S+)\s*$")


def _ours(name: str) -> bool:
    return name.split(".")[0] in ("course", "widgets")


def eager_imports(setup: str = FLOOR, statement: str = "import course, widgets", top: int = 10,
                  timeout: float = 120) -> dict[str, Any]:
    """One `python -X importtime` run of `setup` then `statement`: where the course's own import time
    goes once the floor is loaded. Our slowest modules (self time), the modules they import that the
    floor had not (cumulative, charged to the first of our modules that imports them), the chain that
    brought each provider SDK in, and the total. One run: attribution, not a measurement."""
    cwd = LESSON.parent if LESSON.parent.is_dir() else ROOT
    code = f"{setup}\n{statement}" if setup else statement
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=cwd, env=clean_env(),
                          capture_output=True, text=True, timeout=timeout)
    nodes: list[tuple[int, str, int, int]] = []  # (depth, module, self µs, cumulative µs), as printed
    for line in proc.stderr.splitlines():
        m = _IMPORTTIME.match(line)
        if m:
            nodes.append((len(m.group(3)) // 2, m.group(4), int(m.group(1)), int(m.group(2))))
    # importtime prints a module after everything it imported: its parent is the next line less deep
    parent: dict[int, int | None] = {}
    waiting: dict[int, list[int]] = {}  # depth -> printed modules still waiting for their parent
    for i, (depth, *_rest) in enumerate(nodes):
        for d in [d for d in waiting if d > depth]:
            for j in waiting.pop(d):
                parent[j] = i
        waiting.setdefault(depth, []).append(i)

    def chain(i: int) -> list[str]:
        names = [nodes[i][1]]
        while parent.get(i) is not None:
            i = parent[i]  # type: ignore[assignment]
            names.append(nodes[i][1])
        return names[::-1]

    mine = [i for i, (_, name, _, _) in enumerate(nodes) if _ours(chain(i)[0])]  # below `import course, widgets`
    ours = sorted((i for i in mine if _ours(nodes[i][1])), key=lambda i: -nodes[i][2])
    pulled = sorted((i for i in mine if not _ours(nodes[i][1]) and _ours(nodes[parent[i]][1])),  # type: ignore[index]
                    key=lambda i: -nodes[i][3])
    sdks = {}
    for i, (_, name, _, _) in enumerate(nodes):
        if name in SDKS and name not in sdks:
            sdks[name] = chain(i)
    return {"setup": setup, "statement": statement,
            "total_ms": sum(nodes[i][3] for i in mine if nodes[i][0] == 0) / 1000,
            "ours_self_ms": sum(nodes[i][2] for i in mine if _ours(nodes[i][1])) / 1000,
            "slowest": [{"module": nodes[i][1], "self_ms": nodes[i][2] / 1000} for i in ours[:top]],
            "pulled_in": [{"importer": nodes[parent[i]][1], "module": nodes[i][1],  # type: ignore[index]
                           "ms": nodes[i][3] / 1000} for i in pulled[:top]],
            "sdk_chains": sdks, "exit_code": proc.returncode}


# ---- the first chart in a fresh kernel -----------------------------------------------------------
def lesson_cells(path: Path = LESSON) -> list[str]:
    """The sources of the lesson's code cells up to and including its first one that shows a PNG."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    sources: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        sources.append(cell.source)
        if any("image/png" in out.get("data", {}) for out in cell.get("outputs", [])):
            return sources
    raise ValueError(f"{path.name} has no code cell with an image/png output")


def _vm_hwm_mib(pid: int | None) -> float | None:
    """The process's peak resident set (VmHWM), where /proc has it."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, TypeError):
        return None
    return None


def _venv_specs(python: str) -> Any:
    """A kernel-spec manager whose python3 kernel is `python -m ipykernel_launcher`, whatever is on PATH."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    class VenvSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(argv=[python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                              display_name="Python 3 (ipykernel)", language="python")

    return VenvSpecs()


def _execute(kc: Any, code: str, timeout: float) -> tuple[float | None, Any]:
    """Run one cell; return when its first PNG arrived (or None) and its text/plain result."""
    msg_id = kc.execute(code, allow_stdin=False)
    png_at, text = None, None
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind in ("display_data", "execute_result"):
            if "image/png" in content["data"] and png_at is None:
                png_at = time.perf_counter()
            text = content["data"].get("text/plain", text)
        elif kind == "error":
            raise RuntimeError(f"a cell failed in the kernel: {content['ename']}: {content['evalue']}")
        elif kind == "status" and content["execution_state"] == "idle":
            return png_at, text


def kernel_sample(cells: list[str], cwd: Path, env: dict[str, str], timeout: float = 180) -> dict[str, Any]:
    """A fresh kernel runs `cells` in order: seconds from the start request to the first PNG."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="python3", kernel_spec_manager=_venv_specs(sys.executable))
    log = tempfile.TemporaryFile(mode="w+")  # the kernel's own output: kept out of the report, shown on failure
    t0 = time.perf_counter()
    km.start_kernel(cwd=str(cwd), env=env, stdout=subprocess.DEVNULL, stderr=log)
    kc = None
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=timeout)
        ready = time.perf_counter()
        png_at, per_cell = None, []
        for code in cells:
            sent = time.perf_counter()
            png_at, _ = _execute(kc, code, timeout)
            per_cell.append((png_at or time.perf_counter()) - sent)  # request → idle; the last: → its PNG
            if png_at is not None:
                break
        if png_at is None:
            raise RuntimeError("the cells ran but no image/png arrived")
        pid = getattr(km.provisioner, "pid", None)
        peak = _vm_hwm_mib(pid)
        _, modules = _execute(kc, "import sys; len(sys.modules)", timeout)  # after the peak was read
        return {"first_png": png_at - t0, "ready": ready - t0, "cells": png_at - ready, "per_cell": per_cell,
                "peak_rss_mib": peak, "modules": int(modules) if modules and str(modules).isdigit() else None}
    except Exception as exc:
        log.seek(0)
        tail = log.read().strip()[-600:]
        raise RuntimeError(f"{exc}" + (f"; the kernel said: {tail}" if tail else "")) from exc
    finally:
        if kc is not None:
            kc.stop_channels()
        km.shutdown_kernel(now=True)
        log.close()


KERNELS = ("floor", "course")


def run_kernels(samples: int = 7, warmup: int = 1, lesson: Path = LESSON,
                log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """The lesson's first chart and the bare kernel's chart, `samples` fresh kernels each, alternating."""
    try:
        import jupyter_client  # noqa: F401
        import nbformat  # noqa: F401
        cells = {"floor": [FLOOR_CHART], "course": lesson_cells(lesson)}
    except Exception as exc:  # not installed, or no lesson to run
        return {"skipped": f"no kernel to measure ({type(exc).__name__}: {exc})"}
    got: dict[str, list[dict[str, Any]]] = {k: [] for k in KERNELS}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        env = clean_env(Path(tmp) / "progress.json")
        for k in range(warmup + samples):
            for key in (KERNELS if k % 2 == 0 else KERNELS[::-1]):
                sample = kernel_sample(cells[key], lesson.parent, env)
                if k >= warmup:
                    got[key].append(sample)
    rows: dict[str, Any] = {}
    for key in KERNELS:
        xs = got[key]
        peaks = [x["peak_rss_mib"] for x in xs if x["peak_rss_mib"] is not None]
        rows[key] = {part: summary([x[part] for x in xs]) for part in ("first_png", "ready", "cells")}
        rows[key]["peak_rss_mib"] = summary(peaks) if peaks else None
        rows[key]["modules"] = max((x["modules"] for x in xs if x["modules"]), default=None)
        rows[key]["cells_run"] = len(cells[key])
        rows[key]["per_cell"] = [median([x["per_cell"][i] for x in xs]) for i in range(len(xs[0]["per_cell"]))]
    ratio = {"first_png": rows["course"]["first_png"]["median"] / rows["floor"]["first_png"]["median"]}
    if rows["course"]["peak_rss_mib"] and rows["floor"]["peak_rss_mib"]:
        ratio["peak_rss_mib"] = rows["course"]["peak_rss_mib"]["median"] / rows["floor"]["peak_rss_mib"]["median"]
    log(f"  first chart: lesson 1 {rows['course']['first_png']['median']:.2f} s, bare kernel "
        f"{rows['floor']['first_png']['median']:.2f} s ({ratio['first_png']:.2f}×; goal ≤ {GOALS['first_chart']}×)")
    return {"samples": samples, "warmup": warmup, "lesson": lesson.name, "rows": rows, "ratio": ratio}


def run(import_samples: int = 15, kernel_samples: int = 7, warmup: int = 1,
        log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Both comparisons, with the load average when the part started and ended."""
    started = _load()
    t0 = time.perf_counter()
    res: dict[str, Any] = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                           "cpus": os.cpu_count(), "load_average": started, "goals": dict(GOALS)}
    res["imports"] = run_imports(import_samples, warmup, log=log)
    try:
        res["eager"] = eager_imports()
    except Exception as exc:  # a diagnosis, not a measurement: never fail the part for it
        res["eager"] = {"skipped": f"{type(exc).__name__}: {exc}"}
    res["kernels"] = run_kernels(kernel_samples, warmup, log=log)
    res["load_average_end"] = _load()
    res["seconds"] = round(time.perf_counter() - t0, 1)
    return res


# ---- report --------------------------------------------------------------------------------------
def _goal(ratio: float, goal: float) -> str:
    return f"goal ≤ {goal:g}×: {'met' if ratio <= goal else 'not yet'}"


def _ms(s: dict[str, Any]) -> str:
    return f"{1000 * s['median']:.0f} ms ± {spread_pct(s):.0f}%"


def _s(s: dict[str, Any]) -> str:
    return f"{s['median']:.2f} s ({s['p25']:.2f}–{s['p75']:.2f})"


def _load_text(res: dict[str, Any]) -> str:
    text = load_sentence(res.get("load_average"), res.get("load_average_end"), res.get("cpus"), "this part")
    return text + f" (on {res.get('cpus')} CPUs)." if text else ""


def markdown(res: dict[str, Any]) -> str:
    """The two tables, the goals beside the ratios, and where the course's import time goes."""
    imp, goals = res["imports"], res["goals"]
    rows, ratio = imp["rows"], imp["ratio"]
    lines = [f"Measured on {res['date']}, {imp['samples']} fresh processes per import and "
             + (f"{res['kernels']['samples']} fresh kernels per chart" if "samples" in res["kernels"] else "no kernels")
             + f", interleaved in rotating order after {imp['warmup']} unrecorded warm-up "
             + ("round. " if imp["warmup"] == 1 else "rounds. ")
             + _load_text(res), "",
             "| fresh `python -c` | the import (median ± ½ IQR) | whole process | modules loaded | peak RSS MiB |",
             "|---|---:|---:|---:|---:|"]
    for key, *_ in IMPORTS:
        r = rows[key]
        lines.append(f"| {r['label']} | {_ms(r['import'])} | {_ms(r['process'])} | {r['modules']:,} | "
                     f"{r['peak_rss_mib']['median']:.0f} |")
    lines += [f"| **course ÷ floor** | **{ratio['import']:.2f}×** ({_goal(ratio['import'], goals['import'])}) | "
              f"{ratio['process']:.2f}× | {ratio['modules']:.2f}× | {ratio['peak_rss_mib']:.2f}× |",
              f"| *(floor + the course on top of it) ÷ floor* | {ratio['on_floor']:.2f}× | | | |", "",
              "The two ratios estimate the same thing: the first from two separate imports (a busy machine "
              "moves each), the second from the course's import with the floor already loaded, added to the floor.",
              "",
              "Provider SDKs in `sys.modules` after `import course, widgets` (goal: none): "
              + (", ".join(f"`{m}`" for m in rows["course"]["sdks"]) or "none") + "; after `import course.calls`: "
              + (", ".join(f"`{m}`" for m in rows["calls"]["sdks"]) or "none") + ".", ""]
    k = res["kernels"]
    if k.get("skipped"):
        lines += [f"First chart: skipped — {k['skipped']}.", ""]
    else:
        lines += ["| fresh kernel | start request → first PNG (median, p25–p75) | of which kernel ready | "
                  "cells → PNG | kernel peak RSS MiB (VmHWM) | modules in the kernel |",
                  "|---|---:|---:|---:|---:|---:|"]
        names = {"floor": "bare kernel: one `plt.plot` + `plt.show()`, inline backend",
                 "course": f"`{k['lesson']}`: its first {k['rows']['course']['cells_run']} code cells, to the first chart"}
        for key in KERNELS:
            r = k["rows"][key]
            peak = f"{r['peak_rss_mib']['median']:.0f}" if r["peak_rss_mib"] else "—"
            lines.append(f"| {names[key]} | {_s(r['first_png'])} | {r['ready']['median']:.2f} s | "
                         f"{r['cells']['median']:.2f} s | {peak} | {r['modules'] or '—'} |")
        kr = k["ratio"]
        lines += [f"| **lesson ÷ bare** | **{kr['first_png']:.2f}×** ({_goal(kr['first_png'], goals['first_chart'])}) | "
                  f"{k['rows']['course']['ready']['median'] / k['rows']['floor']['ready']['median']:.2f}× | "
                  f"{k['rows']['course']['cells']['median'] / k['rows']['floor']['cells']['median']:.2f}× | "
                  + (f"{kr['peak_rss_mib']:.2f}×" if "peak_rss_mib" in kr else "—") + " | |", ""]
        per = k["rows"]["course"].get("per_cell")
        if per:
            lines += ["The lesson's cells one by one (median s, from the execute request to the kernel going idle; "
                      "the last to its PNG): " + " / ".join(f"{x:.2f}" for x in per) + ".", ""]
    e = res.get("eager", {})
    if e.get("slowest"):
        lines += [f"**Where the course's own import time goes** (one `python -X importtime` run, the floor imported "
                  f"first: `import course, widgets` then took {e['total_ms']:.0f} ms, {e['ours_self_ms']:.0f} ms of it "
                  "in course and widgets modules themselves). Slowest of our modules (self ms): "
                  + "; ".join(f"`{x['module']}` {x['self_ms']:.1f}" for x in e["slowest"]) + ". "
                  "What they import beyond the floor (cumulative ms, charged to the first importer): "
                  + ("; ".join(f"`{x['importer']}` → `{x['module']}` {x['ms']:.1f}" for x in e["pulled_in"]) or "nothing")
                  + ". Provider SDKs: "
                  + ("; ".join(" → ".join(f"`{n}`" for n in c) for c in e["sdk_chains"].values()) or "none loaded")
                  + ".", ""]
    lines += ["Re-run this section alone with `python -m bench --only startup` (the other sections of "
              "results.md and results.json are kept). Nothing here is asserted: the goals are the issue's."]
    return "\n".join(lines)


def readme_line(res: dict[str, Any]) -> str:
    """One sentence for the README's performance block."""
    imp = res["imports"]
    text = (f"**Start-up**: `import course, widgets` {1000 * imp['rows']['course']['import']['median']:.0f} ms "
            f"vs {1000 * imp['rows']['floor']['import']['median']:.0f} ms for matplotlib.pyplot + ipywidgets + "
            f"pydantic ({imp['ratio']['import']:.2f}×; goal ≤ {res['goals']['import']:g}×)")
    k = res["kernels"]
    if not k.get("skipped"):
        text += (f"; lesson 1's first chart in a fresh kernel {k['rows']['course']['first_png']['median']:.1f} s vs "
                 f"{k['rows']['floor']['first_png']['median']:.1f} s for a bare kernel's "
                 f"({k['ratio']['first_png']:.2f}×; goal ≤ {res['goals']['first_chart']:g}×)")
    return text + "."
