"""The OpenAI path: the real client against the offline endpoint, and readable API errors."""
from __future__ import annotations

import openai
import pytest

import course
from course.offline import offline_endpoint, protocol_error
from course.offline.common import http as _http

from tests.helpers import read_file, reads


def _model(scripted: course.ScriptedModel) -> course.OpenAIModel:
    return course.OpenAIModel(course.offline_openai_client(scripted), model="offline")


@pytest.mark.parametrize("mode,turns,makespan", [("one-at-a-time", 4, 5.0), ("all", 2, 2.0)])
def test_offline_endpoint_reproduces_the_scripted_timings(mode, turns, makespan):
    trace = course.Agent(model=_model(course.ScriptedModel(plan=[reads(3)], latency=0.5)), tools=[read_file],
                         mode=mode).run_sync("go")
    assert (trace.llm_calls, trace.makespan, trace.final) == (turns, makespan, "done")


@pytest.mark.parametrize("mode,flag", [("one-at-a-time", False), ("all", True), ("hybrid", True)])
def test_parallel_tool_calls_is_sent_from_the_mode(mode, flag):
    client = course.offline_openai_client(course.ScriptedModel(plan=[reads(2)]))
    course.Agent(model=course.OpenAIModel(client, model="m"), tools=[read_file], mode=mode).run_sync("go")
    requests = offline_endpoint(client).requests
    assert {r["parallel_tool_calls"] for r in requests} == {flag}
    assert requests[0]["tools"] == [read_file.schema]


def _assistant(*ids: str) -> dict:
    return {"role": "assistant", "content": None,
            "tool_calls": [{"id": i, "type": "function", "function": {"name": "read_file", "arguments": "{}"}}
                           for i in ids]}


def test_offline_endpoint_rejects_an_unanswered_call_id_with_the_real_wording():
    client = course.offline_openai_client(course.ScriptedModel(plan=[]))
    messages = [{"role": "user", "content": "hi"}, _assistant("call_1", "call_2"),
                {"role": "tool", "tool_call_id": "call_1", "content": "x"}]

    async def ask():
        return await client.chat.completions.create(model="m", messages=messages, tools=[read_file.schema])

    with pytest.raises(openai.BadRequestError) as caught:
        course.run(ask)
    assert caught.value.status_code == 400
    assert ("An assistant message with 'tool_calls' must be followed by tool messages responding to each "
            "'tool_call_id'. The following tool_call_ids did not have response messages: call_2") in str(caught.value)


def test_answering_only_the_first_call_then_talking_on_is_rejected():
    messages = [{"role": "user", "content": "hi"}, _assistant("a", "b"),
                {"role": "tool", "tool_call_id": "a", "content": "x"}, {"role": "user", "content": "and?"}]
    message, param = protocol_error(messages, [read_file.schema], {})
    assert "did not have response messages: b" in message and param == "messages.[3].role"


def test_a_tool_message_needs_a_preceding_tool_call():
    messages = [{"role": "user", "content": "hi"}, {"role": "tool", "tool_call_id": "x", "content": "?"}]
    assert "must be a response to a preceeding message with 'tool_calls'" in protocol_error(messages, None, {})[0]


def test_parallel_tool_calls_without_tools_is_rejected():
    message, param = protocol_error([{"role": "user", "content": "hi"}], None, {"parallel_tool_calls": False})
    assert param == "parallel_tool_calls" and "only allowed when 'tools' are specified" in message


def test_a_valid_conversation_passes():
    messages = [{"role": "user", "content": "hi"}, _assistant("a", "b"),
                {"role": "tool", "tool_call_id": "b", "content": "x"},
                {"role": "tool", "tool_call_id": "a", "content": "y"}]
    assert protocol_error(messages, [read_file.schema], {"parallel_tool_calls": True}) is None


def test_invalid_json_from_the_model_becomes_a_result_and_the_run_goes_on():
    calls = [course.ToolCall("bad", "read_file", '{"path": "a.txt"'), *reads(1)]
    trace = course.Agent(model=_model(course.ScriptedModel(plan=[calls])), tools=[read_file]).run_sync("go")
    assert trace.result("bad").status == "invalid_arguments" and trace.result("call_1").ok
    assert trace.final == "done" and trace.error is None


def _failing_model(status: int | None, body: dict | None = None) -> course.OpenAIModel:
    async def handler(request):
        if status is None:
            raise _http.ConnectError("connection refused")
        return _http.Response(status, json=body or {"error": {"message": "nope", "type": "x", "code": None}})

    client = openai.AsyncOpenAI(api_key="test", base_url="http://unreachable.invalid/v1", max_retries=0,
                                http_client=_http.AsyncClient(transport=_http.MockTransport(handler)))
    return course.OpenAIModel(client, model="some-model")


@pytest.mark.parametrize("status,fragment", [
    (401, "The API key was rejected (HTTP 401). Check OPENAI_API_KEY"),
    (403, "HTTP 403"),
    (404, "The model 'some-model' was not found (HTTP 404)"),
    (429, "Rate limited or out of quota (HTTP 429)"),
    (500, "OpenAI Chat Completions refused the request (HTTP 500)"),
    (None, "Could not reach OpenAI Chat Completions"),
])
def test_api_failures_become_one_readable_sentence(status, fragment):
    trace = course.Agent(model=_failing_model(status), tools=[read_file]).run_sync("go")
    assert fragment in trace.error and trace.final is None
    assert trace.spans[0].status == "error"


def test_chat_model_uses_the_offline_endpoint_without_a_key(monkeypatch, capsys):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    model = course.chat_model(course.ScriptedModel(plan=[reads(1)]))
    assert "OPENAI_API_KEY is not set — running the offline model" in capsys.readouterr().out
    assert course.Agent(model=model, tools=[read_file]).run_sync("go").final == "done"


def test_chat_model_goes_live_with_a_key_and_never_prints_it(monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-value")
    monkeypatch.setenv("OPENAI_MODEL", "my-model")
    model = course.chat_model(course.ScriptedModel(plan=[]))
    out = capsys.readouterr().out
    assert "live model my-model" in out and "sk-test" not in out and model.model == "my-model"


def test_a_client_factory_gives_each_event_loop_its_own_client():
    made = []
    scripted = course.ScriptedModel(plan=[reads(1)])

    def factory():
        made.append(course.offline_openai_client(scripted))
        return made[-1]

    model = course.OpenAIModel(model="m", client_factory=factory)
    for _ in range(2):
        assert course.Agent(model=model, tools=[read_file]).run_sync("go").final == "done"
    assert len(made) == 2


def test_the_live_path_builds_a_real_default_client_without_calling_it(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-used")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    model = course.chat_model(course.ScriptedModel(plan=[]), announce=False)

    async def client_here():
        return model.client

    client = course.run(client_here)
    assert isinstance(client, openai.AsyncOpenAI) and str(client.base_url).startswith("http://127.0.0.1:9")
