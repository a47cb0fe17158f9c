"""What every SDK-backed model shares: a client per event loop, one request per turn, readable errors.

The agent keeps its conversation in one neutral shape (`course.messages`), and each protocol
adapter translates it to its wire format on the way out and the reply back into a `ModelTurn`,
as pydantic-ai's `models/` package does. Adapters are wire-only: which key variable, which
default model and which sentence a failure becomes are the registry's facts (`course.protocols`),
which installs them here, so this layer never imports the one above it.
"""
from __future__ import annotations

import asyncio
import weakref
from typing import Any, Callable, ClassVar

from ..errors import ModelError
from ..i18n import tr
from ..messages import ModelTurn


def _no_registry(protocol: str) -> Any:
    raise RuntimeError("course.protocols is not imported; import course first")


class SDKModel:
    """A Model that asks a provider's SDK for the next step; subclasses speak one protocol."""

    protocol = "?"                         # "chat" | "responses" | "anthropic" | "gemini"
    protocol_name = "?"                    # for notes and errors: "OpenAI Chat Completions", …
    one_call_switch: str | None = None     # how the protocol asks for one call per turn; None: it cannot
    # Installed by course.protocols: the registry entry of a protocol (its default model, its live client)
    # and the sentence a failed request becomes.
    registry: ClassVar[Callable[[str], Any]] = staticmethod(_no_registry)  # type: ignore[assignment]
    explain: ClassVar[Callable[[BaseException, Any], str]] = staticmethod(  # type: ignore[assignment]
        lambda exc, model: f"{type(exc).__name__}: {exc}")

    def __init__(self, client: Any = None, *, model: str | None = None,
                 client_factory: Callable[[], Any] | None = None) -> None:
        if client is None and client_factory is None:  # the SDK's default client, from the environment
            client_factory = self.registry(self.protocol).live_client
        self._client, self._factory = client, client_factory
        self._clients: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any]" = weakref.WeakKeyDictionary()
        self.model = model or self.registry(self.protocol).default_model
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
        try:
            return await self.request(messages, tools, parallel_tool_calls)
        except ModelError:
            raise
        except Exception as exc:  # every SDK has its own classes; the registry's `explain` knows them all
            raise ModelError(tr(self.explain(exc, self))) from None

    async def request(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]],
                      parallel_tool_calls: bool) -> ModelTurn:
        """Send the conversation in this protocol and read the reply (subclasses)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.model} ({self.protocol_name})>"
