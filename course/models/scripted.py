"""ScriptedModel: a model that plays a plan of batches offline, on the clock (the course's test model)."""
from __future__ import annotations

import asyncio
from typing import Any, Callable, Sequence

from ..calls import ToolCall
from ..messages import Model, ModelTurn, conversation_state  # noqa: F401  (Model, ModelTurn: old import path)

Batch = Sequence[ToolCall]
PlanStep = Batch | Callable[[dict[str, str]], "Batch | None"]


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
