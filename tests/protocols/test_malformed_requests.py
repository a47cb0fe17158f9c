"""A malformed request gets the provider's own 4xx from every offline endpoint, never a traceback.

Bytes that are not UTF-8 JSON, a body that is not an object, a field of the wrong type: each
endpoint answers with an HTTP 400 in its service's error shape and wording, which the real SDK
raises as its own error class. The fuzz tests send random byte strings, random JSON and random
mutations of real requests to all four endpoints and accept only a 4xx in the service's shape,
or a 200 for a body that happens to be valid.
"""
from __future__ import annotations

import asyncio
import codecs
import copy
import functools
import json
from typing import Any

import anthropic
import openai
import pytest
from google.genai import errors as genai_errors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import course
from course import ToolCall, offline_client
from course.offline import offline_endpoint
from course.offline.common import sdk_http
from tests.helpers import read_file

PROTOCOLS = tuple(course.protocols.PROTOCOLS)
URLS = {"chat": "http://offline.invalid/v1/chat/completions", "responses": "http://offline.invalid/v1/responses",
        "anthropic": "http://offline.invalid/v1/messages",
        "gemini": "http://offline.invalid/v1beta/models/any:generateContent"}
BOMS = {"UTF-16 (little-endian)": codecs.BOM_UTF16_LE, "UTF-16 (big-endian)": codecs.BOM_UTF16_BE,
        "UTF-32 (little-endian)": codecs.BOM_UTF32_LE, "UTF-32 (big-endian)": codecs.BOM_UTF32_BE}
ENCODINGS = {"UTF-16 (little-endian)": "utf-16-le", "UTF-16 (big-endian)": "utf-16-be",
             "UTF-32 (little-endian)": "utf-32-le", "UTF-32 (big-endian)": "utf-32-be"}


def _scripted() -> course.ScriptedModel:
    calls = [ToolCall("call_1", "read_file", {"path": "a.txt"}), ToolCall("call_2", "read_file", {"path": "b.txt"})]
    return course.ScriptedModel(plan=[calls], final="done", latency=0.0)


@functools.cache
def _recorded(protocol: str) -> tuple[Any, dict[str, Any]]:
    """An endpoint that has served a whole run (system prompt, a batch of two calls, their results),
    and the last request it answered: a real, valid request of this protocol."""
    model = course.protocols.offline_model(_scripted(), protocol)
    trace = course.Agent(model=model, tools=[read_file], system="Be brief.").run_sync("Read a and b")
    assert trace.final == "done" and trace.error is None
    endpoint = offline_endpoint(model.client)
    return endpoint, endpoint.requests[-1]


def _post(protocol: str, raw: bytes, endpoint: Any = None) -> Any:
    """The endpoint's answer to these bytes, POSTed as a request of the SDKs' own HTTP library."""
    endpoint = endpoint or course.protocols.protocol_entry(protocol).endpoint(_scripted())
    request = sdk_http().Request("POST", URLS[protocol], content=raw, headers={"content-type": "application/json"})
    return asyncio.run(endpoint(request))


def _valid(protocol: str) -> bytes:
    return json.dumps(_recorded(protocol)[1]).encode()


def _error_message(protocol: str, response: Any) -> str:
    """The message of a 4xx in the service's own error shape (the test fails on any other shape)."""
    body = response.json()
    if protocol in ("chat", "responses"):
        error = body["error"]
        assert set(error) == {"message", "type", "param", "code"} and error["type"] == "invalid_request_error"
    elif protocol == "anthropic":
        error = body["error"]
        assert body["type"] == "error" and error["type"] in ("invalid_request_error", "not_found_error")
    else:
        error = body["error"]
        assert error["code"] == response.status_code and error["status"] in ("INVALID_ARGUMENT", "NOT_FOUND")
    assert isinstance(error["message"], str) and error["message"]
    return error["message"]


def _answered(protocol: str, response: Any) -> None:
    """A 4xx in the service's shape, or a 200 carrying this protocol's reply."""
    if response.status_code == 200:
        body = response.json()
        reply = {"chat": "choices", "responses": "output", "anthropic": "content", "gemini": "candidates"}
        assert reply[protocol] in body
    else:
        assert 400 <= response.status_code < 500, response.status_code
        _error_message(protocol, response)


# ---- the body's bytes -----------------------------------------------------------------------------

@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("encoding", BOMS)
def test_a_body_with_a_utf16_or_utf32_byte_order_mark_gets_the_services_400(protocol, encoding):
    text = _valid(protocol).decode()
    response = _post(protocol, BOMS[encoding] + text.encode(ENCODINGS[encoding]))
    assert response.status_code == 400
    assert f"{encoding} byte-order mark" in _error_message(protocol, response)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_utf8_body_is_read_with_or_without_a_byte_order_mark(protocol):
    endpoint = _recorded(protocol)[0]
    for raw in (_valid(protocol), codecs.BOM_UTF8 + _valid(protocol)):
        assert _post(protocol, raw, endpoint).status_code == 200


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("raw, said", [
    (b'{"model": "caf\xe9"}', "not valid UTF-8 (byte 0xe9 at position 14)"),
    (b'{"model": ', "Expecting value at line 1 column 11"),
    (b"not json", "Expecting value at line 1 column 1"),
    (b'{"max_tokens": NaN}', "NaN is not a JSON value"),
    (b'{"max_tokens": 1e999}', "the number 1e999 is out of range"),
    (b'{"model": "\\ud800"}', "lone UTF-16 surrogate"),
    (b"[" * 100_000 + b"]" * 100_000, "nests arrays or objects more than 200 deep"),
    (b'{"max_tokens": 1, "messages": ' + b"[" * 201 + b"]" * 201 + b"}", "nests arrays or objects more than 200 deep"),
    (b'{"max_tokens": ' + b"9" * 5000 + b"}", "too many digits"),
])
def test_bytes_that_are_not_json_get_the_services_400_saying_why(protocol, raw, said):
    response = _post(protocol, raw)
    assert response.status_code == 400 and said in _error_message(protocol, response)


@pytest.mark.parametrize("protocol, wording", [
    ("chat", "Invalid type for body: expected an object, but got an array instead."),
    ("responses", "Invalid type for body: expected an object, but got an array instead."),
    ("anthropic", "Input should be a valid dictionary or object to extract fields from"),
    ("gemini", "Invalid JSON payload received. Root element must be a message."),
])
def test_a_body_that_is_not_an_object_gets_the_services_400(protocol, wording):
    response = _post(protocol, b"[]")
    assert response.status_code == 400 and _error_message(protocol, response) == wording


# ---- each protocol's request of the wrong shape, through its real SDK -----------------------------

def _call(coro):
    return asyncio.run(coro)


@pytest.mark.parametrize("messages, wording, param", [
    ("hi", "Invalid type for 'messages': expected an array, but got a string instead.", "messages"),
    (["hi"], "Invalid type for 'messages[0]': expected an object, but got a string instead.", "messages[0]"),
    ([{"role": "user", "content": 5}], "Invalid type for 'messages[0].content': expected one of a string or array of "
                                       "objects, but got an integer instead.", "messages[0].content"),
    ([{"role": "robot", "content": "hi"}], "Invalid value: 'robot'. Supported values are: 'system', 'developer', "
                                           "'user', 'assistant', 'tool', and 'function'.", "messages[0].role"),
    ([{"content": "hi"}], "Missing required parameter: 'messages[0].role'.", "messages[0].role"),
    ([{"role": "user", "content": "go"}, {"role": "assistant", "tool_calls": [{"id": "c", "type": "function"}]}],
     "Missing required parameter: 'messages[1].tool_calls[0].function'.", "messages[1].tool_calls[0].function"),
    ([{"role": "user", "content": "go"}, {"role": "tool", "content": "x"}],
     "Missing required parameter: 'messages[1].tool_call_id'.", "messages[1].tool_call_id"),
])
def test_chat_messages_of_the_wrong_shape_get_openais_400(messages, wording, param):
    client = offline_client(_scripted(), "chat")
    with pytest.raises(openai.BadRequestError) as error:
        _call(client.chat.completions.create(model="any", messages=messages))
    assert error.value.status_code == 400 and error.value.body == {
        "message": wording, "type": "invalid_request_error", "param": param, "code": None}


def test_chat_switches_of_the_wrong_type_get_openais_400():
    client = offline_client(_scripted(), "chat")
    messages = [{"role": "user", "content": "go"}]
    for kwargs, wording in (
            ({"tools": "read_file"}, "Invalid type for 'tools': expected an array, but got a string instead."),
            ({"tools": [{"type": "function", "function": {"name": "read_file"}}], "parallel_tool_calls": "yes"},
             "Invalid type for 'parallel_tool_calls': expected a boolean, but got a string instead.")):
        with pytest.raises(openai.BadRequestError) as error:
            _call(client.chat.completions.create(model="any", messages=messages, **kwargs))
        assert error.value.body["message"] == wording


@pytest.mark.parametrize("kwargs, wording", [
    ({"input": [5]}, "Invalid type for 'input[0]': expected an object, but got an integer instead."),
    ({"input": [{"type": "function_call", "call_id": "c", "name": "read_file", "arguments": {"path": "a"}}]},
     "Invalid type for 'input[0].arguments': expected a string, but got an object instead."),
    ({"input": [{"type": "function_call_output", "output": "x"}]}, "Missing required parameter: 'input[0].call_id'."),
    ({"input": "go", "previous_response_id": {"id": "resp_1"}},
     "Invalid type for 'previous_response_id': expected a string, but got an object instead."),
])
def test_responses_input_of_the_wrong_shape_gets_openais_400(kwargs, wording):
    client = offline_client(_scripted(), "responses")
    with pytest.raises(openai.BadRequestError) as error:
        _call(client.responses.create(model="any", **kwargs))
    assert error.value.status_code == 400 and error.value.body["message"] == wording


@pytest.mark.parametrize("kwargs, wording", [
    ({"messages": [{"role": "user", "content": 5}]}, "messages.0.content: Input should be a valid list"),
    ({"messages": ["hi"]}, "messages.0: Input should be a valid dictionary or object to extract fields from"),
    ({"messages": [{"role": "bot", "content": "hi"}]}, "messages.0.role: Input should be 'user' or 'assistant'"),
    ({"messages": [{"role": "user", "content": [{"text": "hi"}]}]}, "messages.0.content.0.type: Field required"),
    ({"messages": [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": 7}]}]},
     "messages.0.content.0.tool_use_id: Input should be a valid string"),
    ({"messages": [{"role": "user", "content": "hi"}], "system": 5}, "system: Input should be a valid list"),
    ({"messages": [{"role": "user", "content": "hi"}], "tools": [{"name": "t", "input_schema": {}}],
      "tool_choice": "auto"}, "tool_choice: Input should be a valid dictionary or object to extract fields from"),
    ({"messages": [{"role": "user", "content": "hi"}], "tools": [{"name": "t", "input_schema": {}}],
      "tool_choice": {"type": "auto", "disable_parallel_tool_use": "yes"}},
     "tool_choice.disable_parallel_tool_use: Input should be a valid boolean"),
])
def test_anthropic_messages_of_the_wrong_shape_get_anthropics_400(kwargs, wording):
    client = offline_client(_scripted(), "anthropic")
    with pytest.raises(anthropic.BadRequestError) as error:
        _call(client.messages.create(model="any", max_tokens=100, **kwargs))
    assert error.value.status_code == 400 and error.value.body["error"] == {
        "type": "invalid_request_error", "message": wording}


def test_gemini_reads_a_wrong_role_as_the_service_does_through_its_sdk():
    client = offline_client(_scripted(), "gemini")
    with pytest.raises(genai_errors.ClientError) as error:
        _call(client.aio.models.generate_content(model="any",
                                                 contents=[{"role": "assistant", "parts": [{"text": "x"}]}]))
    assert (error.value.code, error.value.status, error.value.message) == (
        400, "INVALID_ARGUMENT", "Please use a valid role: user, model.")


@pytest.mark.parametrize("contents, wording, field", [
    ([{"role": "user", "parts": "hello"}], "Invalid JSON payload received. Invalid value at 'contents[0].parts' "
     "(type.googleapis.com/google.ai.generativelanguage.v1beta.Part), \"hello\"", "contents[0].parts"),
    (["hello"], "Invalid JSON payload received. Invalid value at 'contents[0]' "
     "(type.googleapis.com/google.ai.generativelanguage.v1beta.Content), \"hello\"", "contents[0]"),
    ([{"parts": [{"text": ["a"]}]}], "Invalid JSON payload received. Unknown name \"text\" at 'contents[0].parts[0]': "
     "Proto field is not repeating, cannot start list.", "contents[0].parts[0].text"),
    ([{"parts": [{"functionCall": {"name": "f", "args": "x"}}]}], "Invalid JSON payload received. Invalid value at "
     "'contents[0].parts[0].function_call.args' (type.googleapis.com/google.protobuf.Struct), \"x\"",
     "contents[0].parts[0].function_call.args"),
    ([{"role": "model", "parts": [{"functionCall": {"name": "f"}, "thoughtSignature": 7}]}],
     "Invalid JSON payload received. Invalid value at 'contents[0].parts[0].thought_signature' (TYPE_BYTES), 7",
     "contents[0].parts[0].thought_signature"),
])
def test_gemini_contents_of_the_wrong_shape_get_googles_400(contents, wording, field):
    # the genai SDK checks its own types before sending, so these bodies go to the endpoint directly
    response = _post("gemini", json.dumps({"contents": contents}).encode())
    assert response.status_code == 400 and response.json() == {"error": {
        "code": 400, "message": wording, "status": "INVALID_ARGUMENT",
        "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                     "fieldViolations": [{"field": field, "description": wording}]}]}}
    assert genai_errors.ClientError(400, response.json()).message == wording  # what the SDK would raise


def test_gemini_system_instruction_that_is_a_string_gets_googles_400():
    response = _post("gemini", json.dumps({"contents": [{"parts": [{"text": "hi"}]}], "systemInstruction": "be brief"})
                     .encode())
    assert response.status_code == 400 and _error_message("gemini", response).endswith(
        "Invalid value at 'system_instruction' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content), "
        '"be brief"')


@pytest.mark.parametrize("protocol, extra", [
    ("chat", lambda b: b["messages"][2].update(refusal=None, annotations=[])),
    ("responses", lambda b: b["input"][0].update(type="message", id="msg_1")),
    ("anthropic", lambda b: b["messages"][0]["content"][0].update(cache_control={"type": "ephemeral"}, citations=None)),
    ("gemini", lambda b: b["contents"][0]["parts"][0].update(thought=False, partMetadata={"k": "v"})),
])
def test_fields_the_endpoint_does_not_read_are_accepted(protocol, extra):
    endpoint, body = _recorded(protocol)
    body = copy.deepcopy(body)
    extra(body)
    assert _post(protocol, json.dumps(body).encode(), endpoint).status_code == 200


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_malformed_request_leaves_the_endpoint_answering_the_next(protocol):
    endpoint = _recorded(protocol)[0]
    for raw in (codecs.BOM_UTF16_LE + b"{\x00}\x00", b'{"messages": "x", "contents": "x", "input": 5}'):
        assert _post(protocol, raw, endpoint).status_code == 400
    assert _post(protocol, _valid(protocol), endpoint).status_code == 200


# ---- fuzz: random bytes, random JSON, real requests mutated ---------------------------------------

WORDS = ["messages", "role", "content", "tool_calls", "tool_call_id", "id", "type", "function", "name", "arguments",
         "tools", "parallel_tool_calls", "tool_choice", "input", "call_id", "output", "summary", "previous_response_id",
         "instructions", "max_tokens", "system", "text", "tool_use", "tool_result", "tool_use_id", "is_error",
         "disable_parallel_tool_use", "contents", "parts", "functionCall", "function_call", "functionResponse", "args",
         "response", "thoughtSignature", "systemInstruction", "user", "assistant", "model", "tool", "developer",
         "function_call_output", "reasoning", "message", "input_text", "auto", "any", "none", "call_1"]
scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6)
           | st.sampled_from(WORDS))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.sampled_from(WORDS) | st.text(max_size=4), inner, max_size=5),
                           max_leaves=20)
random_bodies = st.dictionaries(st.sampled_from(WORDS), json_values, max_size=6)
fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DELETE = object()
# a replacement for one value of a real request: gone, one of each JSON kind, or any JSON at all
replacements = st.sampled_from([DELETE, None, True, 0, 2.5, "", "x", "user", [], ["x"], [{}], {}, {"type": "text"}]) \
    | json_values


def _paths(value: Any, at: tuple = ()) -> list[tuple]:
    found = [at]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, inner in items:
        found += _paths(inner, (*at, key))
    return found


def _mutated(body: dict[str, Any], path: tuple, new: Any) -> Any:
    """`body` with the value at `path` replaced by `new` (or removed, for DELETE)."""
    if not path:
        return new if new is not DELETE else {}
    body = copy.deepcopy(body)
    parent = body
    for key in path[:-1]:
        parent = parent[key]
    if new is DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return body


@fuzz
@given(protocol=st.sampled_from(PROTOCOLS), raw=st.binary(max_size=40)
       | st.tuples(st.sampled_from([*BOMS.values(), codecs.BOM_UTF8]), st.binary(max_size=40)).map(b"".join))
def test_random_bytes_get_a_4xx_never_a_traceback(protocol, raw):
    _answered(protocol, _post(protocol, raw))


@fuzz
@given(protocol=st.sampled_from(PROTOCOLS), value=json_values | random_bodies)
def test_random_json_gets_a_4xx_or_a_reply_never_a_traceback(protocol, value):
    _answered(protocol, _post(protocol, json.dumps(value).encode()))


@pytest.mark.parametrize("protocol", PROTOCOLS)
@settings(fuzz, max_examples=300)
@given(data=st.data())
def test_a_real_request_mutated_anywhere_gets_a_4xx_or_a_reply_never_a_traceback(protocol, data):
    endpoint, body = _recorded(protocol)
    path = data.draw(st.sampled_from(_paths(body)), label="path")
    new = data.draw(replacements, label="new value")
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-le"]), label="encoding")
    raw = json.dumps(_mutated(body, path, new), ensure_ascii=False).encode(encoding, "surrogatepass")
    response = _post(protocol, raw, endpoint)
    _answered(protocol, response)
    if encoding in ("utf-16", "utf-32"):  # Python writes their byte-order mark
        assert response.status_code == 400


sdk_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                          | st.text(max_size=6) | st.sampled_from(WORDS),
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(WORDS), inner,
                                                                                        max_size=5), max_leaves=20)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(protocol=st.sampled_from(["chat", "anthropic"]), data=st.data())
def test_through_the_real_sdk_a_mutated_request_raises_only_the_sdks_4xx_error(protocol, data):
    endpoint, body = _recorded(protocol)
    path = data.draw(st.sampled_from(_paths(body)[1:]), label="path")
    new = data.draw(st.sampled_from([DELETE, None, True, 0, "x", [], ["x"], {}]) | sdk_values, label="new value")
    mutated = _mutated(body, path, new)
    client = offline_client(_scripted(), protocol)
    sdk, route = (openai, "/chat/completions") if protocol == "chat" else (anthropic, "/v1/messages")
    try:
        _call(client.post(route, cast_to=object, body=mutated))
    except sdk.APIStatusError as error:
        assert 400 <= error.status_code < 500 and error.message
