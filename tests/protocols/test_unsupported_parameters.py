"""Models that refuse `parallel_tool_calls`: the offline endpoint answers like OpenAI, the adapter copes."""
from __future__ import annotations

import openai
import pytest

import course
from course.offline import offline_endpoint

from tests.helpers import read_file, reads


def _agent(model_name: str, mode: str, plan=None) -> tuple[course.Agent, list]:
    client = course.offline_openai_client(course.ScriptedModel(plan=plan or [reads(3)], latency=0.5))
    agent = course.Agent(model=course.OpenAIModel(client, model=model_name), tools=[read_file], mode=mode)
    return agent, offline_endpoint(client).requests


@pytest.mark.parametrize("model", ["o1", "o3-mini", "o3", "o4-mini", "o4-mini-2025-04-16"])
def test_o_series_models_refuse_parallel_tool_calls_with_openais_wording(model):
    client = course.offline_openai_client(course.ScriptedModel(plan=[]))

    async def ask():
        return await client.chat.completions.create(model=model, messages=[{"role": "user", "content": "hi"}],
                                                    tools=[read_file.schema], parallel_tool_calls=False)

    with pytest.raises(openai.BadRequestError) as caught:
        course.run(ask)
    error = caught.value
    assert (error.status_code, error.param, error.code) == (400, "parallel_tool_calls", "unsupported_parameter")
    assert "Unsupported parameter: 'parallel_tool_calls' is not supported with this model." in str(error)


@pytest.mark.parametrize("model", ["gpt-5.4-mini", "gpt-4.1-mini", "omni-moderation", "offline"])
def test_other_models_take_the_switch(model):
    agent, requests = _agent(model, "all")
    assert agent.run_sync("go").final == "done"
    assert all(r["parallel_tool_calls"] is True for r in requests)


def test_the_chat_adapter_resends_without_the_switch_and_keeps_the_timings():
    agent, requests = _agent("o3-mini", "all")
    trace = agent.run_sync("go")
    assert (trace.llm_calls, trace.makespan, trace.final) == (2, 2.0, "done")  # a refusal costs no model time
    assert "parallel_tool_calls" in requests[0]  # the first request learns the model refuses it
    assert all("parallel_tool_calls" not in r for r in requests[1:])
    assert agent.model.one_call_switch is None


def test_one_at_a_time_on_a_model_without_the_switch_keeps_one_call_and_says_why():
    agent, requests = _agent("o4-mini", "one-at-a-time")
    trace = agent.run_sync("go")
    assert trace.final == "done" and trace.llm_calls == 4
    assert any("has no one-call-per-turn switch" in note for note in trace.notes)
    assert all(len(r["messages"][-1].get("tool_calls") or []) <= 1 for r in requests if r["messages"])


def test_a_refusal_of_anything_else_is_not_retried():
    client = course.offline_openai_client(course.ScriptedModel(plan=[reads(1)]))
    model = course.OpenAIModel(client, model="o3")
    orphan = [{"role": "user", "content": "hi"}, {"role": "tool", "tool_call_id": "x", "content": "y"}]
    with pytest.raises(course.ModelError, match="must be a response to a preceeding message"):
        course.run(lambda: model.respond(orphan, [read_file.schema]))
    assert len(offline_endpoint(client).requests) == 2  # refused the switch, then refused the history
    with pytest.raises(course.ModelError):
        course.run(lambda: model.respond(orphan, [read_file.schema]))
    assert len(offline_endpoint(client).requests) == 3  # the switch is not sent again
