"""Property tests: random batches and DAGs, with the faults real runtimes meet.

A tool may fail, hang past its timeout, raise a BaseException subclass of its own, raise its own
TimeoutError, cancel itself, block in a thread, or return a value JSON cannot encode; calls may
have bad JSON, wrong types, unknown tools, dependencies and resource conflicts. In every mode,
with and without a cap, through execute(), the Agent and the offline Chat Completions endpoint:
every call id is answered exactly once, in order, the protocol stays valid, the cap is never
exceeded, and what the model reads is valid JSON whenever it is not plain text.
"""
from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pydantic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import course
from course import ToolCall
from course.offline import protocol_error


def _access(args: dict) -> dict:
    key = args.get("key") or ""
    if not key:
        return {}
    return {"write" if args.get("write") else "read": [key]}


class Aborted(BaseException):
    """A tool's own BaseException subclass."""


class Reading(pydantic.BaseModel):
    """A pydantic output."""

    value: float


def misbehave(fault: str, ms: int) -> Any:
    """Raise or return what the fault names (shared by the async and the blocking tool)."""
    if fault == "base":
        raise Aborted("aborted")
    if fault == "own_timeout":
        raise TimeoutError("the HTTP client timed out")
    if fault == "self_cancel":
        raise asyncio.CancelledError("stopped by the tool")
    return {"nan": float("nan"), "bytes": b"\xff\x00", "model": Reading(value=float("inf")),
            "set": {ms, "x"}}.get(fault, ms)


FAULTS = ["", "", "", "", "base", "own_timeout", "self_cancel", "nan", "bytes", "model", "set"]


@course.tool(latency=lambda a: a.get("ms", 0) / 1000, timeout=0.9, resources=_access)
async def work(ms: int, fail: bool = False, hang: bool = False, key: str = "", write: bool = False,
               fault: str = "") -> Any:
    """Simulated work: may fail, hang until its timeout, misbehave, read or write a resource."""
    if hang:
        await asyncio.sleep(10)
    if fail:
        raise RuntimeError("simulated failure")
    return misbehave(fault, ms)


@course.tool(latency=lambda a: a.get("ms", 0) / 1000, resources=_access)
def blocking(ms: int, key: str = "", write: bool = False, fault: str = "") -> Any:
    """Real work in a thread of its own (a plain def), which may misbehave too."""
    time.sleep(0.001)
    return misbehave(fault, ms)


@course.tool(latency=0.2, parallel_safe=False)
async def commit(message: str) -> str:
    """A parallel-unsafe step."""
    return message


TOOLS = [work, commit, blocking]
SCHEMAS = [t.schema for t in TOOLS]


@st.composite
def batches(draw, max_calls: int = 14):
    n = draw(st.integers(1, max_calls))
    calls = []
    for i in range(n):
        kind = draw(st.sampled_from(["work"] * 7 + ["blocking", "commit", "bad_json", "bad_type", "unknown"]))
        deps = tuple(f"c{j}" for j in draw(st.sets(st.integers(0, i - 1), max_size=2))) if i else ()
        cid = f"c{i}"
        if kind == "work":
            args = {"ms": draw(st.sampled_from([0, 100, 250, 500, 1000])),
                    "fail": draw(st.booleans().map(lambda b: b and draw(st.integers(0, 5)) == 0)),
                    "hang": draw(st.integers(0, 12)) == 0,
                    "key": draw(st.sampled_from(["", "", "a", "b"])), "write": draw(st.booleans()),
                    "fault": draw(st.sampled_from(FAULTS))}
            calls.append(ToolCall(cid, "work", args, depends_on=deps))
        elif kind == "blocking":
            args = {"ms": draw(st.sampled_from([0, 100, 500])), "key": draw(st.sampled_from(["", "a"])),
                    "write": draw(st.booleans()), "fault": draw(st.sampled_from(FAULTS))}
            calls.append(ToolCall(cid, "blocking", args, depends_on=deps))
        elif kind == "commit":
            calls.append(ToolCall(cid, "commit", {"message": "m"}, depends_on=deps))
        elif kind == "bad_json":
            calls.append(ToolCall(cid, "work", '{"ms": 1', depends_on=deps))
        elif kind == "bad_type":
            calls.append(ToolCall(cid, "work", {"ms": "soon"}, depends_on=deps))
        else:
            calls.append(ToolCall(cid, "no_such_tool", {}, depends_on=deps))
    return calls


MODES = ["one-at-a-time", "sequential", "all", "hybrid", "auto"]
quick = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _overlap(a, b) -> bool:
    return a.start < b.end and b.start < a.end


@quick
@given(calls=batches(), mode=st.sampled_from(MODES), cap=st.sampled_from([None, 1, 2, 3]),
       scheduler=st.sampled_from(["dataflow", "waves"]))
def test_every_call_is_answered_exactly_once_in_source_order(calls, mode, cap, scheduler):
    trace = course.execute(calls, tools=TOOLS, mode=mode, max_concurrency=cap, scheduler=scheduler)
    assert [r.call_id for r in trace.results] == [c.id for c in calls]
    assert all(r.ok or r.error for r in trace.results)
    assert len(trace.tool_spans) == len(calls) and all(s.end is not None for s in trace.tool_spans)
    assert_model_reads_valid_json(trace)
    if cap is not None:
        assert trace.max_concurrency <= cap


def assert_model_reads_valid_json(trace: course.Trace) -> None:
    """A tool message is plain text (a str output or an error) or valid JSON: never a repr, never NaN."""
    for r in trace.results:
        if r.ok and not isinstance(r.output, str):
            json.loads(r.content, parse_constant=lambda name: pytest_fail(f"{name} is not JSON: {r.content}"))


def pytest_fail(message: str) -> None:
    raise AssertionError(message)


@quick
@given(calls=batches(), mode=st.sampled_from(["sequential", "hybrid", "one-at-a-time"]),
       cap=st.sampled_from([None, 2]), scheduler=st.sampled_from(["dataflow", "waves"]))
def test_dependencies_finish_before_their_dependents_start(calls, mode, cap, scheduler):
    trace = course.execute(calls, tools=TOOLS, mode=mode, max_concurrency=cap, scheduler=scheduler)
    for call in calls:
        for dep in call.depends_on:
            assert trace.span(call.id).start >= trace.span(dep).end
            if not trace.result(dep).ok:
                assert not trace.result(call.id).ok


@quick
@given(calls=batches(), cap=st.sampled_from([None, 1, 3]), scheduler=st.sampled_from(["dataflow", "waves"]))
def test_conflicting_calls_never_overlap_in_hybrid(calls, cap, scheduler):
    trace = course.execute(calls, tools=TOOLS, mode="hybrid", max_concurrency=cap, scheduler=scheduler)
    tools = {t.name: t for t in TOOLS}
    spans = {c.id: trace.span(c.id) for c in calls}
    for i, a in enumerate(calls):
        for b in calls[i + 1:]:
            if a.name not in tools or b.name not in tools:
                continue
            unsafe = not tools[a.name].parallel_safe or not tools[b.name].parallel_safe
            clash = any(x.conflicts(y) for x in tools[a.name].accesses(a.arguments)
                        for y in tools[b.name].accesses(b.arguments))
            if unsafe or clash:
                assert not _overlap(spans[a.id], spans[b.id]), (a.id, b.id)


@quick
@given(calls=batches(), mode=st.sampled_from(MODES), cap=st.integers(1, 4))
def test_peak_concurrency_never_exceeds_the_cap(calls, mode, cap):
    assert course.execute(calls, tools=TOOLS, mode=mode, max_concurrency=cap).max_concurrency <= cap


@quick
@given(calls=batches())
def test_uncapped_dataflow_makespan_equals_the_critical_path(calls):
    trace = course.execute(calls, tools=TOOLS, mode="hybrid")
    assert abs(trace.makespan - trace.critical_path_time) < 1e-6


@quick
@given(calls=batches())
def test_critical_calls_hold_the_critical_path_and_only_chains_as_long(calls):
    trace = course.execute(calls, tools=TOOLS, mode="hybrid")
    on_path = trace.critical_calls()
    assert set(trace.critical_path()) <= on_path
    durations = {s.call_id: s.duration for s in trace.tool_spans}
    for cid in on_path:  # each marked call lies on a chain as long as the critical path
        ahead = _longest_chain(cid, trace.edges, durations, up=True)
        behind = _longest_chain(cid, trace.edges, durations, up=False)
        assert abs(ahead + behind - durations[cid] - trace.critical_path_time) < 1e-6


def _longest_chain(cid: str, edges: dict, durations: dict, up: bool) -> float:
    """The longest chain through the graph that ends (up=True) or starts at cid, cid included."""
    nxt = ([p for p in edges.get(cid, ()) if p in durations] if up
           else [c for c, ps in edges.items() if cid in ps and c in durations])
    return durations[cid] + max((_longest_chain(n, edges, durations, up) for n in nxt), default=0.0)


@quick
@given(calls=batches())
def test_waves_are_never_faster_than_dataflow(calls):
    dataflow = course.execute(calls, tools=TOOLS, mode="hybrid")
    waves = course.execute(calls, tools=TOOLS, mode="hybrid", scheduler="waves")
    assert waves.makespan >= dataflow.makespan - 1e-9


def assert_every_id_answered_once_in_order(trace: course.Trace) -> None:
    """After each assistant message with tool_calls: one tool message per call id, in the calls' order."""
    messages = trace.messages
    for i, message in enumerate(messages):
        if message.get("tool_calls"):
            ids = [c["id"] for c in message["tool_calls"]]
            answers = [m["tool_call_id"] for m in messages[i + 1:i + 1 + len(ids)] if m["role"] == "tool"]
            assert answers == ids, (ids, answers)
    answered = [m["tool_call_id"] for m in messages if m["role"] == "tool"]
    assert len(answered) == len(set(answered)) == len(trace.results)


@quick
@given(calls=batches(max_calls=6), mode=st.sampled_from(MODES), latency=st.sampled_from([0.0, 0.3]),
       cap=st.sampled_from([None, 1, 2]))
def test_agent_answers_every_call_id_so_the_protocol_stays_valid(calls, mode, latency, cap):
    scripted = course.ScriptedModel(plan=[calls], latency=latency)
    trace = course.Agent(model=course.OpenAIModel(course.offline_openai_client(scripted), model="offline"),
                         tools=TOOLS, mode=mode, max_turns=20, max_concurrency=cap).run_sync("go")
    assert trace.error is None and trace.final == "done"
    assert sorted(r.call_id for r in trace.results) == sorted(c.id for c in calls)
    assert_every_id_answered_once_in_order(trace)
    assert protocol_error(trace.messages, SCHEMAS, {}) is None
    assert_model_reads_valid_json(trace)
    if cap is not None:
        assert trace.max_concurrency <= cap


@quick
@given(calls=batches(max_calls=8), mode=st.sampled_from(MODES), cap=st.sampled_from([None, 1, 3]))
def test_agent_on_the_scripted_model_answers_every_id_with_dependencies_kept(calls, mode, cap):
    """The ScriptedModel directly carries depends_on (a Chat Completions batch cannot)."""
    trace = course.Agent(model=course.ScriptedModel(plan=[calls], latency=0.2), tools=TOOLS, mode=mode,
                         max_turns=20, max_concurrency=cap).run_sync("go")
    assert trace.error is None and trace.final == "done"
    assert sorted(r.call_id for r in trace.results) == sorted(c.id for c in calls)
    assert_every_id_answered_once_in_order(trace)
    assert protocol_error(trace.messages, SCHEMAS, {}) is None
    if cap is not None:
        assert trace.max_concurrency <= cap
