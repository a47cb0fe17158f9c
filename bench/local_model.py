"""The real local model: what it costs to start, what a model turn costs, what it does with each switch.

Measured on llama.cpp's server (xllamacpp) with Qwen2.5-Coder-0.5B-Instruct, the course's local
model (`course.local`), on the real clock:
- *load*: a fresh server from spawn to its first 200 on /health (the model file in the page cache),
  and the server's resident memory (VmRSS, VmHWM from /proc) after one agent run;
- *turns*: the three-read batch of lesson 6 through `course.Agent` in one-at-a-time, all and hybrid,
  repeated; each model turn's duration beside the scripted model's 0.5 s, with the server's own
  token counts and rates (prompt read, tokens generated);
- *switches*: one request per combination of `parallel_tool_calls` and `tool_choice`, and how many
  calls each reply held.
Skipped, with a sentence, where the `local` extra is not installed.
"""
from __future__ import annotations

import json
import statistics
import time
import urllib.request
from typing import Any, Callable

SYSTEM = ("You are a coding agent. Call tools to read files. When you need several files, "
          "call read_file once per file, all in one reply.")
QUESTION = "Read shop/cart.py, shop/discounts.py and shop/tests.py."
SCRIPTED_TURN = 0.5


def _memory(pid: int) -> dict[str, float]:
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) / 1024
    return fields


def _switches(server: Any, tool: dict[str, Any]) -> list[dict[str, Any]]:
    from course.local import PRIMER
    rows = []
    for parallel in (True, False):
        for choice in ("auto", "required"):
            body = {"model": "local", "temperature": 0, "tools": [tool], "parallel_tool_calls": parallel,
                    "tool_choice": choice, "max_tokens": 200,
                    "messages": [{"role": "system", "content": SYSTEM}, *PRIMER, {"role": "user", "content": QUESTION}]}
            request = urllib.request.Request(f"{server.base_url}/chat/completions", data=json.dumps(body).encode(),
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=600) as reply:
                data = json.loads(reply.read())
            calls = data["choices"][0]["message"].get("tool_calls") or []
            rows.append({"parallel_tool_calls": parallel, "tool_choice": choice, "calls": len(calls),
                         "finish_reason": data["choices"][0]["finish_reason"]})
    return rows


def run(repetitions: int = 3, loads: int = 3, log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Measure the local model; {"skipped": why} where it is not installed."""
    import course
    import course.local as local

    if not local.available():
        return {"skipped": "the local extra is not installed (make local)"}

    @course.tool(latency=1.0)
    async def read_file(path: str) -> str:
        """Read a text file of the project."""
        return f"<contents of {path}>"

    load_times = []
    for _ in range(loads):
        began = time.perf_counter()
        with local.LocalServer() as server:
            load_times.append(time.perf_counter() - began)
    log(f"  load: {statistics.median(load_times):.2f} s (median of {loads})")
    res: dict[str, Any] = {"loads": load_times, "modes": {}}
    with local.LocalServer() as server:
        res["threads"] = server.threads
        model = local.LocalModel(server.base_url)
        for rep in range(repetitions):
            for mode in ("one-at-a-time", "all", "hybrid"):
                model.log.clear()
                trace = course.Agent(model=model, tools=[read_file], mode=mode, max_turns=5,
                                     system=SYSTEM).run_sync(QUESTION, clock="real")
                row = res["modes"].setdefault(mode, {"makespans": [], "turns": [], "timings": [], "calls": []})
                row["makespans"].append(trace.makespan)
                row["turns"] += [s.duration for s in trace.spans if s.kind == "llm"]
                row["timings"] += model.log.timings()
                row["calls"].append(len(trace.results))
            log(f"  round {rep + 1}/{repetitions}: " + ", ".join(
                f"{m} {r['makespans'][-1]:.1f} s" for m, r in res["modes"].items()))
        res["memory_mib"] = _memory(server.process.pid)
        res["switches"] = _switches(server, read_file.schema)
    return res


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def markdown(res: dict[str, Any]) -> str:
    """The section of bench/results.md."""
    if "skipped" in res:
        return f"_Skipped: {res['skipped']}._"
    lines = [f"Server start to first /health 200: **{_median(res['loads']):.2f} s** (median of {len(res['loads'])}); "
             f"{res['threads']} llama.cpp thread(s); resident memory after the runs "
             f"{res['memory_mib'].get('VmRSS', 0):.0f} MiB (peak {res['memory_mib'].get('VmHWM', 0):.0f} MiB).", "",
             "| mode | makespan (median) | tool calls | model turn (median) | × the scripted 0.5 s | prompt tokens/s | generated tokens/s |",
             "|---|---|---|---|---|---|---|"]
    for mode, row in res["modes"].items():
        prompt = [t["prompt_per_second"] for t in row["timings"] if t.get("prompt_n", 0) > 8]
        gen = [t["predicted_per_second"] for t in row["timings"]]
        turn = _median(row["turns"])
        lines.append(f"| {mode} | {_median(row['makespans']):.2f} s | {_median(row['calls']):g} | {turn:.2f} s | "
                     f"{turn / SCRIPTED_TURN:.1f}× | {_median(prompt):.0f} | {_median(gen):.0f} |")
    lines += ["", "What the server sent back for the same request under each switch (three files asked for):", "",
              "| parallel_tool_calls | tool_choice | calls in the reply | finish_reason |", "|---|---|---|---|"]
    lines += [f"| {r['parallel_tool_calls']} | {r['tool_choice']} | {r['calls']} | {r['finish_reason']} |"
              for r in res["switches"]]
    return "\n".join(lines)


def readme_line(res: dict[str, Any]) -> str:
    """One line for README's bench summary."""
    if "skipped" in res:
        return ""
    turn = _median(res["modes"]["all"]["turns"])
    return (f"- **Local model** (llama.cpp, Qwen2.5-Coder-0.5B): loads in {_median(res['loads']):.1f} s; a model "
            f"turn of the three-read batch takes {turn:.2f} s, {turn / SCRIPTED_TURN:.1f}× the scripted 0.5 s.")
