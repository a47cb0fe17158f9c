"""The offline OpenAI Responses endpoint: POST /v1/responses, a reasoning model with the real 400s.

The scripted model plays a reasoning model: every turn that calls tools starts with a `reasoning`
output item, and the endpoint remembers which reasoning item each `function_call` followed, so a
history that replays a call without its reasoning item (or a reasoning item without the call it
preceded) is refused as the real service refuses it. `previous_response_id` continues a stored
response, the other way to keep the pairs together.

Programmatic tool calling, as the service ships it: when a request declares the
`{"type": "programmatic_tool_calling"}` tool and the endpoint has a `sandbox`, a scripted
`run_program` call is written as a `program` item and its program runs here, on the provider's
side. Each batch it calls (one `gather`) goes out as `function_call` items whose `caller` names the
program; the client runs them and sends their outputs; the program resumes — no model turn, no
model time — and when it ends a `program_output` item carries its result, and the model takes its
next turn. The real service runs JavaScript; the course's sandbox (course.beyond.hosted) runs the
course's program language, so one scripted program travels every wire unchanged.
"""
from __future__ import annotations

import json

from typing import Any

from ..calls import ToolCall
from ..messages import ModelTurn, approx_tokens
from .chat import openai_malformed, openai_unreadable
from .common import PROGRAM_TOOL, Endpoint, ProgramHost, ProtocolError, Sandbox, program_code
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


def _from_program(item: dict[str, Any]) -> bool:
    caller = item.get("caller")
    return isinstance(caller, dict) and caller.get("type") == "program"


def as_chat_messages(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Responses input items as Chat Completions-style messages (what the ScriptedModel reads).

    A `program` item is the model's `run_program` call and its `program_output` that call's result;
    the calls a program made, and their outputs, stay inside the program, as the model never wrote them."""
    messages: list[dict[str, Any]] = []
    inner = {str(it.get("call_id")) for it in items if _kind(it) == "function_call" and _from_program(it)}
    for item in items:
        kind = _kind(item)
        if kind == "program":
            item = {"call_id": item.get("call_id"), "name": PROGRAM_TOOL,
                    "arguments": json.dumps({"code": item.get("code", "")})}
            kind = "function_call"
        elif kind == "program_output":
            item = {"call_id": item.get("call_id"), "output": item.get("result", "")}
            kind = "function_call_output"
        elif str(item.get("call_id")) in inner:
            continue
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

    def __init__(self, scripted: Any, sandbox: Sandbox | None = None) -> None:
        super().__init__(scripted)
        self.reasoning_pairs: dict[str, str] = {}   # function_call item id -> reasoning item id
        self.stored: dict[str, list[dict[str, Any]]] = {}  # response id -> its full conversation
        self.programs = ProgramHost(sandbox) if sandbox else None  # None: no programmatic tool calling

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
        return self._response(body, self._turn_items(turn, number, programs=[]), number)

    def _turn_items(self, turn: ModelTurn, number: int, programs: list[ToolCall]) -> list[dict[str, Any]]:
        """The output items of one model turn; its `run_program` calls go to `programs` (to start them)."""
        output: list[dict[str, Any]] = []
        plain = [c for c in turn.tool_calls if c not in programs]
        if turn.tool_calls:
            reasoning_id = f"rs_offline_{number}"
            output.append({"type": "reasoning", "id": reasoning_id, "summary": []})
            for i, call in enumerate(plain, 1):
                item_id = f"fc_offline_{number}_{i}"
                self.reasoning_pairs[item_id] = reasoning_id
                output.append({"type": "function_call", "id": item_id, "call_id": call.id, "name": call.name,
                               "arguments": call.arguments_json, "status": "completed"})
            for call in programs:
                output.append({"type": "program", "id": f"prog_{call.id}", "call_id": call.id,
                               "code": program_code(call), "fingerprint": f"offline-{number}"})
        if turn.content is not None:
            output.append({"type": "message", "id": f"msg_offline_{number}", "role": "assistant",
                           "status": "completed",
                           "content": [{"type": "output_text", "text": turn.content, "annotations": []}]})
        return output

    async def answer(self, body: dict[str, Any]) -> dict[str, Any]:
        """A model turn; or, while a program runs, its next batch or its output (then the model's turn)."""
        host = self.programs
        if host is None or not any(isinstance(t, dict) and t.get("type") == "programmatic_tool_calling"
                                   for t in body.get("tools") or []):
            return await super().answer(body)
        number, history = len(self.requests), self._history(body)
        assert not isinstance(history, ProtocolError)
        answered = {str(it.get("call_id")): _text(it.get("output")) for it in history
                    if _kind(it) == "function_call_output"}
        output = [i for program, calls in await host.resume(answered) for i in self._program_items(program, calls)]
        output = await self.program_turns(host, output, lambda so_far: as_chat_messages([*history, *so_far]),
                                          bool(body.get("parallel_tool_calls", True)),
                                          lambda turn, programs: self._turn_items(turn, number, programs),
                                          self._program_items)
        return self._response(body, output, number)

    def _program_items(self, program: str, calls: list[ToolCall] | None) -> list[dict[str, Any]]:
        """A program's next batch as function_call items naming it as caller, or its program_output."""
        if calls:
            return [{"type": "function_call", "id": f"fc_{c.id}", "call_id": c.id, "name": c.name,
                     "arguments": c.arguments_json, "status": "completed",
                     "caller": {"type": "program", "caller_id": program}} for c in calls]
        done = self.programs.finished(program)  # type: ignore[union-attr]
        return [{"type": "program_output", "id": f"po_{program}", "call_id": program, "result": done.result,
                 "status": "completed" if done.ok else "incomplete"}]

    def _response(self, body: dict[str, Any], output: list[dict[str, Any]], number: int) -> dict[str, Any]:
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
