"""Speculative calls: started early, reused on a hit, counted as waste on a miss, never writes."""
from __future__ import annotations

import course
from course import ToolCall
from course.beyond.speculation import SpeculativeAgent, call_key


@course.tool(latency=1.0)
async def read(path: str) -> str:
    """Read."""
    return f"contents of {path}"


@course.tool(latency=0.5, parallel_safe=False)
async def write(path: str) -> str:
    """Write."""
    return f"wrote {path}"


PLAN = [[ToolCall("r1", "read", {"path": "a"})], [ToolCall("r2", "read", {"path": "b"})],
        [ToolCall("r3", "read", {"path": "c"})]]


def model() -> course.ScriptedModel:
    return course.ScriptedModel(plan=PLAN, final="done", latency=0.5)


def guess_next(outputs: dict) -> list[ToolCall]:
    """After a, guess b and z (z is wrong); after b, guess c."""
    if "r2" in outputs:
        return [ToolCall("g_c", "read", {"path": "c"})]
    if "r1" in outputs:
        return [ToolCall("g_b", "read", {"path": "b"}), ToolCall("g_z", "read", {"path": "z"})]
    return []


def test_call_key_ignores_argument_order_and_json_form() -> None:
    assert call_key("read", {"a": 1, "b": 2}) == call_key("read", '{"b": 2, "a": 1}')


def test_without_a_predictor_it_is_a_plain_agent() -> None:
    plain = SpeculativeAgent(model(), [read], None).run_sync("go")
    reference = course.Agent(model=model(), tools=[read], mode="one-at-a-time").run_sync("go")
    assert plain.makespan == reference.makespan == 5.0 and plain.hits == []


def test_hits_start_during_the_model_turn_and_save_time() -> None:
    trace = SpeculativeAgent(model(), [read], guess_next).run_sync("go")
    assert trace.hits == ["r2", "r3"] and trace.misses == ["g_z"]
    assert trace.makespan == 4.0  # two reads overlapped 0.5 s of model time each
    assert trace.head_start == 1.0 and trace.wasted_time == 1.0
    assert trace.hit_rate == round(2 / 3, 6)
    assert [r.call_id for r in trace.results] == ["r1", "r2", "r3"]
    assert trace.result("r2").output == "contents of b"


def test_writes_are_never_speculated() -> None:
    agent = SpeculativeAgent(model(), [read, write], lambda outputs: [ToolCall("g_w", "write", {"path": "x"})])
    trace = agent.run_sync("go")
    assert "g_w" not in [s.call_id for s in trace.tool_spans]
    assert any("did not speculate g_w" in n for n in trace.notes)


def test_unused_guess_still_running_at_the_end_is_cancelled() -> None:
    slow = course.tool(read.fn, latency=lambda a: 10.0 if a["path"] == "zz" else 1.0, name="read")
    trace = SpeculativeAgent(course.ScriptedModel(plan=PLAN[:1], final="done", latency=0.5), [slow],
                             lambda outputs: [ToolCall("g", "read", {"path": "zz"})]).run_sync("go")
    assert trace.misses == ["g"] and trace.span("g").status == "cancelled"
    assert trace.makespan == 2.0 and trace.wasted_time == 2.0
