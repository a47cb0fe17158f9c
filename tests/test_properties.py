"""Property tests: random batches and DAGs, with random failures, timeouts and bad arguments."""
from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import course
from course import ToolCall


def _access(args: dict) -> dict:
    key = args.get("key") or ""
    if not key:
        return {}
    return {"write" if args.get("write") else "read": [key]}


@course.tool(latency=lambda a: a.get("ms", 0) / 1000, timeout=0.9, resources=_access)
async def work(ms: int, fail: bool = False, hang: bool = False, key: str = "", write: bool = False) -> int:
    """Simulated work: may fail, may hang until its timeout, may read or write a resource."""
    if hang:
        await asyncio.sleep(10)
    if fail:
        raise RuntimeError("simulated failure")
    return ms


@course.tool(latency=0.2, parallel_safe=False)
async def commit(message: str) -> str:
    """A parallel-unsafe step."""
    return message


TOOLS = [work, commit]


@st.composite
def batches(draw, max_calls: int = 14):
    n = draw(st.integers(1, max_calls))
    calls = []
    for i in range(n):
        kind = draw(st.sampled_from(["work"] * 8 + ["commit", "bad_json", "bad_type", "unknown"]))
        deps = tuple(f"c{j}" for j in draw(st.sets(st.integers(0, i - 1), max_size=2))) if i else ()
        cid = f"c{i}"
        if kind == "work":
            args = {"ms": draw(st.sampled_from([0, 100, 250, 500, 1000])),
                    "fail": draw(st.booleans().map(lambda b: b and draw(st.integers(0, 5)) == 0)),
                    "hang": draw(st.integers(0, 12)) == 0,
                    "key": draw(st.sampled_from(["", "", "a", "b"])), "write": draw(st.booleans())}
            calls.append(ToolCall(cid, "work", args, depends_on=deps))
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
def test_waves_are_never_faster_than_dataflow(calls):
    dataflow = course.execute(calls, tools=TOOLS, mode="hybrid")
    waves = course.execute(calls, tools=TOOLS, mode="hybrid", scheduler="waves")
    assert waves.makespan >= dataflow.makespan - 1e-9


@quick
@given(calls=batches(max_calls=6), mode=st.sampled_from(MODES), latency=st.sampled_from([0.0, 0.3]))
def test_agent_answers_every_call_id_so_the_protocol_stays_valid(calls, mode, latency):
    scripted = course.ScriptedModel(plan=[calls], latency=latency)
    trace = course.Agent(model=course.OpenAIModel(course.offline_openai_client(scripted), model="offline"),
                         tools=TOOLS, mode=mode, max_turns=20).run_sync("go")
    assert trace.error is None and trace.final == "done"
    assert sorted(r.call_id for r in trace.results) == sorted(c.id for c in calls)
