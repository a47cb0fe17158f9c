"""Real I/O on the real clock: one-at-a-time vs all, measured, next to what the virtual model predicts.

Two batches of real work, each run by an Agent whose ScriptedModel answers instantly (latency 0),
so only the tools and the runtime take time:

- files:       read 50 real files (64 KiB each, written to a temporary directory first) with a
               plain `def` tool; the runtime runs plain functions in the loop's default thread pool;
- subprocesses: 5 real `python -c "import time; time.sleep(0.2)"` processes, started by an async
               tool with `asyncio.create_subprocess_exec`.

one-at-a-time asks the model for one call per turn (N turns); all takes the batch in one turn
and runs every call at once. The measured speed-up is the ratio of the medians.

The prediction: every call's duration measured in the one-at-a-time runs (median per call)
becomes that call's latency on the virtual clock, and the same two modes run there. The virtual
model knows nothing about threads, the GIL, CPU cores or process start-up; where the measured
speed-up falls short of the prediction, that is what the difference is made of.
"""
from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

import course
from course import ToolCall

from .stats import summary

FILE_BYTES = 64 * 1024


def read_file(path: str) -> int:
    """Read a whole file; return its size in bytes."""
    with open(path, "rb") as fh:
        return len(fh.read())


async def run_process(seconds: float) -> int:
    """Start a real Python process that sleeps, wait for it, return its exit code."""
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", f"import time; time.sleep({seconds})")
    return await proc.wait()


def _batches(folder: Path, files: int, processes: int, sleep: float) -> dict[str, tuple[Any, list[ToolCall]]]:
    paths = []
    for i in range(files):
        p = folder / f"file_{i:03d}.txt"
        p.write_bytes((f"line {i}\n" * (FILE_BYTES // 8))[:FILE_BYTES].encode())
        paths.append(str(p))
    return {
        "files": (course.tool(read_file),
                  [ToolCall(id=f"read_{i}", name="read_file", arguments={"path": p}) for i, p in enumerate(paths)]),
        "subprocesses": (course.tool(run_process),
                         [ToolCall(id=f"proc_{i}", name="run_process", arguments={"seconds": sleep})
                          for i in range(processes)]),
    }


def _run(tool: Any, calls: list[ToolCall], mode: str, clock: str) -> course.Trace:
    model = course.ScriptedModel(plan=[calls], final="done", latency=0.0)
    agent = course.Agent(model=model, tools=[tool], mode=mode, max_turns=len(calls) + 2)
    trace = agent.run_sync("go", clock=clock)
    assert trace.ok and len(trace.results) == len(calls), trace.summary()
    return trace


def _predict(calls: list[ToolCall], durations: dict[str, float], cap: int | None = None) -> dict[str, float]:
    """Makespans of both modes on the virtual clock, each call charged its measured duration."""
    by_id = {c.id: durations[c.id] for c in calls}
    virtual_calls = [ToolCall(id=c.id, name="work", arguments={"call": c.id}) for c in calls]

    async def work(call: str) -> str:
        return call

    tool = course.tool(work, latency=lambda a: by_id[a["call"]])
    out = {}
    for mode in ("one-at-a-time", "all"):
        model = course.ScriptedModel(plan=[virtual_calls], final="done", latency=0.0)
        agent = course.Agent(model=model, tools=[tool], mode=mode, max_concurrency=cap, max_turns=len(calls) + 2)
        out[mode] = agent.run_sync("go").makespan
    out["speedup"] = out["one-at-a-time"] / out["all"] if out["all"] else float("inf")
    return out


def run(files: int = 50, processes: int = 5, sleep: float = 0.2, repetitions: int = 5,
        log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Measure both batches in both modes (interleaved repetitions); predict; compare."""
    threads = min(32, (os.cpu_count() or 1) + 4)  # ThreadPoolExecutor's documented default size
    res: dict[str, Any] = {"files": files, "file_bytes": FILE_BYTES, "processes": processes, "sleep": sleep,
                           "repetitions": repetitions, "cpus": os.cpu_count(), "default_threads": threads,
                           "batches": {}}
    with tempfile.TemporaryDirectory(prefix="bench-io-") as tmp:
        for name, (tool, calls) in _batches(Path(tmp), files, processes, sleep).items():
            _run(tool, calls, "all", "real")  # warm-up: page cache, thread pool, interpreter start
            spans: dict[str, list[float]] = {c.id: [] for c in calls}
            makespans: dict[str, list[float]] = {"one-at-a-time": [], "all": []}
            for r in range(repetitions):
                for mode in (("one-at-a-time", "all") if r % 2 == 0 else ("all", "one-at-a-time")):
                    trace = _run(tool, calls, mode, "real")
                    makespans[mode].append(trace.makespan)
                    if mode == "one-at-a-time":
                        for s in trace.tool_spans:
                            spans[s.call_id].append(s.duration)
            durations = {cid: statistics.median(v) for cid, v in spans.items()}
            one, every = (summary(makespans[m]) for m in ("one-at-a-time", "all"))
            entry = {"calls": len(calls), "one-at-a-time": one, "all": every,
                     "measured_speedup": one["median"] / every["median"],
                     "per_call_median": statistics.median(durations.values()),
                     "slowest_call": max(durations, key=durations.__getitem__),
                     "slowest_call_seconds": max(durations.values()),
                     "predicted": _predict(calls, durations)}
            if name == "files":  # plain functions share the default thread pool: the model can be told
                entry["predicted_capped"] = {"cap": threads, **_predict(calls, durations, cap=threads)}
            res["batches"][name] = entry
            log(f"  {name}: measured {entry['measured_speedup']:.2f}×, predicted "
                f"{entry['predicted']['speedup']:.2f}×")
    return res


def markdown(res: dict[str, Any]) -> str:
    """One row per batch: medians of both modes, measured vs predicted makespans and speed-up."""
    lines = ["| batch | one call alone (median) | one-at-a-time: measured / predicted | "
             "all: measured / predicted | speed-up: measured | speed-up: predicted |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, b in res["batches"].items():
        label = (f"read {b['calls']} files of {res['file_bytes'] // 1024} KiB" if name == "files"
                 else f"{b['calls']} subprocesses sleeping {res['sleep']:g} s")
        p = b["predicted"]
        pred = f"{p['speedup']:.1f}×"
        if "predicted_capped" in b:
            pc = b["predicted_capped"]
            pred += f" ({pc['speedup']:.1f}× if capped at the {pc['cap']} pool threads)"
        lines.append(f"| {label} | {_t(b['per_call_median'])} | "
                     f"{_t(b['one-at-a-time']['median'])} / {_t(p['one-at-a-time'])} | "
                     f"{_t(b['all']['median'])} / {_t(p['all'])} | "
                     f"{b['measured_speedup']:.2f}× | {pred} |")
    return "\n".join(lines)


def _t(seconds: float) -> str:
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"
