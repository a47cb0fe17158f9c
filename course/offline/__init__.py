"""Offline endpoints: each provider's real SDK client, its HTTP answered in-process by a ScriptedModel.

One module per wire protocol (chat, responses, anthropic, gemini), each with its `protocol_error`
validator; `common` holds the request handling they share; `clients` builds the SDK clients.
"""
from .chat import OfflineEndpoint, completion_json, offline_endpoint, offline_openai_client, protocol_error
from .clients import PROTOCOLS, offline_client

__all__ = ["OfflineEndpoint", "PROTOCOLS", "completion_json", "offline_client", "offline_endpoint",
           "offline_openai_client", "protocol_error"]
