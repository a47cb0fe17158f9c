"""One conversation, four validators: would each protocol accept this history?"""
from __future__ import annotations

from typing import Any

from ..models.anthropic import anthropic_messages
from . import anthropic as anthropic_rules
from . import chat as chat_rules
from . import gemini as gemini_rules
from . import responses as responses_rules
from .common import endpoint_of

_TOOL = [{"type": "function", "function": {"name": "any_tool", "parameters": {"type": "object"}}}]


def protocol_errors(messages: list[dict[str, Any]], models: dict[str, Any] | None = None) -> dict[str, str | None]:
    """Each protocol's 400 for this (Chat Completions-style) history, or None where it is accepted.

    `models` may give the offline adapters that produced the history (by protocol): then the
    Responses check includes the reasoning items that adapter replays, and the Gemini check the
    thought signatures, exactly as the next request would carry them.
    """
    from ..models.gemini import GeminiModel
    from ..models.openai_responses import ResponsesModel

    models = models or {}
    found: dict[str, str | None] = {}
    chat = chat_rules.protocol_error(messages, _TOOL, {})
    found["chat"] = chat[0] if chat else None
    responses = models.get("responses") or ResponsesModel(client_factory=lambda: None)
    items = responses.input_items(messages)[1]
    pairs = endpoint_of(responses.client).reasoning_pairs if "responses" in models else {}
    found["responses"] = _message(responses_rules.protocol_error(items, pairs))
    found["anthropic"] = _message(anthropic_rules.protocol_error(anthropic_messages(messages)[1]))
    gemini = models.get("gemini") or GeminiModel(client_factory=lambda: None)
    contents = [c.model_dump(mode="json", exclude_none=True) for c in gemini.contents(messages)[1]]
    signatures = endpoint_of(gemini.client).signatures if "gemini" in models else None
    found["gemini"] = _message(gemini_rules.protocol_error(contents, signatures))
    return found


def _message(problem: Any) -> str | None:
    return problem.message if problem else None
