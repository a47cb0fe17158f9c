"""Models: what the agent asks for its next step. ScriptedModel plays a plan offline."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol, Sequence, runtime_checkable

from ..calls import ToolCall

Batch = Sequence[ToolCall]
PlanStep = Batch | Callable[[dict[str, str]], "Batch | None"]


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


class ScriptedModel:
    """A model that follows a plan of batches, turn by turn, on the clock.

    Each plan step is a list of ToolCalls, or a function of the results so far (call id → text)
    that returns one, so a scripted model can "decide" from what it has seen. Asked for one call
    per turn (parallel_tool_calls=False), it delivers the same calls one per turn. It is
    stateless: the conversation itself says which calls were already made, so one instance can
    serve many runs (and the offline OpenAI endpoint).
    """

    def __init__(self, plan: Sequence[PlanStep], final: str | Callable[[dict[str, str]], str] = "done",
                 latency: float = 0.5, obeys_parallel_flag: bool = True, name: str = "scripted-model") -> None:
        self.plan = list(plan)
        self.final = final
        self.latency = latency
        self.obeys_parallel_flag = obeys_parallel_flag
        self.name = name

    def next_turn(self, messages: list[dict[str, Any]], parallel_tool_calls: bool = True) -> ModelTurn:
        """The reply to this conversation, without waiting (the latency is charged by respond)."""
        delivered, results = conversation_state(messages)
        for step in self.plan:
            batch = step(results) if callable(step) else step
            pending = [c for c in (batch or []) if c.id not in delivered]
            if pending:
                if not parallel_tool_calls and self.obeys_parallel_flag:
                    pending = pending[:1]
                return ModelTurn(content=None, tool_calls=list(pending))
        final = self.final(results) if callable(self.final) else self.final
        return ModelTurn(content=final, tool_calls=[])

    async def respond(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                      parallel_tool_calls: bool = True) -> ModelTurn:
        """Wait the model's latency (virtual or real), then answer from the plan."""
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        return self.next_turn(messages, parallel_tool_calls)

    def __repr__(self) -> str:
        return f"<ScriptedModel {len(self.plan)} steps, latency={self.latency:g}s>"
