"""Behaviours other agent runtimes test for, re-checked on this runtime (our tests, their ideas).

Sources read: openai/openai-agents-python `tests/test_function_tool.py` and
`tests/test_run_step_execution.py` (tool execution); langchain-ai/langgraph
`libs/prebuilt/tests/test_tool_node.py` (ToolNode); badlogic/pi-mono
`packages/agent/test/agent-loop.test.ts` (the agent loop). Each test names the peer test it
comes from. Where we differ, on purpose:

OpenAI Agents SDK
- sync function runs in a thread / does not block the event loop ........ kept
- timeout returns a default message naming the seconds .................. kept
- timeout can raise instead / custom timeout error function ............. not applicable: a timeout
  is always a result the model reads; one behaviour to teach, no option
- a tool's own TimeoutError is not rewritten as the runtime's timeout .... kept (as an error result,
  not re-raised: nothing a tool raises may cost sibling results)
- timeout must be a positive finite number .............................. kept
- timeout refused on sync handlers ...................................... changed: accepted, with
  honest semantics (the runtime stops waiting; the thread's work may still complete), because the
  course's coding tools are plain functions that need a safety net; both clocks agree
- default concurrency starts all calls; a cap limits them, output order kept .... kept
- a cap leaves queued calls unstarted after a failure (with failure_error_function=None) .. changed:
  a failure is a result, queued siblings still run (users ask for this: openai-agents-python #2584)
- a tool raising CancelledError cancels its siblings and raises ......... changed: it is answered
  "cancelled" with its reason, and the siblings finish
- non-cancellation BaseExceptions still raise ............................ changed: they become error
  results; only KeyboardInterrupt and SystemExit stop the run
- exception objects may be returned as outputs ........................... kept (their message is sent)
- same-batch failures keep the tool-call order ........................... kept
- parent cancellation cancels pending tool tasks ......................... kept
- parent cancellation does not wait for tool cleanup ..................... changed: we wait for the
  cancelled async tools to finish cleaning up, so none is left running (adk-python #7172); threads,
  which cannot be cancelled, are never waited for
- context variables reach the tool body ................................. kept (for plain def tools,
  which run in a thread, the caller's context is copied, as asyncio.to_thread does)
- unhashable (list/dict) arguments are fine .............................. kept
- non-object JSON input is refused ....................................... kept (as an error result)
- invalid JSON raises when failure_error_function is None ............... changed: always a result
- namespaces, guardrails, approvals, MCP, handoffs, tracing redaction .... not applicable: not in
  this runtime

LangGraph ToolNode
- string output sent as is; a list of dicts as JSON text .................. kept
- a validation error is an error message naming the tool ................. kept
- a tool's exception raises by default (handle_tool_errors) ............. changed: always a result
- an unknown tool name lists the valid tools ............................. kept
- non-ASCII output stays readable (ensure_ascii=False) ................... kept
- per-tool / callable error handlers ..................................... not applicable: one error
  format (exception type and message) for every tool
- injected state, store, runtime, Command, interrupts, messages key ...... not applicable: graph
  features this runtime does not have

pi-mono agent loop
- tool calls run and their results go back to the model; the loop ends on text .... kept
- parallel tool calls run concurrently and results come back in source order ..... kept
- lifecycle events (turn start/end, tool execution start/end) ........... kept as the observer's
  span start/end notifications
- tool calls of a length-truncated message are not executed .............. not applicable: our models
  hand over complete turns; a truncated call's JSON fails validation and is answered as such
- beforeToolCall / prepareArguments hooks; steering queue skips the rest of a batch .. not
  applicable: no hooks; pi's steering queues user messages, not tool calls (see lesson 1)
"""
from __future__ import annotations

import asyncio
import contextvars
import json
import threading

import pytest

import course
from course import ToolCall

from tests.helpers import fail, read_file, reads


def run_batch(calls, tools, **options) -> course.Trace:
    """One batch in all mode unless told otherwise."""
    return course.execute(calls, tools=tools, **{"mode": "all", **options})


# ---- OpenAI Agents SDK ------------------------------------------------------------------------------
def test_a_plain_function_runs_off_the_event_loop():
    """From openai-agents-python test_sync_function_does_not_block_event_loop: the blocking call waits
    for an event only an async sibling can set, which needs the loop free while it blocks. (The sibling
    has no latency: on the virtual clock, time stands still while a thread works, so a thread waiting
    for a sibling's *virtual* delay would wait in vain — the clock's rule, see course/clock.py.)"""
    released = threading.Event()

    @course.tool
    def wait_for_release(n: int) -> str:
        """Blocks until the sibling releases it."""
        return "released" if released.wait(20) else "never released"

    @course.tool
    async def release(n: int) -> str:
        """Releases the blocking sibling."""
        released.set()
        return "done"

    trace = run_batch([ToolCall("w", "wait_for_release", {"n": 1}), ToolCall("r", "release", {"n": 1})],
                      [wait_for_release, release])
    assert [r.output for r in trace.results] == ["released", "done"]


def test_a_timeout_result_names_the_seconds():
    """From test_invoke_function_tool_timeout_returns_default_message."""
    @course.tool(timeout=0.25)
    async def slow(n: int) -> str:
        """Too slow."""
        await asyncio.sleep(5)
        return "slow"

    result = run_batch([ToolCall("s", "slow", {"n": 1})], [slow]).result("s")
    assert result.status == "timeout" and "0.25 s timeout" in result.content


def test_a_tools_own_timeout_error_keeps_its_message():
    """From test_invoke_function_tool_does_not_rewrite_tool_raised_timeout_error."""
    @course.tool(timeout=1.0)
    async def internal(n: int) -> str:
        """Times out on its own."""
        raise TimeoutError("tool_internal_timeout")

    result = run_batch([ToolCall("t", "internal", {"n": 1})], [internal]).result("t")
    assert (result.status, result.error) == ("error", "TimeoutError: tool_internal_timeout")


@pytest.mark.parametrize("bad", [0.0, "1", float("inf"), float("nan")])
def test_a_timeout_must_be_a_positive_finite_number(bad):
    """From test_function_tool_timeout_seconds_must_be_positive_number."""
    with pytest.raises(course.ToolDefinitionError, match="finite number of seconds above 0"):
        course.tool(read_file.fn, timeout=bad)


def test_a_sync_tool_may_have_a_timeout_and_its_result_says_what_it_means():
    """Changed from test_function_tool_timeout_not_supported_for_sync_handlers (see the module list)."""
    gate = threading.Event()

    @course.tool(timeout=0.1)
    def stuck(n: int) -> str:
        """Blocks until the test ends."""
        gate.wait(20)
        return "late"

    try:
        result = run_batch([ToolCall("s", "stuck", {"n": 1})], [stuck]).result("s")
    finally:
        gate.set()
    assert result.status == "timeout" and "may still complete" in result.error


def test_all_mode_starts_every_call_and_keeps_output_order():
    """From test_function_tool_concurrency_default_starts_all_calls."""
    trace = run_batch(reads(3), [read_file])
    assert trace.max_concurrency == 3
    assert [r.output for r in trace.results] == [f"contents of {i}.txt" for i in (1, 2, 3)]


def test_a_cap_limits_calls_and_keeps_output_order_when_the_first_is_slowest():
    """From test_function_tool_concurrency_cap_limits_calls_and_preserves_output_order."""
    @course.tool(latency=lambda a: 3.0 if a["value"] == 1 else 0.1)
    async def tracked(value: int) -> str:
        """Slow for value 1."""
        return f"ok-{value}"

    trace = run_batch([ToolCall(f"call_{v}", "tracked", {"value": v}) for v in (1, 2, 3)], [tracked],
                      max_concurrency=2)
    assert trace.max_concurrency == 2 and [r.output for r in trace.results] == ["ok-1", "ok-2", "ok-3"]
    assert trace.span("call_3").start == pytest.approx(0.1)  # it took the free slot, not the slow one's


def test_a_failure_under_a_cap_still_lets_the_queued_calls_run():
    """Changed from test_function_tool_concurrency_cap_leaves_queued_calls_unstarted_after_failure."""
    trace = run_batch([ToolCall("f", "fail", {"reason": "boom"}), *reads(1)], [fail, read_file],
                      max_concurrency=1)
    assert [r.status for r in trace.results] == ["error", "ok"]


def test_a_tool_cancelling_itself_is_answered_and_its_siblings_finish():
    """Changed from test_multiple_tool_calls_cancel_sibling_when_tool_raises_cancelled_error."""
    @course.tool(latency=0.2)
    async def cancel_tool(n: int) -> str:
        """Cancels itself."""
        raise asyncio.CancelledError("tool-cancelled")

    trace = run_batch([*reads(1), ToolCall("c", "cancel_tool", {"n": 1})], [read_file, cancel_tool])
    assert trace.result("call_1").ok
    assert trace.result("c").status == "cancelled" and "tool-cancelled" in trace.result("c").content


def test_a_base_exception_of_a_tools_own_is_an_error_result():
    """Changed from test_multiple_tool_calls_still_raise_non_cancellation_base_exceptions."""
    class ToolAborted(BaseException):
        pass

    @course.tool
    async def aborting(n: int) -> str:
        """Aborts."""
        raise ToolAborted()

    trace = run_batch([ToolCall("1", "read_file", {"path": "a"}), ToolCall("2", "aborting", {"n": 1})],
                      [read_file, aborting])
    assert [r.status for r in trace.results] == ["ok", "error"] and "ToolAborted" in trace.result("2").error


def test_an_exception_object_may_be_returned_as_data():
    """From test_multiple_tool_calls_allow_exception_objects_as_tool_outputs."""
    @course.tool
    async def returns_exception(n: int) -> ValueError:
        """Returns an exception as a value."""
        return ValueError("as data")

    trace = run_batch([ToolCall("1", "returns_exception", {"n": 1}), *reads(1)], [returns_exception, read_file])
    assert trace.result("1").ok and trace.result("1").content == "as data"  # its text, as the SDK's str(output)


def test_failures_in_one_batch_are_reported_in_call_order():
    """From test_multiple_tool_calls_preserve_tool_call_order_for_same_batch_failures."""
    slow_fail = course.tool(fail.fn, latency=2.0, name="slow_fail")
    trace = run_batch([ToolCall("a", "slow_fail", {"reason": "first"}), ToolCall("b", "fail", {"reason": "second"})],
                      [slow_fail, fail])
    assert [(r.call_id, r.error) for r in trace.results] == [("a", "RuntimeError: first"), ("b", "RuntimeError: second")]


def test_cancelling_the_batch_cancels_every_running_tool():
    """From test_multiple_tool_calls_cancel_pending_tasks_when_parent_cancelled."""
    cancelled: list[str] = []

    @course.tool
    async def waiting(name: str) -> str:
        """Waits forever."""
        try:
            await asyncio.Future()
        except asyncio.CancelledError:
            cancelled.append(name)
            raise
        return "unreachable"

    async def main() -> None:
        task = asyncio.ensure_future(course.execute_async(
            [ToolCall("1", "waiting", {"name": "tool_1"}), ToolCall("2", "waiting", {"name": "tool_2"})], [waiting]))
        await asyncio.sleep(1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    course.run(main)
    assert sorted(cancelled) == ["tool_1", "tool_2"]


def test_the_callers_context_variables_reach_a_plain_function_tool():
    """From test_function_tool_preserves_contextvar_from_tool_body_to_post_invoke_hooks (the part that
    applies: a context variable set by the caller is visible inside the tool)."""
    request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="unset")

    @course.tool
    def which_request(n: int) -> str:
        """Reads a context variable in a thread."""
        return request_id.get()

    async def main() -> course.Trace:
        request_id.set("req-42")
        return await course.execute_async([ToolCall("w", "which_request", {"n": 1})], [which_request])

    assert course.run(main).result("w").output == "req-42"


def test_list_and_dict_arguments_are_fine():
    """From test_execute_tools_allows_unhashable_tool_call_arguments."""
    @course.tool
    async def summarise(items: list[dict[str, int]]) -> int:
        """Sums the values."""
        return sum(v for item in items for v in item.values())

    trace = run_batch([ToolCall("s", "summarise", {"items": [{"a": 1}, {"b": 2}]})], [summarise])
    assert trace.result("s").output == 3


@pytest.mark.parametrize("text", ["[]", "1", "null", '"path"'])
def test_json_that_is_not_an_object_is_an_error_result(text):
    """From test_function_tool_rejects_non_object_json_input (and, changed, test_invalid_json_raises_...)."""
    trace = run_batch([ToolCall("x", "read_file", text), *reads(1)], [read_file])
    assert trace.result("x").status == "invalid_arguments" and "must be a JSON object" in trace.result("x").error
    assert trace.result("call_1").ok


# ---- LangGraph ToolNode --------------------------------------------------------------------------------
def test_string_output_is_sent_as_is_and_a_list_of_dicts_as_json():
    """From test_tool_node."""
    @course.tool
    async def rows(n: int) -> list[dict]:
        """Returns records."""
        return [{"key_1": n, "key_2": "foo"}, {"key_1": "bar", "key_2": "baz"}]

    trace = run_batch([ToolCall("r", "rows", {"n": 2}), *reads(1)], [rows, read_file])
    assert trace.result("r").content == '[{"key_1": 2, "key_2": "foo"}, {"key_1": "bar", "key_2": "baz"}]'
    assert trace.result("call_1").content == "contents of 1.txt"


def test_a_validation_error_names_the_tool_and_the_field():
    """From test_tool_node_error_handling_default_invocation."""
    result = run_batch([ToolCall("x", "read_file", {"invalid": 0, "args": "foo"})], [read_file]).result("x")
    assert result.status == "invalid_arguments"
    assert "invalid arguments for read_file" in result.error and "path: Field required" in result.error


def test_a_tools_exception_is_a_result_by_default():
    """Changed from test_tool_node_error_handling_default_exception (ToolNode re-raises by default)."""
    result = run_batch([ToolCall("f", "fail", {"reason": "Test error"})], [fail]).result("f")
    assert (result.status, result.content) == ("error", "Error: RuntimeError: Test error")


def test_an_unknown_tool_lists_the_valid_ones():
    """From test_tool_node_incorrect_tool_name."""
    result = run_batch([ToolCall("x", "tool3", {})], [read_file, fail]).result("x")
    assert result.status == "unknown_tool" and "available tools: fail, read_file" in result.error


def test_non_ascii_output_stays_readable():
    """From test_tool_node_ensure_utf8."""
    @course.tool
    async def day_list(days: list[str]) -> list[str]:
        """Returns the days."""
        return days

    data = ["星期一", "水曜日", "목요일", "Friday"]
    trace = run_batch([ToolCall("d", "day_list", {"days": data})], [day_list])
    assert trace.result("d").content == json.dumps(data, ensure_ascii=False)


# ---- pi-mono agent loop ---------------------------------------------------------------------------------
def test_tool_results_go_back_and_the_loop_ends_on_text():
    """From agent-loop.test.ts "should handle tool calls and results"."""
    executed: list[str] = []

    @course.tool
    async def echo(value: str) -> str:
        """Echoes."""
        executed.append(value)
        return f"echoed: {value}"

    model = course.ScriptedModel(plan=[[ToolCall("tool-1", "echo", {"value": "hello"})]], final="done")
    trace = course.Agent(model=model, tools=[echo]).run_sync("echo something")
    assert executed == ["hello"] and trace.final == "done"
    assert [m["content"] for m in trace.messages if m["role"] == "tool"] == ["echoed: hello"]


def test_parallel_calls_overlap_and_results_keep_source_order():
    """From agent-loop.test.ts "should execute tool calls in parallel and emit tool results in source
    order": the first call can only finish after the second has started."""
    second_started = asyncio.Event()

    @course.tool
    async def echo(value: str) -> str:
        """The first waits for the second."""
        if value == "first":
            await asyncio.wait_for(second_started.wait(), 10)
        else:
            second_started.set()
        return f"echoed: {value}"

    async def main() -> course.Trace:
        model = course.ScriptedModel(plan=[[ToolCall("tool-1", "echo", {"value": "first"}),
                                            ToolCall("tool-2", "echo", {"value": "second"})]])
        return await course.Agent(model=model, tools=[echo], mode="all").run("echo both")

    trace = course.run(main)
    assert [m["tool_call_id"] for m in trace.messages if m["role"] == "tool"] == ["tool-1", "tool-2"]
    assert [r.output for r in trace.results] == ["echoed: first", "echoed: second"]


def test_observers_see_each_turn_and_each_tool_start_and_end():
    """From agent-loop.test.ts "should emit events with AgentMessage types" (lifecycle events)."""
    events: list[tuple[str, str, bool]] = []
    model = course.ScriptedModel(plan=[reads(1)], latency=0.5)
    course.Agent(model=model, tools=[read_file]).run_sync("go", observer=lambda s: events.append(
        (s.kind, s.call_id or s.name, s.end is not None)))
    assert events == [("llm", "model turn 1", False), ("llm", "model turn 1", True),
                      ("tool", "call_1", False), ("tool", "call_1", True),
                      ("llm", "model turn 2", False), ("llm", "model turn 2", True)]
