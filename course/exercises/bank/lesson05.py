"""Lesson 5 · Best practices: marking an unsafe tool, a concurrency cap of your own."""
from __future__ import annotations

from typing import Any

from ...calls import ToolCall
from ..checkers import Probe, Question, Quiz, Wrong, _need_function, as_number, exercise, measure_answer, satisfies
from ...batch import execute
from ...tools import Tool, tool


def _placeholder_arguments(t: Tool) -> dict[str, Any]:
    """Arguments for any signature the learner chose: a sample value for each required parameter."""
    samples = {"string": "x", "integer": 1, "number": 1.0, "boolean": True, "array": [], "object": {}}
    params = t.parameters
    return {name: samples.get(params["properties"].get(name, {}).get("type"), "x")
            for name in params.get("required", [])}


def _runs_alone(t: Any) -> None:
    """In hybrid mode, between two reads, the learner's tool never overlaps another call."""
    reads = [ToolCall(id=f"r{i}", name="probe_read", arguments={}) for i in (1, 2)]
    calls = [reads[0], ToolCall(id="log", name=t.name, arguments=_placeholder_arguments(t)), reads[1]]
    probe = tool(lambda: "ok", name="probe_read", latency=1.0)
    trace = execute(calls, tools=[probe, t], mode="hybrid")
    if not trace.result("log").ok:
        raise Wrong(f"called with {_placeholder_arguments(t)}, your append_log failed: {trace.result('log').error}")
    if trace.max_concurrency > 1:
        how = (f"it declares resources={t.resources!r}, which only orders it against calls that touch the same "
               "resource; " if t.resources is not None else "")
        raise Wrong(f"in hybrid mode your append_log still overlapped another call: {how}a tool that must "
                    "never run alongside another is marked parallel_safe=False.")


mark_unsafe = exercise(
    "05.mark-unsafe", satisfies(lambda t: isinstance(t, Tool),
                                "append_log should be a Tool: a plain function carries no flag the scheduler can "
                                "read. Decorate it with @course.tool(latency=..., parallel_safe=False)."),
    _runs_alone,
    hint="@course.tool(latency=..., parallel_safe=False) above an `async def append_log(line: str) -> str`.",
    solution="@course.tool(latency=0.5, parallel_safe=False)\nasync def append_log(line: str) -> str:\n"
             "    \"\"\"Append a line to the shared log.\"\"\"\n    return \"ok\"")

_paths = [f"f{i}.txt" for i in range(6)]

def _cap_check(fn: Any) -> None:
    """Every limit honoured (1, 2 and 3 on six reads), results in order, and the cap used, not undershot."""
    _need_function(fn)
    want = [f"result of {p}" for p in _paths]
    for limit, seconds in ((2, 3.0), (3, 2.0), (1, 6.0)):
        probe = Probe()
        got = measure_answer(fn, probe, _paths, limit)
        value = list(got.value) if isinstance(got.value, tuple) else got.value
        if value != want:
            raise Wrong(f"with limit={limit} your function returned {got.value!r}; expected the six results in "
                        "the order of paths.")
        if probe.peak > limit:
            raise Wrong(f"with limit={limit}, {probe.peak} reads ran at once; the limit is {limit}.")
        if probe.peak < limit:
            raise Wrong(f"with limit={limit}, at most {probe.peak} read(s) ran at once, so six 1 s reads took "
                        f"{got.elapsed:g} virtual seconds; let up to {limit} overlap.")
        if abs(got.elapsed - seconds) > 1e-6:
            raise Wrong(f"with limit={limit}, six 1 s reads took {got.elapsed:g} virtual seconds; with a "
                        f"free slot refilled at once they take {seconds:g}.")


cap = exercise(
    "05.cap", _cap_check,
    hint="An asyncio.Semaphore(limit): each read does `async with sem:` before awaiting; gather them all.",
    solution="async def read_capped(read, paths, limit):\n    sem = asyncio.Semaphore(limit)\n"
             "    async def one(p):\n        async with sem:\n            return await read(p)\n"
             "    return list(await asyncio.gather(*(one(p) for p in paths)))")

quiz = Quiz("05.quiz", [
    Question("The difference between one-at-a-time and all:",
             {"a": "one call per model turn vs the whole batch per turn, run together",
              "b": "slow tools vs fast tools", "c": "one tool vs several tools"}, "a",
             "delivery (calls per turn) and, in all mode, execution (overlapping) both change",
             wrong={"b": "either mode can run slow or fast tools; the difference is per-turn delivery.",
                    "c": "both modes handle batches of several tools; they differ in how they hand them over."}),
    Question("When to use one-at-a-time:",
             {"a": "whenever tools are slow", "b": "when the model must see a result to choose the next call",
              "c": "never"}, "b", "a call that depends on what a result says cannot be planned earlier",
             wrong={"a": "slow independent tools gain most from overlapping: that argues for a batch.",
                    "c": "dynamic decisions need it: the YAML-or-JSON parser in lesson 2 could not be planned ahead."}),
    Question("The performance trade-off:",
             {"a": "all saves model turns and overlaps tools, but needs independent or marked tools",
              "b": "all is always correct and faster", "c": "one-at-a-time is faster for many calls"}, "a",
             "speed comes from fewer turns and overlap; correctness needs independence or declared conflicts",
             wrong={"b": "all mode lost an update in lesson 3: it is only correct for independent tools.",
                    "c": "n calls one at a time cost n + 1 model turns plus every tool's full time."}),
    Question("Designing a hybrid:",
             {"a": "run every call at once and retry failures",
              "b": "schedule by declared dependencies and resources, starting each call when its inputs are ready",
              "c": "alternate modes every turn"}, "b", "that is the dataflow scheduler of lesson 4",
             wrong={"a": "retrying does not undo a lost update or a call run before its input was ready.",
                    "c": "the right mode depends on the batch's dependencies, not on the turn number."}),
    Question("Configuring and switching modes in pi-mono:",
             {"a": "set toolDeliveryMode", "b": "set toolExecution ('sequential' | 'parallel')",
              "c": "set steeringMode to 'all'"}, "b", "toolExecution is pi-mono's real option for tool calls",
             wrong={"a": "there is no toolDeliveryMode in pi-mono; the document's name is wrong.",
                    "c": "steeringMode decides how many queued user messages are injected, not tool calls."}),
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
    number = as_number(answer)
    if number is None:
        raise _Wrong(f"answer with a number of seconds, got {type(answer).__name__}.")
    answer = number
    if abs(answer - 2.5) < 1e-6:
        raise _Wrong("2.5 s leaves out the last model turn: after the reads, the model still takes a turn "
                     "(0.5 s) to read their results.")
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
