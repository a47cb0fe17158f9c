"""Peers side by side (real clock): the same no-op tool, the same N tool calls, every contender in one run.

Two levels, because the peers do not all expose the same thing:

- **the batch alone** — the tool-execution step, handed N calls, nothing else:
  - floor:    `asyncio.gather` of the bare coroutines;
  - runtime:  `course.execute_async(calls, tools, mode="all")`;
  - ToolNode: LangGraph's prebuilt `ToolNode` handed one AIMessage with the N calls (as in overhead.py).
- **one agent turn** — a model turn that asks for the N calls, the calls, their results handed back,
  and the model's final answer. The model is a stand-in that answers at once with objects built
  before the timing starts (no HTTP, no JSON on the wire), the same for every framework:
  - course Agent:     `course.Agent(ScriptedModel(plan=[calls], latency=0), mode="all").run(...)`;
  - Agents SDK:       `agents.Runner.run(...)` with a minimal `agents.models.interface.Model` that
    returns the prebuilt `ModelResponse` (the SDK's own `agents.testing.ScriptedModel` deep-copies
    every input it sees, which is the stand-in's cost, not the runner's), tracing disabled;
  - pydantic-ai:      `pydantic_ai.Agent(FunctionModel(...)).run(...)`;
  - Responses runner: the `openai` SDK's `AsyncResponsesToolRunner.run(...)` on a real `AsyncOpenAI`
    client whose `responses.create` returns the prebuilt `Response` (or, streamed, its events) in
    process. Three settings: its default (not streamed; `max_concurrent_calls=2`), and streamed
    with eager execution of `independent=True` functions (the only path where `max_concurrent_calls`
    is consulted) with the cap at its default 2 and raised to N.

Why the agent level is the fair one for the agent frameworks: the Agents SDK and pydantic-ai run
their tool step inside their run loop with internal types (run context, hooks, guardrails, graph
nodes), and the Responses runner has no public tool step at all; driving a private function would
measure a call path no user takes. So each is run the way a user runs it, and beside them the
course's own `Agent` does the same work (model turn, batch, results back into the messages, final
turn). The batch-alone rows keep the floor in the same table.

All contenders run the same coroutine function, interleaved in rotating order, with a garbage
collection before every sample and the heap frozen (as in overhead.py). Each sample is timed inside
an already-running fresh loop, wall time and CPU time. Every sample's output is checked (N results,
the last one the last call's). A probe run with a tool that yields once (`await asyncio.sleep(0)`)
records how many calls each contender really has in flight at once.
"""
from __future__ import annotations

import asyncio
import gc
import json
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

import course
from course import ToolCall

from .overhead import _frozen_heap, _on_fresh_loop, _timed, noop, toolnode_factory
from .stats import spread_pct, summary

SIZES = (100, 1_000, 10_000)
QUICK_SIZES = (3,)
PROBE_N = 20

# A tool function is `async def noop(i: int) -> int` (the name is the tool's name everywhere);
# a contender is built for (function, n).
ToolFn = Callable[[int], Awaitable[int]]


@dataclass
class Contender:
    """One way of running N calls of a tool: how to start a run, and how to check what it returned."""

    key: str
    label: str
    level: str  # "batch" or "agent"
    build: Callable[[ToolFn, int], tuple[Callable[[], Awaitable[Any]], Callable[[Any], list[Any]]]]
    note: str = ""


# ---- the course ---------------------------------------------------------------------------------
def _floor(fn: ToolFn, n: int):
    return (lambda: asyncio.gather(*(fn(i) for i in range(n)))), list


def _calls(n: int) -> list[ToolCall]:
    return [ToolCall(id=f"call_{i}", name="noop", arguments={"i": i}) for i in range(n)]


def _runtime(fn: ToolFn, n: int):
    calls, tool = _calls(n), course.tool(fn)
    return (lambda: course.execute_async(calls, [tool], mode="all")), (lambda t: [r.output for r in t.results])


def _course_agent(fn: ToolFn, n: int):
    calls, tool = _calls(n), course.tool(fn)

    def start() -> Awaitable[Any]:
        model = course.ScriptedModel(plan=[calls], final="done", latency=0)
        return course.Agent(model=model, tools=[tool], mode="all").run("go")

    return start, lambda t: [r.output for r in t.results]


# ---- LangGraph ToolNode (the batch alone) -------------------------------------------------------
def _toolnode(fn: ToolFn, n: int):
    from langchain_core.messages import AIMessage
    from langchain_core.tools import StructuredTool
    from langgraph.prebuilt import ToolNode
    from langgraph.runtime import Runtime
    try:
        from langgraph._internal._constants import CONFIG_KEY_RUNTIME
    except ImportError:
        CONFIG_KEY_RUNTIME = "__pregel_runtime"
    node = ToolNode([StructuredTool.from_function(coroutine=fn, name="noop", description="No-op.")])
    config = {"configurable": {CONFIG_KEY_RUNTIME: Runtime()}}
    calls = [{"name": "noop", "args": {"i": i}, "id": f"call_{i}", "type": "tool_call"} for i in range(n)]
    state = {"messages": [AIMessage(content="", tool_calls=calls)]}
    return (lambda: node.ainvoke(state, config)), (lambda out: [int(m.content) for m in out["messages"]])


# ---- OpenAI Agents SDK --------------------------------------------------------------------------
def _openai_agents(fn: ToolFn, n: int):
    from agents import Agent, RunConfig, Runner, function_tool
    from agents.items import ModelResponse
    from agents.models.interface import Model
    from agents.testing import assistant_message, function_call
    from agents.usage import Usage

    turns = [[function_call("noop", {"i": i}, call_id=f"call_{i}") for i in range(n)], [assistant_message("done")]]

    class InstantModel(Model):
        """Answers each turn at once with the next prebuilt output."""

        def __init__(self) -> None:
            self.turn = 0

        async def get_response(self, *args: Any, **kwargs: Any) -> ModelResponse:
            output = turns[min(self.turn, 1)]
            self.turn += 1
            return ModelResponse(output=list(output), usage=Usage(), response_id=None)

        def stream_response(self, *args: Any, **kwargs: Any) -> Any:
            raise NotImplementedError("the benchmark does not stream")

    tool = function_tool(fn)
    config = RunConfig(tracing_disabled=True)

    def start() -> Awaitable[Any]:
        return Runner.run(Agent(name="bench", tools=[tool], model=InstantModel()), "go", run_config=config)

    def outputs(result: Any) -> list[Any]:
        return [item.output for item in result.new_items if item.type == "tool_call_output_item"]

    return start, outputs


# ---- pydantic-ai --------------------------------------------------------------------------------
def _pydantic_ai(fn: ToolFn, n: int):
    from pydantic_ai import Agent
    from pydantic_ai.messages import ModelResponse, TextPart, ToolCallPart, ToolReturnPart
    from pydantic_ai.models.function import FunctionModel

    parts = [ToolCallPart(tool_name="noop", args={"i": i}, tool_call_id=f"call_{i}") for i in range(n)]

    def model(messages: list[Any], info: Any) -> ModelResponse:
        if any(isinstance(p, ToolReturnPart) for p in messages[-1].parts):
            return ModelResponse(parts=[TextPart("done")])
        return ModelResponse(parts=list(parts))

    agent = Agent(FunctionModel(model), tools=[fn])

    def outputs(result: Any) -> list[Any]:
        return [p.content for m in result.all_messages() for p in m.parts if isinstance(p, ToolReturnPart)]

    return (lambda: agent.run("go")), outputs


# ---- the openai SDK's ResponsesToolRunner -------------------------------------------------------
def _responses_runner(stream: bool, cap: int | None):
    """cap None: the default max_concurrent_calls (2); cap 0: raised to N."""
    def build(fn: ToolFn, n: int):
        from openai import AsyncOpenAI
        from openai.lib.responses_tool_runner import AsyncRegisteredFunction, AsyncResponsesToolRunner
        from openai.types.responses import (Response, ResponseCompletedEvent, ResponseCreatedEvent,
                                            ResponseFunctionToolCall, ResponseOutputItemAddedEvent,
                                            ResponseOutputItemDoneEvent, ResponseOutputMessage,
                                            ResponseOutputText)

        tool = {"type": "function", "name": "noop", "description": "No-op.", "strict": True,
                "parameters": {"type": "object", "properties": {"i": {"type": "integer"}}, "required": ["i"],
                               "additionalProperties": False}}

        def response(rid: str, output: list[Any], status: str = "completed") -> Response:
            return Response(id=rid, created_at=0, model="bench", object="response", output=output,
                            parallel_tool_calls=True, tool_choice="auto", tools=[], status=status)

        calls = [ResponseFunctionToolCall(id=f"fc_{i}", call_id=f"call_{i}", type="function_call", name="noop",
                                          arguments=json.dumps({"i": i}), status="completed") for i in range(n)]
        final = ResponseOutputMessage(id="msg_1", type="message", role="assistant", status="completed",
                                      content=[ResponseOutputText(type="output_text", text="done", annotations=[])])
        script = [response("resp_1", calls), response("resp_2", [final])]

        def events(r: Response) -> list[Any]:
            out: list[Any] = [ResponseCreatedEvent(type="response.created", sequence_number=0,
                                                   response=response(r.id, [], "in_progress"))]
            for k, item in enumerate(r.output):
                out += [ResponseOutputItemAddedEvent(type="response.output_item.added", item=item, output_index=k,
                                                     sequence_number=len(out)),
                        ResponseOutputItemDoneEvent(type="response.output_item.done", item=item, output_index=k,
                                                    sequence_number=len(out) + 1)]
            out.append(ResponseCompletedEvent(type="response.completed", response=r, sequence_number=len(out)))
            return out

        streamed = [events(r) for r in script] if stream else []

        class Raw:  # what responses.create(stream=True) returns, reduced to what the runner reads
            def __init__(self, items: list[Any]) -> None:
                self.items, self.response = items, self

            async def aclose(self) -> None:
                return None

            async def __aiter__(self) -> Any:
                for item in self.items:
                    yield item

        client = AsyncOpenAI(api_key="offline", base_url="http://127.0.0.1:9/v1", max_retries=0)
        state = {"turn": 0, "last_input": None}

        async def create(**request: Any) -> Any:
            k = min(state["turn"], 1)
            state["turn"] += 1
            state["last_input"] = request.get("input")
            return Raw(streamed[k]) if request.get("stream") else script[k]

        client.responses.create = create  # type: ignore[method-assign]

        async def execute(args: dict[str, Any]) -> str:
            return str(await fn(**args))

        runner = AsyncResponsesToolRunner(functions=[AsyncRegisteredFunction(tool=tool, execute=execute,
                                                                             independent=True)])
        options: dict[str, Any] = {"stream": True, "eager": True} if stream else {}
        if cap is not None:
            options["max_concurrent_calls"] = cap or n

        def start() -> Awaitable[Any]:
            state["turn"] = 0
            return runner.run(client, {"model": "bench", "input": "go"}, **options)

        def outputs(_result: Any) -> list[Any]:
            return [int(x["output"]) for x in state["last_input"] or []
                    if isinstance(x, dict) and x.get("type") == "function_call_output"]

        return start, outputs
    return build


def contenders() -> list[Contender]:
    """Every contender whose package is importable (the peers are the `bench` extra)."""
    out = [Contender("floor", "floor: bare asyncio.gather", "batch", _floor),
           Contender("runtime", "runtime: course.execute_async", "batch", _runtime)]
    if toolnode_factory() is not None:
        out.append(Contender("toolnode", "LangGraph ToolNode", "batch", _toolnode))
    out.append(Contender("agent", "course Agent", "agent", _course_agent))
    optional = [
        ("agents", Contender("openai_agents", "OpenAI Agents SDK Runner", "agent", _openai_agents)),
        ("pydantic_ai", Contender("pydantic_ai", "pydantic-ai Agent (FunctionModel)", "agent", _pydantic_ai)),
        ("openai.lib.responses_tool_runner",
         Contender("responses", "openai ResponsesToolRunner, default", "agent", _responses_runner(False, None))),
        ("openai.lib.responses_tool_runner",
         Contender("responses_eager_2", "openai ResponsesToolRunner, streamed + eager, cap 2", "agent",
                   _responses_runner(True, None))),
        ("openai.lib.responses_tool_runner",
         Contender("responses_eager_n", "openai ResponsesToolRunner, streamed + eager, cap N", "agent",
                   _responses_runner(True, 0))),
    ]
    import importlib.util
    for module, c in optional:
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if found:
            out.append(c)
    return out


def versions() -> dict[str, str | None]:
    """Installed versions of the peers' packages."""
    from importlib.metadata import PackageNotFoundError, version
    out: dict[str, str | None] = {}
    for dist in ("openai-agents", "pydantic-ai-slim", "openai", "langgraph"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = None
    return out


# ---- measuring ----------------------------------------------------------------------------------
def _sample(start: Callable[[], Awaitable[Any]], outputs: Callable[[Any], list[Any]], n: int) -> tuple[float, float]:
    async def main() -> tuple[float, float]:
        value, wall, cpu = await _timed(start())
        got = outputs(value)
        if len(got) != n or int(got[-1]) != n - 1:
            raise AssertionError(f"expected {n} results ending with {n - 1}, got {len(got)}")
        return wall, cpu

    gc.collect()
    return _on_fresh_loop(main)[0]


def probe(cs: list[Contender], n: int = PROBE_N) -> dict[str, int]:
    """Peak number of calls in flight at once, with a tool that yields to the loop once."""
    peaks: dict[str, int] = {}
    for c in cs:
        state = {"now": 0, "peak": 0}

        async def noop(i: int) -> int:  # the same name and signature as the measured tool
            """Return i, after yielding to the loop once."""
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
            await asyncio.sleep(0)
            state["now"] -= 1
            return i

        start, outputs = c.build(noop, n)
        _sample(start, outputs, n)
        peaks[c.key] = state["peak"]
    return peaks


def repetitions(n: int, quick: bool = False) -> int:
    """Samples per size: fewer for the big batches (the slowest peers take seconds per sample)."""
    if quick:
        return 2
    return {100: 21, 1_000: 9}.get(n, 5)


def run(sizes: tuple[int, ...] = SIZES, quick: bool = False,
        log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Every contender at every size, interleaved; medians, spreads and ratios to the floor and the runtime."""
    cs = contenders()
    rows = []
    with _frozen_heap():
        peaks = probe(cs, 3 if quick else PROBE_N)
        for n in sizes:
            rows.append(_measure_size(cs, n, repetitions(n, quick), log))
    return {"sizes": list(sizes), "rows": rows, "contenders": [c.__dict__ | {"build": None} for c in cs],
            "peak_in_flight": peaks, "probe_n": 3 if quick else PROBE_N, "versions": versions()}


def _measure_size(cs: list[Contender], n: int, reps: int, log: Callable[[str], None]) -> dict[str, Any]:
    built = {c.key: c.build(noop, n) for c in cs}
    for start, outputs in built.values():  # warm-up: imports, caches, first-run costs
        _sample(start, outputs, n)
    # every contender's prebuilt input (up to 10,000 calls each) out of the collector's sight, as the
    # modules are: otherwise each full collection inside a timed run scans all of them, which charges
    # the cheapest contenders most
    gc.collect()
    gc.freeze()
    samples: dict[str, dict[str, list[float]]] = {c.key: {"wall": [], "cpu": []} for c in cs}
    keys = [c.key for c in cs]
    for r in range(reps):
        for k in keys[r % len(keys):] + keys[:r % len(keys)]:
            wall, cpu = _sample(*built[k], n)
            samples[k]["wall"].append(wall)
            samples[k]["cpu"].append(cpu)
    del built
    gc.unfreeze()  # this size's inputs go back to the collector (the run's own freeze is renewed below)
    gc.collect()
    gc.freeze()
    row: dict[str, Any] = {"n": n, "repetitions": reps}
    for k in keys:
        row[k] = {t: summary(v) for t, v in samples[k].items()}
    for t in ("wall", "cpu"):
        floor, runtime = row["floor"][t]["median"], row["runtime"][t]["median"]
        agent = row["agent"][t]["median"]
        for k in keys:
            m = row[k][t]["median"]
            row[k][t].update(per_call_us=1e6 * m / n, vs_floor=m / floor, vs_runtime=m / runtime,
                             vs_agent=m / agent)
    log(f"  N={n}: " + ", ".join(f"{k} {row[k]['wall']['per_call_us']:.1f}" for k in keys) + " µs/call")
    return row


# ---- reporting ----------------------------------------------------------------------------------
def _same_level(level: str) -> str:
    return "vs_runtime" if level == "batch" else "vs_agent"


def markdown(res: dict[str, Any]) -> str:
    """One row per size and contender: wall µs per call with its spread, and the ratios to the floor and to
    the course at the same level (`course.execute_async` for the batch alone, the course Agent for an agent
    turn), in wall time and in CPU time; the peak number of calls in flight."""
    labels = {c["key"]: (c["label"], c["level"]) for c in res["contenders"]}
    lines = ["| N | contender | level | µs/call (wall) | ÷ floor (wall) | ÷ floor (CPU) | ÷ course, same level (wall) "
             f"| ÷ course, same level (CPU) | peak in flight (probe, N = {res['probe_n']}) |",
             "|---:|---|---|---:|---:|---:|---:|---:|---:|"]
    for row in res["rows"]:
        for key, (label, level) in labels.items():
            w, c = row[key]["wall"], row[key]["cpu"]
            same = _same_level(level)
            lines.append(f"| {row['n']:,} | {label} | {'batch alone' if level == 'batch' else 'agent turn'} | "
                         f"{w['per_call_us']:.1f} ±{spread_pct(w):.0f}% | {w['vs_floor']:.1f}× | {c['vs_floor']:.1f}× | "
                         f"{w[same]:.2f}× | {c[same]:.2f}× | {res['peak_in_flight'].get(key, '—')} |")
    return "\n".join(lines)


def compact_markdown(res: dict[str, Any], timing: str = "cpu") -> str:
    """The README's version, in CPU time by default (a shared machine disturbs it least): the ratio to the
    floor per size, and to the course at the same level at the largest size."""
    labels = {c["key"]: (c["label"], c["level"]) for c in res["contenders"]}
    sizes = [row["n"] for row in res["rows"]]
    head = ("| contender | " + " | ".join(f"N = {n:,}: ÷ floor" for n in sizes)
            + " | " + " | ".join(f"N = {n:,}: ÷ course, same level" for n in sizes) + " |")
    lines = [head, "|---|" + "---:|" * (2 * len(sizes))]
    for key, (label, level) in labels.items():
        if key == "floor":
            continue
        same = _same_level(level)
        lines.append(f"| {label} | " + " | ".join(f"{row[key][timing]['vs_floor']:.1f}×" for row in res["rows"])
                     + " | " + " | ".join(f"{row[key][timing][same]:.2f}×" for row in res["rows"]) + " |")
    return "\n".join(lines)
