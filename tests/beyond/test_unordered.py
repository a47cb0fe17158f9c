"""Anthropic's alternative to dependency analysis: unordered calls, re-issued when they fail too early."""
from __future__ import annotations

import course
from course import ToolCall
from course.beyond.unordered import reissue_model


@course.tool(latency=1.0)
async def step(data: str) -> str:
    """One step."""
    if "missing" in data:
        raise FileNotFoundError(data)
    return f"step({data})"


CHAIN = [ToolCall("a", "step", {"data": "x"}), ToolCall("b", "step", {"data": "$a"}, depends_on=("a",)),
         ToolCall("c", "step", {"data": "$b"}, depends_on=("b",))]


def test_each_failed_call_is_reissued_once_its_input_exists():
    trace = course.Agent(reissue_model(CHAIN), [step], mode="all").run_sync("go")
    assert [r.call_id for r in trace.results] == ["a", "b", "c", "b_try2", "c_try2"]
    assert trace.result("c_try2").output == "step(step(step(x)))"
    assert trace.llm_calls == 4 and trace.makespan == 4 * 0.5 + 3 * 1.0


def test_hybrid_needs_fewer_turns_when_the_dependencies_are_declared():
    scripted = course.ScriptedModel([CHAIN], latency=0.5)
    hybrid = course.Agent(scripted, [step], mode="hybrid").run_sync("go")
    unordered = course.Agent(reissue_model(CHAIN), [step], mode="all").run_sync("go")
    assert hybrid.llm_calls == 2 < unordered.llm_calls and hybrid.makespan < unordered.makespan


def test_a_real_failure_is_not_reissued():
    broken = [ToolCall("a", "step", {"data": "missing"}), *CHAIN[1:]]
    trace = course.Agent(reissue_model(broken), [step], mode="all").run_sync("go")
    assert trace.llm_calls == 2 and [r.ok for r in trace.results] == [False, False, False]
