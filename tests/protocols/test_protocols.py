"""The four wire protocols: the same batch through each provider's real SDK and the offline endpoints."""
from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import anthropic
import openai
import pytest
from google.genai import errors as genai_errors

import course
from course import ToolCall
from course import offline_client
from course.offline import offline_endpoint
from course.offline.common import http
from tests.helpers import read_file, reads

PROTOCOLS = tuple(course.protocols.PROTOCOLS)
ROOT = Path(__file__).resolve().parents[2]


def _scripted(latency: float = 0.5) -> course.ScriptedModel:
    return course.ScriptedModel(plan=[reads(3)], final="done", latency=latency)


def _run(model, mode: str) -> course.Trace:
    return course.Agent(model=model, tools=[read_file], mode=mode).run_sync("Read the configs")


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("mode, makespan, turns", [("one-at-a-time", 5.0, 4), ("all", 2.0, 2),
                                                    ("sequential", 4.0, 2), ("hybrid", 2.0, 2)])
def test_worked_example_is_identical_on_every_protocol(protocol, mode, makespan, turns):
    scripted = _scripted()
    alone = _run(scripted, mode)
    wired = _run(course.chat_model(scripted, protocol=protocol, announce=False), mode)
    assert (wired.makespan, wired.llm_calls) == (alone.makespan, alone.llm_calls) == (makespan, turns)
    assert [r.call_id for r in wired.results] == [r.call_id for r in alone.results]
    assert [r.output for r in wired.results] == [r.output for r in alone.results]
    assert wired.final == "done" and wired.error is None


def _switch(protocol: str, body: dict) -> object:
    if protocol == "anthropic":
        return (body.get("tool_choice") or {}).get("disable_parallel_tool_use", False)
    if protocol == "gemini":
        return "no switch" if "parallel" not in json.dumps(body) else "a switch was sent"
    return body.get("parallel_tool_calls")


@pytest.mark.parametrize("protocol, one, many", [
    ("chat", False, True), ("responses", False, True), ("anthropic", True, False), ("gemini", "no switch", "no switch")])
def test_each_protocol_is_asked_for_one_call_per_turn_its_own_way(protocol, one, many):
    for mode, expected in (("one-at-a-time", one), ("all", many)):
        model = course.chat_model(_scripted(), protocol=protocol, announce=False)
        _run(model, mode)
        bodies = offline_endpoint(model.client).requests
        assert bodies and all(_switch(protocol, b) == expected for b in bodies), (protocol, mode)


def test_gemini_one_at_a_time_keeps_the_first_call_and_says_why():
    trace = _run(course.chat_model(_scripted(), protocol="gemini", announce=False), "one-at-a-time")
    assert "Google Gemini has no one-call-per-turn switch; kept call_1" in trace.notes[0]
    assert trace.llm_calls == 4 and all(r.ok for r in trace.results)


# --- each protocol refuses what the real service refuses, through the SDK's own error class ---

def _call(coro):
    return asyncio.run(coro)


def _first_turn(protocol: str):
    return offline_client(_scripted(latency=0.0), protocol)


TOOL = {"type": "function", "function": {"name": "read_file", "parameters": {"type": "object"}}}


def test_chat_rejects_an_unanswered_call():
    client = _first_turn("chat")
    messages = [{"role": "user", "content": "go"},
                {"role": "assistant", "tool_calls": [c.to_openai() for c in reads(2)]},
                {"role": "tool", "tool_call_id": "call_1", "content": "a"}]
    with pytest.raises(openai.BadRequestError) as error:
        _call(client.chat.completions.create(model="any", messages=messages, tools=[TOOL]))
    assert error.value.status_code == 400
    assert "The following tool_call_ids did not have response messages: call_2" in error.value.message


def test_responses_rejects_an_unanswered_call_an_unknown_answer_and_a_lost_reasoning_item():
    client = _first_turn("responses")
    tools = [{"type": "function", "name": "read_file", "parameters": {"type": "object"}}]
    first = _call(client.responses.create(model="any", input="go", tools=tools))
    items = [i.model_dump(exclude_none=True) for i in first.output]
    assert [i["type"] for i in items] == ["reasoning", "function_call", "function_call", "function_call"]
    calls = [i for i in items if i["type"] == "function_call"]
    answers = [{"type": "function_call_output", "call_id": c["call_id"], "output": "x"} for c in calls]
    cases = {
        "No tool output found for function call call_3.": ["go", *items, *answers[:2]],
        "No tool call found for function call output with call_id call_9.":
            ["go", *items, *answers, {"type": "function_call_output", "call_id": "call_9", "output": "x"}],
        "Item 'fc_offline_1_1' of type 'function_call' was provided without its required 'reasoning' item: "
        "'rs_offline_1'.": ["go", *calls, *answers],
        "Item 'rs_offline_1' of type 'reasoning' was provided without its required following item.":
            ["go", items[0]],
    }
    for wording, history in cases.items():
        history = [{"role": "user", "content": h} if isinstance(h, str) else h for h in history]
        with pytest.raises(openai.BadRequestError) as error:
            _call(client.responses.create(model="any", input=history, tools=tools))
        assert error.value.status_code == 400 and error.value.body["message"] == wording
    ok = _call(client.responses.create(model="any", input=[{"role": "user", "content": "go"}, *items, *answers],
                                       tools=tools))
    assert ok.output_text == "done"


def test_responses_previous_response_id_keeps_the_pairs_on_the_server():
    client = _first_turn("responses")
    tools = [{"type": "function", "name": "read_file", "parameters": {"type": "object"}}]
    first = _call(client.responses.create(model="any", input="go", tools=tools))
    answers = [{"type": "function_call_output", "call_id": i.call_id, "output": "x"}
               for i in first.output if i.type == "function_call"]
    second = _call(client.responses.create(model="any", input=answers, previous_response_id=first.id, tools=tools))
    assert second.output_text == "done"


def _anthropic_history(results_first: bool = True, split: bool = False, drop: int = 0):
    uses = [{"type": "tool_use", "id": c.id, "name": "read_file", "input": {"path": "p"}} for c in reads(3)]
    results = [{"type": "tool_result", "tool_use_id": c.id, "content": "x"} for c in reads(3)][drop:]
    user = results if results_first else [{"type": "text", "text": "here"}, *results]
    history = [{"role": "user", "content": "go"}, {"role": "assistant", "content": uses}]
    if split:
        return history + [{"role": "user", "content": results[:1]}, {"role": "assistant", "content": "ok"},
                          {"role": "user", "content": results[1:]}]
    return history + [{"role": "user", "content": user}]


@pytest.mark.parametrize("history, wording", [
    (_anthropic_history(drop=1), "messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: "
                                 "call_1. Each `tool_use` block must have a corresponding `tool_result` block in the "
                                 "next message."),
    (_anthropic_history(results_first=False), "messages.2: Did not find 3 `tool_result` block(s) at the beginning of "
                                              "this message. Messages following `tool_use` blocks must begin with a "
                                              "matching number of `tool_result` blocks."),
    (_anthropic_history(split=True), "messages.1: `tool_use` ids were found without `tool_result` blocks immediately "
                                     "after: call_2, call_3."),
    ([{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_x", "content": "x"}]}],
     "messages.0.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_x."),
])
def test_anthropic_rejects_results_missing_late_split_or_unknown(history, wording):
    client = _first_turn("anthropic")
    with pytest.raises(anthropic.BadRequestError) as error:
        _call(client.messages.create(model="any", max_tokens=100, messages=history,
                                     tools=[{"name": "read_file", "input_schema": {"type": "object"}}]))
    assert error.value.status_code == 400 and wording in error.value.message


def _gemini_turn():
    from google.genai import types

    client = _first_turn("gemini")
    config = types.GenerateContentConfig(tools=[types.Tool(function_declarations=[
        types.FunctionDeclaration(name="read_file", parameters_json_schema={"type": "object"})])])
    first = _call(client.aio.models.generate_content(model="any", contents="go", config=config))
    return client, config, first.candidates[0].content


def test_gemini_signs_only_the_first_call_of_a_parallel_batch():
    _, _, turn = _gemini_turn()
    assert [bool(p.thought_signature) for p in turn.parts] == [True, False, False]


@pytest.mark.parametrize("answered, unsigned, wording", [
    (2, False, "Please ensure that the number of function response parts is equal to the number of function call "
               "parts of the function call turn."),
    (3, True, "Function call is missing a thought_signature in functionCall parts."),
])
def test_gemini_rejects_too_few_responses_and_a_lost_signature(answered, unsigned, wording):
    from google.genai import types

    client, config, turn = _gemini_turn()
    if unsigned:
        turn = types.Content(role="model", parts=[types.Part(function_call=p.function_call) for p in turn.parts])
    responses = types.Content(role="user", parts=[types.Part(function_response=types.FunctionResponse(
        id=p.function_call.id, name="read_file", response={"result": "x"})) for p in turn.parts[:answered]])
    contents = [types.Content(role="user", parts=[types.Part(text="go")]), turn, responses]
    with pytest.raises(genai_errors.ClientError) as error:
        _call(client.aio.models.generate_content(model="any", contents=contents, config=config))
    assert error.value.code == 400 and error.value.status == "INVALID_ARGUMENT" and wording in error.value.message


def test_every_endpoint_answers_an_unknown_route_with_404():
    client = offline_client(_scripted(), "chat")
    with pytest.raises(openai.NotFoundError):
        _call(client.embeddings.create(model="any", input="x"))


# --- failures: one readable sentence, never a traceback, never a key ---

def _failing(protocol: str, status: int | None) -> course.Model:
    def handler(request):
        if status is None:
            raise http.ConnectError("connection refused")
        detail = "Function tools with reasoning_effort are not supported for gpt-5.4 in /v1/chat/completions. " \
                 "Please use /v1/responses instead." if status == 400 else "nope"
        return http.Response(status, json={"error": {"message": detail, "code": status, "status": "X"}})

    factory = {"chat": lambda: openai.AsyncOpenAI(api_key="sk-secret-key", max_retries=0,
                                                  http_client=http.AsyncClient(transport=http.MockTransport(handler))),
               "anthropic": lambda: anthropic.AsyncAnthropic(api_key="sk-secret-key", max_retries=0,
                                                             http_client=http.AsyncClient(
                                                                 transport=http.MockTransport(handler)))}
    if protocol == "gemini":
        from google import genai
        from google.genai import types

        factory["gemini"] = lambda: genai.Client(api_key="sk-secret-key", http_options=types.HttpOptions(
            retry_options=types.HttpRetryOptions(attempts=1),
            httpx_async_client=http.AsyncClient(transport=http.MockTransport(handler))))
    adapter = {"chat": course.OpenAIModel, "anthropic": course.AnthropicModel, "gemini": course.GeminiModel}[protocol]
    return adapter(client_factory=factory[protocol])


@pytest.mark.parametrize("protocol", ["chat", "anthropic", "gemini"])
@pytest.mark.parametrize("status, fragment", [
    (401, "The API key was rejected (HTTP 401)"), (403, "(HTTP 403)"), (404, "was not found (HTTP 404)"),
    (429, "Rate limited or out of quota (HTTP 429)"), (None, "Could not reach"),
])
def test_every_provider_failure_is_one_sentence_without_the_key(protocol, status, fragment):
    trace = course.Agent(model=_failing(protocol, status), tools=[read_file]).run_sync("go")
    assert fragment in trace.error and "sk-secret" not in trace.error and "\n" not in trace.error
    assert trace.final is None


def test_tools_refused_on_chat_completions_points_to_responses():
    trace = course.Agent(model=_failing("chat", 400), tools=[read_file]).run_sync("go")
    assert 'Use protocol="responses"' in trace.error


# --- live defaults: the clients build (no request), the announcements never show a key ---

@pytest.mark.parametrize("protocol, variable", [("chat", "OPENAI_API_KEY"), ("responses", "OPENAI_API_KEY"),
                                                ("anthropic", "ANTHROPIC_API_KEY"), ("gemini", "GEMINI_API_KEY")])
def test_every_default_live_client_builds_without_a_request(protocol, variable, monkeypatch, capsys):
    monkeypatch.setenv(variable, "sk-test-not-a-real-key")
    model = course.chat_model(_scripted(), protocol=protocol)
    out = capsys.readouterr().out
    assert f"{variable} is set — using the live model {course.protocols.PROTOCOLS[protocol].default_model}" in out
    assert "sk-test" not in out

    async def build():
        return model.client

    client = asyncio.run(build())
    assert type(client).__module__.split(".")[0] in {"openai", "anthropic", "google"}


def test_default_models_are_not_on_the_sdks_shutdown_list():
    import inspect

    from openai.types.shared import chat_model

    deprecated = inspect.getsource(chat_model).split('"""Deprecated values:')[1]
    for protocol in ("chat", "responses"):
        assert f'"{course.protocols.PROTOCOLS[protocol].default_model}"' not in deprecated
    from typing import get_args

    from anthropic.types import model_param
    assert course.protocols.PROTOCOLS["anthropic"].default_model in get_args(get_args(model_param.ModelParam)[0])


KEY_LIKE = re.compile(r"\b(sk-[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{20,}|sk-ant-[A-Za-z0-9_-]{10,})")
ABSOLUTE = re.compile(r"(?<![\w.:/])(/(?:home|root|work|tmp|Users|private|var/folders)/[\w.-]+)")


def test_no_notebook_output_holds_a_key_or_an_absolute_path():
    found = []
    for notebook in sorted([*ROOT.glob("lessons/*.ipynb"), *ROOT.glob("solutions/*.ipynb")]):
        cells = json.loads(notebook.read_text())["cells"]
        for cell in cells:
            for output in cell.get("outputs", []):
                text = json.dumps({k: v for k, v in output.items() if k != "data"} | {
                    "data": {k: v for k, v in output.get("data", {}).items() if not k.startswith("image/")}})
                for match in (*KEY_LIKE.findall(text), *ABSOLUTE.findall(text)):
                    found.append(f"{notebook.name}: {match}")
    assert not found, found


def test_lesson_6_with_keys_and_no_network_runs_every_cell(tmp_path):
    """Live mode with the servers unreachable: each live cell says so in one sentence, later cells still run."""
    import os
    import socket

    import nbformat
    from nbclient import NotebookClient

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    env = {"OPENAI_API_KEY": "sk-test-unreachable", "OPENAI_BASE_URL": f"{dead}/v1",
           "ANTHROPIC_API_KEY": "sk-ant-test-unreachable", "ANTHROPIC_BASE_URL": dead,
           "COURSE_LOCAL_MODEL": "off"}  # the local model's cells are tested by nbval and tests/local
    notebook = nbformat.read(ROOT / "lessons" / "06_real_models.ipynb", as_version=4)
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(notebook, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT / "lessons")}}).execute()
    finally:
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "Could not reach OpenAI Responses" in text and "Could not reach Anthropic Messages" in text
    assert "Traceback" not in text and "sk-test-unreachable" not in text and "sk-ant-test" not in text
