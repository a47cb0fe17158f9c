"""Each provider's real async SDK client, its HTTP answered in-process by an offline endpoint.

One builder per SDK; each imports its SDK when called, so `import course` loads none of them.
Which protocol uses which endpoint and builder is the registry's fact (`course.protocols`).
"""
from __future__ import annotations

from typing import Any

from .common import OFFLINE_KEY, Endpoint, mock_transport, sdk_http

OFFLINE_BASE_URL = "http://offline.invalid/v1"


def _http_client(endpoint: Endpoint) -> Any:
    return sdk_http().AsyncClient(transport=mock_transport(endpoint))


def openai_client(endpoint: Endpoint) -> Any:
    """openai.AsyncOpenAI over `endpoint` (Chat Completions and Responses)."""
    import openai

    return openai.AsyncOpenAI(api_key=OFFLINE_KEY, base_url=OFFLINE_BASE_URL, max_retries=0,
                              http_client=_http_client(endpoint))


def anthropic_client(endpoint: Endpoint) -> Any:
    """anthropic.AsyncAnthropic over `endpoint`."""
    import anthropic

    return anthropic.AsyncAnthropic(api_key=OFFLINE_KEY, base_url="http://offline.invalid", max_retries=0,
                                    http_client=_http_client(endpoint))


def gemini_client(endpoint: Endpoint) -> Any:
    """google.genai.Client over `endpoint` (use client.aio)."""
    from google import genai
    from google.genai import types

    options = types.HttpOptions(base_url="http://offline.invalid/", api_version="v1beta",
                                retry_options=types.HttpRetryOptions(attempts=1),
                                httpx_async_client=_http_client(endpoint))
    return genai.Client(api_key=OFFLINE_KEY, http_options=options)
