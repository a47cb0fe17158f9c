"""An in-process OpenAI-compatible endpoint that plays a ScriptedModel and enforces the protocol."""
from __future__ import annotations

import asyncio
import importlib
import json
from typing import Any

import openai

from .models import ScriptedModel

def _client_http_library() -> Any:
    """The HTTP library the installed openai client is built on: httpx2 (openai 3.x) or httpx (1.x, 2.x)."""
    for cls in openai.DefaultAsyncHttpxClient.__mro__:
        if cls.__name__ == "AsyncClient":
            return importlib.import_module(cls.__module__.split(".")[0])
    raise ImportError("Could not tell which HTTP library the installed openai client uses.")


_http = _client_http_library()

OFFLINE_BASE_URL = "http://offline.invalid/v1"


def protocol_error(messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None,
                   body: dict[str, Any]) -> tuple[str, str | None] | None:
    """The (message, param) of the HTTP 400 a real server gives this request, or None when valid."""
    if "parallel_tool_calls" in body and not tools:
        return ("Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when "
                "'tools' are specified.", "parallel_tool_calls")
    if not messages:
        return "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages"
    open_ids: list[str] = []
    open_at = -1
    for i, message in enumerate(messages):
        role = message.get("role")
        if role == "tool":
            call_id = message.get("tool_call_id")
            if call_id not in open_ids:
                return ("Invalid parameter: messages with role 'tool' must be a response to a preceeding "
                        "message with 'tool_calls'.", f"messages.[{i}].role")
            open_ids.remove(call_id)
            continue
        if open_ids:
            return _unanswered(open_ids, i)
        if role == "assistant" and message.get("tool_calls"):
            open_ids = [c["id"] for c in message["tool_calls"]]
            open_at = i
    if open_ids:
        return _unanswered(open_ids, max(open_at + 1, len(messages)))
    return None


def _unanswered(ids: list[str], index: int) -> tuple[str, str]:
    return ("An assistant message with 'tool_calls' must be followed by tool messages responding to each "
            f"'tool_call_id'. The following tool_call_ids did not have response messages: {', '.join(ids)}",
            f"messages.[{index}].role")


def _error(status: int, message: str, param: str | None, kind: str = "invalid_request_error") -> Any:
    return _http.Response(status, json={"error": {"message": message, "type": kind, "param": param, "code": None}})


def completion_json(scripted: ScriptedModel, messages: list[dict[str, Any]], parallel: bool) -> dict[str, Any]:
    """The chat.completion object the scripted model's next turn becomes."""
    turn = scripted.next_turn(messages, parallel_tool_calls=parallel)
    number = sum(1 for m in messages if m.get("role") == "assistant") + 1
    message: dict[str, Any] = {"role": "assistant", "content": turn.content, "refusal": None}
    if turn.tool_calls:
        message["tool_calls"] = [c.to_openai() for c in turn.tool_calls]
    prompt_chars = sum(len(json.dumps(m, ensure_ascii=False)) for m in messages)
    answer_chars = len(json.dumps(message, ensure_ascii=False))
    return {"id": f"chatcmpl-offline-{number}", "object": "chat.completion", "created": 0,
            "model": scripted.name, "system_fingerprint": None,
            "choices": [{"index": 0, "message": message, "logprobs": None,
                         "finish_reason": "tool_calls" if turn.tool_calls else "stop"}],
            "usage": {"prompt_tokens": prompt_chars // 4, "completion_tokens": answer_chars // 4,
                      "total_tokens": (prompt_chars + answer_chars) // 4}}


class OfflineEndpoint:
    """Answers POST /v1/chat/completions like a real server would, from a ScriptedModel."""

    def __init__(self, scripted: ScriptedModel) -> None:
        self.scripted = scripted
        self.requests: list[dict[str, Any]] = []

    async def __call__(self, request: Any) -> Any:
        """Handle one HTTP request (the httpx MockTransport handler)."""
        if request.method != "POST" or not request.url.path.endswith("/chat/completions"):
            return _error(404, f"Unknown request URL: {request.method} {request.url.path}. This offline "
                               "endpoint serves POST /v1/chat/completions only.", None)
        try:
            body = json.loads(request.content or b"{}")
        except json.JSONDecodeError:
            return _error(400, "We could not parse the JSON body of your request.", None)
        self.requests.append(body)
        messages, tools = body.get("messages") or [], body.get("tools")
        problem = protocol_error(messages, tools, body)
        if problem:
            return _error(400, *problem)
        if self.scripted.latency > 0:
            await asyncio.sleep(self.scripted.latency)  # the model's latency, on whichever clock runs
        return _http.Response(200, json=completion_json(self.scripted, messages,
                                                        bool(body.get("parallel_tool_calls", True))))


def offline_openai_client(scripted: ScriptedModel) -> "openai.AsyncOpenAI":
    """A real AsyncOpenAI client whose HTTP goes to an in-process endpoint playing `scripted`."""
    transport = _http.MockTransport(OfflineEndpoint(scripted))
    return openai.AsyncOpenAI(api_key="offline-no-key-needed", base_url=OFFLINE_BASE_URL, max_retries=0,
                              http_client=_http.AsyncClient(transport=transport))


def offline_endpoint(client: "openai.AsyncOpenAI") -> OfflineEndpoint:
    """The endpoint behind an offline client (to inspect the requests it received)."""
    transport = client._client._transport  # type: ignore[attr-defined]
    return transport.handler
