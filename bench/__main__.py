"""`python -m bench`: run every benchmark, write bench/results.md and bench/results.json, and put the
headline tables in README.md between <!-- bench:begin --> and <!-- bench:end -->.

    python -m bench                    everything, full sizes (a few minutes)
    python -m bench --only overhead    one or more of: scheduling overhead peers io course startup local
                                       (only their sections are replaced; the others are kept)
    python -m bench --quick            smallest sizes (what the smoke test runs)
    python -m bench --out DIR --no-readme   write the results elsewhere, leave README alone
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import course_speed, local_model, overhead, peers, real_io, scheduling, startup
from .stats import load_sentence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PARTS = ("scheduling", "overhead", "peers", "io", "course", "startup", "local")
KEYS = {"scheduling": "scheduling", "overhead": "overhead", "peers": "peers", "io": "real_io", "course": "course",
        "startup": "startup", "local": "local_model"}  # part name on the command line -> its key in results.json
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def log(message: str) -> None:
    print(message, flush=True)


def run_all(parts: tuple[str, ...] = PARTS, quick: bool = False,
            notebooks: list[Path] | None = None) -> dict[str, Any]:
    """Run the chosen parts; return everything as one JSON-able dict."""
    res: dict[str, Any] = {"meta": meta(quick)}
    if "scheduling" in parts:
        log("scheduling quality (virtual clock)")
        res["scheduling"] = (scheduling.run(sizes=(5, 20), seeds=2, caps=(2,), log=log) if quick
                             else scheduling.run(seeds=20, log=log))
    if "overhead" in parts:
        log("dispatch overhead (real clock)")
        sizes = overhead.QUICK_SIZES if quick else overhead.SIZES
        res["overhead"] = overhead.run(sizes=sizes, quick=quick, log=log)
        res["overhead"]["breakdown"] = overhead.breakdown(n=100 if quick else 1_000,
                                                          repetitions=3 if quick else 15)
    if "peers" in parts:
        log("peers side by side (real clock)")
        res["peers"] = peers.run(sizes=peers.QUICK_SIZES if quick else peers.SIZES, quick=quick, log=log)
    if "io" in parts:
        log("real I/O (real clock)")
        res["real_io"] = (real_io.run(files=5, processes=2, sleep=0.05, repetitions=1, log=log) if quick
                          else real_io.run(log=log))
    if "course" in parts:
        log("course speed (nbval, playground)")
        res["course"] = course_speed.run(notebooks=notebooks, toggles=3 if quick else 20, log=log)
    if "startup" in parts:
        log("start-up (fresh processes and kernels)")
        n = startup.QUICK_SAMPLES if quick else startup.SAMPLES
        res["startup"] = startup.run(import_samples=n["imports"], kernel_samples=n["kernels"], log=log)
    if "local" in parts:
        log("the real local model (llama.cpp server, real clock)")
        res["local_model"] = local_model.run(repetitions=1 if quick else 3, loads=1 if quick else 3, log=log)
    return res


def meta(quick: bool) -> dict[str, Any]:
    """Where and when: nothing that names this machine or its paths."""
    return {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "quick": quick,
            "python": platform.python_version(), "implementation": platform.python_implementation(),
            "system": f"{platform.system()} {platform.machine()}", "cpus": os.cpu_count(),
            "langgraph": overhead.langgraph_version(), "load_average": _load()}


def _load() -> list[float] | None:
    """The 1, 5 and 15 minute load averages when the run started (how busy the machine was)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


# ---- reports -------------------------------------------------------------------------------------
HOW_TO_READ = """\
**How to read these numbers.** Every comparison is a *ratio measured in one run*, side by side on
the same machine; absolute microseconds and milliseconds depend on the machine and on what else it
was doing, so compare ratios, not raw times, between runs. Expect a shared, noisy machine (this
file was written on one with {cpus} CPUs, with other work running): real-clock numbers are medians of interleaved
repetitions, with the spread shown as ± half the interquartile range in % of the median (or as
the p25–p75 range). The scheduling part runs on the virtual clock, so it is exact and the same on
every machine and every run. Nothing here is asserted by the tests: `tests/e2e/test_bench_smoke.py`
only runs each benchmark at its smallest size so the code cannot rot. A section re-run alone
(`python -m bench --only PART`) replaces only its own section and says when it ran."""


def results_markdown(res: dict[str, Any]) -> str:
    """bench/results.md."""
    m = res["meta"]
    out = ["# Benchmark results", "",
           f"Generated by `python -m bench` ({'quick sizes' if m['quick'] else 'full sizes'}) on {m['date']}: "
           f"{m['implementation']} {m['python']}, {m['system']}, {m['cpus']} CPUs"
           + (f", langgraph {m['langgraph']}." if m.get("langgraph") else ".") + _load_sentence(m), "",
           HOW_TO_READ.format(cpus=m["cpus"]), ""]
    if "scheduling" in res:
        s = res["scheduling"]
        n_batches = sum(r["batches"] for r in s["rows"])
        out += ["## 1. Scheduling quality (virtual clock, exact)", "", *_rerun_note(res, "scheduling"),
                f"{n_batches} seeded random batches ({s['seeds']} per size), each a DAG of tool calls with "
                "mixed latencies (20 ms – 10 s), `depends_on` edges, some parallel-unsafe calls and "
                "reads/writes of shared paths. CP is the critical path of the batch graph the runtime "
                "builds (dependencies plus the order it gives conflicting and unsafe calls), with the "
                "declared latencies; it is the lower bound for any schedule of that graph. "
                "Sequential ÷ CP is therefore the most any parallel schedule can gain.", "",
                scheduling.markdown(s), "",
                "With a concurrency cap k the lower bound is LB_k = max(CP, W / k) (W: total work). Graham's "
                "list-scheduling argument bounds any schedule that never idles a slot while a call is ready "
                "by W/k + (1 − 1/k)·CP ≤ (2 − 1/k)·LB_k; dataflow is such a schedule: "
                + "; ".join(f"cap {k}: within on {c['dataflow_within_tight']}/{n_batches} batches"
                            for k, c in s["all"]["capped"].items())
                + ". Waves is not (it leaves slots idle until the whole wave is done), so nothing bounds it "
                "this way, and it can exceed the bound: "
                + "; ".join(f"cap {k}: within on {c['waves_within_graham']}/{n_batches}"
                            for k, c in s["all"]["capped"].items()) + ".", ""]
    if "overhead" in res:
        o = res["overhead"]
        out += ["## 2. Dispatch overhead (real clock)", "", *_rerun_note(res, "overhead"),
                "N concurrent no-op async tools. **floor**: `asyncio.gather` of the bare coroutines; "
                "**runtime**: `course.execute(calls, tools, mode=\"all\")`; **ToolNode**: LangGraph's "
                "prebuilt `ToolNode` handed one AIMessage with the N tool calls (with the default "
                "`Runtime` a compiled graph would inject; no graph around it). All three run the same "
                "coroutine function. Overhead = (runtime − floor) ÷ N. The inputs built for a size (the N "
                "calls, the AIMessage) are frozen out of the garbage collector's sight with the modules, so a "
                "collection inside a timed batch scans only what the batches themselves made.", ""]
        if o.get("note"):
            out += [f"_{o['note']}._", ""]
        out += ["**The batch alone** — timed inside a running fresh loop, loop creation excluded for all "
                "three (`await gather(...)`, `await course.execute_async(...)`, `await node.ainvoke(...)`). "
                "The CPU column is the same ratio in process CPU time, which a busy machine disturbs far less:",
                "", overhead.markdown(o, "batch"), "",
                "**The whole call** — loop creation and closing included for all three (a fresh "
                "`new_event_loop()` + `run_until_complete` + `close()` around the floor and ToolNode; "
                "`course.execute(..., clock=\"real\")` does the same inside):", "",
                overhead.markdown(o, "call"), ""]
        if "breakdown" in o:
            out += ["**Where the runtime's time per call goes** — cumulative steps from the floor to the "
                    "runtime, CPU time, medians of interleaved runs; the last column repeats each step "
                    "with the garbage collector paused:", "", overhead.breakdown_markdown(o["breakdown"]), ""]
        out += [OVERHEAD_FINDINGS + _toolnode_sentence(o), ""]
    if "peers" in res:
        out += ["## 3. Peers side by side (real clock)", "", *_rerun_note(res, "peers"), PEERS_INTRO, "", peers.markdown(res["peers"]), "", _peers_findings(res["peers"]), ""]
    if "real_io" in res:
        r = res["real_io"]
        out += ["## 4. Real I/O (real clock)", "", *_rerun_note(res, "real_io"),
                "An Agent with a ScriptedModel answering instantly (latency 0): one-at-a-time = one call "
                "per model turn, all = the whole batch in one turn, run at once. Makespans are medians of "
                f"{r['repetitions']} interleaved repetitions. *Predicted*: each call's measured duration "
                "(median, from the one-at-a-time runs) becomes its latency on the virtual clock, and the "
                "same two modes run there.", "", real_io.markdown(r), "",
                _io_findings(r), ""]
    if "course" in res:
        out += ["## 5. Course speed", "", *_rerun_note(res, "course"), course_speed.markdown(res["course"]), "",
                "Notebooks: one `pytest --nbval` run over lessons/ and solutions/ as `make test` runs them; "
                "the total is its wall time (pytest and kernel start-ups included), a notebook's time is the "
                "sum of its cells' times (its kernel start-up charged to the first cell). Playground: the "
                "time of one assignment to a control (the mode, or the files slider), which re-runs the scenario "
                "on the virtual clock and redraws the PNG timeline and the table. *First version*: a new figure per redraw, as "
                "the playground first drew (kept in `bench/first_version.py`); *kept figure*: the playground now "
                "(`TimelineCanvas`: one figure, the background below the bars rendered once per layout, bars "
                "added without `barh`'s data-limit bookkeeping, a screen PNG). Both give the same pixels (a test "
                "checks it); the two alternate in one run.", ""]
    if "startup" in res:
        out += ["## 6. Start-up (fresh processes and kernels, real clock)", "", *_rerun_note(res, "startup"),
                STARTUP_INTRO, "", startup.markdown(res["startup"]), ""]
    if "local_model" in res:
        out += ["## 7. The real local model (llama.cpp's server, real clock)", "", *_rerun_note(res, "local_model"),
                local_model.__doc__.split("\n\n", 1)[1].strip(), "", local_model.markdown(res["local_model"]), ""]
    return "\n".join(out)


STARTUP_INTRO = """\
What a learner waits for before the course does anything, beside the floor it is built on, each
sample in a fresh process. **Imports**: `python -c` timing its own import statement (interpreter
start-up excluded; *whole process* is spawn to exit, timed by the parent), `len(sys.modules)` and
the child's peak RSS (`ru_maxrss`); the floor is `import matplotlib.pyplot, ipywidgets, pydantic`,
what the course's charts, playground and tools stand on. **First chart**: a fresh ipykernel (started
through `jupyter_client` with this Python, in the environment the test suite gives nbval's kernels:
no `MPLBACKEND`, no live-model variables) runs lesson 1's code cells up to its first chart; the
floor kernel draws one pyplot line with the inline backend. Timed from the kernel start request to
the PNG's arrival; peak RSS is the kernel process's VmHWM, read before it is shut down."""


def _rerun_note(res: dict[str, Any], key: str) -> list[str]:
    """Under a section re-run alone: when, at which sizes, how loaded (the file's header is the main run's)."""
    run = res["meta"].get("reruns", {}).get(key)
    if not run:
        return []
    part = next((p for p, k in KEYS.items() if k == key), key)
    own_load = isinstance(res.get(key), dict) and "load_average" in res[key]  # the section says it itself
    return [f"_This section was re-run alone (`python -m bench --only {part}`, "
            f"{'quick' if run.get('quick') else 'full'} sizes) on {run['date']}, after the rest of this file."
            + ("" if own_load else _load_sentence(run)) + "_", ""]


def _load_sentence(m: dict[str, Any]) -> str:
    text = load_sentence(m.get("load_average"), m.get("load_average_end"), m.get("cpus"))
    return f" {text} (on {m['cpus']} CPUs: above {m['cpus']} means work was waiting for a CPU)." if text else ""


PEERS_INTRO = """\
Every contender runs the same no-op coroutine `async def noop(i: int) -> int` N times, interleaved
in rotating order in one process, timed inside a running fresh loop. Two levels, kept apart in the
ratios: **batch alone** (the tool-execution step handed N calls: the floor, `course.execute_async`,
LangGraph's `ToolNode`) and **agent turn** (a model turn asking for N calls, the calls, the results
handed back to the model, its final answer; the model is a stand-in answering at once with objects
built before the timing, no HTTP: the course's `Agent` with `ScriptedModel(latency=0)`, the OpenAI
Agents SDK's `Runner.run`, pydantic-ai's `Agent.run` with `FunctionModel`, and the `openai` SDK's
`AsyncResponsesToolRunner.run` on a real `AsyncOpenAI` client whose `responses.create` returns the
prebuilt response). The agent frameworks are measured through their runners because that is the
path a user takes: their tool step is a private function taking internal run state (the Agents SDK's
`execute_function_tool_calls`, pydantic-ai's `process_tool_calls`), and the Responses runner has none.
Wall time per call (median ± half the IQR), and the ratios in wall time and in this process's CPU time
(which a busy machine disturbs far less: prefer it when the load average below is high). *Same level*:
a batch-alone row divided by `course.execute_async`, an agent-turn row by the course `Agent`. *Peak in
flight*: calls in flight at once in a probe run whose tool yields to the loop once."""


def _peers_findings(p: dict[str, Any]) -> str:
    last = p["rows"][-1]
    n = last["n"]

    def per(key: str) -> str:
        return f"{last[key]['wall']['per_call_us']:.0f} µs" if key in last else "—"

    def vs(key: str, ref: str = "vs_agent") -> str:  # CPU time: the ratio a busy machine disturbs least
        return f"{last[key]['cpu'][ref]:.1f}×" if key in last else "—"

    peak = p["peak_in_flight"]
    return (
        f"**What each does per call that the course does not (or the reverse)**, at N = {n:,} (µs per call in "
        "wall time; ratios in CPU time):\n\n"
        f"- *course Agent* ({per('agent')} per call): validates the arguments with pydantic, builds the "
        "batch graph (dependencies, resource conflicts, unsafe tools; empty here), schedules it, records a "
        "`Span` and a `ToolResult` per call, and appends one tool message per call for the next model turn. "
        "It has no hooks, approvals or guardrails.\n"
        f"- *OpenAI Agents SDK* ({per('openai_agents')}, {vs('openai_agents')} the course Agent): per call a "
        "tool-invocation identity and approval scope (the arguments normalised and JSON-fingerprinted several "
        "times), an approval-status lookup (human-in-the-loop approvals), de-duplication of repeated "
        "invocations, input/output guardrail checks and run hooks, `inspect.signature` of the tool, a "
        "`ToolContext`, a task with cancellation bookkeeping, and two `RunItem`s (call and output). Tracing "
        "was disabled (it would add a span per call and an exporter).\n"
        f"- *pydantic-ai* ({per('pydantic_ai')}, {vs('pydantic_ai')}): per call a validation and an execution "
        "hook chain through every registered capability (each step copies the run context), a tool-call and a "
        "tool-result event through the run's event stream, pydantic validation of the arguments, a task, and a "
        "`ToolReturnPart`.\n"
        f"- *openai ResponsesToolRunner, default* ({per('responses')}, {vs('responses')}): validates every "
        "output item twice (preflight, then accept), dumps each to its wire form several times, deep-copies the "
        "items into the history, parses the arguments with `json.loads` and inspects the handler's signature per "
        "call; no per-call task. Not streamed, it **runs the calls one after another**: `max_concurrent_calls` is "
        f"only consulted on the streamed, eager path (peak in flight {peak.get('responses', '—')}, with the "
        "default cap of 2 or any other).\n"
        f"- *ResponsesToolRunner, streamed + eager* ({per('responses_eager_2')} with cap 2, "
        f"{per('responses_eager_n')} with cap N): the same, plus the SDK's stream accumulator rebuilding typed "
        "objects for every event (most of the difference to the default path: the streamed model's cost, not "
        "tool execution). `independent=True` functions start as their item arrives, in windows of the cap: "
        "the runner waits for the whole window before starting the next (peak in flight "
        f"{peak.get('responses_eager_2', '—')} and {peak.get('responses_eager_n', '—')}).\n"
        f"- *LangGraph ToolNode* ({per('toolnode')}, {vs('toolnode', 'vs_runtime')} the runtime, batch alone): "
        "per call `StructuredTool.ainvoke` configures a callback manager and a run config, reads the tool "
        "function's signature and type hints again (`inspect.signature`, `get_type_hints`), validates the "
        "input with pydantic and wraps the output in a `ToolMessage`.\n\n"
        "None of the peers builds a dependency graph or checks resource conflicts (pydantic-ai runs a batch in "
        "segments around tools marked sequential; the others run it all at once or, the Responses runner by "
        "default, one call at a time). " + _cheapest_sentence(p))


def _cheapest_sentence(p: dict[str, Any]) -> str:
    labels = {c["key"]: c["label"] for c in p["contenders"]}
    agent_level = [c["key"] for c in p["contenders"] if c["level"] == "agent"]
    parts = [f"N = {row['n']:,}: {labels[min(agent_level, key=lambda k: row[k]['cpu']['median'])]}"
             for row in p["rows"]]
    return "Cheapest per call at the agent level in this run (CPU time): " + "; ".join(parts) + "."


def _io_findings(r: dict[str, Any]) -> str:
    f, p = r["batches"]["files"], r["batches"]["subprocesses"]
    turns = f["calls"]
    extra = (f["one-at-a-time"]["median"] - f["predicted"]["one-at-a-time"]) / turns
    return (f"Plain `def` tools run in the event loop's default thread pool ({r['default_threads']} threads on "
            f"this {r['cpus']}-CPU machine) and hold the GIL while they run Python code. The files are in the "
            f"page cache, so a read costs microseconds: one-at-a-time measured "
            f"{1000 * (f['one-at-a-time']['median'] - f['predicted']['one-at-a-time']):.1f} ms more than the "
            f"prediction over its {turns} model turns, ≈{1e6 * extra:.0f} µs per turn of the agent loop's and the runtime's own "
            "work, which the virtual model charges as zero. "
            "All at once is predicted to take as long as the slowest single call "
            f"(`{f['slowest_call']}`, {1000 * f['slowest_call_seconds']:.1f} ms"
            + (": the first call of a run also starts the pool's first thread)" if f["slowest_call"] == "read_0" else ")")
            + ". Subprocesses overlap for real; what separates measured from predicted there is process "
            f"start-up ({p['calls']} Python interpreters starting at once) competing for {r['cpus']} CPUs.")


OVERHEAD_FINDINGS = """\
**What the overhead is made of.** The first run of this benchmark found the runtime's cost per
call *growing* with N: resolving each call's `"$id"` references copied every finished output into a
new dict, so a batch did O(N²) work. It now looks them up through one live `ChainMap` view. Smaller
fixes in the same hot path: references parsed once (in `build_graph`) instead of twice,
`Tool.validate` no longer reads pydantic's slow `model_fields` class property per call, and spans
read the loop's clock directly. Before and after, measured with this harness in one interleaved
session (the runtime as first committed vs now; the batch alone, wall time, medians):

| N | floor µs/call | before µs/call | after µs/call | runtime ÷ floor, before → after |
|---:|---:|---:|---:|---:|
| 100 | 1.07 | 9.8 | 8.7 | 9.2× → 8.1× |
| 1,000 | 0.99 | 11.2 | 8.9 | 11.2× → 9.0× |
| 10,000 | 0.97 | 24.1 | 10.3 | 24.9× → 10.6× |

The cost per call is now flat in N. What remains is a flat few µs per call that the floor does not do at all (see the
breakdown): validating the arguments with pydantic, a `Span` and a `ToolResult` per call, the batch
graph (dependencies, conflicts, the edges kept in the trace) and the scheduler's bookkeeping, plus the
garbage collector's share, which grows with the number of live objects at N = 10,000. A bare
`gather` of no-op coroutines costs ≈1 µs per call, so "within 2× of the floor" would mean doing all of
that in under a microsecond; the runtime keeps those features, and stays far cheaper per call than LangGraph's ToolNode"""


def _toolnode_sentence(o: dict[str, Any]) -> str:
    rows = [r for r in o["rows"] if "toolnode" in r and r["n"] >= 100]
    if not rows:
        return "."
    lo = min(r["toolnode"]["batch"]["median"] / r["runtime"]["batch"]["median"] for r in rows)
    hi = max(r["toolnode"]["batch"]["median"] / r["runtime"]["batch"]["median"] for r in rows)
    return f" ({lo:.0f}–{hi:.0f}× at N ≥ 100 in this run)."


def readme_block(res: dict[str, Any]) -> str:
    """The README's performance section: the headline tables and a pointer to the full results."""
    m = res["meta"]
    load = m.get("load_average")
    busy = f", load average {load[0]:.1f} when it started" if load else ""
    out = [f"Latest `make bench` ({m['date']}, {m['implementation']} {m['python']}, {m['cpus']} CPUs, "
           f"shared machine{busy}): ratios measured in one run; full tables, spreads and how to read them in "
           "[`bench/results.md`](bench/results.md).", ""]
    if "scheduling" in res:
        a = res["scheduling"]["all"]
        total = sum(r["batches"] for r in res["scheduling"]["rows"])
        cap = res["scheduling"]["caps"][len(res["scheduling"]["caps"]) // 2]
        c = a["capped"][str(cap)]
        out += ["**Scheduling** (virtual clock, exact; makespan ÷ critical path over "
                f"{total} random DAGs of 5–200 calls):", "",
                "| sequential | waves (mean / worst) | dataflow | "
                f"dataflow, cap {cap}, ÷ max(CP, W/{cap}) (mean / worst) | within Graham's (2 − 1/k) bound |",
                "|---:|---:|---:|---:|---:|",
                f"| {a['sequential']['mean']:.2f}× | {a['waves']['mean']:.2f}× / {a['waves']['max']:.2f}× | "
                f"{a['dataflow']['max']:.2f}× on {a['dataflow_exact']}/{total} | "
                f"{c['dataflow']['mean']:.2f}× / {c['dataflow']['max']:.2f}× | {c['dataflow_within_graham']}/{total} |",
                ""]
    if "overhead" in res:
        out += ["**Dispatch overhead** (real clock; N concurrent no-op tools; the batch alone, µs per call, "
                "medians):", "", overhead.markdown(res["overhead"], "batch"), ""]
    if "peers" in res:
        out += ["**Peers** (real clock; the same no-op tool and N; this process's CPU time ÷ a bare "
                "`asyncio.gather`, and ÷ the course at the same level: `course.execute_async` for the batch alone, "
                "the course `Agent` for one agent turn; wall times, spreads and what each does per call in "
                "`bench/results.md`):", "",
                peers.compact_markdown(res["peers"]), ""]
    if "real_io" in res:
        out += ["**Real I/O** (one-at-a-time vs all, real clock; predicted = the same batch on the "
                "virtual clock with the measured per-call times):", "", real_io.markdown(res["real_io"]), ""]
    if "course" in res:
        nb, pg = res["course"]["nbval"], res["course"]["playground"]
        parts = []
        if not nb.get("skipped"):
            parts.append(f"all {len(nb['notebooks'])} notebooks under nbval in {nb['total_seconds']:.0f} s "
                         f"({nb['failed_cells']} failing cell{'' if nb['failed_cells'] == 1 else 's'})")
        if not pg.get("skipped") and pg["rows"]:
            parts.append("playground redraw, first version → kept figure: " + ", ".join(
                f"{1000 * r['first version']['redraw']['median']:.0f} → "
                f"{1000 * r['kept figure']['redraw']['median']:.0f} ms ({r['action']}, {r['tool_calls']} calls)"
                for r in pg["rows"]))
        if parts:
            out += ["**Course speed**: " + "; ".join(parts) + ".", ""]
    if "startup" in res:
        out += [startup.readme_line(res["startup"]), ""]
    if "local_model" in res and local_model.readme_line(res["local_model"]):
        out += [local_model.readme_line(res["local_model"]), ""]
    return "\n".join(out).rstrip()


def update_readme(block: str, readme: Path = ROOT / "README.md") -> bool:
    """Replace only what lies between the bench markers; False when the markers are missing."""
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return False
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}", encoding="utf-8")
    return True


def merge(res: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """This run's parts over the previous results: every part this run did not produce is kept.

    The classroom rehearsal (`hub`, its own slower run) is always kept. When other parts are kept
    (an `--only` run), the header's meta stays the one of the run that made them, and this run's
    meta is filed under meta["reruns"][part], so each section says when it was measured."""
    kept = {k: v for k, v in previous.items() if k not in res and k != "meta"}
    if not any(k != "hub" for k in kept) or "meta" not in previous:
        return {**res, **({"hub": kept["hub"]} if "hub" in kept else {})}
    run_meta = {k: v for k, v in res["meta"].items() if k != "reruns"}
    reruns = {**previous["meta"].get("reruns", {}), **{k: run_meta for k in res if k not in ("meta", "hub")}}
    merged = {"meta": {**previous["meta"], "reruns": reruns}}
    for key in ("scheduling", "overhead", "peers", "real_io", "course", "startup", "local_model", *previous, *res):
        if key != "meta" and key not in merged and (key in res or key in previous):
            merged[key] = res[key] if key in res else previous[key]
    return merged


def write(res: dict[str, Any], out: Path, readme: bool) -> None:
    """results.json and results.md in out (merged with what is there: see `merge`); the README block when asked."""
    out.mkdir(parents=True, exist_ok=True)
    previous = out / "results.json"
    if previous.exists():
        res = merge(res, json.loads(previous.read_text(encoding="utf-8")))
    (out / "results.json").write_text(json.dumps(res, indent=1, default=str) + "\n", encoding="utf-8")
    markdown = results_markdown(res)
    if res.get("hub"):
        from . import hub as hub_bench

        markdown += "\n\n" + hub_bench.markdown(res["hub"])
    (out / "results.md").write_text(markdown + "\n", encoding="utf-8")
    if readme and not update_readme(readme_block(res)):
        log(f"README.md has no {BEGIN} … {END} markers: left alone")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--quick", action="store_true", help="smallest sizes (seconds, not minutes)")
    parser.add_argument("--out", type=Path, default=HERE, help="where results.md/.json go (default: bench/)")
    parser.add_argument("--no-readme", action="store_true", help="leave README.md alone")
    parser.add_argument("--notebooks", nargs="*", type=Path, default=None,
                        help="notebooks for nbval (default: every one in lessons/ and solutions/)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    res = run_all(tuple(args.only), quick=args.quick, notebooks=args.notebooks)
    res["meta"]["seconds"] = round(time.perf_counter() - t0, 1)
    res["meta"]["load_average_end"] = _load()
    write(res, args.out, readme=not args.no_readme)
    log(f"wrote {args.out / 'results.md'} and results.json in {res['meta']['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
