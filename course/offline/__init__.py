"""Offline endpoints: each provider's real SDK client, its HTTP answered in-process by a ScriptedModel."""
from .chat import OfflineEndpoint, completion_json, offline_endpoint, offline_openai_client, protocol_error

__all__ = ["OfflineEndpoint", "completion_json", "offline_endpoint", "offline_openai_client", "protocol_error"]
