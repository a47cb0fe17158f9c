"""Dispatch overhead (real clock): N concurrent no-op async tools, three ways, side by side.

- floor:    `asyncio.gather` of the bare coroutines (one task per call, nothing else);
- runtime:  `course.execute(calls, tools, mode="all", clock="real")`;
- ToolNode: LangGraph's prebuilt `ToolNode` (the `bench` extra), given one AIMessage holding the
  N tool calls. Skipped, with a note, when langgraph is not importable.

All three run the same coroutine function. Two timings per sample, each applied to all three:

- "batch": measured inside an already-running fresh loop, around the batch alone
  (`await asyncio.gather(...)`, `await course.execute_async(...)`, `await node.ainvoke(...)`);
- "call":  the whole synchronous call including creating and closing a fresh event loop
  (`new_event_loop()` + `run_until_complete(...)` + `close()` for the floor and ToolNode, the
  same steps `course.execute(...)` takes inside).

The batch is timed twice at once: wall time (`perf_counter`, the real clock, what the tables
show) and this process's CPU time (`process_time`), which a busy machine disturbs far less —
a cross-check on the wall-clock ratios.

Inputs (the ToolCall list, the AIMessage, the ToolNode) are built once, outside the timing. The
three contenders run interleaved, in rotating order, with a garbage collection before every
sample, so machine noise hits them alike; tables report medians and the interquartile spread.
"""
from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from typing import Any, Callable, Iterator

import course
from course import ToolCall

from .stats import median, spread_pct, summary

SIZES = (1, 10, 100, 1_000, 10_000)
QUICK_SIZES = (1, 10)
TIMINGS = ("batch", "cpu", "call")


async def noop(i: int) -> int:
    """Return i: a tool that does nothing, so all that is measured is dispatch."""
    return i


NOOP_TOOL = course.tool(noop)


def repetitions(n: int, quick: bool = False) -> int:
    """Samples per size: many for tiny batches (they are quick and noisy), few for huge ones."""
    if quick:
        return 3
    return {1: 301, 10: 201, 100: 101, 1_000: 21}.get(n, 7)


# ---- the three contenders; each returns {"batch", "cpu", "call"} seconds --------------------
Timing = dict[str, float]


def _on_fresh_loop(main: Callable[[], Any]) -> tuple[Any, float]:
    """Run main() on a new event loop, closed afterwards; return its value and the wall time."""
    t0 = time.perf_counter()
    loop = asyncio.new_event_loop()
    try:
        value = loop.run_until_complete(main())
    finally:
        loop.close()
    return value, time.perf_counter() - t0


async def _timed(awaitable: Any) -> tuple[Any, float, float]:
    """Await it; return its value, wall seconds and CPU seconds."""
    c, t = time.process_time(), time.perf_counter()
    value = await awaitable
    return value, time.perf_counter() - t, time.process_time() - c


def _measure(batch: Callable[[], Any], check: Callable[[Any], None]) -> Timing:
    """Two separate runs of one contender, each after a garbage collection: the batch timed from
    inside a fresh loop (wall and CPU), then the whole call, fresh loop and all, timed around it."""
    async def timed() -> tuple[float, float]:
        value, wall, cpu = await _timed(batch())
        check(value)
        return wall, cpu

    async def plain() -> Any:
        return await batch()

    gc.collect()
    (wall, cpu), _ = _on_fresh_loop(timed)
    gc.collect()
    value, call = _on_fresh_loop(plain)
    check(value)
    return {"batch": wall, "cpu": cpu, "call": call}


def _floor(n: int) -> Timing:
    def check(out: Any) -> None:
        assert len(out) == n

    return _measure(lambda: asyncio.gather(*(noop(i) for i in range(n))), check)


def _runtime(calls: list[ToolCall]) -> Timing:
    def check(trace: Any) -> None:
        assert len(trace.results) == len(calls) and trace.results[-1].ok

    def whole_call() -> float:  # course.execute makes, runs and closes its own fresh loop
        gc.collect()
        t0 = time.perf_counter()
        trace = course.execute(calls, [NOOP_TOOL], mode="all", clock="real")
        dt = time.perf_counter() - t0
        check(trace)
        return dt

    timing = _measure(lambda: course.execute_async(calls, [NOOP_TOOL], mode="all"), check)
    timing["call"] = whole_call()
    return timing


def toolnode_factory() -> tuple[Callable[[int], Any], Callable[[Any], Timing]] | None:
    """(make_input(n), run(input)) for LangGraph's ToolNode, or None when langgraph is missing."""
    try:
        from langchain_core.messages import AIMessage
        from langchain_core.tools import StructuredTool
        from langgraph.prebuilt import ToolNode
        from langgraph.runtime import Runtime
    except ImportError:
        return None
    try:
        from langgraph._internal._constants import CONFIG_KEY_RUNTIME
    except ImportError:  # the key the graph runner uses to hand a node its Runtime
        CONFIG_KEY_RUNTIME = "__pregel_runtime"
    node = ToolNode([StructuredTool.from_function(coroutine=noop, name="noop", description="No-op.")])
    # Outside a compiled graph ToolNode needs the Runtime the graph would inject; give it the default.
    config = {"configurable": {CONFIG_KEY_RUNTIME: Runtime()}}

    def make_input(n: int) -> Any:
        calls = [{"name": "noop", "args": {"i": i}, "id": f"call_{i}", "type": "tool_call"} for i in range(n)]
        return {"messages": [AIMessage(content="", tool_calls=calls)]}

    def run(state: Any) -> Timing:
        n = len(state["messages"][0].tool_calls)

        def check(out: Any) -> None:
            assert len(out["messages"]) == n

        return _measure(lambda: node.ainvoke(state, config), check)

    return make_input, run


def langgraph_version() -> str | None:
    """The installed langgraph version, or None."""
    try:
        from importlib.metadata import version
        return version("langgraph")
    except Exception:
        return None


# ---- the benchmark --------------------------------------------------------------------------
def run(sizes: tuple[int, ...] = SIZES, quick: bool = False, with_toolnode: bool = True,
        log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Measure every size; return medians, spreads, per-call overhead and ratios."""
    peer = toolnode_factory() if with_toolnode else None
    with _frozen_heap():
        rows = [_measure_size(n, peer, quick, log) for n in sizes]
    return {"sizes": list(sizes), "rows": rows, "toolnode": bool(peer),
            "langgraph": langgraph_version() if peer else None,
            "note": None if peer or not with_toolnode else
            "langgraph is not installed: install the bench extra (pip install -e '.[bench]') for the ToolNode column"}


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """Move everything alive now (modules, the inputs) out of the collector's sight for the
    duration: the garbage collection before each sample then costs microseconds instead of tens of
    milliseconds, and collections inside a timed batch scan only what the batch itself made."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _measure_size(n: int, peer: Any, quick: bool, log: Callable[[str], None]) -> dict[str, Any]:
    """All samples of one size N, the contenders interleaved in rotating order."""
    calls = [ToolCall(id=f"call_{i}", name="noop", arguments={"i": i}) for i in range(n)]
    state = peer[0](n) if peer else None
    contenders: dict[str, Callable[[], Timing]] = {
        "floor": lambda: _floor(n),
        "runtime": lambda: _runtime(calls),
    }
    if peer:
        contenders["toolnode"] = lambda: peer[1](state)
    for f in contenders.values():  # warm-up: imports, caches, first-task costs
        f()
    gc.collect()
    gc.freeze()  # the inputs just built (N calls, N tool-call dicts) join the frozen heap, as in peers.py
    samples: dict[str, dict[str, list[float]]] = {k: {t: [] for t in TIMINGS} for k in contenders}
    names = list(contenders)
    reps = repetitions(n, quick)
    for r in range(reps):
        for k in names[r % len(names):] + names[:r % len(names)]:
            for t, seconds in contenders[k]().items():
                samples[k][t].append(seconds)
    del calls, state, contenders
    gc.unfreeze()  # this size's inputs go back to the collector; the run's own freeze is renewed
    gc.collect()
    gc.freeze()
    row: dict[str, Any] = {"n": n, "repetitions": reps}
    for k in names:
        row[k] = {t: summary(v) for t, v in samples[k].items()}
    for t in TIMINGS:
        floor = row["floor"][t]["median"]
        for k in names:
            if k == "floor":
                continue
            m = row[k][t]["median"]
            row[k][t]["per_call_us"] = 1e6 * m / n
            row[k][t]["overhead_us"] = 1e6 * (m - floor) / n
            row[k][t]["ratio"] = m / floor if floor else float("inf")
        row["floor"][t]["per_call_us"] = 1e6 * floor / n
    log(f"  N={n}: floor {row['floor']['batch']['per_call_us']:.2f} µs/call, runtime "
        f"{row['runtime']['batch']['per_call_us']:.2f} µs/call ({row['runtime']['batch']['ratio']:.2f}×)"
        + (f", ToolNode {row['toolnode']['batch']['per_call_us']:.1f} µs/call" if peer else ""))
    return row


def markdown(res: dict[str, Any], timing: str = "batch") -> str:
    """The table: µs per call (median ± half the IQR), overhead over the floor, and ratios."""
    peer = res["toolnode"]
    cpu = timing == "batch"
    head = "| N | floor µs/call | runtime µs/call | runtime overhead µs/call | runtime ÷ floor |"
    rule = "|---:|---:|---:|---:|---:|"
    if cpu:
        head += " runtime ÷ floor (CPU) |"
        rule += "---:|"
    if peer:
        head += " ToolNode µs/call | ToolNode ÷ floor | ToolNode ÷ runtime |"
        rule += "---:|---:|---:|"
    lines = [head, rule]
    for row in res["rows"]:
        f, rt = row["floor"][timing], row["runtime"][timing]
        cells = [f"{row['n']:,}", f"{f['per_call_us']:.2f} ±{spread_pct(f):.0f}%",
                 f"{rt['per_call_us']:.2f} ±{spread_pct(rt):.0f}%", f"{rt['overhead_us']:.2f}",
                 f"{rt['ratio']:.2f}×"] + ([f"{row['runtime']['cpu']['ratio']:.2f}×"] if cpu else [])
        if peer:
            tn = row["toolnode"][timing]
            cells += [f"{tn['per_call_us']:.1f} ±{spread_pct(tn):.0f}%", f"{tn['ratio']:.1f}×",
                      f"{tn['median'] / rt['median']:.1f}×"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ---- where the per-call time goes ---------------------------------------------------------------
def _steps() -> list[tuple[str, Callable[[int, list[ToolCall]], Any]]]:
    """Cumulative steps from the floor to the runtime; each adds one thing the runtime does per call."""
    from course.calls import ToolResult
    from course.trace import Span

    tool = NOOP_TOOL

    async def validated(i: int) -> Any:
        return await tool.invoke(tool.validate({"i": i}))

    async def recorded(i: int) -> Any:
        loop = asyncio.get_running_loop()
        span = Span(kind="tool", name="noop", start=loop.time(), call_id=f"call_{i}")
        output = await tool.invoke(tool.validate({"i": i}))
        span.end = loop.time()
        return ToolResult(f"call_{i}", "noop", "ok", output=output)

    return [
        ("bare asyncio.gather of the coroutines (the floor)", lambda n, c: asyncio.gather(*(noop(i) for i in range(n)))),
        ("+ through Tool.invoke", lambda n, c: asyncio.gather(*(tool.invoke({"i": i}) for i in range(n)))),
        ("+ argument validation (pydantic)", lambda n, c: asyncio.gather(*(validated(i) for i in range(n)))),
        ("+ a Span and a ToolResult per call", lambda n, c: asyncio.gather(*(recorded(i) for i in range(n)))),
        ("+ batch graph, scheduler, trace: course.execute_async", lambda n, c: course.execute_async(c, [tool])),
    ]


def breakdown(n: int = 1_000, repetitions: int = 15) -> dict[str, Any]:
    """CPU µs per call of each cumulative step (medians of interleaved runs), and with GC paused."""
    calls = [ToolCall(id=f"call_{i}", name="noop", arguments={"i": i}) for i in range(n)]
    steps = _steps()

    def once(make: Callable[[int, list[ToolCall]], Any], gc_paused: bool) -> float:
        async def main() -> float:
            return (await _timed(make(n, calls)))[2]

        gc.collect()
        if gc_paused:
            gc.disable()
        try:
            return _on_fresh_loop(main)[0]
        finally:
            gc.enable()

    samples: dict[tuple[int, bool], list[float]] = {(k, g): [] for k in range(len(steps)) for g in (False, True)}
    with _frozen_heap():
        for _ in range(repetitions):
            for k, (_, make) in enumerate(steps):
                for paused in (False, True):
                    samples[(k, paused)].append(once(make, paused))
    rows = []
    for k, (label, _) in enumerate(steps):
        on, off = (1e6 * median(samples[(k, g)]) / n for g in (False, True))
        rows.append({"step": label, "cpu_us": on, "cpu_us_gc_paused": off})
    return {"n": n, "repetitions": repetitions, "rows": rows}


def breakdown_markdown(res: dict[str, Any]) -> str:
    """The cumulative steps with their CPU µs per call and what each step adds."""
    lines = [f"| step (N = {res['n']:,}, CPU time) | µs/call | adds | µs/call, GC paused |",
             "|---|---:|---:|---:|"]
    prev = None
    for r in res["rows"]:
        add = "" if prev is None else f"+{r['cpu_us'] - prev:.2f}"
        lines.append(f"| {r['step']} | {r['cpu_us']:.2f} | {add} | {r['cpu_us_gc_paused']:.2f} |")
        prev = r["cpu_us"]
    return "\n".join(lines)
