"""The offline OpenAI Responses endpoint: POST /v1/responses, a reasoning model with the real 400s.

The scripted model plays a reasoning model: every turn that calls tools starts with a `reasoning`
output item, and the endpoint remembers which reasoning item each `function_call` followed, so a
history that replays a call without its reasoning item (or a reasoning item without the call it
preceded) is refused as the real service refuses it. `previous_response_id` continues a stored
response, the other way to keep the pairs together.
"""
from __future__ import annotations

from typing import Any

from ..messages import ModelTurn, approx_tokens
from .chat import openai_malformed, openai_unreadable
from .common import Endpoint, ProtocolError
from .shapes import Unreadable, Violation


def _items(body: dict[str, Any]) -> list[dict[str, Any]]:
    value = body.get("input")
    if value is None:
        return []
    if isinstance(value, str):
        return [{"role": "user", "content": value}]
    return [item for item in value if isinstance(item, dict)]


def _kind(item: dict[str, Any]) -> str:
    return item.get("type") or ("message" if "role" in item else "?")


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


def protocol_error(items: list[dict[str, Any]], reasoning_pairs: dict[str, str] | None = None) -> ProtocolError | None:
    """The HTTP 400 the Responses API gives this input, or None when valid.

    `reasoning_pairs` maps each function_call item id the service issued to the id of the
    reasoning item it followed (the service keeps these; a learner's own items carry no pairs).
    """
    pairs = reasoning_pairs or {}
    followers: dict[str, str] = {}
    for fc_id, rs_id in pairs.items():
        followers.setdefault(rs_id, fc_id)  # the first call after a reasoning item is its following item
    call_ids: set[str] = set()
    for i, item in enumerate(items):
        kind = _kind(item)
        if kind == "reasoning" and item.get("id") in followers:
            nxt = items[i + 1] if i + 1 < len(items) else {}
            if _kind(nxt) != "function_call" or nxt.get("id") != followers[item["id"]]:
                return ProtocolError(f"Item '{item['id']}' of type 'reasoning' was provided without its required "
                                     "following item.", "input")
        elif kind == "function_call":
            needed = pairs.get(item.get("id") or "")
            if needed and not any(_kind(it) == "reasoning" and it.get("id") == needed for it in items[:i]):
                return ProtocolError(f"Item '{item['id']}' of type 'function_call' was provided without its "
                                     f"required 'reasoning' item: '{needed}'.", "input")
            call_ids.add(str(item.get("call_id")))
        elif kind == "function_call_output":
            if str(item.get("call_id")) not in call_ids:
                return ProtocolError("No tool call found for function call output with call_id "
                                     f"{item.get('call_id')}.", "input")
    answered = {str(it.get("call_id")) for it in items if _kind(it) == "function_call_output"}
    for item in items:
        if _kind(item) == "function_call" and str(item.get("call_id")) not in answered:
            return ProtocolError(f"No tool output found for function call {item.get('call_id')}.", "input")
    return None


def as_chat_messages(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Responses input items as Chat Completions-style messages (what the ScriptedModel reads)."""
    messages: list[dict[str, Any]] = []
    for item in items:
        kind = _kind(item)
        if kind == "function_call":
            call = {"id": item.get("call_id"), "type": "function",
                    "function": {"name": item.get("name"), "arguments": item.get("arguments", "")}}
            last = messages[-1] if messages else None
            if last and last.get("role") == "assistant" and last.get("tool_calls") is not None:
                last["tool_calls"].append(call)
            else:
                messages.append({"role": "assistant", "content": None, "tool_calls": [call]})
        elif kind == "function_call_output":
            messages.append({"role": "tool", "tool_call_id": item.get("call_id"), "content": _text(item.get("output"))})
        elif kind == "message":
            messages.append({"role": item.get("role", "user"), "content": _text(item.get("content"))})
    return messages


class ResponsesEndpoint(Endpoint):
    """Answers POST /v1/responses like the real service, from a ScriptedModel."""

    protocol = "OpenAI Responses (POST /v1/responses)"
    request_shape = "ResponsesRequest"  # in request_models.py

    def __init__(self, scripted: Any) -> None:
        super().__init__(scripted)
        self.reasoning_pairs: dict[str, str] = {}   # function_call item id -> reasoning item id
        self.stored: dict[str, list[dict[str, Any]]] = {}  # response id -> its full conversation

    def serves(self, method: str, path: str) -> bool:
        return method == "POST" and path.endswith("/responses")

    def _history(self, body: dict[str, Any]) -> list[dict[str, Any]] | ProtocolError:
        previous = body.get("previous_response_id")
        if previous and previous not in self.stored:
            return ProtocolError(f"Previous response with id '{previous}' not found.", "previous_response_id", 404)
        return [*(self.stored.get(previous, []) if previous else []), *_items(body)]

    def check(self, body: dict[str, Any]) -> ProtocolError | None:
        history = self._history(body)
        if isinstance(history, ProtocolError):
            return history
        if not history:
            return ProtocolError("Missing required parameter: 'input'.", "input")
        return protocol_error(history, self.reasoning_pairs)

    def conversation(self, body: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
        history = self._history(body)
        assert not isinstance(history, ProtocolError)
        return as_chat_messages(history), bool(body.get("parallel_tool_calls", True))

    def reply(self, turn: ModelTurn, body: dict[str, Any], number: int) -> dict[str, Any]:
        output: list[dict[str, Any]] = []
        if turn.tool_calls:
            reasoning_id = f"rs_offline_{number}"
            output.append({"type": "reasoning", "id": reasoning_id, "summary": []})
            for i, call in enumerate(turn.tool_calls, 1):
                item_id = f"fc_offline_{number}_{i}"
                self.reasoning_pairs[item_id] = reasoning_id
                output.append({"type": "function_call", "id": item_id, "call_id": call.id, "name": call.name,
                               "arguments": call.arguments_json, "status": "completed"})
        if turn.content is not None:
            output.append({"type": "message", "id": f"msg_offline_{number}", "role": "assistant",
                           "status": "completed",
                           "content": [{"type": "output_text", "text": turn.content, "annotations": []}]})
        response_id = f"resp_offline_{number}"
        history = self._history(body)
        assert not isinstance(history, ProtocolError)
        self.stored[response_id] = [*history, *output]
        used_in, used_out = approx_tokens(history), approx_tokens(output)
        return {"id": response_id, "object": "response", "created_at": 0, "status": "completed",
                "model": self.scripted.name, "output": output, "error": None, "incomplete_details": None,
                "instructions": body.get("instructions"), "metadata": {},
                "parallel_tool_calls": bool(body.get("parallel_tool_calls", True)),
                "temperature": None, "top_p": None, "tool_choice": body.get("tool_choice", "auto"),
                "tools": body.get("tools") or [], "previous_response_id": body.get("previous_response_id"),
                "usage": {"input_tokens": used_in, "output_tokens": used_out, "total_tokens": used_in + used_out,
                          "input_tokens_details": {"cached_tokens": 0},
                          "output_tokens_details": {"reasoning_tokens": 0}}}

    def error_body(self, problem: ProtocolError) -> dict[str, Any]:
        kind = "invalid_request_error" if problem.status < 500 else "server_error"
        return {"error": {"message": problem.message, "type": kind, "param": problem.param, "code": None}}

    def malformed(self, violation: Violation) -> ProtocolError:
        return openai_malformed(violation)

    def unreadable(self, problem: Unreadable) -> ProtocolError:
        return openai_unreadable(problem)
