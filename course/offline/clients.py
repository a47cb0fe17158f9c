"""Each provider's real async SDK client, its HTTP answered in-process by that protocol's endpoint."""
from __future__ import annotations

from typing import Any, Callable

from ..models.scripted import ScriptedModel
from .anthropic import AnthropicEndpoint
from .chat import OFFLINE_BASE_URL, OfflineEndpoint
from .common import OFFLINE_KEY, Endpoint, http, mock_transport
from .gemini import GeminiEndpoint
from .responses import ResponsesEndpoint

PROTOCOLS = ("chat", "responses", "anthropic", "gemini")


def _openai(endpoint: Endpoint) -> Any:
    import openai

    return openai.AsyncOpenAI(api_key=OFFLINE_KEY, base_url=OFFLINE_BASE_URL, max_retries=0,
                              http_client=http.AsyncClient(transport=mock_transport(endpoint)))


def _anthropic(endpoint: Endpoint) -> Any:
    import anthropic

    return anthropic.AsyncAnthropic(api_key=OFFLINE_KEY, base_url="http://offline.invalid", max_retries=0,
                                    http_client=http.AsyncClient(transport=mock_transport(endpoint)))


def _gemini(endpoint: Endpoint) -> Any:
    from google import genai
    from google.genai import types

    options = types.HttpOptions(base_url="http://offline.invalid/", api_version="v1beta",
                                retry_options=types.HttpRetryOptions(attempts=1),
                                httpx_async_client=http.AsyncClient(transport=mock_transport(endpoint)))
    return genai.Client(api_key=OFFLINE_KEY, http_options=options)


_BUILD: dict[str, tuple[type[Endpoint], Callable[[Endpoint], Any]]] = {
    "chat": (OfflineEndpoint, _openai), "responses": (ResponsesEndpoint, _openai),
    "anthropic": (AnthropicEndpoint, _anthropic), "gemini": (GeminiEndpoint, _gemini),
}


def check_protocol(protocol: str) -> str:
    """The protocol name, or a ValueError listing the four."""
    if protocol not in _BUILD:
        raise ValueError(f"Unknown protocol {protocol!r}: use one of {', '.join(map(repr, PROTOCOLS))}.")
    return protocol


def offline_client(scripted: ScriptedModel, protocol: str = "chat") -> Any:
    """The provider's real async SDK client whose HTTP goes to an in-process endpoint playing `scripted`.

    "chat" and "responses" give openai.AsyncOpenAI, "anthropic" anthropic.AsyncAnthropic, "gemini"
    google.genai.Client (use client.aio)."""
    endpoint_class, build = _BUILD[check_protocol(protocol)]
    return build(endpoint_class(scripted))
