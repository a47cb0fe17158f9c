"""Lesson 5 · Best practices: marking an unsafe tool, a concurrency cap of your own."""
from __future__ import annotations

from typing import Any

from ...calls import ToolCall
from ..checkers import Question, Quiz, exercise, is_a, runs_concurrently, satisfies
from ...executors import execute
from ...tools import Tool, tool


def _runs_alone(t: Any) -> bool:
    reads = [ToolCall(id=f"r{i}", name="probe_read", arguments={}) for i in (1, 2)]
    calls = [reads[0], ToolCall(id="log", name=t.name, arguments={"line": "x"}), reads[1]]
    probe = tool(lambda: "ok", name="probe_read", latency=1.0)
    trace = execute(calls, tools=[probe, t], mode="hybrid")
    return trace.max_concurrency == 1 and trace.result("log").ok


mark_unsafe = exercise(
    "05.mark-unsafe", is_a(Tool, what="append_log"),
    satisfies(_runs_alone, "in hybrid mode your append_log still overlapped another call (or failed); "
                           "mark it parallel_safe=False."),
    hint="@course.tool(latency=..., parallel_safe=False) above an `async def append_log(line: str) -> str`.",
    solution="@course.tool(latency=0.5, parallel_safe=False)\nasync def append_log(line: str) -> str:\n"
             "    \"\"\"Append a line to the shared log.\"\"\"\n    return \"ok\"")

_paths = [f"f{i}.txt" for i in range(6)]

cap = exercise(
    "05.cap",
    runs_concurrently(lambda read: (read, _paths, 2), expected=[f"result of {p}" for p in _paths],
                      elapsed=3.0, peak=2),
    hint="An asyncio.Semaphore(limit): each read does `async with sem:` before awaiting; gather them all.",
    solution="async def read_capped(read, paths, limit):\n    sem = asyncio.Semaphore(limit)\n"
             "    async def one(p):\n        async with sem:\n            return await read(p)\n"
             "    return list(await asyncio.gather(*(one(p) for p in paths)))")

quiz = Quiz("05.quiz", [
    Question("The difference between one-at-a-time and all:",
             {"a": "one call per model turn vs the whole batch per turn, run together",
              "b": "slow tools vs fast tools", "c": "one tool vs several tools"}, "a"),
    Question("When to use one-at-a-time:",
             {"a": "whenever tools are slow", "b": "when the model must see a result to choose the next call",
              "c": "never"}, "b"),
    Question("The performance trade-off:",
             {"a": "all saves model turns and overlaps tools, but needs independent or marked tools",
              "b": "all is always correct and faster", "c": "one-at-a-time is faster for many calls"}, "a"),
    Question("Designing a hybrid:",
             {"a": "run every call at once and retry failures",
              "b": "schedule by declared dependencies and resources, starting each call when its inputs are ready",
              "c": "alternate modes every turn"}, "b"),
    Question("Configuring and switching modes in pi-mono:",
             {"a": "set toolDeliveryMode", "b": "set toolExecution ('sequential' | 'parallel')",
              "c": "set steeringMode to 'all'"}, "b"),
])

EXERCISES = {e.id: e for e in (mark_unsafe, cap, quiz)}
