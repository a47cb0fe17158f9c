"""The protocol registry, and the one choice of where a model lives: live when a key is set, else offline.

One entry per wire protocol holds every fact about it — its name and title, the variables that
configure it, its default model, its wire adapter (`models/`), its offline endpoint (`offline/`)
and the builders of its live and offline SDK clients. Everything else reads these entries: the
adapters' default model and error sentences, `offline_client`, `chat_model`, the test suite's
list of variables to clear. The SDKs are imported only when a client is built.

`chat_model(scripted, protocol=...)` is the one call lessons make. It reads only whether a key
variable is set (never its value), announces which way it went in one line, and returns a Model
the Agent runs unchanged: the live adapter over the provider's SDK, or the same adapter over
that SDK's real client answered in-process by the offline endpoint playing `scripted`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

from .i18n import tr
from .models.anthropic import AnthropicModel, anthropic_messages
from .models.base import SDKModel
from .models.errors import explain
from .models.gemini import GeminiModel
from .models.openai_chat import OpenAIModel
from .models.openai_responses import ResponsesModel
from .models.scripted import ScriptedModel
from .offline import anthropic as anthropic_rules
from .offline import chat as chat_rules
from .offline import gemini as gemini_rules
from .offline import responses as responses_rules
from .offline.anthropic import AnthropicEndpoint
from .offline.chat import ChatCompletionsEndpoint
from .offline.clients import anthropic_client, gemini_client, openai_client
from .offline.common import Endpoint, endpoint_of
from .offline.gemini import GeminiEndpoint
from .offline.responses import ResponsesEndpoint


def _openai_live() -> Any:
    import openai

    return openai.AsyncOpenAI()


def _anthropic_live() -> Any:
    import anthropic

    return anthropic.AsyncAnthropic()


def _gemini_live() -> Any:
    from google import genai

    return genai.Client()


@dataclass(frozen=True)
class Protocol:
    """One wire protocol: who serves it, what configures it, and the course's pieces that speak it."""

    name: str                                   # "chat" | "responses" | "anthropic" | "gemini"
    title: str                                  # for sentences: "OpenAI Chat Completions", …
    key_vars: tuple[str, ...]                   # any one of them set → live
    model_var: str                              # chooses the live model
    default_model: str                          # current, not on a shutdown list (read off each SDK, late 2026)
    adapter: type[SDKModel]                     # models/: the neutral conversation ↔ this wire format
    endpoint: type[Endpoint]                    # offline/: answers this protocol in-process
    live_client: Callable[[], Any]              # the SDK's default async client, from the environment
    offline_client: Callable[[Endpoint], Any]   # the SDK's real async client over an offline endpoint
    base_url_var: str | None = None             # points the live client at another server

    @property
    def variables(self) -> tuple[str, ...]:
        """Every environment variable this protocol reads."""
        return tuple(v for v in (*self.key_vars, self.model_var, self.base_url_var) if v)


PROTOCOLS: dict[str, Protocol] = {p.name: p for p in (
    Protocol("chat", "OpenAI Chat Completions", ("OPENAI_API_KEY",), "OPENAI_MODEL", "gpt-5.4-mini",
             OpenAIModel, ChatCompletionsEndpoint, _openai_live, openai_client, "OPENAI_BASE_URL"),
    Protocol("responses", "OpenAI Responses", ("OPENAI_API_KEY",), "OPENAI_MODEL", "gpt-5.4-mini",
             ResponsesModel, ResponsesEndpoint, _openai_live, openai_client, "OPENAI_BASE_URL"),
    Protocol("anthropic", "Anthropic Messages", ("ANTHROPIC_API_KEY",), "ANTHROPIC_MODEL", "claude-haiku-5-5",
             AnthropicModel, AnthropicEndpoint, _anthropic_live, anthropic_client, "ANTHROPIC_BASE_URL"),
    Protocol("gemini", "Google Gemini", ("GEMINI_API_KEY", "GOOGLE_API_KEY"), "GEMINI_MODEL", "gemini-3.8-flash",
             GeminiModel, GeminiEndpoint, _gemini_live, gemini_client),
)}
# Every variable that switches a protocol live or configures it (the test suite clears them all);
# GOOGLE_GENAI_USE_VERTEXAI sends google-genai to Vertex AI instead of the Gemini API.
LIVE_VARIABLES = tuple(dict.fromkeys(v for p in PROTOCOLS.values() for v in p.variables)) + (
    "GOOGLE_GENAI_USE_VERTEXAI",)


def protocol_entry(name: str) -> Protocol:
    """The registry entry of a protocol, or a ValueError naming the four."""
    if name not in PROTOCOLS:
        raise ValueError(f"Unknown protocol {name!r}: use one of {', '.join(map(repr, PROTOCOLS))}.")
    return PROTOCOLS[name]


def explain_failure(exc: BaseException, model: Any) -> str:
    """The sentence a learner reads when `model`'s request failed with `exc` (what to do next, no key shown)."""
    return explain(exc, model, protocol_entry(getattr(model, "protocol", "chat")))


# The adapters are wire-only: their default model and their failure sentences come from here.
SDKModel.registry = staticmethod(protocol_entry)  # type: ignore[assignment]
SDKModel.explain = staticmethod(explain_failure)  # type: ignore[assignment]


def live_key_variable(name: str) -> str | None:
    """The name of the key variable that is set for this protocol (never its value), or None."""
    return next((v for v in protocol_entry(name).key_vars if os.environ.get(v)), None)


def live_model(name: str = "chat", model: str | None = None) -> SDKModel:
    """The live adapter for a protocol, its client built from the environment on first use (no request yet)."""
    entry = protocol_entry(name)
    chosen = model or os.environ.get(entry.model_var) or entry.default_model
    return entry.adapter(model=chosen, client_factory=entry.live_client)


def offline_client(scripted: ScriptedModel, protocol: str = "chat") -> Any:
    """The provider's real async SDK client whose HTTP goes to an in-process endpoint playing `scripted`.

    "chat" and "responses" give openai.AsyncOpenAI, "anthropic" anthropic.AsyncAnthropic, "gemini"
    google.genai.Client (use client.aio)."""
    entry = protocol_entry(protocol)
    return entry.offline_client(entry.endpoint(scripted))


def offline_model(scripted: ScriptedModel, protocol: str = "chat") -> SDKModel:
    """The protocol's adapter over the real SDK client, answered in-process by the endpoint playing `scripted`."""
    entry = protocol_entry(protocol)
    return entry.adapter(entry.offline_client(entry.endpoint(scripted)), model=scripted.name)


def chat_model(scripted: ScriptedModel, *, protocol: str = "chat", model: str | None = None,
               announce: bool = True) -> SDKModel:
    """A live model when that provider's key is set, otherwise the offline endpoint playing `scripted`."""
    entry = protocol_entry(protocol)
    key = live_key_variable(protocol)
    if key:
        live = live_model(protocol, model)
        if announce:
            where = entry.base_url_var if entry.base_url_var and os.environ.get(entry.base_url_var) else entry.title
            print(tr(f"{key} is set — using the live model {live.model} via {where}."))
        return live
    if announce:
        keys = " or ".join(entry.key_vars)
        offline = "the offline model" if protocol == "chat" else f"the offline {entry.title} endpoint"
        print(tr(f"{keys} is not set — running {offline}; set it to use a live one."))
    return offline_model(scripted, protocol)


# ---- one conversation, four validators ----------------------------------------------------------
_ANY_TOOL = [{"type": "function", "function": {"name": "any_tool", "parameters": {"type": "object"}}}]


def protocol_errors(messages: list[dict[str, Any]], models: dict[str, Any] | None = None) -> dict[str, str | None]:
    """Each protocol's 400 for this (Chat Completions-style) history, or None where it is accepted.

    `models` may give the offline adapters that produced the history (by protocol): then the
    Responses check includes the reasoning items that adapter replays, and the Gemini check the
    thought signatures, exactly as the next request would carry them.
    """
    models = models or {}
    found: dict[str, str | None] = {}
    chat = chat_rules.protocol_error(messages, _ANY_TOOL, {})
    found["chat"] = chat[0] if chat else None
    responses = models.get("responses") or ResponsesModel(model="validator", client_factory=lambda: None)
    items = responses.input_items(messages)[1]
    pairs = endpoint_of(responses.client).reasoning_pairs if "responses" in models else {}
    found["responses"] = _message(responses_rules.protocol_error(items, pairs))
    found["anthropic"] = _message(anthropic_rules.protocol_error(anthropic_messages(messages)[1]))
    gemini = models.get("gemini") or GeminiModel(model="validator", client_factory=lambda: None)
    contents = [c.model_dump(mode="json", exclude_none=True) for c in gemini.contents(messages)[1]]
    signatures = endpoint_of(gemini.client).signatures if "gemini" in models else None
    found["gemini"] = _message(gemini_rules.protocol_error(contents, signatures))
    return found


def _message(problem: Any) -> str | None:
    return problem.message if problem else None
