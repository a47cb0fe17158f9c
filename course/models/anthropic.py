"""Anthropic Messages: the adapter over `anthropic.AsyncAnthropic().messages`."""
from __future__ import annotations

import json
from typing import Any, Callable

from ..calls import ToolCall
from ..messages import ModelTurn, arguments_object, is_error_result, tool_functions
from .base import SDKModel


def anthropic_messages(messages: list[dict[str, Any]]) -> tuple[str | None, list[dict[str, Any]]]:
    """Chat Completions-style messages as (system, Anthropic messages).

    Every result of one assistant turn goes into ONE user message, first in its content, with
    `is_error` on failures; the user's own text (if any) follows the results.
    """
    system = "\n\n".join(str(m["content"]) for m in messages if m.get("role") == "system") or None
    out: list[dict[str, Any]] = []
    for message in messages:
        role = message.get("role")
        if role == "assistant":
            blocks: list[dict[str, Any]] = []
            if message.get("content"):
                blocks.append({"type": "text", "text": str(message["content"])})
            for call in message.get("tool_calls") or []:
                blocks.append({"type": "tool_use", "id": call["id"], "name": call["function"]["name"],
                               "input": arguments_object(call["function"].get("arguments"))})
            out.append({"role": "assistant", "content": blocks})
        elif role == "tool":
            block: dict[str, Any] = {"type": "tool_result", "tool_use_id": message["tool_call_id"],
                                     "content": str(message.get("content", ""))}
            if is_error_result(block["content"]):
                block["is_error"] = True
            if out and out[-1]["role"] == "user" and isinstance(out[-1]["content"], list) \
                    and all(b.get("type") == "tool_result" for b in out[-1]["content"]):
                out[-1]["content"].append(block)  # all results of a turn in one message
            else:
                out.append({"role": "user", "content": [block]})
        elif role == "user":
            text = {"type": "text", "text": str(message.get("content") or "")}
            if out and out[-1]["role"] == "user":
                out[-1]["content"].append(text)  # after the results, never before them
            else:
                out.append({"role": "user", "content": [text]})
    return system, out



CODE_EXECUTION = {"type": "code_execution_20260120", "name": "code_execution"}  # the tool programs run under


class AnthropicModel(SDKModel):
    """A Model on Anthropic Messages: `tool_use` blocks out, `tool_result` blocks back.

    `programmatic=True` declares the code-execution tool and lets every tool be called from the
    code the model writes there (`allowed_callers`): the model may then answer with a program that
    runs in Anthropic's container and calls the tools itself. Each call it makes comes back as a
    `tool_use` block (its `caller` names the program) for the agent to run; the program's
    `server_tool_use` and `code_execution_tool_result` blocks are replayed with the calls they came with.
    """

    protocol, protocol_name = "anthropic", "Anthropic Messages"
    one_call_switch = 'tool_choice={"type": "auto", "disable_parallel_tool_use": true}'

    def __init__(self, client: Any = None, *, model: str | None = None,
                 client_factory: Callable[[], Any] | None = None, max_tokens: int = 1024,
                 programmatic: bool = False) -> None:
        super().__init__(client, model=model, client_factory=client_factory)
        self.max_tokens = max_tokens
        self.programmatic = programmatic
        self._kept: dict[str, list[dict[str, Any]]] = {}  # call id -> [program blocks before it..., its tool_use]

    async def request(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                      parallel_tool_calls: bool) -> ModelTurn:
        system, wire = anthropic_messages(messages)
        if self._kept:
            self._replay(wire)
        request: dict[str, Any] = {"model": self.model, "max_tokens": self.max_tokens, "messages": wire}
        if system:
            request["system"] = system
        if tools:
            request["tools"] = [{"name": f["name"], "description": f.get("description", ""),
                                 "input_schema": f.get("parameters", {"type": "object"})} for f in tool_functions(tools)]
            if self.programmatic:
                for t in request["tools"]:
                    t["allowed_callers"] = [CODE_EXECUTION["type"]]
                request["tools"].append(dict(CODE_EXECUTION))
            if not parallel_tool_calls:
                request["tool_choice"] = {"type": "auto", "disable_parallel_tool_use": True}
        reply = await self.client.messages.create(**request)
        usage = getattr(reply, "usage", None)
        self.last_usage = ({"prompt_tokens": usage.input_tokens, "completion_tokens": usage.output_tokens}
                           if usage else None)
        calls = [ToolCall(id=b.id, name=b.name, arguments=json.dumps(b.input, ensure_ascii=False))
                 for b in reply.content if b.type == "tool_use"]
        if self.programmatic:
            before: list[dict[str, Any]] = []
            for b in reply.content:
                if b.type in ("server_tool_use", "code_execution_tool_result"):
                    before.append(b.model_dump(exclude_none=True))
                elif b.type == "tool_use":
                    self._kept[b.id] = [*before, b.model_dump(exclude_none=True)]
        text = "".join(b.text for b in reply.content if b.type == "text") or None
        return ModelTurn(content=text, tool_calls=calls)

    def _replay(self, wire: list[dict[str, Any]]) -> None:
        """Put back each call's program blocks, and its `caller`, as the reply held them (each block once)."""
        seen: set[tuple[str, str]] = set()
        for message in wire:
            if message["role"] != "assistant":
                continue
            blocks: list[dict[str, Any]] = []
            for block in message["content"]:
                for kept in self._kept.get(block.get("id", ""), [block]) if block["type"] == "tool_use" else [block]:
                    key = (kept["type"], str(kept.get("id") or kept.get("tool_use_id") or ""))
                    if key[1] and key in seen:
                        continue
                    seen.add(key)
                    blocks.append(kept)
            message["content"] = blocks
