"""What every SDK-backed model shares: a client per event loop, one request per turn, readable errors.

The agent keeps its conversation in one neutral shape — Chat Completions messages (`system`,
`user`, `assistant` with `tool_calls`, `tool` with `tool_call_id`) — and each protocol adapter
translates it to its wire format on the way out and the reply back into a `ModelTurn`, as
pydantic-ai's `models/` package does. A tool result whose text starts with "Error:" is a failed
call (`ToolResult.content` writes failures that way); adapters whose protocol has an error flag
(Anthropic's `is_error`, Gemini's `error` key) set it from that.
"""
from __future__ import annotations

import asyncio
import json
import weakref
from typing import Any, Callable

from ..errors import ModelError
from ..i18n import tr
from .scripted import ModelTurn

ERROR_PREFIX = "Error:"


def is_error_result(content: Any) -> bool:
    """True for a tool result that reports a failure (its text starts with "Error:")."""
    return isinstance(content, str) and content.startswith(ERROR_PREFIX)


def arguments_object(arguments: Any) -> dict[str, Any]:
    """A call's arguments as the JSON object Anthropic and Gemini carry (they never send JSON text).

    Raw text that is not a JSON object is kept under "raw_arguments", so the tool's argument
    validation reports it instead of the call silently running with no arguments."""
    if isinstance(arguments, dict):
        return arguments
    try:
        value = json.loads(arguments or "{}")
    except (TypeError, json.JSONDecodeError):
        return {"raw_arguments": arguments}
    return value if isinstance(value, dict) else {"raw_arguments": arguments}


def tool_functions(tools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The `function` part of each Chat Completions tool schema (name, description, parameters)."""
    return [t.get("function", t) for t in tools]


class SDKModel:
    """A Model that asks a provider's SDK for the next step; subclasses speak one protocol."""

    protocol = "?"                         # "chat" | "responses" | "anthropic" | "gemini"
    protocol_name = "?"                    # for notes and errors: "OpenAI Chat Completions", …
    one_call_switch: str | None = None     # how the protocol asks for one call per turn; None: it cannot

    def __init__(self, client: Any = None, *, model: str | None = None,
                 client_factory: Callable[[], Any] | None = None) -> None:
        from .live import live_client_factory, provider_for

        if client is None and client_factory is None:
            client_factory = live_client_factory(self.protocol)  # the SDK's default client, from the environment
        self._client, self._factory = client, client_factory
        self._clients: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any]" = weakref.WeakKeyDictionary()
        self.model = model or provider_for(self.protocol).default_model
        self.last_usage: dict[str, int] | None = None

    @property
    def client(self) -> Any:
        """The client for the running loop (a live client's connections belong to one loop)."""
        if self._client is not None:
            return self._client
        loop = asyncio.get_running_loop()
        if loop not in self._clients:
            assert self._factory is not None
            self._clients[loop] = self._factory()
        return self._clients[loop]

    async def respond(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                      parallel_tool_calls: bool = True) -> ModelTurn:
        """One request in this protocol; any SDK or network failure becomes one readable ModelError."""
        from .errors import explain

        try:
            return await self.request(messages, tools, parallel_tool_calls)
        except ModelError:
            raise
        except Exception as exc:  # every SDK has its own classes; `explain` knows them all
            raise ModelError(tr(explain(exc, self))) from None

    async def request(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                      parallel_tool_calls: bool) -> ModelTurn:
        """Send the conversation in this protocol and read the reply (subclasses)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.model} ({self.protocol_name})>"
