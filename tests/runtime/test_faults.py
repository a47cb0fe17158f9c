"""Faults real agent runtimes meet: every call id is answered exactly once, and every answer is true.

Each test here failed before the runtime was fixed for it (issue: "Nothing lost, nothing flaky").
No test compares a wall-clock duration with a threshold: real-thread tests check what happened
(which calls ran together, what landed when), and virtual-clock tests assert exact virtual times.
"""
from __future__ import annotations

import asyncio
import dataclasses
import json
import math
import signal
import sys
import threading
import time

import pydantic
import pytest

import course
from course import DeliveryMode, ToolCall

from tests.helpers import read_file, reads


QUICK_READ = course.tool(read_file.fn, name="quick_read")  # no latency: real-clock tests stay short


class ToolAborted(BaseException):
    """A BaseException subclass of a tool's own (not KeyboardInterrupt, not SystemExit)."""


def offline_chat_model(scripted: course.ScriptedModel) -> course.OpenAIModel:
    """The OpenAI Chat path against the in-process endpoint, which enforces the real protocol."""
    return course.OpenAIModel(course.offline_openai_client(scripted), model="offline")


def eventually(condition, attempts: int = 3000) -> bool:
    """Poll a condition a background thread will make true (no deadline is asserted, only the outcome)."""
    for _ in range(attempts):
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def contents(trace: course.Trace) -> dict[str, str]:
    """What each call id's tool message said, from the conversation the model saw."""
    return {m["tool_call_id"]: m["content"] for m in trace.messages if m["role"] == "tool"}


# ---- whatever a tool raises -------------------------------------------------------------------
@course.tool(latency=0.5)
async def abort(reason: str) -> str:
    """Raises a BaseException subclass."""
    raise ToolAborted(reason)


@pytest.mark.parametrize("mode", ["sequential", "all", "hybrid", "one-at-a-time"])
def test_a_base_exception_subclass_becomes_an_error_result_and_keeps_siblings(mode):
    trace = course.execute([*reads(2), ToolCall("x", "abort", {"reason": "gave up"})],
                           tools=[read_file, abort], mode=mode)
    assert [r.call_id for r in trace.results] == ["call_1", "call_2", "x"]
    assert trace.result("x").status == "error" and trace.result("x").content == "Error: ToolAborted: gave up"
    assert trace.result("call_1").ok and trace.result("call_2").ok


def test_a_base_exception_subclass_leaves_the_next_model_request_valid():
    scripted = course.ScriptedModel(plan=[[*reads(2), ToolCall("x", "abort", {"reason": "gave up"})]], latency=0.5)
    trace = course.Agent(model=offline_chat_model(scripted), tools=[read_file, abort], mode="all").run_sync("go")
    assert trace.error is None and trace.final == "done"
    assert contents(trace)["x"] == "Error: ToolAborted: gave up"


@course.tool(latency=0.5)
async def flaky_http(url: str) -> str:
    """Raises its own TimeoutError, as an HTTP client does."""
    raise TimeoutError(f"read timed out talking to {url}")


@pytest.mark.parametrize("timeout", [None, 5.0])
def test_a_tools_own_timeout_error_is_an_ordinary_error_not_the_runtimes_timeout(timeout):
    tool = course.tool(flaky_http.fn, latency=0.5, timeout=timeout, name="flaky_http")
    trace = course.execute([ToolCall("h", "flaky_http", {"url": "https://example.org"})], tools=[tool])
    result = trace.result("h")
    assert result.status == "error"
    assert result.error == "TimeoutError: read timed out talking to https://example.org"
    assert trace.makespan == 0.5  # it failed after its latency, not at a deadline


@course.tool(latency=0.5)
async def stop_button(job: str) -> str:
    """Cancels itself with a reason."""
    raise asyncio.CancelledError(f"the user pressed stop on {job}")


def test_a_tools_own_cancellation_reason_reaches_the_model():
    scripted = course.ScriptedModel(plan=[[ToolCall("s", "stop_button", {"job": "export"}), *reads(1)]])
    trace = course.Agent(model=offline_chat_model(scripted), tools=[stop_button, read_file]).run_sync("go")
    assert trace.error is None and trace.final == "done"
    assert trace.result("s").status == "cancelled"
    assert "the user pressed stop on export" in contents(trace)["s"]
    assert trace.result("call_1").ok


def test_a_call_awaiting_something_cancelled_elsewhere_is_answered_as_cancelled():
    @course.tool
    async def wait_for_upload(name: str) -> str:
        """Awaits an upload another component cancels."""
        upload = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().call_later(1.0, upload.cancel, "upload aborted by the server")
        return await upload

    trace = course.execute([ToolCall("u", "wait_for_upload", {"name": "a"}), *reads(1)],
                           tools=[wait_for_upload, read_file])
    assert trace.result("u").status == "cancelled" and "upload aborted by the server" in trace.result("u").error
    assert trace.result("call_1").ok and trace.makespan == 1.0


@pytest.mark.parametrize("fatal", [KeyboardInterrupt, SystemExit])
def test_keyboard_interrupt_and_system_exit_from_a_tool_stop_the_run_and_leave_nothing_running(fatal):
    finished = []

    @course.tool
    async def quit_now(code: int) -> str:
        """Asks the program to stop."""
        raise fatal(code)

    @course.tool
    async def long_job(n: int) -> int:
        """Runs for a long (virtual) time."""
        await asyncio.sleep(100)
        finished.append(n)
        return n

    with pytest.raises(fatal):
        course.execute([ToolCall("j", "long_job", {"n": 1}), ToolCall("q", "quit_now", {"code": 3})],
                       tools=[quit_now, long_job], mode="all")
    assert finished == []  # the sibling was cancelled, not left running


# ---- timeouts: only the runtime's own deadline, and true on both clocks ---------------------------
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 0, -1, "5", True])
def test_a_timeout_that_is_not_finite_positive_seconds_is_refused_at_definition(bad):
    with pytest.raises(course.ToolDefinitionError, match="timeout must be a finite number of seconds above 0"):
        course.tool(read_file.fn, timeout=bad)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -0.5])
def test_a_latency_that_is_not_finite_seconds_is_refused(bad):
    with pytest.raises(course.ToolDefinitionError, match="latency must be a finite number"):
        course.tool(read_file.fn, latency=bad)
    dynamic = course.tool(read_file.fn, latency=lambda args: bad, name="dynamic")
    trace = course.execute([ToolCall("d", "dynamic", {"path": "a"}), *reads(1)], tools=[dynamic, read_file])
    assert trace.result("d").status == "error" and "latency function" in trace.result("d").error
    assert trace.result("call_1").ok


def test_a_call_timed_out_during_its_latency_never_ran_its_body():
    writes = []

    @course.tool(latency=5.0, timeout=2.0)
    async def slow_write(path: str) -> str:
        """Writes a file behind a slow service."""
        writes.append(path)
        return path

    trace = course.execute([ToolCall("w", "slow_write", {"path": "out.txt"})], tools=[slow_write])
    assert trace.result("w").status == "timeout" and "was cancelled" in trace.result("w").error
    assert writes == [] and trace.makespan == 2.0


def test_modelled_latency_comes_before_the_body():
    seen = []

    @course.tool(latency=1.5)
    async def stamp(label: str) -> str:
        """Records the virtual time its body runs at."""
        seen.append(asyncio.get_running_loop().time())
        return label

    course.execute([ToolCall("s", "stamp", {"label": "x"})], tools=[stamp])
    assert seen == [1.5]


def test_an_async_tool_past_its_deadline_is_cancelled_at_exactly_the_deadline():
    cleaned_up = []

    @course.tool(latency=0.5, timeout=2.0)
    async def hang(seconds: float) -> str:
        """Sleeps, and records that it was cancelled."""
        try:
            await asyncio.sleep(seconds)
        except asyncio.CancelledError:
            cleaned_up.append(asyncio.get_running_loop().time())
            raise
        return "woke"

    trace = course.execute([ToolCall("h", "hang", {"seconds": 60})], tools=[hang])
    assert trace.result("h").status == "timeout" and cleaned_up == [2.0] and trace.makespan == 2.0


@pytest.mark.parametrize("clock", ["virtual", "real"])
def test_a_blocking_tool_past_its_timeout_is_reported_honestly_and_not_waited_for(clock):
    """A plain def runs in a thread Python cannot stop: the result says the work may still complete,
    execute() returns while the thread still runs, and the thread's effect lands when it finishes."""
    release, landed = threading.Event(), []

    @course.tool(timeout=0.2)
    def stuck_write(path: str) -> str:
        """Blocks until released, then writes."""
        release.wait(30)
        landed.append(path)
        return path

    trace = course.execute([ToolCall("w", "stuck_write", {"path": "out"}), ToolCall("r", "quick_read", {"path": "a"})],
                           tools=[stuck_write, QUICK_READ], clock=clock)
    try:
        result = trace.result("w")
        assert result.status == "timeout"
        assert "stopped waiting" in result.error and "may still complete" in result.error
        assert landed == [] and trace.result("r").ok
    finally:
        release.set()
    assert eventually(lambda: landed == ["out"])


@pytest.mark.parametrize("clock", ["virtual", "real"])
def test_a_blocking_tool_within_its_timeout_succeeds_on_both_clocks(clock):
    @course.tool(timeout=30.0)
    def quick(n: int) -> int:
        """Returns at once."""
        return n * 2

    trace = course.execute([ToolCall("q", "quick", {"n": 21})], tools=[quick], clock=clock)
    assert trace.result("q").output == 42


# ---- blocking tools: the concurrency reported is the concurrency that happened ------------------
def test_blocking_tools_in_all_mode_really_run_all_at_once():
    """Eight blocking calls meet at a barrier of eight: it breaks unless all eight threads run together
    (a shared pool of fewer workers made this fail while the trace claimed a peak of 8)."""
    barrier = threading.Barrier(8, timeout=20)

    @course.tool(latency=1.0)
    def meet(n: int) -> int:
        """Waits at the barrier."""
        barrier.wait()
        return n

    trace = course.execute([ToolCall(f"m{i}", "meet", {"n": i}) for i in range(8)], tools=[meet], mode="all")
    assert [r.status for r in trace.results] == ["ok"] * 8
    assert trace.max_concurrency == 8


@pytest.mark.parametrize("clock", ["virtual", "real"])
def test_a_cap_bounds_the_threads_of_blocking_tools_and_the_trace_says_so(clock):
    lock, running, peak = threading.Lock(), [0], [0]

    @course.tool(latency=0.05)
    def work(n: int) -> int:
        """Counts the threads inside it."""
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1
        return n

    trace = course.execute([ToolCall(f"w{i}", "work", {"n": i}) for i in range(9)], tools=[work], mode="all",
                           max_concurrency=3, clock=clock)
    assert trace.ok and peak[0] <= 3 and trace.max_concurrency <= 3


# ---- outputs JSON cannot encode --------------------------------------------------------------------
class Weather(pydantic.BaseModel):
    city: str
    temp_c: float


@dataclasses.dataclass
class Hit:
    path: str
    line: int


@pytest.mark.parametrize("output,expected", [
    (Weather(city="Paris", temp_c=21), {"city": "Paris", "temp_c": 21.0}),
    (Hit("a.py", 3), {"path": "a.py", "line": 3}),
    (b"\xff\x00", {"base64": "/wA=", "note": "2 bytes of binary data, base64-encoded"}),
    (float("nan"), "NaN"),
    ({"mean": float("inf"), "tags": {"b", "a"}}, {"mean": "Infinity", "tags": ["a", "b"]}),
    ([Hit("b.py", 1)], [{"path": "b.py", "line": 1}]),
])
def test_outputs_json_cannot_encode_reach_the_model_as_valid_json(output, expected):
    # text-like outputs (UTF-8 bytes, an exception returned as a value) reach it as text: test_text_outputs.py
    result = course.ToolResult("c", "t", output=output)
    assert json.loads(result.content) == expected
    assert "NaN" not in result.content.replace('"NaN"', "")  # no bare NaN token: that is not JSON


def test_a_pydantic_output_crosses_the_offline_endpoint_as_json():
    @course.tool
    async def weather(city: str) -> Weather:
        """The weather in a city."""
        return Weather(city=city, temp_c=float("nan"))

    scripted = course.ScriptedModel(plan=[[ToolCall("w", "weather", {"city": "Paris"})]])
    trace = course.Agent(model=offline_chat_model(scripted), tools=[weather]).run_sync("go")
    assert trace.error is None
    assert json.loads(contents(trace)["w"]) == {"city": "Paris", "temp_c": "NaN"}


# ---- dependencies across turns ------------------------------------------------------------------------
@course.tool(latency=0.5)
async def fail(reason: str) -> str:
    """Always fails."""
    raise RuntimeError(reason)


@pytest.mark.parametrize("dependent", [
    ToolCall("p", "read_file", {"path": "x"}, depends_on=("f",)),
    ToolCall("p", "read_file", {"path": "$f"}),
])
def test_depending_on_a_call_that_failed_in_an_earlier_turn_says_it_did_not_succeed(dependent):
    # ScriptedModel directly: a Chat Completions batch has no field to carry depends_on
    scripted = course.ScriptedModel(plan=[[ToolCall("f", "fail", {"reason": "disk full"})], [dependent]])
    trace = course.Agent(model=scripted, tools=[fail, read_file], mode="hybrid").run_sync("go")
    assert trace.error is None
    assert trace.result("p").status == "skipped"
    assert "did not succeed in an earlier turn" in trace.result("p").error
    assert "not a call of this conversation" not in trace.result("p").error


# ---- auto: the runtime follows the course's advice ----------------------------------------------------
@course.tool(latency=1.0)
async def parse(text: str) -> dict:
    """Parse text into a record."""
    return {"text": text}


PIPELINE = [ToolCall("r", "read_file", {"path": "data.json"}),
            ToolCall("p", "parse", {"text": "$r"}),
            ToolCall("s", "read_file", {"path": "other"}, depends_on=("p",))]


def test_auto_sends_a_batch_with_written_dependencies_to_hybrid():
    tools = {t.name: t for t in (read_file, parse)}
    mode, why = course.decide_mode(PIPELINE, tools)
    assert mode is DeliveryMode.HYBRID and "p needs the result of r" in why
    trace = course.Agent(model=course.ScriptedModel(plan=[PIPELINE], latency=0.5), tools=[read_file, parse],
                         mode="auto").run_sync("go")
    assert trace.ok and (trace.llm_calls, trace.makespan) == (2, 4.0)
    assert trace.notes[0].startswith("turn 1: auto chose hybrid")


def test_the_documents_tree_stays_available_and_still_says_one_at_a_time():
    tools = {t.name: t for t in (read_file, parse)}
    assert course.decide_mode_documents(PIPELINE, tools)[0] is DeliveryMode.ONE_AT_A_TIME
    assert course.decide_mode_documents(reads(3))[0] is DeliveryMode.ALL
    assert course.decide_mode_documents(reads(3), needs_intermediate_results=True)[0] is DeliveryMode.ONE_AT_A_TIME


def test_auto_no_longer_drops_calls_when_the_first_depends_on_a_later_one():
    backwards = [ToolCall("p", "parse", {"text": "$r"}), ToolCall("r", "read_file", {"path": "a"})]
    trace = course.Agent(model=offline_chat_model(course.ScriptedModel(plan=[backwards])),
                         tools=[read_file, parse], mode="auto").run_sync("go")
    assert trace.ok and trace.error is None and trace.llm_calls == 2
    assert trace.result("p").output == {"text": "contents of a"}


def test_one_at_a_time_with_a_disobedient_model_keeps_a_call_that_can_run():
    backwards = [ToolCall("p", "parse", {"text": "$r"}), ToolCall("r", "read_file", {"path": "a"})]
    scripted = course.ScriptedModel(plan=[backwards], obeys_parallel_flag=False)
    trace = course.Agent(model=offline_chat_model(scripted), tools=[read_file, parse],
                         mode="one-at-a-time").run_sync("go")
    assert any("kept r, dropped p" in note for note in trace.notes)
    assert trace.error is None and trace.result("r").ok


# ---- bad arguments are refused before the first model turn is paid for -------------------------------
class CountingModel(course.ScriptedModel):
    """A scripted model that counts the requests it answers."""

    requests = 0

    async def respond(self, *args, **kwargs):  # type: ignore[override]
        CountingModel.requests += 1
        return await super().respond(*args, **kwargs)


@pytest.mark.parametrize("options,fragment", [
    ({"max_concurrency": 0}, "max_concurrency must be a positive whole number"),
    ({"max_concurrency": 2.5}, "max_concurrency must be a positive whole number"),
    ({"scheduler": "bogus"}, "scheduler='dataflow'"),
    ({"max_turns": 0}, "max_turns must be a whole number"),
    ({"mode": "parallel"}, "choose one of"),
])
def test_bad_agent_options_are_refused_at_construction(options, fragment):
    CountingModel.requests = 0
    with pytest.raises(ValueError, match=fragment):
        course.Agent(model=CountingModel(plan=[reads(1)]), tools=[read_file], **options)
    assert CountingModel.requests == 0


def test_something_that_is_not_a_model_is_refused_with_what_to_pass():
    with pytest.raises(TypeError, match="course.ScriptedModel"):
        course.Agent(model="gpt-4.1-mini", tools=[read_file])


# ---- interrupting a run (Ctrl-C, "interrupt kernel") -------------------------------------------------
def _main_thread_is_blocked() -> bool:
    """True while the main thread sits in a blocking wait (the loop's select, or a thread join)."""
    frame = sys._current_frames().get(threading.main_thread().ident)  # type: ignore[arg-type]
    return frame is not None and frame.f_code.co_name in ("select", "_wait_for_tstate_lock", "wait", "join")


def _interrupt_when(started: threading.Event) -> None:
    """Deliver SIGINT to the main thread, as Ctrl-C would, once the blocking tool runs and the main
    thread waits (a signal landing mid-bytecode elsewhere would test CPython, not the runtime)."""
    def fire() -> None:
        if started.wait(20) and eventually(_main_thread_is_blocked):
            signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)  # type: ignore[arg-type]

    threading.Thread(target=fire, daemon=True).start()


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs POSIX signals")
@pytest.mark.parametrize("clock", ["real", "virtual"])
@pytest.mark.parametrize("inside_a_running_loop", [False, True], ids=["script", "notebook"])
def test_interrupting_a_run_stops_waiting_for_a_blocking_tool(inside_a_running_loop, clock):
    """Ctrl-C (or Jupyter's interrupt) during a run with a blocking tool, on either clock: the run raises
    KeyboardInterrupt at once, on every supported Python. The blocking tool's thread cannot be stopped:
    it runs to its end in the background and its effect lands then; its result is dropped."""
    started, release, landed = threading.Event(), threading.Event(), []

    @course.tool
    def slow_write(path: str) -> str:
        """Blocks until released, then writes."""
        started.set()
        release.wait(30)
        landed.append(path)
        return path

    def run() -> None:
        course.execute([ToolCall("w", "slow_write", {"path": "out"})], tools=[slow_write], clock=clock)

    async def notebook_cell() -> None:  # a loop is running, as in Jupyter: run() uses a helper thread
        run()

    _interrupt_when(started)
    try:
        with pytest.raises(KeyboardInterrupt):
            if inside_a_running_loop:
                loop = asyncio.new_event_loop()  # not asyncio.run: that installs its own SIGINT handler
                try:
                    loop.run_until_complete(notebook_cell())
                finally:
                    loop.close()
            else:
                run()
        assert landed == []  # the interrupt did not wait for the tool
    finally:
        release.set()
    assert eventually(lambda: landed == ["out"])  # ...which finished on its own afterwards


def test_a_monitor_speedup_over_a_run_that_took_no_time_is_infinite_not_an_error():
    monitor = course.PerformanceMonitor()
    instant = course.tool(read_file.fn, name="read_file")  # no latency, and a model with none either
    for mode in ("one-at-a-time", "all"):
        course.Agent(model=course.ScriptedModel(plan=[reads(2)], latency=0), tools=[instant], mode=mode,
                     monitor=monitor).run_sync("go")
    assert monitor.speedup("all") == math.inf
