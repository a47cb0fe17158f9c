"""The offline Anthropic Messages endpoint: POST /v1/messages, with the real 400s.

Rules it enforces (the service's own wording): every `tool_use` of an assistant turn is answered
by a `tool_result` block in the very next user message; those results come first in that
message's content; a `tool_result` must answer a `tool_use` of the previous message. The
one-call switch is `tool_choice: {"type": "auto", "disable_parallel_tool_use": true}`.

Programmatic tool calling, as Anthropic ships it: when the request declares a code-execution tool
(`{"type": "code_execution_20260120", "name": "code_execution"}`) and the endpoint has a sandbox, a
scripted `run_program` call becomes a `server_tool_use` block (the code the model wrote, run in
the container), and each batch the program calls comes back as `tool_use` blocks whose `caller`
names that block; the client answers them with `tool_result` blocks, the program resumes with no
model time, and a `code_execution_tool_result` block carries what it printed (or returned) before
the model's next turn. Anthropic's container runs Python; the course's sandbox runs the course's
Python subset (course.beyond.hosted).
"""
from __future__ import annotations

import json
from typing import Any

from ..calls import ToolCall
from ..messages import ModelTurn, approx_tokens, arguments_object
from .common import PROGRAM_TOOL, Endpoint, ProgramHost, ProtocolError, Sandbox, program_code
from .shapes import Unreadable, Violation

# ---- Anthropic's wording for a request it cannot read (its validator's: "loc: Input should be …") ----

_SHOULD_BE = {"array": "a valid list", "object": "a valid dictionary or object to extract fields from",
              "string": "a valid string", "integer": "a valid integer", "number": "a valid number",
              "boolean": "a valid boolean", "null": "None"}


def anthropic_malformed(violation: Violation) -> ProtocolError:
    """The 400 Anthropic gives a request of the wrong shape: "messages.0.content: Input should be a valid list"."""
    path = ".".join(map(str, violation.path))
    if violation.problem == "missing":
        said = "Field required"
    elif violation.problem == "type":  # for a union, the richest kind allowed: what the service names
        kind = next(k for k in (*_SHOULD_BE, *violation.expected) if k in violation.expected)
        said = f"Input should be {_SHOULD_BE.get(kind, kind)}"
    else:
        said = violation.message
    return ProtocolError(f"{path}: {said}" if path else said)


def anthropic_unreadable(problem: Unreadable) -> ProtocolError:
    """The 400 Anthropic gives a body that is not one JSON object."""
    if problem.kind == "not_object":
        return ProtocolError(f"Input should be {_SHOULD_BE['object']}")
    suffix = " (JSON must be sent as UTF-8)" if problem.kind == "encoding" else ""
    return ProtocolError(f"Invalid JSON: {problem.detail}{suffix}")


# ---- the protocol's rules -------------------------------------------------------------------------

def _blocks(message: dict[str, Any]) -> list[dict[str, Any]]:
    content = message.get("content")
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    return [b for b in (content or []) if isinstance(b, dict)]


def _result_text(block: dict[str, Any]) -> str:
    content = block.get("content", "")
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return str(content)


def protocol_error(messages: list[dict[str, Any]]) -> ProtocolError | None:
    """The HTTP 400 the Messages API gives this conversation, or None when valid."""
    if not messages:
        return ProtocolError("messages: at least one message is required")
    for i, message in enumerate(messages):
        blocks = _blocks(message)
        if message.get("role") == "user":
            previous = _blocks(messages[i - 1]) if i and messages[i - 1].get("role") == "assistant" else []
            asked = {b.get("id") for b in previous if b.get("type") == "tool_use"}
            for k, block in enumerate(blocks):
                if block.get("type") == "tool_result" and block.get("tool_use_id") not in asked:
                    return ProtocolError(f"messages.{i}.content.{k}: unexpected `tool_use_id` found in `tool_result` "
                                         f"blocks: {block.get('tool_use_id')}. Each `tool_result` block must have a "
                                         "corresponding `tool_use` block in the previous message.")
        if message.get("role") != "assistant":
            continue
        uses = [b.get("id") for b in blocks if b.get("type") == "tool_use"]
        if not uses:
            continue
        following = messages[i + 1] if i + 1 < len(messages) else None
        if following is None:
            continue  # the last turn may end in tool_use only when the model is asked to continue it; rare
        answer = _blocks(following) if following.get("role") == "user" else []
        answered = {b.get("tool_use_id") for b in answer if b.get("type") == "tool_result"}
        missing = [u for u in uses if u not in answered]
        if missing:
            return ProtocolError(f"messages.{i}: `tool_use` ids were found without `tool_result` blocks immediately "
                                 f"after: {', '.join(map(str, missing))}. Each `tool_use` block must have a "
                                 "corresponding `tool_result` block in the next message.")
        leading = 0
        while leading < len(answer) and answer[leading].get("type") == "tool_result":
            leading += 1
        if leading < len(uses):
            return ProtocolError(f"messages.{i + 1}: Did not find {len(uses) - leading} `tool_result` block(s) at the "
                                 "beginning of this message. Messages following `tool_use` blocks must begin with a "
                                 "matching number of `tool_result` blocks.")
    return None


CODE_EXECUTION = "code_execution_20260120"  # the code-execution tool version programs run under


def _program_stdout(block: dict[str, Any]) -> str:
    content = block.get("content")
    return str(content.get("stdout", "")) if isinstance(content, dict) else _result_text(block)


def as_chat_messages(messages: list[dict[str, Any]], system: Any = None) -> list[dict[str, Any]]:
    """Anthropic messages as Chat Completions-style messages (what the ScriptedModel reads).

    A code-execution `server_tool_use` block is the model's `run_program` call and its
    `code_execution_tool_result` that call's result; the `tool_use` blocks a program called (their
    `caller` names it), and their results, stay inside the program."""
    out: list[dict[str, Any]] = [{"role": "system", "content": str(system)}] if system else []
    inner = {b.get("id") for m in messages for b in _blocks(m) if b.get("type") == "tool_use" and b.get("caller")
             and b["caller"].get("type") != "direct"}
    for message in messages:
        blocks = _blocks(message)
        if message.get("role") == "assistant":
            calls = [{"id": b.get("id"), "type": "function",
                      "function": {"name": b.get("name"), "arguments": json.dumps(b.get("input") or {})}}
                     for b in blocks if b.get("type") == "tool_use" and b.get("id") not in inner]
            calls += [{"id": b.get("id"), "type": "function",
                       "function": {"name": PROGRAM_TOOL, "arguments": json.dumps(b.get("input") or {})}}
                      for b in blocks if b.get("type") == "server_tool_use" and b.get("name") == "code_execution"]
            text = "".join(str(b.get("text", "")) for b in blocks if b.get("type") == "text") or None
            if text is not None or calls:
                out.append({"role": "assistant", "content": text, **({"tool_calls": calls} if calls else {})})
            out += [{"role": "tool", "tool_call_id": b.get("tool_use_id"), "content": _program_stdout(b)}
                    for b in blocks if b.get("type") == "code_execution_tool_result"]
            continue
        for block in blocks:
            if block.get("type") == "tool_result" and block.get("tool_use_id") not in inner:
                out.append({"role": "tool", "tool_call_id": block.get("tool_use_id"), "content": _result_text(block)})
        text = "".join(str(b.get("text", "")) for b in blocks if b.get("type") == "text")
        if text:
            out.append({"role": "user", "content": text})
    return out



class AnthropicEndpoint(Endpoint):
    """Answers POST /v1/messages like the real service, from a ScriptedModel."""

    protocol = "Anthropic Messages (POST /v1/messages)"
    request_shape = "MessagesRequest"  # in request_models.py

    def __init__(self, scripted: Any, sandbox: Sandbox | None = None) -> None:
        super().__init__(scripted)
        self.programs = ProgramHost(sandbox) if sandbox else None  # None: no programmatic tool calling

    def serves(self, method: str, path: str) -> bool:
        return method == "POST" and path.rstrip("/").endswith("/v1/messages")

    def check(self, body: dict[str, Any]) -> ProtocolError | None:
        if "max_tokens" not in body:
            return ProtocolError("max_tokens: Field required")
        choice = body.get("tool_choice")
        if choice and not body.get("tools"):
            return ProtocolError("tool_choice may only be specified while providing tools.")
        return protocol_error(body.get("messages") or [])

    def conversation(self, body: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
        choice = body.get("tool_choice") or {}
        parallel = not (isinstance(choice, dict) and choice.get("disable_parallel_tool_use"))
        return as_chat_messages(body.get("messages") or [], body.get("system")), parallel

    def reply(self, turn: ModelTurn, body: dict[str, Any], number: int) -> dict[str, Any]:
        return self._message(body, self._turn_blocks(turn, []), number)

    def _turn_blocks(self, turn: ModelTurn, programs: list[ToolCall]) -> list[dict[str, Any]]:
        content: list[dict[str, Any]] = []
        if turn.content:
            content.append({"type": "text", "text": turn.content})
        content += [{"type": "tool_use", "id": c.id, "name": c.name, "input": arguments_object(c.arguments)}
                    for c in turn.tool_calls if c not in programs]
        content += [{"type": "server_tool_use", "id": c.id, "name": "code_execution", "input": {"code": program_code(c)}}
                    for c in programs]
        return content

    def _message(self, body: dict[str, Any], content: list[dict[str, Any]], number: int) -> dict[str, Any]:
        calls = any(b["type"] == "tool_use" for b in content)
        return {"id": f"msg_offline_{number}", "type": "message", "role": "assistant", "model": self.scripted.name,
                "content": content, "stop_reason": "tool_use" if calls else "end_turn",
                "stop_sequence": None,
                "usage": {"input_tokens": approx_tokens(body.get("messages")), "output_tokens": approx_tokens(content)}}

    async def answer(self, body: dict[str, Any]) -> dict[str, Any]:
        """A model turn; or, while a program runs, its next batch or its output (then the model's turn)."""
        host = self.programs
        if host is None or not any(isinstance(t, dict) and str(t.get("type", "")).startswith("code_execution_")
                                   for t in body.get("tools") or []):
            return await super().answer(body)
        number, history = len(self.requests), body.get("messages") or []
        answered = {str(b.get("tool_use_id")): _result_text(b) for m in history[-1:] for b in _blocks(m)
                    if m.get("role") == "user" and b.get("type") == "tool_result"}
        content = [b for program, calls in await host.resume(answered) for b in self._program_blocks(program, calls)]
        choice = body.get("tool_choice") or {}
        content = await self.program_turns(
            host, content, lambda so_far: as_chat_messages([*history, {"role": "assistant", "content": so_far}],
                                                           body.get("system")),
            not (isinstance(choice, dict) and choice.get("disable_parallel_tool_use")), self._turn_blocks,
            self._program_blocks)
        return self._message(body, content, number)

    def _program_blocks(self, program: str, calls: list[ToolCall] | None) -> list[dict[str, Any]]:
        """A program's next batch as tool_use blocks naming it as caller, or its code_execution_tool_result."""
        if calls:
            return [{"type": "tool_use", "id": c.id, "name": c.name, "input": arguments_object(c.arguments),
                     "caller": {"type": CODE_EXECUTION, "tool_id": program}} for c in calls]
        done = self.programs.finished(program)  # type: ignore[union-attr]
        stdout, stderr = (done.result, "") if done.ok else ("", done.result)
        return [{"type": "code_execution_tool_result", "tool_use_id": program,
                 "content": {"type": "code_execution_result", "stdout": stdout, "stderr": stderr,
                             "return_code": 0 if done.ok else 1, "content": []}}]

    def error_body(self, problem: ProtocolError) -> dict[str, Any]:
        kind = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
                404: "not_found_error", 429: "rate_limit_error"}.get(problem.status, "api_error")
        return {"type": "error", "error": {"type": kind, "message": problem.message},
                "request_id": f"req_offline_{len(self.requests)}"}

    def malformed(self, violation: Violation) -> ProtocolError:
        return anthropic_malformed(violation)

    def unreadable(self, problem: Unreadable) -> ProtocolError:
        return anthropic_unreadable(problem)

    def unknown_route(self, method: str, path: str) -> ProtocolError:
        return ProtocolError(f"{method} {path}: not found. This offline endpoint serves POST /v1/messages only.",
                             status=404)
