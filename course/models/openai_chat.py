"""The OpenAI path: an adapter over the real `openai` client, live or against the offline endpoint."""
from __future__ import annotations

import asyncio
import os
import weakref
from typing import Any, Callable

import openai

from ..calls import ToolCall
from ..errors import ModelError
from .scripted import ModelTurn, ScriptedModel

DEFAULT_LIVE_MODEL = "gpt-4.1-mini"
ClientFactory = Callable[[], "openai.AsyncOpenAI"]


class OpenAIModel:
    """A Model that asks an OpenAI-compatible Chat Completions endpoint for the next step.

    `parallel_tool_calls` is sent from the delivery mode (false for one-at-a-time). Pass a
    client, or a factory: a live client's connection pool belongs to one event loop, so with
    a factory each loop (each `run_sync`) gets a client of its own.
    """

    def __init__(self, client: "openai.AsyncOpenAI | None" = None, *, model: str = DEFAULT_LIVE_MODEL,
                 client_factory: ClientFactory | None = None, temperature: float | None = 0.0) -> None:
        if client is None and client_factory is None:
            client_factory = openai.AsyncOpenAI
        self._client, self._factory = client, client_factory
        self._clients: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, openai.AsyncOpenAI]" = (
            weakref.WeakKeyDictionary())
        self.model = model
        self.temperature = temperature
        self.last_usage: dict[str, int] | None = None

    @property
    def client(self) -> "openai.AsyncOpenAI":
        """The client for the running loop."""
        if self._client is not None:
            return self._client
        loop = asyncio.get_running_loop()
        if loop not in self._clients:
            assert self._factory is not None
            self._clients[loop] = self._factory()
        return self._clients[loop]

    async def respond(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                      parallel_tool_calls: bool = True) -> ModelTurn:
        """One Chat Completions request; tool calls come back with their raw JSON arguments."""
        request: dict[str, Any] = {"model": self.model, "messages": messages}
        if tools:  # the API refuses parallel_tool_calls when no tools are sent
            request.update(tools=tools, parallel_tool_calls=parallel_tool_calls)
        if self.temperature is not None:
            request["temperature"] = self.temperature
        try:
            completion = await self.client.chat.completions.create(**request)
        except openai.APIError as exc:
            raise ModelError(explain_api_error(exc, self.model)) from None
        usage = getattr(completion, "usage", None)
        self.last_usage = ({"prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens}
                           if usage else None)
        message = completion.choices[0].message
        calls = [ToolCall(id=c.id, name=c.function.name, arguments=c.function.arguments or "")
                 for c in (message.tool_calls or []) if getattr(c, "function", None) is not None]
        return ModelTurn(content=message.content, tool_calls=calls)

    def __repr__(self) -> str:
        return f"<OpenAIModel {self.model}>"


def explain_api_error(exc: Exception, model: str) -> str:
    """One readable sentence for an API failure, saying what to do next."""
    if isinstance(exc, openai.AuthenticationError):
        return ("The API key was rejected (HTTP 401). Check OPENAI_API_KEY, or unset it to use the "
                "offline model.")
    if isinstance(exc, openai.PermissionDeniedError):
        return ("This key may not use this model or endpoint (HTTP 403). Check the key's project "
                "permissions, or set OPENAI_MODEL to a model it may use.")
    if isinstance(exc, openai.NotFoundError):
        return (f"The model {model!r} was not found (HTTP 404): it may be retired or not offered by "
                "this server. Set OPENAI_MODEL to a model your key lists.")
    if isinstance(exc, openai.RateLimitError):
        return ("Rate limited or out of quota (HTTP 429). Wait a minute and run the cell again, or "
                "unset OPENAI_API_KEY to use the offline model.")
    if isinstance(exc, openai.APITimeoutError):
        return "The request timed out. Check your network, then run the cell again."
    if isinstance(exc, openai.APIConnectionError):
        return ("Could not reach the model server. Check your network and OPENAI_BASE_URL, or unset "
                "OPENAI_API_KEY to use the offline model.")
    if isinstance(exc, openai.APIStatusError):
        body = exc.body if isinstance(exc.body, dict) else {}
        detail = body.get("message") or (body.get("error") or {}).get("message") if body else None
        return f"The server refused the request (HTTP {exc.status_code}): {detail or exc.message}"
    return f"The model request failed: {exc}"


def chat_model(scripted: ScriptedModel, *, model: str | None = None, announce: bool = True) -> OpenAIModel:
    """A live model when OPENAI_API_KEY is set, otherwise the offline endpoint playing `scripted`."""
    from ..offline import offline_openai_client

    if os.environ.get("OPENAI_API_KEY"):
        name = model or os.environ.get("OPENAI_MODEL") or DEFAULT_LIVE_MODEL
        if announce:
            where = "OPENAI_BASE_URL" if os.environ.get("OPENAI_BASE_URL") else "the OpenAI API"
            print(f"OPENAI_API_KEY is set — using the live model {name} via {where}.")
        return OpenAIModel(model=name, client_factory=openai.AsyncOpenAI)
    if announce:
        print("OPENAI_API_KEY is not set — running the offline model; set it to use a live one.")
    return OpenAIModel(offline_openai_client(scripted), model=scripted.name)
