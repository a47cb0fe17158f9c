"""Offline endpoints: each provider's wire protocol answered in-process by a ScriptedModel.

    common.py     Endpoint: request handling every protocol shares; the SDKs' HTTP library, on first use
    shapes.py     a body's bytes decoded robustly; what is wrong with a request (a Violation), before wording
    request_models.py  the pydantic models of the four protocols' requests, built on first use
    chat.py       ChatCompletionsEndpoint (POST /v1/chat/completions) and its protocol_error validator
    responses.py  ResponsesEndpoint (POST /v1/responses)
    anthropic.py  AnthropicEndpoint (POST /v1/messages)
    gemini.py     GeminiEndpoint (generateContent)
    clients.py    the SDKs' real async clients over an endpoint (each SDK imported when called)

Which protocol uses which endpoint is the registry's fact: `course.offline_client(scripted, protocol)`.
"""
from .anthropic import AnthropicEndpoint
from .chat import ChatCompletionsEndpoint, OfflineEndpoint, completion_json, offline_endpoint, offline_openai_client, protocol_error
from .gemini import GeminiEndpoint
from .responses import ResponsesEndpoint

__all__ = ["AnthropicEndpoint", "ChatCompletionsEndpoint", "GeminiEndpoint", "OfflineEndpoint", "ResponsesEndpoint",
           "completion_json", "offline_endpoint", "offline_openai_client", "protocol_error"]
