"""OpenAI Chat Completions: the adapter over `openai.AsyncOpenAI().chat.completions`."""
from __future__ import annotations

from typing import Any, Callable

from ..calls import ToolCall
from ..messages import ModelTurn
from .base import SDKModel

_MESSAGE_KEYS = {"role", "content", "name", "tool_calls", "tool_call_id"}


class OpenAIModel(SDKModel):
    """A Model that asks an OpenAI-compatible Chat Completions endpoint for the next step.

    `parallel_tool_calls` is sent from the delivery mode (false for one-at-a-time), except to a
    model that refuses the parameter (OpenAI's o-series answer 400 "Unsupported parameter"): the
    request is sent again without it, and this model then has no one-call switch (one-at-a-time
    keeps the first call of a batch and says so in the trace). Pass a
    client, or a factory: a live client's connection pool belongs to one event loop, so with
    a factory each loop (each `run_sync`) gets a client of its own. Chat Completions is what
    OpenAI-compatible servers (vLLM, llama.cpp, Ollama) speak; OpenAI's own reasoning models
    take function tools on the Responses API (`ResponsesModel`).
    """

    protocol, protocol_name, one_call_switch = "chat", "OpenAI Chat Completions", "parallel_tool_calls=false"

    def __init__(self, client: Any = None, *, model: str | None = None,
                 client_factory: Callable[[], Any] | None = None, temperature: float | None = None) -> None:
        super().__init__(client, model=model, client_factory=client_factory)
        self.temperature = temperature

    async def request(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                      parallel_tool_calls: bool) -> ModelTurn:
        """One Chat Completions request; tool calls come back with their raw JSON arguments."""
        wire = [{k: v for k, v in m.items() if k in _MESSAGE_KEYS} for m in messages]
        request: dict[str, Any] = {"model": self.model, "messages": wire}
        if tools:  # the API refuses parallel_tool_calls when no tools are sent
            request["tools"] = tools
            if self.one_call_switch:
                request["parallel_tool_calls"] = parallel_tool_calls
        if self.temperature is not None:
            request["temperature"] = self.temperature
        try:
            completion = await self.client.chat.completions.create(**request)
        except Exception as exc:
            if "parallel_tool_calls" not in request or not refuses_parallel_switch(exc):
                raise
            self.one_call_switch = None  # for this model: no switch to send, so none to be ignored
            del request["parallel_tool_calls"]
            completion = await self.client.chat.completions.create(**request)
        usage = getattr(completion, "usage", None)
        self.last_usage = ({"prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens}
                           if usage else None)
        message = completion.choices[0].message
        calls = [ToolCall(id=c.id, name=c.function.name, arguments=c.function.arguments or "")
                 for c in (message.tool_calls or []) if getattr(c, "function", None) is not None]
        return ModelTurn(content=message.content, tool_calls=calls)


def refuses_parallel_switch(exc: BaseException) -> bool:
    """True for the 400 a model gives when it does not take `parallel_tool_calls` at all."""
    return getattr(exc, "param", None) == "parallel_tool_calls" and getattr(exc, "code", None) == "unsupported_parameter"
