"""The neutral conversation every layer speaks: a model's turn, the Model interface, and small helpers.

The agent keeps its conversation in one shape — Chat Completions messages (`system`, `user`,
`assistant` with `tool_calls`, `tool` with `tool_call_id`) — and each wire adapter in `models/`
translates it on the way out and the reply back into a `ModelTurn`; each offline endpoint in
`offline/` reads its protocol's request back into this shape for the ScriptedModel. This module
imports nothing of the course but `calls`, so both of those layers may depend on it and on
nothing above it (pydantic-ai keeps its neutral message types at the bottom the same way).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from .calls import ToolCall, Undecodable, decode_arguments

ERROR_PREFIX = "Error:"  # a failed call's result text starts with it (ToolResult.content writes it)


@dataclass
class ModelTurn:
    """One model reply: text, and the tool calls it asks for (empty when it is done)."""

    content: str | None = None
    tool_calls: list[ToolCall] = field(default_factory=list)


@runtime_checkable
class Model(Protocol):
    """Anything that answers a conversation with text or tool calls."""

    async def respond(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                      parallel_tool_calls: bool = True) -> ModelTurn:
        """Answer the conversation so far."""
        ...


def conversation_state(messages: list[dict[str, Any]]) -> tuple[set[str], dict[str, str]]:
    """Ids of the calls the assistant has made, and each answered call's result text."""
    delivered: set[str] = set()
    results: dict[str, str] = {}
    for message in messages:
        if message.get("role") == "assistant":
            for call in message.get("tool_calls") or []:
                delivered.add(call["id"])
        elif message.get("role") == "tool":
            results[message["tool_call_id"]] = str(message.get("content", ""))
    return delivered, results


def is_error_result(content: Any) -> bool:
    """True for a tool result that reports a failure (its text starts with "Error:")."""
    return isinstance(content, str) and content.startswith(ERROR_PREFIX)


def arguments_object(arguments: Any) -> dict[str, Any]:
    """A call's arguments as the JSON object Anthropic and Gemini carry (they never send JSON text).

    Raw text that is not a JSON object is kept under "raw_arguments", so the tool's argument
    validation reports it instead of the call silently running with no arguments."""
    if arguments is None:
        return {}
    value = decode_arguments(arguments)
    if isinstance(value, dict):
        return value
    return {"raw_arguments": value.text if isinstance(value, Undecodable) else arguments}


def tool_functions(tools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The `function` part of each Chat Completions tool schema (name, description, parameters)."""
    return [t.get("function", t) for t in tools]


def approx_tokens(value: Any) -> int:
    """A rough token count (4 characters a token), for usage figures and context sizes."""
    return len(json.dumps(value, ensure_ascii=False, default=str)) // 4
