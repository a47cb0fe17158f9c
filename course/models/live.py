"""Which model a notebook talks to: a provider's live model when its key is set, else the offline one.

`chat_model(scripted, protocol=...)` is the one call lessons make. It reads only whether a key
variable is set (never its value), announces which way it went in one line, and returns a
Model the Agent runs unchanged: the live adapter over the provider's SDK, or the same adapter
over that SDK's real client answered in-process by the offline endpoint playing `scripted`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

from ..i18n import tr
from .scripted import ScriptedModel


@dataclass(frozen=True)
class Provider:
    """One wire protocol: who serves it, which variables configure it, its current default model."""

    protocol: str
    title: str
    key_vars: tuple[str, ...]
    model_var: str
    default_model: str
    base_url_var: str | None = None


# Default models read off each SDK's own model list (late 2026): current, not on a shutdown list.
PROVIDERS: dict[str, Provider] = {
    "chat": Provider("chat", "OpenAI Chat Completions", ("OPENAI_API_KEY",), "OPENAI_MODEL", "gpt-5.4-mini",
                     "OPENAI_BASE_URL"),
    "responses": Provider("responses", "OpenAI Responses", ("OPENAI_API_KEY",), "OPENAI_MODEL", "gpt-5.4-mini",
                          "OPENAI_BASE_URL"),
    "anthropic": Provider("anthropic", "Anthropic Messages", ("ANTHROPIC_API_KEY",), "ANTHROPIC_MODEL",
                          "claude-haiku-5-5", "ANTHROPIC_BASE_URL"),
    "gemini": Provider("gemini", "Google Gemini", ("GEMINI_API_KEY", "GOOGLE_API_KEY"), "GEMINI_MODEL",
                       "gemini-3.8-flash"),
}
LIVE_VARIABLES = tuple(dict.fromkeys(v for p in PROVIDERS.values()
                                     for v in (*p.key_vars, p.model_var, p.base_url_var) if v))


def provider_for(protocol: str) -> Provider:
    """The provider of a protocol, or a ValueError naming the four."""
    if protocol not in PROVIDERS:
        raise ValueError(f"Unknown protocol {protocol!r}: use one of {', '.join(map(repr, PROVIDERS))}.")
    return PROVIDERS[protocol]


def live_key_variable(protocol: str) -> str | None:
    """The name of the key variable that is set for this protocol (never its value), or None."""
    return next((v for v in provider_for(protocol).key_vars if os.environ.get(v)), None)


def _adapter(protocol: str) -> Callable[..., Any]:
    from .anthropic import AnthropicModel
    from .gemini import GeminiModel
    from .openai_chat import OpenAIModel
    from .openai_responses import ResponsesModel

    return {"chat": OpenAIModel, "responses": ResponsesModel, "anthropic": AnthropicModel,
            "gemini": GeminiModel}[protocol]


def live_model(protocol: str = "chat", model: str | None = None) -> Any:
    """The live adapter for a protocol, its client built from the environment on first use (no request yet)."""
    provider = provider_for(protocol)
    name = model or os.environ.get(provider.model_var) or provider.default_model
    return _adapter(protocol)(model=name, client_factory=live_client_factory(protocol))


def live_client_factory(protocol: str) -> Callable[[], Any]:
    """A function building the provider's default live async client from the environment."""
    if protocol in ("chat", "responses"):
        import openai

        return openai.AsyncOpenAI
    if protocol == "anthropic":
        import anthropic

        return anthropic.AsyncAnthropic
    from google import genai

    return genai.Client


def offline_model(scripted: ScriptedModel, protocol: str = "chat") -> Any:
    """The protocol's adapter over the real SDK client, answered in-process by the endpoint playing `scripted`."""
    from ..offline import offline_client

    return _adapter(protocol)(offline_client(scripted, protocol), model=scripted.name)


def chat_model(scripted: ScriptedModel, *, protocol: str = "chat", model: str | None = None,
               announce: bool = True) -> Any:
    """A live model when that provider's key is set, otherwise the offline endpoint playing `scripted`."""
    provider = provider_for(protocol)
    key = live_key_variable(protocol)
    if key:
        live = live_model(protocol, model)
        if announce:
            where = provider.base_url_var if provider.base_url_var and os.environ.get(provider.base_url_var) \
                else provider.title
            print(tr(f"{key} is set — using the live model {live.model} via {where}."))
        return live
    if announce:
        keys = " or ".join(provider.key_vars)
        offline = "the offline model" if protocol == "chat" else f"the offline {provider.title} endpoint"
        print(tr(f"{keys} is not set — running {offline}; set it to use a live one."))
    return offline_model(scripted, protocol)
