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


# ---- appended for "Same ideas, real knobs": the openai SDK's own tool runner -----------------------
from ..checkers import Wrong as _Wrong, exercise as _exercise  # noqa: E402
from ...tools import tool as _tool  # noqa: E402

_RUNNER_OPTIONS = ("stream", "eager", "max_concurrent_calls")


@_tool(latency=1.0, name="read_file")
async def _read_file(path: str) -> str:
    """Read a file."""
    return f"<{path}>"


_SIX_READS = [ToolCall(id=f"read_{i}", name="read_file", arguments={"path": f"f{i}.txt"}) for i in range(1, 7)]


def _runner_check(options: Any) -> None:
    from ...beyond.sdk_runner import run_sdk_runner
    if not isinstance(options, dict):
        raise _Wrong(f"answer with a dict of the runner's options, e.g. {{'stream': ...}}; got {type(options).__name__}.")
    unknown = sorted(set(options) - set(_RUNNER_OPTIONS))
    if unknown:
        raise _Wrong(f"{unknown[0]!r} is not an option of the runner's run(); it takes {', '.join(_RUNNER_OPTIONS)}.")
    try:
        trace = run_sdk_runner(_SIX_READS, [_read_file], stream=bool(options.get("stream", False)),
                               eager=bool(options.get("eager", False)),
                               max_concurrent_calls=options.get("max_concurrent_calls", 2))
    except ValueError as exc:
        raise _Wrong(f"the runner refused these options: {exc}") from None
    if trace.max_concurrency == 1:
        raise _Wrong(f"the runner ran the six reads one after another ({trace.makespan:g} s): by default it runs a "
                     "reply's calls in order; calls overlap only when they are executed eagerly.")
    if trace.max_concurrency < 6:
        raise _Wrong(f"at most {trace.max_concurrency} reads ran at once ({trace.makespan:g} s), the limit set by "
                     "max_concurrent_calls (its default is 2); all six may run together.")
    if trace.makespan != 2.0:
        raise _Wrong(f"the run took {trace.makespan:g} s; the course's all mode takes 2 s.")


runner_knobs = _exercise(
    "05.runner-knobs", _runner_check,
    hint="Three options of AsyncResponsesToolRunner.run(): eager execution (which needs streaming) and a cap "
         "on concurrent calls whose default is 2.",
    solution='options = {"stream": True, "eager": True, "max_concurrent_calls": 6}')

EXERCISES[runner_knobs.id] = runner_knobs


def _cap_four_check(answer: Any) -> None:
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        raise _Wrong(f"answer with a number of seconds, got {type(answer).__name__}.")
    if abs(answer - 2.5) < 1e-6:
        raise _Wrong("2.5 s would mean the runner starts a read whenever one finishes; it does not: it fills "
                     "a group of max_concurrent_calls calls and waits for the whole group before the next.")
    if abs(answer - 1.5) < 1e-6 or abs(answer - 2.0) < 1e-6:
        raise _Wrong("6 reads with at most 4 at a time cannot finish in one round of reads; count the groups.")
    if abs(answer - 3.0) > 1e-6:
        raise _Wrong(f"{answer:g} s is not what the runner takes; count the model turns (0.5 s each) and the "
                     "groups of reads (1 s each).")


explore_cap = _exercise(
    "05.explore-cap", _cap_four_check,
    hint="Two model turns of 0.5 s, and the six 1 s reads in groups of at most max_concurrent_calls; each "
         "group waits for its slowest read before the next starts.",
    solution="makespan_cap_4 = 0.5 + 2 * 1.0 + 0.5  # groups of 4 and 2")

EXERCISES[explore_cap.id] = explore_cap
