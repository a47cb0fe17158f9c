"""Eager dispatch starts each safe call when its last token has streamed."""
from __future__ import annotations

import course
from course import ToolCall
from course.beyond.streaming import StreamTiming, stream_and_run


@course.tool(latency=lambda a: a["seconds"])
async def job(name: str, seconds: float) -> str:
    """A job that takes some seconds."""
    return name


@course.tool(latency=0.5, parallel_safe=False)
async def save(name: str) -> str:
    """A write."""
    return name


TIMING = StreamTiming(first_token=0.3, per_token=0.01)
CALLS = [ToolCall("long", "job", {"name": "tests", "seconds": 2.0}),
         ToolCall("short", "job", {"name": "read", "seconds": 0.2})]


def test_ready_times_add_up_the_tokens() -> None:
    assert StreamTiming(first_token=0.3, per_token=0.01, text_tokens=10).ready_times([50, 50]) == [0.9, 1.4]


def test_eager_dispatch_starts_each_call_when_it_has_streamed() -> None:
    trace = stream_and_run(CALLS, [job], eager=True, timing=TIMING, call_tokens=50)
    assert (trace.span("long").start, trace.span("short").start) == (0.8, 1.3)
    assert trace.makespan == 2.8


def test_without_eager_dispatch_every_call_waits_for_the_stream() -> None:
    trace = stream_and_run(CALLS, [job], eager=False, timing=TIMING, call_tokens=50)
    assert trace.span("long").start == trace.span("short").start == 1.3
    assert trace.makespan == 3.3


def test_results_come_back_in_source_order() -> None:
    trace = stream_and_run(CALLS, [job], timing=TIMING, call_tokens=[10, 90])
    assert [r.call_id for r in trace.results] == ["long", "short"]
    assert [r.output for r in trace.results] == ["tests", "read"]


def test_unsafe_and_dependent_calls_wait_for_the_end_of_the_stream() -> None:
    calls = [ToolCall("r", "job", {"name": "r", "seconds": 1.0}), ToolCall("w", "save", {"name": "w"}),
             ToolCall("d", "job", {"name": "$r", "seconds": 0.1})]
    trace = stream_and_run(calls, [job, save], timing=TIMING, call_tokens=20)
    assert trace.span("r").start == 0.5
    assert trace.span("r").end == 1.5 and trace.span("w").start == 1.5  # held until r, which d needs
    assert trace.span("d").start >= trace.span("w").end
    assert trace.result("d").output == "r"
    assert any("held until the stream ended" in n for n in trace.notes)


def test_unknown_tool_is_an_error_result_not_an_exception() -> None:
    trace = stream_and_run([ToolCall("x", "nope", {})], [job], timing=TIMING, call_tokens=5)
    assert trace.result("x").status == "unknown_tool"
