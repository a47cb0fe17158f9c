"""Results as they arrive (Gemini's NON_BLOCKING, WHEN_IDLE) versus all results at once."""
from __future__ import annotations

import course
from course import ToolCall
from course.beyond.arrival import TurnCost, compare, deliver

SECONDS = {"cache": 0.5, "docs": 1.0, "web": 3.0}


@course.tool(latency=lambda a: SECONDS[a["source"]])
async def fetch(source: str) -> str:
    """Fetch an answer from a source."""
    if source == "broken":
        raise RuntimeError("unreachable")
    return f"<{source}>"


CALLS = [ToolCall(s, "fetch", {"source": s}) for s in SECONDS]


def test_all_at_once_reads_every_result_in_one_turn_after_the_slowest():
    t = deliver(CALLS, [fetch], as_they_arrive=False)
    assert t.reads == [["cache", "docs", "web"]] and t.llm_calls == 2
    assert t.makespan == 0.5 + 3.0 + 0.3 + 3 * 0.4


def test_as_they_arrive_reads_early_results_while_the_slow_call_runs():
    t = deliver(CALLS, [fetch], as_they_arrive=True)
    assert t.reads == [["cache"], ["docs"], ["web"]] and t.llm_calls == 4
    assert t.first_reading == 1.0 and t.makespan == 4.2
    assert t.reread_tokens > deliver(CALLS, [fetch], as_they_arrive=False).reread_tokens


def test_results_that_arrive_while_the_model_is_busy_wait_for_one_turn():
    t = deliver(CALLS, [fetch], as_they_arrive=True, cost=TurnCost(per_turn=0.3, per_result=3.0))
    assert t.reads == [["cache"], ["docs", "web"]]


def test_close_arrivals_make_the_extra_turns_cost_time():
    close = [ToolCall(s, "fetch", {"source": s}) for s in ("cache", "docs")]
    SECONDS_BEFORE = dict(SECONDS)
    try:
        SECONDS.update(cache=1.0, docs=1.1)
        got = compare(close, [fetch], TurnCost(per_turn=0.3, per_result=0.1))
    finally:
        SECONDS.update(SECONDS_BEFORE)
    assert got["as they arrive"]["answer at"] > got["all at once"]["answer at"]


def test_every_call_keeps_its_result_in_source_order():
    SECONDS["broken"] = 0.1
    calls = CALLS + [ToolCall("broken", "fetch", {"source": "broken"})]
    t = deliver(calls, [fetch], as_they_arrive=True)
    del SECONDS["broken"]
    assert [r.call_id for r in t.results] == ["cache", "docs", "web", "broken"]
    assert [r.ok for r in t.results] == [True, True, True, False]
