"""The openai SDK's AsyncResponsesToolRunner, run for real against the offline Responses endpoint."""
from __future__ import annotations

import pytest

import course
from course import ToolCall
from course.beyond.sdk_runner import run_sdk_runner


@course.tool(latency=1.0)
async def read_file(path: str) -> str:
    """Read a file."""
    return f"<{path}>"


READS = [ToolCall(f"read_{i}", "read_file", {"path": f"f{i}.txt"}) for i in range(1, 7)]


def test_by_default_the_runner_runs_a_replys_calls_one_after_another():
    trace = run_sdk_runner(READS, [read_file])
    assert trace.max_concurrency == 1 and trace.makespan == 0.5 + 6 * 1.0 + 0.5 and trace.final == "done"
    assert [s.call_id for s in trace.tool_spans] == [c.id for c in READS] and trace.llm_calls == 2


def test_eager_execution_overlaps_at_most_max_concurrent_calls_default_two():
    trace = run_sdk_runner(READS, [read_file], eager=True)
    assert trace.max_concurrency == 2 and trace.makespan == 0.5 + 3 * 1.0 + 0.5


def test_a_cap_as_large_as_the_batch_matches_the_courses_all_mode():
    sdk = run_sdk_runner(READS, [read_file], eager=True, max_concurrent_calls=6)
    course_run = course.Agent(course.ScriptedModel([READS]), [read_file], mode="all").run_sync("go")
    assert sdk.makespan == course_run.makespan == 2.0 and sdk.max_concurrency == 6


def test_a_parallel_unsafe_tool_is_not_independent_for_the_runner():
    unsafe = course.tool(read_file.fn, latency=1.0, parallel_safe=False)
    assert run_sdk_runner(READS, [unsafe], eager=True, max_concurrent_calls=6).max_concurrency == 1


def test_eager_without_streaming_is_refused_by_the_sdk():
    with pytest.raises(ValueError, match="Eager execution requires streaming"):
        run_sdk_runner(READS, [read_file], eager=True, stream=False)
