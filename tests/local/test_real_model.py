"""A real model through the one agent loop, in every delivery mode: structure, never wording.

The model is small and its choices vary with the machine, so these tests check what a real model
cannot fake and what the runtime promises: calls come back as tool calls with known names and
JSON-object arguments, every call id is answered exactly once, the delivery mode's switch goes
out on the wire, and the trace agrees with the messages. Durations are printed, never judged.
"""
from __future__ import annotations

import json
from collections import Counter

import pytest

import course
from course.local.model import calls_of

pytestmark = pytest.mark.local_model

SYSTEM = ("You are a coding agent. Call tools to read files. When you need several files, "
          "call read_file once per file, all in one reply.")
QUESTION = "Read shop/cart.py, shop/discounts.py and shop/tests.py."


@course.tool(latency=0.2)
async def read_file(path: str) -> str:
    """Read a text file of the project."""
    return f"<contents of {path}>"


@course.tool(latency=0.2)
async def search(pattern: str) -> str:
    """Search the project for a pattern."""
    return f"<lines matching {pattern}>"


def _check_every_call_answered_once(trace):
    asked = [c["id"] for m in trace.messages if m["role"] == "assistant" for c in m.get("tool_calls") or []]
    answered = [m["tool_call_id"] for m in trace.messages if m["role"] == "tool"]
    assert len(set(asked)) == len(asked), "call ids repeat"
    assert Counter(answered) == Counter(asked), "a call was left unanswered or answered twice"
    assert {r.call_id for r in trace.results} == set(asked)


@pytest.mark.parametrize("mode", ["all", "one-at-a-time", "hybrid"])
def test_the_real_model_through_the_agent(local, mode):
    agent = course.Agent(model=local, tools=[read_file, search], mode=mode, max_turns=4, system=SYSTEM)
    trace = agent.run_sync(QUESTION, clock="real")
    print(mode, trace.summary(), [t["predicted_per_second"] for t in local.turn_timings()])
    _check_every_call_answered_once(trace)
    requests = local.log.requests
    assert requests and len(requests) == len(local.log.replies) == trace.llm_calls
    assert all(r["parallel_tool_calls"] is (mode != "one-at-a-time") for r in requests)
    first = calls_of(local.log.replies[0])
    assert first, "the first reply holds no tool call"
    for call in first:  # the server's grammar: known names, arguments a JSON object
        assert call.name in {"read_file", "search"}
        assert isinstance(json.loads(call.arguments), dict)
    delivered = [m for m in trace.messages if m["role"] == "assistant" and m.get("tool_calls")]
    if mode == "one-at-a-time":
        assert all(len(m["tool_calls"]) == 1 for m in delivered)
    else:
        assert len(delivered[0]["tool_calls"]) == len(first)
        assert trace.peak_concurrency == len(first)


def test_the_server_is_told_one_call_and_what_it_sends_back_is_measured(local):
    agent = course.Agent(model=local, tools=[read_file], mode="one-at-a-time", max_turns=1, system=SYSTEM)
    agent.run_sync(QUESTION, clock="real")
    body, reply = local.log.requests[0], local.log.replies[0]
    assert body["parallel_tool_calls"] is False and body["temperature"] == 0.0
    # llama.cpp's server does not cut a reply to one call; the agent keeps the first and says so.
    print("calls in the reply with parallel_tool_calls=false:", len(calls_of(reply)))
    assert len(calls_of(reply)) >= 1
    assert set(reply["timings"]) >= {"prompt_n", "prompt_ms", "predicted_n", "predicted_ms"}


def test_without_the_primer_the_request_holds_only_the_conversation(local_server):
    from course.local import LocalModel

    model = LocalModel(local_server.base_url, primer=())
    course.Agent(model=model, tools=[read_file], mode="all", max_turns=1, system=SYSTEM).run_sync(QUESTION, clock="real")
    roles = [m["role"] for m in model.log.requests[0]["messages"]]
    assert roles == ["system", "user"]


def test_a_conversation_longer_than_the_context_gets_its_own_sentence(local):
    @course.tool(latency=0.0)
    async def read_file(path: str) -> str:
        """Read a text file of the project."""
        return "word " * 6000  # far more than the 4,096-token context

    trace = course.Agent(model=local, tools=[read_file], mode="all", max_turns=3, system=SYSTEM).run_sync(
        QUESTION, clock="real")
    if trace.results:  # the model called the tool, so the second request overflowed
        assert "longer than the local model's context" in trace.error and "4096 tokens" in trace.error
    _check_every_call_answered_once(trace)


def test_a_stopped_server_says_how_to_start_a_new_one():
    from course.local import LocalModel

    model = LocalModel("http://127.0.0.1:9/v1")  # nothing listens on the discard port
    trace = course.Agent(model=model, tools=[read_file], mode="all").run_sync(QUESTION, clock="real")
    assert trace.error.startswith("The local model's server is not running") and "course.local_model()" in trace.error


def test_the_conversation_without_the_primer_is_what_the_agent_sent(local):
    trace = course.Agent(model=local, tools=[read_file], mode="all", max_turns=1, system=SYSTEM).run_sync(
        QUESTION, clock="real")
    sent = local.log.conversation(local.primer)[0]["messages"]
    assert sent == trace.messages[:2] and len(local.log.requests[0]["messages"]) == 2 + len(local.primer)
