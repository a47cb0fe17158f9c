"""A classroom on JupyterHub: N learners at once through a local hub, lessons 1 and 7.

    python -m bench.hub                              N = 1, 5, 10, 20 on lessons 1 and 7 (several minutes)
    python -m bench.hub --learners 1 5 --lessons lessons/01_concepts.ipynb
    python -m bench.hub --quick                      one learner, lesson 1 (what a smoke run needs)

Each size gets a fresh hub (scripts/classroom/hub.py) and a rehearsal (scripts/classroom/
rehearsal.py): every learner arrives at the same moment, logs in, starts a server, follows the
nbgitpuller link, runs every cell of the lesson over the kernel protocol, then clicks through the
playground's modes. Writes the table into bench/results.md (between its hub markers) and the
numbers under "hub" in bench/results.json; the instructor guide's sizing comes from them.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import signal
import statistics
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from scripts.classroom import rehearsal  # the repository root is importable: python -m bench runs from it

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

SIZES = (1, 5, 10, 20)
LESSONS = ("lessons/01_concepts.ipynb", "lessons/07_coding_agent.ipynb")
LIMIT_S = 30.0  # the p95 time to the first chart a room should stay under
BEGIN, END = "<!-- hub:begin -->", "<!-- hub:end -->"


def run(sizes: tuple[int, ...] = SIZES, lessons: tuple[str, ...] = LESSONS,
        log: Callable[[str], None] = print) -> dict[str, Any]:
    """One rehearsal per lesson and size, each on a fresh hub; everything as one JSON-able dict."""
    rows = []
    for lesson in lessons:
        for n in sizes:
            log(f"hub: {n} learner(s) on {lesson}")
            report = rehearsal.rehearse(n, lesson)
            log("  " + rehearsal.summary(report).replace("\n", "\n  "))
            rows.append(report)
    return {"meta": {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                     "python": platform.python_version(), "system": f"{platform.system()} {platform.machine()}",
                     "cpus": os.cpu_count(), "limit_s": LIMIT_S},
            "rows": rows, "sizing": sizing(rows)}


def sizing(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per lesson: the first N whose p95 time to the first chart passes the limit, and what one
    core and one GiB hold (learners all starting at once; memory from the peak per learner)."""
    out: dict[str, dict[str, Any]] = {}
    for lesson in dict.fromkeys(r["lesson"] for r in rows):
        mine = sorted((r for r in rows if r["lesson"] == lesson), key=lambda r: r["learners"])
        over = [r["learners"] for r in mine if r["first_chart_s"].get("p95", math.inf) > LIMIT_S]
        within = [r["learners"] for r in mine if r["first_chart_s"].get("p95", math.inf) <= LIMIT_S
                  and r["ok"] == r["learners"]]
        biggest = max(within, default=0)
        peak = max(r["peak_mib_per_learner"] for r in mine)
        cpus = mine[0]["cpus"] or 1
        out[lesson] = {
            "first_n_over_limit": over[0] if over else None,
            "largest_n_within_limit": biggest,
            "learners_per_core": round(biggest / cpus, 1),
            "per_core_is_a_floor": not over,  # never passed the limit: the machine holds more
            "peak_mib_per_learner": peak,
            "learners_per_gib": round(1024 / peak, 1) if peak else None,
            "cpu_s_per_learner": round(max(r["cpu_s_per_learner"] for r in mine), 1),
            # what a core with nothing else to do would hold: the limit over one learner's CPU need
            "learners_per_free_core": round(LIMIT_S / max(r["cpu_s_per_learner"] for r in mine), 1),
            "other_cores_busy": round(statistics.mean(r["other_cores_busy"] for r in mine), 2),
            "hub_and_proxy_mib": round(max(r["room_peak_mib"] - r["learners_peak_mib"] for r in mine), 1),
        }
    return out


def _short(lesson: str) -> str:
    return Path(lesson).stem.split("_", 1)[0].lstrip("0") or "0"


def markdown(res: dict[str, Any]) -> str:
    """The section of bench/results.md: the table, then what it means for sizing."""
    m = res["meta"]
    out = [BEGIN, "## A classroom on JupyterHub", "",
           f"`python -m bench.hub` on {m['date']}: Python {m['python']}, {m['system']}, {m['cpus']} CPUs, "
           "shared with other work (the *other load* column: cores busy with processes outside the "
           "rehearsal). A fresh hub per row (JupyterHub, simple local spawner, the Python "
           "configurable-http-proxy, nbgitpuller from a clone of this repository); all learners arrive "
           "at once, log in, start a server, follow the nbgitpuller link, run every cell over the kernel "
           "protocol, then click the playground through four modes. *First chart*: seconds from arriving "
           "at the hub to the first chart on the wire (server start and clone included). Memory: PSS of a "
           "learner's server, kernel and their subprocesses, sampled each second (shared pages split "
           "fairly, so the figures add up). CPU: seconds of CPU the learner's processes used. "
           f"One-minute load average when the rows started: {min(r['load_before'][0] for r in res['rows']):g} "
           f"to {max(r['load_before'][0] for r in res['rows']):g}.", "",
           "| lesson | N | all through | server ready (median / max) | first chart (median / p95 / max) | "
           "run all cells (median) | playground click (median) | failed cells | peak MiB per learner | "
           "room peak MiB | CPU s per learner | cores busy (ours / other load) |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in res["rows"]:
        s, c, le, t = r["server_ready_s"], r["first_chart_s"], r["lesson_s"], r["toggle_s"]
        out.append(
            f"| {_short(r['lesson'])} | {r['learners']} | {r['ok']}/{r['learners']} | "
            f"{s.get('median', '–')} / {s.get('max', '–')} s | "
            f"{c.get('median', '–')} / {c.get('p95', '–')} / {c.get('max', '–')} s | {le.get('median', '–')} s | "
            f"{round(1000 * t['median']) if t else '–'} ms | {r['failed_cells']} | {r['peak_mib_per_learner']:.0f} | "
            f"{r['room_peak_mib']:.0f} | {r['cpu_s_per_learner']:.1f} | {r['cores_busy']:.2f} / {r['other_cores_busy']:.2f} |")
    out += ["", "| lesson | first N with p95 first chart > 30 s | learners per core, all starting at once "
            "(measured, with the other load) | learners per free core (estimate) | learners per GiB | "
            "CPU s per learner | hub + proxy MiB |", "|---|---:|---:|---:|---:|---:|---:|"]
    for lesson, z in res["sizing"].items():
        first = z["first_n_over_limit"] or f"none up to {max(r['learners'] for r in res['rows'] if r['lesson'] == lesson)}"
        per_core = f"{'≥ ' if z['per_core_is_a_floor'] else ''}{z['learners_per_core']:g}"
        out.append(f"| {_short(lesson)} | {first} | {per_core} | {z['learners_per_free_core']:g} | "
                   f"{z['learners_per_gib']:g} | "
                   f"{z['cpu_s_per_learner']:g} | {z['hub_and_proxy_mib']:g} |")
    out += ["", "Learners per core = the largest N whose p95 time to the first chart stayed within 30 s, "
            "divided by the cores (≥ when no N tried passed it), on this machine as loaded. Learners per free "
            "core: 30 s ÷ the CPU seconds one learner needs for the whole lesson (server start, clone, every "
            "cell, the clicks), i.e. what one otherwise idle core could serve if they all start at once; an "
            "estimate, since the first chart comes before the last cell. Learners per GiB = 1 GiB ÷ the largest peak "
            "per learner. Nothing here is asserted by a test: `tests/test_hub.py` runs the same rehearsal "
            "for two learners and checks facts (every cell ran, every click redrew, every learner's files "
            "are theirs, every process stopped).", END]
    return "\n".join(out)


def write(res: dict[str, Any], out: Path = HERE) -> None:
    """Put the section into results.md (replacing an earlier one) and the numbers into results.json."""
    md, js = out / "results.md", out / "results.json"
    text = md.read_text(encoding="utf-8") if md.exists() else "# Benchmark results\n"
    section = markdown(res)
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    md.write_text(text, encoding="utf-8")
    data = json.loads(js.read_text(encoding="utf-8")) if js.exists() else {}
    data["hub"] = res
    js.write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hub", description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--lessons", nargs="+", default=list(LESSONS))
    parser.add_argument("--quick", action="store_true", help="one learner, lesson 1")
    parser.add_argument("--out", type=Path, default=HERE, help="where results.md/.json are (default: bench/)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the hub is stopped on the way out
    sizes, lessons = ((1,), LESSONS[:1]) if args.quick else (tuple(args.learners), tuple(args.lessons))
    res = run(sizes, lessons)
    args.out.mkdir(parents=True, exist_ok=True)
    write(res, args.out)
    print(markdown(res))
    return 0 if all(r["ok"] == r["learners"] for r in res["rows"]) else 1


if __name__ == "__main__":
    sys.exit(main())
